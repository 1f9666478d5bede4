"""`hpccoder leaderboard verify`: a results folder evaluated again in part, through the real harness, and compared."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import pytest

from hpccoder.cli import main
from hpccoder.harness.records import RunRecord, SampleResult
from hpccoder.harness.toolchains import Resources
from hpccoder.results.store import Store
from hpccoder.results.verify import compare, format_report, how_many, pick
from hpctest import REPO, needs_bwrap

AXPY = "cpp/dense_la/01_axpy"
WRONG_AXPY = ("#include <omp.h>\n#include <vector>\nvoid axpy(double alpha, const std::vector<double> &x, "
              "const std::vector<double> &y, std::vector<double> &z) {\n#pragma omp parallel for\n"
              "    for (long i = 0; i < (long)x.size(); ++i) z[i] = alpha * x[i] - y[i];\n}\n")
SAMPLES = [  # the references pass, the last one (y subtracted) is a wrong_answer
    {"task_id": f"{AXPY}/serial", "sample_index": 0, "model": "m",
     "completion": (REPO / "kernels_ref" / AXPY / "serial.cpp").read_text()},
    {"task_id": f"{AXPY}/omp", "sample_index": 0, "model": "m",
     "completion": (REPO / "kernels_ref" / AXPY / "omp.cpp").read_text()},
    {"task_id": f"{AXPY}/omp", "sample_index": 1, "model": "m", "completion": WRONG_AXPY},
]
FAST = ("--no-timing", "--no-progress", "--seed", "5", "--threads", "1,2", "--no-record")


@pytest.fixture(scope="module")
def honest(tmp_path_factory) -> Path:
    """A folder as `hpccoder evaluate` wrote it: two passes and a wrong_answer (a few seconds, untimed)."""
    root = tmp_path_factory.mktemp("verify")
    samples = root / "samples.jsonl"
    samples.write_text("".join(json.dumps(s) + "\n" for s in SAMPLES))
    assert main(["evaluate", "--samples", str(samples), "--out", str(root / "run"), *FAST]) == 0
    statuses = [json.loads(ln)["status"] for ln in (root / "run" / "results.jsonl").read_text().splitlines()]
    assert sorted(statuses) == ["pass", "pass", "wrong_answer"]
    return root / "run"


@pytest.fixture
def folder(honest, tmp_path) -> Path:
    """A copy of the honest folder, to edit; record.json points at samples.jsonl beside it or nowhere else."""
    return Path(shutil.copytree(honest, tmp_path / "run"))


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("hpccoder-verify-*"))


def forge(folder: Path) -> None:
    """The wrong_answer made a pass as consistently as an editor can: the omp reference's line (its runs, all at
    the run's resources, each a pass) under the wrong sample's index and code hash."""
    lines = [json.loads(ln) for ln in (folder / "results.jsonl").read_text().splitlines()]
    good = next(ln for ln in lines if ln["task_id"] == f"{AXPY}/omp" and ln["status"] == "pass")
    bad = next(ln for ln in lines if ln["status"] == "wrong_answer")
    bad.update({k: v for k, v in good.items() if k not in ("sample_index", "completion_sha256", "duplicate_of")})
    (folder / "results.jsonl").write_text("".join(json.dumps(ln) + "\n" for ln in lines))


@needs_bwrap
def test_an_honest_folder_verifies_and_is_left_as_it_was(folder, cli):
    before, temps = fingerprint(folder), leftovers()
    code, out, err = cli("leaderboard", "verify", folder, "--no-progress")
    assert code == 0, err
    assert "3 of 3 samples evaluated again" in out and "statuses: 3 agree, 0 disagree" in out
    assert out.strip().splitlines()[-1] == "verdict: OK: every status of the 3 samples evaluated again (of 3) reproduced"
    assert "--seed 5 --k 1 --no-timing" in out and "--threads 1,2" in out  # run.json's settings, as evaluate takes them
    assert fingerprint(folder) == before and leftovers() == temps


@needs_bwrap
def test_a_failure_edited_consistently_into_a_pass_is_caught(folder, cli, tmp_path):
    forge(folder)
    # the store's checks take the forged line: only running the code again finds it out
    db = str(tmp_path / "store.db")
    code, out, err = cli("leaderboard", "add", folder, "--db", db)
    assert code == 0, err
    [run] = Store(db).list_runs()
    assert run["summary"]["overall"]["pass@1"] == 1.0  # ranked as if every sample passed
    before = fingerprint(folder)
    code, out, err = cli("leaderboard", "verify", folder, "--no-progress")
    assert code == 1, out + err
    assert f"  DIFFERS {AXPY}/omp sample 1: pass -> wrong_answer (1x2: " in out
    assert "statuses: 2 agree, 1 disagree" in out
    assert out.strip().splitlines()[-1].startswith("verdict: FAILED: 1 of the 3 samples evaluated again (of 3) got "
                                                   "another status than recorded")
    assert fingerprint(folder) == before


@needs_bwrap
def test_json_report_and_a_machine_that_differs_is_said(folder, cli):
    record = json.loads((folder / "record.json").read_text())
    record["hardware"].update(cpu="Some Other CPU", cores=64)
    (folder / "record.json").write_text(json.dumps(record))
    code, out, err = cli("leaderboard", "verify", folder, "--format", "json", "--count", "1", "--seed", "3",
                         "--no-progress")
    assert code == 0, err
    report = json.loads(out)
    assert report["picked"] == 1 and report["samples"] == 3 and report["agree"] == 1 and report["exit_code"] == 0
    assert report["disagree"] == [] and report["machine"]["same"] is False
    assert report["machine"]["recorded"].startswith("Some Other CPU, 64 cores")


@needs_bwrap
def test_ctrl_c_exits_130_and_leaves_no_temporary_folder(folder, cli, monkeypatch):
    from hpccoder.harness import evaluate

    def interrupted(*args, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(evaluate, "evaluate_groups", interrupted)
    before, temps = fingerprint(folder), leftovers()
    code, out, err = cli("leaderboard", "verify", folder, "--no-progress")
    assert code == 130 and out == ""
    assert err.strip() == f"hpccoder: error: interrupted: {folder} was only read, and the evaluation's temporary " \
                          "folder is removed"
    assert fingerprint(folder) == before and leftovers() == temps


@pytest.mark.parametrize("argv, words", [
    (["{tmp}/nowhere"], "nowhere: no such folder: give a results folder"),
    (["{tmp}/file.txt"], "file.txt is a file: give the results folder"),
    (["{tmp}"], "is not a results folder (it needs run.json and results.jsonl"),
    (["{run}"], "was judged by suite 0.1.0, and this hpccoder has suite"),
    (["{run}", "--fraction", "0"], "--fraction F: a part of the samples"),
    (["{run}", "--count", "0"], "--count N: at least 1 sample"),
    (["{run}", "--samples", "{tmp}/none.jsonl"], "none.jsonl: no such samples file"),
])
def test_bad_input_is_one_line_and_exit_2(argv, words, make_run, tmp_path, cli):
    run = make_run("reference", {f"{AXPY}/serial": [("pass", 1.0)]})  # lbtest's runs are of suite 0.1.0
    (tmp_path / "file.txt").write_text("x")
    before = fingerprint(run)
    code, out, err = cli("leaderboard", "verify", *[a.format(tmp=tmp_path, run=run) for a in argv])
    assert code == 2 and out == ""
    assert err.startswith("hpccoder: error: ") and len(err.strip().splitlines()) == 1 and words in err, err
    assert fingerprint(run) == before


def test_run_json_without_its_settings_is_one_line(folder, cli):
    run_json = json.loads((folder / "run.json").read_text())
    del run_json["started"]
    (folder / "run.json").write_text(json.dumps(run_json))
    code, out, err = cli("leaderboard", "verify", folder)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "run.json lacks the settings, resources, seed or start hpccoder writes" in err


# -- the pick and the comparison, without the harness ------------------------------------------------------
def _rows(statuses: list[str]) -> list[dict]:
    return [{"task_id": f"t/{i % 3}", "sample_index": i, "status": s, "speedup": {}} for i, s in enumerate(statuses)]


def test_the_pick_is_reproducible_and_takes_every_status():
    rows = _rows(["pass"] * 90 + ["wrong_answer"] * 8 + ["build_error"] * 2)
    first = pick(rows, 5, seed=1)
    assert first == pick(rows, 5, seed=1) and len(first) == 5
    assert {r["status"] for r in first} == {"pass", "wrong_answer", "build_error"}
    assert pick(rows, 5, seed=2) != first  # another seed, another part
    assert {r["status"] for r in pick(rows, 1, seed=1)} == {"pass"}  # a pass first: a forged one reads as one
    assert len(pick(rows, 100, seed=1)) == 100


def test_how_many_are_picked():
    assert how_many(3, None, None) == 3 and how_many(20, None, None) == 20
    assert how_many(1000, None, None) == 100 and how_many(50, None, None) == 20
    assert how_many(1000, 7, None) == 7 and how_many(3, 7, None) == 3
    assert how_many(1000, None, 0.25) == 250 and how_many(3, None, 0.01) == 1


def _result(index: int, status: str, speedups: dict) -> SampleResult:
    return SampleResult("t/omp", index, status, message="1x2: wrong" if status != "pass" else "",
                        runs=[RunRecord(Resources(1, 2), status)], speedup=speedups)


def test_speedups_that_differ_warn_and_never_fail():
    rows = [{"task_id": "t/omp", "sample_index": i, "status": "pass", "speedup": {"1": 1.0, "2": 1.8}}
            for i in range(3)]
    got = {("t/omp", 0): _result(0, "pass", {"1": 1.0, "2": 1.6}), ("t/omp", 1): _result(1, "pass", {"1": 0.9, "2": 1.8}),
           ("t/omp", 2): _result(2, "pass", {"1": 1.1, "2": 0.45})}
    result = compare(rows, got)
    assert result["agree"] == 3 and result["disagree"] == []
    sp = result["speedups"]
    assert sp["pairs"] == 6 and sp["worst"]["sample_index"] == 2 and sp["worst"]["ratio"] == 0.25
    assert [(r["sample_index"], r["n"]) for r in sp["beyond_factor"]] == [(2, 2)]
    report = {"folder": "F", "samples": 3, "picked": 3, "seed": 0, "run_seed": 1, "suite_version": "0.5.0",
              "timing": True, "command": "hpccoder evaluate ...", **result, "exit_code": 0, "verdict": "OK: ...",
              "machine": {"recorded": "A", "here": "B", "same": False}}
    text = format_report(report)
    assert "median 0.95x, worst 0.25x (t/omp sample 2 at n=2)" in text
    assert "warning: t/omp sample 2 at n=2: speedup 1.8 recorded, 0.45 reproduced (0.25x, beyond 3x" in text
    assert "machine: the run's was A; here B: speedups are not expected to match" in text


def test_a_sample_not_run_on_one_side_is_not_compared():
    rows = [{"task_id": "t/omp", "sample_index": 0, "status": "pass", "speedup": {}}]
    result = compare(rows, {("t/omp", 0): _result(0, "not_run", {})})
    assert result["disagree"] == [] and [d["reproduced"] for d in result["not_comparable"]] == ["not_run"]

