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


def _echo_then_answer(entry_line: str) -> str:
    """A chat answer that first repeats the prompt's code (which ends with the entry's open signature)."""
    return ("You gave me:\n```cpp\n#include <vector>\n/* Compute z = alpha * x + y. */\n" + entry_line + "\n```\n"
            "Here is the completed function:\n```cpp\n" + entry_line + "\n    z[0] = alpha;\n}\n```\n")


def test_chat_takes_the_answer_not_the_prompt_it_repeated_first():
    answer = _echo_then_answer("void axpy(double alpha, std::vector<double> &z) {")
    assert extract_from_chat(answer, "axpy") == "void axpy(double alpha, std::vector<double> &z) {\n    z[0] = alpha;\n}\n"
    # an answer cut short (max tokens) still beats the repeated prompt: the last block that defines the entry
    cut = answer[:answer.rindex("}")]
    assert extract_from_chat(cut, "axpy").endswith("z[0] = alpha;\n")
    # a first version, then the one the model settled on
    two = "```cpp\nvoid axpy() {\n  slow();\n}\n```\nFaster:\n```cpp\nvoid axpy() {\n  fast();\n}\n```\n"
    assert extract_from_chat(two, "axpy") == "void axpy() {\n  fast();\n}\n"
    verilog = ("```verilog\nmodule TopModule(input a, output y);\n```\n"
               "```verilog\nmodule TopModule(input a, output y);\n  assign y = a;\nendmodule\n```\n")
    assert extract_from_chat(verilog, "TopModule", "verilog").endswith("assign y = a;\nendmodule\n")


def test_chat_does_not_take_the_test_program_that_follows_the_answer():
    # "and a complete program to try it": the harness rejects a sample that defines main()
    answer = ("```cpp\nvoid axpy(double a, std::vector<double> &z) {\n    z[0] = a;\n}\n```\n"
              "A complete program to test it:\n```cpp\n#include <cstdio>\n#include <vector>\n"
              "void axpy(double a, std::vector<double> &z) {\n    z[0] = a;\n}\n"
              "int main() {\n    std::vector<double> z(1);\n    axpy(2, z);\n    std::printf(\"%g\\n\", z[0]);\n}\n```\n")
    assert extract_from_chat(answer, "axpy") == "void axpy(double a, std::vector<double> &z) {\n    z[0] = a;\n}\n"
    only = answer[answer.index("A complete"):]  # where only the program has it, the program is the answer
    assert "int main()" in extract_from_chat(only, "axpy")


def test_a_chat_answer_is_complete_once_a_block_defines_the_entry_and_ends_it():
    # the hf backend stopped a generation after a block of headers, or after the prompt repeated
    assert not is_complete("First the header:\n```cpp\n#include <omp.h>\n```\n", "chat", "cpp", "axpy")
    answer = _echo_then_answer("void axpy(double alpha, std::vector<double> &z) {")
    echo_end = answer.index("```", answer.index("```") + 3) + 3
    assert not is_complete(answer[:echo_end], "chat", "cpp", "axpy")
    assert not is_complete(answer[:answer.rindex("```")], "chat", "cpp", "axpy")
    assert is_complete(answer, "chat", "cpp", "axpy")
    assert not is_complete("```verilog\nmodule TopModule(input a);\n```", "chat", "verilog", "TopModule")
    assert is_complete("```verilog\nmodule TopModule(input a);\nendmodule\n```", "chat", "verilog", "TopModule")
    assert is_complete("```cpp\n#include <omp.h>\n```", "chat")  # no entry given: any block of code


def test_an_unindented_inner_block_does_not_end_the_function():
    # what a "\n}\n" stop string cut at, on a server; no C++ stop string is sent any more
    from hpccoder.extract import STOP
    body = "    for (int i = 0; i < n; ++i) {\nz[i] = 1;\n}\n    z[0] = 2;\n}\nint main() {}\n"
    assert truncate_completion(body, entry="axpy") == body[:body.index("int main")]
    assert not is_complete(body[:body.index("    z[0] = 2")], "completion", entry="axpy")
    assert STOP[("cpp", "completion")] == [] and STOP[("verilog", "completion")] == ["endmodule"]


