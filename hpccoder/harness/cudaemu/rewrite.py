"""CUDA source to plain C++ for the emulated runtime (runtime.hpp), keeping line numbers.

- `expr<<<grid, block[, shmem[, stream]]>>>(args)` becomes `::hpcemu::launch(expr, grid, block[, ...])(args)`;
- `extern __shared__ T name[];` becomes `T *const name = (T *)::hpcemu::dynamic_shared();`
  (the launch's dynamic shared memory; every such declaration starts at the same address, as on a GPU);
- `__noinline__` becomes `__attribute__((noinline))` (a macro would break libstdc++, which uses the name);
- `#include <cooperative_groups/reduce.h>` (and scan.h) becomes `#include <cooperative_groups.h>`;
- a `static` next to `__shared__` is dropped (runtime.hpp makes `__shared__` static storage of its own section).

Comments, string and character literals are left alone.
"""

from __future__ import annotations

import re

__all__ = ["rewrite", "RewriteError"]


class RewriteError(ValueError):
    """CUDA syntax the emulator cannot turn into C++."""


def _mask(src: str) -> str:
    """`src` with comments and the insides of string and character literals blanked (same length, same lines)."""
    out = list(src)
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = " "
            i = j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if src[k] != "\n":
                    out[k] = " "
            i = j
        elif c == 'R' and src.startswith('R"', i) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
            m = re.match(r'R"([^()\\ ]{0,16})\(', src[i:])
            if not m:
                i += 1
                continue
            end = src.find(")" + m.group(1) + '"', i + m.end())
            end = n if end < 0 else end + len(m.group(1)) + 2
            for k in range(i + 2, end - 1):
                if src[k] != "\n":
                    out[k] = " "
            i = end
        elif c in "\"'":
            if c == "'" and i > 0 and src[i - 1].isalnum():
                k = i
                while k > 0 and (src[k - 1].isalnum() or src[k - 1] in "'."):
                    k -= 1
                if src[k].isdigit():  # a digit separator (1'000'000)
                    i += 1
                    continue
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            for k in range(i + 1, min(j, n)):
                out[k] = " "
            i = j + 1
        else:
            i += 1
    return "".join(out)


_OPEN = {")": "(", "]": "[", ">": "<"}


def _expr_start(m: str, end: int) -> int:
    """Where the kernel expression that ends just before `end` (exclusive) begins in the masked text:
    names, qualified names (ns::k, obj.k, p->k), template arguments (k<256>) and parentheses."""

    def back_ws(i: int) -> int:
        while i > 0 and m[i - 1].isspace():
            i -= 1
        return i

    i = back_ws(end)
    while True:
        while i > 0 and m[i - 1] in ")]>":
            closer, depth, j = m[i - 1], 0, i - 1
            while j >= 0:
                if m[j] == closer:
                    depth += 1
                elif m[j] == _OPEN[closer]:
                    depth -= 1
                    if depth == 0:
                        break
                j -= 1
            if j < 0:
                raise RewriteError("unbalanced brackets before <<<")
            i = j
            t = back_ws(i)
            if t > 0 and (m[t - 1].isalnum() or m[t - 1] == "_" or m[t - 1] in ")]>"):
                i = t  # foo <int>, a[0] (...)
        while i > 0 and (m[i - 1].isalnum() or m[i - 1] == "_"):
            i -= 1
        t = back_ws(i)
        if m[max(0, t - 2):t] in ("::", "->"):
            i = back_ws(t - 2)
        elif t > 0 and m[t - 1] == ".":
            i = back_ws(t - 1)
        else:
            return i


def _rewrite_launches(src: str) -> str:
    m = _mask(src)
    edits: list[tuple[int, int, str]] = []
    pos = 0
    while True:
        start = m.find("<<<", pos)
        if start < 0:
            break
        close = m.find(">>>", start + 3)
        if close < 0:
            raise RewriteError(f"line {src.count(chr(10), 0, start) + 1}: <<< without >>>")
        expr = _expr_start(m, start)
        if expr == start:
            raise RewriteError(f"line {src.count(chr(10), 0, start) + 1}: no kernel before <<<")
        edits.append((expr, expr, "::hpcemu::launch("))
        edits.append((start, start + 3, ", "))
        edits.append((close, close + 3, ")"))
        pos = close + 3
    out = src
    for a, b, text in sorted(edits, reverse=True):
        out = out[:a] + text + out[b:]
    return out


_EXTERN_SHARED = re.compile(r"\bextern\s+((?:(?:volatile|const)\s+)*)__shared__\b([^;{}]*);")
_ALIGN = re.compile(r"\b(?:__align__|alignas|__attribute__)\s*\((?:[^()]|\([^()]*\))*\)")


def _rewrite_shared(src: str) -> str:
    m = _mask(src)
    out, last = [], 0
    for hit in _EXTERN_SHARED.finditer(m):
        decl = src[hit.start(1):hit.end(1)] + _ALIGN.sub(" ", src[hit.start(2):hit.end(2)])
        d = re.fullmatch(r"\s*(.*?)\s*\b([A-Za-z_]\w*)\s*\[\s*\]\s*", decl, re.S)
        if not d or not d.group(1).strip():
            line = src.count("\n", 0, hit.start()) + 1
            raise RewriteError(f"line {line}: cannot read the extern __shared__ declaration (write it as "
                               "`extern __shared__ T name[];`)")
        typ, name = " ".join(d.group(1).split()), d.group(2)
        newlines = "\n" * src.count("\n", hit.start(), hit.end())
        out.append(src[last:hit.start()])
        out.append(f"{typ} *const {name} = ({typ} *)::hpcemu::dynamic_shared();{newlines}")
        last = hit.end()
    out.append(src[last:])
    src = "".join(out)
    # `static __shared__` / `__shared__ static`: runtime.hpp's __shared__ is static already
    m = _mask(src)
    edits = []
    for hit in re.finditer(r"\bstatic(\s+)__shared__\b|\b__shared__(\s+)static\b", m):
        edits.append((hit.start(), hit.end(), "__shared__" + " " * (hit.end() - hit.start() - len("__shared__"))))
    for a, b, text in sorted(edits, reverse=True):
        src = src[:a] + text + src[b:]
    return src


def _rewrite_noinline(src: str) -> str:
    m = _mask(src)
    for hit in reversed(list(re.finditer(r"\b__noinline__\b", m))):
        src = src[:hit.start()] + "__attribute__((noinline))" + src[hit.end():]
    return src


def _rewrite_includes(src: str) -> str:
    # the emulator's cooperative_groups.h holds reduce and scan too (its files sit in one folder)
    return re.sub(r"(#\s*include\s*[<\"])cooperative_groups/(?:reduce|scan|memcpy_async)\.h([>\"])",
                  r"\1cooperative_groups.h\2", src)


def rewrite(src: str) -> str:
    """CUDA C++ to C++ for the emulated runtime; the line count is kept."""
    return _rewrite_launches(_rewrite_shared(_rewrite_noinline(_rewrite_includes(src))))
