"""The model a recipe trains: a base model (embedded, a folder, a GGUF file) with LoRA, QLoRA or
all weights trainable, or a small decoder made from scratch with a tokenizer trained on the data."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from hpccoder.errors import HpcError
from hpccoder.paths import cache_dir
from hpccoder.train.transforms import FIM_TOKENS


def resolve_base(spec: str) -> Path:
    """A transformers model folder for base_model. GGUF files (the embedded model too) are converted
    once and kept in the cache: converting takes tens of seconds, loading the folder a second."""
    if spec == "embedded":
        from hpccoder.models.embedded import gguf_path

        gguf = gguf_path()
    else:
        path = Path(spec).expanduser()
        if path.is_dir():
            if not (path / "config.json").exists():
                raise HpcError(f"base_model: {path} has no config.json: not a transformers model folder")
            return path
        if not path.is_file() or path.suffix != ".gguf":
            raise HpcError(f"base_model: no model at {spec}: give embedded, a model folder or a .gguf file")
        gguf = path
    st = gguf.stat()
    key = hashlib.sha256(f"{gguf.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:16]
    folder = cache_dir() / "models" / f"{gguf.stem}-{key}"
    if not (folder / "config.json").exists():
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        print(f"finetune: converting {gguf.name} to a transformers folder (once) in {folder}", flush=True)
        tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
        # the GGUF weights are dequantized to float32 on load; what marks the model as "quantized
        # with gguf" only stops save_pretrained
        model.hf_quantizer = None
        model.is_quantized = False
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        # every process of `accelerate launch` converts at once on a first run: each writes a folder
        # of its own, and the first one finished is kept
        tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
        model.save_pretrained(tmp)
        tok.save_pretrained(tmp)
        publish(tmp, folder)
    return folder


def publish(tmp: Path, folder: Path) -> None:
    """Rename the finished folder tmp to folder, unless another process already put a complete
    one there (then tmp is dropped): what several processes that make the same folder at once need."""
    import shutil

    try:
        os.replace(tmp, folder)
    except OSError:  # folder exists and is not empty: another process was first
        if not (folder / "config.json").exists() and not any(folder.glob("tokenizer*.json")):
            raise
        shutil.rmtree(tmp, ignore_errors=True)


def add_fim_tokens(tokenizer, model=None) -> list[int]:
    """Add the FIM sentinels the tokenizer lacks (and grow the model's embeddings); their ids."""
    unk = tokenizer.unk_token_id
    missing = [t for t in FIM_TOKENS if tokenizer.convert_tokens_to_ids(t) in (None, unk)
               or tokenizer.convert_ids_to_tokens(tokenizer.convert_tokens_to_ids(t)) != t]
    if missing:
        tokenizer.add_special_tokens({"additional_special_tokens": missing}, replace_extra_special_tokens=False)
        if model is not None:
            model.resize_token_embeddings(len(tokenizer))
    return [tokenizer.convert_tokens_to_ids(t) for t in missing]


def train_tokenizer(texts, vocab_size: int):
    """A byte-level BPE tokenizer trained on the corpus, with the EOS, pad and FIM tokens."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    specials = ["<|endoftext|>", "<pad>", *FIM_TOKENS]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=specials, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(texts, trainer=trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|endoftext|>", bos_token="<|endoftext|>",
                                   pad_token="<pad>", additional_special_tokens=list(FIM_TOKENS))


def scratch_model(tokenizer, spec: dict):
    """A Llama-style decoder of the size the recipe gives (defaults: a tiny one)."""
    from transformers import AutoModelForCausalLM, LlamaConfig

    shape = {"hidden_size": 256, "intermediate_size": 688, "num_hidden_layers": 4, "num_attention_heads": 4,
             "num_key_value_heads": 4, "max_position_embeddings": 2048, "tie_word_embeddings": True}
    shape.update(spec or {})
    try:
        config = LlamaConfig(vocab_size=len(tokenizer), bos_token_id=tokenizer.bos_token_id,
                             eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id, **shape)
    except (TypeError, ValueError) as exc:
        raise HpcError(f"from_scratch.model: {exc}") from None
    return AutoModelForCausalLM.from_config(config)


def gpu_bf16() -> bool:
    """Whether this machine's GPU computes in bfloat16 (Ampere and newer), not only emulates it:
    torch.cuda.is_bf16_supported() also says yes for older GPUs, where bfloat16 is slower than float32."""
    import torch

    if not torch.cuda.is_available():
        return False
    try:
        return torch.cuda.is_bf16_supported(including_emulation=False)
    except TypeError:  # a PyTorch older than 2.3 asks the GPU itself
        return torch.cuda.is_bf16_supported()


def qlora_compute_dtype():
    """The dtype bitsandbytes' 4-bit layers compute in: bfloat16, float16 on GPUs without bfloat16."""
    import torch

    if torch.cuda.is_available() and not gpu_bf16():
        return torch.float16
    return torch.bfloat16


def load_base(recipe: dict, quantized: bool = True):
    """(tokenizer, model) of base_model, on the CPU in float32; for QLoRA 4-bit, on this process's
    GPU where there is one (bitsandbytes places the weights as it quantizes them: a 4-bit model
    cannot be moved afterwards). quantized=False: the base of a QLoRA recipe unquantized (to merge
    an adapter into)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = resolve_base(recipe["base_model"])
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    kwargs: dict = {"dtype": torch.float32}
    if recipe["method"] == "qlora" and quantized:
        try:
            from transformers import BitsAndBytesConfig
            import bitsandbytes  # noqa: F401
        except ImportError:
            raise HpcError("method qlora needs bitsandbytes: pip install 'hpccoder[qlora]' (or use method=lora)") from None
        kwargs = {"quantization_config": BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                                                            bnb_4bit_compute_dtype=qlora_compute_dtype())}
        if torch.cuda.is_available():
            # without a device_map transformers puts the model on the current device, cuda:0 in every
            # process of a data-parallel run (accelerate then refuses a 4-bit model on another GPU)
            kwargs["device_map"] = {"": int(os.environ.get("LOCAL_RANK", "0"))}
    try:
        model = AutoModelForCausalLM.from_pretrained(str(folder), **kwargs)
    except (RuntimeError, ValueError, NotImplementedError) as exc:
        if "quantization_config" not in kwargs:
            raise
        why = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        hint = ("check that bitsandbytes was built for this CUDA (python -m bitsandbytes says)"
                if torch.cuda.is_available() else "use a GPU")
        raise HpcError(f"bitsandbytes cannot load {folder} in 4 bits here ({why}); {hint}, or method=lora") from None
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    tokenizer.padding_side = "right"
    return tokenizer, model


# non-reentrant activation checkpointing: needs no input that requires grad (LoRA's frozen
# embeddings), and works under DistributedDataParallel, FSDP and with unused parameters; transformers'
# default has changed between versions, so it is named
CHECKPOINTING = {"use_reentrant": False}


def enable_checkpointing(model) -> None:
    if hasattr(model, "activation_checkpointing_enable"):  # the name since transformers 5.x; the old one warns
        model.activation_checkpointing_enable(activation_checkpointing_kwargs=dict(CHECKPOINTING))
    else:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs=dict(CHECKPOINTING))


def wrap(model, recipe: dict, new_token_ids: list[int]):
    """LoRA (or QLoRA) adapters on the recipe's modules; rows of new tokens trainable too."""
    if recipe["method"] == "full":
        return model
    from peft import LoraConfig, get_peft_model

    lora = recipe["lora"]
    if recipe["method"] == "qlora":
        from peft import prepare_model_for_kbit_training

        # peft turns activation checkpointing on unless told: the recipe says
        model = prepare_model_for_kbit_training(
            model, use_gradient_checkpointing=bool(recipe["training"]["gradient_checkpointing"]),
            gradient_checkpointing_kwargs=dict(CHECKPOINTING))
    # trainable_token_indices (peft 0.15 and later) only where there are new tokens: an older peft
    # (a GPU image's) refuses the keyword even when it is None
    extra = {"trainable_token_indices": {"embed_tokens": new_token_ids}} if new_token_ids else {}
    config = LoraConfig(r=lora["r"], lora_alpha=lora["alpha"], lora_dropout=lora["dropout"],
                        target_modules=lora["target_modules"], task_type="CAUSAL_LM", **extra)
    try:
        return get_peft_model(model, config)
    except ValueError as exc:
        raise HpcError(f"lora: {exc}".splitlines()[0]) from None  # peft's words name the setting


def trainable_parameters(model) -> tuple[int, int]:
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return trainable, sum(p.numel() for p in model.parameters())
