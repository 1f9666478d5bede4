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
