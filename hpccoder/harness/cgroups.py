"""Memory and process limits for a whole sandbox, with cgroups where the machine allows it.

Rlimits bound each process; a cgroup bounds the sandbox as a whole (all its processes,
and the RAM-backed /tmp, /dev/shm and scratch folders, whose pages are charged to it).
Creating cgroups needs root and a cgroup v1 hierarchy with the memory (and pids)
controller, or a cgroup v2 one with them delegated; elsewhere `available()` is false and
the rlimits are the only limits.
"""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
_counter = itertools.count()


def _own_paths() -> dict[str, str]:
    """controller name ('' for v2) -> this process's cgroup path."""
    out = {}
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            for c in controllers.split(",") if controllers else [""]:
                out[c] = path
    except OSError:
        pass
    return out


class Cgroup:
    def __init__(self, dirs: list[Path], memory_file: Path | None, events: Path | None):
        self.dirs, self.memory_file, self.events = dirs, memory_file, events

    def procs_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs]

    def out_of_memory(self) -> bool:
        """Whether the kernel killed a process of the sandbox for going over the memory limit."""
        try:  # v2 memory.events and v1 memory.oom_control both count `oom_kill`
            fields = dict(line.split()[:2] for line in self.events.read_text().splitlines() if line.strip())
            return int(fields.get("oom_kill", 0)) > 0
        except (OSError, ValueError, AttributeError):
            return False

    def remove(self) -> None:
        for d in self.dirs:
            for _ in range(50):  # the processes were killed; the kernel lets go of them shortly
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


class CgroupFactory:
    """Makes one cgroup per sandbox under this process's own cgroup."""

    def __init__(self):
        self.kind = None  # "v1" or "v2"
        if os.geteuid() != 0:
            return
        own = _own_paths()
        if "memory" in own and (ROOT / "memory").is_dir():
            self.memory_parent = ROOT / "memory" / own["memory"].lstrip("/")
            self.pids_parent = ROOT / "pids" / own["pids"].lstrip("/") if "pids" in own else None
            if self._try(self.memory_parent, "memory.limit_in_bytes"):
                self.kind = "v1"
        elif "" in own and (ROOT / "cgroup.controllers").exists():
            self.memory_parent = ROOT / own[""].lstrip("/")
            if self._try(self.memory_parent, "memory.max"):
                self.kind = "v2"

    @staticmethod
    def _try(parent: Path, probe_file: str) -> bool:
        test = parent / f"hpccoder-probe-{os.getpid()}"
        try:
            test.mkdir()
        except OSError:
            return False
        ok = (test / probe_file).exists()
        test.rmdir()
        return ok

    def available(self) -> bool:
        return self.kind is not None

    def create(self, memory_bytes: int, max_pids: int) -> Cgroup | None:
        if not self.kind:
            return None
        name = f"hpccoder-{os.getpid()}-{next(_counter)}"
        try:
            if self.kind == "v1":
                mem = self.memory_parent / name
                mem.mkdir()
                (mem / "memory.limit_in_bytes").write_text(str(memory_bytes))
                swap = mem / "memory.memsw.limit_in_bytes"
                if swap.exists():
                    swap.write_text(str(memory_bytes))
                dirs = [mem]
                if self.pids_parent and (self.pids_parent / "cgroup.procs").exists():
                    pids = self.pids_parent / name
                    pids.mkdir()
                    (pids / "pids.max").write_text(str(max_pids))
                    dirs.append(pids)
                return Cgroup(dirs, mem / "memory.limit_in_bytes", mem / "memory.oom_control")
            cg = self.memory_parent / name
            cg.mkdir()
            (cg / "memory.max").write_text(str(memory_bytes))
            if (cg / "memory.swap.max").exists():
                (cg / "memory.swap.max").write_text("0")
            if (cg / "pids.max").exists():
                (cg / "pids.max").write_text(str(max_pids))
            return Cgroup([cg], cg / "memory.max", cg / "memory.events")
        except OSError:
            return None


_factory: CgroupFactory | None = None


def factory() -> CgroupFactory:
    global _factory
    if _factory is None:
        _factory = CgroupFactory()
    return _factory
