"""The Verilog problems: schema, prompts in both styles, extraction, and the reference model end to end."""

from __future__ import annotations

import shutil

import pytest

from hpccoder import extract
from hpccoder.harness.evaluate import EvalOptions
from hpccoder.models import GenerationParams
from hpccoder.run import run
from hpccoder.suite import Suite
from hpccoder.suite.problem import verilog_errors
from hpccoder.suite.prompts import assemble, render
from hpccoder.suite.schema import VERILOG_CATEGORIES

ALU = "verilog/arithmetic/04_alu/verilog"


@pytest.fixture(scope="module")
def suite():
    return Suite()


def test_every_verilog_problem_is_well_formed(suite):
    problems = [p for p in suite.problems.values() if p.id.startswith("verilog/")]
    assert len(problems) >= 14
    errors = [e for e in suite.schema_errors() if "/verilog/" in e]
    assert not errors
    for p in problems:
        assert p.category in VERILOG_CATEGORIES and p.models == ["verilog"] and p.entry == "TopModule"
        assert [t.id for t in p.tasks()] == [p.id + "/verilog"]
        assert "module RefModule" in (p.ref_dir / "ref.sv").read_text()
        assert "Mismatches:" in (p.path / "test.sv").read_text()


def test_mismatched_reference_ports_are_reported(suite):
    p = suite.problems["verilog/arithmetic/04_alu"]
    assert not verilog_errors(p)
    spec = dict(p.spec, interface=p.spec["interface"].replace("zero", "is_zero"))
    errors = verilog_errors(type(p)(p.id, p.path, spec))
    assert any("differ from the interface" in e for e in errors)


def test_completion_prompt_ends_with_the_header(suite):
    prompt = render(suite.task(ALU), "completion")
    assert prompt.startswith("// A combinational 8-bit ALU")
    assert prompt.rstrip().endswith("output logic       zero\n);".rstrip())
    assert "#include" not in prompt


def test_chat_prompt_asks_for_the_whole_module(suite):
    system, user = render(suite.task(ALU), "chat")
    assert "```verilog" in user["content"] and "whole module" in user["content"]
    assert "module TopModule (" in user["content"]


def test_extraction_and_assembly(suite):
    task = suite.task(ALU)
    body = "  assign y = a;\n  assign zero = y == 0;\nendmodule\n// trailing chatter\nmodule Extra; endmodule"
    completion = extract.postprocess(body, "completion", "verilog", "TopModule")
    assert completion.endswith("endmodule\n") and "Extra" not in completion
    assert assemble(task, completion) == render(task, "completion") + completion
    answer = "Here:\n```verilog\nmodule TopModule (input logic a);\nendmodule\n```\n"
    whole = extract.postprocess(answer, "chat", "verilog", "TopModule")
    assert whole.startswith("module TopModule") and assemble(task, whole) == whole


@pytest.mark.skipif(not (shutil.which("iverilog") and shutil.which("bwrap")), reason="needs iverilog and bwrap")
def test_reference_model_scores_one(tmp_path):
    opts = EvalOptions(ks=[1], progress=False, seed=7, min_timeout=10.0)
    selector = "verilog/combinational/*,verilog/arithmetic/0[1-3]*"
    _, summary = run("reference", selector, GenerationParams(), tmp_path / "ref", opts)
    m = summary["by_execution_model"]["verilog"]
    assert m["pass@1"] == 1.0 and m["area@1"] == 1.0
    assert m["area_geomean"] == 1.0 and m["depth_geomean"] == 1.0
    assert summary["tasks"] == len(Suite().select(selector)) >= 10  # a problem added there counts too
