"""The results store: recording, idempotent adds, concurrent writers, where it lives, bad URLs."""

from __future__ import annotations

import json
import multiprocessing
import os
from dataclasses import replace
from pathlib import Path

import pytest

from hpccoder.errors import HpcError
from hpccoder.results.rundir import read_run_dir
from hpccoder.results.store import Store, default_url
from lbtest import GOOD, WORSE, write_run_dir


def test_a_run_holds_its_settings_and_every_sample(make_run, db):
    store = Store(db)
    run = read_run_dir(make_run("hf:/models/tiny", GOOD))
    assert store.record(run) is False
    saved = store.get_run(run.id[:6])  # a unique prefix names the run
    assert saved["model"] == "hf:/models/tiny" and saved["backend"] == "hf"
    assert saved["generation"]["temperature"] == 0.2 and saved["settings"]["reps"] == 5
    assert saved["suite_version"] == "0.1.0" and saved["problem_versions"] == {"cpp/dense_la/01_axpy": 1,
                                                                                "cpp/stencil/01_jacobi2d": 1}
    assert saved["tools"] == {"g++": "g++ 12.2.0"} and saved["hardware"] == {"cores": 2}  # no record.json
    assert saved["summary"]["overall"]["pass@1"] == 1.0
    samples = store.samples_of(run.id)
    assert [(s["task_id"], s["status"]) for s in samples] == sorted((t, "pass") for t in GOOD)
    assert all(s["code"].startswith("void kernel_0") and s["runs"] for s in samples)


def test_adding_the_same_folder_twice_does_not_duplicate(make_run, db, cli):
    folder = make_run("reference", GOOD)
    first, second = cli("leaderboard", "add", folder, "--db", db), cli("leaderboard", "add", folder, "--db", db)
    assert first[0] == 0 and second[0] == 0, first[2] + second[2]
    assert first[1].startswith("added run ") and second[1].startswith("replaced run ")
    store = Store(db)
    assert len(store.list_runs()) == 1 and len(store.samples_of(store.list_runs()[0]["id"])) == len(GOOD)


def test_a_run_is_removed_with_its_samples_and_the_others_stay(make_run, db, cli):
    keep, drop = make_run("reference", GOOD), make_run("other", WORSE)
    assert cli("leaderboard", "add", keep, drop, "--db", db)[0] == 0
    store = Store(db)
    gone = next(r["id"] for r in store.list_runs() if r["model"] == "other")
    code, out, err = cli("leaderboard", "remove", gone[:6], "--db", db)
    assert code == 0 and out.startswith(f"removed run {gone} (other, ") and not err
    assert [r["model"] for r in store.list_runs()] == ["reference"] and store.samples_of(gone) == []
    assert len(store.samples_of(store.list_runs()[0]["id"])) == len(GOOD)
    code, out, err = cli("leaderboard", "remove", gone, "--db", db)
    assert code != 0 and f"no run '{gone}'" in err and len(err.strip().splitlines()) == 1


def test_a_resumed_folder_keeps_the_last_result_of_each_sample(make_run, db):
    code = "void axpy() {}\n"
    folder = make_run("reference", {"cpp/dense_la/01_axpy/omp": [("wrong_answer", None)]}, code=code)
    later = make_run("reference", {"cpp/dense_la/01_axpy/omp": [("pass", 1.7)]}, code=code)
    with (folder / "results.jsonl").open("a") as fh:  # what a resumed evaluation appends
        fh.write((later / "results.jsonl").read_text())
    run = read_run_dir(folder)
    assert [s["status"] for s in run.samples] == ["pass"]
    assert run.summary["overall"]["speedup@1"] == pytest.approx(1.7)


def test_a_folder_with_results_lost_is_refused_with_what_is_missing(make_run, db, cli):
    # it was added with a warning: deleting a failing sample's line raised its figures
    folder = make_run("reference", GOOD)
    lines = (folder / "results.jsonl").read_text().splitlines()
    lost = json.loads(lines[-1])["task_id"]
    (folder / "results.jsonl").write_text("\n".join(lines[:-1]) + "\n{torn\n")
    code, out, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 2 and not Store(db).list_runs(), err
    assert (f"1 line(s) of results.jsonl are not results of this run as hpccoder wrote them; samples of 1 task(s) "
            f"have no result ({lost})") in err
    assert "`hpccoder evaluate` on this folder again completes it" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("leaderboard", "add", make_run("reference", GOOD), "--db", db)
    assert code == 0 and "warning" not in err


