"""`hpccoder evaluate`: samples in, results JSONL and summary.json out.

Usage: hpccoder evaluate --samples samples.jsonl --out runs/mine [--k 1,5,10] [--threads 1,2] [--ranks 1,2,4]

Work is shared out over `jobs` threads: builds and correctness checks run side by side,
timed runs one at a time (TimingLock). Identical code for the same task is built and
run once, and code that compiles to an identical object (it differs only in comments,
layout or local names) is run once. Every result is appended to results.jsonl as soon as it is known, so an
interrupted evaluation resumes where it stopped when the same command is run again. Started by an MPI launcher
as one of several processes (`mpirun -np N hpccoder evaluate ...`), the evaluation is shared out over the
ranks: see harness/shards.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from hpccoder import __version__, progress
from hpccoder.errors import HpcError, Interrupted
from hpccoder.harness import sandbox as sandbox_mod
from hpccoder.harness import racecheck, shards
from hpccoder.harness import toolchains
from hpccoder.harness.build import Builder
from hpccoder.harness.consistency import SUSPICIOUS_PER_RESOURCE, of_this_run, same_problem
from hpccoder.harness.locks import MachineLock, TimingLock
from hpccoder.harness.records import SampleResult, problem_seed, read_result
from hpccoder.harness.runner import RunSpec, run_program
from hpccoder.harness.sandbox import Limits, Sandbox
from hpccoder.harness.summary import format_table, speedup_ns, summarize
from hpccoder.harness.toolchains import Resources
from hpccoder.harness.toolchains.base import cpu_count, tool_version
from hpccoder.paths import publish
from hpccoder.samples import (JsonlAppender, Sample, fold_shards, read_jsonl, read_samples, shard_files,
                              write_json_atomic)
from hpccoder.suite import Suite, Task
from hpccoder.suite.prompts import assemble


@dataclass
class EvalOptions:
    ks: list[int] = field(default_factory=lambda: [1, 5, 10])
    resources: dict[str, list[Resources]] = field(default_factory=dict)  # per model; defaults fill the rest
    jobs: int | None = None
    timing: bool = True
    warmup: int = 1
    reps: int = 5
    seed: int | None = None
    fast_ps: list[float] = field(default_factory=lambda: [1.0])
    min_timeout: float = 20.0
    timeout_factor: float = 10.0
    build_timeout: float = 120.0
    limits: Limits = field(default_factory=Limits)
    unsafe: bool = False
    progress: bool = True
    overwrite: bool = False
    cache: bool = True
    simulator: str = "icarus"  # verilog: icarus or verilator (toolchains/verilog.py)
    synthesis: bool = True  # verilog: cells and depth of passing samples with Yosys
    # cuda where no GPU can run it: also build with g++ against the CPU emulator (harness/cudaemu) and check
    # correctness there; results say `emulated`, carry no timings, and a GPU, where there is one, wins
    cuda_emulate: bool = False
    # omp and mpi+omp: a sample that passed is built once more with ThreadSanitizer and run at 4 threads, or at 2
    # ranks x 2 threads (harness/racecheck.py); where clang-14, its TSan runtime or Archer are missing, the check is
    # off (`hpccoder doctor` says so)
    race_check: bool = True


def default_resources(models, overrides: dict[str, list[Resources]]) -> dict[str, list[Resources]]:
    cores = cpu_count()
    return {m: overrides.get(m) or toolchains.get(m).default_resources(cores) for m in models}


def _warn(msg: str) -> None:
    tqdm.write(f"hpccoder: {msg}", file=sys.stderr)


WORKROOT_PREFIX = "hpccoder-eval-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def new_workroot() -> Path:
    """A scratch folder for one evaluation, named after this host and process. The folders of this host's
    evaluations whose process is gone (killed: SIGKILL leaves no time to clean up) are removed first; a
    container sharing /tmp has another host name, and its process ids mean nothing here."""
    host = socket.gethostname().replace("/", "_") or "host"
    for old in Path(tempfile.gettempdir()).glob(f"{WORKROOT_PREFIX}{host}-*-*"):
        owner, pid, _ = old.name.rsplit("-", 2)
        if owner == WORKROOT_PREFIX + host and pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    root = Path(tempfile.mkdtemp(prefix=f"{WORKROOT_PREFIX}{host}-{os.getpid()}-"))
    root.chmod(0o755)
    return root


# What decides a verdict besides the code (run.json's settings): a resumed evaluation must have the same. The
# limits came later: a run.json without them is taken to have had this evaluation's.
SETTINGS = ("suite_version", "timing", "warmup", "reps")
LIMITS = ("memory_mb", "timeout")


def resume_hint(model: str, labels) -> str:
    """run.json's resources of a model, and the flag that gives them again where it has one."""
    if not isinstance(labels, list) or not labels:
        return "none"
    text = ",".join(map(str, labels))
    tc = toolchains.get(model)
    try:
        resources = [Resources.from_label(label) for label in labels]
    except ValueError:
        return text
    return f"{text} ({tc.resource_flag} {tc.resource_arg(resources)} resumes it)" if tc.resource_flag else text


