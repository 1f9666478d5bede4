// hpcemu: a CPU emulation of the CUDA execution model, for checking kernels for correctness
// where there is no GPU. NOT a GPU run: no timing from it means anything.
//
// Compiled with g++ (-std=c++20 -include runtime.hpp) after hpccoder/harness/cudaemu/rewrite.py
// has turned `k<<<grid, block, shmem>>>(args)` into `::hpcemu::launch(k, grid, block, shmem)(args)`
// and `extern __shared__ T a[];` into a pointer to the launch's dynamic shared memory.
//
// Execution: the blocks of a launch run one after another, in a seeded random order. The
// threads of a block are fibers (user-level contexts with stacks of their own, switched by a
// few instructions of assembly) on the launching OS thread: a thread runs until it reaches a
// synchronisation point (__syncthreads, a warp intrinsic, __syncwarp, every 64th atomic,
// __threadfence, __nanosleep) or returns; then another runnable thread of the block, picked at
// random, runs. So every interleaving at synchronisation points is possible, and a kernel that
// reads in one phase what another thread writes in the same phase without a barrier between
// them fails with a high probability (reproducibly: the seed is fixed, HPCEMU_SEED changes it).
// Warps are 32 consecutive linear thread ids. A thread that returns drops out of barriers.
// `__shared__` variables are static storage (one block runs at a time) in a section of their
// own, filled with a NaN pattern before every block, as is dynamic shared memory; fresh
// cudaMalloc memory is filled with it too.
//
// Checks beyond what a GPU reports: divergent __syncthreads (threads of one barrier phase at
// different __syncthreads sites), warp intrinsics whose mask leaves out the caller or that
// mix masks or operations, shuffles that read a lane taking no part (an exited lane, one past
// a partial warp: a huge value of alternating sign, where a GPU gives an undefined one),
// deadlocks (every live thread of a block waits), and, where HPCEMU_WATCHDOG_S is set, a launch
// that runs longer than that (a spin-wait on another block or an endless loop). Each ends the
// program with a result line of the hpccoder protocol.
// hpccoder's guard regions (64 KiB of 0xA7 set by cudaMemset around every device array) hold
// the NaN pattern during a launch, so a kernel that reads past its input reads NaN.
#pragma once
#ifndef HPCEMU_RUNTIME_HPP
#define HPCEMU_RUNTIME_HPP

#if !defined(__x86_64__)
#error "hpcemu (the CUDA CPU emulator) supports x86-64 only"
#endif

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cassert>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <numeric>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#define HPCEMU 1
#define __CUDACC__ 1
#define __global__
#define __device__
#define __host__
#define __constant__
#define __managed__
#define __forceinline__ __attribute__((unused))
// __noinline__: rewrite.py replaces it (libstdc++ spells its own attribute __noinline__)
#define __launch_bounds__(...)
#define __align__(n) alignas(n)
#define __grid_constant__
// rewrite.py turns `extern __shared__` into a pointer and drops a `static` next to __shared__.
#define __shared__ static __attribute__((section("hpcemu_shared"), aligned(16)))

// ---- built-in types -------------------------------------------------------------------------
struct uint3 {
    unsigned int x, y, z;
};
struct dim3 {
    unsigned int x, y, z;
    constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
    constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
    constexpr operator uint3() const { return uint3{x, y, z}; }
};

#define HPCEMU_VEC2(T, N, A)                                                   \
    struct alignas(A) N##2 { T x, y; };                                        \
    inline N##2 make_##N##2(T x, T y) { return N##2{x, y}; }
#define HPCEMU_VEC3(T, N)                                                      \
    struct N##3 { T x, y, z; };                                                \
    inline N##3 make_##N##3(T x, T y, T z) { return N##3{x, y, z}; }
#define HPCEMU_VEC4(T, N, A)                                                   \
    struct alignas(A) N##4 { T x, y, z, w; };                                  \
    inline N##4 make_##N##4(T x, T y, T z, T w) { return N##4{x, y, z, w}; }
#define HPCEMU_VEC1(T, N)                                                      \
    struct N##1 { T x; };                                                      \
    inline N##1 make_##N##1(T x) { return N##1{x}; }
#define HPCEMU_VECS(T, N, A2, A4) HPCEMU_VEC1(T, N) HPCEMU_VEC2(T, N, A2) HPCEMU_VEC3(T, N) HPCEMU_VEC4(T, N, A4)
HPCEMU_VECS(signed char, char, 2, 4)
HPCEMU_VECS(unsigned char, uchar, 2, 4)
HPCEMU_VECS(short, short, 4, 8)
HPCEMU_VECS(unsigned short, ushort, 4, 8)
HPCEMU_VECS(int, int, 8, 16)
HPCEMU_VEC1(unsigned int, uint)
HPCEMU_VEC2(unsigned int, uint, 8)
HPCEMU_VEC4(unsigned int, uint, 16)
inline uint3 make_uint3(unsigned int x, unsigned int y, unsigned int z) { return uint3{x, y, z}; }
HPCEMU_VECS(long, long, 16, 16)
HPCEMU_VECS(unsigned long, ulong, 16, 16)
HPCEMU_VECS(long long, longlong, 16, 16)
HPCEMU_VECS(unsigned long long, ulonglong, 16, 16)
HPCEMU_VECS(float, float, 8, 16)
HPCEMU_VECS(double, double, 16, 16)

typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned long ulong;

// The built-in variables: set by the scheduler before it switches to a thread.
inline uint3 threadIdx, blockIdx;
inline dim3 blockDim, gridDim;
constexpr int warpSize = 32;

// ---- errors -----------------------------------------------------------------------------------
enum cudaError_t {
    cudaSuccess = 0,
    cudaErrorInvalidValue = 1,
    cudaErrorMemoryAllocation = 2,
    cudaErrorInitializationError = 3,
    cudaErrorInvalidConfiguration = 9,
    cudaErrorInvalidDevicePointer = 17,
    cudaErrorInvalidMemcpyDirection = 21,
    cudaErrorInvalidDevice = 101,
    cudaErrorNoDevice = 100,
    cudaErrorInvalidResourceHandle = 400,
    cudaErrorNotReady = 600,
    cudaErrorIllegalAddress = 700,
    cudaErrorLaunchOutOfResources = 701,
    cudaErrorAssert = 710,
    cudaErrorLaunchFailure = 719,
    cudaErrorNotSupported = 801,
    cudaErrorUnknown = 999,
};
typedef cudaError_t cudaError;

inline const char* cudaGetErrorName(cudaError_t e) {
    switch (e) {
        case cudaSuccess: return "cudaSuccess";
        case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
        case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
        case cudaErrorInitializationError: return "cudaErrorInitializationError";
        case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
        case cudaErrorInvalidDevicePointer: return "cudaErrorInvalidDevicePointer";
        case cudaErrorInvalidMemcpyDirection: return "cudaErrorInvalidMemcpyDirection";
        case cudaErrorInvalidDevice: return "cudaErrorInvalidDevice";
        case cudaErrorNoDevice: return "cudaErrorNoDevice";
        case cudaErrorInvalidResourceHandle: return "cudaErrorInvalidResourceHandle";
        case cudaErrorNotReady: return "cudaErrorNotReady";
        case cudaErrorIllegalAddress: return "cudaErrorIllegalAddress";
        case cudaErrorLaunchOutOfResources: return "cudaErrorLaunchOutOfResources";
        case cudaErrorAssert: return "cudaErrorAssert";
        case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
        case cudaErrorNotSupported: return "cudaErrorNotSupported";
        default: return "cudaErrorUnknown";
    }
}
inline const char* cudaGetErrorString(cudaError_t e) {
    switch (e) {
        case cudaSuccess: return "no error";
        case cudaErrorInvalidValue: return "invalid argument";
        case cudaErrorMemoryAllocation: return "out of memory";
        case cudaErrorInvalidConfiguration: return "invalid configuration argument";
        case cudaErrorInvalidDevicePointer: return "invalid device pointer";
        case cudaErrorInvalidMemcpyDirection: return "invalid copy direction for memcpy";
        case cudaErrorInvalidDevice: return "invalid device ordinal";
        case cudaErrorNoDevice: return "no CUDA-capable device is detected";
        case cudaErrorInvalidResourceHandle: return "invalid resource handle";
        case cudaErrorNotReady: return "device not ready";
        case cudaErrorLaunchOutOfResources: return "too many resources requested for launch";
        case cudaErrorNotSupported: return "operation not supported (by the CPU emulator)";
        default: return "unspecified launch failure";
    }
}

enum cudaMemcpyKind {
    cudaMemcpyHostToHost = 0,
    cudaMemcpyHostToDevice = 1,
    cudaMemcpyDeviceToHost = 2,
    cudaMemcpyDeviceToDevice = 3,
    cudaMemcpyDefault = 4
};
struct CUstream_st {
    int id;
};
struct CUevent_st {
    int recorded;
};
typedef CUstream_st* cudaStream_t;
typedef CUevent_st* cudaEvent_t;
#define cudaStreamDefault 0
#define cudaStreamNonBlocking 1
#define cudaStreamLegacy ((cudaStream_t)0)
#define cudaStreamPerThread ((cudaStream_t)0)
#define cudaEventDefault 0
#define cudaEventBlockingSync 1
#define cudaEventDisableTiming 2
#define cudaHostAllocDefault 0
#define cudaMemAttachGlobal 1

