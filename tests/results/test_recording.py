"""`hpccoder run` and `hpccoder evaluate` record their run in the store, through the real harness."""

from __future__ import annotations

import json
import re

import pytest

from hpccoder.results.store import Store
from hpctest import needs_bwrap

TASK = "cpp/dense_la/01_axpy/serial"
FAST = ("--no-timing", "--no-progress", "--seed", "5", "--jobs", "1")


@needs_bwrap
def test_run_records_and_no_record_does_not(tmp_path, db, cli):
    code, out, err = cli("run", "--model", "reference", "--tasks", TASK, "--out", tmp_path / "run", "--results-db", db,
                         *FAST)
    assert code == 0, err
    run_id = out.strip().splitlines()[-1].split()[3]
    assert out.strip().splitlines()[-1] == f"recorded as run {run_id} in sqlite:///{db}"
    run = Store(db).get_run(run_id)
    assert run["model"] == "reference" and run["source"] == "run" and run["tasks"] == 1
    assert run["generation"]["temperature"] == 0.0 and run["settings"]["seed"] == 5
    assert run["hardware"]["cpu"] and run["hardware"]["cores"] >= 1 and "g++" in run["tools"]
    assert run["duration_s"] is not None and run["finished"] >= run["started"][:10]
    [sample] = Store(db).samples_of(run_id)
    assert sample["status"] == "pass" and "axpy" in sample["code"] and sample["runs"]

    # running again resumes the same run: recorded again under the same id, not twice
    code, out, _ = cli("run", "--model", "reference", "--tasks", TASK, "--out", tmp_path / "run", "--results-db", db,
                       *FAST)
    assert code == 0 and f"recorded as run {run_id}" in out and len(Store(db).list_runs()) == 1

    code, out, _ = cli("run", "--model", "reference", "--tasks", TASK, "--out", tmp_path / "quiet", "--results-db", db,
                       "--no-record", *FAST)
    assert code == 0 and "recorded" not in out and len(Store(db).list_runs()) == 1
    # the folder still holds all that `leaderboard add` needs, hardware included
    assert json.loads((tmp_path / "quiet" / "record.json").read_text())["hardware"]["cores"] >= 1


@needs_bwrap
def test_evaluate_records_with_the_code_of_its_samples_file(tmp_path, db, cli):
    samples = tmp_path / "elsewhere" / "samples.jsonl"
    samples.parent.mkdir()
    samples.write_text(json.dumps({"task_id": TASK, "completion": "void axpy(double a) { broken"}) + "\n")
    code, out, err = cli("evaluate", "--samples", samples, "--out", tmp_path / "ev", "--results-db", db, *FAST)
    assert code == 0, err
    [run] = Store(db).list_runs()
    assert run["source"] == "evaluate" and run["model"] == f"file:{samples}"
    [sample] = Store(db).samples_of(run["id"])
    assert sample["status"] == "build_error" and sample["code"].startswith("void axpy") and sample["build_log"]
    # added again from the folder alone: record.json says where its samples are; the same run
    code, out, _ = cli("leaderboard", "add", tmp_path / "ev", "--db", db)
    assert code == 0 and out.startswith(f"replaced run {run['id']}")
    assert Store(db).samples_of(run["id"])[0]["code"].startswith("void axpy")


def test_a_bad_results_db_fails_before_any_work(tmp_path, cli):
    code, _, err = cli("run", "--model", "reference", "--tasks", TASK, "--out", tmp_path / "never",
                       "--results-db", "nosuchdialect://x", *FAST)
    assert code == 2 and err.startswith("hpccoder: error: cannot open the results store")
    assert not (tmp_path / "never").exists()


def test_a_store_that_fails_at_the_end_says_the_results_are_safe(make_run, db, monkeypatch):
    from hpccoder.errors import HpcError
    from hpccoder.results.cli import record_after

    store = Store(db)

    def fail(run):
        raise HpcError(f"cannot write to the results store {store.display}: disk I/O error")

    monkeypatch.setattr(store, "record", fail)
    folder = make_run("m", {TASK: [("pass", 1.0)]})
    with pytest.raises(HpcError, match=re.escape(f"disk I/O error; the results are safe in {folder}: add them "
                                                 f"later with `hpccoder leaderboard add {folder}`")):
        record_after(store, folder, "run")


@needs_bwrap
def test_overwrite_forgets_the_record_of_the_run_it_replaces(tmp_path, db, cli):
    # the old record.json (its end time, its samples file) would otherwise describe the new run until that one
    # ends, and a folder added while the new run is interrupted would end before it started
    from hpccoder.results.rundir import read_run_dir

    samples = tmp_path / "samples.jsonl"
    samples.write_text(json.dumps({"task_id": TASK, "completion": "void axpy(double a) { broken"}) + "\n")
    code, _, err = cli("evaluate", "--samples", samples, "--out", tmp_path / "ev", "--no-record", *FAST)
    assert code == 0, err
    record = json.loads((tmp_path / "ev" / "record.json").read_text())
    record["finished"] = "2000-01-01T00:00:00+0000"
    (tmp_path / "ev" / "record.json").write_text(json.dumps(record))

    from hpccoder.harness.evaluate import evaluate
    from hpctest import fast_options
    evaluate(samples, tmp_path / "ev", fast_options(overwrite=True))  # as if interrupted before its record
    assert not (tmp_path / "ev" / "record.json").exists()
    run = read_run_dir(tmp_path / "ev", samples)
    assert run.duration_s is not None and run.duration_s >= 0
