"""Reading training records: the held-out split, and bad input said in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hpccoder.errors import HpcError
from hpccoder.train import data as D


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_a_fraction_holds_out_by_content_so_copies_stay_on_one_side(tmp_path):
    """Forks and vendored copies of a file: a random split of the records put most held-out texts in
    the training set too."""
    texts = [f"int f{i}(void) {{ return {i}; }}\n" for i in range(200)]
    records = [{"content": t, "path": f"{copy}/f{i}.c"} for copy in ("a", "b", "c") for i, t in enumerate(texts)]
    spec = str(write_jsonl(tmp_path / "dup.jsonl", records))
    train, held = D.load_records(spec, 0.1, "content")
    assert len(train) + len(held) == 600
    assert not set(train["content"]) & set(held["content"])
    assert 0.05 < len(set(held["content"])) / 200 < 0.15 and len(held) % 3 == 0  # every copy of a text held out
    again_train, again_held = D.load_records(spec, 0.1, "content")
    assert again_held["path"] == held["path"] and again_train["path"] == train["path"]  # the same every run
    # the side is the content's, not the record's place: other records around it change nothing
    fewer = D.load_records(str(write_jsonl(tmp_path / "fewer.jsonl", records[::2])), 0.1, "content")[1]
    assert set(fewer["content"]) <= set(held["content"])


def test_the_split_is_by_the_text_the_loss_is_on_and_keeps_one_of_each_side(tmp_path):
    pairs = [{"instruction": f"task {i}", "solution": "void k() {}" if i < 3 else f"void k{i}() {{}}"}
             for i in range(4)]
    train, held = D.load_records(str(write_jsonl(tmp_path / "pairs.jsonl", pairs)), 0.01,
                                 D.identity_field({"mode": "instruct", "text_field": "content"}))
    assert len(held) >= 1 and len(train) >= 1  # 1% of four: still one held out
    assert not set(train["solution"]) & set(held["solution"])
    train, held = D.load_records(str(write_jsonl(tmp_path / "two.jsonl", pairs[2:])), 0.99, "solution")
    assert len(train) == len(held) == 1
    notes: list[str] = []
    train, held = D.load_records(str(write_jsonl(tmp_path / "same.jsonl", pairs[:3])), 0.5, "solution", notes)
    assert len(train) + len(held) == 3 and len(held) in (0, 3) and notes == [
        "data.validation: all 3 records are one text: none is held out"] * (len(held) == 0)


@pytest.mark.parametrize("content, says", [
    ("", r"data.train: \S+/t.jsonl is empty$"),
    ('{"content": "int a;"}\n{"content": broken\n{"content": "int b;"}\n',
     r"data.train: \S+/t.jsonl line 2 is not JSON \(Expecting value\)$"),
    ('{"content": "int a;"}\n\n[1, 2]\n', r"data.train: \S+/t.jsonl line 3 is a JSON list, not an object"),
    ("\n\n", r"data.train: \S+/t.jsonl has no records$"),
])
def test_a_bad_jsonl_file_is_one_line_naming_the_file_and_line(tmp_path, content, says):
    path = tmp_path / "t.jsonl"
    path.write_text(content)
    with pytest.raises(HpcError, match=says) as err:
        D.load_records(str(path), 0.5, "content")
    assert "\n" not in str(err.value)


def test_a_folder_of_sources_that_are_not_utf8(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    for name in ("a.c", "b.c"):
        (folder / name).write_bytes(b"int x = 1;\xff\xfe\n")
    with pytest.raises(HpcError, match=r"none of the 2 source files in \S+ is UTF-8 text \(for example a.c\)"):
        D.load_records(str(folder), 0.5)
    for i in range(4):
        (folder / f"ok{i}.c").write_text(f"int ok{i};\n")
    notes: list[str] = []
    train, held = D.load_records(str(folder), 0.5, "content", notes)
    assert len(train) + len(held) == 4
    assert notes == [f"data.train: 2 of 6 files in {folder} are not UTF-8 text and are left out (for example a.c)"]


def test_a_folder_of_sources_is_read_afresh_after_an_edit(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    for i in range(4):
        (folder / f"f{i}.c").write_text(f"int v{i};\n")
    first = D.load_records(str(folder), 0.5, "content")
    (folder / "f0.c").write_text("int changed;\n")
    train, held = D.load_records(str(folder), 0.5, "content")
    assert "int changed;\n" in list(train["content"]) + list(held["content"])
    assert "int v0;\n" in list(first[0]["content"]) + list(first[1]["content"])


class _Chars:
    """Characters as tokens."""

    eos_token_id = 0
    pad_token_id = 0
    chat_template = None

    def __call__(self, text, add_special_tokens=False):
        if not isinstance(text, str):
            raise ValueError("text input must be of type `str`")  # what a real tokenizer says, in a traceback
        return {"input_ids": [ord(c) for c in text]}


@pytest.mark.parametrize("mode, records, says", [
    ("clm", [{"content": 7}], "column 'content' holds int values (such as '7') where text is wanted"),
    ("mpi_calls", [{"content": ["MPI_Init(0, 0);"]}], "column 'content' holds list values"),
    ("instruct", [{"instruction": "add", "solution": 3.5}], "column 'solution' holds float values"),
    ("verilog_multigrain", [{"code": "module a; endmodule", "descriptions": "a wire"}],
     "column 'descriptions' holds str values (such as 'a wire') where a mapping of level to text is wanted"),
    ("verilog_multigrain", [{"code": 1, "descriptions": {"high": "a wire"}}], "column 'code' holds int values"),
])
def test_a_column_of_the_wrong_type_is_one_line_naming_it(mode, records, says):
    from datasets import Dataset

    data = {"mode": mode, "text_field": "content", "seq_len": 64, "packing": True, "fim": {},
            "levels": ["high"]}
    with pytest.raises(HpcError) as err:
        D.token_rows(Dataset.from_list(records), _Chars(), data, 0, held_out=True)
    assert says in str(err.value) and "\n" not in str(err.value)


def test_pairs_and_modules_without_an_answer_are_left_out_and_counted():
    from datasets import Dataset

    notes: list[str] = []
    pairs = Dataset.from_list([{"instruction": "add", "solution": "x+y"}, {"instruction": "sub", "solution": None},
                               {"instruction": "mul", "solution": ""}])
    rows = D.token_rows(pairs, _Chars(), {"mode": "instruct", "seq_len": 64}, 0, notes=notes)
    assert len(rows) == 1 and notes == ["instruct: 2 of 3 pairs without a solution left out"]
    modules = Dataset.from_list([{"code": "module a; endmodule", "descriptions": {"high": "a"}},
                                 {"code": None, "descriptions": {"high": "b"}}])
    rows = D.token_rows(modules, _Chars(), {"mode": "verilog_multigrain", "seq_len": 200, "levels": ["high"]}, 0)
    assert len(rows) == 1

