"""`hpccoder finetune`: one recipe, run with transformers' Trainer (which runs on accelerate), so
the same recipe trains on a CPU, one GPU, or many GPUs and nodes under `accelerate launch` with
the DeepSpeed or FSDP configs in finetune/accelerate/.

The output folder holds:
  checkpoints/   Trainer checkpoints; a killed run resumes from the last one
  adapter/       the LoRA adapter and its tokenizer (LoRA and QLoRA)
  merged/        the base model with the adapter merged in, or the trained model (full); marked as written
                 here (MERGED_MARK), so that a run again with output.merge false removes it, and nothing else
  metrics.json   held-out loss and perplexity before and after, training figures
  recipe.yaml    the recipe as run (defaults and overrides applied)
  README.md      the model card
"""

from __future__ import annotations

import json
import math
import os
import signal
import sys
import time
from pathlib import Path

import yaml

from hpccoder import hide_upstream_deprecations, stopping
from hpccoder.errors import HpcError, Interrupted
from hpccoder.samples import write_json_atomic
from hpccoder.train import data as D
from hpccoder.train import model as M


def held_out_loss(model, rows: list[dict], pad_id: int, batch_size: int = 8) -> dict:
    """Token-weighted mean cross-entropy over the held-out rows, and its perplexity."""
    import torch

    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    total, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(rows), batch_size):
            batch = {k: v.to(device) for k, v in D.collate(rows[i:i + batch_size], pad_id).items()}
            labels = batch.pop("labels")
            logits = model(**batch).logits[:, :-1].float()
            target = labels[:, 1:]
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), target.reshape(-1),
                                                     ignore_index=-100, reduction="sum")
            total += float(loss)
            count += int((target != -100).sum())
    if was_training:
        model.train()
    if count == 0:
        return {"loss": None, "perplexity": None, "tokens": 0}
    loss = total / count
    return {"loss": round(loss, 5), "perplexity": round(math.exp(min(loss, 50)), 4), "tokens": count}


def _stop_callback(deadline: float | None, flags: dict):
    from transformers import TrainerCallback

    class Stop(TrainerCallback):
        """Stops, with a checkpoint, on Ctrl-C / SIGTERM or when the recipe's time is up. With several processes
        they decide together after every step (the signal reaches them at different steps, and the clocks
        differ): one that stopped alone would leave the others waiting in the next step's all-reduce."""

        def on_step_end(self, args, state, control, **kw):
            why = 2 if flags.get("signal") else 1 if deadline is not None and time.monotonic() > deadline else 0
            why = _agreed(why)
            if why:
                flags["stopped"] = "interrupted" if why == 2 else "time limit"
                control.should_save = True
                control.should_training_stop = True
            return control

    return Stop()


def _agreed(value: int) -> int:
    """The largest `value` of all processes (one process: its own)."""
    import torch
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
        return value
    device = torch.device("cuda", torch.cuda.current_device()) if dist.get_backend() == "nccl" else "cpu"
    t = torch.tensor([value], dtype=torch.int32, device=device)
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return int(t.item())


def trained_model(recipe: dict, out: Path | str = ".") -> tuple[str, str | None]:
    """(--model, --adapter) of what the run wrote into `out`: the merged model, or the base with the adapter."""
    if recipe["method"] == "full" or recipe["output"]["merge"]:
        return f"hf:{Path(out) / 'merged'}", None
    base = recipe.get("base_model") or ""
    return ("embedded" if base == "embedded" else f"hf:{base}"), str(Path(out) / "adapter")


def _usage(recipe: dict) -> list[str]:
    """The commands that use what the run wrote, with its paths as the recipe gives them (output.dir, a base
    model folder): relative ones are relative to where the run was started (see _usage_where)."""
    import shlex

    model, adapter = trained_model(recipe, recipe["output"].get("dir") or ".")
    flags = f"--model {shlex.quote(model)}" + (f" --adapter {shlex.quote(adapter)}" if adapter else "")
    return [f"hpccoder run {flags} --tasks serial,omp", f"hpccoder serve {flags}"]


