"""The sandbox every build and run of generated code goes through.

This is meant to be a security boundary for the machine running the harness, not only a
guard against accidents. It is built from bubblewrap (`bwrap --unshare-all
--die-with-parent`): a new user, PID, network, IPC and mount namespace; the system
mounted read-only; no home directory; a private /tmp; the sample's own directory as the
only writable place. Run as root, the harness also drops to an unprivileged uid per
sandbox slot so that the process-count limit (RLIMIT_NPROC) applies. Resource limits
(address space, CPU time, file size, processes, open files) are set per process, the
wall clock by the caller, output is capped, and at the end the whole PID namespace is
torn down by killing bwrap — Open MPI ranks live in their own process groups, so killing
a process group would not be enough.

It is not a boundary against a candidate that attacks the driver it is linked with
(the candidate runs in the driver's address space and could forge its report): that is
what the static checks of the toolchains and the tests of adversarial samples are for.
"""

from __future__ import annotations

import os
import queue
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from hpccoder import stopping
from hpccoder.errors import SandboxUnavailable
from hpccoder.harness import cgroups

PROTOCOL_PREFIX = b"@@hpccoder "
SANDBOX_ROOT = "/sandbox"
UID_BASE = 61000


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 8192  # each process's address space; where cgroups can be made, the whole sandbox's memory
    # is capped at this times the processes it was started for (the ranks of an MPI run: sandbox.start)
    cpu_s: int = 600  # CPU seconds of each process
    fsize_mb: int = 256  # largest file a process may write
    nproc: int = 512  # processes and threads of the sandbox
    nofile: int = 1024
    tmp_mb: int = 512  # the private /tmp (RAM-backed)
    shm_mb: int = 256  # /dev/shm, where Open MPI puts its shared-memory segments
    scratch_mb: int = 256  # the working directory of a run (RAM-backed; builds use a host folder)
    output_kb: int = 64  # kept of stdout and of stderr
    protocol_lines: int = 64  # driver protocol lines kept (a sample may print fakes)


@dataclass
class Outcome:
    returncode: int | None
    stdout: str
    stderr: str
    timed_out: bool
    wall_s: float
    protocol: list[str] = field(default_factory=list)
    out_of_memory: bool = False  # the sandbox's cgroup hit its memory limit

    @property
    def signal_name(self) -> str | None:
        if self.returncode is not None and self.returncode < 0:
            try:
                return signal.Signals(-self.returncode).name
            except ValueError:
                return f"signal {-self.returncode}"
        # bwrap and mpirun report a child killed by signal N as 128 + N
        if self.returncode is not None and 128 < self.returncode < 160:
            try:
                return signal.Signals(self.returncode - 128).name
            except ValueError:
                return None
        return None


