"""`hpccoder doctor`: what this machine can build and run, whether the sandbox works, what to install."""

from __future__ import annotations

import platform
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hpccoder.harness import cgroups
from hpccoder.harness import sandbox as sandbox_mod
from hpccoder.harness import toolchains
from hpccoder.harness.sandbox import Sandbox
from hpccoder.harness.toolchains.base import cpu_count, tool_version

# Tools of tracks that are not execution models of their own yet, with what installs them.
OTHER_TOOLS = {"iverilog": "iverilog", "verilator": "verilator", "yosys": "yosys"}


@dataclass
class ModelStatus:
    name: str
    builds: bool
    runs: bool
    detail: str


def check_model(name: str, sandbox: Sandbox | None) -> ModelStatus:
    tc = toolchains.get(name)
    missing = tc.missing()
    if missing:
        return ModelStatus(name, False, False, missing)
    if sandbox is None:
        return ModelStatus(name, False, False, "no sandbox to try it in")
    if hasattr(tc, "smoke_check"):  # a model that is not built like C++ (verilog)
        return ModelStatus(name, *tc.smoke_check(sandbox))
    res = tc.default_resources(cpu_count())[-1]
    with tempfile.TemporaryDirectory(prefix="hpccoder-doctor-") as tmp:
        Path(tmp).chmod(0o755)
        work = sandbox.make_dir(Path(tmp) / "w")
        (work / "smoke.cpp").write_text(tc.smoke_program())
        build = sandbox.run(["/bin/sh", "-c", " ".join(tc.compile_cmd("smoke.cpp", "smoke.o")) + " && "
                             + " ".join(tc.link_cmd(["smoke.o"], "smoke"))], work, timeout=120)
        if build.returncode != 0:
            return ModelStatus(name, False, False, f"a test program does not build: {build.stderr.strip()[:200]}")
        cannot = tc.cannot_run()
        if cannot:
            return ModelStatus(name, True, False, cannot)
        argv, env = tc.launch(["./smoke"], res)
        run = sandbox.run(argv, work, timeout=60, env=env, **tc.sandbox_options())
        if "hpccoder-ok" not in run.stdout:
            return ModelStatus(name, True, False, f"a test program fails with {res.label()} (ranks x threads): "
                                                  f"{(run.stderr or run.stdout).strip()[:200]}")
    parts = [f"{res.ranks} ranks"] * (res.ranks > 1) + [f"{res.threads} threads"] * (res.threads > 1)
    return ModelStatus(name, True, True, "ran" + (" with " + " x ".join(parts) if parts else ""))


def gpu() -> str:
    from hpccoder.harness.toolchains.cuda import probe_gpus  # asks the NVIDIA driver itself (libcuda)
    found = probe_gpus()
    if "error" in found:
        return f"none ({found['error']})"
    if not found["devices"]:
        return "none (the NVIDIA driver reports no device)"
    names = "; ".join(f"{d['name']} (compute capability {d['capability']})" for d in found["devices"])
    if shutil.which("nvidia-smi"):
        out = subprocess.run(["nvidia-smi", "--query-gpu=memory.total", "--format=csv,noheader"],
                             capture_output=True, text=True)
        if out.returncode == 0:
            names += f", memory {out.stdout.strip().splitlines()[0]}"
    return names


FINETUNE_PACKAGES = {  # package: what it is for, where it is missing
    "torch": "everything: ./setup.sh", "transformers": "everything: ./setup.sh", "peft": "LoRA: ./setup.sh",
    "accelerate": "training: ./setup.sh", "bitsandbytes": "method qlora: pip install 'hpccoder[qlora]'",
    "deepspeed": "the DeepSpeed configs (GPUs): pip install deepspeed",
}


def finetune_packages() -> list[str]:
    """The fine-tuning stack's versions, read from the installed metadata (nothing is imported)."""
    from importlib.metadata import PackageNotFoundError, version

    lines = []
    for name, needed_for in FINETUNE_PACKAGES.items():
        try:
            found = version(name)
        except PackageNotFoundError:
            found = f"missing (for {needed_for})"
        lines.append(f"  {name:<12} {found}")
    return lines


