"""An evaluation spread over MPI ranks (`mpirun -np N hpccoder evaluate`), and the lock that keeps a timed run
alone on its machine while other evaluations run there."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hpctest import REPO, descendants, fast_options, needs_bwrap, needs_mpi, needs_slurm

from hpccoder.errors import HpcError
from hpccoder.harness import shards
from hpccoder.harness.batch import executor, job_parameters, submit_evaluation
from hpccoder.harness.evaluate import evaluate
from hpccoder.harness.toolchains import Resources
from hpccoder.harness.sharded import evaluate_shard, gather
from hpccoder.samples import JsonlAppender
from hpccoder.suite import Suite

MPIRUN_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
              "OMPI_MCA_rmaps_base_oversubscribe": "1"}
WRONG_AXPY = """\
void axpy(double a, const std::vector<double>& x, const std::vector<double>& y, std::vector<double>& z) {
#pragma omp parallel for
    for (long i = 0; i < (long)x.size(); ++i) z[i] = x[i] + y[i];  // alpha left out
}
"""


# -- the pieces -------------------------------------------------------------------------------------------------
def test_problems_go_to_the_least_loaded_rank_the_same_way_everywhere():
    weights = {"a": 5.0, "b": 4.0, "c": 3.0, "d": 3.0, "e": 1.0}
    where = shards.assign(weights, 2)
    assert where == shards.assign(dict(reversed(list(weights.items()))), 2)  # the order given does not matter
    load = [sum(w for p, w in weights.items() if where[p] == r) for r in (0, 1)]
    assert sorted(load) == [8.0, 8.0]
    assert set(shards.assign(weights, 8).values()) == {0, 1, 2, 3, 4}  # more ranks than problems: some idle


def test_a_process_not_started_by_mpirun_is_not_a_rank(monkeypatch):
    for name in (*shards.SIZE_VARIABLES, "PMIX_RANK"):
        monkeypatch.delenv(name, raising=False)
    assert shards.launched_size() == 1 and shards.world() is None
    monkeypatch.setenv("OMPI_COMM_WORLD_SIZE", "4")
    assert shards.launched_size() == 4


def test_without_mpi4py_a_rank_is_told_what_to_install(monkeypatch):
    monkeypatch.setenv("OMPI_COMM_WORLD_SIZE", "2")
    monkeypatch.setitem(sys.modules, "mpi4py", None)  # import fails
    with pytest.raises(HpcError, match="one of 2 MPI processes, but mpi4py is not installed: pip install mpi4py"):
        shards.world()


def reference_samples(path: Path, task_ids: list[str], wrong: dict[str, str] | None = None) -> list[str]:
    suite = Suite()
    lines = []
    for i, tid in enumerate(task_ids):
        task = suite.task(tid)
        code = (wrong or {}).get(tid) or task.reference_candidate()
        lines.append(json.dumps({"task_id": tid, "sample_index": i, "completion": code}))
    path.write_text("\n".join(lines) + "\n")
    return task_ids


def test_results_a_killed_run_left_per_rank_are_taken_up_by_the_next(tmp_path):
    """A sharded run killed before rank 0 gathered the ranks' files: the next run (on one process or several)
    folds them into results.jsonl and baselines.json and evaluates only what they lack."""
    samples = tmp_path / "samples.jsonl"
    reference_samples(samples, ["cpp/dense_la/01_axpy/serial", "cpp/dense_la/02_gemv/serial"])
    first = tmp_path / "first"
    evaluate(samples, first, fast_options())
    lines = sorted((first / "results.jsonl").read_text().splitlines(), key=lambda ln: json.loads(ln)["sample_index"])
    out = tmp_path / "killed"
    out.mkdir()
    (out / "run.json").write_text((first / "run.json").read_text())
    (out / "results.rank-1.jsonl").write_text(lines[1] + "\n" + lines[0][:40])  # and a line cut short by the kill
    (out / "baselines.rank-1.json").write_text('{"cpp/x": {"time_s": 1.0, "version": 1}}')
    summary = evaluate(samples, out, fast_options())
    assert summary["statuses"] == {"pass": 2}
    assert sorted(p.name for p in out.iterdir() if ".rank-" in p.name) == []
    results = [json.loads(ln) for ln in (out / "results.jsonl").read_text().splitlines()]
    assert [r["sample_index"] for r in results] == [1, 0]  # sample 1 from the rank's file, sample 0 evaluated
    assert "cpp/x" in json.loads((out / "baselines.json").read_text())


# -- the jobs of an array: hpccoder evaluate --shard K/N, then a plain evaluate gathers ------------------------
@needs_bwrap
def test_the_shards_of_an_array_each_take_their_problems_and_a_plain_evaluate_gathers_them(tmp_path):
    samples = tmp_path / "samples.jsonl"
    tasks = ["cpp/dense_la/01_axpy/serial", "cpp/dense_la/02_gemv/serial", "cpp/reduction/03_norm2/serial"]
    reference_samples(samples, tasks)
    out = tmp_path / "run"
    with pytest.raises(HpcError, match="must share one seed"):
        evaluate_shard(samples, out, 0, 2, fast_options(seed=None))
    with pytest.raises(HpcError, match="--overwrite cannot go with --shard"):
        evaluate_shard(samples, out, 0, 2, fast_options(overwrite=True))
    counts = [evaluate_shard(samples, out, k, 2, fast_options()) for k in (0, 1)]
    assert sorted(c["evaluated"] for c in counts) == [1, 2] and not (out / "results.jsonl").exists()
    again = evaluate_shard(samples, out, 1, 2, fast_options())  # the batch system started a job again
    assert again["evaluated"] == 0 and again["earlier"] == counts[1]["evaluated"]

    holder = JsonlAppender(out / "results.rank-1.jsonl")  # a shard still running
    with pytest.raises(HpcError, match="still being written"):
        evaluate(samples, out, fast_options())
    holder.close()
    summary = evaluate(samples, out, fast_options())
    assert summary["statuses"] == {"pass": 3}
    results = [json.loads(ln) for ln in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(r["sample_index"] for r in results) == [0, 1, 2]
    assert {r["shard"]["rank"] for r in results} == {0, 1}
    assert not list(out.glob("*.rank-*"))


@needs_bwrap
def test_an_evaluation_submitted_as_an_array_of_jobs_is_gathered_when_they_end(tmp_path):
    """`--submit N` through submitit: here its local executor (jobs as processes of this machine); a Slurm
    cluster takes the same jobs through sbatch."""
    pytest.importorskip("submitit")
    samples = tmp_path / "samples.jsonl"
    tasks = ["cpp/dense_la/01_axpy/serial", "cpp/dense_la/02_gemv/serial", "cpp/reduction/03_norm2/serial"]
    reference_samples(samples, tasks)
    out = tmp_path / "run"
    in_use = JsonlAppender(out / "results.rank-1.jsonl")  # shard 1 cannot write: its job fails
    with pytest.raises(HpcError, match=r"shard 1 \(job \S+\) failed: .*being written.*run the same command again"):
        submit_evaluation(samples, out, 2, fast_options(seed=None), "local", {"timeout_min": 10}, False)
    in_use.close()
    assert len((out / "results.rank-0.jsonl").read_text().splitlines()) >= 1  # shard 0's work is kept
    with pytest.raises(HpcError, match="samples have no result"):
        gather(samples, out, fast_options())
    summary = submit_evaluation(samples, out, 2, fast_options(seed=None), "local", {"timeout_min": 10}, False)
    assert summary["statuses"] == {"pass": 3}
    assert summary["ranks"]["size"] == 2  # the jobs' machines, for the run's record
    results = [json.loads(ln) for ln in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(r["sample_index"] for r in results) == [0, 1, 2]  # shard 0's results were not evaluated again
    jobs = json.loads((out / "evaluate-jobs.json").read_text())["job_ids"]
    assert len(jobs) == 2

    # the same command once more queues no job (nothing is left), and keeps the jobs' machines for the record
    again = submit_evaluation(samples, out, 2, fast_options(seed=None), "local", {"timeout_min": 10}, False)
    assert json.loads((out / "evaluate-jobs.json").read_text())["job_ids"] == jobs
    assert again["statuses"] == {"pass": 3} and again["ranks"] == summary["ranks"]
    with pytest.raises(HpcError, match=r"other settings \(reps: \d+ there, 9 here\)"):  # refused here as a job would
        submit_evaluation(samples, out, 2, fast_options(seed=None, reps=9), "local", {"timeout_min": 10}, False)
    with pytest.raises(HpcError, match=r"other settings \(resources of serial: 1x1 there, 1x2 here\)"):
        submit_evaluation(samples, out, 2, fast_options(seed=None, resources={"serial": [Resources(1, 2)]}),
                          "local", {"timeout_min": 10}, False)


def test_a_generation_submitted_as_jobs_deals_out_the_tasks_and_resumes(tmp_path):
    pytest.importorskip("submitit")
    from hpccoder.generate import generate
    from hpccoder.harness.batch import submit_generation, tasks_lacking_samples
    from hpccoder.models import GenerationParams, load

    tasks = ["cpp/dense_la/01_axpy/serial", "cpp/dense_la/02_gemv/serial", "cpp/reduction/03_norm2/omp"]
    out = tmp_path / "samples.jsonl"
    params = GenerationParams(n=2)
    submit_generation("reference", {}, tasks, params, out, 2, "local", {"timeout_min": 10}, False)
    made = [json.loads(ln) for ln in out.read_text().splitlines()]
    assert sorted((r["task_id"], r["sample_index"]) for r in made) == sorted((t, i) for t in tasks for i in (0, 1))
    assert not list(tmp_path.glob("samples.rank-*"))
    (tmp_path / "generate-jobs.json").unlink()
    submit_generation("reference", {}, tasks, params, out, 3, "local", {"timeout_min": 10}, False)
    assert len(out.read_text().splitlines()) == 6  # nothing made twice
    assert not (tmp_path / "generate-jobs.json").exists()  # and no job queued to load the model for nothing
    with pytest.raises(HpcError, match="another model or other sampling settings"):
        submit_generation("file:x.jsonl", {}, tasks, params, out, 1, "local", {"timeout_min": 10}, False)
    # fixed code (the references, a file of samples) is the same whatever the sampling settings: not refused
    submit_generation("reference", {}, tasks, GenerationParams(n=2, temperature=0.9), out, 1, "local",
                      {"timeout_min": 10}, False)
    assert len(out.read_text().splitlines()) == 6 and not (tmp_path / "generate-jobs.json").exists()
    # a model's samples are refused under other settings
    sampled = tmp_path / "sampled.jsonl"
    sampled.write_text(json.dumps({"task_id": tasks[0], "sample_index": 0, "completion": "", "model": "hf:m",
                                   "generation": GenerationParams(n=1, temperature=0.2).to_json()}) + "\n")
    assert tasks_lacking_samples(sampled, "hf:m", tasks[:1], GenerationParams(n=2, temperature=0.2)) == tasks[:1]
    with pytest.raises(HpcError, match="another model or other sampling settings"):
        tasks_lacking_samples(sampled, "hf:m", tasks[:1], GenerationParams(n=2, temperature=0.9))
    # a larger -n: jobs only for what is missing, the tasks that lack a sample
    submit_generation("reference", {}, tasks[:1], GenerationParams(n=3, temperature=params.temperature), out, 2,
                      "local", {"timeout_min": 10}, False)
    assert len(json.loads((tmp_path / "generate-jobs.json").read_text())["job_ids"]) == 1
    assert sorted(json.loads(ln)["sample_index"] for ln in out.read_text().splitlines()
                  if json.loads(ln)["task_id"] == tasks[0]) == [0, 1, 2]
    out.write_text("\n".join(ln for ln in out.read_text().splitlines()
                             if json.loads(ln)["sample_index"] != 2) + "\n")

    # a shard's file left by a stopped submission: a plain generate takes it up; --overwrite drops it
    shard = tmp_path / "samples.rank-1.jsonl"
    shard.write_text(out.read_text().splitlines()[0] + "\n")
    out.write_text("\n".join(out.read_text().splitlines()[1:]) + "\n")
    generate(load("reference"), [Suite().task(t) for t in tasks], params, out, progress=False)
    assert len(out.read_text().splitlines()) == 6 and not shard.exists()
    shard.write_text(out.read_text().splitlines()[0] + "\n")
    generate(load("reference"), [Suite().task(tasks[0])], params, out, progress=False, overwrite=True)
    assert len(out.read_text().splitlines()) == 2 and not shard.exists()


@needs_bwrap
@pytest.mark.slow
def test_a_job_stopped_by_its_batch_system_keeps_no_result_of_the_runs_it_killed(tmp_path):
    """Slurm ends a job (scancel, its time limit) by signalling every process of it, the builds and runs of
    samples in flight too: those die of the same SIGTERM, and must not be written down as the samples' own
    failures. The job stops (submitit alone would let it go on), the submission says which job failed, and the
    same command finishes the rest."""
    pytest.importorskip("submitit")
    samples = tmp_path / "samples.jsonl"
    reference_samples(samples, TASKS[:1])
    with samples.open("a") as f:
        f.write(json.dumps({"task_id": TASKS[0], "sample_index": 1, "completion": SLOW_AXPY}) + "\n")
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "hpccoder", "evaluate", "--samples", str(samples), "--out", str(out), "--no-timing",
           "--no-record", "--no-progress", "--jobs", "2", "--submit", "1", "--cluster", "local"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    part = out / "results.rank-0.jsonl"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None and not (part.exists() and part.read_text()):
        time.sleep(0.1)
    assert proc.poll() is None, proc.communicate()
    for pid in descendants(proc.pid):  # the job and all it started; the slow sample is in flight
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "shard 0 (job " in err and "stopped (cancelled, or past its time limit)" in err, err
    kept = [json.loads(ln) for ln in part.read_text().splitlines()]
    assert [(r["sample_index"], r["status"]) for r in kept] == [(0, "pass")], kept
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    results = [json.loads(ln) for ln in (out / "results.jsonl").read_text().splitlines()]
    assert sorted((r["sample_index"], r["status"]) for r in results) == [(0, "pass"), (1, "pass")]


@needs_bwrap
@pytest.mark.slow
@needs_slurm
def test_an_evaluation_submitted_to_slurm(tmp_path):
    """Where a Slurm controller answers (a cluster's login node, or a single-node Slurm set up to try it), the
    jobs go through sbatch for real. The checkout and tmp_path must be on a file system the nodes see."""
    pytest.importorskip("submitit")
    samples = tmp_path / "samples.jsonl"
    reference_samples(samples, TASKS[:3])
    out = tmp_path / "run"
    summary = submit_evaluation(samples, out, 2, fast_options(seed=None), "slurm", {}, False)
    assert summary["statuses"] == {"pass": 3} and summary["ranks"]["size"] == 2
    jobs = json.loads((out / "evaluate-jobs.json").read_text())
    assert jobs["cluster"] == "slurm" and len(jobs["job_ids"]) == 2
    script = next((out / "jobs").glob("*_submission.sh")).read_text()
    assert "#SBATCH --time=5\n" not in script  # the partition's time, not submitit's default


def test_jobs_without_a_time_limit_get_their_partitions_not_five_minutes(tmp_path, monkeypatch):
    """submitit asks Slurm for 5 minutes unless told otherwise: far too little for a generation or an evaluation.
    Without --job timeout_min the jobs get their partition's default time (sinfo), else its maximum."""
    from hpccoder.harness.batch import partition_minutes, slurm_minutes

    assert [slurm_minutes(t) for t in ("infinite", "n/a", "1-00:00:00", "1-12", "2:00:00", "30:00", "30", "0:30")] \
        == [30 * 24 * 60, None, 1440, 2160, 120, 30, 30, 1]
    sinfo = tmp_path / "sinfo"
    sinfo.write_text("#!/bin/sh\necho 'cpu* 2:00:00 1-00:00:00'\necho 'gpu n/a 12:00:00'\necho 'long n/a infinite'\n")
    sinfo.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    assert (partition_minutes(None), partition_minutes("gpu"), partition_minutes("long")) == (120, 720, 43200)
    assert partition_minutes("nope") is None


def test_a_cluster_without_accounting_is_warned_of_once_not_at_every_poll(tmp_path, monkeypatch, caplog):
    """Where Slurm keeps no accounting, sacct fails; submitit says so at every poll of the jobs."""
    submitit = pytest.importorskip("submitit")
    sacct = tmp_path / "sacct"
    sacct.write_text("#!/bin/sh\necho 'Slurm accounting storage is disabled' >&2\nexit 1\n")
    sacct.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    executor(tmp_path / "jobs", "local", {})
    watcher = submitit.slurm.slurm.SlurmInfoWatcher()
    watcher.register_job("4242")
    for _ in range(3):
        watcher.update()
    # the records that passed the logger's filters (its handler's stream is whatever sys.stderr was when
    # submitit was first imported: a capture of another test, in the whole suite)
    said = [r.getMessage() for r in caplog.records if "Bypassing sacct error" in r.getMessage()]
    assert len(said) == 1 and "said once" in said[0], said


def test_what_a_submission_is_told_before_anything_is_submitted(tmp_path, monkeypatch):
    pytest.importorskip("submitit")
    monkeypatch.setenv("PATH", str(tmp_path))  # no sbatch
    with pytest.raises(HpcError, match="no Slurm here .* --cluster local"):
        executor(tmp_path, "slurm", {})
    with pytest.raises(HpcError, match="--job: .*no_such_option"):
        executor(tmp_path, "local", {"no_such_option": 1})
    assert job_parameters(["timeout_min=120", "slurm_partition=cpu", "mem_gb=1.5"]) == {
        "timeout_min": 120, "slurm_partition": "cpu", "mem_gb": 1.5}
    with pytest.raises(HpcError, match="give KEY=VALUE"):
        job_parameters(["timeout_min"])


def test_a_file_is_written_by_one_process_at_a_time(tmp_path):
    first = JsonlAppender(tmp_path / "results.jsonl")
    with pytest.raises(HpcError, match="being written by another hpccoder process"):
        JsonlAppender(tmp_path / "results.jsonl")
    first.close()
    JsonlAppender(tmp_path / "results.jsonl").close()


# -- mpirun -np 2 hpccoder evaluate --------------------------------------------------------------------------
def mpirun(args: list[str], n: int = 2, **kw) -> subprocess.CompletedProcess | subprocess.Popen:
    cmd = ["mpirun", "-np", str(n), sys.executable, "-m", "hpccoder", *args]
    env = {**os.environ, **MPIRUN_ENV, "PYTHONPATH": str(REPO)}
    if kw.pop("background", False):
        return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, **kw)


