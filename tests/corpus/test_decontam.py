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


@pytest.mark.parametrize("ref,relayout", [
    ("verilog/arithmetic/05_multiplier8/ref.sv", lambda t: t.replace(",", ",\n")),
    ("verilog/combinational/06_popcount/ref.sv", lambda t: " ".join(re.sub(r"//[^\n]*", "", t).split())),
    ("verilog/combinational/07_leading_zeros/ref.sv", lambda t: " ".join(re.sub(r"//[^\n]*", "", t).split())),
])
def test_a_verilog_copy_laid_out_anew_is_caught(index, ref, relayout):
    """Verilog's 8'd0 is a number, not the start of a character literal: line breaks do not change the tokens."""
    source = (paths.kernels_ref_dir() / ref).read_text()
    assert index.hit(relayout(source), "verilog") == "code"
    values = decontam.code_stream("assign p = {8'd0, a} * {8'd0,\nb}; assign q = '0 | 4'sb1x0z;", "verilog")[0]
    assert list(values) == list(decontam.code_stream("assign p = {8'd0,\na} * {8'd0, b};\nassign q = '0 | "
                                                     "4'sb1x0z;", "verilog")[0])


def test_a_function_that_only_shares_a_benchmark_signature_is_not_flagged(index):
    """spmv's parameter list is more than 40 tokens: windows of it alone matched any function taking the same
    arguments. A benchmark window counts where half of it is inside braces (a function body)."""
    original = """#include <vector>
// One damped Jacobi sweep over a CSR matrix.
void jacobi_sweep(size_t rows, size_t cols, const std::vector<int> &ptr, const std::vector<int> &ind,
                  const std::vector<double> &val, const std::vector<double> &rhs, std::vector<double> &sol) {
    std::vector<double> next(rows);
    for (size_t r = 0; r < rows; ++r) {
        double diag = 1.0, off = 0.0;
        for (int k = ptr[r]; k < ptr[r + 1]; ++k) {
            if ((size_t)ind[k] == r) diag = val[k]; else off += val[k] * sol[ind[k]];
        }
        next[r] = 0.8 * (rhs[r] - off) / diag + 0.2 * sol[r];
    }
    sol.swap(next);
}
double weighted_residual(const std::vector<double> &obs, const std::vector<double> &model,
                         const std::vector<double> &weights, const std::vector<double> &mask) {
    double acc = 0.0;
    for (size_t k = 0; k < obs.size(); ++k) if (mask[k] != 0.0) acc += weights[k] * (obs[k] - model[k]);
    return acc;
}
"""
    assert index.hit(original) is None
    body = decontam.body_windows("void f(int a, int b) { return; }", 4)  # 13 tokens, the last 4 in braces
    assert body.tolist() == [False] * 7 + [True] * 3
