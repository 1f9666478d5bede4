"""An evaluation in shards: over MPI ranks (`mpirun -np N hpccoder evaluate`, harness/shards.py), or as the
jobs of an array (`hpccoder evaluate --shard K/N`, `--submit N`: harness/batch.py), gathered at the end.

Every shard takes the problems `shards.assign` gives it, so a problem's serial baseline and all its samples
are measured on one machine, and appends its results to `results.rank-K.jsonl` (its baselines to
`baselines.rank-K.json`) as they come; the gathering folds those into results.jsonl and baselines.json
(`start_over_or_fold`) and writes the summary. A shard never writes results.jsonl, which every shard reads to
work out what is left: so all of them work it out alike.
"""

from __future__ import annotations

import json
import shutil
import socket
import traceback
from collections import Counter
from dataclasses import replace
from pathlib import Path

from hpccoder.errors import HpcError, Interrupted
from hpccoder.harness import shards
from hpccoder.harness.evaluate import (EvalOptions, Evaluation, _warn, check_same_settings, decide_settings,
                                       default_resources, drop_superseded, evaluate_groups, group_samples,
                                       race_check_on, read_run_json, results_so_far, samples_and_tasks,
                                       start_over_or_fold, summary_of, warn_what_cannot_run)
from hpccoder.harness.consistency import of_this_run, same_problem
from hpccoder.harness.records import SampleResult, read_result
from hpccoder.harness.toolchains.base import cpu_count
from hpccoder.results.machine import hardware
from hpccoder.samples import JsonlAppender, Sample, read_jsonl, shard_file, write_json_atomic
from hpccoder.suite import Suite, Task


def gather(samples_path: Path, out: Path, opts: EvalOptions | None = None, suite: Suite | None = None,
           machines: list[dict] | None = None) -> dict:
    """The summary of an evaluation whose shards ran elsewhere (the jobs of `--submit`): their files folded into
    results.jsonl, and every sample's result found there; nothing is built or run here."""
    opts = opts or EvalOptions()
    suite = suite or Suite()
    samples, tasks = samples_and_tasks(samples_path, suite, _warn)
    out = Path(out)
    if not (out / "run.json").exists():
        raise HpcError(f"{out} holds no evaluation (no run.json): nothing to gather")
    start_over_or_fold(out, False)
    settings = read_run_json(out / "run.json")["settings"]
    done = _finished(out, samples, tasks)
    missing = len(samples) - len(done)
    if missing:
        raise HpcError(f"{missing} of {len(samples)} samples have no result in {out}: run the evaluation again to "
                       "evaluate them")
    drop_superseded(out / "results.jsonl", done)
    summary = summary_of(settings, samples, tasks, done, opts, suite)
    if machines:
        summary["ranks"] = shards_summary(machines)
    write_json_atomic(out / "summary.json", summary)
    return summary


def _finished(out: Path, samples, tasks) -> dict:
    """The results in OUT/results.jsonl of these samples as they are now (the same code, the same problem: its
    version and content) made with this run's inputs (its seed)."""
    wanted = {(s.task_id, s.sample_index): s for s in samples}
    settings = read_run_json(out / "run.json")["settings"]
    seed, timing = settings.get("seed"), bool(settings.get("timing"))
    done = {}
    for rec in read_jsonl(out / "results.jsonl"):
        r = read_result(rec)
        s = wanted.get((r.task_id, r.sample_index)) if r else None
        if s is not None and r.completion_sha256 == s.sha256 and same_problem(r, tasks[s.task_id].problem) \
                and of_this_run(r, seed, timing):
            done[(r.task_id, r.sample_index)] = r
    return done


def all_judged(samples_path: Path, out: Path, opts: EvalOptions, suite: Suite | None = None) -> bool:
    """Whether every sample has a result in OUT that no machine would evaluate again (none is not_run or
    emulated): then jobs are not worth their wait in the queue. Other settings than OUT's are refused here as
    a job would (the resources that were given: the defaults are the nodes')."""
    if not (out / "run.json").exists():
        return False
    suite = suite or Suite()
    samples, tasks = samples_and_tasks(samples_path, suite, lambda message: None)
    given = {m: [r.label() for r in opts.resources[m]] for m in {t.model for t in tasks.values()} & set(opts.resources)}
    check_same_settings(read_run_json(out / "run.json")["settings"],
                        {"suite_version": suite.version, "timing": opts.timing, "warmup": opts.warmup,
                         "reps": opts.reps, "resources": given, "memory_mb": opts.limits.memory_mb,
                         "timeout": opts.min_timeout, "race_check": race_check_on(opts)}, opts, out)
    start_over_or_fold(out, False)
    done = _finished(out, samples, tasks)
    return len(done) == len(samples) and not any(r.status == "not_run" or r.emulated for r in done.values())


