"""The data-race check of OpenMP samples (omp and mpi+omp): ThreadSanitizer, with LLVM's OpenMP tool Archer.

A racy OpenMP sample (`count += 1` on a shared counter) passes most runs on few cores, so an omp or mpi+omp sample
that passed all its runs is built once more, with clang-14 and `-fsanitize=thread` (the driver's and the
reference's objects cached per problem like the build's, under names of their own; mpi+omp through the flags of
Open MPI's wrapper, `mpicxx --showme`), and run once on the check sizes: omp at 4 threads, mpi+omp at 2 ranks of
2 threads under mpirun (SHAPES), each rank's output told apart (`--tag-output`) so that a race names its rank.
libmpi is not instrumented (`ignore_noninstrumented_modules`): what MPI reads and writes of the sample's buffers is
told to TSan by mpi_annotations.cpp, linked into mpi+omp's checked build: each MPI call that takes a buffer reads
its send buffers and writes its receive buffers, in the calling thread, at the call (a nonblocking call at its
start), so that a thread still writing what the master thread's MPI_Reduce sends races with that call.
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
import shlex
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
from hpccoder.harness.toolchains import Resources

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
# and, in mpi+omp, MPI's names (reserved to MPI by its standard): a candidate's own MPI_Reduce would take the place of
# the annotated one, and a call to PMPI_Reduce would go past it
MPI_DEFINED_PREFIXES, MPI_CALLED_PREFIXES = ("MPI_", "PMPI_"), ("PMPI_",)
ANNOTATIONS = Path(__file__).resolve().parent / "mpi_annotations.cpp"
_INSTRUMENTATION = re.compile(r"__tsan_((unaligned_)?(read|write)\d+(_pc)?|(read|write)_range|func_(entry|exit)|init"
                              r"|atomic\d+_\w+|atomic_(thread|signal)_fence|vptr_(read|update)|mem(cpy|set|move))")
# the shape each model's checked build runs at. mpi+omp: 2 ranks of 2 threads, 4 threads in all as omp's 4 (on 2
# cores, more ranks or threads make TSan's run slower and see no more: a race between a rank's threads shows at
# 2 threads); 2 ranks, not 1, so that the code of rank 0 and of the others (a root that reduces, a rank that sends
# its halo) is run
SHAPES = {"omp": Resources(1, THREADS), "mpi+omp": Resources(2, 2)}
MODELS = tuple(SHAPES)


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
def mpi_flags() -> tuple[tuple[str, ...], tuple[str, ...]] | str:
    """The compile and link flags of Open MPI's mpicxx (`--showme:compile`, `--showme:link`), for clang; or why
    there are none."""
    flags = []
    for what in ("compile", "link"):
        try:
            out = subprocess.run(["mpicxx", f"--showme:{what}"], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"mpicxx --showme:{what}: {exc}"
        if out.returncode != 0:
            said = (out.stderr or out.stdout).strip()[:200]
            return f"mpicxx --showme:{what} failed (not Open MPI's wrapper?): {said}"
        flags.append(tuple(shlex.split(out.stdout)))
    return flags[0], flags[1]


def missing_for(model: str) -> str | None:
    """Why `model`'s samples cannot be checked here; None where they can."""
    if missing():
        return missing()
    if toolchains.get(model).name != "omp" and isinstance(mpi_flags(), str):
        return mpi_flags()
    return None


def _model_flags(model: str, driver: bool = False, link: bool = False) -> list[str]:
    """What `model` adds to clang's command: mpi+omp's defines (`-DOMPI_SKIP_MPICXX`, the driver's
    `-DHPCCODER_MPI`) and Open MPI's include folders, or at the link its libraries."""
    if model == "omp":
        return []
    compile_flags, link_flags = mpi_flags()
    if link:
        return list(link_flags)
    tc = toolchains.get(model)
    return [*(f for f in tc.compile_flags if f.startswith("-D")), *tc.defines * driver, *compile_flags]