def _usage_where(recipe: dict) -> str:
    """Where the commands of _usage work from: anywhere when their paths are absolute, else the directory the
    run was started in (this process's), named."""
    paths = [Path(recipe["output"].get("dir") or ".")]  # written as given (no ~ expanded)
    if recipe["method"] != "full" and not recipe["output"]["merge"] and recipe.get("base_model") != "embedded":
        paths.append(Path(recipe.get("base_model") or "").expanduser())  # as resolve_base reads it
    if all(p.is_absolute() for p in paths):
        return "Use it:"
    return f"Use it, from `{Path.cwd()}` (where the run was started: the paths below are relative to it):"


def _base_model(recipe: dict) -> str:
    """The base model as the card names it: the embedded one by its name and the GGUF file it came from."""
    if recipe.get("from_scratch"):
        return "none: trained from scratch"
    base = recipe.get("base_model")
    if base != "embedded":
        return f"`{base}`"
    from hpccoder.models import embedded

    try:
        gguf = embedded.gguf_path()
    except HpcError:  # not installed here (it was, to train)
        return f"{embedded.NAME} (`embedded`)"
    from importlib import metadata

    package = embedded.PACKAGE.replace("_", "-")
    try:
        package += f" {metadata.version(package)}"
    except metadata.PackageNotFoundError:
        pass
    return f"{embedded.NAME} (`embedded`: `{gguf.name}` of the PyPI package {package}, dequantized to float32)"


def _command(recipe: dict) -> str:
    """The command that trains this model again: the recipe and the overrides it was run with."""
    import shlex

    return shlex.join(["hpccoder", "finetune", "--recipe", str(recipe.get("recipe_path", recipe["name"])),
                       *recipe.get("overrides", [])])


def _rows(data: dict) -> str:
    """How the data made rows (packing is of the causal LM modes only)."""
    if data["mode"] in D.PACKED_MODES:
        return "packed" if data["packing"] else "padded, one document a row"
    answer = {"mpi_calls": "its MPI calls", "verilog_multigrain": "the module"}.get(data["mode"], "the solution")
    return f"one example a row, loss on {answer} only"


def _model_card(recipe: dict, metrics: dict) -> str:
    before, after = metrics.get("before", {}), metrics.get("after", {})
    data = recipe["data"]
    notes = (metrics.get("data") or {}).get("notes") or []
    lines = [
        f"# {recipe['name']}",
        "",
        f"Fine-tuned with `{_command(recipe)}`.",
        "",
        "| | |", "|---|---|",
        f"| base model | {_base_model(recipe)} |",
        f"| method | {recipe['method']} |",
        f"| data | `{data['train']}` ({data['mode']}, sequence length {data['seq_len']}, {_rows(data)}) |",
        f"| training tokens | {metrics.get('train_tokens')} |",
        f"| steps | {metrics.get('steps')} |",
        f"| trained on | {metrics.get('processes', 1)} process(es), {metrics.get('device')}, "
        f"{metrics.get('strategy')}, {metrics.get('precision', 'no')} mixed precision |",
        f"| held-out loss before / after | {before.get('loss')} / {after.get('loss')} |",
        f"| held-out perplexity before / after | {before.get('perplexity')} / {after.get('perplexity')} |",
        f"| trainable parameters | {metrics.get('trainable_parameters')} of {metrics.get('parameters')} |",
        "",
        *([*(f"- {n}" for n in notes), ""] if notes else []),
        _usage_where(recipe),
        "",
        "```bash",
        *_usage(recipe),
        "```",
        "",
        "The recipe as run is in `recipe.yaml`; the figures in `metrics.json`.",
    ]
    return "\n".join(ln for ln in lines if ln is not None) + "\n"


# what may change between a run and its resumption: how long it trains, how often it saves and logs,
# what is written at the end; anything else (data, model, method, batch, rates) makes other weights
RESUMABLE_CHANGES = ("recipe_path", "overrides", "description", "output.", "evaluate", "training.max_steps",
                     "training.max_minutes", "training.epochs", "training.save_steps", "training.save_total_limit",
                     "training.logging_steps")


def _flat(d: dict, prefix: str = "") -> dict:
    """The settings of a recipe as dotted keys -> values. A mapping is its entries: an empty one (`data.where:
    {}`) has none, as if it were not there, so that setting one entry shows as that entry (`data.where.language:
    unset -> 'c'`), not as the mapping becoming nothing."""
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


_UNSET = object()  # a setting one of two recipes lacks


def _shown(value) -> str:
    return "unset" if value is _UNSET else repr(value)


