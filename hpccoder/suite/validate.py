"""`hpccoder suite validate`: every problem.yaml against its schema, every reference kernel through the harness."""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from hpccoder.harness.evaluate import EvalOptions, evaluate
from hpccoder.samples import JsonlAppender, Sample, read_jsonl
from hpccoder.suite.problem import Suite


def validate(selector: str | None, opts: EvalOptions, out: Path | None = None,
             simulators: list[str] | None = None) -> int:
    """`simulators`: the Verilog references also run under these (by default every installed one)."""
    suite = Suite(lenient=True)
    broken = suite.schema_errors_by_problem()
    for errors in broken.values():
        for err in errors:
            print(f"schema: {err}")
    if "" in broken:
        print("the suite's own manifest has errors; fix them before the references can be run")
        return 1
    if broken:  # the other problems are still checked: one being written does not hold up the rest
        print(f"{len(broken)} problem(s) with schema errors: their references are not run")
    tasks = suite.select(selector, skip=broken)
    with tempfile.TemporaryDirectory(prefix="hpccoder-validate-") as tmp:
        out = Path(out) if out else Path(tmp)
        samples = out / "reference-samples.jsonl"
        samples.unlink(missing_ok=True)
        writer = JsonlAppender(samples)
        for task in tasks:
            writer.write(Sample(task.id, 0, task.reference_candidate(), model="reference").to_json())
        writer.close()
        evaluate(samples, out, opts, suite)
        results = {(r["task_id"], ""): r for r in read_jsonl(out / "results.jsonl")}
        checks = [(task, "") for task in tasks]
        verilog = [task for task in tasks if task.model == "verilog"]
        for sim in (simulators if simulators is not None else installed_simulators()) if verilog else []:
            if sim == opts.simulator:
                continue
            sim_out = out / sim
            sim_out.mkdir(parents=True, exist_ok=True)
            writer = JsonlAppender(sim_out / "reference-samples.jsonl")
            for task in verilog:
                writer.write(Sample(task.id, 0, task.reference_candidate(), model="reference").to_json())
            writer.close()
            evaluate(sim_out / "reference-samples.jsonl", sim_out, replace(opts, simulator=sim), suite)
            results.update({(r["task_id"], f" ({sim})"): r for r in read_jsonl(sim_out / "results.jsonl")})
            checks += [(task, f" ({sim})") for task in verilog]
    failed = not_run = emulated = 0
    for task, sim in checks:
        r = results[(task.id, sim)]
        if r.get("emulated") and r["status"] == "pass":  # cuda on the CPU emulator (--cuda-emulate): not a GPU run
            emulated += 1
            print(f"emulated  {task.id}: pass ({r['message']})")
            continue
        if r["status"] == "pass":
            continue
        if r["status"] == "not_run":
            not_run += 1
            print(f"not run   {task.id}{sim}: {r['message']}")
        else:
            failed += 1
            print(f"FAIL      {task.id}{sim}: {r['status']}: {r['message']}")
    print(f"{len(suite.problems) - len(broken)} problems valid" + (f", {len(broken)} with schema errors" if broken
                                                                     else "")
          + f"; {len(checks) - failed - not_run} of {len(checks)} reference runs "
          f"pass" + (f" ({emulated} of them on the CPU emulator of CUDA, not a GPU)" if emulated else "")
          + (f", {not_run} not run on this machine" if not_run else "") + (f", {failed} FAIL" if failed else ""),
          file=sys.stdout)
    return 1 if failed or broken else 0


def installed_simulators() -> list[str]:
    from hpccoder.harness.toolchains.verilog import SIMULATORS
    return [name for name, sim in SIMULATORS.items() if all(shutil.which(t) for t in sim.tools)]
