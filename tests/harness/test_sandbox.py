"""Hostile samples through the real harness, and the Sandbox class on its own.

Every hostile sample (tests/harness/samples/hostile/*.cpp, a completion of
cpp/dense_la/01_axpy) is evaluated in one batch with the task's reference solution,
which must still pass. After each batch nothing may be left running: no process of a uid
the harness handed to a sandbox during the test (a watcher records them; root only) and
none whose command line carries the test's unique marker. Files the samples try to write
outside their working directory must not appear, a port they try to reach must never
accept a connection, and secrets they try to read must not show up anywhere.

Where the sandbox does not hold, the test stays, marked xfail(strict=True) with the
reason "sandbox bug: ...".
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

from hpctest import SAMPLES, needs_bwrap, needs_mpi
from hpccoder import paths
from hpccoder.harness import cgroups
from hpccoder.harness import sandbox as sandbox_mod
from hpccoder.harness.build import LOG_CAP
from hpccoder.harness.sandbox import SANDBOX_ROOT, UID_BASE, Limits, Sandbox

pytestmark = needs_bwrap

HOSTILE = SAMPLES / "hostile"
REPO = Path(__file__).resolve().parents[2]
TASK = "cpp/dense_la/01_axpy/serial"
MPI_TASK = "cpp/dense_la/01_axpy/mpi"
IS_ROOT = os.geteuid() == 0
# Small enough for the shared 2-core test machine; serial axpy runs in well under a second.
MIN_TIMEOUT = 5.0
SMALL = Limits(memory_mb=512)


# -- watching processes -------------------------------------------------------------------------------
def _processes():
    """(pid, {real, effective, saved, fs uid}, state, command line) of every process of the host."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status") as fh:
                status = fh.read()
            with open(f"/proc/{entry.name}/cmdline", "rb") as fh:
                cmdline = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        try:
            uids = {int(u) for u in fields["Uid"].split()}
            state = fields["State"].split()[0]
        except (KeyError, ValueError, IndexError):
            continue
        yield int(entry.name), uids, state, cmdline


class Tracker:
    """The uids the harness hands to sandboxes during a test, and a watcher of their processes."""

    def __init__(self, marker: str):
        self.marker = marker
        self.uids: set[int] = set()
        self.max_per_uid = 0  # most processes (zombies included) one sandbox uid had at once
        self.marker_seen: set[int] = set()  # pids whose command line carried the marker
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _ours(self, uids: set[int], cmdline: str, uids_now: frozenset[int]) -> bool:
        return bool(uids & uids_now) or self.marker in cmdline

    def _watch(self) -> None:
        while not self._stop.is_set():
            uids_now = frozenset(self.uids)
            per_uid: Counter[int] = Counter()
            for pid, uids, state, cmdline in _processes():
                for uid in uids & uids_now:
                    per_uid[uid] += 1
                    break
                if self.marker in cmdline:
                    self.marker_seen.add(pid)
            if per_uid:
                self.max_per_uid = max(self.max_per_uid, max(per_uid.values()))
            self._stop.wait(0.02)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def live(self) -> list[tuple[int, str, str]]:
        """Our processes that still run (zombies waiting for the host's init to reap them do not count)."""
        uids_now = frozenset(self.uids)
        return [(pid, state, cmdline[:200]) for pid, uids, state, cmdline in _processes()
                if state != "Z" and self._ours(uids, cmdline, uids_now)]

    def leftovers(self, grace: float = 5.0) -> list[tuple[int, str, str]]:
        """What is still running after `grace` seconds (a killed PID namespace dies asynchronously)."""
        deadline = time.monotonic() + grace
        while True:
            left = self.live()
            if not left or time.monotonic() > deadline:
                return left
            time.sleep(0.05)


@pytest.fixture
def tracker(monkeypatch):
    marker = f"hpccoder-hostile-{uuid.uuid4().hex[:16]}"
    t = Tracker(marker)
    original = sandbox_mod._uids.acquire

    def acquire() -> int:
        uid = original()
        t.uids.add(uid)
        return uid

    monkeypatch.setattr(sandbox_mod._uids, "acquire", acquire)
    t.start()
    yield t
    t.stop()
    for pid, _, _ in t.live():  # whatever a failed test left behind, so that it harms nothing else
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def assert_nothing_left(tracker: Tracker) -> None:
    left = tracker.leftovers()
    assert not left, f"processes left running after the sandbox ended: {left}"
    if IS_ROOT:
        assert tracker.uids and all(uid >= UID_BASE for uid in tracker.uids)


