"""Fill-in-the-middle prompts: the model's own FIM tokens, extra context, truncation, the fallback."""

from __future__ import annotations

import pytest

from hpccoder.serve.prompts import PromptBuilder


@pytest.fixture(scope="module")
def fim(fim_model):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(fim_model)
    return PromptBuilder(tok, n_ctx=256, eos_ids={tok.eos_token_id}), tok


@pytest.fixture(scope="module")
def plain(plain_model):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(plain_model)
    return PromptBuilder(tok, n_ctx=256, eos_ids={tok.eos_token_id}), tok


def test_prefix_suffix_middle_in_the_models_tokens(fim):
    builder, tok = fim
    prompt = builder.infill("int f() {\n  ", "\n}\n", middle="return")
    assert tok.decode(prompt.ids) == "<fim_prefix>int f() {\n  <fim_suffix>\n}\n<fim_middle>return"
    assert prompt.fim and (prompt.prefix, prompt.suffix) == ("int f() {\n  return", "\n}\n")
    assert {tok.convert_tokens_to_ids("<file_sep>"), tok.eos_token_id} <= builder.fim_stop_ids


def test_extra_context_in_the_repository_format(fim):
    builder, tok = fim
    prompt = builder.infill("x", "y", extra=[("a.h", "int a;"), ("b.h", "int b;")])
    assert tok.decode(prompt.ids) == ("<repo_name>project\n<file_sep>a.h\nint a;\n<file_sep>b.h\nint b;\n"
                                      "<file_sep>filename\n<fim_prefix>x<fim_suffix>y<fim_middle>")


def test_a_prompt_in_fim_format_is_an_editor_request(fim):
    builder, _ = fim
    prompt = builder.completion("<fim_prefix>int a = <fim_suffix>;\n<fim_middle>")
    assert prompt.fim and (prompt.prefix, prompt.suffix) == ("int a = ", ";\n")
    assert not builder.completion("int a = 1;").fim


def test_long_code_is_cut_to_fit_the_context(fim):
    builder, tok = fim
    prefix = "".join(f"int a{i} = {i};\n" for i in range(200))
    suffix = "".join(f"int b{i} = {i};\n" for i in range(200))
    prompt = builder.infill(prefix, suffix, extra=[("old.h", "int old;" * 50)], max_new=64)
    assert len(prompt.ids) <= 256 - 64
    text = tok.decode(prompt.ids)
    assert "old.h" not in text  # extra context goes first
    assert text.split("<fim_suffix>")[0].endswith("int a199 = 199;\n")  # the prefix keeps its end
    assert text.split("<fim_suffix>")[1].startswith("int b0 = 0;\n")  # the suffix keeps its start
    assert prompt.truncated  # /infill says so, as llama.cpp does
    assert not builder.infill("int a;\n", "int b;\n", extra=[("old.h", "int old;")], max_new=64).truncated


def test_fallback_without_fim_tokens_continues_the_prefix(plain):
    builder, tok = plain
    assert builder.fim is None
    prompt = builder.infill("int f() {\n  ", "\n}\n", middle="return")
    assert tok.decode(prompt.ids) == "int f() {\n  return"
    assert prompt.fim and prompt.suffix == "\n}\n"  # still an editor request: the suffix steers stopping


def test_a_fim_prompt_for_a_model_without_fim_tokens_gets_the_fallback(plain):
    # Continue sends its default template (<fim_prefix>...) for a model it does not know, the embedded one among
    # them: the markers went to the model as text and it rewrote the whole file
    builder, tok = plain
    prompt = builder.completion("<fim_prefix>int main(void) {\n    int answer = <fim_suffix>;\n}\n<fim_middle>")
    assert prompt.fim and (prompt.prefix, prompt.suffix) == ("int main(void) {\n    int answer = ", ";\n}\n")
    assert tok.decode(prompt.ids) == "int main(void) {\n    int answer = "
    assert not builder.completion("int a = <fim_suffix> 1;").fim  # not the three markers in order: text


def test_control_tokens_written_in_the_users_text_are_text(fim):
    """`x = "<fim_suffix>";` in the code is those characters; only the prompt format's own markers are tokens."""
    _, tok = fim
    builder = PromptBuilder(tok, n_ctx=2048, eos_ids={tok.eos_token_id})
    pre, suf, mid = builder.fim
    eos, sep, repo = tok.eos_token_id, tok.convert_tokens_to_ids("<file_sep>"), tok.convert_tokens_to_ids("<repo_name>")
    code = 'x = "<fim_suffix>"; y = "<eos>"; // <file_sep><repo_name><fim_middle>'
    prompt = builder.infill(code, code, extra=[("a.h", code)], middle=code)
    assert [prompt.ids.count(t) for t in (pre, suf, mid, eos, repo)] == [1, 1, 1, 0, 1]
    assert prompt.ids.count(sep) == 2  # before a.h and before the file itself
    assert tok.decode(prompt.ids) == (f"<repo_name>project\n<file_sep>a.h\n{code}\n<file_sep>filename\n"
                                      f"<fim_prefix>{code}<fim_suffix>{code}<fim_middle>{code}")
    plain = builder.completion(code)
    assert not set(plain.ids) & {pre, suf, mid, eos, sep, repo} and tok.decode(plain.ids) == code
    # a prompt already in FIM format (Continue's): its markers, and the repository format's before them, are tokens
    # (the first of each marker is taken as it: here the code holds none but <eos> and the repository ones)
    code = 'y = "<eos>"; // <file_sep><repo_name>'
    fim_prompt = builder.completion(f"<repo_name>r\n<file_sep>a.h\nint a;\n"
                                    f"<fim_prefix>{code}<fim_suffix>{code}<fim_middle>")
    assert [fim_prompt.ids.count(t) for t in (pre, suf, mid, eos, repo, sep)] == [1, 1, 1, 0, 1, 1]
    assert fim_prompt.fim and (fim_prompt.prefix, fim_prompt.suffix) == (code, code)
    chat = builder.chat([{"role": "user", "content": code}])
    assert not set(chat.ids) & {pre, suf, mid, eos, sep, repo}
    assert chat.ids[0] == tok.convert_tokens_to_ids("<|user|>") and code in tok.decode(chat.ids)


