"""The data-race check of omp and mpi+omp samples (harness/racecheck.py): ThreadSanitizer and Archer, through the
real harness.

A race the normal runs cannot see (every thread writes the same answer to one shared variable: always right) fails
with the race check's message, for mpi+omp naming the rank; the omp and mpi+omp references pass with the check
clean; a candidate that defines TSan's options is rejected; one that clang cannot build keeps its pass, the check
skipped. The evaluation tests are skipped where clang-14, its TSan runtime or Archer are missing (mpi+omp's also
where Open MPI is).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from hpctest import fast_options, needs_bwrap, needs_mpi

from hpccoder.errors import HpcError
from hpccoder.harness import racecheck
from hpccoder.harness.evaluate import check_same_settings, evaluate, unchecked_pass
from hpccoder.harness.records import RunRecord, SampleResult, read_result
from hpccoder.harness.toolchains import Resources, get as toolchain

PROBLEM = "cpp/reduction/04_count_odd_in_range"
TASK = f"{PROBLEM}/omp"
REPO = Path(__file__).resolve().parents[2]
REFERENCE = (REPO / "kernels_ref" / PROBLEM / "omp.cpp").read_text()

needs_tsan = pytest.mark.skipif(racecheck.missing() is not None,
                                reason=f"no race check here: {racecheck.missing()}")
_NO_HYBRID = toolchain("mpi+omp").missing() or racecheck.missing_for("mpi+omp")
needs_hybrid_tsan = pytest.mark.skipif(_NO_HYBRID is not None, reason=f"no mpi+omp race check here: {_NO_HYBRID}")
HYBRID_TASK = f"{PROBLEM}/mpi+omp"
HYBRID_REFERENCE = (REPO / "kernels_ref" / PROBLEM / "mpi_omp.cpp").read_text()

# a race the normal runs never see: the answer is right whatever the order, and every thread writes it (line 12)
SAME_ANSWER = """#include <cstddef>
#include <omp.h>
#include <vector>

size_t count_odd_in_range(const std::vector<int> &x, int lo, int hi) {
    size_t count = 0, answer = 0;
#pragma omp parallel
    {
#pragma omp for reduction(+ : count)
        for (long i = 0; i < (long)x.size(); ++i)
            count += (size_t)((x[i] & 1) & (x[i] >= lo) & (x[i] <= hi));
        answer = count;
    }
    return answer;
}
"""
# the shared counter without a reduction: often right on 2 threads (2 cores, small sizes), never under TSan
COUNTER = """#include <cstddef>
#include <omp.h>
#include <vector>

size_t count_odd_in_range(const std::vector<int> &x, int lo, int hi) {
    size_t count = 0;
#pragma omp parallel for
    for (long i = 0; i < (long)x.size(); ++i)
        if ((x[i] & 1) && x[i] >= lo && x[i] <= hi) count += 1;
    return count;
}
"""
# the race made invisible to TSan, in its build alone (g++ would not link the call)
ANNOTATED = SAME_ANSWER.replace("        answer = count;", """#ifdef __clang__
        AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
#endif
        answer = count;""").replace("size_t count_odd_in_range", """\
extern "C" void AnnotateIgnoreWritesBegin(const char *, int);
int distinct = 1;  // an object of its own under g++ (else it is run once with SAME_ANSWER, and shares its verdict)

size_t count_odd_in_range""")
SILENCED = REFERENCE + 'extern "C" const char *__tsan_default_options() { return "report_bugs=0"; }\n'
# GCC's __builtin_assoc_barrier (GCC 12): clang 14 has no such builtin
GCC_ONLY = REFERENCE.replace("count += (size_t)", "count += __builtin_assoc_barrier((size_t)")\
    .replace("(v <= hi));", "(v <= hi)));")
# mpi+omp: each rank counts its block, and every thread of the rank writes the rank's count (line 16) before the
# MPI_Reduce: right on every run, a race all the same
HYBRID_SAME_ANSWER = """#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

size_t count_odd_in_range(const std::vector<int> &x, int lo, int hi) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    unsigned long long count = 0, answer = 0, total = 0;
#pragma omp parallel
    {
#pragma omp for reduction(+ : count)
        for (long i = b; i < e; ++i) count += (unsigned long long)((x[i] & 1) & (x[i] >= lo) & (x[i] <= hi));
        answer = count;
    }
    MPI_Reduce(&answer, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    return (size_t)total;
}
"""
# mpi+omp: every thread writes the rank's count (atomically: no race between the threads), and the master thread
# sends it with MPI_Reduce (line 19) while the others may still write it: right on every run, and a race whose
# other side is inside libmpi, which TSan sees only as mpi_annotations.cpp tells it
HYBRID_MPI_BUFFER = HYBRID_SAME_ANSWER.replace("""        answer = count;
    }
    MPI_Reduce(&answer, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);""", """#pragma omp atomic write
        answer = count;
