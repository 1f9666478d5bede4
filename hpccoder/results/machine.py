"""What a run ran on: the CPU model and cores, memory, GPUs (detected, never assumed), the OS."""

from __future__ import annotations

import os
import platform
import shutil
import socket
import subprocess

from hpccoder.harness.toolchains.base import cpu_count


def cpu_model() -> str:
    # x86 says "model name"; ARM kernels say "Model" or nothing useful, hence the fallbacks
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Model", "Hardware", "cpu model") and value.strip():
                    return " ".join(value.split())
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def memory_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 2**20, 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def gpus() -> list[dict]:
    """The NVIDIA GPUs nvidia-smi lists (none where it is absent or finds none)."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return []
    try:
        out = subprocess.run([exe, "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if out.returncode != 0:
        return []
    found = []
    for line in out.stdout.strip().splitlines():
        parts = [p.strip() for p in line.split(",")]
        if parts and parts[0]:
            found.append({"name": parts[0], "memory": parts[1] if len(parts) > 1 else None,
                          "driver": parts[2] if len(parts) > 2 else None})
    return found


def hardware() -> dict:
    return {
        "hostname": socket.gethostname(),
        "cpu": cpu_model(),
        "cores": cpu_count(),  # the cores this process may use, which is what the runs had
        "cores_total": os.cpu_count(),
        "memory_gib": memory_gib(),
        "gpus": gpus(),
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def describe(hw: dict) -> str:
    """One line: 'Intel Xeon ..., 2 cores, 24 GiB, GPU: H100'. Values of other types than hardware() writes (a
    store written from a hand-edited record.json) show as '?' or are left out, never fail."""
    if not hw:
        return "unknown"
    if not isinstance(hw, dict):
        return "?"
    cpu, cores, machines, memory = hw.get("cpu"), hw.get("cores", "?"), hw.get("machines", 1), hw.get("memory_gib")
    parts = [(cpu if isinstance(cpu, str) else "?") if cpu else "unknown CPU",
             f"{cores if isinstance(cores, (int, str)) or cores is None else '?'} cores"]
    if isinstance(machines, int) and machines > 1:  # an evaluation in shards: the first machine's, and how many
        parts[-1] += f" (x{machines} machines)"
    if isinstance(memory, (int, float)) and not isinstance(memory, bool) and memory:
        parts.append(f"{memory:g} GiB")
    if "gpus" not in hw:  # a folder from before record.json: what it ran on is not known
        parts.append("GPU unknown")
    elif not isinstance(hw["gpus"], list):
        parts.append("GPU: ?")
    else:
        names = [str(g.get("name") or "?") if isinstance(g, dict) else "?" for g in hw["gpus"]]
        parts.append("GPU: " + ", ".join(names) if names else "no GPU")
    return ", ".join(parts)
