#include <cstddef>

// One block. Points are packed in 64-bit keys ordered like (x, y). Each thread sorts a slice of
// the points (heap sort, in work), drops duplicates and keeps the corners of the slice's hull,
// sorted; then pairs of neighbouring lists are merged and reduced to their hull's corners in a
// tree, log2(blockDim.x) rounds; thread 0 writes the final corners counter-clockwise from the
// lowest-then-leftmost one. work holds four arrays of n keys: P (the lists), L and U (lower and
// upper chains), M (merged lists). Every corner of the hull is a corner of the hull of each part
// that holds it, so keeping only the parts' corners loses nothing.
static __device__ long long pack(long long x, long long y) { return x * 4294967296LL + (y + 2147483648LL); }
static __device__ long long key_x(long long k) { return k >> 32; }
static __device__ long long key_y(long long k) { return (k & 0xFFFFFFFFLL) - 2147483648LL; }

// > 0 if a, b, c turn counter-clockwise; exact (the terms reach 4e18, their difference 8e18).
static __device__ long long cross(long long a, long long b, long long c) {
    const long long ax = key_x(a), ay = key_y(a);
    return (key_x(b) - ax) * (key_y(c) - ay) - (key_y(b) - ay) * (key_x(c) - ax);
}

static __device__ void sift_down(long long *a, long root, long end) {
    const long long v = a[root];
    for (;;) {
        long child = 2 * root + 1;
        if (child >= end) break;
        if (child + 1 < end && a[child + 1] > a[child]) ++child;
        if (a[child] <= v) break;
        a[root] = a[child];
        root = child;
    }
    a[root] = v;
}

static __device__ void heap_sort(long long *a, long m) {
    for (long r = m / 2 - 1; r >= 0; --r) sift_down(a, r, m);
    for (long end = m - 1; end > 0; --end) {
        const long long t = a[0];
        a[0] = a[end], a[end] = t;
        sift_down(a, 0, end);
    }
}

// The lower chain (in L, returns its length) and upper chain (in U, length in *b), both left to
// right, of m sorted distinct keys p.
static __device__ long chains(const long long *p, long m, long long *L, long long *U, long *b) {
    long a = 0, c = 0;
    for (long i = 0; i < m; ++i) {
        while (a >= 2 && cross(L[a - 2], L[a - 1], p[i]) <= 0) --a;
        L[a++] = p[i];
        while (c >= 2 && cross(U[c - 2], U[c - 1], p[i]) >= 0) --c;
        U[c++] = p[i];
    }
    *b = c;
    return a;
}

// The corners of the hull of m sorted distinct keys p, sorted, into out (which may be p).
static __device__ long corners(const long long *p, long m, long long *L, long long *U, long long *out) {
    long b;
    const long a = chains(p, m, L, U, &b);
    long i = 0, j = 0, k = 0;
    while (i < a || j < b) {  // merge the chains; their two end points are in both
        long long v;
        if (j >= b || (i < a && L[i] <= U[j])) {
            v = L[i++];
            if (j < b && U[j] == v) ++j;
        } else {
            v = U[j++];
        }
        out[k++] = v;
    }
    return k;
}

__global__ void __launch_bounds__(1024) convex_hull(const int *x, const int *y, size_t n, int *hx, int *hy, int *h,
                                                    long long *work) {
    __shared__ long cnt[1024];
    const long N = (long)n, T = blockDim.x, t = threadIdx.x;
    long long *P = work, *L = work + N, *U = work + 2 * N, *M = work + 3 * N;
    const long lo = N * t / T, hi = N * (t + 1) / T;
    for (long i = lo; i < hi; ++i) P[i] = pack(x[i], y[i]);
    heap_sort(P + lo, hi - lo);
    long m = 0;
    for (long i = lo; i < hi; ++i)
        if (m == 0 || P[lo + m - 1] != P[i]) P[lo + m++] = P[i];
    cnt[t] = corners(P + lo, m, L + lo, U + lo, P + lo);
    __syncthreads();
    for (long s = 1; s < T; s *= 2) {
        if (t % (2 * s) == 0 && t + s < T) {  // slices t .. t+2s-1 are this thread's to use
            const long a0 = lo, b0 = N * (t + s) / T, ca = cnt[t], cb = cnt[t + s];
            long i = 0, j = 0, k = 0;
            while (i < ca || j < cb) {
                long long v;
                if (j >= cb || (i < ca && P[a0 + i] <= P[b0 + j])) v = P[a0 + i++];
                else v = P[b0 + j++];
                if (k == 0 || M[a0 + k - 1] != v) M[a0 + k++] = v;
            }
            cnt[t] = corners(M + a0, k, L + a0, U + a0, P + a0);
        }
        __syncthreads();
    }
    if (t != 0) return;
    const long c = cnt[0];  // the hull's corners, sorted, in P[0 .. c-1]
    long len = c;
    if (c >= 3) {  // counter-clockwise: the lower chain, then the upper one backwards without its ends
        long b;
        const long a = chains(P, c, L, U, &b);
        len = a;
        for (long q = b - 2; q >= 1; --q) L[len++] = U[q];
    } else {
        for (long q = 0; q < c; ++q) L[q] = P[q];
    }
    long st = 0;
    for (long q = 1; q < len; ++q)
        if (key_y(L[q]) < key_y(L[st]) || (key_y(L[q]) == key_y(L[st]) && key_x(L[q]) < key_x(L[st]))) st = q;
    for (long q = 0; q < len; ++q) {
        const long long v = L[(st + q) % len];
        hx[q] = (int)key_x(v), hy[q] = (int)key_y(v);
    }
    *h = (int)len;
}
