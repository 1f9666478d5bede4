from hpctest import needs_bwrap, needs_mpi


@needs_bwrap
@needs_mpi
def test_every_reference_kernel_passes(suite, evaluate_samples):
    tasks = [t for t in suite.tasks() if t.model != "cuda"]  # cuda: tests/harness/test_cuda.py
    results = evaluate_samples([(t.id, t.reference_file().read_text()) for t in tasks])
    assert {r.task_id: r.status for r in results} == {t.id: "pass" for t in tasks}