def check_same_settings(old: dict, fresh: dict, opts: EvalOptions, out: Path) -> None:
    """Refuses to go on with an evaluation (run.json's `old` settings) under other settings; only the models in
    fresh["resources"] have their resources compared."""
    differs = [f"{k}: {old.get(k)} there, {fresh[k]} here" for k in SETTINGS if old.get(k) != fresh[k]]
    differs += [f"{k}: {old[k]} there, {fresh[k]} here" for k in LIMITS if k in old and old[k] != fresh[k]]
    for model, labels in fresh["resources"].items():
        before = (old.get("resources") or {}).get(model)
        if before != labels:
            differs.append(f"resources of {model}: {resume_hint(model, before)} there, {','.join(labels)} here")
    differs += ["simulator"] if old.get("simulator", "icarus") != opts.simulator else []
    # a run.json of before the race check: it was off
    if old.get("race_check", False) != fresh.get("race_check", False):
        differs.append(f"race check: {'on' if old.get('race_check') else 'off'} there, "
                       f"{'on' if fresh.get('race_check') else 'off'} here"
                       + (" (--no-race-check turns it off)" if fresh.get("race_check") else
                          f" ({racecheck.missing() or 'leave out --no-race-check'})"))
    if opts.seed is not None and opts.seed != old.get("seed"):
        differs.append("seed")
    if differs:
        raise HpcError(f"{out} holds an evaluation with other settings ({'; '.join(differs)}): its verdicts would "
                       "be mixed with these; give the same settings, use another --out, or --overwrite to start "
                       "it again")


def race_check_on(opts: EvalOptions) -> bool:
    """Whether omp and mpi+omp samples that pass get the race check: asked for, and clang-14, TSan and Archer
    found."""
    return opts.race_check and racecheck.missing() is None


