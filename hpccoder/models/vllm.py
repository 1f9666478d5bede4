"""The `vllm` backend (GPU): `--model vllm:MODEL_PATH`. Needs `pip install 'hpccoder[gpu]'` on a
machine with a GPU; imported only when asked for."""

from __future__ import annotations

import re

from hpccoder.errors import HpcError
from hpccoder.models.base import Backend, Completion, GenerationParams, Request, sample_seed, without_system

# vLLM's ValueError for a prompt its context cannot hold: "The decoder prompt (length 9000) is longer than the
# maximum model length of 8192." (newer: "... plus the number of requested output tokens (at least 1) is longer ...")
_TOO_LONG = re.compile(r"prompt \(length (\d+)\).*?maximum model length of (\d+)", re.S)


class VLLMBackend(Backend):
    name = "vllm"
    batch_size = 256

    def __init__(self, argument: str | None = None, adapter: str | None = None, **_):
        if not argument:
            raise HpcError("the vllm backend needs a model: --model vllm:PATH_OR_NAME")
        try:
            import vllm
        except ImportError:
            raise HpcError("vLLM is not installed: pip install 'hpccoder[gpu]' on a machine with a GPU") from None
        self.model_name, self.adapter = argument, adapter
        self._vllm = vllm
        self.llm = vllm.LLM(model=argument, enable_lora=bool(adapter))
        self.tokenizer = self.llm.get_tokenizer()
        self._no_system = False  # the chat template refused a system message: it goes into the user's

    def describe(self) -> str:
        return f"vllm:{self.model_name}" + (f"+{self.adapter}" if self.adapter else "")

    def default_style(self) -> str:
        return "chat" if getattr(self.tokenizer, "chat_template", None) else "completion"

    def generate(self, requests: list[Request], params: GenerationParams) -> list[Completion]:
        """All requests in one vLLM call. Greedy: each distinct prompt once, its answer given to all its requests.
        Sampled: each request alone (n=1) with its own sample's seed, so that a sample's draw depends on nothing
        but its seed, task and index (a prompt's n samples from one seed changed with n); vLLM's prefix cache
        computes the shared prompt once."""
        groups: dict[str, list[int]] = {}
        for i, req in enumerate(requests):
            groups.setdefault(repr((req.prompt, req.style)) if params.greedy else str(i), []).append(i)
        firsts = [requests[idx[0]] for idx in groups.values()]
        sampling = [self._vllm.SamplingParams(
            n=len(idx), temperature=max(params.temperature, 0.0), top_p=1.0 if params.greedy else params.top_p,
            max_tokens=params.max_new_tokens, stop=list(requests[idx[0]].stop) or None,
            # vLLM leaves the stop string out by default, and `endmodule` is the answer's last word
            include_stop_str_in_output=True,
            seed=sample_seed(params.seed, requests[idx[0]].task.id, requests[idx[0]].sample_index))
            for idx in groups.values()]
        lora = None
        if self.adapter:
            from vllm.lora.request import LoRARequest
            lora = LoRARequest("adapter", 1, self.adapter)
        try:
            if firsts and firsts[0].style == "chat":
                outs = self._chat([r.prompt for r in firsts], sampling, lora)
            else:
                outs = self.llm.generate([r.prompt for r in firsts], sampling, lora_request=lora, use_tqdm=False)
        except Exception as exc:  # a ValueError; newer vLLM raises its own validation error class
            too_long = _TOO_LONG.search(str(exc))
            if too_long is None:
                raise
            length, limit = int(too_long.group(1)), int(too_long.group(2))
            raise HpcError(f"the prompt of {self._task_of_length(firsts, length)} is {length} tokens, and "
                           f"{self.describe()} takes at most {limit} in all (vLLM's max_model_len): leave that task "
                           "out of --tasks") from None
        result: dict[int, Completion] = {}
        for idx, out in zip(groups.values(), outs):
            for i, o in zip(idx, out.outputs):
                result[i] = Completion(o.text, len(o.token_ids))
        return [result[i] for i in range(len(requests))]

    def _chat(self, conversations: list[list[dict]], sampling: list, lora):
        """llm.chat, with the system message at the head of the first user message where the model's chat template
        refuses one (Gemma's, early Mistral's), as the hf backend does."""
        if self._no_system:
            conversations = [without_system(c) for c in conversations]
        try:
            return self.llm.chat(conversations, sampling, lora_request=lora, use_tqdm=False)
        except Exception as exc:
            if not _refused_by_template(exc):
                raise
            if self._no_system or not any(c and c[0].get("role") == "system" for c in conversations):
                raise HpcError(f"the chat template of {self.describe()} refuses the prompt ({exc}): try --style "
                               "completion") from None
            self._no_system = True
            return self._chat(conversations, sampling, lora)

    def _task_of_length(self, requests: list[Request], length: int) -> str:
        """The task whose prompt is `length` tokens (vLLM's error does not say which), else the longest's."""
        sizes = []
        for req in requests:
            try:
                if req.style == "chat":
                    chat = without_system(req.prompt) if self._no_system else req.prompt
                    text = self.tokenizer.apply_chat_template(chat, add_generation_prompt=True, tokenize=False)
                    sizes.append(len(self.tokenizer.encode(text, add_special_tokens=False)))
                else:
                    sizes.append(len(self.tokenizer.encode(req.prompt)))
            except Exception:  # a tokenizer that cannot tell: the tasks are named as they are
                sizes.append(None)
        exact = [req for req, size in zip(requests, sizes) if size == length]
        if exact:
            return exact[0].task.id
        known = [(size, k) for k, size in enumerate(sizes) if size is not None]
        if known:
            return requests[max(known)[1]].task.id
        tasks = list(dict.fromkeys(req.task.id for req in requests))
        return tasks[0] if len(tasks) == 1 else f"one of {', '.join(tasks[:3])}" + (" ..." if len(tasks) > 3 else "")


def _refused_by_template(exc: BaseException) -> bool:
    """Whether `exc` is the chat template's own error (a jinja2 TemplateError, which vLLM may wrap in a ValueError)."""
    try:
        from jinja2.exceptions import TemplateError
    except ImportError:
        return False
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, TemplateError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False
