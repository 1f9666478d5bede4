"""Throughput of `hpccoder corpus build` on a real source tree: MB/s for the whole pipeline, with the
time of each stage, with one worker (the baseline) and with --workers N, in the same run.

    .venv/bin/python benchmarks/corpus_throughput.py                      # Debian's elpa (apt-get source)
    .venv/bin/python benchmarks/corpus_throughput.py --package hypre --workers 2
    .venv/bin/python benchmarks/corpus_throughput.py --dir path/to/tree

MB are bytes of candidate source files scanned (files with a C/C++/CUDA/Fortran/Verilog extension).
Per-file stages are CPU-seconds summed over the workers; MB/s per stage is the bytes that reached
the stage over its seconds.

One worker and --workers N build in turn `--repeat` times (default 3), in reverse order every other
repetition, so that a drift of the machine's load hits both. Each figure is the median of its
repetitions with their spread (min-max, the interquartile range from 5), the speedup the ratio of the
medians with the range of the per-repetition speedups; when the spreads of the two MB/s overlap the
speedup is said to be not distinguishable from noise.
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
from _spread import Spread, ratio_text  # noqa: E402

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
    ap.add_argument("--repeat", type=positive, default=3, help="builds with each worker count, in turn (default 3)")
    args = ap.parse_args()
    source = {"type": "dir", "path": str(Path(args.dir).resolve())} if args.dir else \
        {"type": "debian", "packages": [args.package]}
    if not args.dir:
        from hpccoder.corpus import debian
        debian.fetch(args.package)  # download outside the timing
    counts = sorted({1, args.workers})
    with tempfile.TemporaryDirectory() as tmp:
        results = {workers: [] for workers in counts}
        for rep in range(args.repeat):
            for workers in counts if rep % 2 == 0 else counts[::-1]:
                results[workers].append(build_once(source, workers, Path(tmp) / f"w{workers}"))
    base = results[1][0]
    mb = base["bytes_seen"] / 1e6
    print(f"source: {args.dir or 'debian:' + args.package}: {base['files_seen']} files, {mb:.1f} MB; "
          f"kept {base['kept']['files']} files, {base['kept']['bytes'] / 1e6:.1f} MB")
    order = " and ".join(f"workers={w}" for w in counts)
    print(f"{args.repeat} repetitions of {order} in turn, reversed every other one "
          f"(median and spread; compare runs made at the same load):")
    walls = {w: [stats["seconds"]["total_wall"] for stats in runs] for w, runs in results.items()}
    rates = {w: Spread.of(mb / wall for wall in ws) for w, ws in walls.items()}
    for workers in counts:
        print(f"workers={workers}: {Spread.of(walls[workers]).text('.1f', 's wall')}, "
              f"{rates[workers].text('.3f', 'MB/s')} whole pipeline")
    if args.workers > 1:
        per_rep = [one / many for one, many in zip(walls[1], walls[args.workers])]
        ratio = ratio_text(rates[args.workers], rates[1], (f"{args.workers} workers", "1 worker"), per_rep,
                           fmt=".3f")
        print(f"speedup of {args.workers} workers over 1 (MB/s): {ratio}")
    sec = {stage: Spread.of(stats["seconds"].get(stage, 0.0) for stats in results[1])
           for stage in ["decontamination_index"] + STAGES if stage in base["seconds"]}
    print("stage breakdown (workers=1, median of the repetitions):")
    print(f"  {'stage':<22}{'seconds':>9}{'share':>8}  spread")
    total = sum(s.median for s in sec.values()) or 1.0  # not / 0
    for stage, spread in sec.items():
        print(f"  {stage:<22}{spread.median:>9.2f}{100 * spread.median / total:>7.1f}%  {spread.spread_text('.2f')}")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
