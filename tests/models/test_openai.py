"""The openai backend against a small OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hpccoder.errors import HpcError
from hpccoder.generate import requests_for
from hpccoder.models import GenerationParams, load

ANSWER = "```cpp\nvoid axpy(double a, const std::vector<double> &x, const std::vector<double> &y, " \
         "std::vector<double> &z) {}\n```"


class FakeServer:
    def __init__(self):
        self.requests: list[tuple[str, dict, dict]] = []
        self.fail_first: int = 0
        self.status: int = 200
        self.fail_code: int = 503  # what the first fail_first requests get
        self.garbage: bytes | None = None  # a 200 reply that is not an OpenAI reply
        self.ignore_n: bool = False  # one choice whatever n is, its text naming the seed
        self.delay: float = 0.0  # seconds before answering
        self.retry_after: str | None = None  # the Retry-After header of the failed replies
        self.fail_after: int | None = None  # requests answered before every later one gets a 400
        self.text: str = "  return;\n}\nint main() {}\n"  # what /completions generates, up to a stop string
        self.stop_reason: bool = False  # say which stop string ended a choice, as vLLM does
        self.cut_first: int = 0  # requests whose connection is closed before their reply is whole
        self.cut_how: str = "midway"  # midway: part of the reply, then closed; before: closed with no reply
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append((self.path, body, dict(self.headers)))
                if outer.delay:
                    threading.Event().wait(outer.delay)  # not time.sleep: tests stub that out
                if outer.cut_first > 0:
                    outer.cut_first -= 1
                    self.close_connection = True
                    if outer.cut_how == "midway":
                        self.send_response(200)
                        self.send_header("Content-Length", "1000")
                        self.end_headers()
                        self.wfile.write(b'{"choices": [')
                    return None
                if outer.fail_first > 0:
                    outer.fail_first -= 1
                    return self.reply(outer.fail_code, {"error": {"message": "busy"}},
                                      {"Retry-After": outer.retry_after} if outer.retry_after else {})
                if outer.fail_after is not None and len(outer.requests) > outer.fail_after:
                    return self.reply(400, {"error": {"message": "context length exceeded"}})
                if outer.garbage is not None:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(outer.garbage)))
                    self.end_headers()
                    return self.wfile.write(outer.garbage)
                if outer.status != 200:
                    return self.reply(outer.status, {"error": {"message": "bad key"}})
                n = 1 if outer.ignore_n else body.get("n", 1)
                if outer.ignore_n:
                    return self.reply(200, {"choices": [{"index": 0, "message": {"content": f"seed {body['seed']}"}}]})
                if self.path.endswith("/chat/completions"):
                    choices = [{"index": i, "message": {"role": "assistant", "content": ANSWER}} for i in range(n)]
                else:
                    # like real servers: cut at the first stop string, which the text leaves out
                    text, reason = outer.text, None
                    for stop in body.get("stop") or []:
                        if stop in text:
                            text, reason = text[:text.index(stop)], stop
                    choices = [{"index": i, "text": text, "finish_reason": "stop",
                                **({"stop_reason": reason} if outer.stop_reason else {})} for i in range(n)]
                self.reply(200, {"choices": choices, "usage": {"completion_tokens": 10 * n}})

            def reply(self, code, data, headers=None):
                raw = json.dumps(data).encode()
                self.send_response(code)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server():
    s = FakeServer()
    yield s
    s.httpd.shutdown()


@pytest.fixture(scope="module")
def task():
    from hpccoder.suite import Suite
    return Suite().task("cpp/dense_la/01_axpy/omp")


def test_chat_request_carries_messages_n_and_sampling(server, task):
    backend = load("openai:my-model", base_url=server.url, api_key="secret")
    params = GenerationParams(n=3, temperature=0.2, top_p=0.9, max_new_tokens=64, seed=5)
    out = backend.generate(requests_for(task, [0, 1, 2], "chat"), params)
    assert [c.text for c in out] == [ANSWER] * 3 and out[0].tokens == 10
    path, body, headers = server.requests[0]
    assert path == "/v1/chat/completions"
    assert body["model"] == "my-model" and body["n"] == 3 and body["max_tokens"] == 64
    assert body["temperature"] == 0.2 and body["top_p"] == 0.9
    assert body["messages"][0]["role"] == "system" and "axpy" in body["messages"][1]["content"]
    assert headers["Authorization"] == "Bearer secret"


def test_completion_request_carries_prompt_and_no_cpp_stop(server, task):
    backend = load("openai:base", base_url=server.url)
    out = backend.generate(requests_for(task, [0], "completion"), GenerationParams(n=1, temperature=0.0))
    path, body, _ = server.requests[0]
    assert path == "/v1/completions" and body["prompt"].rstrip().endswith("{")
    assert "stop" not in body and body["temperature"] == 0.0
    assert out[0].text.startswith("  return;\n}\n")


def test_a_completion_keeps_the_brace_that_closes_its_function(server, task, tmp_path):
    # "\n}\n" went as a stop string, and servers leave it out: every sample lacked its closing brace (a
    # build_error); one that closed an inner block unindented was cut there
    from hpccoder.generate import generate

    server.text = "  for (size_t i = 0; i < z.size(); ++i) {\nz[i] = alpha * x[i] + y[i];\n}\n  return;\n}\nint main() {}\n"
    out = generate(load("openai:base", base_url=server.url), [task], GenerationParams(n=2, style="completion"),
                   tmp_path / "s.jsonl", progress=False)
    completions = [json.loads(line)["completion"] for line in out.read_text().splitlines()]
    assert completions == [server.text[:server.text.index("int main")]] * 2


@pytest.mark.parametrize("says_which", [False, True])  # OpenAI does not say which stop string ended it, vLLM does
def test_a_verilog_completion_gets_back_the_endmodule_the_server_left_out(server, says_which):
    from hpccoder.suite import Suite

    task = next(t for t in Suite().tasks() if t.problem.language == "verilog")
    server.text, server.stop_reason = "  assign y = a;\nendmodule\nmodule Other;\n", says_which
    out = load("openai:base", base_url=server.url).generate(requests_for(task, [0], "completion"),
                                                            GenerationParams(n=1, temperature=0.0))
    assert server.requests[0][1]["stop"] == ["endmodule"] and out[0].text == "  assign y = a;\nendmodule"


def test_an_answer_that_ended_without_a_stop_string_gets_none(server):
    # vLLM's stop_reason None: the model ended the text itself, no stop string to put back
    from hpccoder.suite import Suite

    task = next(t for t in Suite().tasks() if t.problem.language == "verilog")
    server.text, server.stop_reason = "  assign y = a;\n", True
    out = load("openai:base", base_url=server.url).generate(requests_for(task, [0], "completion"),
                                                            GenerationParams(n=1, temperature=0.0))
    assert out[0].text == "  assign y = a;\n"


def test_busy_server_is_retried(server, task, monkeypatch):
    monkeypatch.setattr("hpccoder.models.openai.time.sleep", lambda s: None)
    server.fail_first = 2
    out = load("openai:m", base_url=server.url).generate(requests_for(task, [0], "chat"), GenerationParams())
    assert len(out) == 1 and len(server.requests) == 3


def test_a_request_without_a_reply_in_time_is_not_sent_again(server, task, monkeypatch):
    """A server still generating would only start over: one request, then a line saying what to do."""
    monkeypatch.setattr("hpccoder.models.openai.time.sleep", lambda s: None)
    monkeypatch.setenv("HPCCODER_OPENAI_TIMEOUT", "0.3")
    server.delay = 1.0
    with pytest.raises(HpcError, match=r"gave no reply within 0.3 s .*HPCCODER_OPENAI_TIMEOUT"):
        load("openai:m", base_url=server.url).generate(requests_for(task, [0], "chat"), GenerationParams())
    assert len(server.requests) == 1


def test_a_bad_timeout_setting_is_one_line(monkeypatch):
    monkeypatch.setenv("HPCCODER_OPENAI_TIMEOUT", "soon")
    with pytest.raises(HpcError, match="HPCCODER_OPENAI_TIMEOUT='soon' is not a positive number"):
        load("openai:m", base_url="http://127.0.0.1:9/v1")


def test_client_error_is_one_line(server, task):
    server.status = 401
    with pytest.raises(HpcError, match="answered 401: .*bad key"):
        load("openai:m", base_url=server.url).generate(requests_for(task, [0], "chat"), GenerationParams())


def test_unreachable_server(task, monkeypatch):
    monkeypatch.setattr("hpccoder.models.openai.time.sleep", lambda s: None)
    with pytest.raises(HpcError, match="cannot reach http://127.0.0.1:9/v1"):
        load("openai:m", base_url="http://127.0.0.1:9/v1").generate(requests_for(task, [0], "chat"),
                                                                   GenerationParams())


@pytest.mark.parametrize("how", ["midway", "before"])
def test_a_reply_cut_off_is_asked_again_and_said_as_such(server, task, monkeypatch, how):
    # a connection dropped in the middle of the reply (IncompleteRead), or after the request before any reply
    # (RemoteDisconnected), was said as "cannot reach ...: is the server running?"
    sleeps = []
    monkeypatch.setattr("hpccoder.models.openai.time.sleep", sleeps.append)
    server.cut_first, server.cut_how = 2, how
    out = load("openai:m", base_url=server.url).generate(requests_for(task, [0], "chat"), GenerationParams())
    assert [c.text for c in out] == [ANSWER] and len(server.requests) == 3 and sleeps == [1, 2]
    server.requests.clear()
    server.cut_first = 99
    with pytest.raises(HpcError) as caught:
        load("openai:m", base_url=server.url).generate(requests_for(task, [0], "chat"), GenerationParams())
    said = str(caught.value)
    assert said.startswith(f"the reply of {server.url}/chat/completions was cut off 5 times (")
    assert ("IncompleteRead, 13 bytes read of 1000" if how == "midway" else "RemoteDisconnected") in said
    assert "cannot reach" not in said and "\n" not in said and len(server.requests) == 5


def test_base_url_and_key_from_environment(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://example.invalid/v1/")
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    backend = load("openai:m")
    assert backend.base_url == "http://example.invalid/v1" and backend.api_key == "k"


@pytest.mark.parametrize("code", [504, 408])
def test_gateway_timeouts_are_retried(server, task, monkeypatch, code):
    monkeypatch.setattr("hpccoder.models.openai.time.sleep", lambda s: None)
    server.fail_first, server.fail_code = 2, code
    out = load("openai:m", base_url=server.url).generate(requests_for(task, [0], "chat"), GenerationParams())
    assert len(out) == 1 and len(server.requests) == 3


@pytest.mark.parametrize("garbage", [b"<html>502 Bad Gateway</html>", b'{"object": "error"}', b'{"choices": [{}]}',
                                     b'{"choices": []}'])  # no choices: it asked again one by one, for ever
def test_a_reply_that_is_not_an_openai_reply_is_retried_then_one_line(server, task, monkeypatch, garbage):
    sleeps = []
    monkeypatch.setattr("hpccoder.models.openai.time.sleep", sleeps.append)
    server.garbage = garbage
    with pytest.raises(HpcError, match="answered something that is not an OpenAI reply"):
        load("openai:m", base_url=server.url).generate(requests_for(task, [0], "chat"), GenerationParams())
    assert len(server.requests) == 5 and sleeps == [1, 2, 4, 8]  # backoff between the tries


def test_a_server_that_ignores_n_gets_each_sample_with_its_own_seed(server, task):
    server.ignore_n = True
    out = load("openai:m", base_url=server.url).generate(requests_for(task, [0, 1, 2], "chat"),
                                                         GenerationParams(n=3, seed=5))
    assert [c.text for c in out] == ["seed 5", "seed 6", "seed 7"]  # not three times the same answer


def test_a_base_url_without_scheme_is_refused_at_once():
    with pytest.raises(HpcError, match="'localhost:8000/v1' is not an http:// or https:// URL"):
        load("openai:m", base_url="localhost:8000/v1")


def test_a_retry_after_is_waited_for(server, task, monkeypatch):
    # a rate limit asking for 20 s got 1, 2, 4, 8 and then an error
    sleeps = []
    monkeypatch.setattr("hpccoder.models.openai.time.sleep", sleeps.append)
    server.fail_first, server.fail_code, server.retry_after = 2, 429, "20"
    out = load("openai:m", base_url=server.url).generate(requests_for(task, [0], "chat"), GenerationParams())
    assert len(out) == 1 and sleeps == [20.0, 20.0]


def test_the_samples_answered_before_a_failed_request_are_kept(server, tmp_path):
    # one batch of two prompts: the first answered, the second refused; the first's samples were lost with it
    from hpccoder.generate import generate
    from hpccoder.suite import Suite

    tasks = [Suite().task("cpp/dense_la/01_axpy/omp"), Suite().task("cpp/dense_la/02_gemv/omp")]
    server.fail_after = 1
    out = tmp_path / "samples.jsonl"
    with pytest.raises(HpcError, match="answered 400"):
        generate(load("openai:m", base_url=server.url), tasks, GenerationParams(n=2), out, progress=False)
    kept = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["task_id"], r["sample_index"]) for r in kept] == [(tasks[0].id, 0), (tasks[0].id, 1)]


def test_a_reply_with_a_lone_surrogate_is_written_not_a_traceback(server, task, tmp_path):
    # JSON may escape half a surrogate pair (a server that cut an emoji between two tokens): writing the sample
    # raised UnicodeEncodeError
    from hpccoder.generate import generate

    server.garbage = (b'{"choices": [{"index": 0, "message": '
                      b'{"content": "```cpp\\nint x; // \\ud83d \\ud83d\\ude00\\n```"}}]}')
    out = generate(load("openai:m", base_url=server.url), [task], GenerationParams(n=1), tmp_path / "s.jsonl",
                   progress=False)
    sample = json.loads(out.read_text(encoding="utf-8"))
    assert sample["raw"] == "```cpp\nint x; // \ufffd \U0001F600\n```"
    assert sample["completion"] == "int x; // \ufffd \U0001F600\n"
