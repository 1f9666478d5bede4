"""Helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from hpccoder.harness.evaluate import EvalOptions
from hpccoder.harness.sandbox import Limits
from hpccoder.harness.toolchains import Resources

REPO = Path(__file__).resolve().parents[1]
SAMPLES = Path(__file__).parent / "harness" / "samples"

needs_mpi = pytest.mark.skipif(shutil.which("mpicxx") is None or shutil.which("mpirun") is None,
                               reason="Open MPI is not installed")
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (what a batch system signals when it ends a job)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def slurm_answers() -> bool:
    if shutil.which("sbatch") is None or shutil.which("sinfo") is None:
        return False
    try:
        up = subprocess.run(["sinfo", "-h", "-o", "%a %t"], capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        return False
    ready = {"idle", "mix", "alloc", "comp"}  # a partition that is up with a node that takes jobs
    return up.returncode == 0 and any(ln.split()[:1] == ["up"] and ln.split()[1:2] and ln.split()[1] in ready
                                      for ln in up.stdout.splitlines())


needs_slurm = pytest.mark.skipif(not slurm_answers(), reason="no Slurm cluster answers here (sinfo)")


def slurm_partition() -> str:
    """The cluster's default partition (sinfo marks it with *), else its first."""
    names = subprocess.run(["sinfo", "-h", "-o", "%P"], capture_output=True, text=True).stdout.split()
    return next((n.rstrip("*") for n in names if n.endswith("*")), names[0] if names else "")

# Small resource sets keep the tests fast; 2 threads and 2 ranks still expose races and
# communication bugs.
FAST_RESOURCES = {"omp": [Resources(1, 2)], "mpi": [Resources(2, 1)], "mpi+omp": [Resources(2, 2)]}


def fast_options(**overrides) -> EvalOptions:
    opts = dict(ks=[1], resources=FAST_RESOURCES, timing=False, min_timeout=10.0, progress=False, seed=1234,
                limits=Limits())
    opts.update(overrides)
    return EvalOptions(**opts)


# -- tiny models: a causal LM built from a config, with a tokenizer trained here (no download) --
CHAT_TEMPLATE = ("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}"
                 "{% if add_generation_prompt %}<|assistant|>{% endif %}")


def build_tiny_model(path: Path, chat: bool = True, hidden: int = 32) -> Path:
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers, decoders
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    corpus = [p.read_text() for p in sorted((REPO / "kernels_ref").rglob("*.cpp"))]
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    specials = ["<unk>", "<eos>", "<pad>", "<|system|>", "<|user|>", "<|assistant|>", "<|end|>"]
    tok.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=400, special_tokens=specials,
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", eos_token="<eos>",
                                        pad_token="<pad>")
    if chat:
        tokenizer.chat_template = CHAT_TEMPLATE
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden, intermediate_size=2 * hidden, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=4096,
                         eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
                         bos_token_id=None)
    model = LlamaForCausalLM(config)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path
