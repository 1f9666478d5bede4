"""Stage 1 on datatrove: the same per-file processing, run by datatrove's executors.

    hpccoder corpus build --recipe corpora/hpc.yaml --out DIR --engine datatrove --workers 2 --tasks 8

Each unit runs as a datatrove pipeline of one step, `CorpusShard`: task `rank` of `world_size`
reads the unit's files, keeps every world_size-th one, processes it (process.py) and writes
part-rNNNNN.parquet and stats-rNNNNN.json. Locally that is LocalPipelineExecutor (which skips
tasks it finished before: resume); on a cluster the same step list runs under
SlurmPipelineExecutor (see `slurm_executor`), after which `hpccoder corpus build` on one node does
the deduplication and writes the dataset (stage 1 is then found done).
"""

from __future__ import annotations

import json
from pathlib import Path

from datatrove.pipeline.base import PipelineStep


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

    from hpccoder.corpus import pipeline

    tasks = tasks or workers
    executor = LocalPipelineExecutor(pipeline=[CorpusShard(unit, recipe, index, str(folder))], tasks=tasks,
                                     workers=workers, logging_dir=str(folder / "datatrove-logs"))
    executor.run()
    total = pipeline._empty_stats()
    for rank in range(tasks):
        pipeline._merge_stats(total, json.loads((folder / f"stats-r{rank:05d}.json").read_text()))
    return total


def slurm_executor(unit, recipe, index, folder: Path, tasks: int, **slurm):
    """The same step list for a Slurm cluster (`slurm` holds partition, time, cpus_per_task, ...)."""
    from datatrove.executor import SlurmPipelineExecutor

    return SlurmPipelineExecutor(pipeline=[CorpusShard(unit, recipe, index, str(folder))], tasks=tasks,
                                 logging_dir=str(folder / "datatrove-logs"), **slurm)
