from hpccoder.errors import HpcError
from hpccoder.harness.toolchains.base import Resources, Toolchain, powers_of_two_upto, threads_env, uses_mpi

# Ranks on a machine with fewer cores than ranks: Open MPI must be told it may oversubscribe.
# All ranks share one node (and the sandbox has no network): shared memory (vader) through
# ob1; not probing UCX and the fabric components saves 0.2 s of every launch.
MPI_ENV = {
    "OMPI_MCA_rmaps_base_oversubscribe": "1",
    "OMPI_MCA_pml": "ob1",
    "OMPI_MCA_btl": "self,vader",
    "OMPI_MCA_mtl": "^ofi,psm,psm2",
    "OMPI_MCA_osc": "^ucx",
    # No single-copy (CMA: process_vm_writev into another rank): the driver makes each rank non-dumpable, which
    # keeps the other ranks' writes out, so an MPI_Put through vader retried EPERM forever (a correct
    # one-sided sample timed out). Copies through the shared segment instead, for samples and references alike.
    "OMPI_MCA_btl_vader_single_copy_mechanism": "none",
    # A rank waiting for a message yields the core instead of spinning on it. Open MPI yields on its own only when
    # the ranks outnumber the cores; at 2 ranks on 2 cores with other work running (the harness's other samples,
    # another user's jobs) the spinning rank keeps the core from the rank it waits for: 3000 allreduces with a
    # little work between took 2.7-13 s spinning and 0.6-0.75 s yielding at a load of 6 (a reference timed out
    # once so). Alone on the machine a yield returns at once. For the reference and the candidate alike.
    "OMPI_MCA_mpi_yield_when_idle": "1",
    "OMPI_ALLOW_RUN_AS_ROOT": "1",
    "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
}


class MPI(Toolchain):
    name = "mpi"
    ref_file = "mpi.cpp"
    compiler = "mpicxx"
    # Without the C++ bindings: their vtables reference MPI_Send and friends from every object
    # that includes mpi.h, which would hide whether a candidate communicates at all.
    compile_flags = ("-O3", "-std=c++17", "-DOMPI_SKIP_MPICXX", "-DMPICH_SKIP_MPICXX")
    defines = ("-DHPCCODER_MPI",)
    headers = ("mpi.h",)
    packages = "openmpi-bin libopenmpi-dev"

    def tools(self):
        return ["mpicxx", "mpirun"]

    def default_resources(self, cores):
        # powers of two, and 3: a split that assumes the ranks divide n (true of every power-of-two size, the
        # FFTs' only sizes, at every power-of-two rank count) is found out at 3
        return [Resources(r, 1) for r in sorted({3, *powers_of_two_upto(max(4, cores))})]

    resource_flag = "--ranks"
    resource_help = "MPI rank counts for mpi tasks (default 1,2,3,4 and powers of two up to the cores)"

    def resource_arg(self, resources):
        return ",".join(str(r.ranks) for r in resources)

    def resources_from(self, first, second):
        if second not in (None, 1):  # ranks of one thread each: the threads are mpi+omp's (--hybrid)
            raise HpcError(f"--ranks {first}x{second}: MPI tasks take rank counts (1,2,4); ranks with threads are "
                           "for mpi+omp tasks (--hybrid)")
        return Resources(first, 1)

    def model_violation(self, undefined):
        return None if uses_mpi(undefined) else "does not use MPI (no MPI communication call in the compiled code)"

    def smoke_program(self):
        return ('#include <cstdio>\n#include <mpi.h>\nint main(int c, char **v) { MPI_Init(&c, &v);\n'
                '  int r, n, one = 1, sum = 0; MPI_Comm_rank(MPI_COMM_WORLD, &r); MPI_Comm_size(MPI_COMM_WORLD, &n);\n'
                '  MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);\n'
                '  if (r == 0 && sum == n) std::puts("hpccoder-ok"); MPI_Finalize(); return 0; }\n')

    def launch(self, program, res):
        argv = ["mpirun", "-np", str(res.ranks), "--bind-to", "none", "-x", "OMP_NUM_THREADS",
                "-x", "OMP_THREAD_LIMIT", *program]
        return argv, {**MPI_ENV, **threads_env(res)}


TOOLCHAIN = MPI()
