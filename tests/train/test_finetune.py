"""End to end on tiny models: every data mode trains, outputs load, a killed run resumes, and
training lowers held-out perplexity."""

from __future__ import annotations

import json
import re
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hpctest import REPO, descendants, needs_slurm, slurm_partition

from hpccoder.errors import HpcError
from hpccoder.train.finetune import finetune
from hpccoder.train.recipe import load_recipe
from hpccoder.train.transforms import FIM_TOKENS

pytestmark = pytest.mark.slow


def write_recipe(folder: Path, body: dict) -> Path:
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "recipe.yaml"
    path.write_text(yaml.safe_dump(body))
    return path


def run_recipe(tmp_path: Path, body: dict, *overrides: str) -> tuple[dict, Path]:
    body = {"output": {"dir": str(tmp_path / "out")}, **body}
    recipe = load_recipe(write_recipe(tmp_path, body), list(overrides))
    return finetune(recipe, progress=False), Path(recipe["output"]["dir"])


def quick(base, train, **data) -> dict:
    return {"base_model": str(base), "data": {"train": str(train), "seq_len": 32, "validation": 0.2, **data},
            "training": {"max_steps": 3, "batch_size": 4, "save_steps": 2, "logging_steps": 1}}


def test_lora_clm_writes_adapter_merged_model_card_and_metrics(tmp_path, tiny_base, sources):
    from hpccoder.models.hf import load_model

    metrics, out = run_recipe(tmp_path, quick(tiny_base, sources))
    assert metrics["steps"] == 3 and metrics["before"]["tokens"] > 0
    assert metrics["strategy"] == "single" and metrics["processes"] == 1
    assert metrics["after"]["perplexity"] > 1 and metrics["trainable_parameters"] < metrics["parameters"]
    assert json.loads((out / "metrics.json").read_text())["after"] == metrics["after"]
    card = (out / "README.md").read_text()
    assert "held-out perplexity before / after" in card and str(metrics["before"]["perplexity"]) in card
    assert (out / "adapter" / "adapter_config.json").exists() and (out / "merged" / "config.json").exists()
    # what `--model hf:out/merged` and `--model hf:BASE --adapter out/adapter` load
    tok, model = load_model(out / "merged")
    tok2, model2 = load_model(Path(tiny_base), str(out / "adapter"))
    ids = tok("for (int i = 0;", return_tensors="pt")
    a, b = model(**ids).logits, model2(**ids).logits
    assert (a - b).abs().max() < 1e-4  # merging changes nothing the adapter does


def test_fim_adds_the_sentinels_and_the_outputs_keep_them(tmp_path, tiny_base, sources):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    metrics, out = run_recipe(tmp_path, quick(tiny_base, sources, mode="fim", fim={"rate": 1.0, "spm_rate": 0.5}))
    tok = AutoTokenizer.from_pretrained(out / "merged")
    for t in FIM_TOKENS:
        assert tok.convert_ids_to_tokens(tok.convert_tokens_to_ids(t)) == t
    model = AutoModelForCausalLM.from_pretrained(out / "merged")
    assert model.get_input_embeddings().weight.shape[0] == len(tok)
    assert AutoTokenizer.from_pretrained(out / "adapter").convert_tokens_to_ids(FIM_TOKENS[0]) == \
        tok.convert_tokens_to_ids(FIM_TOKENS[0])


def test_full_fine_tuning_trains_every_weight(tmp_path, tiny_base, sources):
    metrics, out = run_recipe(tmp_path, {**quick(tiny_base, sources), "method": "full"})
    assert metrics["trainable_parameters"] == metrics["parameters"]
    assert (out / "merged" / "model.safetensors").exists() and not (out / "adapter").exists()


