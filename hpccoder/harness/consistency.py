"""Whether a result's figures follow from its own runs, as the harness derives them.

A line of results.jsonl is taken again when an evaluation resumes and when a folder goes to the leaderboard.
hpccoder writes every derived field from the runs (the status from the first run that failed, each speedup from
the baseline and a run's median, the `suspicious` flag from the speedups, the median from the repetitions); a
line where they disagree was edited, by hand or by another tool, and is not taken (evaluate runs its sample
again, the leaderboard leaves it out). An edit that keeps every figure consistent is not caught here: a
leaderboard entry is trusted as far as it can be reproduced (the run's seed, settings and code are recorded).
"""

from __future__ import annotations

import math
import statistics

from hpccoder.harness import toolchains
from hpccoder.harness.records import STATUSES, SampleResult, problem_seed

SUSPICIOUS_PER_RESOURCE = 20.0  # a speedup above this many times n gets a flag for a human to look at
# a call on fresh inputs after the timed ones this many times slower than their median, and by more than
# KEPT_MIN_S (calls of microseconds jitter), means the timed calls reused answers kept from earlier calls
KEPT_RATIO = 4.0
KEPT_MIN_S = 0.002


def kept_answers(median, fresh) -> bool:
    """Whether the fresh call's time gives away answers kept across the timed calls (harness/runner.py)."""
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (median, fresh)):
        return False
    return fresh > KEPT_RATIO * median and fresh - median > KEPT_MIN_S


