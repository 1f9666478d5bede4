"""The CPU emulator of CUDA (hpccoder/harness/cudaemu): correctness checks of cuda kernels without a GPU.

Three layers: rewrite.py (CUDA syntax to C++, lines kept), runtime.hpp (the execution model, tested with a
standalone program of small kernels, compiled once), and the harness (`--cuda-emulate`: verdicts of real
tasks' samples, marked emulated, without timings; the full nvcc path with every original cuda reference is
`slow`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hpctest import SAMPLES, fast_options, needs_bwrap

from hpccoder.harness import cudaemu
from hpccoder.harness.cudaemu.rewrite import RewriteError, rewrite
from hpccoder.harness.evaluate import Evaluation, evaluate
from hpccoder.harness.records import RunRecord, SampleResult
from hpccoder.harness.summary import EMULATED_SUFFIX, format_table, summarize
from hpccoder.harness.toolchains import Resources, get
from hpccoder.suite.prompts import assemble

needs_gpp = pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")
needs_nvcc = pytest.mark.skipif(shutil.which("nvcc") is None, reason="nvcc (the CUDA toolkit) is not installed")
no_gpu = pytest.mark.skipif(shutil.which("nvcc") is not None and get("cuda").cannot_run() is None,
                            reason="a GPU is here: real runs win over emulation")
AXPY, CG = "cpp/dense_la/01_axpy/cuda", "cpp/sparse_la/02_cg/cuda"
REFS = Path(__file__).resolve().parents[2] / "kernels_ref" / "cpp"
ORIGINAL = ("dense_la/01_axpy", "dense_la/02_gemv", "dense_la/03_gemm", "dense_la/04_transpose", "sparse_la/01_spmv",
            "sparse_la/02_cg", "stencil/01_jacobi2d", "stencil/02_jacobi1d", "stencil/05_conv2d")


# -- rewrite.py -----------------------------------------------------------------------------------------------
def test_rewrite_launches_keep_lines_and_leave_comments_and_strings():
    src = ('k<<<L.grid, L.block>>>(g.a, n);  // k<<<1, 1>>>()\n'
           'foo<256, float><<<dim3(1, 2), 32, 0, s>>>(x);\n'
           '(p ? k1 : k2)<<<1,\n  2>>>(y);\n'
           'ns::obj->kern<<<1, 1>>>();\n'
           'const char *t = "a<<<b>>>"; int big = 1\'000\'000; char c = \'<\';\n')
    out = rewrite(src)
    assert out.count("\n") == src.count("\n")
    lines = out.splitlines()
    assert lines[0] == "::hpcemu::launch(k, L.grid, L.block)(g.a, n);  // k<<<1, 1>>>()"
    assert lines[1] == "::hpcemu::launch(foo<256, float>, dim3(1, 2), 32, 0, s)(x);"
    assert lines[2] == "::hpcemu::launch((p ? k1 : k2), 1,"
    assert lines[3] == "  2)(y);"
    assert lines[4] == "::hpcemu::launch(ns::obj->kern, 1, 1)();"
    assert lines[5] == src.splitlines()[5]


def test_rewrite_shared_declarations():
    src = ("extern __shared__ __align__(16) unsigned char smem[];\n"
           "extern volatile __shared__ int vs[];\n"
           "template <class T> __global__ void k() { extern __shared__ T buf[]; static __shared__ double t[32][33];\n"
           "  __shared__ double a[4], b[5]; }\n"
           "__noinline__ __device__ int f();\n")
    out = rewrite(src)
    assert out.count("\n") == src.count("\n")
    assert "unsigned char *const smem = (unsigned char *)::hpcemu::dynamic_shared();" in out
    assert "volatile int *const vs = (volatile int *)::hpcemu::dynamic_shared();" in out
    assert "T *const buf = (T *)::hpcemu::dynamic_shared();" in out
    assert re.search(r"__shared__\s+double t\[32\]\[33\]", out) and "static" not in out
    assert "__shared__ double a[4], b[5];" in out
    assert "__attribute__((noinline)) __device__ int f();" in out


def test_rewrite_errors():
    with pytest.raises(RewriteError):
        rewrite("k<<<1, 1(x);\n")
    with pytest.raises(RewriteError):
        rewrite("extern __shared__ double;\n")


# -- runtime.hpp: a standalone program of small kernels ----------------------------------------------------------
PROGRAM = r"""
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include <cstdio>
#include <cstring>
#include <vector>
__global__ void tree_sum(const double *x, size_t n, double *out) {
    __shared__ double s[256];
    double v = 0;
    for (size_t i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) v += x[i];
    s[threadIdx.x] = v;
    __syncthreads();
    for (unsigned h = blockDim.x / 2; h > 0; h /= 2) {
        if (threadIdx.x < h) s[threadIdx.x] += s[threadIdx.x + h];
        __syncthreads();
    }
    if (threadIdx.x == 0) atomicAdd(out, s[0]);
}
__global__ void tree_sum_no_sync(const double *x, size_t n, double *out) {  // the loop lacks its __syncthreads
    __shared__ double s[256];
    double v = 0;
    for (size_t i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) v += x[i];
    s[threadIdx.x] = v;
    __syncthreads();
    for (unsigned h = blockDim.x / 2; h > 0; h /= 2)
        if (threadIdx.x < h) s[threadIdx.x] += s[threadIdx.x + h];
    if (threadIdx.x == 0) atomicAdd(out, s[0]);
}
__global__ void tree_sum_last_block_wins(const double *x, size_t n, double *out) {  // no atomic across blocks
    __shared__ double s[256];
    double v = 0;
    for (size_t i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) v += x[i];
    s[threadIdx.x] = v;
    __syncthreads();
    for (unsigned h = blockDim.x / 2; h > 0; h /= 2) {
        if (threadIdx.x < h) s[threadIdx.x] += s[threadIdx.x + h];
        __syncthreads();
    }
    if (threadIdx.x == 0) *out = s[0];
}
template <int WARPS>
__global__ void warp_sum(const double *x, size_t n, double *out) {
    extern __shared__ double partial[];
    __shared__ int unused[WARPS];
    double v = 0;
    for (size_t i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) v += x[i];
    for (int o = 16; o > 0; o /= 2) v += __shfl_down_sync(0xffffffff, v, o);
    if (threadIdx.x % 32 == 0) partial[threadIdx.x / 32] = v;
    __syncthreads();
    if (threadIdx.x < 32) {
        v = threadIdx.x < WARPS ? partial[threadIdx.x] : 0.0;
        for (int o = 16; o > 0; o /= 2) v += __shfl_xor_sync(0xffffffff, v, o);
        if (threadIdx.x == 0) atomicAdd(out, v);
    }
}
namespace cg = cooperative_groups;
__global__ void cg_sum(const double *x, size_t n, double *out) {  // tiles of 16 threads, then the block
    __shared__ double partial[16];
    cg::thread_block block = cg::this_thread_block();
    cg::thread_block_tile<16> tile = cg::tiled_partition<16>(block);
    double v = 0;
    for (size_t i = blockIdx.x * blockDim.x + block.thread_rank(); i < n; i += blockDim.x * gridDim.x) v += x[i];
    v = cg::reduce(tile, v, cg::plus<double>());
    if (tile.thread_rank() == 0) partial[tile.meta_group_rank()] = v;
    block.sync();
    if (block.thread_rank() == 0) {
        double s = 0;
        for (unsigned t = 0; t < tile.meta_group_size(); ++t) s += partial[t];
        atomicAdd(out, s);
    }
}
__global__ void votes(int *out) {  // one block of 100 threads: warps 0..2 full, warp 3 has 4 lanes
    const unsigned lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    unsigned b = __ballot_sync(__activemask(), lane % 3 == 0);
    int any = __any_sync(__activemask(), lane == 31), all = __all_sync(__activemask(), lane < 40);
    int bcast = __shfl_sync(__activemask(), (int)threadIdx.x, 2);
    int count = __syncthreads_count(threadIdx.x % 2 == 0);
    int some = __syncthreads_or(threadIdx.x == 99), every = __syncthreads_and(threadIdx.x < 99);
    if (lane == 0) {
        out[warp * 8 + 0] = (int)b, out[warp * 8 + 1] = any, out[warp * 8 + 2] = all, out[warp * 8 + 3] = bcast;
        out[warp * 8 + 4] = count, out[warp * 8 + 5] = some, out[warp * 8 + 6] = every;
    }
}
__global__ void block_order(unsigned *ticket, unsigned *order) {
    if (threadIdx.x == 0) order[atomicAdd(ticket, 1u)] = blockIdx.x + gridDim.x * blockIdx.y;
}
__global__ void uninitialised_shared(double *out) {
    __shared__ double s[64];
    if (threadIdx.x < 32) s[threadIdx.x] = 1.0;  // the other half is never written
    __syncthreads();
    out[threadIdx.x] = s[threadIdx.x];
}
__global__ void divergent_barrier(double *out) {
    if (threadIdx.x < 10) __syncthreads();
    else __syncthreads();
    out[0] = 1;
}
__global__ void deadlock(double *out) {
    double v = 1;
    if (threadIdx.x % 32 < 16) v = __shfl_down_sync(0xffffffff, v, 1);
    __syncthreads();
    out[threadIdx.x] = v;
}
__global__ void spin(int *flag) {  // waits for a later block: blocks run one at a time
    if (blockIdx.x == 0) while (*(volatile int *)flag == 0) {}
    else *flag = 1;
}
__global__ void fault(double *out) { out[(size_t)threadIdx.x << 40] = 1; }
__global__ void bad_mask(double *out) { out[threadIdx.x] = __shfl_sync(0x1u, 1.0, 0); }
__global__ void partial_warp(double *out) {  // 48 threads: the second warp has lanes 0..15 only
    double v = 1.0;
    int m = (int)threadIdx.x;
    for (int o = 16; o > 0; o /= 2) {
        v += __shfl_down_sync(0xffffffff, v, o);
        m = max(m, __shfl_down_sync(0xffffffff, m, o));
    }
    if (threadIdx.x % 32 == 0) out[threadIdx.x / 32] = v, out[2 + threadIdx.x / 32] = m;
}

