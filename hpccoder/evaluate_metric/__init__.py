"""The hpccoder metrics as a Hugging Face `evaluate` module that loads from a local path.

`evaluate.load` of a hub module (such as `code_eval`) needs the network; this one does not:

    import evaluate
    import hpccoder.evaluate_metric

    metric = evaluate.load(hpccoder.evaluate_metric.METRIC_PATH)
    metric.compute(predictions=[["pass", "wrong_answer"], ["build_error", "pass"]], k=[1, 2])

The module is a thin `evaluate.Metric` over hpccoder.metrics; see hpccoder_metrics/hpccoder_metrics.py
for its inputs.
"""

from __future__ import annotations

from pathlib import Path

# evaluate.load(<folder>) loads <folder>/<folder name>.py, so the folder and the script share their name.
METRIC_PATH = str(Path(__file__).resolve().parent / "hpccoder_metrics")


def load(**kwargs):
    """evaluate.load(METRIC_PATH, **kwargs); imports `evaluate` (slow to import) only when called."""
    import evaluate

    return evaluate.load(METRIC_PATH, **kwargs)


__all__ = ["METRIC_PATH", "load"]
