"""The hf backend on a tiny model: batching, stopping, greedy copies, adapters, errors."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from hpccoder.errors import HpcError
from hpccoder.generate import requests_for
from hpccoder.models import GenerationParams, load


@pytest.fixture(scope="module")
def backend(tiny_model):
    return load(f"hf:{tiny_model}")


@pytest.fixture(scope="module")
def task():
    from hpccoder.suite import Suite
    return Suite().task("cpp/dense_la/01_axpy/omp")


def test_chat_model_prefers_chat_and_base_model_completion(backend, tiny_base_model):
    assert backend.default_style() == "chat"
    assert load(f"hf:{tiny_base_model}").default_style() == "completion"


def test_n_samples_in_one_batch_with_token_counts(backend, task):
    params = GenerationParams(n=3, temperature=0.8, max_new_tokens=12, seed=1)
    out = backend.generate(requests_for(task, [0, 1, 2], "chat"), params)
    assert len(out) == 3
    assert all(isinstance(c.text, str) and 1 <= c.tokens <= 12 for c in out)


def test_sampling_is_reproducible_for_a_seed(backend, task):
    params = GenerationParams(n=2, temperature=1.0, max_new_tokens=10, seed=7)
    reqs = requests_for(task, [0, 1], "completion")
    assert [c.text for c in backend.generate(reqs, params)] == [c.text for c in backend.generate(reqs, params)]


def test_greedy_generates_once_and_copies(backend, task):
    params = GenerationParams(n=3, temperature=0.0, max_new_tokens=8)
    out = backend.generate(requests_for(task, [0, 1, 2], "completion"), params)
    assert len({c.text for c in out}) == 1
    assert out[0].tokens > 0 and out[1].tokens == 0 and out[2].tokens == 0


def test_code_aware_stopping_ends_each_sequence_early(backend, task):
    reqs = [replace(r, finished=lambda text: len(text) >= 5) for r in requests_for(task, [0, 1], "completion")]
    out = backend.generate(reqs, GenerationParams(n=2, temperature=1.0, max_new_tokens=200, seed=3))
    assert all(c.tokens < 200 for c in out)
    assert all(len(c.text) >= 5 for c in out)


def test_lora_adapter_loads_and_changes_nothing_until_trained(tiny_model, tmp_path, task):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    peft_model = get_peft_model(model, LoraConfig(r=2, target_modules=["q_proj", "v_proj"]))
    peft_model.save_pretrained(tmp_path / "adapter")
    with_adapter = load(f"hf:{tiny_model}", adapter=str(tmp_path / "adapter"))
    assert with_adapter.describe().endswith("+" + str(tmp_path / "adapter"))
    params = GenerationParams(n=1, temperature=0.0, max_new_tokens=8)
    reqs = requests_for(task, [0], "completion")
    plain = load(f"hf:{tiny_model}")
    assert with_adapter.generate(reqs, params)[0].text == plain.generate(reqs, params)[0].text  # LoRA B starts at 0


@pytest.mark.parametrize("spec,message", [
    ("hf", "needs a path"),
    ("hf:/no/such/model", "no model at"),
])
def test_bad_model_paths(spec, message):
    with pytest.raises(HpcError, match=message):
        load(spec)


def test_folder_without_config_and_file_that_is_not_gguf(tmp_path):
    with pytest.raises(HpcError, match="no config.json"):
        load(f"hf:{tmp_path}")
    (tmp_path / "weights.bin").write_bytes(b"x")
    with pytest.raises(HpcError, match="not a .gguf"):
        load(f"hf:{tmp_path / 'weights.bin'}")
    (tmp_path / "adapter_config.json").write_text("{}")  # what hpccoder finetune writes in adapter/
    with pytest.raises(HpcError, match=f"is a LoRA adapter, not a model: .* --adapter {tmp_path}"):
        load(f"hf:{tmp_path}")


def test_adapter_folder_must_be_an_adapter(tiny_model, tmp_path):
    with pytest.raises(HpcError, match="adapter_config.json"):
        load(f"hf:{tiny_model}", adapter=str(tmp_path))


def test_requests_of_different_tasks_share_a_batch(backend, suite):
    a, b = suite.task("cpp/dense_la/01_axpy/omp"), suite.task("cpp/sparse_la/02_cg/mpi")
    reqs = requests_for(a, [0], "chat") + requests_for(b, [0, 1], "chat")
    greedy = GenerationParams(n=2, temperature=0.0, max_new_tokens=6)
    out = backend.generate(reqs, greedy)
    alone = backend.generate(requests_for(b, [0], "chat"), greedy)
    assert out[1].text == out[2].text == alone[0].text  # left padding does not change greedy answers
    assert out[2].tokens == 0  # the second greedy sample of b is a copy


def test_a_batch_under_way_reports_its_tokens_and_the_report_changes_nothing(backend, task, tmp_path, monkeypatch,
                                                                              capsys):
    """Outside a terminal, a batch that takes minutes (the embedded model on CPUs) still says how far it got."""
    from hpccoder.generate import generate

    monkeypatch.setenv("HPCCODER_PROGRESS_EVERY", "0")
    params = GenerationParams(n=2, temperature=1.0, max_new_tokens=48, seed=3)
    quiet = generate(backend, [task], params, tmp_path / "quiet.jsonl", progress=False)
    assert capsys.readouterr().err == ""
    told = generate(backend, [task], params, tmp_path / "told.jsonl", progress=True)
    lines = capsys.readouterr().err.splitlines()
    assert any("this batch: 16 of at most 48 new tokens" in ln for ln in lines), lines
    assert all(ln.startswith("hpccoder: generate ") for ln in lines), lines
    texts = [[json.loads(ln)["completion"] for ln in path.read_text().splitlines()] for path in (quiet, told)]
    assert texts[0] == texts[1]
    assert backend.on_tokens is None


def test_the_same_run_again_loads_no_model(tiny_model, tmp_path, monkeypatch, capsys):
    # a finished run of a model that takes long to load (the embedded one: 20 s) loaded it again for nothing
    from hpccoder import models
    from hpccoder.run import run
    from hpctest import fast_options

    out = tmp_path / "run"
    params = GenerationParams(n=1, temperature=0.0, max_new_tokens=8)
    task = "cpp/dense_la/01_axpy/serial"
    first_out, first = run(f"hf:{tiny_model}", task, params, out, fast_options())
    assert models.describe_unloaded(f"hf:{tiny_model}") == json.loads(
        (out / "samples.jsonl").read_text().splitlines()[0])["model"]

    def no_loading(*args, **kwargs):
        raise AssertionError("the model was loaded again")

    monkeypatch.setattr(models, "load", no_loading)
    _, again = run(f"hf:{tiny_model}", task, params, out, fast_options())
    assert again["statuses"] == first["statuses"] and "nothing to generate" in capsys.readouterr().err
    with pytest.raises(AssertionError, match="loaded again"):  # more samples: the model is needed
        run(f"hf:{tiny_model}", task, GenerationParams(n=2, temperature=0.0, max_new_tokens=8), out, fast_options())


def test_a_sample_is_the_same_whatever_was_generated_beside_it(backend, task, tmp_path):
    # a batch drew from one random stream seeded by its first sample: -n 2 and then -n 4 gave samples 2 and 3
    # other than -n 4 at once (and a resumed run or another batch size other samples again)
    from hpccoder.generate import generate

    def samples(path):
        return {(r["task_id"], r["sample_index"]): r["raw"] for r in map(json.loads, path.read_text().splitlines())}

    params = dict(temperature=0.8, max_new_tokens=16, seed=11, style="completion")
    at_once = generate(backend, [task], GenerationParams(n=4, **params), tmp_path / "once.jsonl", progress=False)
    generate(backend, [task], GenerationParams(n=2, **params), tmp_path / "twice.jsonl", progress=False)
    twice = generate(backend, [task], GenerationParams(n=4, **params), tmp_path / "twice.jsonl", progress=False)
    assert samples(at_once) == samples(twice)
    assert len(set(samples(at_once).values())) > 1  # sampled, not four times one answer
    one_by_one = backend.generate(requests_for(task, [3], "completion"), GenerationParams(n=4, **params))
    assert one_by_one[0].text == samples(at_once)[(task.id, 3)]


def test_the_style_auto_stands_for_is_known_without_loading_the_model(backend, tiny_model, tiny_base_model, tmp_path):
    from hpccoder import models

    assert models.default_style_unloaded(f"hf:{tiny_model}") == backend.default_style() == "chat"
    assert models.default_style_unloaded(f"hf:{tiny_base_model}") == load(f"hf:{tiny_base_model}").default_style() \
        == "completion"
    # an adapter that saved its tokenizer (hpccoder finetune does) speaks for it
    from transformers import AutoTokenizer

    AutoTokenizer.from_pretrained(tiny_base_model).save_pretrained(tmp_path)
    assert models.default_style_unloaded(f"hf:{tiny_model}", adapter=str(tmp_path)) == "completion"
    assert models.default_style_unloaded(f"hf:{tmp_path / 'none'}") is None  # not a model: load it, and say so


def test_a_run_again_does_not_take_samples_of_another_style(tiny_model, tmp_path, monkeypatch):
    # samples made with --style completion were reused by a run in the model's style (chat), with no word
    from hpccoder import models
    from hpccoder.run import run
    from hpctest import fast_options

    out, task = tmp_path / "run", "cpp/dense_la/01_axpy/serial"
    params = GenerationParams(n=1, temperature=0.0, max_new_tokens=8)
    run(f"hf:{tiny_model}", task, replace(params, style="completion"), out, fast_options())

    def no_loading(*args, **kwargs):
        raise AssertionError("the model was loaded again")

    monkeypatch.setattr(models, "load", no_loading)
    with pytest.raises(AssertionError, match="loaded again"):  # then generate says the styles differ
        run(f"hf:{tiny_model}", task, params, out, fast_options())
    run(f"hf:{tiny_model}", task, replace(params, style="completion"), out, fast_options())  # the same run: none


def test_the_row_sampler_draws_each_row_from_its_own_stream_in_proportion_to_its_mass():
    # the last step of sampling: a row's draws follow its probabilities after temperature and top-p, never pick a
    # token of no mass, and do not depend on the rows beside it
    import torch

    from hpccoder.models.hf import _make_sampler

    params = GenerationParams(temperature=1.0, top_p=0.9)
    logits = torch.log(torch.tensor([[0.5, 0.3, 0.15, 0.05, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0]]))

    def draws(rows, seeds, steps):
        gens = [torch.Generator().manual_seed(s) for s in seeds]
        sampler = _make_sampler(params, gens, top_k=None)
        picks = []
        for _ in range(steps):
            out = sampler(None, logits[rows].clone())
            assert torch.isfinite(out).sum(dim=-1).tolist() == [1] * len(rows)  # one token left to pick
            picks.append(out.argmax(dim=-1).tolist())
        return picks

    both = draws([0, 1], [7, 8], 4000)
    counts = [sum(p[0] == t for p in both) / len(both) for t in range(5)]
    # top-p 0.9 keeps 0.5, 0.3 and 0.15 (0.05 is past the mass before it): 0.526, 0.316, 0.158
    assert counts[3] == counts[4] == 0 and abs(counts[0] - 0.5 / 0.95) < 0.03 and abs(counts[1] - 0.3 / 0.95) < 0.03
    assert all(p[1] == 4 for p in both)  # all the mass on the last token: the end of the CDF
    alone = draws([0], [7], 4000)
    assert [p[0] for p in alone] == [p[0] for p in both]  # the same row, the same stream: the same draws


def test_the_row_sampler_takes_an_infinite_score_and_refuses_nan_or_nothing():
    # softmax of +inf is NaN: the token of +inf is the answer; NaN scores or a row of -inf have none
    import torch

    from hpccoder.models.hf import _make_sampler

    sampler = _make_sampler(GenerationParams(temperature=0.8, top_p=0.95), [torch.Generator().manual_seed(1)] * 2,
                            top_k=50)
    scores = torch.zeros(2, 10)
    scores[0, 7] = float("inf")
    assert sampler(None, scores).argmax(dim=-1)[0].item() == 7
    for bad in (torch.full((2, 10), float("nan")), torch.full((2, 10), float("-inf"))):
        with pytest.raises(RuntimeError, match="no token can be sampled"):
            sampler(None, bad)


def _copy(model, to):
    import shutil

    shutil.copytree(model, to)
    return to


def test_a_model_folder_transformers_cannot_load_is_one_line(tiny_model, tmp_path):
    # each was a traceback of transformers or safetensors
    broken = _copy(tiny_model, tmp_path / "weights")
    (broken / "model.safetensors").write_bytes((tiny_model / "model.safetensors").read_bytes()[:1000])
    with pytest.raises(HpcError, match=f"cannot load the model of {broken}: SafetensorError"):
        load(f"hf:{broken}")
    (broken / "model.safetensors").unlink()
    with pytest.raises(HpcError, match=f"cannot load the model of {broken}: OSError: .*no file named"):
        load(f"hf:{broken}")
    bad_config = _copy(tiny_model, tmp_path / "config")
    (bad_config / "config.json").write_text("{not json")
    with pytest.raises(HpcError, match=f"cannot load the tokenizer of {bad_config}: .*not a valid JSON"):
        load(f"hf:{bad_config}")
    no_tokenizer = _copy(tiny_model, tmp_path / "tokenizer")
    (no_tokenizer / "tokenizer.json").unlink()
    with pytest.raises(HpcError, match=f"cannot load the tokenizer of {no_tokenizer}: ") as caught:
        load(f"hf:{no_tokenizer}")
    assert "\n" not in str(caught.value)
    (tmp_path / "not.gguf").write_text("hello")
    with pytest.raises(HpcError, match=f"cannot load the tokenizer of {tmp_path / 'not.gguf'}: .*GGUF"):
        load(f"hf:{tmp_path / 'not.gguf'}")


def test_a_tokenizer_with_neither_pad_nor_eos_token_still_pads_a_batch(tiny_base_model, tmp_path, suite):
    # a tokenizer trained from scratch may name neither: padding a batch raised "Asking to pad but the tokenizer
    # does not have a padding token"
    bare = _copy(tiny_base_model, tmp_path / "bare")
    for name in ("tokenizer_config.json", "config.json", "generation_config.json"):
        config = json.loads((bare / name).read_text())
        for key in ("eos_token", "pad_token", "eos_token_id", "pad_token_id"):
            config.pop(key, None)
        (bare / name).write_text(json.dumps(config))
    backend = load(f"hf:{bare}")
    assert backend.tokenizer.eos_token is None
    reqs = requests_for(suite.task("cpp/dense_la/01_axpy/omp"), [0], "completion") + \
        requests_for(suite.task("cpp/sparse_la/02_cg/mpi"), [0], "completion")  # prompts of two lengths
    out = backend.generate(reqs, GenerationParams(n=1, temperature=0.0, max_new_tokens=4))
    assert [c.tokens for c in out] == [4, 4]


def test_a_chat_template_that_refuses_a_system_message_gets_it_in_the_user_message(tiny_model, tmp_path, task):
    # Gemma's template raises "System role not supported": a traceback before
    model = _copy(tiny_model, tmp_path / "no-system")
    (model / "chat_template.jinja").write_text(
        "{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
        "{% endif %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}"
        "{% if add_generation_prompt %}<|assistant|>{% endif %}")
    backend = load(f"hf:{model}")
    system, user = requests_for(task, [0], "chat")[0].prompt
    text = backend._text([system, user])
    assert text.startswith(f"<|user|>{system['content']}\n\n{user['content']}<|end|>") and "<|system|>" not in text
    assert backend.generate(requests_for(task, [0], "chat"), GenerationParams(n=1, temperature=0.0,
                                                                               max_new_tokens=2))[0].tokens == 2
    (model / "chat_template.jinja").write_text("{{ raise_exception('no chat here') }}")
    with pytest.raises(HpcError, match=r"chat template of .* refuses the prompt \(no chat here\): try --style"):
        load(f"hf:{model}")._text([system, user])


def test_new_tokens_stop_where_the_models_context_ends(tiny_base_model, tmp_path, task):
    # a model with learned positions (GPT-2 and its kind) raised IndexError past its context, after minutes
    import torch
    from transformers import AutoTokenizer, GPT2Config, GPT2LMHeadModel

    tokenizer = AutoTokenizer.from_pretrained(tiny_base_model)
    prompt = len(tokenizer(requests_for(task, [0], "completion")[0].prompt)["input_ids"])
    torch.manual_seed(0)
    for positions in (prompt + 5, prompt - 1):
        folder = tmp_path / f"gpt-{positions}"
        GPT2LMHeadModel(GPT2Config(vocab_size=len(tokenizer), n_positions=positions, n_embd=16, n_layer=1, n_head=2,
                                   eos_token_id=None, pad_token_id=tokenizer.pad_token_id)).save_pretrained(folder)
        tokenizer.save_pretrained(folder)
    params = GenerationParams(n=1, temperature=0.0, max_new_tokens=50)
    assert load(f"hf:{tmp_path}/gpt-{prompt + 5}").generate(requests_for(task, [0], "completion"),
                                                             params)[0].tokens == 5
    with pytest.raises(HpcError, match=f"the prompt of {task.id} is {prompt} tokens, and .* takes at most "
                                       f"{prompt - 1} in all"):
        load(f"hf:{tmp_path}/gpt-{prompt - 1}").generate(requests_for(task, [0], "completion"), params)


def test_a_sequence_that_ends_at_another_end_token_counts_its_tokens_to_there(backend, task, monkeypatch):
    # a chat model's generation config may end a sequence at several tokens (end of turn, end of text): one that
    # ended at another than the tokenizer's eos counted the padding after it, up to the batch's end, as generated
    reqs = requests_for(task, [0, 1], "completion")

    def first_tokens(seed):
        out = backend.generate(reqs, GenerationParams(n=2, temperature=1.0, top_p=1.0, max_new_tokens=1, seed=seed))
        return [backend.tokenizer(c.text, add_special_tokens=False)["input_ids"] for c in out]

    seed = next(s for s in range(50) if len({tuple(t) for t in first_tokens(s)}) == 2)  # rows that start apart
    first = first_tokens(seed)[0]
    assert len(first) == 1 and first[0] != backend.tokenizer.eos_token_id
    monkeypatch.setattr(backend.model.generation_config, "eos_token_id", [backend.tokenizer.eos_token_id, first[0]])
    out = backend.generate(reqs, GenerationParams(n=2, temperature=1.0, top_p=1.0, max_new_tokens=8, seed=seed))
    assert out[0].tokens == 1 and out[1].tokens > 1
