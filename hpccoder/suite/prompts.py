"""Prompts rendered from problem.yaml, and the candidate source assembled from a completion.

Every prompt of the suite comes from one template per execution model and style under
evalsuite/templates/<style>/, so all prompts read the same way.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2

from hpccoder import extract, paths
from hpccoder.harness import toolchains
from hpccoder.suite.problem import Task

STYLES = ("completion", "chat")


@lru_cache(maxsize=None)
def _environment(style: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(paths.evalsuite_dir() / "templates" / style)),
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
                             autoescape=False)
    env.filters["indent_comment"] = lambda text: "\n   ".join(str(text).strip().splitlines())
    return env


def render(task: Task, style: str = "completion") -> str | list[dict]:
    """The prompt of `task`: a string to continue (completion) or chat messages (chat)."""
    if style == "chat":
        return render_chat(task)
    if style != "completion":
        raise ValueError(f"unknown prompt style {style!r}")
    spec = task.problem.spec
    toolchain = toolchains.get(task.model)
    headers = [h for h in ("vector",) + toolchain.headers]
    template = _environment(style).get_template(f"{task.model}.j2")
    values = dict(
        headers=headers,
        description=spec["description"],
        distribution=spec.get("distribution", ""),
        example=spec.get("example"),
        signature=task.problem.signature(task.model),
    )
    values.update(toolchain.prompt_vars(task.problem))
    return template.render(**values).strip("\n") + "\n"


def render_chat(task: Task) -> list[dict]:
    """A system and a user message; the user message holds the completion prompt's code."""
    env = _environment("chat")
    system = env.get_template("system.j2").render().strip()
    user = env.get_template(f"{task.model}.j2").render(code=render(task, "completion")).strip()
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def defines_entry(code: str, entry: str, language: str = "cpp") -> bool:
    """Whether `code` holds a definition (not only a declaration) of the entry function (or module); a comment,
    `noexcept`, a trailing return type or an attribute between its `)` and `{` included (an answer that wrote
    one was taken for a continuation, and built inside the prompt's open function)."""
    return extract.find_definition(code, entry, language) is not None


def assemble(task: Task, completion: str) -> str:
    """The translation unit the harness builds for a completion of `task`.

    A completion that defines the entry function (a whole file, or a chat answer) stands
    on its own; otherwise it continues the completion prompt, which ends with the
    function's opening brace.
    """
    preamble = toolchains.get(task.model).preamble()
    if defines_entry(completion, task.problem.entry, task.problem.language):
        return preamble + completion
    return preamble + render(task, "completion") + completion