@pytest.mark.parametrize("edit", [
    pytest.param(lambda r: r.update(speedup={k: 50.0 for k in r["speedup"]}), id="speedups_raised"),
    pytest.param(lambda r: r.update(status="pass"), id="failed_made_pass"),
    pytest.param(lambda r: r["speedup"] and r.update(suspicious=False, speedup={k: 99.0 for k in r["speedup"]},
                                                     baseline_s=99.0 * r["runs"][0]["time_s"]), id="flag_dropped"),
    pytest.param(lambda r: r["runs"][0]["time_s"] and r["runs"][0].update(time_s=r["runs"][0]["time_s"] / 10),
                 id="median_not_of_its_times"),
    pytest.param(lambda r: r.update(seed=r["seed"] + 1), id="another_runs_inputs"),
    pytest.param(lambda r: r["status"] != "pass" and (r.update(status="pass", message=""),
                                                      r["runs"][-1].update(status="pass", message="")),
                 id="failure_made_an_untimed_pass"),
    pytest.param(lambda r: r.update(emulated=True), id="emulated_but_not_cuda"),  # took omp out of overall
    pytest.param(lambda r: r["runs"][0].update(wall_s="abc"), id="wall_s_not_a_number"),  # broke the site
    pytest.param(lambda r: r["runs"][0]["resources"].update(ranks="<img src=x onerror=alert(1)>"),
                 id="ranks_not_a_count"),  # went raw into the run's web page
    pytest.param(lambda r: r["runs"][0]["time_s"] and r["runs"][0].update(fresh_time_s=r["runs"][0]["time_s"] * 100),
                 id="pass_whose_fresh_call_shows_kept_answers"),
    pytest.param(lambda r: r.update(sample_index=10**20), id="sample_index_beyond_the_stores_integers"),
])
def test_a_result_line_whose_figures_do_not_follow_from_its_runs_is_not_taken(make_run, db, cli, edit):
    # a review raised a run to pass@1 1.0 and speedup 50 by editing results.jsonl: `leaderboard add` ranked it,
    # and a resumed `evaluate` took the lines as they were
    folder = make_run("reference", {"cpp/dense_la/01_axpy/omp": [("pass", 1.5), ("wrong_answer", None)]})
    lines = [json.loads(ln) for ln in (folder / "results.jsonl").read_text().splitlines()]
    for line in lines:
        edit(line)
    (folder / "results.jsonl").write_text("".join(json.dumps(ln) + "\n" for ln in lines))
    code, _, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 2 and not Store(db).list_runs(), err
    assert "are not results of this run as hpccoder wrote them" in err or "holds no result for the samples" in err


def test_a_run_of_several_models_is_refused(make_run, db, cli):
    folder = make_run("big-model-70b", GOOD)
    lines = (folder / "samples.jsonl").read_text().splitlines()
    lines[1] = lines[1].replace('"big-model-70b"', '"tiny-1b"')
    (folder / "samples.jsonl").write_text("\n".join(lines) + "\n")
    code, _, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 2 and "holds the samples of 2 models (big-model-70b, tiny-1b): a run is of one model" in err
    assert not Store(db).list_runs()


def test_a_run_keeps_its_id_when_its_folder_moves(make_run, db, tmp_path):
    folder = make_run("reference", GOOD)
    data = json.loads((folder / "run.json").read_text())
    data["run_uid"] = "0123456789abcdef"  # as evaluate writes it when the run begins
    (folder / "run.json").write_text(json.dumps(data))
    (folder / "record.json").write_text(json.dumps({"origin": f"node1:{folder}", "source": "run"}))
    first = read_run_dir(folder).id
    moved = folder.rename(tmp_path / "elsewhere")
    (moved / "record.json").write_text(json.dumps({"origin": f"node2:{moved}", "source": "run"}))
    assert read_run_dir(moved).id == first
    other = json.loads((moved / "samples.jsonl").read_text().splitlines()[0])["model"]
    assert other == "reference"  # the same uid with another model's samples is another run
    (moved / "samples.jsonl").write_text((moved / "samples.jsonl").read_text().replace('"reference"', '"other"'))
    assert read_run_dir(moved).id != first


