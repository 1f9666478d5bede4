"""Tiny models and data for the fine-tuning tests: built here, nothing downloaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hpctest import REPO, build_tiny_model


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-base"), chat=False)


@pytest.fixture(scope="session")
def tiny_base_64(tmp_path_factory) -> Path:
    """Layers of 64 or more inputs: what bitsandbytes' 4-bit blocks need on the CPU."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny-base-64"), chat=False, hidden=64)


@pytest.fixture(scope="session")
def sources(tmp_path_factory) -> Path:
    """A folder of C++ sources to train on (the reference kernels: fine for a test of the mechanics)."""
    folder = tmp_path_factory.mktemp("sources")
    for i, p in enumerate(sorted((REPO / "kernels_ref" / "cpp").rglob("*.cpp"))):
        (folder / f"{i:03d}_{p.parent.name}_{p.name}").write_text(p.read_text())
    return folder


@pytest.fixture(scope="session")
def mpi_programs(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mpi") / "mpi.jsonl"
    with path.open("w") as fh:
        for p in sorted((REPO / "kernels_ref" / "cpp").rglob("mpi*.cpp")):
            fh.write(json.dumps({"content": p.read_text()}) + "\n")
    return path
