"""Prompts rendered from problem.yaml, and the candidate assembled from a completion."""

from hpccoder.suite.prompts import assemble, defines_entry, render


def test_every_prompt_ends_with_the_signature_and_says_the_model(suite):
    for task in (t for t in suite.tasks() if t.problem.language == "cpp"):  # verilog: test_verilog_problems.py
        prompt = render(task)
        assert prompt.rstrip().endswith(task.problem.signature(task.model) + " {")
        description = task.problem.spec.get(task.model, {}).get("description") or task.problem.spec["description"]
        assert description.split("\n")[0] in prompt  # cuda may restate it (cuda: description in problem.yaml)
        if task.model in ("mpi", "mpi+omp"):
            assert "#include <mpi.h>" in prompt and "rank 0" in prompt and "MPI" in prompt
        if task.model in ("omp", "mpi+omp"):
            assert "#include <omp.h>" in prompt and "OpenMP" in prompt
        if task.model == "cuda":
            assert "__global__" in prompt and "CUDA" in prompt and "blockDim" in prompt and "rank 0" not in prompt
        if task.model == "serial":
            assert "MPI" not in prompt and "OpenMP" not in prompt


def test_a_body_continues_the_prompt_and_a_whole_function_stands_alone(suite):
    task = suite.task("cpp/dense_la/01_axpy/omp")
    body = "\n#pragma omp parallel for\nfor (size_t i = 0; i < x.size(); ++i) z[i] = alpha * x[i] + y[i];\n}\n"
    source = assemble(task, body)
    assert render(task) + body in source and source.count("void axpy(") == 1
    whole = task.reference_file().read_text()
    source = assemble(task, whole)
    assert source.endswith(whole) and render(task) not in source


def test_defines_entry_tells_definitions_from_calls_and_declarations():
    assert defines_entry("void cg(size_t n, int k) {\n}", "cg")
    assert defines_entry("static void cg(size_t n,\n  int k) const {", "cg")
    assert not defines_entry("void cg(size_t n, int k);", "cg")
    assert not defines_entry("x = cg(n, k);", "cg")
    assert not defines_entry("void cgx(int) {}", "cg")


def test_a_whole_function_with_a_comment_or_qualifier_before_its_brace_stands_alone(suite):
    # it was taken for a continuation and built inside the prompt's open function: a build_error
    task = suite.task("cpp/dense_la/01_axpy/serial")
    reference = task.reference_file().read_text()
    for between in (" // one pass\n", " /* { */ ", " noexcept ", " noexcept(true) ", "\n    [[gnu::hot]] ",
                    " __attribute__((hot)) "):
        whole = reference.replace(") {\n", ")" + between + "{\n", 1)
        assert whole != reference and defines_entry(whole, "axpy"), between
        source = assemble(task, whole)
        assert source.endswith(whole) and render(task) not in source, between
    assert defines_entry("auto cg(size_t n) -> void\n{\n}", "cg")
    assert not defines_entry("void cg(size_t n); // {", "cg")  # a declaration, its brace in a comment
    assert not defines_entry("  if (cg(n)) {\n", "cg") and not defines_entry("while (!cg(n) && k) {", "cg")
