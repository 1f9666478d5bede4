"""`suite validate` sees what running the references alone cannot: a check that never fails (its wrong solutions
pass), a prompt whose signature is not the driver's; and a problem being written does not break the others."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
import yaml

from hpccoder.errors import HpcError
from hpccoder.suite import Suite
from hpccoder.suite.validate import wrong_solutions
from hpctest import fast_options, needs_bwrap

REPO = Path(__file__).resolve().parents[2]
AXPY = "evalsuite/cpp/dense_la/01_axpy"


def test_every_problem_of_the_shipped_suite_has_a_wrong_solution(suite):
    # a problem without one has no test that its check can fail at all
    covered = {task.problem.id for task in wrong_solutions(suite.tasks()).values()}
    assert sorted(set(suite.problems) - covered) == []


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    """A copy of the checkout (evalsuite, and the wrong solutions of 01_axpy) that a test may break."""
    root = tmp_path / "root"
    shutil.copytree(REPO / "evalsuite", root / "evalsuite")
    (root / "kernels_ref").symlink_to(REPO / "kernels_ref")
    shutil.copytree(REPO / "tests/suite/cpp_wrong/dense_la/01_axpy", root / "tests/suite/cpp_wrong/dense_la/01_axpy")
    monkeypatch.setenv("HPCCODER_ROOT", str(root))
    return root


@needs_bwrap
def test_a_check_that_never_compares_fails_validation(root, tmp_path, capsys):
    from hpccoder.suite.validate import validate

    assert validate("cpp/dense_la/01_axpy/omp", fast_options(), tmp_path / "out") == 0
    driver = root / AXPY / "driver.cpp"
    driver.write_text(driver.read_text().replace('return hpc::compare(got.z, want.z, tol, "z");',
                                                 "return hpc::Verdict{};"))
    capsys.readouterr()
    assert validate("cpp/dense_la/01_axpy/omp,cpp/dense_la/02_gemv/serial", fast_options(), tmp_path / "out2") == 1
    out = capsys.readouterr().out
    assert "FAIL      tests/suite/cpp_wrong/dense_la/01_axpy/omp.cpp (a wrong solution of cpp/dense_la/01_axpy/omp) " \
           "passes" in out
    assert "no wrong solution under tests/suite/ for 1 selected problem(s)" in out and "cpp/dense_la/02_gemv" in out


@needs_bwrap
def test_a_wrong_solution_that_does_not_build_fails_validation(root, tmp_path, capsys):
    # it tests nothing of the check: stale, as when the problem's signature changed after it was written
    from hpccoder.suite.validate import validate

    wrong = root / "tests/suite/cpp_wrong/dense_la/01_axpy/omp.cpp"
    wrong.write_text(wrong.read_text().replace("void axpy(", "void axpy(int unused, ", 1) + "\nnot C++\n")
    assert validate("cpp/dense_la/01_axpy/omp", fast_options(), tmp_path / "out") == 1
    out = capsys.readouterr().out
    assert "FAIL      tests/suite/cpp_wrong/dense_la/01_axpy/omp.cpp (a wrong solution of cpp/dense_la/01_axpy/omp) " \
           "does not build, so it tests nothing" in out and "1 of 1 reference runs pass" in out


@needs_bwrap
def test_a_signature_that_is_not_the_drivers_fails_validation(root, tmp_path, capsys):
    from hpccoder.suite.validate import validate

    yml = root / AXPY / "problem.yaml"
    spec = yaml.safe_load(yml.read_text())
    spec["signature"] = "void axpy(double alpha, const double *x, const double *y, double *z, long n)"
    yml.write_text(yaml.safe_dump(spec))
    assert validate("cpp/dense_la/01_axpy/serial", fast_options(), tmp_path / "out") == 1
    out = capsys.readouterr().out
    assert f"{root / AXPY / 'problem.yaml'}: signature does not match the driver (cpp/dense_la/01_axpy/serial" in out
    assert "1 of 1 reference runs pass" in out and "1 other FAIL" in out  # the reference is right, its prompt not


def test_validate_of_problems_with_schema_errors_alone_says_so(root, capsys):
    from hpccoder.suite.validate import validate

    yml = root / AXPY / "problem.yaml"
    yml.write_text(yml.read_text().replace("category: dense_la\n", ""))
    assert validate("01_axpy", fast_options(), None) == 1
    assert "no task to run: the selected problems have schema errors" in capsys.readouterr().out


def test_an_unfinished_problem_leaves_the_other_tasks_listed(root, capsys):
    yml = root / AXPY / "problem.yaml"
    yml.write_text(yml.read_text().replace("category: dense_la\n", ""))
    gemv = root / "evalsuite/cpp/dense_la/02_gemv/problem.yaml"
    gemv.write_text(gemv.read_text().replace("models: [serial, omp, mpi, mpi+omp, cuda]", "models: serial"))
    suite = Suite()
    ids = [t.id for t in suite.select("dense_la")]
    assert ids and not [i for i in ids if "01_axpy" in i or "02_gemv" in i]
    err = capsys.readouterr().err
    assert f"warning: {yml}: (top): 'category' is a required property; its tasks are left out" in err
    assert f"{gemv}: models: 'serial' is not of type 'array'" in err
    with pytest.raises(HpcError, match="'category' is a required property"):
        suite.task("cpp/dense_la/01_axpy/omp")


def test_a_key_given_twice_is_an_error(root):
    yml = root / AXPY / "problem.yaml"
    yml.write_text(yml.read_text() + "tolerance: {rtol: 1.0, atol: 1.0}\n")
    line = len(yml.read_text().splitlines())
    with pytest.raises(HpcError, match=rf"{yml}: line {line}: duplicate key 'tolerance'"):
        Suite().problems
    assert Suite(lenient=True).schema_errors_by_problem()["cpp/dense_la/01_axpy"] == [
        f"{yml}: line {line}: duplicate key 'tolerance'"]


@pytest.mark.parametrize("name", ["07_a,b", "07_x[1]", "07_*", "07_what?", "7_short", "07_Upper"])
def test_a_problem_name_that_cannot_be_selected_is_an_error(root, name):
    shutil.copytree(root / AXPY, root / "evalsuite/cpp/dense_la" / name)
    errors = Suite().schema_errors_by_problem()
    assert list(errors) == [f"cpp/dense_la/{name}"]
    assert errors[f"cpp/dense_la/{name}"][0].startswith(f"{root / 'evalsuite/cpp/dense_la' / name}: the folder's name "
                                                        "must be NN_name")


def test_a_problem_yaml_at_the_wrong_depth_is_an_error(root):
    misplaced = root / "evalsuite/cpp/07_x"
    misplaced.mkdir()
    shutil.copy(root / AXPY / "problem.yaml", misplaced / "problem.yaml")
    errors = Suite().schema_errors_by_problem()
    assert errors == {"cpp/07_x": [f"{misplaced / 'problem.yaml'}: not at <language>/<category>/<NN_name>/"
                                   "problem.yaml, so it is not loaded; move it"]}


@needs_bwrap
def test_a_driver_just_edited_validates(root, tmp_path, capsys):
    # not in the build cache: the signature probe built it below a 0700 temporary folder that the sandbox's uid
    # could not enter ("bwrap: Can't find source path ...: Permission denied"), a FAIL of a sound problem
    from hpccoder.suite.validate import validate

    driver = root / AXPY / "driver.cpp"
    driver.write_text(driver.read_text() + f"\n// edited {uuid.uuid4().hex}\n")  # in no cache
    assert validate("cpp/dense_la/01_axpy/serial", fast_options(), tmp_path / "out") == 0, capsys.readouterr().out
