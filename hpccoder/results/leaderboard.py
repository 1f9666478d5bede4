"""Ranked tables of the recorded runs, and a task-by-task comparison of two runs.

A leaderboard has one table per execution model (and one overall): every run that has
tasks of that model is a row, ranked by pass@1, then speedup@1. Each metric comes with its
95% bootstrap interval over the tasks (from the run's summary). Runs over different task
sets are not directly comparable: the `tasks` column says how many each row averages.
A rank whose interval overlaps that of the rank just above is marked (OVERLAP_MARK, and
`overlaps_above` in JSON): the ranks stay as the figures give them, the mark says which of
them the data do not separate.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math

METRICS = ("pass@1", "build@1", "speedup@1", "efficiency@1")
EMPTY = ("no runs recorded yet in {db}: `hpccoder run` records every run, "
         "`hpccoder leaderboard add DIR` adds a results folder")


def _group_tasks(summary: dict, group: str, name: str) -> dict[str, dict]:
    """The per-task metrics of the tasks in one member of a group (overall, a category, an execution model)."""
    from hpccoder.harness.summary import EMULATED_SUFFIX
    from hpccoder.results.rundir import split_task_id

    per_task = {tid: m for tid, m in (summary.get("per_task") or {}).items() if m and isinstance(m, dict)}
    # tasks checked on the CUDA emulator are a group of their own ('cuda-emu'), outside overall and by_category
    emulated = set((summary.get("emulated") or {}).get("task_ids") or ())
    if group == "overall":
        return {tid: m for tid, m in per_task.items() if tid not in emulated}
    if group == "by_category":
        return {tid: m for tid, m in per_task.items() if tid not in emulated and split_task_id(tid)[1] == name}
    return {tid: m for tid, m in per_task.items()
            if split_task_id(tid)[2] + (EMULATED_SUFFIX if tid in emulated else "") == name}


def _tasks_in(summary: dict, group: str, name: str) -> int:
    tasks = _group_tasks(summary, group, name)
    if group == "by_execution_model":
        return len(tasks)
    # overall and per category, the tasks their pass@k averages: a task with build@k alone (cuda samples built
    # where no GPU could run them) is not counted, so that a run without a GPU does not read as covering the
    # tasks of one with (its cuda row has build@k alone, over all its tasks)
    return sum(1 for m in tasks.values() if any(str(k).startswith("pass@") for k in m))


def group_ci(summary: dict, group: str, name: str) -> dict[str, list | None]:
    """The 95% intervals of METRICS in one member of a group, None where there is none: a mean over one task has
    no interval (summary.json says null; one written before said [v, v], the bootstrap of one value, which reads as
    certainty), nor has a metric the summary gives none for. A summary without per-task metrics (nothing to count
    the tasks by) keeps its intervals."""
    cis = summary.get("ci95") or {}
    ci = cis.get("overall") if group == "overall" else (cis.get(group) or {}).get(name)
    ci = ci if isinstance(ci, dict) else {}
    tasks = _group_tasks(summary, group, name) if summary.get("per_task") else None
    out = {}
    for m in METRICS:
        value = ci.get(m)
        if not (isinstance(value, (list, tuple)) and len(value) == 2
                and all(isinstance(c, (int, float)) and math.isfinite(c) for c in value)):
            value = None
        elif tasks is not None and sum(1 for t in tasks.values() if m in t) < 2:
            value = None
        out[m] = list(value) if value is not None else None
    return out


SHOWN_DECIMALS = 3  # the figures of the tables; ranks are of the figures as shown


def _shown(value) -> float | None:
    """A figure as the tables show it (3 decimals), None where they show '-'."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(f"{value:.{SHOWN_DECIMALS}f}")


RANKED_BY = ("pass@1", "speedup@1", "build@1")  # in turn: the next where the figures read the same


def _sort_key(row: dict):
    def val(metric):
        v = _shown(row["metrics"].get(metric))
        return -v if v is not None else math.inf
    return (*(val(m) for m in RANKED_BY), row["run_id"])