enum cudaFuncCache { cudaFuncCachePreferNone, cudaFuncCachePreferShared, cudaFuncCachePreferL1, cudaFuncCachePreferEqual };
enum cudaSharedMemConfig { cudaSharedMemBankSizeDefault, cudaSharedMemBankSizeFourByte, cudaSharedMemBankSizeEightByte };
enum cudaFuncAttribute {
    cudaFuncAttributeMaxDynamicSharedMemorySize = 8,
    cudaFuncAttributePreferredSharedMemoryCarveout = 9
};
enum cudaDeviceAttr {
    cudaDevAttrMaxThreadsPerBlock = 1,
    cudaDevAttrMaxBlockDimX = 2,
    cudaDevAttrMaxBlockDimY = 3,
    cudaDevAttrMaxBlockDimZ = 4,
    cudaDevAttrMaxGridDimX = 5,
    cudaDevAttrMaxGridDimY = 6,
    cudaDevAttrMaxGridDimZ = 7,
    cudaDevAttrMaxSharedMemoryPerBlock = 8,
    cudaDevAttrWarpSize = 10,
    cudaDevAttrMultiProcessorCount = 16,
    cudaDevAttrComputeCapabilityMajor = 75,
    cudaDevAttrComputeCapabilityMinor = 76,
    cudaDevAttrMaxSharedMemoryPerBlockOptin = 97
};

struct cudaDeviceProp {
    char name[256];
    size_t totalGlobalMem, sharedMemPerBlock, sharedMemPerMultiprocessor, sharedMemPerBlockOptin, totalConstMem;
    int regsPerBlock, warpSize, maxThreadsPerBlock, maxThreadsDim[3], maxGridSize[3], clockRate, major, minor,
        multiProcessorCount, maxThreadsPerMultiProcessor, memoryClockRate, memoryBusWidth, l2CacheSize,
        concurrentKernels, asyncEngineCount, unifiedAddressing, managedMemory, cooperativeLaunch, maxBlocksPerMultiProcessor;
    size_t memPitch, textureAlignment;
};

struct cudaFuncAttributes {
    size_t sharedSizeBytes, constSizeBytes, localSizeBytes;
    int maxThreadsPerBlock, numRegs, ptxVersion, binaryVersion, maxDynamicSharedSizeBytes;
};

namespace hpcemu {

constexpr unsigned MAX_THREADS = 1024;
constexpr size_t MAX_DYNAMIC_SHARED = 227 << 10;  // the most a block of an H100 may opt in to
constexpr size_t STACK_BYTES = 256 << 10;
constexpr size_t HPCCODER_GUARD_BYTES = 64 << 10;  // hpc::cuda::GUARD_BYTES in hpccoder_cuda.cuh
constexpr unsigned char HPCCODER_GUARD_BYTE = 0xA7;  // hpc::cuda::GUARD_BYTE
// A 4-byte pattern, by address mod 4, that reads as NaN as float and as double (aligned).
constexpr unsigned char POISON[4] = {0xD1, 0xC3, 0xFF, 0x7F};

constexpr uint64_t POISON64 = 0x7FFFC3D17FFFC3D1ULL;  // POISON twice, little-endian
constexpr uint64_t GUARD64 = 0xA7A7A7A7A7A7A7A7ULL;

inline void poison(void* p, size_t n) {
    auto* b = static_cast<unsigned char*>(p);
    size_t i = 0;
    for (; i < n && (reinterpret_cast<uintptr_t>(b + i) & 7); ++i) b[i] = POISON[reinterpret_cast<uintptr_t>(b + i) & 3];
    for (; i + 8 <= n; i += 8) std::memcpy(b + i, &POISON64, 8);
    for (; i < n; ++i) b[i] = POISON[reinterpret_cast<uintptr_t>(b + i) & 3];
}

// ---- reporting: a result line of the hpccoder driver protocol, then exit -----------------
inline std::string json_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\', out += c;
        else if ((unsigned char)c < 0x20) out += ' ';
        else out += c;
    }
    return out;
}

inline void write_all(int fd, const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
        ssize_t w = ::write(fd, s.data() + done, s.size() - done);
        if (w <= 0) return;
        done += (size_t)w;
    }
}

// status: runtime_error or timeout. `flush`: false from the watchdog thread (stdout may be locked).
[[noreturn]] inline void fail(const char* status, const std::string& why, bool flush = true) {
    if (flush) std::fflush(stdout);
    write_all(1, std::string("\n@@hpccoder result {\"correct\": false, \"status\": \"") + status +
                     "\", \"why\": \"" + json_escape(why) + "\"}\n");
    write_all(2, "hpcemu: " + why + "\n");
    ::_exit(0);
}

// ---- fibers -------------------------------------------------------------------------------------
extern "C" void hpcemu_switch_context(void** save_sp, void* load_sp);
asm(R"(
    .text
    .weak hpcemu_switch_context
    .type hpcemu_switch_context, @function
hpcemu_switch_context:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size hpcemu_switch_context, .-hpcemu_switch_context
)");

enum class Wait : int { none, block, warp, done };
enum Op : int {
    SHFL_IDX, SHFL_UP, SHFL_DOWN, SHFL_XOR, BALLOT, ANY, ALL, SYNCWARP, MATCH_ANY, MATCH_ALL,
    RED_ADD, RED_MIN, RED_MAX, RED_AND, RED_OR, RED_XOR, OP_COUNT
};
inline const char* op_name(int op) {
    static const char* names[] = {"__shfl_sync", "__shfl_up_sync", "__shfl_down_sync", "__shfl_xor_sync",
                                  "__ballot_sync", "__any_sync", "__all_sync", "__syncwarp",
                                  "__match_any_sync", "__match_all_sync", "__reduce_add_sync",
                                  "__reduce_min_sync", "__reduce_max_sync", "__reduce_and_sync",
                                  "__reduce_or_sync", "__reduce_xor_sync"};
    return op >= 0 && op < OP_COUNT ? names[op] : "?";
}

struct Fiber {
    void* sp = nullptr;
    unsigned char* stack = nullptr;  // the mapping: a guard page, then STACK_BYTES
    uint3 tid{};
    unsigned linear = 0, lane = 0, warp = 0;
    Wait wait = Wait::none;
    const char* what = "";  // where it waits, for messages
    const char* file = "";
    int line = 0;
    // a warp operation
    int op = 0, arg = 0, width = 32, is_signed = 0;
    unsigned mask = 0;
    size_t vsize = 0;
    unsigned char val[16]{}, result[16]{};
    int pred = 0;
    long long iresult = 0;
    unsigned atomics = 0;
};

struct Emu {
    std::vector<Fiber> fibers;
    void* sched_sp = nullptr;
    unsigned current = 0, nthreads = 0, alive = 0;
    std::vector<unsigned> runnable;
    std::vector<unsigned> warp_alive, warp_waiting;  // lane masks per warp: live lanes, lanes in a warp op
    // the block barrier of the current phase
    unsigned block_arrived = 0;
    const char* b_file = "";
    int b_line = 0, b_kind = 0;
    long long b_count = 0;
    std::vector<unsigned> block_waiters;
    const std::function<void()>* body = nullptr;
    uint64_t rng = 0, launches = 0;
    std::atomic<bool> in_kernel{false};
    std::atomic<long long> launch_started_ns{0};
    std::atomic<unsigned> cur_block_linear{0};
    double watchdog_s = 0;
    bool watchdog_started = false, handlers_installed = false;
    cudaError_t last_error = cudaSuccess;
    std::map<uintptr_t, size_t> allocations;
    std::vector<std::pair<unsigned char*, size_t>> guards;  // hpccoder guard regions (disjoint)
    size_t dyn_shared = 0;
    size_t max_dyn_shared = 48 << 10;
};

inline Emu the_emu;
inline Emu& emu() { return the_emu; }

