"""Language and programming-model classification on hand-written files of each kind. Mentions in
comments and strings must not count: the classifier reads the parse, not the text."""

import pytest

from hpccoder.corpus.classify import classify, fixed_to_free

C_OPENMP = b"""#include <omp.h>
void scale(double *x, int n) {
    #pragma omp parallel for
    for (int i = 0; i < n; i++) x[i] *= 2.0;
}
"""
C_MPI = b"""#include <mpi.h>
int main(int argc, char **argv) {
    int rank;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Finalize();
    return 0;
}
"""
C_PTHREADS = b"""#include <pthread.h>
static void *work(void *arg) { return arg; }
int run(void) { pthread_t t; pthread_create(&t, 0, work, 0); return pthread_join(t, 0); }
"""
C_OPENACC = b"""void saxpy(int n, float a, float *x, float *y) {
#pragma acc parallel loop
    for (int i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
}
"""
C_MENTIONS_ONLY = b"""/* This file does not use MPI_Send, #pragma omp or pthread_create: it only names them. */
const char *names[] = {"MPI_Send", "omp_get_num_threads", "pthread_create", "Kokkos::parallel_for"};
int count(void) { return 4; }
"""
CPP_HEADER = b"""#pragma once
namespace la {
template <typename T> class Vector { public: T *data; int n; };
}
"""
C_HEADER = b"""#ifndef VEC_H
#define VEC_H
typedef struct { double *data; int n; } vec;
double dot(const vec *a, const vec *b);
#endif
"""
CUDA_KERNEL = b"""#include <cuda_runtime.h>
__global__ void add(const float *a, float *b, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) b[i] += a[i];
}
void launch(const float *a, float *b, int n) { add<<<(n + 255) / 256, 256>>>(a, b, n); cudaDeviceSynchronize(); }
"""
CUDA_IN_HEADER = b"""__global__ void scale_kernel(float *x, float s, int n);
template <typename T> __device__ T square(T v) { return v * v; }
"""
KOKKOS = b"""#include <Kokkos_Core.hpp>
void fill(Kokkos::View<double*> v) {
  Kokkos::parallel_for("fill", v.extent(0), KOKKOS_LAMBDA(const int i) { v(i) = i; });
}
"""
SYCL = b"""#include <sycl/sycl.hpp>
void run(sycl::queue &q, float *x, size_t n) {
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { x[i] *= 2.0f; }).wait();
}
"""
CPP_MPI_OMP = b"""#include <mpi.h>
#include <vector>
double sum(const std::vector<double> &x) {
    double local = 0;
#pragma omp parallel for reduction(+:local)
    for (size_t i = 0; i < x.size(); ++i) local += x[i];
    double total = 0;
    MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    return total;
}
"""
FORTRAN_FREE = b"""program heat
  use mpi
  implicit none
  integer :: ierr, i
  real :: u(100)
  call MPI_Init(ierr)
  !$omp parallel do
  do i = 1, 100
    u(i) = 0.0
  end do
  !$omp end parallel do
  call MPI_Finalize(ierr)
end program heat
"""
FORTRAN_FIXED = b"""      SUBROUTINE DAXPY2(N, A, X, Y)
      INTEGER N, I
      DOUBLE PRECISION A, X(*), Y(*)
C     A fixed-form routine with an OpenMP directive in column 1
C$OMP PARALLEL DO
      DO 10 I = 1, N
         Y(I) = Y(I) +
     $          A * X(I)
   10 CONTINUE
      RETURN
      END
"""
FORTRAN_ACC = b"""subroutine smooth(n, a)
  integer, intent(in) :: n
  real, intent(inout) :: a(n)
  integer :: i
  !$acc parallel loop
  do i = 2, n - 1
    a(i) = 0.5 * (a(i - 1) + a(i + 1))
  end do
end subroutine smooth
"""
VERILOG = b"""module counter #(parameter W = 8) (input clk, input rst, output reg [W-1:0] q);
  always @(posedge clk)
    if (rst) q <= 0;
    else q <= q + 1;
endmodule
"""
SYSTEMVERILOG_IN_V = b"""module fsm(input logic clk, input logic rst, output logic done);
  typedef enum logic [1:0] {IDLE, RUN, DONE} state_t;
  state_t state;
  always_ff @(posedge clk) begin
    if (rst) state <= IDLE;
    else if (state == IDLE) state <= RUN;
    else state <= DONE;
  end
  assign done = state == DONE;
endmodule
"""
COQ_AS_V = b"""Require Import Arith.
Theorem plus_comm : forall n m : nat, n + m = m + n.
Proof. intros. apply Nat.add_comm. Qed.
"""

