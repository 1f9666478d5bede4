"""Requests at the edges: one bad request fails alone (the engine and the other clients go on),
context limits, special-token stops, CORS, and bodies whatever their Content-Type."""

from __future__ import annotations

import json
import threading

import httpx
import pytest

from conftest import Server

LONG = {"prompt": "int", "max_tokens": 120, "stream": True, "ignore_eos": True}


class Streaming:
    """A long streamed completion in a thread: what another client sees while a bad request comes and goes."""

    def __init__(self, server):
        self.lines: list[str] = []
        self.started = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(server.url,), daemon=True)
        self.thread.start()
        assert self.started.wait(60)

    def _run(self, url):
        with httpx.stream("POST", url + "/v1/completions", json=LONG, timeout=120) as reply:
            for line in reply.iter_lines():
                if line:
                    self.lines.append(line)
                    self.started.set()

    def finished(self) -> dict:
        """The last chunk before [DONE], once the stream ended."""
        self.thread.join(120)
        assert self.lines[-1] == "data: [DONE]" and not any('"error"' in line for line in self.lines)
        return json.loads(self.lines[-2][6:])["choices"][0]


def complete(server, body, path="/v1/completions", **kwargs):
    return httpx.post(server.url + path, json=body, timeout=60, **kwargs)


def sse_events(server, path: str, body: dict) -> list:
    """The data of every server-sent event of a streamed reply ("[DONE]" as the string)."""
    with httpx.stream("POST", server.url + path, json=body, timeout=60) as reply:
        assert reply.headers["content-type"].startswith("text/event-stream"), reply.read()
        lines = [line for line in reply.iter_lines() if line]
    assert all(line.startswith("data: ") for line in lines)
    return [line[6:] if line == "data: [DONE]" else json.loads(line[6:]) for line in lines]


def test_editor_requests_in_a_file_with_comments_and_includes(server):
    prefix, suffix = "#include <omp.h>\n/* y = a x + y */\nvoid axpy(int n) {  // n >= 0\n    ", "\n}\n"
    reply = complete(server, {"input_prefix": prefix, "input_suffix": suffix, "n_predict": 8}, path="/infill")
    assert reply.status_code == 200 and reply.json()["stop"] is True
    reply = complete(server, {"prompt": prefix, "suffix": suffix, "max_tokens": 8})
    assert reply.status_code == 200 and reply.json()["choices"][0]["finish_reason"] in ("stop", "length")


def test_a_huge_seed_does_not_stop_the_engine(server):
    reply = complete(server, {"prompt": "int", "max_tokens": 3, "seed": 2 ** 64 + 5, "n": 2})
    assert reply.status_code == 200 and len(reply.json()["choices"]) == 2
    assert complete(server, {"prompt": "int", "max_tokens": 3}).status_code == 200  # the engine still runs


def test_prompts_the_model_cannot_take_fail_alone(server):
    other = Streaming(server)
    vocab = server.state.model.get_input_embeddings().num_embeddings
    reply = complete(server, {"prompt": [1, vocab], "max_tokens": 3})
    assert reply.status_code == 400 and reply.json()["error"]["param"] == "prompt"
    # an empty prompt (an empty file) starts from the model's start token
    for prompt in ("", [[]]):
        reply = complete(server, {"prompt": prompt, "max_tokens": 3, "ignore_eos": True})
        assert reply.status_code == 200 and reply.json()["usage"] == {"prompt_tokens": 1, "completion_tokens": 3,
                                                                      "total_tokens": 4}
    assert other.finished()["finish_reason"] == "length"


def test_a_failed_prefill_fails_its_request_alone_and_errors_end_an_infill_stream(server):
    engine = server.state.engine
    other = Streaming(server)

    def broken(ids, *args):  # a prefill (several columns) fails; the running batch's steps do not
        if ids.shape[1] > 1:
            raise RuntimeError("out of memory")
        return type(engine)._forward(engine, ids, *args)

    engine._forward = broken
    try:
        body = {"input_prefix": "void f(int n) {\n", "input_suffix": "}\n", "n_predict": 8, "stream": True}
        with httpx.stream("POST", server.url + "/infill", json=body, timeout=60) as reply:
            events = [json.loads(line[6:]) for line in reply.iter_lines() if line.startswith("data: ")]
        assert events[-1]["error"]["message"] == "generation failed: out of memory"
        reply = complete(server, {"prompt": "int main() {", "max_tokens": 3})
        assert reply.status_code == 500 and "out of memory" in reply.json()["error"]["message"]
    finally:
        del engine._forward
    assert other.finished()["finish_reason"] == "length"


