"""The Hugging Face `evaluate` module of the hpccoder metrics: loads offline from its path, same numbers."""

from __future__ import annotations

import ast
import itertools
import os
import random
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from statistics import mean

import pytest

import hpccoder.evaluate_metric
from hpccoder import metrics
from hpccoder.harness.records import SampleResult
from hpccoder.harness.summary import summarize
from hpccoder.suite import Suite

evaluate = pytest.importorskip("evaluate")

REPO = Path(__file__).resolve().parents[1]
STATUSES = ("pass", "build_error", "rejected", "runtime_error", "timeout", "wrong_answer")


@pytest.fixture(scope="module")
def metric(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_EVALUATE_OFFLINE", "TRANSFORMERS_OFFLINE"):
            mp.setenv(var, "1")
        mp.setattr(evaluate.config, "HF_EVALUATE_OFFLINE", True, raising=False)
        yield evaluate.load(hpccoder.evaluate_metric.METRIC_PATH, cache_dir=str(tmp_path_factory.mktemp("evaluate")))


def random_tasks(seed: int, n_tasks: int, min_n: int, max_n: int):
    rng = random.Random(seed)
    predictions, speedups = [], []
    for _ in range(n_tasks):
        statuses = [rng.choice(STATUSES) for _ in range(rng.randint(min_n, max_n))]
        predictions.append(statuses)
        speedups.append([rng.choice([0.5, 1.0, 2.0, 2.0, 3.7]) if s == "pass" else None for s in statuses])
    return predictions, speedups


def test_metric_path_is_a_folder_holding_a_script_of_the_same_name():
    path = Path(hpccoder.evaluate_metric.METRIC_PATH)
    assert path.is_dir()
    assert (path / f"{path.name}.py").is_file()


def test_the_package_data_is_found_by_the_setuptools_config():
    find = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    import setuptools

    finder = setuptools.find_namespace_packages if find.get("namespaces", True) else setuptools.find_packages
    found = finder(where=str(REPO / find.get("where", ["."])[0]), include=find["include"])
    assert {"hpccoder.evaluate_metric", "hpccoder.evaluate_metric.hpccoder_metrics"} <= set(found)


def test_loads_offline_as_an_evaluate_metric(metric):
    assert isinstance(metric, evaluate.Metric)
    assert metric.name == "hpccoder_metrics"
    assert "pass@k" in metric.description and "fast_p@k" in metric.description


def test_numbers_equal_hpccoder_metrics(metric):
    predictions, speedups = random_tasks(seed=4, n_tasks=25, min_n=4, max_n=8)
    n_resources = [1 + i % 8 for i in range(len(predictions))]
    ks, ps = [1, 2, 3, 4], [0.0, 1.0, 2.0]
    got = metric.compute(predictions=predictions, speedups=speedups, n_resources=n_resources, k=ks, fast_p=ps)
    expected = {}
    for k in ks:
        per_task = []
        for statuses, speeds, n in zip(predictions, speedups, n_resources):
            values = [s if st == "pass" else 0.0 for st, s in zip(statuses, speeds)]
            m = {f"pass@{k}": metrics.pass_at_k(len(statuses), statuses.count("pass"), k),
                 f"build@{k}": metrics.pass_at_k(len(statuses), len(statuses) - statuses.count("build_error"), k),
                 f"speedup@{k}": metrics.speedup_at_k(values, k),
                 f"efficiency@{k}": metrics.efficiency_at_k(values, k, n)}
            m.update({f"fast_{p:g}@{k}": metrics.fast_p_at_k(values, k, p) for p in ps})
            per_task.append(m)
        expected.update({name: mean(m[name] for m in per_task) for name in per_task[0]})
    assert set(got) == set(expected)
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, rel=1e-12, abs=1e-15), name


def test_pinned_values(metric):
    got = metric.compute(predictions=[["pass", "wrong_answer"], ["build_error", "pass"]], k=[1, 2])
    assert got == pytest.approx({"pass@1": 0.5, "build@1": 0.75, "pass@2": 1.0, "build@2": 1.0})
    one = metric.compute(predictions=[["pass"] * 3 + ["wrong_answer"] * 7], k=1)
    assert one == pytest.approx({"pass@1": 0.3, "build@1": 1.0})
    s = metric.compute(predictions=[["wrong_answer", "pass", "pass", "pass"]], speedups=[[None, 1.0, 2.0, 3.0]],
                       n_resources=4, k=[1, 2])
    assert s["speedup@2"] == pytest.approx(7 / 3) and s["efficiency@2"] == pytest.approx(7 / 12)
    assert s["fast_1@1"] == pytest.approx(0.5) and s["fast_1@2"] == pytest.approx(5 / 6)