def doctor() -> int:
    print(f"machine: {cpu_count()} cores, {platform.system()} {platform.machine()}, Python {platform.python_version()}")
    print(f"GPU: {gpu()}")
    ok, why = sandbox_mod.probe()
    print(f"sandbox: {'works (bubblewrap: ' + str(tool_version('bwrap')) + ')' if ok else 'NOT AVAILABLE: ' + why}")
    if not ok:
        print("  install it: apt-get install bubblewrap (without it, evaluation refuses to run generated code)")
    cg = cgroups.factory()
    print(f"limits: memory and processes per sandbox (cgroup {cg.kind})" if cg.available() else
          "limits: memory per process (RLIMIT_AS) and processes per uid; per-sandbox limits need root "
          "and a cgroup hierarchy with the memory controller")
    print("tools:")
    tools = {}
    for name in toolchains.names():
        for tool in toolchains.get(name).tools():
            tools.setdefault(tool, toolchains.get(name).packages)
    tools.update(OTHER_TOOLS)
    for tool, package in tools.items():
        version = tool_version(tool)
        print(f"  {tool:<10} {version if version else 'missing: apt-get install ' + package}")
    print("execution models:")
    sandbox = Sandbox() if ok else None
    for name in toolchains.names():
        st = check_model(name, sandbox)
        state = "build+run" if st.runs else ("build only" if st.builds else "unavailable")
        print(f"  {name:<9} {state:<12} {st.detail}")
        if st.builds and not st.runs and toolchains.get(name).where_not_run:
            print(f"  {'':<9} {'':<12} {toolchains.get(name).where_not_run}")
    print(race_check_line())
    print("fine-tuning (hpccoder finetune; GPUs for FSDP and DeepSpeed, see docs/gpu.md):")
    print("\n".join(finetune_packages()))
    print("many machines (README: Evaluation on many machines):")
    print("\n".join(scale_lines()))
    return 0 if ok else 1


def race_check_line() -> str:
    from hpccoder.harness import racecheck
    why = racecheck.missing()
    if why:
        return f"race check: NOT AVAILABLE ({why}); omp and mpi+omp samples are judged without it"
    hybrid = racecheck.SHAPES["mpi+omp"]
    no_mpi = toolchains.get("mpi+omp").missing() is None and racecheck.missing_for("mpi+omp")
    return (f"race check: available ({racecheck.version()}, ThreadSanitizer + Archer): passing omp samples are run "
            f"once more at {racecheck.THREADS} threads, mpi+omp samples at {hybrid.ranks} ranks x {hybrid.threads} "
            "threads with what MPI does to their buffers told to TSan (--no-race-check skips it)"
            + (f"; mpi+omp samples are NOT checked here ({no_mpi})" if no_mpi else ""))


def scale_lines() -> list[str]:
    """What this machine has for spreading work: mpi4py (mpirun), submitit and Slurm (--submit); nothing imported."""
    import shutil
    from importlib.metadata import PackageNotFoundError, version

    def have(package: str) -> str | None:
        try:
            return version(package)
        except PackageNotFoundError:
            return None

    mpi4py, submitit, sbatch = have("mpi4py"), have("submitit"), shutil.which("sbatch")
    return [
        "  mpi4py       " + (f"{mpi4py} (mpirun -np N hpccoder evaluate)" if mpi4py else "missing: pip install mpi4py"),
        "  submitit     " + (f"{submitit} (--submit N)" if submitit else "missing: pip install submitit"),
        "  Slurm        " + (f"sbatch at {sbatch}; {slurm_partitions()}" if sbatch
                             else "no sbatch (--submit N --cluster local: jobs here)"),
    ]


def slurm_partitions() -> str:
    """What the controller says of its partitions (sinfo), or why it says nothing."""
    import subprocess

    try:
        out = subprocess.run(["sinfo", "-h", "-o", "%P %a %D %t"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "sinfo gives no answer: no controller reachable from here"
    if out.returncode != 0:
        return "sinfo: " + ((out.stderr.strip().splitlines() or ["failed"])[-1])[:120]
    parts = [f"{p} ({a}: {d} {t})" for p, a, d, t in (ln.split()[:4] for ln in out.stdout.splitlines()
                                                      if len(ln.split()) >= 4)]
    return "partitions " + ", ".join(parts[:6]) + (" ..." if len(parts) > 6 else "") if parts else "no partition"