def test_mpi_call_and_instruction_modes_train(tmp_path, tiny_base, mpi_programs):
    # a program a row, its answer whole: the tiny tokenizer (400 tokens) needs 421 for the shortest one
    metrics, out = run_recipe(tmp_path / "mpi", quick(tiny_base, mpi_programs, mode="mpi_calls", seq_len=512))
    assert metrics["steps"] == 3 and metrics["data"]["train_rows"] > 12
    assert "keep only the lines near their calls" in metrics["data"]["notes"][0]
    assert "one example a row, loss on its MPI calls only" in (out / "README.md").read_text()
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"instruction": f"write kernel {i}", "solution": f"void k{i}() {{}}"}) + "\n"
                             for i in range(20)))
    metrics, _ = run_recipe(tmp_path / "ins", quick(tiny_base, pairs, mode="instruct", seq_len=128))
    assert metrics["after"]["tokens"] > 0
    modules = tmp_path / "modules.jsonl"
    modules.write_text("".join(json.dumps({"code": f"module m{i}(input a, output y); assign y = ~a; endmodule",
                                           "descriptions": {"high": f"an inverter {i}", "detailed": f"y is not a ({i})"}})
                               + "\n" for i in range(20)))
    metrics, _ = run_recipe(tmp_path / "mg", quick(tiny_base, modules, mode="verilog_multigrain", seq_len=256,
                                                   levels=["high", "detailed"]))
    assert metrics["steps"] == 3


def test_a_run_continues_from_its_last_checkpoint(tmp_path, tiny_base, sources):
    body = quick(tiny_base, sources)
    run_recipe(tmp_path, body, "training.max_steps=2")
    assert (tmp_path / "out/checkpoints/checkpoint-2").is_dir()
    before = json.loads((tmp_path / "out/metrics.json").read_text())["before"]
    metrics, _ = run_recipe(tmp_path, body, "training.max_steps=4")
    assert metrics["steps"] == 4 and metrics["before"] == before  # measured once, kept


def test_from_scratch_tiny_recipe_learns(tmp_path, sources):
    """The shipped tiny CPU variant of the from-scratch recipe, on a small corpus: its tokenizer is
    trained here and the held-out perplexity falls a long way."""
    recipe = load_recipe(REPO / "finetune/scratch_tiny_cpu.yaml",
                         [f"data.train={sources}", "data.validation=0.15", f"output.dir={tmp_path}/out",
                          "training.max_steps=40", "data.seq_len=64", "from_scratch.vocab_size=400"])
    metrics = finetune(recipe, progress=False)
    assert (tmp_path / "out/tokenizer/tokenizer.json").exists()
    assert metrics["after"]["perplexity"] < 0.5 * metrics["before"]["perplexity"]


def test_data_parallel_on_cpu_keeps_the_ranks_in_step(tmp_path, tiny_base, sources):
    """Two processes under torchrun (what `accelerate launch` does on GPUs): the Trainer wraps the
    model in DistributedDataParallel over gloo, both ranks end with the same weights, and only
    rank 0 writes the outputs."""
    recipe = write_recipe(tmp_path, {"output": {"dir": str(tmp_path / "out")}, **quick(tiny_base, sources)})
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2",
                           str(Path(__file__).parent / "ddp_probe.py"), str(recipe)],
                          capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # the ranks share stdout: another process's print may land on the same line, so the fields are matched
    ranks = {r: f"{kind} {total}" for r, kind, total in re.findall(r"RANK (\d+) (\w+) ([-+0-9.e]+)", proc.stdout)}
    assert set(ranks) == {"0", "1"}
    assert ranks["0"] == ranks["1"] and ranks["0"].startswith("DistributedDataParallel ")
    metrics = json.loads((tmp_path / "out/metrics.json").read_text())
    assert metrics["processes"] == 2 and metrics["train_tokens"] == 3 * 4 * 2 * 32
    assert metrics["strategy"] == "DistributedDataParallel" and metrics["device"] == "cpu"
    assert metrics["after"]["tokens"] == metrics["before"]["tokens"] > 0  # rank 0 measured both
    assert (tmp_path / "out/adapter/adapter_config.json").exists()


def test_a_checkpoint_cut_short_while_saved_is_passed_over(tmp_path, capsys):
    from hpccoder.train.finetune import _not_finished, last_checkpoint

    for step, whole in ((2, True), (10, True), (12, False)):  # 12: killed while it was written
        (tmp_path / f"checkpoint-{step}").mkdir()
        if whole:
            (tmp_path / f"checkpoint-{step}" / "trainer_state.json").write_text("{}")
    assert last_checkpoint(tmp_path) == str(tmp_path / "checkpoint-10")
    assert "checkpoint-12 is incomplete" in capsys.readouterr().out
    assert last_checkpoint(tmp_path / "none") is None
    # a completed run trained on with other settings: its metrics stop saying "completed" before anything else
    metrics = tmp_path / "metrics.json"
    metrics.write_text(json.dumps({"before": {"loss": 1.0}, "stopped_by": "completed", "after": {"loss": 0.5}}))
    _not_finished(metrics)
    assert json.loads(metrics.read_text()) == {"before": {"loss": 1.0}, "after": {"loss": 0.5}}


