"""Token log-probabilities: /v1/completions' logprobs (with echo: the prompt's too, max_tokens 0 scoring the prompt
alone, as lm-evaluation-harness asks), chat's logprobs and top_logprobs, llama.cpp's n_probs; checked against the
model's own log_softmax for the same tokens (tiny models)."""

from __future__ import annotations

import json

import httpx
import pytest

from hpccoder.serve.logprobs import TokenPieces, byte_spelling, text_offsets

PROMPT = "int main(void) {\n  int x"


def post(server, body: dict, path: str = "/v1/completions") -> httpx.Response:
    return httpx.post(server.url + path, json=body, timeout=120)


def stream(server, body: dict, path: str = "/v1/completions") -> list[dict]:
    with httpx.stream("POST", server.url + path, json={**body, "stream": True}, timeout=120) as reply:
        assert reply.status_code == 200
        lines = [line for line in reply.iter_lines() if line and line != "data: [DONE]"]
    return [json.loads(line[6:]) for line in lines]


def direct(server, ids: list[int]):
    """log_softmax of the model's logits over `ids`, computed here: row i scores token i + 1."""
    import torch

    model = server.state.engine.model
    with torch.inference_mode():
        logits = model(input_ids=torch.tensor([ids], device=model.device)).logits[0]
    return torch.log_softmax(logits.float(), dim=-1).cpu()


def prompt_ids(server, text: str) -> list[int]:
    return server.state.prompts.completion(text).ids


def generated_ids(server, prompt, n: int) -> list[int]:
    """The greedy completion's token ids, from llama.cpp's /completion with n_probs (which gives ids)."""
    reply = post(server, {"prompt": prompt, "n_predict": n, "temperature": 0, "n_probs": 1, "ignore_eos": True},
                 "/completion").json()
    return [p["id"] for p in reply["completion_probabilities"]]


def test_completion_logprobs_are_the_models_log_softmax(server):
    body = {"prompt": PROMPT, "max_tokens": 6, "temperature": 0, "logprobs": 3, "ignore_eos": True}
    reply = post(server, body).json()
    choice = choice0 = reply["choices"][0]
    lp = choice["logprobs"]
    assert set(lp) == {"tokens", "token_logprobs", "top_logprobs", "text_offset"}
    assert len(lp["tokens"]) == len(lp["token_logprobs"]) == len(lp["top_logprobs"]) == len(lp["text_offset"]) == 6
    ids = prompt_ids(server, PROMPT)
    gen = generated_ids(server, PROMPT, 6)
    want = direct(server, ids + gen)
    for i, token in enumerate(gen):
        row = want[len(ids) + i - 1]
        assert abs(lp["token_logprobs"][i] - float(row[token])) < 1e-4
        top = lp["top_logprobs"][i]
        assert 3 <= len(top) <= 4  # the 3 likeliest and the chosen one
        values = sorted(top.values(), reverse=True)[:3]
        best = row.topk(3).values.tolist()
        assert all(abs(a - b) < 1e-4 for a, b in zip(values, best))
        assert top[lp["tokens"][i]] == lp["token_logprobs"][i]
    # greedy: the chosen token is the likeliest
    assert all(lp["token_logprobs"][i] == max(lp["top_logprobs"][i].values()) for i in range(6))
    offsets = lp["text_offset"]
    assert offsets[0] == 0 and offsets == sorted(offsets) and offsets[-1] < len(choice0["text"])


