"""From what a model writes to the code the harness builds.

- chat answers: the fenced code block (``` or ~~~; its code may start on the fence's own line, and a fence inside
  a string literal does not end it) that defines the entry (or module) and ends it, else one that defines it,
  else the longest;
- completions (the model continues a prompt that ends with a function's opening brace):
  everything up to the brace that closes the function, matched with a small lexer that
  skips braces in strings, character literals and comments; for Verilog, up to `endmodule`.

`is_complete` tells a backend, while it generates, that an answer is finished, so it can
stop early; `STOP` are plain stop sequences for backends that only take those.
"""

from __future__ import annotations

import re


# Plain stop sequences per (language, style), for the backends that take only those (vLLM, OpenAI-compatible
# servers). None for C++: "\n}\n", the closing brace of a well-formatted function, also ends an inner block
# written unindented, and the server's cut there loses the rest of the function; truncate_completion finds the
# brace that does close it, and max_new_tokens bounds what is generated past it. `endmodule` stands inside a
# module only in a comment. Servers leave the stop string out of what they return: a backend puts it back.
STOP = {
    ("cpp", "completion"): [],
    ("verilog", "completion"): ["endmodule"],
    ("cpp", "chat"): [],
    ("verilog", "chat"): [],
}

# What may stand between a C/C++ function's `)` and its body's `{`: cv and ref qualifiers, noexcept and throw(),
# override and final, a trailing return type, attributes.
_QUALIFIER = (r"(?:const|volatile|override|final|&&?|(?:noexcept|throw)(?:\s*\([^()]*\))?|->\s*[\w:<>,*&\s]+?"
              r"|\[\[[^\]]*\]\]|__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\))")
# Comments, and the strings and character literals that may hold what looks like one (kept as they are).
_CPP_COMMENTS = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|//[^\n]*|/\*.*?(?:\*/|\Z)', re.S)
# Verilog has no character literals, and a quote starts a sized number (4'b1010)
_VERILOG_COMMENTS = re.compile(r'"(?:\\.|[^"\\\n])*"|//[^\n]*|/\*.*?(?:\*/|\Z)', re.S)


def _blank_comments(text: str, language: str = "cpp") -> str:
    """`text` with every comment turned to spaces (its newlines kept), so that offsets into it hold for `text`."""
    pattern = _VERILOG_COMMENTS if language == "verilog" else _CPP_COMMENTS
    return pattern.sub(lambda m: m.group() if m.group()[0] == '"' or m.group()[0] == "'"
                       else re.sub(r"[^\n]", " ", m.group()), text)


def _definition(entry: str, language: str = "cpp") -> re.Pattern:
    if language == "verilog":
        return re.compile(rf"\bmodule\s+{re.escape(entry)}\b")
    return re.compile(rf"\b{re.escape(entry)}\s*\([^;{{}}]*\)(?:\s*{_QUALIFIER})*\s*\{{")


def find_definition(code: str, entry: str, language: str = "cpp") -> re.Match | None:
    """The head of the first definition (not a declaration, not a call) of the entry function in `code`, up to
    its body's `{` (for Verilog: `module NAME`), comments aside; its offsets are those of `code`."""
    blanked = _blank_comments(code, language)
    for m in _definition(entry, language).finditer(blanked):
        statement = re.split(r"[;{}]", blanked[:m.start()])[-1]
        if language == "verilog" or statement.count("(") == statement.count(")"):
            return m  # else a call in a condition, `if (f(x)) {`: an open parenthesis before the name
    return None


def ends_definition(code: str, entry: str, language: str = "cpp") -> bool:
    """Whether `code` defines the entry and that definition ends: the body's braces close (or `endmodule` comes)."""
    found = find_definition(code, entry, language)
    if found is None:
        return False
    rest = code[found.end():]
    return (_scan_verilog(rest) if language == "verilog" else _scan_cpp(rest, depth=1)) is not None


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


_PREAMBLE = re.compile(r"^[ \t]*(?:#[^\n]*|using\s[^;{}\n]*;)[ \t]*$", re.M)


def _skip_repeated_signature(text: str, entry: str | None) -> str:
    """A continuation that starts by writing the prompt's signature again (`void f(...) {`), from
    just after that brace: otherwise its braces count one level too deep and the cut never comes."""
    if not entry:
        return text
    m = find_definition(text, entry)
    # what the prompt's head holds besides comments (#include, using namespace std;) may come again before it
    before = _PREAMBLE.sub("", _blank_comments(text[:m.start()])) if m else ""
    if m is None or re.search(r"[{};]", before) or re.search(r"[(=!&|]", before.rsplit("\n", 1)[-1]):
        return text  # the entry appears only later, or in a call (`if (f(x)) {`): not a signature
    return text[m.end():]


