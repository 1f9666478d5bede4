"""Running a built program: checks in parallel with other work, the timed part alone.

The driver checks the candidate on every check size, prepares the timing inputs, says
`ready` and waits; the runner then takes the machine for itself (TimingLock.exclusive)
and says `go`. See evalsuite/cpp/common/hpccoder_driver.hpp for the other side.

The candidate shares the driver's stdout, so every run gets a fresh key (the first line on
the driver's stdin, read before any code of the candidate runs) under which the driver's protocol lines
carry an HMAC, never the key: a protocol line without a good one was printed by the candidate, which is
rejected for it. A candidate that reads the key out of
the driver's stdin or memory is attacking the driver itself (see harness/sandbox.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from hpccoder.harness.consistency import kept_answers
from hpccoder.harness.locks import TimingLock
from hpccoder.harness.records import RunRecord
from hpccoder.harness.sandbox import SANDBOX_ROOT, Outcome, Sandbox
from hpccoder.harness.toolchains import Resources, Toolchain


@dataclass(frozen=True)
class RunSpec:
    """What the driver is told: the same for every sample of a task in one evaluation."""

    seed: int
    check_sizes: tuple[int, ...]
    time_size: int | None  # None: correctness only
    rtol: float
    atol: float
    warmup: int = 1
    reps: int = 5
    calls: int = 1  # calls per timed repetition (problem.yaml sizes.timing_calls); the time is their mean
    model_args: tuple[str, ...] = ()  # the execution model's own (Toolchain.run_args)

    def args(self) -> list[str]:
        args = ["--seed", str(self.seed), "--check-sizes", ",".join(map(str, self.check_sizes)),
                "--rtol", repr(self.rtol), "--atol", repr(self.atol)]
        if self.time_size:
            args += ["--time-size", str(self.time_size), "--warmup", str(self.warmup), "--reps", str(self.reps)]
            if self.calls > 1:
                args += ["--calls", str(self.calls)]
        return args


def _telling_line(stderr: str) -> str:
    """The line of stderr that says most about a failure: Open MPI frames its messages in boxes
    of dashes and ends with boilerplate, so prefer a line that names an error or a signal."""
    lines = [ln.strip() for ln in stderr.splitlines() if re.search(r"[A-Za-z]{3}", ln)]
    keys = ("error", "Error", "signal", "Signal", "called after", "Abort", "abort", "terminate", "what()")
    telling = [ln for ln in lines if any(k in ln for k in keys)]
    return (telling or lines or [""])[0]


def _failure(outcome: Outcome, res: Resources) -> RunRecord:
    if outcome.timed_out:
        return RunRecord(res, "timeout", f"no result within {outcome.wall_s:.1f} s", wall_s=outcome.wall_s)
    sig = outcome.signal_name
    how = f"killed by {sig}" if sig else f"exited with code {outcome.returncode}"
    if outcome.out_of_memory:
        how += " (the sandbox went over its memory limit: --memory-mb raises it)"
    detail = _telling_line(outcome.stderr)
    msg = f"{how} before reporting a result" + (f": {detail[:300]}" if detail else "")
    return RunRecord(res, "runtime_error", msg, wall_s=outcome.wall_s)


def new_key() -> str:
    return secrets.token_hex(16)


def tag(key: str, event: str) -> str:
    """What the driver puts before each of its lines: HMAC-SHA256 under the run's key (hpccoder_driver.hpp), the
    key itself never printed, so that a candidate that sees the driver's output still cannot forge a line."""
    return hmac.new(key.encode(), event.encode(), hashlib.sha256).hexdigest()[:32]


def keyed(line: str, key: str) -> str | None:
    """A protocol line without its tag (`result {...}`, `ready`), or None if its tag is not the driver's."""
    mark, _, event = line.partition(" ")
    return event if hmac.compare_digest(mark.encode(), tag(key, event).encode()) else None


def driver_lines(protocol: list[str], key: str) -> tuple[list[str], list[str]]:
    """(the driver's lines without their key, the lines that do not carry the key: forged)."""
    lines = [(ln, keyed(ln, key)) for ln in protocol]
    return [event for _, event in lines if event is not None], [ln for ln, event in lines if event is None]


# The timed calls repeat one set of inputs; the call on fresh inputs after them is timed too, on inputs drawn
# only then (no candidate can have worked them out from the run's seed). A candidate that keeps its answers
# for inputs it has seen (keyed on their address, size, values), or made them ahead, computes only then: its
# timed calls are faster than that call. The references measure 0.7 to 1.8 times their timed median in that
# call; a cache slowed down to stay under the ratio gains at most the ratio.
def _kept_answers(data: dict) -> str | None:
    median, fresh = data.get("time"), data.get("fresh_time")
    if kept_answers(median, fresh):
        return (f"the timed calls took {median * 1e3:.3g} ms each, one more on fresh inputs {fresh * 1e3:.3g} ms: "
                "answers kept from calls on the same inputs are not timed")
    return None


