"""What a run ran on: GPUs are detected through nvidia-smi, never assumed."""

from __future__ import annotations

import os

from hpccoder.results import machine


def _fake_nvidia_smi(folder, body: str) -> None:
    exe = folder / "nvidia-smi"
    exe.write_text("#!/bin/sh\n" + body)
    exe.chmod(0o755)


def test_gpus_as_nvidia_smi_lists_them(tmp_path, monkeypatch):
    _fake_nvidia_smi(tmp_path, 'echo "NVIDIA H100 80GB HBM3, 81559 MiB, 550.54.15"\n'
                               'echo "NVIDIA H100 80GB HBM3, 81559 MiB, 550.54.15"\n')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    found = machine.gpus()
    assert found == [{"name": "NVIDIA H100 80GB HBM3", "memory": "81559 MiB", "driver": "550.54.15"}] * 2
    assert machine.describe({**machine.hardware(), "gpus": found}).endswith("GPU: NVIDIA H100 80GB HBM3, "
                                                                            "NVIDIA H100 80GB HBM3")


def test_no_gpu_where_nvidia_smi_fails_or_is_absent(tmp_path, monkeypatch):
    _fake_nvidia_smi(tmp_path, 'echo "NVIDIA-SMI has failed" >&2; exit 9\n')
    monkeypatch.setenv("PATH", str(tmp_path))
    assert machine.gpus() == []
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert machine.gpus() == []
    hw = machine.hardware()
    assert hw["gpus"] == [] and hw["cores"] >= 1 and hw["cpu"]
    assert machine.describe(hw).endswith("no GPU") and machine.describe({"cores": 2}).endswith("GPU unknown")
