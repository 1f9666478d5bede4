"""End to end: small corpora built from a local folder, a tarball, a git repository and local
Hugging Face files, read back with `datasets`."""

import json
import shutil
import subprocess
import tarfile
import time

import pytest
from hpctest import needs_slurm, slurm_partition

from hpccoder import paths
from hpccoder.errors import HpcError
from hpccoder.cli import main
from hpccoder.corpus import pipeline, recipe

from test_classify import C_MPI, C_OPENMP, FORTRAN_FREE, KOKKOS, SYSTEMVERILOG_IN_V, VERILOG
from test_corpus_dedup import edit, generate_file


def _tree(root):
    """A small source tree: useful files, and one of each thing the filters must remove."""
    import random

    rng = random.Random(11)
    root.mkdir(parents=True, exist_ok=True)
    files = {
        "src/hello_mpi.c": C_MPI.decode() + "/* Contact: dev@hpc.example.org */\n",
        "src/scale_omp.c": C_OPENMP.decode() * 2,
        "src/fill.cpp": KOKKOS.decode(),
        "src/heat.f90": FORTRAN_FREE.decode(),
        "hdl/counter.v": VERILOG.decode(),
        "hdl/fsm.sv": SYSTEMVERILOG_IN_V.decode(),
        "src/zz_copy_of_hello.c": C_MPI.decode() + "/* Contact: dev@hpc.example.org */\n",  # exact duplicate
        "src/gen.c": "/* This file was automatically generated. DO NOT EDIT. */\n" + C_OPENMP.decode(),
        "src/tiny.c": "int x;\n",
        "proofs/lemma.v": "Require Import Arith.\nTheorem t : forall n : nat, n = n.\nProof. auto. Qed.\n" * 3,
        "README.md": "not code\n",
        "src/planted.cpp": "// helper\n" + (paths.kernels_ref_dir() / "cpp/dense_la/01_axpy/omp.cpp").read_text()
        .replace("alpha", "factor").replace("    ", "  "),
    }
    base = generate_file(rng, 120)
    files["src/big_a_original.c"] = "\n".join(base) + "\n"
    files["src/big_b_near_copy.c"] = "\n".join(edit(rng, base, 0.05)) + "\n"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    (root / "src" / "blob.c").write_bytes(b"\x7fELF\x00\x00binary" * 50)
    return root


def _recipe(tmp_path, sources, **extra):
    spec = {"name": "t", "sources": sources, "filters": {"min_bytes": 20}, "split": {"validation": 0.3}}
    spec.update(extra)
    return recipe.from_dict(spec, path=tmp_path / "r.yaml")


def _load(out):
    import datasets

    # a private cache: datasets would otherwise serve an earlier test's copy of an identical layout
    return datasets.load_dataset(str(out), cache_dir=str(out.parent / f"hf-cache-{out.name}"))


def test_build_from_a_folder(tmp_path):
    _tree(tmp_path / "proj")
    stats = pipeline.build(_recipe(tmp_path, [{"type": "dir", "path": "proj"}]), tmp_path / "out", workers=1,
                           progress=False, plot=True)
    ds = _load(tmp_path / "out")
    rows = {r["path"]: r for split in ds for r in ds[split]}
    assert set(rows) == {"src/hello_mpi.c", "src/scale_omp.c", "src/fill.cpp", "src/heat.f90", "hdl/counter.v",
                         "hdl/fsm.sv", "src/big_a_original.c"}
    assert rows["src/hello_mpi.c"]["models"] == ["mpi"] and rows["src/hello_mpi.c"]["language"] == "c"
    assert rows["src/heat.f90"]["models"] == ["mpi", "openmp"]
    assert rows["hdl/fsm.sv"]["language"] == "systemverilog"
    assert "<EMAIL>" in rows["src/hello_mpi.c"]["content"] and "dev@hpc" not in rows["src/hello_mpi.c"]["content"]
    dropped = stats["dropped"]
    assert dropped["exact_duplicate"]["files"] == 1
    assert dropped["near_duplicate"]["files"] == 1
    assert dropped["contaminated_code"]["files"] == 1
    assert dropped["generated"]["files"] == 1
    assert dropped["non_text"]["files"] == 1
    assert dropped["too_small"]["files"] == 1
    assert dropped["unparseable"]["files"] == 1  # the Coq proof
    assert stats["files_seen"] == 14  # README.md is not a source file
    assert len(ds["train"]) + len(ds["validation"]) == stats["kept"]["files"] == 7
    report = (tmp_path / "out" / "report.md").read_text()
    assert "near_duplicate" in report and "| mpi |" in report
    assert (tmp_path / "out" / "report.png").stat().st_size > 10_000
    assert json.loads((tmp_path / "out" / "stats.json").read_text())["kept"]["files"] == 7


