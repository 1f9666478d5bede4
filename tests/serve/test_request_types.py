"""Request fields are typed strictly, as OpenAI's API checks them: a wrong type is a 400 naming the field and the
type it takes, on every route; what real clients send (an integer for a number, `stop` as a string or a list,
null) still passes."""

from __future__ import annotations

import httpx
import pytest

CHAT = {"messages": [{"role": "user", "content": "hi"}], "max_tokens": 2}
ROUTES = {"/v1/completions": {"prompt": "int", "max_tokens": 2}, "/v1/chat/completions": CHAT,
          "/infill": {"input_prefix": "int", "n_predict": 2}, "/completion": {"prompt": "int", "n_predict": 2}}


def post(server, path: str, body: dict) -> httpx.Response:
    return httpx.post(server.url + path, json={**ROUTES[path], **body}, timeout=60)


# (route, field, value, what the message says the field takes): each of these was coerced silently before
WRONG = [
    ("/v1/completions", "temperature", "0.5", "a number"),
    ("/v1/completions", "temperature", True, "a number"),
    ("/v1/completions", "top_p", "1", "a number"),
    ("/v1/completions", "presence_penalty", "0", "a number"),
    ("/v1/completions", "n", 1.0, "an integer"),
    ("/v1/completions", "n", True, "an integer"),
    ("/v1/completions", "seed", "7", "an integer"),
    ("/v1/completions", "seed", 7.0, "an integer"),
    ("/v1/completions", "best_of", 1.0, "an integer"),
    ("/v1/completions", "stream", "yes", "a boolean"),
    ("/v1/completions", "stream", "true", "a boolean"),
    ("/v1/completions", "echo", 1, "a boolean"),
    ("/v1/completions", "ignore_eos", "false", "a boolean"),
    ("/v1/completions", "code_stop", 0, "a boolean"),
    ("/v1/completions", "stop", ["}", 3], "a string or an array of strings"),
    ("/v1/completions", "prompt", [1.0, 2.0], "an array of integers"),
    ("/v1/completions", "prompt", [True], "an array of integers"),
    ("/v1/chat/completions", "logprobs", 0, "a boolean"),
    ("/v1/chat/completions", "temperature", "0", "a number"),
    ("/v1/chat/completions", "n", 2.0, "an integer"),
    ("/v1/chat/completions", "stream", 0, "a boolean"),
    ("/infill", "n_predict", 4.0, "an integer"),
    ("/infill", "n_predict", "4", "an integer"),
    ("/infill", "stream", "false", "a boolean"),
    ("/infill", "temperature", "0.5", "a number"),
    ("/infill", "top_k", 40.0, "an integer"),
    ("/infill", "top_p", "0.9", "a number"),
    ("/infill", "seed", "1", "an integer"),
    ("/infill", "n_indent", "2", "an integer"),
    ("/infill", "t_max_predict_ms", 500.0, "an integer"),
    ("/infill", "ignore_eos", 1, "a boolean"),
    ("/infill", "frequency_penalty", False, "a number"),
    ("/completion", "n_predict", 4.0, "an integer"),
    ("/completion", "stream", "true", "a boolean"),
    ("/completion", "top_k", "40", "an integer"),
    ("/completion", "code_stop", "yes", "a boolean"),
]


@pytest.mark.parametrize("path, field, value, expected", WRONG)
def test_a_wrong_type_is_400_naming_the_field_and_the_type(server, path, field, value, expected):
    reply = post(server, path, {field: value})
    assert reply.status_code == 400, reply.text
    error = reply.json()["error"]
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", field, "invalid_type")
    message = error["message"]
    assert f"'{field}'" in message and expected in message.split("expected ")[1] and "\n" not in message


def test_the_message_says_what_was_sent(server):
    error = post(server, "/v1/completions", {"temperature": "0.5"}).json()["error"]
    assert error["message"] == "Invalid type for 'temperature': expected a number, but got a string (\"0.5\") instead"
    error = post(server, "/infill", {"n_predict": 128.0}).json()["error"]
    assert error["message"] == ("Invalid type for 'n_predict': expected an integer, but got a decimal number (128.0) "
                                "instead")
    error = post(server, "/v1/completions", {"stop": 3}).json()["error"]
    assert error["message"] == ("Invalid type for 'stop': expected a string or an array of strings, but got an "
                                "integer (3) instead")
    long = post(server, "/v1/completions", {"stop": {"text": "x" * 500}}).json()["error"]["message"]
    assert len(long) < 200 and long.endswith("...) instead")


