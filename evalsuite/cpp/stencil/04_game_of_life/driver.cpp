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
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->rows = (size_t)n;
    in->cols = (size_t)n + 3;
    in->generations = n > 1000 ? 40 : (int)rng.integer(1, 8);
    const double density = rng.uniform(0.2, 0.6);
    in->g0.resize(in->rows * in->cols);
    for (auto &c : in->g0) c = rng.uniform() < density ? 1 : 0;
    return Data{in, {}};
}

void prepare(Data &d) { d.grid = d.in->g0; }
void call_candidate(Data &d) { life(d.grid, d.in->rows, d.in->cols, d.in->generations); }
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
