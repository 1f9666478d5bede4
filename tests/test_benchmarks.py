"""The benchmark scripts start, refuse counts below one, and say hpccoder's errors in one line (no traceback)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPTS = sorted(p.name for p in BENCH.glob("*.py") if not p.name.startswith("_"))


def bench(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCH / argv[0]), *argv[1:]], capture_output=True, text=True,
                          timeout=120)


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
                                         ("corpus_throughput.py", ["--dir", "/no/such/folder"])])
def test_hpccoder_errors_are_one_line(script, argv):
    done = bench(script, *argv)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith(script[:-3] + ": ")
