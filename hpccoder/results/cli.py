"""`hpccoder leaderboard`, and the recording options of `run` and `evaluate`.

Usage: hpccoder leaderboard [--format text|csv|json|md] [--db URL]
       hpccoder leaderboard runs
       hpccoder leaderboard add DIR [DIR ...] [--samples FILE]
       hpccoder leaderboard compare RUN_A RUN_B [--changed]
       hpccoder leaderboard html OUT [--screenshot PNG]
       hpccoder leaderboard verify DIR [--fraction F | --count N] [--seed S] [--jobs J] [--format text|json]

The store is --db URL (a SQLAlchemy URL or a file path), else $HPCCODER_RESULTS_DB, else
~/.local/share/hpccoder/results.db. Only `add` (and recording a run) makes a store; the commands that read, and
`remove`, refuse a --db where none is (the default store before its first run reads as one with no runs yet).
Kept light: sqlalchemy is imported inside the commands.
"""

from __future__ import annotations

import argparse
from pathlib import Path

FORMATS = ("text", "csv", "json", "md")


# -- recording from run / evaluate -------------------------------------------------------------------------
def add_record_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("results store")
    g.add_argument("--results-db", metavar="URL",
                   help="record the run in this store: a SQLAlchemy URL or a SQLite file path "
                        "(default $HPCCODER_RESULTS_DB or ~/.local/share/hpccoder/results.db)")
    g.add_argument("--no-record", dest="record", action="store_false",
                   help="do not record the run in the results store (the folder still holds all "
                        "`hpccoder leaderboard add` needs)")


def open_store_for(args):
    """The store a run will be recorded in, opened before the work so that a bad URL fails at once."""
    if not getattr(args, "record", True):
        return None
    from hpccoder.results.store import Store
    store = Store(getattr(args, "results_db", None))
    store.check_writable()
    return store


def record_after(store, out: Path, source: str, samples_path: Path | None = None) -> str | None:
    """Writes out/record.json and records the run in `store` (None: not recorded). Returns the run id."""
    from hpccoder.results.rundir import read_run_dir, write_record
    write_record(out, source, samples_path)
    if store is None:
        return None
    from hpccoder.errors import HpcError
    try:
        run = read_run_dir(out, samples_path, source)
        store.record(run)
    except HpcError as err:
        raise HpcError(f"{err}; the results are safe in {out}: add them later with "
                       f"`hpccoder leaderboard add {out}`") from None
    print(f"recorded as run {run.id} in {store.display}")
    return run.id


# -- hpccoder leaderboard ----------------------------------------------------------------------------------
def _store(args, create: bool = False):
    """The store of --db. Only `add` makes one where there is none: the commands that read (and `remove`) refuse a
    path where no store is, but for the default store's, which has no runs yet (see Store)."""
    from hpccoder.results.store import Store
    return Store(args.db, create=create)


def cmd_leaderboard(args) -> int:
    from hpccoder.results.leaderboard import format_leaderboard
    store = _store(args)
    runs = store.list_runs()
    if args.suite_version:
        versions = sorted({str(r["suite_version"]) for r in runs})
        runs = [r for r in runs if r["suite_version"] == args.suite_version]
        if not runs and versions:  # not "no runs recorded yet": there are, of other versions
            print(f"no run of suite version {args.suite_version} in {store.display}; its runs are of "
                  f"{', '.join(versions)}")
            return 0
    print(format_leaderboard(runs, args.format, store.display))
    return 0


def cmd_runs(args) -> int:
    from hpccoder.results.leaderboard import EMPTY, shorten
    from hpccoder.results.machine import describe
    store = _store(args)
    runs = store.list_runs()
    if not runs:
        print(EMPTY.format(db=store.display))
        return 0
    print(f"{'run':<10}  {'started':<24} {'model':<30} {'tasks':>5} {'samples':>7}  machine")
    for r in runs:
        model = shorten(r["model"], 30)
        print(f"{r['id']:<10}  {r['started'] or '-':<24} {model:<30} {r['tasks'] or 0:>5} {r['samples'] or 0:>7}  "
              f"{describe(r['hardware'] or {})}")
    return 0


def cmd_add(args) -> int:
    from tqdm import tqdm

    from hpccoder.errors import HpcError
    from hpccoder.results.rundir import read_run_dir
    store = _store(args, create=True)
    if args.samples and len(args.dirs) > 1:
        raise HpcError("--samples goes with one folder: add the folders one at a time")
    for folder in tqdm(args.dirs, desc="add", unit="run", disable=len(args.dirs) < 3):
        run = read_run_dir(Path(folder), Path(args.samples) if args.samples else None, "add")
        replaced = store.record(run)
        print(f"{'replaced' if replaced else 'added'} run {run.id} ({run.model}, {len(run.samples)} samples) "
              f"from {folder}")
    return 0


def cmd_remove(args) -> int:
    from hpccoder.results.leaderboard import one_line
    store = _store(args)
    for ref in args.runs:
        run = store.remove(ref)
        print(f"removed run {run['id']} ({one_line(run['model'])}, {run['samples']} samples, from {run['out_dir']})")
    return 0


def cmd_compare(args) -> int:
    from hpccoder.results.leaderboard import compare, format_compare
    store = _store(args)
    a, b = store.get_run(args.run_a), store.get_run(args.run_b)
    result = compare(a, store.samples_of(a["id"]), b, store.samples_of(b["id"]))
    print(format_compare(result, args.format, args.changed))
    return 0


