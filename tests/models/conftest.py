"""A tiny causal LM built from a config, with a tokenizer trained here: no download."""

from __future__ import annotations

from pathlib import Path

import pytest
from hpctest import CHAT_TEMPLATE, build_tiny_model  # noqa: F401 (tests import them from here too)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-chat-model"))


@pytest.fixture(scope="session")
def tiny_base_model(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-base-model"), chat=False)
