// Hostile sample: tries to create files outside its working directory, by absolute path,
// then computes the right answer (so a harness that only looks at the status sees a pass).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    static bool tried = false;
    if (!tried) {
        tried = true;
        const char *targets[] = {@TARGETS@};
        for (const char *path : targets) {
            int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0666);
            if (fd < 0) {
                std::fprintf(stderr, "hostile write: %s: %s\n", path, std::strerror(errno));
                continue;
            }
            const char msg[] = "escaped @MARKER@\n";
            ssize_t n = write(fd, msg, sizeof msg - 1);
            close(fd);
            std::fprintf(stderr, "hostile write: %s: wrote %zd bytes\n", path, n);
        }
    }
    for (std::size_t i = 0; i < x.size(); ++i) z[i] = alpha * x[i] + y[i];
}
