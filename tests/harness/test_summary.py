"""summary.json from synthetic results: its shape, the metrics per task against brute force, the means."""

from __future__ import annotations

import json
from itertools import combinations
from statistics import mean

import pytest

from hpccoder.harness.records import STATUSES, SampleResult
from hpccoder.harness.summary import format_table, headline_n, speedup_ns, summarize, task_metrics
from hpccoder.suite import Suite

AXPY_OMP = "cpp/dense_la/01_axpy/omp"
GEMV_OMP = "cpp/dense_la/02_gemv/omp"
SPMV_OMP = "cpp/sparse_la/01_spmv/omp"
AXPY_MPI = "cpp/dense_la/01_axpy/mpi"
CG_HYBRID = "cpp/sparse_la/02_cg/mpi+omp"
NS = {"omp": [1, 2, 4], "mpi": [2, 4], "mpi+omp": [4]}


@pytest.fixture(scope="module")
def tasks():
    suite = Suite()
    return {tid: suite.task(tid) for tid in (AXPY_OMP, GEMV_OMP, SPMV_OMP, AXPY_MPI, CG_HYBRID)}


def sample(task_id: str, i: int, status: str, speedups: dict[int, float] | None = None) -> SampleResult:
    """A result as the harness writes it: a passing, timed sample has a baseline and a speedup per n."""
    r = SampleResult(task_id, i, status)
    if speedups is not None:
        r.baseline_s = 1.0
        r.speedup = {str(n): s for n, s in speedups.items()}
    return r


def brute_any(flags: list[bool], k: int) -> float:
    subsets = list(combinations(flags, k))
    return sum(any(s) for s in subsets) / len(subsets)


def brute_max(values: list[float], k: int) -> float:
    subsets = list(combinations(values, k))
    return sum(max(s) for s in subsets) / len(subsets)


# A small run: three omp tasks (two categories), one mpi task, one mpi+omp task whose samples were all not_run.
RUN = {
    AXPY_OMP: [("pass", {1: 0.9, 2: 1.7, 4: 3.1}), ("pass", {1: 1.0, 2: 1.9, 4: 1.0}), ("wrong_answer", None),
               ("build_error", None), ("not_run", None)],
    GEMV_OMP: [("pass", {1: 1.0, 2: 2.0, 4: 3.8}), ("runtime_error", None), ("timeout", None),
               ("pass", {1: 1.1, 2: 2.0, 4: 3.8})],
    SPMV_OMP: [("rejected", None), ("wrong_answer", None), ("pass", {1: 0.8, 2: 1.5, 4: 2.5}),
               ("build_error", None)],
    AXPY_MPI: [("pass", {2: 1.8, 4: 3.0}), ("pass", {2: 1.2, 4: 2.2}), ("wrong_answer", None)],
    CG_HYBRID: [("not_run", None), ("not_run", None)],
}


def run_results() -> list[SampleResult]:
    return [sample(tid, i, st, sp) for tid, rows in RUN.items() for i, (st, sp) in enumerate(rows)]


def expected_task(tid: str, k: int, n: int) -> dict[str, float]:
    rows = [(st, sp) for st, sp in RUN[tid] if st != "not_run"]
    speedups = [sp[n] if st == "pass" else 0.0 for st, sp in rows]
    return {
        "pass": brute_any([st == "pass" for st, _ in rows], k),
        "build": brute_any([st != "build_error" for st, _ in rows], k),
        "speedup": brute_max(speedups, k),
        "fast_1": brute_any([s > 1.0 for s in speedups], k),
    }


@pytest.fixture
def summary(tasks):
    return summarize(run_results(), tasks, [1, 2, 3], NS, [1.0], "9.9")


