"""mpi_annotations.cpp (the race check's build of mpi+omp samples): each MPI call tells ThreadSanitizer what it reads
and writes of its buffers, so that another thread of the rank touching such a buffer while the call runs is a race
TSan reports, and touching it before the call, ordered by a join, is not. One small program per MPI function kind,
built with clang-14 and TSan and the annotations, run under mpirun at 2 ranks; a plain std::thread writes the word
of the buffer that the call reads or writes (on the rank where it counts: the root's receive blocks, a non-root's
broadcast buffer)."""

from __future__ import annotations

import os
import subprocess

import pytest
from hpctest import needs_mpi

from hpccoder.harness import racecheck
from hpccoder.harness.toolchains.mpi import MPI_ENV

_MISSING = racecheck.missing_for("mpi+omp")
pytestmark = [needs_mpi, pytest.mark.skipif(_MISSING is not None, reason=f"no mpi+omp race check here: {_MISSING}")]

PROGRAM = r"""
#include <mpi.h>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const std::string kind = argv[1];
    const bool ordered = std::string(argv[2]) == "ordered";
    std::vector<int> a(64, rank + 1), b(64 * size, 0), counts(size, 64), displs(size);
    for (int i = 0; i < size; ++i) displs[i] = 64 * i;
    // the word another thread writes: in what the call reads (a send buffer) or writes (a receive buffer)
    int *word = kind == "gatherv" ? &b[64 * (size - 1) + 5]  // the root's block of the last rank
              : kind == "allreduce" ? &b[3] : &a[5];
    const bool here = kind != "bcast" || rank == 1;  // a broadcast writes the non-roots' buffers
    std::thread other;
    if (here) {
        other = std::thread([word] { *word += 1; });
        if (ordered) other.join();  // before the call, and ordered before it
    }
    MPI_Request reqs[2];
    if (kind == "gatherv")
        MPI_Gatherv(a.data(), 64, MPI_INT, b.data(), counts.data(), displs.data(), MPI_INT, 0, MPI_COMM_WORLD);
    else if (kind == "allreduce")
        MPI_Allreduce(a.data(), b.data(), 64, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    else if (kind == "reduce_send")
        MPI_Reduce(a.data(), b.data(), 64, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    else if (kind == "bcast")
        MPI_Bcast(a.data(), 64, MPI_INT, 0, MPI_COMM_WORLD);
    else if (kind == "isend") {
        MPI_Irecv(b.data(), 64, MPI_INT, (rank + size - 1) % size, 1, MPI_COMM_WORLD, &reqs[0]);
        MPI_Isend(a.data(), 64, MPI_INT, (rank + 1) % size, 1, MPI_COMM_WORLD, &reqs[1]);
        MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE);
    }
    if (here && !ordered) other.join();
    MPI_Finalize();
    return 0;
}
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    work = tmp_path_factory.mktemp("mpi-annotations")
    (work / "prog.cpp").write_text(PROGRAM)
    compile_flags, link_flags = racecheck.mpi_flags()
    common = [racecheck.clang(), *racecheck.COMPILE_FLAGS, "-DOMPI_SKIP_MPICXX", *compile_flags]
    subprocess.run([*common, "-c", "prog.cpp", "-o", "prog.o"], cwd=work, check=True)
    subprocess.run([*common, "-c", str(racecheck.ANNOTATIONS), "-o", "ann.o"], cwd=work, check=True)
    subprocess.run([racecheck.clang(), "-fsanitize=thread", "prog.o", "ann.o", *link_flags, "-o", "prog"], cwd=work,
                   check=True)
    return work / "prog"


def _run(program, kind: str, order: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **MPI_ENV, "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
           "TSAN_OPTIONS": f"ignore_noninstrumented_modules=1 exitcode={racecheck.RACE_EXIT}"}
    return subprocess.run(["mpirun", "-x", "TSAN_OPTIONS", "-np", "2", str(program), kind, order], env=env,
                          capture_output=True, text=True, timeout=120)


# what each call does to the word the other thread writes: MPI_Gatherv writes the root's block of the last rank,
# MPI_Allreduce its receive buffer, MPI_Reduce reads its send buffer, MPI_Bcast writes a non-root's buffer,
# MPI_Isend reads its buffer from the start
@pytest.mark.parametrize("kind, call", [("gatherv", "MPI_Gatherv"), ("allreduce", "MPI_Allreduce"),
                                        ("reduce_send", "MPI_Reduce"), ("bcast", "MPI_Bcast"),
                                        ("isend", "MPI_Isend")])
def test_a_thread_touching_a_buffer_an_mpi_call_uses_is_a_race(program, kind, call):
    raced = _run(program, kind, "concurrent")
    assert raced.returncode == racecheck.RACE_EXIT, raced.stderr[-2000:]
    assert "WARNING: ThreadSanitizer: data race" in raced.stderr and f" {call} " in raced.stderr, raced.stderr[-2000:]
    clean = _run(program, kind, "ordered")  # the same write, joined before the call
    assert clean.returncode == 0 and "ThreadSanitizer" not in clean.stderr, clean.stderr[-2000:]
