"""Shared fixtures: evaluate a piece of code for a task through the real harness."""

from __future__ import annotations

import json
import signal

import pytest

from hpccoder.harness.evaluate import evaluate
from hpccoder.harness.records import SampleResult
from hpccoder.suite import Suite
from hpctest import fast_options


# Ctrl-C as a terminal delivers it. A shell's `cmd &` (a CI script, nohup) starts pytest with SIGINT ignored, and an
# ignored signal stays ignored in every program it starts: the tests of what Ctrl-C does (a stopped evaluation or
# fine-tuning that resumes, pool workers that leave it to the parent) then failed. A handler, unlike SIG_IGN, is not
# inherited past exec: the programs the tests start get the default, as from a terminal.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session", autouse=True)
def _private_results_store(tmp_path_factory):
    """`hpccoder run` and `evaluate` record into $HPCCODER_RESULTS_DB: in tests, a throwaway file, never the user's."""
    import os

    old = os.environ.get("HPCCODER_RESULTS_DB")
    os.environ["HPCCODER_RESULTS_DB"] = str(tmp_path_factory.mktemp("results-store") / "results.db")
    yield
    if old is None:
        os.environ.pop("HPCCODER_RESULTS_DB", None)
    else:
        os.environ["HPCCODER_RESULTS_DB"] = old


def pytest_collection_modifyitems(config, items):
    """Tests marked `gpu` run only where the NVIDIA driver reports a usable GPU (probed once, for real)."""
    gpu_tests = [item for item in items if item.get_closest_marker("gpu")]
    if not gpu_tests:
        return
    from hpccoder.harness.toolchains import get

    why = get("cuda").cannot_run()
    if why:
        for item in gpu_tests:
            item.add_marker(pytest.mark.skip(reason=f"no GPU: {why}"))


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
