"""`hpccoder suite margins`: how near its tolerance each parallel reference comes.

A correct parallel answer differs from the serial reference's by summation order alone, and the check allows
|got - want| <= atol + rtol |want| element-wise. This builds each selected omp, mpi and mpi+omp task with its own
reference kernel as the candidate, runs it on the problem's check sizes and, as one more check size, on its timing
size (where every timed run also checks one call on fresh inputs of an unpredictable seed) for several seeds at the
most parallel of the default resources, and reports the worst |got - want| / (atol + rtol |want|) seen (the driver's
`--margin`, hpccoder_driver.hpp). 1 is a failure; a row above the threshold (0.1) is at risk: another seed may take
a correct solution over. Drivers whose check compares exactly (integers, indices) or without hpc::within() report
no margin ("exact").

cuda tasks run on the GPU where the harness finds one (the cuda toolchain's cannot_run), else, with `cuda_emulate`,
on the CPU emulator of CUDA (harness/cudaemu, as `evaluate --cuda-emulate` runs them; rows marked emulated, and the
timing size left out unless asked for: the emulator runs every GPU thread on the CPU), else not at all (one line says
why). `resources` replaces RESOURCES for a model: other thread or rank counts partition a reduction otherwise, and so
sum in other orders."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from hpccoder import progress
from hpccoder.errors import HpcError
from hpccoder.harness import cudaemu, toolchains
from hpccoder.harness.records import problem_seed
from hpccoder.harness.runner import RunSpec, driver_lines, new_key
from hpccoder.harness.sandbox import SANDBOX_ROOT, Limits, Sandbox
from hpccoder.harness.toolchains import Resources
from hpccoder.suite.problem import Suite, Task

MODELS = ("omp", "mpi", "mpi+omp", "cuda")
# the most parallel of each model's default resources on a small machine: most threads, most ranks, both shapes of 4;
# cuda's launch configuration is the problem's own (problem.yaml's cuda: block)
RESOURCES = {"omp": (Resources(1, 4),), "mpi": (Resources(3, 1), Resources(4, 1)),
             "mpi+omp": (Resources(2, 2), Resources(4, 1)), "cuda": (Resources(),)}
AT_RISK = 0.1


@dataclass
class Worst:
    """The worst margin of one kind of size (the check sizes, or the timing size) and where it was seen."""

    margin: float | None = None  # None: nothing compared with a tolerance (or nothing ran)
    seed: int | None = None
    size: int | None = None
    resources: str = ""

    def note(self, margin: float | None, seed: int, size: int, res: Resources | None) -> None:
        """`res`: None where the resources are the problem's own (cuda's launch configuration)."""
        if margin is not None and (self.margin is None or margin > self.margin):
            self.margin, self.seed, self.size, self.resources = margin, seed, size, res.label() if res else ""


@dataclass
class Row:
    task: str
    check: Worst = field(default_factory=Worst)
    timing: Worst = field(default_factory=Worst)
    runs: int = 0
    seconds: float = 0.0
    error: str = ""  # a run that failed (a wrong answer: margin > 1), timed out or did not build
    emulated: bool = False  # a cuda task run on the CPU emulator of CUDA, not on a GPU
    timed: bool = True  # whether the timing size was measured

    @property
    def worst(self) -> float | None:
        values = [w.margin for w in (self.check, self.timing) if w.margin is not None]
        return max(values) if values else None

    def to_json(self) -> dict:
        return {"task_id": self.task, "check": vars(self.check), "timing": vars(self.timing), "runs": self.runs,
                "seconds": round(self.seconds, 2), "error": self.error, "emulated": self.emulated,
                "timing_size": self.timed}


def run_margins(binary: Path, task: Task, sizes: list[int], seed: int, res: Resources, sandbox: Sandbox,
                timeout: float, emulated: bool = False) -> list[tuple[int, float | None]]:
    """The driver of `binary` run once under --margin on `sizes` (all as check sizes) with `seed`: the worst
    margin of each size's call (None where the check compares without a tolerance). A failed run raises HpcError
    with the driver's reason. `emulated`: a cuda program built for the CPU emulator (cudaemu.build)."""
    spec = task.problem.spec
    toolchain = toolchains.get(task.model)
    run = RunSpec(seed, tuple(sizes), None, spec["tolerance"]["rtol"], spec["tolerance"]["atol"])
    program = ["./prog", *run.args(), "--margin", *toolchain.run_args(task.problem)]
    if emulated:
        argv, env = cudaemu.launch(program, timeout)
        options = {}
    else:
        argv, env = toolchain.launch(program, res)
        options = toolchain.sandbox_options()
    key = new_key()
    proc = sandbox.start(argv, None, env, ro_binds=((str(binary), f"{SANDBOX_ROOT}/prog"),), processes=res.ranks,
                         **options)
    proc.send(key + "\n")
    outcome = proc.finish(timeout)
    events, unkeyed = driver_lines(outcome.protocol, key)
    if emulated:
        result = cudaemu.result_line(events, unkeyed)
    else:
        result = next((e for e in events if e.startswith("result ")), None)
    where = f"seed {seed}, {res.label()}"
    if result is None:
        why = "timed out" if outcome.timed_out else f"exited with code {outcome.returncode}"
        tail = outcome.stderr.strip().splitlines()[-1:] if outcome.stderr.strip() else []
        raise HpcError(f"{why} without a result ({where})" + (f": {tail[0][:200]}" if tail else ""))
    data = json.loads(result[len("result "):])
    if data.get("not_run"):
        raise HpcError(f"the program found no device ({where}): {data['not_run']}"[:300])
    if not data.get("correct"):
        raise HpcError(f"wrong answer at size {data.get('size')} ({where}): {data.get('why', '')[:200]}")
    if "margins" not in data:
        raise HpcError("the driver reports no margins: is it built from an older hpccoder_driver.hpp?")
    return [(int(n), m) for n, m in data["margins"]]


