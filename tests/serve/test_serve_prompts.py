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