def test_numbers_that_overflow(server):
    from hpccoder.serve.sampling import SamplingParams, next_tokens

    # NaN and Infinity (Python's json reads them) are refused like any invalid value
    for path, body in (("/v1/completions", b'{"prompt": "int", "presence_penalty": NaN}'),
                       ("/infill", b'{"input_prefix": "int", "frequency_penalty": -Infinity}')):
        reply = httpx.post(server.url + path, content=body, headers={"Content-Type": "application/json"}, timeout=60)
        assert reply.status_code == 400 and reply.json()["error"]["param"].endswith("_penalty")
    # a temperature near 0 or a huge bias overflows the softmax: the likeliest token, not an error
    import torch

    class Seq:
        counts: dict = {}
        generator = torch.Generator().manual_seed(0)

    logits = torch.tensor([[0.5, 2.0, 1.0], [0.5, 2.0, 1.0]])
    tiny, biased = Seq(), Seq()
    tiny.params = SamplingParams(temperature=1e-45)
    biased.params = SamplingParams(logit_bias={2: 1e300})
    assert next_tokens(logits, [tiny, biased]) == [1, 2]
    other = Streaming(server)
    [letter] = server.state.tokenizer.encode("a", add_special_tokens=False)
    reply = complete(server, {"input_prefix": "int ", "n_predict": 3, "logit_bias": [[letter, 1e300]],
                              "ignore_eos": True}, path="/infill")
    assert reply.status_code == 200 and reply.json()["content"] == "aaa"
    assert other.finished()["finish_reason"] == "length"


def test_a_prompt_longer_than_the_context_is_400_without_max_tokens(server):
    long = "int x = 1; " * 1200  # past the tiny model's 4096 positions
    reply = complete(server, {"messages": [{"role": "user", "content": long}]}, path="/v1/chat/completions")
    assert reply.status_code == 400 and reply.json()["error"]["code"] == "context_length_exceeded"
    reply = complete(server, {"prompt": long, "max_tokens": None})
    assert reply.status_code == 400 and reply.json()["error"]["code"] == "context_length_exceeded"


def test_echo_of_a_token_prompt(server):
    ids = server.state.tokenizer.encode("int main", add_special_tokens=False)
    reply = complete(server, {"prompt": ids, "max_tokens": 2, "echo": True}).json()
    assert reply["choices"][0]["text"].startswith("int main")


def test_a_stop_string_that_is_a_special_token_stops(server):
    middle = server.state.tokenizer.convert_tokens_to_ids("<fim_middle>")
    reply = complete(server, {"prompt": "int", "max_tokens": 6, "stop": ["<fim_middle>"],
                              "logit_bias": {str(middle): 100}}).json()
    assert (reply["choices"][0]["text"], reply["choices"][0]["finish_reason"]) == ("", "stop")
    reply = complete(server, {"input_prefix": "int", "n_predict": 6, "stop": ["<fim_middle>"],
                              "logit_bias": [[middle, 100]]}, path="/infill").json()
    assert reply["tokens_predicted"] == 0 and reply["stop_type"] != "limit"


def test_chat_template_refusals_are_400(server):
    tokenizer = server.state.tokenizer
    template = tokenizer.chat_template
    tokenizer.chat_template = "{{ raise_exception('Conversation roles must alternate user/assistant') }}"
    try:
        reply = complete(server, {"messages": [{"role": "user", "content": "hi"}]}, path="/v1/chat/completions")
    finally:
        tokenizer.chat_template = template
    assert reply.status_code == 400 and "roles must alternate" in reply.json()["error"]["message"]


def test_a_json_body_is_read_whatever_its_content_type(server):
    for content_type in ("application/x-www-form-urlencoded", "text/plain;charset=UTF-8"):  # curl -d, fetch()
        reply = httpx.post(server.url + "/v1/completions", content=json.dumps({"prompt": "int", "max_tokens": 2}),
                           headers={"Content-Type": content_type}, timeout=60)
        assert reply.status_code == 200 and reply.json()["usage"]["completion_tokens"] == 2