inline uint64_t next_random(uint64_t& s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

inline std::string fmt_uint3(uint3 v) {
    return "(" + std::to_string(v.x) + ", " + std::to_string(v.y) + ", " + std::to_string(v.z) + ")";
}

inline bool in_kernel() { return emu().in_kernel.load(std::memory_order_relaxed); }

inline Fiber& cur() { return emu().fibers[emu().current]; }

inline std::string where_thread() {
    return "block " + fmt_uint3(blockIdx) + ", thread " + fmt_uint3(threadIdx);
}

[[noreturn]] inline void kernel_error(const std::string& why) {
    fail("runtime_error", "CPU emulation (no GPU): " + why);
}

// Back to the scheduler; returns when the scheduler picks this thread again.
inline void yield() {
    Emu& e = emu();
    Fiber& f = e.fibers[e.current];
    hpcemu_switch_context(&f.sp, e.sched_sp);
}

inline void make_runnable(unsigned t) {
    Emu& e = emu();
    Fiber& f = e.fibers[t];
    if (f.wait == Wait::warp) e.warp_waiting[f.warp] &= ~(1u << f.lane);
    f.wait = Wait::none;
    e.runnable.push_back(t);
}

// A waiting thread's place, for messages.
inline std::string waiting_summary() {
    Emu& e = emu();
    std::map<std::string, unsigned> at;
    unsigned running = 0;
    for (unsigned t = 0; t < e.nthreads; ++t) {
        const Fiber& f = e.fibers[t];
        if (f.wait == Wait::done) continue;
        if (f.wait == Wait::none) {
            ++running;
            continue;
        }
        at[std::string(f.what) + " at line " + std::to_string(f.line)] += 1;
    }
    std::string s;
    for (auto& kv : at) s += (s.empty() ? "" : ", ") + std::to_string(kv.second) + " wait in " + kv.first;
    if (running) s += (s.empty() ? "" : ", ") + std::to_string(running) + " are runnable or running";
    return s;
}

// ---- the block barrier ---------------------------------------------------------------------
inline void complete_block_barrier() {
    Emu& e = emu();
    const int participants = (int)e.block_waiters.size();
    for (unsigned t : e.block_waiters) {
        e.fibers[t].iresult = e.b_count;
        e.fibers[t].pred = participants;
        make_runnable(t);
    }
    e.block_waiters.clear();
    e.block_arrived = 0;
}

// kind: 0 __syncthreads, 1 _count, 2 _and, 3 _or. Returns the count of true predicates.
inline long long block_barrier(const char* file, int line, int kind, int pred, const char* what) {
    Emu& e = emu();
    if (!in_kernel()) return 0;
    Fiber& f = e.fibers[e.current];
    if (e.block_arrived == 0) {
        e.b_file = file, e.b_line = line, e.b_kind = kind, e.b_count = 0;
    } else if (e.b_line != line || e.b_kind != kind || std::strcmp(e.b_file, file) != 0) {
        kernel_error("divergent " + std::string(what) + ": in " + where_thread() + " it is reached at line " +
                     std::to_string(line) + " while " + std::to_string(e.block_arrived) +
                     " thread(s) of the block wait at a barrier at line " + std::to_string(e.b_line) +
                     " (a __syncthreads that not every live thread of the block reaches: undefined behaviour, "
                     "a hang or wrong results on a GPU)");
    }
    f.wait = Wait::block, f.what = what, f.file = file, f.line = line;
    e.b_count += pred != 0;
    e.block_arrived++;
    e.block_waiters.push_back(e.current);
    if (e.block_arrived == e.alive) complete_block_barrier();
    yield();
    return f.iresult;
}

// ---- warp operations ---------------------------------------------------------------------------
template <class T>
inline T from_bytes(const unsigned char* b) {
    T v;
    std::memcpy(&v, b, sizeof(T));
    return v;
}

// A shuffle's value from a lane that does not take part in it (exited, outside the block, not in the
// mask): undefined on a GPU (the stale register of another thread). The emulator gives a huge finite
// value, + for an even source lane and - for an odd one (as float and double about +-3e38 and +-7e305,
// as int about +2.1e9 and -8.4e6), which a sum, a maximum or a minimum does not drop the way they
// would drop a NaN or the caller's own value.
inline void undefined_shuffle(unsigned char* result, unsigned src) {
    static const unsigned char pattern[2][4] = {{0xD1, 0xC3, 0x7F, 0x7F}, {0xD1, 0xC3, 0x7F, 0xFF}};
    for (int i = 0; i < 16; ++i) result[i] = pattern[src & 1][i & 3];
}

inline void complete_warp_group(unsigned w, unsigned group) {
    Emu& e = emu();
    const unsigned base = w * 32;
    Fiber& first = e.fibers[base + __builtin_ctz(group)];
    const int op = first.op;
    for (unsigned m = group; m; m &= m - 1) {
        Fiber& f = e.fibers[base + __builtin_ctz(m)];
        if (f.op != op)
            kernel_error("divergent warp operations: lanes of warp " + std::to_string(w) + " (mask 0x" +
                         [&] { char b[16]; std::snprintf(b, sizeof b, "%08x", f.mask); return std::string(b); }() +
                         ") meet at " + op_name(f.op) + " (line " + std::to_string(f.line) + ") and " +
                         op_name(op) + " (line " + std::to_string(first.line) + ")");
    }
    unsigned ballot = 0;
    for (unsigned m = group; m; m &= m - 1) {
        unsigned lane = __builtin_ctz(m);
        if (e.fibers[base + lane].pred) ballot |= 1u << lane;
    }
    for (unsigned m = group; m; m &= m - 1) {
        const unsigned lane = __builtin_ctz(m);
        Fiber& f = e.fibers[base + lane];
        std::memcpy(f.result, f.val, sizeof f.val);  // a lane with no valid source keeps its own value
        const int width = f.width;
        const unsigned lw = lane & (unsigned)(width - 1), start = lane - lw;
        long src = -1;
        switch (op) {
            case SHFL_IDX: src = start + ((unsigned)f.arg & (unsigned)(width - 1)); break;
            case SHFL_UP: src = (long)lw - f.arg >= 0 ? (long)lane - f.arg : -1; break;
            case SHFL_DOWN: src = (long)lw + f.arg < width ? (long)lane + f.arg : -1; break;
            case SHFL_XOR: {
                long s = (long)(lane ^ (unsigned)f.arg);
                src = s < (long)(start + width) && s < 32 ? s : -1;
                break;
            }
            case BALLOT: f.iresult = ballot; break;
            case ANY: f.iresult = ballot != 0; break;
            case ALL: f.iresult = ballot == group; break;
            case SYNCWARP: break;
            case MATCH_ANY:
            case MATCH_ALL: {
                unsigned same = 0;
                for (unsigned o = group; o; o &= o - 1) {
                    const Fiber& g = e.fibers[base + __builtin_ctz(o)];
                    if (std::memcmp(g.val, f.val, f.vsize) == 0) same |= 1u << __builtin_ctz(o);
                }
                if (op == MATCH_ANY) f.iresult = same;
                else f.iresult = same == group ? group : 0, f.pred = same == group;
                break;
            }
            default: {  // reductions over 32-bit values
                long long acc = 0;
                bool firstv = true;
                for (unsigned o = group; o; o &= o - 1) {
                    const Fiber& g = e.fibers[base + __builtin_ctz(o)];
                    long long v = f.is_signed ? (long long)from_bytes<int>(g.val) : (long long)from_bytes<unsigned>(g.val);
                    if (firstv) {
                        acc = v, firstv = false;
                        continue;
                    }
                    switch (op) {
                        case RED_ADD: acc += v; break;
                        case RED_MIN: acc = std::min(acc, v); break;
                        case RED_MAX: acc = std::max(acc, v); break;
                        case RED_AND: acc &= v; break;
                        case RED_OR: acc |= v; break;
                        case RED_XOR: acc ^= v; break;
                    }
                }
                f.iresult = acc;
            }
        }
        if (src >= 0 && (group >> src & 1u)) std::memcpy(f.result, e.fibers[base + src].val, sizeof f.val);
        else if (src >= 0) undefined_shuffle(f.result, (unsigned)src);  // the source lane takes no part
    }
    for (unsigned m = group; m; m &= m - 1) make_runnable(base + __builtin_ctz(m));
}

// Completes the group of every waiting lane of warp w whose live lanes have all arrived.
inline void check_warp(unsigned w) {
    Emu& e = emu();
    const unsigned base = w * 32, live = e.warp_alive[w];
    unsigned waiting = e.warp_waiting[w] & live;
    while (waiting) {
        const unsigned lane = __builtin_ctz(waiting);
        const unsigned mask = e.fibers[base + lane].mask;
        const unsigned need = mask & live;
        bool ready = true;
        for (unsigned m = need; m; m &= m - 1) {
            const Fiber& g = e.fibers[base + __builtin_ctz(m)];
            if (g.wait != Wait::warp) {
                ready = false;
                continue;
            }
            if (g.mask != mask) {
                char buf[160];
                std::snprintf(buf, sizeof buf, "warp %u: lanes wait with different masks 0x%08x (line %d) and 0x%08x (line %d)",
                              w, mask, e.fibers[base + lane].line, g.mask, g.line);
                kernel_error(std::string("divergent warp operations in block ") + fmt_uint3(blockIdx) + ", " + buf +
                             " (all non-exited lanes named in a mask must take part with the same mask)");
            }
        }
        unsigned group = 0;
        for (unsigned m = waiting; m; m &= m - 1) {
            unsigned l = __builtin_ctz(m);
            if (e.fibers[base + l].mask == mask) group |= 1u << l;
        }
        waiting &= ~group;
        if (ready && group) complete_warp_group(w, group);
    }
}

inline void warp_op(int op, unsigned mask, const void* val, size_t size, int arg, int width, int pred, int line,
                    int is_signed = 0) {
    Emu& e = emu();
    if (!in_kernel()) kernel_error(std::string(op_name(op)) + " called outside a kernel");
    Fiber& f = e.fibers[e.current];
    if (!(mask >> f.lane & 1u)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "0x%08x", mask);
        kernel_error(std::string(op_name(op)) + " at line " + std::to_string(line) + " in " + where_thread() +
                     " (lane " + std::to_string(f.lane) + ") with mask " + buf +
                     ", which does not include the calling lane");
    }
    if (width <= 0 || width > 32 || (width & (width - 1)))
        kernel_error(std::string(op_name(op)) + " at line " + std::to_string(line) + ": width " +
                     std::to_string(width) + " is not a power of two up to 32");
    f.wait = Wait::warp, f.what = op_name(op), f.line = line, f.file = "";
    f.op = op, f.mask = mask, f.arg = arg, f.width = width, f.pred = pred, f.is_signed = is_signed;
    f.vsize = size;
    std::memset(f.val, 0, sizeof f.val);
    if (size) std::memcpy(f.val, val, size);
    e.warp_waiting[f.warp] |= 1u << f.lane;
    const unsigned need = mask & e.warp_alive[f.warp];
    if ((e.warp_waiting[f.warp] & need) == need) check_warp(f.warp);  // else some lane has yet to arrive
    yield();
}

