"""Data modes of fine-tuning, each a pure function from records to training text or token blocks.

- causal language modelling: `pack` (documents joined by EOS, cut into full blocks: no
  padding is ever trained on) or `pad` (one document a row, truncated and padded: the
  baseline that packing is measured against);
- fill-in-the-middle: `fim` splits a document at two random character positions and reorders
  it as prefix-suffix-middle (PSM) or suffix-prefix-middle (SPM) with the FIM sentinel tokens,
  at a rate (the rest stay plain left-to-right text);
- MPI-call completion: `mpi_call_example` blanks every MPI call statement of a program (C and
  C++ `MPI_X(...);`, Fortran `call MPI_X(...)` in free and fixed form, wherever on its line the
  statement stands: `if (rank == 0) MPI_Send(...);` too; a call whose value is used stays, see
  `find_mpi_calls`) and asks for them back with their line numbers; `mpi_call_row` makes one
  training row of it (loss on the answer, which is always whole: a program too long keeps only the
  lines near its calls); `score_mpi_calls` grades predictions by location, function and arguments;
- instruction pairs: `instruction_example` (task -> solution, loss on the solution only);
- multi-grained Verilog: `multigrain_examples` pairs a module with one of its descriptions
  (several levels of detail), drawn so that every level is used equally often.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

FIM_PREFIX, FIM_MIDDLE, FIM_SUFFIX, FIM_PAD = "<fim_prefix>", "<fim_middle>", "<fim_suffix>", "<fim_pad>"
FIM_TOKENS = (FIM_PREFIX, FIM_MIDDLE, FIM_SUFFIX, FIM_PAD)
IGNORE = -100  # label of a token that carries no loss


# -- causal language modelling -----------------------------------------------------------------------------
def pack(docs: Iterable[Sequence[int]], seq_len: int, eos_id: int) -> Iterator[list[int]]:
    """Token blocks of exactly seq_len from documents joined by EOS; the last partial block is dropped."""
    if seq_len < 2:
        raise ValueError("seq_len must be at least 2")
    buf: list[int] = []
    for doc in docs:
        buf.extend(doc)
        buf.append(eos_id)
        while len(buf) >= seq_len:
            yield buf[:seq_len]
            del buf[:seq_len]


def pad(doc: Sequence[int], seq_len: int, pad_id: int, eos_id: int) -> dict:
    """One document as one row: truncated to seq_len (EOS appended when it fits), padded to seq_len."""
    ids = list(doc[: seq_len - 1]) + [eos_id] if len(doc) < seq_len else list(doc[:seq_len])
    n = len(ids)
    return {"input_ids": ids + [pad_id] * (seq_len - n), "attention_mask": [1] * n + [0] * (seq_len - n),
            "labels": ids + [IGNORE] * (seq_len - n)}


# -- fill-in-the-middle ------------------------------------------------------------------------------------
def fim(text: str, rng: random.Random, rate: float = 0.5, spm_rate: float = 0.5) -> str:
    """With probability `rate`, the document reordered for fill-in-the-middle; otherwise unchanged.

    PSM: <fim_prefix>prefix<fim_suffix>suffix<fim_middle>middle
    SPM: <fim_prefix><fim_suffix>suffix<fim_middle>prefix middle  (the prefix runs straight into
    the middle, so the model learns to continue it; the variant used by SantaCoder and StarCoder)
    """
    if len(text) < 3 or rng.random() >= rate:
        return text
    i, j = sorted(rng.sample(range(len(text) + 1), 2))
    prefix, middle, suffix = text[:i], text[i:j], text[j:]
    if rng.random() < spm_rate:
        return f"{FIM_PREFIX}{FIM_SUFFIX}{suffix}{FIM_MIDDLE}{prefix}{middle}"
    return f"{FIM_PREFIX}{prefix}{FIM_SUFFIX}{suffix}{FIM_MIDDLE}{middle}"


def fim_prompt(prefix: str, suffix: str) -> str:
    """What a FIM-trained model is asked at inference (PSM): it writes the middle."""
    return f"{FIM_PREFIX}{prefix}{FIM_SUFFIX}{suffix}{FIM_MIDDLE}"


# -- MPI-call completion -----------------------------------------------------------------------------------
# an MPI function's name where it is called, not part of a longer name (`PMPI_Send`, `my_MPI_Send`); with the
# braces and parentheses around it, which say whether it stands where a statement can
_C_TOKENS = re.compile(r"[(){}]|(?<![A-Za-z0-9_$])(?P<name>MPI_[A-Z][A-Za-z0-9_]*)\s*\(")
_SEMICOLON = re.compile(r"\s*;")
# words before a `(...)` that make it part of an expression or a declaration, not a macro's use ending a statement
_NOT_MACROS = {"sizeof", "alignof", "_Alignof", "decltype", "typeof", "__typeof__", "__attribute__", "__declspec",
               "noexcept", "alignas", "_Alignas", "static_assert", "_Static_assert", "return", "throw", "switch"}
_LABEL = re.compile(r"(?:case\b.*|default|[A-Za-z_][A-Za-z0-9_]*)", re.S)  # what precedes a statement's `:`


@dataclass(frozen=True)
class MpiCall:
    line: int  # 1-based line of the program where the call starts
    function: str
    args: str  # the argument list, whitespace collapsed
    fortran: bool = field(default=False, compare=False)  # case-insensitive names and arguments

    def text(self) -> str:
        return f"{self.line}: {self.function}({self.args})"


def _code_only(source: str, strings: bool = True) -> str:
    """`source` with comments and (`strings`) the insides of strings and char literals blanked (same
    length, newlines kept), so that what looks like a call there is not taken for one."""
    out, i, n = list(source), 0, len(source)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        if source.startswith("//", i):
            j = source.find("\n", i)
            j = n if j < 0 else j
        elif source.startswith("/*", i):
            j = source.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif source[i] in "\"'":
            j = i + 1
            while j < n and source[j] not in (source[i], "\n"):
                j += 2 if source[j] == "\\" else 1
            if strings:
                blank(i + 1, min(j, n))
            i = j + 1
            continue
        else:
            i += 1
            continue
        blank(i, j)
        i = j
    return "".join(out)


def _close_paren(code: str, start: int) -> int:
    """Index of the ')' that closes the '(' at start in `code` (comments and strings blanked); -1 if none."""
    depth = 0
    for i in range(start, len(code)):
        if code[i] == "(":
            depth += 1
        elif code[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _open_paren(code: str, close: int) -> int:
    """Index of the '(' that the ')' at close closes; -1 if none."""
    depth = 0
    for i in range(close, -1, -1):
        if code[i] == ")":
            depth += 1
        elif code[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _last_char(code: str, end: int) -> int:
    """Index of the last character of `code` before `end` that is not white space; -1 if none."""
    j = end - 1
    while j >= 0 and code[j].isspace():
        j -= 1
    return j


def _word_before(code: str, end: int) -> str:
    """The identifier that ends at `end` (exclusive), or ''."""
    i = end
    while i > 0 and (code[i - 1].isalnum() or code[i - 1] in "_$"):
        i -= 1
    return code[i:end]


def _without_directives(code: str) -> str:
    """C `code` with its preprocessor lines (`#pragma omp master`, `#define X MPI_Init(0, 0);`, continued
    with a backslash) blanked: a call on the line after a directive starts a statement, one in a macro is none."""
    lines, continued = code.split("\n"), False
    for i, line in enumerate(lines):
        if continued or line.lstrip().startswith("#"):
            continued = line.rstrip().endswith("\\")
            lines[i] = " " * len(line)
    return "\n".join(lines)


def _c_statement_start(code: str, pos: int) -> int | None:
    """Where the statement that the expression at `pos` begins starts, if that expression begins one (`pos`,
    or the `(void)` before it); None if it is part of a larger expression. A statement begins at the start of
    the code, after `;`, `{` or `}`, after a label (`case X:`, `default:`, `name:`), after `else` or `do`, and
    after the condition of `if`, `for` or `while` (its body without braces). `code`: comments, strings and
    preprocessor lines blanked."""
    j = _last_char(code, pos)
    if j < 0 or code[j] in ";{}":
        return pos
    if code[j] == ":":
        if code[j - 1:j] == ":":
            return None  # C++ `::MPI_X`
        head = max(code.rfind(c, 0, j) for c in ";{}") + 1
        label = code[head:j].strip()
        return pos if "?" not in label and _LABEL.fullmatch(label) else None  # `c ? a : MPI_X()` is a value
    if code[j] == ")":
        k = _open_paren(code, j)
        if k < 0:
            return None
        word = _word_before(code, _last_char(code, k) + 1)
        if word in ("if", "for", "while"):
            return pos
        if not word and code[k + 1:j].strip() == "void":  # `(void)MPI_X(...);`: its value thrown away
            return _c_statement_start(code, k)
        starts_line = not code[code.rfind("\n", 0, pos) + 1:pos].strip()
        if word and not word[0].isdigit() and word not in _NOT_MACROS and starts_line:
            return pos  # a call that starts its line after a macro's use with no `;` of its own (`CHECK(x)`)
        return None
    return pos if _word_before(code, j + 1) in ("else", "do") else None


def _find_c_calls(source: str) -> list[tuple[int, int, MpiCall]]:
    out = []
    # in comments or strings (`/* MPI_Send(...); */`) it is no call, nor in a macro's definition
    code, without_comments = _without_directives(_code_only(source)), _code_only(source, strings=False)
    # the parentheses open at each point: a call inside them is an argument, a condition, a for's header; a
    # block (a lambda's body in a call too) starts afresh, and a stray ')' (code of #if branches) counts for none
    depth, outer = 0, []
    for m in _C_TOKENS.finditer(code):
        ch = m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "{":
            outer.append(depth)
            depth = 0
        elif ch == "}":
            depth = outer.pop() if outer else 0
        else:
            depth += 1  # the call's own '('
            if depth > 1:
                continue
            name, open_paren = m.group("name"), m.end() - 1
            close = _close_paren(code, open_paren)
            if close < 0:
                continue
            semi = _SEMICOLON.match(code, close + 1)
            if not semi:
                continue  # its value is used (`MPI_Wtime() - t0;`)
            start = _c_statement_start(code, m.start("name"))
            if start is None:
                continue  # its value is used (`rc = MPI_X(...);`, `return MPI_X(...);`, `f(MPI_X(...));`)
            line = source.count("\n", 0, start) + 1
            args = _squash(without_comments[open_paren + 1:close])
            out.append((start, semi.end(), MpiCall(line, name, args)))
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# -- Fortran: `call MPI_X(...)`, names in any case, `!` comments; fixed form (.f, .for, .f77) also has
# whole-line comments (c, C, * or ! in column 1) and continuation lines (column 6 not blank or 0)
_F_CALL = re.compile(r"(?<![A-Za-z0-9_%$])call[ \t]+(mpi_[a-z0-9_]*)[ \t]*\(", re.I)
_F_LOGICAL_IF = re.compile(r"(?:\d+[ \t]+)?if[ \t]*\(", re.I)  # `[label] if (condition) statement`
FIXED_FORM = (".f", ".for", ".f77", ".ftn", ".fpp")
FORTRAN = FIXED_FORM + (".f90", ".f95", ".f03", ".f08")


def source_language(language: str | None = None, path: str | None = None) -> str:
    """'c' (C, C++, CUDA), 'fortran' (free form) or 'fortran-fixed', from a corpus record's language
    and path (either may be missing)."""
    ext = "." + path.rsplit(".", 1)[-1].lower() if path and "." in path.rsplit("/", 1)[-1] else ""
    if ext in FORTRAN or (language or "").lower().startswith("fortran"):
        return "fortran-fixed" if ext in FIXED_FORM else "fortran"
    return "c"


def _fortran_code_only(source: str, fixed: bool, strings: bool = True) -> str:
    """Fortran `source` with comments and (`strings`) the insides of string literals blanked, same
    length and lines."""
    lines = []
    for line in source.split("\n"):
        if fixed and line[:1] in ("c", "C", "*", "!"):
            lines.append(" " * len(line))
            continue
        out, quote, i = list(line), None, 0
        while i < len(line):
            ch = line[i]
            if quote:
                if ch == quote and line[i + 1:i + 2] == quote:  # a doubled quote is one quote character
                    if strings:
                        out[i] = out[i + 1] = " "
                    i += 2
                    continue
                if ch == quote:
                    quote = None
                elif strings:
                    out[i] = " "
            elif ch in "'\"":
                quote = ch
            elif ch == "!":
                out[i:] = " " * (len(line) - i)
                break
            i += 1
        lines.append("".join(out))
    return "\n".join(lines)


def _fortran_args(text: str, fixed: bool) -> str:
    """An argument list with its continuation marks removed."""
    if fixed:
        return _squash(re.sub(r"\n {5}[^ 0]", " ", text))
    return _squash(re.sub(r"&[ \t]*\n[ \t]*&?", " ", text))


def _fortran_before(code: str, pos: int, fixed: bool) -> str | None:
    """The text of the statement before `pos` (from the line's start, after a `;`, its continuation lines
    joined; fixed form from column 7, without the label field); None where a fixed-form statement cannot be
    (columns 1 to 6). `code`: comments and strings blanked, so every comment line is blank."""
    parts, end = [], pos
    while True:
        start = code.rfind("\n", 0, end) + 1
        line = code[start:code.find("\n", start) if code.find("\n", start) >= 0 else len(code)]
        continuation = False
        if fixed:
            if "\t" in line[:min(6, end - start)]:
                text_from = start + line.index("\t") + 1
            elif end - start < 6:
                return None
            else:
                text_from = start + 6
                continuation = line[:5].strip() == "" and line[5:6] not in ("", " ", "0")
        else:
            text_from = start
        seg = code[text_from:end]
        if ";" in seg:
            parts.append(seg[seg.rindex(";") + 1:])
            break
        if not fixed:
            if seg.lstrip().startswith("&"):
                seg = seg.lstrip()[1:]
            prev = _last_char(code, start)  # comment lines between continued lines are blank
            continuation = prev >= 0 and code[prev] == "&"
            if continuation:
                parts.append(seg)
                end = prev  # before its `&`
                continue
        parts.append(seg)
        if not continuation:
            break
        end = _last_char(code, start) + 1  # the end of the line it continues
        if end == 0:
            break
    return " ".join(reversed(parts))


def _fortran_statement(before: str) -> bool:
    """Whether a call after `before` (see _fortran_before) is a statement: it starts its statement (after a
    label, too) or is the statement of a logical IF."""
    before = before.strip()
    if not before or before.isdigit():
        return True
    m = _F_LOGICAL_IF.match(before)
    return bool(m) and _close_paren(before, m.end() - 1) == len(before) - 1


def _find_fortran_calls(source: str, fixed: bool) -> list[tuple[int, int, MpiCall]]:
    out = []
    code = _fortran_code_only(source, fixed)
    without_comments = _fortran_code_only(source, fixed, strings=False)
    for m in _F_CALL.finditer(code):
        before = _fortran_before(code, m.start(), fixed)
        if before is None or not _fortran_statement(before):
            continue
        close = _close_paren(code, m.end() - 1)
        if close < 0:
            continue
        end = code.find("\n", close)
        end = len(code) if end < 0 else end
        rest = code[close + 1:end].strip()
        if rest and not rest.startswith(";"):
            continue  # not the whole statement
        start = m.start()
        line = source.count("\n", 0, start) + 1
        args = _fortran_args(without_comments[m.end():close], fixed)
        stop = code.index(";", close) + 1 if rest else close + 1  # `call MPI_X(...); x = 1`: through the `;`
        out.append((start, stop, MpiCall(line, m.group(1), args, fortran=True)))
    return out


def find_mpi_calls(source: str, language: str = "c") -> list[tuple[int, int, MpiCall]]:
    """(start, end, call) of every MPI call that is a statement of its own, wherever the statement stands:
    `MPI_X(...);` in C and C++, at the start of a line or after another statement on it, after a label
    (`case 2:`), after `{`, `else` or `do`, as the body of an `if`, `for` or `while` written on its line
    (`if (rank == 0) MPI_Send(...);`, the `if (...)` stays), also `(void)MPI_X(...);` (the cast goes with
    it); `call MPI_X(...)` in Fortran (`language` as `source_language` names it), also after a label, a `;`
    or a logical IF (`if (rank == 0) call MPI_Send(...)`). A statement may span lines. A call whose value is
    used (`rc = MPI_Send(...);`, `if (MPI_Send(...) != MPI_SUCCESS)`, `return MPI_X(...);`, an argument
    of another call or macro) is part of that expression and stays, like any other code of the program: it
    is neither blanked nor expected. So are calls in comments, strings and preprocessor lines."""
    if language.startswith("fortran"):
        return _find_fortran_calls(source, fixed=language == "fortran-fixed")
    return _find_c_calls(source)


def mpi_call_example(source: str, language: str = "c") -> tuple[str, list[MpiCall]] | None:
    """(the program with its MPI call statements blanked, the calls), or None if it has none.

    A blanked call keeps its lines (emptied), so line numbers of the masked program are those
    of the original and the answer can name them.
    """
    found = find_mpi_calls(source, language)
    if not found:
        return None
    return _blanked(source, found), [c for _, _, c in found]


def _blanked(source: str, found: list[tuple[int, int, MpiCall]]) -> str:
    pieces, pos = [], 0
    for start, end, _ in found:
        pieces.append(source[pos:start])
        pieces.append("\n" * source.count("\n", start, end))
        pos = end
    pieces.append(source[pos:])
    return "".join(pieces)


MPI_PROMPT = ("The MPI calls of this program were removed. Give each one back as `LINE: CALL`, "
              "one per line, in order.\n```{fence}\n{program}\n```\nMPI calls:\n")
LEFT_OUT = "   ..."  # in a shortened program, where lines far from every removed call were


def _mpi_prompt(source: str, language: str, found: list, context: int | None) -> str:
    """The prompt of the task; with `context`, only the lines at most that far from a removed call
    (each run of the others one LEFT_OUT line): the numbers of the lines kept stay those of the program."""
    lines = _blanked(source, found).split("\n")
    keep = range(1, len(lines) + 1)
    if context is not None:
        near = set()
        for start, end, call in found:
            last = call.line + source.count("\n", start, end)
            near.update(range(call.line - context, last + context + 1))
        keep = near
    numbered, skipping = [], False
    for i, ln in enumerate(lines, 1):
        if i in keep:
            # fixed-form Fortran keeps its columns: the line number goes before them, as in the C prompt
            numbered.append(f"{i:4d} {ln}")
        elif not skipping:
            numbered.append(LEFT_OUT)
        skipping = i not in keep
    fence = "fortran" if language.startswith("fortran") else "c"
    return MPI_PROMPT.format(fence=fence, program="\n".join(numbered))


def mpi_call_text(source: str, language: str = "c", context: int | None = None) -> tuple[str, str] | None:
    """(prompt, answer) of the MPI-call completion task for one program; `context`: keep only the
    lines that near a removed call (see _mpi_prompt). None if the program has no call."""
    found = find_mpi_calls(source, language)
    if not found:
        return None
    return _mpi_prompt(source, language, found, context), "\n".join(c.text() for _, _, c in found) + "\n"


# lines kept around each removed call of a program too long for the row, tried in turn: the calls'
# own lines and their neighbours say most about them; the answer is never cut
MPI_CONTEXT = (64, 32, 16, 8, 4, 2)


def mpi_call_row(tokenizer, source: str, language: str, seq_len: int) -> tuple[dict | None, str]:
    """The MPI-call task of one program as one row (never packed with another, never split), the
    loss on the answer alone, and what became of the program: 'whole', 'shortened' (only the lines
    near its calls, see MPI_CONTEXT), 'dropped' (its answer does not fit even so) or 'no calls'."""
    found = find_mpi_calls(source, language)
    if not found:
        return None, "no calls"
    answer = "\n".join(c.text() for _, _, c in found) + "\n"
    a_ids = tokenizer(answer, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    last = None
    for context in (None, *MPI_CONTEXT):
        prompt = _mpi_prompt(source, language, found, context)
        if prompt == last:
            continue  # the program is short enough for this context already
        last = prompt
        p_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        if len(p_ids) + len(a_ids) <= seq_len:
            return prompt_answer_row(p_ids, a_ids), "whole" if context is None else "shortened"
    return None, "dropped"


def prompt_answer_row(p_ids: list[int], a_ids: list[int]) -> dict:
    """A row of a prompt and its answer, the loss on the answer only."""
    ids = list(p_ids) + list(a_ids)
    return {"input_ids": ids, "attention_mask": [1] * len(ids), "labels": [IGNORE] * len(p_ids) + list(a_ids)}


# `12: MPI_Send(...)`, `12: call mpi_send(...)` (Fortran's spelling), a C `;` at the end
_ANSWER_LINE = re.compile(r"^\s*(\d+)\s*:\s*(?:call\s+)?(MPI_[A-Za-z0-9_]+)\s*\((.*)\)\s*;?\s*$", re.I)


def parse_mpi_answer(text: str) -> list[MpiCall]:
    out = []
    for ln in text.splitlines():
        m = _ANSWER_LINE.match(ln)
        if m:
            out.append(MpiCall(int(m.group(1)), m.group(2), _squash(m.group(3))))
    return out


def _normal_args(args: str, fortran: bool) -> str:
    """An argument list as compared: no whitespace outside string and character literals (`&argc,&argv`
    is `&argc, &argv`), and Fortran's, which is case-insensitive, in lower case there."""
    out, quote, i = [], None, 0
    while i < len(args):
        ch = args[i]
        if quote:
            out.append(ch)
            if ch == "\\" and not fortran:  # C: an escaped character, the quote too
                out.append(args[i + 1:i + 2])
                i += 1
            elif ch == quote:
                quote = None  # Fortran's doubled quote closes and opens again: the same characters
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif not ch.isspace():
            out.append(ch.lower() if fortran else ch)
        i += 1
    return "".join(out)


