"""summary.json: the metrics per task, averaged per execution model, per category and overall."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from hpccoder import metrics
from hpccoder.harness import hardware
from hpccoder.harness.records import STATUSES, SampleResult
from hpccoder.suite import Task

_PER_N = re.compile(r"^(speedup|efficiency)_\d+@")
EMULATED_SUFFIX = "-emu"  # the execution-model group of samples checked on the CUDA CPU emulator


def speedup_ns(settings: dict) -> dict[str, list[int]]:
    """The n of speedup_n@k per execution model, from an evaluation's settings (resources 'RANKSxTHREADS'): none
    where nothing was timed (--no-timing), nor for verilog (judged by its area, not timed)."""
    if not settings.get("timing", True):
        return {}
    ns = {}
    for model, labels in (settings.get("resources") or {}).items():
        found = (re.fullmatch(r"(\d+)x(\d+)", str(label)) for label in labels)
        ns[model] = [] if model == "verilog" else sorted({int(m[1]) * int(m[2]) for m in found if m})
    return ns


def headline_n(ns: list[int], cores: int | None) -> int:
    """The n that speedup@k, efficiency@k and fast_p@k are at: the largest n the machine's cores hold (threads or
    ranks beyond them share the cores: 4 threads on 2 cores checks a sample at 4 threads, but its speedup there
    says how the threads share the cores, not how the code scales), or the smallest where every n is beyond them;
    the largest n where the cores are not known."""
    within = [n for n in ns if cores is None or n <= cores]
    return max(within) if within else min(ns)


def task_metrics(results: list[SampleResult], ks: list[int], ns: list[int], fast_ps: list[float],
                 build_only: bool = False, top: int | None = None) -> dict[str, float]:
    """`top`: the n of speedup@k (headline_n); the largest of `ns` when not given."""
    counted = [r for r in results if r.status != "not_run"]
    # build@k also over the samples that were built but could not run (cuda without a GPU); a task where
    # nothing ran, or where samples were built and then could not run, reports build@k alone: pass@k over
    # those that failed before running (a build error, a rejection) would read 0 whatever the others do.
    # `build_only`: its execution model could not run here at all (summarize), so build@k alone as well
    builds = [r for r in results if r.status != "not_run" or r.build_ok is not None]
    built = sum(r.built for r in builds)
    total = len(counted)
    if build_only or not total or any(r.status == "not_run" and r.build_ok for r in results):
        return {f"build@{k}": metrics.pass_at_k(len(builds), built, k) for k in ks if k <= len(builds)}
    passed = sum(r.status == "pass" for r in counted)
    # Timed when every passing sample has its speedup at every n. A task where nothing passed is timed too:
    # its failed samples count 0, so its speedup is 0 (it must not drop out of the means, or worse, remove
    # speedup@k from its whole group, since a group reports only the metrics all its tasks have).
    timed = ns and all(r.status != "pass" or all(str(n) in r.speedup for n in ns) for r in counted)
    out: dict[str, float] = {}
    # verilog: area@k is speedup@k with reference_cells / sample_cells (0 for a failing sample)
    areas = [(r.hardware or {}).get("area_ratio", 0.0) if r.status == "pass" else 0.0 for r in counted]
    synthesised = any(r.hardware is not None for r in counted)
    top = top if top in ns else max(ns, default=None)
    for k in (k for k in ks if k <= total):
        out[f"pass@{k}"] = metrics.pass_at_k(total, passed, k)
        out[f"build@{k}"] = metrics.pass_at_k(len(builds), built, k)
        if synthesised:
            out[f"area@{k}"] = metrics.speedup_at_k(areas, k)
        if not timed:
            continue
        for n in ns:
            speedups = [r.speedup[str(n)] if r.status == "pass" else 0.0 for r in counted]
            out[f"speedup_{n}@{k}"] = metrics.speedup_at_k(speedups, k)
            out[f"efficiency_{n}@{k}"] = out[f"speedup_{n}@{k}"] / n
        out[f"speedup@{k}"] = out[f"speedup_{top}@{k}"]
        out[f"efficiency@{k}"] = out[f"efficiency_{top}@{k}"]
        speedups = [r.speedup[str(top)] if r.status == "pass" else 0.0 for r in counted]
        for p in fast_ps:
            out[f"fast_{p:g}@{k}"] = metrics.fast_p_at_k(speedups, k, p)
    return out


def _mean_over(per_task: list[dict[str, float]], keep_per_n: bool) -> tuple[dict, dict]:
    """Means of the metrics every task of the group has, and their bootstrap 95% intervals: None for a mean over one
    task, which has none (the bootstrap of one value is [v, v], which reads as certainty)."""
    per_task = [m for m in per_task if m]
    if not per_task:
        return {}, {}
    # Tasks whose samples were only built (not_run) have build@k alone: they count for build@k, and
    # the other metrics are means over the tasks that ran.
    ran = [m for m in per_task if any(k.startswith("pass@") for k in m)]
    means, cis = {}, {}
    for pool in (ran, per_task):
        for key in pool[0] if pool else ():
            if (pool is per_task) != key.startswith("build@"):  # build@k over all tasks, the rest over `ran`
                continue
            if not all(key in m for m in pool) or (not keep_per_n and _PER_N.match(key)):
                continue
            means[key] = sum(m[key] for m in pool) / len(pool)
            cis[key] = list(metrics.bootstrap_ci([m[key] for m in pool])) if len(pool) > 1 else None
    return means, cis


def summarize(results: list[SampleResult], tasks: dict[str, Task], ks: list[int], ns: dict[str, list[int]],
              fast_ps: list[float], suite_version: str, cores: int | None = None) -> dict:
    """`cores`: of the machine the samples ran on (run.json's machine), for the n of speedup@k (headline_n)."""
    by_task: dict[str, list[SampleResult]] = defaultdict(list)
    for r in results:
        by_task[r.task_id].append(r)
    # An execution model is judged the same way in all its tasks: where samples of it were built and could not
    # run (cuda without a GPU), every task of it reports build@k alone (a task whose samples all failed to
    # build read pass@k 0, the only pass@k of its row); where samples of it were checked on the CPU emulator
    # (--cuda-emulate), every task of it goes to the emulated group, out of overall and by_category, untimed.
    model_of = {tid: tasks[tid].model for tid in by_task}
    emulated_models = {model_of[r.task_id] for r in results if r.emulated}
    unrunnable = {model_of[r.task_id] for r in results if r.status == "not_run" and r.build_ok} - emulated_models
    emulated = {tid for tid in by_task if model_of[tid] in emulated_models}
    tops = {model: headline_n(v, cores) for model, v in ns.items() if v}
    per_task = {tid: task_metrics(rs, ks, [] if tid in emulated else ns.get(model_of[tid], []), fast_ps,
                                  build_only=model_of[tid] in unrunnable, top=tops.get(model_of[tid]))
                for tid, rs in by_task.items()}
    groups = {"by_execution_model": defaultdict(list), "by_category": defaultdict(list)}
    for tid, m in per_task.items():
        if tid in emulated:
            groups["by_execution_model"][tasks[tid].model + EMULATED_SUFFIX].append(m)
            continue
        groups["by_execution_model"][tasks[tid].model].append(m)
        groups["by_category"][tasks[tid].category].append(m)
    overall, overall_ci = _mean_over([m for tid, m in per_task.items() if tid not in emulated], keep_per_n=False)
    summary = {
        "suite_version": suite_version,
        "k": ks,
        "tasks": len(by_task),
        "samples": len(results),
        "not_run": sum(r.status == "not_run" for r in results),
        # per execution model: how many samples were not run, and why (the first reason given)
        "not_run_why": {},
        "statuses": {s: c for s, c in Counter(r.status for r in results).items()},
        "n": {model: top for model, top in tops.items() if model in groups["by_execution_model"]},
        "overall": overall,
        "by_execution_model": {},
        "by_category": {},
        # per metric [lo, hi], null where a mean is over one task (no interval); older versions wrote [v, v] there
        "ci95": {"overall": overall_ci, "by_execution_model": {}, "by_category": {}},
        "per_task": per_task,
    }
    if emulated:
        summary["emulated"] = {
            "tasks": len(emulated), "samples": sum(len(by_task[tid]) for tid in emulated),
            "task_ids": sorted(emulated),  # so that readers of per_task (the leaderboard) can leave them out too
            "note": "cuda samples checked on a CPU emulation of CUDA (no GPU): correctness only, no timings; "
                    f"reported as '<model>{EMULATED_SUFFIX}' and left out of overall and by_category"}
    summary["statuses"] = {s: summary["statuses"][s] for s in STATUSES if s in summary["statuses"]}
    for r in results:
        if r.status == "not_run":
            model = tasks[r.task_id].model
            entry = summary["not_run_why"].setdefault(model, {"samples": 0, "built": 0, "why": r.message})
            entry["samples"] += 1
            entry["built"] += bool(r.build_ok)
    for group, members in groups.items():
        for name in sorted(members):
            means, cis = _mean_over(members[name], keep_per_n=group == "by_execution_model")
            if means:  # a group whose samples were all not_run has nothing to report
                summary[group][name] = means
                summary["ci95"][group][name] = cis
    # verilog: geometric means of the area and depth ratios over the passing samples of each group
    key = {"by_execution_model": lambda t: t.model, "by_category": lambda t: t.category}
    summary["overall"].update(hardware.group_geomeans(results))
    for group, of in key.items():
        for name, means in summary[group].items():
            means.update(hardware.group_geomeans([r for r in results if of(tasks[r.task_id]) == name]))
    return summary


def format_table(summary: dict) -> str:
    """A short table for the terminal: one row per execution model and one overall, at the smallest k."""
    k = min(summary.get("k") or [1])
    cols = [f"pass@{k}", f"build@{k}", f"speedup@{k}", f"efficiency@{k}"]
    rows = [(name, m) for name, m in summary["by_execution_model"].items()] + [("overall", summary["overall"])]
    if any(f"area@{k}" in m for _, m in rows):  # verilog: area@k and the geometric means of the ratios
        cols += [f"area@{k}", "area_geomean", "depth_geomean"]
    lines = [f"{'model':<10}" + "".join(f"{c:>14}" for c in cols)]
    built_not_run = {model: nr for model, nr in summary.get("not_run_why", {}).items() if nr["built"]}
    for name, m in rows:
        # a metric missing because the samples were not run says so, rather than '-' (or a 0)
        missing = "not-run" if name in built_not_run or (
            name == "overall" and built_not_run and not any(key.startswith("pass@") for key in m)) else "-"
        # a value that is not finite (a forged timing can make a speedup inf) is no number to print
        lines.append(f"{name:<10}" + "".join(f"{m[c]:>14.3f}" if math.isfinite(m.get(c, math.nan)) else f"{missing:>14}"
                                             for c in cols))
    statuses = ", ".join(f"{s} {c}" for s, c in summary["statuses"].items())
    lines.append(f"{summary['tasks']} tasks, {summary['samples']} samples: {statuses}")
    timed = {model: n for model, n in sorted((summary.get("n") or {}).items())
             if f"speedup@{k}" in summary["by_execution_model"].get(model, {})}
    if timed:  # which n the speedup column is at (headline_n); speedup_n@k at every n is in summary.json
        lines.append(f"speedup@{k} and efficiency@{k} at n = " + ", ".join(f"{model} {n}" for model, n in timed.items())
                     + " (threads, ranks or ranks x threads); every n is in summary.json")
    if summary.get("emulated"):
        e = summary["emulated"]
        lines.append(f"cuda{EMULATED_SUFFIX}: {e['samples']} samples of {e['tasks']} tasks checked on the CPU emulator "
                     "of CUDA, not on a GPU (correctness only, no timings; not in overall)")
    for model, nr in built_not_run.items():  # why a row lacks pass@k: its samples were built, not run
        lines.append(f"{model}: {nr['samples']} samples not run ({nr['built']} built, counted in build@{k}; "
                     f"no pass@{k} or speedup for them): {nr['why']}")
    return "\n".join(lines)
