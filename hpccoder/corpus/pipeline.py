"""`hpccoder corpus build`: a recipe to a Hugging Face dataset of parquet shards, in three stages.

1. per unit (a Debian package, a folder, a tarball...): stream its files through a worker pool
   (process.py) and write what survives to OUT/work/<unit>/part-*.parquet. A finished unit is
   marked done, with a key of its settings and of its source's files (sources.fingerprint): a rerun
   skips it (resume after Ctrl-C, or after changing only the deduplication settings) unless its
   source changed.
2. exact (content hash) and near (MinHash LSH) deduplication over all units, reading only the
   hash and signature columns.
3. the survivors streamed to OUT/data/{train,validation}-NNNNN.parquet, plus README.md (dataset
   card: `datasets.load_dataset(OUT)` reads it), stats.json, report.md and report.png.

Memory stays bounded: files are read one at a time, at most 4 batches per worker are in flight,
and rows are written in small groups. Only the signatures (num_perm x 4 bytes a file) are held
all at once, in stage 2.
"""

from __future__ import annotations

import collections
import hashlib
import heapq
import json
import multiprocessing
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np

from hpccoder.corpus import process, sources
from hpccoder.errors import HpcError, Interrupted

_BATCH_FILES = 32
_BATCH_BYTES = 4 << 20


def _schema():
    import pyarrow as pa

    return pa.schema([
        ("content", pa.string()), ("path", pa.string()), ("source", pa.string()), ("package", pa.string()),
        ("language", pa.string()), ("models", pa.list_(pa.string())), ("license", pa.string()),
        ("license_source", pa.string()), ("size_bytes", pa.int64()), ("lines", pa.int64()),
        ("sha256", pa.string()), ("redactions", pa.int32()), ("minhash", pa.binary()), ("position", pa.int64()),
    ])


_STAGE1_ONLY = ("minhash", "position")  # columns of the work files that the dataset leaves out


class _ShardWriter:
    """Parquet files of at most `rows` rows, written in row groups of ~1000 rows."""

    def __init__(self, folder: Path, prefix: str, rows: int, schema):
        self.folder, self.prefix, self.rows, self.schema = folder, prefix, rows, schema
        self.buffer: list[dict] = []
        self.writer = None
        self.in_file = 0
        self.files: list[Path] = []

    def add(self, record: dict) -> None:
        self.buffer.append(record)
        if len(self.buffer) >= 1000 or self.in_file + len(self.buffer) >= self.rows:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        while self.buffer:
            if self.writer is None:
                path = self.folder / f"{self.prefix}-{len(self.files):05d}.parquet"
                self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
                self.files.append(path)
                self.in_file = 0
            take = min(len(self.buffer), self.rows - self.in_file)
            chunk, self.buffer = self.buffer[:take], self.buffer[take:]
            self.writer.write_table(pa.Table.from_pylist(chunk, schema=self.schema))
            self.in_file += take
            if self.in_file >= self.rows:
                self.writer.close()
                self.writer = None

    def close(self) -> list[Path]:
        self.flush()
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        return self.files


def _batches(docs, timer: dict):
    batch, size = [], 0
    it = iter(docs)
    while True:
        t = time.perf_counter()
        doc = next(it, None)
        timer["read"] += time.perf_counter() - t
        if doc is None:
            break
        batch.append(doc)
        size += len(doc.data or b"")
        if len(batch) >= _BATCH_FILES or size >= _BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _parallel(batches, pool, workers: int):
    """Results of process_batch in input order, with at most 4 batches per worker in flight."""
    if pool is None:
        for batch in batches:
            yield process.process_batch(batch)
        return
    pending: collections.deque = collections.deque()
    for batch in batches:
        pending.append(pool.apply_async(process.process_batch, (batch,)))
        if len(pending) >= 4 * workers:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


_UNREADABLE_NAMED = 20  # files that could not be read, named in stats.json and the report (all are counted)


