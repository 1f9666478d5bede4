"""Generation throughput: n samples of one prompt in one batch, against one sample at a time.

    .venv/bin/python benchmarks/generation_throughput.py [--model embedded] [--n 8] [--max-new-tokens 128]

Both use the same backend (default: the embedded SmolLM2-135M-Instruct through
transformers), the same chat prompt, sampling at temperature 0.2 and top-p 0.95, and the
same stopping rule (the answer's code block closes, EOS, or max_new_tokens). Prints the
tokens generated, the seconds and tokens/s of each, and their ratio (target: >= 2x).
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
    parser.add_argument("--rounds", type=positive, default=2, help="batched and sequential alternate this many times")
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
    for r in range(args.rounds):
        seeded = replace(params, seed=r)
        tokens, seconds = measure(backend, requests, seeded)
        batched[0] += tokens
        batched[1] += seconds
        for req in requests:
            tokens, seconds = measure(backend, [req], replace(seeded, n=1, seed=r * 1000 + req.sample_index))
            sequential[0] += tokens
            sequential[1] += seconds
    b_rate, s_rate = batched[0] / batched[1], sequential[0] / sequential[1]
    print(f"prompt: {task.id} ({params.style}), n = {args.n}, max_new_tokens = {args.max_new_tokens}, "
          f"{args.rounds} rounds")
    print(f"batched:    {batched[0]:6d} tokens in {batched[1]:7.1f} s = {b_rate:7.1f} tokens/s")
    print(f"sequential: {sequential[0]:6d} tokens in {sequential[1]:7.1f} s = {s_rate:7.1f} tokens/s")
    print(f"ratio:      {b_rate / s_rate:6.2f}x  (target >= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
