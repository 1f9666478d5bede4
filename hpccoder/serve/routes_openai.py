"""POST /v1/completions and POST /v1/chat/completions, as OpenAI defines them (streaming as
server-sent events ending with `data: [DONE]`)."""

from __future__ import annotations

import asyncio
import uuid

from fastapi import Request

from hpccoder.serve import jobs
from hpccoder.serve.codestop import CodeStop
from hpccoder.serve.engine import SequenceSpec
from hpccoder.serve.errors import APIError
from hpccoder.serve.logprobs import chat_logprobs, completion_logprobs, merge_completion_logprobs
from hpccoder.serve.prompts import Prompt, PromptTooLong
from hpccoder.serve.protocol import ChatRequest, CompletionRequest, reject_surrogates, token_id
from hpccoder.serve.sampling import SamplingParams


def sampling(state, req, max_tokens: int) -> SamplingParams:
    stop = [req.stop] if isinstance(req.stop, str) else list(req.stop or [])
    if len(stop) > 16 or any(not s for s in stop):
        raise APIError(400, "stop takes at most 16 non-empty strings", param="stop")
    bias = {}
    for key, value in (req.logit_bias or {}).items():
        if token_id(key) is None or int(key) >= state.n_vocab or not -100 <= value <= 100:
            raise APIError(400, f"logit_bias maps token ids (0 to {state.n_vocab - 1}) to numbers in [-100, 100], "
                           f"not {key if len(key) <= 40 else key[:40] + '...'!r}: {value}", param="logit_bias")
        bias[int(key)] = value
    return SamplingParams(max_tokens=max_tokens, temperature=req.temperature, top_p=req.top_p, seed=req.seed,
                          presence_penalty=req.presence_penalty, frequency_penalty=req.frequency_penalty,
                          logit_bias=bias, stop=stop, ignore_eos=req.ignore_eos)


def check_limit(state, requested: int | None, what: str = "max_tokens") -> None:
    limit = state.settings.max_tokens
    if requested is not None and requested > limit:
        raise APIError(400, f"{what} is {requested}, but this server allows at most {limit}", param=what)


def bounded(state, requested: int | None, prompt_len: int, default: int, what: str = "max_tokens") -> int:
    check_limit(state, requested, what)
    tokens = requested if requested is not None else max(1, min(default, state.n_ctx - prompt_len))
    if prompt_len + tokens > state.n_ctx:
        raise APIError(400, f"this model's maximum context length is {state.n_ctx} tokens; you asked for "
                            f"{prompt_len + tokens} ({prompt_len} in the prompt, {tokens} for the completion): "
                            "shorten the prompt or ask for fewer tokens", param="max_tokens",
                       code="context_length_exceeded")
    return tokens


def _prompts(req: CompletionRequest) -> list:
    p = req.prompt
    if isinstance(p, str) or (p and isinstance(p[0], int)):
        return [p]
    if not p:
        raise APIError(400, "prompt is empty", param="prompt")
    return list(p)


def check_token_prompt(state, ids: list) -> None:
    """A prompt of token ids (this route's and llama.cpp's /completion): ids the model embeds."""
    if any(not isinstance(t, int) or isinstance(t, bool) or not 0 <= t < state.n_vocab for t in ids):
        raise APIError(400, f"a token prompt is a list of token ids (0 to {state.n_vocab - 1})", param="prompt")


def code_stop(state, prompt: Prompt, text: str, req):
    """Code-aware stopping for a completion (here and on llama.cpp's /completion): the request's `code_stop`, else
    --code-stop (editor: prompts in a FIM format). A factory of the CodeStop, or None."""
    wanted = req.code_stop if req.code_stop is not None else \
        {"all": True, "off": False}.get(state.settings.code_stop, prompt.fim)
    if not wanted:
        return None
    prefix, suffix = (prompt.prefix, prompt.suffix) if prompt.fim else (text, "")
    return lambda: CodeStop(prefix, suffix, req.language)


def _check_capacity(state, count: int) -> None:
    if count > state.engine.max_batch:
        raise APIError(400, f"{count} sequences asked for (n x prompts), but the batch holds "
                            f"{state.engine.max_batch}", param="n")


