"""The `verilog` execution model: a candidate `TopModule` simulated against `RefModule` by the
problem's self-checking testbench, then synthesised with Yosys for its area and logic depth.

A problem (evalsuite/verilog/<category>/<NN_name>/) has a testbench `test.sv` (top module
`tb`) that instantiates `RefModule` (kernels_ref/.../ref.sv) and `TopModule` (the
candidate), compares every output and prints one line `Mismatches: N in M samples`.

Simulators (`--simulator`): Icarus Verilog (default; `iverilog -g2012`, then `vvp`) and
Verilator (`--binary --timing`). Verilator is 2-state and zero-initialises by default, which
would hide a missing reset; it is run with random initial values (`--x-initial unique`,
`+verilator+rand+reset+2`) so that both simulators reject such a module.

Statuses: build_error (syntax or elaboration: a missing or misnamed TopModule, wrong port
names), timeout (the simulation does not finish), wrong_answer (N > 0, or not exactly one
`Mismatches:` in the whole output, wherever it stands on its line: the sandbox watches the stream,
so a fake verdict cannot push the real one past what is kept of stdout; also a failing design with a combinational loop, which Yosys finds on the
synthesised netlist: Icarus settles such a loop at X or spins forever, Verilator gives up with
"did not converge", and the check gives both one verdict), rejected (the candidate ends the
simulation or prints the verdict, reaches into the testbench, or uses the reference module; forces a
signal, uses `bind`, the DPI or a `(* ... *)` attribute; or does not elaborate alone as the top, which
an upward hierarchical name such as `ref_i.y` needs), pass.

Yosys synthesises the candidate as the simulator's preprocessor expanded it, comments removed
(synth.sv), so that `ifdef SYNTHESIS`, `translate_off` and the like cannot show it a smaller design
than the one simulated. The gate netlist Yosys counted is simulated again by the testbench (netlist_check):
area and depth count only where it passes too, so that what only a simulator does (delays in place of a
register stage) cannot buy a smaller design.

The forbidden constructs are looked for in the candidate as the simulator's preprocessor expands it
(a macro can paste `$fin` and `ish` together), a simulation must end with exit status 0 (one that
prints a fake verdict and then crashes does not pass), and it runs in a RAM-backed scratch folder
with only the built simulation in it, so what it writes ($fopen) does not land on the host's disk.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import shutil
import threading
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from hpccoder import paths
from hpccoder.errors import HpcError

from hpccoder.harness import hardware
from hpccoder.harness.sandbox import SANDBOX_ROOT
from hpccoder.harness.toolchains.base import Toolchain, tool_version

VERDICT_PREFIX = b"Mismatches:"  # counted wherever it appears in the whole output
VERDICT_REST = re.compile(r"(\d+)\s+in\s+(\d+)\s+samples")
NOT_SETTLING = ("did not converge", "didn't converge")
# What a candidate has no business doing: ending the simulation (it could print a fake
# verdict first), calling the shell, writing the verdict, using the reference, or reaching
# into the testbench by hierarchical name.
FORBIDDEN = [
    (re.compile(r"\$(finish|stop|fatal|exit|system)"), "ends the simulation or calls the system ($finish/$stop/"
                                                       "$fatal/$exit/$system are the testbench's)"),
    (re.compile(r"\$c\d*\b|`systemc_"), "embeds C++ code (Verilator's $c, `systemc_...)"),
    (re.compile(r"Mismatches"), "prints the testbench's verdict"),
    (re.compile(r"\bRefModule\b"), "uses the reference module"),
    (re.compile(r"\$root\b"), "reaches into the testbench by hierarchical name"),
    (re.compile(r"\b(force|release)\b"), "forces a signal (`force` on an input port forces the testbench's own signal)"),
    (re.compile(r"\bbind\b"), "binds code into another module (`bind`)"),
    (re.compile(r'\b(import|export)\s*"DPI'), "calls C functions through the DPI (`import \"DPI-C\"` reaches libc's exit)"),
    (re.compile(r"\(\*\s*[A-Za-z_\\]"), "uses a `(* ... *)` attribute (Yosys would synthesise something else than"
                                         " was simulated: blackbox, keep_hierarchy, nosync, parallel_case ...)"),
]
# Verilog's tokens that may hold `//` or `/*` without starting a comment: strings and escaped identifiers (`\a//b`
# up to white space). Scanned from the left, a comment starts only where neither is under way.
CODE_OR_COMMENT = re.compile(r'("(?:\\[\s\S]|[^"\\\n])*"|\\\S+)|//[^\n]*|/\*.*?\*/', re.S)
EXPANDED_MAX = 16 << 20  # bytes of the candidate as its macros expand: a design is far smaller
SYNTH_FILE = "synth.sv"  # what Yosys reads: the candidate as the simulator's preprocessor expanded it


@dataclass(frozen=True)
class Simulator:
    name: str
    tools: tuple[str, ...]
    package: str
    build_time_factor: float = 1.0  # of the harness's build timeout: Verilator compiles C++, slow on busy machines

    def build_script(self, top: str) -> str:
        """A shell script that builds `sim` (or obj/V<top>) from test.sv, ref.sv and top.sv."""
        raise NotImplementedError

    def run_argv(self, seed: int, top: str) -> list[str]:
        raise NotImplementedError

    def program(self, top: str) -> str:
        """The built simulation (relative to the build folder): all that its run needs."""
        raise NotImplementedError

    def preprocess_script(self) -> str:
        """A shell script that writes top.sv as the preprocessor expands it to top.pp.sv."""
        raise NotImplementedError

    def alone_script(self) -> str:
        """A shell script that elaborates top.sv alone with TopModule as the top: it fails where the
        candidate names what lies outside it (an upward hierarchical name like `ref_i.y`, a testbench task)."""
        raise NotImplementedError

    def prepare(self, sandbox, workroot: Path, work: Path, timeout: float) -> None:
        """Put what the build needs besides the sources into `work`."""


class Icarus(Simulator):
    def build_script(self, top):
        return shlex.join(["iverilog", "-g2012", "-s", top, "-o", "sim", "test.sv", "ref.sv", "top.sv"])

    def run_argv(self, seed, top):
        return ["vvp", "-n", "sim", f"+seed={seed}"]

    def program(self, top):
        return "sim"

    def preprocess_script(self):
        return shlex.join(["iverilog", "-g2012", "-E", "-o", "top.pp.sv", "top.sv"])

    def alone_script(self):
        return shlex.join(["iverilog", "-g2012", "-s", "TopModule", "-o", "alone", "top.sv"])


class Verilator(Simulator):
    """`verilator --binary -Wno-fatal --timing`, in two steps so that Verilator's own runtime
    (verilated.cpp and friends, 80% of the C++ compile time of a small design) is compiled once per
    machine and Verilator version, not per sample: verilate, drop the runtime objects in, make."""

    FLAGS = ("--cc", "--exe", "--main", "--timing", "-Wno-fatal", "--x-assign", "unique", "--x-initial", "unique")
    MAKE = ("OPT_FAST=-O0", "OPT_SLOW=-O0")  # small testbenches: compiling is the cost, not simulating
    _lock = threading.Lock()

    def build_script(self, top):
        verilate = shlex.join(["verilator", *self.FLAGS, "--top-module", top, "-Mdir", "obj",
                               "test.sv", "ref.sv", "top.sv"])
        make = shlex.join(["make", "-s", "-C", "obj", "-f", f"V{top}.mk", f"V{top}", *self.MAKE])
        # the copied runtime objects are newer than the makefile just written, so make keeps them
        return f"{verilate} && cp runtime/*.o obj/ && {make}"

    def run_argv(self, seed, top):
        return [f"./obj/V{top}", f"+seed={seed}", "+verilator+rand+reset+2", f"+verilator+seed+{seed % 2**31 or 1}"]

    def program(self, top):
        return f"obj/V{top}"

    def preprocess_script(self):
        return "verilator -E -P top.sv > top.pp.sv"

    def alone_script(self):
        return shlex.join(["verilator", "--lint-only", "--timing", "-Wno-fatal", "--top-module", "TopModule", "top.sv"])

    def prepare(self, sandbox, workroot, work, timeout):
        shutil.copytree(self.runtime(sandbox, workroot, timeout), work / "runtime")

    def runtime(self, sandbox, workroot: Path, timeout: float) -> Path:
        key = hashlib.sha256("\0".join([str(tool_version("verilator")), *self.FLAGS]).encode()).hexdigest()[:16]
        target = paths.cache_dir() / "verilator-runtime" / key
        with self._lock:
            if target.exists():
                return target
            work = sandbox.make_dir(workroot / "verilog" / f"runtime-{uuid.uuid4().hex[:8]}")
            (work / "tb.sv").write_text("module tb; initial begin #1 $display(\"ok\"); $finish; end endmodule\n")
            cmd = shlex.join(["verilator", *self.FLAGS, "--build", "--top-module", "tb", "-Mdir", "obj", "tb.sv"])
            out = sandbox.run(["/bin/sh", "-c", cmd], work, timeout=max(timeout, 300))
            objects = sorted((work / "obj").glob("verilated*.o"))
            if out.returncode != 0 or not objects:
                raise HpcError(f"Verilator cannot build its runtime here: {(out.stderr or out.stdout).strip()[-300:]}")
            tmp = target.with_name(f"{target.name}.{uuid.uuid4().hex[:8]}.tmp")  # another process may race us
            tmp.mkdir(parents=True)
            for obj in objects:
                shutil.copyfile(obj, tmp / obj.name)
            try:
                tmp.replace(target)
            except OSError:  # the other process won: its objects are the same
                shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)
            return target


SIMULATORS = {
    "icarus": Icarus("icarus", ("iverilog", "vvp"), "iverilog"),
    "verilator": Verilator("verilator", ("verilator",), "verilator", build_time_factor=3.0),
}
DEFAULT_SIMULATOR = "icarus"


def simulator(name: str) -> Simulator:
    if name not in SIMULATORS:
        raise HpcError(f"unknown simulator '{name}': use one of {', '.join(SIMULATORS)}")
    return SIMULATORS[name]


def testbench_top(problem) -> str:
    """The testbench's top module: problem.yaml's testbench_top, or tb."""
    return problem.spec.get("testbench_top", "tb")


def forbidden(source: str, top: str = "tb") -> str | None:
    """Why `source` is refused, or None: the patterns are looked for in its code and its strings, not its
    comments (a `//` in a string or an escaped name starts none: `$display("//"); $finish;` is code). `top` is the
    testbench's top module (problem.yaml's testbench_top): a name that begins with it reaches into the testbench."""
    code = CODE_OR_COMMENT.sub(lambda m: m.group(1) or " ", source)
    if re.search(rf"(?<![\w$\\]){re.escape(top)}\s*\.", code):
        return "reaches into the testbench by hierarchical name"
    return next((why for pattern, why in FORBIDDEN if pattern.search(code)), None)


def verdict(stdout: str, stderr: str, timed_out: bool, wall_s: float, returncode: int | None,
            how: str, verdict_lines: list[str]) -> tuple[str, str]:
    """(status, message) of one simulation from what it printed and how it ended (`how`: killed by ...).
    `verdict_lines`: the `Mismatches:` lines picked out of the whole output, as the sandbox keeps
    them (the text after `Mismatches:`; the kept `stdout` may be cut short)."""
    if timed_out:
        return "timeout", f"the simulation did not finish within {wall_s:.1f} s"
    if any(s in stderr or s in stdout for s in NOT_SETTLING):
        return "wrong_answer", "the design never settles: the simulator gave up"
    if returncode != 0:  # whatever it printed before: a crash after a fake verdict must not pass
        tail = (stderr.strip() or stdout.strip()).splitlines()[-1:] or [""]
        return "runtime_error", f"the simulation {how or f'exited with code {returncode}'}: {tail[0][:200]}".strip()
    found = [m.groups() for m in map(VERDICT_REST.match, verdict_lines) if m]
    found += [("?", "?")] * (len(verdict_lines) - len(found))  # a malformed one counts as a second
    if len(found) != 1:
        tail = (stderr.strip() or stdout.strip()).splitlines()[-1:] or [""]
        what = "no `Mismatches:` line" if not found else f"{len(found)} `Mismatches:` lines"
        return "wrong_answer", f"{what} (the simulation stopped early?) {tail[0][:200]}".strip()
    if found[0][0] == "?":
        return "wrong_answer", "the `Mismatches:` line is malformed"
    bad, total = int(found[0][0]), int(found[0][1])
    if total == 0:
        return "wrong_answer", "the testbench compared no samples"
    if bad:
        return "wrong_answer", f"Mismatches: {bad} in {total} samples"
    return "pass", f"Mismatches: 0 in {total} samples"


def first_error(log: str) -> str:
    lines = [ln.strip() for ln in log.splitlines() if ln.strip()]
    telling = [ln for ln in lines if re.search(r"error|Error|unknown|Unknown", ln)]
    return (telling or lines or [""])[0][:300]


class VerilogToolchain(Toolchain):
    name = "verilog"
    ref_file = "ref.sv"
    language = "verilog"
    compiler = "iverilog"
    packages = "iverilog verilator yosys"

    def tools(self):
        return ["iverilog", "vvp", "verilator", "yosys"]

    def versions(self):
        return {t: tool_version(t) for t in ("iverilog", "verilator", "yosys")}

    def missing(self, sim: str = DEFAULT_SIMULATOR):
        absent = [t for t in simulator(sim).tools if not shutil.which(t)]
        if absent:
            return f"{', '.join(absent)} not found: apt-get install {simulator(sim).package}"
        return None

    def preamble(self):
        return ""

    def reference_candidate(self, source: str) -> str:
        """The reference written as a candidate: `RefModule` renamed `TopModule`."""
        return re.sub(r"\bRefModule\b", "TopModule", source)

    def smoke_check(self, sandbox) -> tuple[bool, bool, str]:
        """(builds, runs, what happened) for `hpccoder doctor`: a tiny testbench under each installed
        simulator, and a tiny design through Yosys, in the sandbox."""
        import tempfile
        from types import SimpleNamespace

        said, ran = [], []
        with tempfile.TemporaryDirectory(prefix="hpccoder-doctor-") as tmp:
            Path(tmp).chmod(0o755)
            problem = SimpleNamespace(path=Path(tmp), ref_dir=Path(tmp), spec={})
            (Path(tmp) / "test.sv").write_text(SMOKE_TB)
            (Path(tmp) / "ref.sv").write_text(SMOKE_REF)
            for sim in SIMULATORS:
                if self.missing(sim):
                    said.append(f"{sim} missing (apt-get install {SIMULATORS[sim].package})")
                    continue
                status, message, _, work = self.simulate(sandbox, Path(tmp), problem, self.reference_candidate(
                    SMOKE_REF), sim, 1, 600, 60)
                ran += [sim] * (status == "pass")
                said.append(f"{sim} {'ran' if status == 'pass' else 'FAILS: ' + message}")
                if status == "pass" and sim == DEFAULT_SIMULATOR and not hardware.missing():
                    numbers = hardware.synthesize(sandbox, work, "top.sv", "TopModule", 120)
                    said.append(f"yosys {'FAILS: ' + numbers['error'] if 'error' in numbers else 'synthesised'}")
        return bool(ran), bool(ran), ", ".join(said)

    # -- one sample ---------------------------------------------------------------------------------
    def simulate(self, sandbox, workroot, problem, source: str, sim: str, seed: int, build_timeout: float,
                 run_timeout: float):
        """Build and run the testbench with `source` as TopModule: (status, message, build log, work dir)."""
        sim_ = simulator(sim)
        work = sandbox.make_dir(workroot / "verilog" / uuid.uuid4().hex[:12])
        shutil.copyfile(problem.path / "test.sv", work / "test.sv")
        shutil.copyfile(problem.ref_dir / self.ref_file, work / "ref.sv")
        (work / "top.sv").write_text(source)
        top = testbench_top(problem)
        pre = sandbox.run(["/bin/sh", "-c", sim_.preprocess_script()], work, timeout=build_timeout)
        expanded = work / "top.pp.sv"
        # what is simulated is checked as the simulator reads it, macros expanded: a candidate that cannot be
        # expanded, or expands past what is read here, is not run unchecked
        if pre.returncode != 0 or not expanded.is_file():
            log = (pre.stdout + pre.stderr).replace(str(work), ".")
            return "build_error", f"the preprocessor fails: {first_error(log) or 'no output'}"[:300], log, work
        if expanded.stat().st_size >= EXPANDED_MAX:
            return "rejected", (f"expands to over {EXPANDED_MAX >> 20} MiB once its macros are expanded (too much "
                                "to check)"), "", work
        text = expanded.read_text(errors="replace")
        why = forbidden(text, top)
        if why:
            return "rejected", f"{why}, once its macros are expanded", "", work
        # Yosys reads what the simulator compiled: no `ifdef SYNTHESIS, no translate_off or full_case comment
        (work / SYNTH_FILE).write_text(CODE_OR_COMMENT.sub(lambda m: m.group(1) or " ", text))
        status, message, log = self._build(sandbox, workroot, sim_, work, top, build_timeout)
        if status:
            return status, message, log, work
        alone = sandbox.run(["/bin/sh", "-c", sim_.alone_script()], work,
                            timeout=build_timeout * sim_.build_time_factor)
        if alone.returncode != 0:
            said = first_error((alone.stdout + alone.stderr).replace(str(work), "."))
            why = ("does not elaborate as the top on its own (does it name what lies outside TopModule, in the "
                   f"testbench or the reference?): {said}")
            return "rejected", why[:300], log, work
        status, message = self._run(sandbox, sim_, work, problem, top, seed, run_timeout)
        return status, message, log, work

    @staticmethod
    def _build(sandbox, workroot, sim_, work: Path, top: str, build_timeout: float) -> tuple[str | None, str, str]:
        """Build the testbench in `work` (test.sv, ref.sv, top.sv): (None, "", log), or a build_error."""
        sim_.prepare(sandbox, workroot, work, build_timeout)
        build = sandbox.run(["/bin/sh", "-c", sim_.build_script(top)], work,
                            timeout=build_timeout * sim_.build_time_factor)
        log = (build.stdout + build.stderr).replace(str(work), ".")[:8000]
        if build.timed_out or build.returncode != 0:
            what = "build timed out" if build.timed_out else "does not build"
            return "build_error", f"{what}: {first_error(log)}"[:300], log
        return None, "", log

    @staticmethod
    def _run(sandbox, sim_, work: Path, problem, top: str, seed: int, run_timeout: float) -> tuple[str, str]:
        """Run the simulation built in `work` in a scratch folder of its own: (status, message)."""
        run_timeout = max(run_timeout, float(problem.spec.get("timeout", 0)))
        program = sim_.program(top)
        out = sandbox.run(sim_.run_argv(seed, top), None, timeout=run_timeout,
                          ro_binds=((str(work / program), f"{SANDBOX_ROOT}/{program}"),),
                          watch=VERDICT_PREFIX, watch_mid_line=True)
        return verdict(out.stdout, out.stderr, out.timed_out, out.wall_s, out.returncode,
                       f"was killed by {out.signal_name}" if out.signal_name else "", out.protocol)

    def netlist_check(self, sandbox, workroot, work: Path, problem, sim: str, seed: int, build_timeout: float,
                      run_timeout: float) -> str | None:
        """Why the gate netlist Yosys made of a passing candidate (work/netlist.v) fails the same testbench with
        the same seed, or None where it passes. Area and depth are of that netlist: they count only for a design
        whose netlist does what was simulated (no simulation-only behaviour: delays, initial processes, event
        waits...). Icarus where it is installed (fast to build), else the evaluation's simulator."""
        sim_ = simulator(DEFAULT_SIMULATOR if not self.missing(DEFAULT_SIMULATOR) else sim)
        gates = sandbox.make_dir(workroot / "verilog" / f"netlist-{uuid.uuid4().hex[:12]}")
        try:
            for name in ("test.sv", "ref.sv"):
                shutil.copyfile(work / name, gates / name)
            shutil.copyfile(work / hardware.NETLIST, gates / "top.sv")
            top = testbench_top(problem)
            status, message, _ = self._build(sandbox, workroot, sim_, gates, top, build_timeout)
            if not status:
                status, message = self._run(sandbox, sim_, gates, problem, top, seed, run_timeout)
            return None if status == "pass" else f"{status}: {message}"[:300]
        finally:
            shutil.rmtree(gates, ignore_errors=True)

    def evaluate_sample(self, ev, task, source: str, result):
        """The whole judgement of one distinct candidate (called by harness.evaluate)."""
        sim = ev.opts.simulator
        result.tools = {**result.tools, "simulator": sim}
        result.hardware = {} if ev.opts.synthesis and not hardware.missing() else None  # None: no area@k
        missing = self.missing(sim)
        if missing:
            return replace(result, status="not_run", message=missing)
        why = forbidden(source, testbench_top(task.problem))
        if why:
            return replace(result, status="rejected", message=why)
        with ev.lock.shared():
            seed = (result.seed or 1) % 2**31 or 1
            status, message, log, work = self.simulate(ev.sandbox, ev.workroot, task.problem, source, sim, seed,
                                                       ev.opts.build_timeout, ev.opts.min_timeout)
            result.build_log = log
            synth_file = SYNTH_FILE if (work / SYNTH_FILE).is_file() else None
            if status == "pass" and ev.opts.synthesis and not hardware.missing():
                result.hardware = (hardware.judge(ev.sandbox, work, task.problem, ev.opts.build_timeout, synth_file)
                                   if synth_file else {"error": "the candidate could not be preprocessed for Yosys"})
                if "error" not in result.hardware:
                    why = self.netlist_check(ev.sandbox, ev.workroot, work, task.problem, sim, seed,
                                             ev.opts.build_timeout, ev.opts.min_timeout)
                    if why:  # no area or depth for it: a sample without area_ratio counts 0 in area@k
                        for key in ("area_ratio", "depth_ratio"):
                            result.hardware.pop(key, None)
                        result.hardware["netlist_error"] = why
                        message += f"; its synthesised netlist fails the testbench ({why}): no area or depth"
            elif status in ("timeout", "wrong_answer") and synth_file and not hardware.missing():
                loop = hardware.logic_loop(ev.sandbox, work, synth_file, "TopModule", ev.opts.build_timeout)
                if loop:
                    status, message = "wrong_answer", f"combinational loop through `{loop}` ({message})"
        shutil.rmtree(work, ignore_errors=True)
        return replace(result, status=status, message=message)


SMOKE_REF = "module RefModule (input logic a, b, output logic y);\n  assign y = a ^ b;\nendmodule\n"
SMOKE_TB = """module tb;
  logic a, b, y_ref, y_dut;
  int bad = 0;
  RefModule r (.a(a), .b(b), .y(y_ref));
  TopModule d (.a(a), .b(b), .y(y_dut));
  initial begin
    for (int i = 0; i < 4; i++) begin {a, b} = i[1:0]; #1 bad += y_ref !== y_dut; end
    $display("Mismatches: %0d in 4 samples", bad);
    $finish;
  end
endmodule
"""

TOOLCHAIN = VerilogToolchain()
