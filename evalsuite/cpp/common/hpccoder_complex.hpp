// Complex-number helpers shared by the fft drivers: poisoning, accurate unit roots, the
// element-wise check against a scale, and the test signals (random, impulse, constant, pure
// tone, real).
#pragma once
#include <cmath>
#include <complex>
#include <string>
#include <vector>

#include "hpccoder_driver.hpp"

using cplx = std::complex<double>;

inline void poison_c(std::vector<cplx> &v) {
    for (size_t i = 0; i < v.size(); ++i) v[i] = cplx(-7.77e77 + (double)(i % 13), 7.77e77 - (double)(i % 7));
}

// exp(2 pi i m / n), m reduced modulo n first so that the angle is accurate for any m
inline cplx unit_root(long m, long n) {
    m %= n;
    if (m < 0) m += n;
    const double a = 2.0 * M_PI * (double)m / (double)n;
    return cplx(std::cos(a), std::sin(a));
}

inline double max_abs(const std::vector<cplx> &v) {
    double m = 0;
    for (const cplx &z : v) m = std::max(m, std::abs(z));
    return m;
}

inline std::string fmt_c(cplx z) { return "(" + hpc::fmt_double(z.real()) + ", " + hpc::fmt_double(z.imag()) + ")"; }

// |got[k] - want[k]| <= atol + rtol * scale for every k; a size change, a NaN or an infinity fails.
inline hpc::Verdict compare_c(const std::vector<cplx> &got, const std::vector<cplx> &want, const hpc::Tol &tol,
                              double scale, const char *name) {
    if (got.size() != want.size())
        return hpc::Verdict::fail(std::string(name) + " has " + std::to_string(got.size()) + " elements, expected " +
                                  std::to_string(want.size()));
    const double bound = tol.atol + tol.rtol * scale;
    for (size_t k = 0; k < got.size(); ++k) {
        const double err = std::abs(got[k] - want[k]);
        if (!std::isfinite(got[k].real()) || !std::isfinite(got[k].imag()) || !hpc::within(err, bound))
            return hpc::Verdict::fail(std::string(name) + "[" + std::to_string(k) + "] = " + fmt_c(got[k]) +
                                      ", expected " + fmt_c(want[k]) + " (error " + hpc::fmt_double(err) +
                                      " > allowed " + hpc::fmt_double(bound) + ")");
    }
    return hpc::Verdict{};
}

// A signal of length n: 0 random complex, 1 impulse, 2 constant, 3 pure tone, 4 random real.
inline std::vector<cplx> signal(hpc::Rng &rng, long n, int kind) {
    std::vector<cplx> x((size_t)std::max(n, 0L));
    if (n <= 0) return x;
    const cplx amp(rng.uniform(-1, 1), rng.uniform(-1, 1));
    if (kind == 1) {
        x[(size_t)rng.integer(0, n - 1)] = amp;
    } else if (kind == 2) {
        for (auto &z : x) z = amp;
    } else if (kind == 3) {
        const long f = rng.integer(0, n - 1);
        for (long j = 0; j < n; ++j) x[j] = amp * unit_root(f * j, n);
    } else {
        for (auto &z : x) z = cplx(rng.uniform(-1, 1), kind == 4 ? 0.0 : rng.uniform(-1, 1));
    }
    return x;
}
