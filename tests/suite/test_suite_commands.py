"""`hpccoder suite list|validate|import-verilog` on the inputs their users get wrong: a problem.yaml or suite.yaml that
is not what the schema says in ways JSON Schema lets through, an imported suite whose names select other tasks, and
Ctrl-C during a validation that keeps nothing."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from hpccoder.cli import main
from hpccoder.errors import HpcError, Interrupted
from hpccoder.samples import read_jsonl
from hpccoder.suite import Suite
from hpccoder.suite.import_verilog import import_verilog
from hpctest import fast_options

REPO = Path(__file__).resolve().parents[2]
EXT = Path(__file__).parent / "verilog_ext"
AXPY = "cpp/dense_la/01_axpy"
MUX = "verilog/combinational/01_mux4"


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    """A copy of the checkout's evalsuite/ (kernels_ref/ linked) that a test may break, made the installed one."""
    root = tmp_path / "root"
    shutil.copytree(REPO / "evalsuite", root / "evalsuite", ignore=shutil.ignore_patterns("ext"))
    (root / "kernels_ref").symlink_to(REPO / "kernels_ref")
    monkeypatch.setenv("HPCCODER_ROOT", str(root))
    return root


def edit(path: Path, **changes) -> None:
    spec = yaml.safe_load(path.read_text())
    for key, value in changes.items():
        *parents, last = key.split("__")
        node = spec
        for p in parents:
            node = node[p]
        node[last] = value
    path.write_text(yaml.safe_dump(spec))


@pytest.mark.parametrize("change, said", [
    ({"tolerance__rtol": float("inf")}, "tolerance/rtol: inf is not a finite number"),  # passed every answer
    ({"tolerance__atol": float("nan")}, "tolerance/atol: nan is not a finite number"),  # failed every one, unsaid
    ({"version": 1.0}, "version: 1.0 is not of type 'integer'"),  # went into results as 1.0
    ({"sizes__check": [0, 1.0, 7]}, "sizes/check/1: 1.0 is not of type 'integer'"),
])
def test_numbers_json_schema_lets_through_are_schema_errors(root, change, said):
    edit(root / "evalsuite" / AXPY / "problem.yaml", **change)
    errors = Suite(root / "evalsuite").schema_errors_by_problem()
    assert [e.split("problem.yaml: ", 1)[1] for e in errors[AXPY]] == [said]


def test_an_endless_verilog_timeout_is_a_schema_error_not_a_crash(root):
    # `timeout: .inf` passed `exclusiveMinimum: 0`, and the simulation's wait then failed with OverflowError
    edit(root / "evalsuite" / MUX / "problem.yaml", timeout=float("inf"))
    assert Suite(root / "evalsuite").schema_errors_by_problem()[MUX][0].endswith("timeout: inf is not a finite number")


def test_a_problem_yaml_that_is_not_utf8_or_not_a_mapping_is_one_line(root):
    yml = root / "evalsuite" / AXPY / "problem.yaml"
    yml.write_bytes(yml.read_bytes() + b"# caf\xe9\n")  # Latin-1: a traceback (UnicodeDecodeError) before
    with pytest.raises(HpcError, match=r"01_axpy/problem.yaml: not UTF-8 text \(byte \d+: b'\\xe9'\)"):
        Suite(root / "evalsuite").problems
    lenient = Suite(root / "evalsuite", lenient=True)
    assert len(lenient.schema_errors_by_problem()[AXPY]) == 1 and AXPY + "/serial" not in \
        [t.id for t in lenient.tasks(skip={})]
    for text, said in (("- a\n", "a YAML list, not a mapping of keys"), ("", "empty")):
        yml.write_text(text)  # was an error per required key, ten lines saying nothing of the file
        assert Suite(root / "evalsuite").schema_errors_by_problem()[AXPY] == [f"{yml}: {said}" + (
            " (title: ..., version: ...)" if text else "")]


def test_a_yaml_error_says_its_line(root):
    yml = root / "evalsuite" / AXPY / "problem.yaml"
    yml.write_text(yml.read_text().replace("  input:", "\tinput:"))
    with pytest.raises(HpcError, match=r"not valid YAML \(line \d+, column 1: found character '\\t'"):
        Suite(root / "evalsuite").problems