def test_a_chat_answer_without_a_fence_loses_the_prose_around_its_code():
    # the whole answer was taken, "Sure, here is the code:" and the explanation after the function with it: a
    # build error for a right function
    answer = ("Sure, here is the code:\n\n#include <omp.h>\n\nstatic double twice(double v) {\n  return 2 * v;\n}\n\n"
              "Here is the function:\nvoid axpy(int n) {\n  for (int i = 0; i < n; ++i) { z(i); }\n}\n\n"
              "The loop runs in parallel. Hope this helps!\n")
    assert extract_from_chat(answer, "axpy") == ("#include <omp.h>\n\nstatic double twice(double v) {\n  return 2 * v;"
                                                 "\n}\n\nvoid axpy(int n) {\n  for (int i = 0; i < n; ++i) { z(i); }"
                                                 "\n}\n")
    assert extract_from_chat("Here:\nmodule Top(input a);\nendmodule\nThat is all.", "Top", "verilog") == \
        "module Top(input a);\nendmodule\n"
    assert extract_from_chat("I cannot write that.", "axpy") == "I cannot write that.\n"  # nothing to take out


def test_a_completion_that_starts_the_file_again_is_cut_where_its_function_ends():
    # `using namespace std;` before the repeated signature hid it: the cut never came, and the generation ran on
    # to max_new_tokens
    text = "#include <vector>\nusing namespace std;\n\nvoid axpy(int n) {\n  x = 1;\n}\n\nint main() {}\n"
    assert truncate_completion(text, entry="axpy") == "\n  x = 1;\n}\n"
    assert is_complete(text[:text.index("int main")], "completion", entry="axpy")
    assert truncate_completion("  y = 2;\n  using std::max;\n}\nvoid axpy(int n) {\n}\n", entry="axpy") == \
        "  y = 2;\n  using std::max;\n}\n"  # a body that ends before: not a repeat


def test_tilde_fences_are_code_blocks():
    # ~~~ fences were not seen: the whole answer, prose and all, was taken as the code
    answer = "Here you go:\n~~~cpp\nvoid axpy(int n) {\n  x = 1;\n}\n~~~\nIt adds.\n"
    assert code_blocks(answer) == [("cpp", "void axpy(int n) {\n  x = 1;\n}\n")]
    assert extract_from_chat(answer, "axpy") == "void axpy(int n) {\n  x = 1;\n}\n"
    assert is_complete(answer, "chat", "cpp", "axpy") and not is_complete(answer[:answer.rindex("~~~")], "chat",
                                                                          "cpp", "axpy")
    # a tilde fence closes only with tildes, on a line of their own, at least as many as opened it
    assert code_blocks("~~~~\nint a;\n~~~\nint b; // ~~~~\n~~~~~\n") == [("", "int a;\n~~~\nint b; // ~~~~\n")]


def test_code_on_the_line_of_its_opening_fence_is_kept():
    # ```cpp void f() {...```: the fence's line was taken for its tag, and the signature went with it
    assert code_blocks("```cpp void axpy(int n) { z(n); }```") == [("cpp", "void axpy(int n) { z(n); }")]
    assert extract_from_chat("Sure! ```cpp void axpy(int n) { z(n); }``` Done.", "axpy") == \
        "void axpy(int n) { z(n); }\n"
    answer = "```cpp void axpy(int n) {\n  z(n);\n}\n```\n"
    assert extract_from_chat(answer, "axpy") == "void axpy(int n) {\n  z(n);\n}\n"
    assert is_complete(answer, "chat", "cpp", "axpy")
    assert extract_from_chat("```void axpy(int n) {\n  z(n);\n}```", "axpy") == "void axpy(int n) {\n  z(n);\n}\n"
    assert code_blocks("```#include <omp.h>\nint x;\n```") == [("", "#include <omp.h>\nint x;\n")]
    # what is not code stays the fence's info: a file name, attributes
    assert code_blocks('```cpp title="axpy.cpp"\nint x;\n```') == [("cpp", "int x;\n")]
    assert code_blocks("```{.cpp .numberLines}\nint x;\n```") == [("", "int x;\n")]
    assert code_blocks("```cpp axpy.cpp\nint x;\n```") == [("cpp", "int x;\n")]


def test_a_fence_inside_a_string_literal_does_not_end_the_block():
    answer = ('```cpp\nvoid axpy(int n) {\n  std::printf("```\\n");\n  z(n);\n}\n```\n'
              "And a note with ```inline``` code.")
    assert code_blocks(answer)[0] == ("cpp", 'void axpy(int n) {\n  std::printf("```\\n");\n  z(n);\n}\n')
    assert extract_from_chat(answer, "axpy").endswith("  z(n);\n}\n")
    assert is_complete(answer, "chat", "cpp", "axpy")
    assert not is_complete(answer[:answer.index("  z(n)")], "chat", "cpp", "axpy")
    # a line of code that ends with the fence still closes it, a string and a character literal before it aside
    assert code_blocks("```cpp\nchar q = '\"'; s = \"a\";}```\ntext") == [("cpp", "char q = '\"'; s = \"a\";}")]
