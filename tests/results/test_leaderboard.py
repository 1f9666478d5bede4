"""Ranked tables in every format, and the task-by-task comparison of two runs."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from hpccoder.results.leaderboard import status_text
from hpccoder.results.rundir import read_run_dir
from hpccoder.results.store import Store
from lbtest import GOOD, WORSE


@pytest.fixture
def two_runs(make_run, db):
    store = Store(db)
    good = read_run_dir(make_run("good-model", GOOD, seed=1))
    worse = read_run_dir(make_run("worse-model", WORSE, seed=2))
    store.record(worse)
    store.record(good)
    return good.id, worse.id


def test_the_table_ranks_runs_per_execution_model(two_runs, db, cli):
    good, worse = two_runs
    code, out, _ = cli("leaderboard", "--db", db)
    assert code == 0
    sections = {block.splitlines()[0]: block.splitlines()[1:] for block in out.split("\n\n")}
    assert {"mpi", "omp", "serial", "overall"} <= set(sections)
    omp = sections["omp"]
    assert omp[0].split()[:4] == ["#", "run", "model", "tasks"]
    assert omp[1].split()[:4] == ["1", good, "good-model", "2"]
    # its pass@1 interval [0.00,1.00] takes in the good run's [1.00,1.00]: ranked second, not separated from the first
    assert omp[2].split()[:4] == ["2~", worse, "worse-model", "2"]
    # the worse run's omp tasks: one passes (speedup 1.1), one is wrong: pass@1 0.5 with its interval
    assert "0.500 [0.00,1.00]" in omp[2] and "0.550 [0.00,1.10]" in omp[2]
    assert "1.650 [1.50,1.80]" in omp[1]  # speedup@1 of the good run: mean of 1.8 and 1.5


def test_csv_json_and_markdown(two_runs, db, cli):
    good, worse = two_runs
    code, out, _ = cli("leaderboard", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    mpi = [r for r in rows if r["execution_model"] == "mpi"]
    assert [(r["rank"], r["run_id"]) for r in mpi] == [("1", good), ("2", worse)]
    assert float(mpi[1]["build@1"]) == 0.0 and float(mpi[0]["speedup@1"]) == pytest.approx(1.2)
    assert {"pass@1_lo", "pass@1_hi", "efficiency@1"} <= set(rows[0])

    code, out, _ = cli("leaderboard", "--db", db, "--format", "json")
    data = json.loads(out)
    overall = data["overall"]
    assert [r["run_id"] for r in overall] == [good, worse] and overall[1]["metrics"]["pass@1"] == pytest.approx(0.5)
    assert overall[0]["ci95"]["pass@1"] == [1.0, 1.0] and overall[0]["tasks"] == 4

    code, out, _ = cli("leaderboard", "--db", db, "--format", "md")
    assert "### omp" in out and f"| 1 | {good} | good-model | 2 |" in out


def test_markdown_shows_a_models_name_as_text(make_run, db, cli):
    run = read_run_dir(make_run('hf:<img src=x onerror=alert(1)>|x', GOOD))
    Store(db).record(run)
    code, out, _ = cli("leaderboard", "--db", db, "--format", "md")
    assert code == 0 and "<img" not in out and "| hf:&lt;img src=x onerror=alert(1)&gt;\\|x |" in out


def test_runs_lists_ids_and_machines(two_runs, db, cli):
    code, out, _ = cli("leaderboard", "runs", "--db", db)
    assert code == 0 and all(run_id in out for run_id in two_runs) and "2 cores" in out


def test_compare_shows_what_changed_per_task(two_runs, db, cli):
    good, worse = two_runs
    code, out, _ = cli("leaderboard", "compare", good[:6], worse, "--db", db)
    assert code == 0
    lines = {ln.split()[0]: ln for ln in out.splitlines()[2:-1]}
    omp = lines["cpp/dense_la/01_axpy/omp"]
    assert "pass" in omp and "wrong_answer" in omp and "-1.000" in omp and omp.endswith("regressed")
    stencil = lines["cpp/stencil/01_jacobi2d/omp"]
    assert "+0.000" in stencil and "-0.400" in stencil and stencil.endswith("same")
    mpi = lines["cpp/dense_la/01_axpy/mpi"]
    assert mpi.endswith("regressed") and "build_error" in mpi
    assert out.splitlines()[-1] == "4 tasks: regressed 2, same 2"

    code, out, _ = cli("leaderboard", "compare", worse, good, "--db", db, "--format", "json", "--changed")
    data = json.loads(out)
    assert {t["task_id"]: t["change"] for t in data["tasks"]} == {"cpp/dense_la/01_axpy/omp": "improved",
                                                                 "cpp/dense_la/01_axpy/mpi": "improved"}
    assert data["tasks"][0]["pass@1_delta"] == 1.0


def test_compare_marks_tasks_only_one_run_has(make_run, db, cli):
    store = Store(db)
    a = read_run_dir(make_run("a", {"cpp/x/01_a/omp": [("pass", 1.0)], "cpp/x/02_b/omp": [("pass", 1.0)]}, seed=1))
    b = read_run_dir(make_run("b", {"cpp/x/02_b/omp": [("pass", 1.0), ("timeout", None)],
                                    "cpp/x/03_c/omp": [("pass", 1.0)]}, seed=2))
    store.record(a)
    store.record(b)
    code, out, _ = cli("leaderboard", "compare", a.id, b.id, "--db", db, "--format", "csv")
    rows = {r["task_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["cpp/x/01_a/omp"]["change"] == "only in A" and rows["cpp/x/03_c/omp"]["change"] == "only in B"
    assert rows["cpp/x/02_b/omp"]["status_b"] == "pass 1, timeout 1" and rows["cpp/x/02_b/omp"]["change"] == "regressed"


def test_compare_with_an_unknown_run_is_one_line(two_runs, db, cli):
    code, _, err = cli("leaderboard", "compare", two_runs[0], "nosuchrun", "--db", db)
    assert code == 2 and err.strip() == (f"hpccoder: error: no run 'nosuchrun' in sqlite:///{db} "
                                         "(`hpccoder leaderboard runs` lists them)")


def test_status_text():
    assert status_text(["pass"]) == "pass" and status_text(["pass"] * 3) == "pass x3"
    assert status_text(["wrong_answer", "pass", "wrong_answer"]) == "wrong_answer 2, pass 1"


def test_compare_keeps_the_start_of_a_long_status(make_run, db, cli):
    mixed = {"cpp/dense_la/01_axpy/omp": [("pass", 1.5)] * 3 + [("wrong_answer", None), ("build_error", None)]}
    a, b = make_run("hf:/m/a", mixed), make_run("hf:/m/b", mixed, started="2026-11-26T10:00:00+0000")
    ids = [read_run_dir(f).id for f in (a, b)]
    for f in (a, b):
        assert cli("leaderboard", "add", f, "--db", db)[0] == 0
    code, out, err = cli("leaderboard", "compare", *ids, "--db", db)
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith("cpp/dense_la/01_axpy/omp"))
    assert "pass 3, wrong_ans…" in row, row  # the pass count first


def test_runs_with_the_same_figures_share_a_rank(make_run, db, cli):
    store = Store(db)
    twins = [read_run_dir(make_run(f"twin-{i}", GOOD, seed=i)) for i in (1, 2)]
    worse = read_run_dir(make_run("worse-model", WORSE, seed=3))
    for run in (*twins, worse):
        store.record(run)
    code, out, _ = cli("leaderboard", "--db", db, "--format", "csv")
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["execution_model"] == "overall"]
    # their order is that of their ids, which is no ranking: both are first, and the next one is third
    assert [(r["rank"], r["model"]) for r in rows][2] == ("3", "worse-model")
    assert {(r["rank"], r["model"]) for r in rows[:2]} == {("1", "twin-1"), ("1", "twin-2")}


def test_emulated_tasks_count_in_their_own_row_only():
    from types import SimpleNamespace

    from hpccoder.harness.records import SampleResult
    from hpccoder.harness.summary import summarize
    from hpccoder.results.leaderboard import ranked
    from hpccoder.results.rundir import split_task_id

    results = [SampleResult("cpp/dense_la/01_axpy/cuda", 0, "pass", emulated=True, build_ok=True),
               SampleResult("cpp/dense_la/01_axpy/omp", 0, "pass", speedup={"2": 1.5}),
               SampleResult("cpp/dense_la/02_gemv/omp", 0, "wrong_answer")]
    tasks = {r.task_id: SimpleNamespace(model=split_task_id(r.task_id)[2], category=split_task_id(r.task_id)[1])
             for r in results}
    run = {"id": "r1", "model": "m", "summary": summarize(results, tasks, [1], {"omp": [2], "cuda": [1]}, [1.0], "x")}
    # overall and by_category leave the emulated task out of their means: their task counts must too
    assert ranked([run], "overall")["overall"][0]["tasks"] == 2
    assert ranked([run], "by_category")["dense_la"][0]["tasks"] == 2
    by_model = ranked([run])
    assert by_model["cuda-emu"][0]["tasks"] == 1 and by_model["omp"][0]["tasks"] == 2


def test_runs_of_other_suite_versions_are_said_apart(make_run, db, cli):
    store = Store(db)
    store.record(read_run_dir(make_run("old-suite", GOOD, seed=1, suite_version="0.0.9")))
    store.record(read_run_dir(make_run("new-suite", GOOD, seed=2)))
    for fmt in ("text", "md"):  # neither table has a suite column
        code, out, _ = cli("leaderboard", "--db", db, "--format", fmt)
        assert code == 0 and "2 suite versions (0.0.9, 0.1.0)" in out.splitlines()[-1]
    code, out, _ = cli("leaderboard", "--db", db, "--suite-version", "0.1.0")
    assert "new-suite" in out and "old-suite" not in out and "suite versions" not in out
    code, out, _ = cli("leaderboard", "--db", db, "--suite-version", "7.0")
    assert code == 0 and out.strip() == f"no run of suite version 7.0 in sqlite:///{db}; its runs are of 0.0.9, 0.1.0"


def test_a_run_evaluated_without_k_1_still_has_the_metrics_the_leaderboard_ranks_by(make_run, db, cli):
    folder = make_run("k5-model", {"cpp/dense_la/01_axpy/omp": [("pass", 1.5), ("wrong_answer", None)] * 3})
    (folder / "summary.json").write_text(json.dumps({"k": [5]}))  # `evaluate --k 5`
    run = read_run_dir(folder)
    assert run.summary["k"] == [1, 5] and run.summary["overall"]["pass@1"] == 0.5
    Store(db).record(run)
    code, out, _ = cli("leaderboard", "--db", db, "--format", "json")
    assert json.loads(out)["overall"][0]["metrics"]["pass@1"] == 0.5


def test_a_run_with_nothing_to_rank_is_named_not_lost(make_run, db, cli):
    store = Store(db)
    good = read_run_dir(make_run("good-model", GOOD, seed=1))
    idle = read_run_dir(make_run("idle-model", {"cpp/dense_la/01_axpy/mpi": [("not_run", None)]}, seed=2))
    assert idle.summary["overall"] == {} and idle.summary["tasks"] == 1
    store.record(good)
    store.record(idle)
    summary = dict(good.summary, overall={**good.summary["overall"], "speedup@1": float("inf")})
    runs = [dict(r, summary=summary) if r["id"] == good.id else r for r in store.list_runs()]
    from hpccoder.results.leaderboard import format_leaderboard
    out = format_leaderboard(runs, "text")
    assert f"not ranked, having no metric (none of their samples ran): {idle.id}" in out
    assert "idle-model" not in out and "inf" not in out


def test_the_tasks_column_counts_the_tasks_pass_at_k_averages():
    # a cuda task built where no GPU could run it has build@k alone: counting it made a run without a GPU read
    # as covering the tasks of a run with one
    from hpccoder.results.leaderboard import _tasks_in

    summary = {"per_task": {"cpp/dense_la/01_axpy/serial": {"pass@1": 1.0, "build@1": 1.0},
                            "cpp/dense_la/01_axpy/cuda": {"build@1": 1.0}}}
    assert _tasks_in(summary, "overall", "overall") == 1
    assert _tasks_in(summary, "by_category", "dense_la") == 1
    assert _tasks_in(summary, "by_execution_model", "cuda") == 1  # a row of build@1 alone


def test_compare_says_when_the_two_runs_were_not_judged_alike(make_run, db, cli):
    # a sample needing 5 GB fails under the default --memory-mb and passes under 8000: compare said nothing
    store = Store(db)
    a = read_run_dir(make_run("a", GOOD, seed=1))
    b = read_run_dir(make_run("b", GOOD, seed=2))
    store.record(a)
    store.record(b)
    code, out, _ = cli("leaderboard", "compare", a.id, b.id, "--db", db)
    assert code == 0 and "not judged alike" not in out  # other seeds alone: judged alike
    store.record(replace(b, settings={**b.settings, "memory_mb": 8000}, suite_version="0.3.4"))
    code, out, _ = cli("leaderboard", "compare", a.id, b.id, "--db", db)
    assert code == 0 and "not judged alike" in out.splitlines()[1], out
    assert 'suite_version "0.1.0" -> "0.3.4"' in out and "memory_mb null -> 8000" in out
    code, out, _ = cli("leaderboard", "compare", a.id, b.id, "--db", db, "--format", "json")
    assert json.loads(out)["settings_differ"] == ['suite_version "0.1.0" -> "0.3.4"', "memory_mb null -> 8000"]
    # a run with the race check against one without: an omp sample's verdict may differ (a race is a wrong_answer)
    store.record(replace(b, settings={**a.settings, "race_check": not a.settings.get("race_check")},
                         suite_version=a.suite_version))
    code, out, _ = cli("leaderboard", "compare", a.id, b.id, "--db", db, "--format", "json")
    assert [d for d in json.loads(out)["settings_differ"] if d.startswith("race_check")] == [
        f"race_check {json.dumps(a.settings.get('race_check'))} -> {json.dumps(not a.settings.get('race_check'))}"]


def test_a_run_is_ranked_by_its_speedup_at_the_largest_n_its_machine_held(make_run):
    # speedup@1 at 2x2 ranks x threads on a 2-core machine said how 4 processes share 2 cores
    folder = make_run("hybrid-model", {"cpp/dense_la/01_axpy/mpi+omp": [("pass", 1.5)]})
    run_json = json.loads((folder / "run.json").read_text())
    assert run_json["machine"]["cores"] == 2 and run_json["settings"]["resources"]["mpi+omp"] == ["2x1", "2x2"]
    lines = [json.loads(line) for line in (folder / "results.jsonl").read_text().splitlines()]
    for r in lines:  # 1.5 at 2x1, 0.7 at 2x2 (the run's median made to match: add checks it)
        r["speedup"]["4"] = 0.7
        for run in r["runs"]:
            if run["resources"] == {"ranks": 2, "threads": 2}:
                run["time_s"] = round(r["baseline_s"] / 0.7, 9)
                run["times_s"] = [run["time_s"]] * 5
    (folder / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    on2 = read_run_dir(folder).summary
    assert on2["n"] == {"mpi+omp": 2}
    assert on2["by_execution_model"]["mpi+omp"]["speedup@1"] == pytest.approx(1.5)
    run_json["machine"]["cores"] = 4
    (folder / "run.json").write_text(json.dumps(run_json))
    on4 = read_run_dir(folder).summary
    assert on4["n"] == {"mpi+omp": 4} and on4["by_execution_model"]["mpi+omp"]["speedup@1"] == pytest.approx(0.7)


def test_compare_judges_resources_only_of_the_execution_models_both_runs_have(make_run, db, cli):
    # a run that also had cuda and verilog tasks lists their resources too: compare said the two were "not judged
    # alike" for resources of models only one of them ran
    store = Store(db)
    a = read_run_dir(make_run("a", GOOD, seed=1))
    b = read_run_dir(make_run("b", GOOD, seed=2))
    store.record(a)
    store.record(replace(b, settings={**b.settings, "resources": {**b.settings["resources"], "cuda": ["1x1"]}}))
    code, out, _ = cli("leaderboard", "compare", a.id, b.id, "--db", db)
    assert code == 0 and "not judged alike" not in out, out
    omp_other = {**b.settings["resources"], "omp": ["1x1", "1x4"]}
    store.record(replace(b, settings={**b.settings, "resources": omp_other}))
    code, out, _ = cli("leaderboard", "compare", a.id, b.id, "--db", db)
    assert code == 0 and "not judged alike" in out and '"omp": ["1x1", "1x4"]' in out, out


def test_the_tables_say_when_their_runs_were_timed_on_other_machines(make_run, db, cli):
    # the text and Markdown tables have no machine column: speedups of a laptop and a cluster node sat side by side
    store = Store(db)
    a = read_run_dir(make_run("a", GOOD, seed=1))
    b = read_run_dir(make_run("b", WORSE, seed=2))
    store.record(a)
    store.record(b)
    for fmt in ("text", "md"):
        code, out, _ = cli("leaderboard", "--db", db, "--format", fmt)
        assert code == 0 and "kinds of machine" not in out, out
    store.record(replace(b, hardware={"cpu": "Intel Xeon", "cores": 64, "gpus": []}))
    for fmt in ("text", "md"):
        code, out, _ = cli("leaderboard", "--db", db, "--format", fmt)
        assert code == 0 and out.splitlines()[-1].startswith("these runs were timed on 2 kinds of machine"), out


def _sections(out: str) -> dict[str, list[str]]:
    return {block.splitlines()[0]: block.splitlines()[1:] for block in out.split("\n\n")}


def test_a_mean_over_one_task_has_no_interval_in_any_format(two_runs, db, cli, tmp_path):
    # the bootstrap of one task's figure is [v, v]: shown as "1.80 [1.80,1.80]" it read as certainty
    good, worse = two_runs
    code, out, _ = cli("leaderboard", "--db", db)
    tables = _sections(out)
    serial = next(row for row in tables["serial"][1:] if row.split()[1] == good)  # one task: 01_axpy/serial
    assert code == 0 and "1.000 [-]" in serial and "[1.00,1.00]" not in serial, serial
    assert "1.650 [1.50,1.80]" in tables["omp"][1]  # two tasks: their interval
    assert "[-]: none, a mean over one task" in out
    code, out, _ = cli("leaderboard", "--db", db, "--format", "md")
    row = next(line for line in out.split("### serial")[1].splitlines() if f"| {good} |" in line)
    assert "1.000 [-]" in row and "[1.00,1.00]" not in row, row
    code, out, _ = cli("leaderboard", "--db", db, "--format", "json")
    data = json.loads(out)
    assert all(ci is None for r in data["by_execution_model"]["serial"] for ci in r["ci95"].values())
    assert data["by_execution_model"]["omp"][0]["ci95"]["speedup@1"] == [1.5, 1.8]
    # four tasks that all pass: an interval of zero width that is one
    assert data["overall"][0]["ci95"]["pass@1"] == [1.0, 1.0]
    code, out, _ = cli("leaderboard", "--db", db, "--format", "csv")
    serial_rows = [r for r in csv.DictReader(io.StringIO(out)) if r["execution_model"] == "serial"]
    assert serial_rows and all(r["pass@1_lo"] == r["pass@1_hi"] == "" for r in serial_rows)
    code, _, _ = cli("leaderboard", "html", tmp_path / "site", "--db", db)
    index = (tmp_path / "site" / "index.html").read_text()
    serial_table = index.split('data-group="serial"')[1].split("</table>")[0]
    assert code == 0 and "[1.00, 1.00]" not in serial_table and "[-]" in serial_table
    page = (tmp_path / "site" / "runs" / f"{good}.html").read_text()
    serial_row = page.split("<tr><td>serial</td>")[1].split("</tr>")[0]
    assert "[1.00, 1.00]" not in serial_row and "[-]" in serial_row, serial_row


def test_json_has_the_notes_the_tables_have(make_run, db, cli):
    # a script reading --format json did not learn that the runs mixed suite versions or machines
    store = Store(db)
    a = read_run_dir(make_run("a", GOOD, seed=1, suite_version="0.0.9"))
    b = read_run_dir(make_run("b", WORSE, seed=2))
    store.record(a)
    store.record(replace(b, hardware={"cpu": "Intel Xeon", "cores": 64, "gpus": []}))
    code, out, _ = cli("leaderboard", "--db", db, "--format", "json")
    notes = json.loads(out)["notes"]
    assert code == 0 and len(notes) == 2
    assert notes[0].startswith("these runs used 2 suite versions (0.0.9, 0.1.0)")
    assert notes[1].startswith("these runs were timed on 2 kinds of machine")
    code, text, _ = cli("leaderboard", "--db", db)
    assert text.splitlines()[-2:] == notes  # the same words as under the tables
    code, out, _ = cli("leaderboard", "--db", db, "--format", "json", "--suite-version", "0.1.0")
    assert json.loads(out)["notes"] == []


def _run(run_id: str, pass1: float, speedup1: float) -> dict:
    metrics = {"pass@1": pass1, "build@1": 1.0, "speedup@1": speedup1, "efficiency@1": speedup1 / 2}
    return {"id": run_id, "model": f"model-{run_id}", "summary": {"overall": metrics}}


def test_runs_whose_figures_read_the_same_share_a_rank():
    # ranked at full precision, two rows both showing "0.500  1.234" got ranks 1 and 2
    from hpccoder.results.leaderboard import format_leaderboard, ranked

    runs = [_run("r1", 0.5, 1.2341), _run("r2", 0.5, 1.2344), _run("r3", 0.5, 1.2334), _run("r4", 0.4999, 1.2)]
    rows = ranked(runs, "overall")["overall"]
    # r4's pass@1 shows as 0.500 too: its speedup, shown lower, puts it last
    assert [(r["run_id"], r["rank"]) for r in rows] == [("r1", 1), ("r2", 1), ("r3", 3), ("r4", 4)]
    table = _sections(format_leaderboard(runs, "text"))["overall"]
    assert [(line.split()[0], line.split()[1]) for line in table[1:]] == [("1", "r1"), ("1", "r2"), ("3", "r3"),
                                                                         ("4", "r4")]
    assert "1.234 [-]" in table[1] and "1.234 [-]" in table[2]  # what shares a rank reads the same
