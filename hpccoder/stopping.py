"""A stop from outside (Ctrl-C, `kill`, `scancel`, a batch job's time limit) and what it does to runs in flight.

A batch system stops a job by signalling every process of it, not only hpccoder's: a build or run of a sample
that was in flight then dies of the same SIGTERM. Such a death is the stop's, not the sample's, and must not be
written down as the sample's `runtime_error` (or `build_error`): the next run would keep it. So the handlers
installed here mark the process as stopping before they raise KeyboardInterrupt, and a sandboxed process that
died of SIGTERM, SIGINT or SIGHUP counts as stopped from outside when this process is stopping too, or starts
stopping within GRACE_S (a sample that kills itself with SIGTERM costs that much, and is judged as usual).
"""

from __future__ import annotations

import signal
import threading
import time

STOPPING = threading.Event()
GRACE_S = 2.0
REPEAT_S = 2.0  # a second stop signal within this long of the first is the same stop
OUTSIDE_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")
_installed = threading.Event()  # without the handlers no stop is ever seen: nothing to wait for
_first_at: list[float] = []  # when this stop began


class Stopped(KeyboardInterrupt):
    """A sandboxed process died of the stop that is ending this one: it has no result."""


def note() -> str:
    """A stop signal, in a handler: "first" (this process stops now), "same" (within REPEAT_S of the first: the
    stop passed on by a launcher, torchrun, srun or mpirun, that the process got itself too) or "again".

    The copy passed on lands microseconds after the first, and its handler then runs inside the first one's, at
    any point of it: the stop is written down before any lock is taken (STOPPING.set() takes the event's), so
    the inner handler finds it and takes none; it would otherwise wait forever for the lock its own thread
    holds (seen: a rank of a data-parallel run hung in its handler, and the others in their next all-reduce)."""
    now = time.monotonic()
    if _first_at:
        return "same" if now - _first_at[0] < REPEAT_S else "again"
    _first_at.append(now)
    STOPPING.set()
    return "first"


def _stop(signum, frame):
    if note() != "same":
        raise KeyboardInterrupt


def install() -> None:
    """SIGTERM, and SIGINT and SIGHUP unless ignored (a job started in the background, or under nohup), stop this
    process as Ctrl-C does: KeyboardInterrupt in the main thread, with STOPPING set for the worker threads. Only
    from the main thread (elsewhere: nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        return
    STOPPING.clear()
    _first_at.clear()
    signal.signal(signal.SIGTERM, _stop)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _stop)
    if signal.getsignal(signal.SIGHUP) is signal.SIG_DFL:  # the terminal went away: stop cleanly, jobs cancelled
        signal.signal(signal.SIGHUP, _stop)
    _installed.set()


def died_of_the_stop(signal_name: str | None, timed_out: bool) -> bool:
    """Whether a sandboxed process that ended (killed by `signal_name`, if any) was taken down by a stop of
    this process; waits up to GRACE_S for this process to see the signal itself."""
    if timed_out or signal_name not in OUTSIDE_SIGNALS or not _installed.is_set():
        return False
    return STOPPING.wait(GRACE_S)