async def completions(state, req: CompletionRequest, request):
    from hpccoder.serve.app import check_model

    reject_surrogates(req)
    check_model(state, req.model)
    if req.max_tokens == 0 and not req.echo:
        raise APIError(400, "max_tokens 0 is for echo: the prompt (with logprobs, its scores) and nothing generated",
                       param="max_tokens")
    if req.best_of not in (None, req.n):
        raise APIError(400, "best_of must equal n here", param="best_of")
    prompts = _prompts(req)
    _check_capacity(state, len(prompts) * req.n)
    check_limit(state, req.max_tokens)  # before a FIM prompt is fitted to it
    # tokenizing (up to --max-request-bytes of text) off the event loop: /health and the streams go on meanwhile
    specs, prompt_tokens, echoes = await asyncio.to_thread(_completion_specs, state, req, prompts)
    job = jobs.submit(state, specs)
    head = {"id": f"cmpl-{uuid.uuid4().hex}", "object": "text_completion", "created": jobs.stamp(),
            "model": state.model_id}
    if req.stream:
        return _stream(state, job, head, prompt_tokens, req, echoes, chat=False)
    results = await jobs.collect(state, job, request)
    choices = [{"index": i, "text": echoes[i] + r.text, "finish_reason": r.finish,
                "logprobs": None if req.logprobs is None else merge_completion_logprobs(
                    [completion_logprobs(r.prompt_scores), completion_logprobs(r.scores, len(echoes[i]))])}
               for i, r in enumerate(results)]
    return {**head, "choices": choices, "usage": _usage(prompt_tokens, results)}


def _completion_specs(state, req: CompletionRequest, prompts: list) -> tuple[list[SequenceSpec], int, list[str]]:
    specs, prompt_tokens, echoes = [], 0, []
    for raw in prompts:
        if isinstance(raw, list):
            check_token_prompt(state, raw)
        text = raw if isinstance(raw, str) else state.prompts.decode(raw)  # echoed, and code-aware stopping's prefix
        if req.suffix is not None and isinstance(raw, str):
            try:
                prompt = state.prompts.infill(raw, req.suffix, max_new=req.max_tokens or 16)
            except PromptTooLong as exc:
                raise APIError(400, str(exc), param="max_tokens" if exc.param == "tokens" else exc.param,
                               code="context_length_exceeded") from None
        else:
            prompt = state.prompts.completion(raw)
        max_tokens = bounded(state, req.max_tokens, len(prompt.ids), 16)
        params = sampling(state, req, max_tokens)
        stopper = code_stop(state, prompt, text, req)
        stop_ids = (state.prompts.fim_stop_ids if prompt.fim else state.prompts.eos_ids) | \
            state.prompts.stop_ids(params.stop)
        prompt_tokens += len(prompt.ids)
        for _ in range(req.n):
            specs.append(SequenceSpec(prompt.ids, params, stop_ids, stopper() if stopper else None,
                                      logprobs=req.logprobs, prompt_logprobs=req.echo and req.logprobs is not None))
            echoes.append(text if req.echo else "")
    return specs, prompt_tokens, echoes


def _usage(prompt_tokens: int, results) -> dict:
    completion = sum(r.tokens for r in results)
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion, "total_tokens": prompt_tokens + completion}


def _message_text(message) -> str:
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    parts = []
    for part in message.content:
        if part.get("type") != "text":
            raise APIError(400, f"only text message parts are supported, not '{part.get('type')}'", param="messages")
        text = part.get("text")  # required, as OpenAI's API has it: a part without it is no empty text
        if not isinstance(text, str):
            raise APIError(400, "a text message part's 'text' is a string", param="messages")
        parts.append(text)
    return "".join(parts)


