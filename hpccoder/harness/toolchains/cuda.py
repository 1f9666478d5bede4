"""The `cuda` execution model: the candidate writes a __global__ kernel, the driver launches it.

Built with nvcc everywhere (cubins for sm_80 and sm_90 plus compute_90 PTX, uncompressed so
that fatbin.py can read them); run only where a GPU is found (libcuda, cuInit and a device of
compute capability 8.0 or more, probed in a subprocess once per process). Without one, samples
are built, checked for device code, and marked `not_run`.

The driver side is evalsuite/cpp/common/hpccoder_cuda.cuh; the launch configuration comes from
the `cuda:` block of problem.yaml (docs/new_problem.md).
"""

from __future__ import annotations

import ast
import functools
import glob
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from hpccoder.errors import HpcError
from hpccoder.harness.fatbin import device_code, entry_writes_memory
from hpccoder.harness.toolchains.base import Toolchain, tool_version

ARCHS = (80, 90)  # cubins; PTX for the newest, so later GPUs can JIT it
GENCODE = tuple(f"-gencode=arch=compute_{a},code=sm_{a}" for a in ARCHS) + (
    f"-gencode=arch=compute_{ARCHS[-1]},code=compute_{ARCHS[-1]}",)
MIN_CAPABILITY = 8.0
DEVICE_ENV = ("CUDA_VISIBLE_DEVICES", "CUDA_DEVICE_ORDER")  # which GPUs a run may use: passed into the sandbox

# Runs in a subprocess: a driver that hangs or crashes cannot take the harness with it.
_PROBE = r"""
import ctypes, json
out = {"devices": []}
try:
    lib = ctypes.CDLL("libcuda.so.1")
except OSError as exc:
    print(json.dumps({"error": "no NVIDIA driver (libcuda.so.1 cannot be loaded)"})); raise SystemExit
def name(rc):
    s = ctypes.c_char_p()
    lib.cuGetErrorName(rc, ctypes.byref(s))
    return (s.value or b"error %d" % rc).decode()
rc = lib.cuInit(0)
if rc:
    print(json.dumps({"error": "the NVIDIA driver finds no usable GPU (cuInit: %s)" % name(rc)})); raise SystemExit
version = ctypes.c_int()
if lib.cuDriverGetVersion(ctypes.byref(version)) == 0:
    out["driver_cuda"] = version.value  # the newest CUDA the driver runs, 1000 * major + 10 * minor
count = ctypes.c_int()
lib.cuDeviceGetCount(ctypes.byref(count))
for i in range(count.value):
    dev, major, minor = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    buf = ctypes.create_string_buffer(256)
    lib.cuDeviceGet(ctypes.byref(dev), i)
    lib.cuDeviceGetName(buf, 256, dev)
    lib.cuDeviceGetAttribute(ctypes.byref(major), 75, dev)  # compute capability major
    lib.cuDeviceGetAttribute(ctypes.byref(minor), 76, dev)  # and minor
    out["devices"].append({"name": buf.value.decode(), "capability": "%d.%d" % (major.value, minor.value)})
out["maps"] = [ln for ln in open("/proc/self/maps") if "/libcuda.so" in ln][:1]  # where the driver lies
print(json.dumps(out))
"""


@functools.lru_cache(maxsize=1)
def probe_gpus() -> dict:
    """{"devices": [{"name", "capability"}, ...], "libcuda": path} or {"error": why}, read from the
    NVIDIA driver once per process (whether a run can happen, and what its sandbox must show)."""
    try:
        out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60)
        found = json.loads(out.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, json.JSONDecodeError, IndexError, OSError) as exc:
        return {"error": f"probing the NVIDIA driver failed ({type(exc).__name__})"}
    lib = libcuda_path(found.pop("maps", []))
    if lib:
        found["libcuda"] = lib
    return found


def libcuda_path(maps_lines: list[str]) -> str | None:
    """The driver library's file, from lines of /proc/self/maps of a process that loaded it."""
    for line in maps_lines:
        fields = line.split(None, 5)
        if len(fields) == 6 and "/libcuda.so" in fields[5]:
            return fields[5].strip()
    return None


def driver_too_old(driver_cuda: int | None, nvcc_version: str | None) -> str | None:
    """Why programs nvcc builds cannot run on this driver, or None. A driver runs programs of its own CUDA
    major version and older ones (minor version compatibility): one of an older major version fails every
    CUDA call of a newer toolkit's programs with cudaErrorInsufficientDriver, which the driver of a run could
    only report as `not_run`, sample after sample."""
    m = re.search(r"release (\d+)\.(\d+)", nvcc_version or "")
    if not driver_cuda or not m:
        return None
    major, minor = driver_cuda // 1000, driver_cuda % 1000 // 10
    if major >= int(m.group(1)):
        return None
    return (f"the NVIDIA driver runs CUDA {major}.{minor} programs at most, and nvcc here is CUDA "
            f"{m.group(1)}.{m.group(2)} (every CUDA call would fail with cudaErrorInsufficientDriver): install "
            f"a driver for CUDA {m.group(1)} or put an nvcc of CUDA {major} on PATH")


