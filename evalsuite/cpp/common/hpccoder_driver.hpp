// hpccoder driver framework: one main() for every C/C++ problem and execution model.
//
// A problem's driver.cpp declares its interface with HPCCODER_INTERFACE (the candidate's
// function and the serial reference, renamed `<name>__hpcref` by the harness), defines a
// `Data` struct and five hooks, then writes HPCCODER_MAIN(). The driver copies a Data to
// keep the reference's answer apart, so large read-only inputs belong in a
// `std::shared_ptr<const Inputs>` that the copies share.
//
//   Data make(hpc::Rng& rng, long n);      fresh inputs of size n; outputs poisoned
//   void prepare(Data& d);                  before every call: poison outputs, restore in/out args
//   void call_candidate(Data& d);           run the candidate on d (all ranks; not for cuda, whose
//                                           hooks are in hpccoder_cuda.cuh)
//   void call_reference(Data& d);           run the serial reference on d (rank 0 only)
//   hpc::Verdict check(const Data& got, const Data& want, const hpc::Tol& tol);
//
// The harness passes sizes, seed, tolerance and repetitions on the command line and talks
// to rank 0 through stdout lines starting with "@@hpccoder " and one "go" line on stdin.
// Protocol (rank 0): the first line on stdin is the run's key. The driver reads it before any code of the
// candidate runs (a constructor of the candidate could read it otherwise) and never prints it: every line
// carries its HMAC-SHA256 under the key instead, so that a candidate printing "@@hpccoder result ..."
// itself, or one that watches the driver's output (a FILE of its own as stdout, fd 1 into a pipe), cannot
// make a line the harness takes for the driver's:
//   @@hpccoder TAG result {...}     the run is over (a failed check, or the timed result)
//   @@hpccoder TAG ready            checks passed; waiting for "go" before timing
// (TAG: the first 32 hex digits of HMAC-SHA256(key, "result {...}"), see harness/runner.py)
#pragma once
#include <algorithm>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>
#ifdef HPCCODER_MPI
#include <mpi.h>
#endif

#ifdef HPCCODER_CUDA  // the candidate is a kernel (HPCCODER_KERNEL, hpccoder_cuda.cuh)
#define HPCCODER_INTERFACE(ret, name, params) ret name##__hpcref params;
#else
#define HPCCODER_INTERFACE(ret, name, params) \
    ret name params;                          \
    ret name##__hpcref params;
#endif

