"""Building candidates: the driver and the serial reference once per problem, the candidate per sample.

A program is `candidate.o + driver.o + reference.o`. The driver object (per problem and
execution model) and the reference object (the serial kernel, its entry renamed
`<entry>__hpcref`) are compiled once and cached on disk by the hash of what went into
them; only the candidate is compiled per sample. All compilation runs in the sandbox.
"""

from __future__ import annotations

import functools
import hashlib
import re
import shlex
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hpccoder import paths
from hpccoder.errors import HpcError
from hpccoder.harness import toolchains
from hpccoder.harness.sandbox import Sandbox
from hpccoder.suite import Problem, Task

LOG_CAP = 8000
REF_SUFFIX = "__hpcref"


@dataclass
class BuildResult:
    ok: bool
    binary: Path | None = None
    log: str = ""
    seconds: float = 0.0
    rejected: str | None = None  # why the candidate does not count (built, but not accepted)
    timed_out: bool = False
    object_sha256: str = ""  # of the candidate's object file


@dataclass
class _Step:
    ok: bool
    log: str
    timed_out: bool = False
    outputs: dict[str, Path] = field(default_factory=dict)
    work: Path | None = None


def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _global_symbols(obj: Path, dynamic: bool = False) -> tuple[frozenset[str], dict[str, str]]:
    """(the symbols an object needs, the global symbols it defines -> their nm type: T, W, D, B, ...), from
    one `nm -g` (`nm -D`, the dynamic table, with `dynamic`): a build asks several questions of each
    object, and nm costs tens of ms a call."""
    out = subprocess.run(["nm", "-D" if dynamic else "-g", str(obj)], capture_output=True, text=True)
    undefined, defined = set(), {}
    for parts in (line.split() for line in out.stdout.splitlines()):
        if len(parts) == 2:  # `U sym` (or `w sym`, a weak reference): no address
            undefined.add(parts[1])
        elif len(parts) == 3:
            defined[parts[2]] = parts[1]
    return frozenset(undefined), defined


def _defined_functions(obj: Path) -> set[str]:
    return {sym for sym, kind in _global_symbols(obj)[1].items() if kind in "TW"}


@functools.lru_cache(maxsize=512)
def _harness_symbols(obj: str) -> tuple[frozenset[str], dict[str, str]]:
    """`_global_symbols` of a driver or reference object: their file names carry the hash of what they were
    built from, so a name always holds the same symbols."""
    return _global_symbols(Path(obj))


def _exported(program: Path) -> set[str]:
    return set(_global_symbols(program, dynamic=True)[1])


def interposed(candidate: dict[str, str], entry_symbols: set[str], driver_uses: set[str],
               driver_weak: set[str]) -> list[str]:
    """The symbols by which a candidate would replace part of the harness rather than add to it: a function
    the driver or the reference calls (its timer: MPI_Wtime, steady_clock::now; exit, printf), or the strong
    definition of an inline function of the driver (hpc::compare), which the linker prefers to its own."""
    return sorted(sym for sym, kind in candidate.items() if sym not in entry_symbols and
                  (sym in driver_uses or (sym in driver_weak and kind not in "VWvwu")))


# the standard library's symbols: a driver may define one its candidate only refers to (an inline member
# of an `extern template` class that the compiler emitted in one object and not in the other)
_LIBRARY_PREFIXES = ("_ZNSt", "_ZNKSt", "_ZSt", "_ZNSs", "_ZNKSs", "_ZNSi", "_ZNSo", "_ZN9__gnu_cxx", "_ZNK9__gnu_cxx",
                     "_ZTVSt", "_ZTISt", "_ZTSSt", "_ZGVZNSt", "_ZZNSt", "_ZN10__cxxabiv1", "__")


def harness_internals(undefined: frozenset[str] | set[str], *harness_defs: dict[str, str]) -> list[str]:
    """The symbols a candidate refers to without defining them that the driver or the reference defines:
    its keyed output (hpc::emit, hpc::run_key()'s key), its hooks, the reference's helpers. A candidate
    that calls into the harness could print the driver's own lines."""
    return sorted(sym for sym in undefined if not sym.startswith(_LIBRARY_PREFIXES)
                  and any(sym in defs for defs in harness_defs))


