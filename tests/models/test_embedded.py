"""The embedded default model, for real: GGUF through transformers, then the harness."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hpctest import needs_bwrap


@pytest.mark.slow
@needs_bwrap
def test_run_with_no_model_uses_the_embedded_model(tmp_path):
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "hpccoder", "run", "--tasks", "cpp/dense_la/01_axpy/serial,cpp/stencil/01_jacobi2d/omp",
           "--max-new-tokens", "24", "--no-timing", "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    samples = [json.loads(line) for line in (out / "samples.jsonl").read_text().splitlines()]
    assert [s["model"] for s in samples] == ["embedded:SmolLM2-135M-Instruct"] * 2
    assert all(s["generation"]["style"] == "chat" and s["generation"]["temperature"] == 0.0 for s in samples)
    assert all(0 < s["tokens"] <= 24 and s["raw"] for s in samples)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["samples"] == 2 and set(summary["by_execution_model"]) == {"serial", "omp"}
    assert "Converting" not in proc.stderr  # no weight-loading progress bars in logs
    # the same command again: every sample is there, and the model is not loaded for nothing (20 s on 2 CPUs)
    again = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=900)
    assert again.returncode == 0 and "nothing to generate" in again.stderr, again.stderr[-2000:]
