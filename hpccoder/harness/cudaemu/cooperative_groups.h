// hpcemu (CUDA CPU emulation): the common part of cooperative groups: the thread block, tiles of a
// warp (tiled_partition), their collectives, and cg::reduce. No grid or multi-grid groups (blocks run
// one after another: a grid-wide sync cannot be emulated), no coalesced_threads().
#pragma once
#include "runtime.hpp"

namespace cooperative_groups {

class thread_block {
   public:
    void sync() const { __syncthreads(); }
    static unsigned thread_rank() { return threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z); }
    static unsigned size() { return blockDim.x * blockDim.y * blockDim.z; }
    static unsigned num_threads() { return size(); }
    static dim3 group_index() { return dim3(blockIdx.x, blockIdx.y, blockIdx.z); }
    static dim3 thread_index() { return dim3(threadIdx.x, threadIdx.y, threadIdx.z); }
    static dim3 group_dim() { return blockDim; }
    static dim3 dim_threads() { return blockDim; }
};

inline thread_block this_thread_block() { return thread_block(); }
inline void sync(const thread_block& g) { g.sync(); }

template <unsigned N>
class thread_block_tile {
    static_assert(N >= 1 && N <= 32 && (N & (N - 1)) == 0, "tiles of 1, 2, 4, 8, 16 or 32 threads");

   public:
    static unsigned thread_rank() { return thread_block::thread_rank() % N; }
    static constexpr unsigned size() { return N; }
    static constexpr unsigned num_threads() { return N; }
    static unsigned meta_group_rank() { return thread_block::thread_rank() / N; }
    static unsigned meta_group_size() { return (thread_block::size() + N - 1) / N; }
    static unsigned mask() {
        const unsigned lane = thread_block::thread_rank() % 32;
        const unsigned bits = N == 32 ? 0xffffffffu : ((1u << N) - 1);
        return bits << (lane / N * N);
    }
    void sync() const { ::hpcemu::syncwarp(__LINE__, mask()); }
    template <class T>
    T shfl(T v, int src) const { return ::hpcemu::shuffle(::hpcemu::SHFL_IDX, __LINE__, mask(), v, src, (int)N); }
    template <class T>
    T shfl_down(T v, unsigned d) const {
        return ::hpcemu::shuffle(::hpcemu::SHFL_DOWN, __LINE__, mask(), v, (int)d, (int)N);
    }
    template <class T>
    T shfl_up(T v, unsigned d) const { return ::hpcemu::shuffle(::hpcemu::SHFL_UP, __LINE__, mask(), v, (int)d, (int)N); }
    template <class T>
    T shfl_xor(T v, unsigned m) const {
        return ::hpcemu::shuffle(::hpcemu::SHFL_XOR, __LINE__, mask(), v, (int)m, (int)N);
    }
    int any(int p) const { return ::hpcemu::vote(::hpcemu::ANY, __LINE__, mask(), p) != 0; }
    int all(int p) const { return ::hpcemu::vote(::hpcemu::ALL, __LINE__, mask(), p) != 0; }
    unsigned ballot(int p) const {
        return ::hpcemu::vote(::hpcemu::BALLOT, __LINE__, mask(), p) >> (thread_block::thread_rank() % 32 / N * N);
    }
};

template <unsigned N, class Parent>
inline thread_block_tile<N> tiled_partition(const Parent&) {
    return thread_block_tile<N>();
}
template <unsigned N>
inline void sync(const thread_block_tile<N>& g) { g.sync(); }

template <class T>
struct plus {
    T operator()(const T& a, const T& b) const { return a + b; }
};
template <class T>
struct less {
    T operator()(const T& a, const T& b) const { return a < b ? a : b; }
};
template <class T>
struct greater {
    T operator()(const T& a, const T& b) const { return a > b ? a : b; }
};
template <class T>
struct bit_and {
    T operator()(const T& a, const T& b) const { return a & b; }
};
template <class T>
struct bit_or {
    T operator()(const T& a, const T& b) const { return a | b; }
};
template <class T>
struct bit_xor {
    T operator()(const T& a, const T& b) const { return a ^ b; }
};

// Every thread of the tile gets the reduction of all the tile's values.
template <unsigned N, class T, class Op>
inline T reduce(const thread_block_tile<N>& g, T v, Op op) {
    for (unsigned m = N / 2; m > 0; m /= 2) v = op(v, g.shfl_xor(v, m));
    return v;
}
template <unsigned N, class T, class Op>
inline T inclusive_scan(const thread_block_tile<N>& g, T v, Op op) {
    for (unsigned d = 1; d < N; d *= 2) {
        T o = g.shfl_up(v, d);
        if (g.thread_rank() >= d) v = op(o, v);
    }
    return v;
}

}  // namespace cooperative_groups
