"""From model output to the code the harness builds."""

from hpccoder.extract import code_blocks, extract_from_chat, is_complete, postprocess, truncate_completion


def test_completion_stops_at_the_brace_that_closes_the_function():
    body = "    for (int i = 0; i < n; ++i) {\n        z[i] = 1;\n    }\n}\n\nint main() { return 0; }\n"
    assert truncate_completion(body) == "    for (int i = 0; i < n; ++i) {\n        z[i] = 1;\n    }\n}\n"


def test_braces_in_strings_comments_and_literals_do_not_count():
    body = ('    const char *s = "}}}";  // } in a comment\n'
            "    char c = '}';\n"
            "    /* { a block comment } } */\n"
            '    auto r = R"x(})x";\n'
            '    const char *e = "\\"}";\n'
            "    if (c) { s = \"{\"; }\n"
            "}\nvoid next() {}\n")
    assert truncate_completion(body).endswith("if (c) { s = \"{\"; }\n}\n")


def test_unfinished_completion_is_kept_whole():
    assert truncate_completion("    int x = 0;\n    while (x) {\n") == "    int x = 0;\n    while (x) {\n"


def test_verilog_completion_stops_at_endmodule_outside_comments():
    text = "  // endmodule is not here\n  assign y = a;\nendmodule\nmodule Other; endmodule\n"
    assert truncate_completion(text, "verilog") == "  // endmodule is not here\n  assign y = a;\nendmodule\n"
    assert truncate_completion("  assign y = a; // endmodule\n", "verilog") == "  assign y = a; // endmodule\n"


def test_chat_takes_the_block_that_defines_the_entry():
    answer = ("Here is the header:\n```cpp\n#include <vector>\n```\nAnd the code:\n"
              "```cpp\nvoid axpy(double a, const std::vector<double> &x) {\n  return;\n}\n```\nDone.")
    assert extract_from_chat(answer, "axpy") == "void axpy(double a, const std::vector<double> &x) {\n  return;\n}\n"


def test_chat_without_the_entry_takes_the_longest_block_and_without_blocks_the_text():
    assert extract_from_chat("```\nshort\n```\n```c++\nmuch longer code\n```", "axpy") == "much longer code\n"
    assert extract_from_chat("void f() {}\n", "axpy") == "void f() {}\n"


def test_unclosed_block_runs_to_the_end():
    assert code_blocks("text\n```cpp\nvoid f() {\n") == [("cpp", "void f() {\n")]


def test_verilog_chat_answer():
    answer = "```verilog\nmodule Helper(); endmodule\n```\n```systemverilog\nmodule TopModule(input a);\nendmodule\n```"
    assert extract_from_chat(answer, "TopModule", "verilog") == "module TopModule(input a);\nendmodule\n"


def test_is_complete():
    assert not is_complete("  x = 1;\n", "completion")
    assert is_complete("  x = 1;\n}\n", "completion")
    assert not is_complete("Sure:\n```cpp\nvoid f() {}\n", "chat")
    assert is_complete("Sure:\n```cpp\nvoid f() {}\n```", "chat")
    assert is_complete("assign y = a;\nendmodule", "completion", "verilog")


def test_postprocess_dispatches_on_style():
    assert postprocess("  return;\n}\nextra", "completion") == "  return;\n}\n"
    assert postprocess("```cpp\nvoid axpy() {}\n```", "chat", entry="axpy") == "void axpy() {}\n"


BUILD_THEN_CODE = ("Build it with:\n```bash\nmpicxx -O3 -fopenmp -march=native main.cpp kernel.cpp -o kernel && "
                   "OMP_NUM_THREADS=8 ./kernel --n 100000000\n```\nThe code:\n```cpp\nvoid f() {}\n```\n")


def test_chat_takes_code_over_a_longer_shell_or_output_block():
    assert extract_from_chat(BUILD_THEN_CODE, "axpy") == "void f() {}\n"
    assert extract_from_chat("```text\nresult: 42 42 42 42 42 42\n```\n```\nvoid f() {}\n```", "axpy") == "void f() {}\n"
    assert extract_from_chat("```bash\nonly a command\n```", "axpy") == "only a command\n"  # nothing else


def test_a_closed_shell_block_does_not_finish_a_chat_answer():
    partial = BUILD_THEN_CODE[:BUILD_THEN_CODE.index("void")]
    assert not is_complete(partial, "chat")
    assert is_complete(BUILD_THEN_CODE, "chat")


def test_completion_that_repeats_the_signature():
    text = "void axpy(int n) {\n  x = 1;\n}\n\nint main() {}\n"
    assert truncate_completion(text, entry="axpy") == "\n  x = 1;\n}\n"
    assert truncate_completion("// the function\nvoid axpy(int n)\n{\n  x = 1;\n}\nint main() {}\n",
                               entry="axpy") == "\n  x = 1;\n}\n"
    assert not is_complete(text[:text.index("}")], "completion", entry="axpy")
    # a body that calls the entry (recursion) is not a repeated signature
    assert truncate_completion("  if (n) { axpy(n - 1); }\n}\nint main() {}\n", entry="axpy") == \
        "  if (n) { axpy(n - 1); }\n}\n"
    assert truncate_completion("  if (axpy(n)) {\n    x = 1;\n  }\n}\nint main() {}\n", entry="axpy") == \
        "  if (axpy(n)) {\n    x = 1;\n  }\n}\n"
