"""Errors in OpenAI's format, {"error": {"message", "type", "param", "code"}}, with the right status."""

from __future__ import annotations

import json
import re

TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 404: "invalid_request_error",
         405: "invalid_request_error", 413: "invalid_request_error", 429: "rate_limit_error",
         500: "server_error", 503: "server_error"}


class APIError(Exception):
    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.param, self.code, self.headers = status, message, param, code, headers


def body(status: int, message: str, param: str | None = None, code: str | None = None) -> bytes:
    return json.dumps({"error": {"message": message, "type": TYPES.get(status, "invalid_request_error"),
                                 "param": param, "code": code}}).encode()


def response(exc: APIError):
    from starlette.responses import Response

    return Response(body(exc.status, exc.message, exc.param, exc.code), status_code=exc.status,
                    media_type="application/json", headers=exc.headers)


def _is_type_tag(part) -> bool:
    """A part of an error's location that names a member of a union (`str`, `list[int]`), not a field."""
    return isinstance(part, str) and (part in ("str", "int", "float", "bool") or
                                      bool(re.match(r"(list|dict|union|tuple)\[", part)))


# what a field of each type takes, in JSON's words (the wording of OpenAI's "Invalid type for ..." errors)
EXPECTED = {"bool_type": "a boolean", "int_type": "an integer", "float_type": "a number", "string_type": "a string",
            "list_type": "an array", "dict_type": "an object", "model_type": "an object",
            "model_attributes_type": "an object"}
_TAG_WORDS = {"str": ("a string", "strings"), "int": ("an integer", "integers"), "float": ("a number", "numbers"),
              "bool": ("a boolean", "booleans")}


def _split_tags(inner: str) -> list[str]:
    """`int,list[int],dict[str,int]` split at its top-level commas."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(inner):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    return parts + [inner[start:]]


def _tag_words(tag: str, plural: bool = False) -> str:
    """A union member's tag (`list[list[int]]`) in JSON's words (`an array of arrays of integers`)."""
    if tag in _TAG_WORDS:
        return _TAG_WORDS[tag][plural]
    kind, _, inner = tag.partition("[")
    inner = inner[:-1]
    if kind == "list":
        head = "arrays" if plural else "an array"
        return head if inner == "any" else f"{head} of {_tag_words(inner, True)}"
    if kind == "dict":
        return "objects" if plural else "an object"
    if kind == "union":
        return " or ".join(_tag_words(part, plural) for part in _split_tags(inner))
    return tag


def _one_of(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _got(value) -> str:
    """What a client sent, named as JSON names it, with the value itself (cut short): one line."""
    if value is None:
        return "null"
    kind = next((name for types, name in (((bool,), "a boolean"), ((int,), "an integer"),
                                          ((float,), "a decimal number"), ((str,), "a string"),
                                          ((list, tuple), "an array"), ((dict,), "an object"))
                 if isinstance(value, types)), type(value).__name__)
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = repr(value)
    return f"{kind} ({shown if len(shown) <= 40 else shown[:37] + '...'})"


_UNSEEN = object()


def _invalid_type(param: str, expected: str, value=_UNSEEN) -> tuple[str, str, str]:
    got = "" if value is _UNSEEN else f", but got {_got(value)} instead"
    return f"Invalid type for '{param}': expected {expected}{got}", param, "invalid_type"


def _validation_message(err: dict, errors: list[dict] = ()) -> tuple[str, str | None, str | None]:
    """(message, param, code) of the first of a request's validation errors: one line naming the field."""
    loc = [part for part in err.get("loc", ()) if part != "body"]
    if err.get("type") == "json_invalid":
        return "the request body is not valid JSON", None, None
    if not loc:
        return "the request body must be a JSON object", None, None
    tag = next((i for i, part in enumerate(loc) if _is_type_tag(part)), None)
    tags, value = [], _UNSEEN
    if tag:  # a value none of a union's members takes: one message for the field, not its first member's
        field = loc[:tag]
        for other in errors or [err]:
            rest = [part for part in other.get("loc", ()) if part != "body"]
            if rest[:tag] == field and len(rest) > tag:
                if rest[tag] not in tags:
                    tags.append(rest[tag])
                if len(rest) == tag + 1:  # an error about the whole value, not a part of it: the value sent
                    value = other.get("input")
    if len(tags) > 1:  # one tag alone is a dict key that reads like one (logit_bias {"str": ...}), not a union
        return _invalid_type(".".join(map(str, field)), _one_of([_tag_words(t) for t in tags]), value)
    param = ".".join(map(str, loc))
    if err.get("type") == "missing":
        return f"'{param}' is a required property", param, None
    if err.get("type") in EXPECTED:
        return _invalid_type(param, EXPECTED[err["type"]], err.get("input"))
    return f"{param}: {err.get('msg', 'invalid value')}", param, None


def _unreadable(cause) -> str:
    """Why a body the JSON parser raised on (not a syntax error) cannot be read, in a client's words."""
    if isinstance(cause, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(cause, RecursionError):
        return "arrays or objects nested too deeply"
    if isinstance(cause, ValueError) and "digits" in str(cause):  # Python's limit on an integer's digits
        return "an integer with too many digits"
    return "it must be UTF-8 text"


def install(app) -> None:
    """Every error the app can raise answers in OpenAI's format (validation errors are 400, as OpenAI's)."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    @app.exception_handler(APIError)
    async def _api(request, exc: APIError):
        return response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request, exc: RequestValidationError):
        errors = list(exc.errors())
        message, param, code = _validation_message(errors[0], errors) if errors else \
            ("invalid request", None, None)
        return response(APIError(400, message, param, code))

    @app.exception_handler(HTTPException)
    async def _http(request, exc: HTTPException):
        message = f"no route {request.method} {request.url.path}" if exc.status_code in (404, 405) else str(exc.detail)
        if exc.status_code == 400 and message == "There was an error parsing the body":  # not UTF-8, say
            message = f"the request body cannot be read as JSON: {_unreadable(exc.__cause__)}"
        return response(APIError(exc.status_code, message, code="not_found" if exc.status_code == 404 else None))

    @app.exception_handler(Exception)
    async def _crash(request, exc: Exception):
        return response(APIError(500, f"internal error: {exc}"))
