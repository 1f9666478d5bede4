"""What the parallel reference kernels cost on one thread or one rank, against the serial reference.

    .venv/bin/python benchmarks/reference_overhead.py                         # omp and mpi, every problem
    .venv/bin/python benchmarks/reference_overhead.py --tasks graph,scan --models omp
    .venv/bin/python benchmarks/reference_overhead.py --threshold 0.5 --out runs/overhead

A parallel reference on one thread (omp, mpi+omp at 1x1) or one rank (mpi) does the work of the
serial reference plus what its parallel algorithm adds (a second pass of a scan, the partial results
of a reduction, a gather); it should stay within a small factor of it. One far slower says its
algorithm does more work than the serial one (a per-vertex triangle count costs a hub's degree
squared), or its code stops the compiler from keeping a hot variable in a register (one whose
address an MPI call takes), and the speedups the suite reports against the serial baseline would
be the reference's fault. For each task it prints the serial baseline's time, the reference's at
one thread or rank, measured by the harness in the same run (warm-up, repetitions, median; the
machine alone while timing), and their ratio T_serial / T_reference (1: no overhead), and lists
those under --threshold. Run it on a quiet machine: other work skews the ratios. Tasks this machine cannot
run (no MPI) are listed as not run, not as failures; exit status 1 if a reference failed, 2 if none ran.

Each time is the median of the harness's timed repetitions (5 by default), pooled over `--repeat`
evaluations (default 1: each evaluation times every serial baseline and every reference afresh),
printed with its spread (min-max, the interquartile range from 5 values); the ratio is the ratio of
the medians, with the range of the per-evaluation ratios from --repeat 2 on. A task whose two
spreads overlap is marked not distinguishable from noise: its overhead is within the timing's scatter.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # _cli

from _cli import positive, run  # noqa: E402
from _spread import NOISE, Spread, overlap  # noqa: E402

from hpccoder.errors import HpcError  # noqa: E402
from hpccoder.harness.evaluate import EvalOptions, evaluate  # noqa: E402
from hpccoder.harness.toolchains import Resources  # noqa: E402
from hpccoder.samples import Sample  # noqa: E402
from hpccoder.suite import Suite  # noqa: E402

ONE = {"omp": [Resources(1, 1)], "mpi": [Resources(1, 1)], "mpi+omp": [Resources(1, 1)]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", help="task selector besides the models (default: every problem)")
    parser.add_argument("--models", default="omp,mpi", help="execution models (default omp,mpi; also mpi+omp)")
    parser.add_argument("--threshold", type=float, default=0.5, help="list ratios under this (default 0.5)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", help="keep the (last) evaluation's results here")
    parser.add_argument("--repeat", type=positive, default=1,
                        help="evaluations, each timing every baseline and reference afresh (default 1)")
    args = parser.parse_args()

    models = [m.strip() for m in args.models.split(",") if m.strip()]
    unknown = [m for m in models if m not in ONE]
    if unknown:
        print(f"reference_overhead: unknown model {unknown[0]!r}: use omp, mpi or mpi+omp", file=sys.stderr)
        return 2
    suite = Suite()
    try:
        selected = suite.select(args.tasks)
    except HpcError as exc:
        print(f"reference_overhead: {exc}", file=sys.stderr)
        return 2
    tasks = [t for t in selected if t.model in models and t.problem.language == "cpp"]
    if not tasks:
        print("reference_overhead: no task of those models matches --tasks", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="hpccoder-overhead-"))
    try:  # the temporary folder goes, whatever happens (it was left behind after every run)
        return measure(tasks, suite, work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(tasks, suite: Suite, work: Path, args) -> int:
    samples = work / "samples.jsonl"
    samples.write_text("".join(json.dumps(Sample(t.id, 0, t.reference_file().read_text()).to_json()) + "\n"
                               for t in tasks))
    print(f"{len(tasks)} reference kernels at one thread or rank, against the serial baseline", flush=True)
    opts = EvalOptions(ks=[1], resources=ONE, seed=args.seed, overwrite=True, progress=True)
    timed: dict[str, list[tuple[list[float], list[float], float]]] = {}  # task -> per evaluation (serial, at 1, ratio)
    failed, not_run = {}, {}
    for rep in range(args.repeat):
        # a folder of its own for each evaluation: one would reuse the baselines an earlier one left in its folder
        out = Path(args.out) if args.out and rep == args.repeat - 1 else work / f"out-{rep}"
        evaluate(samples, out, opts, suite)
        baselines = json.loads((out / "baselines.json").read_text())
        for line in (out / "results.jsonl").read_text().splitlines():
            r = json.loads(line)
            if r["status"] == "not_run":  # the machine lacks the model's tools (no MPI): not the reference's fault
                not_run.setdefault(r["task_id"].rsplit("/", 1)[1], r.get("message", ""))
                continue
            if r["status"] != "pass":
                failed.setdefault(r["task_id"], f"{r['task_id']}: {r['status']} {r.get('message', '')[:120]}")
                continue
            base = baselines[r["task_id"].rsplit("/", 1)[0]]
            run = r["runs"][0]
            timed.setdefault(r["task_id"], []).append((base.get("times_s") or [base["time_s"]],
                                                       run.get("times_s") or [run["time_s"]],
                                                       base["time_s"] / run["time_s"]))
    rows = []
    for task, reps in timed.items():
        if task in failed:
            continue
        base = Spread.of(t for serial, _, _ in reps for t in serial)
        mine = Spread.of(t for _, at1, _ in reps for t in at1)
        per_run = [ratio for _, _, ratio in reps]
        rows.append((base.median / mine.median, task, base, mine, per_run))
    rows.sort(key=lambda row: (row[0], row[1]))
    print(f"\n{'task':48s} {'serial s':>10s} {'at 1 s':>10s} {'ratio':>7s}  spread (of the harness's timed "
          f"repetitions{f', over {args.repeat} evaluations' if args.repeat > 1 else ''})")
    noisy = 0
    for ratio, task, base, mine, per_run in rows:
        note = f"serial {base.spread_text('.4f')}, at 1 {mine.spread_text('.4f')}"
        if len(per_run) > 1:
            note += f"; per-evaluation ratios {Spread.of(per_run).spread_text('.3f')}"
        if overlap(base, mine, ".4f"):
            note += f"; {NOISE}"
            noisy += 1
        print(f"{task:48s} {base.median:10.4f} {mine.median:10.4f} {ratio:7.3f}  {note}")
    slow = [(ratio, task, overlap(base, mine, ".4f")) for ratio, task, base, mine, _ in rows if ratio < args.threshold]
    print(f"\n{len(rows)} tasks; median ratio {statistics.median(r[0] for r in rows):.3f}; {noisy} of them "
          f"{NOISE} (the spreads of serial and at 1 overlap)" if rows else "\nno task passed")
    for ratio, task, noise in slow:
        print(f"under {args.threshold}: {task} ({ratio:.3f}{f'; {NOISE}' if noise else ''})")
    for model, why in sorted(not_run.items()):
        print(f"not run here: the {model} tasks ({why})")
    for line in failed.values():
        print(f"FAILED {line}")
    return 1 if failed else 0 if rows else 2

if __name__ == "__main__":
    sys.exit(run(main))
