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
