// Wrong: squared distances in 32-bit int, which overflow for coordinates far apart.
#include <cstddef>

__global__ void knn(const int *x, const int *y, size_t n, int k, int *nbr) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    int bd[16], bj[16];
    int cnt = 0;
    for (size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const int dx = x[j] - x[i], dy = y[j] - y[i], d = dx * dx + dy * dy;
        if (cnt == k && d >= bd[k - 1]) continue;
        int pos = cnt < k ? cnt++ : k - 1;
        while (pos > 0 && bd[pos - 1] > d) {
            bd[pos] = bd[pos - 1], bj[pos] = bj[pos - 1];
            --pos;
        }
        bd[pos] = d, bj[pos] = (int)j;
    }
    for (int t = 0; t < k; ++t) nbr[i * k + t] = t < cnt ? bj[t] : -1;
}