OVERLAP_MARK = "~"
OVERLAP_NOTE = (f"{OVERLAP_MARK} after a rank: its 95% interval overlaps that of the rank above (pass@1's, or "
                "speedup@1's or build@1's where pass@1 reads the same): the data do not clearly separate the two")


def _ci_shown(ci) -> tuple[float, float] | None:
    """An interval as the tables show it (2 decimals), None where they show [-]."""
    if not ci or not all(isinstance(c, (int, float)) and math.isfinite(c) for c in ci):
        return None
    return float(f"{ci[0]:.2f}"), float(f"{ci[1]:.2f}")


def _overlaps(row: dict, above: list[dict]) -> bool | None:
    """Whether the interval of the figure that ranks `row` below `above` (the rows of the rank just above, whose
    figures read the same) overlaps the interval of one of them; None where that cannot be said (an interval
    absent: a mean over one task, an older run)."""
    metric = next((m for m in RANKED_BY if _shown(row["metrics"].get(m)) != _shown(above[0]["metrics"].get(m))),
                  None)
    if metric is None:
        return None
    mine = _ci_shown(row["ci95"].get(metric))
    theirs = [_ci_shown(r["ci95"].get(metric)) for r in above]
    if mine is None:
        return None
    # as shown: a reader checking the mark against the brackets comes to the same answer
    if any(ci is not None and mine[0] <= ci[1] and ci[0] <= mine[1] for ci in theirs):
        return True
    return False if all(ci is not None for ci in theirs) else None


def ranked(runs: list[dict], group: str = "by_execution_model") -> dict[str, list[dict]]:
    """{group member: [row, ...] ranked}; group is by_execution_model, by_category or overall."""
    tables: dict[str, list[dict]] = {}
    for run in runs:
        summary = run.get("summary") or {}
        members = {"overall": summary.get("overall") or {}} if group == "overall" else summary.get(group) or {}
        for name, metrics in members.items():
            if not metrics:
                continue
            tables.setdefault(name, []).append({
                "run_id": run["id"], "model": run["model"], "backend": run.get("backend"),
                "suite_version": run.get("suite_version"), "started": run.get("started"),
                "tasks": _tasks_in(summary, group, name), "samples": run.get("samples"),
                "metrics": {m: metrics.get(m) for m in METRICS},
                "ci95": group_ci(summary, group, name),
            })
    for name, rows in tables.items():
        rows.sort(key=_sort_key)
        # runs with the same figures as shown (3 decimals) share a rank (1, 1, 3): the order of their ids, or of
        # digits no table shows, is no ranking
        for i, row in enumerate(rows):
            tied = i > 0 and _sort_key(row)[:-1] == _sort_key(rows[i - 1])[:-1]
            row["rank"] = rows[i - 1]["rank"] if tied else i + 1
        # the ranks stay as the figures give them; overlaps_above says where the data do not separate them from
        # the rank just above (null: the first rank, or an interval absent)
        above: list[dict] = []
        for i, row in enumerate(rows):
            if i and row["rank"] != rows[i - 1]["rank"]:  # the rows of the rank just above (rank r starts at row r-1)
                above = rows[rows[i - 1]["rank"] - 1:i]
            row["overlaps_above"] = _overlaps(row, above) if above else None
    return dict(sorted(tables.items()))


def _rank_text(row: dict) -> str:
    return f"{row['rank']}{OVERLAP_MARK if row.get('overlaps_above') else ''}"


def _fmt(value, ci=None) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    text = f"{value:.{SHOWN_DECIMALS}f}"
    if ci and all(isinstance(c, (int, float)) and math.isfinite(c) for c in ci):
        return text + f" [{ci[0]:.2f},{ci[1]:.2f}]"
    return text + " [-]"  # no interval: a mean over one task (see group_ci)


def one_line(text: str) -> str:
    """A stored name on one line (a store written before samples were checked may hold a line break in one)."""
    return "".join(c if c.isprintable() else " " for c in str(text))


def shorten(text: str, width: int) -> str:
    text = one_line(text)
    return text if len(text) <= width else "…" + text[-(width - 1):]