def test_cors_for_browser_based_editors(fim_model):
    server = Server(model=f"hf:{fim_model}", api_key="sekret", allowed_origins="https://vscode.dev")
    try:
        preflight = {"Origin": "https://vscode.dev", "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "authorization,content-type",
                     "Access-Control-Request-Private-Network": "true"}
        reply = httpx.options(server.url + "/v1/completions", headers=preflight)  # no API key on a preflight
        assert reply.status_code == 200
        assert reply.headers["access-control-allow-origin"] == "https://vscode.dev"
        assert "authorization" in reply.headers["access-control-allow-headers"].lower()
        assert reply.headers["access-control-allow-private-network"] == "true"
        refused = httpx.get(server.url + "/v1/models", headers={"Origin": "https://vscode.dev"})
        assert refused.status_code == 401 and refused.headers["access-control-allow-origin"] == "https://vscode.dev"
        other = httpx.options(server.url + "/v1/completions", headers={**preflight, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
    finally:
        server.close()
    # by default pages of this machine and VS Code's webviews, not any page the user visits
    server = Server(model=f"hf:{fim_model}")
    try:
        for origin in ("http://localhost:3000", "http://127.0.0.1:8080", "vscode-webview://1a2b3c"):
            reply = httpx.get(server.url + "/v1/models", headers={"Origin": origin})
            assert reply.headers["access-control-allow-origin"] == origin
        for origin in ("https://evil.example", "http://localhost.evil.example", "https://vscode.dev"):
            reply = httpx.get(server.url + "/v1/models", headers={"Origin": origin})
            assert reply.status_code == 200 and "access-control-allow-origin" not in reply.headers
    finally:
        server.close()
    server = Server(model=f"hf:{fim_model}", allowed_origins="*")
    try:
        reply = httpx.get(server.url + "/v1/models", headers={"Origin": "https://anywhere.example"})
        assert reply.headers["access-control-allow-origin"] == "*"
    finally:
        server.close()


def test_null_fields_take_their_defaults(server):
    # OpenAI's API marks these nullable, and clients send them so (`"temperature": null`); llama.cpp reads null too
    body = {"prompt": "int", "max_tokens": 2, "temperature": None, "top_p": None, "n": None, "stream": None,
            "echo": None, "presence_penalty": None, "frequency_penalty": None, "stop": None, "seed": None}
    reply = complete(server, body)
    assert reply.status_code == 200 and len(reply.json()["choices"]) == 1
    reply = complete(server, {"messages": [{"role": "user", "content": "hi"}], "max_tokens": 2, "temperature": None,
                              "n": None, "logprobs": None}, path="/v1/chat/completions")
    assert reply.status_code == 200
    reply = complete(server, {"input_prefix": "int", "n_predict": 2, "stop": None, "temperature": None},
                     path="/infill")
    assert reply.status_code == 200 and reply.json()["stop"] is True
    reply = complete(server, {"prompt": None})  # a required field is still required
    assert reply.status_code == 400 and reply.json()["error"]["param"] == "prompt"


def test_type_errors_name_the_field_and_bodies_that_are_not_utf8(server):
    for prompt in (5, ["int", 3]):
        error = complete(server, {"prompt": prompt}).json()["error"]
        assert error["param"] == "prompt" and "an array of integers" in error["message"]
    error = complete(server, {"prompt": "x", "stop": 3}).json()["error"]
    assert error["param"] == "stop"
    reply = httpx.post(server.url + "/v1/completions", content=b'{"prompt": "\xff\xfe"}', timeout=60)
    assert reply.status_code == 400 and "JSON" in reply.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/v1/completions", "/v1/chat/completions", "/completion", "/infill"])
@pytest.mark.parametrize("raw, why", [(b'{"prompt": "\xff\xfe"}', "not UTF-8 text"),
                                      (b'{"seed": ' + b"9" * 5000 + b'}', "an integer with too many digits"),
                                      (b'{"prompt": ' + b"[" * 50000 + b"]" * 50000 + b'}', "nested too deeply")])
def test_a_body_the_json_parser_cannot_read_is_400_saying_why(server, path, raw, why):
    # was "not valid JSON (UTF-8)" for all three: a 5000-digit integer or deep nesting is no encoding problem
    reply = httpx.post(server.url + path, content=raw, timeout=60)
    assert reply.status_code == 400, reply.text
    assert why in reply.json()["error"]["message"] and "JSON" in reply.json()["error"]["message"]


def test_a_chat_part_whose_text_is_not_a_string_is_400(server):
    for part in ({"type": "text", "text": 5}, {"type": "text"}, {"type": "text", "text": None}):  # text is required
        body = {"messages": [{"role": "user", "content": [part]}], "max_tokens": 2}
        reply = complete(server, body, path="/v1/chat/completions")
        assert reply.status_code == 400 and reply.json()["error"]["param"] == "messages"


def test_max_tokens_over_the_limit_with_a_suffix_says_so(server):
    reply = complete(server, {"prompt": "int", "suffix": "}", "max_tokens": 10 ** 6})
    error = reply.json()["error"]
    assert reply.status_code == 400 and error["param"] == "max_tokens" and "at most" in error["message"]


def test_infill_without_n_predict_when_max_tokens_passes_the_context(fim_model):
    server = Server(model=f"hf:{fim_model}", max_tokens=8192)  # the tiny model has 4096 positions
    try:
        eos = server.state.tokenizer.eos_token_id
        reply = complete(server, {"input_prefix": "int x = 1; " * 500, "logit_bias": [[eos, 100]]}, path="/infill")
        assert reply.status_code == 200, reply.text
        answer = reply.json()
        assert answer["stop"] is True and answer["tokens_evaluated"] >= 2000
    finally:
        server.close()


def test_a_lowercase_bearer_scheme_is_accepted(fim_model):
    server = Server(model=f"hf:{fim_model}", api_key="sekret")
    try:
        assert httpx.get(server.url + "/v1/models", headers={"Authorization": "bearer sekret"}).status_code == 200
        assert httpx.get(server.url + "/v1/models", headers={"Authorization": "bearer Sekret"}).status_code == 401
    finally:
        server.close()


def test_building_a_prompt_does_not_block_the_event_loop(server):
    """Tokenizing a big prompt runs off the event loop: health checks and other streams go on meanwhile."""
    prompts = server.state.prompts
    entered, release = threading.Event(), threading.Event()
    slow = prompts.completion

    def blocking(prompt):
        entered.set()
        release.wait(60)
        return slow(prompt)

    prompts.completion = blocking
    replies = []
    thread = threading.Thread(target=lambda: replies.append(complete(server, {"prompt": "int", "max_tokens": 2})))
    thread.start()
    try:
        assert entered.wait(60)
        assert httpx.get(server.url + "/health", timeout=10).status_code == 200
    finally:
        release.set()
        del prompts.completion
        thread.join(60)
    assert replies[0].status_code == 200


def test_shutdown_ends_the_generations_in_flight(fim_model):
    """Ctrl-C: uvicorn waits for open responses before it stops; a long streamed completion must not hold it."""
    import time

    server = Server(model=f"hf:{fim_model}", max_tokens=4000)
    engine = server.state.engine

    def slow(*args):
        time.sleep(0.05)  # 3000 tokens: two and a half minutes
        return type(engine)._forward(engine, *args)

    engine._forward = slow
    lines, started = [], threading.Event()

    def stream():
        body = {"prompt": "int", "max_tokens": 3000, "ignore_eos": True, "stream": True}
        with httpx.stream("POST", server.url + "/v1/completions", json=body, timeout=120) as reply:
            for line in reply.iter_lines():
                if line:
                    lines.append(line)
                    started.set()

    client = threading.Thread(target=stream, daemon=True)
    client.start()
    assert started.wait(60)
    start = time.monotonic()
    server.close()
    assert not server.thread.is_alive() and time.monotonic() - start < 60  # not the 3000 tokens' time
    client.join(15)
    assert json.loads(lines[-1][6:])["error"]["message"] == "the server is shutting down"
    from hpccoder.serve.engine import Job, ShuttingDown

    with pytest.raises(ShuttingDown):  # a request that comes in after: 503
        engine.submit(Job([], None))


def scripted(monkeypatch, tokenizer, completion: str) -> None:
    """The model writes `completion`, then EOS, whatever the prompt."""
    import hpccoder.serve.engine as engine

    ids = tokenizer.encode(completion, add_special_tokens=False)
    eos = tokenizer.eos_token_id
    monkeypatch.setattr(engine, "next_tokens",
                        lambda logits, seqs: [ids[len(s.ids)] if len(s.ids) < len(ids) else eos for s in seqs])


def answers(server, prefix: str, suffix: str, **extra) -> dict[str, str]:
    """The completion as /v1/completions (with suffix) and /infill give it, plain and streamed."""
    texts = {}
    for path, body, field in (("/v1/completions", {"prompt": prefix, "suffix": suffix, "max_tokens": 30}, "text"),
                              ("/infill", {"input_prefix": prefix, "input_suffix": suffix, "n_predict": 30}, "content")):
        body = {**body, "temperature": 0, **extra}
        reply = complete(server, body, path=path).json()
        texts[path] = reply["choices"][0]["text"] if field == "text" else reply["content"]
        streamed = ""
        with httpx.stream("POST", server.url + path, json={**body, "stream": True}, timeout=60) as reply:
            for line in reply.iter_lines():
                if line.startswith("data: {"):
                    event = json.loads(line[6:])
                    streamed += event["choices"][0]["text"] if field == "text" else event["content"]
        texts[path + " stream"] = streamed
    return texts


@pytest.mark.parametrize("prefix, suffix, completion, want", [
    ("int f() {\n  x = a", " + b;\n  return x;\n}\n", " * c + b;\n  return x;\n", " * c"),
    ("void f() {\n  kern<<<", ">>>(a);\n}\n", "g, b>>>(a);\n", "g, b"),
])
def test_a_mid_line_completion_does_not_write_the_rest_of_the_line_again(server, monkeypatch, prefix, suffix,
                                                                        completion, want):
    scripted(monkeypatch, server.state.tokenizer, completion)
    texts = answers(server, prefix, suffix)
    assert texts == dict.fromkeys(texts, want)


def test_n_indent_does_not_cut_text_already_sent(fim_model, monkeypatch):
    server = Server(model=f"hf:{fim_model}", max_tokens=64, code_stop="off")  # n_indent alone decides
    try:
        scripted(monkeypatch, server.state.tokenizer, "y = 2;\n    z = 3;\n}\nint g;\n")
        body = {"input_prefix": "int f() {\n    x = 1;\n    ", "input_suffix": "", "n_predict": 30, "n_indent": 4}
        answer = complete(server, body, path="/infill").json()
        assert answer["content"] == "y = 2;\n    z = 3;"
        assert answer["stop_type"] == "limit"  # as llama.cpp reports an n_indent stop (not "eos": no EOS came)
        events = sse_events(server, "/infill", {**body, "stream": True})
        assert "".join(e["content"] for e in events) == "y = 2;\n    z = 3;"
        assert events[-1]["stop"] and events[-1]["stop_type"] == "limit"
    finally:
        server.close()


@pytest.mark.parametrize("path, body, param", [
    ("/v1/completions", {"prompt": "int x\ud800 = 1;"}, "prompt"),
    ("/v1/completions", {"prompt": ["int x;", "y\udfff"]}, "prompt.1"),
    ("/v1/completions", {"prompt": "int x = ", "suffix": ";\ud800"}, "suffix"),
    ("/infill", {"input_prefix": "\ud800"}, "input_prefix"),
    ("/infill", {"input_prefix": "int x", "input_suffix": "\udc00;"}, "input_suffix"),
    ("/infill", {"input_prefix": "int x", "input_extra": [{"filename": "a.h", "text": "\ud800"}]},
     "input_extra.0.text"),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": "hi \ud800"}]}, "messages.0.content"),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": [{"type": "text", "text": "\ud800"}]}]},
     "messages.0.content.0.text"),
])
def test_an_unpaired_surrogate_is_400_naming_its_field(server, path, body, param):
    payload = json.dumps({"max_tokens": 2, "n_predict": 2, **body})  # "\\ud800": valid JSON (json.dumps escapes)
    reply = httpx.post(server.url + path, content=payload, headers={"Content-Type": "application/json"}, timeout=60)
    assert reply.status_code == 400, reply.text
    error = reply.json()["error"]
    assert error["param"] == param and "unpaired surrogate" in error["message"] and param in error["message"]


