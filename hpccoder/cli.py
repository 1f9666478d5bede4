"""The `hpccoder` command. Each verb parses its options and calls one library function."""

from __future__ import annotations

import argparse
import importlib
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hpccoder import __version__, hide_upstream_deprecations, stopping
from hpccoder.errors import HpcError
from hpccoder.results.cli import add_record_args

if TYPE_CHECKING:  # the annotation of eval_options; imported when it runs, not with the CLI
    from hpccoder.harness.evaluate import EvalOptions


# Verbs that live beside their subpackage: each module has `register(subparsers)`, which adds
# its parsers and sets `func` on them. Keep those modules light: import heavy things inside
# the command functions.
VERB_MODULES: tuple[str, ...] = (
    "hpccoder.train.cli",
    "hpccoder.results.cli",
    "hpccoder.serve.cli",
    "hpccoder.corpus.cli",
    "hpccoder.suite.import_verilog",
)


def _ints(text: str) -> list[int]:
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of integers") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"'{text}': give positive integers, like 1,5,10")
    return values


def _floats(text: str) -> list[float]:
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of numbers") from None
    # a failing sample counts speedup 0: below 0 it would count as fast, and nan or inf make fast_p@k meaningless
    if not values or not all(math.isfinite(v) and v >= 0 for v in values):
        raise argparse.ArgumentTypeError(f"'{text}': give speedups of at least 0, like 1,2")
    return values


def resource_flags() -> list:
    """(model, toolchain) of every execution model whose resources a flag sets (--threads, --ranks, --hybrid)."""
    from hpccoder.harness import toolchains
    return [(m, toolchains.get(m)) for m in toolchains.names() if toolchains.get(m).resource_flag]


def _resource_dest(model: str) -> str:
    return "resources_" + "".join(c if c.isalnum() else "_" for c in model)


def add_resource_args(g, helps: dict[str, str] | None = None) -> None:
    """--threads, --ranks, --hybrid (each model's resource_flag); `helps`: model -> its help instead of the
    toolchain's."""
    for model, tc in resource_flags():
        g.add_argument(tc.resource_flag, dest=_resource_dest(model), metavar=tc.resource_flag.lstrip("-").upper(),
                       help=(helps or {}).get(model) or tc.resource_help or f"resources of {model} tasks")


def parsed_resources(args) -> dict:
    """model -> [Resources] of each resource flag given (toolchain.parse_resources; HpcError if one is bad)."""
    return {model: tc.parse_resources(getattr(args, _resource_dest(model)))
            for model, tc in resource_flags() if getattr(args, _resource_dest(model))}


def add_eval_args(p: argparse.ArgumentParser, timing_default: bool = True) -> None:
    g = p.add_argument_group("evaluation")
    g.add_argument("--k", type=_ints, default=[1, 5, 10], help="k of pass@k and friends (default 1,5,10 where N allows)")
    add_resource_args(g)
    g.add_argument("--jobs", type=int, help="samples built and checked at once (default: the cores)")
    if timing_default:
        g.add_argument("--no-timing", dest="timing", action="store_false", help="check correctness only")
    else:
        g.add_argument("--timing", action="store_true", help="also time the kernels")
    g.add_argument("--warmup", type=int, default=1, help="untimed calls before the timed ones (default 1)")
    g.add_argument("--reps", type=int, default=5, help="timed calls; the median counts (default 5)")
    g.add_argument("--seed", type=int, help="seed of the random inputs (default: fresh, recorded in run.json)")
    g.add_argument("--fast-p", type=_floats, default=[1.0], help="thresholds p of fast_p@k (default 1)")
    g.add_argument("--timeout", type=float, default=20.0, help="least seconds a run may take (default 20); "
                   "runs may take 10x the serial baseline when that is longer")
    g.add_argument("--memory-mb", type=int, default=4096,
                   help="memory of each process, each rank of an MPI run (default 4096): its address space, "
                   "and the sandbox's cgroup, where one can be made, holds all ranks to this times the ranks")
    g.add_argument("--simulator", choices=["icarus", "verilator"],
                   help="verilog: Icarus Verilog (default) or Verilator (`suite validate`: both by default)")
    g.add_argument("--no-synthesis", dest="synthesis", action="store_false",
                   help="verilog: skip Yosys (no cells, depth or area@k)")
    g.add_argument("--cuda-emulate", action="store_true",
                   help="cuda without a GPU: after the nvcc build and its checks, check correctness on a CPU "
                        "emulation of CUDA (g++; results marked emulated, no timings; a GPU, where found, wins)")
    g.add_argument("--no-race-check", dest="race_check", action="store_false",
                   help="omp: skip the data-race check (a passing sample built with clang-14's ThreadSanitizer and "
                        "run once at 4 threads; on by default where clang-14, TSan and Archer are installed)")
    g.add_argument("--unsafe-no-sandbox", action="store_true",
                   help="run generated code without bubblewrap (only where no sandbox can be made)")
    g.add_argument("--overwrite", action="store_true", help="start over instead of resuming what --out holds")
    g.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")


