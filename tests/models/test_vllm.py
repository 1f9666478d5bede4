"""The vllm backend against a stand-in for the vllm package (the real one needs a GPU)."""

from __future__ import annotations

import sys
from types import ModuleType, SimpleNamespace

import pytest

from hpccoder.generate import requests_for
from hpccoder.models import GenerationParams, load


class SamplingParams:
    """vLLM's, with the arguments the backend uses and vLLM's defaults."""

    def __init__(self, n=1, temperature=1.0, top_p=1.0, max_tokens=16, stop=None, seed=None,
                 include_stop_str_in_output=False):
        self.n, self.stop, self.include_stop_str_in_output = n, stop, include_stop_str_in_output
        self.temperature, self.seed = temperature, seed


class LLM:
    text = "  assign y = a;\nendmodule\nmodule Other;\n"

    def __init__(self, model, enable_lora=False):
        pass

    def get_tokenizer(self):
        return SimpleNamespace(chat_template=None)

    def generate(self, prompts, sampling, lora_request=None, use_tqdm=False):
        outs = []
        for sp in sampling:
            text = self.text
            for stop in sp.stop or []:  # like vLLM: cut at a stop string, left out unless asked for
                if stop in text:
                    text = text[:text.index(stop) + (len(stop) if sp.include_stop_str_in_output else 0)]
            outs.append(SimpleNamespace(outputs=[SimpleNamespace(text=text, token_ids=[0] * 3)] * sp.n))
        return outs


@pytest.fixture
def vllm(monkeypatch):
    module = ModuleType("vllm")
    module.LLM, module.SamplingParams = LLM, SamplingParams
    monkeypatch.setitem(sys.modules, "vllm", module)
    return module


def test_a_verilog_completion_keeps_the_endmodule_it_stopped_at(vllm, suite):
    # vLLM leaves the stop string out by default: every Verilog sample lacked its endmodule
    task = next(t for t in suite.tasks() if t.problem.language == "verilog")
    out = load("vllm:some-model").generate(requests_for(task, [0, 1], "completion"), GenerationParams(n=2))
    assert [c.text for c in out] == ["  assign y = a;\nendmodule"] * 2


def test_each_sampled_request_has_its_own_seed_and_greedy_prompts_go_once(vllm, suite, monkeypatch):
    # a sample's draw must depend on its seed, task and index alone: with n samples from one seed, sample 1 of
    # "-n 2" and of "-n 4" came from different requests
    from hpccoder.models import sample_seed

    asked = []
    monkeypatch.setattr(LLM, "generate", lambda self, prompts, sampling, **kw: asked.append(sampling) or [
        SimpleNamespace(outputs=[SimpleNamespace(text="x", token_ids=[0])] * sp.n) for sp in sampling])
    task = next(t for t in suite.tasks() if t.problem.language == "verilog")
    backend = load("vllm:some-model")
    backend.generate(requests_for(task, [0, 1], "completion"), GenerationParams(n=2, temperature=0.8, seed=5))
    backend.generate(requests_for(task, [1, 2, 3], "completion"), GenerationParams(n=4, temperature=0.8, seed=5))
    first, second = ([(sp.n, sp.seed) for sp in call] for call in asked)
    assert first == [(1, sample_seed(5, task.id, i)) for i in (0, 1)]
    assert second == [(1, sample_seed(5, task.id, i)) for i in (1, 2, 3)]
    asked.clear()
    out = backend.generate(requests_for(task, [0, 1, 2], "completion"), GenerationParams(n=3, temperature=0.0))
    assert [sp.n for sp in asked[0]] == [3] and len(out) == 3  # one prompt, greedy: computed once
