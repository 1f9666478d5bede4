"""CUDA without a GPU: the cuda programs built with g++ against a CPU emulation of the CUDA execution model.

For correctness only (`--cuda-emulate`): a cuda sample is first built with nvcc and checked as always
(host-only code and the like are still rejected); where no GPU can run it, the same driver, serial reference
and candidate are then compiled with g++ against runtime.hpp (after rewrite.py) and run in the sandbox. The
result says `"emulated": true`, its message starts with "CPU emulation (no GPU):" and it has no timings.
Where a GPU is found, nothing here is used. See runtime.hpp for what is emulated and how.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path

from hpccoder import paths
from hpccoder.errors import HpcError
from hpccoder.harness import toolchains
from hpccoder.harness.build import LOG_CAP, REF_SUFFIX, BuildResult, _harness_symbols, _sha
from hpccoder.harness.cudaemu.rewrite import RewriteError, rewrite
from hpccoder.harness.records import RunRecord
from hpccoder.harness.runner import _failure, _next_event, driver_lines, new_key
from hpccoder.harness.sandbox import SANDBOX_ROOT
from hpccoder.harness.toolchains import Resources
from hpccoder.harness.toolchains.base import tool_version

HERE = Path(__file__).resolve().parent
PREFIX = "CPU emulation (no GPU): "
COMPILER = "g++"
FLAGS = ("-std=c++20", "-O2", "-fno-strict-aliasing", "-pthread")
# the emulated runtime and the CUDA headers that map to it, copied beside every compiled file
RUNTIME_FILES = ("runtime.hpp", "cuda_runtime.h", "cuda_runtime_api.h", "cuda.h", "device_launch_parameters.h",
                 "device_functions.h", "vector_types.h", "cooperative_groups.h")
GPU_REF_SUFFIX = REF_SUFFIX + "_gpu"

__all__ = ["PREFIX", "compile_cmd", "evaluate_sample", "build", "launch", "result_line", "run"]


def compile_cmd(source: str, obj: str, driver: bool = False) -> list[str]:
    return [COMPILER, *FLAGS, *(["-DHPCCODER_CUDA"] if driver else []), "-I.", "-include", "runtime.hpp",
            "-x", "c++", "-c", source, "-o", obj]


def _runtime_inputs() -> dict[str, Path]:
    return {name: HERE / name for name in RUNTIME_FILES}


def _runtime_key() -> str:
    return _sha(*((HERE / name).read_text() for name in RUNTIME_FILES), tool_version(COMPILER) or "")


def _first_error(log: str) -> str:
    return next((ln.strip() for ln in log.splitlines() if "error" in ln), log.strip().splitlines()[-1:] and
                log.strip().splitlines()[-1] or "")


def driver_object(builder, problem) -> Path:
    """The problem's driver (and the common headers), rewritten and compiled against the emulated runtime."""
    common = sorted(p for p in (paths.evalsuite_dir() / "cpp" / "common").iterdir() if p.is_file())
    driver = problem.path / "driver.cpp"
    cmd = compile_cmd("driver.cpp", "driver.o", driver=True)

    def inputs() -> dict[str, Path | str]:
        try:
            return {"driver.cpp": rewrite(driver.read_text()), **{h.name: rewrite(h.read_text()) for h in common},
                    **_runtime_inputs()}
        except RewriteError as exc:
            raise HpcError(f"the driver of {problem.id}: {exc}") from None

    return builder.cached_object(
        "emu-driver", ("emu-driver", driver.read_text(), *(h.name + h.read_text() for h in common), *cmd,
                       _runtime_key()), inputs, cmd, "driver.o",
        lambda log: f"the driver of {problem.id} does not build for the CUDA emulator: {_first_error(log)[:400]}")


def build(builder, task, source: str) -> BuildResult:
    """The emulated program: candidate + driver + serial reference. The CUDA reference kernel, which the
    driver only runs to time it, is not built: its symbols are bound to the candidate's kernel."""
    start = time.monotonic()
    try:
        driver = driver_object(builder, task.problem)
    except HpcError as exc:
        return BuildResult(False, log=str(exc), seconds=time.monotonic() - start)
    reference = builder.reference_object(task.problem)
    try:
        text = rewrite(source)
    except RewriteError as exc:
        return BuildResult(False, log=f"rewrite: {exc}", seconds=time.monotonic() - start)
    step = builder._sandboxed({"candidate.cpp": text, **_runtime_inputs()},
                              [compile_cmd("candidate.cpp", "candidate.o")], ["candidate.o"])
    if not step.ok:
        return BuildResult(False, log=step.log, seconds=time.monotonic() - start, timed_out=step.timed_out)
    cand = step.outputs["candidate.o"]
    entry = task.problem.entry
    ref_prefix = f"_Z{len(entry + GPU_REF_SUFFIX)}{entry}{GPU_REF_SUFFIX}"
    defsyms = [f"-Wl,--defsym,{sym}=_Z{len(entry)}{entry}{sym[len(ref_prefix):]}"
               for sym in sorted(_harness_symbols(str(driver))[0]) if sym.startswith(ref_prefix)]
    objects = {"candidate.o": cand, "driver.o": driver, "reference.o": reference}
    link = builder._sandboxed(objects, [[COMPILER, "-pthread", *objects, *defsyms, "-Wl,-z,relro,-z,now", "-o", "prog"]], ["prog"])
    shutil.rmtree(step.work, ignore_errors=True)
    log = (step.log + link.log)[:LOG_CAP]
    return BuildResult(link.ok, binary=link.outputs.get("prog"), log=log, seconds=time.monotonic() - start,
                       timed_out=link.timed_out)