def test_a_run_json_whose_settings_are_not_an_object_is_one_line(make_run, db, cli):
    folder = make_run("reference", GOOD)
    (folder / "run.json").write_text(json.dumps({"settings": "x"}))
    code, _, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 2 and "run.json: 'settings' is 'x', not an object as hpccoder writes it: evaluate again" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_recording_writes_record_json_with_the_hardware(make_run, db):
    from hpccoder.results.cli import record_after
    folder = make_run("reference", GOOD)
    store = Store(db)
    run_id = record_after(store, folder, "run")
    record = json.loads((folder / "record.json").read_text())
    assert record["hardware"]["cores"] >= 1 and record["hardware"]["cpu"]
    assert isinstance(record["hardware"]["gpus"], list)
    assert store.get_run(run_id)["hardware"] == record["hardware"]
    # added later from the folder (another machine's store): the same id and the hardware it ran on
    other = Store(str(Path(db).with_name("other.db")))
    again = read_run_dir(folder)
    other.record(again)
    assert again.id == run_id and other.get_run(run_id)["hardware"] == record["hardware"]


def _record_many(db: str, runs: list, start) -> None:
    start.wait()
    store = Store(db)
    for run in runs:
        store.record(run)


def test_two_processes_recording_at_once_lose_nothing(tmp_path, db):
    tasks = {f"cpp/dense_la/{i:02d}_k/omp": [("pass", 1.5), ("wrong_answer", None)] for i in range(20)}
    template = read_run_dir(write_run_dir(tmp_path / "run", "model", tasks))
    runs = [[replace(template, id=f"p{p}r{r}", model=f"model-{p}") for r in range(10)] for p in range(2)]
    ctx = multiprocessing.get_context("spawn")  # fresh interpreters: nothing of this one's engine is shared
    start = ctx.Event()
    # each also records the same run: it must end up there once, not twice and not lost
    procs = [ctx.Process(target=_record_many, args=(db, runs[p] + [template], start)) for p in range(2)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0, 0]
    store = Store(db)
    stored = store.list_runs()
    assert sorted(r["id"] for r in stored) == sorted([template.id] + [f"p{p}r{r}" for p in range(2) for r in range(10)])
    assert sum(len(store.samples_of(r["id"])) for r in stored) == 21 * 40


def test_the_store_lives_where_the_environment_says(monkeypatch, tmp_path):
    monkeypatch.setenv("HPCCODER_RESULTS_DB", str(tmp_path / "x.db"))
    assert default_url() == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("HPCCODER_RESULTS_DB", "postgresql+psycopg://u@host/db")
    assert default_url() == "postgresql+psycopg://u@host/db"
    monkeypatch.delenv("HPCCODER_RESULTS_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'hpccoder' / 'results.db'}"


def test_the_tests_never_touch_the_users_store():
    # tests/conftest.py points $HPCCODER_RESULTS_DB at a throwaway file for the whole session
    assert "results-store" in default_url() and ".local/share" not in default_url()


@pytest.mark.parametrize("argv, url, words", [
    (["leaderboard"], "nosuchdialect://x/y", "cannot open the results store"),
    (["leaderboard"], "postgresql+nosuchdriver://u@h/db", "cannot open the results store"),
    (["leaderboard", "add", "somewhere"], "sqlite:////proc/no/such/dir/results.db", "cannot make the folder"),
    (["leaderboard"], "sqlite:////proc/no/such/dir/results.db", "no results store at /proc/no/such/dir/results.db"),
])
def test_a_bad_store_is_one_line(argv, url, words, cli):
    code, _, err = cli(*argv, "--db", url)
    assert code == 2 and err.startswith("hpccoder: error: ") and words in err
    assert len(err.strip().splitlines()) == 1


def test_an_empty_store_says_how_to_fill_it(db, cli):
    Store(db)  # made, with no run in it
    code, out, _ = cli("leaderboard", "--db", db)
    assert code == 0
    assert out.strip().splitlines() == [
        f"no runs recorded yet in sqlite:///{db}: `hpccoder run` records every run, "
        "`hpccoder leaderboard add DIR` adds a results folder"]


def test_a_folder_that_is_not_a_run_is_one_line(tmp_path, db, cli):
    code, _, err = cli("leaderboard", "add", tmp_path, "--db", db)
    assert code == 2 and "is not a results folder" in err and len(err.strip().splitlines()) == 1


def test_unknown_and_ambiguous_run_ids(make_run, db):
    store = Store(db)
    template = read_run_dir(make_run("m", WORSE))
    for run_id in ("ab12345678", "ab98765432", "cd00000000"):
        store.record(replace(template, id=run_id))
    assert store.resolve("cd") == "cd00000000" and store.resolve("ab12345678") == "ab12345678"
    with pytest.raises(HpcError, match="no run 'zzz'"):
        store.resolve("zzz")
    with pytest.raises(HpcError, match="'ab' names 2 runs .*give more of the id"):
        store.resolve("ab")
    with pytest.raises(HpcError, match="no run '%'"):  # LIKE wildcards are plain characters here
        store.resolve("%")


PG_URL = os.environ.get("HPCCODER_TEST_POSTGRES_URL")


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL to test against: set HPCCODER_TEST_POSTGRES_URL "
                                       "(e.g. postgresql+psycopg://postgres@/db?host=/run/postgresql)")