def test_agrees_with_summary_json(metric):
    """Same samples through hpccoder's summary and through the evaluate module: the same overall numbers."""
    suite = Suite()
    tasks = {t.id: t for t in suite.tasks() if t.model == "omp"}
    predictions, speedups = random_tasks(seed=9, n_tasks=len(tasks), min_n=3, max_n=6)
    results = []
    for tid, statuses, speeds in zip(tasks, predictions, speedups):
        for i, (st, sp) in enumerate(zip(statuses, speeds)):
            r = SampleResult(tid, i, st)
            if st == "pass":
                r.baseline_s, r.speedup = 1.0, {"8": sp}
            results.append(r)
    summary = summarize(results, tasks, [1, 2, 3], {"omp": [8]}, [1.0], "0")
    got = metric.compute(predictions=predictions, speedups=speedups, n_resources=8, k=[1, 2, 3], fast_p=1.0)
    assert set(got) == set(summary["overall"])
    for name, value in summary["overall"].items():
        assert got[name] == pytest.approx(value, rel=1e-12, abs=1e-15), name


def test_pass_flags(metric):
    flags = [[True, False, False], [False, False, True, True]]
    got = metric.compute(predictions=flags, k=[1, 3])
    assert got == pytest.approx({"pass@1": mean([1 / 3, 1 / 2]), "pass@3": mean([1.0, metrics.pass_at_k(4, 2, 3)])})
    assert not any(name.startswith("build@") for name in got)  # flags say nothing about building
    with_speed = metric.compute(predictions=flags, speedups=[[2.0, 0, 0], [0, 0, 1.5, 0.5]], k=1)
    assert with_speed["speedup@1"] == pytest.approx(mean([2.0 / 3, 2.0 / 4]))
    assert "efficiency@1" not in with_speed  # no n_resources


def test_not_run_samples_do_not_count(metric):
    got = metric.compute(predictions=[["pass", "not_run", "wrong_answer", "not_run"], ["not_run", "not_run"]],
                         speedups=[[2.0, None, None, None], [None, None]], k=[1, 2, 3])
    assert got == pytest.approx({"pass@1": 0.5, "build@1": 1.0, "speedup@1": 1.0, "fast_1@1": 0.5,
                                 "pass@2": 1.0, "build@2": 1.0, "speedup@2": 2.0, "fast_1@2": 1.0})
    assert metric.compute(predictions=[["not_run"]], k=1) == {}


def test_k_above_some_tasks_n_is_left_out(metric):
    got = metric.compute(predictions=[["pass"] * 5, ["wrong_answer"] * 2], k=[1, 2, 5])
    assert set(got) == {"pass@1", "build@1", "pass@2", "build@2"}


def test_add_batch_then_compute(metric):
    predictions, speedups = random_tasks(seed=5, n_tasks=6, min_n=2, max_n=5)
    for start in range(0, 6, 2):
        metric.add_batch(predictions=predictions[start:start + 2])
    assert metric.compute(k=[1, 2], speedups=speedups) == pytest.approx(
        metric.compute(predictions=predictions, speedups=speedups, k=[1, 2]))


@pytest.mark.parametrize("kwargs", [
    {"predictions": [["pass", "bogus"]]},
    {"predictions": [["pass", "pass"]], "k": 0},
    {"predictions": [["pass", "pass"]], "k": [1, -2]},
    {"predictions": [["pass", "pass"]], "speedups": [[1.0]]},  # one speedup for two samples
    {"predictions": [["pass"], ["pass"]], "speedups": [[1.0]]},  # speedups for one task of two
    {"predictions": [["pass", "wrong_answer"]], "speedups": [[None, 2.0]]},  # a passing sample needs one
    {"predictions": [["pass"]], "speedups": [[1.0]], "n_resources": 0},
    {"predictions": [["pass"], ["pass"]], "speedups": [[1.0], [1.0]], "n_resources": [1, 2, 3]},
    # a threshold below 0 counted failed samples (speedup 0) as fast
    {"predictions": [["pass", "wrong_answer"]], "speedups": [[2.0, None]], "fast_p": -1.0},
    {"predictions": [["pass", "wrong_answer"]], "speedups": [[2.0, None]], "fast_p": [1.0, float("nan")]},
    {"predictions": [["pass", "wrong_answer"]], "speedups": [[2.0, None]], "fast_p": float("inf")},
    # n_resources are counts of threads or ranks: a string made a TypeError, 2.5 and True were taken
    {"predictions": [["pass"]], "speedups": [[1.0]], "n_resources": "8"},
    {"predictions": [["pass"]], "speedups": [[1.0]], "n_resources": 2.5},
    {"predictions": [["pass"]], "speedups": [[1.0]], "n_resources": True},
    {"predictions": [["pass"]], "n_resources": 0},  # wrong even where there is no speedup to divide
    # a speedup is a finite number: inf made every mean inf, True counted as 1.0
    {"predictions": [["pass"]], "speedups": [[float("inf")]]},
    {"predictions": [["pass"]], "speedups": [[True]]},
    {"predictions": [["pass"]], "speedups": [2.0]},  # one list per task: was a TypeError
    {"predictions": []},  # was an IndexError inside evaluate
    {"predictions": ["pass", "wrong_answer"]},  # a task is a list: was a KeyError inside evaluate
    {"predictions": [[1, 0]]},  # pass flags are bools: 2 was taken for True
])
def test_invalid_inputs_raise_value_error(metric, kwargs):
    with pytest.raises(ValueError):
        metric.compute(**kwargs)