#pragma omp master
        MPI_Reduce(&answer, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    }""")
# the same through MPI's profiling interface, past the annotated MPI_Reduce (a candidate's own MPI_Reduce the build
# rejects: libmpi defines it)
HYBRID_PMPI = HYBRID_MPI_BUFFER.replace("MPI_Reduce(", "PMPI_Reduce(")
SAMPLES = {"same_answer": SAME_ANSWER, "counter": COUNTER, "reference": REFERENCE, "silenced": SILENCED,
           "annotated": ANNOTATED, "gcc_only": GCC_ONLY, "hybrid_same_answer": HYBRID_SAME_ANSWER,
           "hybrid_reference": HYBRID_REFERENCE, "hybrid_mpi_buffer": HYBRID_MPI_BUFFER,
           "hybrid_pmpi": HYBRID_PMPI}


def _evaluate(out: Path, suite, names: list[str], **overrides) -> dict[str, SampleResult]:
    samples = out / "samples.jsonl"
    samples.write_text("".join(json.dumps({"task_id": HYBRID_TASK if n.startswith("hybrid_") else TASK,
                                           "sample_index": i, "completion": SAMPLES[n]}) + "\n"
                               for i, n in enumerate(names)))
    evaluate(samples, out / "run", fast_options(**overrides), suite)
    lines = (out / "run" / "results.jsonl").read_text().splitlines()
    results = [SampleResult.from_json(json.loads(ln)) for ln in lines]
    return {names[r.sample_index]: r for r in results}


@pytest.fixture(scope="module")
def checked(tmp_path_factory, suite) -> dict[str, SampleResult]:
    return _evaluate(tmp_path_factory.mktemp("race"), suite, [n for n in SAMPLES if not n.startswith("hybrid_")])


@pytest.fixture(scope="module")
def hybrid(tmp_path_factory, suite) -> dict[str, SampleResult]:
    return _evaluate(tmp_path_factory.mktemp("race-hybrid"), suite, ["hybrid_same_answer", "hybrid_reference",
                                                                     "hybrid_mpi_buffer", "hybrid_pmpi"])


@needs_bwrap
@needs_tsan
def test_a_race_the_runs_cannot_see_is_a_wrong_answer(checked):
    r = checked["same_answer"]
    assert [run.status for run in r.runs] == ["pass"]  # right on 2 threads: only the race check sees it
    assert r.status == "wrong_answer" and r.race_check["status"] == "race", r.message
    assert r.message.startswith("data race (ThreadSanitizer, 4 threads): ")
    assert "candidate.cpp:12" in r.message, r.message  # the line in the sample's code, not after the preamble
    assert not r.speedup and "WARNING: ThreadSanitizer: data race" in r.race_check["report"]
    assert read_result(json.loads(json.dumps(r.to_json()))) is not None  # a resume takes it


@needs_bwrap
@needs_tsan
def test_a_shared_counter_is_a_wrong_answer(checked):
    r = checked["counter"]
    assert r.status == "wrong_answer", r.message
    if r.runs[-1].status == "pass":  # the run did not catch it: the race check did
        assert r.message.startswith("data race (ThreadSanitizer, 4 threads): ") and "candidate.cpp:9" in r.message


@needs_bwrap
@needs_tsan
def test_the_omp_reference_passes_clean(checked):
    r = checked["reference"]
    assert r.status == "pass" and r.race_check["status"] == "clean", (r.message, r.race_check)


@needs_bwrap
@needs_tsan
def test_a_candidate_that_silences_tsan_is_rejected(checked):
    r = checked["silenced"]
    assert r.status == "rejected" and "__tsan_default_options" in r.message, r.message
    assert r.race_check == {"status": "rejected"}
    r = checked["annotated"]
    assert r.status == "rejected" and "AnnotateIgnoreWritesBegin" in r.message, r.message


@needs_bwrap
@needs_tsan
def test_a_sample_clang_cannot_build_keeps_its_pass(checked):
    r = checked["gcc_only"]
    assert r.status == "pass", r.message
    assert r.race_check["status"] == "skipped" and "does not build with clang++" in r.race_check["why"]
    assert "candidate.cpp:10:" in r.race_check["why"]  # the line in the sample


@needs_bwrap
@needs_tsan
def test_no_race_check_leaves_it_out(tmp_path, suite):
    r = _evaluate(tmp_path, suite, ["same_answer"], race_check=False)["same_answer"]
    assert r.status == "pass" and r.race_check is None and "race_check" not in r.to_json()
    settings = json.loads((tmp_path / "run" / "run.json").read_text())["settings"]
    assert settings["race_check"] is False


@needs_bwrap
@needs_mpi
@needs_hybrid_tsan
def test_a_hybrid_race_the_runs_cannot_see_is_a_wrong_answer_naming_its_rank(hybrid):
    r = hybrid["hybrid_same_answer"]
    assert [run.status for run in r.runs] == ["pass"]  # right at 2 ranks x 2 threads: only the race check sees it
    assert r.status == "wrong_answer" and r.race_check["status"] == "race", (r.message, r.race_check)
    assert re.match(r"data race \(ThreadSanitizer, rank [01] of 2 ranks x 2 threads\): ", r.message), r.message
    assert "candidate.cpp:16" in r.message, r.message
    report = r.race_check["report"]
    assert report.startswith("WARNING: ThreadSanitizer: data race") and "<stderr>" not in report  # one rank's
    assert not r.speedup and read_result(json.loads(json.dumps(r.to_json()))) is not None


@needs_bwrap
@needs_mpi
@needs_hybrid_tsan
def test_the_hybrid_reference_passes_clean(hybrid):
    r = hybrid["hybrid_reference"]
    assert r.status == "pass" and r.race_check["status"] == "clean", (r.message, r.race_check)
    assert r.race_check["mpi_annotations"] is True


@needs_bwrap
@needs_mpi
@needs_hybrid_tsan
def test_a_race_with_what_mpi_reads_is_a_wrong_answer(hybrid):
    r = hybrid["hybrid_mpi_buffer"]
    assert HYBRID_MPI_BUFFER != HYBRID_SAME_ANSWER and [run.status for run in r.runs] == ["pass"]
    assert r.status == "wrong_answer" and r.race_check["status"] == "race", (r.message, r.race_check)
    # one access is the other threads' write (line 17), the other MPI_Reduce's read of the buffer it sends (line 19)
    assert "in MPI_Reduce at candidate.cpp:19" in r.message and "candidate.cpp:17" in r.message, r.message


@needs_bwrap
@needs_mpi
@needs_hybrid_tsan
def test_a_call_past_the_annotated_mpi_is_rejected(hybrid):
    r = hybrid["hybrid_pmpi"]
    assert [run.status for run in r.runs] == ["pass"]
    assert r.status == "rejected" and r.race_check["status"] == "rejected", (r.message, r.race_check)
    assert r.message.startswith("defines or calls PMPI_Reduce, of the sanitizers, OpenMP's tools or MPI's "
                                "interface"), r.message


def test_hybrid_samples_keep_their_pass_where_mpicxx_gives_no_flags(monkeypatch):
    # mpicxx that is not Open MPI's (no --showme): the omp check goes on, the mpi+omp one is skipped, and why
    monkeypatch.setattr(racecheck, "missing", lambda: None)
    monkeypatch.setattr(racecheck, "mpi_flags", lambda: "mpicxx --showme:compile failed (not Open MPI's wrapper?)")
    assert racecheck.missing_for("omp") is None
    passed = SampleResult(HYBRID_TASK, 0, "pass", runs=[RunRecord(Resources(2, 2), "pass")])
    task = SimpleNamespace(model="mpi+omp")
    r = racecheck.check(None, task, HYBRID_SAME_ANSWER, passed)
    assert r.status == "pass" and r.race_check["status"] == "skipped" and "--showme" in r.race_check["why"]


# -- without a sandbox or clang ----------------------------------------------------------------------------
REPORT = """==================
WARNING: ThreadSanitizer: data race (pid=7)
  Write of size 8 at 0x7ffd6c8 by thread T2:
    #0 .omp_outlined._debug__ /tmp/w/build/0123456789ab/candidate.cpp (prog+0xdd5b5)
    #1 .omp_outlined. /tmp/w/build/0123456789ab/candidate.cpp:23:16 (prog+0xdd5b5)
    #2 __kmp_invoke_microtask <null> (libomp.so.5+0xd55a2)

  Previous write of size 8 at 0x7ffd6c8 by main thread:
    #0 count_odd_in_range(std::vector<int> const&, int, int) /tmp/w/build/0123456789ab/candidate.cpp:23:16 (prog+1)
    #1 call_candidate(Data&) /tmp/w/build/0123456789ab/driver.cpp:63:42 (prog+0xd5ac0)
