"""What an execution model tells the harness: how to build, launch and recognise it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from hpccoder.errors import HpcError


@dataclass(frozen=True, order=True)
class Resources:
    ranks: int = 1
    threads: int = 1

    @property
    def n(self) -> int:
        return self.ranks * self.threads

    def label(self) -> str:
        return f"{self.ranks}x{self.threads}"

    @classmethod
    def from_label(cls, label) -> "Resources":
        """The inverse of label(): 'RANKSxTHREADS' as run.json keeps it; ValueError for anything else."""
        m = re.fullmatch(r"(\d+)x(\d+)", str(label))
        if not m:
            raise ValueError(f"resource '{label}' is not RANKSxTHREADS")
        return cls(int(m[1]), int(m[2]))

    def to_json(self) -> dict:
        return {"ranks": self.ranks, "threads": self.threads}


def timed(resources) -> set[Resources]:
    """Which of an execution model's configurations are timed: of those with the same n (4 ranks x 1 thread and
    2 x 2), the one with the most threads; the others are checked only. Speedups are kept per n, and at an n the
    hybrid shape is the one that says how the model scales; the other shapes are there to find bugs that only
    they show (an empty rank at 4 ranks)."""
    best: dict[int, Resources] = {}
    for r in resources:
        if r.n not in best or r.threads > best[r.n].threads:
            best[r.n] = r
    return set(best.values())


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def powers_of_two_upto(limit: int) -> list[int]:
    out, v = [], 1
    while v <= limit:
        out.append(v)
        v *= 2
    if out[-1] != limit:
        out.append(limit)
    return out


VERSION_FLAGS = {"iverilog": "-V", "vvp": "-V"}


@lru_cache(maxsize=None)
def tool_version(exe: str) -> str | None:
    flag = VERSION_FLAGS.get(exe, "--version")
    path = shutil.which(exe)
    if not path:
        return None
    try:
        out = subprocess.run([path, flag], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (out.stdout + out.stderr).strip().splitlines()
    # the first line that carries a version number (nvcc's is its fourth)
    return next((ln.strip() for ln in lines if re.search(r"\d+\.\d+", ln)), lines[0] if lines else exe)


class Toolchain:
    """One execution model. Subclasses set the class attributes and override what differs."""

    name: str = ""
    ref_file: str = ""  # the reference kernel's file name under kernels_ref/<problem>/
    language: str = "cpp"
    compiler: str = "g++"
    compile_flags: tuple[str, ...] = ("-O3", "-std=c++17")
    link_flags: tuple[str, ...] = ()
    # Full RELRO: the table of library addresses the program calls through is made read-only before main. Left
    # writable, a candidate pointed the driver's clock (steady_clock::now) at its own and chose its speedup.
    hardening: tuple[str, ...] = ("-Wl,-z,relro,-z,now",)
    defines: tuple[str, ...] = ()  # for the driver only
    headers: tuple[str, ...] = ()  # the model's own headers, in the prompt and the preamble
    packages: str = "g++"  # Debian packages that provide the toolchain

    # -- what the machine has ---------------------------------------------------------------
    def tools(self) -> list[str]:
        return [self.compiler]

    def missing(self) -> str | None:
        """Why this model cannot be built here, with what to install; None if it can."""
        absent = [t for t in self.tools() if not shutil.which(t)]
        if absent:
            return f"{', '.join(absent)} not found: apt-get install {self.packages}"
        return None

    def cannot_run(self) -> str | None:
        """Why built programs cannot run here (for example no GPU); None if they can."""
        return None

    # what a user can still do where built programs cannot run (said by `hpccoder doctor`), if anything
    where_not_run: str = ""

    def versions(self) -> dict[str, str | None]:
        return {t: tool_version(t) for t in self.tools()}

    # -- resources -----------------------------------------------------------------------------
    def default_resources(self, cores: int) -> list[Resources]:
        return [Resources()]

    def parse_resources(self, text: str) -> list[Resources]:
        """'1,2,4' (threads or ranks) or '2x1,2x2' (ranks x threads)."""
        out = []
        for item in filter(None, (t.strip() for t in text.split(","))):
            m = re.fullmatch(r"(\d+)(?:x(\d+))?", item)
            if not m:
                raise HpcError(f"bad resource '{item}' for {self.name}: use counts like 1,2,4 or RANKSxTHREADS like 2x2")
            first, second = int(m.group(1)), int(m.group(2)) if m.group(2) else None
            if first < 1 or (second is not None and second < 1):
                raise HpcError(f"bad resource '{item}' for {self.name}: every count is at least 1")
            out.append(self.resources_from(first, second))
        if not out or any(r.n < 1 for r in out):
            raise HpcError(f"bad resources '{text}' for {self.name}")
        return sorted(set(out))

    def resources_from(self, first: int, second: int | None) -> Resources:
        return Resources()

    # the flag of `hpccoder evaluate`, `run` and `suite validate` that sets this model's resources, if any, and its
    # --help (the CLI makes one flag per toolchain that names one: a new model needs nothing in cli.py)
    resource_flag: str | None = None
    resource_help: str = ""

    def resource_arg(self, resources: list[Resources]) -> str:
        """`resources` as resource_flag takes them (the inverse of parse_resources)."""
        return ",".join(r.label() for r in resources)

    # -- building --------------------------------------------------------------------------------
    def preamble(self) -> str:
        """Prepended to every candidate: the standard headers, so a body that forgot one still builds."""
        common = ["cstddef", "cstdint", "cstdlib", "cmath", "vector", "algorithm", "numeric", "limits",
                  "utility", "complex"]
        lines = [f"#include <{h}>" for h in common] + [f"#include <{h}>" for h in self.headers]
        return "\n".join(lines) + "\n"

    def compile_cmd(self, source: str, obj: str, include: tuple[str, ...] = (), driver: bool = False) -> list[str]:
        """The compile command; `driver` adds the driver's defines (`HPCCODER_MPI`, ...)."""
        extra = [*self.defines] * driver + [f"-I{d}" for d in include]
        return [self.compiler, *self.compile_flags, *extra, "-c", source, "-o", obj]

    def link_cmd(self, objects: list[str], out: str) -> list[str]:
        return [self.compiler, *objects, *self.link_flags, *self.hardening, "-o", out]

    def model_violation(self, undefined: set[str]) -> str | None:
        """Why a candidate object does not use this execution model (None if it does)."""
        return None

    # The driver also runs this model's own reference kernel, linked with its entry renamed
    # `<entry>__hpcref_<name>` (cuda: to time it in the same run).
    links_reference: bool = False

    def object_violation(self, obj, entry_symbols: set[str]) -> str | None:
        """Why a compiled candidate object does not count, judged from the object itself (None if it does);
        `entry_symbols` are the entry's symbols the driver calls."""
        return None

    def sandbox_options(self) -> dict:
        """Extra options of the sandbox a built program runs in (e.g. device nodes to bind)."""
        return {}

    def prompt_vars(self, problem) -> dict:
        """Template variables of this model's prompts, over the defaults from problem.yaml."""
        return {}

    def run_args(self, problem) -> list[str]:
        """Extra command-line arguments of the driver (e.g. the cuda launch configuration)."""
        return []

    def reference_candidate(self, source: str) -> str:
        """The reference kernel written as a candidate sample (the same text, except where a model renames)."""
        return source

    def smoke_program(self) -> str:
        """A tiny program that uses the model and prints `hpccoder-ok` (for `hpccoder doctor`)."""
        return '#include <cstdio>\nint main() { std::puts("hpccoder-ok"); return 0; }\n'

    # -- running ---------------------------------------------------------------------------------
    def launch(self, program: list[str], res: Resources) -> tuple[list[str], dict[str, str]]:
        return program, threads_env(res)


