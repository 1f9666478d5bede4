"""The `vllm` backend (GPU): `--model vllm:MODEL_PATH`. Needs `pip install 'hpccoder[gpu]'` on a
machine with a GPU; imported only when asked for."""

from __future__ import annotations

from hpccoder.errors import HpcError
from hpccoder.models.base import Backend, Completion, GenerationParams, Request, sample_seed


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
        if firsts and firsts[0].style == "chat":
            outs = self.llm.chat([r.prompt for r in firsts], sampling, lora_request=lora, use_tqdm=False)
        else:
            outs = self.llm.generate([r.prompt for r in firsts], sampling, lora_request=lora, use_tqdm=False)
        result: dict[int, Completion] = {}
        for idx, out in zip(groups.values(), outs):
            for i, o in zip(idx, out.outputs):
                result[i] = Completion(o.text, len(o.token_ids))
        return [result[i] for i in range(len(requests))]