@functools.lru_cache(maxsize=None)
def version() -> str:
    out = subprocess.run([clang(), "--version"], capture_output=True, text=True)
    return (out.stdout.splitlines() or ["clang"])[0]


def forbidden(defined: dict[str, str], undefined=frozenset(), model: str = "omp") -> list[str]:
    """What of the sanitizers' and OpenMP's tools a candidate's TSan object defines, or calls besides what the
    instrumentation does; in mpi+omp also what of MPI's interface it defines, or of its profiling interface calls."""
    mpi = model != "omp"
    defining = FORBIDDEN_PREFIXES + MPI_DEFINED_PREFIXES * mpi
    calling = CALLED_PREFIXES + MPI_CALLED_PREFIXES * mpi
    called = [s.split("@")[0] for s in undefined]
    return sorted({*(s for s in defined if s.startswith(defining)),
                   *(s for s in called if s.startswith(calling) and not _INSTRUMENTATION.fullmatch(s))})


def _compile(openmp: bool, source: str, obj: str, include: tuple[str, ...] = (), extra: list[str] = ()) -> list[str]:
    return [clang(), *COMPILE_FLAGS, *(["-fopenmp"] if openmp else []), *extra, *(f"-I{d}" for d in include),
            "-c", source, "-o", obj]


def _covers(model: str) -> dict:
    """What a check's verdict says it saw besides the sample's own code: in mpi+omp, MPI's buffers as
    mpi_annotations.cpp tells them (a clean verdict of an hpccoder before them is checked again on resume)."""
    return {"mpi_annotations": True} if model != "omp" else {}


def seen_by_this_check(model: str, check: dict | None) -> bool:
    """Whether a pass's race_check is this check's verdict on it: there is one, and a clean one of mpi+omp saw MPI's
    buffers."""
    if check is None:
        return False
    return model == "omp" or check.get("status") != "clean" or check.get("mpi_annotations") is True


def _skipped(result: SampleResult, why: str) -> SampleResult:
    return replace(result, race_check={"status": "skipped", "why": why[:300]})


def _objects(builder, problem, model: str) -> dict[str, Path] | str:
    """The objects of the checked build of `model` besides the candidate's, by the name they are linked under: the
    driver's and the serial reference's (the build's own, compiled with clang and TSan, cached apart) and in
    mpi+omp the MPI annotations'; or why they do not build."""
    versions = (version(),) if model == "omp" else (version(), *toolchains.get(model).versions().values())
    try:
        objects = {"driver.o": builder.driver_object(problem, model,
                                                     _compile(True, "driver.cpp", "driver.o", include=(".",),
                                                              extra=_model_flags(model, driver=True)),
                                                     versions, name="driver-tsan"),
                   "reference.o": builder.reference_object(problem, _compile(False, "reference.cpp", "reference.o"),
                                                           (version(),), name="reference-tsan")}
        if model != "omp":
            cmd = _compile(False, ANNOTATIONS.name, "mpi_annotations.o", extra=_model_flags(model))
            objects["mpi_annotations.o"] = builder.cached_object(
                "mpi-annotations-tsan", ("mpi-annotations", ANNOTATIONS.read_text(), *cmd, *versions),
                lambda: {ANNOTATIONS.name: ANNOTATIONS}, cmd, "mpi_annotations.o",
                lambda log: f"{ANNOTATIONS.name} does not build: {log.strip()[:500]}")
        return objects
    except HpcError as exc:
        return f"{os.path.basename(clang())}: {exc}"


_ACCESS = re.compile(r"^\s+((?:Previous )?(?:[Aa]tomic )?(?:[Rr]ead|[Ww]rite)\b.*?)(?: at 0x[0-9a-f]+)?( by .*?):?$")
_FRAME = re.compile(r"^\s+#\d+ (.*?) (\S*?([^/\s]+\.(?:cpp|hpp|h|cc)):(\d+)(?::(\d+))?)")


