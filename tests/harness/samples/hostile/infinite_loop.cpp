// Hostile sample: never returns, and ignores the polite signals.
#include <csignal>
@RAW_SYSCALLS@

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    hostile_ignore(SIGTERM);
    hostile_ignore(SIGINT);
    hostile_ignore(SIGHUP);
    for (;;) asm volatile("");
}
