"""The scheduler: requests wait in a queue, then generate together, one token per step for every
running sequence, with one KV cache for the whole batch (continuous batching).

A thread owns the model. Each loop: admit waiting requests while the batch has room (their
prompts are prefilled together, then their KV cache is left-padded and joined to the running
batch's), run one decoding step for every running sequence, sample, hand each sequence's new
text to its request, and drop the sequences that finished or whose client went away (their rows
leave the cache; padding columns no row needs any more are trimmed). A request's events reach
its asyncio queue through `loop.call_soon_threadsafe`.
"""

from __future__ import annotations

import inspect
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from hpccoder.serve.logprobs import IncrementalDecoder, Score, TokenPieces, text_offsets
from hpccoder.serve.sampling import SamplingParams, next_tokens


class QueueFull(Exception):
    pass


class ShuttingDown(Exception):
    pass


SHUTDOWN = "the server is shutting down"


@dataclass
class SequenceSpec:
    prompt_ids: list[int]
    params: SamplingParams
    stop_ids: set[int]
    stopper: object | None = None  # a CodeStop, or None
    # more rules: text -> cut; each may have .safe_end(text), how much of the text it will not cut any more, and
    # .stopped_by, what a cut of it reports (default "code")
    checks: list[Callable[[str], int | None]] = field(default_factory=list)
    # log-probabilities: None, none; N, of each generated token and the N likeliest at its step
    logprobs: int | None = None
    prompt_logprobs: bool = False  # and of the prompt's tokens (echo), in a ("prompt", index, scores) event first


SCORE_ROWS = 256  # log-probabilities: positions scored at once


class Job:
    """One request: one or more sequences (n choices, several prompts); `events` gets
    ("text", index, delta, tokens so far, scores), ("done", index, finish_reason, tokens, stopped_by, stop string,
    scores) and ("error", message); with prompt_logprobs ("prompt", index, scores) first. `scores`: the Score of
    each token whose text the event settles (an empty list without logprobs)."""

    def __init__(self, specs: list[SequenceSpec], loop, on_event=None):
        import asyncio

        self.specs = specs
        self.loop = loop
        self.events: asyncio.Queue = asyncio.Queue()
        self.cancelled = False
        self.created = time.monotonic()
        self.first_token: float | None = None
        self.on_event = on_event

    def post(self, event: tuple) -> None:
        if self.first_token is None and event[0] == "text":
            self.first_token = time.monotonic()
        try:
            self.loop.call_soon_threadsafe(self.events.put_nowait, event)
        except RuntimeError:  # the event loop is closed: nobody is listening any more
            self.cancelled = True

    def cancel(self) -> None:
        self.cancelled = True


def check_safe_end(check, text: str) -> int:
    """How much of `text` a rule of SequenceSpec.checks can no longer cut: its own `safe_end` where it has
    one, else what lies before the last line (a rule that judges whole lines, cutting at a line's start)."""
    own = getattr(check, "safe_end", None)
    if own is not None:
        return own(text)
    return len(text[:max(text.rfind("\n"), 0)].rstrip("\n"))


