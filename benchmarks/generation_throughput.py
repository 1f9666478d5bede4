"""Generation throughput: n samples of one prompt in one batch, against one sample at a time.

    .venv/bin/python benchmarks/generation_throughput.py [--model embedded] [--n 8] [--max-new-tokens 128]

Both use the same backend (default: the embedded SmolLM2-135M-Instruct through
transformers), the same chat prompt, sampling at temperature 0.2 and top-p 0.95, and the
same stopping rule (the answer's code block closes, EOS, or max_new_tokens). Prints the
tokens generated, the seconds and tokens/s of each, and their ratio (target: >= 2x).

Batched and sequential alternate `--rounds` (alias `--repeat`) times, in the order
batched-sequential, then sequential-batched, so that a drift of the machine's load hits both.
Each round gives a tokens/s of each; the script prints their medians with their spread (min-max,
the interquartile range from 5 rounds), the ratio of the medians with the range of the per-round
ratios, and says when the two spreads overlap: the ratio is then not distinguishable from noise.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # _cli

from _cli import positive, run  # noqa: E402
from _spread import Spread, ratio_text  # noqa: E402

from hpccoder import models  # noqa: E402
from hpccoder.generate import requests_for, resolve_style  # noqa: E402
from hpccoder.models import GenerationParams  # noqa: E402
from hpccoder.suite import Suite  # noqa: E402


def measure(backend, requests, params) -> tuple[int, float]:
    start = time.perf_counter()
    out = backend.generate(requests, params)
    return sum(c.tokens or 0 for c in out), time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=models.DEFAULT)
    parser.add_argument("--task", default="cpp/dense_la/01_axpy/omp")
    parser.add_argument("--n", type=positive, default=8)
    parser.add_argument("--max-new-tokens", type=positive, default=128)
    parser.add_argument("--rounds", "--repeat", type=positive, default=2,
                        help="batched and sequential alternate this many times (each round: one figure of each)")
    args = parser.parse_args()

    task = Suite().task(args.task)
    start = time.perf_counter()
    backend = models.load(args.model)
    print(f"{backend.describe()} loaded in {time.perf_counter() - start:.1f} s", flush=True)
    params = resolve_style(backend, GenerationParams(n=args.n, temperature=0.2, top_p=0.95,
                                                     max_new_tokens=args.max_new_tokens))
    requests = requests_for(task, list(range(args.n)), params.style)
    measure(backend, requests[:1], replace(params, max_new_tokens=8))  # warm-up

    batched = [0, 0.0]
    sequential = [0, 0.0]
    rates = {"batched": [], "sequential": []}
    for r in range(args.rounds):
        seeded = replace(params, seed=r)
        for which in ("batched", "sequential") if r % 2 == 0 else ("sequential", "batched"):
            if which == "batched":
                tokens, seconds = measure(backend, requests, seeded)
                total = batched
            else:
                tokens, seconds = 0, 0.0
                for req in requests:
                    t, s = measure(backend, [req], replace(seeded, n=1, seed=r * 1000 + req.sample_index))
                    tokens += t
                    seconds += s
                total = sequential
            total[0] += tokens
            total[1] += seconds
            rates[which].append(tokens / seconds)
    b_rate, s_rate = Spread.of(rates["batched"]), Spread.of(rates["sequential"])
    per_round = [b / s for b, s in zip(rates["batched"], rates["sequential"])]
    print(f"prompt: {task.id} ({params.style}), n = {args.n}, max_new_tokens = {args.max_new_tokens}, "
          f"{args.rounds} rounds (alternating, median and spread of the per-round tokens/s)")
    print(f"batched:    {batched[0]:6d} tokens in {batched[1]:7.1f} s = {b_rate.text('.1f', 'tokens/s')}")
    print(f"sequential: {sequential[0]:6d} tokens in {sequential[1]:7.1f} s = {s_rate.text('.1f', 'tokens/s')}")
    print(f"ratio:      {ratio_text(b_rate, s_rate, ('batched', 'sequential'), per_round, fmt='.1f', what='round')}"
          f"  (target >= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