def test_summary_has_the_shape_design_md_asks_for(summary):
    for key in ("overall", "by_execution_model", "by_category", "tasks", "samples", "not_run", "n", "ci95"):
        assert key in summary
    assert summary["suite_version"] == "9.9"
    assert summary["k"] == [1, 2, 3]
    assert summary["tasks"] == 5
    assert summary["samples"] == sum(len(v) for v in RUN.values()) == 18
    assert summary["not_run"] == 3
    assert summary["n"] == {"omp": 4, "mpi": 4, "mpi+omp": 4}
    assert set(summary["by_execution_model"]) <= {"omp", "mpi", "mpi+omp"}
    assert {"omp", "mpi"} <= set(summary["by_execution_model"])
    assert set(summary["by_category"]) == {"dense_la", "sparse_la"}
    assert set(summary["ci95"]) == {"overall", "by_execution_model", "by_category"}
    for name in ("pass@1", "build@1", "speedup@1", "efficiency@1", "fast_1@1"):
        assert name in summary["overall"]
        assert name in summary["by_execution_model"]["omp"]
        assert name in summary["by_category"]["dense_la"]
    # tools read it: plain JSON, and it survives a round trip
    assert json.loads(json.dumps(summary)) == summary


def test_statuses_are_counted_in_the_order_of_records_statuses(summary):
    assert summary["statuses"] == {"pass": 7, "build_error": 2, "rejected": 1, "runtime_error": 1, "timeout": 1,
                                   "wrong_answer": 3, "not_run": 3}
    assert list(summary["statuses"]) == [s for s in STATUSES if s in summary["statuses"]]
    assert sum(summary["statuses"].values()) == summary["samples"]


def test_per_task_metrics_match_brute_force(summary):
    for tid in (AXPY_OMP, GEMV_OMP, SPMV_OMP, AXPY_MPI):
        model = tid.rsplit("/", 1)[1]
        m = summary["per_task"][tid]
        for k in (1, 2, 3):
            top = expected_task(tid, k, max(NS[model]))
            assert m[f"pass@{k}"] == pytest.approx(top["pass"], abs=1e-12)
            assert m[f"build@{k}"] == pytest.approx(top["build"], abs=1e-12)
            assert m[f"fast_1@{k}"] == pytest.approx(top["fast_1"], abs=1e-12)
            for n in NS[model]:
                e = expected_task(tid, k, n)
                assert m[f"speedup_{n}@{k}"] == pytest.approx(e["speedup"], rel=1e-12)
                assert m[f"efficiency_{n}@{k}"] == pytest.approx(e["speedup"] / n, rel=1e-12)
            # without a suffix: at the largest n of that execution model
            assert m[f"speedup@{k}"] == m[f"speedup_{max(NS[model])}@{k}"]
            assert m[f"efficiency@{k}"] == m[f"efficiency_{max(NS[model])}@{k}"]


def test_pinned_values_of_one_task(summary):
    m = summary["per_task"][AXPY_OMP]  # N = 4 (one not_run): pass, pass, wrong_answer, build_error
    assert m["pass@1"] == pytest.approx(0.5)
    assert m["build@1"] == pytest.approx(0.75)
    assert m["pass@3"] == 1.0
    assert m["speedup_4@1"] == pytest.approx((3.1 + 1.0) / 4)
    assert m["efficiency_4@1"] == pytest.approx((3.1 + 1.0) / 16)
    assert m["fast_1@1"] == pytest.approx(0.25)  # 1.0 at n=4 is not faster than 1
    assert m["speedup_1@1"] == pytest.approx((0.9 + 1.0) / 4)


def test_not_run_samples_are_excluded_from_n_and_counted_apart(tasks):
    results = [sample(AXPY_OMP, 0, "pass", {4: 2.0}), sample(AXPY_OMP, 1, "wrong_answer"),
               sample(AXPY_OMP, 2, "not_run"), sample(AXPY_OMP, 3, "not_run")]
    s = summarize(results, tasks, [1, 2, 3], {"omp": [4]}, [1.0], "1")
    m = s["per_task"][AXPY_OMP]
    assert m["pass@1"] == pytest.approx(0.5)  # N = 2, not 4
    assert m["pass@2"] == 1.0
    assert "pass@3" not in m  # k = 3 > N = 2
    assert m["build@1"] == 1.0  # not_run is neither built nor a build failure
    assert m["speedup@1"] == pytest.approx(1.0)
    assert s["samples"] == 4 and s["not_run"] == 2
    assert s["statuses"]["not_run"] == 2


