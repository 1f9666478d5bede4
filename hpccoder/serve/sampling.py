"""Choosing the next token of every running sequence from one step's logits.

Each sequence samples with its own seeded generator, so a request with a `seed` gets the same
tokens whichever other requests share its batch (up to floating-point differences of padding).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SamplingParams:
    max_tokens: int = 16
    temperature: float = 1.0  # 0: greedy
    top_p: float = 1.0
    top_k: int = 0  # 0: all tokens
    seed: int | None = None
    presence_penalty: float = 0.0
    frequency_penalty: float = 0.0
    logit_bias: dict[int, float] = field(default_factory=dict)
    stop: list[str] = field(default_factory=list)
    ignore_eos: bool = False

    @property
    def greedy(self) -> bool:
        return self.temperature <= 0


def _adjust(row, params: SamplingParams, counts: dict[int, int]):
    """OpenAI's penalties (per token seen in the completion) and logit_bias, in place."""
    import torch

    if counts and (params.presence_penalty or params.frequency_penalty):
        ids = torch.tensor(list(counts), dtype=torch.long, device=row.device)  # the logits' device: a GPU's
        seen = torch.tensor(list(counts.values()), dtype=row.dtype, device=row.device)
        row[ids] -= params.presence_penalty + params.frequency_penalty * seen
    if params.logit_bias:
        ids, values = _bias_tensors(params, row.shape[0], row.device)
        row[ids] += values


def _bias_tensors(params: SamplingParams, size: int, device):
    """logit_bias as (ids, values) tensors, ids past the vocabulary left out; made once per request (a text's bias on
    llama.cpp's routes may cover much of the vocabulary), not per token."""
    import torch

    cached = params.__dict__.get("_bias_tensors")
    if cached is None or cached[0] != (size, device):
        ids = [t for t in params.logit_bias if 0 <= t < size]
        cached = ((size, device), torch.tensor(ids, dtype=torch.long, device=device),
                  torch.tensor([float(params.logit_bias[t]) for t in ids], dtype=torch.float32, device=device))
        params.__dict__["_bias_tensors"] = cached
    return cached[1], cached[2]


def _top_p_filter(row, top_p: float):
    """Keeps the smallest set of tokens whose probabilities add up to top_p (at least one)."""
    import torch

    sorted_logits, order = torch.sort(row, descending=True)
    cumulative = torch.softmax(sorted_logits, dim=-1).cumsum(dim=-1)
    drop = cumulative - torch.softmax(sorted_logits, dim=-1) >= top_p  # mass before this token already enough
    sorted_logits[drop] = float("-inf")
    out = torch.full_like(row, float("-inf"))
    out[order] = sorted_logits
    return out


def next_tokens(logits, sequences) -> list[int]:
    """logits: [B, V] for the B sequences (each with .params, .counts, .generator)."""
    import torch

    logits = logits.float()
    chosen = torch.argmax(logits, dim=-1).tolist()  # right for greedy rows without adjustments
    rows = None
    for i, seq in enumerate(sequences):
        p = seq.params
        adjusted = bool(p.logit_bias) or (seq.counts and (p.presence_penalty or p.frequency_penalty))
        if p.greedy and not adjusted:
            continue
        if rows is None:  # the rest on the CPU, where each sequence's generator is (a GPU's logits: one copy a step)
            rows = logits.cpu()
        row = rows[i].clone()
        _adjust(row, p, seq.counts)
        if p.greedy:
            chosen[i] = int(torch.argmax(row))
            continue
        scaled = row / p.temperature
        if 0 < p.top_k < scaled.shape[0]:
            scaled[scaled < torch.topk(scaled, p.top_k).values[-1]] = float("-inf")
        if p.top_p < 1.0:
            scaled = _top_p_filter(scaled, p.top_p)
        probs = torch.softmax(scaled, dim=-1)
        if not float(probs.sum()) > 0:  # NaN: extreme settings (a temperature near 0, a huge bias) overflowed;
            # the likeliest token then, not an error that fails the whole batch
            chosen[i] = int(torch.argmax(torch.nan_to_num(row, nan=float("-inf"))))
            continue
        chosen[i] = int(torch.multinomial(probs, 1, generator=seq.generator))
    return chosen
