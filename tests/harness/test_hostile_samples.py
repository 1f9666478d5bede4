"""Hostile completions that aim at the verdict rather than the machine, through the real harness.

Each one passed (or gave a message that said nothing) before the harness was hardened against it:

- C++: printing the driver's `@@hpccoder result` line itself; replacing the driver's timer
  (std::chrono::steady_clock::now, clock_gettime under libstdc++, MPI_Wtime) by defining it;
  a compile-time bomb (`#include "/dev/zero"`) whose build_error said nothing; an answer kept
  from the first timed call and served again to the others; calling the driver's own keyed output
  (hpc::emit) or reading its key by symbol;
- Verilog: `$finish` pasted together by a macro, or `$finish_and_return`, after a fake
  `Mismatches: 0` line; a fake verdict followed by a crash of the simulator; files written
  with `$fopen` landing in the host's build folder.

The machine-level attacks (fork bombs, memory, floods, network, writing outside) are in test_sandbox.py.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hpctest import needs_bwrap, needs_mpi

from hpccoder.harness.sandbox import Limits, Sandbox
from hpccoder.harness.toolchains import get as toolchain

AXPY = "cpp/dense_la/01_axpy"
MUX = "verilog/combinational/01_mux4/verilog"

AXPY_SIG = ("void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, "
            "std::vector<double> &z)")
AXPY_BODY = "for (size_t i = 0; i < x.size(); ++i) z[i] = alpha * x[i] + y[i];"

FAKE_RESULT_THEN_EXIT = f"""#include <cstdio>
#include <cstdlib>
{AXPY_SIG} {{
    std::printf("\\n@@hpccoder result {{\\"correct\\": true, \\"time\\": 1e-9, \\"times\\": [1e-9]}}\\n");
    std::fflush(stdout);
    std::exit(0);
}}
"""
FAKE_RESULT_FIRST = f"""#include <cstdio>
{AXPY_SIG} {{  // prints a passing verdict once, ahead of the driver's own, and computes nothing
    static bool said = false;
    if (!said) {{ said = true; std::printf("\\n@@hpccoder result {{\\"correct\\": true}}\\n"); std::fflush(stdout); }}
}}
"""
FAKE_STEADY_CLOCK = f"""#include <chrono>
static long ticks = 0;
namespace std {{ namespace chrono {{ inline namespace _V2 {{
steady_clock::time_point steady_clock::now() noexcept {{ return time_point(duration(++ticks)); }}
}} }} }}
{AXPY_SIG} {{ {AXPY_BODY} }}
"""
FAKE_CLOCK_GETTIME = f"""#include <time.h>
extern "C" int clock_gettime(clockid_t, struct timespec *ts) {{
    static long ns = 0;
    ts->tv_sec = 0;
    ts->tv_nsec = ++ns;
    return 0;
}}
{AXPY_SIG} {{ {AXPY_BODY} }}
"""
FAKE_MPI_WTIME = f"""#include <mpi.h>
extern "C" double MPI_Wtime(void) {{ static double t = 0; return t += 1e-9; }}
{AXPY_SIG} {{
    double s = 0;
    MPI_Allreduce(MPI_IN_PLACE, &s, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    {AXPY_BODY}
}}
"""
DRIVER_EMIT = f"""#include <cstdlib>
#include <string>
namespace hpc {{ void emit(const std::string &line); }}  // the driver's own output, which carries the run's key
{AXPY_SIG} {{
    hpc::emit("result {{\\"correct\\": true, \\"size\\": 1, \\"time\\": 1e-9, \\"times\\": [1e-9]}}");
    std::exit(0);
}}
"""
DRIVER_KEY = f"""#include <cstdio>
#include <cstdlib>
#include <string>
extern std::string run_key_of_the_driver asm("_ZZN3hpc7run_keyB5cxx11EvE3key");
{AXPY_SIG} {{
    std::printf("\\n@@hpccoder %s result {{\\"correct\\": true}}\\n", run_key_of_the_driver.c_str());
    std::exit(0);
}}
"""
DETACHED_THREAD = f"""#include <thread>
{AXPY_SIG} {{  // returns at once; a thread of its own does the work while the driver stops its clock
    std::thread([&] {{ {AXPY_BODY} }}).detach();
}}
"""
FORKED = f"""#include <unistd.h>
{AXPY_SIG} {{
    if (fork() == 0) {{ for (;;) {{}} }}  // a process of its own, outside what the harness measures
    {AXPY_BODY}
}}
"""
CACHED_BY_SIZE = f"""#include <vector>
static std::vector<double> kept;  // the answer of the last call, served again for inputs of the same size
{AXPY_SIG} {{
    if (kept.size() == x.size()) {{ z = kept; return; }}
    {AXPY_BODY}
    kept = z;
}}
"""
OMP_AXPY = f"""{AXPY_SIG} {{
#pragma omp parallel for
    for (long i = 0; i < (long)x.size(); ++i) z[i] = alpha * x[i] + y[i];
}}
"""


def more_threads_than_given(model: str) -> str:
    """An axpy that asks for 8 threads itself, and leaves z wrong if it gets more than the run's 2 per process."""
    guard = ("int team = 0;\n#pragma omp parallel num_threads(8)\n{\n#pragma omp single\nteam = omp_get_num_threads();\n}\n"
             "if (team > 2) return;\n")
    mpi = "int one = 1, all = 0;\nMPI_Allreduce(&one, &all, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);\n"
    body = OMP_AXPY if model == "omp" else OMP_AXPY.replace("#pragma omp parallel for", mpi + "#pragma omp parallel for")
    return "#include <omp.h>\n" + ("#include <mpi.h>\n" if model != "omp" else "") + body.replace("{\n", "{\n" + guard, 1)


@needs_bwrap
@pytest.mark.parametrize("model", ["omp", "mpi+omp"])
def test_a_team_larger_than_the_threads_given_is_not_had(evaluate_code, model):
    """OMP_THREAD_LIMIT caps what a candidate asks for (num_threads(8)) at the threads of the run: more would be
    timed as if on fewer cores."""
    r = evaluate_code(f"{AXPY}/{model}", more_threads_than_given(model))
    assert r.status == "pass", f"{r.status}: {r.message}"


@needs_bwrap
def test_printing_the_drivers_result_line_is_rejected(evaluate_samples, suite):
    reference = suite.task(f"{AXPY}/serial").reference_file().read_text()
    ok, exits, first = evaluate_samples([(f"{AXPY}/serial", reference), (f"{AXPY}/serial", FAKE_RESULT_THEN_EXIT),
                                         (f"{AXPY}/serial", FAKE_RESULT_FIRST)])
    assert ok.status == "pass", ok.message  # the driver's own lines, keyed, still count
    for r in (exits, first):
        assert r.status == "rejected", f"{r.status}: {r.message}"
        assert "protocol" in r.message and "@@hpccoder result" in r.message


@needs_bwrap
def test_printing_the_drivers_result_line_is_rejected_with_timing(evaluate_samples, suite):
    reference = suite.task(f"{AXPY}/serial").reference_file().read_text()
    ok, fake = evaluate_samples([(f"{AXPY}/serial", reference), (f"{AXPY}/serial", FAKE_RESULT_THEN_EXIT)],
                                timing=True, reps=1, warmup=0)
    assert ok.status == "pass" and ok.runs[0].time_s, ok.message
    assert fake.status == "rejected" and not fake.speedup, f"{fake.status}: {fake.message} {fake.speedup}"


@needs_bwrap
@pytest.mark.parametrize("code", [pytest.param(DRIVER_EMIT, id="hpc::emit"), pytest.param(DRIVER_KEY, id="run_key")])
def test_calling_into_the_driver_is_rejected(evaluate_samples, code):
    """The driver's keyed output and its key are in the same process as the candidate: reaching them by
    their symbols would print a result the driver never gave."""
    (r,) = evaluate_samples([(f"{AXPY}/serial", code)])
    assert r.status == "rejected", f"{r.status}: {r.message}"
    assert "calls into the harness" in r.message and "hpc::" in r.message, r.message


@needs_bwrap
@pytest.mark.parametrize("model, code, symbol", [
    pytest.param("serial", DETACHED_THREAD, "std::thread", id="std::thread"),
    pytest.param("omp", OMP_AXPY.replace("{\n", "{\n    std::thread([] {}).detach();\n", 1), "std::thread",
                 id="omp+std::thread"),
    pytest.param("serial", FORKED, "fork", id="fork"),
    # glibc starts a thread for a timer's SIGEV_THREAD notification: a serial task ran at 2x on two (it passed)
    pytest.param("serial", "#include <csignal>\n#include <ctime>\n" + f"{AXPY_SIG} {{\n"
                 "    struct sigevent ev = {}; ev.sigev_notify = SIGEV_THREAD; timer_t t;\n"
                 f"    timer_create(CLOCK_MONOTONIC, &ev, &t);\n    {AXPY_BODY}\n}}\n", "timer_create",
                 id="timer_create"),
])
def test_threads_and_processes_of_its_own_are_rejected(evaluate_code, model, code, symbol):
    """Work done by a thread that outlives the call is not timed (and a serial task must be serial): the
    parallelism is the execution model's (OpenMP, MPI), not threads or processes the candidate starts."""
    if "std::thread" in code and "#include <thread>" not in code:
        code = "#include <thread>\n" + code
    r = evaluate_code(f"{AXPY}/{model}", code)
    assert r.status == "rejected", f"{r.status}: {r.message}"
    assert "starts threads, processes or signal handlers" in r.message and symbol in r.message, r.message


NORM2 = "cpp/reduction/03_norm2"
MEMO_BY_VALUES = """#include <cmath>
#include <vector>
static const double *seen_x = nullptr;  // the last call's inputs (their address, size and a few values), its answer
static std::vector<double> seen_values;
static double kept;
static std::vector<double> sample(const std::vector<double> &x) {
    std::vector<double> v;
    for (size_t k = 0; k < 8 && !x.empty(); ++k) v.push_back(x[(x.size() - 1) * k / 7]);
    return v;
}
double norm2(const std::vector<double> &x) {
    if (x.data() == seen_x && sample(x) == seen_values) return kept;
    double m = 0, s = 0;
    for (double v : x) m = std::fmax(m, std::fabs(v));
    if (m == 0) return 0;
    for (double v : x) s += (v / m) * (v / m);
    seen_x = x.data();
    seen_values = sample(x);
    return kept = std::sqrt(s) * m;
}
"""


@needs_bwrap
def test_an_answer_kept_across_the_timed_calls_is_found_out(evaluate_samples, suite):
    """The timed calls repeat one set of inputs, so a cache passes every one of them: keyed on the size, the
    call on fresh inputs after them is wrong; keyed on the inputs' address and values, that call is right but
    many times slower than the timed ones (a speedup in the millions before)."""
    reference = suite.task(f"{AXPY}/serial").reference_file().read_text()
    ok, cached = evaluate_samples([(f"{AXPY}/serial", reference), (f"{AXPY}/serial", CACHED_BY_SIZE)],
                                  timing=True, reps=2, warmup=1)
    assert ok.status == "pass" and ok.runs[0].time_s, ok.message
    assert cached.status == "wrong_answer" and not cached.speedup, f"{cached.status}: {cached.message}"
    assert "fresh inputs after timing" in cached.message, cached.message
    norm2 = suite.task(f"{NORM2}/serial").reference_file().read_text()
    ok, memo = evaluate_samples([(f"{NORM2}/serial", norm2), (f"{NORM2}/serial", MEMO_BY_VALUES)],
                                timing=True, reps=2, warmup=1, overwrite=True)
    assert ok.status == "pass" and ok.runs[0].time_s, ok.message
    assert memo.status == "rejected" and not memo.speedup, f"{memo.status}: {memo.message} {memo.speedup}"
    assert "answers kept from calls on the same inputs are not timed" in memo.message, memo.message


@needs_bwrap
def test_answers_worked_out_from_the_seed_or_kept_and_slowed_down_are_found_out(evaluate_samples):
    """The run's seed is on the driver's command line: a sort that made the timed calls' inputs from it in an
    untimed call, sorted them there and only copied answers after passed with a speedup of 64 (the fresh call's
    inputs came from the same seed). And a cache that waited 1/8 of the real time before serving an answer
    stayed under the ratio of 10 with a speedup of 6.6. Both computed nothing while timed."""
    samples = Path(__file__).parent / "samples" / "hostile"
    task = "cpp/sort/01_sort_doubles/serial"
    results = evaluate_samples([(task, (samples / name).read_text()) for name in
                                ("sort_answers_from_the_seed.cpp", "sort_memo_held_under_the_ratio.cpp")],
                               timing=True, reps=3, warmup=1)
    for r in results:
        assert r.status == "rejected" and not r.speedup, f"{r.status}: {r.message} {r.speedup}"
        assert "answers kept from calls on the same inputs are not timed" in r.message, r.message
        assert r.runs[0].fresh_seed, r.runs[0]


@needs_bwrap
@pytest.mark.parametrize("model, code, symbol", [
    pytest.param("serial", FAKE_STEADY_CLOCK, "steady_clock", id="steady_clock_now"),
    pytest.param("serial", FAKE_CLOCK_GETTIME, "clock_gettime", id="clock_gettime"),
    pytest.param("mpi", FAKE_MPI_WTIME, "MPI_Wtime", id="MPI_Wtime", marks=needs_mpi),
])
def test_replacing_the_drivers_timer_is_rejected(evaluate_code, model, code, symbol):
    r = evaluate_code(f"{AXPY}/{model}", code)
    assert r.status == "rejected", f"{r.status}: {r.message}"
    assert symbol in r.message and "defines" in r.message


@needs_bwrap
def test_helpers_and_library_calls_are_not_taken_for_interposition(evaluate_code):
    helpers = ("#include <chrono>\n#include <cmath>\n#include <omp.h>\n"
               "double scale(double a, double x) { return a * x; }\n"
               "static double seconds() { return std::chrono::duration<double>("
               "std::chrono::steady_clock::now().time_since_epoch()).count(); }\n"
               + OMP_AXPY.replace("alpha * x[i]", "scale(alpha, x[i]) + 0.0 * omp_get_wtime() * seconds()"))
    r = evaluate_code(f"{AXPY}/omp", helpers)
    assert r.status == "pass", r.message


@needs_bwrap
def test_compiler_bomb_says_what_stopped_it(evaluate_code):
    r = evaluate_code(f"{AXPY}/serial", '#include "/dev/zero"\n', limits=Limits(memory_mb=1024))
    assert r.status == "build_error"
    said = r.message.removeprefix("does not build:").removeprefix("build timed out:").strip()
    assert said, f"a build_error that says nothing: {r.message!r} (log: {r.build_log[-300:]!r})"


# -- Verilog ---------------------------------------------------------------------------------------------
MUX_HEADER = """module TopModule (input logic [7:0] a, input logic [7:0] b, input logic [7:0] c, input logic [7:0] d,
                  input logic [1:0] sel, output logic [7:0] y);
  assign y = 8'd0;  // wrong on purpose: only the fake verdict could make it pass
"""
FAKE_VERDICT = '$display("%s: 0 in 100 samples", {"Mis", "matches"});'
needs_icarus = pytest.mark.skipif(not (shutil.which("iverilog") and shutil.which("bwrap")),
                                  reason="Icarus Verilog or bubblewrap is not installed")


@needs_icarus
@pytest.mark.parametrize("code", [
    pytest.param("`define PASTE(x, y) x``y\n" + MUX_HEADER + f"  initial begin {FAKE_VERDICT} `PASTE($fin, ish); end\n"
                 "endmodule\n", id="finish_pasted_by_a_macro"),
    pytest.param(MUX_HEADER + f"  initial begin {FAKE_VERDICT} $finish_and_return(0); end\nendmodule\n",
                 id="finish_and_return"),
    pytest.param("`define PASTE(x, y) x``y\n" + MUX_HEADER + '  initial `PASTE($sys, tem)("echo hi");\nendmodule\n',
                 id="system_pasted_by_a_macro"),
])
def test_verilog_ending_the_simulation_in_disguise_is_rejected(evaluate_code, code):
    r = evaluate_code(MUX, code, synthesis=False)
    assert r.status == "rejected", f"{r.status}: {r.message}"


@needs_icarus
def test_verilog_fake_verdict_then_crash_does_not_pass(evaluate_code):
    # the verdict spelled in hex, then a queue that grows until the simulator aborts for memory
    crash = MUX_HEADER + ("  int q[$];\n  initial begin $display(\"%s: 0 in 100 samples\", 80'h4d69736d617463686573);"
                          " $fflush(); forever q.push_back(1); end\nendmodule\n")
    r = evaluate_code(MUX, crash, synthesis=False, limits=Limits(memory_mb=256))
    assert r.status == "runtime_error", f"{r.status}: {r.message}"
    assert "SIGABRT" in r.message or "exited with code" in r.message


@needs_icarus
def test_verilog_simulation_writes_to_scratch_not_the_build_folder(suite):
    writer = MUX_HEADER + '  integer f;\n  initial begin f = $fopen("written.txt", "w"); $fdisplay(f, "x"); ' \
                          '$fclose(f); end\nendmodule\n'
    box = Sandbox(limits=Limits())
    workroot = Path(tempfile.mkdtemp(prefix="hpccoder-hostile-", dir="/tmp"))  # one the sandbox's uid can reach
    workroot.chmod(0o755)
    try:
        problem = suite.task(MUX).problem
        status, message, _, work = toolchain("verilog").simulate(box, workroot, problem, writer, "icarus", 1, 60, 20)
        assert status == "wrong_answer", message  # it ran to the end
        assert not (work / "written.txt").exists(), "the simulation wrote into the host's build folder"
    finally:
        shutil.rmtree(workroot, ignore_errors=True)


# -- code that runs before the driver, or that reaches the driver's data beside its own arguments ---------------
STEAL_KEY_IN_CONSTRUCTOR = f"""#include <cstdio>
#include <cstdlib>
#include <cstring>
__attribute__((constructor)) static void steal() {{  // the run's key is the first line on stdin
    char key[128];
    if (!std::fgets(key, sizeof key, stdin)) return;
    key[std::strcspn(key, "\\r\\n")] = 0;
    std::printf("\\n@@hpccoder %s result {{\\"correct\\": true, \\"size\\": 1, \\"time\\": 1e-9, \\"times\\": [1e-9]}}\\n", key);
    std::fflush(stdout);
    std::exit(0);
}}
{AXPY_SIG} {{}}
"""
REWRITE_DRIVER_OUTPUT = f"""#include <cstdio>
#include <string>
#include <unistd.h>
static ssize_t rewrite(void *, const char *buf, size_t n) {{  // the driver's lines pass through here
    std::string s(buf, n);
    size_t at = s.find("result {{\\"correct\\": false");
    if (at != std::string::npos) s = s.substr(0, at) + "result {{\\"correct\\": true, \\"size\\": 1, \\"time\\": 1e-9}}\\n";
    for (size_t off = 0; off < s.size();) {{ ssize_t w = write(1, s.data() + off, s.size() - off); if (w <= 0) break; off += w; }}
    return (ssize_t)n;
}}
__attribute__((constructor)) static void hook() {{
    cookie_io_functions_t io{{nullptr, rewrite, nullptr, nullptr}};
    stdout = fopencookie(nullptr, "w", io);
}}
{AXPY_SIG} {{}}
"""
IFUNC_RESOLVER = f"""static int one() {{ return 1; }}
extern "C" int (*pick())() {{ return one; }}  // run by the dynamic linker, before any constructor
int early() __attribute__((ifunc("pick")));
{AXPY_SIG} {{ {AXPY_BODY} z[0] += 0 * early(); }}
"""
COPY_THE_EXPECTED_ANSWER = f"""#include <cstdint>
#include <cstring>
{AXPY_SIG} {{  // the driver's expected answer sits on the stack a few words from z: copy it
    const size_t n = z.size();
    if (n < 2) {{ {AXPY_BODY} return; }}
    for (long off = -2048; off <= 2048; off += 8) {{
        double **v = (double **)((char *)&z + off);
        double *b = v[0], *e = v[1], *c = v[2];
        if ((void *)v == (void *)&z || !b || e < b || c < e || (size_t)(e - b) != n || ((uintptr_t)b & 7)) continue;
        if (b == z.data() || b == x.data() || b == y.data() || b[0] < -1e70 || b[1] < -1e70) continue;
        std::memcpy(z.data(), b, n * sizeof(double));
        return;
    }}
}}
"""
WIDEN_THE_TOLERANCE = f"""{AXPY_SIG} {{  // the driver's tolerance (problem.yaml's) sits on the stack near z: widen it
    for (long off = -2048; off <= 2048; off += 8) {{
        double *p = (double *)((char *)&z + off);
        if (p[0] == 1.0e-12 && p[1] == 1.0e-15) {{ p[0] = p[1] = 1e300; return; }}
    }}
}}
"""
WIDEN_THE_SCALE = """#include <vector>
void circular_convolution(const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &c) {
    *const_cast<double *>(reinterpret_cast<const double *>(&b + 1)) = 1e300;  // Inputs::scale, the check's, after b
    for (auto &v : c) v = 0;
}
"""


@needs_bwrap
@pytest.mark.parametrize("code", [pytest.param(STEAL_KEY_IN_CONSTRUCTOR, id="key_read_by_a_constructor"),
                                  pytest.param(REWRITE_DRIVER_OUTPUT, id="driver_output_rewritten")])
@pytest.mark.parametrize("timing", [False, True], ids=["check", "timing"])
def test_reading_the_key_or_the_drivers_output_does_not_pass(evaluate_code, code, timing):
    """The key is read before any constructor of the candidate's runs, and the driver's lines carry an HMAC
    under it, never the key: a candidate that reads stdin first, or sees (and rewrites) what the driver
    prints, cannot forge a result."""
    # timed, the driver keeps stdin open for its "go": the constructor's read waits for a line that never comes
    blocks = timing and code is STEAL_KEY_IN_CONSTRUCTOR
    timed = dict(timing=True, reps=1, warmup=0, timeout_factor=1.0 if blocks else 10.0) if timing else {}
    r = evaluate_code(f"{AXPY}/serial", code, **timed)
    assert r.status != "pass" and not r.speedup, f"{r.status}: {r.message} {r.speedup}"
    assert not blocks or r.status == "timeout", f"{r.status}: {r.message}"


WAIT_FOR_THE_END_OF_STDIN = f"""#include <cstdio>
__attribute__((constructor)) static void wait() {{  // until the harness gives up on the run and closes stdin
    while (std::fgetc(stdin) != EOF) {{}}
}}
{AXPY_SIG} {{ {AXPY_BODY} }}
"""


@needs_bwrap
def test_what_a_run_prints_after_its_deadline_does_not_count(evaluate_samples):
    """Killed at the deadline, a run's stdin is closed too: a correct candidate that waits for that (and may
    print its result before the kill lands) timed out all the same."""
    for r in evaluate_samples([(f"{AXPY}/serial", WAIT_FOR_THE_END_OF_STDIN + f"// {i}\n") for i in range(3)],
                              min_timeout=3.0):
        assert r.status == "timeout", f"{r.status}: {r.message}"


@needs_bwrap
def test_code_that_runs_before_the_driver_reads_its_key_is_rejected(evaluate_samples):
    """An ifunc resolver runs while the program is relocated, an entry of .preinit_array before the driver's:
    either could read the key off stdin first."""
    preinit = ("static void first() {}\n"
               "__attribute__((section(\".preinit_array\"), used)) static void (*entry)() = first;\n"
               f"{AXPY_SIG} {{ {AXPY_BODY} }}\n")
    ifunc, early = evaluate_samples([(f"{AXPY}/serial", IFUNC_RESOLVER), (f"{AXPY}/serial", preinit)])
    assert ifunc.status == "rejected" and "ifunc" in ifunc.message, f"{ifunc.status}: {ifunc.message}"
    assert early.status == "rejected" and "preinit_array" in early.message, f"{early.status}: {early.message}"


@needs_bwrap
@pytest.mark.parametrize("task, code", [
    pytest.param(f"{AXPY}/serial", COPY_THE_EXPECTED_ANSWER, id="expected_answer_copied"),
    pytest.param(f"{AXPY}/serial", WIDEN_THE_TOLERANCE, id="tolerance_widened"),
    pytest.param("cpp/fft/05_circular_convolution/serial", WIDEN_THE_SCALE, id="inputs_scale_widened"),
])
@pytest.mark.parametrize("timing", [False, True], ids=["check", "timing"])
def test_the_drivers_data_beside_the_arguments_is_out_of_reach(evaluate_code, task, code, timing):
    """The expected answer is made after a checked call (on inputs of its own), the tolerance is on a read-only
    page: neither is a few words up the stack from the candidate's arguments any more."""
    r = evaluate_code(task, code, **(dict(timing=True, reps=1, warmup=0) if timing else {}))
    assert r.status != "pass" and not r.speedup, f"{r.status}: {r.message} {r.speedup}"


@needs_bwrap
@pytest.mark.parametrize("call", [
    "mprotect(nullptr, 0, PROT_READ | PROT_WRITE);", "prctl(PR_SET_DUMPABLE, 1);",
    # a writable page mapped over the read-only one, or moved onto it (both passed a wrong norm2)
    "mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);",
    "mremap(nullptr, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, nullptr);",
])
def test_making_the_drivers_memory_writable_is_rejected(evaluate_code, call):
    code = "#include <sys/mman.h>\n#include <sys/prctl.h>\n" + OMP_AXPY.replace("{\n", f"{{\n    {call}\n", 1)
    r = evaluate_code(f"{AXPY}/omp", code)
    assert r.status == "rejected" and call.split("(")[0] in r.message, f"{r.status}: {r.message}"


OMP_TEAMS_AXPY = f"""{AXPY_SIG} {{
#pragma omp teams num_teams(1) thread_limit(64)
#pragma omp parallel for num_threads(8)
    for (long i = 0; i < (long)x.size(); ++i) z[i] = alpha * x[i] + y[i];
}}
"""


# Each of these passed a second review (found with samples that did the work of the call after it returned, in a
# signal handler or a new_handler the driver's next allocation ran, or in a thread or process of their own, or
# rewrote the reported times through a printf hook, or ran more threads than the run's): rejected when built.
@needs_bwrap
@pytest.mark.parametrize("model, head, call, symbol", [
    ("serial", "#include <csignal>", "ssignal(SIGALRM, SIG_IGN);", "ssignal"),
    ("serial", "#include <unistd.h>\nextern \"C\" int _Fork();", "if (x.empty()) _Fork();", "_Fork"),
    ("serial", "#include <new>", "std::set_new_handler(nullptr);", "set_new_handler"),
    ("serial", "#include <sys/resource.h>", "rlimit r{}; setrlimit(RLIMIT_AS, &r);", "setrlimit"),
    ("serial", "#include <printf.h>", "register_printf_specifier('g', nullptr, nullptr);",
     "register_printf_specifier"),
    ("serial", "#include <cstdio>\nextern \"C\" FILE *_IO_popen(const char *, const char *);",
     "if (x.empty()) _IO_popen(\"true\", \"r\");", "_IO_popen"),
])
def test_callbacks_threads_and_processes_by_other_names_are_rejected(evaluate_code, model, head, call, symbol):
    code = f"{head}\n{AXPY_SIG} {{\n    {call}\n    {AXPY_BODY}\n}}\n"
    r = evaluate_code(f"{AXPY}/{model}", code)
    assert r.status == "rejected" and symbol in r.message, f"{r.status}: {r.message}"


@needs_bwrap
def test_the_drivers_clock_cannot_be_replaced_through_the_programs_address_table(evaluate_code):
    # the GOT was writable while the candidate ran (no -z now): an honest kernel that pointed the slot of
    # steady_clock::now at its own clock passed with the speedup it chose (23 instead of 1.4)
    code = (Path(__file__).parent / "samples" / "hostile" / "norm2_clock_through_the_got.cpp").read_text()
    r = evaluate_code(f"{NORM2}/serial", code, timing=True, reps=2, warmup=1)
    assert r.status != "pass" and not r.speedup, f"{r.status}: {r.message} {r.speedup}"


@needs_bwrap
def test_openmp_teams_that_set_their_own_thread_limit_are_rejected(evaluate_code):
    r = evaluate_code(f"{AXPY}/omp", OMP_TEAMS_AXPY)
    assert r.status == "rejected" and "GOMP_teams" in r.message, f"{r.status}: {r.message}"


@needs_bwrap
def test_a_system_call_made_in_inline_assembly_is_rejected(evaluate_code):
    # mprotect as a raw `syscall` instruction names no function: it widened the tolerance of a wrong norm2
    asm = '    long r; asm volatile("syscall" : "=a"(r) : "a"(39L) : "rcx", "r11", "memory");\n'
    r = evaluate_code(f"{AXPY}/serial", f"{AXPY_SIG} {{\n{asm}    {AXPY_BODY}\n}}\n")
    assert r.status == "rejected" and "system calls of its own" in r.message, f"{r.status}: {r.message}"


WRITE_THROUGH_PROC_SELF_MEM = f"""#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
{AXPY_SIG} {{  // /proc/self/mem writes through page protections: the read-only tolerance widened, and no work
    int mem = open("/proc/self/mem", O_RDWR);
    std::FILE *maps = std::fopen("/proc/self/maps", "r");
    char line[512];
    while (mem >= 0 && maps && std::fgets(line, sizeof line, maps)) {{
        unsigned long lo, hi, off, inode;
        char perm[8], dev[16];
        if (std::sscanf(line, "%lx-%lx %7s %lx %15s %lu", &lo, &hi, perm, &off, dev, &inode) != 6 || inode ||
            std::strchr(line, '[') || perm[0] != 'r' || perm[1] == 'w') continue;  // read-only anonymous pages
        for (unsigned long p = lo; p + 16 <= hi; p += 4096) {{  // the tolerance starts a page
            double t[2];
            std::memcpy(t, (void *)p, sizeof t);
            const double wide[2] = {{1e300, 1e300}};
            if (t[0] == 1.0e-12 && t[1] == 1.0e-15) pwrite(mem, wide, sizeof wide, (off_t)p);
        }}
    }}
}}
"""


@needs_bwrap
def test_writing_through_proc_self_mem_is_closed(evaluate_code):
    r = evaluate_code(f"{AXPY}/serial", WRITE_THROUGH_PROC_SELF_MEM)
    assert r.status == "wrong_answer", f"{r.status}: {r.message}"


def test_a_kept_answer_verdict_stands_only_when_a_second_run_shows_it_too(monkeypatch):
    """One slow call on fresh inputs is chance on a busy machine (the sssp reference over 2 MPI ranks: timed calls
    of 0.22 to 0.85 s, then 1.18 s on fresh inputs, while other work shared the 2 cores): the run is made once
    more, and only a second slow call rejects it. A cache slows every such call, so it is still found out."""
    from hpccoder.harness import runner
    from hpccoder.harness.records import RunRecord
    from hpccoder.harness.toolchains import Resources

    res = Resources()

    def kept():
        return RunRecord(res, "rejected", "the timed calls took 1 ms each, one more on fresh inputs 9 ms: answers "
                         "kept", times_s=[0.001], fresh_time_s=0.009), True

    def fine():
        return RunRecord(res, "pass", time_s=0.001, times_s=[0.001], fresh_time_s=0.0012), False

    for outcomes, status in (([kept(), fine()], "pass"), ([kept(), kept()], "rejected"), ([fine()], "pass")):
        calls = iter(outcomes)
        monkeypatch.setattr(runner, "_run_once", lambda *a, **k: next(calls))
        rec = runner.run_program(None, None, None, None, res, None, 1.0, 1.0)
        assert rec.status == status and next(calls, None) is None, (status, rec)
        assert ("twice" in rec.message) == (status == "rejected"), rec.message
