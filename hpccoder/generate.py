"""`hpccoder generate`: prompts of the selected tasks -> a model -> samples JSONL.

Usage: hpccoder generate --model embedded --tasks omp -n 5 --out samples.jsonl

Samples are appended as they come; running the same command again generates only the
samples that are missing. Each sample keeps the model's raw output (`raw`) beside the code
extracted from it (`completion`).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

from hpccoder import extract
from hpccoder.errors import HpcError
from hpccoder.progress import bar as progress_bar
from hpccoder.models import Backend, GenerationParams, Request
from hpccoder.samples import JsonlAppender, Sample, fold_shards, read_jsonl, start_over
from hpccoder.suite import Task
from hpccoder.suite.prompts import STYLES, render


def requests_for(task: Task, indices: list[int], style: str) -> list[Request]:
    language = task.problem.language
    prompt = render(task, style)
    finished = partial(extract.is_complete, style=style, language=language, entry=task.problem.entry)
    stop = tuple(extract.STOP.get((language, style), ()))
    return [Request(task, i, prompt, style, stop, finished) for i in indices]


def resolve_style(backend: Backend, params: GenerationParams) -> GenerationParams:
    style = backend.default_style() if params.style == "auto" else params.style
    if style not in STYLES:
        raise HpcError(f"unknown prompt style '{style}': use one of {', '.join(STYLES)} or auto")
    return replace(params, style=style)


def same_sampling(made: object, params: GenerationParams) -> bool:
    """Whether samples made with the settings `made` (a sample's `generation`) belong with those of `params`: all
    settings but -n alike (a larger -n later adds samples; an hf sample's draw depends on its task and index, not
    on n nor on the samples generated beside it; a server's, vLLM's, on the seed of the request it came in), and
    the style too where `params` leaves it `auto` (the model's default, which only the loaded model knows)."""
    if not isinstance(made, dict):
        return False
    skip = {"n", "style"} if params.style == "auto" else {"n"}
    return {k: v for k, v in made.items() if k not in skip} == \
        {k: v for k, v in params.to_json().items() if k not in skip}


def differences(made: object, params: GenerationParams) -> str:
    """What sets the settings `made` (a sample's `generation`) apart from `params`, -n aside, for an error."""
    made = made if isinstance(made, dict) else {}
    wanted = params.to_json()
    return ", ".join(f"{k} {made.get(k)} there, {wanted.get(k)} here" for k in sorted(set(made) | set(wanted))
                     if k != "n" and made.get(k) != wanted.get(k))


def _generated(out: Path, backend: Backend, params: GenerationParams) -> set[tuple[str, int]]:
    have = set()
    for number, rec in enumerate(read_jsonl(out) if out.exists() else [], 1):
        if not isinstance(rec, dict) or not isinstance(rec.get("task_id"), str) \
                or not isinstance(rec.get("sample_index"), int):
            raise HpcError(f"{out}: record {number} is not a sample hpccoder wrote (it needs a task_id and a "
                           "sample_index): remove it, use another --out, or --overwrite")
        if rec.get("model") != backend.describe():
            raise HpcError(f"{out} holds samples of another model ({rec.get('model')}, not {backend.describe()}): "
                           "use another --out, or --overwrite")
        if backend.sampling_matters and not same_sampling(rec.get("generation"), params):
            what = differences(rec.get("generation"), params)
            raise HpcError(f"{out} holds samples made with other sampling settings ({what}; -n 1 defaults"
                           " to greedy, more samples to temperature 0.2): give the same settings, use "
                           "another --out, or --overwrite")
        have.add((rec["task_id"], rec["sample_index"]))
    return have


def already_made(out: Path, model: str, tasks: list[Task], params: GenerationParams) -> bool:
    """Whether `out` holds every sample of `tasks` below -n, made by `model` with these settings (the style as the
    model's default, where it is `auto`): then there is nothing to generate, and no model to load."""
    if not out.exists():
        return False
    have = set()
    for rec in read_jsonl(out):
        if not isinstance(rec, dict) or rec.get("model") != model:
            return False
        if not same_sampling(rec.get("generation"), params):
            return False
        have.add((rec.get("task_id"), rec.get("sample_index")))
    return all((t.id, i) in have for t in tasks for i in range(params.n))


def _drop_changed(out: Path, backend: Backend, tasks: list[Task], params: GenerationParams) -> None:
    """A backend that hands out finished code (a file of samples, the references) may hand out other code than
    it did when `out` was made (the file was fixed since): those samples go from `out`, to be taken again."""
    from hpccoder.paths import publish

    wanted = {t.id: t for t in tasks}
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    held: dict[int, Request] = {}
    for number, line in enumerate(lines):
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and rec.get("task_id") in wanted and isinstance(rec.get("sample_index"), int) \
                and rec["sample_index"] < params.n and rec.get("model") == backend.describe():
            held[number] = Request(wanted[rec["task_id"]], rec["sample_index"], "", params.style)
    if not held:
        return
    try:
        now = backend.generate(list(held.values()), params)
    except HpcError:
        return  # the backend no longer has some of them: generating says so
    changed = {number for (number, _), comp in zip(held.items(), now)
               if json.loads(lines[number]).get("completion") != comp.text}
    if changed:
        publish(out, text="".join(line for number, line in enumerate(lines) if number not in changed))
        print(f"hpccoder: {len(changed)} sample(s) in {out} are not what {backend.describe()} holds now: taken "
              "again", file=sys.stderr)




def generate(backend: Backend, tasks: list[Task], params: GenerationParams, out: Path,
             progress: bool = True, overwrite: bool = False, done_in: Path | None = None) -> Path:
    """The samples of `tasks` that `out` lacks, appended to it. `done_in`: a file whose samples also count as
    made (a job of `--submit` writes its own shard file, and skips what the samples file already has)."""
    out = Path(out)
    params = resolve_style(backend, params)
    note = backend.note_selection([t.id for t in tasks], params.n)
    if note:
        print(f"hpccoder: {note}", file=sys.stderr)
    if overwrite:
        start_over(out)
    if done_in is None:
        fold_shards(out)  # what the jobs of a `--submit` that was stopped had made
        if backend.writes_code and out.exists():
            _drop_changed(out, backend, tasks, params)
    # the writer before reading: it drops a line torn by a kill, which then must not count as generated
    writer = JsonlAppender(out)
    tokens, start = 0, time.monotonic()
    try:
        have = _generated(out, backend, params) | (_generated(Path(done_in), backend, params) if done_in else set())
        todo = [r for t in tasks
                for r in requests_for(t, [i for i in range(params.n) if (t.id, i) not in have], params.style)]
        size = max(1, backend.batch_size)
        with progress_bar(len(todo), "generate", "sample", progress) as bar:
            if progress:
                backend.on_tokens = lambda made, most: made % 16 or bar.set_postfix_str(
                    f"this batch: {made} of at most {most} new tokens")
            for first in range(0, len(todo), size):  # in task order: a task's samples sit together
                batch = todo[first:first + size]
                for req, comp in zip(batch, backend.stream(batch, params), strict=True):
                    task = req.task
                    code = comp.text if backend.writes_code else \
                        extract.postprocess(comp.text, params.style, task.problem.language, task.problem.entry)
                    writer.write(Sample(task.id, req.sample_index, code, req.prompt, backend.describe(),
                                        params.to_json(), raw=None if backend.writes_code else comp.text,
                                        tokens=comp.tokens).to_json())
                    tokens += comp.tokens or 0
                if tokens:
                    bar.set_postfix_str(f"{tokens / (time.monotonic() - start):.1f} tok/s", refresh=False)
                bar.update(len(batch))
    finally:
        backend.on_tokens = None
        writer.close()
    return out
