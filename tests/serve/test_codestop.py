"""Code-aware stopping: where an editor completion ends, fed token by token (here: character by character)."""

from __future__ import annotations

import pytest

from hpccoder.serve.codestop import CodeStop, guess_language


def complete(prefix: str, suffix: str, generated: str, language: str | None = None) -> str:
    stop = CodeStop(prefix, suffix, language)
    for end in range(1, len(generated) + 1):
        cut = stop.feed(generated[:end])
        if cut is not None:
            return generated[:cut]
    return generated[:stop.final_cut(generated)]


CASES = [
    # a statement begun on the cursor's line ends at its `;`
    ("void f(int n) {\n    int s = ", "", "0;\n    for (;;) {}\n}\n", "0;"),
    # an empty line in a block whose `}` the suffix holds: statements up to it, not the brace
    ("void f(int n) {\n    ", "\n}\n", "for (int i = 0; i < n; ++i) {\n        a[i] = 0;\n    }\n    s = 1;\n}\n\nint g() {",
     "for (int i = 0; i < n; ++i) {\n        a[i] = 0;\n    }\n    s = 1;"),
    # ... and with no closing brace after the cursor, the block is closed, and nothing of the next function
    ("void f(int n) {\n    ", "", "x = 1;\n}\n\nint g() {", "x = 1;\n}"),
    # top level: one function; braces in comments and strings do not count
    ("", "", "double dot(const double *a, int n) {\n  double s = 0; // }\n  const char *t = \"}\";\n  return s;\n}\nint main() {",
     "double dot(const double *a, int n) {\n  double s = 0; // }\n  const char *t = \"}\";\n  return s;\n}"),
    # else continues an if statement; the next statement does not
    ("void f() {\n  if (x) ", "\n}", "{\n    y();\n  } else {\n    z();\n  }\n  w();\n", "{\n    y();\n  } else {\n    z();\n  }"),
    # ... and without braces too (it ended at the first `;`, before the `else`)
    ("void f() {\n  if (a)", "\n}", "\n    b();\n  else\n    c();\n  d();", "\n    b();\n  else\n    c();"),
    ("void f() {\n  if (a)", "\n}", "\n    b();\n  d();", "\n    b();"),
    # do ... while
    ("void f() {\n  do ", "\n}", "{\n    i++;\n  } while (i < n);\n  w();\n", "{\n    i++;\n  } while (i < n);"),
    # inside parentheses the suffix closes: stop before its `)`
    ("void f() {\n  x = g(", ");\n}", "a, b);\n", "a, b"),
    # an OpenMP pragma, then the loop it applies to
    ("double f() {\n  #pragma omp parallel for", "\n}", " reduction(+:s)\n  for (int i = 0; i < n; ++i) s += a[i];\n  return s;",
     " reduction(+:s)\n  for (int i = 0; i < n; ++i) s += a[i];"),
    ("struct S ", "", "{\n  int a;\n};\nint x;", "{\n  int a;\n};"),
    # a line after the cursor written again
    ("int main() {\n  int x = 1;\n  ", "\n  return 0;\n}", "x += 2;\n  return 0;\n}\n", "x += 2;"),
    # code after the cursor on its line: the completion stays on the line, without repeating it
    ("void f() {\n  double y = ", " * 2.0;\n}", "a[i] * 2.0;\n  z = 1;", "a[i]"),
    ("void f() {\n  if (", ") {\n}", "n > 0\n", "n > 0"),
    # comments and preprocessor lines before the cursor (nearly every real file), and a comment at the cursor
    ("#include <omp.h>\n// the sum\nvoid f(int n) {\n    ", "\n}\n", "s = 0;\n    t = 1;\n}\n", "s = 0;\n    t = 1;"),
    ("#include <omp.h>\n#define N 4\n\n", "", "int g(void) { return N; }\nint h;", "int g(void) { return N; }"),
    ("/* sums */\nint f() {\n  return 1; // one\n  // next: ", "\n}", "add two\n  x = 2;", "add two"),
    ("int f() {\n  /* the ", "\n}", "loop */\n  x = 1;", "loop */"),
    # Python: the logical line; a `:` line with its block; an empty line up to the block's end
    ("def f(n):\n    s = ", "", "0\n    return s\n", "0"),
    ("def f(n):\n    ", "\n", "s = 0\n    for i in range(n):\n        s += i\n    return s\n\ndef g():\n",
     "s = 0\n    for i in range(n):\n        s += i\n    return s"),
    ("import os\n\n", "", "def f(n):\n    return n\n\ndef g():\n    pass\n", "def f(n):\n    return n"),
    ("def f(n):\n    for i in range(n):", "", "\n        print(i)\n    return 1\n", "\n        print(i)"),
    ("def f(n):\n    if n:", "", "\n        a()\n    else:\n        b()\n    c()\n", "\n        a()\n    else:\n        b()"),
    ("def f(n):\n    s = g(", "", "a,\n          b)\n    return s\n", "a,\n          b)"),
    # a struct's `}` is not its end: its `;` is, after any declarators (dropped, the code did not compile)
    ("struct S {\n  int a;\n", "", "  int b;\n};\n\nint g;\n", "  int b;\n};"),
    ("#include <stdio.h>\n\n", "", "typedef struct {\n  int a;\n} S;\n\nint g;\n", "typedef struct {\n  int a;\n} S;"),
    ("", "", "class C : public B {\n public:\n  int f() { return 1; }\n} c1, c2;\nint x;",
     "class C : public B {\n public:\n  int f() { return 1; }\n} c1, c2;"),
    ("", "", "struct S *make(void) {\n  return 0;\n}\nint x;", "struct S *make(void) {\n  return 0;\n}"),  # a function
    ("struct S {\n  int a;\n", "};\n", "  int b;\n};\n", "  int b;"),  # the suffix has the `};`
    # the code after the cursor begins with the `;` (or `)`) the completion ends with: not written twice
    ("int main(void) {\n    int answer = ", "; // the answer\n}\n", "0; // the answer\n", "0"),
    ("int main(void) {\n    int answer = ", "; // the answer\n}\n", "0;\n", "0"),
    ("int f(int x) {\n    return x", "; }\n", ";", ""),
    # Python: brackets and colons in strings and comments are not code; a string of several lines is one line
    ("def f(x):\n    ", "\n", 'print("(")\n    return 1\n\ndef g():\n    pass\n', 'print("(")\n    return 1'),
    ("def f(x):\n    ", "\n", "y = 1  # (\n    return y\n\ndef g():\n    pass\n", "y = 1  # (\n    return y"),
    ("def f(x):\n    s = ", "\n", '"""a\nb"""\n    return s\n', '"""a\nb"""'),
    ("import os\n\n", "", 'def g():\n    """Doc.\n\nMore at col 0.\n    """\n    return 1\n\n# next\ndef h():\n    pass\n',
     'def g():\n    """Doc.\n\nMore at col 0.\n    """\n    return 1'),
    ("def f(x):\n    ", "", "y = 1\n# note\n    return y\n\ndef g():\n    pass\n", "y = 1\n# note\n    return y"),
    # Verilog: begin/end are its braces
    ("module m(input a, output reg b);\n  always @(*) ", "\nendmodule\n", "begin\n    b = a;\n  end\n  assign c = 1;\n",
     "begin\n    b = a;\n  end"),
    ("module m(input a, output b);\n  ", "", "assign b = a;\nendmodule\n\nmodule n;", "assign b = a;\nendmodule"),
]


