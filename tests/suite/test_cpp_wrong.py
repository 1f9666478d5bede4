"""Every problem's check rejects a plausible wrong solution.

Each file under cpp_wrong/<category>/<NN_name>/<model>.cpp (or .cu, or <model>__<what>.cpp for more than one)
is a complete wrong solution of task cpp/<category>/<NN_name>/<model> (`mpi_omp` names mpi+omp); its first line is
a comment that says what is wrong. All of them are evaluated in one batch through the real
harness, and none may pass. Without a GPU the cuda ones run on the CPU emulator of CUDA
(`--cuda-emulate`), so they too must be rejected, not merely built.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hpctest import fast_options, needs_bwrap, needs_mpi

from hpccoder.harness import cudaemu
from hpccoder.harness.evaluate import evaluate
from hpccoder.harness.records import SampleResult
from hpccoder.harness.toolchains import Resources
from hpccoder.suite.validate import FILE_MODEL, WRONG_SUFFIXES  # a file's name -> its execution model

WRONG = Path(__file__).parent / "cpp_wrong"


def wrong_files() -> list[Path]:
    return sorted(p for p in WRONG.glob("*/*/*") if p.suffix in WRONG_SUFFIXES)


def task_of(path: Path) -> str:
    return f"cpp/{path.parent.parent.name}/{path.parent.name}/{FILE_MODEL[path.stem.split('__')[0]]}"  # <model>__<what>


def params() -> list:
    out = []
    for path in wrong_files():
        marks = [needs_bwrap]
        if path.stem.split("__")[0] in ("mpi", "mpi_omp"):
            marks.append(needs_mpi)
        out.append(pytest.param(path, id=str(path.relative_to(WRONG)), marks=marks))
    return out


@pytest.fixture(scope="module")
def results(request, tmp_path_factory, suite) -> dict[Path, SampleResult]:
    # the files of the tests selected (`-k cuda` on a GPU machine evaluates the CUDA ones alone)
    chosen = {item.callspec.params["path"] for item in request.session.items
              if item.originalname == "test_wrong_solution_does_not_pass" and hasattr(item, "callspec")}
    files = [p for p in wrong_files() if p in chosen] or wrong_files()
    work = tmp_path_factory.mktemp("cpp_wrong")
    with (work / "samples.jsonl").open("w") as fh:
        for i, path in enumerate(files):
            fh.write(json.dumps({"task_id": task_of(path), "sample_index": i, "completion": path.read_text()}) + "\n")
    # the thread and rank counts evaluate's defaults have: a scan right at 2 threads is wrong at 3, a stencil whose
    # halo skips no empty rank is wrong at 4 ranks (mpi+omp's too: its 4 x 1, checked only); the most parallel runs
    # first and a failure ends a sample
    resources = {"omp": [Resources(1, t) for t in (2, 3, 4)], "mpi": [Resources(r, 1) for r in (2, 3, 4)],
                 "mpi+omp": [Resources(2, 2), Resources(4, 1), Resources(3, 1)]}
    evaluate(work / "samples.jsonl", work / "run", fast_options(min_timeout=10.0, cuda_emulate=True,
                                                                resources=resources), suite)
    lines = (work / "run" / "results.jsonl").read_text().splitlines()
    return {files[r.sample_index]: r for r in (SampleResult.from_json(json.loads(ln)) for ln in lines)}


def test_every_wrong_file_names_a_task_and_says_what_is_wrong(suite):
    ids = {t.id for t in suite.tasks()}
    for path in wrong_files():
        assert path.stem.split("__")[0] in FILE_MODEL, \
            f"{path}: name it after the execution model ({', '.join(FILE_MODEL)}), or <model>__<what>"
        assert task_of(path) in ids, f"{path}: no task {task_of(path)}"
        assert path.read_text().lstrip().startswith("//"), f"{path}: first line must say what is wrong"


@pytest.mark.parametrize("path", params())
def test_wrong_solution_does_not_pass(path, results):
    result = results[path]
    assert result.status not in ("pass",), f"{path.relative_to(WRONG)}: {result.status}: {result.message}"
    # one that does not build tests nothing of the check (a signature changed since it was written?)
    assert result.status != "build_error", f"{path.relative_to(WRONG)}: does not build: {result.message}"
    if path.stem.split("__")[0] != "cuda" or not cudaemu.gpp_missing():  # cuda: emulated here (or run on a GPU)
        assert result.status != "not_run", f"{path.relative_to(WRONG)}: not run: {result.message}"