def test_a_task_with_samples_built_that_could_not_run_reports_build_at_k_alone(tasks):
    """cuda on a machine without a GPU: the samples that built are not run; the others' failures are no pass@k."""
    cuda = Suite().task("cpp/dense_la/01_axpy/cuda")
    ran = [sample(cuda.id, i, "not_run") for i in range(3)] + [sample(cuda.id, 3, "build_error"),
                                                                sample(cuda.id, 4, "rejected")]
    for r in ran[:3] + ran[4:]:
        r.build_ok = True
    ran[3].build_ok = False
    s = summarize(ran, {**tasks, cuda.id: cuda}, [1], {"cuda": [1]}, [1.0], "1")
    assert s["per_task"][cuda.id] == {"build@1": pytest.approx(4 / 5)}
    assert "pass@1" not in s["by_execution_model"].get("cuda", {}) and s["not_run"] == 3


def test_a_task_whose_samples_were_all_not_run_does_not_count(summary):
    assert not summary["per_task"][CG_HYBRID]
    assert not summary["by_execution_model"].get("mpi+omp")
    # the means are over the four tasks that ran
    ran = [AXPY_OMP, GEMV_OMP, SPMV_OMP, AXPY_MPI]
    for name in ("pass@1", "build@2", "speedup@1", "efficiency@3", "fast_1@2"):
        assert summary["overall"][name] == pytest.approx(mean(summary["per_task"][t][name] for t in ran))
    sparse = summary["by_category"]["sparse_la"]
    assert sparse["pass@1"] == pytest.approx(summary["per_task"][SPMV_OMP]["pass@1"])


def test_group_means(summary):
    per_task = summary["per_task"]
    omp = [AXPY_OMP, GEMV_OMP, SPMV_OMP]
    for name, value in summary["by_execution_model"]["omp"].items():
        assert value == pytest.approx(mean(per_task[t][name] for t in omp)), name
    for name, value in summary["by_execution_model"]["mpi"].items():
        assert value == pytest.approx(per_task[AXPY_MPI][name]), name
    dense = [AXPY_OMP, GEMV_OMP, AXPY_MPI]
    for name, value in summary["by_category"]["dense_la"].items():
        assert value == pytest.approx(mean(per_task[t][name] for t in dense)), name
    # speedup@k and efficiency@k mix different n across models: fine, each task is at its model's largest n
    assert summary["by_category"]["dense_la"]["efficiency@1"] == pytest.approx(
        mean([per_task[AXPY_OMP]["speedup_4@1"] / 4, per_task[GEMV_OMP]["speedup_4@1"] / 4,
              per_task[AXPY_MPI]["speedup_4@1"] / 4]))


def test_per_n_metrics_are_kept_per_execution_model_only(summary):
    assert "speedup_1@1" in summary["by_execution_model"]["omp"]
    assert "efficiency_2@3" in summary["by_execution_model"]["omp"]
    assert "speedup_2@1" in summary["by_execution_model"]["mpi"]
    assert "speedup_1@1" not in summary["by_execution_model"]["mpi"]
    for group in (summary["overall"], *summary["by_category"].values()):
        assert not any(k.startswith(("speedup_", "efficiency_")) for k in group)
        assert "speedup@1" in group


def test_confidence_intervals(summary):
    for group, means in [("overall", summary["overall"])]:
        assert set(summary["ci95"][group]) == set(means)
    for group in ("by_execution_model", "by_category"):
        for name, means in summary[group].items():
            assert set(summary["ci95"][group][name]) == set(means)
    ran = [AXPY_OMP, GEMV_OMP, SPMV_OMP, AXPY_MPI]
    for name, (lo, hi) in summary["ci95"]["overall"].items():
        values = [summary["per_task"][t][name] for t in ran]
        assert min(values) - 1e-12 <= lo <= hi <= max(values) + 1e-12
    # one task in the group: no interval (null), not [v, v], which read as certainty; every metric of the group
    assert set(summary["ci95"]["by_execution_model"]["mpi"]) == set(summary["by_execution_model"]["mpi"])
    assert all(ci is None for ci in summary["ci95"]["by_execution_model"]["mpi"].values())
    # two tasks or more: an interval, even one of zero width (tasks that agree)
    assert all(isinstance(ci, list) and len(ci) == 2 for ci in summary["ci95"]["by_execution_model"]["omp"].values())
    # deterministic
    assert summarize(run_results(), *_args(summary))["ci95"] == summary["ci95"]