def _earlier_recipe(out: Path) -> dict | None:
    try:
        before = yaml.safe_load((out / "recipe.yaml").read_text())
    except (OSError, yaml.YAMLError):
        return None
    return before if isinstance(before, dict) else None


def _changes(before: dict, recipe: dict, ignored: tuple[str, ...]) -> dict[str, tuple]:
    """Settings (flattened keys) that differ between two recipes -> (old, new), but those under `ignored`; a
    setting one of them lacks is _UNSET there (and differs only from a value other than None)."""
    old, new = _flat(before), _flat(recipe)
    return {k: (old.get(k, _UNSET), new.get(k, _UNSET)) for k in sorted(old.keys() | new.keys())
            if old.get(k) != new.get(k) and not k.startswith(ignored)}


def _finished(out: Path, recipe: dict) -> dict | None:
    """The metrics of the run the folder holds if it completed with these very settings (what is
    done after training aside), else None."""
    try:
        metrics = json.loads((out / "metrics.json").read_text())
    except (OSError, ValueError):
        return None
    before = _earlier_recipe(out)
    if before is None or not isinstance(metrics, dict) or metrics.get("stopped_by") != "completed" \
            or "after" not in metrics:
        return None
    return None if _changes(before, recipe, ("recipe_path", "overrides", "description", "evaluate")) else metrics


def _start_or_resume(out: Path, recipe: dict) -> None:
    """What the output folder holds from an earlier run (checkpoints, the held-out figure before
    training, a trained tokenizer) is kept only for the same settings. Checkpoints of other
    settings are refused, not resumed: their weights, optimizer state and data order belong to
    another run. Without checkpoints the earlier figures are dropped and the run starts afresh."""
    before = _earlier_recipe(out)
    if before is None:
        return  # nothing to compare with (no earlier run, or one of an older hpccoder)
    changed = _changes(before, recipe, RESUMABLE_CHANGES)
    if not changed:
        return
    if any((out / "checkpoints").glob("checkpoint-*")):
        shown = ", ".join(f"{k}: {_shown(a)} -> {_shown(b)}" for k, (a, b) in list(changed.items())[:4])
        raise HpcError(f"{out} holds checkpoints of a run with other settings ({shown}"
                       f"{', ...' if len(changed) > 4 else ''}): resuming would mix two runs; use another "
                       f"output.dir, or delete {out} to start over")
    import shutil

    (out / "metrics.json").unlink(missing_ok=True)
    shutil.rmtree(out / "tokenizer", ignore_errors=True)


def _mark_earlier_merged(out: Path) -> None:
    """A merged/ written by a run here before merged folders were marked: the run's recipe.yaml, not yet
    replaced by this run's, says whether it merged (or trained every weight, into merged/)."""
    merged = out / "merged"
    if (merged / MERGED_MARK).exists() or not (merged / "config.json").is_file():
        return
    before = _earlier_recipe(out)
    if before and (before.get("method") == "full" or (before.get("output") or {}).get("merge") is True):
        (merged / MERGED_MARK).write_text(json.dumps({"written_by": "hpccoder finetune"}) + "\n")


def _drop_stale_merged(out: Path) -> None:
    """output.merge false: a merged/ of an earlier run would be taken for this run's model; removed if it is
    one that hpccoder wrote (marked), else left as it is, and said so."""
    merged = out / "merged"
    if (merged / MERGED_MARK).is_file():
        import shutil

        shutil.rmtree(merged)
        print(f"finetune: removed {merged}, the merged model of an earlier run (output.merge is false: the "
              "result is the adapter)", flush=True)
    elif merged.exists():
        print(f"finetune: {merged} was not written by hpccoder finetune: left as it is (output.merge is false: "
              "the result is the adapter)", flush=True)


def _not_finished(metrics_path: Path) -> None:
    """An earlier run with other settings completed here and this one trains on: its metrics no longer say so."""
    try:
        metrics = json.loads(metrics_path.read_text())
    except (OSError, ValueError):
        return
    if isinstance(metrics, dict) and metrics.pop("stopped_by", None) == "completed":
        write_json_atomic(metrics_path, metrics)