def launch_text(spec: dict) -> str:
    """How the driver launches the kernel, in the prompt's words."""
    grid, block = spec["grid"], spec["block"]
    if len(block) == 1:
        return (f"a 1-D grid of {grid[0]} blocks of {block[0]} threads (gridDim.x = {grid[0]}, "
                f"blockDim.x = {block[0]})")
    dims = "xyz"[:len(block)]
    return (f"a {len(block)}-D grid of {' x '.join(grid)} blocks of {' x '.join(map(str, block))} threads ("
            + ", ".join(f"gridDim.{d} = {g}" for d, g in zip(dims, grid)) + ", "
            + ", ".join(f"blockDim.{d} = {b}" for d, b in zip(dims, block)) + ")")


_EXPR_NODES = (ast.Expression, ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Name, ast.Load, ast.Constant,
               ast.Call)


def grid_names(expr: str) -> set[str]:
    """The names a grid expression uses; ValueError if it is not one the driver can evaluate."""
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        raise ValueError(f"grid expression '{expr}' does not parse") from None
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, _EXPR_NODES) or (isinstance(node, ast.Constant) and not isinstance(node.value, int)):
            raise ValueError(f"grid expression '{expr}': only numbers, names, + - * /, ceil, min and max")
        if isinstance(node, ast.Call):
            fn = getattr(node.func, "id", "")
            if fn not in ("ceil", "min", "max") or len(node.args) != (1 if fn == "ceil" else 2) or node.keywords:
                raise ValueError(f"grid expression '{expr}': ceil(e), min(a, b) and max(a, b) are the functions")
        elif isinstance(node, ast.Name) and node.id not in ("ceil", "min", "max"):
            names.add(node.id)
    return names


