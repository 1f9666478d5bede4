// The entry kernel stores nothing; another kernel of the sample, never launched, does (the check looked at every kernel).
__global__ void unused_helper(double *p) { p[threadIdx.x] = 1.0; }
__global__ void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
}