namespace hpc {

// splitmix64: identical streams on every rank and every compiler, unlike <random>'s
// distributions, so MPI ranks build the same inputs from the same seed.
struct Rng {
    uint64_t state;
    explicit Rng(uint64_t seed) : state(seed) {}
    uint64_t next() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform(double lo = 0.0, double hi = 1.0) {
        return lo + (hi - lo) * (double)(next() >> 11) * 0x1.0p-53;
    }
    // integer in [lo, hi] (multiply-shift: no division, and no modulo bias to speak of)
    long integer(long lo, long hi) {
        return lo + (long)(((unsigned __int128)next() * (uint64_t)(hi - lo + 1)) >> 64);
    }
    std::vector<double> vector(long n, double lo, double hi) {
        std::vector<double> v((size_t)std::max(n, 0L));
        for (auto& x : v) x = uniform(lo, hi);
        return v;
    }
};

// A random sparse matrix in CSR form: rows of 0..2*avg_per_row entries in sorted distinct columns.
struct Csr {
    long rows = 0, cols = 0;
    std::vector<int> row_ptr, col_idx;
    std::vector<double> values;
};

inline Csr random_csr(Rng& rng, long rows, long cols, long avg_per_row, double lo, double hi) {
    Csr m;
    m.rows = rows;
    m.cols = cols;
    m.row_ptr.resize((size_t)rows + 1);
    m.col_idx.reserve((size_t)(rows * avg_per_row * 1.1) + 16);
    m.values.reserve(m.col_idx.capacity());
    int picked[1024];
    const long most = std::min(std::max(cols, 0L), std::min(2 * avg_per_row, 1024L));
    for (long i = 0; i < rows; ++i) {
        m.row_ptr[i] = (int)m.col_idx.size();
        long want = cols ? std::min(most, rng.integer(0, 2 * avg_per_row)) : 0;
        long got = 0;
        while (got < want) {  // distinct columns: few per row, so a linear scan beats a set
            int c = (int)rng.integer(0, cols - 1);
            bool seen = false;
            for (long k = 0; k < got && !seen; ++k) seen = picked[k] == c;
            if (!seen) picked[got++] = c;
        }
        std::sort(picked, picked + got);
        for (long k = 0; k < got; ++k) {
            m.col_idx.push_back(picked[k]);
            m.values.push_back(rng.uniform(lo, hi));
        }
    }
    m.row_ptr[rows] = (int)m.col_idx.size();
    return m;
}

struct Tol {
    double rtol, atol;
};

struct Verdict {
    bool ok = true;
    std::string why;
    static Verdict fail(const std::string& why) { return Verdict{false, why}; }
};

// Output buffers are filled with this before every call, so a candidate that returns
// without writing its output fails the check.
inline void poison(std::vector<double>& v) {
    for (size_t i = 0; i < v.size(); ++i) v[i] = -7.77e77 + (double)(i % 13);
}

// As printf's %.17g, without printf: a candidate may not reach the driver's report through a printf hook
// (register_printf_specifier), which would rewrite the times before the line is signed.
inline std::string fmt_double(double x) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 17);
    return std::string(buf, r.ptr);
}

// From the candidate's return to its next call nothing of it may run: a signal handler it set up (a timer's, a
// child's exit), or a new_handler it installed (for an allocation of the driver it made fail), would do the work
// of the call there, untimed, while the driver makes the expected answer. Signals wait until the next call.
inline sigset_t& candidate_signals() {
    static sigset_t mask;
    return mask;
}
inline void candidate_returned() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &candidate_signals());
    std::set_new_handler(nullptr);
}
inline void candidate_called() { pthread_sigmask(SIG_SETMASK, &candidate_signals(), nullptr); }

// |got - want| <= atol + rtol * |want| element-wise; a size change or a NaN fails.
// An input the prompt says the candidate must not modify (it gets it by const reference, which a const_cast
// gets round): `got`'s inputs are its own, `want`'s were made again from the same seed (make() builds every
// Data's afresh), so the two are equal bit for bit unless the candidate wrote to `got`'s. (cuda: the kernel sees
// device copies, uploaded before each launch.)
template <class T>
inline Verdict unmodified(const std::vector<T>& got, const std::vector<T>& want, const char* name) {
    const std::string why = std::string(name) + " was modified (the prompt says it must not be): ";
    if (got.size() != want.size())
        return Verdict::fail(why + "it has " + std::to_string(got.size()) + " elements, had " +
                             std::to_string(want.size()));
    if (got.empty() || std::memcmp(got.data(), want.data(), got.size() * sizeof(T)) == 0) return Verdict{};
    size_t i = 0;
    while (std::memcmp(&got[i], &want[i], sizeof(T)) == 0) ++i;
    if constexpr (std::is_arithmetic_v<T>)
        return Verdict::fail(why + "element " + std::to_string(i) + " is " + fmt_double((double)got[i]) + ", was " +
                             fmt_double((double)want[i]));
    else
        return Verdict::fail(why + "element " + std::to_string(i) + " changed");
}

