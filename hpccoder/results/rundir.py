"""A run folder read into one record for the store.

A folder that `hpccoder run` or `hpccoder evaluate` wrote holds run.json (settings, seed,
start time), results.jsonl (one line per sample, the last line of a sample wins: a resumed
evaluation appends) and, for `run`, samples.jsonl (the code, the model, the sampling
parameters). record.json is written beside them when the run ends: its origin, the hardware
and the end time, so that a folder carried to another machine still says where it ran.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from hpccoder.errors import HpcError
from hpccoder.harness.consistency import of_this_run, same_problem
from hpccoder.harness.records import SampleResult, read_result
from hpccoder.results.checks import EVALUATE_AGAIN, check_results, check_run_files
from hpccoder.samples import read_samples, write_json_atomic

RECORD_FILE = "record.json"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
CODE_CAP = 64_000  # characters of a sample's code kept in the store


@dataclass
class RunData:
    id: str
    model: str
    backend: str
    source: str  # run, evaluate or add
    out_dir: str
    started: str | None
    finished: str | None
    duration_s: float | None
    suite_version: str | None
    hpccoder_version: str | None
    seed: int | None
    settings: dict
    generation: dict | None
    hardware: dict
    tools: dict
    problem_versions: dict
    summary: dict
    samples: list[dict] = field(default_factory=list)
    samples_path: str | None = None  # the samples file read (verify.py re-evaluates their code, not the stored cap)


def split_task_id(task_id: str) -> tuple[str, str, str]:
    """(problem id, category, execution model) of '<lang>/<category>/<NN_name>/<model>'."""
    problem, _, model = task_id.rpartition("/")
    parts = problem.split("/")
    category = parts[1] if len(parts) >= 3 else (parts[0] if parts[0] else "other")
    return problem, category, model


def make_run_id(started: str | None, seed, model: str, suite_version: str | None, origin: str,
                uid: str | None = None) -> str:
    """Short and stable: the same run gives the same id, so adding it twice replaces, never duplicates. From
    run.json's run_uid, made when the evaluation began, and the model: the same wherever the folder is moved or
    resumed (a folder of an older hpccoder has none: from its start, seed, model, suite and the host:path it
    ended on)."""
    if isinstance(uid, str) and uid:
        return hashlib.sha256(json.dumps(["run_uid", uid, model]).encode()).hexdigest()[:10]
    key = json.dumps([started, seed, model, suite_version, origin])
    return hashlib.sha256(key.encode()).hexdigest()[:10]


def _load_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise HpcError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise HpcError(f"{path} does not hold a JSON object")
    return data


def _last_results(path: Path, samples: dict | None = None, run_seed=None,
                  timing: bool = False) -> tuple[list[SampleResult], int, int]:
    """The last result of each sample, how many lines were not results (left out, as `evaluate` leaves them
    out: it runs their samples again), and how many results of this run are of no sample in `samples`. With
    `samples`, the last result of the sample's code as it is now (a result of code it had before, in a later line,
    does not hide it). With the run's seed, a line made with other inputs (of another evaluation, appended) is not
    one of this run's results either."""
    latest: dict[tuple[str, int], SampleResult] = {}
    unreadable = orphans = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            r = read_result(json.loads(line))
        except json.JSONDecodeError:
            r = None
        if r is None or not of_this_run(r, run_seed, timing):
            unreadable += 1
            continue
        key = (r.task_id, r.sample_index)
        if samples is not None:
            s = samples.get(key)
            if s is None:
                orphans += 1
                continue
            if s.sha256 != r.completion_sha256:
                continue
        latest[key] = r
    return list(latest.values()), unreadable, orphans


# SampleResult fields with a column of their own, or not worth keeping per sample (tools are kept per run)
_COLUMNS = {"task_id", "sample_index", "status", "message", "build_log", "build_s", "runs", "baseline_s", "speedup",
            "suspicious", "duplicate_of", "problem_version", "model", "tools", "suite_version", "completion_sha256"}


