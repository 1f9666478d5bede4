"""Training data: read records from a corpus, split off a held-out set, and turn them into token
rows for the recipe's mode.

`data.train` may be a corpus folder written by `hpccoder corpus build` (parquet shards named by
split, train and validation), a `datasets` folder (save_to_disk), JSON Lines / parquet / arrow
files (a glob is fine), or a plain folder of source files (each file one document).
"""

from __future__ import annotations

import glob
import random
from pathlib import Path
from typing import Iterator

from hpccoder.errors import HpcError
from hpccoder.train import transforms as T

SOURCE_SUFFIXES = {".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".cu", ".cuh", ".f", ".f90", ".F90", ".F",
                   ".v", ".sv", ".svh", ".vh"}


def _from_folder_of_sources(folder: Path):
    from datasets import Dataset

    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES)
    if not files:
        raise HpcError(f"{folder} has no source files ({', '.join(sorted(SOURCE_SUFFIXES))})")

    def gen():
        for p in files:
            try:
                yield {"content": p.read_text(encoding="utf-8"), "path": str(p.relative_to(folder))}
            except UnicodeDecodeError:
                continue

    return Dataset.from_generator(gen)


def load_records(spec: str, validation) -> tuple:
    """(train, held_out) `datasets.Dataset`s for data.train and data.validation (a fraction, or the
    name of a split of the corpus)."""
    import datasets

    spec = str(Path(spec).expanduser()) if spec.startswith("~") else spec
    path = Path(spec)
    datasets.disable_progress_bars()
    try:
        if path.is_dir() and ((path / "dataset_dict.json").exists() or (path / "dataset_info.json").exists()
                              or (path / "state.json").exists()):
            loaded = datasets.load_from_disk(str(path))
        elif path.is_dir() and (any(path.glob("data/*.parquet")) or any(path.glob("*.parquet"))):
            # a corpus folder of parquet shards (hpccoder corpus build): splits by file name
            loaded = datasets.load_dataset(str(path))
        elif path.is_dir():
            loaded = _from_folder_of_sources(path)
        else:
            files = sorted(glob.glob(spec)) if any(c in spec for c in "*?[") else ([spec] if path.is_file() else [])
            if not files:
                raise HpcError(f"data.train: nothing at {spec}: give a corpus folder (hpccoder corpus build), "
                               "a folder of sources, or .jsonl/.parquet/.arrow files")
            kind = {".jsonl": "json", ".json": "json", ".parquet": "parquet", ".arrow": "arrow"}.get(Path(files[0]).suffix)
            if kind is None:
                raise HpcError(f"data.train: {files[0]}: use .jsonl, .parquet or .arrow files")
            loaded = datasets.load_dataset(kind, data_files=files, split="train")
    except (OSError, ValueError) as exc:
        if isinstance(exc, HpcError):
            raise
        raise HpcError(f"data.train: cannot read {spec}: {exc}") from None
    if isinstance(loaded, datasets.DatasetDict):
        if "train" not in loaded:
            raise HpcError(f"data.train: {spec} has splits {list(loaded)}, none named train")
        train = loaded["train"]
        if isinstance(validation, str):
            if validation not in loaded:
                raise HpcError(f"data.validation: {spec} has no split '{validation}' (it has {list(loaded)})")
            return train, loaded[validation]
        loaded = train
    if isinstance(validation, str):
        raise HpcError(f"data.validation: {spec} has no splits; give a fraction such as 0.05")
    if not 0 < float(validation) < 1:
        raise HpcError("data.validation: give a fraction between 0 and 1, or a split name")
    if len(loaded) < 2:
        raise HpcError(f"data.train: {spec} has {len(loaded)} record(s): too few to hold any out")
    parts = loaded.train_test_split(test_size=float(validation), seed=0)
    return parts["train"], parts["test"]


def where(ds, conditions: dict):
    """Keep the records whose column matches: a value, or a list of accepted values; for list
    columns (a file's programming models), any element matching is enough."""
    if not conditions:
        return ds
    for col in conditions:
        if col not in ds.column_names:
            raise HpcError(f"data.where: no column '{col}' (columns: {', '.join(ds.column_names)})")

    def keep(row) -> bool:
        for col, want in conditions.items():
            wanted = set(want) if isinstance(want, list) else {want}
            have = row[col]
            have = set(have) if isinstance(have, list) else {have}
            if not wanted & have:
                return False
        return True

    return ds.filter(keep)


