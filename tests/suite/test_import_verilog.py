"""`hpccoder suite import-verilog`: a hand-made suite in the VerilogEval layout (tests/suite/verilog_ext),
imported and evaluated like our own problems."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hpccoder.cli import main
from hpccoder.errors import HpcError
from hpccoder.harness.evaluate import evaluate
from hpccoder.samples import read_jsonl
from hpccoder.suite import Suite
from hpccoder.suite.import_verilog import import_verilog, interface_of
from hpccoder.suite.import_verilog import testbench_top as find_testbench_top
from hpctest import fast_options

EXT = Path(__file__).parent / "verilog_ext"


@pytest.fixture
def imported(tmp_path):
    out, names = import_verilog(EXT, "handmade", tmp_path / "root" / "ext")
    (tmp_path / "root" / "suite.yaml").write_text("name: imported\nversion: '1'\n")
    return tmp_path / "root", out, names


def test_import_writes_problems_of_ours(imported):
    root, out, names = imported
    assert names == ["add4", "majority3", "toggle"]
    suite = Suite(root)
    assert not suite.schema_errors()
    assert [t.id for t in suite.tasks()] == [f"ext/handmade/{n}/verilog" for n in names]
    add4 = suite.problems["ext/handmade/add4"]
    assert add4.spec["interface"].startswith("module TopModule (") and add4.spec["interface"].rstrip().endswith(");")
    assert add4.ref_dir == add4.path and (add4.path / "ref.sv").exists()
    # the header at the end of a prompt is not repeated in the description (the template shows the interface)
    assert "module TopModule" not in suite.problems["ext/handmade/majority3"].spec["description"]
    assert suite.problems["ext/handmade/toggle"].spec["testbench_top"] == "bench"


@pytest.mark.skipif(not (shutil.which("iverilog") and shutil.which("bwrap")), reason="needs iverilog and bwrap")
def test_imported_problems_evaluate_like_ours(imported, tmp_path):
    root, _, names = imported
    suite = Suite(root)
    samples = [(t.id, t.reference_candidate()) for t in suite.tasks()]
    samples.append(("ext/handmade/majority3/verilog", "  assign y = a | b | c;\nendmodule\n"))  # continues the header
    samples.append(("ext/handmade/toggle/verilog", "module TopModule (input logic clk, reset, t, output logic q);\n"
                    "  always_ff @(posedge clk) if (t) q <= ~q;\nendmodule\n"))  # no reset
    path = tmp_path / "samples.jsonl"
    path.write_text("".join(json.dumps({"task_id": t, "sample_index": i, "completion": c}) + "\n"
                            for i, (t, c) in enumerate(samples)))
    summary = evaluate(path, tmp_path / "out", fast_options(), suite)
    status = [r["status"] for r in sorted(read_jsonl(tmp_path / "out" / "results.jsonl"), key=lambda r: r["sample_index"])]
    assert status == ["pass", "pass", "pass", "wrong_answer", "wrong_answer"]
    assert summary["by_category"]["handmade"]["pass@1"] == pytest.approx(1 / 3 + 1 / 3 * 0.5 + 1 / 3 * 0.5)


def test_bad_directories_say_what_to_do(tmp_path, capsys):
    with pytest.raises(HpcError, match="not a directory"):
        import_verilog(tmp_path / "missing")
    with pytest.raises(HpcError, match="VerilogEval layout"):
        import_verilog(tmp_path)
    (tmp_path / "x_prompt.txt").write_text("spec")
    with pytest.raises(HpcError, match="lack"):
        import_verilog(tmp_path, out_root=tmp_path / "o")
    (tmp_path / "x_ref.sv").write_text("module Other (input a); endmodule")
    (tmp_path / "x_test.sv").write_text("module tb; endmodule")
    with pytest.raises(HpcError, match="no `module RefModule"):
        import_verilog(tmp_path, out_root=tmp_path / "o")
    assert main(["suite", "import-verilog", str(tmp_path / "missing")]) == 2
    assert "not a directory" in capsys.readouterr().err


def test_names_that_become_the_same_folder_are_refused(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for n in ("p one", "p+one", "p_one", "other"):
        for suffix in ("_prompt.txt", "_ref.sv", "_test.sv"):
            shutil.copy(EXT / f"add4{suffix}", src / f"{n}{suffix}")
    with pytest.raises(HpcError, match=r"become the same folder name: 'p one', 'p\+one', 'p_one' -> p_one"):
        import_verilog(src, "clash", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_imported_twice_needs_overwrite(tmp_path):
    import_verilog(EXT, "again", tmp_path)
    with pytest.raises(HpcError, match="--overwrite"):
        import_verilog(EXT, "again", tmp_path)
    assert import_verilog(EXT, "again", tmp_path, overwrite=True)[1]


def test_header_and_top_detection():
    assert interface_of("// module RefModule (x);\nmodule RefModule #(parameter W = 4) (\n  input [W-1:0] a\n);\n"
                        "endmodule") == "module TopModule #(parameter W = 4) (\n  input [W-1:0] a\n);\n"
    assert find_testbench_top("module gen(output x); endmodule\nmodule top_tb;\n  gen g (.x(x));\nendmodule") == "top_tb"
    assert find_testbench_top("module tb; endmodule") == "tb"