int main(int argc, char **argv) {
    const size_t n = 5003;
    double *x, *out;
    cudaMalloc(&x, n * sizeof(double));
    cudaMalloc(&out, 1024 * sizeof(double));
    std::vector<double> h(n);
    double want = 0;
    for (size_t i = 0; i < n; ++i) want += h[i] = (double)(i % 7) - 2.75;
    cudaMemcpy(x, h.data(), n * sizeof(double), cudaMemcpyHostToDevice);
    cudaMemset(out, 0, 1024 * sizeof(double));
    const std::string c = argv[1];
    double got = 0;
    if (c == "tree") tree_sum<<<7, 256>>>(x, n, out);
    if (c == "tree_no_sync") tree_sum_no_sync<<<7, 256>>>(x, n, out);
    if (c == "last_block") tree_sum_last_block_wins<<<7, 256>>>(x, n, out);
    if (c == "warp") warp_sum<8><<<7, 256, 8 * sizeof(double)>>>(x, n, out);
    if (c == "cg") cg_sum<<<5, 256>>>(x, n, out);
    if (c == "tree" || c == "tree_no_sync" || c == "last_block" || c == "warp" || c == "cg") {
        cudaMemcpy(&got, out, sizeof got, cudaMemcpyDeviceToHost);
        std::printf("sum %.17g %.17g\n", got, want);
    }
    if (c == "votes") {
        votes<<<1, 100>>>((int *)out);
        int v[32];
        cudaMemcpy(v, out, sizeof v, cudaMemcpyDeviceToHost);
        std::printf("votes");
        for (int i = 0; i < 32; ++i) std::printf(" %d", v[i]);
        std::printf("\n");
    }
    if (c == "order") {
        unsigned *t;
        cudaMalloc(&t, 4);
        cudaMemset(t, 0, 4);
        block_order<<<dim3(8, 8), 32>>>(t, (unsigned *)out);
        unsigned o[64];
        cudaMemcpy(o, out, sizeof o, cudaMemcpyDeviceToHost);
        std::printf("order");
        for (unsigned v : o) std::printf(" %u", v);
        std::printf("\n");
    }
    if (c == "uninit") {
        uninitialised_shared<<<1, 64>>>(out);
        double v[64];
        cudaMemcpy(v, out, sizeof v, cudaMemcpyDeviceToHost);
        std::printf("uninit %g %g\n", v[0], v[63]);
    }
    if (c == "config") {
        tree_sum<<<1, 2048>>>(x, n, out);
        std::printf("config %s\n", cudaGetErrorName(cudaGetLastError()));
    }
    if (c == "divergent") divergent_barrier<<<1, 64>>>(out);
    if (c == "deadlock") deadlock<<<2, 64>>>(out);
    if (c == "spin") spin<<<4, 32>>>((int *)out);
    if (c == "fault") fault<<<1, 32>>>(out);
    if (c == "bad_mask") bad_mask<<<1, 32>>>(out);
    if (c == "partial_warp") {
        partial_warp<<<1, 48>>>(out);
        double v[4];
        cudaMemcpy(v, out, sizeof v, cudaMemcpyDeviceToHost);
        std::printf("partial %.17g %.17g %.17g %.17g\n", v[0], v[1], v[2], v[3]);
    }
    std::printf("end %s\n", cudaGetErrorName(cudaGetLastError()));
}
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory) -> Path:
    if shutil.which("g++") is None:
        pytest.skip("g++ is not installed")
    work = tmp_path_factory.mktemp("cudaemu")
    (work / "t.cpp").write_text(rewrite(PROGRAM))
    subprocess.run([cudaemu.COMPILER, *cudaemu.FLAGS, f"-I{cudaemu.HERE}", "-include", "runtime.hpp", "-x", "c++",
                    "t.cpp", "-o", "t"], cwd=work, check=True, capture_output=True, timeout=300)
    return work / "t"


