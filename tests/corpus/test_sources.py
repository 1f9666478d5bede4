"""Sources as a user's own trees hold them: file names that are not UTF-8, files and folders that cannot be
read, damaged tarballs. Each is one line and an exit code, or skipped and counted, never a traceback."""

import builtins
import os
import tarfile

import pytest

from hpccoder.cli import main
from hpccoder.corpus import pipeline
from hpccoder.errors import HpcError

from test_build import _load, _recipe
from test_classify import C_MPI, C_OPENMP, FORTRAN_FREE


def _two_files(root):
    (root / "ok").mkdir(parents=True)
    (root / "ok" / "hello_mpi.c").write_bytes(C_MPI)
    (root / "ok" / "heat.f90").write_bytes(FORTRAN_FREE)
    return root


def test_a_file_name_that_is_not_utf8_is_kept_with_a_replacement_character(tmp_path):
    proj = _two_files(tmp_path / "proj")
    try:
        with open(os.path.join(os.fsencode(proj / "ok"), b"caf\xe9_omp.c"), "wb") as fh:  # a Latin-1 name
            fh.write(C_OPENMP * 2)
    except OSError:
        pytest.skip("this file system takes only UTF-8 names")
    stats = pipeline.build(_recipe(tmp_path, [{"type": "dir", "path": "proj"}]), tmp_path / "out", workers=1,
                           progress=False, plot=False)
    assert stats["kept"]["files"] == 3
    paths = {r["path"] for split in _load(tmp_path / "out").values() for r in split}
    assert paths == {"ok/hello_mpi.c", "ok/heat.f90", "ok/caf\ufffd_omp.c"}


def test_a_damaged_tarball_is_one_line_not_a_traceback(tmp_path, capsys):
    proj = _two_files(tmp_path / "proj")
    (proj / "ok" / "big.c").write_bytes(C_MPI * 40)
    with tarfile.open(tmp_path / "proj.tar.gz", "w:gz") as tar:
        tar.add(proj, arcname="proj")
    whole = (tmp_path / "proj.tar.gz").read_bytes()
    (tmp_path / "cut.tar.gz").write_bytes(whole[:len(whole) - 200])  # a download that stopped early
    with tarfile.open(tmp_path / "proj.tar", "w") as tar:
        tar.add(proj, arcname="proj")
    plain = (tmp_path / "proj.tar").read_bytes()
    (tmp_path / "cut.tar").write_bytes(plain[:plain.index(C_MPI * 40) + 100])  # inside a member's data
    for name in ("cut.tar.gz", "cut.tar"):
        r = _recipe(tmp_path, [{"type": "tarball", "path": name}])
        with pytest.raises(HpcError, match=f"{name} is damaged"):
            pipeline.build(r, tmp_path / f"out-{name}", workers=1, progress=False, plot=False)
    (tmp_path / "r.yaml").write_text("name: t\nsources:\n  - {type: tarball, path: cut.tar.gz}\n")
    assert main(["corpus", "build", "--recipe", str(tmp_path / "r.yaml"), "--out", str(tmp_path / "cli"),
                 "--workers", "1", "--no-progress"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"hpccoder: error: source tarball-cut.tar.gz: {tmp_path / 'cut.tar.gz'} is damaged (")
    assert lines[0].endswith("); fetch or pack it again")


@pytest.fixture
def unreadable(monkeypatch):
    """Files and folders that cannot be read, whoever runs the tests (root reads past chmod 000): a set of
    paths, and opening or listing one of them fails as it does without permission."""
    denied: set[str] = set()
    real_open, real_scandir, real_access = builtins.open, os.scandir, os.access

    def check(path):
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) in denied:
            raise PermissionError(13, "Permission denied", os.fspath(path))

    def fake_open(path, *a, **k):
        check(path)
        return real_open(path, *a, **k)

    def fake_scandir(path="."):
        check(path)
        return real_scandir(path)

    def fake_access(path, mode, **k):
        return not (isinstance(path, (str, os.PathLike)) and os.fspath(path) in denied) and real_access(path, mode, **k)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    monkeypatch.setattr(os, "access", fake_access)
    return denied


