// hpccoder CUDA driver framework: main() of the `cuda` execution model.
//
// Included by hpccoder_driver.hpp when HPCCODER_CUDA is defined (the driver is then compiled
// by nvcc). The candidate writes a __global__ kernel; the driver launches it. A problem's
// driver.cpp keeps its Data, make, prepare, call_reference and check hooks (the serial CPU
// reference decides correctness, as for every model) and adds, under #ifdef HPCCODER_CUDA:
//
//   HPCCODER_KERNEL(name, (params))       the kernel; also declares the CUDA reference kernel
//                                          `name__hpcref_gpu` and `Kernel`, a pointer to either
//   struct DeviceData { hpc::cuda::Array<double> x, ...; };   the device copies, allocated once
//   void upload(const Data& d, DeviceData& g);      copy d (inputs and poisoned outputs) to g
//   hpc::cuda::Vars launch_vars(const Data& d);     the values of the names in problem.yaml's grid
//   void launch(Kernel k, DeviceData& g, const Data& d, const hpc::cuda::Launch& L);
//                                                   launch k<<<L.grid, L.block>>>(...) (one call)
//   void download(DeviceData& g, Data& d);          copy the outputs back into d
//
// The harness passes the launch configuration of problem.yaml (`--block 16,16 --grid
// "ceil(N / 16);ceil(M / 16)"`); grid expressions are evaluated over launch_vars, each
// dimension at least 1. Every Array has guard regions before and after its elements, filled
// with a known byte at upload and checked after every launch, so an out-of-bounds write fails;
// an Array the launch passed only where the kernel takes a `const T*` must still hold what was
// uploaded, so a kernel that writes to its inputs fails too.
// Timing uses CUDA events around launch() only: inputs are copied before and results after,
// device memory is allocated once before the timed calls. The CUDA reference kernel is timed
// in the same run, so results carry both speedups (over the serial CPU baseline, measured by
// the harness, and over the CUDA reference).
//
// Protocol additions: `result {"not_run": why}` when there is no usable GPU, and
// `"status": "runtime_error"` in a failed result when CUDA itself reported an error.
#pragma once
#include <cuda_runtime.h>

#include <cctype>
#include <utility>

#define HPCCODER_KERNEL(name, params)              \
    __global__ void name params;                   \
    __global__ void name##__hpcref_gpu params;     \
    using Kernel = void(*) params;                 \
    static Kernel hpccoder_candidate_kernel = name; \
    static Kernel hpccoder_reference_kernel = name##__hpcref_gpu;

namespace hpc {
namespace cuda {

[[noreturn]] inline void fail_status(const std::string& status, const std::string& why) {
    emit("result {\"correct\": false, \"status\": \"" + status + "\", \"why\": \"" + json_escape(why) + "\"}");
    finish(0);
    std::abort();
}

// A CUDA error: the context may be unusable, so the run ends here as a runtime error.
inline void ok(cudaError_t err, const char* what) {
    if (err != cudaSuccess)
        fail_status("runtime_error", std::string(what) + ": " + cudaGetErrorName(err) + " (" +
                                         cudaGetErrorString(err) + ")");
}

// ---- the launch configuration ----------------------------------------------------------
using Vars = std::vector<std::pair<std::string, double>>;

struct Launch {
    dim3 grid, block;
};

// Grid expressions: numbers, names from Vars, + - * / and parentheses, ceil(e), min(a, b),
// max(a, b). Evaluated in doubles (exact for integers below 2^53).
class Expr {
   public:
    Expr(const std::string& text, const Vars& vars) : s_(text), vars_(vars) {}
    double value() {
        double v = sum();
        skip();
        if (p_ != s_.size()) error("unexpected '" + s_.substr(p_) + "'");
        return v;
    }

