"""Grouped bar charts as inline SVG, with 95% interval whiskers: no library, no script needed to draw."""

from __future__ import annotations

import math
from html import escape

# colour-blind-friendly palette (Okabe-Ito, then Tol's muted), one colour a run
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#332288",
           "#882255", "#44AA99", "#999933", "#AA4499")

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 62, 12, 14, 40


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above value."""
    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * 10 ** exp >= value * (1 - 1e-9):
            return step * 10 ** exp
    return 10 ** (exp + 1)


def bar_chart(label: str, groups: list[str], series: list[tuple[str, str, str]], values: dict,
              ymax: float | None = None, reference: float | None = None) -> str:
    """series: (key, name, colour); values[(group, key)] = (value, (lo, hi) or None). Missing pairs draw no bar.

    `reference` draws a dashed line at that height (speedup 1: as fast as the serial baseline).
    """
    tops = [max(v, (ci or (v, v))[1] or v) for v, ci in values.values() if v is not None]
    top = ymax if ymax is not None else _nice_ceiling(max(tops + [reference or 0]) * 1.05) if tops else 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(v: float) -> float:
        return TOP + plot_h * (1 - min(max(v, 0.0), top) / top)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" role="img" aria-label="{escape(label)}" class="bar-chart">']
    for i in range(6):  # grid and y axis labels
        v = top * i / 5
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e8ee"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" fill="#5d6b7a">'
                     f'{v:.3g}</text>')
    if not groups or not series:
        parts.append(f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" fill="#5d6b7a">no data</text>')
    group_w = plot_w / max(1, len(groups))
    bar_w = group_w * 0.8 / max(1, len(series))
    for gi, group in enumerate(groups):
        x0 = LEFT + gi * group_w + group_w * 0.1
        for si, (key, name, colour) in enumerate(series):
            value, ci = values.get((group, key), (None, None))
            if value is None:
                continue
            x = x0 + si * bar_w
            h = max(y(0) - y(value), 0.0)
            tip = f"{name} — {group}: {value:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci and None not in ci else "")
            # a zero still gets a hairline, so that "measured 0" differs from "not measured"
            parts.append(f'<rect class="bar" x="{x + 1:.1f}" y="{y(value) - (0 if h else 1):.1f}" '
                         f'width="{max(bar_w - 2, 1):.1f}" height="{max(h, 1):.1f}" fill="{colour}">'
                         f'<title>{escape(tip)}</title></rect>')
            if ci and None not in ci and ci[1] > ci[0]:
                cx = x + bar_w / 2
                parts.append(f'<path d="M{cx:.1f},{y(ci[0]):.1f}V{y(ci[1]):.1f}M{cx - 3:.1f},{y(ci[0]):.1f}'
                             f'h6M{cx - 3:.1f},{y(ci[1]):.1f}h6" stroke="#1d232b" stroke-width="1" fill="none"/>')
        text = group if len(group) <= 16 else group[:15] + "…"
        gx = LEFT + gi * group_w + group_w / 2
        parts.append(f'<text x="{gx:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="12" '
                     f'fill="#1d232b">{escape(text)}<title>{escape(group)}</title></text>')
    if reference is not None and reference <= top:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(reference):.1f}" y2="{y(reference):.1f}" '
                     f'stroke="#b3372f" stroke-dasharray="5,4"/>')
    parts.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{y(0):.1f}" stroke="#5d6b7a"/>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#5d6b7a"/>')
    parts.append(f'<text x="16" y="{TOP + plot_h / 2:.1f}" transform="rotate(-90 16 {TOP + plot_h / 2:.1f})" '
                 f'text-anchor="middle" font-size="12" fill="#5d6b7a">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
