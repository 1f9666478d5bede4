"""Builder.cached_object: the one cache of the shared objects (drivers, references, their race-check and
CUDA-emulator builds): built once per key even when threads ask at once, nothing published or left behind
when a build or its finishing step fails."""

from __future__ import annotations

import shutil
import tempfile
import threading
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hpctest import needs_bwrap

from hpccoder.errors import HpcError
from hpccoder.harness.build import Builder
from hpccoder.harness.sandbox import Sandbox

pytestmark = needs_bwrap

CMD = ["gcc", "-c", "x.c", "-o", "x.o"]


@pytest.fixture
def builder():
    work = Path(tempfile.mkdtemp(prefix="hpccoder-test-cache-"))
    work.chmod(0o755)  # the sandbox's uid must reach the build folders (pytest's tmp_path is private)
    yield Builder(Sandbox(), work, cache=False)
    shutil.rmtree(work, ignore_errors=True)


def leftovers(builder: Builder) -> list[Path]:
    build = builder.workroot / "build"
    return sorted(build.iterdir()) if build.exists() else []


def test_built_once_per_key_even_when_asked_at_once(builder):
    made = []
    lock = threading.Lock()

    def inputs():
        with lock:
            made.append(1)
        return {"x.c": "int f(void) { return 1; }\n"}

    def get(key: str) -> Path:
        return builder.cached_object("thing", ("thing", key), inputs, CMD, "x.o", lambda log: f"broken: {log}")

    with ThreadPoolExecutor(4) as pool:
        objs = list(pool.map(get, ["a"] * 4))
    assert len(set(objs)) == 1 and objs[0].exists() and objs[0].name.startswith("thing-")
    assert len(made) == 1
    assert get("b") != objs[0] and len(made) == 2  # another key: another object
    assert get("a") == objs[0] and len(made) == 2  # from the cache
    assert leftovers(builder) == []


def test_a_failed_build_raises_its_message_and_publishes_nothing(builder):
    with pytest.raises(HpcError, match=r"(?s)^broken: .*error: expected expression"):
        builder.cached_object("bad", ("bad",), lambda: {"x.c": "int f(void) { return }\n"}, CMD, "x.o",
                              lambda log: f"broken: {log}")
    assert list(builder.objects.iterdir()) == [] and leftovers(builder) == []


def test_a_failed_finishing_step_publishes_nothing_and_is_tried_again(builder):
    calls = []

    def finish(obj: Path) -> None:
        calls.append(obj)
        if len(calls) == 1:
            raise HpcError("cannot rename")

    def get() -> Path:
        return builder.cached_object("fin", ("fin",), lambda: {"x.c": "int f(void) { return 1; }\n"}, CMD, "x.o",
                                     lambda log: log, finish)

    with pytest.raises(HpcError, match="cannot rename"):
        get()
    assert list(builder.objects.iterdir()) == [] and leftovers(builder) == []
    assert get().exists() and len(calls) == 2


def test_a_reference_with_a_global_helper_is_refused(builder):
    ref = builder.workroot / "ref"
    ref.mkdir()
    (ref / "serial.cpp").write_text("double helper(double x) { return 2 * x; }\n"
                                    "double twice(double x) { return helper(x); }\n")
    problem = types.SimpleNamespace(id="cpp/test/01_twice", entry="twice", ref_dir=ref, path=ref)
    with pytest.raises(HpcError, match=r"defines global functions besides twice \(_Z6helperd\): make its helpers "
                                       r"static"):
        builder.reference_object(problem)
    (ref / "serial.cpp").write_text("static double helper(double x) { return 2 * x; }\n"
                                    "double twice(double x) { return helper(x); }\n")
    obj = builder.reference_object(problem)
    assert obj.exists() and list(builder.objects.iterdir()) == [obj]