def _empty_stats() -> dict:
    return {"files_seen": 0, "bytes_seen": 0, "dropped": {}, "kept": {"files": 0, "bytes": 0}, "redactions": {},
            "unreadable": [], "seconds": collections.defaultdict(float)}


def _merge_stats(total: dict, part: dict) -> None:
    total["files_seen"] += part["files_seen"]
    total["bytes_seen"] += part["bytes_seen"]
    for reason, v in part["dropped"].items():
        d = total["dropped"].setdefault(reason, {"files": 0, "bytes": 0})
        d["files"] += v["files"]
        d["bytes"] += v["bytes"]
    for k in ("files", "bytes"):
        total["kept"][k] += part["kept"][k]
    for k, n in part["redactions"].items():
        total["redactions"][k] = total["redactions"].get(k, 0) + n
    room = _UNREADABLE_NAMED - len(total["unreadable"])
    total["unreadable"] += part.get("unreadable", [])[:max(room, 0)]  # done.json files of older builds have none
    for k, s in part["seconds"].items():
        total["seconds"][k] = total["seconds"].get(k, 0.0) + s


def _tally(stats: dict, results: list, timings: dict, writer: _ShardWriter) -> None:
    for k, sec in timings.items():
        stats["seconds"][k] = stats["seconds"].get(k, 0.0) + sec
    for size, kind, payload, note in results:
        stats["files_seen"] += 1
        stats["bytes_seen"] += size
        if kind == "drop":
            d = stats["dropped"].setdefault(payload, {"files": 0, "bytes": 0})
            d["files"] += 1
            d["bytes"] += size
            if note and len(stats["unreadable"]) < _UNREADABLE_NAMED:
                stats["unreadable"].append(note)
        else:
            record, redactions = payload
            writer.add(record)
            stats["kept"]["files"] += 1
            stats["kept"]["bytes"] += record["size_bytes"]
            for k, n in redactions.items():
                stats["redactions"][k] = stats["redactions"].get(k, 0) + n


def _run_unit(unit, recipe, folder: Path, pool, workers: int, progress: bool) -> dict:
    from hpccoder.progress import bar as progress_bar

    stats = _empty_stats()
    timer = {"read": 0.0}
    writer = _ShardWriter(folder, "part", recipe["output"]["shard_rows"], _schema())
    bar = progress_bar(None, unit.name[-40:], "file", progress, leave=False)
    start = time.perf_counter()
    try:
        docs = sources.iter_unit(unit, recipe)
        for results, timings in _parallel(_batches(docs, timer), pool, workers):
            _tally(stats, results, timings, writer)
            bar.update(len(results))
            elapsed = time.perf_counter() - start
            bar.set_postfix_str(f"{stats['bytes_seen'] / 1e6 / max(elapsed, 1e-9):.1f} MB/s")
    finally:
        bar.close()
        writer.close()
    stats["seconds"]["read"] += timer["read"]
    stats["seconds"]["stage1_wall"] = time.perf_counter() - start
    return stats


def _rows(parts: list[Path], columns: list[str]):
    """The records of one unit's part files in the order of the unit's stream (`position`), streamed: each part is
    in that order (the local engine writes its parts one after another, each datatrove task every tasks-th file)."""
    import pyarrow.parquet as pq

    def read(part):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=64, columns=columns + ["position"]):
            yield from batch.to_pylist()
    return heapq.merge(*(read(part) for part in parts), key=lambda rec: rec["position"])