class Sequence:
    def __init__(self, job: Job, index: int, spec: SequenceSpec, tokenizer, lock):
        import torch

        self.job, self.index, self.spec, self.params = job, index, spec, spec.params
        self.tokenizer, self.lock = tokenizer, lock
        self.last = -1  # the newest token, fed to the model at the next step
        seed = spec.params.seed if spec.params.seed is not None else int.from_bytes(os.urandom(4), "little")
        self.generator = torch.Generator().manual_seed((seed + 7919 * index) % (1 << 64))  # any int a client sends
        self.ids: list[int] = []
        self.counts: dict[int, int] = {}
        self.text = ""
        self.sent = 0
        self._decoder = IncrementalDecoder(tokenizer)
        self.finish: str | None = None
        self.stopped_by = ""  # eos, word (a stop string), code (code-aware stopping) or a check's own
        self.stop_word = ""  # the stop string that ended it (stopped_by "word")
        self.scores: list[Score] = []  # with logprobs: the generated tokens' not posted yet

    def _detokenize(self, final: bool = False) -> None:
        """Incremental decoding: text of the new tokens, waiting while they end mid-character. `final`: the last
        token; what is still held back goes out too, as decoding all the tokens at once gives it (a character cut
        by max_tokens, bytes no token will complete: U+FFFD), not left out of the text."""
        with self.lock:
            self.text += self._decoder.step(self.ids, final)

    def add(self, token: int, room: int, score: Score | None = None) -> None:
        """Takes the next token; sets `finish` when the sequence is done. `score`: with logprobs, the token's, kept
        for a token that stays in the completion (not an EOS)."""
        p = self.params
        eos = token in self.spec.stop_ids and not p.ignore_eos
        if not eos:
            if score is not None:
                score.offset = len(self.text)
                self.scores.append(score)
            self.ids.append(token)
            self.counts[token] = self.counts.get(token, 0) + 1
        last = eos or len(self.ids) >= p.max_tokens or room <= 0
        before = len(self.text)
        self._detokenize(final=last)
        if eos and len(self.text) == before:  # nothing was held back: the rules have judged all of it
            self.finish, self.stopped_by = "stop", "eos"
            return
        cut, by, word = None, "", ""
        for stop in p.stop:
            at = self.text.find(stop, max(0, self.sent - len(stop)))
            if at >= 0 and (cut is None or at < cut):
                cut, by, word = at, "word", stop
        for check in ([self.spec.stopper.feed] if self.spec.stopper else []) + self.spec.checks:
            at = check(self.text)
            if at is not None and (cut is None or at < cut):
                cut, by, word = at, getattr(check, "stopped_by", "code"), ""
        if cut is not None:
            self.text, self.finish, self.stopped_by, self.stop_word = self.text[:cut], "stop", by, word
        elif eos:
            self.finish, self.stopped_by = "stop", "eos"
        elif last:
            self.finish = "length"

    def flush(self) -> None:
        """Posts the text that is settled: all of it once finished, else what no stop rule can cut."""
        end = len(self.text)
        if self.finish is None:
            for stop in self.params.stop:  # hold back a possible start of a stop string
                for k in range(min(len(stop) - 1, end), 0, -1):
                    if self.text.endswith(stop[:k]):
                        end = min(end, len(self.text) - k)
                        break
            if self.spec.stopper is not None:
                end = min(end, self.spec.stopper.safe_end(self.text))
            for check in self.spec.checks:  # and what the other rules have not judged yet
                end = min(end, check_safe_end(check, self.text))
        elif (self.finish != "stop" or self.stopped_by == "eos") and self.spec.stopper is not None:
            # EOS or length: trim a dangling part
            self.text = self.text[:self.spec.stopper.final_cut(self.text)]
            end = len(self.text)
        scores = []
        if self.scores:  # the tokens whose text starts in what is posted now; once finished, those left in the text
            if self.finish is None:
                ready = sum(1 for s in self.scores if s.offset < end)
            else:
                cut = self.stopped_by not in ("", "eos")
                ready = sum(1 for s in self.scores if s.offset < len(self.text) or
                            (s.offset == len(self.text) and not cut))
            scores, self.scores = self.scores[:ready], (self.scores[ready:] if self.finish is None else [])
        if end > self.sent:
            self.job.post(("text", self.index, self.text[self.sent:end], len(self.ids), scores))
            self.sent, scores = end, []
        if self.finish is not None:
            self.job.post(("done", self.index, self.finish, len(self.ids), self.stopped_by, self.stop_word, scores))
        elif scores:  # tokens with no text of their own yet (the first bytes of a character are in later ones)
            self.scores = scores + self.scores


