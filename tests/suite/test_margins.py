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
from hpccoder.harness.build import Builder
from hpccoder.harness.sandbox import SANDBOX_ROOT, Sandbox
from hpccoder.harness.toolchains import Resources, get
from hpccoder.suite.prompts import assemble

NORM2 = "cpp/reduction/03_norm2/omp"  # a floating-point sum: a margin above 0 at 2 threads
EXACT = "cpp/search/01_find_first/omp"  # an index, compared exactly: no margin


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
    (["--tasks", "cpp/dense_la/01_axpy/serial"], "no omp, mpi, mpi+omp task in 'cpp/dense_la/01_axpy/serial'"),
    (["--tasks", "axpy", "--seeds", "0"], "--seeds must be at least 1"),
])
def test_bad_input_is_one_line(argv, said, capsys):
    assert main(["suite", "margins", "--no-progress", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hpccoder: error: ") and said in err and len(err.strip().splitlines()) == 1