def _md(text: str) -> str:
    """Text for a Markdown table cell: HTML in a model's name is shown, not rendered, and | splits no cell."""
    return html.escape(one_line(text), quote=False).replace("|", "\\|")


def _head(text: str, width: int) -> str:
    """The start of `text` (a status list: its first, most telling, counts)."""
    return text if len(text) <= width else text[:width - 1] + "…"


def leaderboard_notes(runs: list[dict], tables: dict[str, list[dict]]) -> list[str]:
    """What the tables do not show of their runs: runs with nothing to rank, runs of several suite versions, runs
    timed on several kinds of machine. Said under the text and Markdown tables, and as `notes` in JSON."""
    from hpccoder.results.machine import describe
    notes = []
    shown = {row["run_id"] for rows in tables.values() for row in rows}
    unranked = [r["id"] for r in runs if r["id"] not in shown]
    if unranked:  # otherwise they would be counted above and be in no table
        notes.append(f"not ranked, having no metric (none of their samples ran): {', '.join(unranked)}")
    versions = sorted({str(r.get("suite_version")) for r in runs})
    if len(versions) > 1:  # the text and Markdown tables have no suite column: say that they mix versions
        notes.append(f"these runs used {len(versions)} suite versions ({', '.join(versions)}), whose checks may "
                     "differ: --suite-version V ranks the runs of one")
    machines = sorted({describe(r.get("hardware") or {}) for r in runs})
    if len(machines) > 1:  # the tables have no machine column: speedups timed on other machines sit side by side
        notes.append(f"these runs were timed on {len(machines)} kinds of machine, whose speedups are not directly "
                     "comparable: `hpccoder leaderboard runs` says which ran where")
    return notes


