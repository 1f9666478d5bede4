"""Generation backends, by name, imported only when asked for.

A model spec is `NAME` or `NAME:ARGUMENT`: `embedded` (the default model), `hf:PATH`,
`openai:MODEL`, `vllm:MODEL`, `reference`, `file:samples.jsonl`.
Adding a backend is adding one module with a `Backend` subclass and its line in `_BACKENDS`.
"""

from __future__ import annotations

import importlib

from hpccoder.errors import HpcError
from hpccoder.models.base import Backend, Completion, GenerationParams, Request, sample_seed

_BACKENDS = {
    "embedded": "hpccoder.models.hf:EmbeddedBackend",
    "hf": "hpccoder.models.hf:HFBackend",
    "openai": "hpccoder.models.openai:OpenAIBackend",
    "vllm": "hpccoder.models.vllm:VLLMBackend",
    "reference": "hpccoder.models.reference:ReferenceBackend",
    "file": "hpccoder.models.file:FileBackend",
}
DEFAULT = "embedded"
# options of some backends only: given to another, they would be dropped without a word
_OPTION_BACKENDS = {"adapter": ("embedded", "hf", "vllm"), "base_url": ("openai",), "api_key": ("openai",)}


def names() -> list[str]:
    return list(_BACKENDS)


def load(spec: str, **options) -> Backend:
    name, _, argument = spec.partition(":")
    if name not in _BACKENDS:
        raise HpcError(f"unknown model backend '{name}'; known: {', '.join(_BACKENDS)}{_meant(spec)}")
    for key, value in options.items():
        takers = _OPTION_BACKENDS.get(key)
        if value is not None and takers and name not in takers:
            raise HpcError(f"--{key.replace('_', '-')} is for the {', '.join(takers)} backend"
                           f"{'s' if len(takers) > 1 else ''}, not {name}: leave it out, or choose one of those")
    module, _, cls = _BACKENDS[name].partition(":")
    backend_cls = getattr(importlib.import_module(module), cls)
    return backend_cls(argument or None, **options)


def _meant(spec: str) -> str:
    """What a spec without its backend's name most likely meant (a path given as it is), for the error."""
    from pathlib import Path

    if not spec or not (Path(spec).exists() or "/" in spec or spec.endswith((".gguf", ".jsonl"))):
        return ""
    return f" (a file of samples: --model file:{spec})" if spec.endswith(".jsonl") else \
        f" (a model folder or .gguf file: --model hf:{spec})"


def _unloaded(spec: str, what: str, **options):
    """`what` of the backend class of `spec`, asked without loading its model (the hf and embedded backends, which
    take long to load), or None for the other backends."""
    name, _, argument = spec.partition(":")
    if name not in ("embedded", "hf") or (name == "hf" and not argument):
        return None
    module, _, cls = _BACKENDS[name].partition(":")
    return getattr(getattr(importlib.import_module(module), cls), what)(argument or None, **options)


def sampling_matters(spec: str) -> bool:
    """Whether the samples of `spec`'s backend depend on the sampling settings (not so for fixed code: a file of
    samples, the references), told from its class alone."""
    name = spec.partition(":")[0]
    if name not in _BACKENDS:
        return True
    module, _, cls = _BACKENDS[name].partition(":")
    return getattr(importlib.import_module(module), cls).sampling_matters


def describe_unloaded(spec: str, **options) -> str | None:
    """What the backend of `spec` will call itself, where that is known without loading its model, else None."""
    return _unloaded(spec, "describe_unloaded", **options)


def default_style_unloaded(spec: str, **options) -> str | None:
    """The prompt style `auto` stands for with the backend of `spec`, where its files tell without loading the
    model, else None."""
    return _unloaded(spec, "default_style_unloaded", **options)


__all__ = ["DEFAULT", "Backend", "Completion", "GenerationParams", "Request", "load", "names", "sample_seed"]
