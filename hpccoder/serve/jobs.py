"""Between a route and the engine: submit a request's sequences, then wait for their events (a
client that goes away cancels its generation) or stream them as server-sent events."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

from hpccoder.serve.engine import Job, QueueFull, SequenceSpec, ShuttingDown
from hpccoder.serve.errors import APIError


@dataclass
class Result:
    text: str = ""
    finish: str | None = None
    tokens: int = 0
    stopped_by: str = ""
    stop_word: str = ""
    parts: list[str] = field(default_factory=list)
    scores: list = field(default_factory=list)  # with logprobs: the Score of each token of the text
    prompt_scores: list = field(default_factory=list)  # with echo and logprobs: the prompt's


def submit(state, specs: list[SequenceSpec]) -> Job:
    if any(not spec.prompt_ids for spec in specs):  # the model needs a token to start from
        raise APIError(400, "the prompt is empty", param="prompt")
    job = Job(specs, asyncio.get_running_loop())
    try:
        state.engine.submit(job)
    except ShuttingDown as exc:
        raise APIError(503, str(exc), code="server_shutting_down") from None
    except QueueFull as exc:
        state.metrics.rejected.labels("queue").inc()
        raise APIError(429, f"the server is busy ({exc}); try again shortly", code="rate_limit_exceeded",
                       headers={"Retry-After": "1"}) from None
    return job


async def _disconnected(request) -> None:
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def events(job: Job, request=None):
    """The job's events until every sequence is done; cancels the job if the client leaves first."""
    remaining = len(job.specs)
    watch = asyncio.ensure_future(_disconnected(request)) if request is not None else None
    try:
        while remaining:
            get = asyncio.ensure_future(job.events.get())
            if watch is not None:
                await asyncio.wait({get, watch}, return_when=asyncio.FIRST_COMPLETED)
                if not get.done():
                    get.cancel()
                    job.cancel()
                    return
            event = await get
            if event[0] == "error":  # ("error", message[, status])
                raise APIError(event[2] if len(event) > 2 else 500, event[1])
            if event[0] == "done":
                remaining -= 1
            yield event
    finally:
        if watch is not None:
            watch.cancel()
        if remaining:
            job.cancel()


async def collect(state, job: Job, request) -> list[Result]:
    results = [Result() for _ in job.specs]
    async for event in events(job, request):
        result = results[event[1]]
        if event[0] == "prompt":
            result.prompt_scores = event[2]
        elif event[0] == "text":
            result.parts.append(event[2])
            result.scores += event[4]
        else:
            result.finish, result.tokens, result.stopped_by, result.stop_word = event[2:6]
            result.scores += event[6]
    for r in results:
        r.text = "".join(r.parts)
    if job.cancelled:  # the client is gone: this answer reaches nobody
        raise APIError(499, "the client closed the connection")
    observe_ttft(state, job)
    return results


def observe_ttft(state, job: Job) -> None:
    if job.first_token is not None:
        state.metrics.ttft.observe(job.first_token - job.created)


def sse(payload) -> str:
    return f"data: {payload if isinstance(payload, str) else json.dumps(payload)}\n\n"


def stamp() -> int:
    return int(time.time())
