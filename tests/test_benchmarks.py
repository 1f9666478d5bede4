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


# -- what every script prints about its repetitions (benchmarks/_spread.py) -----------------------------------
# a figure: `MEDIAN [unit] (range MIN-MAX of N)`, or `(IQR Q1-Q3 of N)` from 5 repetitions on;
# a ratio: `RATIOx (ratio of medians[; per-round ratios range MIN-MAX of N])[; not distinguishable from noise...]`
SPREAD = r"([\d.]+)(?: [^()\n]*?)? \((range|IQR) ([\d.]+)-([\d.]+) of (\d+)\)"
NOISE = "not distinguishable from noise"


def half_unit(printed: str) -> float:
    """Half the last printed digit: how far rounding may have moved the value."""
    return 0.5 * 10 ** -(len(printed.split(".")[1]) if "." in printed else 0)


def figure(prefix: str, text: str, n: int | None = None) -> dict:
    """The figure printed after the regex `prefix`: its median and spread, checked to be consistent."""
    found = re.search(prefix + SPREAD, text)
    assert found, f"{prefix + SPREAD!r} not in:\n{text}"
    med, kind, lo, hi, count = found.groups()
    fig = {"median": float(med), "lo": float(lo), "hi": float(hi), "n": int(count), "printed": med}
    assert fig["lo"] <= fig["median"] <= fig["hi"], found.group(0)
    assert kind == ("IQR" if fig["n"] >= 5 else "range"), found.group(0)
    if n is not None:
        assert fig["n"] == n, found.group(0)
    return fig


def check_ratio(prefix: str, text: str, num: dict, den: dict, n: int | None = None) -> float:
    """The ratio printed after `prefix` is num's median over den's (within what the printed digits allow), its
    per-repetition spread is consistent, and it says 'not distinguishable from noise' exactly when the printed
    spreads of num and den overlap."""
    found = re.search(prefix + r"([\d.]+)x \(ratio of medians([^)]*)\)(.*)", text)
    assert found, f"{prefix!r} ratio not in:\n{text}"
    ratio, per_rep, rest = float(found.group(1)), found.group(2), found.group(3)
    ulp_n, ulp_d, ulp_r = half_unit(num["printed"]), half_unit(den["printed"]), half_unit(found.group(1))
    low = (num["median"] - ulp_n) / (den["median"] + ulp_d)
    high = (num["median"] + ulp_n) / max(den["median"] - ulp_d, 1e-12)
    assert low - ulp_r - 1e-9 <= ratio <= high + ulp_r + 1e-9, (found.group(0), num, den)
    if per_rep:
        spread = re.search(r"; per-\w+ ratios (range|IQR) ([\d.]+)-([\d.]+) of (\d+)", per_rep)
        assert spread and float(spread.group(2)) <= float(spread.group(3)), per_rep
        if n is not None:
            assert int(spread.group(4)) == n, per_rep
    overlaps = num["lo"] <= den["hi"] and den["lo"] <= num["hi"]
    assert (NOISE in rest) == overlaps, (found.group(0), num, den)
    return ratio


