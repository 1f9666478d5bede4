#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, letter_frequency, (const std::vector<unsigned char> &text, std::vector<long> &counts))

struct Inputs {
    std::vector<unsigned char> text;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<long> counts;
};

// Letters with English-like frequencies (a fixed table, e and t hot) in either case, then
// spaces, punctuation and digits, the neighbours of the letter ranges ('@', '[', '`', '{'),
// control bytes and bytes 128..255: among them 0xC1..0xDA and 0xE1..0xFA, whose low five
// bits are those of a letter.
static const unsigned char FREQ[26] = {8, 2, 3, 4, 12, 2, 2, 6, 7, 1, 1, 4, 2, 7, 8, 2, 1, 6, 6, 9, 3, 1, 2, 1, 2, 1};
static const char OTHER[] = " ,.;:!?'-\n\t0123456789@[`{]\\^_}~|/\"()";

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    long total = 0;
    for (unsigned char f : FREQ) total += f;
    in->text.resize((size_t)n);
    for (auto &c : in->text) {
        const long r = rng.integer(0, 99);
        if (r < 70) {  // a letter: lower case mostly
            long pick = rng.integer(0, total - 1), k = 0;
            while (pick >= FREQ[k]) pick -= FREQ[k++];
            c = (unsigned char)((rng.integer(0, 3) == 0 ? 'A' : 'a') + k);
        } else if (r < 85) {
            c = (unsigned char)OTHER[rng.integer(0, (long)sizeof OTHER - 2)];
        } else if (r < 88) {
            c = (unsigned char)rng.integer(0, 31);
        } else {
            c = (unsigned char)rng.integer(128, 255);
        }
    }
    return Data{in, std::vector<long>(26)};
}

void prepare(Data &d) {
    for (size_t i = 0; i < d.counts.size(); ++i) d.counts[i] = -77 - (long)(i % 13);
}
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(letter_frequency, (const unsigned char *text, size_t n, unsigned long long *counts))

// The driver zeroes counts on the device before every launch (the prompt says so); the
// kernel only adds to it.
struct DeviceData {
    hpc::cuda::Array<unsigned char> text;
    hpc::cuda::Array<unsigned long long> counts;
};
void upload(const Data &d, DeviceData &g) {
    g.text.upload(d.in->text);
    g.counts.upload(std::vector<unsigned long long>(d.counts.size(), 0));
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->text.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.text, d.in->text.size(), g.counts);
}
void download(DeviceData &g, Data &d) {
    std::vector<unsigned long long> c;
    g.counts.download(c);
    d.counts.assign(c.begin(), c.end());
}
#else
void call_candidate(Data &d) { letter_frequency(d.in->text, d.counts); }
#endif
void call_reference(Data &d) { letter_frequency__hpcref(d.in->text, d.counts); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    hpc::Verdict same = hpc::unmodified(got.in->text, want.in->text, "text");
    if (!same.ok) return same;
    if (got.counts.size() != want.counts.size())
        return hpc::Verdict::fail("counts has " + std::to_string(got.counts.size()) + " elements, expected " +
                                  std::to_string(want.counts.size()));
    long gsum = 0, wsum = 0;
    for (size_t k = 0; k < got.counts.size(); ++k) gsum += got.counts[k], wsum += want.counts[k];
    for (size_t k = 0; k < got.counts.size(); ++k)
        if (got.counts[k] != want.counts[k])
            return hpc::Verdict::fail("counts[" + std::to_string(k) + "] (letter " + std::string(1, (char)('a' + k)) +
                                      ") = " + std::to_string(got.counts[k]) + ", expected " +
                                      std::to_string(want.counts[k]) + " (" + std::to_string(gsum) +
                                      " letters counted in all, expected " + std::to_string(wsum) + " of " +
                                      std::to_string(want.in->text.size()) + " bytes)");
    return hpc::Verdict{};
}

HPCCODER_MAIN()
