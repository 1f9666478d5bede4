"""The cuda execution model: built with nvcc everywhere, run where there is a GPU.

Without a GPU (these machines): every reference builds in the sandbox and is `not_run` with its
build recorded; host code, kernels that write nothing and the like are rejected from the
object alone; a syntax error is a build_error; each driver's launch configuration is evaluated
for every check size (`--describe-launch` needs no GPU). With a GPU (`@pytest.mark.gpu`, skipped
elsewhere by tests/conftest.py): every reference passes and is timed against both baselines,
and wrong kernels fail (out-of-bounds writes, one block only, a fault, a misread launch).

nvcc takes seconds per file, so each group of samples is evaluated in one batch, and the
driver and reference objects come from the harness's object cache.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hpctest import SAMPLES, fast_options, needs_bwrap

from hpccoder.harness.build import Builder
from hpccoder.harness.evaluate import evaluate
from hpccoder.harness.records import SampleResult
from hpccoder.harness.sandbox import SANDBOX_ROOT, Sandbox
from hpccoder.harness.toolchains import get
from hpccoder.harness.toolchains.cuda import grid_names, launch_text
from hpccoder.suite.prompts import assemble, render
from hpccoder.suite.validate import validate

CUDA = SAMPLES / "cuda"
AXPY, GEMM = "cpp/dense_la/01_axpy/cuda", "cpp/dense_la/03_gemm/cuda"
# nvcc costs about 5 s of CPU per kernel and 7 s per driver: the tests build the cuda tasks of these six
# problems (1-D and 2-D grids, several launches per call, scratch arrays, one block), and every cuda
# task with HPCCODER_TEST_ALL_CUDA=1; `hpccoder suite validate --tasks cuda` builds them all.
CORE = ("cpp/dense_la/01_axpy", "cpp/dense_la/02_gemv", "cpp/dense_la/03_gemm", "cpp/sparse_la/01_spmv",
        "cpp/sparse_la/02_cg", "cpp/stencil/01_jacobi2d")


def cuda_tasks(suite) -> list:
    tasks = suite.select("cuda")
    return tasks if os.environ.get("HPCCODER_TEST_ALL_CUDA") else [t for t in tasks if t.problem.id in CORE]
needs_nvcc = pytest.mark.skipif(shutil.which("nvcc") is None, reason="nvcc (the CUDA toolkit) is not installed")

# sample -> (task, status without a GPU, status with one, what the message must say)
CASES = {
    "host_only": (AXPY, "rejected", "rejected", "__global__"),
    "host_copy": (AXPY, "rejected", "rejected", "__global__"),
    "host_device": (AXPY, "rejected", "rejected", "__global__"),
    "empty_kernel": (AXPY, "rejected", "rejected", "writes nothing"),
    "shared_only": (AXPY, "rejected", "rejected", "writes nothing"),
    "empty_entry_storing_helper": (AXPY, "rejected", "rejected", "writes nothing"),
    "signal_handler_on_host": (AXPY, "rejected", "rejected", "signal handlers"),
    "calls_reference": (AXPY, "rejected", "rejected", "reference"),
    "hijacks_launch": (AXPY, "rejected", "rejected", "cudaLaunchKernel"),
    "device_function": (AXPY, "rejected", "rejected", "__global__"),
    "syntax_error": (AXPY, "build_error", "build_error", "error"),
    "no_bounds_check": (AXPY, "not_run", "wrong_answer", "out of bounds"),
    "first_block_only": (AXPY, "not_run", "wrong_answer", "size"),
    "illegal_address": (AXPY, "not_run", "runtime_error", "illegal"),
    "gemm_swapped_grid": (GEMM, "not_run", "wrong_answer", "size 31"),
}


def _results(out: Path, samples: list[tuple[str, str]], suite, **overrides) -> list[SampleResult]:
    path = out / "samples.jsonl"
    path.write_text("".join(json.dumps({"task_id": t, "sample_index": i, "completion": c}) + "\n"
                            for i, (t, c) in enumerate(samples)))
    evaluate(path, out / "run", fast_options(**overrides), suite)
    results = [SampleResult.from_json(json.loads(ln)) for ln in (out / "run" / "results.jsonl").read_text().splitlines()]
    return sorted(results, key=lambda r: r.sample_index)


@pytest.fixture(scope="module")
def gpu_here() -> bool:
    return get("cuda").cannot_run() is None


@pytest.fixture(scope="module")
def wrong(tmp_path_factory, suite) -> dict[str, SampleResult]:
    names = sorted(CASES)
    results = _results(tmp_path_factory.mktemp("cuda-wrong"),
                       [(CASES[n][0], (CUDA / f"{n}.cu").read_text()) for n in names], suite)
    return dict(zip(names, results))


# -- without a GPU (and with one) ---------------------------------------------------------------------------
@needs_bwrap
@needs_nvcc
def test_validate_builds_every_cuda_reference(tmp_path, suite, gpu_here, capsys):
    """`hpccoder suite validate --tasks cuda`: all build; without a GPU all are not_run, and it does not fail."""
    tasks = cuda_tasks(suite)
    assert validate(",".join(t.id for t in tasks), fast_options(), tmp_path) == 0
    printed = capsys.readouterr().out
    lines = [json.loads(ln) for ln in (tmp_path / "results.jsonl").read_text().splitlines()]
    # sample 0 of a task is its reference; the wrong solutions of tests/suite/cpp_wrong run beside them (1, 2, ...)
    results = [SampleResult.from_json(r) for r in lines if r["sample_index"] == 0]
    assert sorted(r.task_id for r in results) == sorted(t.id for t in tasks)
    for r in results:
        assert r.build_ok and re.fullmatch(r"[0-9a-f]{64}", r.object_sha256), r
        if gpu_here:
            assert r.status == "pass", f"{r.task_id}: {r.status}: {r.message}"
        else:
            assert r.status == "not_run" and "cannot run" in r.message, f"{r.task_id}: {r.status}: {r.message}"
            assert f"not run   {r.task_id}:" in printed
    summary = json.loads((tmp_path / "summary.json").read_text())
    cuda = summary["by_execution_model"]["cuda"]
    assert cuda["build@1"] == 1.0
    assert ("pass@1" in cuda) == gpu_here  # never a 0 for samples that did not run


@needs_bwrap
@needs_nvcc
@pytest.mark.parametrize("name", sorted(CASES))
def test_wrong_kernel_gets_its_status(name, wrong, gpu_here):
    task, without_gpu, with_gpu, says = CASES[name]
    r = wrong[name]
    assert r.task_id == task
    assert r.status == (with_gpu if gpu_here else without_gpu), f"{name}: {r.status}: {r.message}"
    if r.status != "not_run":
        assert says.lower() in r.message.lower(), f"{name}: {r.message}"
    assert "\n" not in r.message and r.message.strip()


def test_every_cuda_sample_is_a_case():
    assert sorted(p.stem for p in CUDA.glob("*.cu")) == sorted(CASES)
    for path in CUDA.glob("*.cu"):
        assert re.fullmatch(r"// \S.{10,}", path.read_text().splitlines()[0]), f"{path.name}: no first-line comment"


@needs_bwrap
@needs_nvcc
def test_launch_configuration_of_every_driver(suite):
    """Each driver computes the grid of problem.yaml from its launch_vars for every check size (no GPU
    needed): the C++ evaluation agrees with Python's, and launch_vars gives every name the grid uses."""
    sandbox = Sandbox()
    work = Path(tempfile.mkdtemp(prefix="hpccoder-test-cuda-"))
    work.chmod(0o755)  # the sandbox's uid must reach the build folders
    try:
        builder = Builder(sandbox, work)
        tasks = cuda_tasks(suite)
        with ThreadPoolExecutor(2) as pool:
            builds = list(pool.map(lambda t: builder.build(t, assemble(t, t.reference_file().read_text())), tasks))
        for task, build in zip(tasks, builds):
            assert build.ok and not build.rejected, f"{task.id}: {build.log}"
            _check_launches(task, sandbox, build.binary)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_launches(task, sandbox: Sandbox, binary: Path) -> None:
    spec = task.problem.spec
    args = ["./prog", "--describe-launch", "--seed", "5", "--check-sizes", ",".join(map(str, spec["sizes"]["check"])),
            *get("cuda").run_args(task.problem)]
    out = sandbox.run(args, None, 60, ro_binds=((str(binary), f"{SANDBOX_ROOT}/prog"),))
    lines = out.stdout.strip().splitlines()
    assert out.returncode == 0 and len(lines) == len(spec["sizes"]["check"]), f"{task.id}: {out.stdout}{out.stderr}"
    for line in lines:
        m = re.fullmatch(r"(\d+): vars (.*) grid (\d+),(\d+),(\d+) block (\d+),(\d+),(\d+)", line)
        assert m, line
        values = {k: float(v) for k, v in (kv.split("=") for kv in m.group(2).split())}
        grid = [int(g) for g in m.group(3, 4, 5)]
        block = [int(b) for b in m.group(6, 7, 8)]
        assert block[:len(spec["cuda"]["block"])] == spec["cuda"]["block"]
        for dim, expr in enumerate(spec["cuda"]["grid"]):
            assert grid_names(expr) <= set(values), f"{task.id}: launch_vars lacks a name of '{expr}'"
            want = eval(expr, {"ceil": math.ceil, "min": min, "max": max, "__builtins__": {}}, values)
            assert grid[dim] == max(1, math.ceil(want)), f"{task.id} {line}: {expr} = {want}"


