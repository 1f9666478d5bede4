// Hostile sample: leaves daemons behind. On its first call it double-forks two children
// into sessions of their own (setsid), both ignoring SIGHUP/SIGTERM and keeping stdout open:
// a shell whose command line carries the marker @MARKER@, and a copy of this program that
// keeps writing a marker file. It waits until they run, then computes the right answer.
#include <csignal>
#include <fcntl.h>
#include <string>
#include <unistd.h>
@RAW_SYSCALLS@

static void daemonize(bool shell) {
    if (hostile_fork() != 0) return;
    setsid();
    if (hostile_fork() != 0) _exit(0);
    hostile_ignore(SIGHUP);
    hostile_ignore(SIGTERM);
    if (shell) {
        char *argv[] = {(char *)"sh", (char *)"-c",
                        (char *)"trap '' HUP TERM INT; while :; do echo alive >> ./alive-sh; sleep 0.1; done",
                        (char *)"@MARKER@", nullptr};
        hostile_execve("/bin/sh", argv, environ);
    }
    for (;;) {
        const char *paths[] = {"./alive-cpp", "/tmp/alive-cpp", "@OUTSIDE@/alive-@MARKER@"};
        for (const char *path : paths) {
            int fd = open(path, O_CREAT | O_WRONLY | O_APPEND, 0666);
            if (fd >= 0) {
                (void)!write(fd, "alive\n", 6);
                close(fd);
            }
        }
        usleep(100000);
    }
}

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    static bool spawned = false;
    if (!spawned) {
        spawned = true;
        daemonize(true);
        daemonize(false);
        usleep(700000);  // long enough for the test to see them
    }
#ifdef MPI_VERSION  // an MPI task: the harness's preamble included mpi.h
    int one = 1, ranks = 0;
    MPI_Allreduce(&one, &ranks, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
#endif
    for (std::size_t i = 0; i < x.size(); ++i) z[i] = alpha * x[i] + y[i];
}
