"""`hpccoder leaderboard html OUT`: a static site that opens from disk (file://), no server, no CDN.

OUT/index.html: the ranked tables (sortable: click a header), charts of pass@1 and
speedup@1 per execution model and per category; OUT/runs/<id>.html: a run's metadata,
its metrics and a drill-down per task and sample (status, timings, the head of the build
log and of the code). Style and script are inlined from static/; charts are SVG drawn here.
Everything that comes from a run (code, logs, messages, model names) is HTML-escaped.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from html import escape
from pathlib import Path

from hpccoder.results.leaderboard import METRICS, OVERLAP_MARK, OVERLAP_NOTE, group_ci, ranked, status_text
from hpccoder.results.machine import describe
from hpccoder.results.svgchart import PALETTE, bar_chart

STATIC = Path(__file__).parent / "static"
CHART_RUNS = 12  # runs drawn in the charts (the best overall); the tables hold them all
LOG_LINES, CODE_LINES = 40, 120


def e(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def _head(text: str | None, lines: int) -> str:
    if not text:
        return ""
    split = text.splitlines()
    more = len(split) - lines
    return "\n".join(split[:lines]) + (f"\n… ({more} more lines)" if more > 0 else "")


def _page(title: str, body: str, up: str = "") -> str:
    css = (STATIC / "site.css").read_text()
    js = (STATIC / "site.js").read_text()
    nav = f'<p><a href="{up}index.html">← leaderboard</a></p>' if up else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(title)}</title><style>{css}</style></head><body>{nav}{body}"
            f"<script>{js}</script></body></html>\n")


def _when(stamp: str | None, zone: bool = True) -> str:
    """'2026-11-25T15:30:43+0000' -> '2026-11-25 15:30 +0000' (without the zone: '2026-11-25 15:30')."""
    if not stamp or "T" not in stamp:
        return stamp or "-"
    day, _, rest = stamp.partition("T")
    return f"{day} {rest[:5]} {rest[8:] if zone else ''}".strip()


def _folder(run: dict) -> str:
    """The name of the run's folder: what its owner called it (runs/<this>)."""
    return Path(run.get("out_dir") or "").name


NO_CI = '<span class="ci" title="no interval: a mean over one task">[-]</span>'


def _metric_cell(value, ci, mean: bool = True) -> str:
    """A figure with its interval; `mean`: a mean over tasks, whose interval is shown ([-] where it has none: one
    task), not a task's own figure."""
    if value is None:
        return '<td class="num" data-sort="">-</td>'
    if not mean:
        ci_text = ""
    elif ci and None not in ci:
        ci_text = f'<span class="ci">[{ci[0]:.2f}, {ci[1]:.2f}]</span>'
    else:
        ci_text = NO_CI
    return f'<td class="num" data-sort="{value:.6f}">{value:.3f}{ci_text}</td>'


def _swatch(colour: str) -> str:
    return f'<span class="swatch" style="background:{colour}"></span>'


def _ranking_table(name: str, rows: list[dict], runs: dict[str, dict], colours: dict[str, str]) -> str:
    head = "".join(f'<th class="num">{e(m)}</th>' for m in METRICS)
    out = [f'<h3 id="rank-{e(name)}">{e(name)}</h3><div class="table-wrap">'
           f'<table class="sortable ranking" data-group="{e(name)}">'
           f'<thead><tr><th class="num">#</th><th>run</th><th>model</th><th>suite</th><th class="num">tasks</th>'
           f"{head}<th>started</th><th>machine</th></tr></thead><tbody>"]
    for r in rows:
        run = runs[r["run_id"]]
        cells = "".join(_metric_cell(r["metrics"][m], r["ci95"][m]) for m in METRICS)
        rid = e(r["run_id"])
        # data-sort: the rank, for sorting, whether marked or not
        mark = (f'<span class="overlap" title="{e(OVERLAP_NOTE)}">{e(OVERLAP_MARK)}</span>'
                if r.get("overlaps_above") else "")
        out.append(f'<tr><td class="num" data-sort="{r["rank"]}">{r["rank"]}{mark}</td>'
                   f'<td class="nowrap">{_swatch(colours[r["run_id"]])}<a href="runs/{rid}.html">{rid}</a>'
                   f'<span class="sub">{e(_folder(run))}</span></td>'
                   f'<td>{e(r["model"])}</td><td>{e(r["suite_version"])}</td><td class="num">{r["tasks"]}</td>'
                   f'{cells}<td class="nowrap" title="{e(r["started"])}">{e(_when(r["started"], zone=False))}</td>'
                   f'<td class="machine">{e(describe(run.get("hardware") or {}))}</td></tr>')
    out.append("</tbody></table></div>")
    if any(r.get("overlaps_above") for r in rows):
        out.append(f'<p class="muted table-note">{e(OVERLAP_NOTE)}</p>')
    return "".join(out)


