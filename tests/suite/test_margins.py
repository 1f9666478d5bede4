"""The drivers' `--margin` and `hpccoder suite margins`: how near its tolerance a correct parallel reference comes.

Under --margin a driver's result line says, for each checked call, the worst |got - want| / (atol + rtol |want|) its
check saw (null where the check compares exactly); without it the driver prints what it always did, byte for byte.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hpctest import needs_bwrap, needs_mpi

from hpccoder.cli import main
from hpccoder.errors import HpcError
from hpccoder.harness import cudaemu
from hpccoder.harness.build import Builder
from hpccoder.harness.sandbox import SANDBOX_ROOT, Sandbox
from hpccoder.harness.toolchains import Resources, get
from hpccoder.suite.prompts import assemble

NORM2 = "cpp/reduction/03_norm2/omp"  # a floating-point sum: a margin above 0 at 2 threads
EXACT = "cpp/search/01_find_first/omp"  # an index, compared exactly: no margin
NORM2_CUDA = "cpp/reduction/03_norm2/cuda"  # blocks' partial sums: a margin above 0 on a GPU and in the emulator

needs_gpp = pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")


def _gpu_runs() -> bool:
    cuda = get("cuda")
    return cuda.missing() is None and cuda.cannot_run() is None


no_gpu = pytest.mark.skipif(_gpu_runs(), reason="a GPU is here: cuda tasks run on it, not emulated nor left out")
needs_gpu = pytest.mark.skipif(not _gpu_runs(), reason="no GPU that the cuda toolchain can run on")


@pytest.fixture(scope="module")
def built(suite):
    """task id -> the program built with the task's own reference kernel."""
    sandbox = Sandbox()
    work = Path(tempfile.mkdtemp(prefix="hpccoder-test-margins-"))
    work.chmod(0o755)  # the sandbox's uid must reach the build folders
    builder = Builder(sandbox, work)
    programs = {}
    for tid in (NORM2, EXACT):
        task = next(t for t in suite.select(tid))
        build = builder.build(task, assemble(task, task.reference_candidate()))
        assert build.ok and not build.rejected, build.log
        programs[tid] = (task, build.binary)
    yield sandbox, programs
    shutil.rmtree(work, ignore_errors=True)


