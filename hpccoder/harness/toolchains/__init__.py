"""Execution models: one module each, found by name and imported only when asked for.

Adding an execution model is adding one module here (a `TOOLCHAIN` object, see base.py)
and its entry in `_MODULES`, plus the reference kernels under kernels_ref/.
"""

from __future__ import annotations

import importlib

from hpccoder.errors import HpcError
from hpccoder.harness.toolchains.base import Resources, Toolchain, timed

_MODULES = {
    "serial": "hpccoder.harness.toolchains.serial",
    "omp": "hpccoder.harness.toolchains.omp",
    "mpi": "hpccoder.harness.toolchains.mpi",
    "mpi+omp": "hpccoder.harness.toolchains.mpi_omp",
    "cuda": "hpccoder.harness.toolchains.cuda",
    "verilog": "hpccoder.harness.toolchains.verilog",
}

_loaded: dict[str, Toolchain] = {}


def names() -> list[str]:
    return list(_MODULES)


def get(name: str) -> Toolchain:
    if name not in _loaded:
        if name not in _MODULES:
            raise HpcError(f"unknown execution model '{name}'; known: {', '.join(_MODULES)}")
        _loaded[name] = importlib.import_module(_MODULES[name]).TOOLCHAIN
    return _loaded[name]


__all__ = ["Resources", "Toolchain", "get", "names", "timed"]