@pytest.mark.slow
def test_tarball_and_git_sources_give_the_same_files(tmp_path):
    proj = _tree(tmp_path / "proj")
    with tarfile.open(tmp_path / "proj.tar.gz", "w:gz") as tar:
        tar.add(proj, arcname="proj-1.0")
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "HOME": str(tmp_path)}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "x"]):
        subprocess.run([git, "-C", str(proj), *args], check=True, env=env, capture_output=True)
    sources = [{"type": "tarball", "path": "proj.tar.gz"}, {"type": "git", "path": "proj"}]
    stats = pipeline.build(_recipe(tmp_path, sources), tmp_path / "out", workers=1, progress=False, plot=False)
    units = stats["units"]
    tar_unit, git_unit = (units[s] for s in units)
    assert tar_unit["files_seen"] == git_unit["files_seen"] == 14
    assert tar_unit["kept"] == git_unit["kept"]
    # everything the git copy adds is an exact duplicate of the tarball's files
    assert stats["kept"]["files"] == 7
    paths_kept = {r["path"] for r in _load(tmp_path / "out")["train"]} | \
        {r["path"] for r in _load(tmp_path / "out")["validation"]}
    assert "proj-1.0/src/hello_mpi.c" in paths_kept


def test_local_hugging_face_files(tmp_path):
    import datasets

    rows = [{"content": C_MPI.decode(), "path": "a/mpi.c", "lang": None},
            {"content": VERILOG.decode(), "path": "b/c.v", "lang": None},
            {"content": FORTRAN_FREE.decode(), "path": "", "lang": "Fortran"}]
    datasets.Dataset.from_list(rows).to_parquet(str(tmp_path / "rows.parquet"))
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    sources = [{"type": "hf", "files": ["rows.parquet"], "language_column": "lang"},
               {"type": "hf", "files": ["rows.jsonl"], "language_column": "lang"}]
    stats = pipeline.build(_recipe(tmp_path, sources), tmp_path / "out", workers=1, progress=False, plot=False)
    assert stats["kept"]["files"] == 3, stats["dropped"]
    assert stats["dropped"]["exact_duplicate"]["files"] == 3, stats["dropped"]
    assert set(stats["by_language"]) == {"c", "verilog", "fortran"}