   private:
    const std::string& s_;
    const Vars& vars_;
    size_t p_ = 0;
    [[noreturn]] void error(const std::string& why) {
        std::fprintf(stderr, "hpccoder driver: grid expression '%s': %s\n", s_.c_str(), why.c_str());
        finish(2);
        std::abort();
    }
    void skip() {
        while (p_ < s_.size() && std::isspace((unsigned char)s_[p_])) ++p_;
    }
    bool eat(char c) {
        skip();
        if (p_ < s_.size() && s_[p_] == c) return ++p_, true;
        return false;
    }
    double sum() {
        double v = product();
        for (;;) {
            if (eat('+')) v += product();
            else if (eat('-')) v -= product();
            else return v;
        }
    }
    double product() {
        double v = atom();
        for (;;) {
            if (eat('*')) v *= atom();
            else if (eat('/')) v /= atom();
            else return v;
        }
    }
    double atom() {
        skip();
        if (eat('(')) {
            double v = sum();
            if (!eat(')')) error("missing ')'");
            return v;
        }
        if (p_ < s_.size() && std::isdigit((unsigned char)s_[p_])) {
            size_t used = 0;
            double v = std::stod(s_.substr(p_), &used);
            p_ += used;
            return v;
        }
        size_t start = p_;
        while (p_ < s_.size() && (std::isalnum((unsigned char)s_[p_]) || s_[p_] == '_')) ++p_;
        std::string name = s_.substr(start, p_ - start);
        if (name.empty()) error("expected a number, a name or '('");
        if (name == "ceil" || name == "min" || name == "max") {
            if (!eat('(')) error("missing '(' after " + name);
            double a = sum(), b = 0;
            if (name != "ceil" && !eat(',')) error(name + " takes two arguments");
            if (name != "ceil") b = sum();
            if (!eat(')')) error("missing ')'");
            return name == "ceil" ? std::ceil(a) : name == "min" ? std::min(a, b) : std::max(a, b);
        }
        for (auto& kv : vars_)
            if (kv.first == name) return kv.second;
        error("unknown name '" + name + "' (the driver's launch_vars does not give it)");
    }
};

struct LaunchSpec {
    std::vector<unsigned> block{256};
    std::vector<std::string> grid{"1"};

    Launch config(const Vars& vars) const {
        unsigned b[3] = {1, 1, 1}, g[3] = {1, 1, 1};
        for (size_t i = 0; i < block.size() && i < 3; ++i) b[i] = block[i];
        for (size_t i = 0; i < grid.size() && i < 3; ++i) {
            double v = Expr(grid[i], vars).value();
            g[i] = v < 1 ? 1u : (unsigned)std::ceil(v);  // a launch needs at least one block
        }
        return Launch{dim3(g[0], g[1], g[2]), dim3(b[0], b[1], b[2])};
    }
};

// ---- device arrays with guard regions --------------------------------------------------
constexpr size_t GUARD_BYTES = 64 << 10;
constexpr unsigned char GUARD_BYTE = 0xA7;

class ArrayBase;
inline std::vector<ArrayBase*>& arrays() {
    static std::vector<ArrayBase*> all;
    return all;
}

class ArrayBase {
   public:
    ArrayBase() { arrays().push_back(this); }
    ArrayBase(const ArrayBase&) = delete;
    ArrayBase& operator=(const ArrayBase&) = delete;
    virtual ~ArrayBase() {
        auto& all = arrays();
        all.erase(std::remove(all.begin(), all.end(), this), all.end());
        if (base_) cudaFree(base_);
    }
    // Whether the bytes around the elements still hold the guard pattern; `why` says where not.
    bool guards_intact(std::string& why) const {
        if (!base_) return true;
        std::vector<unsigned char> host(GUARD_BYTES);
        const size_t offsets[2] = {0, GUARD_BYTES + bytes_};
        for (int side = 0; side < 2; ++side) {
            ok(cudaMemcpy(host.data(), base_ + offsets[side], GUARD_BYTES, cudaMemcpyDeviceToHost),
               "copying a guard region back");
            for (size_t i = 0; i < GUARD_BYTES; ++i) {
                if (host[i] != GUARD_BYTE) {
                    size_t at = side == 0 ? GUARD_BYTES - i : i;
                    why = "the kernel wrote out of bounds: " + std::to_string(at) + " bytes " +
                          (side == 0 ? "before the start" : "past the end") + " of a device array of " +
                          std::to_string(bytes_) + " bytes";
                    return false;
                }
            }
        }
        return true;
    }
    // Whether an array the launch took only as `const T*` (an input, by the kernel's signature) still holds what
    // was uploaded: a kernel that casts the const away and uses its input as scratch (an in-place reduction
    // tree, say) saves the memory and work the prompt's contract makes others pay for. Arrays it also took as
    // `T*` (ping-pong buffers, scratch, in/out) are not checked.
    bool input_intact(std::string& why) const {
        if (!base_ || !uploaded_ || !taken_const_ || taken_mutable_) return true;
        std::vector<unsigned char> host(bytes_);
        if (bytes_) ok(cudaMemcpy(host.data(), base_ + GUARD_BYTES, bytes_, cudaMemcpyDeviceToHost),
                       "copying an input back");
        if (checksum(host.data(), bytes_) == uploaded_sum_) return true;
        why = "the kernel wrote to a device array of " + std::to_string(bytes_) +
              " bytes it takes as const (an input, which the prompt says it must not modify)";
        return false;
    }

