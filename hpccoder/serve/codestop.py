"""Code-aware stopping for editor completions: a completion ends where the block or statement it
is completing ends, never part-way into the next one.

Where the cursor is decides what is being completed (C-like languages, Verilog, Python):

- in the middle of a line (code after the cursor on its line): the rest of that line; the
  completion stays on the line and stops before it would repeat the code after the cursor;
- after code on its line (a statement begun): that statement, up to its `;` or up to the end of
  the block it opens (`for (...) {...}`, with `else`/`while`/`catch` continuing it; for Python the
  logical line, or the indented block of a line ending with `:`);
- on an empty line inside a block: statements up to the end of that block, including its
  closing brace unless the code after the cursor already holds it;
- on an empty line at the top level: one item (a function, a declaration).

Whatever the case, a completion also stops before a line that repeats the first line of the code
after the cursor (the model writing again what is already there).

`CodeStop.feed(text)` is called with the whole completion so far after every token and returns
where the completion ends, or None; `safe_end(text)` is how much of it is settled (shown while
streaming); `final_cut(text)` trims a completion that ended for another reason (EOS, length).
"""

from __future__ import annotations

import re

CONTINUES = {"c": {"else", "while", "catch"}, "verilog": {"else"}}
VERILOG_OPEN = {"begin", "case", "casez", "casex", "module", "function", "task", "fork", "generate"}
VERILOG_CLOSE = {"end", "endcase", "endmodule", "endfunction", "endtask", "join", "join_any", "join_none",
                 "endgenerate"}
# a `{` after these (not after a `)`: `struct S *f() {` is a function) opens a body whose `}` a `;` ends, maybe
# after declarators (`} S;`, `} p, q;`); so does a `{` after `=` (an initializer)
AGGREGATE = {"struct", "class", "union", "enum"}
CLOSING = set(";)]},")  # what the code after the cursor may begin with that a completion writes again


def guess_language(prefix: str, suffix: str = "") -> str:
    """'c' (any brace language), 'verilog' or 'python', from the code around the cursor."""
    text = prefix[-6000:] + suffix[:2000]
    if re.search(r"\bendmodule\b|^\s*module\s+\w+", text, re.M):
        return "verilog"
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    c = sum(line.endswith((";", "{", "}")) for line in lines)
    py = sum(line.endswith(":") or bool(re.match(r"\s*(def|class|import|from|elif)\b", line)) for line in lines)
    return "python" if py > c else "c"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