template <class T>
inline T shuffle(int op, int line, unsigned mask, T var, int arg, int width = 32) {
    static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= 16, "shuffles move values of up to 16 bytes");
    warp_op(op, mask, &var, sizeof(T), arg, width, 0, line);
    return from_bytes<T>(cur().result);
}

// ---- scheduling ---------------------------------------------------------------------------------
inline void thread_exit() {
    Emu& e = emu();
    Fiber& f = e.fibers[e.current];
    f.wait = Wait::done;
    e.alive--;
    e.warp_alive[f.warp] &= ~(1u << f.lane);
    if (e.block_arrived > 0 && e.block_arrived == e.alive) complete_block_barrier();
    check_warp(f.warp);
    hpcemu_switch_context(&f.sp, e.sched_sp);
    std::abort();  // never resumed
}

inline void fiber_main() {
    try {
        (*emu().body)();
    } catch (const std::exception& ex) {
        kernel_error(std::string("the kernel threw an exception (") + ex.what() + ") in " + where_thread());
    } catch (...) {
        kernel_error("the kernel threw an exception in " + where_thread());
    }
    thread_exit();
}

inline void prepare_fiber(Fiber& f) {
    if (!f.stack) {
        const size_t page = 4096;
        void* m = mmap(nullptr, STACK_BYTES + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                       -1, 0);
        if (m == MAP_FAILED) fail("runtime_error", "CPU emulation (no GPU): cannot map a thread's stack");
        mprotect(m, page, PROT_NONE);  // overflow faults
        f.stack = static_cast<unsigned char*>(m);
    }
    auto top = reinterpret_cast<uintptr_t>(f.stack + 4096 + STACK_BYTES) & ~uintptr_t(15);
    auto* slots = reinterpret_cast<void**>(top);
    slots[-1] = nullptr;                                     // fiber_main's return address: never used
    slots[-2] = reinterpret_cast<void*>(&fiber_main);        // where the first switch `ret`s to
    for (int i = 3; i <= 8; ++i) slots[-i] = nullptr;       // rbp rbx r12 r13 r14 r15
    f.sp = &slots[-8];
}

[[noreturn]] inline void deadlock() {
    fail("timeout", "CPU emulation (no GPU): deadlock in block " + fmt_uint3(blockIdx) + " of " +
                        std::to_string(emu().alive) + " live threads: every one waits for the others (" +
                        waiting_summary() + "); on a GPU this kernel hangs");
}

inline void run_block(const uint3& block) {
    Emu& e = emu();
    blockIdx = block;
    e.alive = e.nthreads;
    e.runnable.clear();
    e.block_arrived = 0;
    e.block_waiters.clear();
    const unsigned nwarps = (e.nthreads + 31) / 32;
    e.warp_alive.assign(nwarps, 0);
    e.warp_waiting.assign(nwarps, 0);
    for (unsigned t = 0; t < e.nthreads; ++t) {
        Fiber& f = e.fibers[t];
        prepare_fiber(f);
        f.wait = Wait::none, f.atomics = 0;
        f.linear = t, f.lane = t % 32, f.warp = t / 32;
        f.tid = uint3{t % blockDim.x, (t / blockDim.x) % blockDim.y, t / (blockDim.x * blockDim.y)};
        e.warp_alive[f.warp] |= 1u << f.lane;
        e.runnable.push_back(t);
    }
    while (e.alive > 0) {
        if (e.runnable.empty()) deadlock();
        size_t k = (size_t)(next_random(e.rng) % e.runnable.size());
        unsigned t = e.runnable[k];
        e.runnable[k] = e.runnable.back();
        e.runnable.pop_back();
        e.current = t;
        threadIdx = e.fibers[t].tid;
        hpcemu_switch_context(&e.sched_sp, e.fibers[t].sp);
    }
}

// ---- the watchdog and the fault handler ------------------------------------------------------
inline long long now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

inline void start_watchdog() {
    Emu& e = emu();
    if (e.watchdog_started) return;
    e.watchdog_started = true;
    const char* s = std::getenv("HPCEMU_WATCHDOG_S");
    e.watchdog_s = s ? std::atof(s) : 0.0;
    if (e.watchdog_s <= 0) return;
    std::thread([] {
        Emu& e = emu();
        for (;;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (!e.in_kernel.load()) continue;
            long long started = e.launch_started_ns.load();
            if (started && (now_ns() - started) * 1e-9 > e.watchdog_s) {
                fail("timeout",
                     "CPU emulation (no GPU): a kernel launch ran for more than " + std::to_string((int)e.watchdog_s) +
                         " s without finishing (block " + std::to_string(e.cur_block_linear.load()) +
                         " in launch order): a thread spins forever (a wait for another block, which the emulator "
                         "runs one at a time, or for a thread that cannot progress, or an endless loop), or the "
                         "kernel is far too slow for the emulator",
                     false);
            }
        }
    }).detach();
}

inline void on_fault(int sig, siginfo_t* info, void*) {
    Emu& e = emu();
    if (!e.in_kernel.load()) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    char buf[512];
    auto addr = reinterpret_cast<uintptr_t>(info ? info->si_addr : nullptr);
    const Fiber& f = e.fibers[e.current];
    bool overflow = f.stack && addr >= reinterpret_cast<uintptr_t>(f.stack) &&
                    addr < reinterpret_cast<uintptr_t>(f.stack) + 4096;
    const char* what = sig == SIGFPE  ? "an arithmetic fault (SIGFPE: an integer division by zero?)"
                       : overflow    ? "a stack overflow (more than 256 KiB of local memory or deep recursion)"
                       : sig == SIGBUS ? "a misaligned or invalid memory access (SIGBUS)"
                                      : "an invalid memory access (SIGSEGV)";
    std::snprintf(buf, sizeof buf,
                  "\n@@hpccoder result {\"correct\": false, \"status\": \"runtime_error\", \"why\": \"CPU emulation "
                  "(no GPU): the kernel made %s at address 0x%lx in block (%u, %u, %u), thread (%u, %u, %u)\"}\n",
                  what, (unsigned long)addr, blockIdx.x, blockIdx.y, blockIdx.z, threadIdx.x, threadIdx.y, threadIdx.z);
    ssize_t ignored = ::write(1, buf, std::strlen(buf));
    ignored = ::write(2, buf, std::strlen(buf));
    (void)ignored;
    ::_exit(0);
}

inline void install_handlers() {
    Emu& e = emu();
    if (e.handlers_installed) return;
    e.handlers_installed = true;
    static unsigned char alt[64 << 10];
    stack_t ss{};
    ss.ss_sp = alt;
    ss.ss_size = sizeof alt;
    sigaltstack(&ss, nullptr);
    struct sigaction sa {};
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, nullptr);
    sigaction(SIGBUS, &sa, nullptr);
    sigaction(SIGFPE, &sa, nullptr);
}

// ---- shared memory --------------------------------------------------------------------------
alignas(256) inline unsigned char dynamic_shared_buffer[MAX_DYNAMIC_SHARED];
inline void* dynamic_shared() { return dynamic_shared_buffer; }

extern "C" unsigned char __start_hpcemu_shared[] __attribute__((weak));
extern "C" unsigned char __stop_hpcemu_shared[] __attribute__((weak));

inline void poison_shared() {
    if (__start_hpcemu_shared && __stop_hpcemu_shared > __start_hpcemu_shared)
        poison(__start_hpcemu_shared, (size_t)(__stop_hpcemu_shared - __start_hpcemu_shared));
    if (emu().dyn_shared) poison(dynamic_shared_buffer, std::min(MAX_DYNAMIC_SHARED, emu().dyn_shared));
}

// ---- hpccoder's guard regions: NaN during a launch ---------------------------------------------
inline void forget_guards(const void* p, size_t n) {
    auto& g = emu().guards;
    auto lo = reinterpret_cast<uintptr_t>(p), hi = lo + n;
    g.erase(std::remove_if(g.begin(), g.end(),
                           [&](auto& r) {
                               auto a = reinterpret_cast<uintptr_t>(r.first);
                               return a < hi && lo < a + r.second;
                           }),
            g.end());
}

// Each guard region gets a NaN of its own (as float and as double, aligned: 0x7FFxxxxx twice), so that a value a
// thread past the end read from another array's guard and wrote into this one's is not taken for this one's own
// (with one pattern for all, z[i] = a * x[i] + y[i] past the end wrote the very pattern back, unseen).
inline uint64_t guard_pattern(size_t k) {
    uint32_t half = 0x7FF00000u | (uint32_t)(((k + 1) * 0x9E3779B1u) & 0xFFFFFu) | 1u;
    return ((uint64_t)half << 32) | half;
}

inline unsigned char guard_pattern_byte(uint64_t pattern, const unsigned char* b) {
    return (unsigned char)(pattern >> (8 * (reinterpret_cast<uintptr_t>(b) & 7)));
}

