"""The benchmark scripts start, refuse counts below one, say hpccoder's errors in one line (no traceback), run
in their smallest settings with ratios that agree with the figures they print, say what the machine lacks, and
leave nothing behind when interrupted."""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hpctest import build_tiny_model, needs_bwrap

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPTS = sorted(p.name for p in BENCH.glob("*.py") if not p.name.startswith("_"))


def bench(*argv: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCH / argv[0]), *argv[1:]], capture_output=True, text=True,
                          timeout=timeout, env=None if env is None else {**os.environ, **env})


def one_line_error(done: subprocess.CompletedProcess, script: str) -> None:
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith(script[:-3] + ": "), done.stderr


def number(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in:\n{text}"
    return float(found.group(1))


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("bench-tiny-model"))


def open_folder() -> Path:
    """A folder the sandbox can read (pytest's tmp_path is below a folder only its owner may enter)."""
    folder = Path(tempfile.mkdtemp(prefix="hpccoder-test-bench-"))
    folder.chmod(0o755)
    return folder


@pytest.fixture
def tmp_dir():
    """TMPDIR for a benchmark: what it leaves behind shows there."""
    folder = open_folder()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def bare_path():
    """A PATH with this Python and every program of the system folders but MPI's and nvcc: a machine without them."""
    folder = open_folder()
    for system in ("/usr/local/bin", "/usr/bin", "/bin"):
        for exe in Path(system).glob("*") if Path(system).is_dir() else []:
            if not exe.name.startswith(("mpi", "orte", "ompi", "nvcc")) and not (folder / exe.name).exists():
                (folder / exe.name).symlink_to(exe)
    yield f"{Path(sys.executable).parent}:{folder}"
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_benchmark_starts(script):
    done = bench(script, "--help")
    assert done.returncode == 0 and "usage:" in done.stdout, done.stderr[-2000:]


@pytest.mark.parametrize("script,argv", [("generation_throughput.py", ["--n", "0"]),
                                         ("serve_latency.py", ["--rounds", "0"]),
                                         ("finetune_throughput.py", ["--steps", "-1"]),
                                         ("cuda_build.py", ["--rounds", "0"]),
                                         ("corpus_throughput.py", ["--workers", "0"])])
def test_a_count_below_one_is_refused(script, argv):
    # they divided by it, or indexed an empty list, after minutes of work
    done = bench(script, *argv)
    assert done.returncode == 2 and "give at least 1" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("script,argv", [("harness_throughput.py", ["--tasks", "no_such_task"]),
                                         ("generation_throughput.py", ["--task", "no_such_task"]),
                                         ("cuda_build.py", ["--tasks", "no_such_task"]),
                                         ("cuda_build.py", ["--tasks", "omp"]),  # matches, but no cuda task
                                         ("corpus_throughput.py", ["--dir", "/no/such/folder"]),
                                         # the verilog tasks (part of the default, every task) were an
                                         # AttributeError: the naive pipeline judges C++ programs only
                                         ("harness_throughput.py", ["--tasks", "verilog"]),
                                         # the child's one-line error came back as "configuration ... failed",
                                         # its stderr (progress bars, warnings) and status 1
                                         ("finetune_throughput.py", ["--model", "/no/such/model"])])
def test_hpccoder_errors_are_one_line(script, argv):
    one_line_error(bench(script, *argv), script)


# -- what the machine lacks: said in one line before any work --------------------------------------------------

def test_cuda_build_without_nvcc(bare_path):
    # it compiled anyway with the nvcc the sandbox's PATH held, or failed after a build
    done = bench("cuda_build.py", "--tasks", "cpp/dense_la/01_axpy", "--rounds", "1", env={"PATH": bare_path})
    one_line_error(done, "cuda_build.py")
    assert "nvcc not found" in done.stderr


def test_harness_throughput_without_mpi(bare_path):
    # the harness says not_run, the naive pipeline build_error: the statuses differed, status 1, after the work
    done = bench("harness_throughput.py", "--tasks", "cpp/dense_la/01_axpy/mpi", env={"PATH": bare_path})
    one_line_error(done, "harness_throughput.py")
    assert "mpi tasks" in done.stderr and "not found" in done.stderr