# Threads and processes a candidate would start itself: work they do after the call returns is not timed
# (nor checked in time), and the parallelism of a task is its execution model's (OpenMP, MPI, CUDA); dlsym
# and dlopen would reach any of them by name. (A candidate can still make the system call itself: the
# sandbox holds what it starts, and kills all of it with the run.)
_SPAWNING = frozenset({"pthread_create", "thrd_create", "fork", "vfork", "clone", "clone3", "posix_spawn",
                       "posix_spawnp", "system", "popen", "execl", "execle", "execlp", "execv", "execve",
                       "execvp", "execvpe", "fexecve", "syscall", "dlopen", "dlmopen", "dlsym", "dlvsym",
                       "MPI_Comm_spawn", "MPI_Comm_spawn_multiple",
                       # a thread glibc starts for a notification (SIGEV_THREAD) runs the candidate's function
                       "timer_create", "mq_notify", "aio_read", "aio_read64", "aio_write", "aio_write64",
                       "aio_fsync", "aio_fsync64", "lio_listio", "lio_listio64", "getaddrinfo_a",
                       # a signal handler runs the candidate's code whenever the signal comes (a timer's, say),
                       # during the driver's checks or after the call (it did a cuda kernel's work on the host)
                       "signal", "sigaction", "__sysv_signal", "bsd_signal", "sigset", "sysv_signal", "setitimer",
                       "alarm", "ualarm", "timer_settime", "ssignal", "__sigaction", "sigvec", "signalfd",
                       # the same under glibc's own names, and what starts a process another way
                       "_Fork", "__fork", "__vfork", "__clone", "__clone2", "__clone3", "_IO_popen", "__libc_system",
                       "forkpty", "execveat", "pthread_atfork",
                       # a callback the driver's own work would call: the new_handler of an allocation made to
                       # fail (by lowering the address-space limit), a printf hook on the numbers it reports
                       "_ZSt15set_new_handlerPFvvE", "setrlimit", "setrlimit64", "prlimit", "prlimit64",
                       "__setrlimit", "register_printf_specifier", "register_printf_function",
                       "register_printf_modifier", "register_printf_type",
                       # OpenMP constructs that set their own thread limit past OMP_THREAD_LIMIT (teams, target
                       # falling back to the host)
                       "GOMP_teams", "GOMP_teams_reg", "GOMP_teams4", "GOMP_target", "GOMP_target_ext",
                       "omp_set_teams_thread_limit", "omp_set_num_teams"})
_SPAWNING_PREFIXES = ("_ZNSt6thread15_M_start_thread",)  # std::thread, std::jthread, std::async


# The driver keeps its tolerance on a read-only page, and makes its process not dumpable, which keeps
# /proc/self/mem (it writes through page protections) closed to the candidate (hpccoder_driver.hpp): these
# would undo either.
_PROTECTING = frozenset({"mprotect", "pkey_mprotect", "__mprotect", "prctl",
                         # a page mapped over the read-only one (or moved onto it, or unmapped and mapped again
                         # at its address) is writable; another process's memory, or this one's through ptrace
                         "mmap", "mmap64", "__mmap", "mremap", "munmap", "__munmap", "remap_file_pages", "shmat",
                         "process_vm_writev", "ptrace"})

# A system call made by the candidate's own instructions passes by every function named above.
_SYSCALL_INSTRUCTION = re.compile(r"^\s*[0-9a-f]+:\s+(syscall|sysenter|int\s+\$0x80|svc\s)", re.M)