// `--margin` (hpccoder suite margins): how near the tolerance a check came. Each element compared through
// within() notes err / bound, and the result line says the worst of each checked call, per size; a driver whose
// check() compares otherwise (exactly, or without within()) notes nothing, and its margins are null. Off, within()
// is `err <= bound` and nothing is noted or said. The worst is < 0 until something is noted.
struct Margin {
    bool on = false;
    double worst = -1.0;
    std::string calls;  // "[size, worst or null]" of each checked call so far, comma-separated
    void start() { worst = -1.0; }  // before a checked call
    void note(long n) {  // after it
        if (on)
            calls += std::string(calls.empty() ? "" : ", ") + "[" + std::to_string(n) + ", " +
                     (worst < 0 ? std::string("null") : fmt_double(worst)) + "]";
    }
    // ', "margins": [[size, worst or null], ...]' for the result line under --margin; "" without it
    std::string field() const { return on ? ", \"margins\": [" + calls + "]" : std::string(); }
};
inline Margin& margin() {
    static Margin m;
    return m;
}
// err <= bound (false for a NaN err), noting err / bound under --margin
inline bool within(double err, double bound) {
    const bool ok = err <= bound;
    if (margin().on && ok) {
        const double ratio = bound > 0 ? err / bound : 0.0;  // ok and bound 0: err is 0 too
        if (ratio > margin().worst) margin().worst = ratio;
    }
    return ok;
}

inline Verdict compare(const std::vector<double>& got, const std::vector<double>& want,
                       const Tol& tol, const char* name) {
    if (got.size() != want.size())
        return Verdict::fail(std::string(name) + " has " + std::to_string(got.size()) +
                             " elements, expected " + std::to_string(want.size()));
    for (size_t i = 0; i < got.size(); ++i) {
        double g = got[i], w = want[i];
        bool bad = std::isnan(g) != std::isnan(w) ||
                   (!std::isnan(w) && !within(std::fabs(g - w), tol.atol + tol.rtol * std::fabs(w)));
        if (bad)
            return Verdict::fail(std::string(name) + "[" + std::to_string(i) + "] = " +
                                 fmt_double(g) + ", expected " + fmt_double(w));
    }
    return Verdict{};
}

inline Verdict compare_scalar(double got, double want, const Tol& tol, const char* name) {
    return compare(std::vector<double>{got}, std::vector<double>{want}, tol, name);
}

// ---- execution-model glue -------------------------------------------------------------
inline int rank() {
#ifdef HPCCODER_MPI
    int r = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
#else
    return 0;
#endif
}

inline void barrier() {
#ifdef HPCCODER_MPI
    MPI_Barrier(MPI_COMM_WORLD);
#endif
}

inline double now() {
#ifdef HPCCODER_MPI
    return MPI_Wtime();
#else
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
#endif
}

inline bool all_agree(bool ok) {
#ifdef HPCCODER_MPI
    int v = ok ? 1 : 0;
    MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return v != 0;
#else
    return ok;
#endif
}

inline void finish(int code) {
    std::fflush(stdout);
#ifdef HPCCODER_MPI
    MPI_Finalize();
#endif
    std::exit(code);
}

inline std::string json_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') { out += '\\'; out += c; }
        else if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f) out += ' ';  // ASCII: the tag is of bytes
        else out += c;
    }
    return out;
}

// A function-local static, not a global: a candidate that wants it must go looking for it.
inline std::string& run_key() {
    static std::string key;
    return key;
}

