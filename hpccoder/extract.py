"""From what a model writes to the code the harness builds.

- chat answers: the fenced code block that defines the entry (or module), else the longest;
- completions (the model continues a prompt that ends with a function's opening brace):
  everything up to the brace that closes the function, matched with a small lexer that
  skips braces in strings, character literals and comments; for Verilog, up to `endmodule`.

`is_complete` tells a backend, while it generates, that an answer is finished, so it can
stop early; `STOP` are plain stop sequences for backends that only take those.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"```[ \t]*([\w+#.-]*)[^\n]*\n(.*?)(?:```|\Z)", re.S)

# Plain stop sequences per (language, style): a function of well-formatted C++ ends with a
# closing brace at the start of a line.
STOP = {
    ("cpp", "completion"): ["\n}\n", "\n}\r\n"],
    ("verilog", "completion"): ["endmodule"],
    ("cpp", "chat"): [],
    ("verilog", "chat"): [],
}


def _scan_cpp(text: str, depth: int) -> int | None:
    """Index just after the brace that brings `depth` to 0, or None if it never does."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c == "R" and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(\s]{0,16})\(', text[i:])
            if m:
                end = text.find(")" + m.group(1) + '"', i + m.end())
                i = n if end < 0 else end + len(m.group(1)) + 2
                continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def _scan_verilog(text: str) -> int | None:
    """Index just after the first `endmodule` outside comments and strings."""
    i, n = 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif text[i] == '"':
            j = text.find('"', i + 1)
            i = n if j < 0 else j + 1
        elif text.startswith("endmodule", i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            return i + len("endmodule")
        else:
            i += 1
    return None


def _skip_repeated_signature(text: str, entry: str | None) -> str:
    """A continuation that starts by writing the prompt's signature again (`void f(...) {`), from
    just after that brace: otherwise its braces count one level too deep and the cut never comes."""
    if not entry:
        return text
    m = re.search(rf"\b{re.escape(entry)}\s*\([^;{{}}]*\)\s*(?:const\s*)?\{{", text)
    before = _strip_cpp_comments(text[:m.start()]) if m else ""
    if m is None or re.search(r"[{};]", before) or re.search(r"[(=!&|]", before.rsplit("\n", 1)[-1]):
        return text  # the entry appears only later, or in a call (`if (f(x)) {`): not a signature
    return text[m.end():]


def _strip_cpp_comments(text: str) -> str:
    return re.sub(r"//[^\n]*|/\*.*?(?:\*/|\Z)", " ", text, flags=re.S)


def truncate_completion(text: str, language: str = "cpp", entry: str | None = None) -> str:
    """The continuation of a completion prompt, cut where the function (or module) ends."""
    if language == "verilog":
        end = _scan_verilog(text)
    else:
        text = _skip_repeated_signature(text, entry)
        end = _scan_cpp(text, depth=1)
    return text if end is None else text[:end] + "\n"


def code_blocks(text: str) -> list[tuple[str, str]]:
    """(language tag, code) of every fenced block; an unclosed last block runs to the end."""
    return [(m.group(1).lower(), m.group(2)) for m in FENCE.finditer(text)]


# fence tags of blocks that are never the answer's code: build commands, program output
NOT_CODE = {"bash", "sh", "shell", "console", "zsh", "text", "txt", "plaintext", "output", "log", "json", "yaml",
            "makefile", "make", "cmake", "diff", "python", "py", "markdown", "md"}


def extract_from_chat(text: str, entry: str | None = None, language: str = "cpp") -> str:
    """The code of a chat answer: the block that defines `entry`, else the longest block, else
    the whole answer (a model that wrote bare code). Blocks tagged as shell, output and the like
    count only where nothing else was written."""
    found = code_blocks(text)
    blocks = [code for tag, code in found if tag not in NOT_CODE] or [code for _, code in found]
    if not blocks:
        return text.strip() + "\n"
    if entry:
        if language == "verilog":
            pattern = re.compile(rf"\bmodule\s+{re.escape(entry)}\b")
        else:
            pattern = re.compile(rf"\b{re.escape(entry)}\s*\([^;{{}}]*\)\s*(?:const\s*)?\{{")
        defining = [b for b in blocks if pattern.search(b)]
        if defining:
            return defining[0].strip() + "\n"
    return max(blocks, key=len).strip() + "\n"


def postprocess(raw: str, style: str, language: str = "cpp", entry: str | None = None) -> str:
    if style == "chat":
        return extract_from_chat(raw, entry, language)
    return truncate_completion(raw, language, entry)


def is_complete(text: str, style: str, language: str = "cpp", entry: str | None = None) -> bool:
    """Whether a partial answer is finished: the function closed, or a code block closed (one of
    code: a closed block of build commands comes before the code more often than after it)."""
    if style == "chat":
        return any(m.group(1).lower() not in NOT_CODE
                   for m in re.finditer(r"```[ \t]*([\w+#.-]*)[^\n]*\n.*?```", text, re.S))
    if language == "verilog":
        return _scan_verilog(text) is not None
    return _scan_cpp(_skip_repeated_signature(text, entry), depth=1) is not None