def _run(sandbox, task, binary, extra, time_size=None, stdin="\n", before=()) -> str:
    """The driver's stdout: no key (an empty first line), so its lines carry no tag and two runs compare."""
    spec = task.problem.spec
    args = ["./prog", *before, "--seed", "7", "--check-sizes", ",".join(map(str, spec["sizes"]["check"])),
            "--rtol", repr(spec["tolerance"]["rtol"]), "--atol", repr(spec["tolerance"]["atol"]), *extra]
    if time_size:
        args += ["--time-size", str(time_size), "--warmup", "0", "--reps", "1"]
    argv, env = get(task.model).launch(args, Resources(1, 2))
    proc = sandbox.start(argv, None, env, ro_binds=((str(binary), f"{SANDBOX_ROOT}/prog"),))
    proc.send(stdin)
    out = proc.finish(60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def _result(stdout: str) -> dict:
    line = next(ln for ln in stdout.splitlines() if ln.startswith("@@hpccoder result "))
    return json.loads(line[len("@@hpccoder result "):])


@needs_bwrap
def test_margin_flag_reports_each_checked_call_and_changes_nothing_else(built):
    sandbox, programs = built
    task, binary = programs[NORM2]
    plain = _run(sandbox, task, binary, [])
    marked = _run(sandbox, task, binary, ["--margin"])
    assert "@@hpccoder result {\"correct\": true}\n" in plain and "margins" not in plain
    margins = _result(marked)["margins"]
    assert [n for n, _ in margins] == task.problem.spec["sizes"]["check"]
    assert all(m is not None and 0 <= m <= 1 for _, m in margins), margins
    assert any(m > 0 for _, m in margins), margins  # 2 threads sum in another order than the serial reference
    # without the flag: the same output, byte for byte, but the field
    assert re.sub(r', "margins": \[[^]]*(\][^]]*)*\]', "", marked) == plain
    # --margin anywhere among the options (a flag without a value): the same seed, the same margins
    assert _run(sandbox, task, binary, [], before=["--margin"]) == marked


@needs_bwrap
def test_margin_of_a_timed_run_is_the_call_on_fresh_inputs(built):
    sandbox, programs = built
    task, binary = programs[NORM2]
    n = task.problem.spec["sizes"]["check"][-1]
    plain = _result(_run(sandbox, task, binary, [], time_size=n, stdin="\ngo\n"))
    marked = _result(_run(sandbox, task, binary, ["--margin"], time_size=n, stdin="\ngo\n"))
    assert set(marked) - set(plain) == {"margins"}
    assert [s for s, _ in marked["margins"]] == [*task.problem.spec["sizes"]["check"], n]


@needs_bwrap
def test_an_exact_check_reports_no_margin(built):
    sandbox, programs = built
    task, binary = programs[EXACT]
    margins = _result(_run(sandbox, task, binary, ["--margin"]))["margins"]
    assert margins and all(m is None for _, m in margins)


@needs_bwrap
def test_suite_margins_on_one_task(tmp_path, capsys):
    out = tmp_path / "margins.json"
    assert main(["suite", "margins", "--tasks", NORM2, "--seeds", "2", "--no-timing-size", "--no-progress",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    row = next(ln for ln in printed.splitlines() if ln.startswith(NORM2))
    assert "at risk" not in row and "FAIL" not in row and row.split()[2] == "-"  # the timing size not measured
    assert "1 task(s), 2 seed(s), check sizes: 0 at risk" in printed
    data = json.loads(out.read_text())
    (only,) = data["rows"]
    assert only["task_id"] == NORM2 and only["runs"] == 2 and not only["error"]
    assert 0 < only["check"]["margin"] <= 0.1 and only["timing"]["margin"] is None


@needs_bwrap
@needs_mpi
def test_suite_margins_of_an_mpi_task_with_its_timing_size(tmp_path, capsys):
    assert main(["suite", "margins", "--tasks", "cpp/dense_la/02_gemv/mpi", "--seeds", "1", "--no-progress"]) == 0
    row = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("cpp/dense_la/02_gemv/mpi"))
    check, timing = row.split()[1:3]
    assert float(check) <= 0.1 and float(timing) <= 0.1


def test_a_flagged_row_says_at_risk_and_fail():
    from hpccoder.suite.margins import Row, Worst, table

    risky = Row("cpp/x/01_a/omp", check=Worst(0.5, 3, 100, "1x4"))
    failed = Row("cpp/x/02_b/mpi", error="wrong answer at size 5")
    exact = Row("cpp/x/03_c/omp")
    lines = table([risky, failed, exact]).splitlines()
    assert lines[1].endswith("seed 3 size 100 1x4  at risk")
    assert "FAIL: wrong answer at size 5" in lines[2]
    assert lines[3].split()[1:3] == ["exact", "exact"]


@pytest.mark.parametrize("argv, said", [
    (["--tasks", "nope"], "no task matches 'nope'"),
    (["--tasks", "cpp/dense_la/01_axpy/serial"],
     "no omp, mpi, mpi+omp, cuda task in 'cpp/dense_la/01_axpy/serial'"),
    (["--tasks", "axpy", "--seeds", "0"], "--seeds must be at least 1"),
    (["--tasks", NORM2, "--threads", "0"], "bad resource '0' for omp: every count is at least 1"),
    (["--tasks", NORM2, "--threads", "2x2"], "--threads 2x2: OpenMP tasks take thread counts"),
    (["--tasks", NORM2, "--threads", ","], "bad resources ',' for omp"),
    (["--tasks", NORM2, "--ranks", "three"], "bad resource 'three' for mpi"),
    (["--tasks", NORM2, "--hybrid", "2x0"], "bad resource '2x0' for mpi+omp"),
])
def test_bad_input_is_one_line(argv, said, capsys):
    assert main(["suite", "margins", "--no-progress", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hpccoder: error: ") and said in err and len(err.strip().splitlines()) == 1


@needs_bwrap
def test_threads_replace_the_fixed_resources(tmp_path, capsys):
    out = tmp_path / "margins.json"
    assert main(["suite", "margins", "--tasks", NORM2, "--threads", "3,5", "--seeds", "1", "--no-timing-size",
                 "--no-progress", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    (only,) = data["rows"]
    assert data["resources"] == {"omp": ["1x3", "1x5"]}
    assert only["runs"] == 2 and only["check"]["resources"] in ("1x3", "1x5")  # not RESOURCES' 1x4
    assert 0 < only["check"]["margin"] <= 0.1


def test_margins_keeps_to_the_resources_it_is_given():
    from hpccoder.suite.margins import RESOURCES, margins

    with pytest.raises(HpcError, match="no resources can be set for cuda tasks"):
        margins(NORM2, resources={"cuda": [Resources(1, 2)]}, show_progress=False)
    with pytest.raises(HpcError, match="no resources can be set for omp tasks"):
        margins(NORM2, resources={"omp": []}, show_progress=False)
    assert RESOURCES["omp"] == (Resources(1, 4),)  # replaced for one call, never changed


def test_an_emulated_row_says_so_and_a_note_says_what_it_means():
    from hpccoder.suite.margins import Row, Worst, table

    emulated = Row("cpp/x/01_a/cuda", check=Worst(0.02, 3, 100, "1x1"), emulated=True, timed=False)
    gpu = Row("cpp/x/01_a/omp", check=Worst(0.02, 3, 100, "1x4"), timing=Worst(0.03, 3, 1000, "1x4"))
    lines = table([emulated, gpu]).splitlines()
    assert lines[1].split()[1:3] == ["0.02", "-"] and lines[1].endswith("emulated")
    assert lines[2].split()[1:3] == ["0.02", "0.03"] and "emulated" not in lines[2]
    assert lines[3].startswith("emulated: run on the CPU emulator of CUDA")
    assert "emulated" not in table([gpu])


@no_gpu
def test_cuda_tasks_without_a_gpu_nor_cuda_emulate_are_not_run_with_one_line(capsys):
    assert main(["suite", "margins", "--tasks", NORM2_CUDA, "--seeds", "1", "--no-progress"]) == 0
    out, err = capsys.readouterr()
    (line,) = err.strip().splitlines()
    assert line.startswith("not run   the cuda tasks: ") and "--cuda-emulate" in line
    assert NORM2_CUDA not in out and "FAIL" not in out and out.startswith("0 task(s)")


@pytest.fixture(scope="module")
def emulated_norm2(suite):
    """The cuda reference of norm2 built for the CPU emulator, as suite margins --cuda-emulate builds it."""
    if shutil.which("g++") is None:
        pytest.skip("g++ is not installed")
    sandbox = Sandbox()
    work = Path(tempfile.mkdtemp(prefix="hpccoder-test-margins-emu-"))
    work.chmod(0o755)
    task = next(t for t in suite.select(NORM2_CUDA))
    build = cudaemu.build(Builder(sandbox, work), task, assemble(task, task.reference_candidate()))
    assert build.ok, build.log
    yield sandbox, task, build.binary
    shutil.rmtree(work, ignore_errors=True)


@needs_bwrap
@needs_gpp
def test_the_cuda_driver_reports_margins_and_changes_nothing_else(emulated_norm2):
    sandbox, task, binary = emulated_norm2
    spec = task.problem.spec

    def result(extra):
        args = ["./prog", "--seed", "7", "--check-sizes", ",".join(map(str, spec["sizes"]["check"])),
                "--rtol", repr(spec["tolerance"]["rtol"]), "--atol", repr(spec["tolerance"]["atol"]), *extra,
                *get("cuda").run_args(task.problem)]
        argv, env = cudaemu.launch(args, 60)
        proc = sandbox.start(argv, None, env, ro_binds=((str(binary), f"{SANDBOX_ROOT}/prog"),))
        proc.send("\n")
        out = proc.finish(60)
        assert out.returncode == 0, out.stderr
        return _result(out.stdout)

    plain, marked = result([]), result(["--margin"])
    assert "margins" not in plain and plain["correct"]
    assert {k: v for k, v in marked.items() if k != "margins"} == plain
    assert [n for n, _ in marked["margins"]] == spec["sizes"]["check"]
    assert all(0 <= m <= 1 for _, m in marked["margins"]) and any(m > 0 for _, m in marked["margins"])


@needs_bwrap
@needs_gpp
@no_gpu
def test_suite_margins_of_a_cuda_task_on_the_emulator(tmp_path, capsys):
    out = tmp_path / "margins.json"
    assert main(["suite", "margins", "--tasks", NORM2_CUDA, "--cuda-emulate", "--seeds", "1", "--no-progress",
                 "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    row = next(ln for ln in printed.splitlines() if ln.startswith(NORM2_CUDA))
    assert row.endswith("emulated") and row.split()[2] == "-"  # the timing size left out by default
    assert "emulated: run on the CPU emulator of CUDA" in printed
    assert err.strip().startswith("emulated  the cuda tasks: ")
    (only,) = json.loads(out.read_text())["rows"]
    assert only["emulated"] and not only["timing_size"] and only["runs"] == 1 and not only["error"]
    assert 0 < only["check"]["margin"] <= 0.1 and only["timing"]["margin"] is None
    assert only["check"]["resources"] == ""  # the launch configuration is the problem's: no resources to name


@needs_bwrap
@needs_gpu
def test_suite_margins_of_a_cuda_task_on_the_gpu(tmp_path, capsys):
    out = tmp_path / "margins.json"
    assert main(["suite", "margins", "--tasks", NORM2_CUDA, "--cuda-emulate", "--seeds", "1", "--no-progress",
                 "--out", str(out)]) == 0  # a GPU wins over --cuda-emulate
    printed = capsys.readouterr().out
    assert "emulated" not in printed
    (only,) = json.loads(out.read_text())["rows"]
    assert not only["emulated"] and only["timing_size"] and not only["error"]
    assert 0 <= only["check"]["margin"] <= 0.1 and only["timing"]["margin"] is not None