# an object key of Unicode digits ("\u00b2", "\u0663") is text to tokenize, as llama.cpp reads it: not a token id
@pytest.mark.parametrize("bias", [{"9" * 5000: 1}, {"\u0663": True}, [[]], [[5]], [[5, 1, 2]]])  # [[]] was a 500
def test_malformed_logit_bias_is_400_on_infill(server, bias):
    reply = complete(server, {"input_prefix": "int", "n_predict": 2, "logit_bias": bias}, path="/infill")
    assert reply.status_code == 400 and reply.json()["error"]["param"] == "logit_bias"
    assert len(reply.json()["error"]["message"]) < 400


@pytest.mark.parametrize("path, body", [
    ("/v1/completions", {"prompt": "int", "echo": True, "n": 2}),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": "hi"}]}),
])
def test_with_include_usage_every_chunk_has_a_usage_field(server, path, body):
    """OpenAI's stream_options.include_usage: the last chunk before [DONE] has the usage and no choices; every
    other chunk has "usage": null (clients that decode chunks into a type read the field)."""
    body = {**body, "max_tokens": 3, "ignore_eos": True, "stream": True}
    events = sse_events(server, path, {**body, "stream_options": {"include_usage": True}})
    assert events[-1] == "[DONE]"
    *chunks, last = events[:-1]
    usage = last["usage"]
    assert last["choices"] == [] and usage["completion_tokens"] == 3 * body.get("n", 1)
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert chunks and all(c["choices"] and "usage" in c and c["usage"] is None for c in chunks)
    # without include_usage: no usage anywhere, as OpenAI's
    plain = sse_events(server, path, body)
    assert all("usage" not in c for c in plain[:-1])


