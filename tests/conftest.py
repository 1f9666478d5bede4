"""Shared fixtures: evaluate a piece of code for a task through the real harness."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hpccoder.harness.evaluate import EvalOptions, evaluate
from hpccoder.harness.records import SampleResult
from hpccoder.harness.sandbox import Limits
from hpccoder.harness.toolchains import Resources
from hpccoder.suite import Suite

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


@pytest.fixture(scope="session")
def suite() -> Suite:
    return Suite()


@pytest.fixture
def evaluate_samples(tmp_path, suite):
    """evaluate_samples([(task_id, completion), ...], **EvalOptions overrides) -> [SampleResult, ...]"""

    def run(samples, **overrides) -> list[SampleResult]:
        path = tmp_path / "samples.jsonl"
        with path.open("w") as fh:
            for i, (task_id, completion) in enumerate(samples):
                fh.write(json.dumps({"task_id": task_id, "sample_index": i, "completion": completion}) + "\n")
        out = tmp_path / "out"
        evaluate(path, out, fast_options(**overrides), suite)
        results = [SampleResult.from_json(json.loads(line)) for line in (out / "results.jsonl").read_text().splitlines()]
        return sorted(results, key=lambda r: r.sample_index)

    return run


@pytest.fixture
def evaluate_code(evaluate_samples):
    """evaluate_code(task_id, completion, **overrides) -> SampleResult"""

    def run(task_id: str, completion: str, **overrides) -> SampleResult:
        return evaluate_samples([(task_id, completion)], **overrides)[0]

    return run