def add_batch_args(p, what: str, generation_jobs: bool = False) -> None:
    g = p.add_argument_group("batch jobs (Slurm, through submitit)")
    g.add_argument("--submit", type=int, metavar="N", help=f"run the {what} as an array of N batch jobs, wait for "
                   "them and gather what they made")
    g.add_argument("--cluster", choices=["slurm", "local"], default="slurm",
                   help="with --submit: Slurm (default), or local processes to try the set-up out")
    g.add_argument("--job", action="append", metavar="KEY=VALUE", help="with --submit: a submitit parameter "
                   "of the jobs, e.g. timeout_min=120, slurm_partition=cpu, cpus_per_task=32 (repeat for more)")
    if generation_jobs:
        g.add_argument("--gen-job", action="append", metavar="KEY=VALUE", help="with --submit: a parameter of the "
                       "generation jobs alone, e.g. gpus_per_node=1, slurm_partition=gpu (default: --job's)")


def batch_options(args) -> tuple[int | None, str, dict]:
    """(--submit N or None, --cluster, --job parameters), checked together."""
    from hpccoder.harness.batch import job_parameters
    if args.submit is None and (args.job or args.cluster != "slurm" or getattr(args, "gen_job", None)):
        raise HpcError("--job, --gen-job and --cluster go with --submit N")
    if args.submit is not None and args.submit < 1:
        raise HpcError("--submit N: N jobs, at least 1")
    return args.submit, args.cluster, job_parameters(args.job or [])


def eval_options(args) -> "EvalOptions":
    from hpccoder.harness.evaluate import EvalOptions
    from hpccoder.harness.sandbox import Limits

    resources = parsed_resources(args)
    for name, value, low in (("--jobs", args.jobs, 1), ("--reps", args.reps, 1), ("--warmup", args.warmup, 0),
                             ("--memory-mb", args.memory_mb, 64)):
        if value is not None and value < low:
            raise HpcError(f"{name} must be at least {low}")
    if not 0 < args.timeout < math.inf:  # also refuses nan
        raise HpcError("--timeout must be a positive number of seconds")
    return EvalOptions(ks=args.k, resources=resources, jobs=args.jobs, timing=args.timing, warmup=args.warmup,
                       reps=args.reps, seed=args.seed, fast_ps=args.fast_p, min_timeout=args.timeout,
                       limits=Limits(memory_mb=args.memory_mb), unsafe=args.unsafe_no_sandbox,
                       progress=args.progress, overwrite=args.overwrite,
                       simulator=args.simulator or "icarus", synthesis=args.synthesis,
                       cuda_emulate=args.cuda_emulate, race_check=args.race_check)