SLOW_AXPY = """\
#include <chrono>
#include <thread>
#include <vector>

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    static bool slept = false;
    if (!slept) std::this_thread::sleep_for(std::chrono::seconds(8));
    slept = true;
    for (std::size_t i = 0; i < x.size(); ++i) z[i] = alpha * x[i] + y[i];
}
"""
TASKS = ["cpp/dense_la/01_axpy/serial", "cpp/dense_la/01_axpy/omp", "cpp/dense_la/02_gemv/serial",
         "cpp/dense_la/02_gemv/mpi", "cpp/reduction/03_norm2/serial", "verilog/arithmetic/01_adder8/verilog"]


@needs_bwrap
@needs_mpi
@pytest.mark.slow
def test_an_evaluation_over_two_ranks_gives_every_sample_one_result(tmp_path):
    samples = tmp_path / "samples.jsonl"
    reference_samples(samples, TASKS, wrong={"cpp/dense_la/01_axpy/omp": WRONG_AXPY})
    out = tmp_path / "run"
    done = mpirun(["evaluate", "--samples", str(samples), "--out", str(out), "--no-timing", "--no-record",
                   "--no-progress", "--threads", "2", "--ranks", "2", "--seed", "7"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("pass@1") == 1  # the table, printed by rank 0 alone
    results = [json.loads(ln) for ln in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(r["sample_index"] for r in results) == list(range(len(TASKS)))
    status = {r["task_id"]: r["status"] for r in results}
    assert status == {t: "wrong_answer" if t == "cpp/dense_la/01_axpy/omp" else "pass" for t in TASKS}
    ranks = {r["shard"]["rank"] for r in results}
    assert ranks == {0, 1}, "both ranks evaluated samples"
    by_problem = {}
    for r in results:  # a problem's samples all on one rank
        by_problem.setdefault(r["task_id"].rsplit("/", 1)[0], set()).add(r["shard"]["rank"])
    assert all(len(v) == 1 for v in by_problem.values()), by_problem
    summary = json.loads((out / "summary.json").read_text())
    assert summary["ranks"]["size"] == 2 and summary["statuses"] == {"pass": 5, "wrong_answer": 1}
    assert len(summary["ranks"]["hardware"]) == 2 and summary["ranks"]["hosts"] == [socket.gethostname()]
    record = json.loads((out / "record.json").read_text())
    assert record["hardware"]["machines"] == 1 and record["hardware"]["cpu"] == summary["ranks"]["hardware"][0]["cpu"]
    assert not list(out.glob("*.rank-*"))

    # the same evaluation on one process gives the same verdicts; resumed over two ranks it does nothing
    alone = tmp_path / "alone"
    evaluate(samples, alone, fast_options(seed=7))
    again = mpirun(["evaluate", "--samples", str(samples), "--out", str(out), "--no-timing", "--no-record",
                    "--no-progress", "--threads", "2", "--ranks", "2"])
    assert again.returncode == 0, again.stderr
    assert len((out / "results.jsonl").read_text().splitlines()) == len(TASKS)
    alone_status = {json.loads(ln)["task_id"]: json.loads(ln)["status"]
                    for ln in (alone / "results.jsonl").read_text().splitlines()}
    assert alone_status == status

    # an error found by rank 0 (other settings than the run in the folder) is said once, and every rank stops
    clash = mpirun(["evaluate", "--samples", str(samples), "--out", str(out), "--no-record", "--no-progress",
                    "--threads", "2", "--ranks", "2"])
    assert clash.returncode == 2
    assert clash.stderr.count("holds an evaluation with other settings") == 1, clash.stderr


@needs_bwrap
@needs_mpi
@pytest.mark.slow
def test_a_sharded_evaluation_killed_midway_resumes(tmp_path):
    samples = tmp_path / "samples.jsonl"
    reference_samples(samples, TASKS)
    with samples.open("a") as f:  # one slow sample: on a machine with many cores the rest end in one burst
        f.write(json.dumps({"task_id": TASKS[0], "sample_index": len(TASKS), "completion": SLOW_AXPY}) + "\n")
    out = tmp_path / "run"
    args = ["evaluate", "--samples", str(samples), "--out", str(out), "--no-timing", "--no-record", "--no-progress",
            "--threads", "2", "--ranks", "2", "--seed", "7"]
    proc = mpirun(args, background=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.read_text().count("\n") >= 1 for p in out.glob("results.rank-*.jsonl")):
            break
        time.sleep(0.2)
    assert proc.poll() is None, f"finished before it could be killed: {proc.communicate()}"
    os.killpg(proc.pid, signal.SIGTERM)  # as Ctrl-C on mpirun, or the batch system's end of the job
    proc.communicate(timeout=60)
    kept = sum(p.read_text().count("\n") for p in out.glob("results.rank-*.jsonl"))
    assert 1 <= kept <= len(TASKS) and not (out / "results.jsonl").exists()
    done = mpirun(args)
    assert done.returncode == 0, done.stderr
    results = [json.loads(ln) for ln in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(r["sample_index"] for r in results) == list(range(len(TASKS) + 1))
    assert all(r["status"] == "pass" for r in results)


# -- the machine's timing lock ------------------------------------------------------------------------------
HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from hpccoder.harness.locks import MachineLock
    lock = MachineLock(Path(sys.argv[1]))
    with getattr(lock, sys.argv[2])():
        print("held", flush=True)
        sys.stdin.readline()
    print("released", flush=True)
""")


def holder(folder: Path, how: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", HOLDER, str(folder), how], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})


def wait_for(proc: subprocess.Popen, word: str) -> None:
    assert proc.stdout.readline().strip() == word


def release(proc: subprocess.Popen) -> None:
    proc.stdin.write("\n")
    proc.stdin.flush()
    wait_for(proc, "released")


def acquired_within(proc: subprocess.Popen, seconds: float) -> bool:
    import select
    ready, _, _ = select.select([proc.stdout], [], [], seconds)
    return bool(ready)


def test_a_timed_run_of_one_evaluation_keeps_the_others_off_the_machine(tmp_path):
    timing = holder(tmp_path, "exclusive")
    wait_for(timing, "held")
    check = holder(tmp_path, "shared")
    assert not acquired_within(check, 1.0), "a check started while another evaluation timed a sample"
    release(timing)
    wait_for(check, "held")
    release(check)


def test_a_waiting_timed_run_goes_before_checks_that_come_after_it(tmp_path):
    first = holder(tmp_path, "shared")
    wait_for(first, "held")
    second = holder(tmp_path, "shared")  # checks share the machine
    wait_for(second, "held")
    timing = holder(tmp_path, "exclusive")
    assert not acquired_within(timing, 1.0)
    late = holder(tmp_path, "shared")
    assert not acquired_within(late, 1.0), "a check overtook the timed run waiting for the machine"
    release(first)
    release(second)
    wait_for(timing, "held")
    assert not acquired_within(late, 0.5)
    release(timing)
    wait_for(late, "held")
    release(late)


@needs_mpi
def test_other_commands_refuse_to_run_once_per_rank(tmp_path):
    done = mpirun(["suite", "list", "--tasks", "axpy"])
    assert done.returncode != 0
    assert done.stderr.count("only `hpccoder evaluate` runs over MPI ranks: start this one without mpirun") == 1
    assert "cpp/dense_la/01_axpy" not in done.stdout


@pytest.mark.parametrize("extra, said", [
    (["--job", "timeout_min=5"], "--job, --gen-job and --cluster go with --submit N"),
    (["--submit", "0"], "--submit N: N jobs, at least 1"),
])
def test_batch_flags_out_of_place_are_told(tmp_path, capsys, extra, said):
    from hpccoder.cli import main
    assert main(["generate", "--model", "reference", "--tasks", "cpp/dense_la/01_axpy/serial",
                 "--out", str(tmp_path / "s.jsonl"), *extra]) == 2
    assert said in capsys.readouterr().err


def test_a_run_in_shards_is_recorded_with_the_machines_that_timed_it(tmp_path):
    from hpccoder.results.machine import describe
    from hpccoder.results.rundir import write_record

    node = {"hostname": "node7", "cpu": "Xeon 9000", "cores": 64, "memory_gib": 256, "gpus": []}
    (tmp_path / "summary.json").write_text(json.dumps({"ranks": {"size": 2, "hosts": ["node7", "node8"],
                                                                 "hardware": [node, {**node, "hostname": "node8"}]}}))
    hw = write_record(tmp_path, "evaluate")["hardware"]
    assert hw["hostname"] == "node7" and hw["machines"] == 2
    assert describe(hw) == "Xeon 9000, 64 cores (x2 machines), 256 GiB, no GPU"
