"""Token log-probabilities: what the engine records for a sequence that asks for them, and the shapes the routes
answer with (OpenAI's completions and chat, llama.cpp's completion_probabilities).

A log-probability is of the model's own distribution at that step: log_softmax of the logits, before logit_bias,
the penalties, temperature, top-k and top-p (vLLM's default). Nothing here runs for a request that does not ask."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

HEX_BYTE = re.compile(r"<0x([0-9A-Fa-f]{2})>")


@dataclass
class Alt:
    """One of the likeliest tokens at a step."""
    id: int
    text: str
    raw: bytes
    logprob: float


@dataclass
class Score:
    """One token of a sequence (generated, or of the prompt with echo): its log-probability (None for the prompt's
    first token, which nothing predicts), the likeliest tokens at its step (None where not asked or unknown), and
    `offset`, where its text starts in the sequence's text (characters)."""
    id: int
    text: str
    raw: bytes
    logprob: float | None
    top: list[Alt] | None
    offset: int


def byte_spelling() -> dict[int, str]:
    """GPT-2's byte-level BPE alphabet: printable Latin-1 bytes are themselves, the others (controls, space, ...)
    the characters from U+0100 on, in byte order."""
    kept = [*range(ord("!"), ord("~") + 1), *range(0xA1, 0xAC + 1), *range(0xAE, 0xFF + 1)]
    spelling, extra = {b: chr(b) for b in kept}, 0
    for b in range(256):
        if b not in spelling:
            spelling[b] = chr(256 + extra)
            extra += 1
    return spelling


class TokenPieces:
    """A token's own bytes and text, cached by id. Byte-level BPE tokenizers (GPT-2's, SmolLM2's) spell bytes as
    characters; SentencePiece ones spell bytes they have no piece for as <0xNN> and spaces as U+2581; special and
    added tokens are their text. A token that is part of a character (its bytes are no valid UTF-8) is spelled
    `bytes:\\xNN...`, as OpenAI's API spells it; its `bytes` are the raw ones."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.cache: dict[int, tuple[str, bytes]] = {}
        self.added = {t.content for t in getattr(tokenizer, "added_tokens_decoder", {}).values()}
        self.byte_decoder = None
        try:
            decoder = json.loads(tokenizer.backend_tokenizer.to_str()).get("decoder")
            byte_level = "ByteLevel" in json.dumps(decoder)
        except Exception:  # a slow tokenizer
            byte_level = hasattr(tokenizer, "byte_decoder")
        if byte_level:
            self.byte_decoder = {c: b for b, c in byte_spelling().items()}

    def _bytes(self, token_id: int) -> bytes:
        piece = self.tokenizer.convert_ids_to_tokens(token_id)
        if piece is None:
            return b""
        if piece in self.added:
            return piece.encode()
        if self.byte_decoder is not None and all(c in self.byte_decoder for c in piece):
            return bytes(self.byte_decoder[c] for c in piece)
        found = HEX_BYTE.fullmatch(piece)
        if found:
            return bytes([int(found.group(1), 16)])
        return piece.replace("\u2581", " ").encode()

    def get(self, token_id: int) -> tuple[str, bytes]:
        hit = self.cache.get(token_id)
        if hit is None:
            raw = self._bytes(token_id)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = "bytes:" + "".join(f"\\x{b:02x}" for b in raw)
            hit = self.cache[token_id] = (text, raw)
        return hit

    def alts(self, ids: list[int], values: list[float]) -> list[Alt]:
        return [Alt(i, *self.get(i), v) for i, v in zip(ids, values)]


class IncrementalDecoder:
    """The text of a growing list of token ids, a piece at a time: each step decodes the tokens since the last
    complete character and gives the new text, holding it back while it ends mid-character (U+FFFD), unless `final`
    (what is held back then goes out as decoding all the tokens at once gives it). The engine's completions and
    text_offsets decode alike through it."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self._prefix_off = self._read_off = 0
        self._prefix_text = ""

    def step(self, ids: list[int], final: bool = False) -> str:
        new = self.tokenizer.decode(ids[self._prefix_off:], skip_special_tokens=True)
        if len(new) <= len(self._prefix_text) or (not final and new.endswith("\ufffd")):
            return ""
        self._prefix_off, self._read_off = self._read_off, len(ids)
        delta = new[len(self._prefix_text):]
        self._prefix_text = self.tokenizer.decode(ids[self._prefix_off:self._read_off], skip_special_tokens=True)
        return delta


def text_offsets(tokenizer, ids: list[int]) -> list[int]:
    """Where each token's text starts in decoding all of `ids`, decoded incrementally as the engine decodes a
    completion (a token that ends mid-character starts where the character does)."""
    offsets, length, decoder = [], 0, IncrementalDecoder(tokenizer)
    for i in range(len(ids)):
        offsets.append(length)
        length += len(decoder.step(ids[:i + 1]))
    return offsets


def _finite(value: float | None) -> float | None:
    """JSON has no -Infinity: a token the model rules out (-inf) is given as the lowest float32, as vLLM does."""
    if value is None:
        return None
    return value if value > -3.4e38 else -3.4028234663852886e38


# -- the shapes of the answers ----------------------------------------------------------------------------------------

def completion_logprobs(scores: list[Score], base: int = 0) -> dict:
    """OpenAI's legacy completions `logprobs`: tokens, token_logprobs, top_logprobs (text -> logprob, the
    likeliest `logprobs` tokens and the chosen one, so up to logprobs + 1 entries), text_offset (in the choice's
    whole text, the echoed prompt included: `base` is where these scores' offsets start)."""
    top = []
    for s in scores:
        if s.top is None:
            top.append(None)
            continue
        entry = {a.text: _finite(a.logprob) for a in s.top}
        entry.setdefault(s.text, _finite(s.logprob))
        top.append(entry)
    return {"tokens": [s.text for s in scores], "token_logprobs": [_finite(s.logprob) for s in scores],
            "top_logprobs": top, "text_offset": [base + s.offset for s in scores]}


def merge_completion_logprobs(parts: list[dict]) -> dict:
    out = {"tokens": [], "token_logprobs": [], "top_logprobs": [], "text_offset": []}
    for part in parts:
        for key in out:
            out[key] += part[key]
    return out


def chat_logprobs(scores: list[Score]) -> list[dict]:
    """OpenAI's chat `logprobs.content`: [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]."""
    return [{"token": s.text, "logprob": _finite(s.logprob), "bytes": list(s.raw),
             "top_logprobs": [{"token": a.text, "logprob": _finite(a.logprob), "bytes": list(a.raw)}
                              for a in s.top or []]} for s in scores]


def llama_probs(scores: list[Score]) -> list[dict]:
    """llama.cpp's `completion_probabilities` (its server since the end of 2024, post_sampling_probs false):
    [{id, token, bytes, logprob, top_logprobs: [{id, token, bytes, logprob}]}]."""
    return [{"id": s.id, "token": s.text, "bytes": list(s.raw), "logprob": _finite(s.logprob),
             "top_logprobs": [{"id": a.id, "token": a.text, "bytes": list(a.raw), "logprob": _finite(a.logprob)}
                              for a in s.top or []]} for s in scores]