def test_an_interval_is_null_where_its_mean_is_over_one_task_even_in_a_larger_group(tasks):
    # overall: an omp task that ran and a cuda task only built (no GPU): build@1 is a mean over both tasks, pass@1
    # and the rest over the omp task alone, which has no interval
    cuda = Suite().task("cpp/dense_la/01_axpy/cuda")
    results = [sample(AXPY_OMP, 0, "pass", {4: 2.0}), sample(AXPY_OMP, 1, "wrong_answer"),
               sample(cuda.id, 0, "not_run"), sample(cuda.id, 1, "build_error")]
    results[2].build_ok, results[3].build_ok = True, False
    s = summarize(results, {**tasks, cuda.id: cuda}, [1], {"omp": [4], "cuda": [1]}, [1.0], "1")
    ci = s["ci95"]["overall"]
    assert set(ci) == set(s["overall"]) and ci["build@1"] == [0.5, 1.0]
    assert ci["pass@1"] is None and ci["speedup@1"] is None and ci["fast_1@1"] is None
    assert all(v is None for v in s["ci95"]["by_execution_model"]["omp"].values())
    # null in the file (not NaN, not [v, v])
    assert '"pass@1": null' in json.dumps(s["ci95"]["overall"])


def _args(summary):
    suite = Suite()
    tasks = {tid: suite.task(tid) for tid in RUN}
    return tasks, summary["k"], NS, [1.0], summary["suite_version"]


def test_k_larger_than_a_tasks_n_is_omitted(tasks):
    results = [sample(AXPY_OMP, i, "pass" if i < 2 else "wrong_answer", {4: 2.0} if i < 2 else None)
               for i in range(6)]
    results += [sample(SPMV_OMP, i, "pass" if i == 0 else "timeout", {4: 1.5} if i == 0 else None)
                for i in range(3)]
    s = summarize(results, tasks, [1, 5, 10], {"omp": [4]}, [1.0], "1")
    assert "pass@5" in s["per_task"][AXPY_OMP] and "pass@10" not in s["per_task"][AXPY_OMP]
    assert "pass@5" not in s["per_task"][SPMV_OMP] and "speedup@5" not in s["per_task"][SPMV_OMP]
    assert s["per_task"][AXPY_OMP]["pass@5"] == pytest.approx(brute_any([True] * 2 + [False] * 4, 5))
    # a group reports a metric only where all its tasks have it
    assert "pass@5" not in s["overall"] and "pass@5" not in s["by_execution_model"]["omp"]
    assert "pass@1" in s["overall"]
    assert s["by_category"]["dense_la"]["pass@5"] == s["per_task"][AXPY_OMP]["pass@5"]
    assert "pass@5" not in s["by_category"]["sparse_la"]
    assert not any(k.endswith("@10") for k in s["overall"])


def test_fast_p_at_the_largest_n_with_several_thresholds(tasks):
    results = [sample(AXPY_OMP, 0, "pass", {1: 5.0, 4: 0.8}), sample(AXPY_OMP, 1, "pass", {1: 0.5, 4: 2.5}),
               sample(AXPY_OMP, 2, "wrong_answer"), sample(AXPY_OMP, 3, "pass", {1: 1.0, 4: 1.0})]
    m = summarize(results, tasks, [1, 2], {"omp": [1, 4]}, [0.0, 0.5, 1.0, 2.0], "1")["per_task"][AXPY_OMP]
    at4 = [0.8, 2.5, 0.0, 1.0]
    for p, key in [(0.0, "fast_0"), (0.5, "fast_0.5"), (1.0, "fast_1"), (2.0, "fast_2")]:
        for k in (1, 2):
            assert m[f"{key}@{k}"] == pytest.approx(brute_any([s > p for s in at4], k), abs=1e-12)
    assert m["fast_0@1"] == m["pass@1"] == pytest.approx(0.75)
    assert m["fast_1@1"] == pytest.approx(0.25)