   protected:
    unsigned char* base_ = nullptr;  // guard | elements | guard
    size_t bytes_ = 0, capacity_ = 0;
    // How the last launch took the array (set by the conversions to pointers, reset at upload), and the
    // checksum of what was uploaded.
    mutable bool taken_const_ = false, taken_mutable_ = false;
    bool uploaded_ = false;
    uint64_t uploaded_sum_ = 0;

    static uint64_t checksum(const unsigned char* p, size_t n) {
        uint64_t h = 0x243F6A8885A308D3ULL ^ n;
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
            h ^= h >> 29;
        }
        for (; i < n; ++i) h = (h ^ p[i]) * 0x100000001B3ULL;
        return h;
    }

    // Room for `bytes` (allocated only when it grows: the timed calls reuse it), guards reset.
    void reserve(size_t bytes) {
        if (!base_ || bytes > capacity_) {
            if (base_) ok(cudaFree(base_), "cudaFree");
            base_ = nullptr;
            ok(cudaMalloc((void**)&base_, bytes + 2 * GUARD_BYTES), "cudaMalloc");
            capacity_ = bytes;
        }
        bytes_ = bytes;
        ok(cudaMemset(base_, GUARD_BYTE, GUARD_BYTES), "cudaMemset");
        ok(cudaMemset(base_ + GUARD_BYTES + bytes_, GUARD_BYTE, GUARD_BYTES), "cudaMemset");
    }
};

// A device copy of a std::vector<T>: `upload`, pass it to a kernel as T* or const T* (implicit), `download`.
// Passed where a `const T*` is wanted (a kernel's input parameter), the conversion to `const T*` is the one
// chosen (an exact match), and it notes that the array was taken as an input; `T*` and get() note the contrary.
template <class T>
class Array : public ArrayBase {
   public:
    void upload(const std::vector<T>& host) {
        reserve(host.size() * sizeof(T));
        if (!host.empty()) ok(cudaMemcpy(elements(), host.data(), bytes_, cudaMemcpyHostToDevice), "cudaMemcpy to the GPU");
        uploaded_sum_ = checksum(reinterpret_cast<const unsigned char*>(host.data()), bytes_);
        uploaded_ = true;
        taken_const_ = taken_mutable_ = false;
    }
    void download(std::vector<T>& host) const {
        host.resize(size());
        if (!host.empty()) ok(cudaMemcpy(host.data(), elements(), bytes_, cudaMemcpyDeviceToHost), "cudaMemcpy from the GPU");
    }
    T* get() const { return taken_mutable_ = true, elements(); }
    operator T*() const { return get(); }
    operator const T*() const { return taken_const_ = true, elements(); }
    size_t size() const { return bytes_ / sizeof(T); }

