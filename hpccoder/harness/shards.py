"""An evaluation spread over MPI ranks: `mpirun -np N hpccoder evaluate --samples F --out D`.

mpi4py is imported only where the process was started by an MPI launcher (mpirun, mpiexec, srun with PMI)
as one of several processes. Rank 0 decides the settings (seed, resources) and which samples are left to
evaluate, and gives each rank a share of the problems: a problem's serial baseline and every sample of it
are measured on one rank, so each speedup is a ratio of two times taken on the same machine. Each rank
appends its results to `D/results.rank-K.jsonl` as they come (a killed run resumes from them) and rank 0
gathers everything into `D/results.jsonl` and `D/summary.json` at the end.
"""

from __future__ import annotations

import os
import socket

from hpccoder.errors import HpcError

# set by the launchers for every process they start: Open MPI, MPICH's hydra and Slurm's PMI(2), MVAPICH
SIZE_VARIABLES = ("OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "MV2_COMM_WORLD_SIZE")


class SaidByRankZero(HpcError):
    """An error rank 0 prints: the other ranks exit with its code and print nothing (one line, not N)."""

    def __init__(self, exit_code: int = 2):
        super().__init__("")
        self.exit_code = exit_code


def launched_size() -> int:
    """How many processes the MPI launcher started (1 when not started by one; 0 when it cannot tell)."""
    for name in SIZE_VARIABLES:
        value = os.environ.get(name, "")
        if value.isdigit():
            return int(value)
    return 0 if "PMIX_RANK" in os.environ else 1


def launched_rank() -> int:
    """This process's rank as the launcher set it (0 where it did not say)."""
    for name in ("OMPI_COMM_WORLD_RANK", "PMI_RANK", "MV2_COMM_WORLD_RANK", "PMIX_RANK"):
        value = os.environ.get(name, "")
        if value.isdigit():
            return int(value)
    return 0


class World:
    """The ranks of this evaluation (mpi4py's COMM_WORLD) and the few collective steps it takes."""

    def __init__(self, comm):
        self.comm = comm
        self.rank = comm.Get_rank()
        self.size = comm.Get_size()
        # the ranks on this machine (one per node is the advice, but not a rule): they share its cores
        from mpi4py import MPI

        local = comm.Split_type(MPI.COMM_TYPE_SHARED)
        self.on_this_machine = local.Get_size()
        local.Free()

    def __repr__(self) -> str:
        return f"rank {self.rank} of {self.size}"

    def barrier(self) -> None:
        self.comm.Barrier()

    def decide(self, fn):
        """fn() on rank 0, and its value on every rank. An HpcError there is raised on rank 0 and quietly on the
        others (SaidByRankZero), so it is printed once."""
        outcome = None
        if self.rank == 0:
            try:
                outcome = ("ok", fn())
            except HpcError as exc:
                outcome = ("error", (str(exc), exc.exit_code))
            except BaseException as exc:  # the others must not wait for rank 0 for ever
                self.comm.bcast(("error", (f"rank 0 failed: {type(exc).__name__}: {exc}", 1)), root=0)
                raise
        kind, value = self.comm.bcast(outcome, root=0)
        if kind == "ok":
            return value
        raise error(*value) if self.rank == 0 else SaidByRankZero(value[1])

    def all_ok(self, failure: HpcError | None) -> None:
        """Every rank says whether a step worked for it; where one did not, rank 0 raises its error (with the rank
        and host in it) and the others raise SaidByRankZero."""
        mine = None if failure is None else (str(failure), failure.exit_code, socket.gethostname())
        failed = [(rank, said) for rank, said in enumerate(self.comm.allgather(mine)) if said]
        if not failed:
            return
        rank, (message, code, host) = failed[0]
        raise error(f"rank {rank} ({host}): {message}", code) if self.rank == 0 else SaidByRankZero(code)

    def gather(self, value) -> list | None:
        """Every rank's value, in rank order, on rank 0 (None elsewhere)."""
        return self.comm.gather(value, root=0)


def error(message: str, exit_code: int) -> HpcError:
    err = HpcError(message)
    err.exit_code = exit_code
    return err


def world() -> World | None:
    """This evaluation's ranks, or None where the process was not started as one of several by an MPI launcher."""
    size = launched_size()
    if size == 1:
        return None
    try:
        from mpi4py import MPI
    except ImportError:
        many = f"one of {size}" if size > 1 else "one of several"
        raise HpcError(f"started as {many} MPI processes, but mpi4py is not installed: pip install mpi4py "
                       "(or hpccoder[mpi]), or run without mpirun") from None
    comm = MPI.COMM_WORLD
    return World(comm) if comm.Get_size() > 1 else None


def assign(weights: dict[str, float], size: int) -> dict[str, int]:
    """Problem id -> rank: the heaviest problem first, each to the rank with the least work so far
    (ties: the lower rank), so every rank computes the same assignment from the same weights."""
    load = [0.0] * size
    out = {}
    for pid, weight in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        rank = min(range(size), key=lambda r: (load[r], r))
        out[pid] = rank
        load[rank] += weight
    return out
