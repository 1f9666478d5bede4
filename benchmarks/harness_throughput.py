"""Harness throughput: samples per minute of `hpccoder evaluate` against a naive pipeline.

    .venv/bin/python benchmarks/harness_throughput.py [--tasks SELECTOR] [--out DIR]

The sample set is made from the reference kernels of the selected tasks (default: every
serial, omp, mpi and mpi+omp task whose tools are here; verilog and cuda tasks are left out): each reference, an identical copy of it (low-temperature sampling repeats
itself), a copy that differs by a comment (the harness runs code that compiles to the
same object once; the naive pipeline runs it again), a copy that does not compile, a
copy that returns before doing anything, and, for parallel tasks, the serial kernel
(rejected).

The naive pipeline is what a first harness does: one sample at a time, each compiled
from scratch together with its driver and the reference, then run on every resource
configuration. Both use the same sandbox, the same timing (warm-up, repetitions, median)
and the same seed; the script checks that both give every sample the same status and
prints samples per minute for each and their ratio (target: at least 3x).

The two pipelines run in turn `--repeat` times (default 2), in reverse order every other
repetition, so that a drift of the machine's load hits both; each starts afresh every time (empty
object caches, baselines measured again). Each figure is the median of the repetitions with their
spread (min-max, the interquartile range from 5), the ratio the ratio of the medians with the range
of the per-repetition ratios; when the spreads of the two figures overlap the ratio is said to be
not distinguishable from noise. Every repetition of both must give the same statuses.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # _cli

from _cli import positive, run  # noqa: E402
from _spread import Spread, ratio_text  # noqa: E402

from hpccoder.errors import HpcError  # noqa: E402
from hpccoder.harness import toolchains  # noqa: E402
from hpccoder.harness.build import Builder  # noqa: E402
from hpccoder.harness.evaluate import EvalOptions, Evaluation, evaluate  # noqa: E402
from hpccoder.harness.locks import TimingLock  # noqa: E402
from hpccoder.harness.runner import run_program  # noqa: E402
from hpccoder.samples import Sample  # noqa: E402
from hpccoder.suite import Suite, Task  # noqa: E402
from hpccoder.suite.prompts import assemble  # noqa: E402


NAIVE_MODELS = ("serial", "omp", "mpi", "mpi+omp")


def body_start(code: str, entry: str) -> int:
    return re.search(rf"\b{entry}\s*\([^;{{}}]*\)\s*\{{", code).end()


def early_return(code: str, entry: str) -> str:
    """The kernel with `return;` as its first statement: it leaves the output untouched."""
    at = body_start(code, entry)
    return code[:at] + "\n    return;" + code[at:]


def missing_semicolon(code: str, entry: str) -> str:
    """The kernel without the semicolon of its first statement: it does not compile."""
    at = code.index(";", body_start(code, entry))
    return code[:at] + code[at + 1:]


def make_samples(tasks: list[Task]) -> list[Sample]:
    samples = []
    for task in tasks:
        ref = task.reference_file().read_text()
        variants = [ref, ref, ref + "\n// the same kernel, another sample\n",
                    missing_semicolon(ref, task.problem.entry), early_return(ref, task.problem.entry)]
        if task.model != "serial":
            variants.append((task.problem.ref_dir / "serial.cpp").read_text())
        samples += [Sample(task.id, i, code) for i, code in enumerate(variants)]
    return samples


def runnable(selected: list[Task]) -> list[Task]:
    """The selected tasks the naive pipeline can judge: C++ programs that build and run here. Verilog has its own
    judge (a testbench), cuda samples run only on a GPU, and a model whose tools are missing is `not_run` in the
    harness but a build error in the naive pipeline: those are left out, and said."""
    kept, left_out = [], {}
    for task in selected:
        why = ("the naive pipeline builds and runs C++ on the CPU" if task.model not in NAIVE_MODELS
               else toolchains.get(task.model).missing())
        if why:
            left_out.setdefault(task.model, why)
        else:
            kept.append(task)
    said = [f"the {model} tasks ({why})" for model, why in sorted(left_out.items())]
    if not kept:
        raise HpcError(f"no task of {', '.join(NAIVE_MODELS)} that can run here matches --tasks"
                       + (f"; left out: {', '.join(said)}" if said else ""))
    for line in said:
        print(f"left out: {line}", file=sys.stderr)
    return kept


def naive(samples: list[Sample], suite: Suite, ev: Evaluation, workroot: Path) -> dict:
    """One sample at a time, compiled from scratch with its driver and reference."""
    statuses = {}
    for s in samples:
        task = suite.task(s.task_id)
        fresh = workroot / f"naive-{s.task_id.replace('/', '_')}-{s.sample_index}"
        builder = Builder(ev.sandbox, fresh, cache=False)
        build = builder.build(task, assemble(task, s.completion))
        if not build.ok:
            status = "build_error"
        elif build.rejected:
            status = "rejected"
        else:
            status = "pass"
            check_timeout, time_timeout = ev.timeouts(task.problem.id)
            timing = task.problem.id in ev.baselines
            for res in ev.resources[task.model]:
                rec = run_program(ev.sandbox, TimingLock(), toolchains.get(task.model), build.binary, res,
                                  ev.spec(task, timing), check_timeout, time_timeout)
                if rec.status != "pass":
                    status = rec.status
                    break
        shutil.rmtree(fresh, ignore_errors=True)
        statuses[(s.task_id, s.sample_index)] = status
    return statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", help="task selector (default: every serial, omp, mpi and mpi+omp task whose tools are here; "
                        "the naive pipeline judges no Verilog and runs no CUDA)")
    parser.add_argument("--out", default=None, help="keep the harness's results here")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=positive, default=2,
                        help="runs of each pipeline, in turn (default 2; each one from empty caches)")
    args = parser.parse_args()

    suite = Suite()
    tasks = runnable(suite.select(args.tasks))
    samples = make_samples(tasks)
    work = Path(tempfile.mkdtemp(prefix="hpccoder-bench-"))
    try:  # the temporary folder goes, whatever happens (Ctrl-C, a failed build of the naive pipeline)
        work.chmod(0o755)
        out = Path(args.out) if args.out else work / "harness"
        samples_path = work / "samples.jsonl"
        samples_path.write_text("".join(json.dumps(s.to_json()) + "\n" for s in samples))
        print(f"{len(samples)} samples over {len({s.task_id for s in samples})} tasks", flush=True)

        # Both pipelines start with empty object caches and measure the same baselines, in every repetition.
        def run_harness(rep: int) -> tuple[float, dict]:
            opts = EvalOptions(seed=args.seed, overwrite=True, progress=sys.stderr.isatty(), cache=False)
            start = time.monotonic()
            evaluate(samples_path, out, opts, suite)
            seconds = time.monotonic() - start
            return seconds, {(r["task_id"], r["sample_index"]): r["status"]
                             for r in map(json.loads, (out / "results.jsonl").read_text().splitlines())}

        def run_naive(rep: int) -> tuple[float, dict]:
            start = time.monotonic()
            tasks = [suite.task(tid) for tid in sorted({s.task_id for s in samples})]
            naive_out = work / f"naive-{rep}"
            naive_out.mkdir()
            ev = Evaluation(suite, EvalOptions(seed=args.seed, progress=False, cache=False), naive_out,
                            {t.model for t in tasks})
            try:
                ev.measure_baselines(tasks)
                statuses = naive(samples, suite, ev, work)
            finally:  # evaluate() removes its own work folder; this Evaluation's is ours to remove
                shutil.rmtree(ev.workroot, ignore_errors=True)
            return time.monotonic() - start, statuses

        seconds = {"harness": [], "naive": []}
        statuses = {"harness": [], "naive": []}
        pipelines = [("harness", run_harness), ("naive", run_naive)]
        for rep in range(args.repeat):
            for name, pipeline in pipelines if rep % 2 == 0 else pipelines[::-1]:
                took, got = pipeline(rep)
                seconds[name].append(took)
                statuses[name].append(got)
                print(f"repetition {rep + 1}/{args.repeat}: {name} {took:.0f} s", file=sys.stderr, flush=True)

        harness = statuses["harness"][0]
        differ = {}
        for name, runs in statuses.items():
            for rep, got in enumerate(runs):
                for k in harness:
                    if got.get(k) != harness[k]:
                        differ.setdefault(k, (harness[k], f"{name} #{rep + 1}: {got.get(k)}"))
        counts = {}
        for status in harness.values():
            counts[status] = counts.get(status, 0) + 1
        rate = {name: Spread.of(len(samples) / s * 60 for s in secs) for name, secs in seconds.items()}
        per_rep = [n / h for h, n in zip(seconds["harness"], seconds["naive"])]
        print(f"statuses: {counts}")
        print(f"{args.repeat} repetitions, in turn (median and spread):")
        for name in ("harness", "naive"):
            print(f"{name + ':':<8} {rate[name].text('.1f', 'samples/min')} "
                  f"(median {statistics.median(seconds[name]):.0f} s)")
        print(f"ratio:   {ratio_text(rate['harness'], rate['naive'], ('harness', 'naive'), per_rep, fmt='.1f')}"
              f"  (target >= 3x)")
        print("statuses identical" if not differ else f"statuses DIFFER for {len(differ)} samples: {differ}")
        return 0 if not differ else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run(main))
