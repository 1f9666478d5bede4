"""The static web leaderboard: what it writes, that it escapes, and that it works in a real headless Chromium."""

from __future__ import annotations

import re

import pytest

from hpccoder.results.html import find_chromium
from hpccoder.results.rundir import read_run_dir
from hpccoder.results.store import Store
from lbtest import GOOD, WORSE

HOSTILE = '</pre><script>document.title="owned"</script><img src=x onerror=alert(1)> & "quotes"\n'


@pytest.fixture
def site(make_run, db, cli, tmp_path):
    store = Store(db)
    runs = [read_run_dir(make_run("good-model", GOOD, seed=1)),
            read_run_dir(make_run("<b>worse</b>-model", WORSE, seed=2, code=HOSTILE))]
    for run in runs:
        store.record(run)
    code, out, err = cli("leaderboard", "html", tmp_path / "site", "--db", db)
    assert code == 0, err
    return tmp_path / "site", runs


def test_the_site_has_an_index_and_a_page_per_run(site):
    out, runs = site
    index = (out / "index.html").read_text()
    for run in runs:
        assert f'href="runs/{run.id}.html"' in index and (out / "runs" / f"{run.id}.html").is_file()
    assert index.count("<svg") == 4  # pass@1 and speedup@1, per execution model and per category
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", index)  # nothing from the network


def test_everything_from_a_run_is_escaped(site):
    out, runs = site
    page = (out / "runs" / f"{runs[1].id}.html").read_text()
    assert "&lt;/pre&gt;&lt;script&gt;document.title=&quot;owned&quot;&lt;/script&gt;" in page
    assert "<script>document.title" not in page and "<img src=x" not in page
    assert "&lt;b&gt;worse&lt;/b&gt;-model" in page and "error: &lt;oops&gt; &amp; more" in page
    assert "<b>worse</b>" not in (out / "index.html").read_text()


def test_an_empty_store_makes_a_page_that_says_so(db, cli, tmp_path):
    Store(db)
    code, _, _ = cli("leaderboard", "html", tmp_path / "empty", "--db", db)
    assert code == 0 and "No runs recorded yet" in (tmp_path / "empty" / "index.html").read_text()


