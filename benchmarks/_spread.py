"""What every benchmark prints about its repetitions: the median of each figure and its spread, ratios as
ratios of medians with the spread of the per-repetition ratios, and whether a ratio can be told from noise.

A figure measured n times prints as `MEDIAN (range MIN-MAX of n)`, or `MEDIAN (IQR Q1-Q3 of n)` from
five repetitions on (the quartiles then say more than the extremes). A ratio of two figures prints as
`RATIOx (ratio of medians; per-repetition ratios range MIN-MAX of n)` where both were measured in each
repetition, and ends with `not distinguishable from noise: ...` when the two figures' spreads, as
printed, overlap: the ratio could be a difference of load on the machine rather than of the code.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

IQR_FROM = 5  # repetitions from which the spread is the interquartile range rather than min-max
NOISE = "not distinguishable from noise"


@dataclass(frozen=True)
class Spread:
    """The median of some repetitions and their spread: min-max below IQR_FROM of them, the quartiles from it."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, values) -> "Spread":
        values = tuple(float(v) for v in values)
        if not values:
            raise ValueError("no repetition to summarise")
        return cls(values)

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def kind(self) -> str:
        return "IQR" if self.n >= IQR_FROM else "range"

    @property
    def low_high(self) -> tuple[float, float]:
        if self.n >= IQR_FROM:
            q1, _, q3 = statistics.quantiles(self.values, n=4, method="inclusive")
            return q1, q3
        return min(self.values), max(self.values)

    def spread_text(self, fmt: str = ".2f") -> str:
        """`range 12.10-12.80 of 3`."""
        lo, hi = self.low_high
        return f"{self.kind} {lo:{fmt}}-{hi:{fmt}} of {self.n}"

    def text(self, fmt: str = ".2f", unit: str = "") -> str:
        """`12.34 tokens/s (range 12.10-12.80 of 3)`."""
        unit = f" {unit}" if unit else ""
        return f"{self.median:{fmt}}{unit} ({self.spread_text(fmt)})"


def overlap(a: Spread, b: Spread, fmt: str = ".2f") -> bool:
    """Whether the spreads of a and b, rounded as printed with fmt, share a value (so a reader checks it by eye)."""
    (alo, ahi), (blo, bhi) = ([float(f"{x:{fmt}}") for x in s.low_high] for s in (a, b))
    return alo <= bhi and blo <= ahi


def ratio_text(a: Spread, b: Spread, names: tuple[str, str], per_repetition=None, fmt: str = ".2f",
               ratio_fmt: str = ".2f", what: str = "repetition") -> str:
    """`3.35x (ratio of medians; per-round ratios range 3.10-3.52 of 2)`, with the noise note where the spreads
    of a and b (printed with fmt) overlap. per_repetition: a/b of each repetition where both were measured in it."""
    ratio = a.median / b.median if b.median else float("inf")
    detail = "ratio of medians"
    if per_repetition is not None and len(per_repetition):
        detail += f"; per-{what} ratios {Spread.of(per_repetition).spread_text(ratio_fmt)}"
    line = f"{ratio:{ratio_fmt}}x ({detail})"
    if overlap(a, b, fmt):
        line += f"; {NOISE}: the spreads of {names[0]} and {names[1]} overlap"
    return line
