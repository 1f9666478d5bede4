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
