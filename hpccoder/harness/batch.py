"""`hpccoder evaluate --submit N`: the evaluation as an array of N batch jobs, through submitit (Slurm).

The machine that submits fixes the seed, hands each job its shard (`evaluate_shard`: the problems
`shards.assign` gives it, results into `OUT/results.rank-K.jsonl`), waits for the jobs and gathers
their results into `OUT/results.jsonl` and `OUT/summary.json` (`gather`: nothing is built or run on
the submitting machine, which needs no compilers). Every job works out its shard from the same
results.jsonl, so a run that was stopped resumes where its jobs got to: the same command again
submits jobs for what is left.

    hpccoder evaluate --samples S.jsonl --out runs/mine --submit 8 \
        --job slurm_partition=cpu --job timeout_min=120 --job cpus_per_task=32

`--cluster local` runs the jobs as processes of this machine (submitit's local executor), to try
a set-up out before it goes to the cluster.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

from hpccoder import progress, stopping
from hpccoder.errors import HpcError, Interrupted
from hpccoder.harness.evaluate import EvalOptions, read_run_json, start_over_or_fold
from hpccoder.harness.sharded import all_judged, gather
from hpccoder.samples import fold_shards, read_jsonl, shard_file, start_over, write_json_atomic

STOPPED = "stopped (cancelled, or past its time limit)"
POLL_S = 5.0  # how often the jobs' states are asked for (submitit caches sacct's answers between)


def job_parameters(items: list[str]) -> dict:
    """`--job KEY=VALUE` items as submitit parameters: numbers as numbers."""
    params = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise HpcError(f"--job {item}: give KEY=VALUE, a submitit parameter such as timeout_min=120, "
                           "slurm_partition=cpu, cpus_per_task=32, mem_gb=64")
        for kind in (int, float):
            try:
                params[key.strip()] = kind(value)
                break
            except ValueError:
                continue
        else:
            params[key.strip()] = value
    return params


def run_shard(samples_path: str, out: str, shard: int, total: int, opts: EvalOptions) -> dict:
    """The body of one job (on the cluster's node); an HpcError comes back as {"error": its message}."""
    from hpccoder.harness.sharded import evaluate_shard
    stopping.install()  # submitit lets a job go on past SIGTERM (scancel, the time limit): this one stops
    try:
        return evaluate_shard(Path(samples_path), Path(out), shard, total, opts)
    except (Interrupted, KeyboardInterrupt):
        return {"error": STOPPED}
    except HpcError as exc:
        return {"error": str(exc)}


class _SacctOnce(logging.Filter):
    """Where Slurm keeps no accounting, sacct fails and submitit warns so at every poll of the jobs (it then
    follows them by their files, which works): the first warning is enough."""

    said = False

    def filter(self, record: logging.LogRecord) -> bool:
        if "Bypassing sacct error" not in record.getMessage():
            return True
        if self.said:
            return False
        self.said = True
        record.msg, record.args = f"{record.getMessage()} (said once: the jobs are followed by their files)", ()
        return True


def executor(folder: Path, cluster: str, params: dict):
    try:
        import submitit
    except ImportError:
        raise HpcError("--submit needs submitit: pip install submitit (or hpccoder[slurm])") from None
    log = logging.getLogger("submitit")  # its warnings once, on stderr (it sends them to stdout too)
    log.handlers = [h for h in log.handlers if getattr(h, "stream", None) is not sys.stdout]
    once = next((f for f in log.filters if isinstance(f, _SacctOnce)), None) or _SacctOnce()
    log.addFilter(once)  # once per submission
    once.said = False
    if cluster == "slurm" and shutil.which("sbatch") is None:
        raise HpcError("--submit: no Slurm here (sbatch is not on the PATH); submit from a login node of the "
                       "cluster, or try the set-up with --cluster local (jobs as processes of this machine)")
    if cluster == "slurm" and not {"timeout_min", "slurm_time"} & set(params):  # not submitit's 5 minutes
        minutes = partition_minutes(params.get("slurm_partition"))
        if minutes is None:
            raise HpcError("give the jobs' time limit: --job timeout_min=MINUTES (sinfo did not say the "
                           "partition's default)")
        params = {**params, "timeout_min": minutes}
    ex = submitit.AutoExecutor(folder=folder, cluster=cluster)
    try:
        ex.update_parameters(**{**params, "name": f"hpccoder-{params.get('name', 'job')}"})
    except (NameError, ValueError, TypeError) as exc:
        raise HpcError(f"--job: {exc}") from None
    return ex


UNLIMITED_MIN = 30 * 24 * 60  # a partition without a time limit: a month


def slurm_minutes(text: str) -> int | None:
    """Slurm's time ("infinite", "D-HH:MM:SS", "HH:MM:SS", "MM:SS", "MM") in minutes; None for "n/a"."""
    text = text.strip().lower()
    if text in ("infinite", "unlimited"):
        return UNLIMITED_MIN
    days, _, clock = text.rpartition("-")
    try:
        parts = [int(p) for p in clock.split(":")]
        d = int(days) if days else 0
    except ValueError:
        return None
    if not parts or len(parts) > 3:
        return None
    if days:  # D-HH, D-HH:MM, D-HH:MM:SS
        h, m, sec = (parts + [0, 0])[:3]
    else:  # MM, MM:SS, HH:MM:SS
        h, m, sec = parts if len(parts) == 3 else (0, parts[0], parts[1] if len(parts) == 2 else 0)
    return max(1, d * 1440 + h * 60 + m + (1 if sec else 0))


def partition_minutes(partition: str | None) -> int | None:
    """The default time limit of the partition (the cluster's default one when None), else its maximum."""
    import subprocess

    try:
        out = subprocess.run(["sinfo", "-h", "-o", "%P %L %l"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in out.stdout.splitlines() if out.returncode == 0 else []:
        name, *times = line.split()
        if len(times) == 2 and (name.rstrip("*") == partition if partition else name.endswith("*")):
            return slurm_minutes(times[0]) or slurm_minutes(times[1])
    return None


def _failure(job) -> str | None:
    """Why a finished job failed (its HpcError's message, or the last line of its traceback), or None."""
    try:
        if job.exception() is None:
            value = job.result()
            return value.get("error") if isinstance(value, dict) else None
        text = str(job.exception())
    except Exception as exc:  # no result to read: killed by the batch system, or its node went away
        text = f"{type(exc).__name__}: {exc}"
    said = [ln.strip() for ln in text.splitlines() if re.match(r"\s*[\w.]+(Error|Exception|Interrupt)\b", ln)]
    return said[-1] if said else (text.strip().splitlines() or ["failed"])[-1]


def run_array(fn, arglists: list[tuple], folder: Path, cluster: str, params: dict, name: str,
              show_progress: bool, keep: Path) -> list:
    """fn(*args) for each args of arglists, as an array of batch jobs; their values once all have ended. Ctrl-C
    cancels them; a failed one is an HpcError that names it and its log."""
    ex = executor(folder / "jobs", cluster, {"name": name, **params})
    total = len(arglists)
    jobs = ex.map_array(fn, *zip(*arglists)) if arglists else []
    write_json_atomic(folder / f"{name}-jobs.json", {
        "cluster": cluster, "submitted": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "job_ids": [job.job_id for job in jobs], "logs": str(folder / "jobs")})
    bar = progress.bar(total, f"{name} jobs ({cluster})", "job", show_progress)
    try:
        finished = 0
        while finished < total:
            now = sum(1 for job in jobs if job.done())
            bar.update(now - finished)
            finished = now
            if finished < total:
                time.sleep(POLL_S)
    except KeyboardInterrupt:
        for job in jobs:
            job.cancel(check=False)
        raise Interrupted(f"interrupted: the jobs are cancelled; what they finished is kept in {keep}; run the "
                          "same command again to go on") from None
    finally:
        bar.close()
    failed = [(k, job, why) for k, job in enumerate(jobs) for why in [_failure(job)] if why]
    if failed:
        k, job, why = failed[0]
        more = f" ({len(failed)} of {total} jobs failed)" if len(failed) > 1 else ""
        raise HpcError(f"shard {k} (job {job.job_id}) failed{more}: {why} (its log: {job.paths.stderr}); what the "
                       "jobs finished is kept: run the same command again for the rest")
    return [job.result() for job in jobs]


def submit_evaluation(samples_path: Path, out: Path, total: int, opts: EvalOptions, cluster: str = "slurm",
                      params: dict | None = None, show_progress: bool = True) -> dict:
    if total < 1:
        raise HpcError("--submit N: N jobs, at least 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if opts.overwrite:  # here, once: a job must not delete what the others wrote
        start_over_or_fold(out, True)
        opts = replace(opts, overwrite=False)
    run_json = out / "run.json"
    if opts.seed is None:  # every job draws its inputs from one seed
        opts = replace(opts, seed=read_run_json(run_json)["settings"]["seed"] if run_json.exists()
                       else secrets.randbits(31))
    if all_judged(samples_path, out, opts):  # the same command once more: nothing to queue for
        before = out / "summary.json"
        machines = json.loads(before.read_text()).get("ranks", {}).get("hardware") if before.exists() else None
        return gather(samples_path, out, opts, machines=machines)
    done = run_array(run_shard, [(str(samples_path), str(out), k, total, opts) for k in range(total)], out,
                     cluster, params or {}, "evaluate", show_progress, out)
    return gather(samples_path, out, opts, machines=[d["hardware"] for d in done])


def generate_shard(model: str, backend_options: dict, task_ids: list[str], params, out: str, shard: int) -> dict:
    """The body of one generation job: the model loaded on the job's node, its tasks' missing samples into
    OUT's part file `<stem>.rank-K.jsonl`."""
    from hpccoder import models
    from hpccoder.generate import generate
    from hpccoder.suite import Suite

    stopping.install()
    try:
        suite = Suite()
        main = Path(out)
        part = shard_file(main, shard)
        generate(models.load(model, **backend_options), [suite.task(t) for t in task_ids], params, part,
                 progress=False, done_in=main)
        return {"samples": len(read_jsonl(part))}
    except (Interrupted, KeyboardInterrupt):
        return {"error": STOPPED}
    except HpcError as exc:
        return {"error": str(exc)}


def tasks_lacking_samples(out: Path, model: str, task_ids: list[str], params) -> list[str]:
    """The tasks of which OUT lacks a sample below -n, in their order: the jobs' work. The submitting machine does
    not load the model, so what its samples say of their model and settings is checked as far as the model's
    name allows (a job checks it in full, as `generate` does): another backend or other sampling settings are
    refused here too."""
    from hpccoder.generate import same_sampling
    from hpccoder.models import sampling_matters

    matters = sampling_matters(model)
    have: set[tuple[str, int]] = set()
    for number, rec in enumerate(read_jsonl(out) if out.exists() else [], 1):
        if not isinstance(rec, dict):
            raise HpcError(f"{out}: record {number} is not a sample hpccoder wrote: remove it, use another --out, "
                           "or --overwrite")
        made_by = str(rec.get("model") or "")
        if made_by.partition(":")[0] != model.partition(":")[0] or \
                (matters and not same_sampling(rec.get("generation"), params)):
            raise HpcError(f"{out} holds samples of another model or other sampling settings ({made_by}): use "
                           "another --out, or --overwrite")
        have.add((rec.get("task_id"), rec.get("sample_index")))
    return [t for t in task_ids if any((t, i) not in have for i in range(params.n))]


def submit_generation(model: str, backend_options: dict, task_ids: list[str], params, out: Path, total: int,
                      cluster: str = "slurm", job_params: dict | None = None, show_progress: bool = True,
                      overwrite: bool = False) -> Path:
    """`hpccoder generate --submit N`: the tasks dealt out over N jobs (on GPU nodes, say), each loading the
    model itself; their samples gathered into OUT."""
    if total < 1:
        raise HpcError("--submit N: N jobs, at least 1")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if overwrite:
        start_over(out)
    fold_shards(out)
    lacking = tasks_lacking_samples(out, model, task_ids, params)
    if not lacking:  # the same command once more: no job to load the model for nothing
        print(f"hpccoder: {out} holds all {params.n} samples of the {len(task_ids)} task(s) already: no job "
              "submitted (--overwrite makes them again)", file=sys.stderr)
        return out
    shares = [(model, backend_options, lacking[k::total], params, str(out), k) for k in range(total)]
    run_array(generate_shard, [s for s in shares if s[2]], out.parent, cluster, job_params or {}, "generate",
              show_progress, out)
    fold_shards(out)
    return out