def truncate_completion(text: str, language: str = "cpp", entry: str | None = None) -> str:
    """The continuation of a completion prompt, cut where the function (or module) ends."""
    if language == "verilog":
        end = _scan_verilog(text)
    else:
        text = _skip_repeated_signature(text, entry)
        end = _scan_cpp(text, depth=1)
    return text if end is None else text[:end] + "\n"


# An opening fence: three or more backticks (anywhere: a model may write "Here it is: ```cpp"), or three or more
# tildes at the start of a line (CommonMark's other fence).
_OPEN = re.compile(r"(`{3,})|^[ \t]*(~{3,})", re.M)
_TAG = re.compile(r"[ \t]*([\w+#.-]*)")
# tags that name a language: what follows one on the fence's line is code where it looks like code
# (```cpp void f() {), not a file name or attributes (```cpp title="f.cpp")
LANGUAGE_TAGS = {"c", "cpp", "c++", "cxx", "cc", "h", "hpp", "hxx", "cu", "cuh", "cuda", "openmp", "omp", "mpi",
                 "verilog", "v", "sv", "systemverilog", "vhdl", "fortran", "f90"}
# a statement or brace, a preprocessor line, a comment, a module or template head, or a declaration up to its `(`
_CODE_START = re.compile(r"[;{}]|^[ \t]*(?:#[ \t]*(?:include|pragma|define|if)|//|/\*|module\b|template\b"
                         r"|[A-Za-z_][\w:<>*&]*(?:[ \t]+[\w:<>*&]+)*[ \t*&]+[A-Za-z_]\w*[ \t]*\()")
_ATTRIBUTES = re.compile(r"[ \t]*\{[^{}();]*\}[ \t]*$")  # pandoc's ```{.cpp .numberLines}
# a string or character literal of one line, or a quote that opens one the line does not close
_LINE_LITERALS = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])\'|"')


def _looks_like_code(line: str) -> bool:
    return bool(line.strip()) and bool(_CODE_START.search(line)) and not _ATTRIBUTES.match(line)


def _code_start(text: str, after_fence: int) -> tuple[str, int]:
    """(language tag, where the code starts) of a block whose opening fence ends at `after_fence`: on the next
    line, or on the fence's own line where what follows the fence there is code (```cpp void f() {)."""
    line_end = text.find("\n", after_fence)
    line_end = len(text) if line_end < 0 else line_end
    info = text[after_fence:line_end]
    word = _TAG.match(info)
    tag, rest = word.group(1), info[word.end():]
    if (not tag or tag.lower() in LANGUAGE_TAGS or tag.lower() in NOT_CODE) and _looks_like_code(rest):
        return tag.lower(), line_end - len(rest.lstrip())
    if tag and tag.lower() not in LANGUAGE_TAGS and tag.lower() not in NOT_CODE and _looks_like_code(info):
        return "", line_end - len(info.lstrip())  # no tag: the code itself (```void f() {)
    return tag.lower(), min(line_end + 1, len(text))


def _closing_fence(text: str, start: int, fence: str) -> tuple[int, int] | None:
    """(start, end) of the fence that closes a block whose code starts at `start`: as long as the opening one or
    longer, of the same character; of backticks, also one that a line of code ends with (`}````), but not one inside
    a string literal (`printf("```")`); of tildes, one on a line of its own."""
    for m in re.finditer(re.escape(fence[0]) + "{%d,}" % len(fence), text[start:]):
        at, end = start + m.start(), start + m.end()
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", end)
        if fence[0] == "~":
            if text[line_start:at].strip() or text[end:len(text) if line_end < 0 else line_end].strip():
                continue
        elif any(lit.group() == '"' for lit in _LINE_LITERALS.finditer(text[max(line_start, start):at])):
            continue
        return at, end
    return None


