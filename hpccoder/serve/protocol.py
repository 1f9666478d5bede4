"""Request bodies: OpenAI's completions and chat completions, llama.cpp's /infill. Fields that
clients send but that change nothing here are accepted; unknown fields are ignored."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)  # Python's json reads NaN and Infinity

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
    max_tokens: StrictInt | None = Field(16, ge=1)  # not true for 1
    echo: bool = False
    logprobs: int | None = None
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


class ExtraChunk(_Body):
    filename: str = ""
    text: str = ""


class InfillRequest(_Body):
    """llama.cpp's /infill: its /completion options that matter for code completion."""
    model: str | None = None
    input_prefix: str = ""
    input_suffix: str = ""
    input_extra: list[ExtraChunk] = []
    prompt: str = ""
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
    logit_bias: list[list[int | float | bool]] | dict[str, float | bool] | None = None  # [[id, bias|false]]
    response_fields: list[str] | None = None
