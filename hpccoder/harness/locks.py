"""Builds and correctness checks share the machine; a timed run has it to itself.

Within an evaluation the threads share one `TimingLock`. Between evaluations on the same machine (two
`hpccoder evaluate` at once, or the ranks of an evaluation spread over MPI that landed on one node) the same
rule holds through two lock files in /tmp, taken with flock(2): each `shared()` holds the machine's lock
shared, each `exclusive()` holds it alone, so no other evaluation builds or runs anything on this machine
while a sample is timed. flock locks belong to the open file, so every holder opens the files itself, and
they go with the process (a killed evaluation leaves no stale lock).
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

LOCK_DIR_ENV = "HPCCODER_LOCK_DIR"  # where the machine's lock files live (default /tmp: one per machine)


def lock_dir() -> Path:
    """The folder of the machine's lock files: /tmp, which is the machine's own (a batch system's $TMPDIR may be
    a job's, and two jobs on one node must still see each other's timed runs)."""
    given = os.environ.get(LOCK_DIR_ENV)
    if given:
        return Path(given)
    return Path("/tmp") if os.access("/tmp", os.W_OK | os.X_OK) else Path(tempfile.gettempdir())


class MachineLock:
    """A readers-writer lock between the processes of a machine, writers first: a writer takes the gate before
    it waits for the readers to leave, and a reader passes the gate on its way in, so once a timed run waits
    no new check starts anywhere on the machine."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder

    def _open(self, name: str) -> int:
        path = (self.folder or lock_dir()) / f"hpccoder-timing-{name}.lock"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except PermissionError:  # another user's file (0644 under their umask): flock needs no write access
            return os.open(path, os.O_RDONLY)
        try:
            os.fchmod(fd, 0o666)  # every user's evaluations take the same lock
        except PermissionError:
            pass
        return fd

    @contextmanager
    def _hold(self, mode: int):
        gate, data = self._open("gate"), self._open("data")
        try:
            fcntl.flock(gate, mode)  # shared for a reader: it only waits for a writer that is in or waiting
            fcntl.flock(data, mode)
            fcntl.flock(gate, fcntl.LOCK_UN)
            yield
        finally:
            os.close(gate)
            os.close(data)  # closing the file drops its lock

    def shared(self):
        return self._hold(fcntl.LOCK_SH)

    def exclusive(self):
        return self._hold(fcntl.LOCK_EX)


class TimingLock:
    """A readers-writer lock that favours writers: `shared()` for builds and checks,
    `exclusive()` for timed runs, so that nothing else runs while a sample is timed, in this
    evaluation (threads) nor in another on the same machine (`MachineLock`; `machine=None` leaves it out)."""

    def __init__(self, machine: MachineLock | None = None):
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0
        self.machine = machine

    @contextmanager
    def _machine(self, how: str):
        if self.machine is None:
            yield
        else:
            with getattr(self.machine, how)():
                yield

    @contextmanager
    def shared(self):
        with self._cond:
            while self._writer or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            with self._machine("shared"):
                yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self):
        with self._cond:
            self._writers_waiting += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writer = True
        try:
            with self._machine("exclusive"):
                yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()
