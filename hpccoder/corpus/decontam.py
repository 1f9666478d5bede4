"""Decontamination against the benchmark: a corpus file is dropped when it shares a long stretch with a
kernels_ref/ source or an evalsuite/ prompt.

Two tests, both exact matches of hashed windows:
- code: every window of `code_window` (default 40) consecutive code tokens, with comments and
  layout dropped, numbers and strings normalised, and identifiers replaced by the distance to their
  previous occurrence inside the window (0 for a first occurrence: Baker's parameterised strings).
  Consistently renamed variables and reformatted code give the same windows. Against kernels_ref/
  sources only, and in C-like code only windows that reach into a function body.
- text: every 13 consecutive lower-cased words (the n-gram test of GPT-3 and Codex), against the
  prompts' wording: problem descriptions and interfaces.
"""

from __future__ import annotations

import functools
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_C_TOKEN = re.compile(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|\d[\w.]*|[A-Za-z_]\w*|\S",
                      re.DOTALL)
_F_TOKEN = re.compile(r"![^\n]*|\"[^\"\n]*\"|'[^'\n]*'|\d[\w.]*|[A-Za-z_]\w*|\S")
# Verilog has no character literals: a quote starts a sized or based number (8'd0, 'hFF, 4'sb1x0z) or an
# unsized fill ('0, '1, 'x, 'z), or is a cast (5'(x)). Read as C, `{8'd0, a} * {8'd0, b}` made a "character"
# of the text between two quotes on one line, so the tokens changed with the line breaks.
_V_TOKEN = re.compile(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|(?:\d+\s*)?'[sS]?[bodhBODH]\s*[0-9a-fA-FxXzZ_?]+"
                      r"|'[01xXzZ](?![\w$])|\d[\w.]*|[A-Za-z_$][\w$]*|\S", re.DOTALL)
_WORD = re.compile(r"[a-z0-9]+")
_KEYWORDS = {
    "c": frozenset("""
auto break case char const continue default do double else enum extern float for goto if inline int long
register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while
bool class delete new namespace private protected public template this throw try catch typename using virtual
operator friend nullptr true false constexpr std vector size_t""".split()),
    "fortran": frozenset("""
program end subroutine function module use implicit none integer real logical character call then endif enddo
intent in out inout allocate deallocate parameter dimension contains do if else return double precision
""".split()),
    "verilog": frozenset("""
module endmodule input output inout wire reg logic always always_ff always_comb assign posedge negedge begin end
initial localparam parameter if else case endcase for generate endgenerate integer genvar default
""".split()),
}
_IDENT_BASE = np.uint64(0x9E3779B97F4A7C15)
_STR = zlib.crc32(b"<STR>")
_NUM = zlib.crc32(b"<NUM>")


def _token_ids(tokens: list[str]) -> tuple[np.ndarray, list[str]]:
    """(the index of each token in `uniques`, uniques): per-token work is then done once per distinct token."""
    table: dict[str, int] = {}
    ids = [table.setdefault(t, len(table)) for t in tokens]
    return np.array(ids, dtype=np.int64), list(table)


def _tokens(text: str, family: str) -> list[str]:
    """The code tokens of `text`, comments left out."""
    fortran = family == "fortran"
    regex = _F_TOKEN if fortran else _V_TOKEN if family == "verilog" else _C_TOKEN
    return [t for t in regex.findall(text.lower() if fortran else text)
            if not (t.startswith(("//", "/*")) or (fortran and t[0] == "!"))]


def code_stream(text: str, family: str = "c") -> tuple[np.ndarray, np.ndarray]:
    """(values, is_identifier): keywords and punctuation hashed, identifiers as the distance to their
    previous occurrence (0 if none)."""
    keywords = _KEYWORDS[family]
    verilog = family == "verilog"
    ids, uniques = _token_ids(_tokens(text, family))
    kind_value = np.zeros(len(uniques), dtype=np.uint64)
    kind_ident = np.zeros(len(uniques), dtype=bool)
    for u, tok in enumerate(uniques):
        c = tok[0]
        if c.isdigit() or (verilog and c == "'" and len(tok) > 1):  # 'hFF, '0: a Verilog number
            kind_value[u] = _NUM
        elif c == '"' or (c == "'" and not verilog):
            kind_value[u] = _STR
        elif (c.isalpha() or c == "_") and tok not in keywords:
            kind_ident[u] = True
        else:
            kind_value[u] = zlib.crc32(tok.encode())
    ident = kind_ident[ids]
    values = kind_value[ids]
    # distance to the previous occurrence of the same identifier: sort positions by token, stably
    order = np.argsort(ids, kind="stable")
    same = np.r_[False, ids[order][1:] == ids[order][:-1]]
    dist = np.zeros(len(ids), dtype=np.uint64)
    dist[order[1:][same[1:]]] = (order[1:][same[1:]] - order[:-1][same[1:]]).astype(np.uint64)
    values = np.where(ident, dist, values)
    return values, ident


