"""`hpccoder suite validate`: every problem.yaml against its schema, every reference kernel through the harness."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hpccoder.harness.evaluate import EvalOptions, evaluate
from hpccoder.samples import JsonlAppender, Sample, read_jsonl
from hpccoder.suite.problem import Suite


def validate(selector: str | None, opts: EvalOptions, out: Path | None = None) -> int:
    suite = Suite()
    errors = suite.schema_errors()
    for err in errors:
        print(f"schema: {err}")
    if errors:
        print(f"{len(errors)} schema error(s); fix them before the references can be run")
        return 1
    tasks = suite.select(selector)
    with tempfile.TemporaryDirectory(prefix="hpccoder-validate-") as tmp:
        out = Path(out) if out else Path(tmp)
        samples = out / "reference-samples.jsonl"
        samples.unlink(missing_ok=True)
        writer = JsonlAppender(samples)
        for task in tasks:
            writer.write(Sample(task.id, 0, task.reference_file().read_text(), model="reference").to_json())
        writer.close()
        evaluate(samples, out, opts, suite)
        results = {r["task_id"]: r for r in read_jsonl(out / "results.jsonl")}
    failed = not_run = 0
    for task in tasks:
        r = results[task.id]
        if r["status"] == "pass":
            continue
        if r["status"] == "not_run":
            not_run += 1
            print(f"not run   {task.id}: {r['message']}")
        else:
            failed += 1
            print(f"FAIL      {task.id}: {r['status']}: {r['message']}")
    print(f"{len(suite.problems)} problems valid; {len(tasks) - failed - not_run} of {len(tasks)} reference kernels "
          f"pass" + (f", {not_run} not run on this machine" if not_run else "") + (f", {failed} FAIL" if failed else ""),
          file=sys.stdout)
    return 1 if failed else 0