def test_tarball_globs_match_the_paths_as_stored_and_a_unit_that_reads_nothing_is_said(tmp_path, capsys):
    proj = _tree(tmp_path / "proj")
    with tarfile.open(tmp_path / "dot.tgz", "w:gz") as tar:  # as `tar czf dot.tgz -C proj .` packs it
        tar.add(proj, arcname=".")
    for include in (["hdl/*"], ["./hdl/*"]):
        r = _recipe(tmp_path, [{"type": "tarball", "path": "dot.tgz", "include": include}])
        stats = pipeline.build(r, tmp_path / "out", workers=1, progress=False, plot=False)
        assert stats["files_seen"] == 2, include
        assert {row["path"] for split in _load(tmp_path / "out").values() for row in split} <= \
            {"hdl/counter.v", "hdl/fsm.sv"}
    (tmp_path / "r.yaml").write_text("name: t\nsources:\n  - {type: tarball, path: dot.tgz, include: [hdl/*]}\n"
                                     "  - {type: tarball, path: dot.tgz, include: [hld/*]}\n")
    assert main(["corpus", "build", "--recipe", str(tmp_path / "r.yaml"), "--out", str(tmp_path / "cli"),
                 "--workers", "1", "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "read no file: check its path, and its include and exclude globs" in err and err.count("read no") == 1


def test_a_folder_that_is_not_a_corpus_is_not_written_into(tmp_path):
    _tree(tmp_path / "proj")
    mine = tmp_path / "mine"
    (mine / "data").mkdir(parents=True)
    (mine / "data" / "results.csv").write_text("precious\n")
    r = _recipe(tmp_path, [{"type": "dir", "path": "proj"}])
    with pytest.raises(HpcError, match="holds files and is not a corpus folder"):
        pipeline.build(r, mine, workers=1, progress=False, plot=False)
    assert (mine / "data" / "results.csv").read_text() == "precious\n" and not (mine / "README.md").exists()
    # a corpus folder is built into again (resumed); an empty folder is fine
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "empty", tmp_path / "empty"):
        assert pipeline.build(r, out, workers=1, progress=False, plot=False)["kept"]["files"] == 7


def test_licenses_from_spdx_expressions_and_from_a_data_sets_column(tmp_path):
    from hpccoder.corpus.process import spdx_license

    assert spdx_license("/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) */") == \
        "GPL-2.0 WITH Linux-syscall-note"
    assert spdx_license("// SPDX-License-Identifier: ((GPL-2.0-only WITH Linux-syscall-note) OR BSD-3-Clause)") == \
        "(GPL-2.0-only WITH Linux-syscall-note) OR BSD-3-Clause"
    assert spdx_license("# SPDX-License-Identifier: MIT OR Apache-2.0\n") == "MIT OR Apache-2.0"
    assert spdx_license("<!-- SPDX-License-Identifier: GPL-2.0+ -->") == "GPL-2.0+"
    assert spdx_license("int x; /* no license */") is None
    rows = [{"content": C_MPI.decode(), "path": "a/mpi.c", "lic": "BSD-3-Clause"},
            {"content": "/* SPDX-License-Identifier: (MIT OR Apache-2.0) */\n" + C_OPENMP.decode(), "path": "b.c",
             "lic": "BSD-3-Clause"}]
    (tmp_path / "rows").mkdir()
    (tmp_path / "rows" / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    r = _recipe(tmp_path, [{"type": "hf", "files": ["rows/rows.jsonl"], "license_column": "lic"}],
                split={"validation": 0.0})
    pipeline.build(r, tmp_path / "out", workers=1, progress=False, plot=False)
    got = {row["path"]: (row["license"], row["license_source"], row["package"])
           for row in _load(tmp_path / "out")["train"]}
    assert got == {"a/mpi.c": ("BSD-3-Clause", "column lic", "rows"), "b.c": ("MIT OR Apache-2.0", "spdx", "rows")}


def test_require_models_and_languages(tmp_path):
    _tree(tmp_path / "proj")
    r = _recipe(tmp_path, [{"type": "dir", "path": "proj", "exclude": ["hdl/*"]}], require_models=["mpi"],
                languages=["c", "c++", "fortran"])
    stats = pipeline.build(r, tmp_path / "out", workers=1, progress=False, plot=False)
    assert set(stats["by_model"]) == {"mpi", "openmp"}  # heat.f90 uses both
    assert stats["kept"]["files"] == 2
    assert stats["files_seen"] == 11  # hdl/ excluded, .v files not wanted


@pytest.mark.slow
def test_parallel_build_matches_and_resumes(tmp_path):
    _tree(tmp_path / "proj")
    sources = [{"type": "dir", "path": "proj"}]
    one = pipeline.build(_recipe(tmp_path, sources), tmp_path / "one", workers=1, progress=False, plot=False)
    two = pipeline.build(_recipe(tmp_path, sources), tmp_path / "two", workers=2, progress=False, plot=False)
    assert one["kept"] == two["kept"] and one["dropped"] == two["dropped"]
    assert sorted(r["sha256"] for r in _load(tmp_path / "one")["train"]) == \
        sorted(r["sha256"] for r in _load(tmp_path / "two")["train"])
    # a rerun finds stage 1 done and only redoes deduplication and output
    done = tmp_path / "two" / "work" / "000" / "done.json"
    stamp = done.stat().st_mtime_ns
    again = pipeline.build(_recipe(tmp_path, sources, dedup={"near": {"threshold": 0.95}}), tmp_path / "two",
                           workers=2, progress=False, plot=False)
    assert done.stat().st_mtime_ns == stamp
    assert again["kept"]["files"] == one["kept"]["files"] + 1  # the 5%-edited copy is no longer a duplicate


def test_cli_build_and_errors(tmp_path, capsys):
    _tree(tmp_path / "proj")
    (tmp_path / "r.yaml").write_text("name: cli\nsources:\n  - {type: dir, path: proj}\nfilters: {min_bytes: 20}\n")
    assert main(["corpus", "build", "--recipe", str(tmp_path / "r.yaml"), "--out", str(tmp_path / "out"),
                 "--workers", "1", "--no-progress", "split.validation=0.5"]) == 0
    assert "7 files" in capsys.readouterr().out
    assert main(["corpus", "build", "--recipe", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "o")]) == 2
    assert "no recipe at" in capsys.readouterr().err
    (tmp_path / "bad.yaml").write_text("name: bad\nsources:\n  - {type: dir, path: missing}\n")
    assert main(["corpus", "build", "--recipe", str(tmp_path / "bad.yaml"), "--out", str(tmp_path / "o"),
                 "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "no folder" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_zero_workers_or_tasks_are_refused_not_taken_for_the_default(tmp_path, capsys):
    (tmp_path / "r.yaml").write_text("name: cli\nsources:\n  - {type: dir, path: missing}\n")
    for flags, msg in ((["--workers", "0"], "--workers must be at least 1"),
                       (["--engine", "datatrove", "--tasks", "0"], "--tasks must be at least 1")):
        # refused before any work: the missing source folder is never reached
        assert main(["corpus", "build", "--recipe", str(tmp_path / "r.yaml"), "--out", str(tmp_path / "o"),
                     "--no-progress", *flags]) == 2
        assert capsys.readouterr().err.strip() == f"hpccoder: error: {msg}"
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_datatrove_local_executor_builds_the_same_corpus(tmp_path):
    pytest.importorskip("datatrove")
    _tree(tmp_path / "proj")
    sources = [{"type": "dir", "path": "proj"}]
    local = pipeline.build(_recipe(tmp_path, sources), tmp_path / "local", workers=1, progress=False, plot=False)
    dt = pipeline.build(_recipe(tmp_path, sources), tmp_path / "dt", workers=2, progress=False, plot=False,
                        engine="datatrove", tasks=3)
    assert dt["files_seen"] == local["files_seen"] and dt["kept"] == local["kept"]
    assert dt["dropped"] == local["dropped"]
    assert sorted((tmp_path / "dt" / "work" / "000").glob("part-r*.parquet"))  # one shard per task with rows
    assert len(list((tmp_path / "dt" / "work" / "000").glob("stats-r*.json"))) == 3
    # another source at the same place (work/000): datatrove's completion marks of the old unit must not count
    _small_tree(tmp_path / "other")
    other = [{"type": "dir", "path": "other"}]
    fresh = pipeline.build(_recipe(tmp_path, other), tmp_path / "fresh", workers=1, progress=False, plot=False)
    reused = pipeline.build(_recipe(tmp_path, other), tmp_path / "dt", workers=2, progress=False, plot=False,
                            engine="datatrove", tasks=3)
    assert reused["files_seen"] == fresh["files_seen"] == 2 and reused["kept"] == fresh["kept"]
    assert len(list((tmp_path / "dt" / "work" / "000").glob("stats-r*.json"))) == 3


def test_stage1_on_slurm_is_told_what_it_lacks_before_anything_runs(tmp_path, capsys, monkeypatch):
    pytest.importorskip("datatrove")
    (tmp_path / "r.yaml").write_text("name: cli\nsources:\n  - {type: dir, path: missing}\n")
    base = ["corpus", "build", "--recipe", str(tmp_path / "r.yaml"), "--out", str(tmp_path / "o"), "--no-progress",
            "--cluster", "slurm"]
    for flags, msg in (([], "--cluster slurm runs stage 1 as datatrove jobs: add --engine datatrove"),
                       (["--engine", "datatrove", "--job", "time=1:00"],
                        "--cluster slurm needs --job partition=... (e.g. --job partition=cpu --job time=04:00:00)"),
                       (["--engine", "datatrove", "--job", "partition"], "--job partition: give KEY=VALUE")):
        assert main([*base, *flags]) == 2
        assert capsys.readouterr().err.startswith(f"hpccoder: error: {msg}")
    monkeypatch.setenv("PATH", str(tmp_path))  # no sbatch
    _tree(tmp_path / "proj")
    (tmp_path / "r.yaml").write_text("name: cli\nsources:\n  - {type: dir, path: proj}\n")
    assert main([*base, "--engine", "datatrove", "--job", "partition=cpu", "--job", "time=1:00"]) == 2
    assert "no Slurm here (sbatch is not on the PATH)" in capsys.readouterr().err


@needs_slurm
@pytest.mark.slow
def test_stage1_on_slurm_builds_the_same_corpus_and_names_a_failed_task(tmp_path, capsys):
    """Where a Slurm controller answers: stage 1 as arrays of Slurm jobs (datatrove's SlurmPipelineExecutor)."""
    pytest.importorskip("datatrove")
    from hpccoder.corpus import dt_engine

    _tree(tmp_path / "proj")
    sources = [{"type": "dir", "path": "proj"}]
    local = pipeline.build(_recipe(tmp_path, sources), tmp_path / "local", workers=1, progress=False, plot=False,
                           engine="datatrove", tasks=2)  # the same shards: the same first file of each near-duplicate
    job = {"partition": slurm_partition(), "time": "00:10:00", "qos": ""}
    failing = {**job, "env_command": "exit 3"}  # the jobs end before the step runs
    sleeper = subprocess.run(["sbatch", "--parsable", "-p", job["partition"], "-o", "/dev/null", "--wrap", "sleep 60"],
                             capture_output=True, text=True, check=True).stdout.strip().split(";")[0]
    (tmp_path / "slurm" / "work").mkdir(parents=True)
    (tmp_path / "slurm" / "work" / "slurm-jobs.json").write_text(json.dumps({"job_ids": [sleeper]}))
    try:  # jobs of an earlier run that still run: nothing is submitted over them
        with pytest.raises(HpcError, match=f"stage-1 jobs of an earlier run may still run \\({sleeper}, listed in"):
            pipeline.build(_recipe(tmp_path, sources), tmp_path / "slurm", progress=False, plot=False,
                           engine="datatrove", tasks=2, cluster="slurm", job=job)
    finally:
        subprocess.run(["scancel", sleeper])
        deadline = time.monotonic() + 60
        while dt_engine.alive([sleeper]) and time.monotonic() < deadline:
            time.sleep(0.5)
    assert not (tmp_path / "slurm" / "work" / "000").exists()
    with pytest.raises(HpcError, match=r"dir-proj: 2 of 2 stage-1 tasks ended without finishing \(job \d+; logs in "):
        pipeline.build(_recipe(tmp_path, sources), tmp_path / "slurm", progress=False, plot=False,
                       engine="datatrove", tasks=2, cluster="slurm", job=failing)
    on_slurm = pipeline.build(_recipe(tmp_path, sources), tmp_path / "slurm", progress=False, plot=False,
                              engine="datatrove", tasks=2, cluster="slurm", job=job)
    assert on_slurm["files_seen"] == local["files_seen"] and on_slurm["kept"] == local["kept"]
    assert len(list((tmp_path / "slurm" / "work" / "000").glob("stats-r*.json"))) == 2
    again = pipeline.build(_recipe(tmp_path, sources), tmp_path / "slurm", progress=True, plot=False,
                           engine="datatrove", tasks=2, cluster="slurm", job=failing)  # nothing is submitted
    assert again["kept"] == local["kept"] and "done before, kept" in capsys.readouterr().err


def _small_tree(root):
    root.mkdir(parents=True, exist_ok=True)
    (root / "hello_mpi.c").write_text(C_MPI.decode())
    (root / "scale_omp.c").write_text(C_OPENMP.decode())
    return root


def test_a_torn_done_file_redoes_the_unit(tmp_path):
    _small_tree(tmp_path / "proj")
    spec = _recipe(tmp_path, [{"type": "dir", "path": "proj"}])
    first = pipeline.build(spec, tmp_path / "out", workers=1, progress=False, plot=False)
    done = tmp_path / "out" / "work" / "000" / "done.json"
    done.write_text(done.read_text()[:25])  # a crash in the middle of writing it (older versions)
    again = pipeline.build(spec, tmp_path / "out", workers=1, progress=False, plot=False)
    assert again["kept"] == first["kept"] and json.loads(done.read_text())["stats"]["kept"] == first["kept"]
    assert not list((tmp_path / "out" / "work" / "000").glob("*.tmp"))


def test_a_new_benchmark_kernel_reruns_stage_1(tmp_path, monkeypatch):
    from hpccoder.corpus import decontam

    _small_tree(tmp_path / "proj")
    spec = _recipe(tmp_path, [{"type": "dir", "path": "proj"}])
    first = pipeline.build(spec, tmp_path / "out", workers=1, progress=False, plot=False)
    assert first["kept"]["files"] == 2
    # the benchmark gains a kernel that one corpus file holds: a resumed build must not trust stage 1
    code, prompts = decontam.benchmark_texts()
    monkeypatch.setattr(decontam, "benchmark_texts", lambda: (code + [(C_MPI.decode(), "c")], prompts))
    again = pipeline.build(spec, tmp_path / "out", workers=1, progress=False, plot=False)
    assert again["kept"]["files"] == 1 and again["dropped"]["contaminated_code"]["files"] == 1


def test_an_interrupted_write_leaves_the_previous_dataset_whole(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    _small_tree(tmp_path / "proj")
    spec = _recipe(tmp_path, [{"type": "dir", "path": "proj"}], split={"validation": 0.0})
    pipeline.build(spec, tmp_path / "out", workers=1, progress=False, plot=False)
    before = sorted(p.name for p in (tmp_path / "out" / "data").iterdir())

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline._ShardWriter, "close", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(spec, tmp_path / "out", workers=1, progress=False, plot=False)
    data = tmp_path / "out" / "data"
    assert sorted(p.name for p in data.iterdir()) == before
    assert pq.read_table(data / "train-00000.parquet").num_rows == 2
    monkeypatch.undo()
    pipeline.build(spec, tmp_path / "out", workers=1, progress=False, plot=False)  # and the next run completes
    assert not (tmp_path / "out" / "data.partial").exists()
    assert pq.read_table(data / "train-00000.parquet").num_rows == 2
    assert {s: len(d) for s, d in _load(tmp_path / "out").items()} == {"train": 2}  # an empty split is left out


def test_utf16_and_crlf_files_are_read_as_their_text(tmp_path):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "wide.c").write_bytes(C_MPI.decode().encode("utf-16"))
    (root / "dos.c").write_bytes(C_OPENMP.decode().replace("\n", "\r\n").encode())
    stats = pipeline.build(_recipe(tmp_path, [{"type": "dir", "path": "proj"}]), tmp_path / "out", workers=1,
                           progress=False, plot=False)
    rows = {r["path"]: r for split in _load(tmp_path / "out").values() for r in split}
    assert set(rows) == {"wide.c", "dos.c"}, stats["dropped"]
    assert rows["wide.c"]["content"] == C_MPI.decode() and rows["wide.c"]["models"] == ["mpi"]
    assert rows["dos.c"]["content"] == C_OPENMP.decode() and "\r" not in rows["dos.c"]["content"]


def _git(repo, *args):
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "HOME": str(repo.parent), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def _rows(out, split="*"):
    """The dataset's rows in file order, read afresh (datasets would serve its cache of an earlier build here)."""
    import pyarrow.parquet as pq

    return [row for f in sorted((out / "data").glob(f"{split}-*.parquet")) for row in pq.read_table(f).to_pylist()]


def _paths(out):
    return sorted(r["path"] for r in _rows(out))


def test_a_changed_source_is_done_again_and_an_unchanged_one_kept(tmp_path, capsys):
    import os

    proj = _small_tree(tmp_path / "proj")
    r = _recipe(tmp_path, [{"type": "dir", "path": "proj"}], decontaminate={"enabled": False})
    pipeline.build(r, tmp_path / "out", workers=1, progress=False, plot=False)
    assert _paths(tmp_path / "out") == ["hello_mpi.c", "scale_omp.c"]
    (proj / "heat.f90").write_text(FORTRAN_FREE.decode())
    (proj / "scale_omp.c").unlink()
    again = pipeline.build(r, tmp_path / "out", workers=1, progress=True, plot=False)
    assert "done before, kept" not in capsys.readouterr().err
    assert _paths(tmp_path / "out") == ["heat.f90", "hello_mpi.c"] and again["files_seen"] == 2
    # an edit that keeps the size (a fixed typo) is seen by its time; an unchanged source is kept
    text = (proj / "hello_mpi.c").read_text()
    (proj / "hello_mpi.c").write_text(text.replace("rank", "RANK"))
    os.utime(proj / "hello_mpi.c", ns=(1, 1))
    pipeline.build(r, tmp_path / "out", workers=1, progress=True, plot=False)
    assert "done before, kept" not in capsys.readouterr().err
    assert "RANK" in "".join(row["content"] for row in _rows(tmp_path / "out"))
    pipeline.build(r, tmp_path / "out", workers=1, progress=True, plot=False)
    assert "done before, kept" in capsys.readouterr().err


def test_a_new_commit_at_the_revision_is_read(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = _small_tree(tmp_path / "repo")
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "one"]):
        _git(repo, *args)
    r = _recipe(tmp_path, [{"type": "git", "path": "repo"}], decontaminate={"enabled": False})
    pipeline.build(r, tmp_path / "out", workers=1, progress=False, plot=False)
    assert _paths(tmp_path / "out") == ["hello_mpi.c", "scale_omp.c"]
    (repo / "heat.f90").write_text(FORTRAN_FREE.decode())
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "two")
    pipeline.build(r, tmp_path / "out", workers=1, progress=False, plot=False)
    assert _paths(tmp_path / "out") == ["heat.f90", "hello_mpi.c", "scale_omp.c"]
    bad = _recipe(tmp_path, [{"type": "git", "path": "repo", "rev": "v9"}], decontaminate={"enabled": False})
    with pytest.raises(HpcError, match="has no commit 'v9'"):
        pipeline.build(bad, tmp_path / "out", workers=1, progress=False, plot=False)


def test_source_fingerprints_follow_the_files(tmp_path):
    import json as json_mod
    import os

    from hpccoder.corpus import sources

    def fp(spec):
        r = _recipe(tmp_path, [spec])
        return sources.fingerprint(sources.units(r)[0], r)

    proj = _small_tree(tmp_path / "proj")
    d = {"type": "dir", "path": "proj"}
    first = fp(d)
    (proj / "notes.txt").write_text("not a source file\n")
    assert fp(d) == first  # only the files the unit reads count
    (proj / "extra.c").write_text("int x;\n")
    assert fp(d) != first
    with tarfile.open(tmp_path / "p.tar", "w") as tar:
        tar.add(proj, arcname="p")
    t = {"type": "tarball", "path": "p.tar"}
    before, st = fp(t), (tmp_path / "p.tar").stat()
    data = bytearray((tmp_path / "p.tar").read_bytes())
    data[600] ^= 1  # another tarball of the same size and time
    (tmp_path / "p.tar").write_bytes(bytes(data))
    os.utime(tmp_path / "p.tar", ns=(st.st_atime_ns, st.st_mtime_ns))
    assert fp(t) != before
    tree = tmp_path / "cache" / "demo" / "tree"
    tree.mkdir(parents=True)
    marker = tree / ".hpccoder-unpacked.json"
    marker.write_text(json_mod.dumps({"package": "demo", "version": "1.0-1", "complete": True}))
    deb = {"type": "debian", "packages": ["demo"], "cache": str(tmp_path / "cache")}
    old = fp(deb)
    marker.write_text(json_mod.dumps({"package": "demo", "version": "1.1-1", "complete": True}))
    assert fp(deb) != old


def test_a_package_without_a_machine_readable_copyright_gets_its_license_file(tmp_path):
    """Open MPI's and GROMACS's debian/copyright are free text: their upstream LICENSE/COPYING name the
    license, recorded as package-level; a package without a recognised one stays without, counted per unit."""
    from test_classify import C_OPENACC, C_PTHREADS
    from test_debian import BSD3

    cache = tmp_path / "cache"
    for pkg, license_text, plain, spdx in (("openmpi", BSD3, C_MPI, C_OPENMP),
                                           ("mystery", "Use it as you like, see the web site.\n", C_PTHREADS,
                                            C_OPENACC)):
        tree = cache / pkg / "tree"
        (tree / "debian").mkdir(parents=True)
        (tree / "debian" / "copyright").write_text("This package was debianized by someone.\n")
        (tree / "LICENSE").write_text(license_text)
        (tree / "src").mkdir()
        (tree / "src" / "plain.c").write_text(plain.decode())
        (tree / "src" / "own.c").write_text("/* SPDX-License-Identifier: MIT */\n" + spdx.decode())
        (tree / ".hpccoder-unpacked.json").write_text(json.dumps({"package": pkg, "version": "1", "complete": True}))
    r = _recipe(tmp_path, [{"type": "debian", "packages": ["openmpi", "mystery"], "cache": str(cache)}],
                decontaminate={"enabled": False}, split={"validation": 0.0})
    stats = pipeline.build(r, tmp_path / "out", workers=1, progress=False, plot=False)
    got = {(row["package"], row["path"]): (row["license"], row["license_source"]) for row in _rows(tmp_path / "out")}
    assert got == {("openmpi", "src/plain.c"): ("BSD-3-Clause", "package-level LICENSE"),
                   ("openmpi", "src/own.c"): ("MIT", "spdx"),
                   ("mystery", "src/plain.c"): ("", ""), ("mystery", "src/own.c"): ("MIT", "spdx")}
    assert {name: (u["dataset"]["files"], u["dataset"]["unlicensed"]) for name, u in stats["units"].items()} == \
        {"debian/openmpi": (2, 0), "debian/mystery": (2, 1)}
    report = (tmp_path / "out" / "report.md").read_text()
    assert "| of those without a license |" in report and "| debian/mystery | 2 |" in report
    assert report.split("| debian/mystery |")[1].split("\n")[0].endswith("| 2 | 1 |")


def test_pool_workers_leave_ctrl_c_to_the_parent():
    import multiprocessing
    import signal

    from hpccoder.corpus import process

    spec = recipe.from_dict({"name": "x", "sources": [{"type": "dir", "path": "a"}]}).spec
    with multiprocessing.get_context("fork").Pool(1, initializer=process.init_pool_worker,
                                                  initargs=(spec, None)) as pool:
        assert pool.apply(signal.getsignal, (signal.SIGINT,)) == signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) != signal.SIG_IGN  # the parent still stops on Ctrl-C


