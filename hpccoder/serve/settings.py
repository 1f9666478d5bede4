"""The server's settings: one schema feeds the CLI flags (`--max-batch`), the environment
(`HPCCODER_MAX_BATCH`) and `create_app(ServeSettings(...))`."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field, fields

from hpccoder.errors import HpcError

ENV_PREFIX = "HPCCODER_"


def _opt(default, help: str, **extra):
    return field(default=default, metadata={"help": help, **extra})


@dataclass
class ServeSettings:
    model: str = _opt("embedded", "embedded (the default model) or hf:PATH (a model folder or a .gguf file)")
    adapter: str | None = _opt(None, "a LoRA adapter folder (peft) applied to the model")
    host: str = _opt("127.0.0.1", "address to listen on")
    port: int = _opt(8000, "port to listen on")
    api_key: str | None = _opt(None, "require 'Authorization: Bearer KEY' on every endpoint but /health",
                               secret=True)
    allowed_origins: str = _opt("local", "web pages (origins, comma-separated) whose scripts may call the server, "
                                         "as browser-based editors do (CORS): 'local' (pages served by this machine "
                                         "and VS Code's webviews), origins such as https://vscode.dev, '*' any, "
                                         "'' none")
    served_model_name: str | None = _opt(None, "model id in responses and /v1/models (default: the model's name)")
    max_batch: int = _opt(0, "sequences generated together (default 16 on a CPU, 64 on a GPU)")
    max_queue: int = _opt(32, "requests waiting for a place in the batch; past it the server answers 429")
    max_tokens: int = _opt(1024, "the most tokens one completion may ask for (max_tokens, n_predict)")
    max_request_bytes: int = _opt(1 << 20, "largest request body accepted; past it the server answers 413")
    code_stop: str = _opt("editor", "code-aware stopping: 'editor' (FIM requests: /infill, a suffix, or a prompt "
                                    "in the model's FIM format), 'all' (every completion) or 'off'",
                          choices=("editor", "all", "off"))

    def check(self) -> "ServeSettings":
        for name, low in (("max_queue", 0), ("max_tokens", 1), ("max_request_bytes", 1024), ("max_batch", 0)):
            if getattr(self, name) < low:
                raise HpcError(f"--{name.replace('_', '-')} must be at least {low}")
        if not 0 <= self.port < 65536:
            raise HpcError(f"--port {self.port} is not a port number (0-65535)")
        if self.code_stop not in ("editor", "all", "off"):
            raise HpcError(f"--code-stop must be editor, all or off, not '{self.code_stop}'")
        return self


def _env_default(f):
    # a string from the environment goes through the flag's type like a typed value would
    return os.environ.get(ENV_PREFIX + f.name.upper(), f.default)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One flag per setting; each defaults to $HPCCODER_<NAME>, else to the schema's default."""
    for f in fields(ServeSettings):
        default = _env_default(f)
        shown = "set" if f.metadata.get("secret") and default else default
        env = f"env {ENV_PREFIX}{f.name.upper()}"
        # a help text that says its default itself (one that depends on the machine) is not given a second
        said = "(default" in f.metadata["help"] and default == f.default
        kwargs = {"default": default,
                  "help": f"{f.metadata['help']} ({env})" if said else f"{f.metadata['help']} (default {shown}; {env})"}
        if f.type in ("int", int):
            kwargs["type"] = int
        if "choices" in f.metadata:
            kwargs["choices"] = f.metadata["choices"]
        parser.add_argument("--" + f.name.replace("_", "-"), dest=f.name, **kwargs)


def from_args(args: argparse.Namespace) -> ServeSettings:
    return ServeSettings(**{f.name: getattr(args, f.name) for f in fields(ServeSettings)}).check()
