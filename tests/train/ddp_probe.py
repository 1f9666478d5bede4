"""Run by test_data_parallel_on_cpu under torchrun: fine-tunes with the recipe given and prints,
per rank, whether the Trainer wrapped the model for data parallelism and a checksum of the
trained weights (equal on every rank only if the gradients were all-reduced)."""

import sys

import transformers

from hpccoder.train import finetune as F
from hpccoder.train.recipe import load_recipe

_train = transformers.Trainer.train


def train(self, *args, **kwargs):
    result = _train(self, *args, **kwargs)
    total = sum(float(p.detach().double().sum()) for p in self.model.parameters() if p.requires_grad)
    print(f"RANK {F.world()[0]} {type(self.model_wrapped).__name__} {total!r}", flush=True)
    return result


transformers.Trainer.train = train
F.finetune(load_recipe(sys.argv[1], sys.argv[2:]), progress=False)