def _sample_row(r: SampleResult, code: str | None) -> dict:
    problem, category, model = split_task_id(r.task_id)
    # what other execution models add (a GPU's reference speedups, Verilog cell counts, ...) is kept as it is
    extra = {k: v for k, v in r.to_json().items() if k not in _COLUMNS and v not in (None, "", [], {})}
    return {
        "extra": extra,
        "task_id": r.task_id, "sample_index": r.sample_index, "execution_model": model, "category": category,
        "status": r.status, "message": r.message, "build_s": r.build_s, "build_log": r.build_log,
        "code": code[:CODE_CAP] if code is not None else None, "baseline_s": r.baseline_s, "speedup": r.speedup,
        "runs": [run.to_json() for run in r.runs], "suspicious": r.suspicious, "duplicate_of": r.duplicate_of,
        "problem_version": r.problem_version,
    }


@functools.lru_cache(maxsize=None)
def _known_task(task_id: str) -> bool:
    try:
        _suite().task(task_id)
    except HpcError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _suite():
    from hpccoder.suite import Suite

    return Suite()


def _parse_time(text: str | None) -> datetime | None:
    try:
        return datetime.strptime(text, TIME_FORMAT) if text else None
    except ValueError:
        return None


def read_run_dir(folder: Path, samples_path: Path | None = None, source: str = "add") -> RunData:
    from hpccoder.harness.summary import speedup_ns, summarize  # imports the suite: only when a folder is read

    folder = Path(folder)
    if not (folder / "results.jsonl").is_file() or not (folder / "run.json").is_file():
        raise HpcError(f"{folder} is not a results folder (it needs run.json and results.jsonl, as "
                       "`hpccoder run` and `hpccoder evaluate` write them)")
    run_json = _load_json(folder / "run.json")
    record = _load_json(folder / RECORD_FILE) if (folder / RECORD_FILE).is_file() else {}
    old_summary = _load_json(folder / "summary.json") if (folder / "summary.json").is_file() else {}
    check_run_files(folder, run_json, record, old_summary)
    settings = run_json.get("settings") or {}
    if not isinstance(settings, dict):
        raise HpcError(f"{folder}/run.json: 'settings' is not an object, as hpccoder writes it: evaluate again")

    if samples_path is not None and not Path(samples_path).is_file():
        raise HpcError(f"{samples_path}: no such samples file: give the file this run's samples were evaluated from")
    samples_path = samples_path or (folder / "samples.jsonl")
    if not samples_path.is_file() and record.get("samples") and Path(record["samples"]).is_file():
        samples_path = Path(record["samples"])
    if not samples_path.is_file():  # without them, a sample whose result went missing could not be told
        said = f" (record.json says {record['samples']})" if record.get("samples") else ""
        raise HpcError(f"{folder}: the samples of this run are not found{said}: give them with --samples FILE, "
                       "so that every sample can be found to have its result")
    samples = {(s.task_id, s.sample_index): s for s in read_samples(samples_path, lambda msg: None)}
    # as evaluate does: a result counts for the samples as they are now (same code), no other
    results, unreadable, orphans = _last_results(folder / "results.jsonl", samples or None, settings.get("seed"),
                                                 settings.get("timing") is True)
    if not results:
        extra = f" for the samples of {samples_path}" if samples else ""
        raise HpcError(f"{folder}/results.jsonl holds no result{extra}: evaluate them first")
    check_results(folder, results)
    # a sample deleted from (or made unreadable in) the samples file would take its failure out of the figures
    if orphans:
        raise HpcError(f"{folder}: {orphans} result(s) of this run are of samples that {samples_path} does not "
                       "have (deleted, or lines that no longer read): give the samples it was evaluated from "
                       "(--samples FILE), or evaluate this samples file again into a new folder")
    _check_against_suite(folder, results, settings)
    # samples of a task the suite does not have were left out of the evaluation (said then), not lost
    lacking = sorted({tid for tid, i in set(samples) - {(r.task_id, r.sample_index) for r in results}
                      if _known_task(tid)})
    # its figures would be of fewer samples than it has: a sample's failing result lost (or edited, or deleted)
    # would raise them, so such a folder is not recorded (nor one whose samples are not known, where a line that
    # is not a result may have been one of them)
    if unreadable and samples and not lacking:
        print(f"hpccoder: warning: {folder}: {unreadable} line(s) of results.jsonl are not results of this run as "
              "hpccoder wrote them: left out (every sample has a result)", file=sys.stderr)
    elif unreadable or lacking:
        gaps = [f"{unreadable} line(s) of results.jsonl are not results of this run as hpccoder wrote them"] \
            if unreadable else []
        gaps += [f"samples of {len(lacking)} task(s) have no result ({', '.join(lacking[:3])}"
                 f"{' ...' if len(lacking) > 3 else ''})"] if lacking else []
        raise HpcError(f"{folder}: {'; '.join(gaps)}: `hpccoder evaluate` on this folder again completes it, and "
                       "then it can be recorded")
    results.sort(key=lambda r: (r.task_id, r.sample_index))

    # one run, one model: a file of several models' samples would be ranked under the first one's name
    models = sorted({s.model for s in samples.values() if s.model} if samples else {r.model for r in results if r.model})
    if len(models) > 1:
        raise HpcError(f"{samples_path if samples else folder / 'results.jsonl'} holds the samples of {len(models)} "
                       f"models ({', '.join(models[:3])}{' ...' if len(models) > 3 else ''}): a run is of one model; "
                       "evaluate each model's samples into a folder of its own")
    first_sample = next(iter(samples.values()), None)
    # samples without a model (a file made by another tool) are named after their file, as --model file: does
    model = (first_sample.model if first_sample else None) or next((r.model for r in results if r.model), None) \
        or (f"file:{samples_path.resolve()}" if samples else "unknown")
    generation = first_sample.generation if first_sample else None

    # the leaderboard ranks by the @1 metrics: a run evaluated with --k 5,10 alone must have them too
    ks = sorted({1, *(old_summary.get("k") or [1, 5, 10])})
    fast_ps = sorted({float(m.group(1)) for key in old_summary.get("overall", {})
                      for m in [re.fullmatch(r"fast_(\d+(?:\.\d+)?)@\d+", key)] if m}) or [1.0]
    tasks = {r.task_id: SimpleNamespace(model=split_task_id(r.task_id)[2], category=split_task_id(r.task_id)[1])
             for r in results}
    # recomputed from the results rather than trusted from summary.json, which an interrupted resume leaves stale
    machine = run_json.get("machine") if isinstance(run_json.get("machine"), dict) else {}
    cores = machine.get("cores")
    cores = cores if type(cores) is int and cores > 0 else None  # an older or hand-made run.json: the largest n
    summary = summarize(results, tasks, ks, speedup_ns(settings), fast_ps, settings.get("suite_version"), cores)

    tools: dict = {}
    for r in results:
        tools.update({k: v for k, v in (r.tools or {}).items() if v})
    problem_versions = {split_task_id(r.task_id)[0]: r.problem_version for r in results}
    started = run_json.get("started")
    finished = record.get("finished")
    if not finished:
        finished = time.strftime(TIME_FORMAT, time.localtime((folder / "results.jsonl").stat().st_mtime))
    t0, t1 = _parse_time(started), _parse_time(finished)
    # samples that name no model are named after their file's path, which moving the folder changes: its run
    # stays the same run (run_uid), so the id does not take that name
    id_model = model if (first_sample and first_sample.model) or not samples else "file"
    run_id = make_run_id(started, settings.get("seed"), id_model, settings.get("suite_version"),
                         record.get("origin", ""), run_json.get("run_uid"))
    hardware = record.get("hardware") or {"cores": machine.get("cores")}
    return RunData(
        id=run_id, model=model, backend=model.split(":", 1)[0], source=record.get("source", source),
        out_dir=str(folder.resolve()), started=started, finished=finished,
        duration_s=round((t1 - t0).total_seconds(), 1) if t0 and t1 else None,
        suite_version=settings.get("suite_version"), hpccoder_version=run_json.get("hpccoder_version"),
        seed=settings.get("seed"), settings=settings, generation=generation, hardware=hardware, tools=tools,
        problem_versions=problem_versions, summary=summary,
        samples=[_sample_row(r, samples[(r.task_id, r.sample_index)].completion
                             if (r.task_id, r.sample_index) in samples else None) for r in results],
        samples_path=str(samples_path))


