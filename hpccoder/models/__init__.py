"""Generation backends, by name, imported only when asked for.

A model spec is `NAME` or `NAME:ARGUMENT` (for example `reference`, `file:samples.jsonl`).
Adding a backend is adding one module with a `Backend` subclass and its line in `_BACKENDS`.
"""

from __future__ import annotations

import importlib

from hpccoder.errors import HpcError
from hpccoder.models.base import Backend, GenerationParams, Request

_BACKENDS = {
    "reference": "hpccoder.models.reference:ReferenceBackend",
    "file": "hpccoder.models.file:FileBackend",
}


def names() -> list[str]:
    return list(_BACKENDS)


def load(spec: str, **options) -> Backend:
    name, _, argument = spec.partition(":")
    if name not in _BACKENDS:
        raise HpcError(f"unknown model backend '{name}'; known: {', '.join(_BACKENDS)}")
    module, _, cls = _BACKENDS[name].partition(":")
    backend_cls = getattr(importlib.import_module(module), cls)
    return backend_cls(argument or None, **options)


__all__ = ["Backend", "GenerationParams", "Request", "load", "names"]
