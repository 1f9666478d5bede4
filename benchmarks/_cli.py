"""What every benchmark script shares: counts that must be positive, and one-line errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1 (a count of rounds, steps, samples, workers...)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: give at least 1")
    return value


def run(main) -> int:
    """main()'s exit status; hpccoder's errors (an unknown task, a missing folder) as one line, status 2."""
    from hpccoder.errors import HpcError, Interrupted

    name = Path(sys.argv[0]).stem
    try:
        return main() or 0
    except (KeyboardInterrupt, Interrupted):
        # evaluate's Interrupted says "run the same command again to resume": a benchmark starts afresh,
        # in a temporary folder it removes on the way out
        print(f"{name}: interrupted", file=sys.stderr)
        return 130
    except HpcError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
