"""The estimators of hpccoder.metrics against brute-force enumeration of every k-subset."""

from __future__ import annotations

import math
import random
from fractions import Fraction
from itertools import combinations
from statistics import mean

import pytest

from hpccoder import metrics

STATUSES = ("pass", "build_error", "rejected", "runtime_error", "timeout", "wrong_answer")
SPEEDS = (0.25, 0.5, 1.0, 1.0, 2.0, 3.5, 8.0)  # few distinct values, so that ties are common


# -- brute force: average over all C(N, k) subsets ------------------------------------------------------

def brute_any(flags: list[bool], k: int) -> float:
    subsets = list(combinations(flags, k))
    return sum(any(s) for s in subsets) / len(subsets)


def brute_max(values: list[float], k: int) -> float:
    subsets = list(combinations(values, k))
    return sum(max(s) for s in subsets) / len(subsets)


def brute_fast(speedups: list[float], k: int, p: float) -> float:
    """The best sample of the subset (largest speedup, failures 0) passes with a speedup above p."""
    subsets = list(combinations(speedups, k))
    return sum(max(s) > p for s in subsets) / len(subsets)


def random_task(rng: random.Random) -> tuple[list[str], list[float]]:
    """N samples with random statuses; speedups 0 for the samples that did not pass."""
    n = rng.randint(1, 8)
    # Bias towards extreme cases too: all pass, none pass.
    mode = rng.random()
    if mode < 0.1:
        statuses = ["pass"] * n
    elif mode < 0.2:
        statuses = [rng.choice(STATUSES[1:]) for _ in range(n)]
    else:
        statuses = [rng.choice(STATUSES) for _ in range(n)]
    speedups = [rng.choice(SPEEDS) if s == "pass" else 0.0 for s in statuses]
    return statuses, speedups


CASES = [random_task(random.Random(1000 + i)) for i in range(300)]


def test_random_cases_cover_the_interesting_shapes():
    assert any(all(s == "pass" for s in st) for st, _ in CASES)
    assert any(all(s != "pass" for s in st) for st, _ in CASES)
    assert any(len(set(sp)) < len(sp) for _, sp in CASES)  # ties
    assert {len(st) for st, _ in CASES} == set(range(1, 9))


# -- pass@k, build@k ------------------------------------------------------------------------------------

def test_pass_at_k_matches_brute_force():
    for statuses, _ in CASES:
        n = len(statuses)
        flags = [s == "pass" for s in statuses]
        for k in range(1, n + 1):
            assert metrics.pass_at_k(n, sum(flags), k) == pytest.approx(brute_any(flags, k), abs=1e-12)


def test_build_at_k_is_pass_at_k_on_built_counts_and_matches_brute_force():
    for statuses, _ in CASES:
        n = len(statuses)
        built = [s != "build_error" for s in statuses]
        for k in range(1, n + 1):
            assert metrics.pass_at_k(n, sum(built), k) == pytest.approx(brute_any(built, k), abs=1e-12)


def test_pass_at_k_every_n_c_k_up_to_8_exactly():
    for n in range(1, 9):
        for c in range(n + 1):
            flags = [True] * c + [False] * (n - c)
            for k in range(1, n + 1):
                exact = Fraction(sum(any(s) for s in combinations(flags, k)), math.comb(n, k))
                assert metrics.pass_at_k(n, c, k) == pytest.approx(float(exact), abs=1e-15)


def test_pass_at_k_agrees_with_the_codex_product_form_for_large_n():
    # The numerically stable form of the Codex paper: 1 - prod_{i=n-c+1..n} (1 - k/i).
    for n, c, k in [(200, 13, 1), (200, 13, 10), (200, 13, 100), (200, 0, 50), (200, 199, 2), (1000, 7, 250)]:
        product = 1.0 if n - c >= k else 0.0
        if n - c >= k:
            for i in range(n - c + 1, n + 1):
                product *= 1.0 - k / i
        assert metrics.pass_at_k(n, c, k) == pytest.approx(1.0 - product, rel=1e-9, abs=1e-12)


def test_pass_at_k_pinned_values():
    assert metrics.pass_at_k(10, 3, 1) == pytest.approx(0.3, abs=1e-15)
    assert metrics.pass_at_k(4, 1, 2) == pytest.approx(0.5, abs=1e-15)
    assert metrics.pass_at_k(10, 3, 5) == pytest.approx(1 - 21 / 252, abs=1e-15)  # 11/12
    assert metrics.pass_at_k(5, 2, 3) == pytest.approx(0.9, abs=1e-15)  # 1 - C(3,3)/C(5,3)


def test_pass_at_k_edges():
    for n in range(1, 9):
        for k in range(1, n + 1):
            assert metrics.pass_at_k(n, 0, k) == 0.0
            assert metrics.pass_at_k(n, n, k) == 1.0
        for c in range(1, n + 1):
            assert metrics.pass_at_k(n, c, n) == 1.0  # k = N: every sample is drawn
        assert metrics.pass_at_k(n, 0, n) == 0.0
    assert metrics.pass_at_k(1, 1, 1) == 1.0
    assert metrics.pass_at_k(1, 0, 1) == 0.0