def rows_fingerprint(train_rows: list[dict], held_rows: list[dict]) -> str:
    """A hash of the token rows a run trains and measures on: the data as read, after data.where, tokenized and
    packed. A resumed run must find the same rows (a corpus rebuilt at the same path is other data)."""
    import hashlib

    import numpy as np

    h = hashlib.sha256()
    for part in (train_rows, held_rows):
        h.update(len(part).to_bytes(8, "little"))
        for row in part:
            for key in ("input_ids", "labels"):
                values = np.asarray(row.get(key, ()), dtype=np.int64)
                h.update(len(values).to_bytes(8, "little"))
                h.update(values.tobytes())
    return h.hexdigest()


def last_checkpoint(folder: Path, say: bool = True) -> str | None:
    """The newest checkpoint written whole (the Trainer writes trainer_state.json after the weights, optimizer
    and RNG states): one cut short by a kill while it was saved is passed over, and said so."""
    if not folder.is_dir():
        return None
    found = sorted((int(p.name.split("-")[1]), p) for p in folder.glob("checkpoint-*")
                   if p.is_dir() and p.name.split("-")[1].isdigit())
    for step, path in reversed(found):
        if (path / "trainer_state.json").exists():
            return str(path)
        if say:
            print(f"finetune: {path} is incomplete (its saving was stopped): passed over", flush=True)
    return None


def world() -> tuple[int, int]:
    """(rank, number of processes) of a data-parallel run (`accelerate launch`, `torchrun`); (0, 1) alone."""
    return int(os.environ.get("RANK", "0")), int(os.environ.get("WORLD_SIZE", "1"))