// SHA-256 (FIPS 180-4) and HMAC (RFC 2104), for the tags of the protocol lines.
inline std::string sha256(const std::string& msg) {
    static const uint32_t K[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::string m = msg + '\x80';
    while (m.size() % 64 != 56) m += '\0';
    for (int i = 7; i >= 0; --i) m += (char)(((uint64_t)msg.size() * 8) >> (8 * i));
    auto rotr = [](uint32_t x, int r) { return (x >> r) | (x << (32 - r)); };
    for (size_t off = 0; off < m.size(); off += 64) {
        uint32_t w[64];
        for (int i = 0; i < 16; ++i)
            w[i] = (uint32_t)(unsigned char)m[off + 4 * i] << 24 | (uint32_t)(unsigned char)m[off + 4 * i + 1] << 16 |
                   (uint32_t)(unsigned char)m[off + 4 * i + 2] << 8 | (uint32_t)(unsigned char)m[off + 4 * i + 3];
        for (int i = 16; i < 64; ++i)
            w[i] = w[i - 16] + (rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 7] +
                   (rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10));
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
        for (int i = 0; i < 64; ++i) {
            uint32_t t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            k = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
    }
    std::string out;
    for (uint32_t x : h)
        for (int i = 3; i >= 0; --i) out += (char)(x >> (8 * i));
    return out;
}

inline std::string hmac_tag(const std::string& key, const std::string& msg) {
    std::string k = key.size() > 64 ? sha256(key) : key;
    k.resize(64, '\0');
    std::string inner(64, '\0'), outer(64, '\0');
    for (int i = 0; i < 64; ++i) inner[i] = (char)(k[i] ^ 0x36), outer[i] = (char)(k[i] ^ 0x5c);
    std::string mac = sha256(outer + sha256(inner + msg)), hex;
    for (int i = 0; i < 16; ++i) {
        char b[3];
        std::snprintf(b, sizeof b, "%02x", (unsigned char)mac[i]);
        hex += b;
    }
    return hex;
}

// The key is read from stdin by the first entry of the program's .preinit_array, which runs before every
// constructor (the candidate may have none there, nor ifunc resolvers, which run earlier: harness/build.py):
// a constructor of the candidate finds stdin empty. Every process reads it; the ranks other than 0 of an
// MPI run have no stdin, and rank 0 alone uses it. Each file that includes this header adds an entry; the
// key is read once (inline: one early_key and one flag in the whole program).
inline char early_key[128];
inline bool early_key_read = false;
inline void read_key_first() {
    if (early_key_read) return;
    early_key_read = true;
    // not dumpable: /proc/self/mem, which writes through any page protection (the read-only tolerance's, the
    // code's), is then root's to open, not the candidate's (harness/build.py rejects candidates calling prctl)
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    size_t n = 0;
    char c;
    while (n + 1 < sizeof early_key && ::read(0, &c, 1) == 1 && c != '\n') early_key[n++] = c;
    while (n && early_key[n - 1] == '\r') --n;
    early_key[n] = '\0';
}
namespace {
__attribute__((section(".preinit_array"), used)) void (*read_key_first_entry)() = read_key_first;
}  // namespace

inline void read_run_key() {
    if (rank() == 0) run_key() = early_key;
    std::memset(early_key, 0, sizeof early_key);
}

inline void emit(const std::string& line) {
    if (rank() == 0) {
        if (run_key().empty()) std::printf("\n@@hpccoder %s\n", line.c_str());
        else std::printf("\n@@hpccoder %s %s\n", hmac_tag(run_key(), line).c_str(), line.c_str());
        std::fflush(stdout);
    }
}

// Rank 0 blocks on stdin for the harness's "go"; the other ranks wait without spinning,
// so that a run waiting for its turn does not slow down the run being timed.
inline void wait_for_go() {
    if (rank() == 0) {
        char line[64];
        if (!std::fgets(line, sizeof line, stdin)) finish(3);
    }
#ifdef HPCCODER_MPI
    MPI_Request req;
    MPI_Ibarrier(MPI_COMM_WORLD, &req);
    int done = 0;
    while (!done) {
        MPI_Test(&req, &done, MPI_STATUS_IGNORE);
        if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
#endif
}

struct Options {
    uint64_t seed = 1;
    std::vector<long> check_sizes;
    long time_size = 0;  // 0: no timing
    int warmup = 1, reps = 3;
    int calls = 1;  // calls per timed repetition; its time is their mean (problem.yaml sizes.timing_calls)
    Tol tol{1e-9, 1e-12};
};

inline std::vector<long> parse_sizes(const char* s) {
    std::vector<long> out;
    while (*s) {
        char* end;
        out.push_back(std::strtol(s, &end, 10));
        s = *end ? end + 1 : end;
    }
    return out;
}

inline Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc || (i < argc && std::string(argv[i]) == "--margin"); i += 2) {
        std::string k = argv[i];
        if (k == "--margin") {  // a flag without a value
            margin().on = true;
            --i;
            continue;
        }
        const char* v = argv[i + 1];
        if (k == "--seed") o.seed = std::strtoull(v, nullptr, 10);
        else if (k == "--check-sizes") o.check_sizes = parse_sizes(v);
        else if (k == "--time-size") o.time_size = std::strtol(v, nullptr, 10);
        else if (k == "--warmup") o.warmup = std::atoi(v);
        else if (k == "--reps") o.reps = std::atoi(v);
        else if (k == "--calls") o.calls = std::max(1, std::atoi(v));
        else if (k == "--rtol") o.tol.rtol = std::strtod(v, nullptr);
        else if (k == "--atol") o.tol.atol = std::strtod(v, nullptr);
        else {
            std::fprintf(stderr, "hpccoder driver: unknown option %s\n", k.c_str());
            finish(2);
        }
    }
    read_run_key();
    return o;
}

