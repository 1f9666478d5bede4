from hpccoder.harness.toolchains.base import Resources, uses_mpi, uses_openmp
from hpccoder.harness.toolchains.mpi import MPI


class MPIOpenMP(MPI):
    name = "mpi+omp"
    ref_file = "mpi_omp.cpp"
    compile_flags = MPI.compile_flags + ("-fopenmp",)
    link_flags = ("-fopenmp",)
    headers = ("mpi.h", "omp.h")

    def default_resources(self, cores):
        # 3 ranks as well: see MPI.default_resources; and 4 ranks, checked only (the n of 2 x 2: see base.timed), for
        # what only 4 ranks show (a stencil's halo next to a rank that holds no rows at n = 4)
        return [Resources(2, 1), Resources(3, 1), Resources(4, 1), Resources(2, max(2, cores // 2))]  # doctor: the last

    resource_flag = "--hybrid"
    resource_help = ("RANKSxTHREADS for mpi+omp tasks (default 2x1,3x1,4x1,2xcores/2; of shapes with the same "
                     "ranks x threads, the one with the most threads is timed, the others checked only)")

    def resource_arg(self, resources):
        return ",".join(r.label() for r in resources)

    def resources_from(self, first, second):
        return Resources(first, 1 if second is None else second)

    def model_violation(self, undefined):
        missing = [name for name, ok in (("MPI", uses_mpi(undefined)), ("OpenMP", uses_openmp(undefined))) if not ok]
        return f"does not use {' and '.join(missing)}" if missing else None


TOOLCHAIN = MPIOpenMP()
