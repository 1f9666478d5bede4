"""area@k and the geometric means of the hardware ratios in summary.json and the table; Yosys's numbers."""

from __future__ import annotations

import math
import shutil
import tempfile
from pathlib import Path

import pytest

from hpccoder import metrics
from hpccoder.harness import hardware
from hpccoder.harness.records import SampleResult
from hpccoder.harness.sandbox import Sandbox
from hpccoder.harness.summary import format_table, summarize
from hpccoder.suite import Suite

A, B = "verilog/combinational/01_mux4/verilog", "verilog/arithmetic/05_multiplier8/verilog"


def sample(task, i, status, area=None, depth=None):
    hw = {} if area is None else {"cells": 10, "depth": 3, "area_ratio": area, "depth_ratio": depth}
    return SampleResult(task, i, status, hardware=hw)


def test_area_at_k_is_speedup_at_k_of_the_area_ratios():
    suite = Suite()
    tasks = {t: suite.task(t) for t in (A, B)}
    results = [sample(A, 0, "pass", 2.0, 1.0), sample(A, 1, "wrong_answer"), sample(A, 2, "pass", 0.5, 4.0),
               sample(B, 0, "pass", 1.0, 0.5), sample(B, 1, "build_error"), sample(B, 2, "pass", 1.0, 2.0)]
    s = summarize(results, tasks, [1, 2], {"verilog": [1]}, [1.0], "t")
    per_a = s["per_task"][A]
    assert per_a["area@1"] == pytest.approx(metrics.speedup_at_k([2.0, 0.0, 0.5], 1)) == pytest.approx(2.5 / 3)
    assert per_a["area@2"] == pytest.approx(metrics.speedup_at_k([2.0, 0.0, 0.5], 2))
    v = s["by_execution_model"]["verilog"]
    assert v["area@1"] == pytest.approx((2.5 / 3 + 2.0 / 3) / 2)
    # geometric means over the passing samples of the group, not means of per-task values
    assert v["area_geomean"] == pytest.approx(math.prod([2.0, 0.5, 1.0, 1.0]) ** 0.25)
    assert v["depth_geomean"] == pytest.approx(math.prod([1.0, 4.0, 0.5, 2.0]) ** 0.25)
    assert s["by_category"]["combinational"]["area_geomean"] == pytest.approx(1.0)
    table = format_table(s)
    assert "area@1" in table.splitlines()[0] and "depth_geomean" in table.splitlines()[0]
    assert f"{v['area@1']:.3f}" in table.splitlines()[1]


def test_a_task_where_nothing_passes_counts_zero_area():
    suite = Suite()
    s = summarize([sample(A, 0, "wrong_answer"), sample(B, 0, "pass", 1.5, 1.0)],
                  {t: suite.task(t) for t in (A, B)}, [1], {"verilog": [1]}, [1.0], "t")
    assert s["per_task"][A]["area@1"] == 0.0
    assert s["by_execution_model"]["verilog"]["area@1"] == pytest.approx(0.75)


def test_parse_yosys_output():
    stat = "=== TopModule ===\n   Number of wires: 9\n   Number of cells:                 58\n     $_AND_ 2\n"
    ltp = "Longest topological path in TopModule (length=10):\n    0: \\b [1]\n"
    assert hardware.parse(stat, ltp) == {"cells": 58, "depth": 10}
    assert "error" in hardware.parse("", "")
    assert hardware.geomean([]) is None and hardware.geomean([4.0, 1.0]) == pytest.approx(2.0)


@pytest.mark.skipif(not (shutil.which("yosys") and shutil.which("bwrap")), reason="needs yosys and bwrap")
def test_submodules_count_flattened():
    """The short form `synth -top TopModule; stat` counts a submodule instance as one cell of the top;
    ours flattens, so splitting a design into modules does not make it look smaller."""
    sandbox = Sandbox()
    with tempfile.TemporaryDirectory(prefix="hpccoder-test-") as tmp:  # pytest's tmp_path is private to root
        Path(tmp).chmod(0o755)
        check_flattening(sandbox, sandbox.make_dir(Path(tmp) / "w"))


def check_flattening(sandbox, work):
    flat = "module TopModule (input logic [7:0] a, b, output logic [8:0] s);\n  assign s = a + b;\nendmodule\n"
    split = ("module add (input logic [7:0] a, b, output logic [8:0] s);\n  assign s = a + b;\nendmodule\n"
             "module TopModule (input logic [7:0] a, b, output logic [8:0] s);\n  add u (.a(a), .b(b), .s(s));\nendmodule\n")
    (work / "flat.sv").write_text(flat)
    (work / "split.sv").write_text(split)
    one = hardware.synthesize(sandbox, work, "flat.sv", "TopModule", 120)
    two = hardware.synthesize(sandbox, work, "split.sv", "TopModule", 120)
    assert one.get("cells", 0) > 10 and one == two, one
    assert one["depth"] >= 8  # a ripple of 8 carries at least
