"""Backends by name, imported only when asked for."""

import subprocess
import sys

import pytest

from hpccoder import models
from hpccoder.errors import HpcError
from hpccoder.models.embedded import gguf_path


def test_unknown_backend():
    with pytest.raises(HpcError, match="unknown model backend 'gpt9'; known: embedded, hf, openai, vllm"):
        models.load("gpt9")


def test_importing_hpccoder_models_imports_no_backend_library():
    code = ("import sys, hpccoder.models, hpccoder.cli, hpccoder.generate; "
            "print(any(m in sys.modules for m in ('torch', 'transformers', 'vllm', 'peft')))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_vllm_without_vllm_says_what_to_install():
    pytest.importorskip("torch")
    try:
        import vllm  # noqa: F401
        pytest.skip("vLLM is installed here")
    except ImportError:
        pass
    with pytest.raises(HpcError, match=r"pip install 'hpccoder\[gpu\]'"):
        models.load("vllm:some/model")


def test_embedded_model_file_is_installed():
    path = gguf_path()
    assert path.suffix == ".gguf" and path.stat().st_size > 50_000_000


def test_arguments_each_backend_needs():
    for spec, msg in (("file", "needs a path"), ("openai", "model's name"), ("reference:x", "no argument"),
                      ("embedded:x", "no argument")):
        with pytest.raises(HpcError, match=msg):
            models.load(spec)


def test_an_option_the_backend_does_not_take_is_refused_not_dropped(tmp_path):
    with pytest.raises(HpcError, match="--adapter is for the embedded, hf, vllm backends, not reference"):
        models.load("reference", adapter=str(tmp_path))
    with pytest.raises(HpcError, match="--base-url is for the openai backend, not file"):
        models.load("file:x.jsonl", base_url="http://localhost:8000/v1")
    assert models.load("reference", adapter=None).describe().startswith("reference")


def test_a_path_given_without_its_backend_says_which_to_give(tmp_path):
    # `--model ./my-model` said only "unknown model backend './my-model'"
    with pytest.raises(HpcError, match=f"unknown model backend '{tmp_path}'.*--model hf:{tmp_path}\\)$"):
        models.load(str(tmp_path))
    with pytest.raises(HpcError, match="--model file:out/samples.jsonl\\)$"):
        models.load("out/samples.jsonl")
    with pytest.raises(HpcError, match="known: embedded, hf, openai, vllm, reference, file$"):
        models.load("gpt9")