def format_leaderboard(runs: list[dict], fmt: str = "text", db: str = "") -> str:
    if not runs:
        return EMPTY.format(db=db)
    tables = ranked(runs)
    tables["overall"] = ranked(runs, "overall").get("overall", [])
    notes = leaderboard_notes(runs, tables)
    if fmt == "json":
        # ci95 of a metric is null where there is no interval (a mean over one task); overlaps_above: true where
        # the row's interval overlaps that of the rank just above (OVERLAP_NOTE), null where it cannot be said;
        # notes: as under the tables
        return json.dumps({"by_execution_model": {k: v for k, v in tables.items() if k != "overall"},
                           "overall": tables["overall"], "notes": notes}, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        # overlaps_above last, so that the columns before it stay where they were
        writer.writerow(["execution_model", "rank", "run_id", "model", "suite_version", "started", "tasks"]
                        + [c for m in METRICS for c in (m, f"{m}_lo", f"{m}_hi")] + ["overlaps_above"])
        for name, rows in tables.items():
            for r in rows:
                values = []
                for m in METRICS:
                    ci = r["ci95"].get(m) or [None, None]
                    values += [r["metrics"][m], ci[0], ci[1]]
                overlaps = {True: "true", False: "false"}.get(r["overlaps_above"], "")
                writer.writerow([name, r["rank"], r["run_id"], r["model"], r["suite_version"], r["started"],
                                 r["tasks"]] + ["" if v is None else v for v in values] + [overlaps])
        return buf.getvalue().rstrip("\n")
    lines = []
    for name, rows in tables.items():
        if fmt == "md":
            lines += [f"### {name}", "", "| # | run | model | tasks | " + " | ".join(METRICS) + " |",
                      "|---:|---|---|---:|" + "---:|" * len(METRICS)]
            for r in rows:
                cells = [_fmt(r["metrics"][m], r["ci95"][m]) for m in METRICS]
                lines.append(f"| {_rank_text(r)} | {r['run_id']} | {_md(r['model'])} | {r['tasks']} | "
                             + " | ".join(cells) + " |")
            lines.append("")
        else:
            lines.append(f"{name}")
            lines.append((f"{'#':>3}  {'run':<10}  {'model':<28} {'tasks':>5}"
                          + "".join(f"  {m:<21}" for m in METRICS)).rstrip())
            for r in rows:
                cells = "".join(f"  {_fmt(r['metrics'][m], r['ci95'][m]):<21}" for m in METRICS)
                lines.append(f"{_rank_text(r):>3}  {r['run_id']:<10}  {shorten(r['model'], 28):<28} "
                             f"{r['tasks']:>5}{cells}".rstrip())
            lines.append("")
    if fmt != "md":
        lines.append(f"{len(runs)} runs; 95% bootstrap intervals over tasks in brackets "
                     "([-]: none, a mean over one task)")
    if any(r["overlaps_above"] for rows in tables.values() for r in rows):
        lines.append(OVERLAP_NOTE)
    lines += notes
    return "\n".join(lines).rstrip("\n")


# -- two runs, task by task --------------------------------------------------------------------------------
def status_text(statuses: list[str]) -> str:
    """'pass', or 'pass 3, wrong_answer 2' where the samples of a task differ."""
    if not statuses:
        return "-"
    counts: dict[str, int] = {}
    for s in statuses:
        counts[s] = counts.get(s, 0) + 1
    if len(counts) == 1:
        only = next(iter(counts))
        return only if len(statuses) == 1 else f"{only} x{len(statuses)}"
    return ", ".join(f"{s} {c}" for s, c in sorted(counts.items(), key=lambda kv: -kv[1]))


def _delta(a, b):
    return None if a is None or b is None else b - a


def compare(run_a: dict, samples_a: list[dict], run_b: dict, samples_b: list[dict]) -> dict:
    def by_task(samples):
        out: dict[str, list[str]] = {}
        for s in samples:
            out.setdefault(s["task_id"], []).append(s["status"])
        return out

    st_a, st_b = by_task(samples_a), by_task(samples_b)
    per_a = (run_a.get("summary") or {}).get("per_task") or {}
    per_b = (run_b.get("summary") or {}).get("per_task") or {}
    pv_a, pv_b = run_a.get("problem_versions") or {}, run_b.get("problem_versions") or {}
    rows = []
    for tid in sorted(set(st_a) | set(st_b)):
        ma, mb = per_a.get(tid) or {}, per_b.get(tid) or {}
        row = {"task_id": tid, "status_a": status_text(st_a.get(tid, [])), "status_b": status_text(st_b.get(tid, []))}
        for m in ("pass@1", "speedup@1"):
            row[f"{m}_a"], row[f"{m}_b"] = ma.get(m), mb.get(m)
            row[f"{m}_delta"] = _delta(ma.get(m), mb.get(m))
        if tid not in st_a or tid not in st_b:
            row["change"] = "only in A" if tid in st_a else "only in B"
        elif (row["pass@1_delta"] or 0) > 1e-12:
            row["change"] = "improved"
        elif (row["pass@1_delta"] or 0) < -1e-12:
            row["change"] = "regressed"
        elif row["status_a"] != row["status_b"]:
            row["change"] = "changed"
        else:
            row["change"] = "same"
        problem = tid.rpartition("/")[0]
        if problem in pv_a and problem in pv_b and pv_a[problem] != pv_b[problem]:
            row["note"] = f"problem version {pv_a[problem]} -> {pv_b[problem]}"
        rows.append(row)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["change"]] = counts.get(r["change"], 0) + 1
    return {"a": run_a["id"], "b": run_b["id"], "model_a": run_a["model"], "model_b": run_b["model"],
            "tasks": rows, "counts": counts, "settings_differ": settings_differ(run_a, run_b)}


# what judges a sample besides its code: two runs that differ in these were not judged alike (the seed is not
# among them: runs draw their own, and a sample's verdict must not hang on its inputs)
COMPARED_SETTINGS = ("timing", "warmup", "reps", "memory_mb", "timeout", "simulator", "race_check", "resources")


