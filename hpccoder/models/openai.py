"""The `openai` backend: any OpenAI-compatible HTTP server (vLLM, llama.cpp, TGI, hpccoder serve,
OpenAI itself). `--model openai:MODEL_NAME`, with `--base-url` or $OPENAI_BASE_URL (default
http://127.0.0.1:8000/v1) and `--api-key` or $OPENAI_API_KEY. Chat style uses
/chat/completions, completion style /completions; the n samples of a task go in one request.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request

from hpccoder.errors import HpcError
from hpccoder.models.base import Backend, Completion, GenerationParams, Request

RETRIES = 5


class OpenAIBackend(Backend):
    name = "openai"
    batch_size = 64

    def __init__(self, argument: str | None = None, base_url: str | None = None, api_key: str | None = None,
                 style: str | None = None, timeout: float = 600.0, **_):
        if not argument:
            raise HpcError("the openai backend needs the served model's name: --model openai:MODEL")
        self.model = argument
        self.base_url = (base_url or os.environ.get("OPENAI_BASE_URL") or "http://127.0.0.1:8000/v1").rstrip("/")
        self.api_key = api_key or os.environ.get("OPENAI_API_KEY")
        self.timeout = timeout

    def describe(self) -> str:
        return f"openai:{self.model}@{self.base_url}"

    def default_style(self) -> str:
        return "chat"

    def _post(self, path: str, body: dict) -> dict:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        data = json.dumps(body).encode()
        for attempt in range(RETRIES):
            req = urllib.request.Request(self.base_url + path, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    return json.loads(resp.read())
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace")[:300]
                if exc.code in (429, 500, 502, 503) and attempt + 1 < RETRIES:
                    time.sleep(2 ** attempt)
                    continue
                raise HpcError(f"{self.base_url}{path} answered {exc.code}: {detail}") from None
            except (urllib.error.URLError, OSError) as exc:
                if attempt + 1 < RETRIES:
                    time.sleep(2 ** attempt)
                    continue
                raise HpcError(f"cannot reach {self.base_url}: {getattr(exc, 'reason', exc)}; "
                               "is the server running? (--base-url or OPENAI_BASE_URL)") from None
        raise AssertionError("unreachable")

    def generate(self, requests: list[Request], params: GenerationParams) -> list[Completion]:
        """One HTTP request per distinct prompt, asking for as many choices as it has requests."""
        out: dict[int, Completion] = {}
        groups: dict[str, list[int]] = {}
        for i, req in enumerate(requests):
            groups.setdefault(json.dumps([req.prompt, req.style]), []).append(i)
        for indices in groups.values():
            for i, completion in zip(indices, self._generate_one_prompt([requests[i] for i in indices], params)):
                out[i] = completion
        return [out[i] for i in range(len(requests))]

    def _generate_one_prompt(self, requests: list[Request], params: GenerationParams) -> list[Completion]:
        first = requests[0]
        body = {"model": self.model, "n": len(requests), "max_tokens": params.max_new_tokens,
                "temperature": max(params.temperature, 0.0), "top_p": 1.0 if params.greedy else params.top_p,
                "seed": params.seed + first.sample_index}
        if first.stop:
            body["stop"] = list(first.stop)[:4]  # the API takes at most four
        if first.style == "chat":
            reply = self._post("/chat/completions", {**body, "messages": first.prompt})
            texts = [c["message"]["content"] or "" for c in sorted(reply["choices"], key=lambda c: c["index"])]
        else:
            reply = self._post("/completions", {**body, "prompt": first.prompt})
            texts = [c["text"] for c in sorted(reply["choices"], key=lambda c: c["index"])]
        if len(texts) < len(requests):  # a server that ignores n: ask for the rest one by one
            for _ in range(len(requests) - len(texts)):
                texts += [c.text for c in self._generate_one_prompt(requests[:1], params)]
        total = (reply.get("usage") or {}).get("completion_tokens")
        per = None if total is None else total // max(len(texts), 1)
        return [Completion(t, per) for t in texts[:len(requests)]]
