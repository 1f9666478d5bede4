"""Helpers of the results tests: run folders laid out as `hpccoder run` writes them, with chosen statuses
and speedups (no harness needed)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hpccoder.harness.consistency import SUSPICIOUS_PER_RESOURCE
from hpccoder.harness.records import RunRecord, SampleResult, problem_seed
from hpccoder.harness.toolchains import Resources

BASELINE_S = 0.02
RESOURCES = {"serial": ["1x1"], "omp": ["1x1", "1x2"], "mpi": ["1x1", "2x1"], "mpi+omp": ["2x1", "2x2"]}


def write_run_dir(folder: Path, model: str, outcomes: dict[str, list[tuple[str, float | None]]],
                  started: str = "2026-11-25T10:00:00+0000", seed: int = 7, code: str | None = None,
                  timing: bool = True, suite_version: str = "0.1.0") -> Path:
    """outcomes: task id -> [(status, speedup at the largest n or None), ...], one pair per sample."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "run.json").write_text(json.dumps({
        "hpccoder_version": "0.1.0", "started": started, "machine": {"cores": 2},
        "settings": {"suite_version": suite_version, "resources": RESOURCES, "timing": timing, "warmup": 1, "reps": 5,
                     "seed": seed}}))
    with (folder / "samples.jsonl").open("w") as samples, (folder / "results.jsonl").open("w") as results:
        for task_id, per_sample in outcomes.items():
            exec_model = task_id.rsplit("/", 1)[1]
            labels = sorted((tuple(map(int, lab.split("x"))) for lab in RESOURCES[exec_model]),
                            key=lambda rt: rt[0] * rt[1])
            ns = sorted({r * t for r, t in labels})
            for i, (status, speedup) in enumerate(per_sample):
                completion = code if code is not None else f"void kernel_{i}() {{ /* {status} */ }}\n"
                sample = {"task_id": task_id, "sample_index": i, "completion": completion, "model": model,
                          "generation": {"n": len(per_sample), "temperature": 0.2, "top_p": 0.95}}
                samples.write(json.dumps(sample) + "\n")
                # as the harness derives them (harness/consistency.py): runs up to the first failure, each
                # speedup the baseline over a run's median, the seed from the run's
                timed = status == "pass" and timing and bool(speedup)
                t = BASELINE_S / speedup if timed else None
                runs = [RunRecord(Resources(r, th), "pass" if status == "pass" or k else status, time_s=t,
                                  times_s=[t] * 5 if t else []) for k, (r, th) in enumerate(reversed(labels))]
                runs = runs[:1] if status != "pass" else runs
                speedups = {str(n): round(BASELINE_S / t, 6) for n in ns} if timed else {}
                result = SampleResult(
                    task_id, i, status, model=model,
                    build_log="g++ -O3 ...\nerror: <oops> & more" if status == "build_error" else "",
                    runs=runs if status != "build_error" else [], baseline_s=BASELINE_S if timed else None,
                    speedup=speedups, suspicious=any(v > SUSPICIOUS_PER_RESOURCE * int(n) for n, v in speedups.items()),
                    seed=problem_seed(seed, task_id.rsplit("/", 1)[0]), problem_version=1, suite_version=suite_version,
                    completion_sha256=hashlib.sha256(completion.encode()).hexdigest(),
                    tools={"g++": "g++ 12.2.0"})
                results.write(json.dumps(result.to_json()) + "\n")
    return folder


GOOD = {"cpp/dense_la/01_axpy/serial": [("pass", 1.0)], "cpp/dense_la/01_axpy/omp": [("pass", 1.8)],
        "cpp/stencil/01_jacobi2d/omp": [("pass", 1.5)], "cpp/dense_la/01_axpy/mpi": [("pass", 1.2)]}
WORSE = {"cpp/dense_la/01_axpy/serial": [("pass", 0.9)], "cpp/dense_la/01_axpy/omp": [("wrong_answer", None)],
         "cpp/stencil/01_jacobi2d/omp": [("pass", 1.1)], "cpp/dense_la/01_axpy/mpi": [("build_error", None)]}
