"""llama.cpp's own routes, as its server defines them, so its clients can use them: POST /infill (llama.vscode,
llama.vim) and POST /completion (Continue's llama.cpp provider).

/infill: `input_prefix`, `input_suffix`, `input_extra` ([{filename, text}]), `prompt` (after the FIM middle token:
the start of the line being typed). /completion: `prompt`, text or token ids, completed as it is (code-aware
stopping as /v1/completions decides it). Both: `n_predict`, `stream`, and the /completion options that matter here
(temperature, top_k, top_p, seed, stop, n_indent, t_max_predict_ms, logit_bias with token ids or texts,
response_fields, n_probs: completion_probabilities); others (cache_prompt, min_p, samplers, post_sampling_probs,
...) are accepted and change nothing. The answer: `content`, `stop`, `stop_type`, `tokens_predicted`,
`tokens_evaluated`, `timings`, ...; streamed, one `data: {...}` event per piece of text and a last one with
`"stop": true`. One implementation serves both (`_generate`): the routes differ only in
the prompt they build and the code-aware stopping they ask for."""

from __future__ import annotations

import asyncio
import json
import math
import re
import time

from fastapi import Request

from hpccoder.serve import jobs
from hpccoder.serve.codestop import CodeStop
from hpccoder.serve.engine import SequenceSpec
from hpccoder.serve.errors import APIError
from hpccoder.serve.logprobs import llama_probs
from hpccoder.serve.prompts import Prompt, PromptTooLong
from hpccoder.serve.protocol import InfillRequest, LlamaCompletionRequest, reject_surrogates, token_id
from hpccoder.serve.sampling import SamplingParams

# llama.cpp's stop_type; n_indent and t_max_predict_ms stop as a limit there too
STOP_TYPES = {"eos": "eos", "word": "word", "code": "eos", "limit": "limit", "": "limit"}


def indent_check(n_indent: int):
    """llama.cpp's n_indent: a new line indented less than n_indent ends the completion (judged, as
    llama.cpp does, once the line's first character after its indentation is there)."""
    def check(text: str) -> int | None:
        start = text.find("\n") + 1
        while 0 < start < len(text):
            end = text.find("\n", start)
            line = text[start:] if end < 0 else text[start:end]
            if line.strip() and len(line) - len(line.lstrip(" \t")) < n_indent:
                return len(text[:start].rstrip("\n"))
            if end < 0:
                return None
            start = end + 1
        return None

    def safe_end(text: str) -> int:  # a line not judged yet (blank so far) may be cut, with the newline before it
        start = text.rfind("\n") + 1
        return len(text) if start == 0 or text[start:].strip() else len(text[:start].rstrip("\n"))

    check.safe_end = safe_end
    check.stopped_by = "limit"
    return check


def time_check(limit_ms: int):
    """llama.cpp's t_max_predict_ms: past this long after the first token, a newline ends it."""
    started = []

    def check(text: str) -> int | None:
        if not started:
            started.append(time.monotonic())
        if (time.monotonic() - started[0]) * 1000 > limit_ms and "\n" in text:
            return len(text)
        return None

    check.safe_end = len  # it ends the completion where it is, cutting nothing
    check.stopped_by = "limit"
    return check


def _answer(state, req, content: str, predicted: int, evaluated: int, stop: bool, stopped_by: str,
            timings: dict, truncated: bool = False, stop_word: str = "", prompt: str = "",
            scores: list | None = None) -> dict:
    out = {"index": 0, "content": content, "tokens": [], "id_slot": 0, "stop": stop, "model": state.model_id,
           "tokens_predicted": predicted, "tokens_evaluated": evaluated, "tokens_cached": 0,
           "generation_settings": {"n_predict": req.n_predict, "temperature": req.temperature, "top_k": req.top_k,
                                   "top_p": req.top_p, "seed": req.seed, "n_ctx": state.n_ctx,
                                   "model": state.model_id},
           "prompt": prompt, "has_new_line": "\n" in content, "truncated": truncated,
           "stop_type": STOP_TYPES.get(stopped_by, "limit") if stop else "none",
           "stopping_word": stop_word, "timings": timings}
    if scores:  # n_probs
        out["completion_probabilities"] = llama_probs(scores)
    if req.response_fields:  # llama.cpp: keep these fields; "a/b" takes b out of a, kept under "a/b"
        picked = {}
        for name in req.response_fields:
            node = out
            for part in name.split("/"):
                node = node.get(part) if isinstance(node, dict) else None
            if node is not None:
                picked[name] = node
        out = picked
    return out


