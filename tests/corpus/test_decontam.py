"""Decontamination: a benchmark solution planted in a corpus, renamed and reformatted, is caught;
ordinary HPC code is not."""

import re

import pytest

from hpccoder import paths
from hpccoder.corpus import decontam


@pytest.fixture(scope="module")
def index():
    code, prompts = decontam.benchmark_texts()
    assert code and prompts
    return decontam.build_index(code, prompts)


def _disguise(source: str) -> str:
    """Rename every local name consistently, re-indent, drop comments, add a header of our own."""
    renames = {"alpha": "scale_factor", "x": "src_vec", "y": "add_vec", "z": "dst", "i": "idx", "n": "count",
               "A": "mat", "B": "other", "C": "result", "M": "rows", "N": "cols", "K": "inner", "sum": "acc"}
    out = re.sub(r"//[^\n]*", "", source)
    out = re.sub(r"\b(" + "|".join(renames) + r")\b", lambda m: renames[m.group(1)], out)
    out = "\n".join("\t" + line.strip() for line in out.splitlines())
    return "/* Copyright 2021 Some Project. Vector kernels. */\n#include <cmath>\n" + out + "\n"


@pytest.mark.parametrize("ref", ["cpp/dense_la/01_axpy/omp.cpp", "cpp/dense_la/03_gemm/mpi.cpp",
                                 "cpp/sparse_la/01_spmv/serial.cpp"])
def test_a_planted_renamed_reference_is_caught(index, ref):
    source = (paths.kernels_ref_dir() / ref).read_text()
    disguised = _disguise(source)
    assert disguised != source
    assert index.hit(disguised) == "code"


def test_a_prompt_description_copied_into_a_comment_is_caught(index):
    problem = (paths.evalsuite_dir() / "cpp/dense_la/02_gemv/problem.yaml").read_text()
    description = problem.split("description: |", 1)[1].split("\n\n")[0].split("example:")[0]
    text = "/*\n" + " ".join(description.split()) + "\n*/\nint unrelated_function(int a) { return a + 1; }\n"
    assert index.hit(text) == "text"


def test_runs_of_numbers_and_one_letter_names_are_not_prose(index):
    """The suite's prompts hold examples such as `[0, 1, 2, ..., 15]` and stencils such as
    `u[i+1][j] + u[i-1][j]`: a mapping table or a Fortran stencil in a library shares them, not prose."""
    table = "static const int order[] = {" + ", ".join(map(str, range(64))) + "};\n"
    stencil = "".join(f"  r({k}) = u(i+1,j) + u(i-1,j) + u(i,j+1) + u(i,j-1) - 4*u(i,j)\n" for k in range(8))
    assert index.hit(table) is None
    assert index.hit(stencil, "fortran") is None
    assert len(decontam.word_ngrams(" ".join(map(str, range(40))), 13)) == 0


def test_ordinary_hpc_code_is_not_flagged(index):
    code = """
#include <mpi.h>
#include <stdio.h>
/* Halo exchange for a 1-D domain decomposition of a heat equation. */
static void exchange(double *u, int nlocal, int left, int right, MPI_Comm comm) {
    MPI_Sendrecv(&u[1], 1, MPI_DOUBLE, left, 0, &u[nlocal + 1], 1, MPI_DOUBLE, right, 0, comm, MPI_STATUS_IGNORE);
    MPI_Sendrecv(&u[nlocal], 1, MPI_DOUBLE, right, 1, &u[0], 1, MPI_DOUBLE, left, 1, comm, MPI_STATUS_IGNORE);
}
void step(double *u, double *unew, int nlocal, double r, int left, int right, MPI_Comm comm) {
    exchange(u, nlocal, left, right, comm);
    for (int i = 1; i <= nlocal; i++)
        unew[i] = u[i] + r * (u[i - 1] - 2.0 * u[i] + u[i + 1]);
    for (int i = 1; i <= nlocal; i++) u[i] = unew[i];
}
"""
    assert index.hit(code) is None


def test_windows_ignore_layout_and_consistent_renaming():
    a = "for (int i = 0; i < n; ++i) { y[i] += a * x[i]; }"
    b = "for(int k=0;k<len;++k){\n  out[k] += s*src[k];\n}"
    c = "for (int i = 0; i < n; ++i) { y[i] += a * y[i]; }"  # a different computation: x became y
    wa, wb, wc = (decontam.code_windows(t, 20) for t in (a, b, c))
    assert list(wa) == list(wb)
    assert list(wa) != list(wc)


def test_banners_and_prose_windows_do_not_count(index):
    """Runs of one symbol, and prose read as code (every new word encodes alike), appear in the
    benchmark's YAML and in any source: windows with too few distinct tokens are not evidence."""
    banner = "C" + "-" * 70 + "\n"
    fixed_form = banner + "C     Halo ordering by approximate minimum fill.\n" + banner + \
        "      SUBROUTINE HAMF(N, IW)\n      INTEGER N, IW(*)\n      IW(1) = N\n      RETURN\n      END\n"
    assert index.hit(fixed_form, "fortran") is None
    prose = "#if 0\n" + " ".join(f"word{i}" for i in range(80)) + "\n#endif\nint main(void) { return 0; }\n"
    assert index.hit(prose) is None