def _dedup(unit_parts: list[list[Path]], spec: dict, stats: dict) -> np.ndarray:
    """A keep mask over the rows of every unit's parts, unit after unit, each unit's in the order of its stream
    (as `_rows` reads them): both engines, and any number of datatrove tasks, then keep the same first file of
    each cluster of duplicates."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    hashes, sizes, sigs = [], [], []
    near = spec["dedup"]["near"]
    cols = ["sha256", "size_bytes"] + (["minhash"] if near else [])
    for parts in unit_parts:
        if not parts:
            continue
        table = pa.concat_tables([pq.read_table(part, columns=cols + ["position"]) for part in parts])
        table = table.take(np.argsort(table.column("position").to_numpy(), kind="stable"))
        hashes.extend(table.column("sha256").to_pylist())
        sizes.append(table.column("size_bytes").to_numpy())
        if near:
            sigs.extend(table.column("minhash").to_pylist())
    n = len(hashes)
    sizes = np.concatenate(sizes) if sizes else np.zeros(0, dtype=np.int64)
    keep = np.ones(n, dtype=bool)
    if spec["dedup"]["exact"]:
        seen: set[str] = set()
        for i, h in enumerate(hashes):
            if h in seen:
                keep[i] = False
            else:
                seen.add(h)
        _count(stats, "exact_duplicate", ~keep, sizes)
    if near and keep.sum() > 1:
        from hpccoder.corpus import dedup

        idx = np.nonzero(keep)[0]
        matrix = np.frombuffer(b"".join(sigs[i] for i in idx), dtype=np.uint32).reshape(len(idx), near["num_perm"])
        roots = dedup.near_duplicates(matrix, near["threshold"])
        dup = roots != np.arange(len(idx))
        mask = np.zeros(n, dtype=bool)
        mask[idx[dup]] = True
        keep[idx[dup]] = False
        _count(stats, "near_duplicate", mask, sizes)
    return keep


def _count(stats: dict, reason: str, mask: np.ndarray, sizes: np.ndarray) -> None:
    stats["dropped"][reason] = {"files": int(mask.sum()), "bytes": int(sizes[mask].sum())}
    stats["kept"]["files"] -= int(mask.sum())
    stats["kept"]["bytes"] -= int(sizes[mask].sum())


def _split_of(sha256: str, validation: float) -> str:
    return "validation" if int(sha256[:8], 16) / 2**32 < validation else "train"


def _write_output(unit_parts: list[list[Path]], keep: np.ndarray, out: Path, spec: dict) -> dict:
    # written beside, swapped in when complete: a kill here leaves the previous dataset whole, not a
    # mix of old and new shards or a parquet file without its footer
    data = out / "data.partial"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    schema = _schema()
    for name in _STAGE1_ONLY:
        schema = schema.remove(schema.get_field_index(name))
    writers = {s: _ShardWriter(data, s, spec["output"]["shard_rows"], schema) for s in ("train", "validation")}
    summary = {"splits": {"train": {"files": 0, "bytes": 0}, "validation": {"files": 0, "bytes": 0}},
               "by_language": {}, "by_model": {}, "by_package": {}, "by_license": {}, "by_unit": []}
    row = 0
    for parts in unit_parts:
        unit = {"files": 0, "bytes": 0, "unlicensed": 0}
        summary["by_unit"].append(unit)
        for rec in _rows(parts, [f.name for f in schema]):
            del rec["position"]
            if keep[row]:
                split = _split_of(rec["sha256"], spec["split"]["validation"])
                writers[split].add(rec)
                size = rec["size_bytes"]
                for table, key in ((summary["splits"], split), (summary["by_language"], rec["language"]),
                                   (summary["by_package"], rec["package"]),
                                   (summary["by_license"], rec["license"] or "unknown")):
                    e = table.setdefault(key, {"files": 0, "bytes": 0})
                    e["files"] += 1
                    e["bytes"] += size
                for model in rec["models"] or ["none"]:
                    e = summary["by_model"].setdefault(model, {"files": 0, "bytes": 0})
                    e["files"] += 1
                    e["bytes"] += size
                unit["files"] += 1
                unit["bytes"] += size
                unit["unlicensed"] += not rec["license"]
            row += 1
    summary["files"] = {s: [p.name for p in w.close()] for s, w in writers.items()}
    # an empty split gets no file, and the dataset card leaves it out: datasets cannot load a split without
    # rows (a file with a 0-row group fails with "BatchSize must be greater than 0", one without any
    # with "corresponds to no data"), and load_dataset(OUT) would fail for the other split too
    final, old = out / "data", out / "data.old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    data.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return summary


def _fingerprint(index) -> str:
    """What the decontamination index holds, hashed: part of each unit's key."""
    if index is None:
        return ""
    h = hashlib.sha256()
    for array in (index.code, index.blind, index.text):
        h.update(np.ascontiguousarray(array).tobytes())
    return h.hexdigest()[:16]


