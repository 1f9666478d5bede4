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


def _validation_message(err: dict, errors: list[dict] = ()) -> tuple[str, str | None]:
    loc = [part for part in err.get("loc", ()) if part != "body"]
    if err.get("type") == "json_invalid":
        return "the request body is not valid JSON", None
    if not loc:
        return "the request body must be a JSON object", None
    tag = next((i for i, part in enumerate(loc) if _is_type_tag(part)), None)
    if tag:  # a value none of a union's members takes: one message for the field, not its first member's
        field = loc[:tag]
        param = ".".join(map(str, field)) or None
        tags = []
        for other in errors or [err]:
            rest = [part for part in other.get("loc", ()) if part != "body"]
            if rest[:tag] == field and len(rest) > tag and rest[tag] not in tags:
                tags.append(rest[tag])
        return f"{param}: expected {' or '.join(tags)}", param
    param = ".".join(map(str, loc))
    if err.get("type") == "missing":
        return f"'{param}' is a required property", param
    return f"{param}: {err.get('msg', 'invalid value')}", param


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
        message, param = _validation_message(errors[0], errors) if errors else ("invalid request", None)
        return response(APIError(400, message, param))

    @app.exception_handler(HTTPException)
    async def _http(request, exc: HTTPException):
        message = f"no route {request.method} {request.url.path}" if exc.status_code in (404, 405) else str(exc.detail)
        if exc.status_code == 400 and message == "There was an error parsing the body":  # not UTF-8, say
            message = "the request body is not valid JSON (UTF-8)"
        return response(APIError(exc.status_code, message, code="not_found" if exc.status_code == 404 else None))

    @app.exception_handler(Exception)
    async def _crash(request, exc: Exception):
        return response(APIError(500, f"internal error: {exc}"))
