"""`hpccoder suite validate`: every problem.yaml against its schema, every reference kernel through the harness,
every prompt's signature against its driver, and, in a checkout of the repository, every known wrong solution
(tests/suite/cpp_wrong, tests/suite/verilog_wrong), which must fail: a driver that never compares passes a
wrong reference as readily as a right one."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from hpccoder import paths
from hpccoder.errors import HpcError, Interrupted
from hpccoder.harness import toolchains
from hpccoder.harness.evaluate import EvalOptions, evaluate
from hpccoder.samples import JsonlAppender, Sample, read_jsonl
from hpccoder.suite.problem import Suite, Task


def _file_models() -> dict[str, str]:
    """A wrong solution's file name (without `__<what>` and suffix) -> its execution model: the name of the model's
    reference kernel file (`mpi_omp.cpp` -> mpi+omp), so that a new execution model needs no entry here."""
    return {Path(toolchains.get(m).ref_file).stem: m for m in toolchains.names()
            if m != "verilog" and toolchains.get(m).ref_file}


FILE_MODEL = _file_models()
# a wrong solution is written as its model's reference is (.cpp, .cu)
WRONG_SUFFIXES = tuple(sorted({Path(toolchains.get(m).ref_file).suffix for m in FILE_MODEL.values()}))
VOID = re.compile(r"\s*(?:(?:static|inline|extern|__global__)\s+)*void\s")


def wrong_solutions(tasks: list[Task]) -> dict[Path, Task]:
    """The repository's wrong solutions of these tasks: cpp_wrong/<category>/<NN_name>/<model>.cpp (.cu) and
    verilog_wrong/<category>/<NN_name>.sv under tests/suite/ (none outside a checkout); more than one of a task
    as <model>__<what>.cpp, <NN_name>__<what>.sv."""
    by_id = {t.id: t for t in tasks}
    root = paths.project_root() / "tests" / "suite"
    found = {}
    for path in sorted((root / "cpp_wrong").glob("*/*/*")):
        model = path.stem.split("__")[0]
        if path.suffix in WRONG_SUFFIXES and model in FILE_MODEL:
            tid = f"cpp/{path.parent.parent.name}/{path.parent.name}/{FILE_MODEL[model]}"
            if tid in by_id:
                found[path] = by_id[tid]
    for path in sorted((root / "verilog_wrong").glob("*/*.sv")):
        tid = f"verilog/{path.parent.name}/{path.stem.split('__')[0]}/verilog"
        if tid in by_id:
            found[path] = by_id[tid]
    return found


def signature_errors(tasks: list[Task], opts: EvalOptions, work: Path) -> list[str]:
    """Each C++ task's completion prompt, finished with a body that does nothing, linked with the driver: a prompt
    whose signature is not the one the driver calls makes every faithful sample a build_error. Models that show
    the same signature are linked once (with the first of them); cuda needs nvcc."""
    from hpccoder.harness.build import Builder
    from hpccoder.harness.sandbox import Sandbox
    from hpccoder.suite.prompts import assemble

    probes: dict[tuple[str, str, str], Task] = {}
    for task in tasks:
        if task.model != "verilog" and not toolchains.get(task.model).missing():
            family = "cuda" if task.model == "cuda" else "host"
            probes.setdefault((task.problem.id, family, task.problem.signature(task.model)), task)
    if not probes:
        return []
    builder = Builder(Sandbox(limits=opts.limits, unsafe=opts.unsafe), work, timeout=opts.build_timeout,
                      cache=opts.cache)

    def probe(task: Task) -> str | None:
        toolchain = toolchains.get(task.model)
        body = "}\n" if VOID.match(task.problem.signature(task.model)) else "    return {};\n}\n"
        folder = Path(tempfile.mkdtemp(prefix="signature-", dir=work))
        (folder / "candidate.cpp").write_text(assemble(task, body))
        objects = {"driver.o": builder.driver_object(task.problem, task.model),
                   "reference.o": builder.reference_object(task.problem)}
        if toolchain.links_reference:
            objects["model_reference.o"] = builder.model_reference_object(task.problem, task.model)
        for name, obj in objects.items():
            (folder / name).symlink_to(obj)
        # our own prompt and a body of one statement: built outside the sandbox, which is for samples
        cmds = [toolchain.compile_cmd("candidate.cpp", "candidate.o"),
                toolchain.link_cmd([*objects, "candidate.o"], "prog")]
        for cmd in cmds:
            done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=opts.build_timeout)
            if done.returncode:
                lines = (done.stdout + done.stderr).splitlines()  # the linker's own reason before collect2's summary
                first = next((ln for ln in lines if "undefined reference" in ln),
                             next((ln for ln in lines if "error" in ln), ""))
                return (f"{task.problem.path / 'problem.yaml'}: signature does not match the driver ({task.id}: "
                        f"its prompt with an empty body does not build: {first.strip()[:200]})")
        shutil.rmtree(folder, ignore_errors=True)
        return None

    with ThreadPoolExecutor(max_workers=opts.jobs or 2) as pool:
        try:
            return [e for e in pool.map(probe, probes.values()) if e]
        except HpcError as exc:  # the driver or reference itself does not build: the reference runs say so too
            return [str(exc)]


def validate(selector: str | None, opts: EvalOptions, out: Path | None = None,
             simulators: list[str] | None = None) -> int:
    """`simulators`: the Verilog references also run under these (by default every installed one)."""
    suite = Suite(lenient=True)
    broken = suite.schema_errors_by_problem()
    for errors in broken.values():
        for err in errors:
            print(f"schema: {err}")
    if "" in broken:
        print("the suite's own manifest has errors; fix them before the references can be run")
        return 1
    if broken:  # the other problems are still checked: one being written does not hold up the rest
        print(f"{len(broken)} problem(s) with schema errors: their references are not run")
    tasks = suite.select(selector, skip=broken)
    if not tasks:  # evaluate would say that no sample can be evaluated, which hides why
        print("no task to run: the selected problems have schema errors")
        return 1
    try:
        return _validate(suite, broken, tasks, opts, out, simulators)
    except Interrupted:
        if out:
            raise  # evaluate's message: what is kept in --out, and that the same command resumes
        raise Interrupted("interrupted: nothing is kept (with --out DIR the results stay there, and the same command "
                          "resumes)") from None


def _validate(suite: Suite, broken: dict, tasks: list[Task], opts: EvalOptions, out: Path | None,
              simulators: list[str] | None) -> int:
    wrong = wrong_solutions(tasks)
    with tempfile.TemporaryDirectory(prefix="hpccoder-validate-") as tmp:
        # made 0700: the sandbox's uid builds the signature probes' drivers below it (a driver not in the build
        # cache, just edited, failed with "bwrap: Can't find source path ...: Permission denied")
        Path(tmp).chmod(0o755)
        out = Path(out) if out else Path(tmp)
        mismatched = signature_errors(tasks, opts, Path(tmp))
        for err in mismatched:
            print(f"FAIL      {err}")
        samples = out / "reference-samples.jsonl"
        samples.unlink(missing_ok=True)
        writer = JsonlAppender(samples)
        for task in tasks:
            writer.write(Sample(task.id, 0, task.reference_candidate(), model="reference").to_json())
        # the wrong solutions in the same batch (other sample indices), untimed where the references are not
        for i, (path, task) in enumerate(wrong.items(), start=1):
            writer.write(Sample(task.id, i, path.read_text(), model="wrong").to_json())
        writer.close()
        evaluate(samples, out, opts, suite)
        lines = list(read_jsonl(out / "results.jsonl"))
        results = {(r["task_id"], ""): r for r in lines if r["sample_index"] == 0}
        wrong_results = {r["sample_index"]: r for r in lines if r["sample_index"] > 0}
        checks = [(task, "") for task in tasks]
        verilog = [task for task in tasks if task.model == "verilog"]
        # by default every simulator: one not installed is said and counted as not run, not left out unsaid
        absent = [] if simulators is not None or not verilog else \
            [sim for sim in uninstalled_simulators() if sim != opts.simulator]
        for sim in (simulators if simulators is not None else installed_simulators()) if verilog else []:
            if sim == opts.simulator:
                continue
            sim_out = out / sim
            sim_out.mkdir(parents=True, exist_ok=True)
            writer = JsonlAppender(sim_out / "reference-samples.jsonl")
            for task in verilog:
                writer.write(Sample(task.id, 0, task.reference_candidate(), model="reference").to_json())
            writer.close()
            evaluate(sim_out / "reference-samples.jsonl", sim_out, replace(opts, simulator=sim), suite)
            results.update({(r["task_id"], f" ({sim})"): r for r in read_jsonl(sim_out / "results.jsonl")})
            checks += [(task, f" ({sim})") for task in verilog]
    failed = not_run = emulated = wrong_not_run = 0
    others = len(mismatched)  # failures that are not reference runs
    for i, (path, task) in enumerate(wrong.items(), start=1):
        r = wrong_results[i]
        where = path.relative_to(paths.project_root())
        if r["status"] == "pass":
            others += 1
            print(f"FAIL      {where} (a wrong solution of {task.id}) passes: the check does not see what is "
                  "wrong (its first line says what)")
        elif r["status"] == "build_error":  # it shows nothing of the check: stale (a signature changed since?)
            others += 1
            print(f"FAIL      {where} (a wrong solution of {task.id}) does not build, so it tests nothing: "
                  f"{r['message'][:200]}")
        elif r["status"] == "not_run":
            wrong_not_run += 1
            print(f"not run   {where}: {r['message']}")
    if (paths.project_root() / "tests" / "suite" / "cpp_wrong").is_dir():  # a checkout of the repository
        # of any of their models: one wrong solution shows that the problem's check can fail
        # not an imported suite's (ext/): its wrong solutions are not ours to keep under tests/suite/
        chosen = {t.problem.id: t.problem for t in tasks if not t.problem.id.startswith("ext/")}
        covered = {t.problem.id for t in wrong_solutions([t for p in chosen.values() for t in p.tasks()]).values()}
        without = sorted(set(chosen) - covered)
        if without:
            print(f"no wrong solution under tests/suite/ for {len(without)} selected problem(s), so no test that "
                  f"their check can fail: {', '.join(without[:10])}{' ...' if len(without) > 10 else ''}")
    for sim, why in absent:
        not_run += len(verilog)
        print(f"not run   the {len(verilog)} Verilog reference(s) under {sim}: {why}")
    runs = len(checks) + not_run  # the reference runs asked for, those a missing simulator could not make included
    for task, sim in checks:
        r = results[(task.id, sim)]
        if r.get("emulated") and r["status"] == "pass":  # cuda on the CPU emulator (--cuda-emulate): not a GPU run
            emulated += 1
            print(f"emulated  {task.id}: pass ({r['message']})")
            continue
        if r["status"] == "pass":
            continue
        if r["status"] == "not_run":
            not_run += 1
            print(f"not run   {task.id}{sim}: {r['message']}")
        else:
            failed += 1
            print(f"FAIL      {task.id}{sim}: {r['status']}: {r['message']}")
    print(f"{len(suite.problems) - len(suite.broken)} problems valid"
          + (f", {len(broken)} with schema errors" if broken else "")
          + f"; {runs - failed - not_run} of {runs} reference runs "
          f"pass" + (f" ({emulated} of them on the CPU emulator of CUDA, not a GPU)" if emulated else "")
          + (f", {not_run} not run on this machine" if not_run else "")
          + (f", {failed} FAIL" if failed else "")
          + (f"; {len(wrong) - wrong_not_run} of {len(wrong)} wrong solutions run" if wrong_not_run
             else f"; {len(wrong)} wrong solutions run" if wrong else "")
          + (f"; {others} other FAIL" if others else ""),
          file=sys.stdout)
    return 1 if failed or others or broken else 0


def uninstalled_simulators() -> list[tuple[str, str]]:
    """(name, what is missing and how to install it) of the simulators not installed here."""
    from hpccoder.harness.toolchains.verilog import SIMULATORS
    installed = installed_simulators()
    return [(name, f"{', '.join(t for t in sim.tools if not shutil.which(t))} not found: apt-get install {sim.package}")
            for name, sim in SIMULATORS.items() if name not in installed]


def installed_simulators() -> list[str]:
    from hpccoder.harness.toolchains.verilog import SIMULATORS
    return [name for name, sim in SIMULATORS.items() if all(shutil.which(t) for t in sim.tools)]
