"""The metrics of the field, computed exactly (see ../shared/DESIGN.md, "Metrics").

pass@k (Codex paper), build@k, speedup_n@k and efficiency_n@k (ParEval), fast_p@k
(KernelBench). Every estimator is the expectation over a uniformly random k-subset of a
task's N samples, in closed form; tests check them against brute-force enumeration.
"""

from __future__ import annotations

import random
from math import comb
from typing import Sequence


def pass_at_k(n: int, c: int, k: int) -> float:
    """Probability that at least one of k samples drawn from n (c of them correct) is correct."""
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"need 0 <= c <= n and 1 <= k <= n, got n={n} c={c} k={k}")
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)


def expected_max_at_k(values: Sequence[float], k: int) -> float:
    """Expected maximum of a uniformly random k-subset of `values`.

    With values sorted ascending v_1 <= ... <= v_N, v_j is the maximum of exactly
    C(j-1, k-1) of the C(N, k) subsets.
    """
    n = len(values)
    if not 1 <= k <= n:
        raise ValueError(f"need 1 <= k <= N, got N={n} k={k}")
    ordered = sorted(values)
    total = comb(n, k)
    # int / int first: exact and correctly rounded, where int * float overflows for N above ~1000
    return sum(comb(j - 1, k - 1) / total * ordered[j - 1] for j in range(k, n + 1))


def speedup_at_k(speedups: Sequence[float], k: int) -> float:
    """speedup_n@k: `speedups` holds T_baseline / T_sample per sample, 0 for a sample that did not pass."""
    return expected_max_at_k(speedups, k)


def efficiency_at_k(speedups: Sequence[float], k: int, n_resources: int) -> float:
    """efficiency_n@k = speedup_n@k / n, n the resources (threads, ranks, ranks x threads)."""
    if n_resources < 1:
        raise ValueError(f"need n_resources >= 1, got {n_resources}")
    return speedup_at_k(speedups, k) / n_resources


def fast_p_at_k(speedups: Sequence[float], k: int, p: float) -> float:
    """Probability that the best of k samples passes with a speedup above p (failures count 0, and never count
    as fast: not even below a threshold p < 0)."""
    return pass_at_k(len(speedups), sum(1 for s in speedups if s > p and s > 0), k)


def bootstrap_ci(values: Sequence[float], level: float = 0.95, resamples: int = 1000,
                 seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean over tasks (deterministic for a given seed)."""
    if not 0 < level < 1 or resamples < 1:
        raise ValueError(f"need 0 < level < 1 and resamples >= 1, got level={level} resamples={resamples}")
    if not values:
        return (float("nan"), float("nan"))
    if len(values) == 1:
        return (values[0], values[0])
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(rng.choices(values, k=n)) / n for _ in range(resamples))
    lo = means[int((1 - level) / 2 * resamples)]
    hi = means[min(resamples - 1, int((1 + level) / 2 * resamples))]
    return (lo, hi)