def test_check_sizes_are_not_all_multiples_of_the_block(suite):
    """Threads past the end must exist at some check size, or a kernel without bounds checks would pass."""
    for task in suite.select("cuda"):
        block = task.problem.spec["cuda"]["block"][0]
        assert any(n % block for n in task.problem.spec["sizes"]["check"]), task.id


def test_prompt_states_the_kernel_and_its_launch(suite):
    for task in suite.select("cuda"):
        prompt = render(task)
        cuda = task.problem.spec["cuda"]
        assert prompt.rstrip().endswith(cuda["signature"] + " {")
        assert launch_text(cuda) in prompt and "GPU" in prompt
        distribution = task.problem.spec.get("distribution", "").split()
        assert not distribution or " ".join(distribution[:8]) not in " ".join(prompt.split())  # no MPI text
        chat = render(task, "chat")[1]["content"]
        assert "```cuda" in chat and cuda["signature"] in chat


def test_bad_cuda_block_is_a_schema_error(suite):
    from hpccoder.suite.problem import Problem

    base = suite.problems["cpp/dense_la/01_axpy"]
    bad = dict(base.spec, cuda=dict(base.spec["cuda"], grid=["ceil(m / 256)"], block=[2048]))
    errors = get("cuda").interface_errors(Problem(base.id, base.path, bad))
    assert any("does not name" in e and "m" in e for e in errors) and any("1024" in e for e in errors)
    bad = dict(base.spec, cuda=dict(base.spec["cuda"], grid=["__import__('os')"]))
    assert get("cuda").interface_errors(Problem(base.id, base.path, bad))


