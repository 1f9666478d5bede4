"""Identical code is built and run once; code that compiles to the same object is run once."""

from hpctest import needs_bwrap

TASK = "cpp/dense_la/01_axpy/omp"
BODY = """void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
#pragma omp parallel for
    for (long i = 0; i < (long)x.size(); ++i) z[i] = alpha * x[i] + y[i];
}
"""
RENAMED = """void axpy(double a, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z)
{
    #pragma omp parallel for
    for (long k = 0;  k < (long)x.size();  ++k)
        z[k] = a * x[k] + y[k];  // other names, other layout
}
"""


@needs_bwrap
def test_identical_and_equivalent_code_share_their_runs(evaluate_samples):
    results = evaluate_samples([(TASK, BODY), (TASK, BODY), (TASK, "// another sample\n" + RENAMED),
                                (TASK, BODY.replace("alpha * x", "x"))])
    first, same, renamed, wrong = results
    assert first.status == same.status == renamed.status == "pass" and wrong.status == "wrong_answer"
    assert same.duplicate_of == 0  # identical code
    # whichever of the two equivalent ones built first ran; the other points to it
    assert {first.duplicate_of, renamed.duplicate_of} in ({None, 0}, {None, 2})
    assert renamed.runs == first.runs and wrong.duplicate_of is None
    assert renamed.completion_sha256 != first.completion_sha256
