"""summary.json: the metrics per task, averaged per execution model, per category and overall."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from hpccoder import metrics
from hpccoder.harness.records import STATUSES, SampleResult
from hpccoder.suite import Task

_PER_N = re.compile(r"^(speedup|efficiency)_\d+@")


def task_metrics(results: list[SampleResult], ks: list[int], ns: list[int], fast_ps: list[float]) -> dict[str, float]:
    counted = [r for r in results if r.status != "not_run"]
    total = len(counted)
    if not total:
        return {}
    passed = sum(r.status == "pass" for r in counted)
    built = sum(r.built for r in counted)
    # Timed when every passing sample has its speedup at every n. A task where nothing passed is timed too:
    # its failed samples count 0, so its speedup is 0 (it must not drop out of the means, or worse, remove
    # speedup@k from its whole group, since a group reports only the metrics all its tasks have).
    timed = ns and all(r.status != "pass" or all(str(n) in r.speedup for n in ns) for r in counted)
    out: dict[str, float] = {}
    for k in (k for k in ks if k <= total):
        out[f"pass@{k}"] = metrics.pass_at_k(total, passed, k)
        out[f"build@{k}"] = metrics.pass_at_k(total, built, k)
        if not timed:
            continue
        for n in ns:
            speedups = [r.speedup[str(n)] if r.status == "pass" else 0.0 for r in counted]
            out[f"speedup_{n}@{k}"] = metrics.speedup_at_k(speedups, k)
            out[f"efficiency_{n}@{k}"] = out[f"speedup_{n}@{k}"] / n
        top = max(ns)
        out[f"speedup@{k}"] = out[f"speedup_{top}@{k}"]
        out[f"efficiency@{k}"] = out[f"efficiency_{top}@{k}"]
        speedups = [r.speedup[str(top)] if r.status == "pass" else 0.0 for r in counted]
        for p in fast_ps:
            out[f"fast_{p:g}@{k}"] = metrics.fast_p_at_k(speedups, k, p)
    return out


def _mean_over(per_task: list[dict[str, float]], keep_per_n: bool) -> tuple[dict, dict]:
    """Means of the metrics every task of the group has, and their bootstrap 95% intervals."""
    per_task = [m for m in per_task if m]
    if not per_task:
        return {}, {}
    keys = [k for k in per_task[0] if all(k in m for m in per_task) and (keep_per_n or not _PER_N.match(k))]
    means = {k: sum(m[k] for m in per_task) / len(per_task) for k in keys}
    cis = {k: list(metrics.bootstrap_ci([m[k] for m in per_task])) for k in keys}
    return means, cis


def summarize(results: list[SampleResult], tasks: dict[str, Task], ks: list[int], ns: dict[str, list[int]],
              fast_ps: list[float], suite_version: str) -> dict:
    by_task: dict[str, list[SampleResult]] = defaultdict(list)
    for r in results:
        by_task[r.task_id].append(r)
    per_task = {tid: task_metrics(rs, ks, ns.get(tasks[tid].model, []), fast_ps) for tid, rs in by_task.items()}
    groups = {"by_execution_model": defaultdict(list), "by_category": defaultdict(list)}
    for tid, m in per_task.items():
        groups["by_execution_model"][tasks[tid].model].append(m)
        groups["by_category"][tasks[tid].category].append(m)
    overall, overall_ci = _mean_over(list(per_task.values()), keep_per_n=False)
    summary = {
        "suite_version": suite_version,
        "k": ks,
        "tasks": len(by_task),
        "samples": len(results),
        "not_run": sum(r.status == "not_run" for r in results),
        "statuses": {s: c for s, c in Counter(r.status for r in results).items()},
        "n": {model: max(v) for model, v in ns.items() if v and model in groups["by_execution_model"]},
        "overall": overall,
        "by_execution_model": {},
        "by_category": {},
        "ci95": {"overall": overall_ci, "by_execution_model": {}, "by_category": {}},
        "per_task": per_task,
    }
    summary["statuses"] = {s: summary["statuses"][s] for s in STATUSES if s in summary["statuses"]}
    for group, members in groups.items():
        for name in sorted(members):
            means, cis = _mean_over(members[name], keep_per_n=group == "by_execution_model")
            if means:  # a group whose samples were all not_run has nothing to report
                summary[group][name] = means
                summary["ci95"][group][name] = cis
    return summary


def format_table(summary: dict) -> str:
    """A short table for the terminal: one row per execution model and one overall, at the smallest k."""
    k = min(summary.get("k") or [1])
    cols = [f"pass@{k}", f"build@{k}", f"speedup@{k}", f"efficiency@{k}"]
    rows = [(name, m) for name, m in summary["by_execution_model"].items()] + [("overall", summary["overall"])]
    lines = [f"{'model':<10}" + "".join(f"{c:>14}" for c in cols)]
    for name, m in rows:
        lines.append(f"{name:<10}" + "".join(f"{m[c]:>14.3f}" if c in m else f"{'-':>14}" for c in cols))
    statuses = ", ".join(f"{s} {c}" for s, c in summary["statuses"].items())
    lines.append(f"{summary['tasks']} tasks, {summary['samples']} samples: {statuses}")
    return "\n".join(lines)