def _positive(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x > 0


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def _count(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and 1 <= x < 2**31


def _seconds(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x >= 0


def _run_problem(run) -> str | None:
    if run.status not in STATUSES:
        return f"a run's status {run.status!r} is none of hpccoder's"
    if not (_count(run.resources.ranks) and _count(run.resources.threads)):
        return "a run's ranks or threads are not positive integers"
    if not (_seconds(run.wall_s) and _seconds(run.exclusive_s)):
        return "a run's wall_s or exclusive_s is not a number of seconds"
    if not isinstance(run.message, str) or not all(v is None or isinstance(v, str)
                                                   for v in (run.device, run.fresh_seed)):
        return "a run's message, device or fresh_seed is not text"
    for name in ("time_s", "reference_time_s", "fresh_time_s"):
        value = getattr(run, name)
        if value is not None and not (_positive(value) or (value == 0 and not isinstance(value, bool))):
            return f"a run's {name} is {value!r}"
    for name in ("times_s", "reference_times_s"):
        values = getattr(run, name)
        if not isinstance(values, list) or not all(_positive(v) or v == 0 for v in values):
            return f"a run's {name} is not a list of times"
    if run.time_s is not None and run.times_s and not _close(run.time_s, statistics.median(run.times_s)):
        return f"a run's time {run.time_s} is not the median of its repetitions"
    if run.reference_time_s is not None and run.reference_times_s \
            and not _close(run.reference_time_s, statistics.median(run.reference_times_s)):
        return f"a run's reference time {run.reference_time_s} is not the median of its repetitions"
    if run.status == "pass" and kept_answers(run.time_s, run.fresh_time_s):
        return "a run passed whose call on fresh inputs shows answers kept across its timed calls"
    return None


def inconsistency(r: SampleResult) -> str | None:
    """What in `r` does not follow from its runs as the harness derives it; None where everything does."""
    if not isinstance(r.runs, list):
        return "runs is not a list"
    if not isinstance(r.emulated, bool) or (r.emulated and not r.task_id.endswith("/cuda")):
        return "emulated is not true or false, or is true of a task that is not cuda (only cuda is emulated)"
    for run in r.runs:
        problem = _run_problem(run)
        if problem:
            return problem
    if r.runs:
        if any(run.status != "pass" for run in r.runs[:-1]):
            return "a run follows a failed one (the first failure ends a sample's runs)"
        if r.status != r.runs[-1].status and not _race_verdict(r):
            return f"its status is {r.status} and its last run's {r.runs[-1].status}"
    elif r.status == "pass" and not r.task_id.endswith("/verilog"):  # a simulation's verdict has no runs
        return "it passed without a run"
    for name in ("speedup", "speedup_vs_reference"):
        value = getattr(r, name)
        if not isinstance(value, dict) or not all(isinstance(n, str) and n.isdigit() and _positive(s)
                                                  for n, s in value.items()):
            return f"{name} is not a map of resource counts to positive numbers"
    if not isinstance(r.suspicious, bool):
        return "suspicious is not true or false"
    if (r.speedup or r.speedup_vs_reference) and r.status != "pass":
        return f"it has speedups and did not pass ({r.status})"
    if r.baseline_s is not None and not _positive(r.baseline_s):
        return f"baseline_s is {r.baseline_s!r}"
    # as evaluate derives them: the baseline over each timed run's median (or the model's own reference kernel's
    # median, cuda), rounded to 6 places, per resource count (a later run of the same count replaces an earlier)
    expected, expected_ref = {}, {}
    for run in r.runs if r.baseline_s is not None and r.status == "pass" else ():
        if run.time_s:
            expected[str(run.resources.n)] = round(r.baseline_s / run.time_s, 6)
            if run.reference_time_s:
                expected_ref[str(run.resources.n)] = round(run.reference_time_s / run.time_s, 6)
    if set(r.speedup) != set(expected) or any(not _close(r.speedup[n], s) for n, s in expected.items()):
        return "its speedups are not the baseline's time over its runs' times"
    if set(r.speedup_vs_reference) != set(expected_ref) \
            or any(not _close(r.speedup_vs_reference[n], s) for n, s in expected_ref.items()):
        return "its speedups over the reference kernel are not that kernel's time over its runs' times"
    if r.speedup_vs_reference:
        flag = any(s > SUSPICIOUS_PER_RESOURCE for s in r.speedup_vs_reference.values())
    else:
        flag = any(s > SUSPICIOUS_PER_RESOURCE * int(n) for n, s in r.speedup.items())
    if r.suspicious != flag:
        return f"suspicious is {str(r.suspicious).lower()} where its speedups make it {str(flag).lower()}"
    if r.task_id.endswith("/cuda") and r.status == "pass" and not r.emulated \
            and not all(isinstance(run.device, str) and run.device for run in r.runs):
        return "a cuda pass that was not emulated names no GPU it ran on"
    return _race_check_problem(r) or _hardware_problem(r)


# the race check's verdicts that change a pass into another status (harness/racecheck.py)
RACE_VERDICTS = {"race": "wrong_answer", "rejected": "rejected"}


def _race_verdict(r: SampleResult) -> bool:
    """Whether `r` is a sample that passed all its runs and then failed the race check, as it says."""
    check = r.race_check
    return isinstance(check, dict) and RACE_VERDICTS.get(check.get("status")) == r.status \
        and r.runs[-1].status == "pass"


def _race_check_problem(r: SampleResult) -> str | None:
    check = r.race_check
    if check is None:
        return None
    if not isinstance(check, dict) or check.get("status") not in ("clean", "skipped", *RACE_VERDICTS):
        return "race_check is not a verdict of the race check"
    if check["status"] in ("clean", "skipped") and r.status != "pass":
        return f"its race check says {check['status']} of a sample that did not pass ({r.status})"
    if check["status"] in RACE_VERDICTS and not (r.runs and _race_verdict(r)):
        return f"its race check says {check['status']} of a sample that is {r.status}"
    return None


def _hardware_problem(r: SampleResult) -> str | None:
    """A Verilog pass's ratios are the reference's cells (depth) over its own (harness/hardware.py)."""
    hw = r.hardware
    if hw is None:
        return None
    if not isinstance(hw, dict):
        return "hardware is not an object"
    for ratio, mine, ref in (("area_ratio", "cells", "ref_cells"), ("depth_ratio", "depth", "ref_depth")):
        if ratio not in hw:
            continue
        a, b = hw.get(mine), hw.get(ref)
        if not (isinstance(a, int) and isinstance(b, int)) or not _close(hw[ratio], round(max(1, b) / max(1, a), 6)):
            return f"its {ratio} is not the reference's {mine} over its own"
    return None


def untimed_pass(r: SampleResult, timing: bool) -> str | None:
    """In a timed run, a C++ pass that is not timed (its runs have no time, it has no baseline): a failure edited
    into a pass, whose runs never got to the timed calls."""
    if not timing or r.status != "pass" or r.emulated or not r.task_id.startswith("cpp/"):
        return None
    timed = toolchains.timed(run.resources for run in r.runs)  # the configurations of an n that are checked only
    if r.baseline_s is None or not r.runs or not all(run.time_s for run in r.runs if run.resources in timed):
        return "a pass of a timed run with no time"
    return None


def same_problem(r: SampleResult, problem) -> bool:
    """Whether `r` was judged against `problem` as it is now: the same version and, where the line records it, the
    same content (Problem.sha256: an edited tolerance or size without a new version is another problem). A line
    of an hpccoder that did not record the content is taken on its version alone, as it was then: re-evaluating
    every finished sample of a run resumed after an upgrade would cost more than the rare unversioned edit."""
    return r.problem_version == problem.version and r.problem_sha256 in (None, problem.sha256)


def of_this_run(r: SampleResult, run_seed, timing: bool) -> bool:
    """Whether `r` is a result of the run whose seed and timing setting these are: made with its inputs (a line of
    another evaluation, appended, was not), and timed where the run was."""
    seed_ok = not isinstance(run_seed, int) or r.seed == problem_seed(run_seed, r.task_id.rpartition("/")[0])
    return seed_ok and not untimed_pass(r, timing)