class Engine:
    def __init__(self, tokenizer, model, max_batch: int, max_queue: int, n_ctx: int, metrics=None,
                 tokenizer_lock=None):
        self.tokenizer, self.model = tokenizer, model
        self.tokenizer_lock = tokenizer_lock or threading.Lock()  # the request side encodes with it too
        self.max_batch, self.max_queue, self.n_ctx = max_batch, max_queue, n_ctx
        self.metrics = metrics
        base = model.get_base_model() if hasattr(model, "get_base_model") else model
        self._cache_arg = "cache" if "cache" in inspect.signature(base.forward).parameters else "past_key_values"
        self._cond = threading.Condition()
        self._waiting: deque[Job] = deque()
        self._running: list[Sequence] = []
        self._cache = None
        self._mask = None  # [rows, columns] of the running batch; 0 = left padding
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name="hpccoder-engine", daemon=True)
        self._pieces: TokenPieces | None = None  # made at the first request with logprobs

    # -- the request side (event-loop thread) ------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def stop(self, wait: bool = True) -> None:
        """Ends every request still waiting or generating (they fail with 503) and the engine's thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if wait and self._thread.is_alive():
            self._thread.join(timeout=30)

    def submit(self, job: Job) -> None:
        with self._cond:
            if self._stopping:
                raise ShuttingDown(SHUTDOWN)
            if self._backlog(len(job.specs)) > self.max_queue:
                raise QueueFull(f"{len(self._waiting)} requests are already waiting for a place in the batch")
            self._waiting.append(job)
            self._gauges()
            self._cond.notify()

    def _backlog(self, extra: int) -> int:
        """How many waiting requests (with one of `extra` sequences added) cannot join the batch yet."""
        room = self.max_batch - len(self._running)
        behind = 0
        for size in [len(j.specs) for j in self._waiting if not j.cancelled] + [extra]:
            if size <= room:
                room -= size
            else:
                room, behind = -1, behind + 1
        return behind

    def waiting(self) -> int:
        return len(self._waiting)

    def running(self) -> int:
        return len(self._running)

    def _gauges(self) -> None:
        if self.metrics:
            self.metrics.queue(len(self._waiting), len(self._running))

    # -- the model side (engine thread) ------------------------------------------------------------
    def _loop(self) -> None:
        import torch

        while True:
            with self._cond:
                while not self._stopping and not self._waiting and not self._running:
                    self._cond.wait()
                if self._stopping:  # their clients learn it now, not when the server is gone
                    for job in dict.fromkeys([s.job for s in self._running] + list(self._waiting)):
                        job.post(("error", SHUTDOWN, 503))
                    self._waiting.clear()
                    self._running, self._cache, self._mask = [], None, None
                    self._gauges()
                    return
                admitted = self._admit()
            try:
                with torch.inference_mode():
                    # a prompt scored (echo with logprobs) needs the logits of all its positions: alone
                    scored = [s for s in admitted if s.spec.prompt_logprobs]
                    plain = [s for s in admitted if not s.spec.prompt_logprobs]
                    for group in [plain] * bool(plain) + [[s] for s in scored]:
                        self._prefill(group)
                    if self._running:
                        self._decode()
            except Exception as exc:  # a failed step fails its requests, not the server
                for job in {s.job for s in self._running + admitted}:
                    job.post(("error", f"generation failed: {exc}"))
                self._running, self._cache, self._mask = [], None, None
            with self._cond:
                self._gauges()

    def _admit(self) -> list[Sequence]:
        admitted: list[Sequence] = []
        while self._waiting:
            job = self._waiting[0]
            if job.cancelled:
                self._waiting.popleft()
                continue
            if (self._running or admitted) and len(self._running) + len(admitted) + len(job.specs) > self.max_batch:
                break
            self._waiting.popleft()
            try:
                admitted += [Sequence(job, i, spec, self.tokenizer, self.tokenizer_lock)
                             for i, spec in enumerate(job.specs)]
            except Exception as exc:  # a request the engine cannot take fails alone; the thread goes on
                job.post(("error", f"generation failed: {exc}"))
        return admitted

    def _forward(self, ids, mask, positions, cache, every: bool = False):
        """The next token's logits, [B, V]; `every`: the logits of every position, [B, L, V]."""
        out = self.model(input_ids=ids, attention_mask=mask, position_ids=positions, use_cache=True,
                         logits_to_keep=0 if every else 1, **{self._cache_arg: cache})
        return out.logits if every else out.logits[:, -1, :]

    def pieces(self) -> TokenPieces:
        if self._pieces is None:
            with self.tokenizer_lock:
                self._pieces = TokenPieces(self.tokenizer)
        return self._pieces

    def _scores(self, logits, ids: list[int], tops: list[int]) -> list[Score]:
        """The Score of token ids[i] under logits[i] ([N, V]), with the tops[i] likeliest tokens (none for 0);
        offsets are set by whoever places them in a text."""
        import torch

        k = min(max(tops), logits.shape[-1])
        chosen, values, order = [], [], []
        # in rows of SCORE_ROWS: a prompt's scores (echo) would otherwise hold a float32 copy of all its logits
        # (4096 tokens x 49152 words: 800 MB) twice over
        for row in range(0, len(ids), SCORE_ROWS):
            logprobs = torch.log_softmax(logits[row:row + SCORE_ROWS].float(), dim=-1)
            index = torch.tensor(ids[row:row + SCORE_ROWS], device=logprobs.device).unsqueeze(-1)
            chosen += logprobs.gather(-1, index).squeeze(-1).tolist()
            if k > 0:
                top_values, top_order = torch.topk(logprobs, k, dim=-1)
                values += top_values.tolist()
                order += top_order.tolist()
        pieces = self.pieces()
        with self.tokenizer_lock:
            return [Score(t, *pieces.get(t), lp, pieces.alts(order[i][:n], values[i][:n]) if n > 0 else [], 0)
                    for i, (t, lp, n) in enumerate(zip(ids, chosen, tops))]

    def _prompt_scores(self, seq: Sequence, logits) -> None:
        """Posts the prompt's scores: its first token has none (nothing predicts it)."""
        ids = seq.spec.prompt_ids
        top = seq.spec.logprobs or 0
        scores = self._scores(logits[0, :-1], ids[1:], [top] * (len(ids) - 1)) if len(ids) > 1 else []
        pieces = self.pieces()
        with self.tokenizer_lock:
            first = Score(ids[0], *pieces.get(ids[0]), None, None, 0)
            offsets = text_offsets(self.tokenizer, ids)
        for score, offset in zip([first] + scores, offsets):
            score.offset = offset
        seq.job.post(("prompt", seq.index, [first] + scores))

    def _prefill(self, seqs: list[Sequence]) -> None:
        import torch
        from transformers import DynamicCache

        longest = max(len(s.spec.prompt_ids) for s in seqs)
        pad = self.tokenizer.pad_token_id or 0
        ids = torch.tensor([[pad] * (longest - len(s.spec.prompt_ids)) + s.spec.prompt_ids for s in seqs])
        mask = torch.tensor([[0] * (longest - len(s.spec.prompt_ids)) + [1] * len(s.spec.prompt_ids) for s in seqs])
        device = self.model.device
        ids, mask = ids.to(device), mask.to(device)
        positions = (mask.cumsum(-1) - 1).clamp(min=0)
        cache = DynamicCache()
        every = any(s.spec.prompt_logprobs for s in seqs)  # then one sequence: no padding
        try:
            logits = self._forward(ids, mask, positions, cache, every)
            if every:
                self._prompt_scores(seqs[0], logits)
                logits = logits[:, -1, :]
        except Exception as exc:  # the new requests fail; the running batch, untouched yet, goes on
            for job in {s.job for s in seqs}:
                job.post(("error", f"generation failed: {exc}"))
            return
        if self.metrics:
            self.metrics.prompt_tokens(sum(len(s.spec.prompt_ids) for s in seqs))
        if self._cache is None:
            self._cache, self._mask = cache, mask
        else:
            self._join(cache, mask)
        self._running += seqs
        self._take(logits, seqs)

    def _decode(self) -> None:
        import torch

        seqs = self._running
        ids = torch.tensor([[s.last] for s in seqs], device=self.model.device)
        positions = self._mask.sum(-1, keepdim=True)
        self._mask = torch.cat([self._mask, torch.ones_like(self._mask[:, :1])], dim=-1)
        logits = self._forward(ids, self._mask, positions, self._cache)
        if self.metrics:
            self.metrics.step(len(seqs))
        self._take(logits, seqs)

    def _take(self, logits, seqs: list[Sequence]) -> None:
        """Samples one token per sequence, posts text, and drops the sequences that are done."""
        tokens = next_tokens(logits, seqs)
        if self.metrics:
            self.metrics.generated(len(seqs))
        scores: dict[int, Score] = {}
        wanted = [i for i, s in enumerate(seqs) if s.spec.logprobs is not None and s.params.max_tokens > 0]
        if wanted:  # only then: no softmax for the others
            import torch

            rows = torch.tensor(wanted, device=logits.device)
            found = self._scores(logits[rows], [tokens[i] for i in wanted], [seqs[i].spec.logprobs for i in wanted])
            scores = dict(zip(wanted, found))
        for i, (seq, token) in enumerate(zip(seqs, tokens)):
            if seq.job.cancelled:
                seq.finish = "cancelled"
                continue
            if seq.params.max_tokens == 0:  # the prompt only (echo with logprobs): nothing generated
                seq.finish = "length"
                seq.flush()
                continue
            seq.last = token
            room = self.n_ctx - (len(seq.spec.prompt_ids) + len(seq.ids) + 1)
            seq.add(token, room, scores.get(i))
            seq.flush()
        keep = [i for i, s in enumerate(self._running) if s.finish is None]
        if self.metrics:
            self.metrics.finished([s for s in self._running if s.finish is not None])
        if len(keep) == len(self._running):
            return
        if not keep:
            self._running, self._cache, self._mask = [], None, None
            return
        import torch

        index = torch.tensor(keep, device=self._mask.device)
        self._cache.batch_select_indices(index)
        self._mask = self._mask[index]
        self._running = [self._running[i] for i in keep]
        first = int((self._mask.sum(0) > 0).nonzero()[0])  # columns that are padding in every row
        if first > 0:
            self._mask = self._mask[:, first:]
            for layer in self._cache.layers:
                layer.keys, layer.values = layer.keys[:, :, first:], layer.values[:, :, first:]

    def _join(self, cache, mask) -> None:
        """Joins a prefilled batch to the running one: the shorter is left-padded to the longer."""
        import torch
        import torch.nn.functional as F

        width = max(self._mask.shape[1], mask.shape[1])

        def padded(c, m):
            extra = width - m.shape[1]
            if extra:
                for layer in c.layers:
                    layer.keys = F.pad(layer.keys, (0, 0, extra, 0))
                    layer.values = F.pad(layer.values, (0, 0, extra, 0))
                m = F.pad(m, (extra, 0))
            return m

        old, new = padded(self._cache, self._mask), padded(cache, mask)
        for mine, theirs in zip(self._cache.layers, cache.layers):
            mine.keys = torch.cat([mine.keys, theirs.keys], dim=0)
            mine.values = torch.cat([mine.values, theirs.values], dim=0)
        self._mask = torch.cat([old, new], dim=0)
