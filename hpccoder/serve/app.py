"""The completion server: `create_app(settings)` builds the FastAPI app; its state (model,
engine, metrics) lives on `app.state.server`.

    hpccoder serve [--model embedded|hf:PATH] [--adapter DIR] [--host H] [--port P] [--api-key KEY]

Endpoints: POST /v1/completions, POST /v1/chat/completions (OpenAI), POST /completion and POST /infill
(llama.cpp), GET /v1/models, GET /health (HEAD too), GET /metrics (Prometheus).
"""

from __future__ import annotations

import hmac
import os
import threading
import time
import warnings
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from hpccoder.errors import HpcError
from hpccoder.serve import errors
from hpccoder.serve.settings import ServeSettings

PUBLIC = {"/health", "/v1/health"}

# 'local' in --allowed-origins: pages this machine serves and VS Code's webviews. Not any web page by default: a page
# the user merely visits could otherwise have the local model generate for it (Ollama's choice too)
LOCAL_ORIGINS = r"(https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?|vscode-webview://[\w.-]+|vscode-file://[\w.-]+)"



@dataclass
class ServerState:
    settings: ServeSettings
    tokenizer: object
    model: object
    engine: object
    prompts: object
    metrics: object
    model_id: str
    names: set[str]
    n_ctx: int
    created: int
    n_vocab: int  # token ids a prompt may hold (the embedding's rows)


def model_path(spec: str) -> tuple[Path, str]:
    """(path, display name) of a model the server can run token by token: embedded or hf:PATH."""
    name, _, argument = spec.partition(":")
    if name == "embedded" and not argument:
        from hpccoder.models.embedded import NAME, gguf_path

        return gguf_path(), NAME
    if name == "hf" and argument:
        path = Path(argument).expanduser()
        return path, path.stem if path.suffix == ".gguf" else path.name
    raise HpcError(f"serve runs transformers models: --model embedded or --model hf:PATH, not '{spec}'")


def load_state(settings: ServeSettings) -> ServerState:
    path, display = model_path(settings.model)  # a wrong spec fails before the heavy imports
    if settings.adapter:
        check_adapter(settings.adapter)
    import torch

    from hpccoder.models.hf import load_model
    from hpccoder.serve.engine import Engine
    from hpccoder.serve.metrics import Metrics
    from hpccoder.serve.prompts import PromptBuilder

    torch.set_num_threads(max(1, len(os.sched_getaffinity(0))))
    try:
        with warnings.catch_warnings():  # transformers' deprecation notices, raised inside peft, are not the user's
            warnings.simplefilter("ignore", FutureWarning)
            tokenizer, model = load_model(path, settings.adapter)
    except HpcError:
        raise
    except Exception as exc:  # a broken model or adapter: one line, not transformers' or peft's traceback
        raise HpcError(load_failure(settings, exc)) from None
    config = model.config
    n_ctx = getattr(config, "max_position_embeddings", None) or 2048
    eos = model.generation_config.eos_token_id if model.generation_config else None
    eos_ids = set(eos if isinstance(eos, list) else [eos] if eos is not None else [])
    if tokenizer.eos_token_id is not None:
        eos_ids.add(tokenizer.eos_token_id)
    lock = threading.Lock()
    metrics = Metrics()
    max_batch = settings.max_batch or (16 if model.device.type == "cpu" else 64)
    engine = Engine(tokenizer, model, max_batch, settings.max_queue, n_ctx, metrics, lock)
    model_id = settings.served_model_name or display
    names = {model_id, settings.model, display}
    return ServerState(settings, tokenizer, model, engine, PromptBuilder(tokenizer, n_ctx, eos_ids, lock), metrics,
                       model_id, names, n_ctx, int(time.time()), embedding_rows(model))


def embedding_rows(model) -> int:
    """The token ids the model embeds. Read from the embedding's weight: an adapter that trains new token rows (a
    FIM run's, peft's trainable_token_indices) wraps the embedding in a module with no `num_embeddings`."""
    embedding = model.get_input_embeddings()
    weight = getattr(embedding, "weight", None)
    if weight is None:
        weight = getattr(getattr(embedding, "base_layer", None), "weight", None)
    return int(weight.shape[0]) if weight is not None else int(model.config.vocab_size)


def check_adapter(adapter: str) -> None:
    """What can be told of a LoRA adapter folder before the model loads: its config and its weights."""
    import json

    folder = Path(adapter).expanduser()
    if not folder.is_dir():
        raise HpcError(f"--adapter {adapter}: no such folder (give the folder `hpccoder finetune` wrote)")
    config = folder / "adapter_config.json"
    if not config.is_file():
        raise HpcError(f"{adapter} has no adapter_config.json: not a peft adapter folder")
    try:
        parsed = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise HpcError(f"--adapter {adapter}: adapter_config.json is not readable JSON ({exc})") from None
    if not isinstance(parsed, dict) or "peft_type" not in parsed:
        raise HpcError(f"--adapter {adapter}: adapter_config.json has no peft_type: not a peft adapter's config")
    if not any((folder / name).is_file() for name in ("adapter_model.safetensors", "adapter_model.bin")):
        raise HpcError(f"--adapter {adapter}: no adapter_model.safetensors (or .bin): its weights are missing")


