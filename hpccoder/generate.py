"""`hpccoder generate`: prompts of the selected tasks -> a model -> samples JSONL.

Usage: hpccoder generate --model reference --tasks omp -n 1 --out samples.jsonl

Samples are appended as they come; running the same command again generates only the
samples that are missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tqdm import tqdm

from hpccoder.errors import HpcError
from hpccoder.models import Backend, GenerationParams, Request
from hpccoder.samples import JsonlAppender, Sample, read_jsonl
from hpccoder.suite import Task
from hpccoder.suite.prompts import render


def generate(backend: Backend, tasks: list[Task], params: GenerationParams, out: Path,
             progress: bool = True, overwrite: bool = False) -> Path:
    out = Path(out)
    if overwrite:
        out.unlink(missing_ok=True)
    have = set()
    for rec in read_jsonl(out):
        if rec.get("model") != backend.describe() or rec.get("generation") != params.to_json():
            raise HpcError(f"{out} holds samples of another model or other sampling settings: "
                           "use another --out, or --overwrite")
        have.add((rec["task_id"], rec["sample_index"]))
    todo = [Request(t, render(t, params.style), i) for t in tasks for i in range(params.n) if (t.id, i) not in have]
    writer = JsonlAppender(out)
    try:
        with tqdm(total=len(todo), desc="generate", unit="sample", file=sys.stderr,
                  disable=not progress or not todo) as bar:
            # one task's n samples at a time: backends batch samples of the same prompt
            for start in range(0, len(todo), max(params.n, 1)):
                batch = todo[start:start + max(params.n, 1)]
                for req, completion in zip(batch, backend.generate(batch, params)):
                    sample = Sample(req.task.id, req.sample_index, completion, req.prompt, backend.describe(),
                                    params.to_json())
                    writer.write(sample.to_json())
                bar.update(len(batch))
    finally:
        writer.close()
    return out