def _timings(evaluated: int, predicted: int, start: float, first: float | None, end: float) -> dict:
    first = first or end
    prompt_ms, predicted_ms = (first - start) * 1000, (end - first) * 1000
    return {"prompt_n": evaluated, "prompt_ms": prompt_ms,
            "prompt_per_token_ms": prompt_ms / max(evaluated, 1),
            "prompt_per_second": evaluated / (prompt_ms / 1000) if prompt_ms else 0.0,
            "predicted_n": predicted, "predicted_ms": predicted_ms,
            "predicted_per_token_ms": predicted_ms / max(predicted, 1),
            "predicted_per_second": predicted / (predicted_ms / 1000) if predicted_ms else 0.0}


def _bias_value(value) -> float | None:
    """A bias as llama.cpp takes it: a finite number, or false (the token banned); None for anything else."""
    if value is False:
        return -1e9
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        value = float(value)
    except OverflowError:  # an integer past what a float holds
        return None
    return value if math.isfinite(value) else None


INTEGER = re.compile(r"\s*[+-]?[0-9]+\s*")


def _bias_entries(given) -> list[tuple[int | str, float]]:
    """llama.cpp's logit_bias, checked: [[token id or text, bias or false], ...] or {"token id or text": bias or
    false}; false bans the token. A string is text whose tokens all get the bias (llama.cpp tokenizes it as text, no
    special tokens): in the list form always ("5" is the text 5), in the object form where it is not an integer (a
    key of digits is a token id, as OpenAI's). Strict as the request's other fields: the bias is a number or false,
    a token id an integer (an object key with a sign is refused, not read as text). (key, bias) pairs."""
    if given is None:
        return []
    entries = []
    for pair in given.items() if isinstance(given, dict) else given:
        if isinstance(given, dict):
            key, value = pair
            token = key if not INTEGER.fullmatch(key) else token_id(key)
        else:
            key, value = pair if isinstance(pair, list) and len(pair) == 2 else (None, None)
            token = key if isinstance(key, str) else token_id(key)
        if token is None or _bias_value(value) is None:
            shown = json.dumps(list(pair) if isinstance(given, dict) else pair, ensure_ascii=False)
            shown = shown if len(shown) <= 200 else f"{shown[:200]}..."
            raise APIError(400, "logit_bias entries are [token id or text, bias or false] ({\"token id or text\": "
                                f"bias or false}} as an object), not {shown}", param="logit_bias")
        entries.append((token, _bias_value(value)))
    return entries


def _bias(state, entries: list[tuple[int | str, float]]) -> dict[int, float]:
    """token id -> bias: a text's tokens each get its bias (a later entry for the same token wins)."""
    bias = {}
    for key, value in entries:
        for token in state.prompts.encode(key) if isinstance(key, str) else [key]:
            bias[token] = value
    return bias


async def logit_bias(state, given) -> dict[int, float]:
    """The request's logit_bias as token ids, checked first (a warm-up, n_predict 0, learns of a bad entry too);
    texts are tokenized off the event loop, as prompts are."""
    entries = _bias_entries(given)
    if any(isinstance(key, str) for key, _ in entries):
        return await asyncio.to_thread(_bias, state, entries)
    return _bias(state, entries)