def race_message(stderr: str, preamble_lines: int, shape: str = f"{THREADS} threads") -> str:
    """`data race (ThreadSanitizer, <shape>):` and the two accesses, each where it was made: the first frame of
    the candidate's (its line counted in the sample's code, without the preamble the harness puts before it), else
    the first frame with a file and line. `shape`: how it ran (`4 threads`, `rank 1 of 2 ranks x 2 threads`)."""
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
        # an access mpi_annotations.cpp told: the MPI call's, to a buffer of the call
        mpi = next((f[1] for f in frames if f[3] == ANNOTATIONS.name and re.fullmatch(r"P?MPI_\w+", f[1])), "")
        where = f" in {mpi}" if mpi else ""
        if mine or frames:
            f = (mine or frames)[0]
            line = int(f[4]) - preamble_lines if f[3] == "candidate.cpp" else int(f[4])
            func = re.sub(r"\(.*|_debug__$", "", f[1]).strip()
            where += f" at {f[3]}:{line}" + (f" ({func})" if func else "")
        accesses.append(f"{m[1]}{m[2]}{where}")
    return f"data race (ThreadSanitizer, {shape}): " + ("; ".join(accesses) or "see the result's race_check report")


_TAG = re.compile(r"\[\d+,(\d+)\]<(?:stdout|stderr)>:")
_FIRST_RACE = re.compile(r"^(?:\[\d+,(\d+)\]<stderr>:)?WARNING: ThreadSanitizer: data race", re.M)


def _by_rank(stderr: str) -> dict[int | None, str]:
    """mpirun's `--tag-output` stderr split by rank, the tags taken off; what no rank wrote (mpirun's own lines, an
    omp run's whole stderr) under None. mpirun tags what it forwards line by line, and a piece of a line too (the
    rest of a line a rank wrote in two writes comes later, tagged again, maybe after another rank's lines): a tag's
    text runs to its line's end or to the next tag."""
    parts = _TAG.split(stderr)  # text before any tag, then (rank, text) pairs
    ranks: dict[int | None, list[str]] = {None: [parts[0]]}
    for rank, text in zip(parts[1::2], parts[2::2]):
        own, newline, rest = text.partition("\n")
        ranks.setdefault(int(rank), []).append(own + newline)
        ranks[None].append(rest)
    return {rank: "".join(texts) for rank, texts in ranks.items() if "".join(texts)}


