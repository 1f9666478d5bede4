"""Training data: read records from a corpus, split off a held-out set (by content: copies of a
text stay on one side), and turn them into token rows for the recipe's mode.

`data.train` may be a corpus folder written by `hpccoder corpus build` (parquet shards named by
split, train and validation), a `datasets` folder (save_to_disk), JSON Lines / parquet / arrow
files (a glob is fine), or a plain folder of source files (each file one document).
"""

from __future__ import annotations

import glob
import random
from collections import Counter
from pathlib import Path
from typing import Iterator

from hpccoder.errors import HpcError
from hpccoder.train import transforms as T

SOURCE_SUFFIXES = {".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".cu", ".cuh", ".f", ".f90", ".F90", ".F",
                   ".v", ".sv", ".svh", ".vh"}


def _from_folder_of_sources(folder: Path, notes: list[str] | None):
    from datasets import Dataset

    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES)
    if not files:
        raise HpcError(f"{folder} has no source files ({', '.join(sorted(SOURCE_SUFFIXES))})")
    # read here, not by a generator that `datasets` caches by the file names: a file edited in place
    # would be read as it was
    rows, undecodable = [], []
    for p in files:
        try:
            rows.append({"content": p.read_text(encoding="utf-8"), "path": str(p.relative_to(folder))})
        except UnicodeDecodeError:
            undecodable.append(p)
    if not rows:
        raise HpcError(f"data.train: none of the {len(files)} source files in {folder} is UTF-8 text "
                       f"(for example {undecodable[0].relative_to(folder)})")
    if undecodable and notes is not None:
        notes.append(f"data.train: {len(undecodable)} of {len(files)} files in {folder} are not UTF-8 text and "
                     f"are left out (for example {undecodable[0].relative_to(folder)})")
    return Dataset.from_list(rows)


def _what_is_wrong(files: list[str], kind: str) -> str | None:
    """Where JSON (Lines) files that `datasets` could not read go wrong: the file, and the line."""
    import json

    if kind != "json":
        return None
    for f in files:
        if Path(f).suffix == ".json":  # one document (an array of records), or JSON Lines
            try:
                text = Path(f).read_text(encoding="utf-8")
            except UnicodeDecodeError:
                return f"{f} is not UTF-8 text"
            try:
                json.loads(text)
                continue
            except ValueError as exc:
                if text.lstrip().startswith("["):
                    return f"{f} line {exc.lineno}, column {exc.colno}: not JSON ({exc.msg})"
        records = 0
        with open(f, "rb") as fh:
            for number, raw in enumerate(fh, 1):
                try:
                    line = raw.decode("utf-8").strip()
                except UnicodeDecodeError:
                    return f"{f} line {number} is not UTF-8 text"
                if not line:
                    continue
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    return f"{f} line {number} is not JSON ({exc.msg})"
                if not isinstance(record, dict):
                    return f"{f} line {number} is a JSON {type(record).__name__}, not an object (one record a line)"
                records += 1
        if not records:
            return f"{f} has no records"
    return None


def _root_cause(exc: BaseException) -> str:
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    text = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def identity_field(data: dict) -> str:
    """The column whose text makes two records the same example: what the loss is on."""
    return {"instruct": "solution", "verilog_multigrain": "code"}.get(data["mode"], data["text_field"])