@pytest.mark.parametrize("path, body, param", [
    ("/v1/completions", {"logit_bias": {"5": "1"}}, "logit_bias.5"),
    ("/v1/completions", {"stream_options": {"include_usage": "yes"}, "stream": True}, "stream_options.include_usage"),
    ("/v1/completions", {"logit_bias": {"str": "1"}}, "logit_bias.str"),  # a key that reads like a union's tag
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": 5}]}, "messages.0.content"),
    ("/infill", {"stop": ["}", 1]}, "stop.1"),
    ("/infill", {"input_extra": [{"filename": 3, "text": "int a;"}]}, "input_extra.0.filename"),
    ("/infill", {"input_extra": [{"filename": "a.h", "text": ["int a;"]}]}, "input_extra.0.text"),
    ("/infill", {"input_extra": ["int a;"]}, "input_extra.0"),
    ("/infill", {"input_extra": {"filename": "a.h", "text": "int a;"}}, "input_extra"),
])
def test_nested_fields_are_named_by_their_path(server, path, body, param):
    reply = post(server, path, body)
    assert reply.status_code == 400, reply.text
    error = reply.json()["error"]
    assert error["param"] == param and f"'{param}'" in error["message"] and "\n" not in error["message"]


def test_an_extra_chunk_without_text_is_400_as_llama_cpp_says(server):
    reply = post(server, "/infill", {"input_extra": [{"filename": "a.h"}]})
    assert reply.status_code == 400 and reply.json()["error"]["param"] == "input_extra.0.text"
    # a filename is optional, null takes the default
    reply = post(server, "/infill", {"input_extra": [{"text": "int a;"}, {"filename": None, "text": "int b;"}]})
    assert reply.status_code == 200, reply.text


@pytest.mark.parametrize("path", ["/infill", "/completion"])
@pytest.mark.parametrize("bias", [[[5, "1"]], [["x", "1"]], {"5": "1"}, [[5, None]], [5], [[5, True]],
                                  [[5, [1]]], {"5": 10 ** 400}, [[5.0, 1]], [[None, 1]], [[True, 1]], [[["x"], 1]],
                                  {"-5": 1}, {"+5": 1}, {" 5": 1}])  # an integer key with a sign: not read as text
def test_llama_logit_bias_entries_are_typed_too(server, path, bias):
    reply = post(server, path, {"logit_bias": bias})
    assert reply.status_code == 400, reply.text
    error = reply.json()["error"]
    assert error["param"] == "logit_bias" and "[token id or text, bias or false]" in error["message"]
    assert "\n" not in error["message"]


def test_a_bad_logit_bias_is_400_on_a_warm_up_too(server):
    # llama.vscode warms the cache with n_predict 0 and the options of its real requests: it learns of it there
    reply = post(server, "/infill", {"n_predict": 0, "logit_bias": [[5, "1"]]})
    assert reply.status_code == 400 and reply.json()["error"]["param"] == "logit_bias"


def test_what_real_clients_send_passes(server):
    # integers where a number is taken (JavaScript sends 1 for 1.0), stop as a string or a list, nulls, false biases
    for path, body in [
        ("/v1/completions", {"temperature": 1, "top_p": 1, "presence_penalty": 0, "frequency_penalty": 0,
                             "stop": "}", "logit_bias": {"5": 1}, "seed": 3, "echo": False, "stream": False,
                             "n": 1, "best_of": 1, "user": "editor", "suffix": None, "logprobs": None}),
        ("/v1/completions", {"prompt": ["int", "void"], "stop": ["}", ";"], "stream_options": None}),
        ("/v1/completions", {"prompt": [[1, 2], [3]], "temperature": 0}),
        ("/v1/chat/completions", {"temperature": 0, "logprobs": False, "max_completion_tokens": 2,
                                  "stop": None}),
        ("/infill", {"temperature": 0, "top_k": 40, "top_p": 1, "seed": -1, "stop": [], "n_indent": 0,
                     "t_max_predict_ms": 500, "logit_bias": [[5, 1], [6, False], [7, -0.5]],
                     "input_extra": [{"filename": "a.h", "text": "int a;"}], "prompt": "",
                     "samplers": ["top_k"], "cache_prompt": True, "response_fields": None}),
        ("/completion", {"prompt": [1, 2, 3], "temperature": 1, "logit_bias": {"5": False}}),
    ]:
        reply = post(server, path, body)
        assert reply.status_code == 200, (path, reply.text)
