"""Hardware "speed" of Verilog: area (cells) and logic depth after synthesis with Yosys.

    yosys -p "read_verilog -sv top.sv; synth -flatten -top TopModule; stat; ltp -noff"

`synth` maps to Yosys's generic gate library ($_AND_, $_XOR_, $_MUX_, $_DFF_P_, ...), so
cells are comparable between designs. `-flatten` matters: the short form
`synth -top TopModule; stat` counts a submodule instance as one cell of the top, so a
design split into submodules would look almost free. Depth is `ltp -noff`: the longest
topological path through the gate netlist with flip-flops cut out, i.e. the gates on the
longest combinational path (register to register, input to register, input to output).

A sample's ratios are reference / sample (higher is better, like a speedup); a design
with no cell (pure wiring) counts as 1 so that the ratios stay finite. The reference's
numbers are cached by the hash of its source, the script and the Yosys version.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import threading
from pathlib import Path

from hpccoder import paths
from hpccoder.harness.toolchains.base import tool_version

SCRIPT = "read_verilog -sv {file}; synth -flatten -top {top}; tee -o stat.txt stat; tee -o ltp.txt ltp -noff"
CELLS = re.compile(r"Number of cells:\s*(\d+)")
NETLIST = "netlist.v"  # the gate netlist of a candidate (write_verilog), simulated again by the testbench
DEPTH = re.compile(r"Longest topological path in \S+ \(length=(\d+)\)")
_ref_lock = threading.Lock()


def missing() -> str | None:
    return None if shutil.which("yosys") else "yosys not found: apt-get install yosys"


def parse(stat: str, ltp: str) -> dict:
    cells = CELLS.findall(stat)
    depth = DEPTH.findall(ltp)
    if not cells:
        return {"error": "no cell count in Yosys's `stat`"}
    return {"cells": int(cells[-1]), "depth": int(depth[-1]) if depth else 0}


def synthesize(sandbox, work: Path, file: str, top: str, timeout: float, netlist: str | None = None) -> dict:
    """Cells and depth of module `top` of `work/file` ({"error": ...} where Yosys fails); with `netlist`, the
    gate netlist they were counted on, written there as Verilog."""
    for name in ("stat.txt", "ltp.txt", *([netlist] if netlist else [])):
        (work / name).unlink(missing_ok=True)
    script = SCRIPT.format(file=file, top=top) + (f"; write_verilog -noattr {netlist}" if netlist else "")
    out = sandbox.run(["yosys", "-q", "-p", script], work, timeout=timeout)
    if out.timed_out:
        return {"error": f"synthesis timed out after {timeout:.0f} s"}
    if out.returncode != 0 or not (work / "stat.txt").exists():
        lines = [ln for ln in (out.stderr + out.stdout).splitlines() if ln.strip()]
        return {"error": f"Yosys failed: {(lines or ['?'])[-1].strip()[:200]}"}
    ltp = (work / "ltp.txt").read_text() if (work / "ltp.txt").exists() else ""
    return parse((work / "stat.txt").read_text(), ltp)


def logic_loop(sandbox, work: Path, file: str, top: str, timeout: float) -> str | None:
    """The wire of a combinational loop of the synthesised netlist (None: no loop found, or Yosys failed).

    Simulators disagree on such a design (Icarus settles at X or spins forever, Verilator gives up
    with "did not converge"); a failing sample is checked for one so that both give one verdict.
    Checked on the gate netlist: before synthesis, a vector-wide cell feeding its own other bits
    would look like a loop."""
    (work / "check.txt").unlink(missing_ok=True)
    script = f"read_verilog -sv {file}; synth -flatten -top {top}; tee -o check.txt check"
    out = sandbox.run(["yosys", "-q", "-p", script], work, timeout=timeout)
    if out.returncode != 0 or not (work / "check.txt").exists():
        return None
    m = re.search(r"found logic loop in module \S+:\n(?:\s+cell .*\n)*\s+wire (\S+)", (work / "check.txt").read_text())
    return m.group(1).lstrip("\\") if m else None


def reference(sandbox, work: Path, problem, timeout: float) -> dict:
    """The reference's numbers (work/ref.sv, module RefModule), cached on disk."""
    source = (work / "ref.sv").read_text()
    key = hashlib.sha256("\0".join([source, SCRIPT, str(tool_version("yosys"))]).encode()).hexdigest()[:24]
    path = paths.cache_dir() / "synthesis" / f"ref-{key}.json"
    with _ref_lock:
        if path.exists():
            return json.loads(path.read_text())
        numbers = synthesize(sandbox, work, "ref.sv", "RefModule", timeout)
        if "error" not in numbers:  # a failure is not cached: it may be the machine's
            path.parent.mkdir(parents=True, exist_ok=True)
            paths.publish(path, text=json.dumps(numbers))
        return numbers


def judge(sandbox, work: Path, problem, timeout: float, file: str = "top.sv") -> dict:
    """The `hardware` record of a passing sample: its numbers (module TopModule of `work/file`: the
    candidate as the simulator's preprocessor expanded it, comments out, so that Yosys sees what was
    simulated), the reference's, and the ratios."""
    mine = synthesize(sandbox, work, file, "TopModule", timeout, netlist=NETLIST)
    ref = reference(sandbox, work, problem, timeout)
    out = {**mine, "ref_cells": ref.get("cells"), "ref_depth": ref.get("depth")}
    if "error" in ref:
        out["ref_error"] = ref["error"]
    if "error" not in mine and "error" not in ref:
        out["area_ratio"] = round(max(1, ref["cells"]) / max(1, mine["cells"]), 6)
        out["depth_ratio"] = round(max(1, ref["depth"]) / max(1, mine["depth"]), 6)
    return out


def geomean(values: list[float]) -> float | None:
    values = [v for v in values if v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


def group_geomeans(results) -> dict[str, float]:
    """Geometric means of the area and depth ratios over the passing samples of `results`."""
    out = {}
    passing = [r for r in results if r.status == "pass" and r.hardware]
    for name in ("area", "depth"):
        gm = geomean([r.hardware[f"{name}_ratio"] for r in passing if f"{name}_ratio" in r.hardware])
        if gm is not None:
            out[f"{name}_geomean"] = gm
    return out
