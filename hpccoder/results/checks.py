"""The files of a run folder checked before its run goes to the store: a value of another type than hpccoder
writes (a hand edit, another tool) is refused with one line that names the file and the key and says what to
do, instead of a traceback, a database error or a run stored that breaks the leaderboard of the whole store."""

from __future__ import annotations

import re
from pathlib import Path

from hpccoder.errors import HpcError

EVALUATE_AGAIN = "evaluate again (`hpccoder evaluate --overwrite`)"
RECORD_AGAIN = "delete record.json, which `hpccoder run`/`evaluate` writes again"
SUMMARY_AGAIN = "delete summary.json (the leaderboard recomputes it from results.jsonl) or evaluate again"

INT64 = (-2**63, 2**63)  # what an integer column of the store holds


def _int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and INT64[0] <= value < INT64[1]


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _str(value) -> bool:
    return isinstance(value, str)


def _labels(value) -> bool:  # resources: execution model -> ['RANKSxTHREADS', ...], as evaluate writes them
    return isinstance(value, dict) and all(isinstance(v, list) and all(_str(x) for x in v) for v in value.values())


def _gpus(value) -> bool:  # machine.gpus(): [{"name", "memory", "driver"}, ...]
    return isinstance(value, list) and all(
        isinstance(g, dict) and all(v is None or _str(v) for v in g.values()) for g in value)


def _optional(test):
    return lambda value: value is None or test(value)


# key -> (test, what it must be); a key that is absent is not checked (older folders lack some)
RUN_JSON = {
    "started": (_optional(_str), "a time as text"),
    "hpccoder_version": (_optional(_str), "text"),
    "settings": (_optional(lambda v: isinstance(v, dict)), "an object"),
    "machine": (_optional(lambda v: isinstance(v, dict)), "an object"),
}
SETTINGS = {
    "seed": (_optional(_int), "an integer"),
    "suite_version": (_optional(_str), "text"),
    "resources": (_optional(_labels), "an object of lists of 'RANKSxTHREADS' labels"),
    "timing": (_optional(lambda v: isinstance(v, bool)), "true or false"),
    "warmup": (_optional(_int), "an integer"),
    "reps": (_optional(_int), "an integer"),
    "simulator": (_optional(_str), "text"),
    "memory_mb": (_optional(_number), "a number"),
    "timeout": (_optional(_number), "a number"),
    "race_check": (_optional(lambda v: isinstance(v, bool)), "true or false"),
}
MACHINE = {"cores": (_optional(_int), "an integer")}
RECORD = {
    "source": (_str, "text"),
    "origin": (_str, "text"),
    "finished": (_str, "a time as text"),
    "samples": (_str, "a path as text"),
    "hardware": (_optional(lambda v: isinstance(v, dict)), "an object"),
}
HARDWARE = {  # machine.hardware(), and rundir.shards_hardware()'s "machines"
    "hostname": (_optional(_str), "text"),
    "cpu": (_optional(_str), "text"),
    "cores": (_optional(_int), "an integer"),
    "cores_total": (_optional(_int), "an integer"),
    "memory_gib": (_optional(_number), "a number"),
    "gpus": (_gpus, "a list of objects of text"),
    "os": (_optional(_str), "text"),
    "python": (_optional(_str), "text"),
    "machines": (_int, "an integer"),
}
SUMMARY = {
    "k": (lambda v: isinstance(v, list) and all(_int(k) and k > 0 for k in v), "a list of positive integers"),
    "overall": (lambda v: isinstance(v, dict), "an object"),
}


def _check(data: dict, rules: dict, where: str, key_prefix: str, todo: str) -> None:
    for key, (test, what) in rules.items():
        if key in data and not test(data[key]):
            raise HpcError(f"{where}: '{key_prefix}{key}' is {_shown(data[key])}, not {what} as hpccoder writes it: "
                           f"{todo}")


def _shown(value) -> str:
    text = " ".join(repr(value).split())  # one line, whatever the value holds
    return text if len(text) <= 40 else text[:37] + "..."


def check_run_files(folder: Path, run_json: dict, record: dict, summary: dict) -> None:
    """Raises HpcError, one line, at the first value of run.json, record.json or summary.json (as loaded; {} where
    a file is absent) of another type than hpccoder writes."""
    folder = Path(folder)
    _check(run_json, RUN_JSON, f"{folder / 'run.json'}", "", EVALUATE_AGAIN)
    _check(run_json.get("settings") or {}, SETTINGS, f"{folder / 'run.json'}", "settings.", EVALUATE_AGAIN)
    _check(run_json.get("machine") or {}, MACHINE, f"{folder / 'run.json'}", "machine.", EVALUATE_AGAIN)
    _check(record, RECORD, f"{folder / 'record.json'}", "", RECORD_AGAIN)
    _check(record.get("hardware") or {}, HARDWARE, f"{folder / 'record.json'}", "hardware.", RECORD_AGAIN)
    _check(summary, SUMMARY, f"{folder / 'summary.json'}", "", SUMMARY_AGAIN)


# a result's values that go to a column of their own in the store (store.samples), or to the run's
RESULT = {
    # C++ problems have integer versions, Verilog ones version strings ("1.0": verilog/.../problem.yaml)
    "problem_version": (_optional(lambda v: _int(v) or (_str(v) and re.fullmatch(r"\d+(\.\d+)*", v) is not None)),
                        "an integer or a version such as 1.0"),
    "suite_version": (_optional(_str), "text"),
    "message": (_optional(_str), "text"),
    "build_log": (_optional(_str), "text"),
    "build_s": (_optional(_number), "a number"),
    "baseline_s": (_optional(_number), "a number"),
    "suspicious": (_optional(lambda v: isinstance(v, bool)), "true or false"),
    "duplicate_of": (_optional(_int), "an integer"),
}


def check_results(folder: Path, results) -> None:
    """The same for the results (SampleResult) that are stored: the values bound to the store's columns."""
    for r in results:
        _check(vars(r), RESULT, f"{Path(folder) / 'results.jsonl'} ({r.task_id} sample {r.sample_index})", "",
               EVALUATE_AGAIN)
