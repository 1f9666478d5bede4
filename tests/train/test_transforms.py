"""The data modes of fine-tuning, on hand-made inputs."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from hpccoder.errors import HpcError
from hpccoder.train import transforms as T


def test_pack_makes_full_blocks_with_eos_between_documents():
    blocks = list(T.pack([[1, 2, 3], [4, 5], [6, 7, 8, 9]], seq_len=4, eos_id=0))
    assert blocks == [[1, 2, 3, 0], [4, 5, 0, 6], [7, 8, 9, 0]]
    assert list(T.pack([[1, 2]], 4, 0)) == []  # a partial block is never padded


def test_pack_keeps_every_token_in_order():
    rng = random.Random(3)
    docs = [[rng.randrange(1, 50) for _ in range(rng.randrange(0, 30))] for _ in range(40)]
    flat = [t for d in docs for t in d + [0]]
    blocks = list(T.pack(docs, 16, 0))
    assert [t for b in blocks for t in b] == flat[: len(blocks) * 16]
    assert len(flat) - len(blocks) * 16 < 16


def test_pad_truncates_and_masks_padding():
    row = T.pad([5, 6], seq_len=5, pad_id=9, eos_id=0)
    assert row["input_ids"] == [5, 6, 0, 9, 9]
    assert row["attention_mask"] == [1, 1, 1, 0, 0]
    assert row["labels"] == [5, 6, 0, -100, -100]
    assert T.pad(list(range(1, 9)), 4, 9, 0)["input_ids"] == [1, 2, 3, 4]


def _unfim(text: str) -> str:
    """The original document back from a PSM or SPM example."""
    body = text[len(T.FIM_PREFIX):]
    if body.startswith(T.FIM_SUFFIX):  # SPM: suffix, then prefix+middle
        suffix, rest = body[len(T.FIM_SUFFIX):].split(T.FIM_MIDDLE, 1)
        return rest + suffix
    prefix, rest = body.split(T.FIM_SUFFIX, 1)
    suffix, middle = rest.split(T.FIM_MIDDLE, 1)
    return prefix + middle + suffix


def test_fim_rate_and_both_orders_and_nothing_lost():
    rng = random.Random(0)
    doc = "for (int i = 0; i < n; ++i) y[i] += a * x[i];\n"
    kinds = Counter()
    for _ in range(2000):
        out = T.fim(doc, rng, rate=0.5, spm_rate=0.3)
        if not out.startswith(T.FIM_PREFIX):
            assert out == doc
            kinds["plain"] += 1
            continue
        kinds["spm" if out.startswith(T.FIM_PREFIX + T.FIM_SUFFIX) else "psm"] += 1
        assert _unfim(out) == doc
    assert 900 < kinds["plain"] < 1100
    assert 0.22 < kinds["spm"] / (kinds["spm"] + kinds["psm"]) < 0.38


def test_fim_never_on_rate_zero_and_always_on_rate_one():
    rng = random.Random(1)
    assert all(T.fim("abcdef", rng, rate=0.0) == "abcdef" for _ in range(100))
    assert all(T.fim("abcdef", rng, rate=1.0).startswith(T.FIM_PREFIX) for _ in range(100))


PROGRAM = """#include <mpi.h>
int main(int argc, char **argv) {
  int rank, size;
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (MPI_Comm_size(MPI_COMM_WORLD, &size) != MPI_SUCCESS) return 1;
  double local = rank, total = 0;
  MPI_Allreduce(&local, &total, 1,
                MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  printf("MPI_Send(x);\\n");
  MPI_Finalize();
  return 0;
}
"""


def test_mpi_calls_are_blanked_in_place_and_listed_with_their_lines():
    masked, calls = T.mpi_call_example(PROGRAM)
    assert [c.text() for c in calls] == [
        "4: MPI_Init(&argc, &argv)",
        "5: MPI_Comm_rank(MPI_COMM_WORLD, &rank)",
        "8: MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD)",
        "11: MPI_Finalize()",
    ]
    assert masked.count("\n") == PROGRAM.count("\n")  # line numbers survive
    assert "MPI_Init" not in masked and "MPI_Allreduce" not in masked
    assert "MPI_Comm_size" in masked  # inside an expression: not a statement of its own
    assert 'printf("MPI_Send(x);\\n");' in masked  # in a string


def test_mpi_call_prompt_and_answer_round_trip_to_a_perfect_score():
    prompt, answer = T.mpi_call_text(PROGRAM)
    assert "   8 " in prompt and "MPI_Allreduce" not in prompt
    _, calls = T.mpi_call_example(PROGRAM)
    assert T.score_mpi_calls(answer, calls) == {"location": 1.0, "function": 1.0, "arguments": 1.0,
                                                "precision": 1.0, "expected": 4, "predicted": 4}
    assert T.mpi_call_text("int main() { return 0; }") is None


def test_mpi_call_score_grades_location_function_and_arguments_apart():
    _, calls = T.mpi_call_example(PROGRAM)
    predicted = "\n".join([
        "4: MPI_Init(&argc, &argv)",  # right
        "5: MPI_Comm_size(MPI_COMM_WORLD, &rank)",  # right line, wrong function
        "8: MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD)",  # wrong argument
        "12: MPI_Finalize()",  # wrong line
        "some chatter",
    ])
    s = T.score_mpi_calls(predicted, calls)
    assert s["location"] == 0.75 and s["function"] == 0.5 and s["arguments"] == 0.25
    assert s["precision"] == 0.25 and s["predicted"] == 4


def test_multigrain_draws_every_level_equally():
    records = [{"code": f"module m{i}; endmodule", "descriptions": {"high": f"h{i}", "detailed": f"d{i}"}}
               for i in range(10)]
    records += [{"code": f"module b{i}; endmodule", "descriptions": {"high": f"h{i}", "block": f"b{i}"}}
                for i in range(4)]
    pairs = T.multigrain_examples(records, ["high", "detailed", "block"], seed=1)
    counts = Counter(lv for lv, _, _ in pairs)
    assert counts == {"high": 4, "detailed": 4, "block": 4}  # the scarcest level sets the count
    assert [lv for lv, _, _ in pairs[:3]] == ["high", "detailed", "block"]  # interleaved
    for lv, desc, code in pairs:
        rec = next(r for r in records if r["code"] == code)
        assert rec["descriptions"][lv] == desc
    more = T.multigrain_examples(records, ["high", "detailed"], seed=1, per_level=8)
    assert Counter(lv for lv, _, _ in more) == {"high": 8, "detailed": 8}


class _Tok:
    """Characters as tokens; enough to check the masking of instruction pairs."""

    eos_token_id = 0
    chat_template = None

    def __call__(self, text, add_special_tokens=False):
        return {"input_ids": [ord(c) for c in text]}


def test_instruction_example_puts_the_loss_on_the_solution_only():
    row = T.instruction_example(_Tok(), "add", "x+y", seq_len=64)
    n_prompt = len("### Task\nadd\n### Solution\n")
    assert row["labels"][:n_prompt] == [-100] * n_prompt
    assert row["labels"][n_prompt:] == [ord(c) for c in "x+y"] + [0]
    assert len(row["input_ids"]) == len(row["labels"]) == len(row["attention_mask"])
    assert T.instruction_example(_Tok(), "a" * 100, "x", seq_len=20) is None


def test_instruction_and_multigrain_rows_say_how_many_answers_seq_len_cut():
    from datasets import Dataset

    from hpccoder.train import data as D

    pairs = Dataset.from_list([{"instruction": "add", "solution": "x+y"}, {"instruction": "sum", "solution": "s" * 200},
                               {"instruction": "é ✓", "solution": "ü" * 10}])
    notes: list[str] = []
    rows = D.token_rows(pairs, _Tok(), {"mode": "instruct", "seq_len": 64}, 0, notes=notes)
    assert len(rows) == 3 and max(len(r["input_ids"]) for r in rows) == 64
    assert notes == ["instruct: 1 of 3 solutions cut at data.seq_len 64 (their end, and the EOS after it, are not "
                     "trained on)"]
    modules = Dataset.from_list([{"code": "module a; endmodule", "descriptions": {"high": "a"}},
                                 {"code": "module b;" + " " * 300 + "endmodule", "descriptions": {"high": "b"}}])
    notes = []
    rows = D.token_rows(modules, _Tok(), {"mode": "verilog_multigrain", "seq_len": 200, "levels": ["high"]}, 0,
                        held_out=True, notes=notes)
    assert len(rows) == 2 and notes == ["verilog_multigrain: 1 of 2 modules cut at data.seq_len 200 (their end, and "
                                        "the EOS after it, are not trained on)"]


def test_mpi_calls_in_comments_are_not_calls_and_comments_do_not_end_a_call():
    source = ("int main() {\n"
              "  /* the blocking version:\n"
              "  MPI_Send(buf, n, MPI_INT, 1, 0, comm);\n"
              "  */\n"
              "  MPI_Recv(buf, n, /* count ) */ MPI_INT, 0, 0, // don't wait\n"
              "           comm, MPI_STATUS_IGNORE);\n"
              "  MPI_Bcast(msg, 5, MPI_CHAR, 0, comm); printf(\"%s\", \"(\");\n"
              "}\n")
    masked, calls = T.mpi_call_example(source)
    assert [c.text() for c in calls] == ["5: MPI_Recv(buf, n, MPI_INT, 0, 0, comm, MPI_STATUS_IGNORE)",
                                         "7: MPI_Bcast(msg, 5, MPI_CHAR, 0, comm)"]
    assert "  MPI_Send(buf, n, MPI_INT, 1, 0, comm);\n" in masked  # the comment stays as it was
    assert masked.count("\n") == source.count("\n") and 'printf("%s", "(");' in masked


def test_mpi_call_score_edge_cases():
    call = T.MpiCall(3, "MPI_Barrier", "comm")
    perfect = {"location": 1.0, "function": 1.0, "arguments": 1.0, "precision": 1.0}
    assert T.score_mpi_calls("", []) == {**perfect, "expected": 0, "predicted": 0}  # nothing to find, none found
    assert T.score_mpi_calls("3: MPI_Barrier(comm)", []) == {**perfect, "precision": 0.0, "expected": 0,
                                                             "predicted": 1}
    assert T.score_mpi_calls("no idea", [call]) == {"location": 0.0, "function": 0.0, "arguments": 0.0,
                                                    "precision": 0.0, "expected": 1, "predicted": 0}
    # the right call twice, and an extra one: right once out of three
    s = T.score_mpi_calls("3: MPI_Barrier(comm)\n3: MPI_Barrier(comm)\n9: MPI_Finalize()", [call])
    assert s["arguments"] == 1.0 and s["precision"] == 1 / 3 and s["predicted"] == 3


FREE_FORM = """program ring
  use mpi
  integer :: rank, ierr, buf
  character(len=24) :: msg = 'call MPI_Bad(x) ! text'
  call MPI_Init(ierr)
  ! call MPI_Barrier(MPI_COMM_WORLD, ierr)
  call mpi_comm_rank(MPI_COMM_WORLD, rank, &  ! who am I
                     ierr)
  if (rank == 0) call MPI_Send(buf, 1, MPI_INTEGER, 1, 0, MPI_COMM_WORLD, ierr)
10 CALL MPI_BCAST(buf, 1, MPI_INTEGER, 0, &
       & MPI_COMM_WORLD, ierr)
  call MPI_Finalize(ierr); buf = 1
end program ring
"""

FIXED_FORM = """      PROGRAM MAIN
      INCLUDE 'mpif.h'
C     CALL MPI_ABORT(MPI_COMM_WORLD, 1, IERR)
      CALL MPI_INIT(IERR)
      CALL MPI_ALLREDUCE(A, B, N, MPI_DOUBLE_PRECISION, MPI_SUM,
     1                   MPI_COMM_WORLD, IERR)
 20   CALL MPI_FINALIZE(IERR)
      END
"""


def test_fortran_mpi_calls_in_free_and_fixed_form():
    masked, calls = T.mpi_call_example(FREE_FORM, "fortran")
    assert [c.text() for c in calls] == ["5: MPI_Init(ierr)", "7: mpi_comm_rank(MPI_COMM_WORLD, rank, ierr)",
                                         "9: MPI_Send(buf, 1, MPI_INTEGER, 1, 0, MPI_COMM_WORLD, ierr)",
                                         "10: MPI_BCAST(buf, 1, MPI_INTEGER, 0, MPI_COMM_WORLD, ierr)",
                                         "12: MPI_Finalize(ierr)"]
    lines = masked.split("\n")
    assert masked.count("\n") == FREE_FORM.count("\n")
    assert lines[3] == FREE_FORM.split("\n")[3] and lines[5] == FREE_FORM.split("\n")[5]  # string, comment kept
    assert lines[8] == "  if (rank == 0) "  # the statement of a logical IF: blanked, the IF stays
    assert lines[9].strip() == "10" and lines[11].strip() == "buf = 1"  # the label and the next statement stay
    assert T.mpi_call_example(FREE_FORM) is None  # read as C, Fortran has no `MPI_X(...);` statements

    masked, calls = T.mpi_call_example(FIXED_FORM, "fortran-fixed")
    assert [c.text() for c in calls] == [
        "4: MPI_INIT(IERR)", "5: MPI_ALLREDUCE(A, B, N, MPI_DOUBLE_PRECISION, MPI_SUM, MPI_COMM_WORLD, IERR)",
        "7: MPI_FINALIZE(IERR)"]
    assert "C     CALL MPI_ABORT(MPI_COMM_WORLD, 1, IERR)" in masked  # a comment line stays
    prompt, answer = T.mpi_call_text(FIXED_FORM, "fortran-fixed")
    assert "```fortran\n" in prompt and "CALL MPI_INIT" not in prompt
    # Fortran names in any case, `call` written or not: the same calls
    spoken = "4: call mpi_init(IERR)\n5: Mpi_Allreduce(A, B, N, MPI_DOUBLE_PRECISION, MPI_SUM, MPI_COMM_WORLD, IERR)\n"
    s = T.score_mpi_calls(spoken, calls)
    assert s["function"] == s["arguments"] == 2 / 3 and s["precision"] == 1.0


def test_source_language_from_a_records_language_and_path():
    assert T.source_language("fortran", "src/ex5f.F90") == "fortran"
    assert T.source_language("fortran", "src/ex5f.F") == "fortran-fixed"
    assert T.source_language(None, "lib/blas.f") == "fortran-fixed"
    assert T.source_language("fortran") == "fortran"
    assert T.source_language("c++", "a/b.cpp") == T.source_language() == T.source_language(None, "Makefile") == "c"


def _text(ids) -> str:
    return "".join(chr(i) for i in ids if i > 0)


def _answer(row) -> str:
    """What a row puts the loss on (the _Tok tokenizer: a character a token, EOS 0)."""
    return _text(t for t in row["labels"] if t != T.IGNORE)


def test_mpi_call_rows_read_fortran_records_as_fortran():
    from datasets import Dataset

    from hpccoder.train import data as D

    ds = Dataset.from_list([{"content": FREE_FORM, "language": "fortran", "path": "ring.f90"},
                            {"content": FIXED_FORM, "language": "fortran", "path": "main.f"},
                            {"content": "int main() {\n  MPI_Init(0, 0);\n}\n", "language": "c", "path": "m.c"}])
    rows = D.token_rows(ds, _Tok(), {"mode": "mpi_calls", "text_field": "content", "seq_len": 4096,
                                     "packing": True}, seed=0)
    assert len(rows) == 3
    assert _answer(rows[0]).endswith("12: MPI_Finalize(ierr)\n")
    assert _answer(rows[1]).endswith("7: MPI_FINALIZE(IERR)\n")
    assert "```c\n" in _text(rows[2]["input_ids"]) and _answer(rows[2]) == "2: MPI_Init(0, 0)\n"


def test_mpi_call_rows_are_one_program_each_never_packed_with_the_loss_on_the_answer():
    """Packed, most answers of long programs were trained without their program (another block had
    it), and the loss was on the program too."""
    from datasets import Dataset

    from hpccoder.train import data as D

    programs = [PROGRAM, PROGRAM.replace("&rank", "&me"), "int f() { return 0; }\n"]  # the last has no call
    rows = D.token_rows(Dataset.from_list([{"content": p} for p in programs]), _Tok(),
                        {"mode": "mpi_calls", "text_field": "content", "seq_len": 4096, "packing": True}, seed=0)
    assert len(rows) == 2
    for row, program in zip(rows, programs):
        prompt, answer = T.mpi_call_text(program)
        assert _text(row["input_ids"]) == prompt + answer  # the whole example, in one row
        assert _answer(row) == answer and row["labels"][-1] == 0  # and EOS, the loss on them alone
        assert len(row["input_ids"]) == len(row["labels"]) == len(row["attention_mask"]) == len(prompt + answer) + 1


def _long_program(filler: int) -> str:
    body = "".join(f"  x[{i}] = {i};\n" for i in range(filler))
    return ("#include <mpi.h>\nint main(int argc, char **argv) {\n  MPI_Init(&argc, &argv);\n" + body
            + "  MPI_Barrier(MPI_COMM_WORLD);\n" + body + "  MPI_Finalize();\n}\n")


def test_a_program_too_long_keeps_the_lines_near_its_calls_and_its_whole_answer():
    source = _long_program(60)
    prompt, answer = T.mpi_call_text(source)
    whole = len(prompt) + len(answer) + 1
    row, what = T.mpi_call_row(_Tok(), source, "c", seq_len=whole)
    assert what == "whole" and _text(row["input_ids"]) == prompt + answer
    row, what = T.mpi_call_row(_Tok(), source, "c", seq_len=whole - 1)
    assert what == "shortened" and len(row["input_ids"]) <= whole - 1
    assert _answer(row) == answer == "3: MPI_Init(&argc, &argv)\n64: MPI_Barrier(MPI_COMM_WORLD)\n125: MPI_Finalize()\n"
    shown = _text(row["input_ids"])
    lines = shown.split("\n")
    assert "  62   x[58] = 58;" in lines and "  64   " in lines and "  66   x[1] = 1;" in lines  # around a call
    assert T.LEFT_OUT in lines and "  34   x[30] = 30;" not in lines  # far from every call: left out
    assert shown.startswith(prompt[:prompt.index("```")])  # the same instruction
    assert T.mpi_call_row(_Tok(), source, "c", seq_len=len(answer) + 40) == (None, "dropped")
    assert T.mpi_call_row(_Tok(), "int f();\n", "c", seq_len=64) == (None, "no calls")


def test_mpi_call_rows_say_how_many_programs_were_shortened_or_left_out():
    from datasets import Dataset

    from hpccoder.train import data as D

    programs = [_long_program(2), _long_program(60), _long_program(60) + "\n" * 3 + "MPI_Abort(c, 1);\n" * 30]
    notes: list[str] = []
    rows = D.token_rows(Dataset.from_list([{"content": p} for p in programs]), _Tok(),
                        {"mode": "mpi_calls", "text_field": "content", "seq_len": 900, "packing": False}, 0,
                        notes=notes)
    assert len(rows) == 2 and all(len(r["input_ids"]) <= 900 for r in rows)
    assert notes == ["mpi_calls: of 3 programs with MPI calls, 1 too long for data.seq_len 900 keep only the lines "
                     "near their calls, 1 left out (their calls do not fit even so)"]


def test_mpi_call_rows_of_records_without_any_call_say_so_not_that_seq_len_is_short():
    from datasets import Dataset

    from hpccoder.train import data as D

    data = {"mode": "mpi_calls", "text_field": "content", "seq_len": 900, "packing": False}
    serial = Dataset.from_list([{"content": "int main() { return 0; }\n"}, {"content": "/* MPI_Init(0, 0); */\n"}])
    with pytest.raises(HpcError, match="none of the 2 training records has an MPI call statement"):
        D.token_rows(serial, _Tok(), data, 0)
    assert D.token_rows(serial, _Tok(), data, 0, held_out=True) == []  # a held-out set may have none


def test_mpi_call_score_ignores_whitespace_outside_literals():
    expected = [T.MpiCall(4, "MPI_Init", "&argc, &argv"), T.MpiCall(5, "MPI_Send", '"a b", 3, MPI_CHAR')]
    s = T.score_mpi_calls("4: MPI_Init(&argc,&argv)\n5: MPI_Send( \"a b\" ,3,MPI_CHAR )", expected)
    assert s["arguments"] == 1.0 and s["precision"] == 1.0
    s = T.score_mpi_calls("4: MPI_Init(&argc,&argv)\n5: MPI_Send(\"ab\", 3, MPI_CHAR)", expected)
    assert s["arguments"] == 0.5  # inside a string a space is part of the value
    assert T.score_mpi_calls("4: MPI_Init(&ARGC, &argv)", expected)["arguments"] == 0  # C is case-sensitive


def test_fortran_mpi_call_score_ignores_case_outside_strings():
    _, calls = T.mpi_call_example("call MPI_COMM_RANK(MPI_COMM_WORLD, RANK, IERR)\n"
                                  "call mpi_send('Hi', 2, MPI_CHARACTER, 1, 0, MPI_COMM_WORLD, ierr)\n", "fortran")
    assert all(c.fortran for c in calls)
    said = ("1: call mpi_comm_rank(mpi_comm_world, rank, ierr)\n"
            "2: call MPI_Send('Hi', 2, mpi_character, 1, 0, mpi_comm_world, IERR)\n")
    assert T.score_mpi_calls(said, calls)["arguments"] == 1.0
    assert T.score_mpi_calls(said.replace("'Hi'", "'HI'"), calls)["arguments"] == 0.5  # a string keeps its case


def test_two_mpi_calls_on_one_line_are_both_blanked_and_both_expected():
    source = ("void f(MPI_Comm comm) {\n"
              "  MPI_Barrier(comm); MPI_Barrier(comm);\n"
              "  MPI_Send(b, 1, t, 0, 0, comm);  MPI_Recv(b,\n"
              "    1, t, 0, 0, comm, s); x = 1;\n"
              "}\n")
    masked, calls = T.mpi_call_example(source)
    assert [c.text() for c in calls] == ["2: MPI_Barrier(comm)", "2: MPI_Barrier(comm)",
                                         "3: MPI_Send(b, 1, t, 0, 0, comm)", "3: MPI_Recv(b, 1, t, 0, 0, comm, s)"]
    assert masked.count("MPI_") == 1 and masked.count("\n") == source.count("\n") and " x = 1;" in masked
    one = T.score_mpi_calls("2: MPI_Barrier(comm)\n3: MPI_Send(b, 1, t, 0, 0, comm)\n", calls)
    assert one["location"] == one["arguments"] == 0.5 and one["precision"] == 1.0
    both = T.score_mpi_calls("".join(c.text() + "\n" for c in calls), calls)
    assert both["arguments"] == both["precision"] == 1.0
    _, calls = T.mpi_call_example("call MPI_Barrier(comm, ierr); call mpi_barrier(comm, ierr)\n", "fortran")
    assert [c.text() for c in calls] == ["1: MPI_Barrier(comm, ierr)", "1: mpi_barrier(comm, ierr)"]


def test_multigrain_levels_the_data_lacks_are_named():
    from datasets import Dataset

    from hpccoder.errors import HpcError
    from hpccoder.train import data as D

    ds = Dataset.from_list([{"code": "module m; endmodule", "descriptions": {"high": "nothing", "detailed": "empty"}}])
    with pytest.raises(HpcError, match="no record describes a module at level block .*levels in the data: "
                                       "detailed, high"):
        D.token_rows(ds, _Tok(), {"mode": "verilog_multigrain", "seq_len": 64, "levels": ["high", "block"]}, 0)


def _levels(rows) -> Counter:
    return Counter(re.search(r"\((\w+) level\)", _text(r["input_ids"])).group(1) for r in rows)


def test_multigrain_balances_the_pairs_that_fit():
    """Long detailed descriptions that do not fit are left out before the levels are balanced, not after."""
    from datasets import Dataset

    from hpccoder.train import data as D

    records = [{"code": "module m; endmodule",
                "descriptions": {"high": f"h{i}", "block": f"b{i}", "detailed": ("d" * 200 if i % 2 else f"d{i}")}}
               for i in range(20)]
    notes: list[str] = []
    rows = D.token_rows(Dataset.from_list(records), _Tok(), {"mode": "verilog_multigrain", "seq_len": 128,
                                                            "levels": ["high", "block", "detailed"]}, 0, notes=notes)
    assert _levels(rows) == {"high": 10, "block": 10, "detailed": 10}
    assert notes == ["verilog_multigrain: 10 of 60 (module, description) pairs left out: the instruction alone "
                     "fills data.seq_len 128"]
    with pytest.raises(HpcError, match="no description at level detailed fits data.seq_len 128"):
        D.token_rows(Dataset.from_list(records[1::2]), _Tok(), {"mode": "verilog_multigrain", "seq_len": 128,
                                                               "levels": ["high", "detailed"]}, 0)


def test_multigrain_held_out_records_are_scored_at_the_levels_they_have():
    from datasets import Dataset

    from hpccoder.train import data as D

    held = Dataset.from_list([{"code": f"module m{i}; endmodule", "descriptions": {"high": f"h{i}"}} for i in range(3)]
                             + [{"code": "module b; endmodule", "descriptions": {"high": "hb", "block": "b"}}])
    data = {"mode": "verilog_multigrain", "seq_len": 128, "levels": ["high", "detailed", "block"]}
    assert _levels(D.token_rows(held, _Tok(), data, 0, held_out=True)) == {"high": 4, "block": 1}
    with pytest.raises(HpcError, match="no record describes a module at level detailed"):
        D.token_rows(held, _Tok(), data, 0)  # for training, a level without a pair is a mistake in the recipe
    assert D.token_rows(held.select([]), _Tok(), data, 0, held_out=True) == []


INLINE = """#include <mpi.h>
#pragma omp parallel
int main(int argc, char **argv) { MPI_Init(&argc, &argv);
  int rank, rc, flag = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) MPI_Send(&rank, 1, MPI_INT, 1, 0, MPI_COMM_WORLD);
  else MPI_Recv(&rank, 1, MPI_INT, 0, 0,
                MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  switch (rank) { case 0: MPI_Barrier(MPI_COMM_WORLD); break; default: MPI_Abort(MPI_COMM_WORLD, 1); }
  for (int i = 0; i < 3; ++i) MPI_Bcast(&flag, 1, MPI_INT, i, MPI_COMM_WORLD);
  while (!flag) MPI_Iprobe(0, 0, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
  for (int i = 0; i < 3; ++i) { MPI_Barrier(MPI_COMM_WORLD); }
  #pragma omp master
  (void)MPI_Barrier(MPI_COMM_WORLD);
  rc = MPI_Barrier(MPI_COMM_WORLD);
  if (MPI_Barrier(MPI_COMM_WORLD) != MPI_SUCCESS) return 1;
  double t = rank ? MPI_Wtime() : 0.0;
  CHECK(MPI_Barrier(MPI_COMM_WORLD));
  std::cout << rank; ::MPI_Barrier(MPI_COMM_WORLD);
  done: MPI_Finalize(); return MPI_Finalize();
}
"""


def test_mpi_calls_after_other_code_on_their_line_are_blanked_and_expected():
    """MPIrigen's setting: every call statement goes, wherever on its line it stands; before, only a call
    that started its line did, and `if (rank == 0) MPI_Send(...);` stayed visible in the prompt."""
    masked, calls = T.mpi_call_example(INLINE)
    assert [c.text() for c in calls] == [
        "3: MPI_Init(&argc, &argv)",
        "5: MPI_Comm_rank(MPI_COMM_WORLD, &rank)",
        "6: MPI_Send(&rank, 1, MPI_INT, 1, 0, MPI_COMM_WORLD)",
        "7: MPI_Recv(&rank, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE)",
        "9: MPI_Barrier(MPI_COMM_WORLD)", "9: MPI_Abort(MPI_COMM_WORLD, 1)",
        "10: MPI_Bcast(&flag, 1, MPI_INT, i, MPI_COMM_WORLD)",
        "11: MPI_Iprobe(0, 0, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE)",
        "12: MPI_Barrier(MPI_COMM_WORLD)",
        "14: MPI_Barrier(MPI_COMM_WORLD)",
        "20: MPI_Finalize()",
    ]
    lines = masked.split("\n")
    assert masked.count("\n") == INLINE.count("\n")
    assert lines[2] == "int main(int argc, char **argv) { "
    assert lines[5] == "  if (rank == 0) " and lines[6] == "  else " and lines[7] == ""
    assert lines[8] == "  switch (rank) { case 0:  break; default:  }"
    assert lines[9] == "  for (int i = 0; i < 3; ++i) " and lines[10] == "  while (!flag) "
    assert lines[11] == "  for (int i = 0; i < 3; ++i) {  }" and lines[13] == "  "  # `(void)` goes with it
    # a value used stays, with the rest of its expression: neither blanked nor expected
    for n in (14, 15, 16, 17, 18):
        assert lines[n] == INLINE.split("\n")[n]
    assert lines[19] == "  done:  return MPI_Finalize();"
    # every line of the answer names a call the prompt no longer shows; scored as ever
    prompt, answer = T.mpi_call_text(INLINE)
    shown = prompt.split("```c\n", 1)[1]
    assert "MPI_Send" not in shown and "MPI_Recv" not in shown and "MPI_Init" not in shown
    assert T.score_mpi_calls(answer, calls) == {"location": 1.0, "function": 1.0, "arguments": 1.0,
                                                "precision": 1.0, "expected": 11, "predicted": 11}
    wrong = answer.replace("6: MPI_Send(&rank, 1, MPI_INT, 1,", "6: MPI_Send(&rank, 1, MPI_INT, 2,")
    s = T.score_mpi_calls(wrong.replace("10: MPI_Bcast", "11: MPI_Bcast"), calls)
    assert s["location"] == s["function"] == 10 / 11 and s["arguments"] == 9 / 11


def test_a_macro_definition_and_a_for_header_hold_no_call_statement():
    source = ("#define SYNC(c) \\\n  MPI_Barrier(c);\n"
              "void f(MPI_Comm c, MPI_Request *r, int *done) {\n"
              "  for (MPI_Barrier(c); !*done; MPI_Test(r, done, MPI_STATUS_IGNORE)) {}\n"
              "  for (int i = 0; MPI_Test(r, done, MPI_STATUS_IGNORE) == 0 && !*done; ) {}\n"
              "  std::for_each(r, r + 2, [&](MPI_Request &q) { MPI_Wait(&q, MPI_STATUS_IGNORE); });\n"
              "}\n")
    _, calls = T.mpi_call_example(source)
    assert [c.text() for c in calls] == ["6: MPI_Wait(&q, MPI_STATUS_IGNORE)"]  # a lambda's body has statements


def test_fortran_mpi_calls_after_a_logical_if_are_blanked_in_both_forms():
    free = ("program p\n"
            "  if (rank == 0) call MPI_Send(buf, 1, MPI_INTEGER, 1, 0, &\n"
            "                              MPI_COMM_WORLD, ierr)\n"
            "  if (rank == 1) &\n"
            "     call MPI_Recv(buf, 1, MPI_INTEGER, 0, 0, MPI_COMM_WORLD, st, ierr)\n"
            "  x = 1; if (x > 0) call mpi_barrier(MPI_COMM_WORLD, ierr)\n"
            "  if (size(a) > 1) then\n"
            "    call MPI_Abort(MPI_COMM_WORLD, 1, ierr)\n"
            "  end if\n"
            "  mycall mpi_x(1)\n"
            "  ok = f(x) + call_mpi_y(2)\n"
            "end program p\n")
    masked, calls = T.mpi_call_example(free, "fortran")
    assert [c.text() for c in calls] == ["2: MPI_Send(buf, 1, MPI_INTEGER, 1, 0, MPI_COMM_WORLD, ierr)",
                                         "5: MPI_Recv(buf, 1, MPI_INTEGER, 0, 0, MPI_COMM_WORLD, st, ierr)",
                                         "6: mpi_barrier(MPI_COMM_WORLD, ierr)",
                                         "8: MPI_Abort(MPI_COMM_WORLD, 1, ierr)"]
    lines = masked.split("\n")
    assert lines[1] == "  if (rank == 0) " and lines[3] == "  if (rank == 1) &" and lines[5] == "  x = 1; if (x > 0) "
    assert "mpi_x(1)" in masked and "call_mpi_y(2)" in masked
    fixed = ("      PROGRAM MAIN\n"
             "      IF (RANK .EQ. 0) CALL MPI_SEND(A, N, MPI_REAL, 1, 0,\n"
             "     &                                MPI_COMM_WORLD, IERR)\n"
             "      IF (RANK .EQ. 1)\n"
             "     1   CALL MPI_RECV(A, N, MPI_REAL, 0, 0, MPI_COMM_WORLD, S, IERR)\n"
             "      X = MPIFN(1) + 1\n"
             "      END\n")
    masked, calls = T.mpi_call_example(fixed, "fortran-fixed")
    assert [c.text() for c in calls] == ["2: MPI_SEND(A, N, MPI_REAL, 1, 0, MPI_COMM_WORLD, IERR)",
                                         "5: MPI_RECV(A, N, MPI_REAL, 0, 0, MPI_COMM_WORLD, S, IERR)"]
    assert masked.split("\n")[1] == "      IF (RANK .EQ. 0) " and "CALL" not in masked
    prompt, answer = T.mpi_call_text(fixed, "fortran-fixed")
    assert T.score_mpi_calls(answer.lower(), calls)["arguments"] == 1.0


def test_a_call_that_starts_its_line_after_a_macro_without_a_semicolon_is_a_statement():
    """`CHECK(c)` (a macro that ends its own statement) then `MPI_Barrier(c);` on the next line: a statement, as
    the call on a line of its own always was; a call after `sizeof(...)`, a cast or an operator stays a value."""
    source = ("void f(MPI_Comm c) {\n  CHECK_STATE(c)\n  MPI_Barrier(c);\n  double t = sizeof(int)\n"
              "    + MPI_Wtime();\n  x = (double)\n    MPI_Wtime();\n  y = sizeof(c)\n    MPI_Wtime();\n}\n")
    masked, calls = T.mpi_call_example(source)
    assert [c.text() for c in calls] == ["3: MPI_Barrier(c)"]
    assert masked.split("\n")[2].strip() == "" and masked.count("MPI_Wtime") == 3