class CodeStop:
    """Decides where an editor completion ends; see the module's docstring."""

    def __new__(cls, prefix: str, suffix: str = "", language: str | None = None):
        language = language or guess_language(prefix, suffix)
        if cls is CodeStop:
            cls = PythonStop if language == "python" else BlockStop
        self = object.__new__(cls)
        self.language = language
        return self

    def __init__(self, prefix: str, suffix: str = "", language: str | None = None):
        cursor_line = prefix[prefix.rfind("\n") + 1:]
        rest_of_line = suffix.split("\n", 1)[0]
        self.line_infill = bool(rest_of_line.strip())  # code after the cursor on its line
        self.rest_of_line = rest_of_line.strip()
        self.statement = bool(cursor_line.strip())  # code before the cursor on its line
        self.cursor_line = cursor_line
        after = suffix.split("\n", 1)[1] if "\n" in suffix else ""
        repeat = next((line.strip() for line in after.splitlines() if line.strip()), "")
        self.suffix_line = repeat if len(repeat) >= 3 else ""  # short lines (`}`) repeat by chance
        self.suffix_head = suffix.lstrip()[:1]
        self.cut: int | None = None

    # -- shared rules ------------------------------------------------------------------------------
    def _repeats_suffix(self, text: str) -> int | None:
        """Start of the first complete line of `text` that repeats the first line after the cursor."""
        if not self.suffix_line:
            return None
        start = 0
        for line in text.splitlines(keepends=True):
            if line.endswith("\n") and start > 0 and line.strip() == self.suffix_line:
                return start
            start += len(line)
        return None

    def _settle(self, text: str, cut: int | None) -> int | None:
        repeat = self._repeats_suffix(text)
        if repeat is not None and (cut is None or repeat < cut):
            cut = len(text[:repeat].rstrip())
        if cut is not None and self.line_infill:
            head = text[:cut].rstrip()
            rest = self.rest_of_line
            if rest and head.endswith(rest):  # wrote what follows the cursor
                cut = len(head[:len(head) - len(rest)].rstrip())
            else:  # ... or its first `;` or `)` (`0;` before `; // why`: the line would read `0;;`)
                k = next((k for k in range(min(len(rest), len(head)), 0, -1)
                          if set(rest[:k]) <= CLOSING and head.endswith(rest[:k])), 0)
                if k:
                    cut = len(head[:len(head) - k].rstrip())
        return cut

    def _repeating_rest(self, text: str) -> int | None:
        """Where the end of `text` might begin writing again the code after the cursor: the first index
        whose tail is a start of rest_of_line (undecided yet: cut if it goes on to the whole of it)."""
        rest = self.rest_of_line
        if not (self.line_infill and rest):
            return None
        # blanks after it too: `) + 1 ` may still be the end of the line, which is then cut before `) + 1`
        text = text.rstrip(" \t")
        at = text.find(rest[0], max(0, len(text) - len(rest)))
        while at >= 0:
            if rest.startswith(text[at:]):
                return at
            at = text.find(rest[0], at + 1)
        return None

    def safe_end(self, text: str) -> int:
        """Text before this index will not be cut (what may be streamed already)."""
        end = len(text.rstrip())  # trailing blanks go if the completion is cut here
        if self.suffix_line:  # the line being written might turn out to repeat the suffix
            start = text.rfind("\n") + 1
            if start > 0 and self.suffix_line.startswith(text[start:].strip()):
                end = min(end, len(text[:start].rstrip()))
        repeat = self._repeating_rest(text)  # ...or the code after the cursor on its line
        if repeat is not None:
            end = min(end, len(text[:repeat].rstrip()))
        end = min(end, self._held(text))
        # a completion that ends where it is held (`if (c) x;` waiting for an `else`) loses a `;` or `)` that the
        # code after the cursor begins with: not settled before then either
        return min(end, self._settle(text, end)) if self.line_infill else end

    def _held(self, text: str) -> int:
        return len(text)

    def feed(self, text: str) -> int | None:
        raise NotImplementedError

    def final_cut(self, text: str) -> int:
        cut = self.feed(text)
        return self._settle(text, len(text)) if cut is None else cut  # ended (EOS) just after the repeat


