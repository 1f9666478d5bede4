"""llama.cpp's POST /completion (Continue's llama.cpp provider calls it), and HEAD on /health and /v1/models."""

from __future__ import annotations

import json

import httpx
import pytest

PROMPT = "void axpy(int n, double a, double *x, double *y) {\n"
FIELDS = {"content", "stop", "stop_type", "stopping_word", "tokens_predicted", "tokens_evaluated", "truncated",
          "generation_settings", "timings", "model", "prompt", "tokens_cached", "has_new_line"}


def post(server, body: dict, path: str = "/completion") -> httpx.Response:
    return httpx.post(server.url + path, json=body, timeout=120)


def events(server, body: dict, path: str = "/completion") -> list[dict]:
    with httpx.stream("POST", server.url + path, json={**body, "stream": True}, timeout=120) as reply:
        assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in reply.iter_lines() if line]
    assert lines and all(line.startswith("data: {") for line in lines), lines
    return [json.loads(line[6:]) for line in lines]


def scripted(monkeypatch, tokenizer, completion: str) -> None:
    """The model writes `completion`, then EOS, whatever the prompt."""
    import hpccoder.serve.engine as engine

    ids = tokenizer.encode(completion, add_special_tokens=False)
    eos = tokenizer.eos_token_id
    monkeypatch.setattr(engine, "next_tokens",
                        lambda logits, seqs: [ids[len(s.ids)] if len(s.ids) < len(ids) else eos for s in seqs])


def test_completion_route_answers_as_llama_cpp(server):
    body = {"prompt": PROMPT, "n_predict": 6, "temperature": 0, "ignore_eos": True, "cache_prompt": True,
            "min_p": 0.05, "n_probs": 0, "samplers": ["top_k", "min_p"]}  # accepted, as /infill accepts them
    reply = post(server, body)
    assert reply.status_code == 200 and reply.headers["content-type"] == "application/json"
    answer = reply.json()
    assert set(answer) >= FIELDS
    prompt_ids = server.state.tokenizer.encode(PROMPT, add_special_tokens=False)
    assert answer["stop"] is True and answer["stop_type"] == "limit" and answer["stopping_word"] == ""
    assert answer["tokens_predicted"] == 6 == answer["timings"]["predicted_n"]
    assert answer["tokens_evaluated"] == len(prompt_ids) == answer["timings"]["prompt_n"]
    assert answer["model"] == server.state.model_id and answer["truncated"] is False
    assert answer["prompt"] == PROMPT and answer["generation_settings"]["n_predict"] == 6
    # the same completion as /v1/completions gives (greedy; neither stops for code: no FIM prompt, no suffix)
    openai = post(server, {"prompt": PROMPT, "max_tokens": 6, "temperature": 0, "ignore_eos": True},
                  "/v1/completions").json()
    assert answer["content"] == openai["choices"][0]["text"]
    assert server.metric("hpccoder_requests_total", 'endpoint="/completion",status="200"') >= 1


def test_completion_route_streams_pieces_then_a_last_event(server):
    body = {"prompt": PROMPT, "n_predict": 8, "temperature": 0, "ignore_eos": True}
    plain = post(server, body).json()
    streamed = events(server, body)
    *pieces, last = streamed
    assert pieces and all(e["stop"] is False and "content" in e for e in pieces)
    assert last["stop"] is True and set(last) >= FIELDS and last["stop_type"] == "limit"
    assert last["tokens_predicted"] == 8 == last["timings"]["predicted_n"]
    assert "".join(e["content"] for e in streamed) == plain["content"]
    counts = [e["tokens_predicted"] for e in pieces]  # as llama.cpp: the tokens so far, in every piece
    assert counts == sorted(counts) and counts[-1] <= 8


def test_completion_route_stop_strings(server, monkeypatch):
    scripted(monkeypatch, server.state.tokenizer, "x = 1;\ny = 2;\n")
    body = {"prompt": "int f() {\n  ", "n_predict": 20, "stop": [";\ny"]}
    answer = post(server, body).json()
    assert answer["content"] == "x = 1" and answer["stop_type"] == "word" and answer["stopping_word"] == ";\ny"
    streamed = events(server, body)
    assert "".join(e["content"] for e in streamed) == "x = 1"  # no part of the stop string was sent
    assert streamed[-1]["stop_type"] == "word" and streamed[-1]["stopping_word"] == ";\ny"
    # ended by EOS: eos, no stopping word
    eos = post(server, {**body, "stop": ["never"]}).json()
    assert eos["content"] == "x = 1;\ny = 2;\n" and eos["stop_type"] == "eos" and eos["stopping_word"] == ""


def test_completion_route_n_predict_0_is_a_warm_up(server):
    answer = post(server, {"prompt": PROMPT, "n_predict": 0}).json()
    assert answer["content"] == "" and answer["tokens_predicted"] == 0 and answer["stop"] is True
    assert answer["tokens_evaluated"] == len(server.state.tokenizer.encode(PROMPT, add_special_tokens=False))
    streamed = events(server, {"prompt": PROMPT, "n_predict": 0})
    assert len(streamed) == 1 and streamed[0]["stop"] is True and streamed[0]["tokens_predicted"] == 0