def read_run_json(path: Path) -> dict:
    """An evaluation's run.json, as hpccoder writes it, or an error that says what to do."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise HpcError(f"{path} cannot be read ({exc}): it is not as hpccoder wrote it; --overwrite starts the "
                       "evaluation again") from None
    settings = data.get("settings") if isinstance(data, dict) else None
    if not isinstance(settings, dict) or not isinstance(settings.get("resources"), dict) \
            or not isinstance(settings.get("seed"), int) or not data.get("started"):
        raise HpcError(f"{path} is not as hpccoder wrote it (its settings, resources, seed or start are missing): "
                       "--overwrite starts the evaluation again")
    return data


def decide_settings(suite: Suite, opts: EvalOptions, out: Path, resources: dict[str, list[Resources]]) -> dict:
    """What decides the results (written to run.json); a resumed evaluation must have the same."""
    fresh = {
        "suite_version": suite.version,
        "resources": {m: [r.label() for r in rs] for m, rs in resources.items()},
        "timing": opts.timing, "warmup": opts.warmup, "reps": opts.reps, "simulator": opts.simulator,
        "memory_mb": opts.limits.memory_mb, "timeout": opts.min_timeout,
        "race_check": race_check_on(opts),
    }
    path = out / "run.json"
    old = read_run_json(path) if path.exists() and not opts.overwrite else None
    if old:
        check_same_settings(old["settings"], fresh, opts, out)
        labels = {**old["settings"]["resources"], **fresh["resources"]}
        fresh["resources"], fresh["seed"] = labels, old["settings"]["seed"]
    else:
        fresh["seed"] = opts.seed if opts.seed is not None else secrets.randbits(31)
    # the run's identity in the results store, whatever folder or machine the run goes on in (a folder of an
    # older hpccoder has none: its id stays the one it was recorded under)
    uid = old.get("run_uid") if old else secrets.token_hex(8)
    write_json_atomic(path, {
        "hpccoder_version": __version__, "settings": fresh,
        "started": old["started"] if old else time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cores": cpu_count()},
        **({"run_uid": uid} if isinstance(uid, str) and uid else {}),
    })
    return fresh


def read_baselines(path: Path) -> dict:
    """baselines.json's timings, problem id -> {time_s, version, ...}: the entries that are not as hpccoder
    writes them are left out (their problems are timed again), and said."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict):
        _warn(f"{path} cannot be read: the baselines are timed again")
        return {}
    good = {pid: b for pid, b in data.items() if isinstance(b, dict) and isinstance(b.get("time_s"), (int, float))}
    if len(good) < len(data):
        _warn(f"{path}: {len(data) - len(good)} baseline(s) not as hpccoder writes them: timed again")
    return good


