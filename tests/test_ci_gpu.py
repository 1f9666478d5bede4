""".ci/gpu, the checks that need a GPU: it covers every test marked `gpu`, and where there is no GPU
it stops at once and says why (it never passes by skipping everything)."""

from __future__ import annotations

import re
import subprocess

import pytest
from hpctest import REPO

SCRIPT = REPO / ".ci" / "gpu"


def test_every_gpu_test_file_is_run_by_the_script():
    text = SCRIPT.read_text()
    marked = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "tests").rglob("test_*.py")
                    if re.search(r"pytest\.mark\.gpu\b", p.read_text()) and p.name != "test_ci_gpu.py")
    assert marked, "no test is marked gpu"
    for path in marked:
        assert path in text, f".ci/gpu does not run {path}, which has tests marked gpu"


def test_without_a_gpu_it_stops_and_says_why():
    from hpccoder.harness.toolchains import get

    if get("cuda").cannot_run() is None:
        pytest.skip("this machine has a GPU")
    proc = subprocess.run(["bash", str(SCRIPT), "cuda"], capture_output=True, text=True, timeout=120, cwd=REPO,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and "no usable GPU here" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args,says", [(["nonsense"], "unknown argument 'nonsense'"),
                                       (["--wheels"], "--wheels needs a folder"),
                                       (["--wheels", "/nonexistent"], "no .whl files in /nonexistent")])
def test_bad_arguments_get_one_line(args, says):
    proc = subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=60, cwd=REPO,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and says in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args,rc,stream", [(["--help"], 0, "stdout"), (["-h"], 0, "stdout"), (["-x"], 2, "stderr")])
def test_gpu_wheels_help_is_not_a_folder(tmp_path, args, rc, stream):
    # `.ci/gpu-wheels --help` took --help for the folder: it made ./--help and downloaded 55 MB into it
    proc = subprocess.run(["bash", str(REPO / ".ci" / "gpu-wheels"), *args], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert proc.returncode == rc and "usage: .ci/gpu-wheels DIR" in getattr(proc, stream)
    assert not (REPO / args[0]).exists() and not (tmp_path / args[0]).exists()
