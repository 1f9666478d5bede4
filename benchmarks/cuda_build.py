"""What building a cuda sample costs: nvcc against g++ on the same problems, in the sandbox.

    .venv/bin/python benchmarks/cuda_build.py [--rounds 2] [--tasks SELECTOR]     # --repeat: --rounds

For every problem with a cuda task (or those of `--tasks`), compiles its CUDA reference kernel with the cuda
toolchain's command (nvcc, sm_80 + sm_90 cubins + compute_90 PTX) and its serial reference
with the serial toolchain's (g++ -O3), each in a fresh sandbox, `rounds` times, and reports
the median wall-clock and CPU seconds (user + system of the compiler's processes) per file,
the nvcc/g++ ratios, and the time to read the device code of an object (fatbin.py). CPU
seconds barely move when other work shares the machine; wall-clock seconds do. Also prints
the cuda driver's compile time (the harness builds it once per problem and caches it).

Every round builds each problem's three files (in reverse order every other round, so that a drift
of the machine's load hits them all); a round's figure is the median over the problems. Printed:
the median of the rounds' figures with their spread (min-max, the interquartile range from 5), the
nvcc/g++ ratios as ratios of the medians with the range of the per-round ratios, and, where the
spreads of nvcc and g++ overlap, that the ratio is not distinguishable from noise.
"""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # _cli

from _cli import positive, run  # noqa: E402
from _spread import Spread, ratio_text  # noqa: E402

from hpccoder.errors import HpcError  # noqa: E402
from hpccoder.harness import toolchains  # noqa: E402
from hpccoder.harness.fatbin import device_code  # noqa: E402
from hpccoder.harness.sandbox import Sandbox  # noqa: E402
from hpccoder.suite import Suite  # noqa: E402


def compile_once(sandbox: Sandbox, root: Path, model: str, files: dict[str, str | Path], driver: bool = False):
    tc = toolchains.get(model)
    work = sandbox.make_dir(root / f"{model}-{time.monotonic_ns()}")
    for name, content in files.items():
        (work / name).write_text(content if isinstance(content, str) else content.read_text())
    cmd = tc.compile_cmd("src.cpp", "out.o", include=(".",), driver=driver)
    wall = time.monotonic()
    # the shell's `times` builtin: CPU time of the compiler and everything it started, inside the sandbox
    out = sandbox.run(["/bin/sh", "-c", shlex.join(cmd) + " && times"], work, timeout=600)
    wall = time.monotonic() - wall
    if out.returncode != 0:
        raise HpcError(f"{model} build failed: {' '.join(out.stderr[:500].split())}")
    user, system = re.findall(r"(\d+)m([\d.]+)s", out.stdout.strip().splitlines()[-1])
    cpu = sum(60 * float(m) + float(s) for m, s in (user, system))
    return wall, cpu, work / "out.o"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", "--repeat", type=positive, default=2, help="builds of each file (default 2)")
    ap.add_argument("--tasks", help="task selector, e.g. dense_la,sparse_la (default: every problem's cuda task)")
    args = ap.parse_args()
    suite = Suite()
    tasks = [t for t in suite.select(args.tasks) if t.model == "cuda"]
    if not tasks:
        print("cuda_build: no cuda task matches --tasks", file=sys.stderr)
        return 2
    # Said before any work, in one line (it was a failed build, or, where the sandbox's PATH has an nvcc this
    # PATH lacks, a measurement of a compiler the harness would not use). No GPU is needed: nothing runs.
    missing = toolchains.get("cuda").missing() or toolchains.get("serial").missing()
    if missing:
        raise HpcError(f"nothing to compare: {missing}")
    sandbox = Sandbox()
    root = Path(tempfile.mkdtemp(prefix="hpccoder-bench-cuda-"))
    root.chmod(0o755)
    names = ["nvcc (cuda.cu)", "g++ (serial.cpp)", "nvcc (cuda driver)"]
    rows = {name: [[] for _ in range(args.rounds)] for name in names}  # name -> round -> [(wall, cpu)] per problem
    inspect = [[] for _ in range(args.rounds)]
    try:
        common = suite.root / "cpp" / "common"
        for task in tasks:
            problem = task.problem
            cuda, serial = toolchains.get("cuda"), toolchains.get("serial")
            for r in range(args.rounds):
                for name in names if r % 2 == 0 else names[::-1]:
                    if name == "nvcc (cuda.cu)":
                        wall, cpu, obj = compile_once(sandbox, root, "cuda", {"src.cpp": cuda.preamble()
                                                                              + task.reference_file().read_text()})
                        t0 = time.perf_counter()
                        code = device_code(obj)
                        inspect[r].append(time.perf_counter() - t0)
                        if not (code.cubins and code.ptx):
                            raise HpcError(f"{problem.id}: the cuda object holds no cubin or no PTX")
                    elif name == "g++ (serial.cpp)":
                        wall, cpu, _ = compile_once(sandbox, root, "serial", {
                            "src.cpp": serial.preamble() + (problem.ref_dir / "serial.cpp").read_text()})
                    else:
                        files = {"src.cpp": problem.path / "driver.cpp",
                                 **{p.name: p for p in common.iterdir() if p.is_file()}}
                        wall, cpu, _ = compile_once(sandbox, root, "cuda", files, driver=True)
                    rows[name][r].append((wall, cpu))
            print(f"  {problem.id}: done", file=sys.stderr)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    # per round, the median over the problems; then the median and spread of the rounds
    wall = {k: [statistics.median(w for w, _ in per) for per in v] for k, v in rows.items()}
    cpu = {k: [statistics.median(c for _, c in per) for per in v] for k, v in rows.items()}
    print(f"median and spread of {args.rounds} rounds of the median over {len(tasks)} problems "
          f"(each round builds each problem's files in turn, reversed every other round)")
    print(f"{'per file':<22}{'wall s':<30}{'CPU s'}")
    for name in names:
        print(f"{name:<22}{Spread.of(wall[name]).text('.2f'):<30}{Spread.of(cpu[name]).text('.2f')}")
    nv, gx = "nvcc (cuda.cu)", "g++ (serial.cpp)"
    for what, fig in (("wall", wall), ("CPU", cpu)):
        per_round = [a / b for a, b in zip(fig[nv], fig[gx])]
        ratio = ratio_text(Spread.of(fig[nv]), Spread.of(fig[gx]), ("nvcc", "g++"), per_round, ratio_fmt=".1f",
                           what="round")
        print(f"nvcc / g++ per sample, {what}: {ratio}")
    ms = Spread.of(statistics.median(t) * 1e3 for t in inspect)
    print(f"reading an object's device code: {ms.text('.2f', 'ms')}")

if __name__ == "__main__":
    sys.exit(run(main))