# -- with a GPU ---------------------------------------------------------------------------------------------
@pytest.mark.gpu
@needs_bwrap
def test_every_cuda_reference_passes_and_is_timed_against_both_baselines(tmp_path, suite):
    tasks = cuda_tasks(suite)  # the core problems; all with HPCCODER_TEST_ALL_CUDA=1 (suite validate: all)
    results = _results(tmp_path, [(t.id, t.reference_file().read_text()) for t in tasks], suite, timing=True,
                       warmup=1, reps=3)
    for r in results:
        assert r.status == "pass", f"{r.task_id}: {r.status}: {r.message}"
        assert r.baseline_s and r.speedup.get("1", 0) > 0, r
        assert r.speedup_vs_reference.get("1", 0) > 0, r
        run = r.runs[0]
        assert run.device and len(run.times_s) == 3 and len(run.reference_times_s) == 3


# -- the summary of samples that were built but not run ------------------------------------------------------
def _sample(task_id: str, i: int, status: str, build_ok: bool | None = True, speedup: float | None = None):
    r = SampleResult(task_id, i, status, build_ok=build_ok, message="CUDA builds here but cannot run: no GPU"
                     if status == "not_run" else "")
    if speedup is not None:
        r.baseline_s, r.speedup = 1.0, {"1": speedup, "2": speedup}
    return r


