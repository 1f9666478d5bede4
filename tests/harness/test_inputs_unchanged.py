"""Inputs the prompt says must not be modified are checked: a candidate that writes to them through a const_cast
fails, with a reason that says so.

A kth_smallest that ran std::nth_element in place on x passed (serial, speedup 6.7): its answer is right, and
the timed calls then ran on an already partitioned x. The drivers of the problems whose prompt promises an
input unchanged now compare the candidate's inputs with the reference's, made again from the same seed.
"""

from __future__ import annotations

from pathlib import Path

from hpctest import needs_bwrap

REPO = Path(__file__).resolve().parents[2]
TASK = "cpp/search/03_kth_smallest/serial"

IN_PLACE = """#include <algorithm>
#include <vector>

double kth_smallest(const std::vector<double> &x, size_t k) {
    auto &v = const_cast<std::vector<double> &>(x);  // no copy: partition the caller's x itself
    std::nth_element(v.begin(), v.begin() + (long)k, v.end());
    return v[k];
}
"""


@needs_bwrap
def test_a_candidate_that_modifies_its_const_input_is_wrong_and_the_reference_passes(evaluate_samples):
    reference = (REPO / "kernels_ref/cpp/search/03_kth_smallest/serial.cpp").read_text()
    cheat, ref = evaluate_samples([(TASK, IN_PLACE), (TASK, reference)])
    assert cheat.status == "wrong_answer", f"{cheat.status}: {cheat.message}"
    assert "x was modified (the prompt says it must not be): element " in cheat.message, cheat.message
    assert ", was " in cheat.message, cheat.message
    assert ref.status == "pass", f"{ref.status}: {ref.message}"
