"""`hpccoder run`: generate samples for the selected tasks, then evaluate them, in one folder.

Usage: hpccoder run                      (the embedded default model on the default tasks)
       hpccoder run --model reference --out runs/reference
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from hpccoder import models
from hpccoder.errors import HpcError
from hpccoder.generate import already_made, generate
from hpccoder.harness.evaluate import EvalOptions, evaluate
from hpccoder.models import GenerationParams
from hpccoder.suite import Suite


# What `hpccoder run` evaluates the embedded default model on when no --tasks is given: small
# enough that generating and evaluating finish within 10 minutes on 2 CPU cores.
# With no --tasks: the six kernels of the early cross-model study (AXPY, GEMV, GEMM, SpMV,
# Jacobi, CG) in serial and OpenMP: 12 tasks, what the embedded model on 2 CPU cores answers
# in minutes. `--tasks all` runs the whole suite.
CORE_PROBLEMS = ("dense_la/01_axpy", "dense_la/02_gemv", "dense_la/03_gemm", "sparse_la/01_spmv",
                 "sparse_la/02_cg", "stencil/01_jacobi2d")
DEFAULT_TASKS = ",".join(f"cpp/{p}/{m}" for p in CORE_PROBLEMS for m in ("serial", "omp"))


def default_out(model_spec: str) -> Path:
    return Path("runs") / re.sub(r"[^A-Za-z0-9._-]+", "_", model_spec).strip("_")


@dataclass
class Batch:
    """`hpccoder run --submit N`: the generation and then the evaluation as arrays of batch jobs."""

    jobs: int
    cluster: str = "slurm"
    params: dict = field(default_factory=dict)  # the evaluation's jobs'
    generation_params: dict | None = None  # the generation's jobs' (None: the same)


def select_tasks(suite: Suite, selector: str | None, model_spec: str, backend=None) -> list:
    """The tasks of --tasks; with none given, the default model's default tasks, the tasks a file of samples
    holds (all of the suite's would ask it for samples it has not), or the whole suite."""
    if selector is None and model_spec == models.DEFAULT:
        selector = DEFAULT_TASKS
    held = backend.held_tasks() if selector is None and backend is not None else None
    if held is not None:
        # not the whole suite where none of them is in it: that asked the file for a sample it never had
        if not held:
            raise HpcError(f"{backend.describe()} holds no sample (each line needs a string 'task_id' and a string "
                           "'completion')")
        ids = {t.id for t in suite.tasks()}
        known = [suite.task(t) for t in held if t in ids]
        if not known:
            named = " and ".join(repr(t) for t in held[:2]) + (f" and {len(held) - 2} more" if len(held) > 2 else "")
            raise HpcError(f"none of the task ids in {backend.describe()} ({named}) is a task of the suite (version "
                           f"{suite.version}): `hpccoder suite list` shows the tasks")
        return known
    return suite.select(selector)


def run(model_spec: str, selector: str | None, params: GenerationParams, out: Path | None,
        opts: EvalOptions, backend_options: dict | None = None, batch: Batch | None = None) -> tuple[Path, dict]:
    suite = Suite()
    out = Path(out) if out else default_out(model_spec)
    backend = None
    known = models.describe_unloaded(model_spec, **(backend_options or {}))
    if batch is None and known and not opts.overwrite:  # the same run again: no model to load for nothing
        # the style `auto` stands for, which the samples made must have: those of another style are not this run's
        style = params.style if params.style != "auto" else \
            models.default_style_unloaded(model_spec, **(backend_options or {}))
        tasks = select_tasks(suite, selector, model_spec)
        samples = out / "samples.jsonl"
        if style and already_made(samples, known, tasks, replace(params, style=style)):
            print(f"hpccoder: {samples} holds every sample of this run already: nothing to generate",
                  file=sys.stderr)
            note_what_else(samples, tasks, params.n)
            return out, evaluate(samples, out, opts, suite)
    if batch is None or model_spec.startswith("file:"):  # a batch's model is loaded by its jobs
        backend = models.load(model_spec, **(backend_options or {}))
    tasks = select_tasks(suite, selector, model_spec, backend)
    out.mkdir(parents=True, exist_ok=True)
    if batch is not None:
        from hpccoder.harness.batch import submit_evaluation, submit_generation

        gen_params = batch.params if batch.generation_params is None else batch.generation_params
        samples = submit_generation(model_spec, backend_options or {}, [t.id for t in tasks], params,
                                    out / "samples.jsonl", batch.jobs, batch.cluster, gen_params, opts.progress,
                                    opts.overwrite)
        return out, submit_evaluation(samples, out, batch.jobs, opts, batch.cluster, batch.params, opts.progress)
    samples = generate(backend, tasks, params, out / "samples.jsonl", progress=opts.progress,
                       overwrite=opts.overwrite)
    note_what_else(samples, tasks, params.n)
    return out, evaluate(samples, out, opts, suite)


def note_what_else(samples: Path, tasks: list, n: int) -> None:
    """The folder is one run: samples of other tasks, or beyond -n, that earlier commands left in it are
    evaluated and summarised with these. Said, so that a summary of more than was asked for is no surprise."""
    from hpccoder.samples import read_jsonl

    wanted = {t.id for t in tasks}
    recs = [r for r in read_jsonl(samples) if isinstance(r, dict)]
    other = {r.get("task_id") for r in recs} - wanted
    beyond = sum(1 for r in recs if r.get("task_id") in wanted and isinstance(r.get("sample_index"), int)
                 and r["sample_index"] >= n)
    said = ([f"samples of {len(other)} other task(s)"] if other else []) + \
        ([f"{beyond} sample(s) beyond -n {n}"] if beyond else [])
    if said:
        print(f"hpccoder: note: {samples} also holds {' and '.join(said)} from earlier commands: they are "
              "evaluated and summarised with these (another --out keeps a run to this selection)", file=sys.stderr)