def split_by_content(ds, validation: float, key: str | None = None, notes: list[str] | None = None) -> tuple:
    """(train, held_out): a record is held out when the SHA-256 of its `key` column's text (of the
    whole record, without such a column) falls in the first `validation` of the hash range, as the
    corpus builder splits, so that copies of one text (forks, vendored files) are all on one side.
    At least one text goes to each side where there are two; deterministic."""
    import hashlib
    import json

    cols = [key] if key in ds.column_names else ds.column_names

    def text(batch: dict, i: int) -> str:
        if key in batch:
            value = batch[key][i]
            return value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
        return json.dumps({c: batch[c][i] for c in cols}, sort_keys=True, default=str)

    place = []  # per record, its place in the hash range
    for batch in ds.select_columns(cols).iter(batch_size=1024):
        for i in range(len(batch[cols[0]])):
            place.append(int(hashlib.sha256(text(batch, i).encode()).hexdigest()[:8], 16) / 2**32)
    held = [i for i, u in enumerate(place) if u < validation]
    lowest, highest = min(place), max(place)
    if lowest != highest and not held:  # a small set: the text nearest to the cut is held out
        held = [i for i, u in enumerate(place) if u == lowest]
    elif lowest != highest and len(held) == len(place):
        held = [i for i, u in enumerate(place) if u != highest]
    elif lowest == highest and notes is not None:
        notes.append(f"data.validation: all {len(place)} records are one text: none is held out")
    train = sorted(set(range(len(place))) - set(held))
    # in no particular order, as a shuffled split gives them: data.max_train_docs and max_eval_docs take
    # the first ones
    rng = random.Random(0)
    rng.shuffle(train)
    rng.shuffle(held)
    return ds.select(train), ds.select(held)


def load_records(spec: str, validation, key: str | None = None, notes: list[str] | None = None) -> tuple:
    """(train, held_out) `datasets.Dataset`s for data.train and data.validation (a fraction, split
    by the content of the column `key` (see split_by_content), or the name of a split of the corpus).
    What a user should know (files left out) is added to `notes`."""
    import datasets
    from datasets.exceptions import DatasetGenerationError

    spec = str(Path(spec).expanduser()) if spec.startswith("~") else spec
    path = Path(spec)
    datasets.disable_progress_bars()
    files, kind = [], None
    verbosity = datasets.logging.get_verbosity()
    datasets.logging.set_verbosity(datasets.logging.CRITICAL)  # its own line on a bad file: ours says it
    try:
        if path.is_dir() and ((path / "dataset_dict.json").exists() or (path / "dataset_info.json").exists()
                              or (path / "state.json").exists()):
            loaded = datasets.load_from_disk(str(path))
        elif path.is_dir() and (any(path.glob("data/*.parquet")) or any(path.glob("*.parquet"))):
            # a corpus folder of parquet shards (hpccoder corpus build): splits by file name
            loaded = datasets.load_dataset(str(path))
        elif path.is_dir():
            loaded = _from_folder_of_sources(path, notes)
        else:
            files = sorted(glob.glob(spec)) if any(c in spec for c in "*?[") else ([spec] if path.is_file() else [])
            if not files:
                raise HpcError(f"data.train: nothing at {spec}: give a corpus folder (hpccoder corpus build), "
                               "a folder of sources, or .jsonl/.parquet/.arrow files")
            kind = {".jsonl": "json", ".json": "json", ".parquet": "parquet", ".arrow": "arrow"}.get(Path(files[0]).suffix)
            if kind is None:
                raise HpcError(f"data.train: {files[0]}: use .jsonl, .parquet or .arrow files")
            for f in files:
                if Path(f).stat().st_size == 0:
                    raise HpcError(f"data.train: {f} is empty")
            loaded = datasets.load_dataset(kind, data_files=files, split="train")
    except (OSError, ValueError, StopIteration, DatasetGenerationError) as exc:
        if isinstance(exc, HpcError):
            raise
        where = _what_is_wrong(files, kind) if files else None
        raise HpcError(f"data.train: {where}" if where else
                       f"data.train: cannot read {spec}: {_root_cause(exc)}") from None
    finally:
        datasets.logging.set_verbosity(verbosity)
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
    return split_by_content(loaded, float(validation), key, notes)


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


