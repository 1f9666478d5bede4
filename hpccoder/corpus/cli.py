"""`hpccoder corpus ...`: build a corpus from a recipe, validate recipes, set up Debian deb-src.

    hpccoder corpus build --recipe corpora/hpc.yaml --out ~/corpora/hpc [workers=2 filters.max_bytes=200000]
    hpccoder corpus validate corpora/*.yaml
    hpccoder corpus deb-src            # as root: deb-src entries for apt-get source
    hpccoder corpus fetch --recipe corpora/hpc.yaml   # only download and unpack its Debian packages
"""

from __future__ import annotations

import sys
from pathlib import Path

from hpccoder.errors import HpcError


def cmd_build(args) -> int:
    from hpccoder.corpus import pipeline, recipe
    from hpccoder.harness.batch import job_parameters

    r = recipe.load(args.recipe, args.overrides)
    stats = pipeline.build(r, Path(args.out), workers=args.workers, progress=args.progress,
                           engine=args.engine, tasks=args.tasks, cluster=args.cluster,
                           job=job_parameters(args.job or []))
    for name, unit in stats["units"].items():
        if not unit["files_seen"]:
            print(f"corpus: warning: {name} read no file: check its path, and its include and exclude globs",
                  file=sys.stderr)
    unreadable = stats["dropped"].get("unreadable", {}).get("files", 0)
    if unreadable:
        print(f"corpus: warning: {unreadable} files or folders could not be read and were skipped, such as "
              f"{stats['unreadable'][0]}: the list is in report.md", file=sys.stderr)
    print(f"{stats['kept']['files']} files, {stats['kept']['bytes'] / 1e6:.1f} MB kept of "
          f"{stats['files_seen']} files, {stats['bytes_seen'] / 1e6:.1f} MB "
          f"(train {stats['splits']['train']['files']}, validation {stats['splits']['validation']['files']})")
    if not stats["kept"]["files"]:  # a dataset without rows: datasets.load_dataset cannot read it
        raise HpcError(f"no file was kept, so {args.out} holds no dataset: {Path(args.out) / 'report.md'} says what "
                       "each filter removed")
    print(f"dataset: {args.out} (datasets.load_dataset), report: {Path(args.out) / 'report.md'}")
    return 0


def cmd_validate(args) -> int:
    from hpccoder.corpus import recipe

    for path in args.recipes:
        r = recipe.load(path)
        print(f"{path}: ok ({r.name}, {len(r['sources'])} sources)")
    return 0


def cmd_deb_src(args) -> int:
    from hpccoder.corpus import debian

    if args.dry_run:
        text = debian.deb_src_stanzas()
        print(text or "every deb entry already has a deb-src twin")
        return 0
    path, changed = debian.enable_deb_src(update=not args.no_update)
    print(f"{'wrote' if changed else 'unchanged'}: {path}" if path else "every deb entry already has a deb-src twin")
    return 0


def cmd_fetch(args) -> int:
    from hpccoder.corpus import debian, recipe

    r = recipe.load(args.recipe)
    for src in r["sources"]:
        if src["type"] != "debian":
            continue
        for pkg in src["packages"]:
            tree, info = debian.fetch(pkg, src.get("cache"))
            print(f"{pkg} {info.get('version', '')}: {tree}" + (f" ({info['note']})" if info.get("note") else ""))
    return 0


def register(sub) -> None:
    p = sub.add_parser("corpus", help="build training corpora from recipes (corpora/*.yaml)")
    csub = p.add_subparsers(dest="corpus_verb", required=True, metavar="ACTION")
    q = csub.add_parser("build", help="build a corpus: parquet shards, train/validation, report")
    q.add_argument("--recipe", required=True, help="a recipe YAML, e.g. corpora/hpc.yaml")
    q.add_argument("--out", required=True, help="output folder (a Hugging Face dataset; resumed if it exists)")
    q.add_argument("--workers", type=int, help="worker processes (default: the recipe's `workers`)")
    q.add_argument("--engine", choices=["local", "datatrove"], default="local",
                   help="local process pool (default) or datatrove's LocalPipelineExecutor for stage 1")
    q.add_argument("--tasks", type=int, help="datatrove: tasks (shards) per unit (default: workers)")
    q.add_argument("--cluster", choices=["local", "slurm"], default="local",
                   help="datatrove: slurm submits stage 1 as Slurm arrays (SlurmPipelineExecutor), waits, then "
                        "deduplicates and writes here")
    q.add_argument("--job", action="append", metavar="KEY=VALUE",
                   help="--cluster slurm: SlurmPipelineExecutor's parameters, e.g. partition=cpu, time=04:00:00, "
                        "cpus_per_task=1, mem_per_cpu_gb=2, qos= (repeat for more)")
    q.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")
    q.add_argument("overrides", nargs="*", metavar="KEY=VALUE", help="recipe overrides, e.g. dedup.near.threshold=0.8")
    q.set_defaults(func=cmd_build)
    q = csub.add_parser("validate", help="load and check recipes")
    q.add_argument("recipes", nargs="+")
    q.set_defaults(func=cmd_validate)
    q = csub.add_parser("deb-src", help="add deb-src entries for apt-get source (root; idempotent)")
    q.add_argument("--dry-run", action="store_true", help="print what would be written")
    q.add_argument("--no-update", action="store_true", help="do not run apt-get update afterwards")
    q.set_defaults(func=cmd_deb_src)
    q = csub.add_parser("fetch", help="download and unpack the Debian source packages of a recipe")
    q.add_argument("--recipe", required=True)
    q.set_defaults(func=cmd_fetch)