struct PoisonedGuard {
    unsigned char* first;
    size_t second;
    uint64_t pattern;
};

inline std::vector<PoisonedGuard> poison_guards() {
    std::vector<PoisonedGuard> done;
    static const std::vector<unsigned char> clean(HPCCODER_GUARD_BYTES, HPCCODER_GUARD_BYTE);
    for (auto& r : emu().guards) {
        if (r.second != clean.size() || std::memcmp(r.first, clean.data(), r.second) != 0) continue;
        uint64_t pattern = guard_pattern(done.size());
        for (size_t i = 0; i < r.second; ++i) r.first[i] = guard_pattern_byte(pattern, r.first + i);
        done.push_back({r.first, r.second, pattern});
    }
    return done;
}

inline void restore_guards(const std::vector<PoisonedGuard>& regions) {
    for (auto& r : regions) {
        auto restore = [&](unsigned char* b) {
            if (*b == guard_pattern_byte(r.pattern, b)) *b = HPCCODER_GUARD_BYTE;
            else if (*b == HPCCODER_GUARD_BYTE) *b = 0;  // the kernel wrote here: keep it visible
        };
        size_t i = 0;
        for (; i < r.second && (reinterpret_cast<uintptr_t>(r.first + i) & 7); ++i) restore(r.first + i);
        for (; i + 8 <= r.second; i += 8) {
            uint64_t w;
            std::memcpy(&w, r.first + i, 8);
            if (w == r.pattern) std::memcpy(r.first + i, &GUARD64, 8);
            else
                for (size_t k = 0; k < 8; ++k) restore(r.first + i + k);
        }
        for (; i < r.second; ++i) restore(r.first + i);
    }
}

// ---- launches -----------------------------------------------------------------------------------
inline cudaError_t check_config(dim3 g, dim3 b, size_t shmem) {
    unsigned long long threads = (unsigned long long)b.x * b.y * b.z;
    if (!g.x || !g.y || !g.z || !threads || threads > MAX_THREADS || b.x > 1024 || b.y > 1024 || b.z > 64 ||
        g.x > 0x7fffffffu || g.y > 65535 || g.z > 65535)
        return cudaErrorInvalidConfiguration;
    if (shmem > emu().max_dyn_shared) return cudaErrorInvalidValue;
    return cudaSuccess;
}

inline void run_grid(dim3 g, dim3 b, size_t shmem, const std::function<void()>& body) {
    Emu& e = emu();
    if (e.in_kernel.load()) {
        e.last_error = cudaErrorNotSupported;  // dynamic parallelism
        kernel_error("a kernel launched a kernel (dynamic parallelism): not supported by the emulator");
    }
    cudaError_t err = check_config(g, b, shmem);
    if (err != cudaSuccess) {
        e.last_error = err;
        return;
    }
    install_handlers();
    start_watchdog();
    if (!e.rng) {
        const char* s = std::getenv("HPCEMU_SEED");
        e.rng = s ? std::strtoull(s, nullptr, 10) : 0x5EEDC0DAULL;
        e.rng = e.rng * 2 + 1;
    }
    e.launches++;
    gridDim = g, blockDim = b;
    e.nthreads = b.x * b.y * b.z;
    e.dyn_shared = shmem;
    if (e.fibers.size() < e.nthreads) e.fibers.resize(e.nthreads);
    e.body = &body;
    auto guards = poison_guards();
    const unsigned long long total = (unsigned long long)g.x * g.y * g.z;
    // blocks in a random order: an affine permutation of 0..total-1
    unsigned long long a = 1, c = 0;
    if (total > 1) {
        c = next_random(e.rng) % total;
        do a = next_random(e.rng) % total; while (a == 0 || std::gcd(a, total) != 1);
    }
    e.launch_started_ns.store(now_ns());
    e.in_kernel.store(true);
    for (unsigned long long i = 0; i < total; ++i) {
        unsigned long long id = (unsigned long long)(((unsigned __int128)a * i + c) % total);
        e.cur_block_linear.store((unsigned)i);
        poison_shared();
        run_block(uint3{(unsigned)(id % g.x), (unsigned)((id / g.x) % g.y), (unsigned)(id / ((unsigned long long)g.x * g.y))});
    }
    e.in_kernel.store(false);
    e.launch_started_ns.store(0);
    restore_guards(guards);
    threadIdx = uint3{0, 0, 0}, blockIdx = uint3{0, 0, 0};
}

template <class... P>
struct Launcher {
    void (*kernel)(P...);
    dim3 grid, block;
    size_t shmem;
    template <class... A>
    void operator()(A&&... args) const {
        static_assert(sizeof...(A) == sizeof...(P), "a kernel launch with the wrong number of arguments");
        std::tuple<std::decay_t<P>...> params(std::forward<A>(args)...);  // converted once, as at a launch
        auto k = kernel;
        std::function<void()> body = [&params, k] { std::apply(k, params); };
        run_grid(grid, block, shmem, body);
    }
};

template <class... P>
inline Launcher<P...> launch(void (*kernel)(P...), dim3 grid, dim3 block, size_t shmem = 0, cudaStream_t = nullptr) {
    return Launcher<P...>{kernel, grid, block, shmem};
}

inline void atomic_hook() {
    if (!in_kernel()) return;
    Fiber& f = cur();
    if (++f.atomics % 64 == 0) {  // lets a spin lock's holder run
        f.wait = Wait::none;
        emu().runnable.push_back(emu().current);
        yield();
    }
}

inline void yield_point() {
    if (!in_kernel()) return;
    emu().runnable.push_back(emu().current);
    yield();
}

}  // namespace hpcemu

// ---- the runtime API ------------------------------------------------------------------------------
inline cudaError_t hpcemu_ret(cudaError_t e) {
    if (e != cudaSuccess) hpcemu::emu().last_error = e;
    return e;
}

inline cudaError_t cudaGetLastError() {
    cudaError_t e = hpcemu::emu().last_error;
    hpcemu::emu().last_error = cudaSuccess;
    return e;
}
inline cudaError_t cudaPeekAtLastError() { return hpcemu::emu().last_error; }
inline cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }
inline cudaError_t cudaThreadSynchronize() { return cudaSuccess; }
inline cudaError_t cudaDeviceReset() { return cudaSuccess; }
inline cudaError_t cudaGetDeviceCount(int* n) {
    *n = 1;
    return cudaSuccess;
}
inline cudaError_t cudaSetDevice(int d) { return hpcemu_ret(d == 0 ? cudaSuccess : cudaErrorInvalidDevice); }
inline cudaError_t cudaGetDevice(int* d) {
    *d = 0;
    return cudaSuccess;
}
inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp* p, int d) {
    if (d != 0) return hpcemu_ret(cudaErrorInvalidDevice);
    std::memset(p, 0, sizeof *p);
    std::snprintf(p->name, sizeof p->name, "%s", "hpcemu CPU emulation (no GPU)");
    p->totalGlobalMem = size_t(4) << 30;
    p->sharedMemPerBlock = 48 << 10;
    p->sharedMemPerBlockOptin = hpcemu::MAX_DYNAMIC_SHARED;
    p->sharedMemPerMultiprocessor = 228 << 10;
    p->totalConstMem = 64 << 10;
    p->regsPerBlock = 65536;
    p->warpSize = 32;
    p->maxThreadsPerBlock = 1024;
    p->maxThreadsDim[0] = 1024, p->maxThreadsDim[1] = 1024, p->maxThreadsDim[2] = 64;
    p->maxGridSize[0] = 0x7fffffff, p->maxGridSize[1] = 65535, p->maxGridSize[2] = 65535;
    p->clockRate = 1000000;
    p->major = 9, p->minor = 0;
    p->multiProcessorCount = 132;
    p->maxThreadsPerMultiProcessor = 2048;
    p->maxBlocksPerMultiProcessor = 32;
    p->memoryClockRate = 1000000, p->memoryBusWidth = 5120, p->l2CacheSize = 50 << 20;
    p->concurrentKernels = 1, p->unifiedAddressing = 1, p->managedMemory = 1, p->cooperativeLaunch = 1;
    return cudaSuccess;
}
inline cudaError_t cudaDeviceGetAttribute(int* v, cudaDeviceAttr a, int d) {
    cudaDeviceProp p;
    if (cudaGetDeviceProperties(&p, d) != cudaSuccess) return cudaErrorInvalidDevice;
    switch (a) {
        case cudaDevAttrMaxThreadsPerBlock: *v = 1024; break;
        case cudaDevAttrMaxBlockDimX: *v = 1024; break;
        case cudaDevAttrMaxBlockDimY: *v = 1024; break;
        case cudaDevAttrMaxBlockDimZ: *v = 64; break;
        case cudaDevAttrMaxGridDimX: *v = 0x7fffffff; break;
        case cudaDevAttrMaxGridDimY: *v = 65535; break;
        case cudaDevAttrMaxGridDimZ: *v = 65535; break;
        case cudaDevAttrMaxSharedMemoryPerBlock: *v = 48 << 10; break;
        case cudaDevAttrWarpSize: *v = 32; break;
        case cudaDevAttrMultiProcessorCount: *v = 132; break;
        case cudaDevAttrComputeCapabilityMajor: *v = 9; break;
        case cudaDevAttrComputeCapabilityMinor: *v = 0; break;
        case cudaDevAttrMaxSharedMemoryPerBlockOptin: *v = (int)hpcemu::MAX_DYNAMIC_SHARED; break;
        default: *v = 0;
    }
    return cudaSuccess;
}
inline cudaError_t cudaMemGetInfo(size_t* free_b, size_t* total) {
    *free_b = size_t(3) << 30, *total = size_t(4) << 30;
    return cudaSuccess;
}

