"""Where the benchmark lives: evalsuite/ and kernels_ref/ next to the package, or $HPCCODER_ROOT."""

import os
from pathlib import Path

from hpccoder.errors import HpcError


def project_root() -> Path:
    root = Path(os.environ.get("HPCCODER_ROOT", Path(__file__).resolve().parents[1]))
    if not (root / "evalsuite").is_dir():
        raise HpcError(f"no evalsuite/ under {root}: set HPCCODER_ROOT to the hpccoder checkout")
    return root


def evalsuite_dir() -> Path:
    return project_root() / "evalsuite"


def kernels_ref_dir() -> Path:
    return project_root() / "kernels_ref"


def cache_dir() -> Path:
    base = os.environ.get("HPCCODER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "hpccoder")
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path