def score_mpi_calls(predicted: str | list[MpiCall], expected: list[MpiCall]) -> dict:
    """Accuracy over the expected calls: location (a call predicted at its line), function (the
    right function at that line) and arguments (function and arguments exact, whitespace outside
    literals aside); plus precision: the share of predicted calls that are right in all three. Each
    prediction answers one expected call at most: two calls on one line need two predictions there,
    and the same call predicted twice is right once. With no call expected, predicting none scores 1
    everywhere and any prediction lowers only the precision. Function names are compared in any
    case (Fortran's are case-insensitive; no two of C's differ by case alone); a Fortran program's
    arguments (the expected calls say which) too."""
    pred = parse_mpi_answer(predicted) if isinstance(predicted, str) else list(predicted)
    fortran = any(e.fortran for e in expected)
    keys = {"location": lambda c: c.line, "function": lambda c: (c.line, c.function.upper()),
            "arguments": lambda c: (c.line, c.function.upper(), _normal_args(c.args, fortran))}
    n = len(expected)
    out = {}
    for name, key in keys.items():
        # the most expected calls that distinct predictions can answer: per key, the fewer of the two
        have, want = Counter(map(key, pred)), Counter(map(key, expected))
        matched = sum(min(k, have[v]) for v, k in want.items())
        out[name] = matched / n if n else 1.0
        if name == "arguments":
            out["precision"] = matched / len(pred) if pred else (1.0 if not expected else 0.0)
    return {**out, "expected": n, "predicted": len(pred)}


