"""`hpccoder suite margins`: how near its tolerance each parallel reference comes.

A correct parallel answer differs from the serial reference's by summation order alone, and the check allows
|got - want| <= atol + rtol |want| element-wise. This builds each selected omp, mpi and mpi+omp task with its own
reference kernel as the candidate, runs it on the problem's check sizes and, as one more check size, on its timing
size (where every timed run also checks one call on fresh inputs of an unpredictable seed) for several seeds at the
most parallel of the default resources, and reports the worst |got - want| / (atol + rtol |want|) seen (the driver's
`--margin`, hpccoder_driver.hpp). 1 is a failure; a row above the threshold (0.1) is at risk: another seed may take
a correct solution over. Drivers whose check compares exactly (integers, indices) or without hpc::within() report
no margin ("exact"). cuda is left out (it needs a GPU)."""

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
from hpccoder.harness import toolchains
from hpccoder.harness.records import problem_seed
from hpccoder.harness.runner import RunSpec, driver_lines, new_key
from hpccoder.harness.sandbox import SANDBOX_ROOT, Limits, Sandbox
from hpccoder.harness.toolchains import Resources
from hpccoder.suite.problem import Suite, Task

MODELS = ("omp", "mpi", "mpi+omp")
# the most parallel of each model's default resources on a small machine: most threads, most ranks, both shapes of 4
RESOURCES = {"omp": (Resources(1, 4),), "mpi": (Resources(3, 1), Resources(4, 1)),
             "mpi+omp": (Resources(2, 2), Resources(4, 1))}
AT_RISK = 0.1


@dataclass
class Worst:
    """The worst margin of one kind of size (the check sizes, or the timing size) and where it was seen."""

    margin: float | None = None  # None: nothing compared with a tolerance (or nothing ran)
    seed: int | None = None
    size: int | None = None
    resources: str = ""

    def note(self, margin: float | None, seed: int, size: int, res: Resources) -> None:
        if margin is not None and (self.margin is None or margin > self.margin):
            self.margin, self.seed, self.size, self.resources = margin, seed, size, res.label()


@dataclass
class Row:
    task: str
    check: Worst = field(default_factory=Worst)
    timing: Worst = field(default_factory=Worst)
    runs: int = 0
    seconds: float = 0.0
    error: str = ""  # a run that failed (a wrong answer: margin > 1), timed out or did not build

    @property
    def worst(self) -> float | None:
        values = [w.margin for w in (self.check, self.timing) if w.margin is not None]
        return max(values) if values else None

    def to_json(self) -> dict:
        return {"task_id": self.task, "check": vars(self.check), "timing": vars(self.timing), "runs": self.runs,
                "seconds": round(self.seconds, 2), "error": self.error}


def run_margins(binary: Path, task: Task, sizes: list[int], seed: int, res: Resources, sandbox: Sandbox,
                timeout: float) -> list[tuple[int, float | None]]:
    """The driver of `binary` run once under --margin on `sizes` (all as check sizes) with `seed`: the worst
    margin of each size's call (None where the check compares without a tolerance). A failed run raises HpcError
    with the driver's reason."""
    spec = task.problem.spec
    toolchain = toolchains.get(task.model)
    run = RunSpec(seed, tuple(sizes), None, spec["tolerance"]["rtol"], spec["tolerance"]["atol"])
    program = ["./prog", *run.args(), "--margin", *toolchain.run_args(task.problem)]
    argv, env = toolchain.launch(program, res)
    key = new_key()
    proc = sandbox.start(argv, None, env, ro_binds=((str(binary), f"{SANDBOX_ROOT}/prog"),), processes=res.ranks,
                         **toolchain.sandbox_options())
    proc.send(key + "\n")
    outcome = proc.finish(timeout)
    events, _ = driver_lines(outcome.protocol, key)
    result = next((e for e in events if e.startswith("result ")), None)
    where = f"seed {seed}, {res.label()}"
    if result is None:
        why = "timed out" if outcome.timed_out else f"exited with code {outcome.returncode}"
        tail = outcome.stderr.strip().splitlines()[-1:] if outcome.stderr.strip() else []
        raise HpcError(f"{why} without a result ({where})" + (f": {tail[0][:200]}" if tail else ""))
    data = json.loads(result[len("result "):])
    if not data.get("correct"):
        raise HpcError(f"wrong answer at size {data.get('size')} ({where}): {data.get('why', '')[:200]}")
    if "margins" not in data:
        raise HpcError("the driver reports no margins: is it built from an older hpccoder_driver.hpp?")
    return [(int(n), m) for n, m in data["margins"]]