class _UidPool:
    """Distinct unprivileged uids for concurrent sandboxes of this process (root only)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._free: list[int] = []
        self._next = UID_BASE + (os.getpid() % 1000) * 64

    def acquire(self) -> int:
        with self._lock:
            if self._free:
                return self._free.pop()
            self._next += 1
            return self._next

    def release(self, uid: int) -> None:
        with self._lock:
            self._free.append(uid)


_uids = _UidPool()
_live: set[subprocess.Popen] = set()
_live_lock = threading.Lock()


def kill_all() -> None:
    """Kill every sandbox still running (used on Ctrl-C)."""
    with _live_lock:
        procs = list(_live)
    for proc in procs:
        _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # bwrap runs in a session of its own
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.kill()
    except ProcessLookupError:
        pass


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    # /etc for the compilers' and Open MPI's configuration, /sys for hwloc's topology
    args += ["--ro-bind", "/etc", "/etc", "--ro-bind", "/sys", "/sys"]
    return args


def _under_system_binds(path: str) -> bool:
    """Whether `path` is already inside the sandbox through _system_binds (bound with what lies below)."""
    real = os.path.realpath(path)
    return any(real == top or real.startswith(top + "/")
               for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/sys"))


def device_groups(devices: tuple[str, ...]) -> list[int]:
    """The groups the sandboxed uid must be in to open `devices` that others may not (a GPU's nodes
    are often 0660 root:video): only those, so nothing else of the host opens to it."""
    groups = set()
    for dev in devices:
        try:
            st = os.stat(dev)
        except OSError:
            continue
        if st.st_mode & 0o006 != 0o006 and st.st_mode & 0o060 == 0o060:
            groups.add(st.st_gid)
    return sorted(groups)


def sandbox_path() -> str:
    """PATH inside a sandbox: the standard folders, then the host's PATH folders that the sandbox
    shows too (CUDA's /usr/local/cuda/bin, say), so the tools found here are found there."""
    path = ["/usr/local/bin", "/usr/bin", "/bin"]
    for entry in os.environ.get("PATH", "").split(":"):
        if entry.startswith("/") and entry not in path and _under_system_binds(entry) and os.path.isdir(entry):
            path.append(entry)
    return ":".join(path)


def _count_processes(uid: int) -> int:
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                pass
    return count


class Sandbox:
    def __init__(self, limits: Limits | None = None, unsafe: bool = False, check: bool = True):
        self.limits = limits or Limits()
        self.unsafe = unsafe
        self.is_root = os.geteuid() == 0
        if check and not unsafe:
            ok, why = probe()
            if not ok:
                raise SandboxUnavailable(
                    f"cannot make a sandbox ({why}); install bubblewrap (apt-get install bubblewrap) "
                    "or pass --unsafe-no-sandbox to run generated code unconfined")

    # -- directories ---------------------------------------------------------------------
    def make_dir(self, path: Path) -> Path:
        """A directory the sandboxed uid may write, on a path it may traverse."""
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o777 if self.is_root else 0o755)
        return path

    # -- processes -----------------------------------------------------------------------
    def start(self, argv: list[str], workdir: Path | None = None, env: dict[str, str] | None = None,
              ro_binds: tuple[tuple[str, str], ...] = (), dev_binds: tuple[str, ...] = (),
              address_limit: bool = True, lib_dirs: tuple[str, ...] = (),
              watch: bytes = PROTOCOL_PREFIX, watch_mid_line: bool = False,
              processes: int = 1) -> "SandboxedProcess":
        """Start `argv` in a sandbox. Its working directory /sandbox is `workdir` (a host folder,
        writable: builds) or, when None, a fresh RAM-backed folder of `scratch_mb` (runs).
        `ro_binds` are (host path, path inside) pairs mounted read-only; `dev_binds` device nodes
        made usable inside (a GPU's); `address_limit=False` drops the address-space limit (the CUDA
        runtime reserves far more address space than it uses; the cgroup still limits memory);
        `lib_dirs` host folders of shared libraries the program needs (the NVIDIA driver's, where it
        lies outside the system folders): visible read-only at the same path and first on
        LD_LIBRARY_PATH; `watch` the start of the lines picked out of the whole of stdout, however
        long, as protocol lines (what follows it): the driver's, or a testbench's verdict
        (`watch_mid_line`: wherever it appears, so that text written before it on its line does
        not hide it); `processes` how many processes of the program's size it runs (an MPI run's ranks, each
        holding its own copy of the inputs): the cgroup's memory cap is `memory_mb` for each, so that the limit
        means the same, per process, where cgroups can be made and where only the address-space limit holds."""
        uid = _uids.acquire() if self.is_root else None
        limits = self.limits
        cgroup = cgroups.factory().create((limits.memory_mb << 20) * max(1, processes), limits.nproc)
        scratch = None
        full_env = {"PATH": sandbox_path(), "TMPDIR": "/tmp", "LANG": "C.UTF-8"}
        full_env.update(env or {})
        if lib_dirs:
            full_env["LD_LIBRARY_PATH"] = ":".join([*lib_dirs, *filter(None, [full_env.get("LD_LIBRARY_PATH")])])
        if self.unsafe:
            if workdir is None:  # no tmpfs to mount: a host folder with copies of the read-only files
                scratch = workdir = Path(tempfile.mkdtemp(prefix="hpccoder-unsafe-"))
                for src, dst in ro_binds:
                    shutil.copy2(src, workdir / Path(dst).relative_to(SANDBOX_ROOT))
            cmd, cwd = list(argv), str(workdir)
            full_env["HOME"] = str(workdir)
        else:
            # found on this process's PATH: the sandbox's own PATH shows only system folders, and a bwrap unpacked
            # elsewhere (a GPU node's image without it) would not be found through it
            cmd = [shutil.which("bwrap") or "bwrap", "--unshare-all", "--die-with-parent", "--new-session",
                   "--cap-drop", "ALL",
                   *_system_binds(), "--proc", "/proc", "--dev", "/dev",
                   "--size", str(limits.shm_mb << 20), "--tmpfs", "/dev/shm",
                   "--size", str(limits.tmp_mb << 20), "--tmpfs", "/tmp"]
            if workdir is None:
                cmd += ["--size", str(limits.scratch_mb << 20), "--tmpfs", SANDBOX_ROOT]
            else:
                cmd += ["--bind", str(workdir), SANDBOX_ROOT]
            for src, dst in ro_binds:
                cmd += ["--ro-bind", src, dst]
            for dev in dev_binds:
                cmd += ["--dev-bind", dev, dev]
            for lib in lib_dirs:
                if not _under_system_binds(lib):
                    cmd += ["--ro-bind", lib, lib]
            # the root and /dev are tmpfs that bwrap makes writable: freeze them once set up
            cmd += ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", SANDBOX_ROOT, "--", *argv]
            cwd = str(workdir) if workdir else None
            full_env["HOME"] = SANDBOX_ROOT
        if uid is not None and workdir is not None:
            os.chown(workdir, uid, uid)
        nproc = limits.nproc if self.is_root else _count_processes(os.getuid()) + limits.nproc
        procs_files = cgroup.procs_files() if cgroup else []
        groups = device_groups(dev_binds)

        def preexec():
            os.setsid()
            for path in procs_files:  # before dropping root: the cgroup files are root's
                with open(path, "w") as fh:
                    fh.write(str(os.getpid()))
            mem = limits.memory_mb << 20
            if address_limit:
                resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
            resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_s, limits.cpu_s))
            resource.setrlimit(resource.RLIMIT_FSIZE, (limits.fsize_mb << 20, limits.fsize_mb << 20))
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
            resource.setrlimit(resource.RLIMIT_NOFILE, (limits.nofile, limits.nofile))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            if uid is not None:
                os.setgroups(groups)  # none, or the groups that may open the devices given (a GPU's)
                os.setgid(uid)
                os.setuid(uid)

        try:
            proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    preexec_fn=preexec, close_fds=True)
        except BaseException:
            if uid is not None:
                _uids.release(uid)
            if cgroup:
                cgroup.remove()
            if scratch:
                shutil.rmtree(scratch, ignore_errors=True)
            raise
        with _live_lock:
            _live.add(proc)
        return SandboxedProcess(proc, uid, limits, cgroup, scratch, watch, watch_mid_line)

    def run(self, argv: list[str], workdir: Path | None, timeout: float, env: dict[str, str] | None = None,
            ro_binds: tuple[tuple[str, str], ...] = (), **options) -> Outcome:
        proc = self.start(argv, workdir, env, ro_binds, **options)
        return proc.finish(timeout)


