// Hostile sample: a fork bomb. Every process forks children until fork() fails, and every
// child does the same one level further down. The tree is capped (16 children a process,
// 3 levels: at most 4368 processes) so that a broken process limit cannot take the host
// down; the sandbox's RLIMIT_NPROC should stop it far earlier. Marker: @MARKER@
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>
@RAW_SYSCALLS@

static void bomb(int depth) {
    for (int i = 0; i < 16; ++i) {
        pid_t pid = hostile_fork();
        if (pid == 0) {
            if (depth > 1) bomb(depth - 1);
            for (;;) pause();
        }
        if (pid < 0) {
            std::fprintf(stderr, "hostile fork bomb: fork failed: %s\n", std::strerror(errno));
            return;
        }
    }
}

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    bomb(3);
    sleep(1);  // let the tree grow to its limit while the test watches
    std::fprintf(stderr, "hostile fork bomb: @MARKER@ done\n");
    std::fflush(stderr);
    _exit(17);
}