// The tolerance on a page of its own, read-only: in a local variable it would sit on the stack a few hundred
// bytes from the candidate's arguments, for it to widen. (harness/build.py rejects candidates calling mprotect.)
inline const Tol& read_only(const Tol& tol) {
    void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return *new Tol(tol);
    const Tol* kept = new (page) Tol(tol);
    mprotect(page, 4096, PROT_READ);
    return *kept;
}

// The seed of the call on fresh inputs after the timed ones, drawn from the kernel when that call comes: the
// run's seed is on the command line, and a candidate that made the inputs of every call from it could have
// worked their answers out before (in an untimed call) and copy them in every timed one, the fresh one too.
// Rank 0 draws it, every rank uses it; the result line says it, so that the call can be made again.
inline uint64_t unpredictable_seed() {
    uint64_t s = 0;
    if (rank() == 0) {
        std::FILE* f = std::fopen("/dev/urandom", "rb");
        if (!f || std::fread(&s, sizeof s, 1, f) != 1)
            s = (uint64_t)std::chrono::high_resolution_clock::now().time_since_epoch().count() * 0x9E3779B97F4A7C15ULL;
        if (f) std::fclose(f);
    }
#ifdef HPCCODER_MPI
    MPI_Bcast(&s, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
#endif
    return s;
}

inline uint64_t mix_seed(uint64_t seed, long n, int trial) {
    Rng r(seed ^ (0x51ED270B27AE5EA1ULL * (uint64_t)(n + 1)) ^ ((uint64_t)trial << 56));
    return r.next();
}

template <class Data, class Make, class Prepare, class Cand, class Ref, class Check>
int run_driver(int argc, char** argv, Make make, Prepare prepare, Cand call_candidate,
               Ref call_reference, Check check) {
#ifdef HPCCODER_MPI
    MPI_Init(&argc, &argv);
#endif
    Options opt = parse_options(argc, argv);
    const Tol& tol = read_only(opt.tol);
    opt.tol = Tol{0, 0};
    auto fail = [&](long n, const std::string& phase, const std::string& why) {
        emit("result {\"correct\": false, \"size\": " + std::to_string(n) + ", \"phase\": \"" +
             phase + "\", \"why\": \"" + json_escape(why) + "\"}");
        finish(0);
    };
    // One call of the candidate on fresh inputs of size n (stream `trial` of the run's seed), checked. The
    // expected answer is computed after the call, on inputs made again from the seed: during the call there
    // is no answer to copy (from beside its own arguments on the stack, say), and inputs it wrote to through
    // a const reference are not the reference's.
    // Returns the call's time.
    auto check_once = [&](uint64_t seed, long n, int trial, const std::string& phase, const std::string& note) {
        Rng rng(mix_seed(seed, n, trial));
        Data got = make(rng, n);
        prepare(got);
        barrier();
        candidate_called();
        double t0 = now();
        call_candidate(got);
        candidate_returned();
        barrier();
        double took = now() - t0;
        Data want;
        if (rank() == 0) {
            Rng again(mix_seed(seed, n, trial));
            want = make(again, n);
            prepare(want);
            call_reference(want);
        }
        Verdict v;
        margin().start();
        if (rank() == 0) v = check(got, want, tol);
        if (!all_agree(v.ok)) fail(n, phase, note + v.why);
        margin().note(n);
        return took;
    };
    // Correctness: every check size.
    for (long n : opt.check_sizes) check_once(opt.seed, n, 0, "check", "");
    if (opt.time_size <= 0) {
        emit("result {\"correct\": true" + margin().field() + "}");
        finish(0);
    }
    // Timing: inputs and the expected output are made before the harness gives the go; the expected output
    // on inputs of its own (not those the candidate gets, which it could write to), and on the heap, not
    // beside the candidate's data on the stack.
    long n = opt.time_size;
    Rng rng(mix_seed(opt.seed, n, 1));
    Data d = make(rng, n);
    prepare(d);
    std::unique_ptr<Data> want(new Data());
    if (rank() == 0) {
        Rng again(mix_seed(opt.seed, n, 1));
        *want = make(again, n);
        prepare(*want);
        call_reference(*want);
    }
    emit("ready");
    wait_for_go();
    std::vector<double> times;
    for (int i = 0; i < opt.warmup + opt.reps; ++i) {
        double total = 0.0;
        for (int c = 0; c < opt.calls; ++c) {  // each call on freshly prepared data; only the calls are timed
            prepare(d);
            barrier();
            candidate_called();
            double t0 = now();
            call_candidate(d);
            candidate_returned();
            barrier();
            total += now() - t0;
            Verdict v;
            if (rank() == 0) v = check(d, *want, tol);  // every call, not only the first
            if (!all_agree(v.ok)) fail(n, "timing", v.why);
        }
        if (i >= opt.warmup) times.push_back(total / opt.calls);
    }
    // The timed calls all saw the same inputs: one more call on fresh ones finds out an answer kept
    // from an earlier call (keyed on the size, a flag, or an address the allocator hands out again), and
    // its time one kept for inputs seen before (keyed on their values too): the harness compares the two.
    d = Data();
    want.reset();
    uint64_t fresh_seed = unpredictable_seed();
    double fresh = check_once(fresh_seed, n, 2, "fresh inputs after timing",
                              "wrong on new inputs after the timed calls (answers kept from an earlier call?): ");
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    double median = sorted.empty() ? 0.0 : sorted[sorted.size() / 2];
    if (sorted.size() % 2 == 0 && !sorted.empty())
        median = 0.5 * (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]);
    std::string ts;
    for (size_t i = 0; i < times.size(); ++i) ts += (i ? ", " : "") + fmt_double(times[i]);
    emit("result {\"correct\": true, \"size\": " + std::to_string(n) + ", \"time\": " +
         fmt_double(median) + ", \"times\": [" + ts + "], \"fresh_time\": " + fmt_double(fresh) +
         ", \"fresh_seed\": \"" + std::to_string(fresh_seed) + "\"" + margin().field() + "}");
    finish(0);
    return 0;
}

}  // namespace hpc

#define HPCCODER_MAIN()                                                                  \
    int main(int argc, char** argv) {                                                    \
        return hpc::run_driver<Data>(argc, argv, make, prepare, call_candidate,         \
                                     call_reference, check);                             \
    }

#ifdef HPCCODER_CUDA
#include "hpccoder_cuda.cuh"
#endif