def finetune(recipe: dict, progress: bool = True) -> dict:
    """Every process of a data-parallel run calls this; only rank 0 writes the outputs."""
    import torch
    from transformers import Trainer, TrainingArguments, set_seed

    hide_upstream_deprecations()
    rank, processes = world()
    main = rank == 0
    out = Path(recipe["output"]["dir"])
    out.mkdir(parents=True, exist_ok=True)
    metrics_path = out / "metrics.json"
    done = _finished(out, recipe)
    if done is not None:  # resuming from its last checkpoint would train a step past the end
        if main:
            print(f"finetune: {out} holds this run, finished after {done.get('steps')} steps: nothing to train "
                  "(raise training.max_steps to train on, or delete the folder to start over)", flush=True)
        return done
    if main:
        _start_or_resume(out, recipe)
        _mark_earlier_merged(out)  # before recipe.yaml is replaced: it says whether the earlier run merged
        _not_finished(metrics_path)  # before the recipe: a rank still reading must not take this run as done
        (out / "recipe.yaml").write_text(yaml.safe_dump(recipe, sort_keys=False))
    metrics = json.loads(metrics_path.read_text()) if metrics_path.exists() else {}
    data, tr = recipe["data"], recipe["training"]

    notes: list[str] = []  # what the data made of the records, said once and kept in metrics.json
    train_ds, held_ds = D.load_records(data["train"], data["validation"], D.identity_field(data), notes)
    train_ds, held_ds = D.where(train_ds, data["where"]), D.where(held_ds, data["where"])
    if len(train_ds) == 0:
        raise HpcError(f"data: no training records left after data.where {data['where']}")

    # the model and its tokenizer; the seed first, so that the new weights (LoRA's, a model made from
    # scratch) are the same in every run and on every rank
    set_seed(tr["seed"])
    if recipe.get("from_scratch"):
        fs = recipe["from_scratch"]
        tok_dir = out / "tokenizer"
        if (tok_dir / "tokenizer.json").exists():
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained(str(tok_dir))
        else:
            n = min(fs.get("tokenizer_docs", 2000), len(train_ds))
            texts = D.texts(train_ds.select(range(n)), data["text_field"])
            tokenizer = M.train_tokenizer(texts, fs.get("vocab_size", 8192))  # the same on every rank
            if main:  # whole or not at all: another rank may be looking for it
                tmp = tok_dir.with_name(f"{tok_dir.name}.tmp-{os.getpid()}")
                tokenizer.save_pretrained(str(tmp))
                M.publish(tmp, tok_dir)
        model = M.scratch_model(tokenizer, fs.get("model"))
        new_ids: list[int] = []
    else:
        tokenizer, model = M.load_base(recipe)
        new_ids = M.add_fim_tokens(tokenizer, model) if data["mode"] == "fim" else []
    if tr["gradient_checkpointing"]:
        M.enable_checkpointing(model)
    model = M.wrap(model, recipe, new_ids)
    trainable, total = M.trainable_parameters(model)

    seed = tr["seed"]
    train_notes, held_notes = [], []
    train_rows = D.token_rows(train_ds, tokenizer, data, seed, data["max_train_docs"], notes=train_notes)
    held_rows = D.token_rows(held_ds, tokenizer, data, seed + 1, data["max_eval_docs"], held_out=True,
                             notes=held_notes)
    notes += [f"training data: {n}" for n in train_notes] + [f"held-out data: {n}" for n in held_notes]
    if main:
        for note in notes:
            print(f"finetune: {note}", flush=True)
    if data["max_eval_rows"] and len(held_rows) > data["max_eval_rows"]:  # a sample spread over the documents
        import random

        held_rows = random.Random(seed).sample(held_rows, data["max_eval_rows"])
    if not train_rows and data["mode"] in D.PACKED_MODES:
        raise HpcError(f"data: no training rows: the documents are shorter than seq_len {data['seq_len']} "
                       "all together; lower data.seq_len or add data")
    if not train_rows:
        raise HpcError(f"data: no training rows: no record makes an example of mode {data['mode']} that fits "
                       f"seq_len {data['seq_len']}; raise data.seq_len or add data")
    if not held_rows and main:
        print("finetune: warning: no held-out rows (data.validation, after data.where): the held-out perplexity "
              "is not measured", flush=True)
    data_seen = {"sha256": rows_fingerprint(train_rows, held_rows), "train_rows": len(train_rows),
                 "held_out_rows": len(held_rows), **({"notes": notes} if notes else {})}
    earlier = metrics.get("data") if isinstance(metrics.get("data"), dict) else None
    if earlier and earlier.get("sha256") != data_seen["sha256"]:
        if last_checkpoint(out / "checkpoints", say=False):
            raise HpcError(f"{out} holds checkpoints of a run on other data (the rows of {data['train']} changed: "
                           f"{earlier.get('train_rows')} training rows then, {len(train_rows)} now): resuming would "
                           f"mix two runs; use another output.dir, or delete {out} to start over")
        metrics.pop("before", None)  # measured on other held-out rows
    metrics["data"] = data_seen
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    if "before" not in metrics and main:
        # rank 0 alone: under FSDP's memory-efficient loading the other ranks hold no weights yet
        metrics["before"] = _on_gpu(held_out_loss, model, held_rows, pad_id, tr["batch_size"])
        write_json_atomic(metrics_path, metrics)  # whole: other ranks read it as they start

    from datasets import Dataset

    train_set = Dataset.from_list(train_rows)
    cpu_ddp = processes > 1 and not torch.cuda.is_available()
    if recipe["method"] == "qlora" and not torch.cuda.is_available() and main:
        print("finetune: QLoRA on the CPU (bitsandbytes' CPU kernels): the 4-bit base saves memory, not time; "
              "on a GPU it pays", flush=True)
    sharded = [name for name in ("FSDP", "DEEPSPEED") if os.environ.get(f"ACCELERATE_USE_{name}", "").lower() == "true"]
    if sharded and not torch.cuda.is_available() and main:
        print(f"finetune: accelerate runs {sharded[0]} on GPUs only: on these CPUs the processes train "
              "plain data-parallel over gloo (every one holds the whole model)", flush=True)
    if sharded and torch.cuda.is_available() and _fsdp_keeps_frozen_units_out(recipe, processes, new_ids):
        os.environ["FSDP_USE_ORIG_PARAMS"] = "false"  # read by accelerate's FSDP plugin, made by the Trainer
        print("finetune: FSDP on one process: LoRA layers wrapped without use_orig_params (with it, PyTorch "
              "leaves the frozen weights out of the saved state dict)", flush=True)
    use_bf16 = tr["bf16"] is True or (tr["bf16"] == "auto" and M.gpu_bf16())
    args = TrainingArguments(
        output_dir=str(out / "checkpoints"), per_device_train_batch_size=tr["batch_size"],
        gradient_accumulation_steps=tr["grad_accum"], learning_rate=tr["learning_rate"],
        num_train_epochs=tr["epochs"], max_steps=tr["max_steps"], lr_scheduler_type=tr["scheduler"],
        warmup_steps=tr["warmup_ratio"], weight_decay=tr["weight_decay"], logging_steps=tr["logging_steps"],
        save_steps=tr["save_steps"], save_total_limit=tr["save_total_limit"], seed=seed, data_seed=seed,
        bf16=use_bf16, report_to="none", disable_tqdm=not (progress and main), remove_unused_columns=False,
        dataloader_num_workers=0, dataloader_pin_memory=torch.cuda.is_available(),  # no warning on CPUs
        # several CPU processes (torchrun, or accelerate launch with mpirun): data-parallel over gloo
        use_cpu=cpu_ddp, ddp_backend="gloo" if cpu_ddp else None)
    flags: dict = {}
    deadline = time.monotonic() + 60 * tr["max_minutes"] if tr["max_minutes"] else None
    trainer = Trainer(model=model, args=args, train_dataset=train_set,
                      data_collator=lambda rows: D.collate(rows, pad_id),
                      callbacks=[_stop_callback(deadline, flags)])
    last = last_checkpoint(out / "checkpoints", say=main)
    resumed_at = int(Path(last).name.split("-")[1]) if last else 0
    # a checkpoint of the run's last step (stopped in its last step, killed while its outputs were written, or
    # run again for other outputs): the Trainer would train one step past the end from it, so its weights are
    # taken as they are (under FSDP and DeepSpeed only the Trainer's training loop loads a checkpoint)
    trained_out = bool(last) and not (trainer.is_fsdp_enabled or trainer.is_deepspeed_enabled) \
        and resumed_at >= _run_steps(trainer, tr)
    if trained_out:
        if main:
            print(f"finetune: {last} is the last step of this run ({resumed_at}): nothing to train; writing what "
                  "it trained", flush=True)
    elif last:
        print(f"finetune: resuming from {last}", flush=True)

    def on_signal(signum, frame):
        # a second Ctrl-C stops now (the last checkpoint stays); not a SIGTERM, nor the same stop passed on
        if stopping.note() == "again" and signum == signal.SIGINT and flags.get("signal"):
            raise KeyboardInterrupt
        if flags.get("signal"):
            return
        flags["signal"] = signum
        if main:  # straight to the file: print() in a handler fails if the handler ran inside a print
            os.write(sys.stderr.fileno(), f"\nfinetune: stopping after this step and saving a checkpoint (Ctrl-C "
                     f"again, {stopping.REPEAT_S:g} s on, to stop now)\n".encode())

    if main:
        print(f"finetune: {len(train_rows)} training rows of up to {data['seq_len']} tokens, {len(held_rows)} held "
              f"out; {trainable:,} of {total:,} parameters trainable; held-out perplexity "
              f"{metrics['before']['perplexity']}" + (f"; {processes} processes" if processes > 1 else ""), flush=True)
    # the sessions of this run (one per resume) that its checkpoint carries on from, and this one
    sessions = [s for s in metrics.get("sessions", []) if s["to_step"] <= resumed_at]
    if trained_out:
        trainer._load_from_checkpoint(last)  # the Trainer's own loading of a checkpoint's weights (peft's too)
        trainer.state.global_step = resumed_at
    else:
        old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        start = time.monotonic()
        try:
            result = trainer.train(resume_from_checkpoint=last)
        finally:
            for s, h in old.items():
                signal.signal(s, h)
        sessions.append({"from_step": resumed_at, "to_step": trainer.state.global_step,
                         "loss": round(float(result.training_loss), 5), "seconds": round(time.monotonic() - start, 1)})
    steps = trainer.state.global_step
    metrics["sessions"] = sessions
    if flags.get("stopped") == "interrupted":
        if main:  # the next session adds to it
            write_json_atomic(metrics_path, metrics)
        raise Interrupted(f"training stopped at step {steps}; the checkpoint is in "
                          f"{out / 'checkpoints'}: run the same command to resume")

    rows_seen = _rows_seen(steps, len(train_rows), tr, processes)
    metrics.update({
        "steps": steps, **_whole_run(sessions),
        "train_tokens": round(sum(sum(r["attention_mask"]) for r in train_rows) / len(train_rows) * rows_seen),
        "trainable_parameters": trainable, "parameters": total, "processes": processes,
        "device": f"{args.device} ({torch.cuda.get_device_name(args.device)})" if args.device.type == "cuda"
        else args.device.type,
        # untrained here, the model was not wrapped: the strategy is the one of the session that trained it
        "strategy": metrics.get("strategy", "single") if trained_out else _strategy(trainer),
        "precision": str(trainer.accelerator.mixed_precision),
    })
    metrics.pop("stopped_by", None)
    metrics.pop("after", None)
    if main:  # the sessions are kept should the run stop while its outputs are written (it is not done yet)
        write_json_atomic(metrics_path, metrics)
    # every process takes part in the saving (FSDP and DeepSpeed ZeRO-3 gather the sharded weights);
    # rank 0 writes, and measures what it wrote
    _save_trained(trainer, tokenizer, out / ("merged" if recipe["method"] == "full" else "adapter"), main)
    if not main:
        return metrics
    trained = _load_trained(recipe, out, tokenizer)
    if recipe["output"]["merge"] and recipe["method"] == "lora":
        trained = trained.merge_and_unload()
        _save_folder(trained, tokenizer, out / "merged")
    elif recipe["output"]["merge"] and recipe["method"] == "qlora":
        # a 4-bit base takes no merge: the adapter goes into the base loaded again unquantized; the
        # figure after training stays the one of what was trained (the 4-bit base with the adapter)
        _save_folder(_load_trained(recipe, out, tokenizer, quantized=False).merge_and_unload(), tokenizer,
                     out / "merged")
    elif recipe["method"] != "full":
        _drop_stale_merged(out)
    metrics["after"] = _on_gpu(held_out_loss, trained, held_rows, pad_id, tr["batch_size"])
    metrics["stopped_by"] = flags.get("stopped", "completed")
    write_json_atomic(metrics_path, metrics)  # whole: other ranks read it as they start
    if recipe["output"]["card"]:
        (out / "README.md").write_text(_model_card(recipe, metrics))
    return metrics