def text_value(value, column: str) -> str:
    """A text column's value ('' where it is missing); anything else is one line naming the column (a
    tokenizer or a regular expression would fail on it with a traceback)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise HpcError(f"data: column '{column}' holds {type(value).__name__} values (such as {str(value)[:40]!r}) "
                       "where text is wanted")
    return value


def texts(ds, field: str) -> Iterator[str]:
    _has_text_field(ds, field)
    for row in ds:
        text = text_value(row[field], field)
        if text:
            yield text


def documents(ds, data: dict, seed: int) -> Iterator[str]:
    """The training texts of the clm and fim modes, one per document."""
    rng = random.Random(seed)
    for text in texts(ds, data["text_field"]):
        if data["mode"] == "fim":
            yield T.fim(text, rng, data["fim"]["rate"], data["fim"]["spm_rate"])
        else:
            yield text


PACKED_MODES = ("clm", "fim")  # the others make one row of each example, its prompt without loss


def token_rows(ds, tokenizer, data: dict, seed: int, limit: int | None = None, held_out: bool = False,
               notes: list[str] | None = None) -> list[dict]:
    """Rows of input_ids / attention_mask / labels, ready for a causal LM. `held_out`: the rows to
    measure on (verilog_multigrain takes every level those records have). What a user should know
    (examples shortened or left out) is added to `notes`."""
    mode, seq_len = data["mode"], data["seq_len"]
    if limit is not None:
        ds = ds.select(range(min(limit, len(ds))))
    eos = tokenizer.eos_token_id
    if mode in PACKED_MODES:
        ids = (tokenizer(doc, add_special_tokens=False)["input_ids"] for doc in documents(ds, data, seed))
        if data["packing"]:
            return [{"input_ids": b, "attention_mask": [1] * seq_len, "labels": list(b)}
                    for b in T.pack(ids, seq_len, eos)]
        pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos
        return [T.pad(d, seq_len, pad_id, eos) for d in ids]
    if mode == "mpi_calls":
        return _mpi_call_rows(ds, tokenizer, data, held_out, notes)
    if mode == "instruct":
        for col in ("instruction", "solution"):
            if col not in ds.column_names:
                raise HpcError(f"data.mode instruct needs columns instruction and solution (has {ds.column_names})")
        pairs = [(text_value(r["instruction"], "instruction"), text_value(r["solution"], "solution")) for r in ds]
        rows = [T.instruction_example(tokenizer, task, solution, seq_len) for task, solution in pairs if solution]
        if len(rows) < len(pairs) and notes is not None:
            notes.append(f"instruct: {len(pairs) - len(rows)} of {len(pairs)} pairs without a solution left out")
        if None in rows and notes is not None:
            notes.append(f"instruct: {rows.count(None)} of {len(pairs)} pairs left out: the instruction alone "
                         f"fills data.seq_len {seq_len}")
        rows = [r for r in rows if r]
        _say_cut(rows, eos, "instruct", "solutions", seq_len, notes)
        return rows
    if mode == "verilog_multigrain":
        rows = _multigrain_rows(ds, tokenizer, data, seed, held_out, notes)
        _say_cut(rows, eos, "verilog_multigrain", "modules", seq_len, notes)
        return rows
    raise HpcError(f"data.mode: unknown mode {mode}")


def _say_cut(rows: list[dict], eos: int, mode: str, what: str, seq_len: int, notes: list[str] | None) -> None:
    """Note the rows whose answer data.seq_len cut short (a whole answer ends with EOS)."""
    cut = sum(1 for r in rows if r["labels"][-1] != eos)
    if cut and notes is not None:
        notes.append(f"{mode}: {cut} of {len(rows)} {what} cut at data.seq_len {seq_len} (their end, and the EOS "
                     "after it, are not trained on)")


def _mpi_call_rows(ds, tokenizer, data: dict, held_out: bool, notes: list[str] | None) -> list[dict]:
    """One row per program with MPI calls: never packed with another or split across rows, so that
    the answer is always trained with its program (Fortran's calls are found as Fortran, where the
    records say: language, path). Training records none of which has a call are an error that says so
    (not that seq_len is too short)."""
    field, cols, seq_len = data["text_field"], set(ds.column_names), data["seq_len"]
    _has_text_field(ds, field)
    rows, fate = [], Counter()
    for record in ds:
        source = text_value(record[field], field)
        if not source:
            continue
        language = T.source_language(record.get("language") if "language" in cols else None,
                                     record.get("path") if "path" in cols else None)
        row, what = T.mpi_call_row(tokenizer, source, language, seq_len)
        fate[what] += 1
        if row:
            rows.append(row)
    programs = fate["whole"] + fate["shortened"] + fate["dropped"]
    if not programs and fate["no calls"] and not held_out:
        raise HpcError(f"data: none of the {fate['no calls']} training records has an MPI call statement (C or C++ "
                       "`MPI_X(...);`, Fortran `call MPI_X(...)`): data.mode mpi_calls trains on "
                       "MPI programs; check data.train and data.text_field")
    if (fate["shortened"] or fate["dropped"]) and notes is not None:
        notes.append(f"mpi_calls: of {programs} programs with MPI calls, {fate['shortened']} too long for data.seq_len "
                     f"{seq_len} keep only the lines near their calls, {fate['dropped']} left out (their calls do "
                     "not fit even so)")
    return rows


def _multigrain_rows(ds, tokenizer, data: dict, seed: int, held_out: bool, notes: list[str] | None) -> list[dict]:
    """Pairs of a module and one of its descriptions. The pairs that fit data.seq_len are found
    first and then drawn, the same number for every level (a level whose long descriptions are left
    out afterwards would be drawn less). The held-out rows are every pair that fits, at the levels
    those records have: a few held-out records need not describe every level."""
    for col in ("code", "descriptions"):
        if col not in ds.column_names:
            raise HpcError(f"data.mode verilog_multigrain needs columns code and descriptions (has {ds.column_names})")
    levels, seq_len = data["levels"], data["seq_len"]
    records = [_module(r) for r in ds]
    records = [r for r in records if r["code"]]
    if not records:
        return []
    built: dict[tuple[str, str, str], dict | None] = {}  # (level, description, code) -> its row; None: too long
    fitting = []  # the records with the descriptions that fit
    pairs = 0
    for r in records:
        descriptions = {lv: d for lv, d in (r.get("descriptions") or {}).items() if d and lv in levels}
        pairs += len(descriptions)
        for lv, d in descriptions.items():
            key = (lv, d, r["code"])
            if key not in built:
                built[key] = T.instruction_example(tokenizer, T.MULTIGRAIN_PROMPT.format(level=lv, description=d),
                                                   r["code"], seq_len)
        fitting.append({"code": r["code"], "descriptions": {lv: d for lv, d in descriptions.items()
                                                            if built[(lv, d, r["code"])]}})
    fit = {lv for r in fitting for lv in r["descriptions"]}
    if held_out:
        levels, per_level = [lv for lv in levels if lv in fit], len(records)
    else:
        have = {lv for r in records for lv, text in (r.get("descriptions") or {}).items() if text}
        missing = [lv for lv in levels if lv not in have]
        if missing:  # balanced across levels, one level without a description gives no pair at all
            raise HpcError(f"data.levels: no record describes a module at level {', '.join(missing)} (levels in "
                           f"the data: {', '.join(sorted(have)) or 'none'}): name levels that the data has")
        too_long = [lv for lv in levels if lv not in fit]
        if too_long:
            raise HpcError(f"data.levels: no description at level {', '.join(too_long)} fits data.seq_len {seq_len} "
                           "(its instruction alone is longer): raise data.seq_len, or leave the level out")
        per_level = None
    left_out = pairs - sum(len(r["descriptions"]) for r in fitting)
    if left_out and notes is not None:
        notes.append(f"verilog_multigrain: {left_out} of {pairs} (module, description) pairs left out: the "
                     f"instruction alone fills data.seq_len {seq_len}")
    return [built[pair] for pair in T.multigrain_examples(fitting, levels, seed, per_level)]


def _module(record: dict) -> dict:
    """A verilog_multigrain record as {code, descriptions: {level: text}}, its columns checked."""
    descriptions = record["descriptions"] or {}
    if not isinstance(descriptions, dict):
        raise HpcError(f"data: column 'descriptions' holds {type(descriptions).__name__} values (such as "
                       f"{str(descriptions)[:40]!r}) where a mapping of level to text is wanted, such as "
                       '{"high": "a 4-bit counter", "detailed": "..."}')
    return {"code": text_value(record["code"], "code"),
            "descriptions": {lv: text_value(d, f"descriptions.{lv}") for lv, d in descriptions.items()}}


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
