"""Shared fixtures: evaluate a piece of code for a task through the real harness."""

from __future__ import annotations

import json

import pytest

from hpccoder.harness.evaluate import evaluate
from hpccoder.harness.records import SampleResult
from hpccoder.suite import Suite
from hpctest import fast_options


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