class _Reader(threading.Thread):
    """Drains a pipe to the end, keeps its first `cap` bytes, and picks out of the whole stream (at
    most `max_lines` of) the lines that start with `prefix`, or with `mid_line` every occurrence of
    `prefix` anywhere: what follows it up to the end of its line (at most MAX_WATCHED bytes) is queued."""

    MAX_WATCHED = 1 << 16

    def __init__(self, pipe, cap: int, lines: queue.Queue | None, max_lines: int = 0,
                 prefix: bytes = PROTOCOL_PREFIX, mid_line: bool = False):
        super().__init__(daemon=True)
        self.pipe, self.cap, self.lines, self.max_lines = pipe, cap, lines, max_lines
        self.prefix, self.mid_line = prefix, mid_line
        self.kept = bytearray()
        self.total = 0
        self.queued = 0
        self._carry = b""  # the bytes not yet decided on
        self._before = b"\n"  # the byte before them

    def _queue(self, text: bytes) -> None:
        if self.queued < self.max_lines:
            self.queued += 1
            self.lines.put(text.decode("utf-8", "replace").strip())

    def _scan(self, chunk: bytes, final: bool = False) -> None:
        data, pos, keep = self._carry + chunk, 0, None
        n = len(self.prefix)
        while self.queued < self.max_lines:
            i = data.find(self.prefix, pos)
            if i < 0:
                break
            end = data.find(b"\n", i + n)
            if end < 0:
                if not final and len(data) - i < self.MAX_WATCHED:
                    keep = i  # wait for the rest of the line
                    break
                end = min(len(data), i + self.MAX_WATCHED)
            if self.mid_line or (data[i - 1:i] if i else self._before) == b"\n":
                self._queue(data[i + n:end])
            pos = i + n
        if keep is None:  # only a part of the prefix can still be pending
            keep = max(pos, len(data) - n + 1, 0)
        if keep:
            self._before = data[keep - 1:keep]
        self._carry = data[keep:]

    def run(self):
        try:
            while True:
                chunk = self.pipe.read1(1 << 16)
                if not chunk:
                    break
                self.total += len(chunk)
                if len(self.kept) < self.cap:
                    self.kept += chunk[: self.cap - len(self.kept)]
                if self.lines is not None:
                    self._scan(chunk)
            if self.lines is not None:
                self._scan(b"", final=True)
        except (OSError, ValueError):
            pass
        finally:
            if self.lines is not None:
                self.lines.put(None)  # end of stream

    def text(self) -> str:
        text = self.kept.decode("utf-8", "replace")
        if self.total > len(self.kept):
            text += f"\n[... {self.total - len(self.kept)} more bytes not kept]"
        return text