   private:
    T* elements() const { return reinterpret_cast<T*>(base_ + GUARD_BYTES); }
};

inline bool all_guards_intact(std::string& why) {
    for (ArrayBase* a : arrays())
        if (!a->guards_intact(why)) return false;
    return true;
}

inline bool all_inputs_intact(std::string& why) {
    for (ArrayBase* a : arrays())
        if (!a->input_intact(why)) return false;
    return true;
}

// ---- the run -----------------------------------------------------------------------------
// Splits the CUDA options off argv; the rest goes to hpc::parse_options.
inline LaunchSpec parse_launch(int& argc, char** argv, bool& describe) {
    LaunchSpec spec;
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        if (k == "--describe-launch") {
            describe = true;
        } else if ((k == "--block" || k == "--grid") && i + 1 < argc) {
            std::string v = argv[++i];
            if (k == "--block") {
                spec.block.clear();
                for (long b : parse_sizes(v.c_str())) spec.block.push_back((unsigned)b);
            } else {
                spec.grid.clear();
                size_t start = 0;
                for (size_t semi; (semi = v.find(';', start)) != std::string::npos; start = semi + 1)
                    spec.grid.push_back(v.substr(start, semi - start));
                spec.grid.push_back(v.substr(start));
            }
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    return spec;
}

inline std::string device_name() {
    int dev = 0;
    cudaDeviceProp prop;
    if (cudaGetDevice(&dev) != cudaSuccess || cudaGetDeviceProperties(&prop, dev) != cudaSuccess) return "?";
    return std::string(prop.name) + " (sm_" + std::to_string(prop.major) + std::to_string(prop.minor) + ")";
}

inline double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    size_t h = v.size() / 2;
    return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

inline std::string json_list(const std::vector<double>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + fmt_double(v[i]);
    return "[" + s + "]";
}

template <class Data, class DeviceData, class Kernel, class Make, class Prepare, class Ref, class Check, class Upload,
          class LaunchVars, class LaunchFn, class Download>
int run_driver(int argc, char** argv, Kernel candidate, Kernel reference, Make make, Prepare prepare,
               Ref call_reference, Check check, Upload upload, LaunchVars launch_vars, LaunchFn launch,
               Download download) {
    bool describe = false;
    LaunchSpec spec = parse_launch(argc, argv, describe);
    Options opt = parse_options(argc, argv);
    if (describe) {  // the launch configuration of every check size, without touching a GPU
        for (long n : opt.check_sizes) {
            Rng rng(mix_seed(opt.seed, n, 0));
            Vars vars = launch_vars(make(rng, n));
            Launch L = spec.config(vars);
            std::printf("%ld: vars", n);
            for (auto& kv : vars) std::printf(" %s=%.17g", kv.first.c_str(), kv.second);
            std::printf(" grid %u,%u,%u block %u,%u,%u\n", L.grid.x, L.grid.y, L.grid.z, L.block.x, L.block.y,
                        L.block.z);
        }
        return 0;
    }
    int devices = 0;
    cudaError_t err = cudaGetDeviceCount(&devices);
    if (err != cudaSuccess || devices == 0) {
        std::string why = err != cudaSuccess ? std::string(cudaGetErrorName(err)) + ": " + cudaGetErrorString(err)
                                             : std::string("no CUDA device");
        emit("result {\"not_run\": \"" + json_escape("no usable GPU (" + why + ")") + "\"}");
        finish(0);
    }
    ok(cudaSetDevice(0), "cudaSetDevice");
    auto fail = [&](long n, const std::string& phase, const std::string& why) {
        emit("result {\"correct\": false, \"size\": " + std::to_string(n) + ", \"phase\": \"" + phase +
             "\", \"why\": \"" + json_escape(why) + "\"}");
        finish(0);
    };
    // One call of `kernel` on d, on the device: copies in, launch (timed), copies out, guards.
    DeviceData dev;
    cudaEvent_t start, stop;
    ok(cudaEventCreate(&start), "cudaEventCreate");
    ok(cudaEventCreate(&stop), "cudaEventCreate");
    auto run = [&](Kernel kernel, Data& d, std::string& why) -> double {
        upload(d, dev);
        Launch L = spec.config(launch_vars(d));
        ok(cudaDeviceSynchronize(), "before the launch");
        ok(cudaEventRecord(start), "cudaEventRecord");
        launch(kernel, dev, d, L);
        ok(cudaGetLastError(), "launching the kernel");
        ok(cudaEventRecord(stop), "cudaEventRecord");
        ok(cudaEventSynchronize(stop), "running the kernel");
        ok(cudaGetLastError(), "running the kernel");
        float ms = 0;
        ok(cudaEventElapsedTime(&ms, start, stop), "cudaEventElapsedTime");
        download(dev, d);
        if (!all_guards_intact(why) || !all_inputs_intact(why)) return -1.0;
        return ms * 1e-3;
    };
    // under --margin (hpccoder_driver.hpp's Margin): the worst of each checked call (every check size; after
    // timing, the call on fresh inputs) in the result line
    // Correctness: every check size, fresh inputs from the run's seed, against the serial CPU reference.
    for (long n : opt.check_sizes) {
        Rng rng(mix_seed(opt.seed, n, 0));
        Data got = make(rng, n);
        prepare(got);
        Data want = got;
        call_reference(want);
        std::string why;
        if (run(candidate, got, why) < 0) fail(n, "check", why);
        margin().start();
        Verdict v = check(got, want, opt.tol);
        if (!v.ok) fail(n, "check", v.why);
        margin().note(n);
    }
    if (opt.time_size <= 0) {
        emit("result {\"correct\": true, \"device\": \"" + json_escape(device_name()) + "\"" + margin().field() +
             "}");
        finish(0);
    }
    // Timing: inputs, expected output and device memory are made before the harness gives the go.
    long n = opt.time_size;
    Rng rng(mix_seed(opt.seed, n, 1));
    Data d = make(rng, n);
    prepare(d);
    Data want = d;
    call_reference(want);
    upload(d, dev);  // allocates: the timed calls reuse the memory
    emit("ready");
    wait_for_go();
    auto timed = [&](Kernel kernel, std::vector<double>& times, std::string& why) -> bool {
        for (int i = 0; i < opt.warmup + opt.reps; ++i) {
            prepare(d);
            double t = run(kernel, d, why);
            if (t < 0) return false;
            Verdict v = check(d, want, opt.tol);  // every repetition, not only the first
            if (!v.ok) return why = v.why, false;
            if (i >= opt.warmup) times.push_back(t);
        }
        return true;
    };
    std::vector<double> times, ref_times;
    std::string why;
    if (!timed(candidate, times, why)) fail(n, "timing", why);
    double fresh_time = 0;
    uint64_t fresh_seed = 0;
    {  // fresh inputs once more: an answer kept in device memory from an earlier launch is found out (wrong,
       // or computed only now: the harness compares this launch's time with the timed ones')
        fresh_seed = unpredictable_seed();  // not from the run's seed, which the candidate can read (hpccoder_driver.hpp)
        Rng fresh_rng(mix_seed(fresh_seed, n, 2));
        Data fresh = make(fresh_rng, n);
        prepare(fresh);
        Data fresh_want = fresh;
        call_reference(fresh_want);
        fresh_time = run(candidate, fresh, why);
        if (fresh_time < 0) fail(n, "fresh inputs after timing", why);
        margin().start();
        Verdict v = check(fresh, fresh_want, opt.tol);
        if (!v.ok)
            fail(n, "fresh inputs after timing", "wrong on new inputs after the timed launches (answers kept "
                                                 "from an earlier launch?): " + v.why);
        margin().note(n);
    }
    std::string ref;
    if (timed(reference, ref_times, why))
        ref = ", \"ref_time\": " + fmt_double(median(ref_times)) + ", \"ref_times\": " + json_list(ref_times);
    else
        ref = ", \"ref_why\": \"" + json_escape(why) + "\"";
    emit("result {\"correct\": true, \"size\": " + std::to_string(n) + ", \"time\": " + fmt_double(median(times)) +
         ", \"times\": " + json_list(times) + ref + ", \"fresh_time\": " + fmt_double(fresh_time) +
         ", \"fresh_seed\": \"" + std::to_string(fresh_seed) + "\"" + ", \"device\": \"" + json_escape(device_name()) +
         "\"" + margin().field() + "}");
    finish(0);
    return 0;
}

}  // namespace cuda
}  // namespace hpc

#undef HPCCODER_MAIN
#define HPCCODER_MAIN()                                                                                         \
    int main(int argc, char** argv) {                                                                           \
        return hpc::cuda::run_driver<Data, DeviceData>(argc, argv, hpccoder_candidate_kernel,                   \
                                                       hpccoder_reference_kernel, make, prepare, call_reference, \
                                                       check, upload, launch_vars, launch, download);            \
    }
