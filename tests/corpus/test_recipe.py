"""Every shipped recipe loads and validates; bad recipes fail with one clear line."""

from pathlib import Path

import pytest

from hpccoder.corpus import recipe
from hpccoder.errors import HpcError

CORPORA = Path(__file__).resolve().parents[2] / "corpora"


@pytest.mark.parametrize("path", sorted(CORPORA.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_recipes_load(path):
    r = recipe.load(path)
    assert r.name == path.stem
    text = path.read_text()
    assert f"hpccoder corpus build --recipe corpora/{path.name}" in text  # the command in the header
    assert sum(len(s["packages"]) for s in r["sources"] if s["type"] == "debian") >= 10


def test_there_are_the_three_recipes_of_the_issue():
    assert {p.stem for p in CORPORA.glob("*.yaml")} >= {"hpc", "mpi", "verilog"}


def test_overrides_and_defaults():
    r = recipe.load(CORPORA / "hpc.yaml", ["dedup.near.threshold=0.8", "workers=3", "filters.max_bytes=1234"])
    assert r["dedup"]["near"]["threshold"] == 0.8
    assert r["workers"] == 3 and r["filters"]["max_bytes"] == 1234
    assert r["redact"] == {"emails": True, "secrets": True}  # a default the recipe did not set


@pytest.mark.parametrize("raw,message", [
    ({"name": "x"}, "sources"),
    ({"name": "x", "sources": [{"type": "ftp", "path": "a"}]}, "sources/0/type"),
    ({"name": "x", "sources": [{"type": "dir"}]}, "needs 'path'"),
    ({"name": "x", "sources": [{"type": "dir", "path": "a", "colour": 1}]}, "unknown keys"),
    ({"name": "x", "sources": [{"type": "hf"}]}, "needs 'dataset'"),
    ({"name": "x", "sources": [{"type": "dir", "path": "a"}], "languages": ["cobol"]}, "languages/0"),
    ({"name": "x", "sources": [{"type": "dir", "path": "a"}], "dedup": {"near": {"threshold": 1.5}}}, "dedup/near"),
    ({"name": "x", "sources": [{"type": "dir", "path": "a", "include": "src/*"}]}, "list of globs"),
    # wrong-typed source fields: one line, not a traceback at build time
    ({"name": "x", "sources": [{"type": "dir", "path": None}]}, "sources/0/path: None is not of type 'string'"),
    ({"name": "x", "sources": [{"type": "dir", "path": 5}]}, "sources/0/path: 5 is not of type 'string'"),
    ({"name": "x", "sources": [{"type": "git", "path": "g", "rev": 2024}]}, r"rev: 2024 .*quote it, as in rev: '2024'"),
    ({"name": "x", "sources": [{"type": "debian", "packages": [5]}]}, "sources/0/packages/0: 5 is not of type"),
    ({"name": "x", "sources": [{"type": "debian", "packages": ["petsc"], "cache": 5}]}, "sources/0/cache: 5"),
    ({"name": "x", "sources": [{"type": "hf", "files": 5}]}, "sources/0/files"),
    # two sources of one name would be one unit in the report, and the warning about an empty one lost
    ({"name": "x", "sources": [{"type": "dir", "path": "a", "name": "s"}, {"type": "dir", "path": "b", "name": "s"}]},
     "sources/1: 's' names sources/0 too"),
    ({"name": "x", "sources": [{"type": "dir", "path": "a"}, {"type": "dir", "path": "b", "name": "00-dir-a"}]},
     "sources/1: '00-dir-a' names sources/0 too"),
    ({"name": "x", "sources": [{"type": "debian", "packages": ["petsc"], "name": "d"},
                               {"type": "debian", "packages": ["petsc", "hypre"], "name": "d"}]}, "'d/petsc' names"),
])
def test_bad_recipes(raw, message):
    with pytest.raises(HpcError, match=message):
        recipe.from_dict(raw)


def test_bad_files(tmp_path):
    with pytest.raises(HpcError, match="no recipe"):
        recipe.load(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(HpcError, match="not valid YAML"):
        recipe.load(bad)
    with pytest.raises(HpcError, match="KEY=VALUE"):
        recipe.load(CORPORA / "hpc.yaml", ["workers"])


def test_unit_keys_change_with_what_stage_one_depends_on():
    a = recipe.load(CORPORA / "hpc.yaml")
    b = recipe.load(CORPORA / "hpc.yaml", ["dedup.near.threshold=0.9"])
    c = recipe.load(CORPORA / "hpc.yaml", ["filters.max_bytes=1000"])
    unit = a["sources"][0]
    assert a.unit_key(unit) == b.unit_key(unit)  # the threshold only matters after stage 1
    assert a.unit_key(unit) != c.unit_key(unit)


def test_validate_says_what_is_wrong_in_one_line(tmp_path, capsys):
    from hpccoder.cli import main

    for body in ("  - type: dir\n    path:\n", "  - {type: git, path: g, rev: 2024}\n"):
        (tmp_path / "r.yaml").write_text("name: r\nsources:\n" + body)
        assert main(["corpus", "validate", str(tmp_path / "r.yaml")]) == 2
        captured = capsys.readouterr()
        assert "ok" not in captured.out and len(captured.err.strip().splitlines()) == 1
        assert "Traceback" not in captured.err


def test_an_override_of_a_setting_that_was_off_gets_the_defaults():
    r = recipe.from_dict({"name": "x", "sources": [{"type": "dir", "path": "a"}], "dedup": {"near": False}},
                         ["dedup.near.threshold=0.8"])
    assert r["dedup"]["near"] == {"threshold": 0.8, "num_perm": 128, "shingle": 5}
    assert r.unit_key(r["sources"][0])  # num_perm and shingle are there
    off = recipe.from_dict({"name": "x", "sources": [{"type": "dir", "path": "a"}], "dedup": {"near": False}})
    assert off["dedup"]["near"] is False


def test_unit_keys_change_with_the_source_fingerprint():
    r = recipe.load(CORPORA / "hpc.yaml")
    unit = r["sources"][0]
    assert r.unit_key(unit, "b", "one") != r.unit_key(unit, "b", "two")


@pytest.mark.parametrize("extra,message", [
    # anyOf/oneOf: what is accepted, not "is not valid under any of the given schemas"
    ({"dedup": {"near": True}},
     "recipe: dedup/near: true is not accepted: give false or a mapping {threshold: ..., num_perm: ..., shingle: ...}"),
    ({"dedup": {"near": "0.8"}}, "recipe: dedup/near: '0.8' is not accepted: give false or a mapping {threshold: ..."),
    ({"sources": [{"type": "hf", "files": 5}]},
     "recipe: sources/0/files: 5 is not accepted: give a text or a list of texts (a parquet, jsonl, json or arrow "
     "file, or a list of them)"),
    # a mapping where one is accepted: what is wrong inside it
    ({"dedup": {"near": {"threshold": 1.5}}},
     "recipe: dedup/near/threshold: 1.5 is greater than or equal to the maximum of 1"),
    ({"dedup": {"near": {"thresh": 0.5}}}, "recipe: dedup/near: Additional properties are not allowed ('thresh' was "
                                           "unexpected) (allowed: threshold, num_perm, shingle)"),
    ({"sources": [{"type": "hf", "files": [5]}]}, "recipe: sources/0/files/0: 5 is not of type 'string'"),
    ({"sources": [{"type": "dir", "path": "a", "exclude": ["[z-a]*"]}]},
     "recipe: sources/0/exclude/0: '[z-a]*' is not a glob (bad character range z-a)"),
])
def test_a_bad_value_is_told_with_what_is_accepted(extra, message):
    with pytest.raises(HpcError) as info:
        recipe.from_dict({"name": "x", "sources": [{"type": "dir", "path": "a"}], **extra})
    assert str(info.value).startswith(message)
    assert "valid under any of the given schemas" not in str(info.value)


def test_a_change_of_how_units_are_read_redoes_only_the_units_it_concerns(monkeypatch):
    r = recipe.from_dict({"name": "x", "sources": [
        {"type": "dir", "path": "a"}, {"type": "git", "path": "g"}, {"type": "tarball", "path": "t.tgz"},
        {"type": "debian", "packages": ["petsc"]}, {"type": "debian", "packages": ["hypre"], "include": ["**/*.c"]},
        {"type": "hf", "dataset": "d"}]})
    rules = [recipe.unit_rules(src) for src in r["sources"]]
    # top-level license files name the license of a user's folder, repository or tarball
    assert [rule.get("package_license") for rule in rules] == [1, 1, 1, None, None, None]
    assert [rule.get("globs") for rule in rules] == [None] * 4 + [1, None]  # what '**/' takes
    keys = [r.unit_key(src, "b", "s") for src in r["sources"]]
    monkeypatch.setattr(recipe, "unit_rules", lambda unit: {})  # the keys of the code before these rules
    before = [r.unit_key(src, "b", "s") for src in r["sources"]]
    # the units a rule concerns are done again; the others keep their keys (a Debian package is not fetched
    # and read again for nothing)
    assert [new != old for new, old in zip(keys, before)] == [True, True, True, False, True, False]