def _charts(runs: list[dict], colours: dict[str, str]) -> str:
    overall = ranked(runs, "overall").get("overall", [])
    shown = [r["run_id"] for r in overall][:CHART_RUNS]
    by_id = {r["id"]: r for r in runs}
    series = [(rid, f"{rid} {by_id[rid]['model']} ({_folder(by_id[rid])})", colours[rid]) for rid in shown]
    out = ['<div class="legend">' + "".join(f"<span>{_swatch(c)}{e(n)}</span>" for _, n, c in series) + "</div>"]
    if len(overall) > len(shown):
        out.append(f'<p class="muted">Charts show the {len(shown)} best runs overall; the tables hold all '
                   f"{len(overall)}.</p>")
    out.append('<div class="charts">')
    for group, title in (("by_execution_model", "execution model"), ("by_category", "category")):
        tables = ranked([by_id[rid] for rid in shown], group)
        names = sorted(tables)
        for metric, ymax, ref in (("pass@1", 1.0, None), ("speedup@1", None, 1.0)):
            values = {(name, row["run_id"]): (row["metrics"][metric], row["ci95"][metric])
                      for name in names for row in tables[name] if row["metrics"][metric] is not None}
            svg = bar_chart(f"{metric}", names, series, values, ymax=ymax, reference=ref if values else None)
            note = "" if values else '<p class="muted">no timed run: run without --no-timing for speedups</p>'
            out.append(f'<div class="chart" data-chart="{metric} per {title}"><h3>{e(metric)} per {e(title)}'
                       f"</h3>{svg}{note}</div>")
    out.append("</div>")
    return "".join(out)


def index_page(runs: list[dict], colours: dict[str, str], store_display: str) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M %Z")
    body = [f"<h1>hpccoder leaderboard</h1><p class=\"muted\">{len(runs)} runs from {e(store_display)}, "
            f"written {e(stamp)}. Ranked by pass@1, then speedup@1; 95% bootstrap intervals over tasks in "
            "brackets ([-]: none, a mean over one task). Click a column header to sort.</p>"]
    if not runs:
        body.append("<p>No runs recorded yet: <code>hpccoder run</code> records every run, "
                    "<code>hpccoder leaderboard add DIR</code> adds a results folder.</p>")
        return _page("hpccoder leaderboard", "".join(body))
    by_id = {r["id"]: r for r in runs}
    body.append("<h2>Ranking</h2>")
    body.append(_ranking_table("overall", ranked(runs, "overall").get("overall", []), by_id, colours))
    for name, rows in ranked(runs).items():
        body.append(_ranking_table(name, rows, by_id, colours))
    body.append("<h2>Charts</h2>")
    body.append(_charts(runs, colours))
    return _page("hpccoder leaderboard", "".join(body))


# -- a run's page ------------------------------------------------------------------------------------------
def _meta(run: dict) -> str:
    settings = run.get("settings") if isinstance(run.get("settings"), dict) else {}
    hw = run.get("hardware") if isinstance(run.get("hardware"), dict) else {}
    gen = run.get("generation") or {}
    statuses = (run.get("summary") or {}).get("statuses") or {}
    items = [
        ("model", run["model"]), ("backend", run.get("backend")), ("recorded from", run.get("source")),
        ("folder", run.get("out_dir")), ("started", _when(run.get("started"))),
        ("finished", _when(run.get("finished"))),
        ("duration", f"{run['duration_s']:.0f} s" if run.get("duration_s") is not None else None),
        ("suite version", run.get("suite_version")), ("hpccoder", run.get("hpccoder_version")),
        ("seed", run.get("seed")),
        ("sampling", ", ".join(f"{k}={v}" for k, v in gen.items()) if gen else "unknown"),
        ("evaluation", ", ".join(f"{k}={settings[k]}" for k in ("timing", "warmup", "reps", "memory_mb", "timeout")
                                  if k in settings)),
        ("resources", _resources(settings.get("resources"))),
        ("machine", describe(run.get("hardware") or {})), ("host", hw.get("hostname")), ("OS", hw.get("os")),
        ("tools", "; ".join(f"{k}: {v}" for k, v in sorted((run.get("tools") or {}).items()))),
        ("problems", ", ".join(f"{k} v{v}" for k, v in sorted((run.get("problem_versions") or {}).items()))),
        ("statuses", ", ".join(f"{k} {v}" for k, v in statuses.items())),
    ]
    return '<dl class="meta">' + "".join(f"<dt>{e(k)}</dt><dd>{e(v if v is not None else '-')}</dd>"
                                         for k, v in items) + "</dl>"


