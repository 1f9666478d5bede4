"""The server on loopback, through the official openai client and raw HTTP (tiny models)."""

from __future__ import annotations

import json
import threading
import time

import httpx
import openai
import pytest

from conftest import Server


def wait_for(condition, timeout: float = 120.0) -> bool:
    """Polls a condition of the server (not a timing assertion: the deadline only avoids hanging)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def token_id(server, text: str) -> str:
    tok = server.state.tokenizer
    ids = tok.encode(text, add_special_tokens=False)
    assert len(ids) == 1, f"{text!r} is not one token of the tiny tokenizer"
    return str(ids[0])


def test_models_and_health(server):
    client = server.client()
    assert [m.id for m in client.models.list()] == [server.state.model_id]
    assert httpx.get(server.url + "/health").json()["status"] == "ok"
    assert client.models.retrieve(server.state.model_id).id == server.state.model_id


def test_completion_with_suffix_uses_the_fim_tokens(server):
    client = server.client()
    reply = client.completions.create(model=server.state.model_id, prompt="void f(int n) {\n  ", suffix="\n}\n",
                                      max_tokens=8, temperature=0)
    assert reply.object == "text_completion" and len(reply.choices) == 1
    assert reply.choices[0].finish_reason in ("stop", "length")
    tok = server.state.tokenizer
    prompt = tok.encode("void f(int n) {\n  ", add_special_tokens=False)
    fim = [tok.convert_tokens_to_ids(t) for t in ("<fim_prefix>", "<fim_suffix>", "<fim_middle>")]
    # prompt tokens: <fim_prefix> prefix <fim_suffix> suffix <fim_middle>
    assert reply.usage.prompt_tokens == len(prompt) + len(tok.encode("\n}\n", add_special_tokens=False)) + len(fim)
    assert reply.usage.completion_tokens <= 8


def test_streaming_matches_the_whole_answer_and_ends_with_done(server):
    body = {"prompt": "for (int i = 0;", "max_tokens": 12, "temperature": 0, "stream": True,
            "stream_options": {"include_usage": True}}
    with httpx.stream("POST", server.url + "/v1/completions", json=body, timeout=120) as reply:
        assert reply.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in reply.iter_lines() if line]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in lines[:-1]]
    streamed = "".join(c["choices"][0]["text"] for c in chunks if c["choices"])
    assert chunks[-1]["usage"]["completion_tokens"] == 12
    whole = server.client().completions.create(model=server.state.model_id, prompt="for (int i = 0;", max_tokens=12,
                                               temperature=0)
    assert streamed == whole.choices[0].text
    # and through the client
    parts = list(server.client().completions.create(model=server.state.model_id, prompt="for (int i = 0;",
                                                    max_tokens=12, temperature=0, stream=True))
    assert "".join(p.choices[0].text for p in parts) == whole.choices[0].text
    assert parts[-1].choices[0].finish_reason == "length"


def test_chat_plain_and_streaming(server):
    client = server.client()
    messages = [{"role": "system", "content": "You write C."}, {"role": "user", "content": "An axpy, please."}]
    reply = client.chat.completions.create(model=server.state.model_id, messages=messages, max_tokens=10,
                                           temperature=0)
    assert reply.choices[0].message.role == "assistant"
    text = reply.choices[0].message.content
    stream = client.chat.completions.create(model=server.state.model_id, messages=messages, max_tokens=10,
                                            temperature=0, stream=True)
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == text
    assert chunks[-1].choices[0].finish_reason is not None


def test_n_choices_and_seeds(server):
    client = server.client()
    kwargs = dict(model=server.state.model_id, prompt="int main() {", max_tokens=10, temperature=1.0, seed=7)
    one = client.completions.create(n=3, **kwargs)
    two = client.completions.create(n=3, **kwargs)
    assert [c.index for c in one.choices] == [0, 1, 2]
    assert [c.text for c in one.choices] == [c.text for c in two.choices]  # same seed, same samples
    assert len({c.text for c in one.choices}) > 1  # choices differ from one another


def test_concurrent_requests_are_batched_and_give_what_they_give_alone(server):
    prompts = ["int", "double dot(const double *a,", "for (int i = 0; i < n; ++i) {\n  y[i] +=",
               "#include <omp.h>\n\nvoid axpy(int n, double a, const double *x, double *y) {"]
    client = server.client()
    alone = [client.completions.create(model=server.state.model_id, prompt=p, max_tokens=16, temperature=0,
                                       extra_body={"ignore_eos": True}).choices[0].text for p in prompts]
    steps_before = server.metric("hpccoder_batch_size_count")
    together = [None] * len(prompts)

    def ask(i):
        together[i] = client.completions.create(model=server.state.model_id, prompt=prompts[i], max_tokens=16,
                                                temperature=0, extra_body={"ignore_eos": True}).choices[0].text

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(prompts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert together == alone
    steps = server.metric("hpccoder_batch_size_count") - steps_before
    assert steps < 4 * 16  # they shared decoding steps


def test_stop_strings_cut_before_the_stop(server):
    client = server.client()
    kwargs = dict(model=server.state.model_id, prompt="static void kernel(", max_tokens=40, temperature=0)
    full = client.completions.create(**kwargs).choices[0].text
    assert len(full) > 16
    stop = full[8:11]
    want = full[:full.find(stop)]
    reply = client.completions.create(stop=[stop, "@@never@@"], **kwargs)
    assert (reply.choices[0].text, reply.choices[0].finish_reason) == (want, "stop")
    streamed = "".join(c.choices[0].text for c in client.completions.create(stop=stop, stream=True, **kwargs))
    assert streamed == want


def test_code_aware_stopping_through_the_server(server):
    """logit_bias makes the tiny model write one token over and over: a closing brace or a `;`."""
    client = server.client()
    brace, semicolon = token_id(server, "}"), token_id(server, ";")
    ask = dict(model=server.state.model_id, max_tokens=20, temperature=0)
    # an empty line in a block: the block is closed, then the completion ends
    reply = client.completions.create(prompt="void f(int n) {\n    int s = 0;\n", suffix="", logit_bias={brace: 100},
                                      **ask)
    assert (reply.choices[0].text, reply.choices[0].finish_reason) == ("}", "stop")
    # the suffix already closes it: nothing to write
    reply = client.completions.create(prompt="void f(int n) {\n    int s = 0;\n    ", suffix="\n}\n",
                                      logit_bias={brace: 100}, **ask)
    assert (reply.choices[0].text, reply.choices[0].finish_reason) == ("", "stop")
    # a statement ends at its `;`
    reply = client.completions.create(prompt="void f() {\n  int s = 1", suffix="\n}", logit_bias={semicolon: 100},
                                      **ask)
    assert (reply.choices[0].text, reply.choices[0].finish_reason) == (";", "stop")
    # not an editor request (no suffix): an OpenAI completion runs to max_tokens
    reply = client.completions.create(prompt="void f(int n) {\n", logit_bias={brace: 100}, **ask)
    assert (reply.choices[0].text, reply.choices[0].finish_reason) == ("}" * 20, "length")
    # unless asked for
    reply = client.completions.create(prompt="void f(int n) {\n", logit_bias={brace: 100},
                                      extra_body={"code_stop": True}, **ask)
    assert reply.choices[0].text == "}"


def test_infill_as_llama_cpp(server):
    brace = int(token_id(server, "}"))
    body = {"input_prefix": "void f(int n) {\n", "input_suffix": "", "prompt": "    ",
            "input_extra": [{"filename": "util.h", "text": "int g(int);"}], "n_predict": 10,
            "logit_bias": [[brace, 100]], "temperature": 0, "top_k": 40, "samplers": ["top_k", "top_p", "infill"],
            "cache_prompt": True, "t_max_prompt_ms": 500}
    reply = httpx.post(server.url + "/infill", json=body, timeout=120).json()
    assert set(reply) >= {"content", "stop", "tokens_predicted", "tokens_evaluated", "timings", "truncated",
                          "generation_settings", "stop_type"}
    assert reply["stop"] is True and reply["timings"]["predicted_n"] == reply["tokens_predicted"]
    plain = httpx.post(server.url + "/infill", json={**body, "logit_bias": []}, timeout=120).json()
    assert plain["tokens_predicted"] <= 10
    # streamed: the pieces, then a last event with stop: true
    with httpx.stream("POST", server.url + "/infill", json={**body, "logit_bias": [], "stream": True},
                      timeout=120) as stream:
        events = [json.loads(line[6:]) for line in stream.iter_lines() if line.startswith("data: ")]
    assert events[-1]["stop"] is True and all(not e["stop"] for e in events[:-1])
    assert "".join(e["content"] for e in events) == plain["content"]
    counts = [e["tokens_predicted"] for e in events]  # as llama.cpp: the tokens so far, in every piece
    assert counts == sorted(counts) and 0 < counts[0] and counts[-1] == plain["tokens_predicted"]
    # llama.vscode's cache warm-up request (n_predict 0) and response_fields
    warm = httpx.post(server.url + "/infill", json={**body, "n_predict": 0}, timeout=120).json()
    assert warm["content"] == "" and warm["tokens_predicted"] == 0
    picked = httpx.post(server.url + "/infill", json={**body, "response_fields": ["content", "timings/predicted_n"]},
                        timeout=120).json()
    assert set(picked) == {"content", "timings/predicted_n"}  # as llama.cpp keys them (llama.vim reads that key)
    # the stop string that ended it, as llama.cpp says it
    said = httpx.post(server.url + "/infill", json={**body, "stop": ["}"], "response_fields": [
        "content", "stop_type", "stopping_word"]}, timeout=120).json()
    assert said == {"content": "", "stop_type": "word", "stopping_word": "}"}


def test_infill_n_indent_and_time_limit():
    from hpccoder.serve.routes_infill import indent_check, time_check

    check = indent_check(4)
    assert check("a = 1;\n    b = 2;\n") is None
    assert check("a = 1;\n\n    b = 2;\n}\n") == len("a = 1;\n\n    b = 2;")  # blank lines do not count
    late = time_check(0)
    assert late("x") is None and late("x = 1;\ny") == len("x = 1;\ny")  # past the limit, a newline ends it


@pytest.mark.parametrize("body, param", [
    ({"prompt": "x", "temperature": -1}, "temperature"),
    ({"prompt": "x", "n": 0}, "n"),
    ({"prompt": "x", "max_tokens": "many"}, "max_tokens"),
    ({"max_tokens": 4}, "prompt"),
    ({"prompt": "x", "max_tokens": 100000}, "max_tokens"),
    ({"prompt": "x", "logprobs": 6}, "logprobs"),  # OpenAI's limit: 5
    ({"prompt": "x", "logprobs": -1}, "logprobs"),
    ({"prompt": "x", "max_tokens": 0}, "max_tokens"),  # 0 is for echo
    ({"prompt": "x", "logit_bias": {"abc": 1}}, "logit_bias"),
    ({"prompt": "x", "logit_bias": {"99999999": 1}}, "logit_bias"),  # no such token: OpenAI's API says 400 too
    ({"prompt": "x", "logit_bias": {"\u00b2": 1}}, "logit_bias"),  # a digit to str.isdigit, not to int()
    ({"prompt": "x", "logit_bias": {"9" * 5000: 1}}, "logit_bias"),  # more digits than int() takes
    ({"prompt": "x", "max_tokens": True}, "max_tokens"),  # not 1
    ({"prompt": "x", "n": 1000}, "n"),
])
def test_bad_requests_are_400_in_openai_format(server, body, param):
    reply = httpx.post(server.url + "/v1/completions", json=body, timeout=60)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == param and error["message"]


def test_errors_through_the_client(server):
    client = server.client()
    with pytest.raises(openai.NotFoundError) as exc:
        client.completions.create(model="gpt-17", prompt="x", max_tokens=2)
    assert exc.value.body["code"] == "model_not_found"
    with pytest.raises(openai.BadRequestError) as exc:  # longer than the context
        client.completions.create(model=server.state.model_id, prompt=list(range(1, 300)) * 14, max_tokens=2)
    assert exc.value.body["code"] == "context_length_exceeded"
    for body in (b"{not json", b"[1, 2]"):
        reply = httpx.post(server.url + "/v1/completions", content=body, timeout=60,
                           headers={"Content-Type": "application/json"})
        assert reply.status_code == 400 and "JSON" in reply.json()["error"]["message"]
    reply = httpx.get(server.url + "/v1/nothing-here")
    assert reply.status_code == 404 and reply.json()["error"]["message"]


def test_request_size_is_bounded(server):
    big = "x" * (server.settings.max_request_bytes + 1)
    with pytest.raises(openai.APIStatusError) as exc:
        server.client().completions.create(model=server.state.model_id, prompt=big, max_tokens=2)
    assert exc.value.status_code == 413
    assert server.metric("hpccoder_requests_rejected_total", 'reason="size"') >= 1


def test_metrics_are_prometheus_text(server):
    server.client().completions.create(model=server.state.model_id, prompt="int", max_tokens=3)
    text = httpx.get(server.url + "/metrics").text
    for name in ("hpccoder_requests_total", "hpccoder_generation_tokens_total", "hpccoder_time_to_first_token_seconds",
                 "hpccoder_batch_size", "hpccoder_requests_waiting", "hpccoder_sequences_running"):
        assert f"# TYPE {name.removesuffix('_total')}" in text
    assert server.metric("hpccoder_requests_total", 'endpoint="/v1/completions",status="200"') >= 1


def test_api_key(fim_model):
    server = Server(model=f"hf:{fim_model}", api_key="sekret")
    try:
        with pytest.raises(openai.AuthenticationError) as exc:
            server.client("wrong").completions.create(model=server.state.model_id, prompt="x", max_tokens=2)
        assert exc.value.body["code"] == "invalid_api_key"
        assert server.client("sekret").completions.create(model=server.state.model_id, prompt="x", max_tokens=2)
        assert httpx.get(server.url + "/health").status_code == 200  # public
        assert httpx.get(server.url + "/metrics").status_code == 401
        assert httpx.post(server.url + "/infill", json={"input_prefix": "x"}).status_code == 401
    finally:
        server.close()


def test_queue_limit_429_and_cancel_on_disconnect(fim_model):
    server = Server(model=f"hf:{fim_model}", max_batch=1, max_queue=1, max_tokens=4000)
    long = {"prompt": "int", "max_tokens": 3000, "stream": True, "ignore_eos": True}
    try:
        with httpx.Client(timeout=120) as first, httpx.Client(timeout=120) as second:
            with first.stream("POST", server.url + "/v1/completions", json=long) as running:
                lines = running.iter_lines()  # kept: a dropped iterator closes the connection
                next(lines)  # generating: the batch (of 1) is full
                with second.stream("POST", server.url + "/v1/completions", json=long) as waiting:
                    assert wait_for(lambda: server.metric("hpccoder_requests_waiting") == 1)
                    with pytest.raises(openai.RateLimitError):
                        server.client().completions.create(model=server.state.model_id, prompt="x", max_tokens=2)
                    assert waiting.status_code == 200
            # both clients hung up: their generations are cancelled, long before 3000 tokens
            assert wait_for(lambda: server.metric("hpccoder_sequences_finished_total", 'reason="cancelled"') >= 1)
            assert wait_for(lambda: server.metric("hpccoder_sequences_running") == 0
                            and server.metric("hpccoder_requests_waiting") == 0)
        # a client of a non-streaming request that gives up cancels it too
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(server.url + "/v1/completions", json={**long, "stream": False}, timeout=2)
        assert wait_for(lambda: server.metric("hpccoder_sequences_finished_total", 'reason="cancelled"') >= 2)
        assert server.metric("hpccoder_generation_tokens_total") < 3000
    finally:
        server.close()


def test_model_without_fim_tokens_falls_back(plain_model):
    server = Server(model=f"hf:{plain_model}")
    try:
        assert server.state.prompts.fim is None
        client = server.client()
        brace = token_id(server, "}")
        # the prompt is the prefix alone; the suffix still decides where the completion ends
        reply = client.completions.create(model=server.state.model_id, prompt="void f(int n) {\n    int s = 0;\n    ",
                                          suffix="\n}\n", max_tokens=10, temperature=0, logit_bias={brace: 100})
        assert reply.usage.prompt_tokens == len(server.state.tokenizer.encode(
            "void f(int n) {\n    int s = 0;\n    ", add_special_tokens=False))
        assert (reply.choices[0].text, reply.choices[0].finish_reason) == ("", "stop")
    finally:
        server.close()
