// wrong: does the first sweep unconditionally (do-while), so steps = 0 still changes u
#include <vector>
void jacobi1d(std::vector<double> &u, int steps) {
    const long n = (long)u.size();
    if (n < 3) return;
    std::vector<double> v(u);
    int s = 0;
    do {
        for (long i = 1; i < n - 1; ++i) v[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
        u.swap(v);
    } while (++s < steps);
}