def _resources(resources) -> str:
    """run.json's resources, 'omp: 1x1 1x2; mpi: ...'; '?' for what is not as hpccoder writes it."""
    if not isinstance(resources, dict):
        return "?" if resources else ""
    return "; ".join(f"{m}: {' '.join(map(str, rs)) if isinstance(rs, list) else '?'}" for m, rs in resources.items())


def _metrics_table(run: dict, group: str, title: str) -> str:
    summary = run.get("summary") or {}
    members = summary.get(group) or {}
    if not members:
        return ""
    head = "".join(f'<th class="num">{e(m)}</th>' for m in METRICS)
    rows = []
    for name, m in sorted(members.items()):
        cis = group_ci(summary, group, name)  # none for a mean over one task
        rows.append(f"<tr><td>{e(name)}</td>" + "".join(_metric_cell(m.get(k), cis[k]) for k in METRICS) + "</tr>")
    rows = "".join(rows)
    return f'<h3>per {e(title)}</h3><table class="sortable"><thead><tr><th>{e(title)}</th>{head}</tr></thead>' \
           f"<tbody>{rows}</tbody></table>"


def _fixed(value, scale: float, places: int) -> str:
    """A stored number shown with `places` decimals after scaling; anything else (a store written before its runs
    were checked) escaped as it is, so that one odd value neither breaks the site nor gets into its markup."""
    if value is None:
        return "-"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value * scale:.{places}f}"
    return e(value)