@pytest.mark.parametrize("manifest, said", [
    ("name: [\n", "not valid YAML (line 2"),
    ("name: x\nversion: '1'\nversion: '2'\n", "line 3: duplicate key 'version'"),
])
def test_a_broken_suite_yaml_is_one_line_everywhere(root, capsys, manifest, said):
    (root / "evalsuite" / "suite.yaml").write_text(manifest)
    assert main(["suite", "list", "--tasks", "cg"]) == 2  # a traceback before (or the last version kept)
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1
    assert main(["suite", "validate", "--tasks", "cg", "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert f"schema: {root / 'evalsuite' / 'suite.yaml'}: " in out and said in out and "manifest has errors" in out


def test_a_suite_yaml_that_is_a_list_is_a_schema_error_not_a_crash(root, capsys):
    (root / "evalsuite" / "suite.yaml").write_text("- a\n")
    assert main(["suite", "list", "--tasks", "cg"]) == 0  # AttributeError: 'list' object has no attribute 'get'
    assert "(suite 0)" in capsys.readouterr().err
    assert Suite(root / "evalsuite", lenient=True).schema_errors_by_problem()[""][0].endswith("is not of type 'object'")


def test_suite_list_prints_tasks_only_on_stdout_and_json_for_scripts(capsys):
    assert main(["suite", "list", "--tasks", f"{AXPY}/*"]) == 0
    said = capsys.readouterr()
    assert [line.split()[0] for line in said.out.splitlines()] == [t.id for t in Suite().select(f"{AXPY}/*")]
    assert said.err.strip() == f"5 tasks in 1 problem (suite {Suite().version})"  # the count was a line of stdout
    assert main(["suite", "list", "--tasks", f"{AXPY}/omp", "--json"]) == 0
    said = capsys.readouterr()
    listed = json.loads(said.out)  # one document, nothing else on stdout
    assert listed["suite"] == "hpccoder" and listed["version"] == Suite().version
    assert listed["tasks"] == [{"task_id": f"{AXPY}/omp", "problem": AXPY, "model": "omp", "language": "cpp",
                                "category": "dense_la", "problem_version": Suite().problems[AXPY].version,
                                "title": "AXPY"}]
    assert said.err.strip() == f"1 task in 1 problem (suite {Suite().version})"


@pytest.mark.parametrize("name", ["omp", "cpp", "OMP", "dense_la", "axpy", "all"])
def test_an_imported_suite_named_as_a_selector_is_refused(root, name):
    # --name omp made `--tasks omp` take the imported Verilog problems along with the 60 omp tasks
    with pytest.raises(HpcError, match=f"'{name}' already select"):
        import_verilog(EXT, name)
    assert not (root / "evalsuite" / "ext").exists()
    out, _ = import_verilog(EXT, "mybench")
    assert out == root / "evalsuite" / "ext" / "mybench"
    assert import_verilog(EXT, "mybench", overwrite=True)[1]  # its own names do not stand in its way


def test_imported_problem_names_select_only_themselves(root, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for n in ("Prob025_reduction", "reduction"):
        for suffix in ("_prompt.txt", "_ref.sv", "_test.sv"):
            shutil.copy(EXT / f"add4{suffix}", src / f"{n}{suffix}")
    with pytest.raises(HpcError, match="'reduction' already select.*rename the problem"):
        import_verilog(src, "ve")
    for f in src.glob("reduction_*"):
        f.unlink()
    import_verilog(src, "ve")
    suite = Suite()
    # VerilogEval's names: `reduction` (a C++ category) took Prob025_reduction too, its number dropped as 02_cg's is
    assert {t.problem.language for t in suite.select("reduction")} == {"cpp"}
    assert [t.id for t in suite.select("Prob025_reduction")] == ["ext/ve/Prob025_reduction/verilog"]
    assert [t.id for t in suite.select("cg")] == [t.id for t in suite.select("cpp/sparse_la/02_cg/*")]


def test_an_import_outside_evalsuite_says_it_is_not_a_suite_task_yet(root, tmp_path, capsys):
    assert main(["suite", "import-verilog", str(EXT), "--name", "elsewhere", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "imported 3 problems into" in out and "reads problems from" in out and "--tasks 'ext/" not in out


def _fake_runs(statuses: dict[int, str], interrupt: bool = False):
    """evaluate() as validate calls it, without building anything: each sample gets statuses[sample_index]."""
    def evaluate(samples, out, opts, suite):
        if interrupt:
            raise Interrupted(f"interrupted: 0 of 1 results are saved in {out}/results.jsonl; run the same command "
                              "again to resume")
        with open(out / "results.jsonl", "w") as f:
            for s in read_jsonl(samples):
                status = statuses.get(s["sample_index"], "pass")
                f.write(json.dumps({"task_id": s["task_id"], "sample_index": s["sample_index"], "status": status,
                                    "message": "mpicxx not found" if status == "not_run" else ""}) + "\n")
    return evaluate


def test_ctrl_c_without_out_does_not_offer_to_resume_a_deleted_folder(monkeypatch, capsys):
    # it said "results are saved in /tmp/hpccoder-validate-.../results.jsonl; run the same command again to resume",
    # a folder already removed
    import hpccoder.suite.validate as v

    monkeypatch.setattr(v, "signature_errors", lambda tasks, opts, work: [])
    monkeypatch.setattr(v, "evaluate", _fake_runs({}, interrupt=True))
    before = set(Path(tempfile.gettempdir()).glob("hpccoder-validate-*"))
    assert main(["suite", "validate", "--tasks", f"{AXPY}/serial", "--no-progress"]) == 130
    err = capsys.readouterr().err.strip()
    assert err == ("hpccoder: error: interrupted: nothing is kept (with --out DIR the results stay there, and the same "
                   "command resumes)")
    assert set(Path(tempfile.gettempdir()).glob("hpccoder-validate-*")) == before
    with pytest.raises(Interrupted, match="run the same command again to resume"):  # with --out: evaluate's message
        v.validate(f"{AXPY}/serial", fast_options(), Path(tempfile.mkdtemp()))


def test_wrong_solutions_that_did_not_run_are_not_counted_as_run(monkeypatch, capsys):
    import hpccoder.suite.validate as v

    monkeypatch.setattr(v, "signature_errors", lambda tasks, opts, work: [])
    monkeypatch.setattr(v, "evaluate", _fake_runs({1: "not_run"}))
    assert v.validate(f"{AXPY}/omp", fast_options()) == 0
    out = capsys.readouterr().out
    assert "not run   tests/suite/cpp_wrong/dense_la/01_axpy/omp.cpp: mpicxx not found" in out
    assert out.rstrip().endswith("1 of 1 reference runs pass; 0 of 1 wrong solutions run")


def test_an_imported_suite_is_not_said_to_lack_wrong_solutions(root, monkeypatch, capsys):
    # "no wrong solution under tests/suite/ for 3 selected problem(s) ...: ext/mybench/add4, ...": a published suite's
    # problems never have ours, so every validation of it said so
    import hpccoder.suite.validate as v

    (root / "tests/suite/cpp_wrong").mkdir(parents=True)  # a checkout
    import_verilog(EXT, "mybench")
    monkeypatch.setattr(v, "evaluate", _fake_runs({}))
    monkeypatch.setattr(v, "installed_simulators", lambda: [])
    monkeypatch.setattr(v, "signature_errors", lambda tasks, opts, work: [])
    assert v.validate("ext/mybench/*,cpp/dense_la/02_gemv/serial", fast_options()) == 0
    out = capsys.readouterr().out
    assert "no wrong solution under tests/suite/ for 1 selected problem(s)" in out and "ext/" not in out


def test_a_verilog_interface_unlike_its_reference_says_which_port(suite):
    # it said only that the ports differ: in a header of twenty ports, not which
    from hpccoder.suite.problem import verilog_errors

    p = suite.problems["verilog/arithmetic/04_alu"]
    spec = dict(p.spec, interface=p.spec["interface"].replace("zero", "is_zero"))
    [error] = verilog_errors(type(p)(p.id, p.path, spec))
    assert error.endswith("differ from the interface in problem.yaml: `output logic zero )` in ref.sv where the "
                          "interface has `output logic is_zero )`")


def test_a_problem_without_its_prompt_is_not_left_out_unsaid(tmp_path):
    # only <name>_prompt.txt named the problems: a reference and testbench without a prompt were dropped silently
    src = tmp_path / "src"
    src.mkdir()
    for n, suffixes in (("add4", ("_prompt.txt", "_ref.sv", "_test.sv")), ("lost", ("_ref.sv", "_test.sv"))):
        for suffix in suffixes:
            shutil.copy(EXT / f"add4{suffix}", src / f"{n}{suffix}")
    with pytest.raises(HpcError, match=r"lost lacks lost_prompt.txt: every problem needs"):
        import_verilog(src, "partial", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_simulator_that_is_not_installed_is_said_and_counted_not_run(monkeypatch, capsys):
    # validate runs the Verilog references under every simulator; without Verilator it ran Icarus alone and said
    # "1 of 1 reference runs pass", as if nothing were left out
    import hpccoder.suite.validate as v

    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda tool, *a, **k: None if tool == "verilator" else which(tool, *a, **k))
    monkeypatch.setattr(v, "signature_errors", lambda tasks, opts, work: [])
    monkeypatch.setattr(v, "evaluate", _fake_runs({1: "wrong_answer"}))  # its wrong module fails, as it should
    assert v.validate(f"{MUX}/verilog", fast_options()) == 0  # not run is not a failure (as cuda without a GPU)
    out = capsys.readouterr().out
    assert "not run   the 1 Verilog reference(s) under verilator: verilator not found: apt-get install verilator" in out
    assert "; 1 of 2 reference runs pass, 1 not run on this machine;" in out
