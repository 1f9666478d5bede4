"""The `openai` backend: any OpenAI-compatible HTTP server (vLLM, llama.cpp, TGI, hpccoder serve,
OpenAI itself). `--model openai:MODEL_NAME`, with `--base-url` or $OPENAI_BASE_URL (default
http://127.0.0.1:8000/v1) and `--api-key` or $OPENAI_API_KEY. Chat style uses
/chat/completions, completion style /completions; the n samples of a task go in one request.
A busy or failing server, or one that closes the connection before its reply is whole, is asked again
(up to 5 times, with backoff, or after the wait its Retry-After asks for, up to 5 minutes); a request
that gets no reply within $HPCCODER_OPENAI_TIMEOUT seconds (default 600) is not: the server may still
be generating it. The completions of a prompt are handed on as soon as its reply is in (written to the
samples file then), not after the whole batch.
Servers leave the stop string that ended a completion out of its text: it is put back where the answer
needs it (`endmodule`).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.request

from hpccoder.errors import HpcError
from hpccoder.models.base import Backend, Completion, GenerationParams, Request
from hpccoder.samples import valid_text

RETRIES = 5
RETRY_STATUS = (408, 429, 500, 502, 503, 504)  # busy, overloaded or a proxy that gave up: worth another try
RETRY_AFTER_MAX_S = 300.0  # the longest wait a server's Retry-After gets


def retry_after(headers) -> float | None:
    """The seconds a Retry-After header asks to wait (a number of seconds, or an HTTP date), or None."""
    value = (headers.get("Retry-After") if headers is not None else None) or ""
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


def restore_stop(text: str, choice: dict, request: Request) -> str:
    """The text of a choice with the stop string that ended it put back, where the answer needs it (`endmodule`
    is a module's last word): OpenAI-compatible servers leave it out. vLLM says which string stopped it
    (`stop_reason`; None: the end of the text, nothing to put back); OpenAI does not, and the first is taken."""
    if not request.stop or choice.get("finish_reason") != "stop" or text.endswith(request.stop) \
            or (request.finished is not None and request.finished(text)):
        return text
    reason = choice.get("stop_reason", request.stop[0])
    return text + reason if isinstance(reason, str) and reason in request.stop else text


def _why(exc: BaseException) -> str:
    """What cut a reply off, in a few words (an IncompleteRead's repr holds the bytes it got)."""
    if isinstance(exc, http.client.IncompleteRead):
        return f"IncompleteRead, {len(exc.partial)} bytes read" + \
            (f" of {len(exc.partial) + exc.expected}" if exc.expected is not None else "")
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class OpenAIBackend(Backend):
    name = "openai"
    batch_size = 64

    def __init__(self, argument: str | None = None, base_url: str | None = None, api_key: str | None = None,
                 style: str | None = None, timeout: float | None = None, **_):
        if not argument:
            raise HpcError("the openai backend needs the served model's name: --model openai:MODEL")
        self.model = argument
        self.base_url = (base_url or os.environ.get("OPENAI_BASE_URL") or "http://127.0.0.1:8000/v1").rstrip("/")
        if not self.base_url.startswith(("http://", "https://")):
            raise HpcError(f"the openai backend's base URL '{self.base_url}' is not an http:// or https:// URL "
                           "(--base-url or OPENAI_BASE_URL, e.g. http://127.0.0.1:8000/v1)")
        self.api_key = api_key or os.environ.get("OPENAI_API_KEY")
        if timeout is None:
            raw = os.environ.get("HPCCODER_OPENAI_TIMEOUT", "600")
            try:
                timeout = float(raw)
            except ValueError:
                timeout = -1.0
            if not 0 < timeout < float("inf"):
                raise HpcError(f"HPCCODER_OPENAI_TIMEOUT={raw!r} is not a positive number of seconds")
        self.timeout = timeout

    def describe(self) -> str:
        return f"openai:{self.model}@{self.base_url}"

    def default_style(self) -> str:
        return "chat"

    def _post(self, path: str, body: dict, answer) -> list[str]:
        """`answer(reply)` of the server's JSON reply, retried with backoff while the server is
        busy, unreachable, or answers something that is not the reply asked for."""
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        data = json.dumps(body).encode()
        for attempt in range(RETRIES):
            last = attempt + 1 == RETRIES
            wait = 2.0 ** attempt
            req = urllib.request.Request(self.base_url + path, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    raw = resp.read()
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace")[:300]
                if exc.code not in RETRY_STATUS or last:
                    raise HpcError(f"{self.base_url}{path} answered {exc.code}: {detail}") from None
                asked = retry_after(exc.headers)
                if asked is not None:
                    wait = min(max(wait, asked), RETRY_AFTER_MAX_S)
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                if isinstance(exc, (TimeoutError, socket.timeout)) or \
                        isinstance(getattr(exc, "reason", None), (TimeoutError, socket.timeout)):
                    raise HpcError(f"{self.base_url}{path} gave no reply within {self.timeout:g} s (it may still be "
                                   "generating: ask for fewer samples, or set HPCCODER_OPENAI_TIMEOUT higher)") from None
                # urllib wraps in URLError what fails before the request is sent (no server there); what fails after
                # (the connection closed before the reply, or in the middle of it: RemoteDisconnected, IncompleteRead,
                # a reset) reached a server that dropped it, a crash or a proxy's cut: asked again, as a 5xx is
                if last and not isinstance(exc, urllib.error.URLError):
                    raise HpcError(f"the reply of {self.base_url}{path} was cut off {RETRIES} times ({_why(exc)}): the "
                                   "server closed the connection before its reply was whole; see its log") from None
                if last:
                    raise HpcError(f"cannot reach {self.base_url}: {getattr(exc, 'reason', None) or exc!r}; "
                                   "is the server running? (--base-url or OPENAI_BASE_URL)") from None
            else:
                try:
                    return answer(json.loads(raw))
                except (ValueError, KeyError, IndexError, TypeError, AttributeError):  # not JSON, or not a reply
                    if last:
                        raise HpcError(f"{self.base_url}{path} answered something that is not an OpenAI reply: "
                                       f"{raw[:200].decode('utf-8', 'replace')!r}") from None
            time.sleep(wait)
        raise AssertionError("unreachable")

    def generate(self, requests: list[Request], params: GenerationParams) -> list[Completion]:
        return list(self.stream(requests, params))

    def stream(self, requests: list[Request], params: GenerationParams):
        """One HTTP request per distinct prompt, asking for as many choices as it has requests. The completions
        come in the requests' order, each as soon as its prompt's reply is in: what came before a failed
        request or a Ctrl-C is kept."""
        out: dict[int, Completion] = {}
        groups: dict[str, list[int]] = {}
        for i, req in enumerate(requests):
            groups.setdefault(json.dumps([req.prompt, req.style]), []).append(i)
        handed = 0
        for indices in groups.values():
            for i, completion in zip(indices, self._generate_one_prompt([requests[i] for i in indices], params)):
                out[i] = completion
            while handed in out:
                yield out.pop(handed)
                handed += 1

    def _generate_one_prompt(self, requests: list[Request], params: GenerationParams) -> list[Completion]:
        first = requests[0]
        body = {"model": self.model, "n": len(requests), "max_tokens": params.max_new_tokens,
                "temperature": max(params.temperature, 0.0), "top_p": 1.0 if params.greedy else params.top_p,
                "seed": params.seed + first.sample_index}
        if first.stop:
            body["stop"] = list(first.stop)[:4]  # the API takes at most four
        if first.style == "chat":
            path, body["messages"] = "/chat/completions", first.prompt
            texts = lambda c: c["message"]["content"] or ""  # noqa: E731
        else:
            path, body["prompt"] = "/completions", first.prompt
            texts = lambda c: c["text"]  # noqa: E731

        def answer(reply: dict) -> tuple[list[str], int | None]:
            choices = sorted(reply["choices"], key=lambda c: c.get("index", 0))
            if not choices:  # asking again, one by one, would never end
                raise ValueError("no choices")
            out = [texts(c) for c in choices]
            if not all(isinstance(t, str) for t in out):
                raise TypeError("a choice without text")
            return [restore_stop(valid_text(t), c, first) for t, c in zip(out, choices)], \
                (reply.get("usage") or {}).get("completion_tokens")

        got, total = self._post(path, body, answer)
        made = [Completion(t, None if total is None else total // max(len(got), 1)) for t in got[:len(requests)]]
        # a server that ignores n: the rest one by one, each with its own sample's seed (the same
        # seed again would give the same answer again)
        for req in requests[len(made):]:
            made += self._generate_one_prompt([req], params)
        return made