def test_postgresql_store(make_run):
    from sqlalchemy import text

    store = Store(PG_URL)
    with store.engine.begin() as conn:  # a clean slate: this test owns the database it is given
        conn.execute(text("DELETE FROM samples"))
        conn.execute(text("DELETE FROM runs"))
    run = read_run_dir(make_run("pg-model", WORSE))
    assert store.record(run) is False and store.record(run) is True
    saved = store.get_run(run.id[:5])
    assert saved["summary"]["by_execution_model"]["omp"]["pass@1"] == 0.5 and saved["hardware"] == {"cores": 2}
    assert len(store.samples_of(run.id)) == len(WORSE)
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_record_many, args=(PG_URL, [replace(run, id=f"pg{p}-{r}") for r in range(5)] + [run],
                                                     start)) for p in range(2)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0, 0] and len(store.list_runs()) == 11


def test_a_store_from_an_older_hpccoder_gets_the_new_columns(make_run, db):
    import sqlite3

    Store(db)
    with sqlite3.connect(db) as conn:  # as an older hpccoder left it: no `extra` column yet
        conn.execute("ALTER TABLE samples DROP COLUMN extra")
    store = Store(db)
    run = read_run_dir(make_run("m", GOOD))
    store.record(run)
    assert set(store.samples_of(run.id)[0]["extra"]) == {"seed"}


def test_results_of_samples_that_changed_do_not_count_and_of_samples_gone_are_refused(make_run, db, cli):
    folder = make_run("m", {"cpp/dense_la/01_axpy/omp": [("pass", 1.5)], "cpp/dense_la/02_gemv/omp": [("pass", 1.5)]})
    lines = (folder / "samples.jsonl").read_text().splitlines()
    changed = json.loads(lines[0])
    changed["completion"] = "void other() {}\n"  # regenerated since it was evaluated: its result is stale
    (folder / "samples.jsonl").write_text(json.dumps(changed) + "\n" + lines[1] + "\n")
    with pytest.raises(HpcError, match=r"samples of 1 task\(s\) have no result \(cpp/dense_la/01_axpy/omp\)"):
        read_run_dir(folder)
    # a sample deleted from the file (a review deleted the failures and kept their results): its result would
    # leave the figures without a word
    (folder / "samples.jsonl").write_text(lines[1] + "\n")
    code, out, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 2 and "1 result(s) of this run are of samples that" in err and not out, err
    (folder / "samples.jsonl").write_text("\n".join(lines) + "\n")
    assert cli("leaderboard", "add", folder, "--db", db)[0] == 0


def test_lines_that_are_not_results_are_left_out_as_evaluate_leaves_them(make_run, db, cli):
    folder = make_run("reference", GOOD)
    with (folder / "results.jsonl").open("a") as fh:  # a hand edit or another tool; evaluate ignores these too
        fh.write('{"foo": 1}\n[1, 2]\n{"task_id": "cpp/dense_la/01_axpy/omp", "sample_index": 0, "status": "passed"}\n')
    code, out, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 0 and "3 line(s) of results.jsonl are not results of this run" in err, err
    [run] = Store(db).list_runs()
    assert run["samples"] == len(GOOD) and run["summary"]["overall"]["pass@1"] == 1.0
    samples = folder / "samples.jsonl"
    moved = samples.rename(folder.parent / "elsewhere.jsonl")
    # without its samples, a sample whose result went missing could not be told (a review deleted the failures)
    code, out, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 2 and "the samples of this run are not found: give them with --samples FILE" in err, err
    code, out, err = cli("leaderboard", "add", folder, "--samples", moved, "--db", db)
    assert code == 0 and "replaced run" in out, err


