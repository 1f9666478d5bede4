"""The command line: each verb end to end on cheap inputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hpctest import REPO, needs_bwrap


def hpccoder(*args, **kw):
    return subprocess.run([sys.executable, "-m", "hpccoder", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, **kw)


def test_suite_list():
    proc = hpccoder("suite", "list", "--tasks", "cg")
    assert proc.returncode == 0
    assert "cpp/sparse_la/02_cg/mpi+omp" in proc.stdout and "5 tasks in 1 problem " in proc.stderr


@needs_bwrap
def test_doctor_reports_models_and_sandbox():
    proc = hpccoder("doctor")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "sandbox: works" in proc.stdout
    for model in ("serial", "omp", "mpi", "mpi+omp"):
        assert f"  {model} " in proc.stdout
    lines = proc.stdout.splitlines()
    cuda = next(i for i, line in enumerate(lines) if line.startswith("  cuda "))
    if "build only" in lines[cuda]:  # no GPU: what still checks a cuda sample here is said
        assert lines[cuda + 1].strip().startswith("--cuda-emulate (evaluate, run, suite validate) checks correctness")
    race = next(line for line in lines if line.startswith("race check: "))
    assert race.startswith("race check: available (") or "apt-get install clang-14 libclang-rt-14-dev" in race
    stack = proc.stdout.split("fine-tuning", 1)[1]
    for package in ("torch", "transformers", "peft", "accelerate", "bitsandbytes", "deepspeed"):
        assert f"  {package} " in stack
    spread = proc.stdout.split("many machines", 1)[1]
    for what in ("mpi4py", "submitit", "Slurm"):
        assert f"  {what} " in spread


def test_doctor_says_what_the_slurm_controller_answers(tmp_path, monkeypatch):
    from hpccoder.doctor import slurm_partitions

    sinfo = tmp_path / "sinfo"
    monkeypatch.setenv("PATH", str(tmp_path))
    sinfo.write_text("#!/bin/sh\necho 'cpu* up 12 mix'\necho 'gpu up 4 idle'\n")
    sinfo.chmod(0o755)
    assert slurm_partitions() == "partitions cpu* (up: 12 mix), gpu (up: 4 idle)"
    sinfo.write_text("#!/bin/sh\necho 'slurm_load_partitions: Unable to contact slurm controller' >&2; exit 1\n")
    assert slurm_partitions() == "sinfo: slurm_load_partitions: Unable to contact slurm controller"
    sinfo.unlink()
    assert slurm_partitions() == "sinfo gives no answer: no controller reachable from here"


STOP_TWICE = """
import os, signal, sys, time
from hpccoder import stopping
stopping.install()
stopping.REPEAT_S = float(sys.argv[1])
stops = 0
for _ in range(2):
    time.sleep(0.3)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.3)
    except KeyboardInterrupt:
        stops += 1
print(stops, stopping.STOPPING.is_set())
"""


@pytest.mark.parametrize("repeat_s, stops", [(2.0, 1), (0.1, 2)])
def test_a_stop_passed_on_right_after_the_first_is_the_same_stop(repeat_s, stops):
    """A launcher (torchrun, srun, mpirun) passes on the SIGTERM its processes got themselves too: one stop; a
    signal later on is a second one (Ctrl-C again: stop now)."""
    out = subprocess.run([sys.executable, "-c", STOP_TWICE, str(repeat_s)], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert out.stdout.split() == [str(stops), "True"], out.stderr


STOP_PASSED_ON_AT_ONCE = """
import os, signal, threading, time
from hpccoder import stopping


class PassedOn(threading.Event):
    def set(self):
        with self._cond:  # the launcher's copy of the stop lands while the first handler holds the event's lock
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(100):
                pass  # the second handler runs in here
            self._flag = True
            self._cond.notify_all()


stopping.STOPPING = PassedOn()
stopping.install()
try:
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)
    print("not stopped")
except KeyboardInterrupt:
    print("stopped", stopping.STOPPING.is_set())
