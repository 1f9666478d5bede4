"""`hpccoder suite import-verilog DIR`: an external Verilog suite in the VerilogEval layout, made
problems of ours so that samples are evaluated against it like against our own.

    hpccoder suite import-verilog path/to/dataset --name mybench
    hpccoder suite list --tasks 'ext/mybench/*'
    hpccoder evaluate --samples samples.jsonl --out runs/mybench   # task ids ext/mybench/<name>/verilog

DIR holds, per problem, `<name>_prompt.txt` (the specification), `<name>_ref.sv` (module
RefModule) and `<name>_test.sv` (a testbench that instantiates RefModule and TopModule and
prints `Mismatches: N in M samples`). Each becomes evalsuite/ext/<suite>/<name>/ with a
problem.yaml (the prompt as description; the interface is RefModule's header renamed
TopModule), test.sv and ref.sv: the same toolchain, simulators, statuses and synthesis as our
problems, and task ids of their own (`ext/<suite>/<name>/verilog`). evalsuite/ext/ is not
part of the repository: published benchmarks keep their own licences.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hpccoder import paths
from hpccoder.errors import HpcError

SUFFIXES = ("_prompt.txt", "_ref.sv", "_test.sv")
HEADER = re.compile(r"\bmodule\s+RefModule\b.*?\)\s*;", re.S)
COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_.") or "suite"


def interface_of(ref_source: str) -> str | None:
    """RefModule's header (from `module` to the `);` that closes its ports) renamed TopModule."""
    m = HEADER.search(COMMENTS.sub(lambda c: " " * len(c.group()), ref_source))
    if not m:
        return None
    header = ref_source[m.start():m.end()]
    return re.sub(r"\bRefModule\b", "TopModule", header, count=1).strip() + "\n"


def testbench_top(test_source: str) -> str:
    """The testbench's top module: `tb` where there is one, else the module no other module instantiates."""
    code = COMMENTS.sub(" ", test_source)
    declared = re.findall(r"^\s*module\s+([A-Za-z_]\w*)", code, re.M)
    if "tb" in declared or not declared:
        return "tb"
    used = {m for m in declared if re.search(rf"^\s*{m}\s+(#\s*\(.*?\)\s*)?[A-Za-z_]\w*\s*\(", code, re.M | re.S)}
    return next((m for m in declared if m not in used), declared[-1])


def description_of(prompt: str) -> str:
    """The prompt without a trailing TopModule header (the template shows the interface itself)."""
    m = re.search(r"\bmodule\s+TopModule\b.*?\)\s*;\s*\Z", prompt, re.S)
    text = prompt[:m.start()] if m else prompt
    return text.strip() + "\n" if text.strip() else "Implement the module TopModule.\n"