def test_unreadable_files_and_folders_are_skipped_counted_and_named_then_read_once_mended(tmp_path, capsys,
                                                                                        unreadable):
    proj = _two_files(tmp_path / "proj")
    (proj / "secret").mkdir()
    (proj / "secret" / "scale_omp.c").write_bytes(C_OPENMP * 2)
    unreadable |= {str(proj / "ok" / "heat.f90"), str(proj / "secret")}
    (tmp_path / "r.yaml").write_text("name: t\nsources:\n  - {type: dir, path: proj}\n")
    args = ["corpus", "build", "--recipe", str(tmp_path / "r.yaml"), "--out", str(tmp_path / "out"), "--workers",
            "1", "--no-progress"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "2 files or folders could not be read and were skipped, such as dir-proj: ok/heat.f90 (permission " \
           "denied)" in err
    stats = pipeline.json.loads((tmp_path / "out" / "stats.json").read_text())
    assert stats["dropped"]["unreadable"]["files"] == 2 and stats["kept"]["files"] == 1
    assert stats["unreadable"] == ["dir-proj: ok/heat.f90 (permission denied)",
                                   "dir-proj: secret/ (permission denied)"]
    report = (tmp_path / "out" / "report.md").read_text()
    assert "| unreadable | 2 |" in report and "- `dir-proj: secret/ (permission denied)`" in report
    # permissions mended: the same command reads them (the unit is not taken as done before)
    unreadable.clear()
    assert main(args) == 0
    assert "could not be read" not in capsys.readouterr().err
    stats = pipeline.json.loads((tmp_path / "out" / "stats.json").read_text())
    assert stats["kept"]["files"] == 3 and "unreadable" not in stats["dropped"]
    # a folder left out by an exclude glob is not listed at all, so its being unreadable does not matter
    unreadable.add(str(proj / "secret"))
    r = _recipe(tmp_path, [{"type": "dir", "path": "proj", "exclude": ["secret/*"]}])
    stats = pipeline.build(r, tmp_path / "out2", workers=1, progress=False, plot=False)
    assert "unreadable" not in stats["dropped"] and stats["kept"]["files"] == 2
    # nor is one outside every include glob (a lost+found beside the sources); one that an include reaches is
    for include, counted in ((["ok/*"], 0), (["./ok/*", "secret/deep/*"], 1), (["*.c"], 1), (["se*"], 1)):
        r = _recipe(tmp_path, [{"type": "dir", "path": "proj", "include": include}])
        stats = pipeline.build(r, tmp_path / "out3", workers=1, progress=False, plot=False)
        assert stats["dropped"].get("unreadable", {}).get("files", 0) == counted, include


def test_a_jsonl_file_with_a_bad_line_past_its_start_is_one_line_not_a_traceback(tmp_path, capsys):
    good = pipeline.json.dumps({"content": C_MPI.decode(), "path": "a/hello.c"})
    (tmp_path / "rows.jsonl").write_text(good + "\n" + good.replace("a/", "b/") + "\n{not json\n")
    (tmp_path / "r.yaml").write_text("name: t\nsources:\n  - {type: hf, files: rows.jsonl}\n")
    assert main(["corpus", "build", "--recipe", str(tmp_path / "r.yaml"), "--out", str(tmp_path / "out"),
                 "--workers", "1", "--no-progress"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hpccoder: error: source hf: could not read the dataset after ")
    assert "JSON parse error" in lines[0]


def test_a_build_that_keeps_no_file_says_so_and_fails(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "only_tiny").mkdir()
    (tmp_path / "only_tiny" / "t.c").write_text("int x;\n")
    (tmp_path / "r.yaml").write_text("name: t\nsources:\n  - {type: dir, path: empty}\n  - {type: dir, path: only_tiny}\n")
    assert main(["corpus", "build", "--recipe", str(tmp_path / "r.yaml"), "--out", str(tmp_path / "out"),
                 "--workers", "1", "--no-progress"]) == 2
    captured = capsys.readouterr()
    assert "datasets.load_dataset" not in captured.out
    assert captured.err.strip().splitlines()[-1] == (
        f"hpccoder: error: no file was kept, so {tmp_path / 'out'} holds no dataset: {tmp_path / 'out' / 'report.md'} "
        "says what each filter removed")
    assert "| too_small | 1 |" in (tmp_path / "out" / "report.md").read_text()  # the report is there to read


def _tar(path, root, arcname):
    with tarfile.open(path, "w:gz") as tar:
        tar.add(root, arcname=arcname)


def test_a_users_folder_repository_and_tarball_get_the_license_of_their_top_level_license_file(tmp_path):
    """A LICENSE/COPYING at the top of a folder, a repository's revision or a tarball (or of its one top
    folder, proj-1.0/LICENSE) names the license of the files without an SPDX header, as a Debian package's
    does; an SPDX header wins; two license files that disagree, or a text not known, give none."""
    import json

    from test_build import _git, _rows
    from test_classify import C_OPENACC, C_PTHREADS, CPP_MPI_OMP, CUDA_KERNEL, KOKKOS
    from test_debian import BSD3, GPL2, LGPL21, MIT

    mine = tmp_path / "mine"
    (mine / "src").mkdir(parents=True)
    (mine / "LICENSE").write_text(MIT)
    (mine / "src" / "hello_mpi.c").write_bytes(C_MPI)
    (mine / "src" / "own_omp.c").write_bytes(b"/* SPDX-License-Identifier: Apache-2.0 */\n" + C_OPENMP)
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "COPYING").write_text(BSD3)
    (repo / "threads.c").write_bytes(C_PTHREADS)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "one")
    (repo / "COPYING").write_text(GPL2)  # not committed: the revision's file counts
    proj = tmp_path / "proj"
    (proj / "lib").mkdir(parents=True)
    (proj / "LICENSE.md").write_text(LGPL21)
    (proj / "lib" / "saxpy.c").write_bytes(C_OPENACC)
    (proj / "lib" / "vendor").mkdir()
    (proj / "lib" / "vendor" / "LICENSE").write_text(MIT)  # a bundled library's: not the package's
    _tar(tmp_path / "proj-1.0.tar.gz", proj, "proj-1.0")
    flat = tmp_path / "flat"
    (flat / "kern").mkdir(parents=True)
    (flat / "COPYING").write_text(GPL2)
    (flat / "kern" / "scale.cu").write_bytes(CUDA_KERNEL)
    _tar(tmp_path / "flat.tar", flat, ".")  # `tar -C flat .`: ./COPYING
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "LICENSE").write_text(MIT)
    (mixed / "COPYING").write_text(GPL2)  # which one? no guess
    (mixed / "both.cpp").write_bytes(CPP_MPI_OMP)
    unknown = tmp_path / "unknown"
    unknown.mkdir()
    (unknown / "LICENSE.txt").write_text("Use it as you like, see the web site.\n")
    (unknown / "views.cpp").write_bytes(KOKKOS)
    r = _recipe(tmp_path, [{"type": "dir", "path": "mine"}, {"type": "git", "path": "repo"},
                           {"type": "tarball", "path": "proj-1.0.tar.gz"}, {"type": "tarball", "path": "flat.tar"},
                           {"type": "dir", "path": "mixed"}, {"type": "dir", "path": "unknown"}],
                decontaminate={"enabled": False}, split={"validation": 0.0}, filters={"min_bytes": 10})
    pipeline.build(r, tmp_path / "out", workers=1, progress=False, plot=False)
    got = {row["path"]: (row["license"], row["license_source"]) for row in _rows(tmp_path / "out")}
    assert got == {"src/hello_mpi.c": ("MIT", "package-level LICENSE"), "src/own_omp.c": ("Apache-2.0", "spdx"),
                   "threads.c": ("BSD-3-Clause", "package-level COPYING"),
                   "proj-1.0/lib/saxpy.c": ("LGPL-2.1", "package-level proj-1.0/LICENSE.md"),
                   "kern/scale.cu": ("GPL-2.0", "package-level COPYING"),
                   "both.cpp": ("", ""), "views.cpp": ("", "")}
    # a license file added to the folder afterwards: the unit is read again, with it
    (unknown / "LICENSE.txt").write_text(BSD3)
    stats = pipeline.build(r, tmp_path / "out", workers=1, progress=False, plot=False)
    got = {row["path"]: (row["license"], row["license_source"]) for row in _rows(tmp_path / "out")}
    assert got["views.cpp"] == ("BSD-3-Clause", "package-level LICENSE.txt")
    assert json.loads((tmp_path / "out" / "stats.json").read_text())["kept"] == stats["kept"]


