"""hpccoder metrics for the Hugging Face `evaluate` library.

pass@k, build@k, speedup@k, efficiency@k and fast_p@k, computed by hpccoder.metrics
(this file only turns per-task inputs into the counts and lists those functions take).
Load it from its folder, no network needed:

    import evaluate
    import hpccoder.evaluate_metric

    metric = evaluate.load(hpccoder.evaluate_metric.METRIC_PATH)
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import datasets
import evaluate
import numpy as np

from hpccoder import metrics
from hpccoder.harness.records import FAILED_TO_BUILD, STATUSES

_CITATION = """\
@article{chen2021codex,
  title={Evaluating Large Language Models Trained on Code},
  author={Chen, Mark and others},
  journal={arXiv preprint arXiv:2107.03374},
  year={2021}
}
@inproceedings{nichols2024pareval,
  title={Can Large Language Models Write Parallel Code?},
  author={Nichols, Daniel and others},
  booktitle={HPDC},
  year={2024},
  note={arXiv:2401.12554}
}
@article{ouyang2025kernelbench,
  title={KernelBench: Can LLMs Write Efficient GPU Kernels?},
  author={Ouyang, Anne and others},
  journal={arXiv preprint arXiv:2502.10517},
  year={2025}
}
"""

_DESCRIPTION = """\
The metrics of the hpccoder benchmark harness, exact (closed-form expectations over a uniformly
random k-subset of a task's N samples), averaged over tasks:

- pass@k: probability that at least one of k samples passes, 1 - C(N-c, k)/C(N, k) (Codex paper).
- build@k: the same with the number of samples that built.
- speedup@k: the expected best speedup T_baseline/T_sample of k samples, a failed sample counting 0
  (ParEval's speedup_n@k, at the n the speedups were measured with).
- efficiency@k: speedup@k / n, n the resources (threads, ranks, ranks x threads) (ParEval).
- fast_p@k: probability that the best of k samples passes with a speedup above p (KernelBench).

A sample with status `not_run` (the machine lacked what was needed to run it) does not count:
it is not one of the task's N samples. A metric at k is reported only when every task that ran
has at least k samples; a task whose samples were all `not_run` is left out of the averages.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions: one list per task, the outcome of each sample of that task: either statuses
        (`pass`, `build_error`, `rejected`, `runtime_error`, `timeout`, `wrong_answer`, `not_run`)
        or pass flags (booleans). build@k needs statuses.
    k: an int or a list of ints (default [1]).
    speedups: optional; one list per task, parallel to `predictions`: T_baseline / T_sample of each
        sample. Values of samples that did not pass are ignored (they count 0) and may be None.
        Without it there is no speedup@k, efficiency@k or fast_p@k.
    n_resources: optional; the resources behind the speedups, an int or one int per task. Without it
        there is no efficiency@k.
    fast_p: a threshold or a list of thresholds p >= 0 for fast_p@k (default [1.0]).
Returns:
    A dict: `pass@k`, `build@k`, `speedup@k`, `efficiency@k`, `fast_<p>@k` (for example `fast_1@1`,
    `fast_0.5@1`) for every k, averaged over the tasks, the same names as in hpccoder's summary.json.
Examples:
    >>> metric = evaluate.load(hpccoder.evaluate_metric.METRIC_PATH)
    >>> metric.compute(predictions=[["pass", "wrong_answer"], ["build_error", "pass"]], k=[1, 2])
    {'pass@1': 0.5, 'build@1': 0.75, 'pass@2': 1.0, 'build@2': 1.0}
"""


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _is_list(value) -> bool:
    return not isinstance(value, (str, bytes, dict)) and hasattr(value, "__len__") and hasattr(value, "__iter__")


def _per_task(value, n_tasks: int, what: str) -> list:
    if _is_list(value):  # a list, a tuple or an array
        if len(value) != n_tasks:
            raise ValueError(f"{what}: {len(value)} values for {n_tasks} tasks")
        return list(value)
    return [value] * n_tasks


def _outcome_kind(tasks) -> str | None:
    """'flags' or 'statuses': what the tasks' outcomes are (None: no outcome at all); a ValueError for a mix.

    Checked on the raw input, before `evaluate` encodes it with the features of the first task: a status
    given where pass flags came first was cast to True (a `wrong_answer` counted as a pass)."""
    if not _is_list(tasks):
        raise ValueError(f"predictions: one list of outcomes per task, got {tasks!r}")
    kinds = set()
    for i, task in enumerate(tasks):
        if not _is_list(task):
            raise ValueError(f"predictions: one list of outcomes per task; task {i} is {task!r}")
        for s in task:
            if isinstance(s, (bool, np.bool_)):
                kinds.add("flags")
            elif isinstance(s, str):
                kinds.add("statuses")
            else:
                raise ValueError(f"task {i}: {s!r} is neither a status nor a pass flag (a bool)")
    if len(kinds) > 1:
        raise ValueError(f"predictions are statuses ({', '.join(STATUSES)}) or pass flags, not both")
    return kinds.pop() if kinds else None


def _statuses(task: list, index: int) -> tuple[list[str], bool]:
    """The statuses of one task's samples, and whether they came as statuses (True) or pass flags."""
    if task and all(isinstance(s, bool) for s in task):
        return ["pass" if s else "wrong_answer" for s in task], False
    for s in task:
        if s not in STATUSES:
            raise ValueError(f"task {index}: unknown status {s!r}: predictions are statuses "
                             f"({', '.join(STATUSES)}) or pass flags, not both")
    return list(task), True


def _speedup(value, task: int, sample: int) -> float:
    # bool is an Integral: True is no speedup; inf (a time of 0) would make every mean inf
    if isinstance(value, Real) and not isinstance(value, (bool, np.bool_)) and math.isfinite(value) and value >= 0:
        return float(value)
    raise ValueError(f"task {task}, sample {sample}: a passing sample needs a finite speedup >= 0, got {value!r}")


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class HpccoderMetrics(evaluate.Metric):
    def _info(self):
        sequence = getattr(datasets, "List", None) or datasets.Sequence
        return evaluate.MetricInfo(
            module_type="metric",
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            # statuses first: a list of strings would be taken for booleans the other way round
            features=[
                datasets.Features({"predictions": sequence(datasets.Value("string"))}),
                datasets.Features({"predictions": sequence(datasets.Value("bool"))}),
            ],
            reference_urls=["https://arxiv.org/abs/2107.03374", "https://arxiv.org/abs/2401.12554",
                            "https://arxiv.org/abs/2502.10517"],
        )

    # `evaluate` picks the features from the first task alone and casts the others to them: the kind of
    # outcome (statuses or pass flags) is checked over every task first, and picks the features.
    def _features_for(self, predictions):
        return self.features[1] if _outcome_kind(predictions) == "flags" else self.features[0]

    def _infer_feature_from_batch(self, batch):
        return self._features_for(batch["predictions"])

    def _infer_feature_from_example(self, example):
        return self._features_for([example["predictions"]])

    def _check_same_kind(self, predictions) -> None:
        kind = _outcome_kind(predictions)
        if getattr(self, "writer", None) is not None and kind is not None:  # a batch after the first
            have = "flags" if self.selected_feature_format["predictions"].feature.dtype == "bool" else "statuses"
            if kind != have:
                said = {"flags": "pass flags", "statuses": "statuses"}
                raise ValueError(f"predictions: this batch has {said[kind]}, the earlier ones {said[have]}: "
                                 f"predictions are statuses or pass flags, not both")

    def add_batch(self, *, predictions=None, references=None, **kwargs):
        """Add the outcomes of some tasks (one list per task) to those compute() averages over.
        """  # (evaluate appends the inputs' description to this docstring)
        if predictions is not None:
            self._check_same_kind(predictions)
        return super().add_batch(predictions=predictions, references=references, **kwargs)

    def add(self, *, prediction=None, reference=None, **kwargs):
        """Add the outcomes of one task (a list) to those compute() averages over.
        """  # (evaluate appends the inputs' description to this docstring)
        if prediction is not None:
            self._check_same_kind([prediction])
        return super().add(prediction=prediction, reference=reference, **kwargs)

    def _compute(self, predictions, k=1, speedups=None, n_resources=None, fast_p=1.0):
        ks = _as_list(k)
        if not ks or any(isinstance(x, bool) or not isinstance(x, Integral) or x < 1 for x in ks):
            raise ValueError(f"k: positive integers, got {k!r}")
        ks = [int(x) for x in ks]
        ps = _as_list(fast_p)
        if any(isinstance(p, bool) or not isinstance(p, Real) or not 0 <= p < float("inf") for p in ps):
            # a p below 0 counted every failed sample (speedup 0) as fast
            raise ValueError(f"fast_p: finite thresholds p >= 0, got {fast_p!r}")
        ps = [float(p) for p in ps]
        n_tasks = len(predictions)
        if not n_tasks:
            raise ValueError("predictions: no tasks (give one list of outcomes per task)")
        task_speedups = _per_task(speedups, n_tasks, "speedups") if speedups is not None else [None] * n_tasks
        task_resources = _per_task(n_resources, n_tasks, "n_resources")
        for n in task_resources:
            if n is not None and (isinstance(n, (bool, np.bool_)) or not isinstance(n, Integral) or n < 1):
                raise ValueError(f"n_resources: whole numbers >= 1 (threads, ranks or ranks x threads), "
                                 f"got {n_resources!r}")
        task_resources = [None if n is None else int(n) for n in task_resources]

        per_task: list[dict[str, float]] = []
        all_statuses = True
        for i, (task, speeds, n) in enumerate(zip(predictions, task_speedups, task_resources)):
            statuses, given_as_statuses = _statuses(list(task), i)
            all_statuses &= given_as_statuses
            if speeds is not None and not _is_list(speeds):
                raise ValueError(f"task {i}: speedups are one list per task (a value per sample), got {speeds!r}")
            if speeds is not None and len(speeds) != len(statuses):
                raise ValueError(f"task {i}: {len(speeds)} speedups for {len(statuses)} samples")
            counted = [j for j, s in enumerate(statuses) if s != "not_run"]
            total = len(counted)
            if not total:
                continue  # every sample was not_run: nothing to say about this task
            passed = sum(statuses[j] == "pass" for j in counted)
            built = sum(statuses[j] not in FAILED_TO_BUILD for j in counted)
            values = None
            if speeds is not None:
                values = []
                for j in counted:
                    values.append(_speedup(speeds[j], i, j) if statuses[j] == "pass" else 0.0)
            out: dict[str, float] = {}
            for kk in (kk for kk in ks if kk <= total):
                out[f"pass@{kk}"] = metrics.pass_at_k(total, passed, kk)
                out[f"build@{kk}"] = metrics.pass_at_k(total, built, kk)
                if values is None:
                    continue
                out[f"speedup@{kk}"] = metrics.speedup_at_k(values, kk)
                if n is not None:
                    out[f"efficiency@{kk}"] = metrics.efficiency_at_k(values, kk, n)
                for p in ps:
                    out[f"fast_{p:g}@{kk}"] = metrics.fast_p_at_k(values, kk, p)
            per_task.append(out)

        if not per_task:
            return {}
        # Means of what every task has: a k above some task's N is left out, like in summary.json.
        names = [name for name in per_task[0] if all(name in m for m in per_task)]
        if not all_statuses:
            names = [name for name in names if not name.startswith("build@")]
        return {name: sum(m[name] for m in per_task) / len(per_task) for name in names}