def test_a_task_where_nothing_passed_has_speedup_0_and_keeps_its_group_timed(tasks):
    results = [sample(AXPY_OMP, 0, "pass", {4: 3.0}), sample(AXPY_OMP, 1, "wrong_answer"),
               sample(GEMV_OMP, 0, "wrong_answer"), sample(GEMV_OMP, 1, "build_error")]
    s = summarize(results, tasks, [1], {"omp": [4]}, [1.0], "1")
    assert s["per_task"][GEMV_OMP]["speedup@1"] == 0.0
    assert s["per_task"][GEMV_OMP]["efficiency@1"] == 0.0
    assert s["per_task"][GEMV_OMP]["fast_1@1"] == 0.0
    assert s["overall"]["speedup@1"] == pytest.approx((1.5 + 0.0) / 2)
    assert s["by_execution_model"]["omp"]["efficiency@1"] == pytest.approx(0.75 / 4)


def test_untimed_runs_report_no_speedup(tasks):
    # timing off: passing samples have no speedup; pass@k and build@k are still there
    results = [sample(AXPY_OMP, 0, "pass"), sample(AXPY_OMP, 1, "wrong_answer"), sample(GEMV_OMP, 0, "pass")]
    s = summarize(results, tasks, [1], {"omp": [4]}, [1.0], "1")
    for m in (s["per_task"][AXPY_OMP], s["overall"], s["by_execution_model"]["omp"]):
        assert m["pass@1"] > 0
        assert not any(k.startswith(("speedup", "efficiency", "fast")) for k in m)
    # an execution model without resources (no n) has no speedup either
    timed = [sample(AXPY_OMP, 0, "pass", {4: 2.0})]
    assert "speedup@1" not in summarize(timed, tasks, [1], {}, [1.0], "1")["per_task"][AXPY_OMP]
    assert summarize(timed, tasks, [1], {}, [1.0], "1")["n"] == {}
    # a passing sample without the speedup at one of the n: the task is not timed
    partial = [sample(AXPY_OMP, 0, "pass", {1: 1.0}), sample(AXPY_OMP, 1, "pass", {1: 1.0, 4: 2.0})]
    assert "speedup@1" not in summarize(partial, tasks, [1], {"omp": [1, 4]}, [1.0], "1")["per_task"][AXPY_OMP]


def test_the_n_of_speedup_n_come_from_the_timed_resources_only():
    settings = {"timing": True, "resources": {"omp": ["1x1", "1x2", "1x4"], "mpi+omp": ["2x2", "4x1"],
                                              "verilog": ["1x1"]}}
    assert speedup_ns(settings) == {"omp": [1, 2, 4], "mpi+omp": [4], "verilog": []}
    assert speedup_ns({**settings, "timing": False}) == {}  # --no-timing: speedup@k is absent, not 0


def test_build_at_k_counts_every_status_but_build_error_as_built():
    statuses = ["pass", "build_error", "rejected", "runtime_error", "timeout", "wrong_answer", "not_run"]
    results = [sample(AXPY_OMP, i, st) for i, st in enumerate(statuses)]
    m = task_metrics(results, [1, 6], [], [1.0])
    assert m["build@1"] == pytest.approx(5 / 6)
    assert m["build@6"] == 1.0
    assert m["pass@1"] == pytest.approx(1 / 6)
    assert task_metrics([sample(AXPY_OMP, 0, "not_run")], [1], [4], [1.0]) == {}