def _write_atomic(path: Path, text: str) -> None:
    """Write then rename: a kill leaves the old file or the new one, never half of one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _read_done(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):  # none yet, or torn by a crash of an older version: redo the unit
        return None


def _datatrove_folder(folder: Path, key: str, tasks: int) -> None:
    """The unit's folder for datatrove, which resumes the tasks that have a completion mark: kept only when
    those tasks were of this unit and settings (the key) split the same way (tasks), else emptied."""
    mark = folder / "stage1.json"
    want = {"key": key, "tasks": tasks}
    try:
        same = json.loads(mark.read_text()) == want and (folder / "datatrove-logs").exists()
    except (OSError, ValueError):
        same = False
    if folder.exists() and not same:
        shutil.rmtree(folder)  # a local-engine leftover, another recipe's unit at this place, or other --tasks
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomic(mark, json.dumps(want))


def _stage1_on_slurm(units, keys: list[str], recipe, index, work: Path, tasks: int, job: dict,
                     progress: bool) -> set[int]:
    """Stage 1 of every unit not done, as Slurm arrays submitted at once; marks them done. Their positions."""
    from hpccoder.corpus import dt_engine

    todo = []
    for i, (unit, key) in enumerate(zip(units, keys)):
        folder = work / f"{i:03d}"
        finished = _read_done(folder / "done.json")
        if finished is None or finished.get("key") != key:
            todo.append((i, unit, folder, key))
    if not todo:
        return set()
    for _, _, folder, key in todo:
        _datatrove_folder(folder, key, tasks)
    t = time.perf_counter()
    results = dt_engine.run_on_slurm([(unit, folder) for _, unit, folder, _ in todo], recipe, index, tasks, job,
                                     progress, work / "slurm-jobs.json")
    for (i, unit, folder, key), stats in zip(todo, results):
        stats["seconds"]["stage1_wall"] = time.perf_counter() - t
        _write_atomic(folder / "done.json", json.dumps({"key": key, "unit": unit.name, "stats": stats}))
    return {i for i, *_ in todo}


def build(recipe, out: Path, workers: int | None = None, progress: bool = True, plot: bool = True,
          engine: str = "local", tasks: int | None = None, cluster: str = "local", job: dict | None = None) -> dict:
    """Build the corpus of `recipe` into `out`; returns the stats (also in out/stats.json).
    engine: 'local' (a process pool) or 'datatrove' (`tasks` shards per unit, on datatrove's LocalPipelineExecutor,
    or with cluster 'slurm' its SlurmPipelineExecutor, `job` its parameters)."""
    from hpccoder.corpus import decontam, report

    spec = recipe.spec
    workers = spec["workers"] if workers is None else workers  # 0 is a mistake to report, not "the default"
    if workers < 1:
        raise HpcError("--workers must be at least 1")
    if tasks is not None and tasks < 1:
        raise HpcError("--tasks must be at least 1")
    if cluster == "slurm" and engine != "datatrove":
        raise HpcError("--cluster slurm runs stage 1 as datatrove jobs: add --engine datatrove")
    if tasks is not None and engine != "datatrove":
        raise HpcError("--tasks splits each unit into datatrove tasks: add --engine datatrove, or leave --tasks out")
    if job and cluster != "slurm":
        raise HpcError("--job gives the parameters of Slurm jobs: add --cluster slurm (and --engine datatrove), "
                       "or leave --job out")
    if out.is_dir() and any(out.iterdir()) and not (out / "work").is_dir() and not (out / "stats.json").exists():
        # a corpus (built, or being built) has work/ from its start: this folder holds something else, whose
        # data/ and README.md the build would replace
        raise HpcError(f"{out} holds files and is not a corpus folder: give --out a new or empty folder")
    if out.exists() and not out.is_dir():
        raise HpcError(f"{out} is a file: give --out a folder")
    out.mkdir(parents=True, exist_ok=True)
    work = out / "work"
    work.mkdir(exist_ok=True)
    t_start = time.perf_counter()
    index = None
    dc = spec["decontaminate"]
    if dc["enabled"]:
        t = time.perf_counter()
        code, prompts = decontam.benchmark_texts()
        index = decontam.build_index(code, prompts, dc["code_window"], dc["text_ngram"])
        index_seconds = time.perf_counter() - t
    else:
        index_seconds = 0.0
    benchmark = _fingerprint(index)
    units = sources.units(recipe)
    total = _empty_stats()
    total["seconds"]["decontamination_index"] = index_seconds
    per_unit = {}
    unit_parts: list[list[Path]] = []
    pool = None
    process.init_worker(spec, index)
    just_done: set[int] = set()
    if cluster == "slurm":
        from hpccoder.corpus import dt_engine

        dt_engine.check_slurm(tasks or workers, job or {}, work / "slurm-jobs.json")  # before anything is changed
    try:
        # before any unit runs: a missing source is said at once, and Debian packages are fetched here, once,
        # not by each datatrove task at the same time
        keys = [recipe.unit_key(unit.spec, benchmark, sources.fingerprint(unit, recipe)) for unit in units]
        if cluster == "slurm":
            just_done = _stage1_on_slurm(units, keys, recipe, index, work, tasks or workers, job or {}, progress)
        for i, (unit, key) in enumerate(zip(units, keys)):
            folder = work / f"{i:03d}"
            done = folder / "done.json"
            finished = _read_done(done)
            if finished is not None and finished.get("key") == key:
                stats = finished["stats"]
                if progress and i not in just_done:
                    print(f"corpus: {unit.name}: done before, kept", file=sys.stderr)
            elif engine == "datatrove":
                from hpccoder.corpus import dt_engine

                _datatrove_folder(folder, key, tasks or workers)
                t = time.perf_counter()
                stats = dt_engine.run_unit(unit, recipe, index, folder, workers, tasks)
                stats["seconds"]["stage1_wall"] = time.perf_counter() - t
                _write_atomic(done, json.dumps({"key": key, "unit": unit.name, "stats": stats}))
            else:
                if pool is None and workers > 1:
                    ctx = multiprocessing.get_context("forkserver")
                    pool = ctx.Pool(workers, initializer=process.init_pool_worker, initargs=(spec, index))
                if folder.exists():
                    shutil.rmtree(folder)
                folder.mkdir(parents=True)
                stats = _run_unit(unit, recipe, folder, pool, workers, progress)
                _write_atomic(done, json.dumps({"key": key, "unit": unit.name, "stats": stats}))
            per_unit[unit.name] = {"files_seen": stats["files_seen"], "bytes_seen": stats["bytes_seen"],
                                   "kept": stats["kept"]}
            _merge_stats(total, stats)
            unit_parts.append(sorted(folder.glob("part-*.parquet")))
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted: the finished units are kept in {work}; run the same command again "
                          "to resume") from None
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    t = time.perf_counter()
    keep = _dedup(unit_parts, spec, total)
    total["seconds"]["dedup"] = time.perf_counter() - t
    t = time.perf_counter()
    summary = _write_output(unit_parts, keep, out, spec)
    for unit, in_dataset in zip(units, summary.pop("by_unit")):
        per_unit[unit.name]["dataset"] = in_dataset
    total["seconds"]["write"] = time.perf_counter() - t
    total["seconds"]["total_wall"] = time.perf_counter() - t_start
    total.update(summary)
    total["units"] = per_unit
    total["recipe"] = {"name": recipe.name, "path": str(recipe.path) if recipe.path else None, "spec": spec}
    total["workers"] = workers
    total["seconds"] = dict(total["seconds"])
    _write_atomic(out / "stats.json", json.dumps(total, indent=1))
    report.write(out, total, plot=plot)
    return total