def add_generation_args(p: argparse.ArgumentParser, model_default: str | None) -> None:
    g = p.add_argument_group("generation")
    g.add_argument("--model", default=model_default, required=model_default is None,
                   help="embedded (the default model), hf:PATH (folder or .gguf), openai:NAME, vllm:NAME, "
                        "reference, file:SAMPLES.jsonl" + (f" (default {model_default})" if model_default else ""))
    g.add_argument("--adapter", help="a LoRA adapter folder (peft) for hf, embedded or vllm models")
    g.add_argument("--base-url", help="openai: the server's URL (default $OPENAI_BASE_URL or http://127.0.0.1:8000/v1)")
    g.add_argument("--api-key", help="openai: the key (default $OPENAI_API_KEY)")
    g.add_argument("--tasks", help="comma-separated task-id globs, execution models, categories or problem names "
                   "(any case), or all (default: the tasks a --model file:X holds; the default model's 12 core "
                   "tasks; else all)")
    g.add_argument("-n", type=int, default=1, help="samples per task (default 1)")
    g.add_argument("--temperature", type=float, default=None,
                   help="sampling temperature (default: greedy when -n 1, else 0.2; 0 is greedy)")
    g.add_argument("--top-p", type=float, default=0.95, help="nucleus sampling (default 0.95)")
    g.add_argument("--max-new-tokens", type=int, default=1024, help="most tokens a sample may have (default 1024)")
    g.add_argument("--style", default="auto", choices=["auto", "completion", "chat"],
                   help="prompt style (default auto: chat for models with a chat template)")
    g.add_argument("--gen-seed", type=int, default=0, help="seed of the sampling")


def generation_params(args):
    from hpccoder.models import GenerationParams

    if args.n < 1:
        raise HpcError("-n must be at least 1")
    if args.max_new_tokens < 1:
        raise HpcError("--max-new-tokens must be at least 1")
    if not 0 < args.top_p <= 1:
        raise HpcError("--top-p must be in (0, 1]")
    temperature = args.temperature
    if temperature is None:  # the field's defaults: greedy for one sample, 0.2 for several
        temperature = 0.0 if args.n == 1 else 0.2
    if not math.isfinite(temperature) or temperature < 0:
        raise HpcError("--temperature must be a number, at least 0 (0 is greedy)")
    return GenerationParams(n=args.n, temperature=temperature, top_p=args.top_p,
                            max_new_tokens=args.max_new_tokens, seed=args.gen_seed, style=args.style)


