"""Fixtures of the results tests: run folders, a store of one's own, the CLI in this process."""

from __future__ import annotations

from pathlib import Path

import pytest

from hpccoder.cli import main
from lbtest import write_run_dir


@pytest.fixture
def make_run(tmp_path):
    counter = iter(range(1000))

    def make(model: str, outcomes, **kw) -> Path:
        return write_run_dir(tmp_path / f"run{next(counter)}", model, outcomes, **kw)

    return make


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "store" / "results.db")


@pytest.fixture
def cli(capsys):
    """cli(*argv) -> (exit code, stdout, stderr) of `hpccoder ...` run in this process."""

    def run(*argv):
        capsys.readouterr()
        code = main([str(a) for a in argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run