@pytest.mark.parametrize("rows", [256, 3])  # the engine's SCORE_ROWS: all at once, and in rows of 3
def test_echo_with_max_tokens_0_scores_the_prompt(server, monkeypatch, rows):
    from hpccoder.serve import engine

    monkeypatch.setattr(engine, "SCORE_ROWS", rows)
    ids = prompt_ids(server, PROMPT)
    assert len(ids) > 2 * rows or rows > len(ids)
    reply = post(server, {"prompt": ids, "max_tokens": 0, "echo": True, "logprobs": 1, "temperature": 0}).json()
    choice = reply["choices"][0]
    lp = choice["logprobs"]
    assert choice["text"] == server.state.prompts.decode(ids) and choice["finish_reason"] == "length"
    assert reply["usage"]["completion_tokens"] == 0 and reply["usage"]["prompt_tokens"] == len(ids)
    assert len(lp["tokens"]) == len(ids)
    assert lp["token_logprobs"][0] is None and lp["top_logprobs"][0] is None
    want = direct(server, ids)
    for i in range(1, len(ids)):
        assert abs(lp["token_logprobs"][i] - float(want[i - 1][ids[i]])) < 1e-4
        assert len(lp["top_logprobs"][i]) in (1, 2)
        assert abs(max(lp["top_logprobs"][i].values()) - float(want[i - 1].max())) < 1e-4
    assert lp["text_offset"][0] == 0 and lp["text_offset"] == sorted(lp["text_offset"])
    assert "".join(lp["tokens"]) == choice["text"]  # plain ASCII text, no special tokens


def test_echo_as_lm_eval_harness_asks_it(server):
    """local-completions: token ids, echo, max_tokens 1, logprobs 1; it reads token_logprobs[ctxlen:-1]."""
    ids = prompt_ids(server, PROMPT)
    reply = post(server, {"prompt": [ids, ids[:5]], "max_tokens": 1, "echo": True, "logprobs": 1,
                          "temperature": 0, "ignore_eos": True}).json()
    for choice, prompt in zip(sorted(reply["choices"], key=lambda c: c["index"]), [ids, ids[:5]]):
        lp = choice["logprobs"]
        assert len(lp["tokens"]) == len(prompt) + 1
        want = direct(server, prompt)
        scored = lp["token_logprobs"][1:-1]
        assert all(abs(a - float(want[i][prompt[i + 1]])) < 1e-4 for i, a in enumerate(scored))
        assert lp["token_logprobs"][-1] == max(lp["top_logprobs"][-1].values())  # greedy


def test_several_sequences_each_get_their_own(server):
    prompts = ["void axpy(int n,", "#include <stdio.h>\nint"]
    reply = post(server, {"prompt": prompts, "max_tokens": 4, "temperature": 0, "logprobs": 0,
                          "ignore_eos": True}).json()
    for choice in reply["choices"]:
        prompt = prompts[choice["index"]]
        ids, gen = prompt_ids(server, prompt), generated_ids(server, prompt, 4)
        want = direct(server, ids + gen)
        lp = choice["logprobs"]
        assert [len(t) for t in lp["top_logprobs"]] == [1] * 4  # logprobs 0: the chosen token's alone
        for i, token in enumerate(gen):
            assert abs(lp["token_logprobs"][i] - float(want[len(ids) + i - 1][token])) < 1e-4


def test_streamed_chunks_carry_their_tokens_logprobs(server):
    body = {"prompt": PROMPT, "max_tokens": 8, "temperature": 0, "logprobs": 2, "ignore_eos": True, "echo": True}
    whole = post(server, body).json()["choices"][0]
    chunks = stream(server, body)
    merged = {"tokens": [], "token_logprobs": [], "top_logprobs": [], "text_offset": []}
    text = ""
    for c in chunks:
        choice = c["choices"][0]
        lp = choice["logprobs"]
        assert lp is not None
        for key in merged:
            merged[key] += lp[key]
        if lp["text_offset"]:
            assert lp["text_offset"][0] >= len(text) or not choice["text"]
        text += choice["text"]
    assert text == whole["text"]
    assert merged["tokens"] == whole["logprobs"]["tokens"]
    assert merged["text_offset"] == whole["logprobs"]["text_offset"]
    assert all(a == b or abs(a - b) < 1e-5 for a, b in zip(merged["token_logprobs"][1:],
                                                            whole["logprobs"]["token_logprobs"][1:]))
    assert merged["token_logprobs"][0] is None