def settings_differ(run_a: dict, run_b: dict) -> list[str]:
    """'suite_version 0.3.3 -> 0.3.4', 'memory_mb 4096 -> 8000', ...: what differs between the two runs' settings
    and machines."""
    sa = run_a.get("settings") if isinstance(run_a.get("settings"), dict) else {}
    sb = run_b.get("settings") if isinstance(run_b.get("settings"), dict) else {}
    pairs = [("suite_version", run_a.get("suite_version"), run_b.get("suite_version"))]
    pairs += [(k, sa.get(k), sb.get(k)) for k in COMPARED_SETTINGS if k != "resources"]
    ra, rb = sa.get("resources"), sb.get("resources")
    if isinstance(ra, dict) and isinstance(rb, dict):
        # the resources of the execution models both runs have: a model only one of them ran (its tasks are "only
        # in A/B") says nothing of how the tasks compared were judged
        shared = sorted(set(ra) & set(rb))
        ra, rb = {m: ra[m] for m in shared}, {m: rb[m] for m in shared}
    pairs.append(("resources", ra, rb))
    ha = run_a.get("hardware") if isinstance(run_a.get("hardware"), dict) else {}
    hb = run_b.get("hardware") if isinstance(run_b.get("hardware"), dict) else {}
    pairs += [(f"machine {k}", ha.get(k), hb.get(k)) for k in ("cpu", "cores")]
    return [f"{k} {json.dumps(a)} -> {json.dumps(b)}" for k, a, b in pairs if a != b]


def format_compare(result: dict, fmt: str = "text", changed_only: bool = False) -> str:
    rows = [r for r in result["tasks"] if not changed_only or r["change"] != "same"]
    if fmt == "json":
        return json.dumps({**result, "tasks": rows}, indent=2)
    cols = ["task_id", "status_a", "status_b", "pass@1_a", "pass@1_b", "pass@1_delta", "speedup@1_a",
            "speedup@1_b", "speedup@1_delta", "change"]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(cols + ["note"])
        for r in rows:
            writer.writerow(["" if r.get(c) is None else r.get(c) for c in cols + ["note"]])
        return buf.getvalue().rstrip("\n")

    def num(v, signed=False):
        return "-" if v is None else (f"{v:+.3f}" if signed else f"{v:.3f}")

    head = f"A = {result['a']} ({one_line(result['model_a'])})   B = {result['b']} ({one_line(result['model_b'])})"
    if result.get("settings_differ"):
        head += ("\nnot judged alike (verdicts and times under other settings or on another machine are not "
                 "directly comparable): " + "; ".join(result["settings_differ"]))
    counts = ", ".join(f"{k} {v}" for k, v in sorted(result["counts"].items()))
    if fmt == "md":
        lines = [head, "", "| task | status A | status B | pass@1 A→B | Δ | speedup@1 A→B | Δ | change |",
                 "|---|---|---|---|---:|---|---:|---|"]
        for r in rows:
            lines.append(f"| {r['task_id']} | {r['status_a']} | {r['status_b']} | {num(r['pass@1_a'])} → "
                         f"{num(r['pass@1_b'])} | {num(r['pass@1_delta'], True)} | {num(r['speedup@1_a'])} → "
                         f"{num(r['speedup@1_b'])} | {num(r['speedup@1_delta'], True)} | {r['change']} |")
        return "\n".join(lines + ["", counts])
    width = max([len(r["task_id"]) for r in rows] + [4])
    lines = [head, f"{'task':<{width}}  {'status A':<18} {'status B':<18} {'pass@1 A -> B':<15} {'delta':>7}"
                   f"  {'speedup@1 A -> B':<17} {'delta':>7}  change"]
    for r in rows:
        lines.append(f"{r['task_id']:<{width}}  {_head(r['status_a'], 18):<18} {_head(r['status_b'], 18):<18} "
                     f"{num(r['pass@1_a']) + ' -> ' + num(r['pass@1_b']):<15} {num(r['pass@1_delta'], True):>7}  "
                     f"{num(r['speedup@1_a']) + ' -> ' + num(r['speedup@1_b']):<17} "
                     f"{num(r['speedup@1_delta'], True):>7}  {r['change']}"
                     + (f" ({r['note']})" if r.get("note") else ""))
    lines.append(f"{len(result['tasks'])} tasks: {counts}")
    return "\n".join(lines)