def check(ev, task, source: str, result: SampleResult) -> SampleResult:
    """`result`, a pass of an omp or mpi+omp sample, with the race check's verdict: wrong_answer where the checked build
    reports a race, rejected where the candidate defines what would silence it; its pass otherwise, with
    race_check clean or skipped (and why)."""
    if missing_for(task.model):  # a rank of an evaluation over MPI on a node without clang-14, where rank 0 has it
        return _skipped(result, missing_for(task.model))
    builder, started = ev.builder, time.monotonic()
    preamble = len(toolchains.get(task.model).preamble().splitlines())  # lines the harness put before the sample's
    with ev.lock.shared():  # as the build: beside other builds and checks, never beside a timed run
        shared = _objects(builder, task.problem, task.model)
        if isinstance(shared, str):
            return _skipped(result, shared)
        compile_step = builder._sandboxed({"candidate.cpp": source},
                                          [_compile(True, "candidate.cpp", "candidate.o",
                                                    extra=_model_flags(task.model))], ["candidate.o"])
    if not compile_step.ok:
        lines = [ln for ln in compile_step.log.splitlines() if "error" in ln] or compile_step.log.splitlines() or [""]
        shutil.rmtree(compile_step.work, ignore_errors=True)
        first = re.sub(r"candidate\.cpp:(\d+)", lambda m: f"candidate.cpp:{int(m[1]) - preamble}", lines[0].strip())
        return _skipped(result, f"does not build with {os.path.basename(clang())}: {first}")
    undefined, defined = _global_symbols(compile_step.outputs["candidate.o"])
    bad = forbidden(defined, undefined, task.model)
    if bad:
        shutil.rmtree(compile_step.work, ignore_errors=True)
        whose = "of the sanitizers, OpenMP's tools or MPI's interface" if task.model != "omp" else \
            "of the sanitizers or OpenMP's tools"
        return replace(result, status="rejected", speedup={}, speedup_vs_reference={}, suspicious=False,
                       message=f"defines or calls {', '.join(bad[:3])}, {whose}, which would change what the "
                               "race check sees: write only the requested function",
                       race_check={"status": "rejected"})
    objects = {**shared, "candidate.o": compile_step.outputs["candidate.o"]}
    with ev.lock.shared():
        link = builder._sandboxed(objects, [[clang(), *objects, "-fopenmp", "-fsanitize=thread",
                                             *_model_flags(task.model, link=True),
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
    ranks = _by_rank(outcome.stderr)
    # the rank whose TSan reported first (with halt_on_error, the one whose exit code mpirun returns); None: omp's
    first = _FIRST_RACE.search(outcome.stderr)
    raced = (int(first[1]) if first[1] else None) if first else False
    if outcome.returncode == RACE_EXIT and raced is not False:
        stderr = ranks[raced]
        report = stderr[stderr.find("WARNING: ThreadSanitizer"):]
        report = re.sub(r"/\S*/build/[0-9a-f]{12}/", "", report)  # the build folders of the objects
        res = SHAPES[task.model]
        shape = (f"{res.threads} threads" if task.model == "omp" else
                 f"{'' if raced is None else f'rank {raced} of '}{res.ranks} ranks x {res.threads} threads")
        return replace(result, status="wrong_answer", message=race_message(stderr, preamble, shape)[:500],
                       speedup={}, speedup_vs_reference={}, suspicious=False,
                       race_check={"status": "race", "seconds": seconds, "report": _cap(report[:4000]),
                                   **_covers(task.model)})
    if outcome.timed_out:
        return _skipped(result, f"the checked build ran past {outcome.wall_s:.0f} s")
    events, _ = driver_lines(outcome.protocol, key)
    report = next((ln for ln in events if ln.startswith("result ")), "")
    try:
        correct = json.loads(report[len("result "):]).get("correct") is True if report else False
    except (ValueError, AttributeError):
        correct = False
    if outcome.returncode == 0 and correct:
        return replace(result, race_check={"status": "clean", "seconds": seconds, **_covers(task.model)})
    detail = next((ln.strip() for text in ranks.values() for ln in text.splitlines()
                   if "ThreadSanitizer" in ln or "FATAL" in ln), "")
    why = (f"the checked build exited with code {outcome.returncode}" + (f": {detail}" if detail else "")
           if outcome.returncode != 0 else f"the checked build did not pass its checks ({report[7:120]})")
    return _skipped(result, why)


def _run(ev, task, binary: Path):
    """The checked build run once at its model's shape (SHAPES) on the check sizes, launched as the runs are
    (mpirun for mpi+omp, each rank's lines tagged), in the sandbox without its address-space limit (TSan maps
    terabytes it does not use; the cgroup, where one can be made, still caps the memory)."""
    spec = ev.spec(task, timing=False)
    check_timeout, _ = ev.timeouts(task.problem.id)
    toolchain, res = toolchains.get(task.model), SHAPES[task.model]
    tsan = {"OMP_TOOL_LIBRARIES": archer(),
            "TSAN_OPTIONS": f"ignore_noninstrumented_modules=1 halt_on_error=1 exitcode={RACE_EXIT}"}
    argv, env = toolchain.launch(["./prog", *spec.args(), *spec.model_args], res)
    mpirun = argv[0] == "mpirun"
    if mpirun:  # each rank's lines tagged with its rank (the driver's too: watched for wherever they start)
        argv = [argv[0], "--tag-output", *(a for name in tsan for a in ("-x", name)), *argv[1:]]
    key = new_key()
    with ev.lock.shared():
        proc = ev.sandbox.start(argv, None, {**env, **tsan}, ro_binds=((str(binary), f"{SANDBOX_ROOT}/prog"),),
                                address_limit=False, processes=res.ranks, watch_mid_line=mpirun,
                                **toolchain.sandbox_options())
        proc.send(key + "\n")
        outcome = proc.finish(timeout=5 * check_timeout)
    return outcome, key