class SandboxedProcess:
    def __init__(self, proc: subprocess.Popen, uid: int | None, limits: Limits, cgroup=None,
                 scratch: Path | None = None, watch: bytes = PROTOCOL_PREFIX, watch_mid_line: bool = False):
        self.proc, self.uid, self.cgroup, self.scratch = proc, uid, cgroup, scratch
        self.started = time.monotonic()
        self.lines: queue.Queue = queue.Queue()
        self.protocol: list[str] = []
        self.timed_out = False
        self._eof = False
        self.out = _Reader(proc.stdout, limits.output_kb << 10, self.lines, limits.protocol_lines, watch,
                           watch_mid_line)
        self.err = _Reader(proc.stderr, limits.output_kb << 10, None)
        self.out.start()
        self.err.start()

    def next_line(self, timeout: float) -> str | None:
        """The next protocol line; None at end of output or when `timeout` passes (then killed)."""
        if self._eof:
            return None
        try:
            line = self.lines.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            self.timed_out = True
            self.kill()
            return None
        if line is None:
            self._eof = True
            return None
        self.protocol.append(line)
        return line

    def send(self, text: str) -> None:
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass

    def kill(self) -> None:
        _kill(self.proc)

    def finish(self, timeout: float) -> Outcome:
        """Wait at most `timeout` seconds more for the end, kill what is left, collect the outcome."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        deadline = time.monotonic() + timeout
        while self.next_line(deadline - time.monotonic()) is not None:
            pass
        try:
            self.proc.wait(timeout=max(deadline - time.monotonic(), 0.05))
        except subprocess.TimeoutExpired:
            self.timed_out = True
        self.kill()  # also takes down anything a sample left behind in its namespace
        self.proc.wait()
        self.out.join(5)
        self.err.join(5)
        with _live_lock:
            _live.discard(self.proc)
        if self.uid is not None:
            _uids.release(self.uid)
            self.uid = None
        oom = False
        if self.cgroup:
            oom = self.cgroup.out_of_memory()
            self.cgroup.remove()
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
        outcome = Outcome(returncode=None if self.timed_out else self.proc.returncode,
                          stdout=self.out.text(), stderr=self.err.text(), timed_out=self.timed_out,
                          wall_s=time.monotonic() - self.started, protocol=self.protocol, out_of_memory=oom)
        if stopping.died_of_the_stop(outcome.signal_name, outcome.timed_out):  # scancel: the whole job signalled
            raise stopping.Stopped
        return outcome


_probe_result: tuple[bool, str] | None = None


def probe() -> tuple[bool, str]:
    """Whether bubblewrap can make a sandbox here (checked once per process)."""
    global _probe_result
    if _probe_result is None:
        if not shutil.which("bwrap"):
            _probe_result = (False, "bwrap not found")
        else:
            sandbox = Sandbox(check=False)
            with tempfile.TemporaryDirectory(prefix="hpccoder-probe-") as tmp:
                work = sandbox.make_dir(Path(tmp) / "w")
                Path(tmp).chmod(0o755)
                try:
                    out = sandbox.run(["/bin/sh", "-c", "echo ok"], work, timeout=20)
                    ok = out.returncode == 0 and "ok" in out.stdout
                    _probe_result = (ok, "" if ok else f"bwrap failed: {out.stderr.strip()[:200]}")
                except OSError as exc:
                    _probe_result = (False, f"bwrap failed: {exc}")
    return _probe_result
