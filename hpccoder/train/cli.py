"""`hpccoder finetune --recipe finetune/NAME.yaml [key=value ...]`"""

from __future__ import annotations

import argparse
import sys


def cmd_finetune(args: argparse.Namespace) -> int:
    from hpccoder.train.finetune import finetune, world
    from hpccoder.train.recipe import load_recipe

    recipe = load_recipe(args.recipe, args.overrides)
    if recipe.get("evaluate"):  # a mistake there is said now, not after the training
        check_evaluate(recipe)
    metrics = finetune(recipe, progress=sys.stderr.isatty())
    if world()[0] != 0:  # the other processes of a data-parallel run: rank 0 reports and writes
        return 0
    before, after = metrics["before"], metrics["after"]
    print(f"held-out perplexity {before['perplexity']} -> {after['perplexity']} "
          f"(loss {before['loss']} -> {after['loss']}), {metrics['steps']} steps in {metrics['train_seconds']} s")
    print(f"model, adapter, card and metrics in {recipe['output']['dir']}")
    if recipe.get("evaluate"):
        evaluate_result(recipe)
    return 0


def check_evaluate(recipe: dict) -> None:
    """The recipe's `evaluate:` tasks name tasks of the suite (raises HpcError if not)."""
    from hpccoder.run import DEFAULT_TASKS
    from hpccoder.suite import Suite

    Suite().select(recipe["evaluate"].get("tasks", DEFAULT_TASKS))


def evaluate_result(recipe: dict) -> None:
    """`evaluate: {tasks: ..., n: ...}` in a recipe: `hpccoder run` on what was trained (the merged
    model, or the base with the adapter when output.merge is false)."""
    from pathlib import Path

    from hpccoder.harness.evaluate import EvalOptions, format_table
    from hpccoder.models import GenerationParams
    from hpccoder.run import DEFAULT_TASKS, run
    from hpccoder.train.finetune import trained_model

    out = Path(recipe["output"]["dir"])
    spec = recipe["evaluate"]
    model, adapter = trained_model(recipe, out)
    n = spec.get("n", 1)
    params = GenerationParams(n=n, temperature=0.0 if n == 1 else 0.2)
    folder, summary = run(model, spec.get("tasks", DEFAULT_TASKS), params, out / "run", EvalOptions(progress=True),
                          backend_options={"adapter": adapter} if adapter else None)
    print(format_table(summary))
    print(f"samples, results and summary.json of the trained model in {folder}")


def register(sub) -> None:
    p = sub.add_parser("finetune", help="fine-tune a code model with a recipe (LoRA, QLoRA or full)",
                       description="Runs a recipe from finetune/. Override any key: training.max_steps=20 "
                                   "data.seq_len=256 output.dir=out/x. Under `accelerate launch` the same "
                                   "command trains on many GPUs.")
    p.add_argument("--recipe", required=True, help="a recipe YAML, e.g. finetune/smollm2_lora_hpc.yaml")
    p.add_argument("overrides", nargs="*", metavar="KEY=VALUE", help="recipe overrides (dotted keys)")
    p.set_defaults(func=cmd_finetune)
