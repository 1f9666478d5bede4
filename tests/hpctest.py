"""Helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hpccoder.harness.evaluate import EvalOptions
from hpccoder.harness.sandbox import Limits
from hpccoder.harness.toolchains import Resources

SAMPLES = Path(__file__).parent / "harness" / "samples"

needs_mpi = pytest.mark.skipif(shutil.which("mpicxx") is None or shutil.which("mpirun") is None,
                               reason="Open MPI is not installed")
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")

# Small resource sets keep the tests fast; 2 threads and 2 ranks still expose races and
# communication bugs.
FAST_RESOURCES = {"omp": [Resources(1, 2)], "mpi": [Resources(2, 1)], "mpi+omp": [Resources(2, 2)]}


def fast_options(**overrides) -> EvalOptions:
    opts = dict(ks=[1], resources=FAST_RESOURCES, timing=False, min_timeout=10.0, progress=False, seed=1234,
                limits=Limits())
    opts.update(overrides)
    return EvalOptions(**opts)
