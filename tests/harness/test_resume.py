"""Ctrl-C or a kill in the middle of `evaluate` loses nothing; the same command resumes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hpctest import needs_bwrap

REPO = Path(__file__).resolve().parents[2]
N = 8


def write_samples(path: Path) -> None:
    ref = (REPO / "kernels_ref/cpp/dense_la/03_gemm/serial.cpp").read_text()
    with path.open("w") as fh:
        for i in range(N):  # distinct code, so that none is evaluated as a duplicate of another
            fh.write(json.dumps({"task_id": "cpp/dense_la/03_gemm/serial", "sample_index": i,
                                 "completion": ref + f"// sample {i}\n"}) + "\n")


def command(samples: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "hpccoder", "evaluate", "--samples", str(samples), "--out", str(out),
            "--jobs", "1", "--reps", "1", "--warmup", "0"]


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


@needs_bwrap
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_evaluation_resumes_without_redoing_finished_samples(tmp_path, sig):
    samples, out = tmp_path / "samples.jsonl", tmp_path / "out"
    write_samples(samples)
    proc = subprocess.Popen(command(samples, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while len(lines(out / "results.jsonl")) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    first = lines(out / "results.jsonl")
    assert 2 <= len(first) < N, "interrupt the run in the middle"
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert "Traceback" not in err and "run the same command again to resume" in err
    else:
        assert proc.returncode == -signal.SIGKILL

    again = subprocess.run(command(samples, out), capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert again.returncode == 0, again.stderr
    final = lines(out / "results.jsonl")
    assert final[:len(first)] == first  # finished results kept as they were
    keys = [(json.loads(ln)["task_id"], json.loads(ln)["sample_index"]) for ln in final]
    assert sorted(keys) == [("cpp/dense_la/03_gemm/serial", i) for i in range(N)]  # each exactly once
    assert all(json.loads(ln)["status"] == "pass" for ln in final)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["samples"] == N and summary["overall"]["pass@1"] == 1.0
    run = json.loads((out / "run.json").read_text())
    assert all(json.loads(ln)["seed"] == json.loads(final[0])["seed"] for ln in final)
    assert run["settings"]["seed"] is not None


@needs_bwrap
def test_other_limits_in_the_same_folder_are_refused_and_broken_files_are_one_line(tmp_path):
    # a sample killed for memory under --memory-mb 256 kept its runtime_error when resumed with 4096
    samples, out = tmp_path / "samples.jsonl", tmp_path / "out"
    write_samples(samples)
    base = command(samples, out) + ["--no-timing", "--no-record"]
    assert subprocess.run(base + ["--memory-mb", "256"], capture_output=True, stdin=subprocess.DEVNULL).returncode == 0
    for extra, said in [(["--memory-mb", "4096"], "memory_mb: 256 there, 4096 here"),
                        (["--memory-mb", "256", "--timeout", "120"], "timeout: 20.0 there, 120.0 here")]:
        proc = subprocess.run(base + extra, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert proc.returncode == 2 and said in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    for broken in ("", "{}", '{"settings": {"timing": false}}'):
        (out / "run.json").write_text(broken)
        proc = subprocess.run(base + ["--memory-mb", "256"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert proc.returncode == 2 and "run.json" in proc.stderr and "--overwrite" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr, proc.stderr


@needs_bwrap
def test_other_settings_in_the_same_folder_are_refused(tmp_path):
    samples, out = tmp_path / "samples.jsonl", tmp_path / "out"
    write_samples(samples)
    base = command(samples, out) + ["--no-timing", "--seed", "5"]
    assert subprocess.run(base, capture_output=True, stdin=subprocess.DEVNULL).returncode == 0
    proc = subprocess.run(base[:-1] + ["6"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and "other settings (seed)" in proc.stderr
    proc = subprocess.run(base + ["--threads", "1,2"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0  # omp resources do not matter to a serial-only run... but are recorded


def _results(out: Path) -> list[dict]:
    return [json.loads(ln) for ln in lines(out / "results.jsonl")]


def _timed_axpy_run(tmp_path: Path):
    """A timed evaluation of the serial axpy reference into tmp_path/out: (samples, out, options)."""
    from hpccoder.harness.evaluate import evaluate
    from hpccoder.suite import Suite
    from hpctest import fast_options

    samples, out = tmp_path / "samples.jsonl", tmp_path / "out"
    ref = (REPO / "kernels_ref/cpp/dense_la/01_axpy/serial.cpp").read_text()
    samples.write_text(json.dumps({"task_id": "cpp/dense_la/01_axpy/serial", "completion": ref}) + "\n")
    opts = fast_options(timing=True, reps=1, warmup=0)
    evaluate(samples, out, opts, Suite())
    return samples, out, opts


@needs_bwrap
def test_results_of_an_older_problem_version_are_not_reused(tmp_path):
    # a problem's version is bumped when its checking changes: a resumed run must not mix old results with new
    from hpccoder.harness.evaluate import evaluate
    from hpccoder.suite import Suite

    samples, out, opts = _timed_axpy_run(tmp_path)
    old = Suite().problems["cpp/dense_la/01_axpy"].version
    assert [r["problem_version"] for r in _results(out)] == [old]
    assert json.loads((out / "baselines.json").read_text())["cpp/dense_la/01_axpy"]["version"] == old

    bumped = Suite()
    bumped.problems["cpp/dense_la/01_axpy"].spec["version"] = old + 1
    summary = evaluate(samples, out, opts, bumped)
    assert [r["problem_version"] for r in _results(out)] == [old + 1]  # evaluated again; the old line went
    assert json.loads((out / "baselines.json").read_text())["cpp/dense_la/01_axpy"]["version"] == old + 1
    assert summary["samples"] == 1 and summary["overall"]["pass@1"] == 1.0
    evaluate(samples, out, opts, bumped)
    assert len(_results(out)) == 1  # and then resumed as usual


@needs_bwrap
def test_a_problem_edited_without_a_new_version_is_judged_again(tmp_path):
    # a looser tolerance or other sizes under the same version: the results and baseline of the problem as it was
    # would be reused (pass stays pass, speedups divide by the old sizes' time)
    import shutil

    from hpccoder.harness.evaluate import evaluate
    from hpccoder.suite import Suite

    samples, out, opts = _timed_axpy_run(tmp_path)
    first = _results(out)[0]
    assert first["problem_sha256"] == Suite().problems["cpp/dense_la/01_axpy"].sha256
    baselines = json.loads((out / "baselines.json").read_text())
    assert baselines["cpp/dense_la/01_axpy"]["problem_sha256"] == first["problem_sha256"]
    baselines["cpp/dense_la/01_axpy"]["time_s"] = 99.0  # marks the old baseline: timed again, it goes
    (out / "baselines.json").write_text(json.dumps(baselines))

    root = tmp_path / "evalsuite"
    shutil.copytree(REPO / "evalsuite", root)
    yml = root / "cpp/dense_la/01_axpy/problem.yaml"
    yml.write_text(yml.read_text().replace("rtol: 1.0e-12", "rtol: 1.0e-9"))
    edited = Suite(root)
    assert edited.problems["cpp/dense_la/01_axpy"].version == first["problem_version"]
    assert edited.problems["cpp/dense_la/01_axpy"].sha256 != first["problem_sha256"]
    evaluate(samples, out, opts, edited)
    again = _results(out)
    assert len(again) == 1 and again[0]["problem_sha256"] == edited.problems["cpp/dense_la/01_axpy"].sha256
    assert json.loads((out / "baselines.json").read_text())["cpp/dense_la/01_axpy"]["time_s"] != 99.0
    assert again[0]["baseline_s"] != 99.0


@needs_bwrap
def test_lines_of_an_hpccoder_that_recorded_no_content_are_taken_on_their_version(tmp_path):
    from hpccoder.harness.evaluate import evaluate
    from hpccoder.suite import Suite

    samples, out, opts = _timed_axpy_run(tmp_path)
    old = _results(out)[0]
    del old["problem_sha256"]
    (out / "results.jsonl").write_text(json.dumps(old) + "\n")
    baselines = json.loads((out / "baselines.json").read_text())
    del baselines["cpp/dense_la/01_axpy"]["problem_sha256"]
    (out / "baselines.json").write_text(json.dumps(baselines))
    evaluate(samples, out, opts, Suite())
    assert _results(out) == [old]  # not evaluated again
    assert json.loads((out / "baselines.json").read_text()) == baselines


@needs_bwrap
def test_lines_that_are_not_results_are_left_out_and_their_samples_evaluated_again(tmp_path, capsys):
    from hpccoder.harness.evaluate import evaluate
    from hpccoder.results.rundir import read_run_dir
    from hpccoder.suite import Suite
    from hpctest import fast_options

    samples, out = tmp_path / "samples.jsonl", tmp_path / "out"
    write_samples(samples)
    evaluate(samples, out, fast_options(), Suite())
    # by sample index: results are written in the order they finish, not in the samples' order
    good = sorted(lines(out / "results.jsonl"), key=lambda ln: json.loads(ln)["sample_index"])
    # a hand edit or another tool: valid JSON, but no result of ours (it used to stop the resume with a traceback)
    broken = json.loads(good[3])
    broken["sample_index"] = [3]
    odd = {**json.loads(good[4]), "status": "passed"}
    (out / "results.jsonl").write_text("\n".join(good[:3] + ['{"foo": 1}', "[1, 2]", json.dumps(broken),
                                                             json.dumps(odd)]) + "\n")
    summary = evaluate(samples, out, fast_options(), Suite())
    assert "4 line(s) are not results that hpccoder wrote" in capsys.readouterr().err
    appended = _results(out)[7:]
    assert sorted(r["sample_index"] for r in appended) == list(range(3, N))  # 0-2 kept, 3-7 evaluated once each
    assert summary["samples"] == N and summary["statuses"] == {"pass": N}
    run = read_run_dir(out, samples, "evaluate")  # the leaderboard reads the folder the same way
    assert len(run.samples) == N and run.summary["overall"]["pass@1"] == 1.0


def test_scratch_folders_of_killed_evaluations_are_removed(tmp_path, monkeypatch):
    import tempfile

    from hpccoder.harness.evaluate import WORKROOT_PREFIX, new_workroot

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen(["true"])
    gone.wait()  # a pid that no process has now
    alive = subprocess.Popen(["sleep", "30"])
    try:
        host = socket.gethostname()
        dead_dir = tmp_path / f"{WORKROOT_PREFIX}{host}-{gone.pid}-abc"
        live_dir = tmp_path / f"{WORKROOT_PREFIX}{host}-{alive.pid}-def"
        other = tmp_path / f"{WORKROOT_PREFIX}oldstyle"  # no pid in its name: not ours to judge
        elsewhere = tmp_path / f"{WORKROOT_PREFIX}another{host}-{gone.pid}-ghi"  # another host's (a container's)
        for d in (dead_dir, live_dir, other, elsewhere):
            (d / "build").mkdir(parents=True)
        root = new_workroot()
        assert root.is_dir() and root.name.startswith(f"{WORKROOT_PREFIX}{host}-{os.getpid()}-")
        assert not dead_dir.exists() and live_dir.exists() and other.exists() and elsewhere.exists()
    finally:
        alive.kill()
        alive.wait()


@needs_bwrap
def test_a_sample_whose_code_changed_keeps_one_line_the_result_of_its_code_now(tmp_path):
    # code A evaluated, changed to B and evaluated, changed back to A: A's result holds again, and results.jsonl
    # must not keep B's line after it (the leaderboard took the last line, and then found the sample without one)
    from hpccoder.harness.evaluate import evaluate
    from hpccoder.results.rundir import read_run_dir
    from hpccoder.suite import Suite
    from hpctest import fast_options

    samples, out = tmp_path / "samples.jsonl", tmp_path / "out"
    ref = (REPO / "kernels_ref/cpp/dense_la/01_axpy/serial.cpp").read_text()
    task = "cpp/dense_la/01_axpy/serial"
    code_a, code_b = ref, "#include <vector>\nvoid axpy() {}\n"

    def write(*codes):
        samples.write_text("".join(json.dumps({"task_id": task, "sample_index": i, "completion": c}) + "\n"
                                   for i, c in enumerate(codes)))

    opts = fast_options()
    write(code_a, code_a + "// 1\n")
    evaluate(samples, out, opts, Suite())
    write(code_b, code_a + "// 1\n")
    evaluate(samples, out, opts, Suite())
    assert sorted((r["sample_index"], r["status"]) for r in _results(out)) == [(0, "build_error"), (1, "pass")]
    write(code_a, code_a + "// 1\n")
    summary = evaluate(samples, out, opts, Suite())
    assert summary["statuses"] == {"pass": 2}
    assert sorted((r["sample_index"], r["status"]) for r in _results(out)) == [(0, "pass"), (1, "pass")]
    run = read_run_dir(out, samples, "evaluate")
    assert [s["status"] for s in run.samples] == ["pass", "pass"]


@needs_bwrap
def test_a_baseline_timed_on_another_machine_is_timed_again(tmp_path):
    # a run resumed elsewhere (or a shard on another node) divided its times by the first machine's baseline
    import socket

    from hpccoder.harness.evaluate import evaluate
    from hpccoder.suite import Suite

    samples, out, opts = _timed_axpy_run(tmp_path)
    baselines = json.loads((out / "baselines.json").read_text())
    assert baselines["cpp/dense_la/01_axpy"]["host"] == socket.gethostname()
    baselines["cpp/dense_la/01_axpy"].update(host="another-node", time_s=99.0)
    (out / "baselines.json").write_text(json.dumps(baselines))
    (out / "results.jsonl").write_text("")
    evaluate(samples, out, opts, Suite())
    again = json.loads((out / "baselines.json").read_text())["cpp/dense_la/01_axpy"]
    assert again["host"] == socket.gethostname() and again["time_s"] != 99.0
    assert _results(out)[0]["baseline_s"] == again["time_s"]


@needs_bwrap
def test_baselines_are_measured_side_by_side_and_a_broken_one_stops_the_run(tmp_path, monkeypatch):
    # the serial baselines are built and checked in the evaluation's threads (each timed alone): all are kept, and
    # a serial reference that does not build ends the evaluation with what is wrong and what to do
    from hpccoder.errors import HpcError
    from hpccoder.harness.evaluate import evaluate
    from hpccoder.suite import Suite, Task
    from hpctest import fast_options

    names = ["01_axpy", "02_gemv", "04_transpose"]
    samples = tmp_path / "samples.jsonl"
    samples.write_text("".join(json.dumps({"task_id": f"cpp/dense_la/{n}/serial", "completion": (
        REPO / f"kernels_ref/cpp/dense_la/{n}/serial.cpp").read_text()}) + "\n" for n in names))
    opts = fast_options(timing=True, reps=1, warmup=0, jobs=3)
    summary = evaluate(samples, tmp_path / "out", opts, Suite())
    baselines = json.loads((tmp_path / "out" / "baselines.json").read_text())
    assert sorted(baselines) == [f"cpp/dense_la/{n}" for n in names]
    assert all(b["time_s"] > 0 and b["host"] == socket.gethostname() for b in baselines.values())
    assert summary["overall"]["pass@1"] == 1.0

    broken = tmp_path / "broken.cpp"
    broken.write_text("this is not C++\n")
    real = Task.reference_file
    monkeypatch.setattr(Task, "reference_file", lambda self: broken if self.problem.name == "02_gemv"
                        else real(self))
    with pytest.raises(HpcError, match="serial reference of cpp/dense_la/02_gemv does not build"):
        evaluate(samples, tmp_path / "again", opts, Suite())
    assert not (tmp_path / "again" / "results.jsonl").exists() or not lines(tmp_path / "again" / "results.jsonl")