def measure(task: Task, binary: Path, sandbox: Sandbox, seeds: list[int], timing: bool, timeout: float,
            resources: tuple[Resources, ...] | None = None, emulated: bool = False) -> Row:
    """`resources`: those the task runs at (default RESOURCES of its model)."""
    row = Row(task.id, emulated=emulated, timed=timing)
    began = time.monotonic()
    spec = task.problem.spec
    check = list(spec["sizes"]["check"])
    sizes = check + ([spec["sizes"]["timing"]] if timing else [])
    try:
        for base in seeds:
            seed = problem_seed(base, task.problem.id)  # as an evaluation with --seed BASE gives this problem
            for res in resources or RESOURCES[task.model]:
                got = run_margins(binary, task, sizes, seed, res, sandbox, timeout, emulated)
                row.runs += 1
                for i, (n, m) in enumerate(got):
                    (row.check if i < len(check) else row.timing).note(m, seed, n,
                                                                       None if task.model == "cuda" else res)
    except HpcError as exc:
        row.error = str(exc)
    row.seconds = time.monotonic() - began
    return row


def _cell(w: Worst) -> str:
    return "exact" if w.margin is None else f"{w.margin:.3g}"


def _where(w: Worst) -> str:
    return "" if not w.margin else f"seed {w.seed} size {w.size} {w.resources}".rstrip()  # none, or all exact


def table(rows: list[Row], threshold: float = AT_RISK) -> str:
    """The timing column says - in a row that did not measure the timing size. A row run on the CUDA emulator says
    `emulated`, and a note under the table what that means."""
    width = max([len(r.task) for r in rows] + [4])
    lines = [f"{'task':<{width}}  {'check':>9}  {'timing':>9}  worst at"]
    for r in rows:
        worse = r.timing if (r.timing.margin or -1) > (r.check.margin or -1) else r.check
        flag = "  FAIL: " + r.error if r.error else ("  at risk" if (r.worst or 0) > threshold else "")
        cell = _cell(r.timing) if r.timed else "-"
        where = ("  " if _where(worse) else "") + _where(worse)
        lines.append(f"{r.task:<{width}}  {_cell(r.check):>9}  {cell:>9}{where}{'  emulated' if r.emulated else ''}"
                     f"{flag}")
    if any(r.emulated for r in rows):
        lines.append("emulated: run on the CPU emulator of CUDA (--cuda-emulate, g++), not on a GPU: its blocks and "
                     "threads run in another order than a GPU's, so a GPU's margins may differ")
    return "\n".join(lines)


def _cuda_mode(cuda_emulate: bool) -> tuple[str | None, str]:
    """How the cuda tasks run here: ("gpu", ""), ("emulate", why no GPU) or (None, why they cannot run)."""
    cuda = toolchains.get("cuda")
    why = cuda.missing() or cuda.cannot_run()  # as an evaluation decides not_run
    if why is None:
        return "gpu", ""
    if not cuda_emulate:
        return None, f"{why} (--cuda-emulate runs them on a CPU emulator of CUDA)"
    missing = cudaemu.gpp_missing()
    if missing:
        return None, f"{why}; --cuda-emulate cannot emulate: {missing}"
    return "emulate", why