"""


def test_the_message_names_both_accesses_in_the_samples_lines():
    msg = racecheck.race_message(REPORT, preamble_lines=11)
    assert msg == ("data race (ThreadSanitizer, 4 threads): Write of size 8 by thread T2 at candidate.cpp:12 "
                   "(.omp_outlined.); Previous write of size 8 by main thread at candidate.cpp:12 "
                   "(count_odd_in_range)")


TAGGED = """[1,1]<stderr>:==================
[1,1]<stderr>:WARNING: ThreadSanitizer: data race (pid=9)
[1,0]<stderr>:==================
[1,1]<stderr>:  Write of size 8 at 0x7ffd6c8 by thread T2[1,1]<stderr>::
[1,0]<stderr>:WARNING: ThreadSanitizer: data race (pid=8)
[1,1]<stderr>:    #0 .omp_outlined._debug__ /tmp/w/build/0123456789ab/candidate.cpp:28:16 (prog+0xdd5b5)
[1,1]<stderr>:
[1,1]<stderr>:  Previous write of size 8 at 0x7ffd6c8 by main thread:
[1,1]<stderr>:    #0 .omp_outlined._debug__ /tmp/w/build/0123456789ab/candidate.cpp:28:16 (prog+1)
--------------------------------------------------------------------------
mpirun has exited due to process rank 1 with PID 0 on
"""


def test_a_hybrid_report_is_told_apart_by_rank():
    # mpirun tags each line a rank writes, and the rest of a line the rank wrote in two pieces (`by thread T2`, `:`)
    ranks = racecheck._by_rank(TAGGED)
    assert set(ranks) == {0, 1, None} and "pid=9" in ranks[1] and "pid=8" not in ranks[1]
    assert ranks[None].startswith("-----") and "[1," not in ranks[1]
    msg = racecheck.race_message(ranks[1], preamble_lines=11, shape="rank 1 of 2 ranks x 2 threads")
    assert msg == ("data race (ThreadSanitizer, rank 1 of 2 ranks x 2 threads): Write of size 8 by thread T2 at "
                   "candidate.cpp:17 (.omp_outlined.); Previous write of size 8 by main thread at candidate.cpp:17 "
                   "(.omp_outlined.)")


def test_what_a_candidate_may_not_define():
    defined = {"__tsan_default_options": "T", "ompt_start_tool": "T", "AnnotateHappensBefore": "T",
               "__sanitizer_report_error_summary": "W", "_Z18count_odd_in_rangeRKSt6vectorIiSaIiEEii": "T"}
    assert racecheck.forbidden(defined) == ["AnnotateHappensBefore", "__sanitizer_report_error_summary",
                                            "__tsan_default_options", "ompt_start_tool"]
    # what the instrumentation calls, and libomp's entry points, are fine; annotations are not
    instrumented = {"__tsan_read8", "__tsan_func_entry", "__tsan_init", "__tsan_atomic64_fetch_add",
                    "__tsan_vptr_update", "__tsan_unaligned_write4", "__kmpc_fork_call", "omp_get_thread_num"}
    assert racecheck.forbidden({}, instrumented) == []
    assert racecheck.forbidden({}, {*instrumented, "__tsan_acquire", "AnnotateIgnoreWritesBegin", "omp_control_tool",
                                    "__tsan_ignore_thread_begin"}) == \
        ["AnnotateIgnoreWritesBegin", "__tsan_acquire", "__tsan_ignore_thread_begin", "omp_control_tool"]
    # mpi+omp: MPI's names, defined (in place of the annotated ones) or called past them (PMPI_); MPI's calls are fine
    mpi = {"MPI_Reduce": "T", "PMPI_Allreduce": "T", "MPIX_helper": "T"}
    assert racecheck.forbidden(mpi, {"PMPI_Send", "MPI_Send", "MPI_Comm_rank"}, "mpi+omp") == \
        ["MPI_Reduce", "PMPI_Allreduce", "PMPI_Send"]
    assert racecheck.forbidden(mpi, {"PMPI_Send", "MPI_Send"}, "omp") == []


# a race with what MPI reads: the master thread's access is the MPI_Reduce's, as mpi_annotations.cpp tells it
MPI_REPORT = """WARNING: ThreadSanitizer: data race (pid=12412)
  Atomic write of size 8 at 0x7ffd3e736fc8 by thread T3:
    #0 .omp_outlined._debug__ /tmp/w/build/0123456789ab/candidate.cpp:27:9 (prog+0xd47b1)
    #1 .omp_outlined. /tmp/w/build/0123456789ab/candidate.cpp:22:1 (prog+0xd47b1)

  Previous read of size 8 at 0x7ffd3e736fc8 by main thread:
    #0 (anonymous namespace)::tell((anonymous namespace)::Access, void const*, long, ompi_datatype_t*) \
