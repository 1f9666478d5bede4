"""A run folder whose run.json, record.json or summary.json holds values of other types than hpccoder writes is
refused with one line naming the file and the key, and nothing is stored; a store that already holds such a run
still lists it and makes its web pages."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from hpccoder.errors import HpcError
from hpccoder.harness.records import SampleResult
from hpccoder.results.checks import check_results
from hpccoder.results.rundir import read_run_dir, write_record
from hpccoder.results.store import Store
from lbtest import GOOD

SUMMARY = {"k": [1, 5, 10], "overall": {"pass@1": 1.0, "speedup@1": 1.4, "fast_1.5@1": 0.5}}


def _set(path: str, value):
    def edit(data: dict) -> None:
        *parents, key = path.split(".")
        for p in parents:
            data = data[p]
        data[key] = value
    return edit


BAD = [  # file, key as the message names it, the edit
    ("run.json", "started", _set("started", 5)),
    ("run.json", "hpccoder_version", _set("hpccoder_version", {"v": 1})),
    ("run.json", "settings.resources", _set("settings.resources", ["1x1"])),
    ("run.json", "settings.resources", _set("settings.resources", {"omp": "1x1"})),
    ("run.json", "settings.seed", _set("settings.seed", "7")),
    ("run.json", "settings.suite_version", _set("settings.suite_version", [1])),
    ("run.json", "settings.timing", _set("settings.timing", "yes")),
    ("run.json", "settings.reps", _set("settings.reps", "5")),
    ("run.json", "machine", _set("machine", 2)),
    ("record.json", "hardware", _set("hardware", "x")),
    ("record.json", "hardware.gpus", _set("hardware.gpus", "H100")),
    ("record.json", "hardware.cores", _set("hardware.cores", "2")),
    ("record.json", "samples", _set("samples", 5)),
    ("record.json", "finished", _set("finished", 5)),
    ("record.json", "origin", _set("origin", ["host", "/x"])),
    ("record.json", "source", _set("source", {})),
    ("summary.json", "k", _set("k", "abc")),
    ("summary.json", "k", _set("k", [0, 1])),
    ("summary.json", "overall", _set("overall", [1])),
]


@pytest.mark.parametrize("name,key,edit", BAD, ids=[f"{n}:{k}:{i}" for i, (n, k, _) in enumerate(BAD)])
def test_a_value_of_another_type_is_refused_in_one_line_and_nothing_is_stored(make_run, db, cli, name, key, edit):
    folder = make_run("reference", GOOD)
    write_record(folder, "run")  # as `hpccoder run` writes it
    (folder / "summary.json").write_text(json.dumps(SUMMARY))
    good = (folder / name).read_text()
    data = json.loads(good)
    edit(data)
    (folder / name).write_text(json.dumps(data))
    kept_samples = (folder / "samples.jsonl").read_text()
    if key == "samples":  # where samples.jsonl is missing, record.json's samples is where they are
        (folder / "samples.jsonl").unlink()

    code, out, err = cli("leaderboard", "add", folder, "--db", db)
    assert code != 0 and not out
    assert len(err.strip().splitlines()) == 1, err
    assert f"{folder / name}: '{key}'" in err and ("evaluate again" in err or "delete" in err), err
    assert Store(db).list_runs() == []
    with pytest.raises(HpcError, match=f"'{key}'"):
        read_run_dir(folder)

    (folder / name).write_text(good)  # as hpccoder wrote it: added
    (folder / "samples.jsonl").write_text(kept_samples)
    assert cli("leaderboard", "add", folder, "--db", db)[0] == 0
    assert len(Store(db).list_runs()) == 1


@pytest.mark.parametrize("key,value", [("problem_version", {"v": 1}), ("problem_version", 2**70),
                                       ("suite_version", ["0.1.0"]), ("message", {"x": 1}), ("build_s", "fast")])
def test_a_result_value_that_goes_to_a_store_column_is_checked(key, value, tmp_path):
    r = SampleResult("cpp/dense_la/01_axpy/omp", 0, "pass", problem_version=1, suite_version="0.1.0")
    check_results(tmp_path, [r])  # as hpccoder writes it
    check_results(tmp_path, [replace(r, task_id="verilog/arithmetic/01_adder8/verilog", problem_version="1.0")])
    with pytest.raises(HpcError) as err:
        check_results(tmp_path, [replace(r, **{key: value})])
    assert "results.jsonl" in str(err.value) and f"'{key}'" in str(err.value) and "\n" not in str(err.value)


def test_a_store_holding_odd_hardware_and_settings_still_lists_runs_and_makes_pages(make_run, db, cli, tmp_path):
    store = Store(db)
    run = read_run_dir(make_run("reference", GOOD))
    store.record(replace(run, hardware="x"))  # as an hpccoder before these checks stored it
    odd = {"cpu": 5, "cores": [2], "machines": "2", "memory_gib": "lots", "gpus": [{"name": None}, "H100"]}
    store.record(replace(run, id="odd0000001", hardware=odd, settings={"resources": ["1x1"], "timing": True}))
    store.record(replace(run, id="odd0000002", hardware={"gpus": "H100"}, settings="x"))

    code, out, err = cli("leaderboard", "runs", "--db", db)
    assert code == 0, err
    assert out.count("?") >= 3 and "x2 machines" not in out
    code, out, err = cli("leaderboard", "html", tmp_path / "site", "--db", db)
    assert code == 0, err
    assert (tmp_path / "site" / "index.html").is_file()
    assert len(list((tmp_path / "site").rglob("*.html"))) >= 4  # the index and a page per run
