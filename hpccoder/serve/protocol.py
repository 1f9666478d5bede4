"""Request bodies: OpenAI's completions and chat completions, llama.cpp's /completion and /infill. Fields that
clients send but that change nothing here are accepted; unknown fields are ignored.

Types are strict, as OpenAI's API checks them: "0.5" is not a number, "yes" or 1 not a boolean, 1.0 not an integer
(an integer is a number: `"temperature": 1`). llama.cpp's server reads a wrong type as the field's default (and logs
it): here it is a 400 naming the field and the type, so an editor plugin learns of it at once."""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator, model_validator
from pydantic_core import PydanticCustomError

SURROGATE = re.compile(r"[\ud800-\udfff]")


def token_id(key) -> int | None:
    """A token id as logit_bias spells it ("42" or 42), or None: not Unicode digits ("²" passes str.isdigit),
    not so many digits that int() refuses them."""
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        return None
    if isinstance(key, int):
        return key if 0 <= key < 1 << 62 else None
    return int(key) if key.isascii() and key.isdigit() and len(key) <= 18 else None


def reject_surrogates(value, path: str = "") -> None:
    """A 400 naming the field that holds an unpaired surrogate ("\\ud800" is valid JSON, but no text the
    tokenizer takes), looked for in every string of a request, its dict keys too."""
    from hpccoder.serve.errors import APIError

    if isinstance(value, str):
        found = SURROGATE.search(value)
        if found:
            raise APIError(400, f"{path or 'the request'} holds an unpaired surrogate (\\u{ord(found.group()):04x} at "
                                f"character {found.start()}): text must be valid Unicode", param=path or None)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            reject_surrogates(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, dict):
        for key, item in value.items():
            reject_surrogates(key, f"{path}.<key>" if path else "<key>")
            reject_surrogates(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            reject_surrogates(item, f"{path}.{i}" if path else str(i))


class _Body(BaseModel):
    # strict: no coercion of strings to numbers or booleans, of decimals to integers, of numbers to booleans;
    # allow_inf_nan: Python's json reads NaN and Infinity
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _null_is_default(cls, data):
        """A field sent as null takes its default, as OpenAI's API (`"temperature": null`) and llama.cpp's read it;
        fields that take null keep it (`"max_tokens": null`: as many as fit)."""
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {key: value for key, value in data.items()
                if value is not None or key not in fields or type(None) in get_args(fields[key].annotation)}


class StreamOptions(_Body):
    include_usage: bool = False


class _Sampling(_Body):
    model: str | None = None
    temperature: float = Field(1.0, ge=0, le=2)
    top_p: float = Field(1.0, gt=0, le=1)
    n: int = Field(1, ge=1, le=128)
    stream: bool = False
    stream_options: StreamOptions | None = None
    stop: str | list[str] | None = None
    seed: int | None = None
    presence_penalty: float = Field(0.0, ge=-2, le=2)
    frequency_penalty: float = Field(0.0, ge=-2, le=2)
    logit_bias: dict[str, float] | None = None
    user: str | None = None
    ignore_eos: bool = False  # extension (vLLM, llama.cpp): generate max_tokens whatever EOS says


class CompletionRequest(_Sampling):
    prompt: str | list[str] | list[int] | list[list[int]]
    suffix: str | None = None
    max_tokens: StrictInt | None = Field(16, ge=0)  # not true for 1; 0: with echo, the prompt only
    echo: bool = False
    logprobs: StrictInt | None = Field(None, ge=0, le=5)
    best_of: int | None = None
    code_stop: bool | None = None  # extension: force code-aware stopping on or off
    language: Literal["c", "python", "verilog"] | None = None  # extension: the code's language


class ChatMessage(_Body):
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict] | None = None


class ChatRequest(_Sampling):
    messages: list[ChatMessage] = Field(min_length=1)
    max_tokens: StrictInt | None = Field(None, ge=1)
    max_completion_tokens: StrictInt | None = Field(None, ge=1)
    logprobs: bool = False
    top_logprobs: StrictInt | None = Field(None, ge=0, le=20)


class ExtraChunk(_Body):
    """One chunk of llama.cpp's input_extra: its text is required, its filename is not (as llama.cpp checks them)."""
    filename: str = ""
    text: str


class _LlamaOptions(_Body):
    """llama.cpp's /completion options that matter for code completion, shared by /completion and /infill."""
    model: str | None = None
    n_predict: int = Field(-1, ge=-1)
    stream: bool = False
    temperature: float = Field(0.8, ge=0)
    top_k: int = Field(40, ge=0)
    top_p: float = Field(0.95, gt=0, le=1)
    seed: int = -1
    stop: list[str] = []
    n_indent: int = Field(0, ge=0)
    t_max_predict_ms: int = Field(0, ge=0)
    ignore_eos: bool = False
    presence_penalty: float = 0.0
    frequency_penalty: float = 0.0
    # [[id, bias or false], ...] or {"id": bias or false}: entries checked (one message for all) where they are read
    logit_bias: list | dict | None = None
    response_fields: list[str] | None = None
    n_probs: StrictInt = Field(0, ge=0, le=100)  # completion_probabilities with the n_probs likeliest tokens


class InfillRequest(_LlamaOptions):
    """llama.cpp's /infill."""
    input_prefix: str = ""
    input_suffix: str = ""
    input_extra: list[ExtraChunk] = []
    prompt: str = ""


class LlamaCompletionRequest(_LlamaOptions):
    """llama.cpp's /completion: one prompt, text or token ids."""
    prompt: str | list[StrictInt]
    code_stop: bool | None = None  # extension, as /v1/completions': force code-aware stopping on or off
    language: Literal["c", "python", "verilog"] | None = None  # extension: the code's language

    @field_validator("prompt", mode="before")
    @classmethod
    def _one_prompt(cls, value):
        """llama.cpp also takes lists with strings in them (several prompts, or text mixed with tokens): refused
        here in words, not as a type that does not match."""
        if isinstance(value, list) and any(isinstance(item, str) for item in value):
            raise PydanticCustomError("one_prompt", "one prompt, a string or a list of token ids: lists with strings "
                                                    "in them (several prompts, text mixed with tokens) are not "
                                                    "supported")
        return value