@functools.lru_cache(maxsize=None)
def _mixers(width: int) -> np.ndarray:
    rng = np.random.default_rng(width * 7919)
    return rng.integers(1, 2**63, size=width, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def code_windows(text: str, width: int, family: str = "c", stream=None, min_distinct: int = 0,
                 window_mask: np.ndarray | None = None) -> np.ndarray:
    """Hashes of every `width`-token window. min_distinct > 0 leaves out windows with fewer distinct
    tokens: runs of '-' or '*' in banners, and prose (every new word encodes alike), match anything.
    window_mask: which windows to keep (one flag per window start), as `body_windows` gives."""
    values, ident = stream if stream is not None else code_stream(text, family)
    if len(values) < width:
        return np.zeros(0, dtype=np.uint64)
    mix = _mixers(width)
    pos = np.arange(width, dtype=np.uint64)
    out = []
    n = len(values) - width + 1
    for start in range(0, n, 8192):
        stop = min(n, start + 8192)
        vals = np.lib.stride_tricks.sliding_window_view(values[start:stop + width - 1], width)
        ids = np.lib.stride_tricks.sliding_window_view(ident[start:stop + width - 1], width)
        # an identifier's previous occurrence counts only inside the window
        eff = np.where(ids, np.where(vals <= pos, vals, 0) + _IDENT_BASE, vals)
        with np.errstate(over="ignore"):
            hashes = (eff * mix).sum(axis=1)
        keep = np.ones(stop - start, dtype=bool) if window_mask is None else window_mask[start:stop]
        if min_distinct:
            ordered = np.sort(eff, axis=1)
            keep = keep & ((ordered[:, 1:] != ordered[:, :-1]).sum(axis=1) + 1 >= min_distinct)
        out.append(hashes[keep])
    return np.concatenate(out)


MIN_DISTINCT = 12  # distinct token values a benchmark window needs to count (see code_windows)


def body_windows(text: str, width: int) -> np.ndarray:
    """For C-like code, which `width`-token windows have at least half of their tokens inside braces: a
    benchmark window must reach into a function body. Without it, a window of a long parameter list (four
    `const std::vector<double> &x` are 40 tokens; spmv's signature is more) matched any original function that
    takes the same arguments."""
    tokens = _tokens(text, "c")
    if len(tokens) < width:
        return np.zeros(0, dtype=bool)
    inside = np.zeros(len(tokens) + 1, dtype=np.int64)
    depth = 0
    for i, tok in enumerate(tokens):  # benchmark texts only: small
        depth += tok == "{"
        inside[i + 1] = depth > 0  # the braces themselves count as inside
        if tok == "}":
            depth = max(depth - 1, 0)  # a stray `}` (of an #if branch) does not put what follows below 0
    inside = np.cumsum(inside)
    return 2 * (inside[width:] - inside[:-width]) >= width


_BASE = 0x100000001B3
_BASE_INV = pow(_BASE, -1, 2**64)


def _powers(base: int, n: int) -> np.ndarray:
    arr = np.full(n, base, dtype=np.uint64)
    arr[0] = 1
    return np.cumprod(arr)  # wraps modulo 2^64, as the hash wants


def blind_windows(values: np.ndarray, ident: np.ndarray, width: int) -> np.ndarray:
    """Rolling hashes of the windows with every identifier alike: a cheap necessary condition for a
    match of `code_windows` (O(n), where the exact windows cost O(n * width))."""
    n = len(values)
    if n < width:
        return np.zeros(0, dtype=np.uint64)
    v = np.where(ident, _IDENT_BASE, values)
    with np.errstate(over="ignore"):
        prefix = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(v * _powers(_BASE, n))])
        return (prefix[width:] - prefix[:-width]) * _powers(_BASE_INV, n - width + 1)