def test_format_table(summary):
    table = format_table(summary)
    lines = table.splitlines()
    assert lines[0].split() == ["model", "pass@1", "build@1", "speedup@1", "efficiency@1"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:-2]}
    assert set(rows) == set(summary["by_execution_model"]) | {"overall"}
    assert rows["overall"] == [f"{summary['overall'][c]:.3f}" for c in ("pass@1", "build@1", "speedup@1",
                                                                         "efficiency@1")]
    assert rows["omp"][0] == f"{summary['by_execution_model']['omp']['pass@1']:.3f}"
    assert lines[-2] == ("5 tasks, 18 samples: pass 7, build_error 2, rejected 1, runtime_error 1, timeout 1, "
                         "wrong_answer 3, not_run 3")
    # which n the speedup column is at (mpi+omp: nothing of it ran)
    assert lines[-1] == ("speedup@1 and efficiency@1 at n = mpi 4, omp 4 (threads, ranks or ranks x threads); "
                         "every n is in summary.json")
    assert len({len(line) for line in lines[:-2]}) == 1  # columns line up


def test_format_table_marks_missing_metrics_and_uses_the_smallest_k(tasks):
    results = [sample(AXPY_OMP, i, "pass" if i == 0 else "wrong_answer") for i in range(6)]  # untimed
    s = summarize(results, tasks, [10, 5], {"omp": [4]}, [1.0], "1")
    lines = format_table(s).splitlines()
    assert lines[0].split() == ["model", "pass@5", "build@5", "speedup@5", "efficiency@5"]
    omp = lines[1].split()
    assert omp[0] == "omp" and omp[1] == f"{s['overall']['pass@5']:.3f}" and omp[3:] == ["-", "-"]
    assert lines[-1] == "1 tasks, 6 samples: pass 1, wrong_answer 5"


def test_format_table_never_prints_inf_or_nan_as_a_number(tasks):
    # a forged timing (a median of 1e-310 s) makes a speedup inf; the table says '-', as for a missing figure
    results = [sample(AXPY_OMP, 0, "pass", {1: 1.0, 2: 1.5, 4: float("inf")}), sample(GEMV_OMP, 0, "wrong_answer")]
    s = summarize(results, tasks, [1], NS, [1.0], "1")
    s["by_execution_model"]["omp"]["efficiency@1"] = float("nan")
    table = format_table(s)
    assert "inf" not in table and "nan" not in table
    omp = table.splitlines()[1].split()
    assert omp == ["omp", "0.500", "1.000", "-", "-"]


def test_speedup_at_k_is_at_the_largest_n_the_cores_hold(tasks):
    # 4 threads on 2 cores check a sample at 4 threads, but its speedup there is how they share 2 cores
    assert headline_n([1, 2, 3, 4], 2) == 2
    assert headline_n([1, 2, 3, 4], 3) == 3
    assert headline_n([1, 2, 4, 8], 16) == 8
    assert headline_n([4, 8], 2) == 4  # every n beyond the cores: the least shared
    assert headline_n([1, 2, 4], None) == 4  # cores not known (an older run.json): the largest
    results = [sample(AXPY_OMP, 0, "pass", {1: 1.0, 2: 1.8, 4: 1.7}), sample(AXPY_OMP, 1, "wrong_answer")]
    on2 = summarize(results, tasks, [1], {"omp": [1, 2, 4]}, [1.0], "1", cores=2)
    m = on2["per_task"][AXPY_OMP]
    assert m["speedup@1"] == m["speedup_2@1"] == pytest.approx(1.8 / 2)
    assert m["efficiency@1"] == pytest.approx(1.8 / 2 / 2)
    assert m["fast_1@1"] == pytest.approx(0.5)
    assert on2["n"] == {"omp": 2}
    assert on2["by_execution_model"]["omp"]["speedup_4@1"] == pytest.approx(1.7 / 2)  # still reported
    on8 = summarize(results, tasks, [1], {"omp": [1, 2, 4]}, [1.0], "1", cores=8)
    assert on8["per_task"][AXPY_OMP]["speedup@1"] == pytest.approx(1.7 / 2) and on8["n"] == {"omp": 4}