# -- instruction pairs -------------------------------------------------------------------------------------
def instruction_example(tokenizer, instruction: str, solution: str, seq_len: int) -> dict | None:
    """Tokens of a chat-formatted (instruction, solution) pair; the loss is on the solution only.
    None if the instruction alone leaves no room for the solution."""
    messages = [{"role": "user", "content": instruction}]
    if getattr(tokenizer, "chat_template", None):
        prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    else:
        prompt = f"### Task\n{instruction}\n### Solution\n"
    p_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    s_ids = tokenizer(solution, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    if len(p_ids) >= seq_len - 1:
        return None
    ids = (p_ids + s_ids)[:seq_len]
    labels = ([IGNORE] * len(p_ids) + s_ids)[:seq_len]
    return {"input_ids": ids, "attention_mask": [1] * len(ids), "labels": labels}


# -- multi-grained Verilog ---------------------------------------------------------------------------------
def multigrain_examples(records: Sequence[dict], levels: Sequence[str], seed: int = 0,
                        per_level: int | None = None) -> list[tuple[str, str, str]]:
    """(level, description, code) pairs, the same number for every level.

    Each record has `code` and `descriptions` (level -> text). For every level, the records that
    describe the module at that level are shuffled and `per_level` of them taken (default: as
    many as the scarcest level has), so no level dominates; the pairs come out interleaved.
    """
    rng = random.Random(seed)
    pools = {lv: [r for r in records if (r.get("descriptions") or {}).get(lv)] for lv in levels}
    if not records or not levels:
        return []
    n = min(len(p) for p in pools.values()) if per_level is None else per_level
    chosen = {}
    for lv, pool in pools.items():
        pool = pool[:]
        rng.shuffle(pool)
        chosen[lv] = pool[: min(n, len(pool))]
    out = []
    for i in range(max((len(v) for v in chosen.values()), default=0)):
        for lv in levels:
            if i < len(chosen[lv]):
                r = chosen[lv][i]
                out.append((lv, r["descriptions"][lv], r["code"]))
    return out


MULTIGRAIN_PROMPT = "Write a Verilog module for this description ({level} level):\n{description}"
