"""Loading problems, selecting tasks, and the schema check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from hpccoder.errors import HpcError
from hpccoder.suite import Suite

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