def import_verilog(src: Path, name: str | None = None, out_root: Path | None = None,
                   overwrite: bool = False) -> tuple[Path, list[str]]:
    """Write the problems of `src` under `out_root/<suite>/` (default evalsuite/ext); returns the
    suite folder and the imported problem names."""
    import yaml

    class Dumper(yaml.SafeDumper):  # multi-line text as literal blocks: problem.yaml stays readable
        pass

    Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s,
                                                                style="|" if "\n" in s else None))
    src = Path(src)
    if not src.is_dir():
        raise HpcError(f"{src} is not a directory: give the folder holding <name>_prompt.txt, <name>_ref.sv "
                       "and <name>_test.sv files")
    suite = _safe(name or src.resolve().name)
    out = Path(out_root or paths.evalsuite_dir() / "ext") / suite
    # a problem is named by any of its three files: a _ref.sv and _test.sv whose prompt is missing is not left out unsaid
    names = sorted({p.name[:-len(s)] for s in SUFFIXES for p in src.glob(f"*{s}") if len(p.name) > len(s)})
    if not names:
        raise HpcError(f"no <name>_prompt.txt in {src}: is it a suite in the VerilogEval layout?")
    incomplete = {n: [s for s in SUFFIXES if not (src / f"{n}{s}").is_file()] for n in names}
    incomplete = {n: missing for n, missing in incomplete.items() if missing}
    if incomplete:
        raise HpcError(f"{src}: " + "; ".join(f"{n} lacks {' and '.join(n + s for s in missing)}"
                                              for n, missing in list(incomplete.items())[:5])
                       + (f"; and {len(incomplete) - 5} more" if len(incomplete) > 5 else "")
                       + ": every problem needs <name>_prompt.txt, <name>_ref.sv and <name>_test.sv")
    clashes: dict[str, list[str]] = {}
    for n in names:
        clashes.setdefault(_safe(n), []).append(n)
    clashes = {safe: originals for safe, originals in clashes.items() if len(originals) > 1}
    if clashes:  # one folder per problem: all but one of them would be lost, unsaid
        raise HpcError(f"{src}: problem names that become the same folder name: "
                       + "; ".join(f"{', '.join(repr(n) for n in originals)} -> {safe}"
                                   for safe, originals in sorted(clashes.items())[:5])
                       + ": rename all but one of each")
    taken = _selector_words(out)
    reserved = sorted(w for w in {suite, *map(_safe, names)} if w.lower() in taken)
    if reserved:  # `--name omp`: `--tasks omp` would take every imported problem along with the omp tasks
        raise HpcError(f"{src}: {', '.join(repr(w) for w in reserved[:5])} already select(s) tasks of the suite "
                       "(an execution model, language, category or problem name): "
                       + ("import under another --name" if suite in reserved else "rename the problem(s)"))
    if out.exists() and not overwrite:
        raise HpcError(f"{out} exists: pass --overwrite to import again, or --name to import under another name")
    bad = []
    problems = {}
    for n in names:
        ref = (src / f"{n}_ref.sv").read_text(errors="replace")
        interface = interface_of(ref)
        if interface is None:
            bad.append(n)
            continue
        test = (src / f"{n}_test.sv").read_text(errors="replace")
        spec = {
            "title": n, "version": "1.0", "category": suite, "language": "verilog",
            "description": description_of((src / f"{n}_prompt.txt").read_text(errors="replace")),
            "interface": interface, "source": str((src / n).resolve()),
        }
        top = testbench_top(test)
        if top != "tb":
            spec["testbench_top"] = top
        problems[_safe(n)] = (spec, test, ref)
    if bad:
        raise HpcError(f"{src}: no `module RefModule (...);` in {', '.join(f'{n}_ref.sv' for n in bad[:5])}")
    shutil.rmtree(out, ignore_errors=True)
    for pname, (spec, test, ref) in problems.items():
        folder = out / pname
        folder.mkdir(parents=True)
        (folder / "problem.yaml").write_text(yaml.dump(spec, Dumper=Dumper, sort_keys=False, allow_unicode=True))
        (folder / "test.sv").write_text(test)
        (folder / "ref.sv").write_text(ref)
    return out, list(problems)


def _selector_words(out: Path) -> set[str]:
    """The words --tasks selects tasks by, besides this suite's own (`all`, execution models, languages, categories,
    problem names): a suite or problem named so would be taken along with them. A word in any case (selectors are
    not case-sensitive), as lower case; a name is refused if its lower case is one of them."""
    from hpccoder.harness import toolchains
    from hpccoder.suite.problem import Suite, _names

    words = {"all", "ext", "cpp", "verilog", *toolchains.names()}
    root = out.parent.parent  # evalsuite/ of evalsuite/ext/<suite>
    if (root / "suite.yaml").is_file():  # a suite's folder, not any folder --out names
        suite = Suite(root, lenient=True)
        mine = f"ext/{out.name}/"
        words |= {w for t in suite.tasks(skip={}) if not t.problem.id.startswith(mine) for w in _names(t)}
    return {w.lower() for w in words}


def cmd_import_verilog(args) -> int:
    out, names = import_verilog(Path(args.dir), args.name, Path(args.out) if args.out else None, args.overwrite)
    suite = out.name
    print(f"imported {len(names)} problem{'' if len(names) == 1 else 's'} into {out}")
    if out.parent.resolve() != (paths.evalsuite_dir() / "ext").resolve():  # --out elsewhere: no task of the suite
        print(f"the harness reads problems from {paths.evalsuite_dir() / 'ext'} only: move {out} there (or point "
              "HPCCODER_ROOT at a checkout that holds it) to list, validate and evaluate it")
        return 0
    print(f"tasks: ext/{suite}/<name>/verilog; check the references with "
          f"`hpccoder suite validate --tasks 'ext/{suite}/*'`")
    return 0


def register(subparsers) -> None:
    """`suite import-verilog`, added to the `suite` verb of hpccoder/cli.py."""
    import argparse

    suite = subparsers.choices["suite"]
    actions = [a for a in suite._actions if isinstance(a, argparse._SubParsersAction)]
    q = actions[0].add_parser("import-verilog", help="import a Verilog suite in the VerilogEval layout")
    q.add_argument("dir", help="folder of <name>_prompt.txt, <name>_ref.sv and <name>_test.sv files")
    q.add_argument("--name", help="the suite's name in task ids ext/<name>/... (default: the folder's name)")
    q.add_argument("--out", help="where the suite folder goes (default evalsuite/ext; the harness reads "
                                 "problems from evalsuite/ only)")
    q.add_argument("--overwrite", action="store_true", help="replace a suite imported before under that name")
    q.set_defaults(func=cmd_import_verilog)