def shards_summary(machines: list[dict]) -> dict:
    """summary.json's `ranks`: how many shards, on which hosts, and each shard's hardware (results/machine.py):
    the run's record takes its hardware from there, not from the machine that gathered."""
    return {"size": len(machines), "hosts": sorted({m.get("hostname") for m in machines}), "hardware": machines}


def _weights(ev: Evaluation, pending: list[Sample], tasks: dict[str, Task]) -> dict[str, float]:
    """A problem's work: its distinct samples left, each run in every resource configuration of its model."""
    weights = Counter()
    for tid, _ in group_samples(pending, tasks):
        t = tasks[tid]
        weights[t.problem.id] += 0.05 if ev.cannot_run(t.model) else 1 + len(ev.resources.get(t.model, []))
    return dict(weights)


def evaluate_over_ranks(samples_path: Path, out: Path, opts: EvalOptions, suite: Suite,
                        world: shards.World) -> dict | None:
    """`evaluate` as one of several MPI ranks (see harness/shards.py)."""
    lead = world.rank == 0
    if opts.jobs is None and world.on_this_machine > 1:  # builds and checks: the cores shared among the node's ranks
        opts = replace(opts, jobs=max(1, cpu_count() // world.on_this_machine))
    samples, tasks = samples_and_tasks(samples_path, suite, _warn if lead else (lambda message: None))
    models = {t.model for t in tasks.values()}
    out.mkdir(parents=True, exist_ok=True)
    results_path = out / "results.jsonl"

    def prepare():
        start_over_or_fold(out, opts.overwrite)
        resources = default_resources(sorted(models), opts.resources)
        return decide_settings(suite, opts, out, resources), resources

    settings, resources = world.decide(prepare)
    ev, error = None, None
    try:
        ev = Evaluation(suite, opts, out, models, settings, resources)  # a sandbox on every rank's machine
    except HpcError as exc:
        error = exc
    done: dict[tuple[str, int], SampleResult] = {}
    try:
        world.all_ok(error)
        ev.baselines_path = shard_file(out / "baselines.json", world.rank)

        def share_out():
            warn_what_cannot_run(ev, tasks, opts)
            done.update(results_so_far(results_path, samples, tasks, opts, ev))
            pending = [s for s in samples if (s.task_id, s.sample_index) not in done]
            return [(s.task_id, s.sample_index) for s in pending], shards.assign(_weights(ev, pending, tasks),
                                                                                 world.size)

        pending, where = world.decide(share_out)
        by_key = {(s.task_id, s.sample_index): s for s in samples}
        mine = [by_key[k] for k in map(tuple, pending) if where[tasks[k[0]].problem.id] == world.rank]
        writer = JsonlAppender(shard_file(results_path, world.rank))
    except BaseException:
        if ev is not None:
            shutil.rmtree(ev.workroot, ignore_errors=True)
        raise
    new: list[SampleResult] = []
    error = None
    try:
        new = evaluate_groups(ev, group_samples(mine, tasks), tasks, writer, opts, len(mine),
                              f"evaluate (rank {world.rank} of {world.size})",
                              {"rank": world.rank, "host": socket.gethostname()})
    except HpcError as exc:
        error = exc
    except KeyboardInterrupt:  # the launcher stops every rank: what each finished is in its own file
        raise Interrupted(f"interrupted: the results finished so far are saved in {out}/results.rank-*.jsonl; run "
                          "the same command again to resume") from None
    except Exception as exc:  # a bug: said here, and the other ranks must not wait for this one for ever
        traceback.print_exc()
        error = HpcError(f"{type(exc).__name__}: {exc}")
    finally:
        writer.close()
        shutil.rmtree(ev.workroot, ignore_errors=True)

    gathered = world.gather({"results": [r.to_json() for r in new], "host": socket.gethostname(),
                             "hardware": hardware(),
                             "baselines": {pid: ev.baselines[pid] for pid in ev.measured},
                             "error": (str(error), error.exit_code) if error else None})

    def merge():  # into results.jsonl and baselines.json, before any rank lets go of its own files
        merged = JsonlAppender(results_path)
        try:
            merged.write_many([rec for part in gathered for rec in part["results"]])
        finally:
            merged.close()
        path = out / "baselines.json"
        baselines = json.loads(path.read_text()) if path.exists() else {}
        for part in gathered:
            baselines.update(part["baselines"])
        write_json_atomic(path, baselines)

    world.decide(merge)
    shard_file(results_path, world.rank).unlink(missing_ok=True)
    ev.baselines_path.unlink(missing_ok=True)

    def conclude():
        failed = [(rank, part) for rank, part in enumerate(gathered) if part["error"]]
        if failed:
            rank, part = failed[0]
            raise shards.error(f"rank {rank} ({part['host']}): {part['error'][0]}", part["error"][1])
        for part in gathered:
            for rec in part["results"]:  # the ranks' own results, made in this evaluation
                r = SampleResult.from_json(rec)
                done[(r.task_id, r.sample_index)] = r
        drop_superseded(results_path, done)
        summary = summary_of(ev.settings, samples, tasks, done, opts, suite)
        summary["ranks"] = shards_summary([part["hardware"] for part in gathered])
        write_json_atomic(out / "summary.json", summary)
        return summary

    summary = world.decide(conclude)
    return summary if lead else None


def evaluate_shard(samples_path: Path, out: Path, shard: int, shards_total: int, opts: EvalOptions | None = None,
                   suite: Suite | None = None) -> dict:
    """One shard of an evaluation run as a batch system's array of jobs (`hpccoder evaluate --shard K/N`): the
    problems `shards.assign` gives to shard K of N, into `results.rank-K.jsonl` and `baselines.rank-K.json`. Every
    shard works its part out from the same results.jsonl, which no shard writes; a plain `hpccoder evaluate` on
    the same folder afterwards gathers the shards' files and writes the summary. Returns counts."""
    opts = opts or EvalOptions()
    suite = suite or Suite()
    if not 0 <= shard < shards_total:
        raise HpcError(f"--shard {shard}/{shards_total}: K must be at least 0 and below N")
    if opts.overwrite:
        raise HpcError("--overwrite cannot go with --shard (each shard would delete the others' results): start "
                       "the folder over with `hpccoder evaluate --overwrite` before the shards, or use another --out")
    out = Path(out)
    if opts.seed is None and not (out / "run.json").exists():
        raise HpcError("the shards of an evaluation must share one seed: give --seed, or start from a folder whose "
                       "run.json has one")
    samples, tasks = samples_and_tasks(samples_path, suite, _warn if shard == 0 else (lambda message: None))
    out.mkdir(parents=True, exist_ok=True)
    models = {t.model for t in tasks.values()}
    ev = Evaluation(suite, opts, out, models)
    ev.baselines_path = shard_file(out / "baselines.json", shard)
    mine_path = shard_file(out / "results.jsonl", shard)
    try:
        done = results_so_far(out / "results.jsonl", samples, tasks, opts, ev)
        pending = [s for s in samples if (s.task_id, s.sample_index) not in done]
        where = shards.assign(_weights(ev, pending, tasks), shards_total)
        finished = results_so_far(mine_path, samples, tasks, opts, ev)  # a job the batch system started again
        mine = [s for s in pending if where[tasks[s.task_id].problem.id] == shard
                and (s.task_id, s.sample_index) not in finished]
        writer = JsonlAppender(mine_path)
    except BaseException:
        shutil.rmtree(ev.workroot, ignore_errors=True)
        raise
    try:
        new = evaluate_groups(ev, group_samples(mine, tasks), tasks, writer, opts, len(mine),
                              f"evaluate (shard {shard} of {shards_total})",
                              {"rank": shard, "host": socket.gethostname()})
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted: the results finished so far are saved in {mine_path}; run the same "
                          "command again to resume") from None
    finally:
        writer.close()
        shutil.rmtree(ev.workroot, ignore_errors=True)
    return {"shard": shard, "of": shards_total, "evaluated": len(new), "earlier": len(finished),
            "statuses": dict(Counter(r.status for r in new)), "results": str(mine_path), "hardware": hardware()}