def _whole_run(sessions: list[dict]) -> dict:
    """train_loss (the mean over its steps) and train_seconds of a run trained in `sessions`. Where a session
    stopped without a word (killed) the steps before the last one are unknown: train_loss is of the last
    one alone, and train_loss_from_step says from where."""
    if not sessions:  # its training sessions were all killed before they could say
        return {"train_loss": None, "train_seconds": 0.0}
    chained = sessions[0]["from_step"] == 0 and all(a["to_step"] == b["from_step"]
                                                    for a, b in zip(sessions, sessions[1:]))
    known = sessions if chained else sessions[-1:]
    steps = sum(s["to_step"] - s["from_step"] for s in known)
    loss = sum(s["loss"] * (s["to_step"] - s["from_step"]) for s in known) / steps if steps else known[-1]["loss"]
    out = {"train_loss": round(loss, 5), "train_seconds": round(sum(s["seconds"] for s in sessions), 1)}
    if not chained:
        out["train_loss_from_step"] = known[0]["from_step"]
    return out


def _rows_seen(steps: int, rows: int, tr: dict, processes: int) -> int:
    """The training rows `steps` optimizer steps went through: the last batch of each epoch is short (data
    smaller than max_steps' batches makes several epochs). Several processes each take an even share."""
    share = math.ceil(rows / processes)
    per_step = tr["batch_size"] * tr["grad_accum"]
    steps_per_epoch = max(math.ceil(math.ceil(share / tr["batch_size"]) / tr["grad_accum"]), 1)
    epochs, rest = divmod(steps, steps_per_epoch)
    return processes * (epochs * share + min(rest * per_step, share))