class BlockStop(CodeStop):
    """C, C++, CUDA and other brace languages; Verilog with begin/end keywords as its braces."""

    def __init__(self, prefix: str, suffix: str = "", language: str | None = None):
        super().__init__(prefix, suffix, language)
        self.depth = self.paren = 0
        self.comment = self.quote = None  # "line", "block", "preproc" / the open quote
        self.line_start = True
        self.pending: int | None = None  # a candidate end waiting for the next token (else, while...)
        self.await_semi: int | None = None  # after a struct's `}`: the end is its `;` (or here, if none comes)
        self.kinds: list[bool] = []  # per open brace: whether its `}` needs a `;` (AGGREGATE)
        self.head_words: set[str] = set()  # the words of the statement so far (since `;`, `{`, `}`)
        self.head_last: str | None = None  # its last token
        self.head_eq = False  # whether it has an `=`
        self.pos = 0
        self.comment_at_cursor = None  # read by the scanner: not known until the prefix is scanned
        self._scan(prefix, final=True)
        self.comment_at_cursor = self.comment
        self.base_depth, self.base_paren = self.depth, self.paren
        self.pos = 0
        self.pending = self.await_semi = None
        self.scanning_prefix = False

    def _held(self, text: str) -> int:
        held = [x for x in (self.pending, self.await_semi) if x is not None]
        word = text[self.pos:]  # a word the scanner waits to see the end of (`en` may become `end`)
        if self.language == "verilog" and word and all(c.isalnum() or c == "_" for c in word) and \
                any(close.startswith(word) for close in VERILOG_CLOSE):
            held.append(len(text[:self.pos].rstrip()))
        return min(held) if held else len(text)

    def feed(self, text: str) -> int | None:
        if self.cut is None:
            if self.line_infill and "\n" in text[self.pos:]:
                self._scan(text[:text.index("\n", self.pos)], final=False)
                if self.cut is None:
                    self.cut = text.index("\n", self.pos)
            else:
                self._scan(text, final=False)
        return self._settle(text, self.cut)

    def final_cut(self, text: str) -> int:
        cut = self.feed(text)
        if cut is None and self.await_semi is not None:
            cut = self.await_semi
        if cut is None and self.pending is not None:
            cut = self.pending
        return self._settle(text, cut if cut is not None else len(text))

    # -- the scanner -------------------------------------------------------------------------------
    scanning_prefix = True

    def _stop(self, cut: int) -> None:
        if not self.scanning_prefix:
            self.cut = cut

    def _word(self, word: str, i: int, end: int) -> None:
        self.head_words.add(word)
        self.head_last = word
        if self.await_semi is not None and not self.scanning_prefix:
            return  # a declarator of the struct just closed: its `;` ends the completion
        if self.pending is not None and not self.scanning_prefix:
            if word in CONTINUES.get(self.language, ()):
                self.pending = None
            else:
                self._stop(self.pending)
                return
        if self.language == "verilog":
            if word in VERILOG_OPEN:
                self.depth += 1
            elif word in VERILOG_CLOSE:
                self._close(i, end)

    def _close(self, i: int, end: int) -> None:
        self.depth -= 1
        needs_semi = self.kinds.pop() if self.kinds and self.language != "verilog" else False
        if self.scanning_prefix:
            return
        if self.depth < self.base_depth:  # closes the block the cursor is in
            closer = "}" if self.language != "verilog" else "e"
            if self.suffix_head == closer:
                self._stop(len(self._text[:i].rstrip()))
            elif needs_semi:
                self.await_semi, self.base_depth = end, self.depth
            else:
                self._stop(end)
        elif self.depth == self.base_depth and self.paren <= self.base_paren and \
                (self.statement or self.base_depth == 0):
            if needs_semi:
                self.await_semi = end
            else:
                self.pending = end

    def _punct(self, c: str, i: int) -> None:
        scanning = not self.scanning_prefix
        brace_less_if = "if" in self.head_words  # `if (a) b();`: an `else` may follow its `;`
        if self.language == "c" and c in "{;}":
            if c == "{":
                self.kinds.append(self.head_last != ")" and (bool(self.head_words & AGGREGATE) or self.head_eq))
            self.head_words, self.head_last, self.head_eq = set(), None, False
        else:
            self.head_last = c
            self.head_eq = self.head_eq or (c == "=" and self.paren == 0)
        if self.await_semi is not None and scanning:
            if c == ";" and self.paren <= self.base_paren:
                self._stop(i + 1)
                return
            if c == "}":
                self._stop(self.await_semi)
                return
        if self.pending is not None and scanning:
            if c == ";" and self.language == "c":
                self._stop(i + 1)
            else:
                self._stop(self.pending)
            return
        block_brace = c in "{}" and self.language != "verilog"
        if c == "{" and block_brace:
            self.depth += 1
        elif c == "}" and block_brace:
            self._close(i, i + 1)
        elif c in "([{":
            self.paren += 1
        elif c in ")]}":
            self.paren -= 1
            if scanning and self.paren < self.base_paren:  # closes a bracket open at the cursor
                if self.suffix_head == c:
                    self._stop(i)
                else:
                    self.base_paren = self.paren
        elif c == ";" and scanning and self.depth == self.base_depth and self.paren <= 0 and \
                (self.statement or self.base_depth == 0):
            if brace_less_if and self.language == "c":
                self.pending = i + 1
            else:
                self._stop(i + 1)

    def _scan(self, text: str, final: bool) -> None:
        """Goes on from self.pos; stops early (without consuming) where it needs more text to decide."""
        i, n = self.pos, len(text)
        self._text = text
        while i < n and self.cut is None:
            c = text[i]
            if self.comment == "block":
                j = text.find("*/", i)
                if j < 0:
                    i = max(i, n - 1)
                    break
                self.comment, i = None, j + 2
                if self.comment_at_cursor == "block" and not self.scanning_prefix:
                    self._stop(i)
                continue
            if self.comment in ("line", "preproc"):
                j = text.find("\n", i)
                while j > 0 and self.comment == "preproc" and text[j - 1] == "\\":
                    j = text.find("\n", j + 1)
                if j < 0:
                    i = n
                    break
                if self.comment_at_cursor == "line" and not self.scanning_prefix:
                    self._stop(j)
                self.comment, i = None, j
                continue
            if self.quote:
                j = i
                while j < n and text[j] != self.quote and text[j] != "\n":
                    j += 2 if text[j] == "\\" else 1
                if j >= n:
                    i = n if text[n - 1] != "\\" else n - 1
                    break
                self.quote, i = None, j + 1
                continue
            if c == "\n":
                self.line_start, i = True, i + 1
                continue
            if c.isspace():
                i += 1
                continue
            if c == "/":
                if i + 1 >= n and not final:
                    break
                nxt = text[i + 1] if i + 1 < n else ""
                if nxt in "/*":
                    self.comment, i = ("line" if nxt == "/" else "block"), i + 2
                    continue
            if c == "#" and self.line_start and self.language == "c":
                self.comment, i = "preproc", i + 1
                continue
            self.line_start = False
            if c == '"' or (c == "'" and self.language == "c"):
                if self.pending is not None and not self.scanning_prefix:
                    self._stop(self.pending)
                    break
                self.quote, i = c, i + 1
                continue
            if c.isalnum() or c == "_":
                j = i
                while j < n and (text[j].isalnum() or text[j] == "_"):
                    j += 1
                if j >= n and not final:
                    break  # the word may go on
                self._word(text[i:j], i, j)
                i = j
                continue
            self._punct(c, i)
            i += 1
        self.pos = i