inline cudaError_t cudaMalloc(void** p, size_t n) {
    size_t bytes = (n + 255) & ~size_t(255);
    void* m = std::aligned_alloc(256, bytes ? bytes : 256);
    if (!m) {
        *p = nullptr;
        return hpcemu_ret(cudaErrorMemoryAllocation);
    }
    hpcemu::poison(m, bytes);
    hpcemu::emu().allocations[reinterpret_cast<uintptr_t>(m)] = n;
    *p = m;
    return cudaSuccess;
}
template <class T>
inline cudaError_t cudaMalloc(T** p, size_t n) {
    return cudaMalloc(reinterpret_cast<void**>(p), n);
}
inline cudaError_t cudaMallocManaged(void** p, size_t n, unsigned = cudaMemAttachGlobal) { return cudaMalloc(p, n); }
template <class T>
inline cudaError_t cudaMallocManaged(T** p, size_t n, unsigned f = cudaMemAttachGlobal) {
    return cudaMallocManaged(reinterpret_cast<void**>(p), n, f);
}
inline cudaError_t cudaMallocHost(void** p, size_t n) { return cudaMalloc(p, n); }
template <class T>
inline cudaError_t cudaMallocHost(T** p, size_t n) {
    return cudaMalloc(reinterpret_cast<void**>(p), n);
}
inline cudaError_t cudaHostAlloc(void** p, size_t n, unsigned) { return cudaMalloc(p, n); }
inline cudaError_t cudaFree(void* p) {
    if (!p) return cudaSuccess;
    auto& a = hpcemu::emu().allocations;
    auto it = a.find(reinterpret_cast<uintptr_t>(p));
    if (it == a.end()) return hpcemu_ret(cudaErrorInvalidValue);
    hpcemu::forget_guards(p, it->second);
    a.erase(it);
    std::free(p);
    return cudaSuccess;
}
inline cudaError_t cudaFreeHost(void* p) { return cudaFree(p); }

inline cudaError_t cudaMemcpy(void* dst, const void* src, size_t n, cudaMemcpyKind kind) {
    if ((int)kind < 0 || (int)kind > 4) return hpcemu_ret(cudaErrorInvalidMemcpyDirection);
    if (n && (!dst || !src)) return hpcemu_ret(cudaErrorInvalidValue);
    if (n) {
        hpcemu::forget_guards(dst, n);
        std::memmove(dst, src, n);
    }
    return cudaSuccess;
}
inline cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t n, cudaMemcpyKind kind, cudaStream_t = nullptr) {
    return cudaMemcpy(dst, src, n, kind);
}
inline cudaError_t cudaMemcpy2D(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width, size_t height,
                                cudaMemcpyKind kind) {
    for (size_t r = 0; r < height; ++r) {
        cudaError_t e = cudaMemcpy(static_cast<char*>(dst) + r * dpitch, static_cast<const char*>(src) + r * spitch,
                                   width, kind);
        if (e != cudaSuccess) return e;
    }
    return cudaSuccess;
}
inline cudaError_t cudaMemset(void* p, int v, size_t n) {
    if (n && !p) return hpcemu_ret(cudaErrorInvalidValue);
    if (!n) return cudaSuccess;
    hpcemu::forget_guards(p, n);
    std::memset(p, v, n);
    if ((unsigned char)v == hpcemu::HPCCODER_GUARD_BYTE && n == hpcemu::HPCCODER_GUARD_BYTES)
        hpcemu::emu().guards.emplace_back(static_cast<unsigned char*>(p), n);
    return cudaSuccess;
}
inline cudaError_t cudaMemsetAsync(void* p, int v, size_t n, cudaStream_t = nullptr) { return cudaMemset(p, v, n); }

template <class T>
inline cudaError_t cudaMemcpyToSymbol(const T& symbol, const void* src, size_t n, size_t offset = 0,
                                      cudaMemcpyKind = cudaMemcpyHostToDevice) {
    if (offset + n > sizeof(T)) return hpcemu_ret(cudaErrorInvalidValue);
    std::memcpy(reinterpret_cast<char*>(const_cast<T*>(&symbol)) + offset, src, n);
    return cudaSuccess;
}
template <class T>
inline cudaError_t cudaMemcpyFromSymbol(void* dst, const T& symbol, size_t n, size_t offset = 0,
                                        cudaMemcpyKind = cudaMemcpyDeviceToHost) {
    if (offset + n > sizeof(T)) return hpcemu_ret(cudaErrorInvalidValue);
    std::memcpy(dst, reinterpret_cast<const char*>(&symbol) + offset, n);
    return cudaSuccess;
}
template <class T>
inline cudaError_t cudaMemcpyToSymbolAsync(const T& s, const void* src, size_t n, size_t off = 0,
                                           cudaMemcpyKind k = cudaMemcpyHostToDevice, cudaStream_t = nullptr) {
    return cudaMemcpyToSymbol(s, src, n, off, k);
}
template <class T>
inline cudaError_t cudaGetSymbolAddress(void** p, const T& symbol) {
    *p = const_cast<T*>(&symbol);
    return cudaSuccess;
}

inline cudaError_t cudaStreamCreate(cudaStream_t* s) {
    *s = new CUstream_st{1};
    return cudaSuccess;
}
inline cudaError_t cudaStreamCreateWithFlags(cudaStream_t* s, unsigned) { return cudaStreamCreate(s); }
inline cudaError_t cudaStreamDestroy(cudaStream_t s) {
    delete s;
    return cudaSuccess;
}
inline cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }
inline cudaError_t cudaStreamQuery(cudaStream_t) { return cudaSuccess; }
// Events: no time is measured under emulation; elapsed times are 0.
inline cudaError_t cudaEventCreate(cudaEvent_t* e) {
    *e = new CUevent_st{0};
    return cudaSuccess;
}
inline cudaError_t cudaEventCreateWithFlags(cudaEvent_t* e, unsigned) { return cudaEventCreate(e); }
inline cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t = nullptr) {
    if (!e) return hpcemu_ret(cudaErrorInvalidResourceHandle);
    e->recorded = 1;
    return cudaSuccess;
}
inline cudaError_t cudaEventSynchronize(cudaEvent_t e) {
    return e ? cudaSuccess : hpcemu_ret(cudaErrorInvalidResourceHandle);
}
inline cudaError_t cudaEventQuery(cudaEvent_t) { return cudaSuccess; }
inline cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t a, cudaEvent_t b) {
    if (!a || !b) return hpcemu_ret(cudaErrorInvalidResourceHandle);
    *ms = 0.0f;
    return cudaSuccess;
}
inline cudaError_t cudaEventDestroy(cudaEvent_t e) {
    delete e;
    return cudaSuccess;
}
inline cudaError_t cudaStreamWaitEvent(cudaStream_t, cudaEvent_t, unsigned = 0) { return cudaSuccess; }

template <class F>
inline cudaError_t cudaFuncSetAttribute(F*, cudaFuncAttribute attr, int value) {
    if (attr == cudaFuncAttributeMaxDynamicSharedMemorySize) {
        if (value < 0 || (size_t)value > hpcemu::MAX_DYNAMIC_SHARED) return hpcemu_ret(cudaErrorInvalidValue);
        hpcemu::emu().max_dyn_shared = std::max(hpcemu::emu().max_dyn_shared, (size_t)value);
    }
    return cudaSuccess;
}
template <class F>
inline cudaError_t cudaFuncSetCacheConfig(F*, cudaFuncCache) {
    return cudaSuccess;
}
template <class F>
inline cudaError_t cudaFuncGetAttributes(cudaFuncAttributes* a, F*) {
    std::memset(a, 0, sizeof *a);
    a->maxThreadsPerBlock = 1024, a->numRegs = 32, a->ptxVersion = 90, a->binaryVersion = 90;
    a->maxDynamicSharedSizeBytes = (int)hpcemu::emu().max_dyn_shared;
    return cudaSuccess;
}
inline cudaError_t cudaDeviceSetCacheConfig(cudaFuncCache) { return cudaSuccess; }
inline cudaError_t cudaDeviceSetSharedMemConfig(cudaSharedMemConfig) { return cudaSuccess; }
template <class F>
inline cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int* n, F, int block, size_t = 0) {
    *n = block > 0 ? std::max(1, std::min(32, 2048 / block)) : 0;
    return cudaSuccess;
}
template <class F>
inline cudaError_t cudaOccupancyMaxPotentialBlockSize(int* min_grid, int* block, F, size_t = 0, int limit = 0) {
    *block = limit > 0 ? std::min(limit, 1024) : 1024;
    *min_grid = 132 * (2048 / *block);
    return cudaSuccess;
}

