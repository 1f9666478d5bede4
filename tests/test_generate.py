"""generate(): prompts to samples, extraction, resume, settings kept apart."""

from __future__ import annotations

import json

import pytest

from hpccoder.errors import HpcError
from hpccoder.generate import generate, requests_for
from hpccoder.models import Backend, Completion, GenerationParams


class Scripted(Backend):
    """Answers every request with a fixed text, and counts what it was asked."""

    name = "scripted"
    batch_size = 2

    def __init__(self, text: str, style: str = "chat"):
        self.text, self.style, self.calls = text, style, []

    def default_style(self):
        return self.style

    def generate(self, requests, params):
        self.calls.append([(r.task.id, r.sample_index, r.style) for r in requests])
        return [Completion(self.text + f"// {r.sample_index}\n", tokens=7) for r in requests]


def read(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture
def tasks(suite):
    return suite.select("cpp/dense_la/01_axpy/serial,cpp/dense_la/02_gemv/omp")


def test_chat_answers_are_extracted_and_raw_output_kept(tmp_path, tasks):
    backend = Scripted("Sure!\n```cpp\nvoid axpy(double a) {\n}\n```\nBye ")
    out = generate(backend, tasks, GenerationParams(n=2), tmp_path / "s.jsonl", progress=False)
    samples = read(out)
    assert len(samples) == 4 and backend.calls[0] == [(tasks[0].id, 0, "chat"), (tasks[0].id, 1, "chat")]
    first = samples[0]
    assert first["completion"] == "void axpy(double a) {\n}\n"
    assert first["raw"].startswith("Sure!") and first["tokens"] == 7
    assert first["prompt"][0]["role"] == "system" and first["generation"]["style"] == "chat"
    assert first["model"] == "scripted"


def test_completions_are_cut_where_the_function_ends(tmp_path, tasks):
    backend = Scripted("    return;\n}\nint main() {}\n", style="completion")
    samples = read(generate(backend, tasks, GenerationParams(n=1), tmp_path / "s.jsonl", progress=False))
    assert samples[0]["completion"] == "    return;\n}\n"
    assert samples[0]["prompt"].rstrip().endswith("{")


def test_running_again_generates_only_what_is_missing(tmp_path, tasks):
    path = tmp_path / "s.jsonl"
    generate(Scripted("x"), tasks[:1], GenerationParams(n=2), path, progress=False)
    backend = Scripted("x")
    generate(backend, tasks, GenerationParams(n=2), path, progress=False)
    assert backend.calls == [[(tasks[1].id, 0, "chat"), (tasks[1].id, 1, "chat")]]
    assert len(read(path)) == 4


def test_other_settings_in_the_same_file_are_refused(tmp_path, tasks):
    path = tmp_path / "s.jsonl"
    generate(Scripted("x"), tasks, GenerationParams(n=1), path, progress=False)
    with pytest.raises(HpcError, match=r"other sampling settings \(temperature 0.2 there, 0.7 here"):
        generate(Scripted("x"), tasks, GenerationParams(n=1, temperature=0.7), path, progress=False)
    generate(Scripted("x"), tasks, GenerationParams(n=1, temperature=0.7), path, progress=False, overwrite=True)
    assert {s["generation"]["temperature"] for s in read(path)} == {0.7}


def test_a_larger_n_adds_samples_to_those_made(tmp_path, tasks):
    # pass@10 after pass@1: the samples made stay, the missing ones are made (it was refused as other settings)
    path = tmp_path / "s.jsonl"
    generate(Scripted("x"), tasks[:1], GenerationParams(n=1, temperature=0.2), path, progress=False)
    backend = Scripted("x")
    generate(backend, tasks[:1], GenerationParams(n=3, temperature=0.2), path, progress=False)
    assert backend.calls == [[(tasks[0].id, 1, "chat"), (tasks[0].id, 2, "chat")]]
    assert sorted(s["sample_index"] for s in read(path)) == [0, 1, 2]


def test_unknown_style(tmp_path, tasks):
    with pytest.raises(HpcError, match="unknown prompt style 'poem'"):
        generate(Scripted("x"), tasks, GenerationParams(style="poem"), tmp_path / "s.jsonl", progress=False)


def test_reference_backend_writes_its_files_untouched(tmp_path, suite):
    from hpccoder.models import load
    task = suite.task("cpp/sparse_la/02_cg/serial")
    samples = read(generate(load("reference"), [task], GenerationParams(), tmp_path / "s.jsonl", progress=False))
    assert samples[0]["completion"] == task.reference_file().read_text() and "raw" not in samples[0]


def test_a_file_of_more_samples_than_n_takes_says_so(tmp_path, tasks, capsys):
    from hpccoder.models import load
    given = tmp_path / "given.jsonl"
    given.write_text("".join(json.dumps({"task_id": t.id, "sample_index": i, "completion": f"// {i}\n"}) + "\n"
                             for t in tasks for i in range(3)))
    backend = load(f"file:{given}")
    generate(backend, tasks, GenerationParams(n=1), tmp_path / "one.jsonl", progress=False)
    assert capsys.readouterr().err == (f"hpccoder: {given} holds up to 3 samples per task and -n 1 takes the first 1: "
                                       "give -n 3 to use them all\n")
    assert len(read(generate(backend, tasks, GenerationParams(n=3), tmp_path / "all.jsonl", progress=False))) == 6
    assert capsys.readouterr().err == ""


def test_a_last_line_without_newline_is_generated_again_not_lost(tmp_path, tasks):
    """A kill (or an editor) can leave the last record whole but without its newline: the writer
    drops that line, so it must not count as generated."""
    path = tmp_path / "s.jsonl"
    generate(Scripted("x"), tasks, GenerationParams(n=2), path, progress=False)
    path.write_text(path.read_text().rstrip("\n"))
    backend = Scripted("x")
    generate(backend, tasks, GenerationParams(n=2), path, progress=False)
    assert backend.calls == [[(tasks[1].id, 1, "chat")]]
    assert sorted((s["task_id"], s["sample_index"]) for s in read(path)) == \
        sorted((t.id, i) for t in tasks for i in range(2))


def test_a_completion_that_repeats_the_signature_is_cut_where_that_function_ends(tmp_path, tasks):
    backend = Scripted("void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y,\n"
                       "          std::vector<double> &z) {\n    z[0] = 1;\n}\n\nint main() { return 0; }\n",
                       style="completion")
    samples = read(generate(backend, tasks[:1], GenerationParams(n=1), tmp_path / "s.jsonl", progress=False))
    assert samples[0]["completion"] == "\n    z[0] = 1;\n}\n"
    finished = requests_for(tasks[0], [0], "completion")[0].finished
    assert not finished("void axpy(double alpha) {\n    z[0] = 1;\n")
    assert finished("void axpy(double alpha) {\n    z[0] = 1;\n}\n")


def test_a_line_that_is_not_a_sample_is_one_line_not_a_traceback(tmp_path, tasks):
    path = tmp_path / "s.jsonl"
    generate(Scripted("x"), tasks[:1], GenerationParams(n=1), path, progress=False)
    for bad in ("[1]", '{"completion": "x"}'):  # an AttributeError and a KeyError before
        path.write_text(path.read_text().splitlines()[0] + "\n" + bad + "\n")
        with pytest.raises(HpcError, match="record 2 is not a sample hpccoder wrote"):
            generate(Scripted("x"), tasks[:1], GenerationParams(n=2), path, progress=False)


def test_a_samples_file_with_a_lone_surrogate_is_taken_not_a_traceback(tmp_path, tasks):
    # "\ud800" in a file of another tool's samples: the file backend and evaluate raised UnicodeEncodeError
    from hpccoder.models import load

    given = tmp_path / "given.jsonl"
    given.write_text('{"task_id": "%s", "completion": "int x; // \\udfff"}\n' % tasks[0].id)
    out = generate(load(f"file:{given}"), tasks[:1], GenerationParams(n=1), tmp_path / "s.jsonl", progress=False)
    assert read(out)[0]["completion"] == "int x; // \ufffd"


def test_overwrite_leaves_a_file_that_another_process_writes(tmp_path, tasks):
    # --overwrite unlinked the samples file under a generation still running: its samples went with the file,
    # and it said it had made them
    from hpccoder.samples import InUse, JsonlAppender

    path = tmp_path / "s.jsonl"
    other = JsonlAppender(path)
    try:
        other.write({"task_id": tasks[0].id, "sample_index": 0, "completion": "x"})
        with pytest.raises(InUse, match="being written by another hpccoder process"):
            generate(Scripted("y"), tasks, GenerationParams(n=1), path, progress=False, overwrite=True)
        assert path.exists() and read(path)[0]["completion"] == "x"
    finally:
        other.close()
    generate(Scripted("y"), tasks, GenerationParams(n=1), path, progress=False, overwrite=True)
    assert [s["completion"] for s in read(path)] == ["y// 0\n"] * 2


@pytest.mark.parametrize("model", ["file", "reference"])
def test_a_larger_n_of_fixed_code_is_not_refused_for_its_sampling_settings(tmp_path, tasks, model):
    # -n 1 (greedy by default) then -n 3 (0.2 by default) was refused as "other sampling settings", though a
    # file of samples and the references hand out the same code whatever the temperature
    from hpccoder.models import load
    given = tmp_path / "given.jsonl"
    given.write_text("".join(json.dumps({"task_id": t.id, "sample_index": i, "completion": f"// {i}\n"}) + "\n"
                             for t in tasks for i in range(3)))
    spec = f"file:{given}" if model == "file" else "reference"
    path = tmp_path / "s.jsonl"
    generate(load(spec), tasks, GenerationParams(n=1, temperature=0.0), path, progress=False)
    generate(load(spec), tasks, GenerationParams(n=3, temperature=0.2, top_p=0.9, seed=4), path, progress=False)
    assert sorted((s["task_id"], s["sample_index"]) for s in read(path)) == \
        sorted((t.id, i) for t in tasks for i in range(3))
    # a model whose output does depend on them is still refused
    generate(Scripted("x"), tasks, GenerationParams(n=1, temperature=0.0), tmp_path / "m.jsonl", progress=False)
    with pytest.raises(HpcError, match="other sampling settings"):
        generate(Scripted("x"), tasks, GenerationParams(n=3), tmp_path / "m.jsonl", progress=False)