def test_datatrove_pool_workers_are_born_leaving_ctrl_c_to_the_parent():
    import sys

    # a fresh interpreter: the fork server of the `multiprocess` package is started once per process
    script = """
import signal, multiprocess
from hpccoder.corpus import dt_engine
dt_engine._forkserver_without_ctrl_c()  # what run_unit does before datatrove makes its pool
with multiprocess.get_context("forkserver").Pool(1) as pool:
    print(pool.apply(signal.getsignal, (signal.SIGINT,)) == signal.SIG_IGN,
          signal.getsignal(signal.SIGINT) is signal.default_int_handler)
"""
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert res.stdout.split() == ["True", "True"], res.stderr[-2000:]


def test_flags_of_another_engine_are_refused_not_ignored(tmp_path, capsys):
    (tmp_path / "r.yaml").write_text("name: cli\nsources:\n  - {type: dir, path: missing}\n")
    base = ["corpus", "build", "--recipe", str(tmp_path / "r.yaml"), "--out", str(tmp_path / "o"), "--no-progress"]
    for flags, msg in ((["--tasks", "4"], "--tasks splits each unit into datatrove tasks: add --engine datatrove"),
                       (["--engine", "datatrove", "--job", "partition=cpu"],
                        "--job gives the parameters of Slurm jobs: add --cluster slurm")):
        assert main([*base, *flags]) == 2
        assert capsys.readouterr().err.startswith(f"hpccoder: error: {msg}")
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_both_engines_keep_the_same_first_file_of_near_duplicates(tmp_path):
    """Datatrove task r reads every tasks-th file: a.c and c.c in task 0, b.c in task 1. The corpus keeps the first
    of b.c and its near copy c.c in the source's order, whichever engine and however many tasks."""
    import random

    pytest.importorskip("datatrove")
    rng = random.Random(5)
    proj = tmp_path / "proj"
    proj.mkdir()
    base = generate_file(rng, 120)
    (proj / "a.c").write_text("\n".join(generate_file(rng, 120)) + "\n")
    (proj / "b.c").write_text("\n".join(base) + "\n")
    (proj / "c.c").write_text("\n".join(edit(rng, base, 0.05)) + "\n")
    sources = [{"type": "dir", "path": "proj"}]
    spec = dict(decontaminate={"enabled": False}, split={"validation": 0.0})
    local = pipeline.build(_recipe(tmp_path, sources, **spec), tmp_path / "local", workers=1, progress=False,
                           plot=False)
    assert local["dropped"]["near_duplicate"]["files"] == 1
    rows = [r["path"] for r in _rows(tmp_path / "local", "train")]
    assert rows == ["a.c", "b.c"]
    for tasks in (2, 3):
        pipeline.build(_recipe(tmp_path, sources, **spec), tmp_path / f"dt{tasks}", workers=1, progress=False,
                       plot=False, engine="datatrove", tasks=tasks)
        assert [r["path"] for r in _rows(tmp_path / f"dt{tasks}", "train")] == rows, tasks
