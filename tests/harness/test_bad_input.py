"""Bad input gets one clear line, no traceback; a run that cannot go on exits non-zero."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hpctest import fast_options, needs_bwrap
from hpccoder.harness import toolchains
from hpccoder.harness.evaluate import evaluate

AXPY = "cpp/dense_la/01_axpy/serial"
REPO = Path(__file__).resolve().parents[2]


def axpy_ref() -> str:
    return (REPO / "kernels_ref/cpp/dense_la/01_axpy/serial.cpp").read_text()


def cli(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "hpccoder", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, stdin=subprocess.DEVNULL)


def assert_one_line_error(proc, *words):
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("hpccoder: error:")]
    assert len(lines) == 1, proc.stderr
    for w in words:
        assert w in lines[0]


@needs_bwrap
def test_malformed_line_and_unknown_task_are_reported_and_skipped(tmp_path):
    samples = tmp_path / "s.jsonl"
    samples.write_text("\n".join([
        json.dumps({"task_id": AXPY, "completion": axpy_ref()}),
        '{"task_id": "cpp/dense_la/01_axpy/serial", "completion": ',  # torn line
        json.dumps({"task_id": "cpp/nope/99_missing/omp", "completion": "x"}),
        json.dumps({"task_id": AXPY}),  # no completion
    ]) + "\n")
    proc = cli("evaluate", "--samples", str(samples), "--out", str(tmp_path / "out"), "--no-timing", "--seed", "1")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{samples}:2: not valid JSON" in proc.stderr
    assert "1 sample(s) skipped: unknown task 'cpp/nope/99_missing/omp'" in proc.stderr
    assert f"{samples}:4: needs a string 'task_id' and a string 'completion'" in proc.stderr
    results = [json.loads(ln) for ln in (tmp_path / "out/results.jsonl").read_text().splitlines()]
    assert [(r["task_id"], r["status"]) for r in results] == [(AXPY, "pass")]


def test_a_file_of_many_bad_lines_says_the_first_few_and_how_many_more(tmp_path):
    # a README given as --samples printed 831 lines of warnings before its one-line error
    from hpccoder.samples import SKIPPED_SAID, read_samples

    samples = tmp_path / "notes.md"
    samples.write_text("".join(f"line {i} of prose\n" for i in range(40))
                       + json.dumps({"task_id": AXPY, "completion": axpy_ref()}) + "\n")
    said = []
    assert len(read_samples(samples, said.append)) == 1
    assert len(said) == SKIPPED_SAID + 1 and said[0].startswith(f"{samples}:1: not valid JSON")
    assert said[-1] == f"{samples}: {40 - SKIPPED_SAID} more line(s) skipped, 40 in all"


def test_a_sample_given_twice_with_different_code_is_an_error_and_the_same_code_is_said(tmp_path):
    from hpccoder.samples import read_samples

    right = json.dumps({"task_id": AXPY, "sample_index": 0, "completion": axpy_ref()})
    wrong = json.dumps({"task_id": AXPY, "sample_index": 0, "completion": "void axpy() {}"})
    samples = tmp_path / "s.jsonl"
    samples.write_text(f"{wrong}\n{right}\n")  # pass@1 would be 0 or 1, whichever line was kept
    assert_one_line_error(cli("evaluate", "--samples", str(samples), "--out", str(tmp_path / "o")),
                          f"{samples}:2:", "sample 0 appears twice with different completions (first at line 1)")
    samples.write_text(f"{right}\n{right}\n")
    said = []
    assert len(read_samples(samples, said.append)) == 1
    assert said == [f"{samples}:2: {AXPY} sample 0 appears twice (the same completion as at line 1); later line skipped"]


def test_missing_samples_file(tmp_path):
    assert_one_line_error(cli("evaluate", "--samples", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "o")),
                          "does not exist")


def test_nothing_to_evaluate(tmp_path):
    samples = tmp_path / "s.jsonl"
    samples.write_text("not json\n")
    proc = cli("evaluate", "--samples", str(samples), "--out", str(tmp_path / "o"))
    assert_one_line_error(proc, "no sample")
    assert "not valid JSON" in proc.stderr


def test_bad_option_values(tmp_path):
    samples = tmp_path / "s.jsonl"
    samples.write_text(json.dumps({"task_id": AXPY, "completion": "x"}) + "\n")
    assert_one_line_error(cli("evaluate", "--samples", str(samples), "--out", str(tmp_path / "o"),
                              "--threads", "two"), "bad resource 'two'")
    assert_one_line_error(cli("run", "--model", "nosuch", "--out", str(tmp_path / "o2")), "unknown model backend")
    assert_one_line_error(cli("suite", "list", "--tasks", "no_such_category"), "no task matches")
    out = str(tmp_path / "o3")
    # --threads 2x2 ran 2 threads and reported n = 4; --hybrid 2x0 ran 2x1
    for flag, value, said in [("--threads", "2x2", "thread counts"), ("--ranks", "2x2", "rank counts"),
                              ("--hybrid", "2x0", "at least 1"), ("--threads", "0", "at least 1")]:
        assert_one_line_error(cli("evaluate", "--samples", str(samples), "--out", out, flag, value), said)
    # a nan temperature was written into the samples as NaN (not JSON), and the same command could not resume
    for value in ("nan", "inf", "-1"):
        assert_one_line_error(cli("generate", "--model", "reference", "--tasks", AXPY, "--temperature", value,
                                  "--out", str(tmp_path / "g.jsonl")), "--temperature")
    assert not (tmp_path / "g.jsonl").exists()


def test_no_sandbox_refuses_unless_unsafe(tmp_path):
    samples = tmp_path / "s.jsonl"
    samples.write_text(json.dumps({"task_id": AXPY, "completion": axpy_ref()}) + "\n")
    bin_dir = tmp_path / "bin"  # a PATH with the compilers but without bwrap
    bin_dir.mkdir()
    for tool in ("g++", "nm", "objcopy", "sh"):
        os.symlink(subprocess.run(["which", tool], capture_output=True, text=True).stdout.strip(), bin_dir / tool)
    env = {**os.environ, "PATH": str(bin_dir)}
    proc = cli("evaluate", "--samples", str(samples), "--out", str(tmp_path / "o"), "--no-timing", env=env)
    assert_one_line_error(proc, "cannot make a sandbox", "bubblewrap", "--unsafe-no-sandbox")


def test_missing_toolchain_marks_samples_not_run(tmp_path, monkeypatch, suite, capsys):
    mpi = toolchains.get("mpi")
    monkeypatch.setattr(type(mpi), "tools", lambda self: ["mpicxx-not-installed-here"])
    samples = tmp_path / "s.jsonl"
    ref = (REPO / "kernels_ref/cpp/dense_la/01_axpy/mpi.cpp").read_text()
    samples.write_text("".join(json.dumps({"task_id": "cpp/dense_la/01_axpy/mpi", "sample_index": i,
                                           "completion": ref + f"// {i}\n"}) + "\n" for i in range(3)))
    summary = evaluate(samples, tmp_path / "out", fast_options(), suite)
    err = capsys.readouterr().err
    assert err.count("mpi samples will be not_run: mpicxx-not-installed-here not found: apt-get install") == 1
    assert summary["not_run"] == 3 and summary["by_execution_model"] == {}
    results = [json.loads(ln) for ln in (tmp_path / "out/results.jsonl").read_text().splitlines()]
    assert {r["status"] for r in results} == {"not_run"}


@pytest.mark.parametrize("field,value", [("sample_index", -1), ("sample_index", "3"), ("completion", 5)])
def test_bad_fields(tmp_path, field, value, suite, capsys):
    samples = tmp_path / "s.jsonl"
    bad = {"task_id": AXPY, "sample_index": 0, "completion": "x", field: value}
    samples.write_text(json.dumps(bad) + "\n")
    from hpccoder.samples import read_samples
    warnings = []
    assert read_samples(samples, warnings.append) == []
    assert len(warnings) == 1 and f"{samples}:1:" in warnings[0]


def test_a_folder_given_as_the_samples_file_is_one_line(tmp_path):
    (tmp_path / "samples").mkdir()
    proc = cli("evaluate", "--samples", str(tmp_path / "samples"), "--out", str(tmp_path / "o"), "--no-record")
    assert_one_line_error(proc, "is not a file")


def test_an_empty_samples_file_says_what_a_line_needs(tmp_path):
    samples = tmp_path / "s.jsonl"
    samples.write_text("")
    assert_one_line_error(cli("evaluate", "--samples", str(samples), "--out", str(tmp_path / "o"), "--no-record"),
                          "no sample", "'task_id'", "'completion'")


@pytest.mark.parametrize("field,value", [("model", 5), ("generation", "temperature=0.2"), ("prompt", 3)])
def test_optional_fields_of_the_wrong_type_are_reported_and_skipped(tmp_path, field, value):
    # they used to pass, and fail as a traceback when the run was recorded (model.split) or drawn (generation.items)
    from hpccoder.samples import read_samples
    samples = tmp_path / "s.jsonl"
    samples.write_text(json.dumps({"task_id": AXPY, "completion": "x", field: value}) + "\n"
                       + json.dumps({"task_id": AXPY, "completion": "y", "model": "m", "generation": {"n": 1}}) + "\n")
    warnings = []
    assert [s.completion for s in read_samples(samples, warnings.append)] == ["y"]
    assert len(warnings) == 1 and f"{samples}:1: '{field}'" in warnings[0] and "line skipped" in warnings[0]


@pytest.mark.parametrize("flag,value", [("--fast-p", "-1"), ("--fast-p", "nan"), ("--timeout", "nan"),
                                        ("--timeout", "inf")])
def test_numbers_that_make_no_sense_are_refused(tmp_path, flag, value):
    # fast_-1@k counted failing samples (speedup 0) as fast; a nan timeout made every limit nan
    samples = tmp_path / "s.jsonl"
    samples.write_text(json.dumps({"task_id": AXPY, "completion": "x"}) + "\n")
    proc = cli("evaluate", "--samples", str(samples), "--out", str(tmp_path / "o"), "--no-record", f"{flag}={value}")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and flag in proc.stderr
    assert not (tmp_path / "o").exists()


def test_baselines_not_as_hpccoder_writes_them_are_timed_again(tmp_path, capsys):
    # an empty file stopped the evaluation with a JSONDecodeError, a number for a baseline with an AttributeError
    from hpccoder.harness.evaluate import read_baselines

    path = tmp_path / "baselines.json"
    path.write_text("")
    assert read_baselines(path) == {} and "timed again" in capsys.readouterr().err
    path.write_text(json.dumps({"cpp/dense_la/01_axpy": 5, "cpp/dense_la/02_gemv": {"time_s": 0.1, "version": 1}}))
    assert list(read_baselines(path)) == ["cpp/dense_la/02_gemv"] and "1 baseline(s)" in capsys.readouterr().err


@needs_bwrap
def test_a_k_above_every_tasks_samples_is_said(tmp_path):
    # the table was all "-", overall {}, and nothing was said
    samples = tmp_path / "s.jsonl"
    samples.write_text(json.dumps({"task_id": AXPY, "completion": axpy_ref()}) + "\n")
    proc = cli("evaluate", "--samples", str(samples), "--out", str(tmp_path / "o"), "--no-timing", "--no-record",
               "--k", "7")
    assert proc.returncode == 0 and "nothing to report at --k 7: a task has only 1 sample(s)" in proc.stderr