def out_folder(text: str, flag: str = "--out") -> Path:
    """A folder to write into: an existing file there is a mistake to say in one line, not a traceback."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise HpcError(f"{flag} {path} is a file: give a folder (it is created if missing)")
    return path


def out_file(text: str, flag: str = "--out") -> Path:
    path = Path(text)
    if path.is_dir():
        raise HpcError(f"{flag} {path} is a folder: give a file name, such as {path / 'samples.jsonl'}")
    return path


def backend_options(args) -> dict:
    return {k: getattr(args, k) for k in ("adapter", "base_url", "api_key") if getattr(args, k, None)}


# -- verbs -------------------------------------------------------------------------------------------------
def cmd_doctor(args) -> int:
    from hpccoder.doctor import doctor
    return doctor()


def cmd_suite_list(args) -> int:
    import json

    from hpccoder.suite import Suite
    suite = Suite()
    tasks = suite.select(args.tasks)
    if args.json:  # one JSON document on stdout, for scripts: the tasks and the suite they are of
        rows = [{"task_id": t.id, "problem": t.problem.id, "model": t.model, "language": t.problem.language,
                 "category": t.category, "problem_version": t.problem.version,
                 "title": t.problem.spec.get("title", "")} for t in tasks]
        print(json.dumps({"suite": str(suite.manifest.get("name", "hpccoder")), "version": suite.version, "tasks": rows}, indent=1))
    else:
        for task in tasks:
            print(f"{task.id:<44} {task.problem.spec.get('title', '')}")
    # the count is a note to the reader, not a task: stdout stays one task per line (or one JSON document)
    problems = len({t.problem.id for t in tasks})
    print(f"{len(tasks)} task{'s' * (len(tasks) != 1)} in {problems} problem{'s' * (problems != 1)} "
          f"(suite {suite.version})", file=sys.stderr)
    return 0


def cmd_suite_validate(args) -> int:
    from hpccoder.suite.validate import validate
    return validate(args.tasks, eval_options(args), out_folder(args.out) if args.out else None,
                    [args.simulator] if args.simulator else None)


def cmd_suite_margins(args) -> int:
    from hpccoder.harness.sandbox import Limits
    from hpccoder.suite.margins import margins
    return margins(args.tasks, seeds=args.seeds, timing=args.timing_size, first_seed=args.seed,
                   threshold=args.threshold, timeout=args.timeout, out=out_file(args.out) if args.out else None,
                   show_progress=args.progress, limits=Limits(memory_mb=args.memory_mb),
                   unsafe=args.unsafe_no_sandbox, resources=parsed_resources(args), cuda_emulate=args.cuda_emulate)


def cmd_evaluate(args) -> int:
    from hpccoder.harness import shards
    from hpccoder.harness.evaluate import evaluate, format_table
    from hpccoder.results.cli import open_store_for, record_after
    out = out_folder(args.out)
    if args.shard and args.submit is not None:
        raise HpcError("--shard and --submit: give one (--submit N makes the N jobs, each with its --shard)")
    submit, cluster, job_params = batch_options(args)
    if args.shard:
        return _evaluate_shard(args, out)
    if args.submit is not None:
        if shards.launched_size() > 1:
            raise HpcError("--submit under mpirun: give one or the other")
        from hpccoder.harness.batch import submit_evaluation
        store = open_store_for(args)
        summary = submit_evaluation(Path(args.samples), out, submit, eval_options(args), cluster, job_params,
                                    args.progress)
        print(format_table(summary))
        print(f"results: {out / 'results.jsonl'}  summary: {out / 'summary.json'}  job logs: {out / 'jobs'}")
        record_after(store, out, "evaluate", Path(args.samples))
        return 0
    world = shards.world()  # started by mpirun as one of several processes: the work is shared out over them
    store, failure = None, None
    try:
        if world is None or world.rank == 0:
            store = open_store_for(args)  # before the work: a bad --results-db fails at once
    except HpcError as exc:
        if world is None:
            raise
        failure = exc
    if world is not None:
        world.all_ok(failure)
    summary = evaluate(Path(args.samples), out, eval_options(args), world=world)
    if summary is None:  # a rank other than 0: rank 0 reports and records
        return 0
    print(format_table(summary))
    print(f"results: {out / 'results.jsonl'}  summary: {out / 'summary.json'}")
    record_after(store, out, "evaluate", Path(args.samples))
    return 0


def _evaluate_shard(args, out: Path) -> int:
    from hpccoder.harness import shards
    from hpccoder.harness.sharded import evaluate_shard
    k, _, n = args.shard.partition("/")
    if not (k.isdigit() and n.isdigit() and int(n) > 0):
        raise HpcError(f"--shard {args.shard}: give K/N, this job's shard K of N (0 <= K < N), e.g. "
                       "--shard $SLURM_ARRAY_TASK_ID/8")
    if shards.launched_size() > 1:
        raise HpcError("--shard is for the jobs of an array; under mpirun leave it out (the ranks share the work)")
    done = evaluate_shard(Path(args.samples), out, int(k), int(n), eval_options(args))
    statuses = ", ".join(f"{s} {c}" for s, c in sorted(done["statuses"].items())) or "nothing left to do"
    earlier = f" ({done['earlier']} from an earlier start)" if done["earlier"] else ""
    print(f"shard {k} of {n}: {done['evaluated']} samples evaluated{earlier}: {statuses}; in {done['results']}")
    print(f"once every shard has ended: hpccoder evaluate --samples {args.samples} --out {args.out} gathers them "
          "and writes the summary")
    return 0


def cmd_generate(args) -> int:
    from hpccoder import models
    from hpccoder.generate import generate
    from hpccoder.suite import Suite
    from hpccoder.run import select_tasks
    out_file(args.out)
    params = generation_params(args)
    submit, cluster, job_params = batch_options(args)
    if submit is not None:
        from hpccoder.harness.batch import submit_generation
        # the tasks a run without --submit takes (a file of samples: those it holds, loaded here, in no time)
        held = models.load(args.model, **backend_options(args)) if args.model.startswith("file:") else None
        tasks = select_tasks(Suite(), args.tasks, args.model, held)
        out = submit_generation(args.model, backend_options(args), [t.id for t in tasks], params, Path(args.out),
                                submit, cluster, job_params, args.progress, args.overwrite)
    else:
        backend = models.load(args.model, **backend_options(args))
        tasks = select_tasks(Suite(), args.tasks, args.model, backend)
        out = generate(backend, tasks, params, Path(args.out), progress=args.progress, overwrite=args.overwrite)
    print(f"samples: {out}")
    return 0


def cmd_run(args) -> int:
    from hpccoder.harness.evaluate import format_table
    from hpccoder.results.cli import open_store_for, record_after
    from hpccoder.harness.batch import job_parameters
    from hpccoder.run import Batch, run
    submit, cluster, job_params = batch_options(args)
    batch = None if submit is None else Batch(submit, cluster, job_params,
                                              job_parameters(args.gen_job) if args.gen_job else None)
    store = open_store_for(args)
    out, summary = run(args.model, args.tasks, generation_params(args), out_folder(args.out) if args.out else None,
                       eval_options(args), backend_options(args), batch)
    print(format_table(summary))
    print(f"samples, results and summary.json in {out}")
    record_after(store, out, "run")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hpccoder", description="LLM-assisted HPC code generation and evaluation")
    parser.add_argument("--version", action="version", version=f"hpccoder {__version__}")
    sub = parser.add_subparsers(dest="verb", required=True, metavar="COMMAND")

    p = sub.add_parser("doctor", help="what this machine can build and run")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("suite", help="list, validate or import the benchmark's problems")
    suite_sub = p.add_subparsers(dest="suite_verb", required=True, metavar="ACTION")
    q = suite_sub.add_parser("list", help="list the tasks")
    q.add_argument("--tasks", help="selector (default all)")
    q.add_argument("--json", action="store_true", help="one JSON document: the suite's name and version, and per task "
                   "its id, problem, model, language, category, problem version and title")
    q.set_defaults(func=cmd_suite_list)
    q = suite_sub.add_parser("validate", help="check every problem.yaml and run every reference kernel")
    q.add_argument("--tasks", help="selector (default all)")
    q.add_argument("--out", help="keep the validation's results in this folder")
    add_eval_args(q, timing_default=False)
    q.set_defaults(func=cmd_suite_validate)
    q = suite_sub.add_parser("margins", help="how near their tolerances the parallel references come, over seeds",
                             description="Build each selected omp, mpi, mpi+omp and cuda task with its own reference "
                             "kernel, run it on the check sizes and the timing size for several seeds (omp 4 threads; "
                             "mpi 3 and 4 ranks; mpi+omp 2x2 and 4x1, or --threads, --ranks, --hybrid; cuda on the "
                             "GPU, or with --cuda-emulate on a CPU emulator) and print the worst |got - want| / (atol "
                             "+ rtol |want|) of each task; above --threshold a row is at risk. Exit status 1 if one "
                             "is.")
    q.add_argument("--tasks", help="selector (default all; serial tasks are left out)")
    q.add_argument("--seeds", type=int, default=5, help="seeds per task (default 5)")
    q.add_argument("--seed", type=int, default=1, help="the first seed (default 1; then 2, 3, ...)")
    q.add_argument("--timing-size", action=argparse.BooleanOptionalAction, default=None,
                   help="also the timing size, as a check size (default: yes, but for emulated cuda tasks)")
    add_resource_args(q, {"omp": "OpenMP thread counts of the omp tasks instead of 4, e.g. 2,3,5,7,8 (other "
                                 "partitions of a reduction: other summation orders)",
                          "mpi": "MPI rank counts of the mpi tasks instead of 3,4",
                          "mpi+omp": "RANKSxTHREADS of the mpi+omp tasks instead of 2x2,4x1"})
    q.add_argument("--cuda-emulate", action="store_true",
                   help="cuda tasks where no GPU can run them: on a CPU emulation of CUDA (g++; rows marked "
                        "emulated; a GPU, where found, wins)")
    q.add_argument("--threshold", type=float, default=0.1, help="a margin above this is at risk (default 0.1)")
    q.add_argument("--timeout", type=float, default=600.0, help="seconds per run of a program (default 600)")
    q.add_argument("--out", help="the rows as JSON in this file")
    q.add_argument("--memory-mb", type=int, default=4096, help="memory of each process (default 4096)")
    q.add_argument("--unsafe-no-sandbox", action="store_true", help="run the references without bubblewrap")
    q.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    q.set_defaults(func=cmd_suite_margins)

    p = sub.add_parser("evaluate", help="build, run and score samples")
    p.add_argument("--samples", required=True, help="samples JSONL (task_id and completion per line)")
    p.add_argument("--out", required=True, help="folder for results.jsonl and summary.json")
    add_batch_args(p, "evaluation")
    p.add_argument("--shard", metavar="K/N", help="one job of an array: evaluate shard K of N (0 <= K < N) into "
                   "OUT/results.rank-K.jsonl; the same command without --shard then gathers the shards (needs --seed "
                   "or an OUT that has one)")
    add_eval_args(p)
    add_record_args(p)
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("generate", help="generate samples with a model")
    add_generation_args(p, model_default="embedded")
    p.add_argument("--out", required=True, help="samples JSONL to write (resumed if it exists)")
    p.add_argument("--overwrite", action="store_true", help="start over instead of resuming")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")
    add_batch_args(p, "generation (each job loads the model on its node)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("run", help="generate and evaluate in one go")
    add_generation_args(p, model_default="embedded")
    p.add_argument("--out", help="folder for samples, results and summary (default runs/<model>)")
    add_eval_args(p)
    add_record_args(p)
    add_batch_args(p, "generation and then the evaluation", generation_jobs=True)
    p.set_defaults(func=cmd_run)

    for name in VERB_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    stopping.install()  # SIGTERM (kill, a batch system) stops as Ctrl-C does
    hide_upstream_deprecations()
    from hpccoder.harness import shards
    if args.func is not cmd_evaluate and shards.launched_size() > 1:  # N copies would write the same files
        if shards.launched_rank() == 0:
            print(f"hpccoder: error: `hpccoder {args.verb}` was started by an MPI launcher as one of "
                  f"{shards.launched_size()} processes; only `hpccoder evaluate` runs over MPI ranks: start this "
                  "one without mpirun", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except HpcError as exc:
        if str(exc):  # empty: said by another process (rank 0 of an evaluation over MPI)
            print(f"hpccoder: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except (FileExistsError, IsADirectoryError, NotADirectoryError) as exc:  # a path of the wrong kind given
        what = f"{exc.filename}: {exc.strerror.lower()}" if exc.filename and exc.strerror else str(exc)
        print(f"hpccoder: error: {what} (a file where a folder is wanted, or the reverse)", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `hpccoder ... | head`
        sys.stderr.close()
        return 0
    except OSError as exc:  # a path that cannot be read or written (permissions, a read-only or full disk, /proc)
        if not exc.filename:
            raise
        print(f"hpccoder: error: cannot use {exc.filename}: {(exc.strerror or str(exc)).lower()} (check the path "
              "and its permissions)", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("hpccoder: interrupted", file=sys.stderr)
        return 130