def test_an_infill_of_no_tokens_asked_to_stream_is_one_event(server):
    """n_predict 0 (llama.vscode's cache warm-up) with stream: a stream whose one event is the last, as llama.cpp's
    (it was a plain JSON body, which a client reading events does not parse)."""
    events = sse_events(server, "/infill", {"input_prefix": "int x", "n_predict": 0, "stream": True})
    assert len(events) == 1 and events[0]["stop"] is True and events[0]["content"] == ""
    assert events[0]["tokens_predicted"] == 0 and events[0]["tokens_evaluated"] > 0
    plain = complete(server, {"input_prefix": "int x", "n_predict": 0}, path="/infill")
    assert plain.headers["content-type"] == "application/json" and plain.json()["stop"] is True


def test_a_huge_input_extra_is_dropped_before_the_code_at_the_cursor(server):
    prefix, suffix = "void f(int n) {\n    int x = 1;\n", "}\n"
    alone = complete(server, {"input_prefix": prefix, "input_suffix": suffix, "n_predict": 0}, path="/infill").json()
    extra = [{"filename": "big.h", "text": "int big;\n" * 5000}, {"filename": "small.h", "text": "int small;"}]
    reply = complete(server, {"input_prefix": prefix, "input_suffix": suffix, "n_predict": 0, "input_extra": extra},
                     path="/infill")
    assert reply.status_code == 200, reply.text
    answer = reply.json()
    assert answer["truncated"] is True  # it says so
    # the prefix and the suffix whole, the small chunk kept, the big one dropped
    assert alone["tokens_evaluated"] < answer["tokens_evaluated"] < alone["tokens_evaluated"] + 40


