"""The data-race check of OpenMP samples: ThreadSanitizer, with LLVM's OpenMP tool Archer.

A racy OpenMP sample (`count += 1` on a shared counter) passes most runs on few cores, so an omp sample that passed
all its runs is built once more, with clang-14 and `-fsanitize=thread` (the driver's and the reference's objects
cached per problem like the build's, under names of their own), and run once at 4 threads on the check sizes.
Archer (libarcher.so, loaded through OMP_TOOL_LIBRARIES) tells TSan what OpenMP's barriers, tasks and locks order,
so that only real races are reported. A race makes the sample `wrong_answer`; a candidate that defines a symbol of
the sanitizers or of OpenMP's tool interface (`__tsan_default_options` silences TSan) is `rejected`. Where clang
cannot build the sample, or TSan fails on its own, the sample keeps its pass and its result says the check was
skipped, and why.

Dynamic detection sees the races of the run it watches: gross ones (a shared counter, a missing reduction, a
missing barrier) every time, subtle ones (an ordering that two threads rarely take) only sometimes.
"""

from __future__ import annotations

import functools
import glob
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path

from hpccoder.errors import HpcError
from hpccoder.harness import toolchains
from hpccoder.harness.build import _cap, _global_symbols
from hpccoder.harness.records import SampleResult
from hpccoder.harness.runner import driver_lines, new_key
from hpccoder.harness.sandbox import SANDBOX_ROOT

THREADS = 4
RACE_EXIT = 66
LLVM = "/usr/lib/llvm-14"
INSTALL = "apt-get install clang-14 libclang-rt-14-dev libomp-14-dev"
COMPILE_FLAGS = ("-O1", "-g", "-std=c++17", "-fsanitize=thread")
# what a candidate may not define in the checked build: the sanitizers' hooks and options (__tsan_default_options,
# __tsan_on_report), their annotations, Archer's, OpenMP's tool interface and libomp's entry points
FORBIDDEN_PREFIXES = ("__tsan", "__sanitizer", "__asan", "__ubsan", "__lsan", "__msan", "__interceptor_", "__archer",
                      "Annotate", "ompt_", "__kmpc_", "__kmp_")
# nor call, past what the compiler's instrumentation calls: annotations (AnnotateIgnoreWritesBegin,
# __tsan_acquire, __tsan_ignore_thread_begin) order accesses or hide them; omp_control_tool pauses a tool
CALLED_PREFIXES = ("__tsan", "__sanitizer", "__asan", "__ubsan", "__lsan", "__msan", "__interceptor_", "__archer",
                   "Annotate", "ompt_", "omp_control_tool")
_INSTRUMENTATION = re.compile(r"__tsan_((unaligned_)?(read|write)\d+(_pc)?|(read|write)_range|func_(entry|exit)|init"
                              r"|atomic\d+_\w+|atomic_(thread|signal)_fence|vptr_(read|update)|mem(cpy|set|move))")
MODELS = ("omp",)  # mpi+omp is not checked


@functools.lru_cache(maxsize=None)
def clang() -> str | None:
    """clang++ 14: the version whose TSan runtime and Archer the check was tried with."""
    return shutil.which("clang++-14") or (f"{LLVM}/bin/clang++" if os.access(f"{LLVM}/bin/clang++", os.X_OK) else None)


def archer() -> str | None:
    path = f"{LLVM}/lib/libarcher.so"
    return path if os.path.exists(path) else None


def tsan_runtime() -> str | None:
    found = sorted(glob.glob(f"{LLVM}/lib/clang/*/lib/linux/libclang_rt.tsan-x86_64.a"))
    return found[-1] if found else None


@functools.lru_cache(maxsize=None)
def missing() -> str | None:
    """Why the race check cannot run here, with what to install; None where it can."""
    absent = [what for what, found in (("clang++-14", clang()), ("the TSan runtime", tsan_runtime()),
                                       ("libarcher.so", archer())) if not found]
    if absent or not os.path.exists(f"{LLVM}/lib/libomp.so"):
        return f"{', '.join(absent) or 'libomp'} not found: {INSTALL}"
    return None


@functools.lru_cache(maxsize=None)
def version() -> str:
    out = subprocess.run([clang(), "--version"], capture_output=True, text=True)
    return (out.stdout.splitlines() or ["clang"])[0]


