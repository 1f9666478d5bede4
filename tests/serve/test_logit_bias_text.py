"""logit_bias with text on llama.cpp's routes (/completion, /infill), as llama.cpp's server documents it:
`[["Hello, World!", -0.5]]` gives each token of the text that bias (false: never), a number is a token id; the
object form takes `{"token id or text": bias}`, a key of digits being a token id. The OpenAI routes keep token ids."""

from __future__ import annotations

import json

import httpx
import pytest

from hpccoder.serve.routes_infill import _bias, _bias_entries

PROMPT = "void axpy(int n, double a, double *x, double *y) {\n"


def post(server, path: str, body: dict) -> httpx.Response:
    return httpx.post(server.url + path, json=body, timeout=120)


def content(server, path: str, body: dict) -> str:
    base = {"n_predict": 6, "temperature": 0, "ignore_eos": True}
    base.update({"prompt": PROMPT} if path == "/completion" else {"input_prefix": PROMPT, "input_suffix": "}\n"})
    reply = post(server, path, {**base, **body})
    assert reply.status_code == 200, reply.text
    return reply.json()["content"]


def test_a_text_gives_each_of_its_tokens_the_bias(server):
    encode = server.state.prompts.encode
    hello = encode("Hello, World!")
    assert len(set(hello)) > 1
    assert _bias(server.state, _bias_entries([["Hello, World!", -0.5]])) == dict.fromkeys(hello, -0.5)
    assert _bias(server.state, _bias_entries([["Hello, World!", False]])) == dict.fromkeys(hello, -1e9)
    # a number is a token id; a string of digits in the list form is text, as llama.cpp reads it
    assert _bias(server.state, _bias_entries([[5, 2]])) == {5: 2.0}
    assert _bias(server.state, _bias_entries([["5", 2]])) == dict.fromkeys(encode("5"), 2.0)
    # the object form: digits are a token id, anything else text
    assert _bias(server.state, _bias_entries({"5": 1, "int": False})) == {5: 1.0, **dict.fromkeys(encode("int"), -1e9)}
    assert _bias(server.state, _bias_entries({"\u00b2": 1})) == dict.fromkeys(encode("\u00b2"), 1.0)
    # an empty text has no tokens: it biases nothing
    assert _bias(server.state, _bias_entries([["", 3]])) == {}


def test_a_text_is_text_not_control_tokens(server):
    # llama.cpp tokenizes it without reading special tokens: "<eos>" written in it is not EOS
    eos = server.state.tokenizer.eos_token_id
    bias = _bias(server.state, _bias_entries([["<eos>", False], ["<fim_middle>", False]]))
    assert bias and eos not in bias and not set(bias) & set(server.state.prompts.fim)


@pytest.mark.parametrize("path", ["/completion", "/infill"])
def test_a_positive_bias_on_a_text_writes_only_its_tokens(server, path):
    text = "Hello, World!"
    written = content(server, path, {"logit_bias": [[text, 100]]})
    assert written and set(written) <= set(text), written
    written = content(server, path, {"logit_bias": {text: 100}})
    assert written and set(written) <= set(text), written
    assert set(content(server, path, {"logit_bias": [["5", 100]]})) == {"5"}


@pytest.mark.parametrize("path", ["/completion", "/infill"])
def test_false_on_a_text_bans_its_tokens(server, path):
    first = content(server, path, {"n_predict": 1})
    assert first and "\ufffd" not in first
    assert not content(server, path, {"n_predict": 1, "logit_bias": [[first, False]]}).startswith(first)
    # the same with a token id beside it, and streamed
    with httpx.stream("POST", server.url + path, json={"prompt": PROMPT, "input_prefix": PROMPT, "n_predict": 1,
                                                       "temperature": 0, "stream": True,
                                                       "logit_bias": [[first, False], [5, 0.5]]}, timeout=120) as r:
        assert r.status_code == 200
        streamed = "".join(json.loads(line[6:])["content"] for line in r.iter_lines()
                           if line.startswith("data: {"))
    assert not streamed.startswith(first)


def test_the_openai_routes_keep_token_ids(server):
    for body in ({"prompt": "x", "logit_bias": {"Hello": 1}}, {"prompt": "x", "logit_bias": {"-1": 1}}):
        reply = post(server, "/v1/completions", {**body, "max_tokens": 2})
        assert reply.status_code == 400 and reply.json()["error"]["param"] == "logit_bias"
    reply = post(server, "/v1/chat/completions", {"messages": [{"role": "user", "content": "x"}], "max_tokens": 2,
                                                   "logit_bias": {"Hello": 1}})
    assert reply.status_code == 400 and reply.json()["error"]["param"] == "logit_bias"


def test_a_bias_is_applied_once_a_step_from_tensors_made_once():
    import torch

    from hpccoder.serve.sampling import SamplingParams, next_tokens

    class Seq:
        counts: dict = {}
        generator = torch.Generator().manual_seed(0)

    seq = Seq()
    seq.params = SamplingParams(temperature=0, logit_bias={0: 5.0, 10**6: 50.0})  # an id past the vocabulary: left out
    logits = torch.tensor([[0.5, 2.0, 1.0]])
    assert next_tokens(logits, [seq]) == [0]
    made = seq.params.__dict__["_bias_tensors"]
    assert next_tokens(logits, [seq]) == [0] and seq.params.__dict__["_bias_tensors"] is made
    assert logits.tolist() == [[0.5, 2.0, 1.0]]  # the step's logits are left as they were
    seq.params = SamplingParams(temperature=1, seed=1, logit_bias=dict.fromkeys(range(3), -1e9) | {2: 0.0})
    assert next_tokens(logits, [seq]) == [2]