class Evaluation:
    """One evaluation: its settings, sandbox, builder and the measured baselines."""

    def __init__(self, suite: Suite, opts: EvalOptions, out: Path, models: set[str], settings: dict | None = None,
                 resources: dict[str, list[Resources]] | None = None):
        """`settings` and `resources` as rank 0 decided them (an evaluation over MPI ranks); else decided here."""
        self.suite, self.opts, self.out = suite, opts, out
        self.resources = resources or default_resources(sorted(models), opts.resources)
        self.settings = settings or decide_settings(suite, opts, out, self.resources)
        self.seed = self.settings["seed"]
        self.sandbox = Sandbox(limits=opts.limits, unsafe=opts.unsafe)
        self.workroot = new_workroot()
        self.builder = Builder(self.sandbox, self.workroot, timeout=opts.build_timeout, cache=opts.cache)
        self.lock = TimingLock(MachineLock())  # timed runs alone on the machine, other evaluations included
        self.stop = threading.Event()
        self.baselines: dict[str, dict] = {}
        self.baselines_path = out / "baselines.json"  # where this process keeps them (a rank: a file of its own)
        self.measured: set[str] = set()  # the problems whose baseline this process timed
        self._same_object: dict[tuple[str, str], dict] = {}
        self._same_lock = threading.Lock()
        self.tools = {"bwrap": tool_version("bwrap")}
        self._cannot_run: dict[str, str | None] = {}
        for m in models:
            self.tools.update(toolchains.get(m).versions())
        if self.settings.get("race_check") and set(racecheck.MODELS) & set(models) and not racecheck.missing():
            self.tools["race_check"] = racecheck.version()

    def cannot_run(self, model: str) -> str | None:
        """Why this model's programs cannot run here (e.g. no GPU), probed once per evaluation."""
        with self._same_lock:
            if model not in self._cannot_run:
                self._cannot_run[model] = toolchains.get(model).cannot_run()
            return self._cannot_run[model]

    def spec(self, task: Task, timing: bool) -> RunSpec:
        s = task.problem.spec
        return RunSpec(seed=problem_seed(self.seed, task.problem.id), check_sizes=tuple(s["sizes"]["check"]),
                       time_size=s["sizes"]["timing"] if timing else None, rtol=s["tolerance"]["rtol"],
                       atol=s["tolerance"]["atol"], warmup=self.opts.warmup, reps=self.opts.reps,
                       calls=s["sizes"].get("timing_calls", 1),
                       model_args=tuple(toolchains.get(task.model).run_args(task.problem)))

    def timeouts(self, problem_id: str) -> tuple[float, float]:
        base = self.baselines.get(problem_id)
        lo, factor = self.opts.min_timeout, self.opts.timeout_factor
        if not base:
            return lo, lo
        # the timed calls, the reference before them, and the reference and a call on fresh inputs after
        per_call = base["time_s"] * (self.opts.warmup + self.opts.reps + 3)
        return max(lo, factor * base["wall_s"]), max(lo, factor * per_call)

    # -- baselines ---------------------------------------------------------------------------------------
    def measure_baselines(self, tasks: list[Task]) -> None:
        path = self.baselines_path
        self.baselines = {}
        for known in dict.fromkeys([self.out / "baselines.json", path]):
            if known.exists():
                self.baselines.update(read_baselines(known))
        if not self.opts.timing or toolchains.get("serial").missing():
            return
        problems = {t.problem.id: t.problem for t in tasks if t.problem.language == "cpp"}
        # a problem whose version or content changed since its baseline was timed (other sizes or checks) is timed
        # again, and one timed on another machine (the run resumed elsewhere, a shard on another node): every speedup
        # divides two times taken on the same machine (a baseline of an older hpccoder says no host, no content:
        # taken as it is)
        here = socket.gethostname()
        todo = [p for pid, p in sorted(problems.items())
                if pid not in self.baselines or self.baselines[pid].get("version") != p.version
                or self.baselines[pid].get("problem_sha256", p.sha256) != p.sha256
                or self.baselines[pid].get("host", here) != here]
        # side by side like the samples (builds and checks share the machine, each timed run has it alone): one at a
        # time, the 60 serial references took 6 minutes on a GPU node before a CUDA sample was built
        saved = threading.Lock()

        def measure(problem) -> None:
            if self.stop.is_set():
                return
            task = Task(problem, "serial")
            with self.lock.shared():
                build = self.builder.build(task, assemble(task, task.reference_file().read_text()))
            if not build.ok:
                raise HpcError(f"the serial reference of {problem.id} does not build; "
                               "run `hpccoder suite validate`")
            lo = self.opts.min_timeout * 3
            rec = run_program(self.sandbox, self.lock, toolchains.get("serial"), build.binary, Resources(),
                              self.spec(task, True), lo, lo)
            if rec.status != "pass":
                raise HpcError(f"the serial reference of {problem.id} fails ({rec.status}: {rec.message}); "
                               "run `hpccoder suite validate`")
            with saved:  # each one kept as soon as it is known: an interrupted run resumes with it
                self.baselines[problem.id] = {"time_s": rec.time_s, "times_s": rec.times_s, "wall_s": rec.wall_s,
                                              "version": problem.version, "problem_sha256": problem.sha256,
                                              "seed": self.spec(task, True).seed, "host": here}
                self.measured.add(problem.id)
                write_json_atomic(path, self.baselines)

        with progress.bar(len(todo), "baselines", "problem", self.opts.progress, leave=False) as bar, \
                ThreadPoolExecutor(max_workers=self.opts.jobs or cpu_count()) as pool:
            futures = [pool.submit(measure, problem) for problem in todo]
            try:
                for fut in as_completed(futures):
                    fut.result()
                    bar.update(1)
            except BaseException:
                self.stop.set()  # the others end at their next start; running ones are killed
                for fut in futures:
                    fut.cancel()
                sandbox_mod.kill_all()
                raise

    # -- one distinct candidate --------------------------------------------------------------------------
    def evaluate_code(self, task: Task, source: str, first_index: int = -1) -> SampleResult:
        toolchain = toolchains.get(task.model)
        result = SampleResult(task.id, -1, "pass", problem_version=task.problem.version,
                              problem_sha256=task.problem.sha256, suite_version=self.suite.version, seed=problem_seed(self.seed, task.problem.id),
                              tools=self.tools)
        if hasattr(toolchain, "evaluate_sample"):  # a model with its own judge (verilog: a testbench)
            return toolchain.evaluate_sample(self, task, source, result)
        missing = toolchain.missing()
        if missing:
            return replace(result, status="not_run", message=missing)
        with self.lock.shared():
            build = self.builder.build(task, source)
        result.build_log, result.build_s = build.log, round(build.seconds, 3)
        result.build_ok, result.object_sha256 = build.ok, build.object_sha256
        if not build.ok:
            what = "build timed out" if build.timed_out else "does not build"
            lines = [ln for ln in build.log.splitlines() if ln.strip()]
            # the compiler's first error; else its last word (`cc1plus: out of memory ...`, a killed compiler)
            first = next((ln for ln in lines if "error" in ln), lines[-1] if lines else "")
            return replace(result, status="build_error", message=f"{what}: {first.strip()}"[:300])
        if build.rejected:
            return replace(result, status="rejected", message=build.rejected)
        cannot = self.cannot_run(task.model)
        if cannot and self.opts.cuda_emulate and task.model == "cuda":
            from hpccoder.harness import cudaemu
            return cudaemu.evaluate_sample(self, task, source, result)
        if cannot:
            return replace(result, status="not_run", message=cannot)
        # Code that differs only in comments, layout or local names compiles to the same
        # object: run it once, and give the others its runs.
        key = (task.id, build.object_sha256)
        with self._same_lock:
            slot = self._same_object.get(key)
            owner = slot is None
            if owner:
                slot = self._same_object[key] = {"done": threading.Event(), "result": None, "index": first_index}
        if not owner:
            slot["done"].wait()
            if slot["result"] is not None:
                same = slot["result"]
                return replace(same, build_log=result.build_log, build_s=result.build_s, runs=list(same.runs),
                               speedup=dict(same.speedup), duplicate_of=slot["index"])
        try:
            result = self._run_all(task, toolchain, build, result)
            if result.status == "pass" and task.model in racecheck.MODELS and self.settings.get("race_check"):
                result = racecheck.check(self, task, source, result)
            if owner:
                slot["result"] = result
            return result
        finally:
            if owner:
                slot["done"].set()

    def _run_all(self, task: Task, toolchain, build, result: SampleResult) -> SampleResult:
        base = self.baselines.get(task.problem.id)
        timing = self.opts.timing and base is not None
        check_timeout, time_timeout = self.timeouts(task.problem.id)
        # the most parallel configuration first: races and communication bugs fail there,
        # before any time is spent timing the others
        timed = toolchains.timed(self.resources[task.model])  # one configuration per n; the others checked only
        for res in sorted(self.resources[task.model], key=lambda r: (r.n, r.ranks), reverse=True):
            if self.stop.is_set():
                raise InterruptedError
            rec = run_program(self.sandbox, self.lock, toolchain, build.binary, res,
                              self.spec(task, timing and res in timed),
                              check_timeout, time_timeout)
            result.runs.append(rec)
            if rec.status != "pass":
                return replace(result, status=rec.status, message=f"{res.label()}: {rec.message}"[:500])
        if timing:
            result.baseline_s = base["time_s"]
            for rec in result.runs:
                if rec.time_s:
                    result.speedup[str(rec.resources.n)] = round(base["time_s"] / rec.time_s, 6)
            result.suspicious = any(s > SUSPICIOUS_PER_RESOURCE * int(n) for n, s in result.speedup.items())
        for rec in result.runs:  # against the model's own reference kernel, timed in the same run (cuda)
            if timing and rec.time_s and rec.reference_time_s:
                result.speedup_vs_reference[str(rec.resources.n)] = round(rec.reference_time_s / rec.time_s, 6)
        if result.speedup_vs_reference:  # a GPU is far faster than n CPU cores: judge it by its own reference
            result.suspicious = any(s > SUSPICIOUS_PER_RESOURCE for s in result.speedup_vs_reference.values())
        return result