def test_completion_route_response_fields(server):
    body = {"prompt": PROMPT, "n_predict": 3, "temperature": 0, "ignore_eos": True,
            "response_fields": ["content", "timings/predicted_n", "generation_settings/n_predict", "no_such"]}
    answer = post(server, body).json()
    assert set(answer) == {"content", "timings/predicted_n", "generation_settings/n_predict"}
    assert answer["timings/predicted_n"] == 3 and answer["generation_settings/n_predict"] == 3
    last = events(server, body)[-1]
    assert set(last) == {"content", "timings/predicted_n", "generation_settings/n_predict"}


def test_completion_route_takes_a_prompt_of_token_ids(server):
    ids = server.state.tokenizer.encode(PROMPT, add_special_tokens=False)
    body = {"n_predict": 5, "temperature": 0, "ignore_eos": True}
    by_ids = post(server, {**body, "prompt": ids}).json()
    by_text = post(server, {**body, "prompt": PROMPT}).json()
    assert by_ids["tokens_evaluated"] == len(ids) and by_ids["content"] == by_text["content"]
    assert by_ids["prompt"] == PROMPT  # the ids as text, as llama.cpp answers
    reply = post(server, {**body, "prompt": [1, server.state.n_vocab]})
    assert reply.status_code == 400 and reply.json()["error"]["param"] == "prompt"


@pytest.mark.parametrize("body, param", [
    ({"n_predict": 4}, "prompt"),
    ({"prompt": 5}, "prompt"),
    ({"prompt": {"text": "x"}}, "prompt"),
    ({"prompt": [1, True]}, "prompt"),
    ({"prompt": [1, 2.5]}, "prompt"),
    ({"prompt": ["int x;", "int y;"]}, "prompt"),  # llama.cpp's several prompts: refused, saying so
    ({"prompt": [12, "int"]}, "prompt"),
    ({"prompt": "x", "n_predict": "many"}, "n_predict"),
    ({"prompt": "x", "n_predict": -2}, "n_predict"),
    ({"prompt": "x", "temperature": "hot"}, "temperature"),
    ({"prompt": "x", "top_k": 1.5}, "top_k"),
    ({"prompt": "x", "stop": "}"}, "stop"),
    ({"prompt": "x", "stream": "maybe"}, "stream"),
    ({"prompt": "x", "response_fields": "content"}, "response_fields"),
    ({"prompt": "x", "logit_bias": [[]]}, "logit_bias"),
    ({"prompt": "x", "model": "gpt-17"}, "model"),
    ({"prompt": list(range(1, 300)) * 14}, "prompt"),  # longer than the context
])
def test_completion_route_bad_input_is_400_in_the_infill_error_shape(server, body, param):
    reply = post(server, body)
    status = 404 if param == "model" else 400
    assert reply.status_code == status, reply.text
    error = reply.json()["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["type"] == "invalid_request_error"
    assert error["param"] == param and error["message"] and "\n" not in error["message"]
    if isinstance(body.get("prompt"), list) and any(isinstance(p, str) for p in body["prompt"]):
        assert "several prompts" in error["message"]
    # the same shape /infill answers with
    infill = post(server, {"input_prefix": "x", "temperature": "hot"}, "/infill").json()["error"]
    assert set(infill) == set(error) and infill["type"] == error["type"]


def test_completion_route_stops_for_code_as_v1_completions_does(server, monkeypatch):
    """A prompt in the model's FIM format (Continue's autocomplete) stops for code, as /v1/completions stops it;
    a plain prompt does not unless asked (`code_stop`), as there."""
    fim = "<fim_prefix>int f() {\n  x = a<fim_suffix> + b;\n  return x;\n}\n<fim_middle>"
    scripted(monkeypatch, server.state.tokenizer, " * c + b;\n  return x;\n")
    ours = post(server, {"prompt": fim, "n_predict": 30}).json()
    theirs = post(server, {"prompt": fim, "max_tokens": 30}, "/v1/completions").json()["choices"][0]["text"]
    assert ours["content"] == theirs == " * c"
    assert "".join(e["content"] for e in events(server, {"prompt": fim, "n_predict": 30})) == " * c"

    written = "x = 1;\n}\nint g;\nint h;\n"
    scripted(monkeypatch, server.state.tokenizer, written)
    plain = "int f() {\n  "
    assert post(server, {"prompt": plain, "n_predict": 30}).json()["content"] == written
    asked = post(server, {"prompt": plain, "n_predict": 30, "code_stop": True}).json()["content"]
    theirs = post(server, {"prompt": plain, "max_tokens": 30, "code_stop": True},
                  "/v1/completions").json()["choices"][0]["text"]
    assert asked == theirs and len(asked) < len(written) and asked.startswith("x = 1;")


def test_completion_route_answers_head_on_health_and_models(server):
    for path in ("/health", "/v1/health", "/v1/models"):
        reply = httpx.head(server.url + path)
        assert reply.status_code == 200 and reply.content == b"", path
        assert reply.headers["content-type"] == "application/json"
    assert httpx.get(server.url + "/health").json()["status"] == "ok"