def forbidden(defined: dict[str, str], undefined=frozenset()) -> list[str]:
    """What of the sanitizers' and OpenMP's tools a candidate's TSan object defines, or calls besides what the
    instrumentation does."""
    called = (s.split("@")[0] for s in undefined)
    return sorted({*(s for s in defined if s.startswith(FORBIDDEN_PREFIXES)),
                   *(s for s in called if s.startswith(CALLED_PREFIXES) and not _INSTRUMENTATION.fullmatch(s))})


def _compile(openmp: bool, source: str, obj: str, include: tuple[str, ...] = ()) -> list[str]:
    return [clang(), *COMPILE_FLAGS, *(["-fopenmp"] if openmp else []), *(f"-I{d}" for d in include),
            "-c", source, "-o", obj]


def _skipped(result: SampleResult, why: str) -> SampleResult:
    return replace(result, race_check={"status": "skipped", "why": why[:300]})


def _objects(builder, problem) -> tuple[Path, Path] | str:
    """The driver's and the serial reference's objects of the checked build (the build's own, compiled with clang
    and TSan, cached apart), or why they do not build."""
    try:
        return (builder.driver_object(problem, "omp", _compile(True, "driver.cpp", "driver.o", include=(".",)),
                                      (version(),), name="driver-tsan"),
                builder.reference_object(problem, _compile(False, "reference.cpp", "reference.o"), (version(),),
                                         name="reference-tsan"))
    except HpcError as exc:
        return f"{os.path.basename(clang())}: {exc}"


_ACCESS = re.compile(r"^\s+((?:Previous )?(?:atomic )?(?:[Rr]ead|[Ww]rite)\b.*?)(?: at 0x[0-9a-f]+)?( by .*?):?$")
_FRAME = re.compile(r"^\s+#\d+ (.*?) (\S*?([^/\s]+\.(?:cpp|hpp|h|cc)):(\d+)(?::(\d+))?)")


def race_message(stderr: str, preamble_lines: int) -> str:
    """`data race (ThreadSanitizer, 4 threads):` and the two accesses, each where it was made: the first frame of
    the candidate's (its line counted in the sample's code, without the preamble the harness puts before it), else
    the first frame with a file and line."""
    lines = stderr.splitlines()
    start = next((i for i, ln in enumerate(lines) if "WARNING: ThreadSanitizer: data race" in ln), 0)
    accesses, i = [], start + 1
    while i < len(lines) and len(accesses) < 2:
        m = _ACCESS.match(lines[i])
        if not m:
            i += 1
            continue
        frames = []
        i += 1
        while i < len(lines) and lines[i].strip().startswith("#"):
            f = _FRAME.match(lines[i])
            if f:
                frames.append(f)
            i += 1
        mine = [f for f in frames if f[3] == "candidate.cpp"]
        where = ""
        if mine or frames:
            f = (mine or frames)[0]
            line = int(f[4]) - preamble_lines if f[3] == "candidate.cpp" else int(f[4])
            func = re.sub(r"\(.*|_debug__$", "", f[1]).strip()
            where = f" at {f[3]}:{line}" + (f" ({func})" if func else "")
        accesses.append(f"{m[1]}{m[2]}{where}")
    return "data race (ThreadSanitizer, 4 threads): " + ("; ".join(accesses) or "see the result's race_check report")