@pytest.mark.parametrize("n, c, k", [
    (5, -1, 1),  # c < 0
    (5, 6, 1),  # c > n
    (5, 2, 0),  # k < 1
    (5, 2, 6),  # k > n
    (0, 0, 1),  # no sample at all
    (-1, 0, 1),
])
def test_pass_at_k_invalid_arguments(n, c, k):
    with pytest.raises(ValueError):
        metrics.pass_at_k(n, c, k)


# -- speedup_n@k, efficiency_n@k -------------------------------------------------------------------------

def test_speedup_at_k_matches_brute_force():
    for _, speedups in CASES:
        for k in range(1, len(speedups) + 1):
            assert metrics.speedup_at_k(speedups, k) == pytest.approx(brute_max(speedups, k), rel=1e-12, abs=1e-12)


def test_speedup_at_k_continuous_values_and_input_order_do_not_matter():
    rng = random.Random(7)
    for _ in range(100):
        n = rng.randint(1, 8)
        values = [rng.choice([0.0, rng.uniform(0.01, 20.0)]) for _ in range(n)]
        shuffled = values[:]
        rng.shuffle(shuffled)
        for k in range(1, n + 1):
            expected = brute_max(values, k)
            assert metrics.speedup_at_k(values, k) == pytest.approx(expected, rel=1e-12, abs=1e-12)
            assert metrics.speedup_at_k(shuffled, k) == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_speedup_at_k_does_not_modify_its_input():
    values = [3.0, 0.0, 1.0]
    metrics.speedup_at_k(values, 2)
    assert values == [3.0, 0.0, 1.0]


def test_speedup_at_k_edges():
    for _, speedups in CASES:
        n = len(speedups)
        assert metrics.speedup_at_k(speedups, 1) == pytest.approx(mean(speedups), rel=1e-12, abs=1e-12)
        assert metrics.speedup_at_k(speedups, n) == pytest.approx(max(speedups), rel=1e-12)
        # more samples drawn, never a worse best sample
        values = [metrics.speedup_at_k(speedups, k) for k in range(1, n + 1)]
        assert all(a <= b + 1e-12 for a, b in zip(values, values[1:]))
    assert metrics.speedup_at_k([0.0] * 5, 3) == 0.0  # nothing passed
    assert metrics.speedup_at_k([2.0] * 5, 3) == pytest.approx(2.0)  # all tied
    assert metrics.speedup_at_k([4.0], 1) == 4.0


def test_speedup_and_efficiency_pinned_values():
    s = [0.0, 1.0, 2.0, 3.0]
    assert metrics.speedup_at_k(s, 1) == pytest.approx(1.5, abs=1e-15)
    assert metrics.speedup_at_k(s, 2) == pytest.approx(7 / 3, abs=1e-15)  # (1 + 2*2 + 3*3) / 6
    assert metrics.speedup_at_k(s, 4) == 3.0
    assert metrics.efficiency_at_k(s, 2, 4) == pytest.approx(7 / 12, abs=1e-15)
    assert metrics.efficiency_at_k(s, 1, 1) == pytest.approx(1.5, abs=1e-15)