def group_samples(samples: list[Sample], tasks: dict[str, Task]) -> dict[tuple[str, str], tuple[str, list[Sample]]]:
    """Samples with identical code for the same task, keyed by (task id, hash of the code)."""
    groups: dict[tuple[str, str], tuple[str, list[Sample]]] = {}
    for s in samples:
        source = assemble(tasks[s.task_id], s.completion)
        key = (s.task_id, hashlib.sha256(source.encode()).hexdigest())
        groups.setdefault(key, (source, []))[1].append(s)
    return groups


def samples_and_tasks(samples_path: Path, suite: Suite, warn) -> tuple[list[Sample], dict[str, Task]]:
    samples = read_samples(Path(samples_path), warn)
    tasks: dict[str, Task] = {}
    unknown = Counter()
    why: dict[str, str] = {}  # the suite's reason: no such task, or a problem.yaml with errors
    for s in samples:
        if s.task_id not in tasks and s.task_id not in unknown:
            try:
                tasks[s.task_id] = suite.task(s.task_id)
            except HpcError as exc:
                why[s.task_id] = str(exc)
        if s.task_id not in tasks:
            unknown[s.task_id] += 1
    for tid, count in unknown.items():
        warn(f"{count} sample(s) skipped: {why[tid]}")
    samples = [s for s in samples if s.task_id in tasks]
    if not samples:
        raise HpcError(f"no sample in {samples_path} can be evaluated: each line needs a string 'task_id' (one "
                       "that `hpccoder suite list` shows) and a string 'completion'")
    return samples, tasks