def _run_steps(trainer, tr: dict) -> int:
    """The optimizer steps of the whole run, as the Trainer counts them: training.max_steps, or the epochs'."""
    if tr["max_steps"] > 0:
        return tr["max_steps"]
    batches = len(trainer.get_train_dataloader())  # this process's share of the rows
    return math.ceil(tr["epochs"] * max(math.ceil(batches / tr["grad_accum"]), 1))


def _fsdp_keeps_frozen_units_out(recipe: dict, processes: int, new_ids: list[int]) -> bool:
    """Whether this run is FSDP1 on one process with use_orig_params and LoRA layers alone trainable.
    PyTorch runs FSDP on one process as NO_SHARD, and there, with use_orig_params, a wrapped unit
    that holds only frozen weights (peft wraps the LoRA layers as units of their own, so a decoder
    layer keeps only frozen ones) is missing from the state dict: the Trainer's checkpoint and the
    final save fail ("FSDP assumes ... base_layer.weight is in the state_dict"). Without
    use_orig_params every unit is all frozen or all trained, and it saves. New token rows trained
    beside the adapter (FIM) make a mixed unit, which needs use_orig_params, and saves with it."""
    env = os.environ
    return (env.get("ACCELERATE_USE_FSDP", "").lower() == "true" and env.get("FSDP_VERSION", "1") == "1"
            and env.get("FSDP_USE_ORIG_PARAMS", "false").lower() == "true" and processes == 1
            and recipe["method"] == "lora" and not new_ids)