def builder_with(model_path, tokens: list[str], n_ctx: int = 256) -> tuple[PromptBuilder, object]:
    """A prompt builder for the plain tiny tokenizer with only these special tokens added (a DeepSeek-Coder-like
    vocabulary: FIM tokens, no file separator; or one with a file separator but no repository token)."""
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_path)
    tok.add_special_tokens({"additional_special_tokens": tokens})
    return PromptBuilder(tok, n_ctx=n_ctx, eos_ids={tok.eos_token_id}), tok


def test_extra_context_without_file_separators_is_laid_out_in_plain_text(plain, plain_model):
    # each file under its name, then a line before the code being edited: not the chunks run into the prefix
    builder, tok = plain
    prompt = builder.infill("x = 1;", "}", extra=[("a.h", "int a;"), ("b.h", "int b;\n")])
    assert tok.decode(prompt.ids) == "--- a.h ---\nint a;\n--- b.h ---\nint b;\n--- current file ---\nx = 1;"
    assert (prompt.prefix, prompt.suffix) == ("x = 1;", "}") and not prompt.truncated
    builder, tok = builder_with(plain_model, ["<fim_prefix>", "<fim_suffix>", "<fim_middle>"])
    prompt = builder.infill("x", "y", extra=[("a.h", "int a;")])
    assert tok.decode(prompt.ids) == "--- a.h ---\nint a;\n--- current file ---\n<fim_prefix>x<fim_suffix>y<fim_middle>"


def test_the_current_files_separator_follows_extra_context_without_a_repository_token(plain_model):
    builder, tok = builder_with(plain_model, ["<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<file_sep>"])
    prompt = builder.infill("x", "y", extra=[("a.h", "int a;")])
    assert tok.decode(prompt.ids) == "<file_sep>a.h\nint a;\n<file_sep>filename\n<fim_prefix>x<fim_suffix>y<fim_middle>"


def test_extra_chunks_names_and_newlines(fim, plain):
    builder, tok = fim
    extra = [("", "int a;\n"), ("src/b.h\nint evil;", "int b;"), ("c.h", ""), ("d.h", " \n"), ("e.h", "int e;")]
    prompt = builder.infill("x", "y", extra=extra)
    # no name: llama.cpp's "tmp"; a line break in a name does not start the file's text; no doubled newline after
    # text that ends with one; a chunk with no text is left out, and leaving it out is not a truncation
    assert tok.decode(prompt.ids) == ("<repo_name>project\n<file_sep>tmp\nint a;\n"
                                      "<file_sep>src/b.h int evil;\nint b;\n<file_sep>e.h\nint e;\n"
                                      "<file_sep>filename\n<fim_prefix>x<fim_suffix>y<fim_middle>")
    assert not prompt.truncated
    assert tok.decode(builder.infill("x", "y", extra=[("c.h", "")]).ids) == "<fim_prefix>x<fim_suffix>y<fim_middle>"
    builder, tok = plain
    assert tok.decode(builder.infill("x", "", extra=[("", "int a;")]).ids) == \
        "--- tmp ---\nint a;\n--- current file ---\nx"


def test_extra_context_that_does_not_fit_never_costs_the_prefix_or_suffix_a_token(fim):
    """Code that fits the context exactly is kept whole once the extra context is dropped: the repository header and
    the current file's separator, which go with the extra context, are not counted against it (they were: the
    prefix lost its first tokens)."""
    builder, tok = fim
    prefix = "".join(f"int a{i} = {i};\n" for i in range(12))
    suffix = "".join(f"int b{i} = {i};\n" for i in range(4))
    code = len(builder.encode(prefix)) + len(builder.encode(suffix))
    max_new = builder.n_ctx - len(builder.bos) - 4 - code  # the prefix and the suffix take all the room there is
    prompt = builder.infill(prefix, suffix, extra=[("big.h", "int big;\n" * 300)], max_new=max_new)
    assert tok.decode(prompt.ids) == f"<fim_prefix>{prefix}<fim_suffix>{suffix}<fim_middle>"
    assert prompt.truncated  # the extra context was dropped, and the answer says so
    # the newest chunks (listed last) are kept while they fit; the oldest go first; the code is never cut for them
    small = [(f"f{i}.h", f"int f{i};") for i in range(3)]
    prompt = builder.infill(prefix, suffix, extra=[("old.h", "int old;\n" * 300)] + small, max_new=64)
    text = tok.decode(prompt.ids)
    assert "old.h" not in text and all(f"f{i}.h" in text for i in range(3)) and prompt.truncated
    assert text.endswith(f"<fim_prefix>{prefix}<fim_suffix>{suffix}<fim_middle>")