CASES = [
    ("scale.c", C_OPENMP, "c", ["openmp"]),
    ("hello.c", C_MPI, "c", ["mpi"]),
    ("threads.c", C_PTHREADS, "c", ["pthreads"]),
    ("saxpy.c", C_OPENACC, "c", ["openacc"]),
    ("names.c", C_MENTIONS_ONLY, "c", []),
    ("vector.h", CPP_HEADER, "c++", []),
    ("vec.h", C_HEADER, "c", []),
    ("add.cu", CUDA_KERNEL, "cuda", ["cuda"]),
    ("kernels.h", CUDA_IN_HEADER, "cuda", ["cuda"]),
    ("fill.cpp", KOKKOS, "c++", ["kokkos"]),
    ("run.cpp", SYCL, "c++", ["sycl"]),
    ("sum.cc", CPP_MPI_OMP, "c++", ["mpi", "openmp"]),
    ("heat.f90", FORTRAN_FREE, "fortran", ["mpi", "openmp"]),
    ("daxpy2.f", FORTRAN_FIXED, "fortran", ["openmp"]),
    ("smooth.F90", FORTRAN_ACC, "fortran", ["openacc"]),
    ("counter.v", VERILOG, "verilog", []),
    ("fsm.v", SYSTEMVERILOG_IN_V, "systemverilog", []),
    ("fsm.sv", SYSTEMVERILOG_IN_V, "systemverilog", []),
]


@pytest.mark.parametrize("path,data,language,models", CASES, ids=[c[0] for c in CASES])
def test_language_and_models(path, data, language, models):
    result = classify(path, data)
    assert result.language == language
    assert result.models == sorted(models)
    assert result.error_fraction < 0.2


PRAGMA_SPELLINGS = [
    (b"void zero(double *x, int n) {\n#if USE_THREADS\n#  pragma omp parallel for\n#endif\n"
     b"    for (int i = 0; i < n; i++) x[i] = 0;\n}\n", ["openmp"]),
    (b"void zero(double *x, int n) {\n#\tpragma  acc parallel loop\n    for (int i = 0; i < n; i++) x[i] = 0;\n}\n",
     ["openacc"]),
    (b"void zero(double *x, int n) {\n    _Pragma(\"omp parallel for\")\n    for (int i = 0; i < n; i++) x[i] = 0;\n}\n",
     ["openmp"]),
    # a string that names a directive is no directive
    (b"void say(void) { puts(\"omp parallel for\"); log_pragma(\"acc loop\"); }\n", []),
]


@pytest.mark.parametrize("data,models", PRAGMA_SPELLINGS)
def test_pragmas_with_space_after_the_hash_and_the_pragma_operator_count(data, models):
    assert classify("zero.c", data).models == models
    assert classify("zero.cpp", data).models == models


def test_a_coq_file_with_a_verilog_extension_does_not_parse():
    assert classify("proof.v", COQ_AS_V).error_fraction > 0.5


def test_unknown_extensions_are_not_classified():
    assert classify("notes.txt", b"MPI_Init").language is None


def test_fixed_form_becomes_free_form_line_for_line():
    free = fixed_to_free(FORTRAN_FIXED.decode())
    assert len(free.splitlines()) == len(FORTRAN_FIXED.decode().splitlines())
    assert "!$OMP PARALLEL DO" in free
    assert free.splitlines()[6].rstrip().endswith("&")  # continued on the next line
    assert free.splitlines()[7].lstrip().startswith("&")


@pytest.mark.parametrize("data,language", [
    # C that the C++ grammar reads with a made-up `::` (PETSC_EXTERN::PetscErrorCode) or ERROR nodes
    (b"PETSC_EXTERN PetscErrorCode AOSetType(AO, AOType);\nPETSC_EXTERN PetscErrorCode AOView(AO, PetscViewer);\n",
     "c"),
    (b"struct node { int new; struct node *class; };\nint f(struct node *template);\n", "c"),
    # a C header with a part for C++ includers is C
    (b"#ifdef __cplusplus\ntemplate <typename T> inline T sq(T x) { return x * x; }\nextern \"C\" {\n#endif\n"
     b"double norm(const double *x, int n);\n#ifdef __cplusplus\n}\n#endif\n", "c"),
    # C++ in the text
    (b"std::vector<double> solve(const Matrix &A);\n", "c++"),
    (b"#pragma once\nclass Solver { public: void run(); };\n", "c++"),
    (b"template <typename T> T twice(T x) { return 2 * x; }\n", "c++"),
    (b"#if __cplusplus >= 201103L\nnamespace la { int n(); }\n#endif\n", "c++"),  # a C++ header's version test
    (b"#ifndef __cplusplus\nint plain;\n#else\nnamespace la { int n(); }\n#endif\n", "c"),
])
def test_a_header_is_cplusplus_only_with_cplusplus_in_its_text(data, language):
    assert classify("x.h", data).language == language