def test_spread_summary():
    sys.path.insert(0, str(BENCH))
    from _spread import Spread, overlap, ratio_text

    three, five = Spread.of([3.0, 1.0, 2.0]), Spread.of([7.0, 1.0, 5.0, 3.0, 9.0])
    assert (three.median, three.low_high, three.kind) == (2.0, (1.0, 3.0), "range")
    assert (five.median, five.low_high, five.kind) == (5.0, (3.0, 7.0), "IQR")  # the extremes 1 and 9 left out
    assert three.text(".1f", "s") == "2.0 s (range 1.0-3.0 of 3)"
    # overlap as printed: 2.004 and 2.001 both print 2.00
    assert overlap(Spread.of([1.0, 2.004]), Spread.of([2.001, 3.0]))
    assert not overlap(Spread.of([1.0, 2.0]), Spread.of([2.1, 3.0]))
    far = ratio_text(Spread.of([10.0, 11.0]), Spread.of([4.0, 5.0]), ("a", "b"), [2.5, 2.2], what="round")
    assert far == "2.33x (ratio of medians; per-round ratios range 2.20-2.50 of 2)"
    near = ratio_text(Spread.of([10.0, 11.0]), Spread.of([9.0, 10.5]), ("a", "b"))
    assert near == f"1.08x (ratio of medians); {NOISE}: the spreads of a and b overlap"
    # what the tests below check the scripts' output with
    for a, b in (([10.0, 11.0], [4.0, 5.0]), ([10.0, 11.0], [9.0, 10.5]), ([1, 2, 3, 4, 5], [4.5, 6, 7, 8, 9]),
                 ([1, 2, 3, 4, 5], [3, 3.5, 5, 6, 9])):
        a, b = Spread.of(a), Spread.of(b)
        text = f"a: {a.text()}\nb: {b.text()}\nratio: {ratio_text(a, b, ('a', 'b'), [1.0, 1.5])}\n"
        check_ratio("ratio: ", text, figure("a: ", text), figure("b: ", text), n=2)
        assert (NOISE in text) == overlap(a, b)


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
                                         ("corpus_throughput.py", ["--workers", "0"]),
                                         ("corpus_throughput.py", ["--repeat", "0"]),
                                         ("finetune_throughput.py", ["--repeat", "0"]),
                                         ("harness_throughput.py", ["--repeat", "0"]),
                                         ("reference_overhead.py", ["--repeat", "0"])])
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
    # three rounds (a few seconds with this model): a spread, and the order reversed once
    done = bench("generation_throughput.py", "--model", f"hf:{tiny_model}", "--n", "2", "--max-new-tokens", "4",
                 "--repeat", "3", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    batched = figure(r"batched: .*= +", done.stdout, n=3)
    sequential = figure(r"sequential: .*= +", done.stdout, n=3)
    check_ratio(r"ratio: +", done.stdout, batched, sequential, n=3)
    assert "3 rounds" in done.stdout


@pytest.mark.slow
def test_serve_latency_quick(tiny_model, tmp_path):
    done = bench("serve_latency.py", "--model", f"hf:{tiny_model}", "--rounds", "2", "--tokens", "2",
                 "--clients", "2", "--throughput-rounds", "1", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    # the same tokens both sides: the server's text was short of a character cut by max_tokens (0/2 with this model)
    assert "identical text in 2/2" in out, out
    mine, base = (number(rf"{name} +([\d.]+)", out) for name in ("server total", "in-process total"))
    # what the p50s printed to 3 decimals allow
    assert (mine - 5e-4) / (base + 5e-4) - 1e-3 <= number(r"overhead total +server / in-process: p50 ([\d.]+)", out) \
        <= (mine + 5e-4) / max(base - 5e-4, 1e-9) + 1e-3
    seq = number(r"sequential: .*= +([\d.]+) tokens/s", out)
    par = number(r"clients at once: .*= +([\d.]+) tokens/s", out)
    assert number(r"ratio: ([\d.]+)x", out) == pytest.approx(par / seq, rel=0.05, abs=0.01)


@pytest.mark.slow
def test_finetune_throughput_quick(tiny_model):
    # one repetition (each configuration is a process of its own: seconds each); the spreads are then points
    done = bench("finetune_throughput.py", "--model", str(tiny_model), "--seq-len", "64", "--batch", "1",
                 "--steps", "1", "--docs", "8", "--repeat", "1", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    rate = {name: figure(rf"\n{re.escape(name)} +", done.stdout, n=1)
            for name in ("lora+packing", "lora+padding", "full+packing")}
    peak = {name: figure(rf"\n{re.escape(name)} .* peak ", done.stdout, n=1) for name in rate}
    check_ratio(r"packing vs padding, training tokens/s: ", done.stdout, rate["lora+packing"], rate["lora+padding"], 1)
    check_ratio(r"peak memory, LoRA vs full fine-tuning: ", done.stdout, peak["lora+packing"], peak["full+packing"], 1)
    assert "1 timed steps" in done.stdout and "training tokens/s (range" in done.stdout


@pytest.mark.slow
def test_corpus_throughput_quick():
    pytest.importorskip("tree_sitter")
    done = bench("corpus_throughput.py", "--dir", str(BENCH.parent / "kernels_ref" / "cpp" / "dense_la"),
                 "--workers", "2", "--repeat", "2", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "2 repetitions of workers=1 and workers=2 in turn" in done.stdout
    for workers in (1, 2):
        figure(rf"workers={workers}: ", done.stdout, n=2)  # seconds of wall-clock
    rate = {workers: figure(rf"workers={workers}: .*, ", done.stdout, n=2) for workers in (1, 2)}
    check_ratio(r"speedup of 2 workers over 1 \(MB/s\): ", done.stdout, rate[2], rate[1], n=2)
    stage = re.search(r"decontaminate +([\d.]+) +[\d.]+%  range ([\d.]+)-([\d.]+) of 2", done.stdout)
    assert stage and float(stage.group(2)) <= float(stage.group(1)) <= float(stage.group(3)), done.stdout


@pytest.mark.slow
@needs_bwrap
def test_cuda_build_quick():
    if shutil.which("nvcc") is None:
        pytest.skip("no nvcc (test_cuda_build_without_nvcc checks the message)")
    done = bench("cuda_build.py", "--tasks", "cpp/dense_la/01_axpy", "--rounds", "1", timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    for column, what in ((r" +", "wall"), (r" +.*\) +", "CPU")):  # wall s, then CPU s
        rows = {name: figure(rf"{re.escape(name)}{column}", done.stdout, n=1)
                for name in ("nvcc (cuda.cu)", "g++ (serial.cpp)", "nvcc (cuda driver)")}
        check_ratio(rf"nvcc / g\+\+ per sample, {what}: ", done.stdout, rows["nvcc (cuda.cu)"],
                    rows["g++ (serial.cpp)"], 1)
    figure(r"reading an object's device code: ", done.stdout, n=1)
    assert "median and spread of 1 rounds" in done.stdout


@pytest.mark.slow
@needs_bwrap
def test_reference_overhead_quick_without_mpi(bare_path, tmp_dir):
    # an mpi task that cannot run here was a FAILED reference (status 1), and the temporary folder stayed
    done = bench("reference_overhead.py", "--tasks", "cpp/dense_la/01_axpy,cpp/dense_la/02_gemv", "--models",
                 "omp,mpi", env={"PATH": bare_path, "TMPDIR": str(tmp_dir)}, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    rows = re.findall(r"cpp/dense_la/\w+/omp +([\d.]+) +([\d.]+) +([\d.]+)  "
                      r"serial (range|IQR) ([\d.]+)-([\d.]+) of (\d+), at 1 (range|IQR) ([\d.]+)-([\d.]+) of (\d+)(.*)",
                      done.stdout)
    assert len(rows) == 2, done.stdout
    # T_serial / T_reference (1 is no overhead), and the spreads of the harness's timed repetitions (5: quartiles)
    for serial, mine, ratio, _, slo, shi, sn, _, mlo, mhi, mn, rest in rows:
        text = f"serial: {serial} (IQR {slo}-{shi} of {sn})\nat 1: {mine} (IQR {mlo}-{mhi} of {mn})\n" \
               f"ratio: {ratio}x (ratio of medians){rest}"
        check_ratio("ratio: ", text, figure("serial: ", text, n=5), figure("at 1: ", text, n=5))
    # the median of two (it printed the larger)
    assert number(r"median ratio ([\d.]+)", done.stdout) == pytest.approx(
        statistics.median(float(r[2]) for r in rows), abs=0.0011)
    assert "not run here: the mpi tasks" in done.stdout and "FAILED" not in done.stdout
    assert list(tmp_dir.iterdir()) == []


@pytest.mark.slow
@needs_bwrap
def test_harness_throughput_quick(tmp_dir):
    # one repetition (a minute or two each): the spreads are points
    done = bench("harness_throughput.py", "--tasks", "cpp/dense_la/01_axpy/serial", "--repeat", "1",
                 env={"TMPDIR": str(tmp_dir)}, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "statuses identical" in done.stdout
    harness = figure(r"harness: +", done.stdout, n=1)
    naive = figure(r"naive: +", done.stdout, n=1)
    check_ratio(r"ratio: +", done.stdout, harness, naive, n=1)
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