def test_chat_logprobs_and_top_logprobs(server):
    body = {"messages": [{"role": "user", "content": "An axpy, please."}], "max_tokens": 5, "temperature": 0,
            "logprobs": True, "top_logprobs": 2, "ignore_eos": True}
    reply = post(server, body, "/v1/chat/completions").json()
    choice = reply["choices"][0]
    content = choice["logprobs"]["content"]
    assert len(content) == reply["usage"]["completion_tokens"] == 5
    for entry in content:
        assert set(entry) == {"token", "logprob", "bytes", "top_logprobs"}
        assert len(entry["top_logprobs"]) == 2
        assert all(set(a) == {"token", "logprob", "bytes"} for a in entry["top_logprobs"])
        assert entry["logprob"] == entry["top_logprobs"][0]["logprob"]  # greedy
    raw = bytes(b for entry in content for b in entry["bytes"])
    assert raw.decode("utf-8", errors="replace") == choice["message"]["content"]
    # through the official client, streamed too
    client = server.client()
    got = client.chat.completions.create(model=server.state.model_id, **{k: v for k, v in body.items()
                                                                        if k != "ignore_eos"},
                                         extra_body={"ignore_eos": True})
    assert [e.token for e in got.choices[0].logprobs.content] == [e["token"] for e in content]
    parts = list(client.chat.completions.create(model=server.state.model_id, stream=True, extra_body={
        "ignore_eos": True}, **{k: v for k, v in body.items() if k != "ignore_eos"}))
    streamed = [e.token for p in parts if p.choices and p.choices[0].logprobs
                for e in p.choices[0].logprobs.content]
    assert streamed == [e["token"] for e in content]
    plain = post(server, {**body, "logprobs": False, "top_logprobs": None}, "/v1/chat/completions").json()
    assert plain["choices"][0]["logprobs"] is None


@pytest.mark.parametrize("path, body, param", [
    ("/v1/completions", {"prompt": "x", "logprobs": 6}, "logprobs"),
    ("/v1/completions", {"prompt": "x", "logprobs": True}, "logprobs"),
    ("/v1/completions", {"prompt": "x", "max_tokens": 0, "logprobs": 1}, "max_tokens"),  # 0 without echo
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": "x"}], "logprobs": True, "top_logprobs": 21},
     "top_logprobs"),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": "x"}], "top_logprobs": 2}, "top_logprobs"),
    ("/completion", {"prompt": "x", "n_probs": -1}, "n_probs"),
])
def test_limits_are_400_with_one_line(server, path, body, param):
    reply = post(server, body, path)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["param"] == param and "\n" not in error["message"], error


def test_n_probs_on_completion_and_infill(server):
    body = {"prompt": PROMPT, "n_predict": 5, "temperature": 0, "n_probs": 3, "ignore_eos": True}
    reply = post(server, body, "/completion").json()
    probs = reply["completion_probabilities"]
    assert len(probs) == reply["tokens_predicted"] == 5
    ids = prompt_ids(server, PROMPT)
    want = direct(server, ids + [p["id"] for p in probs])
    for i, p in enumerate(probs):
        assert set(p) == {"id", "token", "bytes", "logprob", "top_logprobs"}
        assert abs(p["logprob"] - float(want[len(ids) + i - 1][p["id"]])) < 1e-4
        assert len(p["top_logprobs"]) == 3 and p["top_logprobs"][0]["id"] == p["id"]  # greedy
        assert all(set(a) == {"id", "token", "bytes", "logprob"} for a in p["top_logprobs"])
    assert bytes(b for p in probs for b in p["bytes"]).decode("utf-8", errors="replace") == reply["content"]
    events = stream(server, body, "/completion")
    streamed = [p for e in events for p in e.get("completion_probabilities", [])]
    assert [p["id"] for p in streamed] == [p["id"] for p in probs]
    assert "completion_probabilities" not in post(server, {**body, "n_probs": 0}, "/completion").json()
    infill = post(server, {"input_prefix": "int f() {\n  return ", "input_suffix": ";\n}\n", "n_predict": 3,
                           "n_probs": 1, "temperature": 0}, "/infill").json()
    assert len(infill["completion_probabilities"]) <= infill["tokens_predicted"]


