"""Problems and tasks of the benchmark, loaded from evalsuite/."""

from __future__ import annotations

import fnmatch
import hashlib
import math
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jsonschema
import yaml

from hpccoder import paths
from hpccoder.errors import HpcError
from hpccoder.suite.schema import CPP_PROBLEM, SUITE, VERILOG_PROBLEM

VERILOG_TOP = "TopModule"  # the candidate's module; the reference is RefModule, the testbench tb
# a problem's folder: a selector token is a comma-separated glob, so `,`, `[`, `*` or `?` in a name would make the
# problem impossible to select alone (imported suites, ext/, are named by import-verilog, which keeps to [A-Za-z0-9_.-])
PROBLEM_NAME = re.compile(r"\d\d_[a-z0-9_]+")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


class DuplicateKey(yaml.YAMLError):
    pass


class UniqueKeyLoader(yaml.SafeLoader):
    """safe_load that refuses a key given twice in one mapping: plain YAML keeps the last one, so a `tolerance:`
    appended below the first would loosen the check unseen."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                if key in seen:
                    raise DuplicateKey(f"line {key_node.start_mark.line + 1}: duplicate key '{key}'")
                seen.add(key)
            except TypeError:  # an unhashable key: SafeLoader says so itself
                pass
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str):
    return yaml.load(text, Loader=UniqueKeyLoader)


def _strict(validator_class):
    """The schema's validator where `integer` is an int (JSON Schema takes 1.0: `version: 1.0` went into results as
    1.0, sizes as "1.0") and `number` a finite one (`minimum: 0` lets .nan through, and `rtol: .inf` passed every
    answer; a Verilog `timeout: .inf` crashed the run)."""
    def number(checker, value):
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    def integer(checker, value):
        return isinstance(value, int) and not isinstance(value, bool)

    checker = validator_class.TYPE_CHECKER.redefine_many({"number": number, "integer": integer})
    return jsonschema.validators.extend(validator_class, type_checker=checker)


StrictValidator = _strict(jsonschema.Draft202012Validator)


def _schema_message(err) -> str:
    value = err.instance
    if err.validator == "type" and isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a finite number"
    return err.message


@dataclass(frozen=True)
class Problem:
    id: str  # path below evalsuite/, e.g. cpp/dense_la/01_axpy
    path: Path
    spec: dict

    @property
    def language(self) -> str:
        # imported suites (ext/<suite>/<name>) say their language in problem.yaml
        return self.spec.get("language") or self.id.split("/", 1)[0]

    @property
    def category(self) -> str:
        return self.spec["category"]

    @property
    def name(self) -> str:
        return self.id.rsplit("/", 1)[-1]

    @property
    def version(self) -> int:
        return self.spec["version"]

    @property
    def models(self) -> list[str]:
        if self.language == "verilog":
            return ["verilog"]
        models = self.spec.get("models")
        # `models: serial` (a string) would list s, e, r, ...: only a list of names is one (the schema says so)
        return list(models) if isinstance(models, list) and all(isinstance(m, str) for m in models) else []

    @property
    def entry(self) -> str:
        return VERILOG_TOP if self.language == "verilog" else self.spec["entry"]

    def signature(self, model: str) -> str:
        if self.language == "verilog":
            return self.spec["interface"]
        if model == "cuda" and isinstance(self.spec.get("cuda"), dict):
            return self.spec["cuda"]["signature"]
        return self.spec.get("signatures", {}).get(model, self.spec["signature"])

    @property
    def ref_dir(self) -> Path:
        if self.id.startswith("ext/"):  # an imported suite keeps its references beside its problems
            return self.path
        return paths.kernels_ref_dir() / self.id

    def tasks(self) -> list["Task"]:
        return [Task(self, m) for m in self.models]

    @cached_property
    def sha256(self) -> str:
        """A fingerprint of everything that decides a sample's verdict: problem.yaml, the driver or testbench, the
        reference kernels, and the shared headers of evalsuite/cpp/common/ the problem's files include. Results
        and baselines carry it, so a problem edited without a new version (a looser tolerance, other sizes) does
        not keep the verdicts and times of its checks before."""
        files = {f"problem/{f.name}": f for f in sorted(self.path.iterdir()) if _decides(f)}
        if self.ref_dir != self.path and self.ref_dir.is_dir():
            files.update({f"ref/{f.name}": f for f in sorted(self.ref_dir.iterdir()) if _decides(f)})
        common = self.path.parents[2] / "cpp" / "common" if len(self.path.parents) > 2 else None
        todo = [f for f in files.values() if f.suffix in (".cpp", ".cu", ".hpp", ".cuh", ".h")]
        while common is not None and common.is_dir() and todo:  # the headers they include, and theirs
            for name in INCLUDE.findall(todo.pop().read_text(errors="replace")):
                header = common / name
                if f"common/{name}" not in files and header.is_file():
                    files[f"common/{name}"] = header
                    todo.append(header)
        digest = hashlib.sha256()
        for name in sorted(files):
            data = files[name].read_bytes().replace(b"\r\n", b"\n")  # a checkout with CRLF line ends: the same
            digest.update(f"{name}\0{len(data)}\0".encode() + data)
        return digest.hexdigest()


# the files of a problem's folders that decide a verdict, by their kind: not an editor's swap or backup file
# (.driver.cpp.swp, driver.cpp~, driver.cpp.orig), which would make every result of the problem stale
_SOURCE_SUFFIXES = {".yaml", ".yml", ".cpp", ".cc", ".cu", ".h", ".hpp", ".cuh", ".sv", ".v", ".svh", ".vh"}


def _decides(path: Path) -> bool:
    return path.is_file() and not path.name.startswith(".") and path.suffix in _SOURCE_SUFFIXES


@dataclass(frozen=True)
class Task:
    problem: Problem
    model: str

    @property
    def id(self) -> str:
        return f"{self.problem.id}/{self.model}"

    @property
    def category(self) -> str:
        return self.problem.category

    def reference_file(self) -> Path:
        from hpccoder.harness import toolchains
        return self.problem.ref_dir / toolchains.get(self.model).ref_file

    def reference_candidate(self) -> str:
        """The reference kernel as a sample of this task would give it."""
        from hpccoder.harness import toolchains
        return toolchains.get(self.model).reference_candidate(self.reference_file().read_text())


def split_task_id(task_id: str) -> tuple[str, str]:
    problem_id, _, model = task_id.rpartition("/")
    return problem_id, model


class Suite:
    def __init__(self, root: Path | None = None, lenient: bool = False):
        """lenient: a problem.yaml that is not YAML counts as a problem with no tasks and a schema
        error (`suite validate` runs the rest), instead of stopping everything."""
        self.root = root or paths.evalsuite_dir()
        self.lenient = lenient
        self.unreadable: dict[str, str] = {}
        self._warned = False  # about the problems with schema errors whose tasks are left out
        manifest = self.root / "suite.yaml"
        self._manifest_error = None
        try:
            raw = load_yaml(manifest.read_text()) if manifest.exists() else {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:  # said in one line, as a problem.yaml's is
            self._manifest_error = f"{manifest}: {_unreadable(exc)}"
            if not lenient:
                raise HpcError(f"{self._manifest_error}; fix it") from None
            raw = {}
        self._manifest_raw = raw  # what the schema check sees; a list or nothing reads as no version
        self.manifest = raw if isinstance(raw, dict) else {}

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", "0"))

    @cached_property
    def problems(self) -> dict[str, Problem]:
        found = {}
        for yml in sorted(self.root.glob("*/*/*/problem.yaml")):
            pid = yml.parent.relative_to(self.root).as_posix()
            try:
                spec = load_yaml(yml.read_text())
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                why = f"{yml}: {_unreadable(exc)}"
                if not self.lenient:
                    raise HpcError(f"{why}; fix it (`hpccoder suite validate` lists every error)") from None
                self.unreadable[pid] = why
                spec = {}
            if not isinstance(spec, dict):  # one line, not an error per missing key
                self.unreadable[pid] = (f"{yml}: " + ("empty" if spec is None else f"a YAML {type(spec).__name__}, "
                                        "not a mapping of keys (title: ..., version: ...)"))
                spec = {}
            found[pid] = Problem(pid, yml.parent, spec)
        return found

    @cached_property
    def misplaced(self) -> dict[str, str]:
        """problem.yaml files the loader never reads (not at <language>/<category>/<name>/problem.yaml): a problem
        put one folder too high or too deep would otherwise be missing from the suite without a word."""
        return {yml.parent.relative_to(self.root).as_posix():
                f"{yml}: not at <language>/<category>/<NN_name>/problem.yaml, so it is not loaded; move it"
                for yml in sorted(self.root.rglob("problem.yaml"))
                if len(yml.relative_to(self.root).parts) != 4}

    @cached_property
    def broken(self) -> dict[str, list[str]]:
        return {pid: errors for pid, errors in self.schema_errors_by_problem().items()
                if pid in self.problems}

    def tasks(self, skip=None) -> list[Task]:
        """Every task, but those of the problems in skip; by default those with schema errors, said once on stderr
        (one unfinished problem.yaml does not stop the tasks of the others)."""
        if skip is None:
            skip = self.broken
            for pid in sorted(skip) if not self._warned else ():
                print(f"warning: {skip[pid][0]}; its tasks are left out (`hpccoder suite validate` lists every "
                      "error)", file=sys.stderr)
            self._warned = True
        return [t for p in self.problems.values() if p.id not in skip and p.id not in self.unreadable
                for t in p.tasks()]

    def task(self, task_id: str) -> Task:
        problem_id, model = split_task_id(task_id)
        problem = self.problems.get(problem_id)
        if problem is not None and problem_id in self.broken:
            raise HpcError(f"task '{task_id}': {self.broken[problem_id][0]}")
        if problem is None or model not in problem.models:
            raise HpcError(f"unknown task '{task_id}'; `hpccoder suite list` shows the tasks")
        return Task(problem, model)

    def select(self, selector: str | None, skip=None) -> list[Task]:
        """Tasks matching a comma-separated list of task-id globs, execution models, categories or
        problem names (`omp`, `dense_la`, `cpp/*/01_axpy/mpi`, `cg`), but those of the problems in skip (by
        default those with schema errors)."""
        tasks = self.tasks(skip)
        if skip is None:
            skip = self.broken
        if selector is None:
            return tasks
        tokens = [s.strip() for s in selector.split(",") if s.strip()]
        if not tokens:  # `--tasks ''` or `--tasks ,`: a mistake (an empty variable?), not a wish for every task
            raise HpcError(f"the task selector '{selector}' names no task: give execution models, categories, "
                           "problem names or task-id globs, comma-separated, or leave --tasks out")
        chosen, everything = [], False
        for token in tokens:
            if token.lower() == "all":  # all, with anything else, is all (the others are still checked)
                everything = True
                continue
            hits = [t for t in tasks if token in _names(t) or fnmatch.fnmatchcase(t.id, token)
                    or fnmatch.fnmatchcase(t.problem.id, token)]
            if not hits:  # `OMP`, `Dense_LA`: the names are lower case, and a name or glob that matched went first
                hits = [t for t in tasks if token.lower() in (n.lower() for n in _names(t))]
            name = lambda pid: pid.rsplit("/", 1)[-1]  # noqa: E731
            if not hits and any(fnmatch.fnmatchcase(pid, token) or fnmatch.fnmatchcase(pid, token.rsplit("/", 1)[0])
                                or token.lower() in (name(pid).lower(), short_name(name(pid)).lower())
                                for pid in skip if pid):
                continue  # a problem left out (it has errors)
            if not hits:
                raise HpcError(f"no task matches '{token}'; `hpccoder suite list` shows the tasks")
            chosen += [t for t in hits if t not in chosen]
        return tasks if everything else chosen

    def schema_errors(self) -> list[str]:
        return [e for errors in self.schema_errors_by_problem().values() for e in errors]

    def schema_errors_by_problem(self) -> dict[str, list[str]]:
        """{problem id: its errors} for the problems with errors; "" holds the suite's own (suite.yaml)."""
        found: dict[str, list[str]] = {}
        try:
            if self._manifest_error:
                found[""] = [self._manifest_error]
            else:
                jsonschema.validate(self._manifest_raw, SUITE)
        except jsonschema.ValidationError as exc:
            found[""] = [f"{self.root / 'suite.yaml'}: {exc.message}"]
        for pid, why in self.misplaced.items():
            found[pid] = [why]
        for problem in self.problems.values():
            if problem.id in self.unreadable:
                found[problem.id] = [self.unreadable[problem.id]]
                continue
            errors = self._problem_errors(problem)
            if errors:
                found[problem.id] = errors
        return found

    def _problem_errors(self, problem: Problem) -> list[str]:
        errors = []
        where = problem.path / "problem.yaml"
        verilog = problem.language == "verilog"
        if not problem.id.startswith("ext/") and not PROBLEM_NAME.fullmatch(problem.name):
            errors.append(f"{problem.path}: the folder's name must be NN_name (two digits, `_`, then lower-case "
                          "letters, digits and `_`), so that --tasks can select it")
        validator = StrictValidator(VERILOG_PROBLEM if verilog else CPP_PROBLEM)
        for err in sorted(validator.iter_errors(problem.spec), key=lambda e: list(e.path)):
            loc = "/".join(map(str, err.path)) or "(top)"
            errors.append(f"{where}: {loc}: {_schema_message(err)}")
        if problem.spec.get("category") and problem.id.split("/")[1] != problem.spec["category"]:
            errors.append(f"{where}: category '{problem.spec['category']}' differs from its folder")
        if errors:  # the checks below read the spec as the schema describes it
            return errors
        if verilog:
            errors += verilog_errors(problem)
        elif not (problem.path / "driver.cpp").exists():
            errors.append(f"{problem.path}: no driver.cpp")
        if not verilog and "cuda" in (problem.spec.get("models") or []):
            from hpccoder.harness import toolchains
            errors += toolchains.get("cuda").interface_errors(problem)
        for task in problem.tasks() if verilog or isinstance(problem.spec.get("models"), list) else []:
            try:
                ref = task.reference_file()
            except HpcError as exc:
                errors.append(f"{where}: {exc}")
                continue
            if not ref.exists():
                errors.append(f"{task.id}: no reference kernel {ref}")
        return errors


