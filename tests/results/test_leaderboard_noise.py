"""Ranks the data do not separate (overlapping 95% intervals) are marked; intervals that cannot be estimated (a mean
over one task) are null in summary.json, and summaries written before, with [v, v] there, still read."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

from hpccoder.results.leaderboard import OVERLAP_NOTE, format_leaderboard, ranked
from hpccoder.results.rundir import read_run_dir
from hpccoder.results.store import Store
from lbtest import GOOD, WORSE


def _run(run_id: str, pass1, pass_ci, speedup1=1.0, speedup_ci=None) -> dict:
    """A stored run with its overall figures and intervals (no per-task metrics: its intervals are taken as they are)."""
    metrics = {"pass@1": pass1, "build@1": 1.0, "speedup@1": speedup1, "efficiency@1": speedup1 / 2}
    ci = {"pass@1": pass_ci, "build@1": [1.0, 1.0], "speedup@1": speedup_ci, "efficiency@1": None}
    return {"id": run_id, "model": f"model-{run_id}", "summary": {"overall": metrics, "ci95": {"overall": ci}}}


def _overall(runs, fmt="text") -> list[str]:
    out = format_leaderboard(runs, fmt)
    return out.split("\n\n")[0].splitlines()[2:] if fmt == "text" else out.splitlines()


def test_a_rank_whose_interval_overlaps_the_one_above_is_marked_and_keeps_its_rank():
    runs = [_run("a", 0.8, [0.6, 0.95]), _run("b", 0.7, [0.5, 0.85]),  # b overlaps a
            _run("c", 0.3, [0.1, 0.45]),  # c is apart from b
            _run("d", 0.25, [0.05, 0.4])]  # d overlaps c
    rows = ranked(runs, "overall")["overall"]
    assert [(r["run_id"], r["rank"], r["overlaps_above"]) for r in rows] == [
        ("a", 1, None), ("b", 2, True), ("c", 3, False), ("d", 4, True)]
    out = format_leaderboard(runs, "text")
    table = out.split("\n\n")[0].splitlines()[2:]
    assert [line.split()[:2] for line in table] == [["1", "a"], ["2~", "b"], ["3", "c"], ["4~", "d"]]
    assert out.splitlines()[-1] == OVERLAP_NOTE and OVERLAP_NOTE.startswith("~ after a rank: its 95% interval")
    md = format_leaderboard(runs, "md")
    assert "| 2~ | b |" in md and "| 3 | c |" in md and md.splitlines()[-1] == OVERLAP_NOTE
    data = json.loads(format_leaderboard(runs, "json"))
    assert [r["overlaps_above"] for r in data["overall"]] == [None, True, False, True]
    assert [r["rank"] for r in data["overall"]] == [1, 2, 3, 4]
    assert data["notes"] == []  # the mark explains itself in JSON: notes stay what the tables do not show
    rows = list(csv.reader(io.StringIO(format_leaderboard(runs, "csv"))))
    assert rows[0][-1] == "overlaps_above" and rows[0][:2] == ["execution_model", "rank"]  # added last
    assert [r[-1] for r in rows[1:]] == ["", "true", "false", "true"]


def test_nothing_is_marked_where_an_interval_is_absent():
    # a mean over one task (null), a run recorded without intervals: nothing to judge by, so no mark and no note
    runs = [_run("a", 0.8, None), _run("b", 0.7, [0.5, 0.85]), _run("c", 0.6, [0.5, 0.85])]
    rows = ranked(runs, "overall")["overall"]
    assert [r["overlaps_above"] for r in rows] == [None, None, True]
    runs = [_run("a", 0.8, None), _run("b", 0.7, None)]
    assert [r["overlaps_above"] for r in ranked(runs, "overall")["overall"]] == [None, None]
    out = format_leaderboard(runs, "text")
    assert "~" not in out and OVERLAP_NOTE not in out
    assert "~" not in format_leaderboard(runs, "md")
    runs = [{"id": "a", "model": "m", "summary": {"overall": {"pass@1": 0.9}}},
            {"id": "b", "model": "m", "summary": {"overall": {"pass@1": 0.1}}}]  # no ci95 at all
    assert [r["overlaps_above"] for r in ranked(runs, "overall")["overall"]] == [None, None]


def test_the_figure_that_ordered_two_ranks_is_the_one_whose_intervals_count():
    # the same pass@1 as shown: speedup@1 ordered them, so its intervals say whether they are apart
    apart = [_run("a", 0.5, [0.0, 1.0], 3.0, [2.5, 3.5]), _run("b", 0.5, [0.0, 1.0], 1.0, [0.8, 1.2])]
    assert [r["overlaps_above"] for r in ranked(apart, "overall")["overall"]] == [None, False]
    close = [_run("a", 0.5, [0.0, 1.0], 3.0, [2.5, 3.5]), _run("b", 0.5, [0.0, 1.0], 2.0, [1.5, 2.5])]
    assert [r["overlaps_above"] for r in ranked(close, "overall")["overall"]] == [None, True]
    # pass@1 ordered them and its intervals are apart, whatever speedup@1's do
    runs = [_run("a", 0.9, [0.8, 1.0], 1.0, [0.5, 3.0]), _run("b", 0.2, [0.0, 0.4], 2.0, [0.5, 3.0])]
    assert [r["overlaps_above"] for r in ranked(runs, "overall")["overall"]] == [None, False]


def test_intervals_are_compared_as_the_tables_show_them():
    # [0.6, 0.7449] shows as [0.60,0.74], [0.7451, 0.9] as [0.75,0.90]: apart as read
    runs = [_run("a", 0.8, [0.7451, 0.9]), _run("b", 0.65, [0.6, 0.7449])]
    assert ranked(runs, "overall")["overall"][1]["overlaps_above"] is False
    # [0.6, 0.7501] shows as [0.60,0.75], touching [0.75,0.90]: not apart as read
    runs = [_run("a", 0.8, [0.7549, 0.9]), _run("b", 0.65, [0.6, 0.7501])]
    assert ranked(runs, "overall")["overall"][1]["overlaps_above"] is True


def test_runs_sharing_a_rank_are_each_judged_against_the_rank_above():
    runs = [_run("a1", 0.8, [0.75, 0.85]), _run("a2", 0.8, [0.7, 0.9]),  # tied first: never marked
            _run("b1", 0.5, [0.3, 0.72]), _run("b2", 0.5, [0.3, 0.6])]  # tied third: b1 overlaps a2, b2 neither
    rows = ranked(runs, "overall")["overall"]
    assert [(r["run_id"], r["rank"], r["overlaps_above"]) for r in rows] == [
        ("a1", 1, None), ("a2", 1, None), ("b1", 3, True), ("b2", 3, False)]
    # the next rank is judged against both of them
    rows = ranked(runs + [_run("c", 0.2, [0.0, 0.35])], "overall")["overall"]
    assert rows[-1]["rank"] == 5 and rows[-1]["overlaps_above"] is True  # overlaps b1 and b2


def test_the_web_leaderboard_marks_them_too(make_run, db, cli, tmp_path):
    store = Store(db)
    store.record(read_run_dir(make_run("good-model", GOOD, seed=1)))
    worse = read_run_dir(make_run("worse-model", WORSE, seed=2))
    store.record(worse)
    code, _, err = cli("leaderboard", "html", tmp_path / "site", "--db", db)
    assert code == 0, err
    index = (tmp_path / "site" / "index.html").read_text()
    omp = index.split('data-group="omp"')[1].split("</table>")[0]
    rows = omp.split("<tr>")[2:]
    assert rows[0].startswith('<td class="num" data-sort="1">1</td>')
    # the worse run's pass@1 [0.00,1.00] takes in the good run's [1.00,1.00]
    assert rows[1].startswith('<td class="num" data-sort="2">2<span class="overlap" title="~ after a rank')
    note = index.split('data-group="omp"')[1].split("</table></div>")[1]
    assert note.startswith('<p class="muted table-note">~ after a rank: its 95% interval overlaps')
    # mpi: one task a run, no interval: no mark, no note
    mpi = index.split('data-group="mpi"')[1].split("<h3")[0]
    assert "overlap" not in mpi and "table-note" not in mpi


def _as_written_before(summary: dict) -> dict:
    """summary.json as hpccoder wrote it before nulls: [v, v] (the bootstrap of one value) for a mean over one task."""
    def old(means: dict, cis: dict) -> dict:
        return {k: [means[k], means[k]] if ci is None else ci for k, ci in cis.items()}
    ci95 = summary["ci95"]
    return {**summary, "ci95": {
        "overall": old(summary["overall"], ci95["overall"]),
        **{g: {name: old(summary[g][name], cis) for name, cis in ci95[g].items()}
           for g in ("by_execution_model", "by_category")}}}


def test_summary_json_says_null_for_a_mean_over_one_task(make_run):
    run = read_run_dir(make_run("good-model", GOOD, seed=1))
    ci95 = run.summary["ci95"]
    assert all(ci is None for ci in ci95["by_execution_model"]["serial"].values())  # one task
    assert ci95["by_execution_model"]["omp"]["pass@1"] == [1.0, 1.0]  # two tasks that agree: an interval
    assert ci95["by_category"]["stencil"]["pass@1"] is None  # one task
    assert json.loads(json.dumps(run.summary)) == run.summary  # plain JSON: null


def test_a_summary_written_before_with_point_intervals_reads_as_one_written_now(make_run, db, cli, tmp_path):
    new_db, old_db = db, str(tmp_path / "old.db")
    for store_db, age in ((new_db, "new"), (old_db, "old")):
        store = Store(store_db)
        for i, (model, outcomes) in enumerate((("good-model", GOOD), ("worse-model", WORSE))):
            run = read_run_dir(make_run(model, outcomes, seed=i))
            store.record(run if age == "new" else replace(run, summary=_as_written_before(run.summary)))
    old_summary = Store(old_db).list_runs()[0]["summary"]
    assert old_summary["ci95"]["by_execution_model"]["serial"]["pass@1"] == [1.0, 1.0]
    ids = [r["id"] for r in Store(new_db).list_runs()]
    for fmt in ("text", "md", "json", "csv"):
        outs = [cli("leaderboard", "--db", d, "--format", fmt) for d in (new_db, old_db)]
        assert outs[0] == outs[1] and outs[0][0] == 0, fmt
    serial = [r for r in csv.DictReader(io.StringIO(outs[0][1])) if r["execution_model"] == "serial"]
    assert serial and all(r["pass@1_lo"] == r["pass@1_hi"] == "" for r in serial)  # one task: no interval
    for d in (new_db, old_db):
        code, out, err = cli("leaderboard", "compare", *ids, "--db", d)
        assert code == 0 and "4 tasks" in out.splitlines()[-1], err
        code, _, err = cli("leaderboard", "html", tmp_path / f"site-{d[-6:]}", "--db", d)
        assert code == 0, err
    pages = [(tmp_path / f"site-{d[-6:]}" / "runs" / f"{ids[0]}.html").read_text() for d in (new_db, old_db)]
    metrics = [page.split("<h2>Metrics</h2>")[1].split("<h2>Tasks</h2>")[0] for page in pages]
    serial_row = metrics[0].split("<tr><td>serial</td>")[1].split("</tr>")[0]
    assert metrics[0] == metrics[1] and "[-]" in serial_row and "[1.00, 1.00]" not in serial_row


def test_a_folder_with_a_summary_json_either_way_is_added(make_run, db, cli):
    for i, age in enumerate(("new", "old")):
        folder = make_run(f"model-{age}", GOOD, seed=i)
        summary = read_run_dir(folder).summary
        (folder / "summary.json").write_text(json.dumps(summary if age == "new" else _as_written_before(summary)))
        code, out, err = cli("leaderboard", "add", folder, "--db", db)
        assert code == 0 and out.startswith("added run"), err
    for run in Store(db).list_runs():  # recomputed on adding: null, whatever the folder's file said
        assert run["summary"]["ci95"]["by_execution_model"]["serial"]["pass@1"] is None