"""


def test_a_stop_passed_on_inside_the_first_ones_handler_does_not_hang():
    """A handler runs inside another when two signals land microseconds apart (scancel's SIGTERM and torchrun's
    copy of it): the inner one must not wait for a lock the outer one holds (a rank of a data-parallel run hung so,
    and the other ranks with it)."""
    out = subprocess.run([sys.executable, "-c", STOP_PASSED_ON_AT_ONCE], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert out.stdout.split() == ["stopped", "True"], out.stderr


def test_generate_with_the_reference_model_and_resume(tmp_path):
    out = tmp_path / "s.jsonl"
    for _ in range(2):
        proc = hpccoder("generate", "--model", "reference", "--tasks", "jacobi2d", "--out", str(out))
        assert proc.returncode == 0, proc.stderr
    samples = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(samples) == 5  # one per execution model; the second run found nothing missing
    assert {s["generation"]["temperature"] for s in samples} == {0.0}  # greedy for -n 1


def test_a_file_of_samples_gives_its_tasks_and_a_fixed_sample_is_taken_again(tmp_path):
    # with no --tasks it asked the file for every task of the suite ("has no sample 0 of ..."); a sample fixed in
    # the file after it was copied stayed as it was
    src, out = tmp_path / "src.jsonl", tmp_path / "s.jsonl"
    task = "cpp/dense_la/01_axpy/serial"
    for code in ("void axpy() {}\n", "void axpy() { /* fixed */ }\n"):
        src.write_text(json.dumps({"task_id": task, "sample_index": 0, "completion": code}) + "\n")
        proc = hpccoder("generate", "--model", f"file:{src}", "--out", str(out))
        assert proc.returncode == 0, proc.stderr
        samples = [json.loads(line) for line in out.read_text().splitlines()]
        assert [(s["task_id"], s["completion"]) for s in samples] == [(task, code)]
    assert "1 sample(s) in" in proc.stderr and "taken again" in proc.stderr


def test_generate_submit_takes_the_tasks_generate_takes(tmp_path, monkeypatch):
    # with --submit and no --tasks it asked the jobs for every task of the suite: of the default model and of a
    # file of samples alike
    from hpccoder import cli
    from hpccoder.run import DEFAULT_TASKS

    asked = []

    def submit_generation(model, options, task_ids, params, out, *rest):
        asked.append(task_ids)
        return out

    monkeypatch.setattr("hpccoder.stopping.install", lambda: None)  # no signal handlers in the test's process
    monkeypatch.setattr("hpccoder.harness.batch.submit_generation", submit_generation)
    src = tmp_path / "src.jsonl"
    src.write_text(json.dumps({"task_id": "cpp/dense_la/02_gemv/omp", "sample_index": 0, "completion": "x"}) + "\n")
    for model in ("embedded", f"file:{src}"):
        assert cli.main(["generate", "--model", model, "--submit", "2", "--cluster", "local",
                         "--out", str(tmp_path / "s.jsonl")]) == 0
    assert asked == [DEFAULT_TASKS.split(","), ["cpp/dense_la/02_gemv/omp"]]


def test_sampling_defaults_follow_the_field(tmp_path):
    out = tmp_path / "s.jsonl"
    proc = hpccoder("generate", "--model", "reference", "--tasks", "cpp/stencil/01_jacobi2d/serial", "-n", "3",
                    "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    gen = json.loads(out.read_text().splitlines()[0])["generation"]
    assert gen["temperature"] == 0.2 and gen["top_p"] == 0.95 and gen["n"] == 3


def test_bad_generation_options_are_one_line():
    for args, msg in ((["-n", "0"], "-n must be at least 1"), (["--top-p", "1.5"], "--top-p must be in (0, 1]"),
                      (["--temperature", "-1"], "--temperature must be a number, at least 0 (0 is greedy)")):
        proc = hpccoder("generate", "--model", "reference", "--out", "/tmp/never.jsonl", *args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.strip() == f"hpccoder: error: {msg}"


def test_an_empty_task_selector_is_refused():
    for selector in ("", ",", " , "):
        proc = hpccoder("suite", "list", "--tasks", selector)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.startswith(f"hpccoder: error: the task selector '{selector}' names no task")


def test_an_out_path_of_the_wrong_kind_is_one_line(tmp_path):
    a_file = tmp_path / "a_file"
    a_file.write_text("")
    for args in (["generate", "--model", "reference", "--tasks", "cpp/dense_la/01_axpy/serial", "--out", str(tmp_path)],
                 ["run", "--model", "reference", "--tasks", "cpp/dense_la/01_axpy/serial", "--no-record",
                  "--out", str(a_file)],
                 ["evaluate", "--samples", str(a_file), "--out", str(a_file), "--no-record"],
                 ["suite", "validate", "--tasks", "cpp/dense_la/01_axpy/serial", "--out", str(a_file)],
                 ["corpus", "build", "--recipe", "corpora/mpi.yaml", "--out", str(a_file)]):
        proc = hpccoder(*args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, (args, proc.stderr)
        assert proc.stderr.startswith("hpccoder: error: ") and len(proc.stderr.strip().splitlines()) == 1
    assert a_file.read_text() == ""


def test_only_the_upstream_deprecation_is_hidden():
    import warnings

    from hpccoder import hide_upstream_deprecations
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        hide_upstream_deprecations()
        warnings.warn("`is_gradient_checkpointing` is deprecated and will be removed", FutureWarning)
        warnings.warn("something else is deprecated", FutureWarning)
    assert [str(w.message) for w in seen] == ["something else is deprecated"]


def test_run_says_when_its_folder_holds_more_than_this_selection(tmp_path):
    # a second run with other --tasks into the same folder summarised both without a word
    out = tmp_path / "run"
    base = ["run", "--model", "reference", "--no-timing", "--no-record", "--no-progress", "--out", str(out)]
    first = hpccoder(*base, "--tasks", "cpp/dense_la/01_axpy/serial", "-n", "2", "--temperature", "0")
    assert first.returncode == 0 and "note:" not in first.stderr, first.stderr
    second = hpccoder(*base, "--tasks", "cpp/reduction/03_norm2/serial", "-n", "1", "--temperature", "0")
    assert second.returncode == 0, second.stderr
    assert "also holds samples of 1 other task(s)" in second.stderr, second.stderr
    again = hpccoder(*base, "--tasks", "cpp/dense_la/01_axpy/serial", "-n", "1", "--temperature", "0")
    assert "1 sample(s) beyond -n 1" in again.stderr and "1 other task(s)" in again.stderr, again.stderr


def test_a_file_of_samples_of_no_task_of_the_suite_says_so_in_one_line(tmp_path):
    # it fell back to the whole suite and said "has no sample 0 of cpp/dense_la/01_axpy/serial"
    from hpccoder.suite import Suite
    src = tmp_path / "src.jsonl"
    src.write_text("".join(json.dumps({"task_id": f"cpp/other/0{i}_x/serial", "completion": "x"}) + "\n"
                           for i in range(3)))
    for verb in (["generate", "--out", str(tmp_path / "s.jsonl")],
                 ["run", "--no-record", "--out", str(tmp_path / "r")]):
        proc = hpccoder(*verb, "--model", f"file:{src}")
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.strip() == (f"hpccoder: error: none of the task ids in file:{src} ('cpp/other/00_x/serial' "
                                       "and 'cpp/other/01_x/serial' and 1 more) is a task of the suite (version "
                                       f"{Suite().version}): `hpccoder suite list` shows the tasks")
    src.write_text("")
    proc = hpccoder("generate", "--out", str(tmp_path / "s.jsonl"), "--model", f"file:{src}")
    assert proc.returncode == 2 and "has no sample 0" not in proc.stderr and "holds no sample" in proc.stderr
