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


def publish(target: Path, source: Path | None = None, text: str | None = None) -> None:
    """Put a file of the cache in place at once (a copy of `source`, or `text`): written under a name of this
    process's and thread's own, then renamed, so that evaluations sharing the cache (MPI ranks on one node) never
    see half a file nor trip over each other's temporary one."""
    import shutil
    import threading
    import uuid

    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        if source is not None:
            shutil.copyfile(source, tmp)
        else:
            tmp.write_text(text or "")
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