def forged_message(forged: list[str]) -> str:
    return f"prints the driver's protocol lines itself (`@@hpccoder {forged[0][:60]}`)"


def _next_event(proc, key: str, timeout: float) -> str | None:
    """The next `ready` or `result` line of the driver (without its key), or None at exit or timeout."""
    deadline = time.monotonic() + timeout
    while True:
        line = proc.next_line(deadline - time.monotonic())
        if line is None:
            return None
        event = keyed(line, key)
        if event is not None and (event == "ready" or event.startswith("result ")):
            return event


def run_program(sandbox: Sandbox, lock: TimingLock, toolchain: Toolchain, binary: Path, res: Resources,
                spec: RunSpec, check_timeout: float, time_timeout: float) -> RunRecord:
    """The program run once with `res`: checked, and timed where `spec` says. A run that the kept-answer check
    rejects runs once more, and is rejected only if that run shows it too: answers kept from the timed calls make
    every call on fresh inputs slow, while on a busy machine (another user's job, a process outside the
    harness's lock) one slow call is chance (a reference's call on fresh inputs took 4.8 times its timed median
    once, on 2 cores shared with other work)."""
    rec, kept = _run_once(sandbox, lock, toolchain, binary, res, spec, check_timeout, time_timeout)
    if not kept:
        return rec
    again, kept_again = _run_once(sandbox, lock, toolchain, binary, res, spec, check_timeout, time_timeout)
    if kept_again:
        again.message = f"{again.message} (twice: the first run's call took {rec.fresh_time_s * 1e3:.3g} ms)"
    return again


def _run_once(sandbox: Sandbox, lock: TimingLock, toolchain: Toolchain, binary: Path, res: Resources,
              spec: RunSpec, check_timeout: float, time_timeout: float) -> tuple[RunRecord, bool]:
    """run_program's one run, and whether the kept-answer check rejected it."""
    argv, env = toolchain.launch(["./prog", *spec.args(), *spec.model_args], res)
    binds = ((str(binary), f"{SANDBOX_ROOT}/prog"),)
    key = new_key()
    with lock.shared():
        proc = sandbox.start(argv, None, env, ro_binds=binds, processes=res.ranks, **toolchain.sandbox_options())
        proc.send(key + "\n")
        line = _next_event(proc, key, check_timeout)
    exclusive_s = 0.0
    if line == "ready":
        with lock.exclusive():
            began = time.monotonic()
            proc.send("go\n")
            line = _next_event(proc, key, time_timeout)
            exclusive_s = time.monotonic() - began
    # killed at the deadline: what it printed after (closing its stdin may wake it before the kill lands) is late
    late = line is None and proc.timed_out
    outcome = proc.finish(timeout=2.0 if line else 0.5)
    events, forged = driver_lines(outcome.protocol, key)
    if forged:
        return RunRecord(res, "rejected", forged_message(forged), wall_s=outcome.wall_s), False
    if late:
        return _failure(outcome, res), False
    result = next((ln for ln in events if ln.startswith("result ")), None)
    if result is None:
        return _failure(outcome, res), False
    try:
        data = json.loads(result[len("result "):])
    except json.JSONDecodeError:
        return RunRecord(res, "runtime_error", "the driver's report was garbled (output mixed into it?)",
                         wall_s=outcome.wall_s), False
    if data.get("not_run"):  # the driver found no usable device (cuda)
        return RunRecord(res, "not_run", str(data["not_run"])[:300], wall_s=outcome.wall_s), False
    if not data.get("correct") and data.get("status") == "runtime_error":  # the driver's own runtime said so
        return RunRecord(res, "runtime_error", str(data.get("why", ""))[:500], wall_s=outcome.wall_s), False
    if not data.get("correct"):
        phase = data.get("phase")
        where = f"size {data.get('size')}" + (f" ({'timing run' if phase == 'timing' else phase})"
                                              if phase and phase != "check" else "")
        why = f"at {where}: {data.get('why', '')}"[:500]
        return RunRecord(res, "wrong_answer", why, wall_s=outcome.wall_s), False
    kept = _kept_answers(data)
    if kept:
        return RunRecord(res, "rejected", kept, wall_s=outcome.wall_s, times_s=data.get("times", []),
                         fresh_time_s=data.get("fresh_time"), fresh_seed=data.get("fresh_seed")), True
    return RunRecord(res, "pass", time_s=data.get("time"), times_s=data.get("times", []), wall_s=outcome.wall_s,
                     exclusive_s=round(exclusive_s, 4), reference_time_s=data.get("ref_time"),
                     reference_times_s=data.get("ref_times", []), device=data.get("device"),
                     fresh_time_s=data.get("fresh_time"), fresh_seed=data.get("fresh_seed")), False