def test_summary_reports_build_at_k_and_no_pass_at_k_for_samples_not_run(suite):
    from hpccoder.harness.summary import format_table, summarize

    omp, gemm = "cpp/dense_la/01_axpy/omp", GEMM
    results = [_sample(AXPY, 0, "not_run"), _sample(AXPY, 1, "not_run"), _sample(AXPY, 2, "rejected"),
               _sample(AXPY, 3, "build_error", build_ok=False),
               _sample(gemm, 0, "not_run"), _sample(gemm, 1, "not_run"),
               _sample(omp, 0, "pass", speedup=1.5), _sample(omp, 1, "wrong_answer")]
    tasks = {t: suite.task(t) for t in (AXPY, gemm, omp)}
    s = summarize(results, tasks, [1, 2], {"cuda": [1], "omp": [1, 2]}, [1.0], "x")
    # axpy/cuda: 3 of 4 built (the two not_run ones included); the two that built and could not run might
    # pass or not: a pass@1 of 0 over the two that failed before running would be wrong, so build@k alone
    assert s["per_task"][AXPY] == {"build@1": pytest.approx(0.75), "build@2": pytest.approx(1.0)}
    # gemm/cuda: nothing ran, so build@k alone: no pass@k, not even 0
    assert set(s["per_task"][gemm]) == {"build@1", "build@2"}
    cuda = s["by_execution_model"]["cuda"]
    assert cuda["build@1"] == pytest.approx((0.75 + 1.0) / 2)
    assert "pass@1" not in cuda
    # overall pass@1 is over the tasks that ran; build@1 over all
    assert s["overall"]["pass@1"] == pytest.approx(0.5)
    assert s["overall"]["build@1"] == pytest.approx((0.75 + 1.0 + 1.0) / 3)
    assert s["not_run"] == 4 and s["not_run_why"]["cuda"] == {"samples": 4, "built": 4,
                                                              "why": "CUDA builds here but cannot run: no GPU"}
    table = format_table(s)
    assert "cuda: 4 samples not run (4 built, counted in build@1; no pass@1 or speedup for them)" in table


def test_summary_of_a_cuda_run_without_any_gpu_has_no_pass_at_k(suite):
    from hpccoder.harness.summary import format_table, summarize

    results = [_sample(AXPY, 0, "not_run"), _sample(AXPY, 1, "not_run"), _sample(GEMM, 0, "not_run"),
               _sample(GEMM, 1, "not_run", build_ok=None)]  # no nvcc: not even built
    s = summarize(results, {t: suite.task(t) for t in (AXPY, GEMM)}, [1], {"cuda": [1]}, [1.0], "x")
    assert s["by_execution_model"]["cuda"] == {"build@1": 1.0}
    assert s["overall"] == {"build@1": 1.0}
    row = next(ln for ln in format_table(s).splitlines() if ln.startswith("cuda "))
    assert row.split()[1:3] == ["not-run", "1.000"]


# PTX as the fat binary holds it: no indentation, blocks nested at the start of lines
STORING_HELPER_PTX = """.visible .func _Z6helperPdid(
.param .b64 _Z6helperPdid_param_0
)
{
.reg .b64 %rd<3>;
st.global.f64 [%rd1], %fd1;
ret;
}
.visible .entry _Z4axpyPd(
.param .u64 _Z4axpyPd_param_0
)
{
.reg .b64 %rd<3>;
{
.reg .b32 %temp;
mov.b64 {%temp, %r41}, %fd78;
}
st.shared.f64 [%r4], %fd1;
ENTRY_CALL
ret;
}
.visible .entry _Z5otherPd(
.param .u64 _Z5otherPd_param_0
)
{
{ // callseq 0, 0
call.uni
_Z6helperPdid,
(
param0
);
} // callseq 0
ret;
}
"""


@pytest.mark.parametrize("call, writes", [("", False), ("{ // callseq 1, 0\ncall.uni\n_Z6helperPdid,\n(\nparam0\n);\n}", True)])
def test_the_stores_that_count_are_those_the_entry_kernel_makes(call, writes):
    # an empty entry beside another kernel that stores passed as a kernel that writes; a nested block in the
    # entry (at the start of a line, as the fat binary's PTX has it) must not end its body early
    from hpccoder.harness.fatbin import entry_writes_memory

    ptx = STORING_HELPER_PTX.replace("ENTRY_CALL", call)
    assert entry_writes_memory(ptx, {"_Z4axpyPd"}) is writes
    assert entry_writes_memory(ptx, {"_Z5otherPd"}) is True


def test_without_a_gpu_every_cuda_task_reports_build_at_k_alone(suite):
    # a task whose samples all failed to build gave the cuda row its only pass@1 (0) and speedup (0)
    from hpccoder.harness.summary import summarize

    results = [_sample(AXPY, 0, "not_run"), _sample(GEMM, 0, "build_error", build_ok=False)]
    s = summarize(results, {t: suite.task(t) for t in (AXPY, GEMM)}, [1], {"cuda": [1]}, [1.0], "x")
    assert s["per_task"][GEMM] == {"build@1": 0.0}
    assert s["by_execution_model"]["cuda"] == {"build@1": 0.5} and s["overall"] == {"build@1": 0.5}


