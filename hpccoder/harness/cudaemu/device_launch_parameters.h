// hpcemu (CUDA CPU emulation): the CUDA runtime header maps to the emulated runtime.
#pragma once
#include "runtime.hpp"
