"""What happens to one file, in a worker: decode, filter, classify, redact, decontaminate, sign.

`process_batch` is the unit of parallel work for the local pool and for datatrove alike; it returns
kept records or the reason each file was dropped, plus the seconds spent in each stage.
"""

from __future__ import annotations

import hashlib
import re
import signal
import time

from hpccoder.corpus import classify as classify_mod
from hpccoder.corpus import dedup, filters
from hpccoder.corpus.sources import Doc

_SPDX_ID = r"(?:\([ \t]*)*[A-Za-z0-9][A-Za-z0-9.+:-]*(?:[ \t]*\))*"  # a license id, with the parentheses around it
_SPDX = re.compile(rf"SPDX-License-Identifier:[ \t]*({_SPDX_ID}(?:[ \t]+(?:OR|AND|WITH|or|and|with)[ \t]+{_SPDX_ID})*)")

_STATE: dict = {}

# A file can only use a model whose name it contains somewhere: when a recipe requires models, files
# with none of these words skip the parse (a necessary condition, never a reason to keep).
_MODEL_WORDS = {"mpi": ("mpi",), "openmp": ("omp",), "openacc": ("acc",), "cuda": ("cuda", "__global__", "<<<"),
                "kokkos": ("kokkos",), "sycl": ("sycl",), "pthreads": ("pthread",)}


def init_worker(spec: dict, index) -> None:
    """Set once per worker process: the recipe's settings and the decontamination index."""
    _STATE["spec"] = spec
    _STATE["index"] = index


def init_pool_worker(spec: dict, index) -> None:
    """init_worker for a process of the local pool. Ctrl-C reaches every process of the terminal's process
    group: the parent turns it into one line and ends the pool, where each worker would print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_worker(spec, index)


def spdx_license(text: str) -> str | None:
    """The SPDX expression of the file's header, without parentheses around the whole of it."""
    m = _SPDX.search(text[:4000])
    if not m:
        return None
    expr = m.group(1)
    while expr.endswith(")") and expr.count(")") > expr.count("("):  # a comment's own closing parenthesis
        expr = expr[:-1].rstrip()
    while expr.startswith("(") and _closing(expr) == len(expr) - 1:
        expr = expr[1:-1].strip()
    return expr


def _closing(expr: str) -> int:
    """Where the parenthesis that opens `expr` closes (-1: nowhere)."""
    depth = 0
    for i, c in enumerate(expr):
        depth += (c == "(") - (c == ")")
        if depth == 0:
            return i
    return -1


def process_one(doc: Doc, timings: dict) -> tuple[str, object]:
    """('keep', record) or ('drop', reason)."""
    spec, index = _STATE["spec"], _STATE["index"]
    fcfg = spec["filters"]
    t0 = time.perf_counter()
    if doc.meta.get("unreadable"):  # a file or folder that could not be read (permissions): counted, not fatal
        return "drop", "unreadable"
    if doc.data is None:
        return "drop", "too_large"
    text = filters.decode(doc.data)
    if text is None:
        timings["filter"] += time.perf_counter() - t0
        return "drop", "non_text"
    reason = filters.check_text(text, doc.size, fcfg)
    t1 = time.perf_counter()
    timings["filter"] += t1 - t0
    if reason:
        return "drop", reason
    required = spec["require_models"]
    if required:
        lowered = text.lower()
        if not any(word in lowered for model in required for word in _MODEL_WORDS[model]):
            timings["filter"] += time.perf_counter() - t1
            return "drop", "no_required_model"
    cls = classify_mod.classify(doc.path, text.encode("utf-8", "surrogatepass"))  # decoded: UTF-16, BOM, CRLF
    t2 = time.perf_counter()
    timings["classify"] += t2 - t1
    if cls.language not in spec["languages"]:
        return "drop", "other_language"
    if cls.error_fraction > fcfg["max_parse_error_fraction"]:
        return "drop", "unparseable"
    if required and not set(required) & set(cls.models):
        return "drop", "no_required_model"
    redact = spec["redact"]
    text, redactions = filters.redact(text, emails=redact["emails"], secrets=redact["secrets"])
    t3 = time.perf_counter()
    timings["redact"] += t3 - t2
    if index is not None:
        family = {"fortran": "fortran", "verilog": "verilog", "systemverilog": "verilog"}.get(cls.language, "c")
        hit = index.hit(text, family)
        timings["decontaminate"] += time.perf_counter() - t3
        if hit:
            return "drop", f"contaminated_{hit}"
    t4 = time.perf_counter()
    near = spec["dedup"]["near"]
    sig = dedup.signature(text, near["num_perm"], near["shingle"]).tobytes() if near else b""
    timings["minhash"] += time.perf_counter() - t4
    spdx = spdx_license(text)
    record = {
        "content": text,
        "path": doc.path,
        "source": doc.source,
        "package": doc.package,
        "language": cls.language,
        "models": cls.models,
        "license": spdx or doc.license or "",
        "license_source": "spdx" if spdx else (doc.license_source if doc.license else ""),
        "size_bytes": len(text.encode("utf-8", "surrogatepass")),
        "lines": text.count("\n") + (0 if text.endswith("\n") else 1),
        "sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        "redactions": sum(redactions.values()),
        "minhash": sig,
        "position": doc.position,
    }
    return "keep", (record, redactions)


def process_batch(docs: list[Doc]) -> tuple[list[tuple], dict]:
    """(size, 'keep' or 'drop', record or reason, note) per doc; the note names a file that could not be read,
    for the report and the warning that says which."""
    timings = {"filter": 0.0, "classify": 0.0, "redact": 0.0, "decontaminate": 0.0, "minhash": 0.0}
    out = [(doc.size, *process_one(doc, timings),
            f"{doc.source}: {doc.path} ({doc.meta['unreadable']})" if doc.meta.get("unreadable") else None)
           for doc in docs]
    return out, timings
