from hpccoder.errors import HpcError
from hpccoder.harness.toolchains.base import Resources, Toolchain, powers_of_two_upto, uses_openmp


class OpenMP(Toolchain):
    name = "omp"
    ref_file = "omp.cpp"
    compile_flags = ("-O3", "-std=c++17", "-fopenmp")
    link_flags = ("-fopenmp",)
    headers = ("omp.h",)

    def default_resources(self, cores):
        # as MPI's ranks: 3 and at least 4 threads whatever the cores (a scan whose blocks add only the previous
        # block's total is right at 1 and 2 threads; a split assuming the threads divide n is right at every
        # power of two); on fewer cores the threads share them, and their timings say so (speedup_n at each n)
        return [Resources(1, t) for t in sorted({3, *powers_of_two_upto(max(4, cores))})]

    resource_flag = "--threads"
    resource_help = "OpenMP thread counts to run omp tasks with (default 1,2,3,4 and powers of two up to the cores)"

    def resource_arg(self, resources):
        return ",".join(str(r.threads) for r in resources)

    def resources_from(self, first, second):
        if second is not None:  # 2x2 ran 2 threads and reported 4 (n = ranks x threads)
            raise HpcError(f"--threads {first}x{second}: OpenMP tasks take thread counts (1,2,4), not RANKSxTHREADS")
        return Resources(1, first)

    def smoke_program(self):
        return ('#include <cstdio>\n#include <omp.h>\nint main() { int n = 0;\n'
                '#pragma omp parallel reduction(+:n)\n  n += 1;\n'
                '  if (n == omp_get_max_threads()) std::puts("hpccoder-ok"); return 0; }\n')

    def model_violation(self, undefined):
        return None if uses_openmp(undefined) else "does not use OpenMP (no OpenMP construct in the compiled code)"


TOOLCHAIN = OpenMP()