async def infill(state, req: InfillRequest, request):
    from hpccoder.serve.app import check_model

    reject_surrogates(req)
    check_model(state, req.model)
    start = time.monotonic()
    bias = await logit_bias(state, req.logit_bias)
    limit = state.settings.max_tokens
    n_predict = limit if req.n_predict < 0 else min(req.n_predict, limit)
    # -1 (llama.cpp's default): as many as fit; the prompt keeps at least half the context then
    room = min(n_predict, state.n_ctx // 2) if req.n_predict < 0 else n_predict
    try:
        prompt = await asyncio.to_thread(state.prompts.infill, req.input_prefix, req.input_suffix,
                                         [(c.filename, c.text) for c in req.input_extra], req.prompt,
                                         max_new=max(room, 1))
    except PromptTooLong as exc:
        raise APIError(400, str(exc), param="n_predict" if exc.param == "tokens" else exc.param,
                       code="context_length_exceeded") from None
    if req.n_predict < 0:
        n_predict = max(1, min(n_predict, state.n_ctx - len(prompt.ids)))
    stopper = None if state.settings.code_stop == "off" or n_predict == 0 else \
        await asyncio.to_thread(CodeStop, prompt.prefix, prompt.suffix)
    return await _generate(state, req, request, prompt, n_predict, start, stopper, state.prompts.fim_stop_ids, bias)


async def completion(state, req: LlamaCompletionRequest, request):
    """llama.cpp's /completion: the prompt completed as it is; without a suffix, code-aware stopping as
    /v1/completions has it (--code-stop all, a prompt written in the model's FIM format, or `code_stop`)."""
    from hpccoder.serve.app import check_model
    from hpccoder.serve.routes_openai import check_token_prompt, code_stop

    reject_surrogates(req)
    check_model(state, req.model)
    start = time.monotonic()
    bias = await logit_bias(state, req.logit_bias)
    raw = req.prompt
    if isinstance(raw, list):
        check_token_prompt(state, raw)

    def build() -> tuple[Prompt, str]:  # tokenizing off the event loop, as the other routes do
        text = raw if isinstance(raw, str) else state.prompts.decode(raw)
        return state.prompts.completion(raw), text

    prompt, text = await asyncio.to_thread(build)
    room = state.n_ctx - len(prompt.ids)
    if room < 1 and req.n_predict != 0:
        raise APIError(400, f"the prompt is {len(prompt.ids)} tokens: this model's context holds {state.n_ctx}, "
                            "with room for at least one token to predict", param="prompt",
                       code="context_length_exceeded")
    limit = state.settings.max_tokens
    # -1 (llama.cpp's default): as many as fit, up to --max-tokens; more than fit: what fits, as infill's
    n_predict = max(0, min(limit if req.n_predict < 0 else req.n_predict, limit, room))
    factory = code_stop(state, prompt, text, req) if n_predict else None
    stopper = await asyncio.to_thread(factory) if factory else None
    stop_ids = state.prompts.fim_stop_ids if prompt.fim else state.prompts.eos_ids
    return await _generate(state, req, request, prompt, n_predict, start, stopper, stop_ids, bias, shown=text)


async def _generate(state, req, request, prompt: Prompt, n_predict: int, start: float, stopper, stop_ids: set[int],
                    bias: dict[int, float], shown: str = ""):
    """What /infill and /completion share once their prompt is built: the sampling options, n_indent and
    t_max_predict_ms, the generation, and the answer (plain or streamed). `shown`: the answer's `prompt` field."""
    evaluated = len(prompt.ids)
    if n_predict == 0:  # llama.vscode sends these to warm a cache; there is nothing to generate
        answer = _answer(state, req, "", 0, evaluated, True, "", _timings(evaluated, 0, start, None, time.monotonic()),
                         prompt.truncated, prompt=shown)
        return _events([jobs.sse(answer)]) if req.stream else answer  # streamed: its one, last event
    params = SamplingParams(logit_bias=bias, max_tokens=n_predict, temperature=req.temperature,
                            top_p=req.top_p, top_k=req.top_k, seed=None if req.seed < 0 else req.seed,
                            stop=[s for s in req.stop if s], ignore_eos=req.ignore_eos,
                            presence_penalty=req.presence_penalty, frequency_penalty=req.frequency_penalty)
    checks = ([indent_check(req.n_indent)] if req.n_indent else []) + \
             ([time_check(req.t_max_predict_ms)] if req.t_max_predict_ms else [])
    stop_ids = stop_ids | state.prompts.stop_ids(params.stop)
    job = jobs.submit(state, [SequenceSpec(prompt.ids, params, stop_ids, stopper, checks,
                                           logprobs=req.n_probs if req.n_probs > 0 else None)])
    if req.stream:
        return _stream(state, req, job, evaluated, start, prompt.truncated, shown)
    result = (await jobs.collect(state, job, request))[0]
    return _answer(state, req, result.text, result.tokens, evaluated, True, result.stopped_by,
                   _timings(evaluated, result.tokens, start, job.first_token, time.monotonic()), prompt.truncated,
                   result.stop_word, shown, result.scores)


def _events(events):
    from starlette.responses import StreamingResponse

    return StreamingResponse(events, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _stream(state, req, job, evaluated: int, start: float, truncated: bool, shown: str = ""):
    async def body():
        try:
            async for event in jobs.events(job):
                if event[0] == "text":
                    part = {"index": 0, "content": event[2], "tokens": [], "stop": False, "id_slot": 0,
                            "tokens_predicted": event[3], "tokens_evaluated": evaluated}
                    if req.n_probs > 0:
                        part["completion_probabilities"] = llama_probs(event[4])
                    yield jobs.sse(part)
                elif event[0] == "done":
                    timings = _timings(evaluated, event[3], start, job.first_token, time.monotonic())
                    yield jobs.sse(_answer(state, req, "", event[3], evaluated, True, event[4], timings, truncated,
                                           event[5], shown, event[6]))
        except APIError as exc:  # the status line is sent already: the error goes in the stream, as llama.cpp's
            yield jobs.sse({"error": {"code": exc.status, "message": exc.message, "type": "server_error"}})
            return
        jobs.observe_ttft(state, job)

    return _events(body())


def add(app, state) -> None:
    @app.post("/infill")
    async def _infill(req: InfillRequest, request: Request):
        return await infill(state, req, request)

    @app.post("/completion")
    async def _completion(req: LlamaCompletionRequest, request: Request):
        return await completion(state, req, request)
