"""From a request to prompt token ids: plain completions, chat, and fill-in-the-middle.

Fill-in-the-middle uses the model's own FIM tokens when its tokenizer has them (StarCoder,
Qwen2.5-Coder / CodeGemma, DeepSeek-Coder and CodeLlama spellings), prefix-suffix-middle order:
`[extra context]<PRE>prefix<SUF>suffix<MID>`. Extra context (llama.cpp's `input_extra`) goes
before it, in the repository-level format when the model also has repo-name and file-separator
tokens (`<repo_name>project\n<file_sep>a.h\n...<file_sep>filename\n`), else as plain text
(`--- a.h ---\n...--- current file ---\n`); it is the first thing cut to fit the context. The
fallback for models without FIM tokens (the embedded SmolLM2 is one): the model
continues the prefix alone, and the suffix only decides where the completion stops (code-aware
stopping: not closing a block the suffix closes, not writing again the suffix's first line). A
prompt spelled in a FIM format (what an editor sends for a model it does not know) gets the same.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

# (prefix, suffix, middle, repo name, file separator) as each model family spells them
FIM_FAMILIES = [
    ("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|repo_name|>", "<|file_sep|>"),
    ("<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<repo_name>", "<file_sep>"),
    ("<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", None, None),
    ("▁<PRE>", "▁<SUF>", "▁<MID>", None, None),
]
# tokens that end a fill-in-the-middle answer besides EOS
FIM_END = ["<|endoftext|>", "<|fim_pad|>", "<fim_pad>", "<|file_sep|>", "<file_sep>", "▁<EOT>", "<EOT>"]
FILE_SEPARATORS = ["<|file_sep|>", "<file_sep>"]
UNNAMED = "tmp"  # the name llama.cpp gives an input_extra chunk without one


class PromptTooLong(ValueError):
    """`param`: what to change, 'prompt' (too long whatever is asked for) or 'tokens' (fewer new tokens fit)."""

    def __init__(self, message: str, param: str = "tokens"):
        super().__init__(message)
        self.param = param


@dataclass
class Prompt:
    ids: list[int]
    fim: bool = False  # an editor completion: FIM tokens used, or the suffix-aware fallback
    prefix: str = ""  # the code before and after the cursor, for code-aware stopping
    suffix: str = ""
    truncated: bool = False  # what the editor sent was cut to fit the context


def _fim_parts(prompt: str, pre: str, suf: str, mid: str) -> tuple[str, str, str, str] | None:
    """A prompt spelled in a FIM format (pre, suf, mid in this order): what stands before `pre`, the prefix, the
    suffix and what follows `mid`; None where it is not."""
    a, b, c = prompt.find(pre), prompt.find(suf), prompt.find(mid)
    if not 0 <= a < b < c:
        return None
    return prompt[:a], prompt[a + len(pre):b], prompt[b + len(suf):c], prompt[c + len(mid):]


class PromptBuilder:
    def __init__(self, tokenizer, n_ctx: int, eos_ids: set[int], lock=None):
        self.tokenizer = tokenizer
        self.lock = lock or threading.Lock()  # the engine thread decodes with the same tokenizer
        self.n_ctx = n_ctx
        vocab = tokenizer.get_vocab()
        self.fim = next(([vocab[t] for t in family[:3]] for family in FIM_FAMILIES
                         if all(t in vocab for t in family[:3])), None)
        family = next((f for f in FIM_FAMILIES if self.fim and vocab.get(f[0]) == self.fim[0]), None)
        self.repo = vocab.get(family[3]) if family and family[3] else None
        self.file_sep = next((vocab[t] for t in FILE_SEPARATORS if t in vocab), None)
        self.repo_spelling = family[3] if family and self.repo is not None else None
        self.sep_spelling = next((t for t in FILE_SEPARATORS if t in vocab), None)
        self.fim_spelling = family[:3] if family else None
        probe = tokenizer("x").input_ids
        bos = tokenizer.bos_token_id
        self.bos = [bos] if bos is not None and probe and probe[0] == bos else []
        # what an empty prompt (an empty file, an empty prefix without FIM tokens) starts from: a model needs a token
        start = bos if bos is not None else tokenizer.eos_token_id
        self.start = [start] if start is not None else []
        self.eos_ids = set(eos_ids)
        self.fim_stop_ids = self.eos_ids | {vocab[t] for t in FIM_END if t in vocab}
        self.has_chat = bool(getattr(tokenizer, "chat_template", None))
        # special tokens are left out of the text, so a stop string that is one (<|im_start|>) stops on its id
        self.special = {t.content: i for i, t in getattr(tokenizer, "added_tokens_decoder", {}).items() if t.special}

    def stop_ids(self, stops: list[str]) -> set[int]:
        return {self.special[s] for s in stops if s in self.special}

    def encode(self, text: str) -> list[int]:
        """The user's text (code, a prompt, a message) as text: "<fim_suffix>" or "<eos>" written in it are those
        characters, not the control tokens (add_special_tokens=False alone still reads them as such)."""
        if not text:
            return []
        with self.lock:
            return self.tokenizer.encode(text, add_special_tokens=False, split_special_tokens=True)

    def _encode_marked(self, text: str, markers: dict[str, int]) -> list[int]:
        """`text` with these marker strings as their tokens and the rest as text."""
        markers = {m: i for m, i in markers.items() if m and i is not None}
        if not markers:
            return self.encode(text)
        pattern = re.compile("|".join(map(re.escape, sorted(markers, key=len, reverse=True))))
        ids, at = [], 0
        for found in pattern.finditer(text):
            ids += self.encode(text[at:found.start()]) + [markers[found.group()]]
            at = found.end()
        return ids + self.encode(text[at:])

    def decode(self, ids: list[int]) -> str:
        with self.lock:
            return self.tokenizer.decode(ids, skip_special_tokens=True)

    def completion(self, prompt: str | list[int]) -> Prompt:
        if isinstance(prompt, list):
            return Prompt(list(prompt) or self.start)
        if self.fim_spelling:  # a prompt already written in the model's FIM format: an editor's request
            parts = _fim_parts(prompt, *self.fim_spelling)
            if parts:  # these three are the FIM tokens (and repository-format ones before them), the rest text
                head, prefix, suffix, middle = parts
                p, s, m = self.fim
                ids = self._encode_marked(head, {self.repo_spelling: self.repo, self.sep_spelling: self.file_sep}) + \
                    [p] + self.encode(prefix) + [s] + self.encode(suffix) + [m] + self.encode(middle)
                return Prompt(self.bos + ids, fim=True, prefix=prefix, suffix=suffix)
        elif not self.fim:  # a FIM prompt for a model without FIM tokens (Continue's default template for a model
            for pre, suf, mid, *_ in FIM_FAMILIES[:3]:  # it does not know): the fallback, as /infill's
                parts = _fim_parts(prompt, pre, suf, mid)
                if parts:
                    _, prefix, suffix, middle = parts
                    text = prefix + middle
                    return Prompt(self.bos + self.encode(text) or self.start, fim=True, prefix=text, suffix=suffix)
        return Prompt(self.bos + self.encode(prompt) or self.start)

    def chat(self, messages: list[dict]) -> Prompt:
        """The template's own markers are control tokens; those written in the messages are text."""
        with self.lock:
            try:
                ids = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True,
                                                         sanitize_control_tokens=True, return_dict=False)
            except (ValueError, NotImplementedError):  # a template or tokenizer it cannot sanitize: read as before
                text = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
                ids = self.tokenizer.encode(text, add_special_tokens=False) if text else []
        return Prompt(list(ids) or self.start)

    def infill(self, prefix: str, suffix: str, extra: list[tuple[str, str]] = (), middle: str = "",
               max_new: int = 0) -> Prompt:
        """A fill-in-the-middle prompt that fits the context with room for max_new tokens. The code at the cursor
        is kept in preference to other files': extra context goes first (whole chunks, the first listed, the
        oldest in llama.vscode's, first), then the suffix is cut to its start and the prefix to its end."""
        budget = self.n_ctx - max_new - len(self.bos) - 4
        pre_ids, suf_ids, mid_ids = self.encode(prefix), self.encode(suffix), self.encode(middle)
        chunks = [self._chunk(name, text) for name, text in extra if text.strip()]  # an empty chunk says nothing
        head, tail = self._context_ends()
        if not self.fim:
            suf_ids = []  # the fallback: the suffix is not part of the prompt
            pre_ids = self.encode(prefix + middle)
            mid_ids = []
        given = len(chunks) + len(pre_ids) + len(suf_ids)
        code = len(mid_ids) + len(pre_ids) + len(suf_ids)
        while chunks and len(head) + len(tail) + sum(map(len, chunks)) + code > budget:
            chunks.pop(0)
        context = head + [t for c in chunks for t in c] + tail if chunks else []
        room = budget - len(context) - len(mid_ids)
        if room < 8:  # no room left for the code at the cursor: say what took it
            if len(mid_ids) + 8 > self.n_ctx - len(self.bos) - 4 - 1:  # too long whatever is asked for
                raise PromptTooLong(f"the infill prompt does not fit the context of {self.n_ctx} tokens: the text "
                                    f"after the prefix ('prompt') is {len(mid_ids)} tokens; send a shorter one",
                                    param="prompt")
            raise PromptTooLong(f"the infill prompt does not fit the context of {self.n_ctx} tokens with room for "
                                f"{max_new} new ones ('prompt' takes {len(mid_ids)}): ask for fewer tokens",
                                param="tokens")
        suf_ids = suf_ids[:max(room // 4, room - len(pre_ids))]
        pre_ids = pre_ids[max(0, len(pre_ids) - (room - len(suf_ids))):]
        truncated = len(chunks) + len(pre_ids) + len(suf_ids) < given
        if self.fim:
            p, s, m = self.fim
            ids = self.bos + context + [p] + pre_ids + [s] + suf_ids + [m] + mid_ids
        else:
            ids = self.bos + context + pre_ids or self.start
        return Prompt(ids, fim=True, prefix=prefix + middle, suffix=suffix, truncated=truncated)

    def _context_ends(self) -> tuple[list[int], list[int]]:
        """What goes before and after the extra context's chunks: the repository-level format's repository name
        and the current file's separator (llama.cpp's names for both) where the model has those tokens, else a
        line in plain text that tells the other files from the one being edited."""
        head = [self.repo] + self.encode("project\n") if self.repo is not None and self.file_sep is not None else []
        if self.file_sep is not None:
            return head, [self.file_sep] + self.encode("filename\n")
        return head, self.encode("--- current file ---\n")

    def _chunk(self, filename: str, text: str) -> list[int]:
        """One file of extra context: its name on a line of its own (a name with line breaks would end that line
        early), then its text, ending with a newline."""
        name = " ".join(re.split(r"[\r\n]+", filename)).strip() or UNNAMED
        text = text if text.endswith("\n") else text + "\n"
        if self.file_sep is not None:
            return [self.file_sep] + self.encode(f"{name}\n{text}")
        return self.encode(f"--- {name} ---\n{text}")