OUTPUTS = ("results.jsonl", "baselines.json", "summary.json", "run.json", "record.json")


def start_over_or_fold(out: Path, overwrite: bool) -> None:
    """--overwrite: the evaluation's files go. Else the results and baselines that shards left in files of their
    own (the ranks of an evaluation over MPI killed before rank 0 gathered them, or the jobs of `--shard K/N`)
    join results.jsonl and baselines.json, so that the evaluation resumes from them, or its summary is made."""
    results = out / "results.jsonl"
    rank_baselines = shard_files(out / "baselines.json")
    fold_shards(results)  # first: refused while a shard still runs
    if overwrite:
        for path in [*(out / name for name in OUTPUTS), *rank_baselines]:
            path.unlink(missing_ok=True)
        return
    if rank_baselines:
        path = out / "baselines.json"
        merged = json.loads(path.read_text()) if path.exists() else {}
        for part in rank_baselines:
            try:
                merged.update(json.loads(part.read_text()))
            except json.JSONDecodeError:  # cut short by the kill: those problems are timed again
                pass
        write_json_atomic(path, merged)
        for part in rank_baselines:
            part.unlink()


def results_so_far(results_path: Path, samples: list[Sample], tasks: dict[str, Task], opts: EvalOptions,
                   ev: Evaluation) -> dict[tuple[str, int], SampleResult]:
    """The results in results.jsonl that still hold for these samples (the same code, the same version of its
    problem, and not a not_run whose model can run now)."""
    wanted = {(s.task_id, s.sample_index): s for s in samples}
    cannot = {tid: toolchains.get(t.model).missing() or ev.cannot_run(t.model) for tid, t in tasks.items()}
    done: dict[tuple[str, int], SampleResult] = {}
    unreadable = 0
    for rec in read_jsonl(results_path):
        r = read_result(rec)
        if r is None:
            unreadable += 1
            continue
        s = wanted.get((r.task_id, r.sample_index))
        # a not_run result is tried again where its model can run now (the run resumes on a machine with a GPU),
        # or can be emulated now; an emulated one where the GPU is there now
        emulate = opts.cuda_emulate and tasks[r.task_id].model == "cuda" if r.task_id in tasks else False
        if r.emulated and not cannot.get(r.task_id):
            continue
        # a result of another version or content of its problem (its checks changed since) is stale: evaluated
        # again, and one made with other inputs (another run's seed: lines of another evaluation appended) is not
        # this run's
        if s is not None and r.completion_sha256 == s.sha256 and same_problem(r, tasks[s.task_id].problem) \
                and of_this_run(r, ev.seed, bool(ev.settings.get("timing"))) \
                and (r.status != "not_run" or (cannot[s.task_id] and not emulate)) \
                and not unchecked_pass(r, tasks[s.task_id].model, ev.settings):
            done[(r.task_id, r.sample_index)] = r
    if unreadable:  # a hand edit or another tool: not trusted, so their samples are evaluated again
        _warn(f"{results_path}: {unreadable} line(s) are not results that hpccoder wrote; left out (a sample with "
              "no other result is evaluated again)")
    return done