def _run(program: Path, case: str, **env) -> tuple[str, dict | None]:
    out = subprocess.run([str(program), case], capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", **env}).stdout
    result = next((json.loads(ln.split(" ", 2)[2]) for ln in out.splitlines() if ln.startswith("@@hpccoder result")),
                  None)
    return out, result


def _sum(out: str) -> tuple[float, float]:
    got, want = next(ln for ln in out.splitlines() if ln.startswith("sum ")).split()[1:]
    return float(got), float(want)


@pytest.mark.parametrize("case", ["tree", "warp", "cg"])
def test_correct_reductions_pass(program, case):
    got, want = _sum(_run(program, case)[0])
    assert got == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("case", ["tree_no_sync", "last_block"])
def test_wrong_reductions_fail(program, case):
    """A missing __syncthreads (threads run in a random order between barriers) and a missing atomic across
    blocks both give a wrong sum, with every seed tried."""
    for seed in ("", "1", "2", "3"):
        got, want = _sum(_run(program, case, **({"HPCEMU_SEED": seed} if seed else {}))[0])
        assert got != pytest.approx(want, rel=1e-9)


def test_votes_and_counting_barriers(program):
    out, result = _run(program, "votes")
    assert result is None
    v = [int(t) for t in next(ln for ln in out.splitlines() if ln.startswith("votes")).split()[1:]]
    every_third = sum(1 << lane for lane in range(0, 32, 3))
    for warp in range(3):  # full warps
        b, any_, all_, bcast, count, some, every = v[warp * 8:warp * 8 + 7]
        assert b & 0xFFFFFFFF == every_third and any_ == 1 and all_ == 1 and bcast == warp * 32 + 2
        assert (count, some, every) == (50, 1, 0)
    b, any_, all_, bcast = v[24:28]  # lanes 0..3 of the last warp
    assert b == 0b1001 and any_ == 0 and all_ == 1 and bcast == 98


def test_shuffles_from_lanes_that_take_no_part_are_not_quietly_right(program):
    """A GPU gives an undefined value for a shuffle from a lane past a partial warp (or an exited one); the
    emulator a huge one, not the caller's own value, which a maximum would keep without a trace."""
    out, result = _run(program, "partial_warp")
    assert result is None, out
    v = [float(t) for t in next(ln for ln in out.splitlines() if ln.startswith("partial")).split()[1:]]
    assert v[0] == 32 and v[2] == 31  # the full warp
    assert abs(v[1]) > 1e300 and v[3] > 1e9  # lanes 16..31 of the second warp do not exist


def test_blocks_run_in_a_varying_order(program):
    out, _ = _run(program, "order")
    order = [int(t) for t in next(ln for ln in out.splitlines() if ln.startswith("order")).split()[1:]]
    assert sorted(order) == list(range(64)) and order != list(range(64))
    out2, _ = _run(program, "order", HPCEMU_SEED="7")
    assert out2 != out


def test_shared_memory_starts_as_nan_and_bad_configurations_fail(program):
    out, _ = _run(program, "uninit")
    assert "uninit 1 nan" in out
    out, _ = _run(program, "config")
    assert "config cudaErrorInvalidConfiguration" in out


@pytest.mark.parametrize("case, status, says", [
    ("divergent", "runtime_error", "divergent __syncthreads"),
    ("deadlock", "timeout", "deadlock in block"),
    ("fault", "runtime_error", "invalid memory access"),
    ("bad_mask", "runtime_error", "does not include the calling lane"),
])
def test_kernel_errors_end_the_run_with_a_result(program, case, status, says):
    out, result = _run(program, case)
    assert result and result["status"] == status and says in result["why"], out
    assert result["why"].startswith(cudaemu.PREFIX) and "end " not in out


def test_watchdog_ends_a_kernel_that_spins(program):
    out, result = _run(program, "spin", HPCEMU_WATCHDOG_S="1")
    assert result and result["status"] == "timeout" and "spins forever" in result["why"]


# -- the harness: verdicts on real tasks (g++ and the sandbox; the nvcc build is skipped here) -------------------
READS_PAST = """__global__ void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) z[i] = alpha * x[i] + y[i] + 0.0 * x[i + 1];  // reads one element past x (a NaN here)
}
"""
SPINS = """__global__ void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (threadIdx.x == 0) while (*(volatile double *)&z[0] != 12345.0) {}  // nothing ever writes that
    if (i < n) z[i] = alpha * x[i] + y[i];
}
"""
DEADLOCKS = """__global__ void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    double v = i < n ? alpha * x[i] + y[i] : 0.0;
    if (threadIdx.x % 32 < 16) v += 0.0 * __shfl_down_sync(0xffffffff, v, 16);  // lanes 16..31 never join in
    __syncthreads();
    if (i < n) z[i] = v;
}
"""


def _cg_without_tree_sync() -> str:
    src = (REFS / "sparse_la/02_cg/cuda.cu").read_text()
    loop = "if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];\n        __syncthreads();"
    assert loop in src
    return src.replace(loop, "if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];")


CASES = {  # name -> (task, code, status, what the message says)
    "reference": (AXPY, (REFS / "dense_la/01_axpy/cuda.cu").read_text(), "pass", "passed every check size"),
    "no_bounds_check": (AXPY, (SAMPLES / "cuda/no_bounds_check.cu").read_text(), "wrong_answer", "out of bounds"),
    "first_block_only": (AXPY, (SAMPLES / "cuda/first_block_only.cu").read_text(), "wrong_answer", "at size"),
    "illegal_address": (AXPY, (SAMPLES / "cuda/illegal_address.cu").read_text(), "runtime_error",
                        "invalid memory access"),
    "reads_past_input": (AXPY, READS_PAST, "wrong_answer", "nan"),
    "cg_missing_sync": (CG, _cg_without_tree_sync(), "wrong_answer", "at size"),
    "spins": (AXPY, SPINS, "timeout", "spins forever"),
    "deadlocks": (AXPY, DEADLOCKS, "timeout", "deadlock in block"),
    # what the emulator lacks is not the sample's failure: nvcc built it (it was a build_error, counted in build@k)
    "unsupported": (AXPY, "#include <cuda_fp16.h>\n" + (REFS / "dense_la/01_axpy/cuda.cu").read_text(), "not_run",
                    "the emulator cannot compile this code (nvcc builds it)"),
    # threads past n read x's and y's guards (NaN in the emulator) and wrote that NaN past z: with one NaN for
    # every guard, z's guard looked untouched
    "no_bounds_check_at_all": (AXPY, "__global__ void axpy(double alpha, const double *x, const double *y, "
                               "double *z, size_t n) {\n    const size_t i = (size_t)blockIdx.x * blockDim.x + "
                               "threadIdx.x;\n    z[i] = alpha * x[i] + y[i];\n}\n", "wrong_answer", "out of bounds"),
    # a kernel that used its const input as scratch (the memory and the work its contract makes others pay for)
    # passed: the inputs are uploaded again before every launch, and nothing looked at them after one
    "input_as_scratch": (AXPY, "__global__ void axpy(double alpha, const double *x, const double *y, "
                         "double *z, size_t n) {\n    const size_t i = (size_t)blockIdx.x * blockDim.x + "
                         "threadIdx.x;\n    if (i < n) {\n        z[i] = alpha * x[i] + y[i];\n"
                         "        const_cast<double *>(x)[i] = 0.0;\n    }\n}\n", "wrong_answer",
                         "it takes as const (an input"),
}


@pytest.fixture(scope="module")
def emulated(tmp_path_factory, suite) -> dict[str, SampleResult]:
    if shutil.which("g++") is None or shutil.which("bwrap") is None:
        pytest.skip("needs g++ and bubblewrap")
    out = tmp_path_factory.mktemp("cudaemu-harness")
    ev = Evaluation(suite, fast_options(cuda_emulate=True, min_timeout=3.0), out, {"cuda"})
    results = {}
    try:
        for name, (tid, code, _, _) in CASES.items():
            task = suite.task(tid)
            base = SampleResult(tid, 0, "pass", build_ok=True, build_log="(nvcc: skipped by this test)")
            results[name] = cudaemu.evaluate_sample(ev, task, assemble(task, code), base)
    finally:
        shutil.rmtree(ev.workroot, ignore_errors=True)
    return results


@needs_bwrap
@needs_gpp
@pytest.mark.parametrize("name", sorted(CASES))
def test_emulated_verdicts(emulated, name):
    r = emulated[name]
    _, _, status, says = CASES[name]
    assert r.status == status, r.message
    assert r.emulated and r.message.startswith(cudaemu.PREFIX) and says in r.message
    assert not r.speedup and not r.speedup_vs_reference and all(run.time_s is None for run in r.runs)


# -- the summary keeps emulated results apart ------------------------------------------------------------------
def test_summary_keeps_emulated_results_apart(suite):
    tasks = {t: suite.task(t) for t in (AXPY, "cpp/dense_la/01_axpy/serial")}
    run = RunRecord(Resources(), "pass", time_s=1.0)
    results = [SampleResult(AXPY, 0, "pass", emulated=True, build_ok=True, runs=[RunRecord(Resources(), "pass")]),
               SampleResult(AXPY, 1, "wrong_answer", emulated=True, build_ok=True),
               SampleResult("cpp/dense_la/01_axpy/serial", 0, "pass", runs=[run], speedup={"1": 1.0})]
    s = summarize(results, tasks, [1], {"serial": [1], "cuda": [1]}, [1.0], "test")
    assert "cuda" not in s["by_execution_model"]
    assert s["by_execution_model"]["cuda" + EMULATED_SUFFIX]["pass@1"] == 0.5
    assert s["overall"]["pass@1"] == 1.0  # the serial task alone
    assert s["emulated"]["samples"] == 2
    assert "CPU emulator" in format_table(s)
    assert SampleResult.from_json(results[0].to_json()).emulated
    assert "emulated" not in results[2].to_json()  # results of other runs are unchanged


def test_every_task_of_an_emulated_model_is_kept_apart_and_untimed(suite):
    # a cuda task whose samples nvcc could not build had no emulated result: it stayed in a `cuda` row of its own,
    # in overall and by_category with pass@1 0 and speedup 0; and an emulated task where nothing passed had a
    # speedup of 0, though the emulator times nothing
    jacobi = "cpp/stencil/01_jacobi2d/cuda"
    tasks = {t: suite.task(t) for t in (AXPY, jacobi, "cpp/dense_la/01_axpy/serial")}
    results = [SampleResult(AXPY, 0, "wrong_answer", emulated=True, build_ok=True),
               SampleResult(jacobi, 0, "build_error", build_ok=False),
               SampleResult("cpp/dense_la/01_axpy/serial", 0, "pass", runs=[RunRecord(Resources(), "pass", time_s=1.0)],
                            speedup={"1": 1.0})]
    s = summarize(results, tasks, [1], {"serial": [1], "cuda": [1]}, [1.0], "test")
    assert "cuda" not in s["by_execution_model"] and "stencil" not in s["by_category"]
    assert s["by_execution_model"]["cuda" + EMULATED_SUFFIX] == {"pass@1": 0.0, "build@1": 0.5}
    assert s["overall"]["pass@1"] == 1.0 and s["emulated"]["tasks"] == 2
    assert not any(k.startswith("speedup") for k in s["per_task"][AXPY])


# -- the whole path: nvcc build and checks, then the emulator ---------------------------------------------------
@pytest.mark.slow
@needs_bwrap
@needs_nvcc
@needs_gpp
@no_gpu
def test_every_original_cuda_reference_passes_emulated_and_nvcc_checks_still_apply(tmp_path, suite):
    tasks = [f"cpp/{p}/cuda" for p in ORIGINAL if (REFS / p / "cuda.cu").exists()]
    samples = [(t, suite.task(t).reference_candidate()) for t in tasks]
    samples.append((AXPY, (SAMPLES / "cuda/host_only.cu").read_text()))  # rejected from the nvcc object, as always
    path = tmp_path / "samples.jsonl"
    path.write_text("".join(json.dumps({"task_id": t, "sample_index": i, "completion": c}) + "\n"
                            for i, (t, c) in enumerate(samples)))
    summary = evaluate(path, tmp_path / "run", fast_options(cuda_emulate=True, timing=True))
    results = sorted((SampleResult.from_json(json.loads(ln))
                      for ln in (tmp_path / "run" / "results.jsonl").read_text().splitlines()),
                     key=lambda r: r.sample_index)
    for r in results[:-1]:
        assert r.status == "pass" and r.emulated and r.message.startswith(cudaemu.PREFIX), (r.task_id, r.message)
        assert not r.speedup and r.runs and r.runs[0].time_s is None
    assert results[-1].status == "rejected" and not results[-1].emulated
    assert "cuda" + EMULATED_SUFFIX in summary["by_execution_model"]
