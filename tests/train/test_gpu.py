"""Fine-tuning on NVIDIA GPUs (marked `gpu`: skipped where there is none): a recipe on one GPU in
bf16, QLoRA on a 4-bit base (bitsandbytes), and `accelerate launch` with each config shipped in
finetune/accelerate/ on all the GPUs of the machine. The models are tiny Llamas built here.

On a GPU machine: `pytest -m gpu tests/train/test_gpu.py` (or `.ci/gpu train`)."""

from __future__ import annotations

import json
import math
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hpctest import REPO

from test_finetune import check_qlora, quick, run_recipe, write_recipe

pytestmark = pytest.mark.gpu
CONFIGS = REPO / "finetune" / "accelerate"


def gpus() -> int:
    import torch

    return torch.cuda.device_count()


def _weights(folder: Path) -> dict:
    from safetensors.torch import load_file

    out = {}
    for f in sorted(folder.glob("*.safetensors")):
        out.update(load_file(str(f)))
    return out


def test_lora_on_one_gpu_trains_there_and_saves_what_it_trained(tmp_path, tiny_base, sources):
    from hpccoder.train.model import gpu_bf16

    metrics, out = run_recipe(tmp_path, quick(tiny_base, sources))
    assert metrics["device"].startswith("cuda") and metrics["strategy"] == "single"
    assert metrics["precision"] == ("bf16" if gpu_bf16() else "no")  # training.bf16: auto
    assert math.isfinite(metrics["after"]["perplexity"])
    lora_b = [v for k, v in _weights(out / "adapter").items() if "lora_B" in k]
    assert lora_b and any(float(v.abs().sum()) > 0 for v in lora_b)  # B starts at zero: it was trained
    assert (out / "merged" / "config.json").exists()


def test_qlora_trains_adapters_on_a_4bit_base_on_the_gpu(tmp_path, tiny_base_64, sources):
    pytest.importorskip("bitsandbytes")
    assert check_qlora(tmp_path, tiny_base_64, sources)["device"].startswith("cuda")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LAUNCHES = [("multi_gpu", "lora"), ("fsdp", "lora"), ("fsdp", "full"), ("deepspeed_zero2", "lora"),
            ("deepspeed_zero3", "full")]


@pytest.mark.parametrize("config,method", LAUNCHES, ids=[f"{c}-{m}" for c, m in LAUNCHES])
def test_accelerate_launch_with_a_shipped_config(tmp_path, tiny_base, sources, config, method):
    """The config as shipped, on this machine's GPUs (one node): it trains, and the folder it writes
    holds the whole trained state (gathered from the shards), which rank 0 loads and measures."""
    if config.startswith("deepspeed"):
        pytest.importorskip("deepspeed")
    import torch

    recipe = write_recipe(tmp_path, {**quick(tiny_base, sources), "method": method,
                                     "output": {"dir": str(tmp_path / "out")}})
    cmd = [sys.executable, "-m", "accelerate.commands.launch", "--config_file", str(CONFIGS / f"{config}.yaml"),
           "--num_processes", str(gpus()), "--num_machines", "1", "--machine_rank", "0",
           "--main_process_ip", "127.0.0.1", "--main_process_port", str(_port()),
           "-m", "hpccoder", "finetune", "--recipe", str(recipe)]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert metrics["processes"] == gpus() and metrics["steps"] == 3, metrics
    expected = {"multi_gpu": "DistributedDataParallel" if gpus() > 1 else "single", "fsdp": "fsdp1",
                "deepspeed_zero2": "deepspeed zero2", "deepspeed_zero3": "deepspeed zero3"}[config]
    assert metrics["strategy"] == expected and metrics["precision"] == "bf16", metrics  # the configs' mixed_precision
    assert math.isfinite(metrics["after"]["perplexity"])
    if method == "full":
        trained, base = _weights(tmp_path / "out" / "merged"), _weights(tiny_base)
        assert set(base) <= set(trained) | {"lm_head.weight"}
        name = "model.layers.0.mlp.down_proj.weight"
        assert trained[name].shape == base[name].shape
        assert not torch.equal(trained[name].float(), base[name].float())  # trained, and not an empty shard
    else:
        lora_b = [v for k, v in _weights(tmp_path / "out" / "adapter").items() if "lora_B" in k]
        assert lora_b and all(v.numel() > 0 for v in lora_b) and any(float(v.abs().sum()) > 0 for v in lora_b)