def test_a_later_line_of_code_the_sample_no_longer_has_does_not_hide_its_result(make_run):
    folder = make_run("m", {"cpp/dense_la/01_axpy/omp": [("pass", 1.5)]})
    [line] = (folder / "results.jsonl").read_text().splitlines()
    stale = {**json.loads(line), "completion_sha256": "0" * 64, "status": "wrong_answer"}
    with (folder / "results.jsonl").open("a") as fh:  # the code was changed, evaluated, and changed back
        fh.write(json.dumps(stale) + "\n")
    [sample] = read_run_dir(folder).samples
    assert sample["status"] == "pass"


def test_an_emulated_cuda_pass_or_a_verilog_ratio_edited_is_not_a_result():
    from hpccoder.harness.consistency import inconsistency
    from hpccoder.harness.records import RunRecord, SampleResult
    from hpccoder.harness.toolchains import Resources

    emulated = SampleResult("cpp/dense_la/01_axpy/cuda", 0, "pass", emulated=True,
                            runs=[RunRecord(Resources(), "pass", device="CPU emulation")])
    assert inconsistency(emulated) is None
    # the flag deleted: it moved to the cuda row and into overall, as if a GPU had run it
    assert "names no GPU" in inconsistency(replace(emulated, emulated=False, runs=[RunRecord(Resources(), "pass")]))
    hw = {"cells": 40, "depth": 10, "ref_cells": 52, "ref_depth": 12, "area_ratio": 1.3, "depth_ratio": 1.2}
    verilog = SampleResult("verilog/arithmetic/01_adder8/verilog", 0, "pass", hardware=hw)
    assert inconsistency(verilog) is None
    assert "area_ratio" in inconsistency(replace(verilog, hardware={**hw, "area_ratio": 3.0}))


def _results(folder) -> list[dict]:
    return [json.loads(ln) for ln in (folder / "results.jsonl").read_text().splitlines()]


def _write_results(folder, lines: list[dict]) -> None:
    (folder / "results.jsonl").write_text("".join(json.dumps(ln) + "\n" for ln in lines))


def test_failures_relabelled_not_run_beside_samples_that_ran_are_refused(make_run, db, cli):
    # every failure made not_run "g++ not found": pass@1 went from 0.5 to 1.0 (evaluate would run them again)
    folder = make_run("m", {"cpp/dense_la/01_axpy/omp": [("pass", 1.5), ("wrong_answer", None)]})
    lines = _results(folder)
    lines[1].update(status="not_run", message="g++ not found", runs=[], build_ok=None)
    _write_results(folder, lines)
    code, out, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 2 and not out and "are not_run where other samples of their execution model ran" in err, err
    # a model that could not run at all here (no GPU, no simulator) is not_run throughout: recorded
    folder = make_run("m", {"cpp/dense_la/01_axpy/omp": [("pass", 1.5)], "cpp/dense_la/01_axpy/mpi": [("pass", 1.2)]})
    lines = _results(folder)
    lines[1].update(status="not_run", message="mpirun not found", runs=[], baseline_s=None, speedup={})
    _write_results(folder, lines)
    assert cli("leaderboard", "add", folder, "--db", db)[0] == 0


def test_results_of_another_suite_or_task_than_the_run_says_are_refused(make_run, db, cli):
    from hpccoder.suite import Suite

    version = Suite().version
    folder = make_run("m", {"cpp/dense_la/01_axpy/omp": [("pass", 1.5)]}, suite_version=version)
    assert cli("leaderboard", "add", folder, "--db", db)[0] == 0
    lines = _results(folder)
    _write_results(folder, [{**ln, "suite_version": "0.0.1"} for ln in lines])
    code, _, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 2 and f"judged by suite 0.0.1, the run by suite {version}" in err, err
    _write_results(folder, [{**ln, "problem_version": 7} for ln in lines])
    code, _, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 2 and "judged against another version of its problem" in err, err
    # made-up passes of tasks the suite does not have raised pass@1 from 0.42 to 0.88
    fake = make_run("m", {"cpp/fake/01_easy/omp": [("pass", 1.5)]}, suite_version=version)
    code, _, err = cli("leaderboard", "add", fake, "--db", db)
    assert code == 2 and f"cpp/fake/01_easy/omp sample 0): suite {version} has no such task" in err, err