def launch(program: list[str], timeout: float) -> tuple[list[str], dict[str, str]]:
    """argv and environment of one run of an emulated program within `timeout` seconds (its watchdog ends a kernel
    that never finishes first, with a reason)."""
    argv, env = toolchains.get("cuda").launch(program, Resources())
    env["HPCEMU_WATCHDOG_S"] = f"{max(1.0, 0.75 * timeout):.1f}"
    return argv, env


def result_line(events: list[str], unkeyed: list[str]) -> str | None:
    """The driver's result line: the keyed one, or a failure the emulator reported itself (its fault reports are
    unkeyed; only their failures count, since an unkeyed success could be forged)."""
    failures = [ln for ln in unkeyed if ln.startswith("result ") and '"correct": false' in ln]
    return next((ln for ln in events + failures if ln.startswith("result ")), None)


def run(ev, task, binary: Path, timeout: float) -> RunRecord:
    """One run of the emulated program on every check size (no timing)."""
    res = Resources()
    spec = ev.spec(task, False)
    argv, env = launch(["./prog", *spec.args(), *spec.model_args], timeout)
    binds = ((str(binary), f"{SANDBOX_ROOT}/prog"),)
    key = new_key()
    with ev.lock.shared():
        proc = ev.sandbox.start(argv, None, env, ro_binds=binds)
        proc.send(key + "\n")
        line = _next_event(proc, key, timeout)
    outcome = proc.finish(timeout=2.0 if line else 0.5)
    result = result_line(*driver_lines(outcome.protocol, key))
    if result is None:
        rec = _failure(outcome, res)
        if rec.status == "timeout":
            rec.message += (": a kernel that never finishes (a deadlock, a spin-wait on another block or thread) "
                            "or one far too slow for the emulator")
        return rec
    try:
        data = json.loads(result[len("result "):])
    except json.JSONDecodeError:
        return RunRecord(res, "runtime_error", "the driver's report was garbled (output mixed into it?)",
                         wall_s=outcome.wall_s)
    why = str(data.get("why", ""))
    why = why[len(PREFIX):] if why.startswith(PREFIX) else why
    if data.get("not_run"):
        return RunRecord(res, "runtime_error", f"the emulated program found no device: {data['not_run']}"[:300],
                         wall_s=outcome.wall_s)
    if not data.get("correct") and data.get("status") in ("runtime_error", "timeout"):
        return RunRecord(res, data["status"], why[:500], wall_s=outcome.wall_s)
    if not data.get("correct"):
        return RunRecord(res, "wrong_answer", f"at size {data.get('size')}: {why}"[:500], wall_s=outcome.wall_s)
    return RunRecord(res, "pass", wall_s=outcome.wall_s, device=data.get("device"))


def evaluate_sample(ev, task, source: str, result):
    """The emulated verdict of a cuda sample that nvcc built and the static checks accepted."""
    missing = gpp_missing()
    if missing:
        return replace(result, status="not_run", message=f"{PREFIX}cannot emulate: {missing}")
    with ev.lock.shared():
        build_ = build(ev.builder, task, source)
    result = replace(result, emulated=True, build_log=(result.build_log + "\n[CUDA emulator build]\n" +
                                                       build_.log)[:2 * LOG_CAP])
    if not build_.ok:  # nvcc built it: what the emulator lacks (CUB, an intrinsic) is no failure of the sample
        what = "timed out" if build_.timed_out else "cannot compile this code"
        return replace(result, status="not_run",
                       message=f"{PREFIX}the emulator {what} (nvcc builds it): {_first_error(build_.log)}"[:500])
    check_timeout, _ = ev.timeouts(task.problem.id)
    try:
        rec = run(ev, task, build_.binary, check_timeout)
    finally:
        shutil.rmtree(build_.binary.parent, ignore_errors=True)
    result.runs.append(rec)
    if rec.status == "pass":
        return replace(result, status="pass", message=f"{PREFIX}passed every check size (correctness only, "
                                                      "no timing)")
    return replace(result, status=rec.status, message=f"{PREFIX}{rec.status}: {rec.message}"[:500])


def gpp_missing() -> str | None:
    return None if shutil.which(COMPILER) else f"{COMPILER} not found: apt-get install g++"


def selftest() -> str:
    """Compile and run a tiny kernel under the emulator outside the harness (for debugging)."""
    work = Path(subprocess.check_output(["mktemp", "-d"], text=True).strip())
    try:
        for name in RUNTIME_FILES:
            shutil.copyfile(HERE / name, work / name)
        (work / "t.cpp").write_text(rewrite(toolchains.get("cuda").smoke_program()))
        subprocess.run([COMPILER, *FLAGS, "-I.", "-include", "runtime.hpp", "-x", "c++", "t.cpp", "-o", "t"],
                       cwd=work, check=True, capture_output=True)
        return subprocess.run(["./t"], cwd=work, capture_output=True, text=True, timeout=60).stdout.strip()
    finally:
        shutil.rmtree(work, ignore_errors=True)