def unchecked_pass(r: SampleResult, model: str, settings: dict) -> bool:
    """Whether `r` is a pass that the race check, on in this run, has not seen as it is now: one of an hpccoder
    before the check covered its model (mpi+omp), or before it saw MPI's buffers (a clean mpi+omp verdict without
    `mpi_annotations`), resumed by this one. Evaluated again."""
    return bool(settings.get("race_check")) and model in racecheck.MODELS and r.status == "pass" \
        and not racecheck.seen_by_this_check(model, r.race_check)


def drop_superseded(results_path: Path, done: dict[tuple[str, int], SampleResult]) -> None:
    """results.jsonl with one line per sample of this evaluation, the result that holds (`done`): the lines that a
    later result replaced (its code changed, its problem's checks changed, a not_run run again) go, so that no
    reader can take one of them for the sample's result. Lines of samples the samples file no longer has, and
    lines that are not results, stay as they are."""
    if not results_path.exists():
        return
    lines = results_path.read_text(encoding="utf-8").splitlines(keepends=True)
    current = {key: r.to_json() for key, r in done.items()}
    last_of: dict[tuple[str, int], int] = {}  # the last line of each sample with no result in `done`
    keep_for: dict[tuple[str, int], int] = {}  # the last line that is `done`'s result of its sample
    parsed: list[tuple[str, int] | None] = []
    for i, line in enumerate(lines):
        try:
            r = read_result(json.loads(line))
        except json.JSONDecodeError:
            r = None
        key = (r.task_id, r.sample_index) if r is not None else None
        parsed.append(key)
        if key is None:
            continue
        if key not in current:
            last_of[key] = i
        elif r.to_json() == current[key]:
            keep_for[key] = i
    kept = [line for i, (line, key) in enumerate(zip(lines, parsed))
            if key is None or keep_for.get(key) == i or last_of.get(key) == i]
    if len(kept) < len(lines):
        publish(results_path, text="".join(kept))


def warn_what_cannot_run(ev: Evaluation, tasks: dict[str, Task], opts: EvalOptions) -> None:
    for model in sorted({t.model for t in tasks.values()}):
        why = toolchains.get(model).missing() or ev.cannot_run(model)
        if why and model == "cuda" and opts.cuda_emulate and not toolchains.get(model).missing():
            _warn(f"{why}; --cuda-emulate: cuda samples are checked on the CPU emulator instead (correctness "
                  "only, no timings; results marked emulated)")
        elif why:
            _warn(f"{model} samples will be not_run: {why} (see `hpccoder doctor`)")