@pytest.mark.slow
def test_a_stopped_job_under_torchrun_saves_one_checkpoint_that_all_ranks_agree_on(tmp_path, tiny_base, sources):
    """A batch system (scancel, the time limit) sends SIGTERM to every process of the job, and torchrun passes
    one more on to its workers: that is one stop, not a second Ctrl-C; the ranks stop after the same step and
    save a checkpoint the same command resumes."""
    body = {**quick(tiny_base, sources), "output": {"dir": str(tmp_path / "out")}}
    body["training"] = {**body["training"], "max_steps": 100000, "save_steps": 100000}
    recipe = write_recipe(tmp_path, body)
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "-m", "hpccoder", "finetune",
           "--recipe", str(recipe)]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    for line in proc.stdout:
        if "'loss'" in line or time.monotonic() > deadline:
            break
    time.sleep(2)  # some steps in
    for pid in [proc.pid, *descendants(proc.pid)]:  # as Slurm does
        os.kill(pid, signal.SIGTERM)
    rest = proc.communicate(timeout=120)[0]
    assert "training stopped at step" in rest, rest[-3000:]
    ckpts = list((tmp_path / "out/checkpoints").glob("checkpoint-*"))
    assert len(ckpts) == 1, rest[-3000:]
    done = int(ckpts[0].name.split("-")[1])
    again = subprocess.run([*cmd, f"training.max_steps={done + 2}"], cwd=REPO, capture_output=True, text=True,
                           timeout=300, env=env)
    assert again.returncode == 0, again.stderr[-3000:]
    assert f"resuming from {ckpts[0]}" in again.stdout
    metrics = json.loads((tmp_path / "out/metrics.json").read_text())
    assert metrics["steps"] == done + 2 and metrics["processes"] == 2