def _unreadable(exc: Exception) -> str:
    if isinstance(exc, DuplicateKey):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start}: {exc.object[exc.start:exc.start + 1]!r})"
    mark = getattr(exc, "problem_mark", None)  # where the parser stopped: the first line alone did not say
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"not valid YAML ({where}{what})"


def _names(task: Task) -> tuple[str, ...]:
    """What a task selector may name a task by, besides a glob over its id: its execution model, category, language,
    problem name (`02_cg`) and that name without its number (`cg`)."""
    name = task.problem.name
    return (task.model, task.category, task.problem.language, name, short_name(name))


def short_name(name: str) -> str:
    """`02_cg` -> `cg`, what a selector may also name a problem by; only our NN_name folders have a number to drop
    (an imported `Prob025_reduction` is not `reduction`, which would take it along with the C++ category)."""
    return name.split("_", 1)[1] if PROBLEM_NAME.fullmatch(name) else name


def verilog_errors(problem: Problem) -> list[str]:
    """What the schema cannot say of a Verilog problem: its testbench, and the interface and reference
    declaring the same module header."""
    errors = []
    if not (problem.path / "test.sv").exists():
        errors.append(f"{problem.path}: no test.sv")
    interface = problem.spec.get("interface")
    if isinstance(interface, str):
        if not re.match(rf"\s*module\s+{VERILOG_TOP}\b", interface) or not interface.rstrip().endswith(");"):
            errors.append(f"{problem.path / 'problem.yaml'}: interface must be `module {VERILOG_TOP} (...);`")
        ref = problem.ref_dir / "ref.sv"
        if ref.exists() and _ports(ref.read_text(), "RefModule") != _ports(interface, VERILOG_TOP):
            errors.append(f"{ref}: the ports of RefModule differ from the interface in problem.yaml"
                          + _first_difference(_ports(ref.read_text(), "RefModule", " "),
                                              _ports(interface, VERILOG_TOP, " ")))
    return errors


def _first_difference(ref: str | None, interface: str | None) -> str:
    """Where two headers of _ports first differ, item by item (a port, a parameter): which one, not only that."""
    if ref is None:
        return " (no `module RefModule` header found)"
    a, b = [x.strip() for x in re.split(r"[,;]", ref)], [x.strip() for x in re.split(r"[,;]", interface or "")]
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x.replace(" ", "") != y.replace(" ", "")),
             min(len(a), len(b)))
    show = lambda items: f"`{items[i]}`" if i < len(items) else "nothing"  # noqa: E731
    return f": {show(a)} in ref.sv where the interface has {show(b)}"


def _ports(text: str, module: str, space: str = "") -> str | None:
    """The header of `module` from its name to the `);` that closes it, comments dropped and whitespace replaced
    by `space` (none: what is compared)."""
    text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S)
    m = re.search(rf"\bmodule\s+{module}\b(.*?\)\s*;)", text, re.S)
    return re.sub(r"\s+", space, m.group(1)).strip() if m else None
