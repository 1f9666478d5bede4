// Hostile sample: writes 100 MB to stdout (in lines and in one long line with no newline)
// and 100 MB to stderr as a single line, then computes the right answer, or crashes if
// FLOOD_THEN_CRASH is defined (so that its stderr feeds the harness's error message).
#include <cstdlib>
#include <cstring>
#include <unistd.h>

static void spew(int fd, std::size_t total, bool lines) {
    static char buf[1 << 16];
    std::memset(buf, 'x', sizeof buf);
    if (lines)
        for (std::size_t i = 80; i < sizeof buf; i += 81) buf[i] = '\n';
    for (std::size_t done = 0; done < total;) {
        ssize_t n = write(fd, buf, sizeof buf);
        if (n <= 0) return;
        done += (std::size_t)n;
    }
}

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    static bool flooded = false;
    if (!flooded) {
        flooded = true;
        spew(1, 50u << 20, true);
        spew(1, 50u << 20, false);
        spew(2, 100u << 20, false);
        (void)!write(2, "\n", 1);
#ifdef FLOOD_THEN_CRASH
        std::abort();
#endif
    }
    for (std::size_t i = 0; i < x.size(); ++i) z[i] = alpha * x[i] + y[i];
}
