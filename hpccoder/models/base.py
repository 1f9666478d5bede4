"""The generation interface every backend implements (see __init__.py for the registry)."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from typing import Callable

from hpccoder.suite import Task


@dataclass(frozen=True)
class GenerationParams:
    n: int = 1
    temperature: float = 0.2  # 0: greedy
    top_p: float = 0.95
    max_new_tokens: int = 1024
    seed: int = 0
    style: str = "auto"  # completion, chat, or auto: the backend's preference

    def to_json(self) -> dict:
        return asdict(self)

    @property
    def greedy(self) -> bool:
        return self.temperature <= 0


@dataclass(frozen=True)
class Request:
    task: Task
    sample_index: int
    prompt: str | list[dict]  # text to continue (completion style) or chat messages
    style: str
    stop: tuple[str, ...] = ()  # plain stop sequences, for backends that take them
    finished: Callable[[str], bool] | None = field(default=None, compare=False)  # code-aware stop


@dataclass
class Completion:
    text: str
    tokens: int | None = None  # generated tokens, where the backend knows


class Backend(ABC):
    """A source of completions. `generate` gets up to `batch_size` requests (of one task or of
    several) and returns one completion per request, in order."""

    name: str = ""
    writes_code = False  # True: completions are finished code (no extraction or truncation)
    # False: what it hands out does not depend on the sampling settings (a file of samples, the references): the
    # samples it made under other settings (-n 1's greedy default, then -n 3's temperature 0.2) are as good
    sampling_matters = True
    batch_size = 1  # requests per call when they have different prompts; a task's n samples go together
    # Where a backend can say how far a call has got: on_tokens(new tokens so far, at most) during `generate`
    # (set by the caller for its progress report; a batch of a small model on CPUs takes minutes).
    on_tokens = None

    def default_style(self) -> str:
        return "completion"

    @abstractmethod
    def generate(self, requests: list[Request], params: GenerationParams) -> list[Completion]:
        ...

    def stream(self, requests: list[Request], params: GenerationParams):
        """The completions of `generate`, in order, each as soon as the backend has it (one that answers a
        request at a time hands each on at once, to be written down before the next)."""
        return iter(self.generate(requests, params))

    def describe(self) -> str:
        return self.name

    def held_tasks(self) -> list[str] | None:
        """The tasks this backend has answers for, where it holds a fixed set (a file of samples): what a run
        with no --tasks takes. None: any task."""
        return None

    def note_selection(self, task_ids: list[str], n: int) -> str | None:
        """A word for the user on what they selected (a file backend holding more samples than -n takes)."""
        return None


def sample_seed(seed: int, task_id: str, sample_index: int) -> int:
    """The seed of one sample's own random stream: its draw depends on nothing else (not on the samples
    generated beside it, nor on how many)."""
    digest = hashlib.sha256(f"{seed}/{task_id}/{sample_index}".encode()).digest()
    return int.from_bytes(digest[:8], "little") >> 1


def without_system(messages: list[dict]) -> list[dict]:
    """The chat with its leading system message put at the head of the first user message (for chat templates that
    refuse a system message: Gemma's, early Mistral's); a chat without one as it is."""
    if not messages or messages[0].get("role") != "system":
        return messages
    system, rest = messages[0]["content"], [dict(m) for m in messages[1:]]
    for m in rest:
        if m.get("role") == "user":
            m["content"] = f"{system}\n\n{m['content']}"
            return rest
    return [{"role": "user", "content": system}, *rest]
