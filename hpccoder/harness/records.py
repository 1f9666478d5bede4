"""Typed records of what happened to a sample: built -> checked -> timed, per resource configuration."""

from __future__ import annotations

import hashlib
import statistics
from dataclasses import asdict, dataclass, field

from hpccoder.harness.toolchains import Resources

# Statuses in the order a sample's status is chosen from its runs: the first failing run decides.
STATUSES = ("pass", "build_error", "rejected", "runtime_error", "timeout", "wrong_answer", "not_run")
FAILED_TO_BUILD = ("build_error",)


@dataclass
class RunRecord:
    resources: Resources
    status: str
    message: str = ""
    time_s: float | None = None  # median of the timed repetitions
    times_s: list[float] = field(default_factory=list)
    wall_s: float = 0.0  # the whole sandboxed run: launch, checks, timing
    exclusive_s: float = 0.0  # of which the timed part, with the machine to itself
    reference_time_s: float | None = None  # the model's own reference kernel, timed in the same run (cuda)
    reference_times_s: list[float] = field(default_factory=list)
    device: str | None = None  # the GPU it ran on (cuda)
    fresh_time_s: float | None = None  # the call on fresh inputs after the timed ones (harness/runner.py)
    fresh_seed: str | None = None  # the seed of those inputs, drawn by the driver at that call

    def to_json(self) -> dict:
        out = asdict(self)
        out["resources"] = self.resources.to_json()
        out["n"] = self.resources.n
        return out

    @classmethod
    def from_json(cls, data: dict) -> "RunRecord":
        data = dict(data)
        data.pop("n", None)
        data["resources"] = Resources(**data["resources"])
        return cls(**data)


@dataclass
class SampleResult:
    task_id: str
    sample_index: int
    status: str
    message: str = ""
    model: str | None = None
    build_log: str = ""
    build_s: float = 0.0
    runs: list[RunRecord] = field(default_factory=list)
    baseline_s: float | None = None  # the serial reference at the timing size, timed the same way
    speedup: dict[str, float] = field(default_factory=dict)  # n -> T_baseline / T_sample
    suspicious: bool = False  # faster than n resources can explain: look at it
    seed: int | None = None
    problem_version: int | None = None
    suite_version: str | None = None
    completion_sha256: str = ""
    duplicate_of: int | None = None  # same task and identical code as that sample: evaluated once
    tools: dict[str, str | None] = field(default_factory=dict)
    object_sha256: str = ""  # of the candidate's compiled object
    build_ok: bool | None = None  # whether it built; None where no build was tried (a missing toolchain)
    speedup_vs_reference: dict[str, float] = field(default_factory=dict)  # n -> T_model_reference / T_sample (cuda)
    hardware: dict | None = None  # verilog: cells, depth and the ratios to the reference (harness/hardware.py)
    emulated: bool = False  # cuda: checked on the CPU emulator (--cuda-emulate), not run on a GPU; no timings
    shard: dict | None = None  # an evaluation over MPI ranks: {"rank", "host"} that built, ran and timed it
    # Problem.sha256 of the problem it was judged against (its yaml, driver, references, headers); absent from the
    # lines of an hpccoder before it, which are taken where problem_version matches (consistency.same_problem)
    problem_sha256: str | None = None
    # omp and mpi+omp: the data-race check's verdict on a sample that passed its runs (harness/racecheck.py):
    # {"status": "clean"}, {"status": "skipped", "why"}, or "race" / "rejected", which made the sample wrong_answer /
    # rejected; absent where it was not run (--no-race-check, other models, a sample that failed before, an older
    # hpccoder: mpi+omp before it was checked)
    race_check: dict | None = None

    @property
    def built(self) -> bool:
        # a not_run sample that was built (cuda without a GPU) counts for build@k
        return self.status not in FAILED_TO_BUILD and (self.status != "not_run" or bool(self.build_ok))

    def to_json(self) -> dict:
        out = asdict(self)
        out["runs"] = [r.to_json() for r in self.runs]
        if not self.emulated:  # the fields appear only where they say something
            del out["emulated"]
        if self.shard is None:
            del out["shard"]
        if self.problem_sha256 is None:
            del out["problem_sha256"]
        if self.race_check is None:
            del out["race_check"]
        return out

    @classmethod
    def from_json(cls, data: dict) -> "SampleResult":
        data = dict(data)
        data["runs"] = [RunRecord.from_json(r) for r in data.get("runs", [])]
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})


def problem_seed(run_seed: int, problem_id: str) -> int:
    """The seed of a problem's inputs in a run (results carry it): the run's seed and the problem's id hashed."""
    return int(hashlib.sha256(f"{run_seed}:{problem_id}".encode()).hexdigest()[:8], 16)


def read_result(data) -> SampleResult | None:
    """A line of results.jsonl as a SampleResult, or None where it is not one that hpccoder wrote (a hand edit,
    another tool): evaluate then runs its sample again, and the leaderboard leaves it out."""
    try:
        r = SampleResult.from_json(data)
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    ok = isinstance(r.task_id, str) and isinstance(r.sample_index, int) and not isinstance(r.sample_index, bool) \
        and 0 <= r.sample_index < 2**63 and r.status in STATUSES
    if not ok:
        return None
    from hpccoder.harness.consistency import inconsistency  # which imports this module

    try:
        return None if inconsistency(r) else r
    except (TypeError, ValueError, AttributeError, statistics.StatisticsError):
        return None