def test_an_infill_that_cannot_fit_says_which_field_to_change(server):
    # it said "ask for fewer tokens" also where the `prompt` (the text after the prefix) alone was past the context
    long = "int x = 1; " * 1200  # past the tiny model's 4096 positions
    reply = complete(server, {"input_prefix": "int ", "prompt": long, "n_predict": 4}, path="/infill")
    error = reply.json()["error"]
    assert reply.status_code == 400 and error["code"] == "context_length_exceeded" and error["param"] == "prompt"
    assert "send a shorter one" in error["message"] and "fewer tokens" not in error["message"]
    # a `prompt` that fits alone, but not with the tokens asked for: those are what to change
    n_ctx, n_predict = server.state.n_ctx, server.state.settings.max_tokens
    size = lambda k: len(server.state.prompts.encode("int x = 1; " * k))  # noqa: E731
    k = next(k for k in range(1, 2000) if size(k) + n_predict > n_ctx - 4)  # the least that does not fit with them
    middle = "int x = 1; " * k
    assert size(k) + 16 < n_ctx  # but fits alone
    reply = complete(server, {"input_prefix": "int ", "prompt": middle, "n_predict": n_predict}, path="/infill")
    error = reply.json()["error"]
    assert reply.status_code == 400 and error["param"] == "n_predict" and "fewer tokens" in error["message"], error