RAN = ("pass", "wrong_answer", "runtime_error", "timeout")  # statuses only a sample that ran gets


def _check_against_suite(folder: Path, results: list[SampleResult], settings: dict) -> None:
    """Raises HpcError, one line, where the results cannot be the run's as its settings say: judged by another
    suite version than the run's, of a task or a problem version that suite does not have (when it is the one
    installed here), at resources its settings do not list, or not_run beside results of the same execution model
    that ran (evaluate runs a not_run sample again where its model runs: a failure relabelled not_run would leave
    the figures)."""
    version = settings.get("suite_version")
    suite = _suite()
    for r in results:
        where = f"{folder}/results.jsonl ({r.task_id} sample {r.sample_index})"
        if version and r.suite_version and r.suite_version != version:
            raise HpcError(f"{where}: judged by suite {r.suite_version}, the run by suite {version}: {EVALUATE_AGAIN}")
        if version and version == suite.version:
            try:
                problem = suite.task(r.task_id).problem
            except HpcError:
                raise HpcError(f"{where}: suite {version} has no such task: {EVALUATE_AGAIN}") from None
            if r.problem_version is not None and not same_problem(r, problem):
                raise HpcError(f"{where}: judged against another version of its problem than suite {version}'s: "
                               f"{EVALUATE_AGAIN}")
    labels = settings.get("resources") or {}
    for r in results:
        model = split_task_id(r.task_id)[2]
        listed = labels.get(model)
        ran_at = sorted({run.resources.label() for run in r.runs})
        if r.status == "pass" and r.runs and listed and not r.emulated and ran_at != sorted(set(listed)):
            raise HpcError(f"{folder}/results.jsonl ({r.task_id} sample {r.sample_index}): ran at "
                           f"{', '.join(ran_at)}, where run.json's "
                           f"settings list {', '.join(listed)}: {EVALUATE_AGAIN}")
    # (emulated cuda samples aside: the emulator leaves out code it cannot compile, as not_run, beside others)
    ran = {split_task_id(r.task_id)[2] for r in results if r.status in RAN and not r.emulated}
    mixed = sorted({r.task_id for r in results
                    if r.status == "not_run" and not r.emulated and split_task_id(r.task_id)[2] in ran})
    if mixed:
        raise HpcError(f"{folder}: samples of {len(mixed)} task(s) ({', '.join(mixed[:3])}"
                       f"{' ...' if len(mixed) > 3 else ''}) are not_run where other samples of their execution model "
                       "ran: `hpccoder evaluate` on this folder again runs them, and then it can be recorded")


def shards_hardware(folder: Path) -> dict | None:
    """The hardware of a run done in shards (over MPI ranks or batch jobs: summary.json's `ranks`), where the
    timings were taken: shard 0's, with the number of machines; not the machine that gathered them."""
    try:
        ranks = json.loads((folder / "summary.json").read_text()).get("ranks") or {}
    except (OSError, ValueError):
        return None
    machines = [m for m in ranks.get("hardware") or [] if isinstance(m, dict)]
    if not machines:
        return None
    return {**machines[0], "machines": len(ranks.get("hosts") or [None])}


def write_record(folder: Path, source: str, samples_path: Path | None = None) -> dict:
    """record.json for a run that just ended on this machine: its hardware, its origin and end time."""
    import socket

    from hpccoder.results.machine import hardware

    folder = Path(folder)
    record = {
        "source": source,
        "origin": f"{socket.gethostname()}:{folder.resolve()}",
        "finished": time.strftime(TIME_FORMAT),
        "hardware": shards_hardware(folder) or hardware(),
    }
    if samples_path is not None and Path(samples_path).resolve() != (folder / "samples.jsonl").resolve():
        record["samples"] = str(Path(samples_path).resolve())
    write_json_atomic(folder / RECORD_FILE, record)
    return record