// ---- device functions ----------------------------------------------------------------------
#define __syncthreads() ::hpcemu::block_barrier(__FILE__, __LINE__, 0, 1, "__syncthreads")
#define __syncthreads_count(p) ((int)::hpcemu::block_barrier(__FILE__, __LINE__, 1, (p) ? 1 : 0, "__syncthreads_count"))
#define __syncthreads_and(p) ::hpcemu::syncthreads_and(__FILE__, __LINE__, (p) ? 1 : 0)
#define __syncthreads_or(p) ((int)(::hpcemu::block_barrier(__FILE__, __LINE__, 3, (p) ? 1 : 0, "__syncthreads_or") != 0))

#define __shfl_sync(mask, var, ...) ::hpcemu::shuffle(::hpcemu::SHFL_IDX, __LINE__, mask, var, __VA_ARGS__)
#define __shfl_up_sync(mask, var, ...) ::hpcemu::shuffle(::hpcemu::SHFL_UP, __LINE__, mask, var, __VA_ARGS__)
#define __shfl_down_sync(mask, var, ...) ::hpcemu::shuffle(::hpcemu::SHFL_DOWN, __LINE__, mask, var, __VA_ARGS__)
#define __shfl_xor_sync(mask, var, ...) ::hpcemu::shuffle(::hpcemu::SHFL_XOR, __LINE__, mask, var, __VA_ARGS__)
#define __ballot_sync(mask, p) ::hpcemu::vote(::hpcemu::BALLOT, __LINE__, mask, p)
#define __any_sync(mask, p) ((int)::hpcemu::vote(::hpcemu::ANY, __LINE__, mask, p))
#define __all_sync(mask, p) ((int)::hpcemu::vote(::hpcemu::ALL, __LINE__, mask, p))
#define __syncwarp(...) ::hpcemu::syncwarp(__LINE__, ##__VA_ARGS__)
#define __match_any_sync(mask, v) ::hpcemu::match(::hpcemu::MATCH_ANY, __LINE__, mask, v, nullptr)
#define __match_all_sync(mask, v, pred) ::hpcemu::match(::hpcemu::MATCH_ALL, __LINE__, mask, v, pred)
#define __reduce_add_sync(mask, v) ::hpcemu::reduce(::hpcemu::RED_ADD, __LINE__, mask, v)
#define __reduce_min_sync(mask, v) ::hpcemu::reduce(::hpcemu::RED_MIN, __LINE__, mask, v)
#define __reduce_max_sync(mask, v) ::hpcemu::reduce(::hpcemu::RED_MAX, __LINE__, mask, v)
#define __reduce_and_sync(mask, v) ::hpcemu::reduce(::hpcemu::RED_AND, __LINE__, mask, (unsigned)(v))
#define __reduce_or_sync(mask, v) ::hpcemu::reduce(::hpcemu::RED_OR, __LINE__, mask, (unsigned)(v))
#define __reduce_xor_sync(mask, v) ::hpcemu::reduce(::hpcemu::RED_XOR, __LINE__, mask, (unsigned)(v))

namespace hpcemu {
inline int syncthreads_and(const char* file, int line, int pred) {
    long long count = block_barrier(file, line, 2, pred, "__syncthreads_and");
    return count == cur().pred;  // every participant's predicate held
}
inline void syncwarp(int line, unsigned mask = 0xffffffffu) { warp_op(SYNCWARP, mask, nullptr, 0, 0, 32, 0, line); }
inline unsigned vote(int op, int line, unsigned mask, bool pred) {
    warp_op(op, mask, nullptr, 0, 0, 32, pred ? 1 : 0, line);
    return (unsigned)cur().iresult;
}
template <class T>
inline unsigned match(int op, int line, unsigned mask, T v, int* pred) {
    static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= 8, "__match_*_sync compares 32- or 64-bit values");
    warp_op(op, mask, &v, sizeof(T), 0, 32, 0, line);
    if (pred) *pred = cur().pred;
    return (unsigned)cur().iresult;
}
template <class T>
inline T reduce(int op, int line, unsigned mask, T v) {
    static_assert(std::is_integral_v<T> && sizeof(T) == 4, "__reduce_*_sync reduces int or unsigned values");
    warp_op(op, mask, &v, sizeof(T), 0, 32, 0, line, std::is_signed_v<T> ? 1 : 0);
    return (T)cur().iresult;
}
}  // namespace hpcemu

inline unsigned __activemask() {
    // The emulator does not track convergence: every live lane of the warp counts as active.
    if (!hpcemu::in_kernel()) return 0;
    return hpcemu::emu().warp_alive[hpcemu::cur().warp];
}
inline void __threadfence() {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    hpcemu::yield_point();
}
inline void __threadfence_block() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence_system() { __threadfence(); }
inline void __nanosleep(unsigned) { hpcemu::yield_point(); }
[[noreturn]] inline void __trap() { hpcemu::kernel_error("the kernel executed __trap() in " + hpcemu::where_thread()); }
inline void __brkpt() { __trap(); }
inline long long clock64() { return hpcemu::now_ns(); }
inline unsigned long long __globaltimer() { return (unsigned long long)hpcemu::now_ns(); }

// ---- atomics -------------------------------------------------------------------------------------
template <class T>
inline T atomicAdd(T* p, std::type_identity_t<T> v) {
    T old = std::atomic_ref<T>(*p).fetch_add(v);
    hpcemu::atomic_hook();
    return old;
}
template <class T>
inline T atomicSub(T* p, std::type_identity_t<T> v) {
    T old = std::atomic_ref<T>(*p).fetch_sub(v);
    hpcemu::atomic_hook();
    return old;
}
template <class T>
inline T atomicExch(T* p, std::type_identity_t<T> v) {
    T old = std::atomic_ref<T>(*p).exchange(v);
    hpcemu::atomic_hook();
    return old;
}
template <class T>
inline T atomicCAS(T* p, std::type_identity_t<T> compare, std::type_identity_t<T> v) {
    std::atomic_ref<T>(*p).compare_exchange_strong(compare, v);
    hpcemu::atomic_hook();
    return compare;
}
template <class T, class F>
inline T hpcemu_atomic_update(T* p, F f) {
    std::atomic_ref<T> r(*p);
    T old = r.load();
    while (!r.compare_exchange_weak(old, f(old))) {
    }
    hpcemu::atomic_hook();
    return old;
}
template <class T>
inline T atomicMin(T* p, std::type_identity_t<T> v) {
    return hpcemu_atomic_update(p, [v](T o) { return v < o ? v : o; });
}
template <class T>
inline T atomicMax(T* p, std::type_identity_t<T> v) {
    return hpcemu_atomic_update(p, [v](T o) { return v > o ? v : o; });
}
template <class T>
inline T atomicAnd(T* p, std::type_identity_t<T> v) {
    T old = std::atomic_ref<T>(*p).fetch_and(v);
    hpcemu::atomic_hook();
    return old;
}
template <class T>
inline T atomicOr(T* p, std::type_identity_t<T> v) {
    T old = std::atomic_ref<T>(*p).fetch_or(v);
    hpcemu::atomic_hook();
    return old;
}
template <class T>
inline T atomicXor(T* p, std::type_identity_t<T> v) {
    T old = std::atomic_ref<T>(*p).fetch_xor(v);
    hpcemu::atomic_hook();
    return old;
}
inline unsigned atomicInc(unsigned* p, unsigned v) {
    return hpcemu_atomic_update(p, [v](unsigned o) { return o >= v ? 0u : o + 1; });
}
inline unsigned atomicDec(unsigned* p, unsigned v) {
    return hpcemu_atomic_update(p, [v](unsigned o) { return (o == 0 || o > v) ? v : o - 1; });
}
#define HPCEMU_SCOPED(name) \
    template <class T, class... A> inline T name##_block(T* p, A... a) { return name(p, a...); } \
    template <class T, class... A> inline T name##_system(T* p, A... a) { return name(p, a...); }
HPCEMU_SCOPED(atomicAdd)
HPCEMU_SCOPED(atomicSub)
HPCEMU_SCOPED(atomicExch)
HPCEMU_SCOPED(atomicCAS)
HPCEMU_SCOPED(atomicMin)
HPCEMU_SCOPED(atomicMax)
HPCEMU_SCOPED(atomicAnd)
HPCEMU_SCOPED(atomicOr)
HPCEMU_SCOPED(atomicXor)
inline unsigned atomicInc_block(unsigned* p, unsigned v) { return atomicInc(p, v); }
inline unsigned atomicDec_block(unsigned* p, unsigned v) { return atomicDec(p, v); }

// ---- loads, stores, bits and math ------------------------------------------------------------------
template <class T> inline T __ldg(const T* p) { return *p; }
template <class T> inline T __ldcg(const T* p) { return *p; }
template <class T> inline T __ldca(const T* p) { return *p; }
template <class T> inline T __ldcs(const T* p) { return *p; }
template <class T> inline T __ldlu(const T* p) { return *p; }
template <class T> inline T __ldcv(const T* p) { return *p; }
template <class T> inline void __stcg(T* p, T v) { *p = v; }
template <class T> inline void __stcs(T* p, T v) { *p = v; }
template <class T> inline void __stwb(T* p, T v) { *p = v; }
template <class T> inline void __stwt(T* p, T v) { *p = v; }

#define HPCEMU_MINMAX(A, B, R)                                   \
    inline R min(A a, B b) { return (R)a < (R)b ? (R)a : (R)b; } \
    inline R max(A a, B b) { return (R)a > (R)b ? (R)a : (R)b; }