@pytest.mark.slow
@pytest.mark.skipif(find_chromium() is None, reason="no chromium: apt-get install chromium (setup.sh does)")
def test_in_a_real_browser(site, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install playwright")
    out, (good, worse) = site
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        # the system's Chromium, never a downloaded one; --no-sandbox because tests may run as root
        browser = pw.chromium.launch(executable_path=find_chromium(), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
            page.goto((out / "index.html").as_uri())
            assert page.title() == "hpccoder leaderboard"

            # sorting: the overall table starts ranked by pass@1 (the good run first)
            table = page.locator('table.ranking[data-group="overall"]')

            def run_order() -> list[str]:
                return [t.strip() for t in table.locator("tbody tr td:nth-child(2) a").all_inner_texts()]

            assert run_order() == [good.id, worse.id]
            header = table.locator("th", has_text="pass@1")
            header.click()  # a first click sorts descending
            assert run_order() == [good.id, worse.id] and header.get_attribute("aria-sort") == "descending"
            header.click()
            assert run_order() == [worse.id, good.id] and header.get_attribute("aria-sort") == "ascending"
            table.locator("th", has_text="model").click()  # text sorts too: "good-model" after "<b>worse..."
            assert run_order() == [good.id, worse.id]

            # charts: four SVGs drawn with a size, with bars that have one
            charts = page.locator(".chart svg")
            assert charts.count() == 4
            for i in range(4):
                box = charts.nth(i).bounding_box()
                assert box and box["width"] > 100 and box["height"] > 50
            bars = page.locator(".chart svg rect.bar")
            assert bars.count() >= 8
            assert all(b["width"] > 0 and b["height"] > 0 for b in (bars.nth(i).bounding_box() for i in range(8)))

            page.screenshot(path=str(tmp_path / "leaderboard.png"), full_page=True)

            # a run page opens from its link, with its metadata and the drill-down
            table.locator(f'a[href="runs/{worse.id}.html"]').click()
            page.wait_for_load_state()
            assert page.url.endswith(f"/runs/{worse.id}.html")
            assert page.locator("h1").inner_text() == f"Run {worse.id}"
            assert page.title().startswith(f"run {worse.id}")  # the hostile code did not retitle it
            task = page.locator('details.task[data-task="cpp/dense_la/01_axpy/mpi"]')
            task.locator("summary").click()
            assert "build_error" in task.inner_text() and "error: <oops> & more" in task.inner_text()
            page.locator('a[href="#task-cpp-stencil-01-jacobi2d-omp"]').click()  # a task's link opens it
            # the page's hashchange handler opens it: wait for it (a fixed check right after the click races it)
            page.wait_for_function("document.getElementById('task-cpp-stencil-01-jacobi2d-omp').open", timeout=10000)
            page.fill("#task-filter", "stencil")
            assert page.locator("details.task:visible").count() == 1
            page.screenshot(path=str(tmp_path / "run.png"), full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert (tmp_path / "leaderboard.png").stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.skipif(find_chromium() is None, reason="no chromium: apt-get install chromium (setup.sh does)")
def test_html_takes_a_screenshot_on_request(site, db, cli, tmp_path):
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install playwright")
    png = tmp_path / "shots" / "leaderboard.png"
    code, out, err = cli("leaderboard", "html", tmp_path / "again", "--db", db, "--screenshot", png)
    assert code == 0, err
    data = png.read_bytes()
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and width == 1280 and height > 800  # the whole page, not a window


def test_a_screenshot_name_without_png_is_refused_at_once(db, cli, tmp_path):
    for name in ("shot", "shot.jpg", str(tmp_path)):  # Chromium would fail on these after the site is written
        code, out, err = cli("leaderboard", "html", tmp_path / "site", "--db", db, "--screenshot", name)
        assert code == 2 and "give a .png file name" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_the_readme_shows_the_leaderboard_and_commands_that_parse():
    import shlex
    from pathlib import Path

    from hpccoder.cli import build_parser

    root = Path(__file__).resolve().parents[2]
    section = (root / "README.md").read_text().split("## Leaderboard\n", 1)[1].split("\n## ", 1)[0]
    assert "](docs/leaderboard.png)" in section
    assert (root / "docs" / "leaderboard.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    commands = [ln.split("  #")[0] for ln in section.splitlines() if ln.startswith(".venv/bin/hpccoder ")]
    assert any("leaderboard html" in c and "--screenshot docs/leaderboard.png" in c for c in commands)
    parser = build_parser()
    for command in commands:
        parser.parse_args(shlex.split(command)[1:])  # exits (fails the test) on an option that does not exist


def test_a_page_is_replaced_whole_or_not_at_all(site, db, monkeypatch):
    # a full disk (or a kill) in the middle of writing must leave the last good page, not half of one
    from pathlib import Path

    from hpccoder.results.html import build_site

    out, _ = site
    before = {p: p.read_text() for p in out.rglob("*.html")}
    real = Path.write_text

    def torn(self, text, *args, **kwargs):
        real(self, text[: len(text) // 2], *args, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", torn)
    with pytest.raises(OSError):
        build_site(Store(db), out)
    monkeypatch.undo()
    assert {p: p.read_text() for p in out.rglob("*.html")} == before
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == sorted(p.name for p in before)  # no leftovers


def test_odd_values_of_a_store_written_before_runs_were_checked_are_escaped_not_fatal(make_run, db, cli, tmp_path):
    # a run's ranks went raw into its page (script in the published site), and a wall_s of text broke the whole site
    run = read_run_dir(make_run("m", GOOD))
    first = run.samples[0]["runs"][0]
    first["resources"]["ranks"] = "<img src=x onerror=alert(1)>"
    first["wall_s"], first["time_s"] = "abc", "<b>"
    Store(db).record(run)
    code, _, err = cli("leaderboard", "html", tmp_path / "site", "--db", db)
    assert code == 0, err
    page = (tmp_path / "site" / "runs" / f"{run.id}.html").read_text()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;x1" in page
    assert "<td class=\"num\">abc</td>" in page and "&lt;b&gt;" in page