def measure(task: Task, binary: Path, sandbox: Sandbox, seeds: list[int], timing: bool, timeout: float) -> Row:
    row = Row(task.id)
    began = time.monotonic()
    spec = task.problem.spec
    check = list(spec["sizes"]["check"])
    sizes = check + ([spec["sizes"]["timing"]] if timing else [])
    try:
        for base in seeds:
            seed = problem_seed(base, task.problem.id)  # as an evaluation with --seed BASE gives this problem
            for res in RESOURCES[task.model]:
                got = run_margins(binary, task, sizes, seed, res, sandbox, timeout)
                row.runs += 1
                for i, (n, m) in enumerate(got):
                    (row.check if i < len(check) else row.timing).note(m, seed, n, res)
    except HpcError as exc:
        row.error = str(exc)
    row.seconds = time.monotonic() - began
    return row


def _cell(w: Worst) -> str:
    return "exact" if w.margin is None else f"{w.margin:.3g}"


def _where(w: Worst) -> str:
    return "" if not w.margin else f"seed {w.seed} size {w.size} {w.resources}"  # none, or all exact


def table(rows: list[Row], threshold: float = AT_RISK, timing: bool = True) -> str:
    """`timing`: whether the timing size was measured (else its column says -)."""
    width = max([len(r.task) for r in rows] + [4])
    lines = [f"{'task':<{width}}  {'check':>9}  {'timing':>9}  worst at"]
    for r in rows:
        worse = r.timing if (r.timing.margin or -1) > (r.check.margin or -1) else r.check
        flag = "  FAIL: " + r.error if r.error else ("  at risk" if (r.worst or 0) > threshold else "")
        lines.append(f"{r.task:<{width}}  {_cell(r.check):>9}  {_cell(r.timing) if timing else '-':>9}  {_where(worse)}{flag}")
    return "\n".join(lines)


def margins(selector: str | None, seeds: int = 5, timing: bool = True, first_seed: int = 1,
            threshold: float = AT_RISK, timeout: float = 600.0, out: Path | None = None, show_progress: bool = True,
            limits: Limits | None = None, unsafe: bool = False) -> int:
    """The table of margins of the selected tasks' parallel references on stdout; 1 if a row is at risk (over
    `threshold`) or failed, else 0. `seeds` run seeds first_seed, first_seed + 1, ... (each hashed with the problem's
    id, as an evaluation's --seed is); `out`: the rows as JSON."""
    from hpccoder.harness.build import Builder
    from hpccoder.suite.prompts import assemble

    if seeds < 1:
        raise HpcError("--seeds must be at least 1")
    if not threshold > 0:
        raise HpcError("--threshold must be above 0")
    suite = Suite()
    tasks = [t for t in suite.select(selector) if t.model in MODELS]
    if not tasks:
        raise HpcError(f"no {', '.join(MODELS)} task in '{selector}': margins are measured of the parallel CPU "
                       "references (cuda and serial are left out)")
    skipped = sorted({t.model for t in tasks if toolchains.get(t.model).missing()})
    for model in skipped:
        print(f"not run   the {model} tasks: {toolchains.get(model).missing()}", file=sys.stderr)
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
                build = builder.build(task, assemble(task, task.reference_candidate()))
                if not build.ok or build.rejected:
                    row = Row(task.id, error=f"the reference does not build: {build.rejected or build.log[-200:]}")
                else:
                    row = measure(task, build.binary, sandbox, list(range(first_seed, first_seed + seeds)), timing,
                                  timeout)
                rows.append(row)
                bar.update(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table(rows, threshold, timing))
    risky = [r for r in rows if r.error or (r.worst or 0) > threshold]
    total = sum(r.seconds for r in rows)
    print(f"{len(rows)} task(s), {seeds} seed(s), {'check and timing sizes' if timing else 'check sizes'}: "
          f"{len(risky)} at risk (margin > {threshold:g}) or failed; {total:.0f} s")
    if out:
        out.write_text(json.dumps({"seeds": seeds, "first_seed": first_seed, "timing_size": timing,
                                   "threshold": threshold, "rows": [r.to_json() for r in rows]}, indent=1) + "\n")
    return 1 if risky else 0