HPCEMU_MINMAX(int, int, int)
HPCEMU_MINMAX(unsigned int, unsigned int, unsigned int)
HPCEMU_MINMAX(int, unsigned int, unsigned int)
HPCEMU_MINMAX(unsigned int, int, unsigned int)
HPCEMU_MINMAX(long, long, long)
HPCEMU_MINMAX(unsigned long, unsigned long, unsigned long)
HPCEMU_MINMAX(long, unsigned long, unsigned long)
HPCEMU_MINMAX(unsigned long, long, unsigned long)
HPCEMU_MINMAX(long long, long long, long long)
HPCEMU_MINMAX(unsigned long long, unsigned long long, unsigned long long)
HPCEMU_MINMAX(long long, unsigned long long, unsigned long long)
HPCEMU_MINMAX(unsigned long long, long long, unsigned long long)
inline float min(float a, float b) { return std::fmin(a, b); }
inline float max(float a, float b) { return std::fmax(a, b); }
inline double min(double a, double b) { return std::fmin(a, b); }
inline double max(double a, double b) { return std::fmax(a, b); }
inline double min(float a, double b) { return std::fmin((double)a, b); }
inline double max(float a, double b) { return std::fmax((double)a, b); }
inline double min(double a, float b) { return std::fmin(a, (double)b); }
inline double max(double a, float b) { return std::fmax(a, (double)b); }
inline unsigned umin(unsigned a, unsigned b) { return a < b ? a : b; }
inline unsigned umax(unsigned a, unsigned b) { return a > b ? a : b; }
inline long long llmin(long long a, long long b) { return a < b ? a : b; }
inline long long llmax(long long a, long long b) { return a > b ? a : b; }
inline unsigned long long ullmin(unsigned long long a, unsigned long long b) { return a < b ? a : b; }
inline unsigned long long ullmax(unsigned long long a, unsigned long long b) { return a > b ? a : b; }

inline double rsqrt(double x) { return 1.0 / std::sqrt(x); }
inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
inline double rcbrt(double x) { return 1.0 / std::cbrt(x); }
inline float rcbrtf(float x) { return 1.0f / std::cbrt(x); }
inline float __fdividef(float a, float b) { return a / b; }
inline float fdividef(float a, float b) { return a / b; }
inline float __expf(float x) { return std::exp(x); }
inline float __exp10f(float x) { return std::pow(10.0f, x); }
inline float __logf(float x) { return std::log(x); }
inline float __log2f(float x) { return std::log2(x); }
inline float __log10f(float x) { return std::log10(x); }
inline float __sinf(float x) { return std::sin(x); }
inline float __cosf(float x) { return std::cos(x); }
inline float __tanf(float x) { return std::tan(x); }
inline void __sincosf(float x, float* s, float* c) { *s = std::sin(x), *c = std::cos(x); }
inline float __powf(float a, float b) { return std::pow(a, b); }
inline float __saturatef(float x) { return x < 0.0f ? 0.0f : x > 1.0f ? 1.0f : (x == x ? x : 0.0f); }
inline double sinpi(double x) { return std::sin(M_PI * x); }
inline double cospi(double x) { return std::cos(M_PI * x); }
inline float sinpif(float x) { return (float)std::sin(M_PI * (double)x); }
inline float cospif(float x) { return (float)std::cos(M_PI * (double)x); }
inline void sincospi(double x, double* s, double* c) { *s = sinpi(x), *c = cospi(x); }
inline void sincospif(float x, float* s, float* c) { *s = sinpif(x), *c = cospif(x); }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dsub_rn(double a, double b) { return a - b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __ddiv_rn(double a, double b) { return a / b; }
inline double __drcp_rn(double a) { return 1.0 / a; }
inline double __dsqrt_rn(double a) { return std::sqrt(a); }
inline double __fma_rn(double a, double b, double c) { return std::fma(a, b, c); }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __frcp_rn(float a) { return 1.0f / a; }
inline float __fsqrt_rn(float a) { return std::sqrt(a); }
inline float __fmaf_rn(float a, float b, float c) { return std::fma(a, b, c); }
inline float __frsqrt_rn(float a) { return 1.0f / std::sqrt(a); }

inline float __int_as_float(int v) { return std::bit_cast<float>(v); }
inline int __float_as_int(float v) { return std::bit_cast<int>(v); }
inline float __uint_as_float(unsigned v) { return std::bit_cast<float>(v); }
inline unsigned __float_as_uint(float v) { return std::bit_cast<unsigned>(v); }
inline double __longlong_as_double(long long v) { return std::bit_cast<double>(v); }
inline long long __double_as_longlong(double v) { return std::bit_cast<long long>(v); }
inline int __double2hiint(double v) { return (int)(std::bit_cast<unsigned long long>(v) >> 32); }
inline int __double2loint(double v) { return (int)(unsigned)std::bit_cast<unsigned long long>(v); }
inline double __hiloint2double(int hi, int lo) {
    return std::bit_cast<double>(((unsigned long long)(unsigned)hi << 32) | (unsigned)lo);
}
inline int __float2int_rn(float x) { return (int)std::nearbyint(x); }
inline int __float2int_rz(float x) { return (int)std::trunc(x); }
inline int __float2int_rd(float x) { return (int)std::floor(x); }
inline int __float2int_ru(float x) { return (int)std::ceil(x); }
inline unsigned __float2uint_rn(float x) { return (unsigned)std::nearbyint(x); }
inline unsigned __float2uint_rz(float x) { return (unsigned)std::trunc(x); }
inline long long __float2ll_rn(float x) { return (long long)std::nearbyint(x); }
inline long long __float2ll_rz(float x) { return (long long)std::trunc(x); }
inline int __double2int_rn(double x) { return (int)std::nearbyint(x); }
inline int __double2int_rz(double x) { return (int)std::trunc(x); }
inline int __double2int_rd(double x) { return (int)std::floor(x); }
inline int __double2int_ru(double x) { return (int)std::ceil(x); }
inline unsigned __double2uint_rn(double x) { return (unsigned)std::nearbyint(x); }
inline long long __double2ll_rn(double x) { return (long long)std::nearbyint(x); }
inline long long __double2ll_rz(double x) { return (long long)std::trunc(x); }
inline float __double2float_rn(double x) { return (float)x; }
inline double __int2double_rn(int x) { return (double)x; }
inline double __ll2double_rn(long long x) { return (double)x; }
inline float __int2float_rn(int x) { return (float)x; }
inline float __uint2float_rn(unsigned x) { return (float)x; }
inline float __ll2float_rn(long long x) { return (float)x; }

inline int __popc(unsigned v) { return __builtin_popcount(v); }
inline int __popcll(unsigned long long v) { return __builtin_popcountll(v); }
inline int __clz(int v) { return v ? __builtin_clz((unsigned)v) : 32; }
inline int __clzll(long long v) { return v ? __builtin_clzll((unsigned long long)v) : 64; }
inline int __ffs(int v) { return __builtin_ffs(v); }
inline int __ffsll(long long v) { return __builtin_ffsll(v); }
inline unsigned __brev(unsigned v) {
    unsigned r = 0;
    for (int i = 0; i < 32; ++i) r |= ((v >> i) & 1u) << (31 - i);
    return r;
}
inline unsigned long long __brevll(unsigned long long v) {
    unsigned long long r = 0;
    for (int i = 0; i < 64; ++i) r |= ((v >> i) & 1ull) << (63 - i);
    return r;
}
inline unsigned __byte_perm(unsigned x, unsigned y, unsigned s) {
    unsigned long long v = ((unsigned long long)y << 32) | x;
    unsigned r = 0;
    for (int i = 0; i < 4; ++i) r |= (unsigned)((v >> (8 * ((s >> (4 * i)) & 7))) & 0xff) << (8 * i);
    return r;
}
inline int __mul24(int a, int b) { return (int)((long long)((a << 8) >> 8) * ((b << 8) >> 8)); }
inline unsigned __umul24(unsigned a, unsigned b) { return (a & 0xffffffu) * (b & 0xffffffu); }
inline int __mulhi(int a, int b) { return (int)(((long long)a * b) >> 32); }
inline unsigned __umulhi(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a * b) >> 32); }
inline long long __mul64hi(long long a, long long b) { return (long long)(((__int128)a * b) >> 64); }
inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
    return (unsigned long long)(((unsigned __int128)a * b) >> 64);
}
inline unsigned __sad(int a, int b, unsigned c) { return c + (unsigned)(a > b ? a - b : b - a); }
inline unsigned __usad(unsigned a, unsigned b, unsigned c) { return c + (a > b ? a - b : b - a); }
inline int __hadd(int a, int b) { return (int)(((long long)a + b) >> 1); }
inline int __rhadd(int a, int b) { return (int)(((long long)a + b + 1) >> 1); }
inline unsigned __uhadd(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a + b) >> 1); }
inline unsigned __urhadd(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a + b + 1) >> 1); }
inline unsigned __funnelshift_l(unsigned lo, unsigned hi, unsigned s) {
    return (unsigned)((((unsigned long long)hi << 32 | lo) << (s & 31)) >> 32);
}
inline unsigned __funnelshift_r(unsigned lo, unsigned hi, unsigned s) {
    return (unsigned)(((unsigned long long)hi << 32 | lo) >> (s & 31));
}

#endif  // HPCEMU_RUNTIME_HPP
