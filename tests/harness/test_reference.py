from hpctest import needs_bwrap, needs_mpi

from hpccoder.harness import toolchains


@needs_bwrap
@needs_mpi
def test_every_reference_kernel_passes(suite, evaluate_samples):
    tasks = [t for t in suite.tasks() if t.model != "cuda"]  # cuda: tests/harness/test_cuda.py
    results = evaluate_samples([(t.id, toolchains.get(t.model).reference_candidate(t.reference_file().read_text()))
                                for t in tasks])  # verilog: RefModule renamed TopModule
    assert {r.task_id: r.status for r in results} == {t.id: "pass" for t in tasks}