def test_load_helper(tmp_path):
    m = hpccoder.evaluate_metric.load(cache_dir=str(tmp_path))
    assert m.compute(predictions=[[True, False]], k=1) == pytest.approx({"pass@1": 0.5})


@pytest.mark.parametrize("predictions", [[[True], ["wrong_answer"]], [["wrong_answer"], [True, False]],
                                         [[True, "wrong_answer"]]])
def test_statuses_and_pass_flags_together_are_refused(metric, predictions):
    # `evaluate` takes its features from the first task: after a flag, "wrong_answer" was cast to True, a pass
    with pytest.raises(ValueError, match="not both"):
        metric.compute(predictions=predictions, k=1)


def test_a_batch_of_the_other_kind_is_refused(metric):
    metric.add_batch(predictions=[[True, False]])
    with pytest.raises(ValueError, match="not both"):
        metric.add_batch(predictions=[["wrong_answer", "wrong_answer"]])
    assert metric.compute(k=1) == pytest.approx({"pass@1": 0.5})  # the first batch alone
    metric.add(prediction=["pass", "build_error"])
    with pytest.raises(ValueError, match="not both"):
        metric.add(prediction=[False])
    assert metric.compute(k=1) == pytest.approx({"pass@1": 0.5, "build@1": 0.5})


def test_pass_flags_after_a_task_without_samples(metric):
    # the empty first task chose the statuses' features, and True became the unknown status 'True'
    assert metric.compute(predictions=[[], [True, False]], k=1) == pytest.approx({"pass@1": 0.5})


def test_numpy_inputs(metric):
    np = pytest.importorskip("numpy")
    got = metric.compute(predictions=[np.array([True, False]), np.array([True, True])],
                         speedups=np.array([[3.0, 0.0], [1.0, 2.0]]), n_resources=np.array([2, 4]), k=1)
    assert got == pytest.approx({"pass@1": 0.75, "speedup@1": 1.5, "efficiency@1": mean([1.5 / 2, 1.5 / 4]),
                                 "fast_1@1": 0.5})
    assert all(type(v) is float for v in got.values())


def brute_force(statuses, speeds, n, k, p):
    """DESIGN.md's definitions, by enumerating every k-subset of the N samples (a failure's speedup is 0)."""
    values = [s if st == "pass" else 0.0 for st, s in zip(statuses, speeds)]
    subsets = list(itertools.combinations(range(len(statuses)), k))
    best = [max(values[j] for j in sub) for sub in subsets]
    return {f"pass@{k}": mean(any(statuses[j] == "pass" for j in sub) for sub in subsets),
            f"build@{k}": mean(any(statuses[j] != "build_error" for j in sub) for sub in subsets),
            f"speedup@{k}": mean(best), f"efficiency@{k}": mean(best) / n,
            f"fast_{p:g}@{k}": mean(b > p for b in best)}


@pytest.mark.parametrize("seed", range(3))
def test_against_brute_force_enumeration(metric, seed):
    predictions, speedups = random_tasks(seed=seed, n_tasks=6, min_n=3, max_n=6)
    predictions[0], speedups[0] = ["pass"] * 3, [2.0, 1.0, 2.0]  # all pass; one speedup equal to p
    predictions[1], speedups[1] = ["wrong_answer"] * 4, [None] * 4  # none pass
    n_resources = [1, 2, 4, 8, 3, 6]
    for k in (1, 2, 3, 7):
        got = metric.compute(predictions=predictions, speedups=speedups, n_resources=n_resources, k=k, fast_p=2.0)
        runs = [(st, sp, n) for st, sp, n in zip(predictions, speedups, n_resources) if len(st) >= k]
        if len(runs) < len(predictions):  # k > N for some task: no metric at k (summary.json does the same)
            assert got == {}
            continue
        expected = [brute_force(st, sp, n, k, 2.0) for st, sp, n in runs]
        assert got == pytest.approx({name: mean(e[name] for e in expected) for name in expected[0]},
                                    rel=1e-12, abs=1e-15)


def test_the_readme_example_runs_offline(tmp_path):
    readme = (REPO / "README.md").read_text()
    blocks = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "evaluate.load(" in b]
    assert blocks, "README.md shows no example of evaluate.load"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "HF_EVALUATE_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    for block in blocks:
        # run as written; the value of its last expression, as the prompt would show it, against the
        # `# {...}` comment under it
        tree = ast.parse(block)
        last = tree.body[-1]
        assert isinstance(last, ast.Expr)
        tree.body[-1] = ast.parse(f"print(repr({ast.unparse(last.value)}))").body[0]
        done = subprocess.run([sys.executable, "-c", ast.unparse(tree)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        shown = [ln[2:] for ln in block.splitlines() if ln.startswith("# {")]
        if shown:
            assert ast.literal_eval(done.stdout.strip().splitlines()[-1]) == pytest.approx(ast.literal_eval(shown[-1]))
