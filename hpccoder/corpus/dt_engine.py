"""Stage 1 on datatrove: the same per-file processing, run by datatrove's executors.

    hpccoder corpus build --recipe corpora/hpc.yaml --out DIR --engine datatrove --workers 2 --tasks 8

Each unit runs as a datatrove pipeline of one step, `CorpusShard`: task `rank` of `world_size`
reads the unit's files, keeps every world_size-th one, processes it (process.py) and writes
part-rNNNNN.parquet and stats-rNNNNN.json. Locally that is LocalPipelineExecutor (which skips
tasks it finished before: resume); on a cluster the same step list runs under
SlurmPipelineExecutor: `--cluster slurm` submits every unit that is not done as an array of `tasks`
jobs, waits for them (Ctrl-C cancels them; a failed task is named with its log), and then this node
deduplicates and writes the dataset. A rerun submits only the tasks without a completion mark.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from datatrove.executor import SlurmPipelineExecutor
from datatrove.pipeline.base import PipelineStep

from hpccoder.errors import HpcError

POLL_S = 5.0


class CorpusShard(PipelineStep):
    name = "hpccoder corpus shard"
    type = "Processor"

    def __init__(self, unit, recipe, index, folder: str):
        super().__init__()
        self.unit, self.recipe, self.index, self.folder = unit, recipe, index, folder

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        from hpccoder.corpus import pipeline, process, sources

        process.init_worker(self.recipe.spec, self.index)
        folder = Path(self.folder)
        stats = pipeline._empty_stats()
        writer = pipeline._ShardWriter(folder, f"part-r{rank:05d}", self.recipe["output"]["shard_rows"],
                                       pipeline._schema())
        docs = (d for i, d in enumerate(sources.iter_unit(self.unit, self.recipe)) if i % world_size == rank)
        timer = {"read": 0.0}
        for batch in pipeline._batches(docs, timer):
            results, timings = process.process_batch(batch)
            pipeline._tally(stats, results, timings, writer)
            self.stat_update("files", value=len(results))
        writer.close()
        stats["seconds"]["read"] += timer["read"]
        (folder / f"stats-r{rank:05d}.json").write_text(json.dumps(stats))
        return iter(())


def run_unit(unit, recipe, index, folder: Path, workers: int, tasks: int | None) -> dict:
    from datatrove.executor import LocalPipelineExecutor

    tasks = tasks or workers
    executor = LocalPipelineExecutor(pipeline=[CorpusShard(unit, recipe, index, str(folder))], tasks=tasks,
                                     workers=workers, logging_dir=str(folder / "datatrove-logs"))
    if workers > 1:
        _forkserver_without_ctrl_c()
    executor.run()
    return merged_stats(folder, tasks)


def _forkserver_without_ctrl_c() -> None:
    """Start the fork server of datatrove's pools (the `multiprocess` package's) with Ctrl-C ignored: its children,
    the pool's workers, are then born ignoring it. Ctrl-C reaches every process of the terminal's process group;
    the launcher ends the pool and says so in one line, where each worker would print a KeyboardInterrupt
    traceback (as soon as it starts: while it imports, before any code of ours runs in it)."""
    import multiprocess.forkserver

    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        multiprocess.forkserver.ensure_running()  # started once; the ignored signal is inherited through exec
    finally:
        signal.signal(signal.SIGINT, old)


class SlurmExecutor(SlurmPipelineExecutor):
    def launch_merge_stats(self):  # no job for it: the unit's stats are merged by `run_on_slurm`
        pass


def merged_stats(folder: Path, tasks: int) -> dict:
    from hpccoder.corpus import pipeline

    total = pipeline._empty_stats()
    for rank in range(tasks):
        pipeline._merge_stats(total, json.loads((folder / f"stats-r{rank:05d}.json").read_text()))
    return total


def slurm_executor(unit, recipe, index, folder: Path, tasks: int, name: str, params: dict):
    """The step list as an array of Slurm jobs (`params`: SlurmPipelineExecutor's, e.g. partition, time,
    cpus_per_task, mem_per_cpu_gb, qos; sbatch_args as "account:NAME,constraint:X"). The jobs activate this
    virtual environment."""
    params = dict(params)
    if isinstance(params.get("sbatch_args"), str):
        pairs = [item.partition(":") for item in params["sbatch_args"].split(",") if item.strip()]
        if any(not sep or not k.strip() for k, sep, _ in pairs):
            raise HpcError("--job sbatch_args=KEY:VALUE,KEY:VALUE... (sbatch's long options without --), e.g. "
                           "sbatch_args=account:myproject,constraint:cpu")
        params["sbatch_args"] = {k.strip(): v.strip() for k, _, v in pairs}
    venv = Path(sys.prefix) / "bin" / "activate"
    settings = {"job_name": name, "venv_path": str(venv) if venv.exists() else None, "requeue": False,
                "logging_dir": str(folder / "datatrove-logs"), **params}
    try:
        return SlurmExecutor(pipeline=[CorpusShard(unit, recipe, index, str(folder))], tasks=tasks, **settings)
    except TypeError as exc:
        raise HpcError(f"--job: {exc} (SlurmPipelineExecutor's parameters: partition, time, cpus_per_task, "
                       "mem_per_cpu_gb, qos, sbatch_args...)") from None


def alive(job_ids: list[str]) -> set[str] | None:
    """Which of these Slurm jobs (arrays) are still queued or running; None when squeue gives no answer."""
    if not job_ids:
        return set()
    try:
        out = subprocess.run(["squeue", "-h", "-j", ",".join(job_ids), "-o", "%F"], capture_output=True, text=True,
                             timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:  # every id unknown (ended and forgotten), or the controller did not answer
        return set() if "Invalid job id" in out.stderr else None
    return set(out.stdout.split()) & set(job_ids)


def check_slurm(tasks: int, params: dict, record: Path) -> None:
    """What a submission needs, said before anything is changed; and no jobs of an earlier run still running."""
    missing = [k for k in ("partition", "time") if k not in params]
    if missing:
        raise HpcError("--cluster slurm needs " + " and ".join(f"--job {k}=..." for k in missing) +
                       " (e.g. --job partition=cpu --job time=04:00:00)")
    if shutil.which("sbatch") is None:
        raise HpcError("--cluster slurm: no Slurm here (sbatch is not on the PATH); run this on a login node")
    if "SLURM_ARRAY_TASK_ID" in os.environ:
        raise HpcError("--cluster slurm submits jobs: run it on a login node or in a plain job, not in a job array")
    most = int(params.get("max_array_size", 1001))
    if tasks > most:
        raise HpcError(f"--tasks {tasks} is more than one Slurm array takes here (max_array_size {most}): give "
                       "fewer --tasks, or --job max_array_size=N where the cluster's MaxArraySize allows it")
    earlier = json.loads(record.read_text()).get("job_ids", []) if record.exists() else []
    still = alive(earlier)
    if still is None or still:
        raise HpcError(f"stage-1 jobs of an earlier run may still run ({', '.join(sorted(still or earlier))}, "
                       f"listed in {record}): wait for them to end, or scancel them, then run this again")


def run_on_slurm(units: list[tuple], recipe, index, tasks: int, params: dict, show_progress: bool,
                 record: Path) -> list[dict]:
    """Stage 1 of each (unit, folder) as an array of Slurm jobs, all submitted at once (their ids in `record`);
    their stats once every task has its completion mark. On any error or stop the jobs are cancelled. The
    caller has run `check_slurm` first (before it prepared the folders)."""
    from hpccoder import progress

    executors = []
    try:
        for unit, folder in units:
            ex = slurm_executor(unit, recipe, index, folder, tasks, f"hpccoder-corpus-{folder.name}", params)
            try:
                ex.run()  # submits the tasks without a completion mark; none left: job_id -1
            except subprocess.CalledProcessError as exc:
                raise HpcError(f"sbatch refused the jobs of {unit.name} (exit {exc.returncode}): check --job "
                               "partition, time, qos (--job qos= for none) and the account") from None
            executors.append(ex)
            record.write_text(json.dumps({"job_ids": _ids(executors)}))
        _wait(units, executors, tasks, progress.bar(len(units) * tasks, f"corpus stage 1 on Slurm ({len(units)} "
                                                    "units)", "task", show_progress))
    except BaseException:
        _cancel(executors)
        raise
    return [merged_stats(folder, tasks) for _, folder in units]


def _wait(units, executors, tasks: int, bar) -> None:
    total, finished, gone_before = len(units) * tasks, 0, set()
    with bar:
        while True:
            left = [ex.get_incomplete_ranks() for ex in executors]
            now = total - sum(len(ranks) for ranks in left)
            bar.update(now - finished)
            finished = now
            if finished == total:
                return
            running = alive(_ids(executors))
            # an array no longer queued with tasks unfinished, twice in a row (completion marks written on a
            # node may show late on a shared file system): those tasks failed
            gone = set() if running is None else {ex.job_id for ex, ranks in zip(executors, left)
                                                  if ranks and str(ex.job_id) not in running}
            for (unit, _), ex, ranks in zip(units, executors, left):
                if ex.job_id in gone & gone_before:
                    raise HpcError(f"{unit.name}: {len(ranks)} of {tasks} stage-1 tasks ended without finishing "
                                   f"(job {ex.job_id}; logs in {ex.slurm_logs_folder}); the finished ones are "
                                   "kept: run the same command again for the rest")
            gone_before = gone
            time.sleep(POLL_S)


def _ids(executors) -> list[str]:
    return [str(ex.job_id) for ex in executors if ex.job_id not in (None, -1)]


def _cancel(executors) -> None:
    ids = _ids(executors)
    if ids:
        subprocess.run(["scancel", *ids], capture_output=True)
