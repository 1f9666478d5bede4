"""The text of a completion is what decoding all its tokens at once gives (what in-process generation shows), streamed
or not, wherever it ends: a character cut by max_tokens, or bytes that no later token completes, come out as
U+FFFD as the tokenizer decodes them; they were held back waiting for the rest of the character, then left out."""

from __future__ import annotations

import json
import threading

import httpx
import pytest

from hpccoder.serve.engine import Sequence, SequenceSpec
from hpccoder.serve.sampling import SamplingParams

EOS = 999
NEWLINE_AND_LEAD = 1000  # one token of two bytes: "\n" and the first byte of a three-byte character


class ByteTokenizer:
    """One token per byte, decoded as a byte-level BPE tokenizer does: bytes that are no whole character are U+FFFD;
    EOS is a special token, left out."""

    def decode(self, ids, skip_special_tokens=True):
        spelled = {EOS: b"", NEWLINE_AND_LEAD: b"\n\xe2"}
        return b"".join(spelled.get(i, bytes([i % 256])) for i in ids).decode("utf-8", errors="replace")


class Events:
    cancelled = False

    def __init__(self):
        self.events: list[tuple] = []

    def post(self, event: tuple) -> None:
        self.events.append(event)


def run(tokens: list[int], max_tokens: int = 10_000, stop=(), ignore_eos: bool = False):
    job = Events()
    spec = SequenceSpec([0], SamplingParams(max_tokens=max_tokens, stop=list(stop), ignore_eos=ignore_eos), {EOS})
    seq = Sequence(job, 0, spec, ByteTokenizer(), threading.Lock())
    for token in tokens:
        seq.add(token, 10**6)
        seq.flush()
        if seq.finish:
            break
    assert job.events[-1][0] == "done"
    return "".join(e[2] for e in job.events if e[0] == "text"), seq


@pytest.mark.parametrize("text, cut", [("ab€", 3), ("ab€", 4), ("é", 1), ("x → y", 3)])
def test_a_character_cut_by_max_tokens_is_decoded_as_all_the_tokens_are(text, cut):
    tokens = list(text.encode())
    posted, seq = run(tokens, max_tokens=cut)
    want = ByteTokenizer().decode(tokens[:cut])
    assert want.endswith("\ufffd")
    assert posted == seq.text == want and seq.finish == "length"


def test_bytes_no_token_completes_before_eos_are_kept():
    tokens = list("a".encode()) + [0xE2, EOS]
    posted, seq = run(tokens)
    assert posted == seq.text == "a\ufffd" and (seq.finish, seq.stopped_by) == ("stop", "eos")


def test_ignore_eos_generates_through_eos_and_keeps_every_byte():
    tokens = [0xC3, EOS, 0x41, 0xE2]
    posted, seq = run(tokens, max_tokens=4, ignore_eos=True)
    assert posted == seq.text == ByteTokenizer().decode(tokens) == "\ufffdA\ufffd"


def test_a_whole_character_split_over_tokens_is_never_a_replacement_character():
    tokens = list("é → ok".encode())
    posted, seq = run(tokens, max_tokens=len(tokens))
    assert posted == seq.text == "é → ok"


def test_a_stop_string_in_the_held_back_bytes_still_stops_at_eos():
    # "\n" and a lone lead byte in one token, then EOS: the tail held back is judged by the stop strings too
    posted, seq = run([ord("x"), NEWLINE_AND_LEAD, EOS], stop=["\n"])
    assert posted == seq.text == "x" and (seq.stopped_by, seq.stop_word) == ("word", "\n")


# -- through the server, with the tiny model's byte-level tokenizer ----------------------------------------------

def scripted(monkeypatch, ids: list[int], eos: int) -> None:
    import hpccoder.serve.engine as engine

    monkeypatch.setattr(engine, "next_tokens",
                        lambda logits, seqs: [ids[len(s.ids)] if len(s.ids) < len(ids) else eos for s in seqs])


def streamed(server, path: str, body: dict) -> str:
    parts = []
    with httpx.stream("POST", server.url + path, json={**body, "stream": True}, timeout=120) as reply:
        assert reply.status_code == 200
        for line in reply.iter_lines():
            if line.startswith("data: {"):
                event = json.loads(line[6:])
                parts += [c["text"] for c in event.get("choices", [])] if "choices" in event else [event["content"]]
    return "".join(parts)


@pytest.mark.parametrize("path, tokens", [("/v1/completions", "max_tokens"), ("/completion", "n_predict")])
def test_the_server_text_is_the_tokens_decoded_at_once(server, monkeypatch, path, tokens):
    tokenizer = server.state.tokenizer
    ids = tokenizer.encode("x = 1; // → ok", add_special_tokens=False)
    cuts = [k for k in range(1, len(ids) + 1) if tokenizer.decode(ids[:k], skip_special_tokens=True).endswith("\ufffd")]
    assert cuts, "the test needs a character the tokenizer spells in several tokens"
    scripted(monkeypatch, ids, tokenizer.eos_token_id)
    for cut in [cuts[0], len(ids)]:
        want = tokenizer.decode(ids[:cut], skip_special_tokens=True)
        body = {"prompt": "int main() {\n", tokens: cut, "temperature": 0}
        plain = httpx.post(server.url + path, json=body, timeout=120).json()
        text = plain["choices"][0]["text"] if "choices" in plain else plain["content"]
        assert text == want and streamed(server, path, body) == want
    # EOS right after the first byte of the arrow: the byte is kept as the tokenizer decodes it
    scripted(monkeypatch, ids[:cuts[0]], tokenizer.eos_token_id)
    body = {"prompt": "int main() {\n", tokens: 50, "temperature": 0}
    want = tokenizer.decode(ids[:cuts[0]], skip_special_tokens=True)
    plain = httpx.post(server.url + path, json=body, timeout=120).json()
    assert (plain["choices"][0]["text"] if "choices" in plain else plain["content"]) == want
    assert streamed(server, path, body) == want