def makes_system_calls(obj: Path) -> bool:
    """Whether the object's code holds a system-call instruction of its own (inline assembly)."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(obj)], capture_output=True, text=True)
    return bool(_SYSCALL_INSTRUCTION.search(out.stdout))


def calls(undefined: frozenset[str] | set[str], names: frozenset[str], prefixes: tuple[str, ...] = ()) -> list[str]:
    """The functions of `names` (or starting with one of `prefixes`) a candidate calls, without symbol versions."""
    return sorted(sym for sym in (s.split("@")[0] for s in undefined) if sym in names or sym.startswith(prefixes))


def runs_before_main_first(obj: Path) -> str | None:
    """What of a candidate's would run before the driver reads its run key at startup (the first entry of the
    program's .preinit_array): an entry of its own there, or an ifunc resolver, which the dynamic linker runs
    while it relocates the program. Either could read the key off stdin first (constructors run later)."""
    out = subprocess.run(["readelf", "-W", "-S", "-s", str(obj)], capture_output=True, text=True)
    for line in out.stdout.splitlines():
        words = line.replace("[ ", "[").split()
        if any(w.startswith(".preinit_array") or w == "PREINIT_ARRAY" for w in words):
            return "puts code in .preinit_array"
        if len(words) >= 8 and words[3] == "IFUNC":
            return f"defines an ifunc ({words[7]})"
    return None


def _readable(symbols: list[str]) -> list[str]:
    try:
        out = subprocess.run(["c++filt"], input="\n".join(symbols), capture_output=True, text=True, timeout=30)
        names = out.stdout.split("\n")[:len(symbols)]
        return names if len(names) == len(symbols) and all(names) else symbols
    except (OSError, subprocess.SubprocessError):
        return symbols


def _interposition_message(symbols: list[str]) -> str:
    return (f"defines {', '.join(symbols[:3])}{' ...' if len(symbols) > 3 else ''}, which the harness's driver or "
            "the system libraries define: write only the requested function and your own helpers")


def _cap(text: str) -> str:
    return text if len(text) <= LOG_CAP else text[:LOG_CAP] + f"\n[... {len(text) - LOG_CAP} more characters]"


def renamed_symbol(symbol: str, entry: str, suffix: str = REF_SUFFIX) -> str | None:
    """The Itanium-mangled (or plain C) `entry` symbol renamed to `entry__hpcref` (or another suffix)."""
    prefix = f"_Z{len(entry)}{entry}"
    if symbol.startswith(prefix):
        new = entry + suffix
        return f"_Z{len(new)}{new}" + symbol[len(prefix):]
    if symbol == entry:
        return entry + suffix
    return None


class Builder:
    def __init__(self, sandbox: Sandbox, workroot: Path, timeout: float = 120.0, cache: bool = True):
        self.sandbox = sandbox
        self.workroot = workroot
        self.timeout = timeout
        self.objects = paths.cache_dir() / "objects" if cache else workroot / "objects"
        self.objects.mkdir(parents=True, exist_ok=True)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def _lock(self, key: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(key, threading.Lock())

    def _sandboxed(self, inputs: dict[str, Path | str], cmds: list[list[str]], outputs: list[str]) -> _Step:
        """Run commands one after another in a fresh sandboxed directory holding `inputs`."""
        work = self.sandbox.make_dir(self.workroot / "build" / uuid.uuid4().hex[:12])
        for name, content in inputs.items():
            if isinstance(content, Path):
                shutil.copyfile(content, work / name)
            else:
                (work / name).write_text(content)
        script = " && ".join(shlex.join(cmd) for cmd in cmds)
        out = self.sandbox.run(["/bin/sh", "-c", script], work, timeout=self.timeout)
        log = (out.stdout + out.stderr).replace(str(work), ".")
        if out.timed_out:
            log += f"\n[build timed out after {self.timeout:.0f} s]"
        produced = {name: work / name for name in outputs if (work / name).exists()}
        ok = out.returncode == 0 and len(produced) == len(outputs)
        return _Step(ok, _cap(log), out.timed_out, produced, work)

    # -- the shared objects ---------------------------------------------------------------------------
    def cached_object(self, name: str, key: tuple[str, ...], inputs: Callable[[], dict[str, Path | str]],
                      cmd: list[str], output: str, failure: Callable[[str], str],
                      finish: Callable[[Path], None] | None = None) -> Path:
        """An object compiled once in the sandbox and kept in the cache as `<name>-<hash of key>.o` (the key
        holds everything that went into it). On a miss, `inputs()` gives the files, `cmd` compiles them to
        `output`, `finish(obj)` may edit it (rename symbols) before it is published; a build that fails raises
        HpcError(failure(log)). One thread builds a given object; the others wait for it."""
        digest = _sha(*key)
        target = self.objects / f"{name}-{digest[:24]}.o"
        with self._lock(digest):
            if not target.exists():
                step = self._sandboxed(inputs(), [cmd], [output])
                try:
                    if not step.ok:
                        raise HpcError(failure(step.log))
                    if finish is not None:
                        finish(step.outputs[output])
                    paths.publish(target, step.outputs[output])
                finally:
                    shutil.rmtree(step.work, ignore_errors=True)
        return target

    def driver_object(self, problem: Problem, model: str, cmd: list[str] | None = None,
                      versions: tuple[str, ...] | None = None, name: str = "driver") -> Path:
        """The problem's driver compiled for `model` (cached); `cmd`, `versions` and `name`: another build of it,
        cached apart (the race check's, with clang and TSan)."""
        toolchain = toolchains.get(model)
        headers = sorted(p for p in (paths.evalsuite_dir() / "cpp" / "common").iterdir() if p.is_file())
        driver = problem.path / "driver.cpp"
        cmd = cmd or toolchain.compile_cmd("driver.cpp", "driver.o", include=(".",), driver=True)
        versions = tuple(toolchain.versions().values()) if versions is None else versions
        return self.cached_object(
            name, (name, driver.read_text(), *(h.name + h.read_text() for h in headers), *cmd, *versions),
            lambda: {"driver.cpp": driver, **{h.name: h for h in headers}}, cmd, "driver.o",
            lambda log: f"the driver of {problem.id} does not build for {model}: {log.strip()[:500]}")

    def reference_object(self, problem: Problem, cmd: list[str] | None = None,
                         versions: tuple[str, ...] | None = None, name: str = "reference") -> Path:
        """The serial reference, its entry renamed `<entry>__hpcref` (cached); `cmd`, `versions`, `name`: as
        driver_object's."""
        serial = toolchains.get("serial")
        source = problem.ref_dir / serial.ref_file
        cmd = cmd or serial.compile_cmd("reference.cpp", "reference.o")
        versions = tuple(serial.versions().values()) if versions is None else versions

        def rename_entry(obj: Path) -> None:
            defs = _global_symbols(obj)[1]
            renames = [(s, renamed_symbol(s, problem.entry)) for s, kind in defs.items() if kind in "TW"]
            renames = [f"--redefine-sym={old}={new}" for old, new in renames if new]
            if not renames:
                raise HpcError(f"{source} does not define {problem.entry}")
            others = [s for s, kind in defs.items() if kind == "T" and renamed_symbol(s, problem.entry) is None]
            if others:
                raise HpcError(f"{source} defines global functions besides {problem.entry} "
                               f"({', '.join(others)}): make its helpers static")
            subprocess.run(["objcopy", *renames, str(obj)], check=True)

        return self.cached_object(
            name, (name, source.read_text(), *cmd, *versions, problem.entry), lambda: {"reference.cpp": source},
            cmd, "reference.o",
            lambda log: f"the serial reference of {problem.id} does not build: {log.strip()[:500]}", rename_entry)

    def model_reference_object(self, problem: Problem, model: str) -> Path:
        """The model's own reference kernel (cuda.cu), compiled like a candidate, every global symbol
        renamed so that it links beside the candidate: the entry to `<entry>__hpcref_<model>`."""
        toolchain = toolchains.get(model)
        suffix = f"{REF_SUFFIX}_{model.replace('+', '_')}" if model != "cuda" else f"{REF_SUFFIX}_gpu"
        source = problem.ref_dir / toolchain.ref_file
        cmd = toolchain.compile_cmd("reference.cpp", "reference.o")

        def rename_all(obj: Path) -> None:
            out = subprocess.run(["nm", "-g", "--defined-only", str(obj)], capture_output=True, text=True)
            renames = []
            for parts in (ln.split() for ln in out.stdout.splitlines()):
                if len(parts) == 3 and parts[1] in "TDBR":  # weak symbols (V, W) merge: leave them
                    new = renamed_symbol(parts[2], problem.entry, suffix) or parts[2] + suffix
                    renames.append(f"--redefine-sym={parts[2]}={new}")
            subprocess.run(["objcopy", *renames, str(obj)], check=True)

        return self.cached_object(
            f"reference-{model.replace('+', '_')}",
            ("model-reference", source.read_text(), *cmd, *toolchain.versions().values(), problem.entry),
            lambda: {"reference.cpp": toolchain.preamble() + source.read_text()}, cmd, "reference.o",
            lambda log: f"the {model} reference of {problem.id} does not build: {log.strip()[:500]}", rename_all)

    # -- one candidate ----------------------------------------------------------------------------------
    def build(self, task: Task, source: str) -> BuildResult:
        start = time.monotonic()
        toolchain = toolchains.get(task.model)
        driver = self.driver_object(task.problem, task.model)
        reference = self.reference_object(task.problem)
        compile_step = self._sandboxed({"candidate.cpp": source},
                                       [toolchain.compile_cmd("candidate.cpp", "candidate.o")], ["candidate.o"])
        if not compile_step.ok:
            return BuildResult(False, log=compile_step.log, seconds=time.monotonic() - start,
                               timed_out=compile_step.timed_out)
        obj = compile_step.outputs["candidate.o"]
        object_sha256 = hashlib.sha256(obj.read_bytes()).hexdigest()
        undefined, candidate_defs = _global_symbols(obj)
        defined = {sym for sym, kind in candidate_defs.items() if kind in "TW"}
        rejected = None
        if "main" in defined:
            rejected = "defines main(): write only the requested function"
        elif any(REF_SUFFIX in s for s in undefined):
            rejected = "calls the harness's reference solution"
        driver_undefined, driver_defs = _harness_symbols(str(driver))
        if not rejected:
            used = harness_internals(undefined, driver_defs, _harness_symbols(str(reference))[1])
            if used:
                names = _readable(used[:3])
                rejected = (f"calls into the harness ({', '.join(names)}{' ...' if len(used) > 3 else ''}), "
                            "which runs and checks it: write only the requested function and your own helpers")
        if not rejected and (started := calls(undefined, _SPAWNING, _SPAWNING_PREFIXES)):
            names = [n.split("(")[0] for n in _readable(started[:3])]
            rejected = (f"starts threads, processes or signal handlers of its own ({', '.join(names)}): the work "
                        "must be done within the call, in parallel only through the execution model (OpenMP, MPI, "
                        "CUDA)")
        if not rejected and (unprotects := calls(undefined, _PROTECTING)):
            rejected = (f"maps or protects memory itself, or changes the process ({unprotects[0]}), which keeps "
                        "the driver's settings from being written over: write only the requested function")
        if not rejected and makes_system_calls(obj):
            rejected = ("makes system calls of its own (a syscall instruction in inline assembly), past the checks "
                        "of what it calls: write only the requested function")
        if not rejected and (early := runs_before_main_first(obj)):
            rejected = f"{early}, which runs before the driver starts: write only the requested function"
        if not rejected:
            rejected = toolchain.model_violation(undefined)
        entry_symbols = {s for s in driver_undefined if renamed_symbol(s, task.problem.entry)}
        if not rejected:
            replaced = interposed(candidate_defs, entry_symbols, driver_undefined | _harness_symbols(str(reference))[0],
                                  {s for s, kind in driver_defs.items() if kind in "VWvwu"})
            rejected = _interposition_message(replaced) if replaced else None
        if not rejected:
            rejected = toolchain.object_violation(obj, entry_symbols & defined)
        if rejected:  # compiled, but it does not count: no need to link
            shutil.rmtree(compile_step.work, ignore_errors=True)
            return BuildResult(True, log=compile_step.log, seconds=time.monotonic() - start, rejected=rejected,
                               object_sha256=object_sha256)
        # the driver first: of the inline functions both define, the linker keeps the first object's
        objects = {"driver.o": driver, "reference.o": reference, "candidate.o": obj}
        if toolchain.links_reference:
            objects["model_reference.o"] = self.model_reference_object(task.problem, task.model)
        link = self._sandboxed(objects, [toolchain.link_cmd(list(objects), "prog")], ["prog"])
        shutil.rmtree(compile_step.work, ignore_errors=True)
        log = _cap(compile_step.log + link.log)
        if link.ok:
            # a symbol the program exports to its shared libraries replaces theirs: clock_gettime under
            # libstdc++'s clocks, malloc, ...
            replaced = sorted((_exported(link.outputs["prog"]) & set(candidate_defs)) - entry_symbols)
            if replaced:
                shutil.rmtree(link.work, ignore_errors=True)
                return BuildResult(True, log=log, seconds=time.monotonic() - start,
                                   rejected=_interposition_message(replaced), object_sha256=object_sha256)
        return BuildResult(link.ok, binary=link.outputs.get("prog"), log=log, seconds=time.monotonic() - start,
                           timed_out=link.timed_out, object_sha256=object_sha256)


