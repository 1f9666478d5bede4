"""`hpccoder run`: generate samples for the selected tasks, then evaluate them, in one folder.

Usage: hpccoder run --model reference --out runs/reference
"""

from __future__ import annotations

import re
from pathlib import Path

from hpccoder import models
from hpccoder.generate import generate
from hpccoder.harness.evaluate import EvalOptions, evaluate
from hpccoder.models import GenerationParams
from hpccoder.suite import Suite


def default_out(model_spec: str) -> Path:
    return Path("runs") / re.sub(r"[^A-Za-z0-9._-]+", "_", model_spec).strip("_")


def run(model_spec: str, selector: str | None, params: GenerationParams, out: Path | None,
        opts: EvalOptions) -> tuple[Path, dict]:
    suite = Suite()
    tasks = suite.select(selector)
    out = Path(out) if out else default_out(model_spec)
    out.mkdir(parents=True, exist_ok=True)
    backend = models.load(model_spec)
    samples = generate(backend, tasks, params, out / "samples.jsonl", progress=opts.progress,
                       overwrite=opts.overwrite)
    return out, evaluate(samples, out, opts, suite)