def test_the_speedup_reported_is_of_the_resources_the_runs_had(make_run, db, cli):
    # run.json's omp resources edited to 1x1 alone: speedup@1 became the 1-thread one
    folder = make_run("m", {"cpp/dense_la/01_axpy/omp": [("pass", 1.5)]})
    data = json.loads((folder / "run.json").read_text())
    data["settings"]["resources"]["omp"] = ["1x1"]
    (folder / "run.json").write_text(json.dumps(data))
    code, _, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 2 and "ran at 1x1, 1x2, where run.json's settings list 1x1" in err, err


def test_a_folder_whose_samples_name_no_model_keeps_its_run_when_moved(make_run, db, tmp_path):
    folder = make_run("m", GOOD)
    (folder / "samples.jsonl").write_text("".join(
        json.dumps({k: v for k, v in json.loads(ln).items() if k != "model"}) + "\n"
        for ln in (folder / "samples.jsonl").read_text().splitlines()))
    _write_results(folder, [{**ln, "model": None} for ln in _results(folder)])
    data = json.loads((folder / "run.json").read_text())
    data["run_uid"] = "fedcba9876543210"
    (folder / "run.json").write_text(json.dumps(data))
    first = read_run_dir(folder)
    moved = read_run_dir(folder.rename(tmp_path / "moved"))
    assert first.model.startswith("file:") and moved.model != first.model and moved.id == first.id


def test_a_samples_file_that_is_not_there_is_refused(make_run, db, cli, tmp_path):
    folder = make_run("m", GOOD)  # its own samples.jsonl would have been taken instead, without a word
    code, out, err = cli("leaderboard", "add", folder, "--samples", tmp_path / "nope.jsonl", "--db", db)
    assert code == 2 and not out and f"{tmp_path / 'nope.jsonl'}: no such samples file" in err, err


def test_an_odd_fast_p_key_in_summary_json_is_not_a_traceback(make_run, db, cli):
    folder = make_run("m", GOOD)
    (folder / "summary.json").write_text(json.dumps({"k": [1], "overall": {"fast_1.2.3@1": 0.5, "fast_2@1": 0.1}}))
    assert read_run_dir(folder).summary["k"] == [1]


def test_a_model_name_of_two_lines_is_skipped_and_an_old_one_keeps_tables_whole(make_run, db, cli, tmp_path):
    from hpccoder.samples import read_samples

    samples = tmp_path / "s.jsonl"
    samples.write_text(json.dumps({"task_id": "cpp/dense_la/01_axpy/omp", "completion": "x", "model": "a\nb|c"}) + "\n")
    said = []
    assert read_samples(samples, said.append) == [] and "line break" in said[0]
    store = Store(db)
    run = read_run_dir(make_run("m", GOOD))
    run.model = "evil\nmodel|x"  # a store written before the check
    store.record(run)
    code, out, _ = cli("leaderboard", "--db", db, "--format", "md")
    assert code == 0 and "evil model\\|x" in out and not any(ln.startswith("model|x") for ln in out.splitlines())


def test_a_database_of_another_program_is_refused_and_its_tables_left_alone(make_run, tmp_path, cli):
    import sqlite3

    other = tmp_path / "mlflow.db"  # MLflow's store has a `runs` table: hpccoder added its columns to it
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, name TEXT NOT NULL)")
        conn.execute("INSERT INTO runs VALUES ('x', 'theirs')")
    conn.close()
    for argv in (["leaderboard"], ["leaderboard", "add", make_run("m", GOOD)]):
        code, _, err = cli(*argv, "--db", other)
        assert code == 2 and "is not an hpccoder results store" in err and len(err.strip().splitlines()) == 1, err
    with sqlite3.connect(other) as conn:
        tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
    conn.close()
    assert tables == {"runs": "CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, name TEXT NOT NULL)"}