def test_a_tarball_license_is_at_its_top_or_in_its_one_top_folder(tmp_path):
    from hpccoder.corpus import sources
    from test_debian import BSD3, MIT

    def license_of(members):
        path = tmp_path / "t.tar"
        with tarfile.open(path, "w") as tar:
            for name, text in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(text.encode())
                tar.addfile(info, __import__("io").BytesIO(text.encode()))
        return sources._tarball_license(path, "t")

    assert license_of({"a.c": "int a;", "LICENSE": MIT}) == ("MIT", "LICENSE")
    assert license_of({"p-1/a.c": "int a;", "p-1/COPYING": BSD3}) == ("BSD-3-Clause", "p-1/COPYING")
    assert license_of({"p-1/a.c": "int a;", "p-1/COPYING": BSD3, "LICENSE": MIT}) == ("MIT", "LICENSE")
    assert license_of({"a/LICENSE": MIT, "b/x.c": "int x;"}) is None  # a folder's among others: not the package's
    assert license_of({"p-1/a.c": "int a;", "p-1/sub/LICENSE": MIT}) is None
    assert license_of({"p-1/a.c": "int a;"}) is None


def test_a_double_star_glob_takes_zero_or_more_folders(tmp_path):
    """`**/` takes zero or more folders, as in .gitignore (`**/*.c` takes a top-level `a.c`); `*` still takes
    any characters, '/' among them."""
    from hpccoder.corpus import sources

    root = tmp_path / "proj"
    for rel in ("a.c", "src/b.c", "src/deep/c.c", "build/gen.c", "src/build/gen2.c", "src/x.f90"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(C_MPI)

    def paths(include=None, exclude=None):
        spec = {"type": "dir", "path": "proj", **({"include": include} if include else {}),
                **({"exclude": exclude} if exclude else {})}
        r = _recipe(tmp_path, [spec])
        return sorted(d.path for d in sources.iter_unit(sources.units(r)[0], r))

    assert paths(["**/*.c"]) == ["a.c", "build/gen.c", "src/b.c", "src/build/gen2.c", "src/deep/c.c"]
    assert paths(["./**/*.c"]) == paths(["**/*.c"])
    assert paths(["src/**/*.c"]) == ["src/b.c", "src/build/gen2.c", "src/deep/c.c"]
    assert paths(["src/**/b.c"]) == ["src/b.c"]
    assert paths(["src/*.c"]) == ["src/b.c", "src/build/gen2.c", "src/deep/c.c"]  # '*' crosses '/'
    assert paths(["*.c"]) == ["a.c", "build/gen.c", "src/b.c", "src/build/gen2.c", "src/deep/c.c"]
    assert paths(exclude=["**/build/*"]) == ["a.c", "src/b.c", "src/deep/c.c", "src/x.f90"]
    assert paths(exclude=["**/*.c"]) == ["src/x.f90"]
    assert paths(["s*/**/?.c"], ["**/deep/**"]) == ["src/b.c"]
    assert paths(["[ab].c", "src/[!b]*"]) == ["a.c", "src/deep/c.c", "src/x.f90"]