def word_ngrams(text: str, n: int) -> np.ndarray:
    """Hashes of the runs of `n` consecutive words of `text`. Only words count (two or more
    characters, starting with a letter): a run of numbers (`0 1 2 ... 12` in an example and in a
    table) or of one-letter names (`u i 1 j` of a stencil) is not prose shared with a description."""
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 1 and not w[0].isdigit()]
    if len(words) < n:
        return np.zeros(0, dtype=np.uint64)
    ids, uniques = _token_ids(words)
    h = np.array([zlib.crc32(w.encode()) for w in uniques], dtype=np.uint64)[ids]
    mix = _mixers(n + 1000)[:n]
    m = len(h) - n + 1
    acc = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            acc += h[j:j + m] * mix[j]
    return acc


def _any_in(values: np.ndarray, sorted_ref: np.ndarray) -> bool:
    if not len(values) or not len(sorted_ref):
        return False
    pos = np.minimum(np.searchsorted(sorted_ref, values), len(sorted_ref) - 1)
    return bool((sorted_ref[pos] == values).any())


@dataclass
class Index:
    code: np.ndarray  # sorted unique window hashes
    blind: np.ndarray  # the same windows with identifiers alike (a prefilter)
    text: np.ndarray
    code_window: int
    text_ngram: int
    sources: int  # how many benchmark texts went in

    def hit(self, text: str, family: str = "c") -> str | None:
        """'code' or 'text' when `text` shares a window with the benchmark, else None.
        family: 'c' (C, C++, CUDA), 'fortran' or 'verilog'."""
        if len(self.code):
            stream = code_stream(text, family)
            if _any_in(blind_windows(*stream, self.code_window), self.blind) and \
                    _any_in(code_windows(text, self.code_window, family, stream), self.code):
                return "code"
        if len(self.text):
            g = word_ngrams(text, self.text_ngram)
            if _any_in(g, self.text):
                return "text"
        return None


def build_index(code_texts: list[tuple[str, str]], prompt_texts: list[str], code_window: int = 40,
                text_ngram: int = 13) -> Index:
    """Code windows of the reference kernels, word n-grams of the prompts. A prompt's code is a signature (the
    reference kernels hold it too) and its words are the test of it: as code, its parameter list alone
    matched original functions with the same parameter types."""
    code, blind = [], []
    for t, family in code_texts:
        stream = code_stream(t, family)
        mask = body_windows(t, code_window) if family == "c" else None
        code.append(code_windows(t, code_window, family, stream, min_distinct=MIN_DISTINCT, window_mask=mask))
        blind_all = blind_windows(*stream, code_window)
        blind.append(blind_all if mask is None else blind_all[mask])
    text = [word_ngrams(t, text_ngram) for t in prompt_texts]
    cat = lambda parts: np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.uint64)  # noqa: E731
    return Index(cat(code), cat(blind), cat(text), code_window, text_ngram, len(code_texts) + len(prompt_texts))


def family_of(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return "verilog" if suffix in (".v", ".sv", ".vh", ".svh") else "fortran" if suffix.startswith(".f") else "c"


def benchmark_texts(root: Path | None = None) -> tuple[list[tuple[str, str]], list[str]]:
    """([(kernels_ref source, family)], evalsuite prompts). Prompts are rendered from problem.yaml in both
    styles; every problem.yaml text counts too (a problem that does not render yet is still covered)."""
    from hpccoder import paths

    root = root or paths.project_root()
    code = [(p.read_text(errors="replace"), family_of(p.name)) for p in sorted((root / "kernels_ref").rglob("*"))
            if p.is_file() and p.suffix in (".c", ".cpp", ".cc", ".cu", ".h", ".hpp", ".f90", ".v", ".sv")]
    prompts: list[str] = []
    try:
        from hpccoder.suite import Suite
        from hpccoder.suite import prompts as prompt_mod

        for task in Suite(root / "evalsuite").tasks():
            for style in prompt_mod.STYLES:
                try:
                    p = prompt_mod.render(task, style)
                except Exception:  # noqa: BLE001 - a problem in the making: its yaml text below still counts
                    continue
                prompts.append(p if isinstance(p, str) else "\n".join(m["content"] for m in p))
    except Exception:  # noqa: BLE001 - an evalsuite that does not load still has problem.yaml files
        pass
    for yml in sorted((root / "evalsuite").rglob("problem.yaml")):
        prompts.append(yml.read_text(errors="replace"))
    return code, prompts
