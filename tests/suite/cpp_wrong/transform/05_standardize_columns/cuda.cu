// Wrong: no __syncthreads() between the row-0 threads writing the column means to shared memory and every thread reading them, so threads with threadIdx.y > 0 may centre their entries on a mean not yet written.
#include <cstddef>

// A block of 32 x 8 threads owns 32 columns: threadIdx.x picks the column (neighbouring
// threads read neighbouring entries of a row), threadIdx.y the rows ty, ty + 8, ... Partial
// sums are combined in shared memory: first the means (and whether each column differs from
// its first entry), then the squared deviations, then every thread writes its entries.
constexpr int BX = 32, BY = 8;

__global__ void standardize_columns(double *A, size_t rows, size_t cols) {
    __shared__ double part[BY][BX];
    __shared__ int diff[BY][BX];
    __shared__ double mean[BX], scale[BX];
    const int tx = threadIdx.x, ty = threadIdx.y;
    const size_t j = (size_t)blockIdx.x * BX + tx;
    const bool mine = j < cols && rows > 0;
    double s = 0.0;
    int d = 0;
    if (mine) {
        const double first = A[j];
        for (size_t i = ty; i < rows; i += BY) {
            const double v = A[i * cols + j];
            s += v;
            d |= v != first;
        }
    }
    part[ty][tx] = s;
    diff[ty][tx] = d;
    __syncthreads();
    if (ty == 0) {
        double t = 0.0;
        int any = 0;
        for (int k = 0; k < BY; ++k) t += part[k][tx], any |= diff[k][tx];
        mean[tx] = rows ? t / (double)rows : 0.0;
        diff[0][tx] = any;
    }
    const double m = mean[tx];
    s = 0.0;
    if (mine)
        for (size_t i = ty; i < rows; i += BY) {
            const double e = A[i * cols + j] - m;
            s += e * e;
        }
    part[ty][tx] = s;
    __syncthreads();
    if (ty == 0) {
        double t = 0.0;
        for (int k = 0; k < BY; ++k) t += part[k][tx];
        scale[tx] = diff[0][tx] ? 1.0 / sqrt(t / (double)rows) : 0.0;
    }
    __syncthreads();
    if (!mine) return;
    const double sc = scale[tx];
    const bool varies = diff[0][tx] != 0;
    for (size_t i = ty; i < rows; i += BY) {
        double &v = A[i * cols + j];
        v = varies ? (v - m) * sc : 0.0;
    }
}