def _strategy(trainer) -> str:
    """How the processes shared the work: what accelerate ran (recorded in metrics.json)."""
    if trainer.is_deepspeed_enabled:
        return f"deepspeed zero{trainer.accelerator.state.deepspeed_plugin.zero_stage}"
    if trainer.is_fsdp_enabled:
        return f"fsdp{getattr(trainer.accelerator.state.fsdp_plugin, 'fsdp_version', 1)}"
    return type(trainer.model_wrapped).__name__ if trainer.model_wrapped is not trainer.model else "single"


def _on_gpu(fn, model, *args):
    """fn(model, ...) on this process's GPU where there is one (the model goes back where it was)."""
    import torch

    where = next(model.parameters()).device
    if not torch.cuda.is_available() or where.type != "cpu" or getattr(model, "is_loaded_in_4bit", False):
        return fn(model, *args)
    model.to(f"cuda:{int(os.environ.get('LOCAL_RANK', '0'))}")
    try:
        return fn(model, *args)
    finally:
        model.to(where)


def _save_trained(trainer, tokenizer, folder: Path, main: bool) -> None:
    """The trained weights (the adapter, or the whole model) as a transformers/PEFT folder, through
    the Trainer: it gathers FSDP shards and DeepSpeed ZeRO partitions. Call on every process."""
    tmp = folder.with_name(folder.name + ".tmp")
    if main and tmp.exists():  # left by a run that was killed while saving
        import shutil

        shutil.rmtree(tmp)
    if trainer.is_fsdp_enabled:  # checkpoints stay sharded; the folder holds the whole state
        trainer.accelerator.state.fsdp_plugin.set_state_dict_type("FULL_STATE_DICT")
    trainer.save_model(str(tmp))
    if not main:
        return
    (tmp / "training_args.bin").unlink(missing_ok=True)
    tokenizer.save_pretrained(str(tmp))
    _replace(tmp, folder)


def _load_trained(recipe: dict, out: Path, tokenizer, quantized: bool = True):
    """What _save_trained wrote, loaded afresh: the whole model, or the base with the adapter (4-bit
    base for QLoRA, unless quantized=False). The held-out figure after training is measured on this,
    so it is the figure of the files, whatever sharding trained them."""
    import torch
    from transformers import AutoModelForCausalLM
    from transformers.integrations.deepspeed import is_deepspeed_zero3_enabled, unset_hf_deepspeed_config

    if is_deepspeed_zero3_enabled():  # rank 0 alone loads it, whole: no ZeRO-3 partitioning (it would wait
        unset_hf_deepspeed_config()   # for the other ranks)
    if recipe["method"] == "full":
        return AutoModelForCausalLM.from_pretrained(str(out / "merged"), dtype=torch.float32)
    from peft import PeftModel

    _, base = M.load_base(recipe, quantized=quantized)
    if base.get_input_embeddings().num_embeddings < len(tokenizer):  # FIM tokens added for training
        base.resize_token_embeddings(len(tokenizer))
    return PeftModel.from_pretrained(base, str(out / "adapter"))


def _save_folder(model, tokenizer, folder: Path) -> None:
    tmp = folder.with_name(folder.name + ".tmp")
    model.save_pretrained(str(tmp))
    tokenizer.save_pretrained(str(tmp))
    _replace(tmp, folder)


MERGED_MARK = "hpccoder-merged.json"  # in a merged/ folder that `hpccoder finetune` wrote


def _replace(tmp: Path, folder: Path) -> None:
    if folder.name == "merged":
        (tmp / MERGED_MARK).write_text(json.dumps({"written_by": "hpccoder finetune"}) + "\n")
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    os.replace(tmp, folder)
