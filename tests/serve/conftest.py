"""A real server (uvicorn in a thread, on loopback) around tiny models built from a config."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from hpctest import build_tiny_model

FIM_TOKENS = ["<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<fim_pad>", "<file_sep>", "<repo_name>"]


def add_fim_tokens(path: Path) -> Path:
    """The tiny model with StarCoder's FIM and repository tokens (a code model's tokenizer)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    tokenizer.add_special_tokens({"additional_special_tokens": FIM_TOKENS})
    model = AutoModelForCausalLM.from_pretrained(path)
    model.resize_token_embeddings(len(tokenizer))
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def fim_model(tmp_path_factory) -> Path:
    return add_fim_tokens(build_tiny_model(tmp_path_factory.mktemp("tiny-fim-model")))


@pytest.fixture(scope="session")
def plain_model(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-serve-model"))


class Server:
    """create_app(settings) served by uvicorn on 127.0.0.1 in a thread of this process."""

    def __init__(self, **settings):
        import uvicorn

        from hpccoder.serve.app import create_app
        from hpccoder.serve.cli import make_server
        from hpccoder.serve.settings import ServeSettings

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.settings = ServeSettings(host="127.0.0.1", port=port, **settings)
        self.app = create_app(self.settings)
        self.state = self.app.state.server
        self.url = f"http://127.0.0.1:{port}"
        # as `hpccoder serve` runs it: its shutdown ends the generations in flight
        self.server = make_server(uvicorn.Config(self.app, host="127.0.0.1", port=port, log_level="warning"),
                                  self.state.engine)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)

    def client(self, key: str = "none", **kwargs):
        from openai import OpenAI

        return OpenAI(base_url=self.url + "/v1", api_key=key, max_retries=0, **kwargs)

    def metric(self, name: str, labels: str = "") -> float:
        import httpx

        headers = {"Authorization": f"Bearer {self.settings.api_key}"} if self.settings.api_key else {}
        text = httpx.get(self.url + "/metrics", headers=headers).text
        for line in text.splitlines():
            if line.startswith(name + (("{" + labels + "}") if labels else " ")):
                return float(line.rsplit(" ", 1)[1])
        return 0.0


@pytest.fixture(scope="module")
def server(fim_model):
    s = Server(model=f"hf:{fim_model}", max_tokens=256)
    yield s
    s.close()