def test_serve_latency_without_the_serve_extra(tmp_path):
    (tmp_path / "fastapi").mkdir()
    (tmp_path / "fastapi" / "__init__.py").write_text("raise ImportError('No module named fastapi')\n")
    done = bench("serve_latency.py", "--rounds", "1", env={"PYTHONPATH": str(tmp_path)})
    one_line_error(done, "serve_latency.py")
    assert "serve extra" in done.stderr


# -- each script in its smallest setting: it runs, and its ratio is the one of the figures it prints ------------

@pytest.mark.slow
def test_generation_throughput_quick(tiny_model):
    done = bench("generation_throughput.py", "--model", f"hf:{tiny_model}", "--n", "2", "--max-new-tokens", "4",
                 "--rounds", "1", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    batched = number(r"batched: .*= +([\d.]+) tokens/s", done.stdout)
    sequential = number(r"sequential: .*= +([\d.]+) tokens/s", done.stdout)
    assert number(r"ratio: +([\d.]+)x", done.stdout) == pytest.approx(batched / sequential, rel=0.05, abs=0.01)
    assert "1 rounds" in done.stdout


@pytest.mark.slow
def test_serve_latency_quick(tiny_model, tmp_path):
    done = bench("serve_latency.py", "--model", f"hf:{tiny_model}", "--rounds", "2", "--tokens", "2",
                 "--clients", "2", "--throughput-rounds", "1", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    mine, base = (number(rf"{name} +([\d.]+)", out) for name in ("server total", "in-process total"))
    # what the p50s printed to 3 decimals allow
    assert (mine - 5e-4) / (base + 5e-4) - 1e-3 <= number(r"overhead total +server / in-process: p50 ([\d.]+)", out) \
        <= (mine + 5e-4) / max(base - 5e-4, 1e-9) + 1e-3
    seq = number(r"sequential: .*= +([\d.]+) tokens/s", out)
    par = number(r"clients at once: .*= +([\d.]+) tokens/s", out)
    assert number(r"ratio: ([\d.]+)x", out) == pytest.approx(par / seq, rel=0.05, abs=0.01)


@pytest.mark.slow
def test_finetune_throughput_quick(tiny_model):
    done = bench("finetune_throughput.py", "--model", str(tiny_model), "--seq-len", "64", "--batch", "1",
                 "--steps", "1", "--docs", "8", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    rate = {name: number(rf"{re.escape(name)} +([\d.]+) training tokens/s", done.stdout)
            for name in ("lora+packing", "lora+padding")}
    assert number(r"packing vs padding: ([\d.]+)x", done.stdout) == pytest.approx(
        rate["lora+packing"] / rate["lora+padding"], rel=0.05, abs=0.01)
    assert re.search(r"peak memory, LoRA vs full fine-tuning: [\d.]+x \(\d+ MiB vs \d+ MiB\)", done.stdout)
    assert "1 timed steps" in done.stdout


@pytest.mark.slow
def test_corpus_throughput_quick():
    pytest.importorskip("tree_sitter")
    done = bench("corpus_throughput.py", "--dir", str(BENCH.parent / "kernels_ref" / "cpp" / "dense_la"),
                 "--workers", "2", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    walls = [float(w) for w in re.findall(r"workers=\d: ([\d.]+) s wall", done.stdout)]
    assert len(walls) == 2 and "one run of each" in done.stdout
    assert re.search(r"speedup of 2 workers over 1: [\d.]+x", done.stdout)
    assert re.search(r"decontaminate +[\d.]+ +[\d.]+%", done.stdout)


@pytest.mark.slow
@needs_bwrap
def test_cuda_build_quick():
    if shutil.which("nvcc") is None:
        pytest.skip("no nvcc (test_cuda_build_without_nvcc checks the message)")
    done = bench("cuda_build.py", "--tasks", "cpp/dense_la/01_axpy", "--rounds", "1", timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {name: number(rf"{re.escape(name)} +([\d.]+)", done.stdout) for name in ("nvcc (cuda.cu)", "g++ (serial.cpp)")}
    assert number(r"nvcc / g\+\+ per sample: ([\d.]+)x wall", done.stdout) == pytest.approx(
        rows["nvcc (cuda.cu)"] / rows["g++ (serial.cpp)"], rel=0.1, abs=0.1)
    assert "median of 1 rounds" in done.stdout


@pytest.mark.slow
@needs_bwrap
def test_reference_overhead_quick_without_mpi(bare_path, tmp_dir):
    # an mpi task that cannot run here was a FAILED reference (status 1), and the temporary folder stayed
    done = bench("reference_overhead.py", "--tasks", "cpp/dense_la/01_axpy,cpp/dense_la/02_gemv", "--models",
                 "omp,mpi", env={"PATH": bare_path, "TMPDIR": str(tmp_dir)}, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    rows = re.findall(r"cpp/dense_la/\w+/omp +([\d.]+) +([\d.]+) +([\d.]+)", done.stdout)
    assert len(rows) == 2, done.stdout
    for serial, mine, ratio in rows:  # T_serial / T_reference: 1 is no overhead
        assert float(ratio) == pytest.approx(float(serial) / float(mine), rel=0.05)
    # the median of two (it printed the larger)
    assert number(r"median ratio ([\d.]+)", done.stdout) == pytest.approx(
        statistics.median(float(r[2]) for r in rows), abs=0.0011)
    assert "not run here: the mpi tasks" in done.stdout and "FAILED" not in done.stdout
    assert list(tmp_dir.iterdir()) == []


@pytest.mark.slow
@needs_bwrap
def test_harness_throughput_quick(tmp_dir):
    done = bench("harness_throughput.py", "--tasks", "cpp/dense_la/01_axpy/serial", env={"TMPDIR": str(tmp_dir)},
                 timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "statuses identical" in done.stdout
    harness = number(r"harness: +([\d.]+) samples/min", done.stdout)
    naive = number(r"naive: +([\d.]+) samples/min", done.stdout)
    assert number(r"ratio: +([\d.]+)x", done.stdout) == pytest.approx(harness / naive, rel=0.05, abs=0.01)
    assert list(tmp_dir.iterdir()) == []


# -- Ctrl-C: nothing left behind ----------------------------------------------------------------------------

def interrupt(argv: list[str], when: str, env: dict, to_group: bool = True) -> tuple[subprocess.CompletedProcess, int]:
    """Start a benchmark in a session of its own, Ctrl-C it once it has printed `when`; its status and output."""
    proc = subprocess.Popen([sys.executable, str(BENCH / argv[0]), *argv[1:]], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True, env={**os.environ, **env})
    seen = ""
    deadline = time.monotonic() + 300
    while when not in seen and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen += line
    assert when in seen, seen
    time.sleep(1)
    if to_group:
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal does
    else:
        proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(argv, proc.returncode, seen + rest, ""), proc.pid


def group_is_gone(pgid: int) -> bool:
    for _ in range(20):
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.5)
    return False


@needs_bwrap
def test_harness_throughput_interrupted_leaves_nothing(tmp_dir):
    # it said "interrupted: ... saved in /tmp/hpccoder-bench-.../results.jsonl; run the same command again to
    # resume" (status 2) and kept that folder, which a new run never reads
    done, pgid = interrupt(["harness_throughput.py", "--tasks", "cpp/dense_la/01_axpy/serial"], "samples over",
                           {"TMPDIR": str(tmp_dir)})
    assert done.returncode == 130 and done.stdout.strip().endswith("harness_throughput: interrupted"), done.stdout
    assert "Traceback" not in done.stdout
    assert group_is_gone(pgid)
    assert list(tmp_dir.iterdir()) == []


@pytest.mark.slow
def test_serve_latency_interrupted_stops_its_server(tiny_model):
    # Ctrl-C to the script alone (a wrapper, a kill -INT): the server it started must go too
    done, pgid = interrupt(["serve_latency.py", "--model", f"hf:{tiny_model}", "--rounds", "50", "--tokens", "2"],
                           "load average before", {}, to_group=False)
    assert done.returncode == 130 and "serve_latency: interrupted" in done.stdout, done.stdout
    assert group_is_gone(pgid)
