// Hostile sample: connects to a TCP port on the host's loopback and sends a message. It
// gives the right answer only if the connection was made, so it must not pass.
#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static bool call_home() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        std::fprintf(stderr, "hostile network: socket: %s\n", std::strerror(errno));
        return false;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(@PORT@);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (sockaddr *)&addr, sizeof addr) != 0) {
        std::fprintf(stderr, "hostile network: connect: %s\n", std::strerror(errno));
        close(fd);
        return false;
    }
    const char msg[] = "hello from @MARKER@\n";
    ssize_t n = write(fd, msg, sizeof msg - 1);
    close(fd);
    return n > 0;
}

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    static int connected = -1;
    if (connected < 0) connected = call_home() ? 1 : 0;
    if (!connected) return;  // z stays poisoned: wrong answer
    for (std::size_t i = 0; i < x.size(); ++i) z[i] = alpha * x[i] + y[i];
}
