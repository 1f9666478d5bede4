"""Throughput of `hpccoder corpus build` on a real source tree: MB/s for the whole pipeline, with the
time of each stage, with one worker (the baseline) and with --workers N, in the same run.

    .venv/bin/python benchmarks/corpus_throughput.py                      # Debian's elpa (apt-get source)
    .venv/bin/python benchmarks/corpus_throughput.py --package hypre --workers 2
    .venv/bin/python benchmarks/corpus_throughput.py --dir path/to/tree

MB are bytes of candidate source files scanned (files with a C/C++/CUDA/Fortran/Verilog extension).
Per-file stages are CPU-seconds summed over the workers; MB/s per stage is the bytes that reached
the stage over its seconds.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # _cli

from _cli import positive, run  # noqa: E402

from hpccoder.corpus import pipeline, recipe  # noqa: E402

STAGES = ["read", "filter", "classify", "redact", "decontaminate", "minhash", "dedup", "write"]


def build_once(source: dict, workers: int, out: Path) -> dict:
    r = recipe.from_dict({"name": "bench", "sources": [source]})
    if out.exists():
        shutil.rmtree(out)
    return pipeline.build(r, out, workers=workers, progress=False, plot=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--package", default="elpa", help="a Debian source package (fetched into the cache)")
    ap.add_argument("--dir", help="a local source tree instead of a Debian package")
    ap.add_argument("--workers", type=positive, default=2)
    args = ap.parse_args()
    source = {"type": "dir", "path": str(Path(args.dir).resolve())} if args.dir else \
        {"type": "debian", "packages": [args.package]}
    if not args.dir:
        from hpccoder.corpus import debian
        debian.fetch(args.package)  # download outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for workers in sorted({1, args.workers}):
            stats = build_once(source, workers, Path(tmp) / f"w{workers}")
            results[workers] = stats
    base = results[1]
    mb = base["bytes_seen"] / 1e6
    print(f"source: {args.dir or 'debian:' + args.package}: {base['files_seen']} files, {mb:.1f} MB; "
          f"kept {base['kept']['files']} files, {base['kept']['bytes'] / 1e6:.1f} MB")
    print("one run of each, in this order (compare runs made at the same load):")
    for workers, stats in results.items():
        wall = stats["seconds"]["total_wall"]
        print(f"workers={workers}: {wall:.1f} s wall, {mb / wall:.2f} MB/s whole pipeline")
    if args.workers > 1:
        ratio = results[1]["seconds"]["total_wall"] / results[args.workers]["seconds"]["total_wall"]
        print(f"speedup of {args.workers} workers over 1: {ratio:.2f}x")
    sec = base["seconds"]
    print("stage breakdown (workers=1):")
    print(f"  {'stage':<22}{'seconds':>9}{'share':>8}")
    total = sum(sec.get(s, 0.0) for s in STAGES) + sec.get("decontamination_index", 0.0) or 1.0  # not / 0
    for stage in ["decontamination_index"] + STAGES:
        if stage in sec:
            print(f"  {stage:<22}{sec[stage]:>9.2f}{100 * sec[stage] / total:>7.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