def test_no_softmax_when_not_asked(server, monkeypatch):
    from hpccoder.serve.engine import Engine

    calls = []
    original = Engine._scores
    monkeypatch.setattr(Engine, "_scores", lambda self, *a: calls.append(1) or original(self, *a))
    reply = post(server, {"prompt": [PROMPT, "x"], "max_tokens": 4, "n": 2, "echo": True}).json()
    assert all(c["logprobs"] is None for c in reply["choices"])
    assert calls == []
    post(server, {"prompt": PROMPT, "max_tokens": 2, "logprobs": 0})
    assert calls


def test_token_pieces_spell_bytes_and_split_characters(server):
    tokenizer = server.state.tokenizer
    pieces = TokenPieces(tokenizer)
    text = "x = \u00e9\u4e2d\u2192 y;"
    ids = tokenizer.encode(text, add_special_tokens=False)
    raw = b"".join(pieces.get(i)[1] for i in ids)
    assert raw == text.encode()
    for i in ids:
        spelled, own = pieces.get(i)
        assert spelled == own.decode() if _valid(own) else spelled.startswith("bytes:\\x")
    offsets = text_offsets(tokenizer, ids)
    assert offsets[0] == 0 and offsets == sorted(offsets) and offsets[-1] < len(text)
    assert len(set(byte_spelling().values())) == 256


def _valid(raw: bytes) -> bool:
    try:
        raw.decode()
        return True
    except UnicodeDecodeError:
        return False


def test_logprobs_are_before_logit_bias(server):
    """A token forced by logit_bias reports the model's own log-probability of it, not the biased one (~0)."""
    ids = prompt_ids(server, PROMPT)
    want = direct(server, ids)[-1]
    forced = int(want.argmin())  # the least likely token: only the bias makes it
    reply = post(server, {"prompt": PROMPT, "max_tokens": 1, "logprobs": 1, "temperature": 0,
                          "logit_bias": {str(forced): 100}}).json()
    lp = reply["choices"][0]["logprobs"]
    assert abs(lp["token_logprobs"][0] - float(want[forced])) < 1e-4
    assert abs(max(lp["top_logprobs"][0].values()) - float(want.max())) < 1e-4


class Letters:
    """One token per ASCII letter (its code), as a tokenizer decodes them."""

    def decode(self, ids, skip_special_tokens=True):
        return "".join(chr(i) for i in ids)


def test_a_stop_string_cuts_the_scores_with_the_text():
    import threading

    from hpccoder.serve.engine import Sequence, SequenceSpec
    from hpccoder.serve.logprobs import Score
    from hpccoder.serve.sampling import SamplingParams

    class Events:
        cancelled = False

        def __init__(self):
            self.events = []

        def post(self, event):
            self.events.append(event)

    job = Events()
    spec = SequenceSpec([0], SamplingParams(max_tokens=100, stop=["END"]), set(), logprobs=0)
    seq = Sequence(job, 0, spec, Letters(), threading.Lock())
    for ch in "abcENDxyz":
        seq.add(ord(ch), 100, Score(ord(ch), ch, ch.encode(), -1.0, [], 0))
        seq.flush()
        if seq.finish:
            break
    text = "".join(e[2] for e in job.events if e[0] == "text")
    scores = [s for e in job.events if e[0] != "prompt" for s in e[4 if e[0] == "text" else 6]]
    assert text == "abc" and seq.stopped_by == "word"
    assert [s.text for s in scores] == ["a", "b", "c"] and [s.offset for s in scores] == [0, 1, 2]
    # each text event carries the scores of its own tokens
    assert all("".join(s.text for s in e[4]) == e[2] for e in job.events if e[0] == "text")
