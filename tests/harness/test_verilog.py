"""The verilog execution model: statuses of wrong modules under Icarus and Verilator, rejections,
synthesis numbers, and the suite's references and wrong modules.

The counter problem is a suite of the tests only (verilog_suite/ext/fixtures/01_counter); the
multiplexer is evalsuite's verilog/combinational/01_mux4.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hpccoder.harness.evaluate import evaluate
from hpccoder.harness.records import SampleResult
from hpccoder.suite import Suite
from hpctest import fast_options

pytestmark = pytest.mark.skipif(not (shutil.which("iverilog") and shutil.which("bwrap")),
                                reason="Icarus Verilog or bubblewrap is not installed")
needs_verilator = pytest.mark.skipif(shutil.which("verilator") is None, reason="Verilator is not installed")

FIXTURES = Path(__file__).parent / "verilog_suite"
WRONG = Path(__file__).parents[1] / "suite" / "verilog_wrong"
COUNTER = "ext/fixtures/01_counter/verilog"
MUX = "verilog/combinational/01_mux4/verilog"

COUNTER_HEADER = """module TopModule (
  input  logic       clk,
  input  logic       reset,
  input  logic       en,
  output logic [3:0] q
);
"""
MUX_HEADER = """module TopModule (
  input  logic [7:0] a,
  input  logic [7:0] b,
  input  logic [7:0] c,
  input  logic [7:0] d,
  input  logic [1:0] sel,
  output logic [7:0] y
);
"""
MUX_BODY = "  assign y = sel == 2'd0 ? a : sel == 2'd1 ? b : sel == 2'd2 ? c : d;\n"

COUNTER_OK = COUNTER_HEADER + """  always_ff @(posedge clk)
    if (reset) q <= 4'd0;
    else if (en) q <= q + 4'd1;
endmodule
"""
WRONG_WIDTH = COUNTER_HEADER.replace("[3:0] q", "[2:0] q") + """  always_ff @(posedge clk)
    if (reset) q <= 3'd0;
    else if (en) q <= q + 3'd1;
endmodule
"""
OFF_BY_ONE = COUNTER_HEADER + """  // counts 0..14: one short of 15 before wrapping
  always_ff @(posedge clk)
    if (reset) q <= 4'd0;
    else if (en) q <= q == 4'd14 ? 4'd0 : q + 4'd1;
endmodule
"""
MISSING_RESET = COUNTER_HEADER + """  always_ff @(posedge clk)
    if (en) q <= q + 4'd1;