def test_efficiency_at_k_is_speedup_over_resources():
    for i, (_, speedups) in enumerate(CASES):
        n_resources = 1 + i % 16
        for k in range(1, len(speedups) + 1):
            assert metrics.efficiency_at_k(speedups, k, n_resources) == pytest.approx(
                brute_max(speedups, k) / n_resources, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("values, k", [([], 1), ([1.0, 2.0], 0), ([1.0, 2.0], 3), ([1.0], -1)])
def test_speedup_at_k_invalid_arguments(values, k):
    with pytest.raises(ValueError):
        metrics.speedup_at_k(values, k)
    with pytest.raises(ValueError):
        metrics.expected_max_at_k(values, k)
    with pytest.raises(ValueError):
        metrics.efficiency_at_k(values, k, 2)


@pytest.mark.parametrize("n_resources", [0, -2])
def test_efficiency_at_k_rejects_non_positive_resources(n_resources):
    with pytest.raises(ValueError):
        metrics.efficiency_at_k([1.0, 2.0], 1, n_resources)


# -- fast_p@k --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("p", [0.0, 0.5, 1.0, 2.0, 3.5, 10.0])
def test_fast_p_at_k_matches_brute_force(p):
    for _, speedups in CASES:
        for k in range(1, len(speedups) + 1):
            assert metrics.fast_p_at_k(speedups, k, p) == pytest.approx(brute_fast(speedups, k, p), abs=1e-12)


def test_fast_0_at_k_is_pass_at_k():
    # A passing sample has a positive speedup; a failed one counts 0, which is not > 0.
    for statuses, speedups in CASES:
        n = len(statuses)
        c = statuses.count("pass")
        for k in range(1, n + 1):
            assert metrics.fast_p_at_k(speedups, k, 0.0) == pytest.approx(metrics.pass_at_k(n, c, k), abs=1e-15)


def test_fast_p_at_k_threshold_is_strict_and_pinned():
    s = [0.0, 1.0, 2.0, 3.0]
    assert metrics.fast_p_at_k(s, 1, 1.0) == pytest.approx(0.5)  # exactly 1.0 is not faster than 1.0
    assert metrics.fast_p_at_k(s, 2, 1.0) == pytest.approx(5 / 6)
    assert metrics.fast_p_at_k(s, 4, 1.0) == 1.0
    assert metrics.fast_p_at_k(s, 4, 3.0) == 0.0
    assert metrics.fast_p_at_k([1.0, 1.0], 1, 1.0) == 0.0
    assert metrics.fast_p_at_k([0.0, 0.0, 0.0], 2, 1.0) == 0.0


def test_fast_p_at_k_never_counts_a_failed_sample():
    # failures count 0, which is above a threshold below 0: they were counted as fast
    assert metrics.fast_p_at_k([0.0, 2.0], 1, -1.0) == pytest.approx(0.5)
    assert metrics.fast_p_at_k([0.0, 0.0], 2, -0.5) == 0.0


@pytest.mark.parametrize("values, k", [([], 1), ([1.0, 2.0], 0), ([1.0, 2.0], 3)])
def test_fast_p_at_k_invalid_arguments(values, k):
    with pytest.raises(ValueError):
        metrics.fast_p_at_k(values, k, 1.0)


# -- bootstrap_ci ------------------------------------------------------------------------------------------

def test_bootstrap_ci_is_deterministic_for_a_seed():
    rng = random.Random(3)
    values = [rng.random() for _ in range(40)]
    assert metrics.bootstrap_ci(values, seed=5) == metrics.bootstrap_ci(values, seed=5)
    assert metrics.bootstrap_ci(values) == metrics.bootstrap_ci(values)  # default seed
    assert metrics.bootstrap_ci(values, seed=5) != metrics.bootstrap_ci(values, seed=6)


def test_bootstrap_ci_contains_the_mean_and_stays_in_range():
    rng = random.Random(11)
    for trial in range(30):
        n = rng.randint(2, 60)
        values = [rng.choice([0.0, 1.0]) if trial % 2 else rng.uniform(0, 5) for _ in range(n)]
        lo, hi = metrics.bootstrap_ci(values, seed=trial)
        assert min(values) <= lo <= hi <= max(values)
        if len(set(values)) > 1 and n >= 10:
            assert lo <= mean(values) <= hi


def test_bootstrap_ci_shrinks_with_the_level_and_with_more_tasks():
    rng = random.Random(2)
    values = [rng.random() for _ in range(50)]
    lo99, hi99 = metrics.bootstrap_ci(values, level=0.99)
    lo50, hi50 = metrics.bootstrap_ci(values, level=0.5)
    assert lo99 <= lo50 <= hi50 <= hi99
    few_lo, few_hi = metrics.bootstrap_ci(values[:5])
    many_lo, many_hi = metrics.bootstrap_ci(values * 4)
    assert many_hi - many_lo < few_hi - few_lo


def test_bootstrap_ci_degenerate_cases():
    lo, hi = metrics.bootstrap_ci([])
    assert math.isnan(lo) and math.isnan(hi)
    assert metrics.bootstrap_ci([0.7]) == (0.7, 0.7)
    assert metrics.bootstrap_ci([0.25] * 10) == pytest.approx((0.25, 0.25))
    assert metrics.bootstrap_ci([1.0, 1.0, 1.0], resamples=1) == pytest.approx((1.0, 1.0))


@pytest.mark.parametrize("kwargs", [{"level": 0.0}, {"level": 1.0}, {"level": 1.5}, {"level": -0.1},
                                    {"resamples": 0}])
def test_bootstrap_ci_invalid_arguments(kwargs):
    with pytest.raises(ValueError):
        metrics.bootstrap_ci([0.1, 0.5, 0.9], **kwargs)


def test_expected_max_of_pass_flags_is_pass_at_k():
    # the best of k samples scored 1 (pass) or 0 (fail) is 1 exactly when one of them passes
    for statuses, _ in CASES:
        flags = [1.0 if s == "pass" else 0.0 for s in statuses]
        for k in range(1, len(flags) + 1):
            assert metrics.speedup_at_k(flags, k) == pytest.approx(
                metrics.pass_at_k(len(flags), statuses.count("pass"), k), abs=1e-12)


@pytest.mark.parametrize("n, c, k", [(1100, 1100, 550), (2000, 3, 1000), (2000, 1500, 7), (1500, 0, 750)])
def test_speedup_at_k_large_n_does_not_overflow(n, c, k):
    flags = [1.0] * c + [0.0] * (n - c)
    assert metrics.speedup_at_k(flags, k) == pytest.approx(metrics.pass_at_k(n, c, k), rel=1e-9, abs=1e-12)
    assert metrics.speedup_at_k([2.5] * n, k) == pytest.approx(2.5, rel=1e-9)
