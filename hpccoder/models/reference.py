"""The `reference` backend: the known-good kernels of kernels_ref/, to validate the harness."""

from __future__ import annotations

from hpccoder.errors import HpcError
from hpccoder.models.base import Backend, Completion, GenerationParams, Request


class ReferenceBackend(Backend):
    name = "reference"
    writes_code = True
    sampling_matters = False

    def __init__(self, argument: str | None = None, **_):
        if argument:
            raise HpcError("the reference backend takes no argument: use --model reference")

    def generate(self, requests: list[Request], params: GenerationParams) -> list[Completion]:
        out = []
        for req in requests:
            path = req.task.reference_file()
            if not path.exists():
                raise HpcError(f"no reference kernel for {req.task.id}: {path} is missing")
            out.append(Completion(req.task.reference_candidate()))
        return out