endmodule
"""
LATCH = MUX_HEADER + """  // no branch for sel == 3: y keeps its old value there (an inferred latch)
  always @* begin
    if (sel == 2'd0) y = a;
    else if (sel == 2'd1) y = b;
    else if (sel == 2'd2) y = c;
  end
endmodule
"""
COMB_LOOP = MUX_HEADER + """  logic t;
  assign t = ~t ^ sel[0];  // a combinational loop that oscillates
  assign y = (sel == 2'd0 ? a : sel == 2'd1 ? b : sel == 2'd2 ? c : d) ^ {7'd0, t};
endmodule
"""
NEVER_FINISHES = MUX_HEADER + """  logic [31:0] k;
  // an odd number times 3 is never 0: the loop never ends and simulation time never advances
  always_comb begin
    k = {24'd0, a} | 32'd1;
    while (k != 32'd0) begin
      k = k * 32'd3;
      $write("");
    end
  end
""" + MUX_BODY + "endmodule\n"

STATUS_CASES = {
    "wrong width": (COUNTER, WRONG_WIDTH, "wrong_answer"),
    "off-by-one counter": (COUNTER, OFF_BY_ONE, "wrong_answer"),
    "missing reset": (COUNTER, MISSING_RESET, "wrong_answer"),
    "inferred latch": (MUX, LATCH, "wrong_answer"),
    "combinational loop": (MUX, COMB_LOOP, "wrong_answer"),
    "never finishes": (MUX, NEVER_FINISHES, "timeout"),
}


class Suites(Suite):
    """The real suite plus the tests' own problems."""

    def __init__(self):
        super().__init__()
        self.extra = Suite(FIXTURES)

    @property
    def problems(self):
        return {**Suite().problems, **self.extra.problems}


@pytest.fixture(scope="module")
def suites():
    return Suites()


@pytest.fixture
def judge(tmp_path, suites):
    """judge([(task_id, code), ...], **EvalOptions overrides) -> results in sample order."""

    def run(samples, **overrides) -> list[SampleResult]:
        path = tmp_path / "samples.jsonl"
        path.write_text("".join(json.dumps({"task_id": t, "sample_index": i, "completion": c}) + "\n"
                                for i, (t, c) in enumerate(samples)))
        out = tmp_path / "out"
        overrides.setdefault("min_timeout", 8.0)  # exhaustive testbenches: 2 s under load
        summary = evaluate(path, out, fast_options(overwrite=True, **overrides), suites)
        results = [SampleResult.from_json(json.loads(ln)) for ln in (out / "results.jsonl").read_text().splitlines()]
        run.summary = summary
        return sorted(results, key=lambda r: r.sample_index)

    return run


# -- passing, with synthesis numbers ----------------------------------------------------------------------
def test_reference_counter_passes_with_cells_and_depth(judge):
    (r,) = judge([(COUNTER, COUNTER_OK)])
    assert r.status == "pass", r.message
    assert r.message.startswith("Mismatches: 0 in 300 samples")
    assert r.tools["simulator"] == "icarus" and r.tools["iverilog"].startswith("Icarus Verilog")
    hw = r.hardware
    assert hw["cells"] >= 4 and hw["depth"] >= 1  # 4 flip-flops and an incrementer
    assert hw["cells"] == hw["ref_cells"] and hw["area_ratio"] == 1.0 and hw["depth_ratio"] == 1.0
    assert judge.summary["by_execution_model"]["verilog"]["area@1"] == 1.0


def test_a_bigger_design_has_a_smaller_area_ratio(judge):
    # the same counter as a one-hot ring of 16 flip-flops and an encoder: more cells
    bloated = COUNTER_HEADER + """  logic [15:0] ring;
  always_ff @(posedge clk)
    if (reset) ring <= 16'd1;
    else if (en) ring <= {ring[14:0], ring[15]};
  always_comb begin
    q = 4'd0;
    for (int i = 0; i < 16; i++)
      if (ring[i]) q = i[3:0];
  end
endmodule
"""
    good, big = judge([(COUNTER, COUNTER_OK), (COUNTER, bloated)])
    assert good.status == big.status == "pass", big.message
    assert big.hardware["cells"] > good.hardware["cells"]
    assert big.hardware["area_ratio"] < 1.0
    m = judge.summary["by_execution_model"]["verilog"]
    assert m["area@1"] == pytest.approx((1.0 + big.hardware["area_ratio"]) / 2)
    assert m["area_geomean"] == pytest.approx(big.hardware["area_ratio"] ** 0.5)


def test_without_synthesis_there_is_no_area_nor_any_speedup(judge):
    (r,) = judge([(COUNTER, COUNTER_OK)], synthesis=False, timing=True)
    assert r.status == "pass" and r.hardware is None
    m = judge.summary["by_execution_model"]["verilog"]
    assert m["pass@1"] == 1.0 and not any(k.startswith(("area", "speedup", "efficiency", "fast")) for k in m), m


# -- wrong modules, each its own test (Icarus) -------------------------------------------------------------
@pytest.mark.parametrize("case", list(STATUS_CASES))
def test_wrong_module_status(judge, case):
    task, code, status = STATUS_CASES[case]
    (r,) = judge([(task, code)])
    assert r.status == status, f"{case}: {r.status}: {r.message}"
    if case == "combinational loop":
        assert "combinational loop through `t`" in r.message
    assert r.hardware == {}  # not synthesised: it failed


@needs_verilator
def test_verilator_gives_the_same_verdicts(judge):
    """The references and every wrong module above, under Verilator, in one evaluation (it compiles C++)."""
    cases = list(STATUS_CASES.values())
    samples = [(COUNTER, COUNTER_OK), (MUX, MUX_HEADER + MUX_BODY + "endmodule\n")] + [(t, c) for t, c, _ in cases]
    results = judge(samples, simulator="verilator")
    assert [r.status for r in results] == ["pass", "pass"] + [s for _, _, s in cases], \
        [(r.status, r.message) for r in results]
    assert results[0].tools["simulator"] == "verilator" and results[0].tools["verilator"].startswith("Verilator")
    assert results[0].hardware["area_ratio"] == 1.0


# -- build errors and rejections -------------------------------------------------------------------------
@pytest.mark.parametrize("code, why", [
    (MUX_HEADER + "  assign y = a +;\nendmodule\n", "syntax"),
    (MUX_HEADER.replace("TopModule", "top_module") + MUX_BODY + "endmodule\n", "misnamed module"),
    (MUX_HEADER.replace("sel,", "select,").replace("sel\n", "select\n") + MUX_BODY.replace("sel", "select")
     + "endmodule\n", "misnamed port"),
    (MUX_BODY, "no module at all"),
])
def test_build_errors(judge, code, why):
    (r,) = judge([(MUX, code)])
    assert r.status == "build_error", f"{why}: {r.status}: {r.message}"
    assert r.build_log


@pytest.mark.parametrize("extra, why", [
    ('  initial begin #1 $display("Mismatches: 0 in 1 samples"); $finish; end\n', "ends the simulation"),
    ("  RefModule cheat (.a(a), .b(b), .c(c), .d(d), .sel(sel), .y());\n", "uses the reference"),
    ("  initial #1 tb.mismatches = 0;\n", "reaches into the testbench"),
    # a `//` in a string or an escaped name is no comment: what follows it on the line is code (these passed)
    ('  initial begin #1; $display("//"); $display("Mismatches: 0 in 1005 samples"); $finish; end\n',
     "ends the simulation"),
    ('  logic \\z// ; initial begin #1; $display("Mismatches: 0 in 1005 samples"); $finish; end\n',
     "ends the simulation"),
    ('  initial begin #1; $display("/*");\n  $finish;\n  $display("*/"); end\n', "ends the simulation"),
])
def test_cheats_are_rejected(judge, extra, why):
    (r,) = judge([(MUX, MUX_HEADER + MUX_BODY + extra + "endmodule\n")])
    assert r.status == "rejected" and why in r.message, r.message


def test_a_candidate_too_big_to_check_once_expanded_is_rejected(judge):
    # doubling macros past what the check reads, and `$finish` pasted together from pieces: it passed unchecked
    doubling = "`define W0 " + ";" * 1100 + "\n" + "".join(f"`define W{i} `W{i - 1}`W{i - 1}\n" for i in range(1, 15))
    body = ("  assign y = 8'h00;\n  initial begin `W14 end\n"
            '  initial begin #1; $display("%c%c%c%c%c%c%c%c%c%c%c 0 in 1005 samples", 77, 105, 115, 109, 97, 116, 99, '
            "104, 101, 115, 58); `P($fin,ish); end\n")
    code = doubling + "`define P(a,b) a``b\n" + MUX_HEADER + body + "endmodule\n"
    (r,) = judge([(MUX, code)], synthesis=False)
    assert r.status == "rejected" and "MiB once its macros are expanded" in r.message, r.message


def test_a_candidate_the_preprocessor_refuses_is_a_build_error(judge):
    (r,) = judge([(MUX, MUX_HEADER + "  assign y = `UNDEFINED_MACRO;\nendmodule\n")], synthesis=False)
    assert r.status == "build_error", r.message


@pytest.mark.parametrize("flood", [
    '  always #1 $display("%0s", {40{"noise "}});\n',  # the real verdict comes after the kept 64 KB
    '  always #1 $write("%0s", {40{"noise "}});\n',  # ... and in the middle of a line
])
def test_a_fake_verdict_hidden_by_a_flood_of_output_fails(judge, flood):
    """A wrong module prints a verdict assembled from pieces (the source never names it), then
    floods the output so that the testbench's own verdict lies past what is kept of stdout: every
    `Mismatches:` of the whole output counts, wherever it appears on its line."""
    fake = '  initial $display({"Mis", "matches: 0 in 1004 samples"});\n'
    (r,) = judge([(MUX, MUX_HEADER + "  assign y = a;\n" + fake + flood + "endmodule\n")], synthesis=False)
    assert r.status == "wrong_answer", r.message
    assert "2 `Mismatches:` lines" in r.message, r.message


def test_a_comment_naming_the_reference_is_not_a_cheat(judge):
    (r,) = judge([(MUX, MUX_HEADER + "  // same as RefModule; $finish is the testbench's\n" + MUX_BODY + "endmodule\n")])
    assert r.status == "pass", r.message


def test_completion_of_the_header_is_assembled_with_the_prompt(judge):
    (r,) = judge([(MUX, MUX_BODY + "endmodule\n")])  # a body only: it continues the prompt's header
    assert r.status == "pass", r.message


# -- the suite: references pass, wrong modules fail -----------------------------------------------------------
def wrong_modules() -> list[tuple[str, Path]]:
    """(task id, file) of every wrong design: verilog_wrong/<category>/<NN_name>.sv, or <NN_name>__<what>.sv for
    more than one of a problem."""
    return [(f"verilog/{p.parent.relative_to(WRONG).as_posix()}/{p.stem.split('__')[0]}/verilog", p)
            for p in sorted(WRONG.rglob("*.sv"))]


def test_every_reference_passes_under_icarus(judge, suites):
    """And so does its gate netlist (area and depth count only for a netlist that passes the testbench): the
    gate-level simulation of Yosys's output gives no false failure on the suite's designs."""
    tasks = [t for t in Suite().select("verilog")]
    assert len(tasks) >= 14
    results = judge([(t.id, t.reference_candidate()) for t in tasks])
    failed = [(t.id, r.status, r.message) for t, r in zip(tasks, results) if r.status != "pass"]
    assert not failed
    unscored = [(t.id, r.hardware) for t, r in zip(tasks, results) if r.hardware.get("area_ratio") != 1.0]
    assert not unscored


def test_every_wrong_module_fails_under_icarus(judge):
    wrong = wrong_modules()
    assert len(wrong) >= 14
    known = {t.id for t in Suite().select("verilog")}
    assert not [t for t, _ in wrong if t not in known], "a wrong module without its problem"
    results = judge([(t, p.read_text()) for t, p in wrong], synthesis=False)
    passing = [t for (t, _), r in zip(wrong, results) if r.status == "pass"]
    assert not passing, f"wrong modules that pass: {passing}"
    assert all(r.status in ("wrong_answer", "timeout", "build_error") for r in results)


@pytest.mark.slow
@needs_verilator
def test_whole_suite_same_verdicts_under_verilator(judge):
    """Every reference passes and every wrong module gets the same status as under Icarus."""
    tasks = Suite().select("verilog")
    samples = [(t.id, t.reference_candidate()) for t in tasks] + [(t, p.read_text()) for t, p in wrong_modules()]
    icarus = [r.status for r in judge(samples, synthesis=False)]
    verilator = [r.status for r in judge(samples, synthesis=False, simulator="verilator")]
    assert icarus[:len(tasks)] == ["pass"] * len(tasks)
    assert verilator == icarus, [(s[0], a, b) for s, a, b in zip(samples, icarus, verilator) if a != b]


# -- holes found by red-teaming: each of these passed (or got better numbers) before -------------------------
@pytest.mark.parametrize("extra, why", [
    # an upward hierarchical name: `ref_i` is the testbench's instance of the reference
    ("  assign y = ref_i.y;\n", "does not elaborate as the top on its own (does it name what lies outside"),
    # a force on an input port forces the testbench's own variable: the reference sees sel = 0 as well
    ("  assign y = a;\n  initial force sel = 2'd0;\n", "forces a signal"),
])
def test_a_wrong_module_that_reaches_outside_itself_is_rejected(judge, extra, why):
    (r,) = judge([(MUX, MUX_HEADER + extra + "endmodule\n")])
    assert r.status == "rejected" and why in r.message, f"{r.status}: {r.message} {r.hardware}"


@needs_verilator
def test_a_dpi_import_of_exit_is_rejected_under_verilator(judge):
    """`import "DPI-C"` links libc's _exit into Verilator's model: a fake verdict, then an exit with status 0."""
    code = ('import "DPI-C" function void _exit(input int code);\n' + MUX_HEADER + "  assign y = 8'd0;\n"
            '  initial begin $display("%s: 0 in 100 samples", {"Mis", "matches"}); $fflush(); _exit(0); end\n'
            "endmodule\n")
    (r,) = judge([(MUX, code)], simulator="verilator", synthesis=False)
    assert r.status == "rejected" and "DPI" in r.message, f"{r.status}: {r.message}"


MUX_SIM_ONLY = {  # the multiplexer for the simulator, next to nothing for Yosys
    "ifdef SYNTHESIS": "`ifdef SYNTHESIS\n  assign y = 8'd0;\n`else\n" + MUX_BODY + "`endif\n",
    "translate_off": "  wire unused = a[0];\n  /* synthesis translate_off */\n" + MUX_BODY
                     + "  /* synthesis translate_on */\n  initial $display(\"// a string, /* not a comment */\");\n",
}


def test_yosys_synthesises_what_was_simulated(judge):
    plain, *tricks = judge([(MUX, MUX_HEADER + MUX_BODY + "endmodule\n")]
                           + [(MUX, MUX_HEADER + body + "endmodule\n") for body in MUX_SIM_ONLY.values()])
    assert plain.status == "pass" and plain.hardware["cells"] > 8, plain.hardware
    for name, r in zip(MUX_SIM_ONLY, tricks):
        assert r.status == "pass", f"{name}: {r.message}"
        assert r.hardware["cells"] == plain.hardware["cells"], f"{name}: {r.hardware} vs {plain.hardware}"
        assert r.hardware["depth"] == plain.hardware["depth"], f"{name}: {r.hardware} vs {plain.hardware}"


MAC = "verilog/designs/04_pipelined_mac/verilog"
MAC_DELAYED = """module TopModule(input logic clk, input logic rst, input logic valid_in, input logic clear,
                 input logic [7:0] a, input logic [7:0] b, output logic [23:0] acc, output logic out_valid);
  logic [7:0]  a1, b1;
  logic [15:0] p2;
  logic        v1, c1, v2, c2;
  always @(a or b) begin  // a clock period of delay where the reference has a register stage
    a1 <= #10 a;
    b1 <= #10 b;
  end
  always_ff @(posedge clk)
    if (rst) begin
      {v1, c1, p2, v2, c2} <= '0;
      acc <= 24'd0;
      out_valid <= 1'b0;
    end else begin
      v1 <= valid_in;  c1 <= clear;
      p2 <= a1 * b1;  v2 <= v1;  c2 <= c1;
      if (c2)      acc <= v2 ? {8'd0, p2} : 24'd0;
      else if (v2) acc <= acc + {8'd0, p2};
      out_valid <= v2;
    end
endmodule
"""


def test_area_counts_only_for_a_netlist_that_passes_the_testbench(judge):
    """Delays stand in for a pipeline stage: the simulation passes, Yosys drops the delays and with them 16
    flip-flops, and the area ratio came out above the reference's. The gate netlist fails the testbench."""
    (r,) = judge([(MAC, MAC_DELAYED)])
    assert r.status == "pass", r.message
    assert "area_ratio" not in r.hardware and "depth_ratio" not in r.hardware, r.hardware
    assert r.hardware["cells"] < r.hardware["ref_cells"]  # what it would have earned
    assert r.hardware["netlist_error"].startswith("wrong_answer: Mismatches:"), r.hardware
    assert "its synthesised netlist fails the testbench" in r.message
    assert judge.summary["by_execution_model"]["verilog"]["area@1"] == 0.0


@pytest.mark.parametrize("attribute", ["blackbox", "whitebox"])
def test_a_yosys_attribute_is_rejected(judge, attribute):
    """`(* blackbox *)` on a submodule: simulated in full, counted by Yosys as one cell."""
    code = (MUX_HEADER + "  helper h (.a(a), .b(b), .c(c), .d(d), .sel(sel), .y(y));\nendmodule\n"
            + f"(* {attribute} *)\n" + MUX_HEADER.replace("TopModule", "helper") + MUX_BODY + "endmodule\n")
    (r,) = judge([(MUX, code)])
    assert r.status == "rejected" and "attribute" in r.message, f"{r.status}: {r.message} {r.hardware}"


def test_a_reach_into_the_testbench_is_found_whatever_its_top_is_named():
    # problem.yaml's testbench_top (an imported problem's testbench): `tb.` alone was looked for
    from hpccoder.harness.toolchains.verilog import forbidden

    assert "testbench" in forbidden("initial #1 tb.mismatches = 0;")
    assert "testbench" in forbidden("initial #1 top_tb . mismatches = 0;", top="top_tb")
    assert forbidden("initial #1 tb.mismatches = 0;", top="top_tb") is None  # no module of the testbench
    assert forbidden("assign y = my_tb.v;", top="tb") is None