def evaluate_groups(ev: Evaluation, groups, tasks: dict[str, Task], writer: JsonlAppender, opts: EvalOptions,
                    total: int, desc: str, shard: dict | None = None) -> list[SampleResult]:
    """Evaluate each group of identical samples once, appending every sample's result as it comes: the new results
    (`shard`: the rank and host, where this is one rank of an evaluation over MPI)."""
    new: list[SampleResult] = []

    def record(template: SampleResult, members: list[Sample]) -> None:
        first = members[0].sample_index
        for s in members:
            r = replace(template, sample_index=s.sample_index, model=s.model, completion_sha256=s.sha256,
                        duplicate_of=template.duplicate_of if s.sample_index == first else first, shard=shard)
            writer.write(r.to_json())
            new.append(r)

    ev.measure_baselines([tasks[tid] for tid, _ in groups if not ev.cannot_run(tasks[tid].model)])
    bar = progress.bar(total, desc, "sample", opts.progress)
    statuses = Counter()
    with ThreadPoolExecutor(max_workers=opts.jobs or cpu_count()) as pool:
        futures = {pool.submit(ev.evaluate_code, tasks[tid], source, members[0].sample_index): members
                   for (tid, _), (source, members) in groups.items()}
        try:
            remaining = set(futures)
            while remaining:
                finished, remaining = wait(remaining, return_when=FIRST_COMPLETED)
                for fut in finished:
                    members = futures[fut]
                    result = fut.result()
                    record(result, members)
                    statuses[result.status] += len(members)
                    bar.set_postfix_str(" ".join(f"{k}={v}" for k, v in sorted(statuses.items())), refresh=False)
                    bar.update(len(members))
        except BaseException:
            ev.stop.set()
            for fut in futures:
                fut.cancel()
            sandbox_mod.kill_all()
            raise
        finally:
            bar.close()
    return new


def summary_of(settings: dict, samples, tasks, done, opts: EvalOptions, suite: Suite) -> dict:
    results = [done[(s.task_id, s.sample_index)] for s in samples]
    summary = summarize(results, tasks, opts.ks, speedup_ns(settings), opts.fast_ps, suite.version, cpu_count())
    fewest = min(Counter(r.task_id for r in results).values(), default=0)
    if results and min(opts.ks) > fewest:  # an empty table, and nothing said
        _warn(f"nothing to report at --k {','.join(map(str, opts.ks))}: a task has only {fewest} sample(s), and "
              "pass@k needs k of them; give a smaller --k, or more samples (-n)")
    summary["seed"] = settings["seed"]
    summary["settings"] = settings
    return summary


def evaluate(samples_path: Path, out: Path, opts: EvalOptions | None = None, suite: Suite | None = None,
             world: shards.World | None = None) -> dict | None:
    """Evaluate the samples of `samples_path` into `out`: the summary. With `world` (`shards.world()`: this process
    is one of several MPI ranks) the work is shared out over the ranks; rank 0 returns the summary, the others None."""
    if world is not None:
        from hpccoder.harness.sharded import evaluate_over_ranks
        return evaluate_over_ranks(samples_path, Path(out), opts or EvalOptions(), suite or Suite(), world)
    opts = opts or EvalOptions()
    suite = suite or Suite()
    samples, tasks = samples_and_tasks(samples_path, suite, _warn)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    results_path = out / "results.jsonl"
    start_over_or_fold(out, opts.overwrite)
    ev = Evaluation(suite, opts, out, {t.model for t in tasks.values()})
    try:  # until the main try below: its folder goes with an error here too
        warn_what_cannot_run(ev, tasks, opts)
        done = results_so_far(results_path, samples, tasks, opts, ev)
        pending = [s for s in samples if (s.task_id, s.sample_index) not in done]
        groups = group_samples(pending, tasks)
        writer = JsonlAppender(results_path)
    except BaseException:
        shutil.rmtree(ev.workroot, ignore_errors=True)
        raise
    try:
        for r in evaluate_groups(ev, groups, tasks, writer, opts, len(pending), "evaluate"):
            done[(r.task_id, r.sample_index)] = r
    except KeyboardInterrupt:
        saved = sum(1 for _ in read_jsonl(results_path))
        raise Interrupted(f"interrupted: {min(saved, len(samples))} of {len(samples)} results are saved in "
                          f"{results_path}; run the same command again to resume") from None
    finally:
        writer.close()
        shutil.rmtree(ev.workroot, ignore_errors=True)
    drop_superseded(results_path, done)
    summary = summary_of(ev.settings, samples, tasks, done, opts, suite)
    write_json_atomic(out / "summary.json", summary)
    return summary


__all__ = ["EvalOptions", "evaluate", "format_table"]