class CUDA(Toolchain):
    name = "cuda"
    ref_file = "cuda.cu"
    compiler = "nvcc"
    compile_flags = ("-O3", "-std=c++17", *GENCODE, "--no-compress", "-x", "cu")
    link_flags = ()
    hardening = ("-Xlinker", "-z,relro,-z,now")  # full RELRO (Toolchain.hardening), through nvcc
    defines = ("-DHPCCODER_CUDA",)
    headers = ("cuda_runtime.h",)
    packages = "nvidia-cuda-toolkit (or NVIDIA's CUDA toolkit, with nvcc on PATH)"
    where_not_run = ("--cuda-emulate (evaluate, run, suite validate) checks correctness on a CPU emulation of CUDA "
                     "(g++; marked emulated, no timings)")
    links_reference = True  # the driver also times the CUDA reference kernel, linked as <entry>__hpcref_gpu

    def cannot_run(self) -> str | None:
        found = probe_gpus()
        if "error" in found:
            return f"CUDA builds here but cannot run: {found['error']}"
        too_old = driver_too_old(found.get("driver_cuda"), tool_version(self.compiler))
        if too_old:
            return f"CUDA builds here but cannot run: {too_old}"
        devices = found["devices"]
        if not devices or float(devices[0]["capability"]) < MIN_CAPABILITY:  # the driver runs on device 0
            seen = ", ".join(f"{d['name']} (compute capability {d['capability']})" for d in devices)
            other = (" (device 0 is the one a run uses: name a newer one first in CUDA_VISIBLE_DEVICES)"
                     if any(float(d["capability"]) >= MIN_CAPABILITY for d in devices) else "")
            return (f"CUDA builds here but cannot run: {seen or 'no CUDA device'}; the builds target "
                    f"sm_{ARCHS[0]} and newer{other}")
        return None

    def sandbox_options(self) -> dict:
        # The GPU's device nodes inside the sandbox; no address-space limit, because the CUDA
        # runtime reserves far more virtual memory than it uses (cgroups still cap the memory);
        # the driver library's folder, which containers often keep outside the system folders
        # (/usr/local/nvidia/lib64, found through LD_LIBRARY_PATH that the sandbox does not pass on).
        libcuda = probe_gpus().get("libcuda")
        return {"dev_binds": tuple(sorted(glob.glob("/dev/nvidia*"))), "address_limit": False,
                "lib_dirs": (str(Path(libcuda).parent),) if libcuda else ()}

    def compile_cmd(self, source, obj, include=(), driver=False):
        cmd = super().compile_cmd(source, obj, include, driver)
        if driver:  # the driver has no device code: one virtual target instead of three saves a third of its build
            first = cmd.index(GENCODE[0])
            cmd[first:first + len(GENCODE)] = [f"-gencode=arch=compute_{ARCHS[0]},code=compute_{ARCHS[0]}"]
        return cmd

    def launch(self, program, res):
        argv, env = super().launch(program, res)
        if os.environ.get("LD_LIBRARY_PATH"):  # where some machines keep libcuda (/usr/local/nvidia/lib64, ...)
            env["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
        # the GPU this process was given (a Slurm job's, a MIG instance), which the probe saw: without them a run
        # takes device 0 of all those the sandbox shows, another job's on a shared node
        for name in DEVICE_ENV:
            if name in os.environ:
                env[name] = os.environ[name]
        return argv, env

    def object_violation(self, obj: Path, entry_symbols: set[str]) -> str | None:
        """Host code instead of a kernel, or a kernel that writes nothing, rejected from the object alone."""
        from hpccoder.harness.build import _defined_functions

        hijacked = sorted(s for s in _defined_functions(obj) if re.match(r"_*cu(da)?[A-Z_]", s))
        if hijacked:  # the driver's launches and copies go through these: a candidate may not replace them
            return f"defines CUDA runtime or driver functions ({', '.join(hijacked[:3])})"
        code = device_code(obj)
        if code.compressed:
            return "its device code is compressed and cannot be inspected"
        for sym in sorted(entry_symbols):
            missing = [sm for sm in ARCHS if not code.cubins.get(sm, {}).get(sym)]
            if missing:
                return ("the entry is not a __global__ kernel with device code (no kernel "
                        f"{sym} for sm_{missing[0]}): the work must be done on the GPU, in the kernel")
        if not any(entry_writes_memory(p, entry_symbols) for p in code.ptx.values()):
            return "the kernel writes nothing to memory (no global store or atomic in its PTX, nor in the device " \
                   "functions it calls)"
        return None

    def smoke_program(self) -> str:
        return ('#include <cstdio>\n__global__ void twice(int *v) { v[threadIdx.x] *= 2; }\n'
                'int main() { int h[32], *d, ok = 1; for (int i = 0; i < 32; ++i) h[i] = i;\n'
                '  if (cudaMalloc(&d, sizeof h) != cudaSuccess) return 1;\n'
                '  cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice); twice<<<1, 32>>>(d);\n'
                '  if (cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost) != cudaSuccess) return 1;\n'
                '  for (int i = 0; i < 32; ++i) ok &= h[i] == 2 * i;\n'
                '  if (ok) std::puts("hpccoder-ok"); return 0; }\n')

    # -- the prompt and the driver's launch configuration ---------------------------------------------
    @staticmethod
    def _interface(problem) -> dict:
        spec = problem.spec.get("cuda")
        if not isinstance(spec, dict) or not all(k in spec for k in ("signature", "block", "grid")):
            raise HpcError(f"{problem.path / 'problem.yaml'}: cuda is in models but its cuda: block (signature, "
                           "block, grid) is missing or incomplete; see docs/new_problem.md")
        return spec

    def prompt_vars(self, problem) -> dict:
        spec = self._interface(problem)
        description = spec.get("description", problem.spec["description"]).rstrip()
        if spec.get("notes"):
            description += "\n" + spec["notes"].rstrip()
        out = {"description": description, "launch": launch_text(spec)}
        if "example" in spec:
            out["example"] = spec["example"]
        return out

    def run_args(self, problem) -> list[str]:
        spec = self._interface(problem)
        return ["--block", ",".join(map(str, spec["block"])), "--grid", ";".join(spec["grid"])]

    def interface_errors(self, problem) -> list[str]:
        """What the schema cannot check of the `cuda:` block: the kernel's name, the grid's names."""
        spec, where = problem.spec.get("cuda"), problem.path / "problem.yaml"
        if not isinstance(spec, dict) or not isinstance(spec.get("signature"), str):
            return [f"{where}: cuda is in models but there is no cuda: block with a signature"]
        errors = []
        sig = spec["signature"]
        if not sig.lstrip().startswith("__global__ void") or f" {problem.entry}(" not in sig:
            errors.append(f"{where}: cuda/signature must be `__global__ void {problem.entry}(...)`")
        params = set(re.findall(r"(\w+)\s*(?=[,)])", sig))
        if len(spec.get("grid", [])) != len(spec.get("block", [])):
            errors.append(f"{where}: cuda/grid and cuda/block must have as many dimensions")
        for expr in spec.get("grid", []):
            try:
                unknown = grid_names(expr) - params
            except ValueError as exc:
                errors.append(f"{where}: cuda/grid: {exc}")
                continue
            if unknown:
                errors.append(f"{where}: cuda/grid '{expr}' uses {', '.join(sorted(unknown))}, "
                              "which the kernel signature does not name")
        threads = 1
        for b in spec.get("block", []):
            threads *= b
        if threads > 1024:
            errors.append(f"{where}: cuda/block has {threads} threads; a block holds at most 1024")
        return errors


TOOLCHAIN = CUDA()
