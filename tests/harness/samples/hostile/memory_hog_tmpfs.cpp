// Hostile sample: a memory hog that keeps its memory in files on the RAM-backed file
// systems the sandbox may have (the private /tmp, /dev/shm, the sandbox's root) rather
// than in its address space. Writes files of 8 MB (under the file size limit) until a
// write fails, at most @CAP_MB@ MB a place, and reports how much each place took.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>
@RAW_SYSCALLS@

static long fill(const char *dir) {
    static char buf[1 << 20];
    std::memset(buf, 7, sizeof buf);
    long mb = 0;
    for (int f = 0; mb < @CAP_MB@; ++f) {
        std::string path = std::string(dir) + "/hog-" + std::to_string(f);
        int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
        if (fd < 0) return mb;
        for (int i = 0; i < 8 && mb < @CAP_MB@; ++i) {
            if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) {
                close(fd);
                return mb;
            }
            ++mb;
        }
        close(fd);
    }
    return mb;
}

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    hostile_ignore(SIGXFSZ);  // a write past the file size limit fails instead of killing
    long tmp = fill("/tmp"), shm = fill("/dev/shm"), root = fill("");
    std::fprintf(stderr, "hostile tmpfs hog: tmp=%ld shm=%ld root=%ld\n", tmp, shm, root);
    std::fflush(stderr);
    _exit(17);
}