/tmp/w/build/0123456789ab/mpi_annotations.cpp:34:9 (prog+0xd6d17)
    #1 (anonymous namespace)::reduce_like(void const*, void*, int, ompi_datatype_t*, bool) \
/tmp/w/build/0123456789ab/mpi_annotations.cpp:72:5 (prog+0xd6d17)
    #2 MPI_Reduce /tmp/w/build/0123456789ab/mpi_annotations.cpp:218:5 (prog+0xd6c03)
    #3 .omp_outlined._debug__ /tmp/w/build/0123456789ab/candidate.cpp:29:9 (prog+0xd47fc)
"""


def test_the_message_names_the_mpi_call_whose_buffer_raced():
    msg = racecheck.race_message(MPI_REPORT, preamble_lines=11, shape="rank 0 of 2 ranks x 2 threads")
    assert msg == ("data race (ThreadSanitizer, rank 0 of 2 ranks x 2 threads): Atomic write of size 8 by thread T3 "
                   "at candidate.cpp:16 (.omp_outlined.); Previous read of size 8 by main thread in MPI_Reduce at "
                   "candidate.cpp:18 (.omp_outlined.)")


def _race_result(status: str, check: dict | None) -> SampleResult:
    return SampleResult(TASK, 0, status, runs=[RunRecord(Resources(1, 2), "pass")], race_check=check)


def test_a_race_verdict_is_taken_only_as_the_harness_writes_it():
    for status, check in (("wrong_answer", {"status": "race"}), ("rejected", {"status": "rejected"}),
                          ("pass", {"status": "clean"}), ("pass", {"status": "skipped", "why": "x"}), ("pass", None)):
        assert read_result(json.loads(json.dumps(_race_result(status, check).to_json()))) is not None, (status, check)
    for status, check in (("pass", {"status": "race"}), ("wrong_answer", {"status": "clean"}),
                          ("rejected", {"status": "race"}), ("pass", {"status": "maybe"}), ("pass", "clean")):
        assert read_result(json.loads(json.dumps(_race_result(status, check).to_json()))) is None, (status, check)
    old = _race_result("pass", None).to_json()  # a line of an hpccoder before the race check
    assert "race_check" not in old and read_result(old).race_check is None


def test_a_run_is_resumed_only_with_its_race_check_setting(tmp_path):
    old = {"suite_version": "1", "timing": False, "warmup": 1, "reps": 5, "resources": {}, "race_check": True,
           "seed": 1234}
    fresh = {**old, "race_check": False}
    with pytest.raises(HpcError, match="race check: on there, off here"):
        check_same_settings(old, fresh, fast_options(), tmp_path)
    before = {k: v for k, v in old.items() if k != "race_check"}  # a run.json of before the race check: it was off
    check_same_settings(before, fresh, fast_options(), tmp_path)
    with pytest.raises(HpcError, match="race check: off there, on here"):
        check_same_settings(before, old, fast_options(), tmp_path)


def test_a_pass_the_race_check_has_not_seen_is_evaluated_again():
    # a result of an hpccoder before the check covered mpi+omp, resumed with the check on: checked now
    plain = SampleResult(HYBRID_TASK, 0, "pass", runs=[RunRecord(Resources(2, 2), "pass")])
    on, off = {"race_check": True}, {"race_check": False}
    assert unchecked_pass(plain, "mpi+omp", on) and unchecked_pass(plain, "omp", on)
    assert not unchecked_pass(plain, "mpi+omp", off) and not unchecked_pass(plain, "mpi", on)
    annotated = replace(plain, race_check={"status": "clean", "mpi_annotations": True})
    assert not unchecked_pass(annotated, "mpi+omp", on)
    # a clean mpi+omp verdict of before MPI's buffers were told to TSan: checked again; omp's, skipped ones: kept
    assert unchecked_pass(replace(plain, race_check={"status": "clean"}), "mpi+omp", on)
    assert not unchecked_pass(replace(plain, race_check={"status": "clean"}), "omp", on)
    assert not unchecked_pass(replace(plain, race_check={"status": "skipped", "why": "x"}), "mpi+omp", on)
    assert not unchecked_pass(replace(plain, status="wrong_answer"), "mpi+omp", on)
