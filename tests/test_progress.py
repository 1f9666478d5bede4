"""Progress where no bar can be drawn (CI logs, nohup): a line now and then, nothing for short work."""

from __future__ import annotations

import io
import subprocess
import sys

from hpccoder import progress
from hpccoder.progress import LogLines


def test_lines_say_how_far_how_long_and_what_is_left():
    out = io.StringIO()
    with LogLines(4, "evaluate", "sample", every_s=0.0, file=out) as bar:
        bar.update(1)
        bar.set_postfix_str("pass=1", refresh=False)
        bar.update(1)
        bar.set_postfix_str("batch at 16 tokens")  # work under way reports without finishing an item
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("hpccoder: evaluate 1/4 samples, 0m00s, about 0m00s left")
    assert lines[1].endswith("(pass=1)") and lines[1].startswith("hpccoder: evaluate 2/4 samples")
    assert lines[2].endswith("(batch at 16 tokens)") and lines[2].startswith("hpccoder: evaluate 2/4 samples")
    assert lines[-1].startswith("hpccoder: evaluate 2/4 samples") and len(lines) == 4


def test_short_work_prints_nothing_and_the_end_is_not_repeated():
    out = io.StringIO()
    with LogLines(3, "generate", "sample", every_s=3600.0, file=out) as bar:
        bar.update(3)
    assert out.getvalue() == ""
    out = io.StringIO()
    bar = LogLines(2, "generate", "sample", every_s=0.0, file=out)
    bar.update(1)
    bar.update(1)  # the last item: no line of its own, close() writes the last one
    bar.close()
    bar.close()
    assert out.getvalue().splitlines() == [out.getvalue().splitlines()[0], "hpccoder: generate 2/2 samples, 0m00s"]


def test_unknown_total_counts_up():
    out = io.StringIO()
    bar = LogLines(None, "corpus", "file", every_s=0.0, file=out)
    bar.update(5)
    bar.close()
    assert out.getvalue().splitlines()[0] == "hpccoder: corpus 5 files, 0m00s"


def test_a_pipe_gets_lines_a_disabled_bar_nothing():
    code = ("from hpccoder import progress\n"
            "b = progress.bar(2, 'evaluate', 'sample'); b.update(1); b.update(1); b.close()\n"
            "q = progress.bar(2, 'quiet', 'sample', enabled=False); q.update(2); q.close()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"HPCCODER_PROGRESS_EVERY": "0", "PATH": "/usr/bin:/bin"}, check=True)
    assert out.stderr.splitlines() == ["hpccoder: evaluate 1/2 samples, 0m00s, about 0m00s left",
                                       "hpccoder: evaluate 2/2 samples, 0m00s"]
    assert isinstance(progress.bar(0, "x", "y"), progress.tqdm)