def _python_line(line: str, quote: str | None) -> tuple[str, str | None, int]:
    """One line of Python: its code with strings and comment left out, the triple-quoted string still open at its
    end (None: none; `quote` is the one open at its start), and the brackets it opens less those it closes."""
    code: list[str] = []
    depth, i, n = 0, 0, len(line)
    while i < n:
        if quote:
            while i < n and not line.startswith(quote, i):
                i += 2 if line[i] == "\\" else 1
            if i >= n:
                return "".join(code), quote if len(quote) == 3 else None, depth
            i, quote = i + len(quote), None
            code.append("''")
            continue
        c = line[i]
        if c == "#":
            break
        if c in "'\"":
            quote = c * 3 if line.startswith(c * 3, i) else c
            i += len(quote)
            continue
        depth += (c in "([{") - (c in ")]}")
        code.append(c)
        i += 1
    return "".join(code), quote if quote and len(quote) == 3 else None, depth


class PythonStop(CodeStop):
    """Python: logical lines and indentation."""

    def __init__(self, prefix: str, suffix: str = "", language: str | None = None):
        super().__init__(prefix, suffix, language)
        self.stmt_indent = _indent(self.cursor_line)
        # an empty cursor line: the block goes on while lines are indented at least as deep as the cursor
        self.base_indent = len(self.cursor_line) if not self.statement else self.stmt_indent

    def _held(self, text: str) -> int:
        last = text.rfind("\n")  # a line is judged once complete: it may end the block
        return len(text) if last < 0 else len(text[:last].rstrip())

    def feed(self, text: str) -> int | None:
        if self.line_infill and "\n" in text:
            return self._settle(text, text.index("\n"))
        one_item = self.statement or self.base_indent == 0  # one statement or one top-level item
        header = None  # indentation of the `...:` line whose block is being completed
        depth, logical_indent, pos = 0, 0, -len(self.cursor_line)
        quote = None  # a triple-quoted string open across lines
        comments = None  # where the comment lines just before this line begin (they go with what follows)
        for number, line in enumerate((self.cursor_line + text).split("\n")[:-1]):  # complete lines only
            start, pos = pos, pos + len(line) + 1
            in_string = quote is not None
            code, quote, opened = _python_line(line, quote)
            stripped = line.strip()
            if not in_string and depth == 0 and not code.strip():  # blank, or a comment alone
                if stripped and comments is None and number > 0:
                    comments = start
                continue
            if not in_string and depth == 0:  # a logical line begins
                logical_indent = _indent(line)
                before = len(text[:max(comments if comments is not None else start, 0)].rstrip())
                if number > 0 and header is not None and logical_indent <= header:
                    if not (logical_indent == header and stripped.startswith(("elif", "else", "except", "finally"))):
                        return self._settle(text, before)
                elif number > 0 and header is None and not self.statement and logical_indent < self.base_indent:
                    return self._settle(text, before)
            comments = None
            depth = max(0, depth + opened)
            if depth > 0 or quote is not None or code.rstrip().endswith("\\"):
                continue
            if one_item and header is None:
                if code.rstrip().endswith(":"):
                    header = logical_indent
                elif not stripped.startswith("@"):  # a decorator: its def follows
                    return self._settle(text, max(pos - 1, 0))
        return self._settle(text, None)
