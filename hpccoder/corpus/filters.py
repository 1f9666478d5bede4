"""Per-file filters (non-text, size, line length, generated or minified code) and redaction of secrets
and e-mail addresses. Each filter returns the reason a file is dropped, or None."""

from __future__ import annotations

import re

# Markers that tools put at the top of what they generate (checked in the first 30 lines).
_GENERATED = re.compile(
    r"generated\s+(automatically\s+)?by|auto-?generated|automatically\s+generated|do\s+not\s+edit|"
    r"this\s+file\s+(was|is)\s+(automatically\s+)?generated|a\s+bison\s+parser,\s+made\s+by|"
    r"created\s+by\s+f2c|generated\s+from\s+.*\s+by\s+|machine[-\s]generated|DO NOT MODIFY",
    re.IGNORECASE)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_ALNUM_RUN = re.compile(r"[^\W_]+")  # runs of letters and digits


def decode(data: bytes) -> str | None:
    """The text of a file, or None when it is binary (NUL bytes, or control characters that text lacks)."""
    if b"\0" in data[:8192]:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # old sources are often Latin-1: keep them, but only if text-like
    controls = len(_CONTROL.findall(text[:8192]))
    if controls > 0.01 * min(len(text), 8192):
        return None
    return text


def check_text(text: str, size: int, cfg: dict) -> str | None:
    """The first quality filter `text` fails, or None. cfg is the recipe's `filters` section."""
    if size < cfg["min_bytes"]:
        return "too_small"
    if size > cfg["max_bytes"]:
        return "too_large"
    lines = text.splitlines() or [""]
    longest = max(len(line) for line in lines)
    if longest > cfg["max_line_length"]:
        return "long_lines"
    if len(text) / len(lines) > cfg["max_mean_line_length"]:
        return "minified"
    alnum = sum(map(len, _ALNUM_RUN.findall(text)))
    if alnum < cfg["min_alnum_fraction"] * len(text):
        return "low_alnum"
    if cfg["drop_generated"] and is_generated(lines):
        return "generated"
    return None


def is_generated(lines: list[str]) -> bool:
    head = "\n".join(lines[:30])
    return bool(_GENERATED.search(head))


# -- redaction ---------------------------------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b")
_SECRETS = [
    ("private_key", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----",
                               re.DOTALL)),
    ("aws_key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("github_token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b")),
    ("slack_token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b")),
    ("google_api_key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("openai_key", re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}\b")),
    ("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b")),
    # key = "long random string": the value goes, the name stays
    ("assigned_secret", re.compile(
        r"""(?i)((?:api[_-]?key|secret(?:[_-]?key)?|access[_-]?token|auth[_-]?token|password|passwd)\s*[:=]\s*["'])"""
        r"""([A-Za-z0-9+/_\-]{16,})(["'])""")),
]


# cheap substring tests before each regex: most files hold none of these
_MARKERS = {"private_key": ["PRIVATE KEY"], "aws_key": ["AKIA", "ASIA"],
            "github_token": ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], "slack_token": ["xox"],
            "google_api_key": ["AIza"], "openai_key": ["sk-"], "jwt": ["eyJ"],
            "assigned_secret": ["key", "KEY", "Key", "ecret", "ECRET", "oken", "OKEN", "assw", "ASSW"]}


def redact(text: str, emails: bool = True, secrets: bool = True) -> tuple[str, dict[str, int]]:
    counts: dict[str, int] = {}
    if secrets:
        for name, regex in _SECRETS:
            if not any(marker in text for marker in _MARKERS[name]):
                continue
            if name == "assigned_secret":
                text, n = regex.subn(lambda m: f"{m.group(1)}<SECRET>{m.group(3)}", text)
            else:
                text, n = regex.subn("<SECRET>", text)
            if n:
                counts[name] = n
    if emails and "@" in text:
        text, n = _EMAIL.subn("<EMAIL>", text)
        if n:
            counts["email"] = n
    return text, counts