# -- samples and batches ---------------------------------------------------------------------------
def hostile(name: str, **subs) -> str:
    """A hostile sample's source with its @PLACEHOLDERS@ filled in."""
    text = (HOSTILE / f"{name}.cpp").read_text()
    subs.setdefault("RAW_SYSCALLS", (HOSTILE / "raw_syscalls.inc").read_text())
    for key, value in subs.items():
        text = text.replace(f"@{key}@", str(value))
    left = re.findall(r"@[A-Z_0-9]+@", text)
    assert not left, f"{name}.cpp: unfilled placeholders {left}"
    return text


def c_strings(items) -> str:
    return ", ".join(json.dumps(str(item)) for item in items)


@pytest.fixture
def run_batch(evaluate_samples, suite, tracker, tmp_path, monkeypatch):
    """run_batch([completion, ...], task=TASK, **EvalOptions overrides) -> (results, seconds).

    The task's reference solution goes first in the same batch and must pass; afterwards
    nothing of the batch may be left running. Some hostile samples make their system calls in inline
    assembly (raw_syscalls.inc), which the build rejects: here they are let through, to test the sandbox
    behind that check as a candidate that got around it (a system-call instruction found in the C library's
    code, say) would run.
    """
    monkeypatch.setattr("hpccoder.harness.build.makes_system_calls", lambda obj: False)

    def run(completions, task=TASK, **overrides):
        overrides = {"min_timeout": MIN_TIMEOUT, "limits": SMALL, **overrides}
        reference = suite.task(task).reference_file().read_text()
        start = time.monotonic()
        results = evaluate_samples([(task, reference)] + [(task, c) for c in completions], **overrides)
        seconds = time.monotonic() - start
        assert results[0].status == "pass", f"the reference failed next to hostile samples: {results[0]}"
        assert len(results) == len(completions) + 1
        assert_nothing_left(tracker)
        return results[1:], seconds

    return run


def stored_text(out: Path) -> str:
    """Everything the evaluation wrote to its output directory."""
    return "".join(p.read_text(errors="replace") for p in sorted(out.rglob("*")) if p.is_file())