def cmd_html(args) -> int:
    from hpccoder.errors import HpcError
    from hpccoder.results.html import build_site
    if args.screenshot and Path(args.screenshot).suffix.lower() != ".png":  # Chromium picks the format by it
        raise HpcError(f"--screenshot {args.screenshot}: give a .png file name, such as docs/leaderboard.png")
    store = _store(args)
    index = build_site(store, Path(args.out))
    if not store.list_runs():
        from hpccoder.results.leaderboard import EMPTY
        print(EMPTY.format(db=store.display))
    print(f"leaderboard: {index} (open it in a browser; it needs no server)")
    if args.screenshot:
        from hpccoder.results.html import screenshot
        print(f"screenshot: {screenshot(index, Path(args.screenshot))}")
    return 0


def cmd_verify(args) -> int:
    from hpccoder.errors import HpcError
    from hpccoder.results.verify import format_report, verify
    if args.count is not None and args.count < 1:
        raise HpcError("--count N: at least 1 sample")
    if args.fraction is not None and not 0 < args.fraction <= 1:
        raise HpcError("--fraction F: a part of the samples, 0 < F <= 1 (0.1 is a tenth)")
    if args.jobs is not None and args.jobs < 1:
        raise HpcError("--jobs must be at least 1")
    report = verify(Path(args.dir), Path(args.samples) if args.samples else None, args.count, args.fraction,
                    args.seed, args.jobs, args.progress, args.unsafe_no_sandbox)
    print(format_report(report, args.format))
    return report["exit_code"]


def register(subparsers) -> None:
    def db_arg(parser, top: bool) -> None:
        parser.add_argument("--db", metavar="URL", default=None if top else argparse.SUPPRESS,
                            help="the results store: a SQLAlchemy URL or a SQLite file path "
                                 "(default $HPCCODER_RESULTS_DB or ~/.local/share/hpccoder/results.db)")

    def format_arg(parser, top: bool) -> None:
        parser.add_argument("--format", choices=FORMATS, default="text" if top else argparse.SUPPRESS,
                            help="output format (default text)")

    p = subparsers.add_parser("leaderboard", help="ranked runs from the results store; add, compare, html",
                              description="Ranked table of the recorded runs per execution model "
                                          "(pass@1, build@1, speedup@1, efficiency@1 with 95% intervals; "
                                          "a rank marked ~ is not separated from the rank above by them).")
    db_arg(p, True)
    format_arg(p, True)
    p.add_argument("--suite-version", help="only runs of this suite version")
    p.set_defaults(func=cmd_leaderboard)
    actions = p.add_subparsers(dest="leaderboard_action", metavar="ACTION")

    q = actions.add_parser("runs", help="list the recorded runs with their ids")
    db_arg(q, False)
    q.set_defaults(func=cmd_runs)

    q = actions.add_parser("add", help="add results folders (from this or another machine); adding again replaces")
    q.add_argument("dirs", nargs="+", metavar="DIR", help="folder with run.json and results.jsonl")
    q.add_argument("--samples", help="the samples JSONL the results came from, where DIR has no samples.jsonl")
    db_arg(q, False)
    q.set_defaults(func=cmd_add)

    q = actions.add_parser("remove", help="remove runs (a mistaken or test run) with their samples")
    q.add_argument("runs", nargs="+", metavar="RUN", help="run id or a unique prefix of one")
    db_arg(q, False)
    q.set_defaults(func=cmd_remove)

    q = actions.add_parser("compare", help="per-task differences between two runs")
    q.add_argument("run_a", metavar="RUN_A", help="run id or a unique prefix of one")
    q.add_argument("run_b", metavar="RUN_B")
    q.add_argument("--changed", action="store_true", help="only the tasks whose results differ")
    db_arg(q, False)
    format_arg(q, False)
    q.set_defaults(func=cmd_compare)

    q = actions.add_parser("html", help="write the static web leaderboard (opens from disk, no server)")
    q.add_argument("out", metavar="OUT", help="folder to write index.html and the run pages into")
    q.add_argument("--screenshot", metavar="PNG", help="also save a picture of the page (headless Chromium)")
    db_arg(q, False)
    q.set_defaults(func=cmd_html)

    q = actions.add_parser("verify", help="evaluate part of a results folder again with its settings; exit 1 where "
                           "a status differs", description="Evaluates a reproducible random part of a results "
                           "folder's samples again, with run.json's settings, in a temporary folder, and compares "
                           "them sample by sample: statuses must agree (exit 1 where one differs, 2 where the "
                           "folder cannot be verified here); speedups are noisy, so their ratios only warn. The "
                           "folder is only read.")
    q.add_argument("dir", metavar="DIR", help="folder with run.json and results.jsonl")
    how = q.add_mutually_exclusive_group()
    how.add_argument("--fraction", type=float, metavar="F", help="evaluate this part of the samples again "
                     "(default: all of a run of up to 20 samples, else a tenth, at least 20)")
    how.add_argument("--count", type=int, metavar="N", help="evaluate N samples again")
    q.add_argument("--seed", type=int, default=0, help="seed of the pick (default 0): the same seed picks the same "
                   "samples; at least one of each status is picked where N allows")
    q.add_argument("--jobs", type=int, help="samples built and checked at once (default: the cores)")
    q.add_argument("--samples", help="the samples JSONL the results came from, where DIR has no samples.jsonl")
    q.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    q.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")
    q.add_argument("--unsafe-no-sandbox", action="store_true",
                   help="run the code without bubblewrap (only where no sandbox can be made)")
    q.set_defaults(func=cmd_verify)