def _fenced(text: str) -> list[tuple[str, str, bool]]:
    """(language tag, code, closed) of every fenced block, in order; an unclosed last block runs to the end."""
    found, pos = [], 0
    while True:
        opening = _OPEN.search(text, pos)
        if opening is None:
            return found
        fence = opening.group(1) or opening.group(2)
        tag, start = _code_start(text, opening.end())
        closing = _closing_fence(text, start, fence)
        if closing is None:
            if text[start:]:
                found.append((tag, text[start:], False))
            return found
        found.append((tag, text[start:closing[0]], True))
        pos = closing[1]


def code_blocks(text: str) -> list[tuple[str, str]]:
    """(language tag, code) of every fenced block (``` or ~~~); an unclosed last block runs to the end."""
    return [(tag, code) for tag, code, _ in _fenced(text)]


# fence tags of blocks that are never the answer's code: build commands, program output
NOT_CODE = {"bash", "sh", "shell", "console", "zsh", "text", "txt", "plaintext", "output", "log", "json", "yaml",
            "makefile", "make", "cmake", "diff", "python", "py", "markdown", "md"}


def extract_from_chat(text: str, entry: str | None = None, language: str = "cpp") -> str:
    """The code of a chat answer: the last block that defines `entry` and ends it, else the last that defines it
    (an answer cut short), else the longest block, else the whole answer (a model that wrote bare code). Blocks
    tagged as shell, output and the like count only where nothing else was written.

    Not the first block that defines the entry: a model often repeats the prompt's code first, which ends with
    the entry's open signature, and then gives its answer; and one that improves on a first version gives the
    one it settled on last. Nor a block that defines main() beside the entry, where another defines the entry
    alone: that is a program to try the answer with."""
    found = code_blocks(text)
    blocks = [code for tag, code in found if tag not in NOT_CODE] or [code for _, code in found]
    if not blocks:
        return (_unfenced_code(text, entry, language) or text).strip() + "\n"
    if entry:
        ending = [b for b in blocks if ends_definition(b, entry, language)]
        defining = ending or [b for b in blocks if find_definition(b, entry, language)]
        # a block that also defines main() is the model's test program around the function, which often follows
        # the answer ("and a complete program to try it"): the answer is a block without one, where there is one
        alone = [b for b in defining if language == "verilog" or not find_definition(b, "main", language)]
        if defining:
            return (alone or defining)[-1].strip() + "\n"
    return max(blocks, key=len).strip() + "\n"


def _unfenced_code(text: str, entry: str | None, language: str) -> str | None:
    """The code of an answer written without a fence, where it defines `entry`: the paragraphs before the definition
    that look like code (headers, helpers; not "Here is the function:"), and the definition up to its end (not the
    explanation after it). None where it does not define `entry`."""
    found = find_definition(text, entry, language) if entry else None
    if found is None:
        return None
    rest = text[found.end():]
    end = _scan_verilog(rest) if language == "verilog" else _scan_cpp(rest, depth=1)
    line = text.rfind("\n", 0, found.start()) + 1
    head = []
    for paragraph in re.split(r"\n[ \t]*\n", text[:line]):
        lines = paragraph.strip("\n").split("\n")
        code = [k for k, ln in enumerate(lines) if _CODE_LIKE.search(ln)]
        if code:  # without the prose that leads into it or follows it ("Here it is:")
            head.append("\n".join(lines[code[0]:code[-1] + 1]))
    return "\n\n".join(head + [text[line:] if end is None else text[line:found.end() + end]])


# a paragraph (or line) of code, not of prose: a statement, a brace, a preprocessor line or a comment
_CODE_LIKE = re.compile(r"[;{}]|^[ \t]*(?:#|//|/\*|\*)", re.M)


def postprocess(raw: str, style: str, language: str = "cpp", entry: str | None = None) -> str:
    if style == "chat":
        return extract_from_chat(raw, entry, language)
    return truncate_completion(raw, language, entry)


def is_complete(text: str, style: str, language: str = "cpp", entry: str | None = None) -> bool:
    """Whether a partial answer is finished: the function closed; in a chat answer, a code block closed (one of
    code: a closed block of build commands comes before the code more often than after it) that, where `entry`
    is given, defines the entry and ends it (not a block of headers first, nor the prompt's code repeated, which
    ends with the entry's open signature)."""
    if style == "chat":
        closed = [code for tag, code, done in _fenced(text) if done and tag not in NOT_CODE]
        return any(ends_definition(code, entry, language) for code in closed) if entry else bool(closed)
    if language == "verilog":
        return _scan_verilog(text) is not None
    return _scan_cpp(_skip_repeated_signature(text, entry), depth=1) is not None
