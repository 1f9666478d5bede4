#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, life, (std::vector<uint8_t> &grid, size_t rows, size_t cols, int generations))

struct Inputs {
    size_t rows = 0, cols = 0;
    int generations = 0;
    std::vector<uint8_t> g0;  // the input board
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<uint8_t> grid;  // what the kernel overwrites
};

// A random board whose density varies from board to board: sparse boards have mostly
// births and deaths by isolation, dense boards deaths by overcrowding.
// Sizes 9000 + t are directed shapes (the table below, rows x cols): no columns with rows > 0
// ("rows or cols may be 0"), one column, two columns.
static const size_t directed[][2] = {{5, 0}, {1, 0}, {6, 1}, {7, 2}, {1, 9}};
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->rows = (size_t)n;
    in->cols = (size_t)n + 3;
    const bool shaped = n >= 9000 && n < 9000 + (long)(sizeof directed / sizeof directed[0]);
    if (shaped) in->rows = directed[n - 9000][0], in->cols = directed[n - 9000][1];
    in->generations = n > 1000 && !shaped ? 40 : (int)rng.integer(n == 2 ? 2 : 1, 8);
    const double density = rng.uniform(0.2, 0.6);
    in->g0.resize(in->rows * in->cols);
    for (auto &c : in->g0) c = rng.uniform() < density ? 1 : 0;
    if (n == 2) {
        // 2 x 5 with 4 ranks: ranks 0 and 2 own no rows, rank 1 row 0 and rank 3 row 1, so row 0's
        // halo must come from rank 3, past the empty rank 2. A random 2-row board mostly dies out
        // and hides a stale halo; a 2 x 2 block (a still life) over at least 2 generations does not.
        const size_t at = (size_t)rng.integer(0, 3);
        for (size_t j = 0; j < in->cols; ++j) in->g0[j] = in->g0[in->cols + j] = (j == at || j == at + 1) ? 1 : 0;
    }
    return Data{in, {}};
}

void prepare(Data &d) { d.grid = d.in->g0; }
#ifdef HPCCODER_CUDA
// One generation per launch, from grid to next; the driver launches it `generations` times, swapping
// the two. next starts poisoned (values other than 0 and 1), so every cell must be written.
HPCCODER_KERNEL(life, (const uint8_t *grid, uint8_t *next, size_t rows, size_t cols))

struct DeviceData {
    hpc::cuda::Array<uint8_t> a, b;
    bool result_in_b = false;
};
void upload(const Data &d, DeviceData &g) {
    g.a.upload(d.grid);
    std::vector<uint8_t> junk(d.grid.size());
    for (size_t x = 0; x < junk.size(); ++x) junk[x] = (uint8_t)(0xB5 + x % 7);
    g.b.upload(junk);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"rows", (double)d.in->rows}, {"cols", (double)d.in->cols}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    uint8_t *from = g.a, *to = g.b;
    for (int s = 0; s < d.in->generations; ++s, std::swap(from, to))
        k<<<L.grid, L.block>>>(from, to, d.in->rows, d.in->cols);
    g.result_in_b = from == g.b.get();
}
void download(DeviceData &g, Data &d) { (g.result_in_b ? g.b : g.a).download(d.grid); }
#else
void call_candidate(Data &d) { life(d.grid, d.in->rows, d.in->cols, d.in->generations); }
#endif
void call_reference(Data &d) { life__hpcref(d.grid, d.in->rows, d.in->cols, d.in->generations); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    if (got.grid.size() != want.grid.size())
        return hpc::Verdict::fail("grid has " + std::to_string(got.grid.size()) + " cells, expected " +
                                  std::to_string(want.grid.size()));
    const size_t cols = want.in->cols;
    for (size_t x = 0; x < got.grid.size(); ++x)
        if (got.grid[x] != want.grid[x])
            return hpc::Verdict::fail("grid[" + std::to_string(x / cols) + "][" + std::to_string(x % cols) +
                                      "] = " + std::to_string(got.grid[x]) + ", expected " +
                                      std::to_string(want.grid[x]));
    return hpc::Verdict{};
}

HPCCODER_MAIN()