def test_a_schema_version_no_hpccoder_writes_is_one_line(db, cli):
    import sqlite3

    Store(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE hpccoder_meta SET value = 'one' WHERE key = 'schema_version'")
    conn.close()
    code, _, err = cli("leaderboard", "--db", db)
    assert code == 2 and "says its schema is 'one'" in err and len(err.strip().splitlines()) == 1, err


def test_a_store_in_a_folder_this_user_cannot_write_is_read_and_writes_are_refused(make_run, db, cli, tmp_path,
                                                                                   monkeypatch):
    # a leaderboard published where others may only read it (a read-only share, another user's folder): SQLite
    # cannot make its lock files there, and every command, listing included, failed with "unable to open"
    store = Store(db)
    run = read_run_dir(make_run("m", GOOD))
    store.record(run)
    store.engine.dispose()
    folder = Path(db).parent
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == folder and mode & os.W_OK
                        else real_access(p, mode, **kw))
    code, out, _ = cli("leaderboard", "runs", "--db", db)
    assert code == 0 and run.id in out
    code, _, _ = cli("leaderboard", "html", tmp_path / "site", "--db", db)
    assert code == 0 and (tmp_path / "site" / "runs" / f"{run.id}.html").is_file()
    for argv in (["add", make_run("other", WORSE, seed=3)], ["remove", run.id]):
        code, _, err = cli("leaderboard", *argv, "--db", db)
        assert code == 2 and "is read-only here" in err and len(err.strip().splitlines()) == 1, err
    assert [r["id"] for r in Store(db).list_runs()] == [run.id]
    code, _, err = cli("run", "--model", "reference", "--tasks", "cpp/dense_la/01_axpy/serial", "--out",
                       tmp_path / "never", "--results-db", db)
    assert code == 2 and "is read-only here" in err and not (tmp_path / "never").exists()


READ_COMMANDS = [[], ["--format", "json"], ["runs"], ["compare", "a", "b"], ["html", "SITE"], ["remove", "a"]]


@pytest.mark.parametrize("argv", READ_COMMANDS, ids=lambda a: " ".join(a) or "table")
def test_a_store_that_is_not_there_is_refused_by_what_reads_and_nothing_is_made(argv, tmp_path, cli):
    # a mistyped --db made its folder and an empty store, and the tables then said "no runs recorded yet"
    missing = tmp_path / "typo" / "results.db"
    code, out, err = cli("leaderboard", *[str(tmp_path / "site") if a == "SITE" else a for a in argv], "--db", missing)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
    assert err.strip() == (f"hpccoder: error: no results store at {missing}: give the --db that `hpccoder run`/"
                           "`evaluate` recorded into, or record a run first")
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "a command that reads made something"


def test_the_default_store_before_its_first_run_has_no_runs_and_is_not_made(tmp_path, monkeypatch, cli):
    default = tmp_path / "home" / "hpccoder" / "results.db"  # $HPCCODER_RESULTS_DB: never the user's own
    monkeypatch.setenv("HPCCODER_RESULTS_DB", str(default))
    empty = (f"no runs recorded yet in sqlite:///{default}: `hpccoder run` records every run, "
             "`hpccoder leaderboard add DIR` adds a results folder")
    for argv in ([], ["--format", "json"], ["runs"], ["--db", default]):
        code, out, err = cli("leaderboard", *argv)
        assert code == 0 and out.strip() == empty, (argv, out, err)
    code, out, _ = cli("leaderboard", "html", tmp_path / "site")
    assert code == 0 and empty in out.splitlines()
    assert "No runs recorded yet" in (tmp_path / "site" / "index.html").read_text()
    code, _, err = cli("leaderboard", "compare", "a", "b")
    assert code == 2 and f"no run 'a' in sqlite:///{default}: no runs recorded yet" in err
    assert not (tmp_path / "home").exists()
    code, _, _ = cli("leaderboard", "add", tmp_path / "no-run")  # add makes the store: it writes
    assert (tmp_path / "home" / "hpccoder").is_dir()


@pytest.mark.parametrize("content", [b"", b"not a database at all, a mistyped file name"])
def test_a_file_that_is_not_a_store_is_refused_by_what_reads_and_left_as_it_was(content, tmp_path, cli):
    other = tmp_path / "notes.db"
    other.write_bytes(content)
    for argv in ([], ["runs"], ["html", tmp_path / "site"]):
        code, _, err = cli("leaderboard", *argv, "--db", other)
        assert code == 2 and len(err.strip().splitlines()) == 1, err
        assert ("is not an hpccoder results store (it has no runs table)" in err if not content
                else "cannot open the results store" in err), err
    assert other.read_bytes() == content and sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]