@pytest.mark.parametrize("prefix, suffix, generated, want", CASES)
def test_completion_ends_with_its_block_or_statement(prefix, suffix, generated, want):
    assert complete(prefix, suffix, generated) == want


def test_a_dangling_candidate_is_trimmed_when_generation_ends():
    stop = CodeStop("void f() {\n  if (x) ", "\n}")
    text = "{\n    y();\n  }\n\n"
    assert stop.feed(text) is None  # waiting: an `else` could follow
    assert text[:stop.final_cut(text)] == "{\n    y();\n  }"


def test_safe_end_holds_back_what_may_still_be_cut():
    stop = CodeStop("void f() {\n  if (x) ", "\n}")
    text = "{\n    y();\n  }\n  "
    stop.feed(text)
    assert stop.safe_end(text) == len("{\n    y();\n  }")
    python = CodeStop("def f(n):\n    ", "")
    text = "s = 0\n    return s\n\nde"
    assert python.feed(text) is None
    assert python.safe_end(text) == len("s = 0\n    return s")  # `de...` may start the next function
    repeat = CodeStop("int main() {\n  ", "\n  return 0;\n}")
    text = "x = 1;\n  retu"
    assert repeat.feed(text) is None
    assert repeat.safe_end(text) == len("x = 1;")  # the line may be the suffix's `return 0;` again


def test_text_without_an_end_is_left_alone():
    assert complete("void f() {\n  ", "\n}", "int x = 1;\n  x++;") == "int x = 1;\n  x++;"


@pytest.mark.parametrize("code, language", [
    ("int main() {\n  return 0;\n}\n", "c"),
    ("def f(x):\n    if x:\n        return 1\n", "python"),
    ("module m(input a);\n  assign b = a;\nendmodule\n", "verilog"),
    ("__global__ void k(float *a) {\n  a[threadIdx.x] = 0;\n}\n", "c"),
])
def test_language_guess(code, language):
    assert guess_language(code) == language