async def chat(state, req: ChatRequest, request):
    from jinja2 import TemplateError

    from hpccoder.serve.app import check_model

    reject_surrogates(req)
    check_model(state, req.model)
    if not state.prompts.has_chat:
        raise APIError(400, f"the model '{state.model_id}' has no chat template: use /v1/completions",
                       param="messages")
    if req.top_logprobs is not None and not req.logprobs:
        raise APIError(400, "top_logprobs needs logprobs: true", param="top_logprobs")
    _check_capacity(state, req.n)
    messages = [{"role": "system" if m.role == "developer" else m.role, "content": _message_text(m)}
                for m in req.messages]
    try:
        prompt = await asyncio.to_thread(state.prompts.chat, messages)  # off the event loop, as completions'
    except TemplateError as exc:  # templates raise on what they do not take (roles out of order, a tool turn)
        raise APIError(400, f"the model's chat template refuses these messages: {exc}", param="messages") from None
    requested = req.max_completion_tokens if req.max_completion_tokens is not None else req.max_tokens
    what = "max_completion_tokens" if req.max_completion_tokens is not None else "max_tokens"
    max_tokens = bounded(state, requested, len(prompt.ids), state.settings.max_tokens, what)
    params = sampling(state, req, max_tokens)
    stop_ids = state.prompts.eos_ids | state.prompts.stop_ids(params.stop)
    top = (req.top_logprobs or 0) if req.logprobs else None
    specs = [SequenceSpec(prompt.ids, params, stop_ids, logprobs=top) for _ in range(req.n)]
    job = jobs.submit(state, specs)
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": jobs.stamp(),
            "model": state.model_id}
    if req.stream:
        return _stream(state, job, {**head, "object": "chat.completion.chunk"}, len(prompt.ids), req,
                       [""] * req.n, chat=True)
    results = await jobs.collect(state, job, request)
    choices = [{"index": i, "message": {"role": "assistant", "content": r.text},
                "logprobs": {"content": chat_logprobs(r.scores), "refusal": None} if req.logprobs else None,
                "finish_reason": r.finish} for i, r in enumerate(results)]
    return {**head, "choices": choices, "usage": _usage(len(prompt.ids), results)}


def _stream(state, job, head: dict, prompt_tokens: int, req, echoes: list[str], chat: bool):
    from starlette.responses import StreamingResponse

    include_usage = bool(req.stream_options and req.stream_options.include_usage)
    # OpenAI's: with include_usage every chunk has a usage field, null but in the last one (typed clients read it)
    usage_field = {"usage": None} if include_usage else {}

    wanted = bool(req.logprobs) if chat else req.logprobs is not None

    def logprobs(index: int, scores: list, base: int = -1):
        if not wanted or (chat and not scores):
            return None
        if chat:
            return {"content": chat_logprobs(scores), "refusal": None}
        return completion_logprobs(scores, len(echoes[index]) if base < 0 else base)  # text_offset: in the choice

    def chunk(index: int, text: str | None, finish: str | None = None, role: bool = False, scores=(),
              base: int = -1) -> dict:
        lp = logprobs(index, list(scores), base) if not role else None
        if chat:
            delta = {"role": "assistant", "content": ""} if role else ({"content": text} if text is not None else {})
            choice = {"index": index, "delta": delta, "logprobs": lp, "finish_reason": finish}
        else:
            choice = {"index": index, "text": text or "", "logprobs": lp, "finish_reason": finish}
        return {**head, "choices": [choice], **usage_field}

    async def body():
        tokens = 0
        scored = not chat and req.echo and req.logprobs is not None  # the echo waits for the prompt's scores
        for i, echo in enumerate(echoes):
            if chat:
                yield jobs.sse(chunk(i, None, role=True))
            elif echo and not scored:
                yield jobs.sse(chunk(i, echo))
        try:
            async for event in jobs.events(job):
                if event[0] == "prompt":
                    if echoes[event[1]]:
                        yield jobs.sse(chunk(event[1], echoes[event[1]], scores=event[2], base=0))
                elif event[0] == "text":
                    yield jobs.sse(chunk(event[1], event[2], scores=event[4]))
                else:
                    tokens += event[3]
                    yield jobs.sse(chunk(event[1], None if chat else "", finish=event[2], scores=event[6]))
        except APIError as exc:  # the status line is sent already: the error goes in the stream
            yield jobs.sse({"error": {"message": exc.message, "type": "server_error", "param": None, "code": None}})
            return
        jobs.observe_ttft(state, job)
        if include_usage:
            usage = {"prompt_tokens": prompt_tokens, "completion_tokens": tokens,
                     "total_tokens": prompt_tokens + tokens}
            yield jobs.sse({**head, "choices": [], "usage": usage})
        yield jobs.sse("[DONE]")

    return StreamingResponse(body(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def add(app, state) -> None:
    @app.post("/v1/completions")
    async def _completions(req: CompletionRequest, request: Request):
        return await completions(state, req, request)

    @app.post("/v1/chat/completions")
    async def _chat(req: ChatRequest, request: Request):
        return await chat(state, req, request)
