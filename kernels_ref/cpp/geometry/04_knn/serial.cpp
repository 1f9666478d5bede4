#include <vector>

// The k nearest other points of point i: a sorted list of at most k (distance, index) pairs;
// j runs upwards, so a later point at an equal distance never displaces an earlier one.
static void nearest(const std::vector<int> &x, const std::vector<int> &y, long i, int k, int *out) {
    const long n = (long)x.size();
    long bd[16];
    int bj[16];
    int cnt = 0;
    const long xi = x[i], yi = y[i];
    for (long j = 0; j < n; ++j) {
        if (j == i) continue;
        const long dx = x[j] - xi, dy = y[j] - yi, d = dx * dx + dy * dy;
        if (cnt == k && d >= bd[k - 1]) continue;
        int pos = cnt < k ? cnt++ : k - 1;
        while (pos > 0 && bd[pos - 1] > d) {
            bd[pos] = bd[pos - 1], bj[pos] = bj[pos - 1];
            --pos;
        }
        bd[pos] = d, bj[pos] = (int)j;
    }
    for (int t = 0; t < k; ++t) out[t] = t < cnt ? bj[t] : -1;
}

void knn(const std::vector<int> &x, const std::vector<int> &y, int k, std::vector<int> &nbr) {
    const long n = (long)x.size();
    for (long i = 0; i < n; ++i) nearest(x, y, i, k, nbr.data() + i * k);
}