def load_failure(settings: ServeSettings, exc: Exception) -> str:
    what = f"--model {settings.model}" + (f" with --adapter {settings.adapter}" if settings.adapter else "")
    text = str(exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    detail = lines[0] if lines else type(exc).__name__
    if "size mismatch" in text:
        detail = "the adapter's weights do not fit the model's shapes (an adapter trained for another base model?)"
    return f"cannot load {what}: {detail[:300]}"


class Guard:
    """ASGI middleware: API key, request size (413), and per-endpoint metrics."""

    def __init__(self, app, state: ServerState):
        self.app, self.state = app, state

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start, path, status = time.monotonic(), scope["path"], [500]
        endpoint = path if path in ("/v1/completions", "/v1/chat/completions", "/infill", "/completion") else "other"

        async def send_status(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            refusal = self._check_key(scope)
            if refusal is None:
                receive, refusal = await self._read_body(scope, receive)
            if refusal is not None:
                await self._refuse(refusal, send_status)
            else:
                await self.app(self._as_json(scope), receive, send_status)
        finally:
            metrics = self.state.metrics
            metrics.requests.labels(endpoint, str(status[0])).inc()
            metrics.latency.labels(endpoint).observe(time.monotonic() - start)

    def _check_key(self, scope):
        key = self.state.settings.api_key
        if not key or scope["path"] in PUBLIC:
            return None
        scheme, _, given = dict(scope["headers"]).get(b"authorization", b"").strip().partition(b" ")
        # the scheme's name is case-insensitive (RFC 9110): 'bearer KEY' is as good as 'Bearer KEY'
        if hmac.compare_digest(scheme.lower() + b" " + given.strip(), b"bearer " + key.encode()):
            return None
        self.state.metrics.rejected.labels("auth").inc()
        return errors.APIError(401, "missing or wrong API key: send 'Authorization: Bearer KEY'",
                               code="invalid_api_key")

    async def _read_body(self, scope, receive):
        """Reads the whole body (at most the limit) before the app sees it, then hands it over."""
        limit = self.state.settings.max_request_bytes
        too_big = errors.APIError(413, f"the request body is larger than {limit} bytes", code="request_too_large")
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            self.state.metrics.rejected.labels("size").inc()
            return receive, too_big
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return receive, None
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > limit:
                self.state.metrics.rejected.labels("size").inc()
                return receive, too_big
            if not message.get("more_body"):
                break
        replayed = [False]

        async def replay():
            if not replayed[0]:
                replayed[0] = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()  # after the body: waits for the client to go away

        return replay, None

    @staticmethod
    def _as_json(scope):
        """Every POST body here is JSON, whatever its Content-Type says (`curl -d` sends a form's, a browser's
        fetch text/plain), as llama.cpp reads it."""
        if scope["method"] != "POST":
            return scope
        headers = [(k, v) for k, v in scope["headers"] if k != b"content-type"]
        return {**scope, "headers": headers + [(b"content-type", b"application/json")]}

    @staticmethod
    async def _refuse(exc, send):
        await send({"type": "http.response.start", "status": exc.status,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": errors.body(exc.status, exc.message, exc.param, exc.code)})


def create_app(settings: ServeSettings | None = None, state: ServerState | None = None):
    from fastapi import FastAPI
    from starlette.responses import Response

    from hpccoder.serve import routes_infill, routes_openai

    state = state or load_state((settings or ServeSettings()).check())

    @asynccontextmanager
    async def lifespan(app):
        state.engine.start()
        try:
            yield
        finally:
            state.engine.stop()

    app = FastAPI(title="hpccoder completion server", lifespan=lifespan)
    app.state.server = state
    errors.install(app)

    # HEAD too: monitors and load balancers probe liveness with it (the body is left out of the reply)
    @app.api_route("/health", methods=["GET", "HEAD"])
    @app.api_route("/v1/health", methods=["GET", "HEAD"])
    async def health():
        return {"status": "ok", "model": state.model_id, "waiting": state.engine.waiting(),
                "running": state.engine.running()}

    @app.api_route("/v1/models", methods=["GET", "HEAD"])
    async def models():
        return {"object": "list", "data": [_model_card(state)]}

    @app.get("/v1/models/{name:path}")
    async def model(name: str):
        check_model(state, name)
        return _model_card(state)

    @app.get("/metrics")
    async def metrics():
        payload, content_type = state.metrics.render()
        return Response(payload, media_type=content_type)

    routes_openai.add(app, state)
    routes_infill.add(app, state)
    app.add_middleware(Guard, state=state)
    origins = [o.strip() for o in state.settings.allowed_origins.split(",") if o.strip()]
    local = "local" in origins
    origins = [o for o in origins if o != "local"]
    if origins or local:  # outside the Guard: a browser's preflight carries no API key, and its refusals need CORS
        from starlette.middleware.cors import CORSMiddleware

        # private network: a page on the web (vscode.dev) calling a server on this machine asks for it too
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_origin_regex=LOCAL_ORIGINS if local else None,
                           allow_methods=["GET", "POST"], allow_headers=["*"], allow_private_network=True)
    return app


def _model_card(state: ServerState) -> dict:
    return {"id": state.model_id, "object": "model", "created": state.created, "owned_by": "hpccoder",
            "max_model_len": state.n_ctx}


def check_model(state: ServerState, name: str | None) -> None:
    if name is not None and name not in state.names:
        raise errors.APIError(404, f"the model '{name}' does not exist: this server serves '{state.model_id}'",
                              param="model", code="model_not_found")
