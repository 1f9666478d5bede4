"""The generation interface every backend implements (see __init__.py for the registry)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass

from hpccoder.suite import Task


@dataclass(frozen=True)
class GenerationParams:
    n: int = 1
    temperature: float = 0.2
    top_p: float = 0.95
    max_new_tokens: int = 1024
    seed: int = 0
    style: str = "completion"

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Request:
    task: Task
    prompt: str
    sample_index: int


class Backend(ABC):
    """A source of completions. `generate` returns one completion per request, in order."""

    name: str = ""

    @abstractmethod
    def generate(self, requests: list[Request], params: GenerationParams) -> list[str]:
        ...

    def describe(self) -> str:
        return self.name
