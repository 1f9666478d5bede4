// wrong: bins in float, which cannot tell values near lo = 1e8 apart (spacing 8 there), so values land in the wrong bins
#include <vector>
#include <cmath>
void range_histogram(const std::vector<double> &x, double lo, double hi, int bins, std::vector<long> &counts) {
    for (int b = 0; b < bins; ++b) counts[b] = 0;
    const float flo = (float)lo, fhi = (float)hi, fw = (fhi - flo) / (float)bins;
    for (double v : x) {
        const float fv = (float)v;
        if (fv < flo || fv >= fhi) continue;
        int b = (int)std::floor((fv - flo) / fw);
        if (b >= 0 && b < bins) ++counts[b];
    }
}
