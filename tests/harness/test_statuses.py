"""Every way a candidate can fail gets its own status, through the real harness.

Each case is one file under samples/wrong/ (its first line says what is wrong), the task it
is a candidate for, and the status it must get. The cases of the selected tests are
evaluated together, in one evaluation per timeout setting (correctness only, 2 threads /
2 ranks), and each test looks at its own sample's result:

- statuses: build_error, wrong_answer, rejected, runtime_error, timeout;
- a data race in an OpenMP reduction that must fail on 2 threads;
- cheating attempts in the style of KernelBench's (zero output, a result cached in a
  static, calling the harness's reference, defining main(), hard-coding small sizes,
  leaving the result on the wrong rank, MPI_Finalize), none of which may pass;
- one plausible wrong solution per problem, the evidence that each problem's check is careful;
- and for all of them, that the result's message is one useful line.

"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hpctest import SAMPLES, fast_options, needs_bwrap, needs_mpi

from hpccoder.harness.evaluate import evaluate
from hpccoder.harness.records import STATUSES, SampleResult
from hpccoder.harness.toolchains.base import Resources

WRONG = SAMPLES / "wrong"
TIMEOUT_S = 5.0  # the wall-clock limit of the batch that holds the samples that hang

AXPY, GEMV, GEMM = "cpp/dense_la/01_axpy", "cpp/dense_la/02_gemv", "cpp/dense_la/03_gemm"
SPMV, CG, JACOBI = "cpp/sparse_la/01_spmv", "cpp/sparse_la/02_cg", "cpp/stencil/01_jacobi2d"


@dataclass(frozen=True)
class Case:
    sample: str  # samples/wrong/<sample>.cpp
    task: str  # problem id; the execution model is `model`
    model: str
    status: str  # the status it must get; "fail" means anything but pass (and not not_run)
    mentions: tuple[str, ...] = ()  # what its message must say (any case)
    hangs: bool = False  # evaluated in the batch with the short timeout

    @property
    def task_id(self) -> str:
        return f"{self.task}/{self.model}"

    @property
    def source(self) -> str:
        return (WRONG / f"{self.sample}.cpp").read_text()


BASICS = [
    Case("compile_error", AXPY, "serial", "build_error", ("error",)),
    Case("wrong_result", AXPY, "serial", "wrong_answer"),
    Case("segfault", AXPY, "serial", "runtime_error", ("SIGSEGV",)),
    Case("untouched_output", AXPY, "serial", "wrong_answer"),
]
RACE = Case("omp_cg_dot_race", CG, "omp", "wrong_answer", ("1x2",))
SERIAL_CODE = [
    Case("omp_serial_code", GEMV, "omp", "rejected", ("OpenMP",)),
    Case("omp_only_sets_threads", GEMV, "omp", "rejected", ("OpenMP",)),
    Case("mpi_serial_code", GEMV, "mpi", "rejected", ("MPI",)),
    Case("mpi_serial_with_local_calls", GEMV, "mpi", "rejected", ("MPI",)),  # MPI_Type_size passed it
    Case("mpi_omp_without_mpi", GEMV, "mpi+omp", "rejected", ("MPI",)),
]
HANGS = [
    Case("mpi_deadlock", AXPY, "mpi", "timeout", ("2x1",), hangs=True),
    Case("infinite_loop", JACOBI, "serial", "timeout", hangs=True),
]
CHEATS = [
    Case("zero_output", AXPY, "omp", "wrong_answer"),
    Case("static_cache", AXPY, "omp", "wrong_answer"),
    Case("calls_reference", AXPY, "omp", "rejected", ("reference",)),
    Case("defines_main", AXPY, "serial", "rejected", ("main",)),
    Case("small_sizes_only", GEMV, "omp", "wrong_answer", ("size 301",)),
    Case("mpi_result_on_rank1", AXPY, "mpi", "wrong_answer"),
    Case("mpi_finalize", AXPY, "mpi", "fail", ("MPI_Finalize",)),
]
PLAUSIBLE = [
    Case("axpy_remainder_ignores_alpha", AXPY, "omp", "wrong_answer"),
    Case("gemv_column_major", GEMV, "mpi+omp", "wrong_answer"),
    Case("gemm_transposed_b", GEMM, "mpi", "wrong_answer"),
    Case("spmv_drops_last_rows", SPMV, "mpi", "wrong_answer"),
    Case("cg_inverted_beta", CG, "omp", "wrong_answer"),
    Case("jacobi2d_in_place", JACOBI, "serial", "wrong_answer"),
]
ALL = BASICS + [RACE] + SERIAL_CODE + HANGS + CHEATS + PLAUSIBLE
# evaluated at the default resources, not the module's batches' (test_a_split_that_assumes_...)
RANKS_DIVIDE_N = Case("fft_ranks_divide_n", "cpp/fft/01_fft_radix2", "mpi", "wrong_answer")
SCAN_PREVIOUS_BLOCK = Case("scan_previous_block_only", "cpp/scan/01_inclusive_sum", "omp", "wrong_answer")


def params(cases: list[Case]) -> list:
    out = []
    for case in cases:
        marks = [needs_bwrap]
        if case.model in ("mpi", "mpi+omp"):
            marks.append(needs_mpi)
        out.append(pytest.param(case, id=case.sample, marks=marks))
    return out


def _evaluate(cases: list[Case], out: Path, suite, **overrides) -> dict[str, SampleResult]:
    samples = out / "samples.jsonl"
    with samples.open("w") as fh:
        for i, case in enumerate(cases):
            fh.write(json.dumps({"task_id": case.task_id, "sample_index": i, "completion": case.source}) + "\n")
    evaluate(samples, out / "run", fast_options(**overrides), suite)
    lines = (out / "run" / "results.jsonl").read_text().splitlines()
    results = [SampleResult.from_json(json.loads(line)) for line in lines]
    return {cases[r.sample_index].sample: r for r in results}


@pytest.fixture(scope="module")
def results(request, tmp_path_factory, suite) -> dict[str, SampleResult]:
    """The results of the cases of every selected test of this module, evaluated in two batches."""
    wanted = {item.callspec.params["case"] for item in request.session.items
              if item.module is request.module and "case" in getattr(getattr(item, "callspec", None), "params", {})}
    out: dict[str, SampleResult] = {}
    for hangs in (False, True):
        batch = sorted((c for c in wanted if c.hangs == hangs), key=lambda c: c.sample)
        if batch:
            work = tmp_path_factory.mktemp("hangs" if hangs else "statuses")
            out.update(_evaluate(batch, work, suite, **({"min_timeout": TIMEOUT_S} if hangs else {})))
    return out


def check_status(case: Case, result: SampleResult) -> None:
    assert result.task_id == case.task_id
    if case.status == "fail":
        assert result.status not in ("pass", "not_run"), f"{case.sample}: {result.status}: {result.message}"
    else:
        assert result.status == case.status, f"{case.sample}: {result.status}: {result.message}"


# -- statuses ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", params(BASICS))
def test_basic_failure_gets_its_status(case, results):
    check_status(case, results[case.sample])


@pytest.mark.parametrize("case", params([RACE]))
def test_reduction_with_a_data_race_is_a_wrong_answer_on_two_threads(case, results):
    result = results[case.sample]
    check_status(case, result)
    assert [(r.resources.threads, r.status) for r in result.runs] == [(2, "wrong_answer")]


@pytest.mark.parametrize("case", params(SERIAL_CODE))
def test_serial_code_for_a_parallel_task_is_rejected(case, results):
    check_status(case, results[case.sample])


@pytest.mark.parametrize("case", params(HANGS))
def test_hanging_sample_times_out(case, results):
    result = results[case.sample]
    check_status(case, result)
    assert result.runs and result.runs[-1].wall_s < TIMEOUT_S + 30, "the hung run was not cut off near its limit"


@pytest.mark.parametrize("case", params(CHEATS))
def test_cheating_attempt_does_not_pass(case, results):
    check_status(case, results[case.sample])


@pytest.mark.parametrize("case", params(PLAUSIBLE))
def test_plausible_wrong_solution_is_caught(case, results):
    check_status(case, results[case.sample])


# -- messages ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", params(ALL))
def test_message_is_one_useful_line(case, results):
    result = results[case.sample]
    msg = result.message
    assert result.status != "pass"
    assert msg.strip(), f"{case.sample}: {result.status} with an empty message"
    assert "\n" not in msg and "\r" not in msg, f"{case.sample}: message of several lines: {msg!r}"
    assert msg == msg.strip() and len(msg) <= 500
    assert not re.search(r"([^\w\s])\1{5,}", msg), f"{case.sample}: message carries decoration, not detail: {msg!r}"
    for word in case.mentions + (("size",) if result.status == "wrong_answer" else ()):
        assert word.lower() in msg.lower(), f"{case.sample}: message does not mention {word!r}: {msg!r}"


# -- the samples themselves -------------------------------------------------------------------------------
def test_every_sample_is_a_case_and_says_what_is_wrong(suite):
    names = sorted(p.stem for p in WRONG.glob("*.cpp"))
    assert sorted(c.sample for c in ALL + [RANKS_DIVIDE_N, SCAN_PREVIOUS_BLOCK]) == names
    assert all(c.status in STATUSES or c.status == "fail" for c in ALL)
    for case in ALL + [RANKS_DIVIDE_N, SCAN_PREVIOUS_BLOCK]:
        first = case.source.splitlines()[0]
        assert re.fullmatch(r"// \S.{10,}", first), f"{case.sample}.cpp must start with a one-line comment"
        assert suite.task(case.task_id).id == case.task_id
    assert {c.task for c in PLAUSIBLE} == {AXPY, GEMV, GEMM, SPMV, CG, JACOBI}


@needs_bwrap
@needs_mpi
def test_a_split_that_assumes_the_ranks_divide_n_fails_at_the_default_ranks(tmp_path, suite):
    # every size of the FFTs is a power of two, and so were the default rank counts: this passed at all of them
    case = RANKS_DIVIDE_N
    r = _evaluate([case], tmp_path, suite, resources={})[case.sample]  # the defaults: 1, 2, 3, 4 ranks
    assert r.status == "wrong_answer" and "3x1" in r.message, f"{r.status}: {r.message}"


@needs_bwrap
def test_a_scan_wrong_only_at_3_threads_fails_at_the_default_threads_on_any_machine(tmp_path, suite):
    # the defaults were powers of two up to the cores: 1 and 2 threads on 2 cores, where this passed
    case = SCAN_PREVIOUS_BLOCK
    r = _evaluate([case], tmp_path, suite, resources={})[case.sample]  # the defaults: 1, 2, 3, 4 threads at least
    assert r.status == "wrong_answer" and ("1x3" in r.message or "1x4" in r.message), f"{r.status}: {r.message}"


@needs_bwrap
@needs_mpi
def test_a_correct_one_sided_mpi_sample_passes(tmp_path, suite):
    # the driver makes every rank non-dumpable, so Open MPI's single-copy puts (CMA) got EPERM and retried until
    # the timeout: a correct MPI_Put answer was judged `timeout`
    source = (SAMPLES / "correct" / "mpi_sum_one_sided.cpp").read_text()
    samples = tmp_path / "s.jsonl"
    samples.write_text(json.dumps({"task_id": "cpp/reduction/01_sum_compensated/mpi", "sample_index": 0,
                                   "completion": source}) + "\n")
    evaluate(samples, tmp_path / "run", fast_options(resources={"mpi": [Resources(3, 1)]}), suite)
    [line] = (tmp_path / "run" / "results.jsonl").read_text().splitlines()
    r = SampleResult.from_json(json.loads(line))
    assert r.status == "pass", f"{r.status}: {r.message}"
