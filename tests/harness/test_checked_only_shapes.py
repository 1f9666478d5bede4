"""Configurations of the same n (mpi+omp's 4 ranks x 1 thread and 2 x 2): one is timed, the others checked only.

Speedups are kept per n (DESIGN.md), so two shapes of one n cannot both be timed; but mpi+omp needs 4 ranks to
find what only 4 ranks show (a stencil's halo next to a rank that holds no rows at n = 4), which its 2 x 2 hides.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hpctest import fast_options, needs_bwrap, needs_mpi

from hpccoder.errors import HpcError
from hpccoder.harness import toolchains
from hpccoder.harness.consistency import of_this_run, untimed_pass
from hpccoder.harness.evaluate import check_same_settings, evaluate
from hpccoder.harness.records import RunRecord, SampleResult, problem_seed, read_result
from hpccoder.harness.toolchains import Resources

REPO = Path(__file__).resolve().parents[2]
WRONG = REPO / "tests/suite/cpp_wrong/stencil/01_jacobi2d/mpi_omp__naive_neighbours.cpp"
TASK = "cpp/stencil/01_jacobi2d/mpi+omp"


def test_of_each_n_the_shape_with_the_most_threads_is_timed():
    shapes = [Resources(4, 1), Resources(2, 2), Resources(1, 4), Resources(3, 1), Resources(2, 1)]
    assert toolchains.timed(shapes) == {Resources(1, 4), Resources(3, 1), Resources(2, 1)}
    assert toolchains.timed([Resources(4, 1)]) == {Resources(4, 1)}  # alone at its n: timed
    assert toolchains.timed([]) == set()


def test_mpi_omp_defaults_run_4_ranks_and_time_the_hybrid_shape_at_every_core_count():
    tc = toolchains.get("mpi+omp")
    for cores in (1, 2, 4, 8, 64):
        shapes = tc.default_resources(cores)
        assert Resources(4, 1) in shapes and Resources(3, 1) in shapes and Resources(2, 1) in shapes
        hybrid = Resources(2, max(2, cores // 2))
        assert hybrid in shapes and hybrid in toolchains.timed(shapes)
        if hybrid.n == 4:
            assert Resources(4, 1) not in toolchains.timed(shapes)
        assert len(set(shapes)) == len(shapes) and shapes[-1] == hybrid  # `hpccoder doctor` tries the last


def passing(times: dict[Resources, float | None], baseline: float = 1.0) -> SampleResult:
    """A pass as evaluate records it: runs most parallel first, speedups of the timed runs per n."""
    runs = [RunRecord(r, "pass", time_s=t, times_s=[t] if t else []) for r, t in
            sorted(times.items(), key=lambda kv: (kv[0].n, kv[0].ranks), reverse=True)]
    speedup = {str(run.resources.n): round(baseline / run.time_s, 6) for run in runs if run.time_s}
    return SampleResult(TASK, 0, "pass", runs=runs, baseline_s=baseline, speedup=speedup,
                        seed=problem_seed(7, TASK.rpartition("/")[0]), completion_sha256="0" * 64)


def test_a_pass_with_a_checked_only_shape_is_a_timed_pass():
    r = passing({Resources(4, 1): None, Resources(2, 2): 0.5, Resources(3, 1): 0.4, Resources(2, 1): 0.6})
    assert untimed_pass(r, timing=True) is None and of_this_run(r, 7, True)
    assert read_result(json.loads(json.dumps(r.to_json()))) is not None  # as leaderboard add and a resume read it
    assert r.speedup == {"4": 2.0, "3": 2.5, "2": round(1 / 0.6, 6)}


def test_a_pass_whose_timed_shape_has_no_time_is_still_refused():
    # the 4 x 1 run timed and the 2 x 2 not: not how evaluate times them (a failure edited into a pass)
    r = passing({Resources(4, 1): 0.5, Resources(2, 2): None, Resources(2, 1): 0.6})
    assert untimed_pass(r, timing=True) and not of_this_run(r, 7, True)
    r = passing({Resources(4, 1): None, Resources(2, 2): None, Resources(2, 1): 0.6})
    assert untimed_pass(r, timing=True)


@needs_bwrap
@needs_mpi
def test_4_ranks_find_the_halo_bug_that_2x2_hides_and_only_2x2_is_timed(tmp_path, suite):
    ref = (REPO / "kernels_ref/cpp/stencil/01_jacobi2d/mpi_omp.cpp").read_text()
    samples = tmp_path / "samples.jsonl"
    samples.write_text("".join(json.dumps({"task_id": TASK, "sample_index": i, "completion": c}) + "\n"
                               for i, c in enumerate((ref, WRONG.read_text()))))
    shapes = {"mpi+omp": [Resources(2, 2), Resources(4, 1)]}
    evaluate(samples, tmp_path / "run", fast_options(resources=shapes, timing=True, reps=1, warmup=0), suite)
    got = {r.sample_index: r for r in (SampleResult.from_json(json.loads(ln))
                                       for ln in (tmp_path / "run/results.jsonl").read_text().splitlines())}
    good, wrong = got[0], got[1]
    assert good.status == "pass", good.message
    assert [(run.resources, run.time_s is not None) for run in good.runs] == \
        [(Resources(4, 1), False), (Resources(2, 2), True)]
    assert set(good.speedup) == {"4"} and good.speedup["4"] == round(good.baseline_s / good.runs[1].time_s, 6)
    assert wrong.status == "wrong_answer" and wrong.message.startswith("4x1: "), (wrong.status, wrong.message)
    # right at 2 x 2 (why 4 ranks are run at all): checked alone there, it passes
    evaluate(samples, tmp_path / "hybrid", fast_options(resources={"mpi+omp": [Resources(2, 2)]}), suite)
    lines = [json.loads(ln) for ln in (tmp_path / "hybrid/results.jsonl").read_text().splitlines()]
    assert {ln["sample_index"]: ln["status"] for ln in lines} == {0: "pass", 1: "pass"}


def test_a_run_of_other_resources_says_the_flag_that_resumes_it(tmp_path):
    # a run begun before mpi+omp's defaults had 4x1 is resumed by giving its shapes; the refusal said only
    # "resources of mpi+omp"
    old = {"suite_version": "1", "timing": True, "warmup": 1, "reps": 5,
           "resources": {"mpi+omp": ["2x1", "2x2", "3x1"], "omp": ["1x1", "1x2"], "mpi": ["1x1"]}}
    fresh = {**old, "resources": {"mpi+omp": ["2x1", "2x2", "3x1", "4x1"], "omp": ["1x1", "1x2", "1x4"],
                                  "mpi": ["1x1", "2x1"]}}
    with pytest.raises(HpcError) as err:
        check_same_settings(old, fresh, fast_options(), tmp_path)
    said = str(err.value)
    assert "resources of mpi+omp: 2x1,2x2,3x1 (--hybrid 2x1,2x2,3x1 resumes it) there, 2x1,2x2,3x1,4x1 here" in said
    assert "resources of omp: 1x1,1x2 (--threads 1,2 resumes it)" in said
    assert "resources of mpi: 1x1 (--ranks 1 resumes it)" in said
    for model, labels in fresh["resources"].items():  # each flag's text is what parse_resources reads back
        tc = toolchains.get(model)
        shapes = [Resources(*map(int, label.split("x"))) for label in labels]
        assert tc.parse_resources(tc.resource_arg(shapes)) == sorted(shapes)


def test_a_toolchain_that_names_a_resource_flag_gets_it_on_the_cli(monkeypatch):
    # a new execution model with resources needed its own flag written into cli.py; now the toolchain names it
    from hpccoder.cli import build_parser, eval_options
    from hpccoder.harness.toolchains.omp import OpenMP

    class Teams(OpenMP):
        name = "omp-teams"
        resource_flag = "--teams"
        resource_help = "team counts of omp-teams tasks"

    monkeypatch.setitem(toolchains._MODULES, "omp-teams", "unused: already loaded")
    monkeypatch.setitem(toolchains._loaded, "omp-teams", Teams())
    parser = build_parser()
    args = parser.parse_args(["evaluate", "--samples", "s.jsonl", "--out", "r", "--teams", "2,5", "--threads", "3"])
    assert eval_options(args).resources == {"omp-teams": [Resources(1, 2), Resources(1, 5)], "omp": [Resources(1, 3)]}
    for verb in (["evaluate", "--samples", "s.jsonl", "--out", "r"], ["run", "--model", "reference"], ["suite", "validate"]):
        assert eval_options(parser.parse_args(verb)).resources == {}  # each model's own defaults
    assert "team counts of omp-teams tasks" in parser._subparsers._group_actions[0].choices["run"].format_help()