def _has_text_field(ds, field: str) -> None:
    if field not in ds.column_names:
        raise HpcError(f"data.text_field: no column '{field}' (columns: {', '.join(ds.column_names)})")


def texts(ds, field: str) -> Iterator[str]:
    _has_text_field(ds, field)
    for row in ds:
        if row[field]:
            yield row[field]


def documents(ds, data: dict, seed: int) -> Iterator[str]:
    """The training texts of the clm, fim and mpi_calls modes, one per document."""
    mode = data["mode"]
    rng = random.Random(seed)
    if mode == "mpi_calls":  # Fortran's calls are found as Fortran, where the records say (language, path)
        field, cols = data["text_field"], set(ds.column_names)
        _has_text_field(ds, field)
        for row in ds:
            if row[field]:
                language = T.source_language(row.get("language") if "language" in cols else None,
                                             row.get("path") if "path" in cols else None)
                pair = T.mpi_call_text(row[field], language)
                if pair:
                    yield pair[0] + pair[1]
        return
    for text in texts(ds, data["text_field"]):
        if mode == "fim":
            yield T.fim(text, rng, data["fim"]["rate"], data["fim"]["spm_rate"])
        else:
            yield text


def token_rows(ds, tokenizer, data: dict, seed: int, limit: int | None = None) -> list[dict]:
    """Rows of input_ids / attention_mask / labels, ready for a causal LM."""
    mode, seq_len = data["mode"], data["seq_len"]
    if limit is not None:
        ds = ds.select(range(min(limit, len(ds))))
    eos = tokenizer.eos_token_id
    if mode in ("clm", "fim", "mpi_calls"):
        ids = (tokenizer(doc, add_special_tokens=False)["input_ids"] for doc in documents(ds, data, seed))
        if data["packing"]:
            return [{"input_ids": b, "attention_mask": [1] * seq_len, "labels": list(b)}
                    for b in T.pack(ids, seq_len, eos)]
        pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos
        return [T.pad(d, seq_len, pad_id, eos) for d in ids]
    if mode == "instruct":
        for col in ("instruction", "solution"):
            if col not in ds.column_names:
                raise HpcError(f"data.mode instruct needs columns instruction and solution (has {ds.column_names})")
        rows = (T.instruction_example(tokenizer, r["instruction"], r["solution"], seq_len) for r in ds)
        return [r for r in rows if r]
    if mode == "verilog_multigrain":
        for col in ("code", "descriptions"):
            if col not in ds.column_names:
                raise HpcError(f"data.mode verilog_multigrain needs columns code and descriptions (has {ds.column_names})")
        records = list(ds)
        have = {lv for r in records for lv, text in (r.get("descriptions") or {}).items() if text}
        missing = [lv for lv in data["levels"] if lv not in have]
        if records and missing:  # balanced across levels, one level without a description gives no pair at all
            raise HpcError(f"data.levels: no record describes a module at level {', '.join(missing)} (levels in "
                           f"the data: {', '.join(sorted(have)) or 'none'}): name levels that the data has")
        pairs = T.multigrain_examples(records, data["levels"], seed)
        rows = (T.instruction_example(tokenizer, T.MULTIGRAIN_PROMPT.format(level=lv, description=d), code, seq_len)
                for lv, d, code in pairs)
        return [r for r in rows if r]
    raise HpcError(f"data.mode: unknown mode {mode}")


def collate(rows: list[dict], pad_id: int) -> dict:
    """Right-pad a batch of rows of different lengths (instruction modes) into tensors."""
    import torch

    n = max(len(r["input_ids"]) for r in rows)
    out = {"input_ids": [], "attention_mask": [], "labels": []}
    for r in rows:
        extra = n - len(r["input_ids"])
        out["input_ids"].append(list(r["input_ids"]) + [pad_id] * extra)
        out["attention_mask"].append(list(r["attention_mask"]) + [0] * extra)
        out["labels"].append(list(r["labels"]) + [T.IGNORE] * extra)
    return {k: torch.tensor(v) for k, v in out.items()}
