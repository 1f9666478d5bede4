"""The vllm backend against a stand-in for the vllm package (the real one needs a GPU)."""

from __future__ import annotations

import sys
from types import ModuleType, SimpleNamespace

import pytest

from hpccoder.errors import HpcError
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


class GemmaLike(LLM):
    """A model whose chat template refuses a system message, as Gemma's does; vLLM wraps the template's error."""

    chats: list = []

    def get_tokenizer(self):
        return SimpleNamespace(chat_template="{{ raise_exception('System role not supported') }}")

    def chat(self, conversations, sampling, lora_request=None, use_tqdm=False):
        from jinja2.exceptions import TemplateError

        type(self).chats.append(conversations)
        if any(m["role"] == "system" for c in conversations for m in c):
            try:
                raise TemplateError("System role not supported")
            except TemplateError as exc:
                raise ValueError(str(exc)) from exc
        return [SimpleNamespace(outputs=[SimpleNamespace(text="```cpp\nvoid f() {}\n```", token_ids=[0])] * sp.n)
                for sp in sampling]


def test_a_chat_template_that_refuses_a_system_message_gets_it_in_the_user_message(vllm, suite, monkeypatch):
    # the hf backend did this; vllm raised the template's error for every chat prompt of a Gemma model
    monkeypatch.setattr(vllm, "LLM", GemmaLike)
    monkeypatch.setattr(GemmaLike, "chats", [])
    task = suite.task("cpp/dense_la/01_axpy/omp")
    backend = load("vllm:gemma")
    reqs = requests_for(task, [0], "chat")
    system, user = reqs[0].prompt[0]["content"], reqs[0].prompt[1]["content"]
    for _ in range(2):
        out = backend.generate(reqs, GenerationParams(n=1, temperature=0.0))
        assert [c.text for c in out] == ["```cpp\nvoid f() {}\n```"]
    # refused once, then asked without it, and without it from then on
    assert [len(c[0]) for c in GemmaLike.chats] == [2, 1, 1]
    assert GemmaLike.chats[1] == [[{"role": "user", "content": f"{system}\n\n{user}"}]]


def test_a_chat_template_refusal_that_is_not_about_the_system_message_is_one_line(vllm, suite, monkeypatch):
    monkeypatch.setattr(vllm, "LLM", GemmaLike)
    monkeypatch.setattr(GemmaLike, "chats", [])
    monkeypatch.setattr(GemmaLike, "chat", lambda self, c, s, **kw: (_ for _ in ()).throw(
        __import__("jinja2").exceptions.TemplateError("Conversation roles must alternate")))
    task = suite.task("cpp/dense_la/01_axpy/omp")
    with pytest.raises(HpcError, match=r"the chat template of vllm:gemma refuses the prompt \(Conversation roles "
                                       r"must alternate\): try --style completion"):
        load("vllm:gemma").generate(requests_for(task, [0], "chat"), GenerationParams(n=1, temperature=0.0))


class Words:
    """A tokenizer of one token per word."""

    chat_template = None

    def encode(self, text, add_special_tokens=True):
        return text.split()


@pytest.mark.parametrize("how", ["exact", "longest"])
def test_a_prompt_longer_than_the_context_is_one_line_naming_its_task(vllm, suite, monkeypatch, how):
    # vLLM's ValueError came out as a traceback that did not say which task's prompt it was
    short, long_ = suite.task("cpp/dense_la/01_axpy/serial"), suite.task("cpp/dense_la/03_gemm/omp")
    reqs = requests_for(short, [0], "completion") + requests_for(long_, [0], "completion")
    words = [len(r.prompt.split()) for r in reqs]
    assert words[1] > words[0]
    # the prompt of the length vLLM says; with a tokenizer that counts otherwise, the longest
    said, named = (words[0], short) if how == "exact" else (words[1] + 1, long_)

    def generate(self, prompts, sampling, lora_request=None, use_tqdm=False):
        raise ValueError(f"The decoder prompt (length {said}) is longer than the maximum model length of 64. Make "
                         "sure that `max_model_len` is no smaller than the number of text tokens.")

    monkeypatch.setattr(LLM, "generate", generate)
    monkeypatch.setattr(LLM, "get_tokenizer", lambda self: Words())
    with pytest.raises(HpcError) as caught:
        load("vllm:small").generate(reqs, GenerationParams(n=1, temperature=0.0))
    assert str(caught.value) == (f"the prompt of {named.id} is {said} tokens, and vllm:small takes at most 64 in all "
                                 "(vLLM's max_model_len): leave that task out of --tasks")
    # vLLM's other errors are left as they are
    monkeypatch.setattr(LLM, "generate", lambda self, *a, **kw: (_ for _ in ()).throw(ValueError("other")))
    with pytest.raises(ValueError, match="^other$"):
        load("vllm:small").generate(reqs, GenerationParams(n=1, temperature=0.0))
