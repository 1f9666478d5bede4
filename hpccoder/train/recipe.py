"""Fine-tuning recipes: commented YAML under finetune/, overridable with key=value on the command line.

A recipe is checked against RECIPE_SCHEMA before anything loads, so a typo fails in a second
with one line, not after the model has loaded.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from hpccoder.errors import HpcError

MODES = ["clm", "fim", "mpi_calls", "instruct", "verilog_multigrain"]
METHODS = ["lora", "qlora", "full"]
# transformers' learning-rate schedules that need no settings of their own
SCHEDULERS = ["linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup",
              "inverse_sqrt"]

DEFAULTS: dict = {
    "base_model": "embedded",
    "method": "lora",
    "lora": {"r": 16, "alpha": 32, "dropout": 0.05, "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj"]},
    "data": {
        "mode": "clm",
        "text_field": "content",
        "seq_len": 512,
        "packing": True,
        "validation": 0.05,
        "max_train_docs": None,
        "max_eval_docs": 200,
        "max_eval_rows": 256,
        "fim": {"rate": 0.5, "spm_rate": 0.5},
        "levels": ["high", "detailed", "block"],
        "where": {},
    },
    "training": {
        "epochs": 1,
        "max_steps": -1,
        "max_minutes": None,
        "learning_rate": 2e-4,
        "batch_size": 8,
        "grad_accum": 1,
        "warmup_ratio": 0.03,
        "scheduler": "cosine",
        "weight_decay": 0.0,
        "seed": 42,
        "save_steps": 50,
        "save_total_limit": 2,
        "logging_steps": 10,
        "gradient_checkpointing": False,
        "bf16": "auto",
    },
    "output": {"merge": True, "card": True},
}

RECIPE_SCHEMA = {
    "type": "object",
    "required": ["data", "output"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "description": {"type": "string"},
        "base_model": {"type": ["string", "null"]},
        "method": {"enum": METHODS},
        "lora": {"type": "object", "additionalProperties": False, "properties": {
            "r": {"type": "integer", "minimum": 1}, "alpha": {"type": "number", "exclusiveMinimum": 0},
            "dropout": {"type": "number", "minimum": 0, "exclusiveMaximum": 1},
            "target_modules": {"type": ["array", "string"]}}},
        "from_scratch": {"type": ["object", "null"], "additionalProperties": False, "properties": {
            "vocab_size": {"type": "integer", "minimum": 300},
            "tokenizer_docs": {"type": "integer", "minimum": 1},
            "model": {"type": "object"}}},
        "data": {"type": "object", "required": ["train"], "additionalProperties": False, "properties": {
            "train": {"type": "string"}, "mode": {"enum": MODES}, "text_field": {"type": "string"},
            "seq_len": {"type": "integer", "minimum": 16}, "packing": {"type": "boolean"},
            "validation": {"type": ["number", "string"]},
            "max_train_docs": {"type": ["integer", "null"], "minimum": 1},
            "max_eval_docs": {"type": ["integer", "null"], "minimum": 1},
            "max_eval_rows": {"type": ["integer", "null"], "minimum": 1},
            "fim": {"type": "object", "additionalProperties": False,
                    "properties": {"rate": {"type": "number", "minimum": 0, "maximum": 1},
                                   "spm_rate": {"type": "number", "minimum": 0, "maximum": 1}}},
            "levels": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "where": {"type": "object"}}},
        "training": {"type": "object", "additionalProperties": False, "properties": {
            "epochs": {"type": "number", "exclusiveMinimum": 0}, "max_steps": {"type": "integer"},
            "max_minutes": {"type": ["number", "null"], "exclusiveMinimum": 0},  # null: no time limit
            "learning_rate": {"type": "number", "exclusiveMinimum": 0},
            "batch_size": {"type": "integer", "minimum": 1}, "grad_accum": {"type": "integer", "minimum": 1},
            # a fraction of the steps (transformers reads a warmup of 1 or more as a number of steps)
            "warmup_ratio": {"type": "number", "minimum": 0, "exclusiveMaximum": 1},
            "scheduler": {"enum": SCHEDULERS}, "weight_decay": {"type": "number", "minimum": 0},
            "seed": {"type": "integer"},
            "save_steps": {"type": "integer", "minimum": 1}, "save_total_limit": {"type": ["integer", "null"]},
            "logging_steps": {"type": "integer", "minimum": 1}, "gradient_checkpointing": {"type": "boolean"},
            "bf16": {"enum": [True, False, "auto"]}}},
        "output": {"type": "object", "required": ["dir"], "additionalProperties": False, "properties": {
            "dir": {"type": "string"}, "merge": {"type": "boolean"}, "card": {"type": "boolean"}}},
        "evaluate": {"type": ["object", "null"], "additionalProperties": False, "properties": {
            "tasks": {"type": "string"}, "n": {"type": "integer", "minimum": 1}}},
        # what a run records in its recipe.yaml, so that the file runs again: replaced on loading
        "recipe_path": {"type": "string"},
        "overrides": {"type": "array", "items": {"type": "string"}},
    },
}


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _value(text: str):
    """A command-line value as YAML reads it: 1e-4 -> float, true -> bool, [a, b] -> list."""
    for number in (int, float):  # YAML 1.1 reads 1e-3 as a string
        try:
            return number(text)
        except ValueError:
            pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def apply_overrides(recipe: dict, overrides: list[str]) -> dict:
    out = copy.deepcopy(recipe)
    for item in overrides:
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise HpcError(f"override '{item}' is not KEY=VALUE (for example training.max_steps=20)")
        node = out
        parts = key.split(".")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
            if not isinstance(node, dict):
                raise HpcError(f"override '{item}': {p} is not a section of the recipe")
        node[parts[-1]] = _value(value)
    return out


def load_recipe(path: str | Path, overrides: list[str] = ()) -> dict:
    """The recipe with defaults filled in and overrides applied, checked; relative data and output
    paths stay relative to the working directory (where the command runs)."""
    import jsonschema

    path = Path(path)
    if not path.is_file():
        raise HpcError(f"no recipe at {path}: give a YAML file such as finetune/smollm2_lora_hpc.yaml")
    try:
        raw = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise HpcError(f"{path} is not valid YAML: {_yaml_problem(exc)}") from None
    if not isinstance(raw, dict):
        raise HpcError(f"{path}: a recipe is a mapping of sections (data, training, output, ...)")
    raw = apply_overrides(raw, list(overrides))
    output = raw.get("output")
    if isinstance(output, dict) and "dir" in output and (output["dir"] is None or not str(output["dir"]).strip()):
        # `output.dir=` reads as no value: the schema would say "None is not of type 'string'"
        raise HpcError(f"{path}: output.dir needs a folder path (for example output.dir=runs/finetune/{path.stem})")
    try:
        jsonschema.validate(raw, RECIPE_SCHEMA)
    except jsonschema.ValidationError as exc:
        where = ".".join(str(p) for p in exc.absolute_path) or "top level"
        if exc.validator == "type" and exc.instance is None:  # `KEY=` with nothing after it
            raise HpcError(f"{path}: {where} needs a value ({' or '.join(_listed(exc.validator_value))})") from None
        raise HpcError(f"{path}: {where}: {exc.message}") from None
    recipe = _merge(DEFAULTS, raw)
    if recipe["training"]["max_steps"] == 0 or recipe["training"]["max_steps"] < -1:
        # the Trainer would train one step for 0, and by the epochs for any negative number
        raise HpcError(f"{path}: training.max_steps: {recipe['training']['max_steps']}: give the steps to train "
                       "(1 or more), or -1 to train for training.epochs")
    if recipe.get("from_scratch"):
        if raw.get("base_model"):
            raise HpcError(f"{path}: give base_model or a from_scratch section, not both")
        recipe["method"], recipe["base_model"] = "full", None  # no base: the default one is not in it
    elif not recipe.get("base_model"):
        raise HpcError(f"{path}: give base_model (embedded, a model folder or a .gguf) or a from_scratch section")
    if recipe["output"]["dir"].startswith("~"):  # a YAML value or KEY=VALUE the shell did not expand: not a folder "~"
        recipe["output"]["dir"] = str(Path(recipe["output"]["dir"]).expanduser())
    recipe.setdefault("name", path.stem)
    # the model card shows the command that trains the same model again
    recipe["recipe_path"], recipe["overrides"] = str(path), list(overrides)
    return recipe


def _listed(types) -> list[str]:
    """A schema's type or types, in words."""
    words = {"string": "a text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "object": "a mapping", "array": "a list"}
    return [words.get(t, t) for t in ([types] if isinstance(types, str) else types)]


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """What the YAML parser found wrong, and where (its own text runs over several lines)."""
    problem, mark = getattr(exc, "problem", None), getattr(exc, "problem_mark", None)
    if not problem:
        return str(exc).splitlines()[0]
    return f"{problem} (line {mark.line + 1}, column {mark.column + 1})" if mark else problem