def _sample_block(s: dict) -> str:
    status = s["status"]
    facts = [f'<span class="status-{e(status)}">{e(status)}</span>']
    if s.get("message"):
        facts.append(e(s["message"]))
    facts.append(f"built in {s['build_s']:.2f} s" if s.get("build_s") else "")
    if s.get("duplicate_of") is not None:
        facts.append(f"same code as sample {s['duplicate_of']}")
    if s.get("suspicious"):
        facts.append("<strong>suspicious speedup: look at it</strong>")
    for key, value in sorted((s.get("extra") or {}).items()):
        facts.append(f"{e(key)}: {e(json.dumps(value) if isinstance(value, (dict, list)) else value)}")
    runs = s.get("runs") or []
    table = ""
    if runs:
        rows = []
        for r in runs:
            res = r.get("resources") or {}
            t = r.get("time_s")
            times = r.get("times_s")
            rows.append(f"<tr><td>{e(res.get('ranks', 1))}x{e(res.get('threads', 1))}</td>"
                        f'<td class="num">{e(r.get("n"))}</td>'
                        f'<td class="status-{e(r.get("status"))}">{e(r.get("status"))}</td>'
                        f'<td class="num">{_fixed(t, 1e3, 3)}</td>'
                        f'<td class="num">{len(times) if isinstance(times, list) else "-"}</td>'
                        f'<td class="num">{_fixed(r.get("wall_s") or 0, 1, 2)}</td>'
                        f'<td class="num">{e((s.get("speedup") or {}).get(str(r.get("n")), "-"))}</td></tr>')
        base = f' (serial baseline {_fixed(s["baseline_s"], 1e3, 3)} ms)' if s.get("baseline_s") else ""
        table = (f"<table><thead><tr><th>ranks x threads</th><th class=\"num\">n</th><th>status</th>"
                 f"<th class=\"num\">median ms</th><th class=\"num\">reps</th><th class=\"num\">wall s</th>"
                 f"<th class=\"num\">speedup{e(base)}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    log = f"<h4>build log (head)</h4><pre>{e(_head(s.get('build_log'), LOG_LINES))}</pre>" if s.get("build_log") else ""
    code = f"<h4>code (head)</h4><pre>{e(_head(s.get('code'), CODE_LINES))}</pre>" if s.get("code") \
        else '<p class="muted">code not recorded (no samples file with the results)</p>'
    return (f'<div class="sample" id="{e(s["task_id"])}-{s["sample_index"]}"><strong>sample {s["sample_index"]}'
            f"</strong> · {' · '.join(f for f in facts if f)}{table}{log}{code}</div>")


def run_page(run: dict, samples: list[dict]) -> str:
    per_task = (run.get("summary") or {}).get("per_task") or {}
    by_task: dict[str, list[dict]] = {}
    for s in samples:
        by_task.setdefault(s["task_id"], []).append(s)
    rows, details = [], []
    for tid, group in by_task.items():
        m = per_task.get(tid) or {}
        text = status_text([s["status"] for s in group])
        anchor = "task-" + "".join(c if c.isalnum() else "-" for c in tid)
        rows.append(f'<tr data-task="{e(tid)}"><td><a href="#{e(anchor)}">{e(tid)}</a></td>'
                    f"<td>{e(group[0]['execution_model'])}</td><td>{e(group[0]['category'])}</td>"
                    f"<td>{e(text)}</td>" + _metric_cell(m.get("pass@1"), None, mean=False)
                    + _metric_cell(m.get("speedup@1"), None, mean=False)
                    + "</tr>")
        details.append(f'<details class="task" id="{e(anchor)}" data-task="{e(tid)}"><summary>{e(tid)} — {e(text)}'
                       f"</summary>{''.join(_sample_block(s) for s in group)}</details>")
    body = (f"<h1>Run {e(run['id'])}</h1><p class=\"muted\">{e(run['model'])}</p><h2>Metadata</h2>{_meta(run)}"
            f"<h2>Metrics</h2>{_metrics_table(run, 'by_execution_model', 'execution model')}"
            f"{_metrics_table(run, 'by_category', 'category')}"
            f"<h2>Tasks</h2><div class=\"controls\"><input type=\"search\" id=\"task-filter\" "
            f"placeholder=\"filter tasks (e.g. omp, gemm)\"><button id=\"toggle-all\" type=\"button\">expand / "
            f"collapse all</button></div><table class=\"sortable tasks\"><thead><tr><th>task</th><th>model</th>"
            f"<th>category</th><th>samples</th><th class=\"num\">pass@1</th><th class=\"num\">speedup@1</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table><h2>Samples</h2>{''.join(details)}")
    return _page(f"run {run['id']} — {run['model']}", body, up="../")


def _write_atomic(path: Path, text: str) -> None:
    """A page is replaced whole: a browser (or a web server) reading the site never sees half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def build_site(store, out: Path) -> Path:
    from tqdm import tqdm

    out = Path(out)
    (out / "runs").mkdir(parents=True, exist_ok=True)
    runs = store.list_runs()
    overall = [r["run_id"] for r in ranked(runs, "overall").get("overall", [])]
    order = overall + [r["id"] for r in runs if r["id"] not in overall]
    colours = {rid: PALETTE[i % len(PALETTE)] for i, rid in enumerate(order)}
    for run in tqdm(runs, desc="run pages", unit="run", disable=len(runs) < 5):
        page = run_page(run, store.samples_of(run["id"]))
        _write_atomic(out / "runs" / f"{run['id']}.html", page)
    for old in (out / "runs").glob("*.html"):  # pages of runs the store no longer holds
        if old.stem not in colours:
            old.unlink()
    index = out / "index.html"
    _write_atomic(index, index_page(runs, colours, store.display))
    return index


def find_chromium() -> str | None:
    """The system's Chromium ($HPCCODER_CHROMIUM, else chromium on PATH): never one Playwright downloads."""
    return os.environ.get("HPCCODER_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(page: Path, png: Path, width: int = 1280) -> Path:
    """A full-page PNG of `page` as headless Chromium draws it (Playwright driving the system's Chromium)."""
    from hpccoder.errors import HpcError

    exe = find_chromium()
    if exe is None:
        raise HpcError("no Chromium for the screenshot: apt-get install chromium, or set $HPCCODER_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise HpcError("the screenshot needs Playwright: pip install playwright (no `playwright install`: "
                       "the system's Chromium is used)") from None
    png.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=["--no-sandbox"])  # --no-sandbox: root
        try:
            view = browser.new_page(viewport={"width": width, "height": 800}, device_scale_factor=1)
            view.goto(Path(page).resolve().as_uri())
            view.screenshot(path=str(png), full_page=True)
        finally:
            browser.close()
    return png