def threads_env(res: Resources) -> dict[str, str]:
    """OpenMP's threads: OMP_THREAD_LIMIT also caps a team a candidate asks for itself (num_threads(64),
    omp_set_num_threads), which would otherwise be timed as if on `threads` cores."""
    return {"OMP_NUM_THREADS": str(res.threads), "OMP_THREAD_LIMIT": str(res.threads)}


# libgomp entry points that only code with an OpenMP construct calls (omp_* library calls alone do not count)
OPENMP_MARKERS = ("GOMP_parallel", "GOMP_loop", "GOMP_task", "GOMP_teams", "GOMP_sections",
                  "GOMP_single", "GOMP_critical", "GOMP_barrier", "GOMP_atomic")

# MPI calls that move data between ranks, by stem: a candidate that calls none of them is serial code, whatever
# else of MPI it calls (MPI_Comm_rank, MPI_Type_size, MPI_Barrier, MPI_Reduce_local...). A stem stands for
# its nonblocking (I...), request-based RMA (R...), persistent (..._init) and large-count (..._c) forms.
MPI_COMMUNICATING = {
    # point to point
    "send", "bsend", "ssend", "rsend", "recv", "sendrecv", "sendrecv_replace", "mrecv", "psend", "precv",
    # collectives and neighbourhood collectives
    "bcast", "reduce", "allreduce", "reduce_scatter", "reduce_scatter_block", "scan", "exscan",
    "gather", "gatherv", "scatter", "scatterv", "allgather", "allgatherv", "alltoall", "alltoallv", "alltoallw",
    "neighbor_allgather", "neighbor_allgatherv", "neighbor_alltoall", "neighbor_alltoallv", "neighbor_alltoallw",
    # one-sided, and memory shared between the ranks of a node
    "put", "get", "accumulate", "get_accumulate", "fetch_and_op", "compare_and_swap",
    "win_allocate_shared", "win_shared_query",
}


def mpi_stem(symbol: str) -> str | None:
    """The communicating stem an MPI symbol stands for (MPI_Iallreduce, PMPI_Send_init_c: 'allreduce', 'send'),
    or None."""
    name = symbol[1:] if symbol.startswith("PMPI_") else symbol
    if not name.startswith("MPI_"):
        return None
    stem = name[4:].lower()
    for suffix in ("_c", "_init"):
        stem = stem.removesuffix(suffix)
    if stem in MPI_COMMUNICATING:
        return stem
    if stem[:1] in ("i", "r") and stem[1:] in MPI_COMMUNICATING:
        return stem[1:]
    return None


def uses_openmp(undefined: set[str]) -> bool:
    return any(sym.startswith(OPENMP_MARKERS) for sym in undefined)


def uses_mpi(undefined: set[str]) -> bool:
    return any(mpi_stem(s) for s in undefined)