@needs_bwrap
@needs_nvcc
def test_resume_keeps_not_run_results_while_the_machine_still_cannot_run_them(tmp_path, suite, gpu_here):
    """An interrupted evaluation resumed here does not rebuild its not_run samples; on a machine that can
    run them (evaluate.py retries a not_run result whose model runs now) they are run."""
    if gpu_here:
        pytest.skip("needs a machine without a GPU")
    first = _results(tmp_path, [(AXPY, (CUDA / "first_block_only.cu").read_text())], suite)
    assert [r.status for r in first] == ["not_run"]
    again = _results(tmp_path, [(AXPY, (CUDA / "first_block_only.cu").read_text())], suite)
    assert again == first
    assert len((tmp_path / "run" / "results.jsonl").read_text().splitlines()) == 1  # nothing evaluated again


# -- what the NVIDIA driver says (a stand-in libcuda.so.1, no GPU needed) ------------------------------------------
FAKE_LIBCUDA = r"""
#include <stdlib.h>
#include <string.h>
static const char *env(const char *k, const char *d) { const char *v = getenv(k); return v ? v : d; }
int cuInit(unsigned f) { return 0; }
int cuGetErrorName(int rc, const char **s) { *s = "CUDA_ERROR_FAKE"; return 0; }
int cuDriverGetVersion(int *v) { *v = atoi(env("FAKE_DRIVER_CUDA", "13000")); return 0; }
int cuDeviceGetCount(int *n) { *n = (int)strlen(env("FAKE_MAJORS", "9")); return 0; }
int cuDeviceGet(int *d, int i) { *d = i; return 0; }
int cuDeviceGetName(char *b, int len, int d) { strncpy(b, "Fake GPU", len); return 0; }
int cuDeviceGetAttribute(int *v, int attr, int d) { *v = attr == 75 ? env("FAKE_MAJORS", "9")[d] - '0' : 0; return 0; }
"""


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc builds the stand-in driver library")
def test_driver_too_old_for_nvcc_or_an_old_device_0_cannot_run(tmp_path, monkeypatch):
    from hpccoder.harness.toolchains import cuda

    (tmp_path / "fake.c").write_text(FAKE_LIBCUDA)
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(tmp_path / "libcuda.so.1"), str(tmp_path / "fake.c")],
                   check=True)
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path))
    monkeypatch.setattr(cuda, "tool_version", lambda exe: "Cuda compilation tools, release 13.0, V13.0.88")

    def cannot_run(**env) -> str | None:
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        cuda.probe_gpus.cache_clear()
        return get("cuda").cannot_run()

    try:
        assert cannot_run(FAKE_DRIVER_CUDA="13000", FAKE_MAJORS="9") is None
        assert cuda.probe_gpus()["libcuda"] == str(tmp_path / "libcuda.so.1")
        assert cannot_run(FAKE_DRIVER_CUDA="13020") is None  # a newer driver runs older programs
        why = cannot_run(FAKE_DRIVER_CUDA="12080")
        assert "CUDA 12.8 programs at most" in why and "nvcc here is CUDA 13.0" in why
        why = cannot_run(FAKE_DRIVER_CUDA="13000", FAKE_MAJORS="79")
        assert "sm_80 and newer" in why and "CUDA_VISIBLE_DEVICES" in why
        assert "CUDA_VISIBLE_DEVICES" not in cannot_run(FAKE_MAJORS="7")
    finally:
        cuda.probe_gpus.cache_clear()
    assert cuda.driver_too_old(None, "release 13.0") is None and cuda.driver_too_old(12040, None) is None


def test_the_gpu_a_process_was_given_is_the_one_its_runs_use(monkeypatch):
    from hpccoder.harness.toolchains.base import Resources

    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "MIG-3b1e0d1c")
    monkeypatch.delenv("CUDA_DEVICE_ORDER", raising=False)
    _, env = get("cuda").launch(["./prog"], Resources())
    assert env["CUDA_VISIBLE_DEVICES"] == "MIG-3b1e0d1c" and "CUDA_DEVICE_ORDER" not in env
