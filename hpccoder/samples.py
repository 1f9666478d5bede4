"""Samples and results on disk (JSONL), with line-level errors that say where and what."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from hpccoder import paths
from hpccoder.errors import HpcError


@dataclass
class Sample:
    task_id: str
    sample_index: int
    completion: str
    prompt: str | list | None = None
    model: str | None = None
    generation: dict | None = None
    raw: str | None = None  # what the model wrote, before extraction
    tokens: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.completion.encode()).hexdigest()

    def to_json(self) -> dict:
        out = {"task_id": self.task_id, "sample_index": self.sample_index, "completion": self.completion}
        for key in ("prompt", "model", "generation", "raw", "tokens"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


def valid_text(value):
    """`value` (a string, or the lists and objects of a JSON record) with every lone surrogate turned to U+FFFD. JSON
    may escape one (`"\\ud800"`: a server that cut an emoji between two tokens, a tool that wrote half a pair), and
    Python then holds a string that cannot be written as UTF-8 nor hashed: the sample would end in a traceback."""
    if isinstance(value, str):
        # through UTF-16: a pair of surrogates that came apart is one character again, a lone one U+FFFD
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if _SURROGATE.search(value) \
            else value
    if isinstance(value, list):
        return [valid_text(v) for v in value]
    if isinstance(value, dict):
        return {valid_text(k): valid_text(v) for k, v in value.items()}
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")
_OPTIONAL_TYPES = {"model": str, "generation": dict, "prompt": (str, list)}
SKIPPED_SAID = 5  # lines skipped that are said one by one


def read_samples(path: Path, warn) -> list[Sample]:
    """Samples of a JSONL file. A bad line is reported through `warn` (one line) and skipped.

    A file with only task_id and completion evaluates: sample_index then counts per task.
    """
    if not path.exists():
        raise HpcError(f"samples file {path} does not exist")
    if not path.is_file():
        raise HpcError(f"samples file {path} is not a file: give the JSONL file, not its folder")
    samples, seen, next_index = [], {}, {}
    told = [0]  # the lines skipped: the first few are said each, then how many more (not 800 lines of a README)

    def skipped(msg: str) -> None:
        told[0] += 1
        if told[0] <= SKIPPED_SAID:
            warn(msg)

    try:
        fh = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise HpcError(f"cannot read the samples file {path}: {exc.strerror}") from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = valid_text(json.loads(line))
            except json.JSONDecodeError as exc:
                skipped(f"{path}:{lineno}: not valid JSON ({exc.msg}); line skipped")
                continue
            if not isinstance(data, dict) or not isinstance(data.get("task_id"), str) \
                    or not isinstance(data.get("completion"), str):
                skipped(f"{path}:{lineno}: needs a string 'task_id' and a string 'completion'; line skipped")
                continue
            index = data.get("sample_index", next_index.get(data["task_id"], 0))
            if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < 2**63:
                skipped(f"{path}:{lineno}: 'sample_index' must be a non-negative integer below 2**63; line skipped")
                continue
            # the optional fields end up in the results store and the web leaderboard: a wrong type there
            # must stop at this line, not as a traceback when the run is recorded
            wrong = [key for key, types in _OPTIONAL_TYPES.items() if data.get(key) is not None
                     and not isinstance(data[key], types)]
            if wrong:
                skipped(f"{path}:{lineno}: {', '.join(repr(k) for k in wrong)} of the wrong type ('model' is a "
                        "string, 'generation' an object, 'prompt' a string or a list of messages); line skipped")
                continue
            if isinstance(data.get("model"), str) and not data["model"].isprintable():  # a name of one line
                skipped(f"{path}:{lineno}: 'model' holds a line break or another control character; line skipped")
                continue
            first = seen.get((data["task_id"], index))
            if first is not None and first[1] != data["completion"]:  # which one counts is anybody's guess
                raise HpcError(f"{path}:{lineno}: {data['task_id']} sample {index} appears twice with different "
                               f"completions (first at line {first[0]}): give each sample its own sample_index")
            if first is not None:
                skipped(f"{path}:{lineno}: {data['task_id']} sample {index} appears twice (the same completion as "
                        f"at line {first[0]}); later line skipped")
                continue
            seen[(data["task_id"], index)] = (lineno, data["completion"])
            next_index[data["task_id"]] = max(next_index.get(data["task_id"], 0), index + 1)
            samples.append(Sample(data["task_id"], index, data["completion"], data.get("prompt"),
                                  data.get("model"), data.get("generation")))
    if told[0] > SKIPPED_SAID:
        warn(f"{path}: {told[0] - SKIPPED_SAID} more line(s) skipped, {told[0]} in all")
    return samples


class InUse(HpcError):
    """Another process is writing the file (the same command twice at once, or a shard still running)."""


def lock_file(fh, path: Path) -> None:
    """An exclusive flock on an open file, or InUse at once: the lock goes with the file's closing or the process."""
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise InUse(f"{path} is being written by another hpccoder process (the same command running twice, or a "
                    "shard that has not finished): wait for it to end, or write elsewhere") from None


