"""Fine-tuning throughput and memory: packing against padding, LoRA against full fine-tuning.

    .venv/bin/python benchmarks/finetune_throughput.py                       # embedded SmolLM2, kernels as data
    .venv/bin/python benchmarks/finetune_throughput.py --data ~/corpora/hpc --seq-len 2048 --steps 8
    .venv/bin/python benchmarks/finetune_throughput.py --model path/to/model --seq-len 1024

Padding costs what the documents leave empty: on short files (the reference kernels, a few
hundred tokens each, the default) most of a 512-token row; on long ones (the HPC corpus at
256 tokens) almost nothing, since every file fills its row. Each configuration trains in a
fresh process (so peak memory is its own) on the same documents
with the same batch shape: `steps` optimizer steps after one warm-up step. Throughput counts
the tokens that carry a loss (padding does not), so padding pays for the compute it wastes.
Peak memory is the peak resident set while training (CPU: the high-water mark is reset, after
freed heap is handed back, once the model is loaded, so the transient cost of reading the GGUF
does not count; the model's own weights do) or the peak CUDA allocation (GPU).
Printed: training tokens/s with packing and with padding and their ratio; peak memory of LoRA
and of full fine-tuning and their ratio. The three configurations run `--repeat` times (default 2),
in turn, in reverse order every other repetition so that a drift of the machine's load hits them
all; each figure is the median of its repetitions with their spread (min-max, the interquartile
range from 5), each ratio the ratio of the medians with the range of the per-repetition ratios, and
a ratio whose two figures' spreads overlap is said to be not distinguishable from noise.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # _cli

from _cli import positive, run  # noqa: E402
from _spread import Spread, ratio_text  # noqa: E402


def _reset_peak_rss() -> bool:
    """Hand freed heap back to the OS and restart the kernel's resident-set high-water mark here."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: resets VmHWM to the current VmRSS
        return True
    except OSError:
        return False


def _peak_rss(reset: bool) -> int:
    if reset:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def one(cfg: dict) -> dict:
    """Run one configuration in this process and return its figures."""
    import torch

    from hpccoder.train import data as D
    from hpccoder.train import model as M
    from hpccoder.train.recipe import DEFAULTS, _merge

    torch.manual_seed(0)
    recipe = _merge(DEFAULTS, {"base_model": cfg["model"], "method": cfg["method"],
                               "data": {"train": cfg["data"], "seq_len": cfg["seq_len"], "packing": cfg["packing"]}})
    tokenizer, model = M.load_base(recipe)
    model = M.wrap(model, recipe, [])
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device).train()
    train, _ = D.load_records(cfg["data"], 0.05)
    rows = D.token_rows(train, tokenizer, recipe["data"], seed=0, limit=cfg["docs"])
    need = cfg["batch"] * (cfg["steps"] + 1)
    if len(rows) < need:
        raise SystemExit(f"only {len(rows)} rows for {need}: give more --docs or a bigger --data")
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    reset = device == "cpu" and _reset_peak_rss()
    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    tokens, elapsed = 0, 0.0
    for step in range(cfg["steps"] + 1):
        batch = {k: v.to(device) for k, v in D.collate(rows[step * cfg["batch"]:(step + 1) * cfg["batch"]], pad_id).items()}
        if device == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        loss = model(**batch).loss
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        if device == "cuda":
            torch.cuda.synchronize()
        if step:  # the first step warms up
            elapsed += time.perf_counter() - t0
            tokens += int((batch["labels"] != -100).sum())
    peak = torch.cuda.max_memory_allocated() if device == "cuda" else _peak_rss(reset)
    trainable, total = M.trainable_parameters(model)
    return {"tokens_per_s": tokens / elapsed, "tokens": tokens, "seconds": elapsed, "peak_bytes": peak,
            "device": device, "trainable": trainable, "parameters": total}


def spawn(cfg: dict) -> dict:
    from hpccoder.errors import HpcError

    out = subprocess.run([sys.executable, __file__, "--one", json.dumps(cfg)], capture_output=True, text=True)
    said = out.stderr.strip().splitlines()[-1:]
    prefix = Path(__file__).stem + ": "
    if out.returncode == 2 and said and said[0].startswith(prefix):  # the child's one-line error (no model...)
        raise HpcError(said[0][len(prefix):])
    if out.returncode == 130:
        raise KeyboardInterrupt
    if out.returncode:
        raise SystemExit(f"configuration {cfg} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="embedded", help="base model: embedded, a folder or a .gguf")
    ap.add_argument("--data", default=str(REPO / "kernels_ref"), help="documents: corpus folder, sources, jsonl")
    ap.add_argument("--seq-len", type=positive, default=512)
    ap.add_argument("--batch", type=positive, default=4)
    ap.add_argument("--steps", type=positive, default=4, help="timed optimizer steps per configuration")
    ap.add_argument("--docs", type=positive, default=200, help="documents read (kept small: the rows live in memory)")
    ap.add_argument("--repeat", type=positive, default=2,
                    help="runs of each configuration, in turn (default 2; each one a fresh process)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(json.loads(args.one))))
        return 0
    base = {"model": args.model, "data": args.data, "seq_len": args.seq_len, "batch": args.batch,
            "steps": args.steps, "docs": args.docs}
    configs = [("lora+packing", {"method": "lora", "packing": True}),
               ("lora+padding", {"method": "lora", "packing": False}),
               ("full+packing", {"method": "full", "packing": True})]
    runs = {name: [] for name, _ in configs}
    for rep in range(args.repeat):
        for name, over in configs if rep % 2 == 0 else configs[::-1]:
            r = spawn({**base, **over})
            runs[name].append(r)
            print(f"repetition {rep + 1}/{args.repeat}: {name:14s} {r['tokens_per_s']:9.1f} tokens/s, "
                  f"peak {r['peak_bytes'] / 2**20:.0f} MiB", flush=True)
    rate = {name: Spread.of(r["tokens_per_s"] for r in rs) for name, rs in runs.items()}
    mib = {name: Spread.of(r["peak_bytes"] / 2**20 for r in rs) for name, rs in runs.items()}
    print(f"\nmedian and spread of {args.repeat} repetitions ({args.batch} x {args.seq_len} tokens a step, "
          f"{args.steps} timed steps after 1 warm-up each):")
    for name, rs in runs.items():
        r = rs[-1]
        print(f"{name:14s} {rate[name].text('.1f', 'training tokens/s')}  peak {mib[name].text('.0f', 'MiB')}  "
              f"({r['trainable']:,} of {r['parameters']:,} parameters trainable, {r['device']})")

    def per_rep(a, b, key):
        return [x[key] / y[key] for x, y in zip(runs[a], runs[b])]

    speed = ratio_text(rate["lora+packing"], rate["lora+padding"], ("packing", "padding"),
                       per_rep("lora+packing", "lora+padding", "tokens_per_s"), fmt=".1f")
    memory = ratio_text(mib["lora+packing"], mib["full+packing"], ("LoRA", "full"),
                        per_rep("lora+packing", "full+packing", "peak_bytes"), fmt=".0f")
    print(f"\npacking vs padding, training tokens/s: {speed}")
    print(f"peak memory, LoRA vs full fine-tuning: {memory}")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
