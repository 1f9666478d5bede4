"""Loading problems, selecting tasks, and the schema check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from hpccoder.errors import HpcError
from hpccoder.suite import Suite
from hpctest import fast_options, needs_bwrap

REPO = Path(__file__).resolve().parents[2]
CATEGORIES = {"dense_la", "sparse_la", "stencil"}


def test_the_first_six_problems_in_four_models(suite):
    assert {p.rsplit("/", 1)[1] for p in suite.problems} >= {"01_axpy", "02_gemv", "03_gemm", "01_spmv",
                                                              "02_cg", "01_jacobi2d"}
    for problem in (p for p in suite.problems.values() if p.language == "cpp"):  # verilog: its own tests
        assert set(problem.models) >= {"serial", "omp", "mpi", "mpi+omp"}
        assert "rank" in problem.spec["distribution"]


def test_schema_of_the_shipped_suite_is_clean(suite):
    assert suite.schema_errors() == []


def test_selectors(suite):
    assert {t.model for t in suite.select("omp")} == {"omp"}
    assert {t.category for t in suite.select("stencil")} == {"stencil"}
    assert [t.id for t in suite.select("cg")] == [t.id for t in suite.select("cpp/sparse_la/02_cg/*")]
    assert [t.id for t in suite.select("cpp/*/01_axpy/mpi")] == ["cpp/dense_la/01_axpy/mpi"]
    assert len(suite.select("omp,mpi")) == 2 * len([p for p in suite.problems.values() if p.language == "cpp"])
    with pytest.raises(HpcError, match="no task matches 'quantum_chemistry'"):
        suite.select("quantum_chemistry")


def test_all_combines_and_names_are_not_case_sensitive(suite):
    # `--tasks all,omp` said "no task matches 'all'", and `--tasks OMP` matched nothing
    every = [t.id for t in suite.select(None)]
    assert [t.id for t in suite.select("all,omp")] == every
    assert [t.id for t in suite.select("cg, ALL")] == every
    assert [t.id for t in suite.select("OMP")] == [t.id for t in suite.select("omp")]
    assert [t.id for t in suite.select("Dense_LA,MPI+OMP")] == [t.id for t in suite.select("dense_la,mpi+omp")]
    assert [t.id for t in suite.select("CG")] == [t.id for t in suite.select("cg")]
    with pytest.raises(HpcError, match="no task matches 'quantum_chemistry'"):  # a typo beside all is still said
        suite.select("all,quantum_chemistry")
    with pytest.raises(HpcError, match=r"no task matches 'CPP/\*/01_axpy/mpi'"):  # ids are paths: globs keep case
        suite.select("CPP/*/01_axpy/mpi")


def test_unknown_task(suite):
    with pytest.raises(HpcError, match="unknown task"):
        suite.task("cpp/dense_la/01_axpy/cuda-or-something")


@pytest.fixture
def broken_suite(tmp_path, monkeypatch):
    root = tmp_path / "evalsuite"
    shutil.copytree(REPO / "evalsuite", root)
    problem = root / "cpp/dense_la/01_axpy/problem.yaml"
    spec = yaml.safe_load(problem.read_text())
    del spec["distribution"]
    spec["tolerance"] = {"rtol": -1, "atol": 0}
    spec["colour"] = "blue"
    problem.write_text(yaml.safe_dump(spec))
    return Suite(root)


def test_schema_errors_say_where_and_what(broken_suite):
    errors = broken_suite.schema_errors()
    text = "\n".join(errors)
    assert "01_axpy/problem.yaml" in text
    assert "'distribution' is a required property" in text
    assert "tolerance/rtol" in text
    assert "'colour' was unexpected" in text


@needs_bwrap
def test_validate_checks_the_sound_problems_while_others_are_broken(tmp_path, monkeypatch, capsys):
    """A problem being written (not YAML yet, or failing its schema) does not hold up the others:
    `suite validate` lists its errors, runs the selected references of the sound problems, and
    exits non-zero."""
    from hpccoder.suite.validate import validate
    root = tmp_path / "root"
    shutil.copytree(REPO / "evalsuite", root / "evalsuite")
    (root / "kernels_ref").symlink_to(REPO / "kernels_ref")
    (root / "evalsuite/cpp/dense_la/02_gemv/problem.yaml").write_text("name: [unclosed\n")
    gemm = root / "evalsuite/cpp/dense_la/03_gemm/problem.yaml"
    spec = yaml.safe_load(gemm.read_text())
    del spec["entry"]
    gemm.write_text(yaml.safe_dump(spec))
    monkeypatch.setenv("HPCCODER_ROOT", str(root))
    with pytest.raises(HpcError, match="02_gemv/problem.yaml: not valid YAML"):
        Suite().problems  # everything else stops at it, and says so
    selector = "cpp/dense_la/01_axpy/serial,cpp/dense_la/03_gemm/serial,02_gemv,cpp/dense_la/04_transpose/omp"
    assert validate(selector, fast_options(), tmp_path / "out") == 1
    out = capsys.readouterr().out
    assert "02_gemv/problem.yaml: not valid YAML" in out and "'entry' is a required property" in out
    assert "2 problem(s) with schema errors: their references are not run" in out
    ran = [json.loads(line)["task_id"] for line in (tmp_path / "out/results.jsonl").read_text().splitlines()]
    assert sorted(ran) == ["cpp/dense_la/01_axpy/serial", "cpp/dense_la/04_transpose/omp"]
    assert f"problems valid, 2 with schema errors; {len(ran)} of {len(ran)} reference runs pass" in out


def test_a_problems_fingerprint_is_what_decides_a_verdict_not_the_files_beside_it(tmp_path):
    # an editor's swap or backup file, or a checkout with CRLF line ends, made every result of a problem stale
    root = tmp_path / "evalsuite"
    shutil.copytree(REPO / "evalsuite", root)
    folder = root / "cpp/dense_la/01_axpy"
    before = Suite(root).problems["cpp/dense_la/01_axpy"].sha256
    (folder / ".driver.cpp.swp").write_bytes(b"\0swap")
    (folder / "driver.cpp~").write_text("old\n")
    (folder / "driver.cpp.orig").write_text("old\n")
    driver = folder / "driver.cpp"
    driver.write_bytes(driver.read_bytes().replace(b"\n", b"\r\n"))
    assert Suite(root).problems["cpp/dense_la/01_axpy"].sha256 == before
    spec = folder / "problem.yaml"
    spec.write_text(spec.read_text().replace("rtol: 1.0e-12", "rtol: 0.5"))  # what decides a verdict counts
    assert Suite(root).problems["cpp/dense_la/01_axpy"].sha256 != before


def test_samples_of_a_broken_problem_are_skipped_with_the_reason(broken_suite, tmp_path):
    # evaluate said "unknown task" of a task whose problem.yaml had a schema error, hiding the fix
    from hpccoder.harness.evaluate import samples_and_tasks

    samples = tmp_path / "s.jsonl"
    samples.write_text("".join(json.dumps({"task_id": t, "completion": "x"}) + "\n"
                               for t in ("cpp/dense_la/01_axpy/omp", "cpp/dense_la/02_gemv/omp",
                                         "cpp/dense_la/01_axpy/omp", "cpp/nope/99_x/omp")))
    said = []
    kept, tasks = samples_and_tasks(samples, broken_suite, said.append)
    assert [s.task_id for s in kept] == ["cpp/dense_la/02_gemv/omp"]
    assert said[0].startswith("2 sample(s) skipped: task 'cpp/dense_la/01_axpy/omp': ")
    assert "01_axpy/problem.yaml" in said[0] and "unknown task" not in said[0]
    assert said[1] == ("1 sample(s) skipped: unknown task 'cpp/nope/99_x/omp'; `hpccoder suite list` shows "
                       "the tasks")