class JsonlAppender:
    """Appends records one line at a time, flushed and synced: a crash loses at most the line in flight. One
    writer at a time: the file is locked while open (InUse for a second one)."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = path.open("a", encoding="utf-8")
        lock_file(self._fh, path)
        _drop_partial_last_line(path)

    def write(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self._fh.write(line)
            self._fh.flush()
            os.fsync(self._fh.fileno())

    def write_many(self, records: list[dict]) -> None:
        """All of them, synced once."""
        if not records:
            return
        text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        with self._lock:
            self._fh.write(text)
            self._fh.flush()
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()


def shard_file(main: Path, shard: int) -> Path:
    """Where shard K of a job array writes what goes into `main` at the end: `<stem>.rank-K<suffix>` beside it."""
    return main.with_name(f"{main.stem}.rank-{shard}{main.suffix}")


def shard_files(main: Path) -> list[Path]:
    """The shards' files of `main` there are, by shard."""
    prefix = f"{main.stem}.rank-"
    found = []
    for path in main.parent.glob(f"{prefix}*{main.suffix}"):
        k = path.name[len(prefix):len(path.name) - len(main.suffix)]
        if k.isdigit():
            found.append((int(k), path))
    return [p for _, p in sorted(found)]


def fold_shards(main: Path) -> None:
    """The records of `main`'s shard files appended to it, and the shard files gone; InUse where a shard still
    writes its file (its job has not ended)."""
    parts = shard_files(main)
    held = []
    try:
        for path in parts:
            fh = path.open("a", encoding="utf-8")
            try:
                lock_file(fh, path)
            except InUse:
                raise InUse(f"{path} is still being written (a shard that has not finished, or an evaluation over "
                            "MPI still running): run this once every shard has ended") from None
            held.append(fh)
        if parts:
            writer = JsonlAppender(main)
            try:
                writer.write_many([rec for path in parts for rec in read_jsonl(path)])
            finally:
                writer.close()
        for path in parts:
            path.unlink()
    finally:
        for fh in held:
            fh.close()


def _drop_partial_last_line(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb+") as fh:
        data = fh.read()
        if not data.endswith(b"\n"):
            fh.truncate(data.rfind(b"\n") + 1)


def read_jsonl(path: Path) -> list[dict]:
    """Records of a JSONL file written by JsonlAppender (a torn last line is ignored)."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


def write_json_atomic(path: Path, data) -> None:
    paths.publish(path, text=json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def start_over(out: Path) -> None:
    """`out` and its shards' files gone, each once no other process writes it (InUse): a file unlinked under a
    writer still running would take its samples with it, and that writer would say it had made them."""
    for path in [out, *shard_files(out)]:
        try:
            fh = path.open("a", encoding="utf-8")
        except FileNotFoundError:
            continue
        with fh:
            lock_file(fh, path)
            path.unlink(missing_ok=True)
