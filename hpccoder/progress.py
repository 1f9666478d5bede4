"""Progress of long work: a tqdm bar on a terminal; elsewhere (CI logs, `nohup`, a pipe) a plain line now and
then, so that an hour-long evaluation does not look hung where no bar can be drawn."""

from __future__ import annotations

import os
import sys
import time

from tqdm import tqdm


def _every_s() -> float:
    try:
        return max(0.0, float(os.environ.get("HPCCODER_PROGRESS_EVERY", "60")))
    except ValueError:
        return 60.0


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    h, m, s = seconds // 3600, seconds // 60 % 60, seconds % 60
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s"


class LogLines:
    """What tqdm offers the callers here (update, set_postfix_str, close, a context manager), written as a line
    to stderr at most every `every_s` seconds: done/total, elapsed, an estimate of what is left, the postfix.
    Work that ends before the first line is due prints nothing; work that printed lines gets a last one."""

    def __init__(self, total: int | None, desc: str, unit: str, every_s: float, file=None):
        self.total, self.desc, self.unit, self.every_s = total, desc, unit, every_s
        self.file = file or sys.stderr
        self.n, self.postfix, self.lines = 0, "", 0
        self.start = self.last = time.monotonic()
        self.closed = False

    def _line(self, now: float) -> str:
        elapsed = now - self.start
        done = f"{self.n}/{self.total}" if self.total else f"{self.n}"
        text = f"hpccoder: {self.desc} {done} {self.unit}s, {_clock(elapsed)}"
        if self.total and 0 < self.n < self.total:
            text += f", about {_clock(elapsed / self.n * (self.total - self.n))} left"
        return text + (f" ({self.postfix})" if self.postfix else "")

    def _emit(self, now: float) -> None:
        print(self._line(now), file=self.file, flush=True)
        self.lines += 1
        self.last = now

    def _maybe_emit(self) -> None:
        now = time.monotonic()
        if now - self.last >= self.every_s and not (self.total and self.n >= self.total):
            self._emit(now)

    def update(self, n: int = 1) -> None:
        self.n += n
        self._maybe_emit()

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        """The postfix of the next line; with `refresh`, a line is written now if one is due (work under way
        that finishes no item for minutes, such as a batch being generated, still reports)."""
        self.postfix = text
        if refresh:
            self._maybe_emit()

    def close(self) -> None:
        if not self.closed and self.lines:
            self._emit(time.monotonic())
        self.closed = True

    def __enter__(self) -> "LogLines":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def bar(total: int | None, desc: str, unit: str, enabled: bool = True, leave: bool = True):
    """A progress bar over `total` items (None: unknown) to stderr: tqdm's on a terminal, lines elsewhere,
    nothing when not `enabled` or there is nothing to do."""
    if not enabled or total == 0:
        return tqdm(total=total, disable=True)
    if sys.stderr.isatty():
        return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, dynamic_ncols=True, leave=leave)
    return LogLines(total, desc, unit, _every_s())
