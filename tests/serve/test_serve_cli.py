"""`hpccoder serve`: flags, environment, one-line errors, and how a started server ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest
from hpctest import REPO

from hpccoder.cli import build_parser, main
from hpccoder.serve.settings import from_args


def test_flags_and_environment(monkeypatch):
    monkeypatch.setenv("HPCCODER_MAX_QUEUE", "5")
    monkeypatch.setenv("HPCCODER_API_KEY", "sekret")
    settings = from_args(build_parser().parse_args(["serve", "--port", "8012", "--max-batch", "4"]))
    assert (settings.port, settings.max_batch, settings.max_queue, settings.api_key) == (8012, 4, 5, "sekret")
    assert settings.model == "embedded"


@pytest.mark.parametrize("argv, message", [
    (["serve", "--model", "openai:gpt-4o"], "serve runs transformers models"),
    (["serve", "--model", "hf:/nonexistent/model"], "no model at /nonexistent/model"),
    (["serve", "--max-tokens", "0"], "--max-tokens must be at least 1"),
    (["serve", "--port", "70000"], "not a port number"),
])
def test_bad_input_is_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("hpccoder: error: ") and message in err[-1]
    assert "Traceback" not in "\n".join(err)


def test_a_port_in_use_fails_before_the_model_loads(capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--model", "hf:/nonexistent/model", "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"hpccoder: error: cannot listen on 127.0.0.1:{port}: Address already in use: another program "
                   "listens there, pick another --port"]


def test_a_second_server_started_while_the_first_loads_fails_at_once():
    """The first holds its port from the start (listening), not only bound: a second one on the same port,
    started while the first loads its model, is refused before loading its own."""
    from hpccoder.errors import HpcError
    from hpccoder.serve.cli import listen

    first = listen("127.0.0.1", 0)
    try:
        with pytest.raises(HpcError, match="Address already in use: another program listens there"):
            listen("127.0.0.1", first.getsockname()[1]).close()
    finally:
        first.close()


def test_bad_adapters_fail_in_one_line(plain_model, tmp_path, capsys):
    import json

    from hpctest import build_tiny_model

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "adapter_config.json").write_text("{not json")
    no_weights = tmp_path / "no_weights"
    no_weights.mkdir()
    (no_weights / "adapter_config.json").write_text(json.dumps({"peft_type": "LORA"}))
    # a LoRA adapter of another base model (twice the hidden size)
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    other = build_tiny_model(tmp_path / "other", hidden=64)
    foreign = tmp_path / "foreign"
    get_peft_model(AutoModelForCausalLM.from_pretrained(other), LoraConfig(r=2, target_modules=["q_proj"])) \
        .save_pretrained(foreign)
    capsys.readouterr()  # what saving the models printed (transformers' progress bars) is not the server's
    for adapter, message in ((tmp_path / "missing", "no such folder"), (broken, "not readable JSON"),
                             (no_weights, "weights are missing"), (foreign, "do not fit the model")):
        assert main(["serve", "--model", f"hf:{plain_model}", "--adapter", str(adapter), "--port", "0"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert err[-1].startswith("hpccoder: error: ") and message in err[-1], err
        assert "Traceback" not in "\n".join(err) and len(err) <= 2  # 'loading ...' and the error


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_kill_or_a_hang_up_shuts_the_server_down_cleanly(plain_model, sig):
    """SIGTERM (kill, systemd, a batch system) and SIGHUP (the terminal closed) end the server as Ctrl-C does: the
    generations in flight stopped, the app shut down, no traceback; then exit 0 without a word (the stop asked
    for, not a failure to systemd), where Ctrl-C (SIGINT) says 'interrupted' and exits 130."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "hpccoder", "serve", "--model", f"hf:{plain_model}", "--port",
                             str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and "Traceback" not in err, err
        assert err.strip().splitlines()[-1] == "hpccoder: interrupted"
    else:
        assert proc.returncode == 0 and "Traceback" not in err and "interrupted" not in err, err



def test_an_adapter_that_trains_new_token_rows_is_served(fim_model, tmp_path):
    """A FIM run's adapter: the FIM tokens the finetune added are trained as rows of their own (peft's
    trainable_token_indices), which wraps the embedding; the server must load it and take those tokens' ids."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hpccoder.serve.app import load_state
    from hpccoder.serve.settings import ServeSettings

    tokenizer = AutoTokenizer.from_pretrained(fim_model)
    new_ids = tokenizer.convert_tokens_to_ids(["<fim_prefix>", "<fim_suffix>", "<fim_middle>"])
    adapter = tmp_path / "adapter"
    config = LoraConfig(r=2, target_modules=["q_proj"], trainable_token_indices={"embed_tokens": new_ids})
    peft_model = get_peft_model(AutoModelForCausalLM.from_pretrained(fim_model), config)
    assert not hasattr(peft_model.get_input_embeddings(), "num_embeddings")  # what the server met
    peft_model.save_pretrained(adapter)
    tokenizer.save_pretrained(adapter)
    state = load_state(ServeSettings(model=f"hf:{fim_model}", adapter=str(adapter)))
    assert state.n_vocab == len(tokenizer)
    assert state.prompts.fim == new_ids