@needs_slurm
@pytest.mark.slow
def test_the_slurm_script_trains_data_parallel(tmp_path, tiny_base, sources):
    """finetune/slurm/train.sbatch where a Slurm controller answers: one node, two CPU processes under torchrun
    (on a GPU cluster: --nodes N --gpus-per-node G, the same script)."""
    recipe = write_recipe(tmp_path, {"output": {"dir": str(tmp_path / "out")}, **quick(tiny_base, sources)})
    log = tmp_path / "slurm.out"
    proc = subprocess.run(["sbatch", "--wait", "--nodes=1", "--cpus-per-task=2", "-p", slurm_partition(),
                           "--export=ALL,PROCS_PER_NODE=2", "-o", str(log), "finetune/slurm/train.sbatch",
                           str(recipe), "training.max_steps=3"], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr + (log.read_text()[-3000:] if log.exists() else "")
    metrics = json.loads((tmp_path / "out/metrics.json").read_text())
    assert metrics["processes"] == 2 and metrics["strategy"] == "DistributedDataParallel" and metrics["steps"] == 3
    assert (tmp_path / "out/adapter/adapter_config.json").exists()
    usage = subprocess.run(["sbatch", "-p", slurm_partition(), "-o", str(tmp_path / "usage.out"), "--wait",
                            "finetune/slurm/train.sbatch"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert usage.returncode != 0 and "usage: sbatch" in (tmp_path / "usage.out").read_text()


def check_qlora(tmp_path: Path, base: Path, sources: Path) -> dict:
    """QLoRA end to end: a 4-bit NF4 base (bitsandbytes) with trained LoRA adapters, saved alone, and
    (output.merge) merged into the base loaded again unquantized: a 4-bit base takes no merge."""
    import torch
    from safetensors.torch import load_file

    from hpccoder.train.model import load_base
    from hpccoder.train.recipe import load_recipe

    body = {**quick(base, sources), "method": "qlora", "output": {"dir": str(tmp_path / "out")}}
    metrics, out = run_recipe(tmp_path, body)
    assert metrics["steps"] == 3 and 1 < metrics["after"]["perplexity"] < 1e4
    assert (out / "adapter" / "adapter_config.json").exists()
    lora_b = [v for k, v in load_file(str(out / "adapter" / "adapter_model.safetensors")).items() if "lora_B" in k]
    assert lora_b and any(float(v.abs().sum()) > 0 for v in lora_b)  # B starts at zero: it was trained
    _, reloaded = load_base(load_recipe(write_recipe(tmp_path / "r", body), []))
    assert sum(type(m).__name__ == "Linear4bit" for m in reloaded.modules()) >= 14  # 7 projections x 2 layers
    merged = load_file(str(out / "merged" / "model.safetensors"))
    start = load_file(str(Path(base) / "model.safetensors"))
    name = "model.layers.0.self_attn.q_proj.weight"
    assert merged[name].dtype == torch.float32 and merged[name].shape == start[name].shape  # whole weights
    assert not torch.equal(merged[name], start[name])  # the adapter is in them
    return metrics


def test_qlora_trains_adapters_on_a_4bit_base(tmp_path, tiny_base_64, sources, capsys):
    pytest.importorskip("bitsandbytes")
    metrics = check_qlora(tmp_path, tiny_base_64, sources)
    if metrics["device"] == "cpu":
        assert "QLoRA on the CPU" in capsys.readouterr().out


def test_the_model_card_says_how_to_use_what_the_run_wrote():
    from hpccoder.train.finetune import _model_card

    metrics = {"before": {"perplexity": 9.0}, "after": {"perplexity": 7.0}, "device": "cuda:0 (H100)",
               "strategy": "single", "precision": "bf16"}
    recipe = {"name": "r", "method": "qlora", "base_model": "/models/x",
              "data": {"train": "d", "mode": "clm", "seq_len": 64, "packing": True}, "output": {"merge": False}}
    card = _model_card({**recipe, "output": {"dir": "/runs/r", "merge": False}}, metrics)
    assert "hpccoder serve --model hf:/models/x --adapter /runs/r/adapter" in card and "merged" not in card
    assert "cuda:0 (H100), single, bf16 mixed precision" in card
    card = _model_card({**recipe, "base_model": "embedded", "output": {"dir": "/runs/r", "merge": True}}, metrics)
    assert "hpccoder run --model hf:/runs/r/merged" in card and "--adapter" not in card
    assert "--model embedded --adapter /runs/r/adapter" in _model_card(
        {**recipe, "base_model": "embedded", "output": {"dir": "/runs/r", "merge": False}}, metrics)


def test_qlora_without_bitsandbytes_says_what_to_install(tmp_path, tiny_base, sources, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_bnb(name, *args, **kwargs):
        if name == "bitsandbytes":
            raise ImportError("no bitsandbytes")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_bnb)
    with pytest.raises(HpcError, match=r"method qlora needs bitsandbytes: pip install 'hpccoder\[qlora\]'"):
        run_recipe(tmp_path, {**quick(tiny_base, sources), "method": "qlora"})


def test_ctrl_c_saves_a_checkpoint_and_the_same_command_resumes(tmp_path, tiny_base, sources):
    recipe = write_recipe(tmp_path, {**quick(tiny_base, sources), "output": {"dir": str(tmp_path / "out")}})
    cmd = [sys.executable, "-m", "hpccoder", "finetune", "--recipe", str(recipe), "training.max_steps=100000",
           "training.save_steps=100000"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 240
    for line in proc.stdout:
        if "training rows" in line or time.monotonic() > deadline:
            break
    time.sleep(3)  # a few steps in
    proc.send_signal(signal.SIGINT)
    rest = proc.communicate(timeout=120)[0]
    assert proc.returncode == 130, rest
    assert "stopping after this step and saving a checkpoint" in rest  # said at once, from the handler
    assert "run the same command to resume" in rest and "Traceback" not in rest
    ckpts = list((tmp_path / "out/checkpoints").glob("checkpoint-*"))
    assert len(ckpts) == 1
    done = int(ckpts[0].name.split("-")[1])
    out = subprocess.run(cmd[:-2] + [f"training.max_steps={done + 2}"], cwd=REPO, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert f"resuming from {ckpts[0]}" in out.stdout
    metrics = json.loads((tmp_path / "out/metrics.json").read_text())
    assert metrics["steps"] == done + 2
    # the loss and time of the whole run, both sessions
    first, second = metrics["sessions"]
    assert (first["from_step"], first["to_step"], second["from_step"], second["to_step"]) == (0, done, done, done + 2)
    whole = (first["loss"] * done + second["loss"] * 2) / (done + 2)
    assert metrics["train_loss"] == round(whole, 5) and "train_loss_from_step" not in metrics
    assert metrics["train_seconds"] == round(first["seconds"] + second["seconds"], 1)


def test_the_loss_of_a_run_whose_first_session_was_killed_says_from_which_step():
    from hpccoder.train.finetune import _whole_run

    # killed at step 15 after its checkpoint 10: the session of steps 0-10 wrote nothing
    whole = _whole_run([{"from_step": 10, "to_step": 40, "loss": 2.0, "seconds": 30.0}])
    assert whole == {"train_loss": 2.0, "train_seconds": 30.0, "train_loss_from_step": 10}
    whole = _whole_run([{"from_step": 0, "to_step": 10, "loss": 4.0, "seconds": 10.0},
                        {"from_step": 10, "to_step": 40, "loss": 2.0, "seconds": 30.0}])
    assert whole == {"train_loss": 2.5, "train_seconds": 40.0}


def test_an_epoch_run_stopped_by_its_time_limit_counts_the_tokens_it_trained_on(tmp_path, tiny_base, sources):
    body = quick(tiny_base, sources)
    metrics, _ = run_recipe(tmp_path, body, "training.max_steps=-1", "training.epochs=50",
                            "training.max_minutes=0.0001")
    assert metrics["stopped_by"] == "time limit" and metrics["steps"] >= 1
    # packed rows of 32 tokens, 4 to a step
    assert metrics["train_tokens"] == metrics["steps"] * 4 * 32


def test_more_steps_than_the_data_has_count_the_rows_each_epoch_really_had(tmp_path, tiny_base, sources):
    from datasets import Dataset, DatasetDict

    texts = [p.read_text() for p in sorted(sources.iterdir())[:7]]  # each longer than 32 tokens
    DatasetDict({"train": Dataset.from_list([{"content": t} for t in texts[:5]]),
                 "validation": Dataset.from_list([{"content": t} for t in texts[5:]])}).save_to_disk(tmp_path / "d")
    body = quick(tiny_base, tmp_path / "d", validation="validation", packing=False)
    metrics, _ = run_recipe(tmp_path, body)  # 3 steps of 4 rows over 5 rows: 4 + 1, then 4 of the second epoch
    assert metrics["data"]["train_rows"] == 5 and metrics["steps"] == 3
    assert metrics["train_tokens"] == (5 + 4) * 32  # not 3 x 4 rows: the first epoch's last batch had 1


def test_recipe_can_evaluate_what_it_trained(tmp_path, tiny_base, sources, capsys):
    from hpccoder.cli import main

    body = {**quick(tiny_base, sources), "output": {"dir": str(tmp_path / "out")},
            "evaluate": {"tasks": "cpp/dense_la/01_axpy/serial", "n": 1}}
    assert main(["finetune", "--recipe", str(write_recipe(tmp_path, body)), "training.max_steps=1"]) == 0
    results = (tmp_path / "out/run/results.jsonl").read_text().splitlines()
    assert len(results) == 1 and json.loads(results[0])["task_id"] == "cpp/dense_la/01_axpy/serial"
    assert "held-out perplexity" in capsys.readouterr().out


def test_checkpoints_of_other_settings_are_refused_not_resumed(tmp_path, tiny_base, sources):
    body = quick(tiny_base, sources)
    run_recipe(tmp_path, body, "training.max_steps=2")
    with pytest.raises(HpcError, match=r"checkpoints of a run with other settings \(data.seq_len: 32 -> 48\)"):
        run_recipe(tmp_path, body, "training.max_steps=4", "data.seq_len=48")
    with pytest.raises(HpcError, match=r"other settings \(base_model: .*, method: 'lora' -> 'full'\)"):
        run_recipe(tmp_path, {**body, "base_model": str(tiny_base) + "/"}, "method=full")
    # the refused runs changed nothing: the same settings still resume
    metrics, _ = run_recipe(tmp_path, body, "training.max_steps=3")
    assert metrics["steps"] == 3


def test_checkpoints_of_other_data_at_the_same_path_are_refused(tmp_path, tiny_base, sources):
    # a corpus rebuilt where the recipe points: the same settings, other rows; resuming would mix two runs
    import shutil

    data = tmp_path / "data"
    shutil.copytree(sources, data)
    body = quick(tiny_base, data)
    first, out = run_recipe(tmp_path, body, "training.max_steps=2")
    assert first["data"]["train_rows"] > 0 and len(first["data"]["sha256"]) == 64
    extra = sorted(data.iterdir())[0]
    (data / "zz_new.cpp").write_text(extra.read_text().replace("(", "( ") * 3)
    with pytest.raises(HpcError, match=r"checkpoints of a run on other data .* training rows then"):
        run_recipe(tmp_path, body, "training.max_steps=4")
    (data / "zz_new.cpp").unlink()
    again, _ = run_recipe(tmp_path, body, "training.max_steps=3")  # the same rows again: it resumes
    assert again["steps"] == 3 and again["data"] == first["data"]


def test_a_held_out_figure_of_other_settings_is_not_reused(tmp_path, tiny_base, sources):
    body = quick(tiny_base, sources)
    first, out = run_recipe(tmp_path, body, "training.max_steps=1")
    import shutil

    shutil.rmtree(out / "checkpoints")  # say the first run was killed before its first checkpoint
    second, _ = run_recipe(tmp_path, body, "training.max_steps=1", "data.seq_len=64")
    assert second["before"]["tokens"] != first["before"]["tokens"]  # measured again, on the new rows


def test_running_a_finished_run_again_trains_nothing_more(tmp_path, tiny_base, sources):
    body = quick(tiny_base, sources)
    first, out = run_recipe(tmp_path, body)
    again, _ = run_recipe(tmp_path, body)
    assert again["steps"] == first["steps"] == 3 and again["after"] == first["after"]


def _adapter_weights(folder: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(str(folder / "adapter_model.safetensors"))


def test_a_finished_run_again_with_other_outputs_trains_no_step_past_its_end(tmp_path, tiny_base, sources):
    body = quick(tiny_base, sources)
    first, out = run_recipe(tmp_path, body)
    trained = _adapter_weights(out / "adapter")
    # what is written and logged changes, not what is trained: the Trainer, resumed from checkpoint-3 of a
    # 3-step run, would train a fourth step
    again, _ = run_recipe(tmp_path, body, "training.logging_steps=2", "output.merge=false")
    assert again["steps"] == 3 and not (out / "checkpoints" / "checkpoint-4").exists()
    assert again["sessions"] == first["sessions"] and again["after"] == first["after"]
    now = _adapter_weights(out / "adapter")
    assert now.keys() == trained.keys() and all((now[k] == trained[k]).all() for k in now)


def test_a_run_again_without_merging_removes_the_earlier_merged_model_and_nothing_else(tmp_path, tiny_base, sources,
                                                                                     capsys):
    """Before, merged/ of the earlier run stayed beside the card that points at the adapter, as if current."""
    from hpccoder.train.finetune import MERGED_MARK

    body = quick(tiny_base, sources)
    _, out = run_recipe(tmp_path, body)
    assert (out / "merged" / MERGED_MARK).is_file()
    run_recipe(tmp_path, body, "output.merge=false")
    assert not (out / "merged").exists() and (out / "adapter" / "adapter_config.json").exists()
    assert "removed" in capsys.readouterr().out
    # written by an hpccoder that did not mark it: the earlier recipe.yaml says that run merged
    run_recipe(tmp_path, body, "training.logging_steps=2")
    (out / "merged" / MERGED_MARK).unlink()
    run_recipe(tmp_path, body, "training.logging_steps=2", "output.merge=false")
    assert not (out / "merged").exists()
    # a merged/ that no run here wrote is the user's: kept, and said so
    (out / "merged").mkdir()
    (out / "merged" / "config.json").write_text("{}")
    capsys.readouterr()
    run_recipe(tmp_path, body, "training.logging_steps=3", "output.merge=false")
    assert (out / "merged" / "config.json").read_text() == "{}"
    assert "was not written by hpccoder finetune: left as it is" in capsys.readouterr().out


def test_a_run_stopped_while_writing_its_outputs_writes_them_without_training_on(tmp_path, tiny_base, sources,
                                                                                monkeypatch):
    import hpccoder.train.finetune as F

    body = quick(tiny_base, sources)

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(F, "_load_trained", stopped)  # Ctrl-C after the training, while merging and measuring
        with pytest.raises(KeyboardInterrupt):
            run_recipe(tmp_path, body)
    out = tmp_path / "out"
    checkpoint = _adapter_weights(out / "checkpoints" / "checkpoint-3")
    first = json.loads((out / "metrics.json").read_text())["sessions"]
    assert [(s["from_step"], s["to_step"]) for s in first] == [(0, 3)]
    metrics, _ = run_recipe(tmp_path, body)
    assert metrics["steps"] == 3 and metrics["stopped_by"] == "completed" and "after" in metrics
    assert metrics["sessions"] == first and metrics["train_loss"] == first[0]["loss"]
    assert not (out / "checkpoints" / "checkpoint-4").exists()
    now = _adapter_weights(out / "adapter")
    assert all((now[k] == checkpoint[k]).all() for k in checkpoint)


def test_lora_with_activation_checkpointing_gets_gradients(tiny_base):
    """Checkpointing named non-reentrant (transformers' default has changed between versions): the
    LoRA matrices get gradients though the frozen embeddings give the layers no input that needs one,
    which is also what DistributedDataParallel and FSDP need."""
    from transformers import AutoModelForCausalLM

    from hpccoder.train import model as M
    from hpccoder.train.recipe import DEFAULTS, _merge

    model = AutoModelForCausalLM.from_pretrained(tiny_base)
    M.enable_checkpointing(model)
    funcs = {getattr(m, "_gradient_checkpointing_func", None) for m in model.modules()} - {None}
    assert funcs and all(getattr(f, "keywords", {}).get("use_reentrant") is False for f in funcs)
    recipe = _merge(DEFAULTS, {"base_model": str(tiny_base), "method": "lora", "data": {"train": "-"},
                               "output": {"dir": "-"}, "training": {"gradient_checkpointing": True}})
    model = M.wrap(model, recipe, [])
    model.train()
    import torch

    ids = torch.randint(0, 300, (2, 16))
    model(input_ids=ids, labels=ids).loss.backward()
    grads = [p.grad for n, p in model.named_parameters() if "lora_B" in n]  # A gets none while B is 0
    assert grads and all(g is not None and float(g.abs().sum()) > 0 for g in grads)


def test_processes_that_make_the_same_folder_at_once_keep_one(tmp_path):
    """What `accelerate launch` does on a first run with a GGUF base: every process converts it."""
    from hpccoder.train.model import publish

    folder = tmp_path / "model"
    for i in range(2):
        tmp = tmp_path / f"model.tmp-{i}"
        tmp.mkdir()
        (tmp / "config.json").write_text(str(i))
        publish(tmp, folder)
        assert not tmp.exists()
    assert (folder / "config.json").read_text() == "0"
    broken = tmp_path / "model.tmp-2"
    broken.mkdir()
    (broken / "x").write_text("")
    (folder / "config.json").rename(folder / "other.json")
    with pytest.raises(OSError):  # a folder there that is not a finished one is not taken for one
        publish(broken, folder)


def test_fsdp_on_one_process_wraps_lora_without_use_orig_params(monkeypatch):
    """PyTorch runs FSDP1 on one process as NO_SHARD, where use_orig_params leaves the units of frozen
    weights out of the state dict (the save fails): a LoRA run there turns it off, other runs keep it."""
    from hpccoder.train.finetune import _fsdp_keeps_frozen_units_out as fix

    lora, full = {"method": "lora"}, {"method": "full"}
    monkeypatch.delenv("ACCELERATE_USE_FSDP", raising=False)
    assert not fix(lora, 1, [])
    monkeypatch.setenv("ACCELERATE_USE_FSDP", "true")
    monkeypatch.setenv("FSDP_VERSION", "1")
    monkeypatch.setenv("FSDP_USE_ORIG_PARAMS", "true")
    assert fix(lora, 1, [])
    assert not fix(lora, 2, []) and not fix(full, 1, []) and not fix(lora, 1, [400])
    monkeypatch.setenv("FSDP_VERSION", "2")
    assert not fix(lora, 1, [])