def check(ev, task, source: str, result: SampleResult) -> SampleResult:
    """`result`, a pass of an omp sample, with the race check's verdict: wrong_answer where the checked build
    reports a race, rejected where the candidate defines what would silence it; its pass otherwise, with
    race_check clean or skipped (and why)."""
    if missing():  # a rank of an evaluation over MPI on a node without clang-14, where rank 0 has it
        return _skipped(result, missing())
    builder, started = ev.builder, time.monotonic()
    preamble = len(toolchains.get(task.model).preamble().splitlines())  # lines the harness put before the sample's
    with ev.lock.shared():  # as the build: beside other builds and checks, never beside a timed run
        shared = _objects(builder, task.problem)
        if isinstance(shared, str):
            return _skipped(result, shared)
        driver, reference = shared
        compile_step = builder._sandboxed({"candidate.cpp": source},
                                          [_compile(True, "candidate.cpp", "candidate.o")], ["candidate.o"])
    if not compile_step.ok:
        lines = [ln for ln in compile_step.log.splitlines() if "error" in ln] or compile_step.log.splitlines() or [""]
        shutil.rmtree(compile_step.work, ignore_errors=True)
        first = re.sub(r"candidate\.cpp:(\d+)", lambda m: f"candidate.cpp:{int(m[1]) - preamble}", lines[0].strip())
        return _skipped(result, f"does not build with {os.path.basename(clang())}: {first}")
    undefined, defined = _global_symbols(compile_step.outputs["candidate.o"])
    bad = forbidden(defined, undefined)
    if bad:
        shutil.rmtree(compile_step.work, ignore_errors=True)
        return replace(result, status="rejected", speedup={}, speedup_vs_reference={}, suspicious=False,
                       message=f"defines or calls {', '.join(bad[:3])}, of the sanitizers or OpenMP's tools, which "
                               "would change what the race check sees: write only the requested function",
                       race_check={"status": "rejected"})
    objects = {"driver.o": driver, "reference.o": reference, "candidate.o": compile_step.outputs["candidate.o"]}
    with ev.lock.shared():
        link = builder._sandboxed(objects, [[clang(), *objects, "-fopenmp", "-fsanitize=thread",
                                             *toolchains.get(task.model).hardening, "-o", "prog"]], ["prog"])
    shutil.rmtree(compile_step.work, ignore_errors=True)
    if not link.ok:
        shutil.rmtree(link.work, ignore_errors=True)
        return _skipped(result, f"does not link with {os.path.basename(clang())}: {link.log.strip()[:200]}")
    try:
        outcome, key = _run(ev, task, link.outputs["prog"])
    finally:
        shutil.rmtree(link.work, ignore_errors=True)
    seconds = round(time.monotonic() - started, 3)
    raced = "WARNING: ThreadSanitizer: data race" in outcome.stderr
    if outcome.returncode == RACE_EXIT and raced:
        report = outcome.stderr[outcome.stderr.find("WARNING: ThreadSanitizer"):]
        report = re.sub(r"/\S*/build/[0-9a-f]{12}/", "", report)  # the build folders of the objects
        return replace(result, status="wrong_answer", message=race_message(outcome.stderr, preamble)[:500],
                       speedup={}, speedup_vs_reference={}, suspicious=False,
                       race_check={"status": "race", "seconds": seconds, "report": _cap(report[:4000])})
    if outcome.timed_out:
        return _skipped(result, f"the checked build ran past {outcome.wall_s:.0f} s")
    events, _ = driver_lines(outcome.protocol, key)
    report = next((ln for ln in events if ln.startswith("result ")), "")
    try:
        correct = json.loads(report[len("result "):]).get("correct") is True if report else False
    except (ValueError, AttributeError):
        correct = False
    if outcome.returncode == 0 and correct:
        return replace(result, race_check={"status": "clean", "seconds": seconds})
    detail = next((ln.strip() for ln in outcome.stderr.splitlines() if "ThreadSanitizer" in ln or "FATAL" in ln),
                  "")
    why = (f"the checked build exited with code {outcome.returncode}" + (f": {detail}" if detail else "")
           if outcome.returncode != 0 else f"the checked build did not pass its checks ({report[7:120]})")
    return _skipped(result, why)


def _run(ev, task, binary: Path):
    """The checked build run once at THREADS threads on the check sizes, in the sandbox without its address-space
    limit (TSan maps terabytes it does not use; the cgroup, where one can be made, still caps the memory)."""
    spec = ev.spec(task, timing=False)
    check_timeout, _ = ev.timeouts(task.problem.id)
    env = {"OMP_NUM_THREADS": str(THREADS), "OMP_THREAD_LIMIT": str(THREADS), "OMP_TOOL_LIBRARIES": archer(),
           "TSAN_OPTIONS": f"ignore_noninstrumented_modules=1 halt_on_error=1 exitcode={RACE_EXIT}"}
    key = new_key()
    with ev.lock.shared():
        proc = ev.sandbox.start(["./prog", *spec.args(), *spec.model_args], None, env,
                                ro_binds=((str(binary), f"{SANDBOX_ROOT}/prog"),), address_limit=False)
        proc.send(key + "\n")
        outcome = proc.finish(timeout=5 * check_timeout)
    return outcome, key