def margins(selector: str | None, seeds: int = 5, timing: bool | None = None, first_seed: int = 1,
            threshold: float = AT_RISK, timeout: float = 600.0, out: Path | None = None, show_progress: bool = True,
            limits: Limits | None = None, unsafe: bool = False,
            resources: dict[str, list[Resources]] | None = None, cuda_emulate: bool = False) -> int:
    """The table of margins of the selected tasks' parallel references on stdout; 1 if a row is at risk (over
    `threshold`) or failed, else 0. `seeds` run seeds first_seed, first_seed + 1, ... (each hashed with the problem's
    id, as an evaluation's --seed is); `timing`: also the timing size (None: yes, but for emulated cuda);
    `resources`: model -> the resources its tasks run at instead of RESOURCES' (--threads, --ranks, --hybrid);
    `cuda_emulate`: cuda tasks on the CPU emulator where no GPU can run them; `out`: the rows as JSON."""
    from hpccoder.harness.build import Builder
    from hpccoder.suite.prompts import assemble

    if seeds < 1:
        raise HpcError("--seeds must be at least 1")
    if not threshold > 0:
        raise HpcError("--threshold must be above 0")
    chosen = {m: tuple(r) for m, r in (resources or {}).items()}
    for model, res in chosen.items():
        if model not in RESOURCES or model == "cuda" or not res:
            raise HpcError(f"no resources can be set for {model} tasks here")
    suite = Suite()
    tasks = [t for t in suite.select(selector) if t.model in MODELS]
    if not tasks:
        raise HpcError(f"no {', '.join(MODELS)} task in '{selector}': margins are measured of the parallel "
                       "references (serial is left out)")
    skipped = sorted({t.model for t in tasks if t.model != "cuda" and toolchains.get(t.model).missing()})
    for model in skipped:
        print(f"not run   the {model} tasks: {toolchains.get(model).missing()}", file=sys.stderr)
    cuda_mode = None
    if any(t.model == "cuda" for t in tasks):
        cuda_mode, why = _cuda_mode(cuda_emulate)
        if cuda_mode is None:
            print(f"not run   the cuda tasks: {why}", file=sys.stderr)
            skipped.append("cuda")
        elif cuda_mode == "emulate":
            print(f"emulated  the cuda tasks: {why}; --cuda-emulate: run on the CPU emulator of CUDA (g++)",
                  file=sys.stderr)
    tasks = [t for t in tasks if t.model not in skipped]
    sandbox = Sandbox(limits=limits, unsafe=unsafe)
    work = Path(tempfile.mkdtemp(prefix="hpccoder-margins-"))
    work.chmod(0o755)  # the sandbox's uid builds below it
    rows = []
    try:
        builder = Builder(sandbox, work)
        with progress.bar(len(tasks), "margins", "task", show_progress) as bar:
            for task in tasks:
                bar.set_postfix_str(task.id)
                emulated = task.model == "cuda" and cuda_mode == "emulate"
                source = assemble(task, task.reference_candidate())
                build = cudaemu.build(builder, task, source) if emulated else builder.build(task, source)
                if not build.ok or build.rejected:
                    row = Row(task.id, error=f"the reference does not build: {build.rejected or build.log[-200:]}",
                              emulated=emulated)
                else:
                    row = measure(task, build.binary, sandbox, list(range(first_seed, first_seed + seeds)),
                                  (not emulated) if timing is None else timing, timeout, chosen.get(task.model),
                                  emulated)
                rows.append(row)
                bar.update(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if rows:
        print(table(rows, threshold))
    risky = [r for r in rows if r.error or (r.worst or 0) > threshold]
    total = sum(r.seconds for r in rows)
    timed = {r.timed for r in rows}
    sizes = ("check and timing sizes" if timed == {True} else "check sizes" if timed != {True, False} else
             f"check sizes (and the timing size in {sum(r.timed for r in rows)})")
    print(f"{len(rows)} task(s), {seeds} seed(s), {sizes}: "
          f"{len(risky)} at risk (margin > {threshold:g}) or failed; {total:.0f} s")
    if out:
        timing_size = all(r.timed for r in rows) if timing is None else timing
        out.write_text(json.dumps({"seeds": seeds, "first_seed": first_seed, "timing_size": timing_size,
                                   "threshold": threshold,
                                   "resources": {m: [r.label() for r in res] for m, res in chosen.items()},
                                   "rows": [r.to_json() for r in rows]}, indent=1) + "\n")
    return 1 if risky else 0