@pytest.fixture
def host_dir():
    """A world-writable directory on the host that a process outside any sandbox could reach.

    Not under tmp_path: pytest's base directory is private to root, so the sandbox's uid
    could not reach it even without the sandbox, and the test would prove nothing.
    """
    path = Path(tempfile.mkdtemp(prefix="hpccoder-hostile-outside-", dir="/tmp"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


# -- hostile samples through the harness -----------------------------------------------------------
def test_fork_bomb(run_batch, tracker):
    nproc = 64
    [bomb], _ = run_batch([hostile("fork_bomb", MARKER=tracker.marker)], limits=Limits(memory_mb=512, nproc=nproc))
    assert bomb.status == "runtime_error", bomb
    assert "exited with code 17" in bomb.message and "hostile fork bomb" in bomb.message
    if IS_ROOT:  # only then does each sandbox have a uid of its own for RLIMIT_NPROC to count
        assert tracker.max_per_uid <= nproc, f"the bomb reached {tracker.max_per_uid} processes"
        assert tracker.max_per_uid >= nproc // 2, "the bomb never got going: the test proves nothing"


def test_memory_hog(run_batch):
    memory_mb = 256
    [hog], _ = run_batch([hostile("memory_hog")], limits=Limits(memory_mb=memory_mb))
    assert hog.status == "runtime_error", hog
    got = re.search(r"hostile memory hog: got (\d+) MB", hog.message)
    assert got, hog.message
    assert int(got.group(1)) <= memory_mb


@pytest.mark.skipif(not cgroups.factory().available(),
                    reason="no cgroups here: the memory limit is per process (RLIMIT_AS) only")
def test_memory_hog_in_child_processes(run_batch):
    memory_mb = 256
    [hog], _ = run_batch([hostile("memory_hog_children")], limits=Limits(memory_mb=memory_mb))
    assert hog.status == "runtime_error", hog
    held = re.search(r"hostile memory hog: held (\d+) MB", hog.message)
    assert held, hog.message
    assert int(held.group(1)) <= memory_mb


@needs_mpi
@pytest.mark.skipif(not cgroups.factory().available(),
                    reason="no cgroups here: the memory limit is per process (RLIMIT_AS) only")
def test_memory_limit_holds_each_rank_of_an_mpi_run(evaluate_code, suite):
    """Every rank of an MPI problem has its own copy of the inputs: the limit is per rank, not for all together
    (at the default 4096 MB, 4 ranks of the 40M-element AXPY need 1.9 GB on rank 0 and 1.0 GB on the others)."""
    memory_mb = 1024
    task = "cpp/dense_la/01_axpy/mpi"
    holder = suite.task(task).reference_file().read_text() + f"""
#include <cstdlib>
static volatile char *held = [] {{  // each rank touches 60% of the limit and keeps it
    const std::size_t each = {memory_mb * 6 // 10}ul << 20;
    volatile char *p = (volatile char *)std::malloc(each);
    for (std::size_t k = 0; p && k < each; k += 512) p[k] = (char)(k / 4096);
    return p;
}}();
"""
    r = evaluate_code(task, holder, limits=Limits(memory_mb=memory_mb))
    assert r.status == "pass", r


def test_memory_hog_in_tmpfs(run_batch):
    tmp_mb, cap_mb = 32, 128
    [hog], _ = run_batch([hostile("memory_hog_tmpfs", CAP_MB=cap_mb)],
                         limits=Limits(memory_mb=256, tmp_mb=tmp_mb, shm_mb=tmp_mb, fsize_mb=16))
    assert hog.status == "runtime_error", hog
    got = re.search(r"hostile tmpfs hog: tmp=(\d+) shm=(\d+) root=(\d+)", hog.message)
    assert got, hog.message
    tmp, shm, root = map(int, got.groups())
    assert tmp <= tmp_mb
    assert shm <= tmp_mb and root <= tmp_mb, \
        f"RAM-backed files beyond tmp_mb={tmp_mb}: /dev/shm took {shm} MB, / took {root} MB"
    assert root == 0, "the sandbox's root must be read-only"


@pytest.mark.slow
def test_infinite_loop(run_batch):
    [loop], seconds = run_batch([hostile("infinite_loop")])
    assert loop.status == "timeout", loop
    assert loop.runs and loop.runs[0].wall_s < MIN_TIMEOUT + 30  # cut off near its limit (loose: hosts stall)
    assert seconds < 90


def test_write_outside_workdir(run_batch, tracker, host_dir):
    in_repo = REPO / "tests" / "harness" / f".{tracker.marker}"
    in_repo.mkdir()
    in_repo.chmod(0o777)
    try:
        name = f"{tracker.marker}.txt"
        targets = [host_dir / name, in_repo / name, REPO / name, Path("/tmp") / name, Path.home() / name,
                   paths.cache_dir() / "objects" / name]
        [sample], _ = run_batch([hostile("write_outside", TARGETS=c_strings(targets), MARKER=tracker.marker)])
        written = [str(t) for t in targets if t.exists()]
        assert not written, f"the sample wrote outside its working directory: {written}"
        assert not any(host_dir.iterdir()) and not any(in_repo.iterdir())
        assert sample.status == "pass", sample  # the writes failed quietly; the answer is right
    finally:
        shutil.rmtree(in_repo, ignore_errors=True)
        for target in (REPO / f"{tracker.marker}.txt", Path("/tmp") / f"{tracker.marker}.txt",
                       Path.home() / f"{tracker.marker}.txt"):
            target.unlink(missing_ok=True)


def test_network_connection(run_batch, tracker):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        [sample], _ = run_batch([hostile("network", PORT=port, MARKER=tracker.marker)])
        try:
            conn, peer = listener.accept()
        except BlockingIOError:
            conn = None
        if conn is not None:
            data = conn.recv(200)
            conn.close()
            pytest.fail(f"the sample connected to the host from {peer} and sent {data!r}")
        assert sample.status == "wrong_answer", sample  # it answers right only if it got through
    finally:
        listener.close()


def test_read_home_secret(run_batch, tracker, tmp_path, monkeypatch, capfd):
    secret = f"S3CRET{secrets.token_hex(16)}"
    name = f".hpccoder-test-secret-{secrets.token_hex(6)}"
    home_file = Path.home() / name
    # the same secret world-readable on the host, so that only the sandbox's mounts hide it
    # (the home directory of root is not readable by the sandbox's uid anyway)
    host_dir = Path(tempfile.mkdtemp(prefix="hpccoder-hostile-secret-", dir="/tmp"))
    host_dir.chmod(0o755)
    open_file = host_dir / "secret"
    env_name = "HPCCODER_TEST_SECRET"
    monkeypatch.setenv(env_name, secret)
    try:
        home_file.write_text(secret + "\n")
        open_file.write_text(secret + "\n")
        open_file.chmod(0o644)
        reader = hostile("read_home", SECRET_PATHS=c_strings([home_file, open_file]), SECRET_NAME=name,
                         SECRET_ENV=env_name)
        includer = hostile("read_home_include", SECRET_PATH_1=home_file, SECRET_PATH_2=open_file)
        [read, include], _ = run_batch([reader, includer])
    finally:
        home_file.unlink(missing_ok=True)
        shutil.rmtree(host_dir, ignore_errors=True)
    assert not home_file.exists()
    printed = capfd.readouterr()
    everything = stored_text(tmp_path / "out") + printed.out + printed.err
    assert secret not in everything, "the secret leaked into the results or the harness's output"
    assert read.status == "wrong_answer", read  # it answers right only if it found the secret
    assert include.status == "wrong_answer", include  # built without the secret, and wrong


@pytest.mark.slow
def test_flood_of_output(run_batch, tmp_path):
    flood = hostile("flood_output")
    [quiet_after, crash_after], seconds = run_batch([flood, "#define FLOOD_THEN_CRASH\n" + flood],
                                                    min_timeout=20.0)
    assert quiet_after.status == "pass", quiet_after
    assert crash_after.status == "runtime_error", crash_after
    assert len(crash_after.message) <= 500
    assert seconds < 120, "the harness got stuck on 200 MB of output"
    stored = tmp_path / "out" / "results.jsonl"
    assert stored.stat().st_size < 64 << 10, "the stored results are not capped"


def test_hostile_build(run_batch):
    spam = "\n".join(f'int spam{i} = "{"x" * 40}";' for i in range(3000))
    huge_log = spam + "\nvoid axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, " \
                      "std::vector<double> &z) {}\n"
    endless_include = '#include "/dev/zero"\n' + huge_log.split("\n")[-2] + "\n"
    [noisy, endless], seconds = run_batch([huge_log, endless_include], build_timeout=60.0)
    assert noisy.status == "build_error", noisy
    assert len(noisy.build_log) <= LOG_CAP + 100
    assert endless.status == "build_error", endless
    assert len(endless.build_log) <= LOG_CAP + 100
    assert seconds < 120


def test_setsid_daemon(run_batch, tracker, host_dir):
    daemon = hostile("setsid_daemon", MARKER=tracker.marker, OUTSIDE=host_dir)
    [sample], _ = run_batch([daemon])
    assert tracker.marker_seen, "the daemon never ran: the test proves nothing"
    assert sample.status == "pass", sample  # its answer is right; its daemons must be gone (run_batch)
    assert not any(host_dir.iterdir())
    time.sleep(0.5)  # anything still alive would keep writing
    assert not any(host_dir.iterdir())


@pytest.mark.slow
@needs_mpi
def test_setsid_daemon_under_mpi(run_batch, tracker, host_dir):
    daemon = hostile("setsid_daemon", MARKER=tracker.marker, OUTSIDE=host_dir)
    [sample], _ = run_batch([daemon], task=MPI_TASK, min_timeout=30.0, limits=Limits())
    assert tracker.marker_seen, "the daemons never ran: the test proves nothing"
    assert sample.status == "pass", sample
    assert not any(host_dir.iterdir())


# -- the Sandbox class on its own ------------------------------------------------------------------
@pytest.fixture
def box():
    return Sandbox(limits=Limits(memory_mb=256, nproc=64, output_kb=16))


@pytest.fixture
def workdir(box):
    # not under tmp_path: bwrap, run as the sandbox's uid, must be able to reach the directory
    root = Path(tempfile.mkdtemp(prefix="hpccoder-sandbox-test-", dir="/tmp"))
    root.chmod(0o755)
    yield box.make_dir(root / "work")
    shutil.rmtree(root, ignore_errors=True)


def sh(box: Sandbox, workdir: Path, script: str, timeout: float = 20.0, **kw):
    return box.run(["/bin/sh", "-c", script], workdir, timeout=timeout, **kw)


def test_bwrap_found_outside_the_system_folders_is_the_one_used(box, workdir, monkeypatch):
    """A GPU node's image may lack bubblewrap: `.ci/gpu` unpacks it beside the wheels and puts it first on PATH.
    The sandbox's own PATH shows only system folders, so bwrap must be looked up on this process's PATH."""
    real = shutil.which("bwrap")
    tools = Path(tempfile.mkdtemp(prefix="hpccoder-bwrap-elsewhere-", dir="/tmp"))
    try:
        (tools / "bin").mkdir()
        marker = tools / "used"
        marker.mkdir(mode=0o777)
        marker.chmod(0o777)  # the wrapper runs as the sandbox's uid
        wrapper = tools / "bin" / "bwrap"
        wrapper.write_text(f"#!/bin/sh\ntouch {marker}/yes\nexec {real} \"$@\"\n")
        wrapper.chmod(0o755)
        tools.chmod(0o755)
        monkeypatch.setenv("PATH", f"{tools / 'bin'}:{os.environ['PATH']}")
        out = sh(box, workdir, "echo inside")
        assert out.returncode == 0 and "inside" in out.stdout
        assert (marker / "yes").exists(), "the bwrap on PATH outside the system folders was not the one run"
    finally:
        shutil.rmtree(tools, ignore_errors=True)


def test_sandbox_runs_a_command(box, workdir, tracker):
    out = sh(box, workdir, "echo hello; echo oops >&2; exit 3")
    assert (out.returncode, out.stdout, out.stderr, out.timed_out) == (3, "hello\n", "oops\n", False)
    assert_nothing_left(tracker)


def test_sandbox_private_tmp(box, workdir, tracker):
    name = f"{tracker.marker}-tmp"
    out = sh(box, workdir, f"echo x > /tmp/{name} && cat /tmp/{name} && df -k /tmp | tail -1")
    assert out.returncode == 0 and out.stdout.startswith("x\n"), out
    assert f" {box.limits.tmp_mb << 10} " in out.stdout  # the size limit of the private /tmp
    assert not (Path("/tmp") / name).exists()
    again = sh(box, workdir, f"test ! -e /tmp/{name} && ls -A /tmp | wc -l")
    assert again.returncode == 0 and again.stdout.strip() == "0", "/tmp is shared between sandboxes"


def test_sandbox_hides_the_host(box, workdir, tracker):
    host_dir = Path(tempfile.mkdtemp(prefix="hpccoder-sandbox-secret-", dir="/tmp"))
    try:
        host_dir.chmod(0o755)
        secret = f"S3CRET{secrets.token_hex(16)}"
        (host_dir / "secret").write_text(secret)
        (host_dir / "secret").chmod(0o644)
        hidden = [host_dir / "secret", Path.home(), REPO, paths.cache_dir(), Path("/root"), Path("/home"),
                  workdir.parent]
        script = "; ".join(f"test -e {p} && echo visible: {p}" for p in hidden)
        out = sh(box, workdir, f"{script}; cat {host_dir}/secret; pwd; echo $HOME; true")
    finally:
        shutil.rmtree(host_dir, ignore_errors=True)
    assert "visible:" not in out.stdout, out.stdout
    assert secret not in out.stdout + out.stderr
    assert out.stdout.split()[-2:] == [SANDBOX_ROOT, SANDBOX_ROOT]


def test_sandbox_system_is_read_only(box, workdir):
    out = sh(box, workdir, "for d in /usr /usr/bin /etc /bin /lib /sys; do touch $d/hostile 2>/dev/null && "
                           "echo writable: $d; done; command -v g++ >/dev/null && echo has-g++")
    assert "writable:" not in out.stdout, out.stdout
    assert "has-g++" in out.stdout  # read-only, but there: the compilers must run
    assert not Path("/usr/hostile").exists() and not Path("/etc/hostile").exists()


def test_sandbox_workdir_is_writable(box, workdir):
    out = sh(box, workdir, "echo made-inside > result.txt && echo ok")
    assert out.returncode == 0, out
    made = workdir / "result.txt"
    assert made.read_text() == "made-inside\n"
    if IS_ROOT:
        assert made.stat().st_uid >= UID_BASE  # written by the unprivileged uid, not by root


HOLDERS_C = r"""
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv) {  /* argv[1] children each touch argv[2] MB and hold it; print how many live */
    int n = atoi(argv[1]);
    size_t each = (size_t)atoi(argv[2]) << 20;
    pid_t pids[8];
    for (int i = 0; i < n; ++i)
        if ((pids[i] = fork()) == 0) {
            volatile char *p = malloc(each);
            if (p) for (size_t k = 0; k < each; k += 512) p[k] = (char)(k / 4096 + i);
            for (;;) pause();
        }
    sleep(2);
    int alive = 0;
    for (int i = 0; i < n; ++i) alive += waitpid(pids[i], NULL, WNOHANG) == 0;
    printf("alive %d\n", alive);
    fflush(stdout);
    _exit(0);
}
"""


@pytest.mark.skipif(not cgroups.factory().available(),
                    reason="no cgroups here: the memory limit is per process (RLIMIT_AS) only")
def test_memory_limit_is_per_process_of_the_run(box, workdir):
    """--memory-mb means the same with and without cgroups: per process. A run started for 2 processes (an
    MPI run's ranks, each with its own copy of the inputs) may hold 2 x the limit, one started for 1 may not."""
    (workdir / "holders.c").write_text(HOLDERS_C)
    built = sh(box, workdir, "gcc -O0 -o holders holders.c")
    assert built.returncode == 0, built
    each = box.limits.memory_mb * 6 // 10  # under the limit per process, over it for two together
    two = box.run(["./holders", "2", str(each)], workdir, timeout=20, processes=2)
    one = box.run(["./holders", "2", str(each)], workdir, timeout=20)
    assert two.stdout.strip() == "alive 2", two
    assert one.stdout.strip() == "alive 1", one
    assert one.out_of_memory and not two.out_of_memory


def test_sandbox_is_unprivileged(box, workdir, tracker):
    proc = box.start(["/bin/sh", "-c", f"grep -E '^CapEff' /proc/self/status; echo '@@hpccoder up'; "
                                       f"exec sh -c 'sleep 1000' {tracker.marker}"], workdir)
    assert proc.next_line(10) == "up"
    deadline = time.monotonic() + 10
    seen = []
    while not seen and time.monotonic() < deadline:
        seen = [(pid, uids) for pid, uids, _, cmdline in _processes() if tracker.marker in cmdline]
        time.sleep(0.02)
    proc.kill()
    out = proc.finish(5)
    assert re.search(r"CapEff:\s*0+\n", out.stdout), out.stdout  # no capability, even in its namespace
    assert seen, "the sandboxed process was never seen"
    if IS_ROOT:  # seen from the host (bwrap included): the sandbox's own uid in every slot, never root
        for pid, uids in seen:
            assert len(uids) == 1 and min(uids) >= UID_BASE and uids <= tracker.uids, (pid, uids)
    assert_nothing_left(tracker)


def test_sandbox_clean_environment(box, workdir, monkeypatch):
    monkeypatch.setenv("HPCCODER_TEST_SECRET", "leaked")
    out = sh(box, workdir, "env", env={"GIVEN": "1"})
    names = {line.split("=", 1)[0] for line in out.stdout.splitlines() if "=" in line}
    assert "HPCCODER_TEST_SECRET" not in names and "leaked" not in out.stdout
    assert {"PATH", "HOME", "TMPDIR", "LANG", "GIVEN"} <= names


def test_sandbox_path_keeps_the_hosts_tool_folders_it_can_show(monkeypatch, tmp_path):
    """nvcc in /usr/local/cuda/bin (on the host's PATH, not a standard folder) is found in the sandbox
    too; folders the sandbox does not show (home, /opt, /tmp) are left out."""
    from hpccoder.harness.sandbox import sandbox_path

    monkeypatch.setenv("PATH", f"/usr/lib/x86_64-linux-gnu:{tmp_path}:/opt/nothing/bin:/usr/bin:relative/bin")
    assert sandbox_path() == "/usr/local/bin:/usr/bin:/bin:/usr/lib/x86_64-linux-gnu"


def test_sandbox_no_network(box, workdir, tracker):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        probe = ("import socket,sys\n"
                 "for host in ('127.0.0.1', 'localhost'):\n"
                 "    try:\n"
                 f"        socket.create_connection((host, {port}), timeout=2).sendall(b'{tracker.marker}')\n"
                 "        print('connected', host)\n"
                 "    except OSError as e: print('refused', host, e)\n")
        out = box.run(["/usr/bin/python3", "-c", probe], workdir, timeout=20) \
            if Path("/usr/bin/python3").exists() else None
        devices = sh(box, workdir, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '")
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()
    if out is not None:
        verdicts = [line.split()[0] for line in out.stdout.splitlines()]
        assert verdicts == ["refused", "refused"], out
    assert devices.stdout.split() == ["lo"]


def test_sandbox_caps_output(box, workdir):
    cap = box.limits.output_kb << 10
    out = sh(box, workdir, "head -c 10000000 /dev/zero | tr '\\0' a; head -c 10000000 /dev/zero | tr '\\0' b >&2")
    assert out.returncode == 0
    for text, char in ((out.stdout, "a"), (out.stderr, "b")):
        kept, _, note = text.partition("\n")
        assert kept == char * cap
        assert note == f"[... {10000000 - cap} more bytes not kept]"


def test_sandbox_protocol_lines(box, workdir):
    # protocol lines among other output, split over writes, after a long line with no
    # newline, at the very end without a newline; the prefix in mid-line does not count
    script = r"""
printf 'noise\n@@hpccoder first\nmore noise @@hpccoder not-at-line-start\n'
printf '@@hpcc'; sleep 0.2; printf 'oder second half\n'
head -c 300000 /dev/zero | tr '\0' z; printf '\n@@hpccoder after long line\n'
printf '  @@hpccoder indented\n'
printf '@@hpccoder last without newline'
"""
    out = sh(box, workdir, script)
    assert out.returncode == 0, out
    assert out.protocol == ["first", "second half", "after long line", "last without newline"]


def test_sandbox_watches_a_string_anywhere_in_the_whole_output(box, workdir):
    # far past what is kept of stdout, split over writes, after 300 KB on the same line, twice on a line
    script = r"""
head -c 200000 /dev/zero | tr '\0' '\n'
printf 'x VERD'; sleep 0.2; printf 'ICT: one\n'
head -c 300000 /dev/zero | tr '\0' z; printf 'VERDICT: two\nVERDICT: three VERDICT: four\n'
printf 'VERDICT: five'
"""
    proc = box.start(["/bin/sh", "-c", script], workdir, watch=b"VERDICT:", watch_mid_line=True)
    out = proc.finish(30)
    assert out.returncode == 0, out
    assert out.protocol == ["one", "two", "three VERDICT: four", "four", "five"]
    proc = box.start(["/bin/sh", "-c", script], workdir, watch=b"VERDICT:")  # at the start of a line only
    assert proc.finish(30).protocol == ["three VERDICT: four", "five"]


def test_sandbox_next_line_and_send(box, workdir):
    proc = box.start(["/bin/sh", "-c", "echo '@@hpccoder ready'; read line; echo \"@@hpccoder got $line\""],
                     workdir)
    assert proc.next_line(10) == "ready"
    proc.send("go\n")
    assert proc.next_line(10) == "got go"
    assert proc.next_line(10) is None  # end of output
    out = proc.finish(5)
    assert out.returncode == 0 and out.protocol == ["ready", "got go"]


def test_sandbox_caps_protocol_lines(box, workdir):
    cap = box.limits.output_kb << 10
    out = sh(box, workdir, "yes '@@hpccoder spam'", timeout=2)
    assert out.timed_out
    assert sum(len(line) + 1 for line in out.protocol) <= 2 * cap, f"{len(out.protocol)} protocol lines kept"


def test_sandbox_timeout_kills_everything(box, workdir, tracker):
    start = time.monotonic()
    out = sh(box, workdir, f"trap '' TERM HUP INT; sleep 1000 & setsid sh -c 'sleep 1000' {tracker.marker} & "
                           f"echo '@@hpccoder up'; exec sh -c 'while :; do :; done' {tracker.marker}", timeout=2)
    assert out.timed_out and out.returncode is None
    assert out.protocol == ["up"]  # it got as far as leaving its children behind
    assert time.monotonic() - start < 60  # cut off, not the 1000 s it asked for (loose: CI hosts stall)
    assert tracker.marker_seen
    assert_nothing_left(tracker)


def test_sandbox_kills_what_outlives_the_main_process(box, workdir, tracker):
    out = sh(box, workdir, f"setsid sh -c 'trap \"\" HUP TERM; sleep 1000' {tracker.marker} & "
                           f"nohup sh -c 'sleep 1000' {tracker.marker} >/dev/null 2>&1 & sleep 0.3; exit 0")
    assert out.returncode == 0 and not out.timed_out
    assert tracker.marker_seen
    assert_nothing_left(tracker)


def test_sandbox_kill_all(box, workdir, tracker):
    """Ctrl-C's kill_all ends a running sandbox at once. The bounds are loose (a loaded CI host once took 20 s
    to start a sandbox): the command would sleep 1000 s, so not timing out within 60 s is the kill's doing."""
    proc = box.start(["/bin/sh", "-c", f"exec sh -c 'sleep 1000' {tracker.marker}"], workdir)
    deadline = time.monotonic() + 60
    while not tracker.marker_seen and time.monotonic() < deadline:
        time.sleep(0.02)
    assert tracker.marker_seen, "the sandboxed command never started"
    sandbox_mod.kill_all()
    out = proc.finish(60)
    assert not out.timed_out, out
    assert out.signal_name == "SIGKILL"
    assert_nothing_left(tracker)


def test_a_run_killed_by_the_stop_of_the_harness_has_no_outcome(box, workdir, monkeypatch):
    """A batch system signals every process of the job: a run that dies of the SIGTERM that stops the harness
    too is the stop's, not the sample's; one that dies of SIGTERM alone (it killed itself) is judged as usual."""
    from hpccoder import stopping
    monkeypatch.setattr(stopping, "GRACE_S", 0.3)
    monkeypatch.setattr(stopping, "STOPPING", threading.Event())
    monkeypatch.setattr(stopping, "_installed", threading.Event())
    stopping.STOPPING.set()
    killed = sh(box, workdir, "kill -TERM $$; sleep 5")  # no handlers installed (a library's use): judged as usual
    assert killed.signal_name == "SIGTERM"
    stopping._installed.set()
    stopping.STOPPING.clear()
    alone = sh(box, workdir, "kill -TERM $$; sleep 5")
    assert alone.signal_name == "SIGTERM" and not alone.timed_out
    proc = box.start(["/bin/sh", "-c", "echo '@@hpccoder up'; exec sleep 1000"], workdir)
    assert proc.next_line(10) == "up"
    stopping.STOPPING.set()
    os.kill(proc.proc.pid, signal.SIGTERM)  # bwrap, as scancel signals it
    with pytest.raises(stopping.Stopped):
        proc.finish(10)


def test_sandbox_process_limit_and_uid_reuse(box, workdir, tracker):
    """A sandbox that fills its process limit does not stop the next one that gets its uid."""
    for _ in range(3):
        bomb = sh(box, workdir, "while :; do sleep 100 & done", timeout=5)
        assert "fork" in bomb.stderr.lower(), bomb  # "Cannot fork": the limit stopped it
        after = sh(box, workdir, "sleep 0.01 & wait; echo ok")
        assert after.returncode == 0 and after.stdout == "ok\n", after
    if IS_ROOT:
        assert tracker.max_per_uid <= box.limits.nproc
    assert_nothing_left(tracker)


def test_sandbox_shows_library_folders_outside_the_system_ones(box, workdir):
    """lib_dirs (the NVIDIA driver's folder, where a container keeps it outside /usr and /lib): seen
    read-only at the same path, first on LD_LIBRARY_PATH; folders already inside are not bound twice."""
    top = Path(tempfile.mkdtemp(prefix="hpccoder-driver-", dir="/tmp"))  # traversable, like /usr/local/nvidia
    try:
        libs = top / "lib64"
        libs.mkdir()
        (libs / "libcuda.so.1").write_text("not really")
        top.chmod(0o755)
        libs.chmod(0o755)
        (libs / "libcuda.so.1").chmod(0o644)
        out = sh(box, workdir, f"echo $LD_LIBRARY_PATH; cat {libs}/libcuda.so.1; echo; touch {libs}/x && echo WROTE",
                 lib_dirs=(str(libs), "/usr/lib"), env={"LD_LIBRARY_PATH": "/opt/other"})
        assert out.stdout.splitlines()[:2] == [f"{libs}:/usr/lib:/opt/other", "not really"], out
        assert "WROTE" not in out.stdout and not (libs / "x").exists()
    finally:
        shutil.rmtree(top, ignore_errors=True)


def test_cuda_probe_reads_where_the_driver_library_lies():
    from hpccoder.harness.toolchains.cuda import libcuda_path

    maps = ["7f5a2c000000-7f5a2c200000 r-xp 00000000 fd:01 4242   /usr/local/nvidia/lib64/libcuda.so.580.159.04\n"]
    assert libcuda_path(maps) == "/usr/local/nvidia/lib64/libcuda.so.580.159.04"
    assert libcuda_path(["7f5a-7f5b rw-p 00000000 00:00 0 \n"]) is None and libcuda_path([]) is None


def test_sandbox_joins_the_group_of_a_device_others_may_not_open(box, workdir):
    """A GPU's device nodes are often 0660 root:video; the unprivileged sandbox uid gets that group
    (and no other) for the devices given, so the driver can open them."""
    from hpccoder.harness.sandbox import device_groups

    if os.geteuid() != 0:
        pytest.skip("the sandbox drops to another uid only when started as root")
    top = Path(tempfile.mkdtemp(prefix="hpccoder-dev-", dir="/tmp"))
    try:
        top.chmod(0o755)
        node = top / "nvidia0"
        node.write_text("device")
        os.chown(node, 0, 44)
        node.chmod(0o660)
        assert device_groups((str(node), "/dev/null", "/nonexistent")) == [44]  # /dev/null: 0666
        out = sh(box, workdir, f"cat {node}", dev_binds=(str(node),))
        assert out.returncode == 0 and out.stdout == "device", out
        closed = sh(box, workdir, f"cat {node}", ro_binds=((str(node), str(node)),))  # seen, not a device given
        assert closed.returncode != 0 and "Permission denied" in closed.stderr
    finally:
        shutil.rmtree(top, ignore_errors=True)
