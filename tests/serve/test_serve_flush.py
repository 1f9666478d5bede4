"""What a sequence posts while it generates (the streamed pieces, from which the plain answer is built too):
never text that a rule cuts later. Driven with a tokenizer whose tokens are pieces of text, cut at random."""

from __future__ import annotations

import random
import threading

import pytest

from hpccoder.serve.codestop import CodeStop
from hpccoder.serve.engine import Sequence, SequenceSpec
from hpccoder.serve.routes_infill import indent_check
from hpccoder.serve.sampling import SamplingParams


class PieceTokenizer:
    def __init__(self, pieces: list[str]):
        self.pieces = pieces

    def decode(self, ids, skip_special_tokens=True):
        return "".join(self.pieces[i] for i in ids)


class Events:
    cancelled = False

    def __init__(self):
        self.events: list[tuple] = []

    def post(self, event: tuple) -> None:
        self.events.append(event)


def generate(completion: str, seed: int, stopper=None, checks=(), stop=()) -> tuple[str, str]:
    """(what was posted, the sequence's final text) for `completion` cut into random tokens, then EOS."""
    rnd = random.Random(seed)
    pieces, i = [], 0
    while i < len(completion):
        k = rnd.randint(1, 5)
        pieces.append(completion[i:i + k])
        i += k
    job = Events()
    spec = SequenceSpec([0], SamplingParams(max_tokens=10_000, stop=list(stop)), {-1}, stopper, list(checks))
    seq = Sequence(job, 0, spec, PieceTokenizer(pieces), threading.Lock())
    for token in list(range(len(pieces))) + [-1]:  # -1: EOS
        seq.add(token, 10**6)
        seq.flush()
        if seq.finish:
            break
    assert job.events[-1][0] == "done"
    return "".join(e[2] for e in job.events if e[0] == "text"), seq.text


MIDLINE = [
    ("int f() {\n  x = a", " + b;\n  return x;\n}\n", " * c + b;\n  return x;\n", " * c", None),
    ("void f() {\n  kern<<<", ">>>(a);\n}\n", "g, b>>>(a);\n", "g, b", None),
    ("def f():\n    x = a", " + b\n    return x\n", " * c + b\n    return x\n", " * c", "python"),
    ("def f():\n    x = a", " + b\n", " * c + b", " * c", "python"),  # EOS right after the repeat
    ("int f() {\n  x = a", " + b;\n", " * c + b", " * c + b", None),  # EOS before the whole of it: kept
    ("int f() {\n  x = a", " + b;\n", " * c + d;\n", " * c + d;", None),  # starts like it, then differs
    # the rest of the line written again, then a blank before the newline: not posted while the blank comes
    ("def f(x):\n    y = g(x", ") + 1\n", ", 1) + 1 \n", ", 1", "python"),
    # `if (c) x = 1;` waits for a possible `else`, and the `;` it ends with is the code after the cursor's
    ("void f() {\n  if (a) x = 1", ";\n}\n", "; y = 2;\n", "", None),
]


@pytest.mark.parametrize("prefix, suffix, completion, want, language", MIDLINE)
@pytest.mark.parametrize("seed", range(6))
def test_a_mid_line_completion_never_posts_the_code_after_the_cursor(prefix, suffix, completion, want, language,
                                                                     seed):
    posted, final = generate(completion, seed, CodeStop(prefix, suffix, language))
    assert final == want and posted == want


VERILOG_END = [
    ("module m(input clk);\n  always @(posedge clk) begin\n    ", "\n  end\nendmodule\n", "x <= 1; end\n",
     "x <= 1;"),
    ("module m(input clk);\n", "\nendmodule\n", "  assign y = x; endmodule\n", "  assign y = x;"),
]


@pytest.mark.parametrize("prefix, suffix, completion, want", VERILOG_END)
@pytest.mark.parametrize("seed", range(6))
def test_a_verilog_end_the_suffix_has_is_never_posted_while_it_is_being_written(prefix, suffix, completion, want,
                                                                              seed):
    """`e`, `en` may become the `end` that closes the block the suffix closes: held until the word is whole."""
    posted, final = generate(completion, seed, CodeStop(prefix, suffix, "verilog"))
    assert final == want and posted == want


def test_safe_end_holds_a_possible_start_of_the_rest_of_the_line():
    stop = CodeStop("int f() {\n  x = a", " + b;\n  return x;\n}\n")
    for text, safe in ((" * c", 4), (" * c +", 4), (" * c + ", 4), (" * c + b", 4), (" * c - ", 6)):
        assert stop.safe_end(text) == safe, text


@pytest.mark.parametrize("seed", range(6))
def test_n_indent_never_posts_the_line_it_cuts(seed):
    """Without code-aware stopping (--code-stop off), n_indent alone: the `}` line is cut, so never posted."""
    posted, final = generate("y = 2;\n    z = 3;\n}\nint g;\n", seed, checks=[indent_check(4)])
    assert final == posted == "y = 2;\n    z = 3;"


def test_n_indent_judges_a_line_at_its_first_character_and_streams_the_rest():
    check = indent_check(4)
    assert check("a;\n}") == len("a;")  # as llama.cpp: no need to wait for the line's end (or EOS before it)
    assert check("a;\n    b") is None and check("a;\n  ") is None
    assert check.safe_end("a;\n    b") == len("a;\n    b")
    assert check.safe_end("a;\n  ") == len("a;")  # not judged yet: it and the newline before it may go
    assert check.safe_end("first line, never judged") == len("first line, never judged")


def test_a_check_without_its_own_safe_end_holds_the_last_line():
    def judge_whole_lines(text):
        return None

    posted, final = generate("a;\nb;\nc", 0, checks=[judge_whole_lines])
    assert posted == final == "a;\nb;\nc"  # everything comes at the end
    from hpccoder.serve.engine import check_safe_end
    assert check_safe_end(judge_whole_lines, "a;\nb;\nc") == len("a;\nb;")
