"""The `file` backend: completions read from a samples JSONL (for example another tool's output)."""

from __future__ import annotations

import sys
from pathlib import Path

from hpccoder.errors import HpcError
from hpccoder.models.base import Backend, Completion, GenerationParams, Request
from hpccoder.samples import read_samples


class FileBackend(Backend):
    name = "file"
    writes_code = True
    sampling_matters = False

    def __init__(self, argument: str | None = None, **_):
        if not argument:
            raise HpcError("the file backend needs a path: --model file:samples.jsonl")
        self.path = Path(argument)
        warn = lambda msg: print(f"hpccoder: {msg}", file=sys.stderr)  # noqa: E731
        self.samples = {(s.task_id, s.sample_index): s.completion for s in read_samples(self.path, warn)}

    def generate(self, requests: list[Request], params: GenerationParams) -> list[Completion]:
        out = []
        for req in requests:
            key = (req.task.id, req.sample_index)
            if key not in self.samples:
                raise HpcError(f"{self.path} has no sample {req.sample_index} of {req.task.id}")
            out.append(Completion(self.samples[key]))
        return out

    def describe(self) -> str:
        return f"file:{self.path}"

    def held_tasks(self) -> list[str] | None:
        return sorted({task for task, _ in self.samples})

    def note_selection(self, task_ids: list[str], n: int) -> str | None:
        wanted = set(task_ids)
        held = max((i + 1 for t, i in self.samples if t in wanted), default=0)
        if held > n:
            return (f"{self.path} holds up to {held} samples per task and -n {n} takes the first {n}: give -n {held} "
                    "to use them all")
        return None
