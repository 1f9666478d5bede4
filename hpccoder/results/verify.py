"""`hpccoder leaderboard verify`: part of a results folder evaluated again, with the run's own settings, and compared.

Usage: hpccoder leaderboard verify runs/mine [--fraction F | --count N] [--seed S] [--jobs J] [--format text|json]

The store's checks (harness/consistency.py, rundir.py) catch an edit that leaves a figure inconsistent; one that
keeps every figure consistent (a failure made a pass, with runs and speedups to match) is caught only by running the
code again. This reads the folder as `leaderboard add` does, picks samples at random but reproducibly (the same --seed
picks the same ones; at least one of each status, so that a failure edited into a pass can be among them), and
evaluates them with `hpccoder evaluate` under run.json's settings (suite, seed, resources, timing, limits,
simulator) in a temporary folder. Statuses must agree. Speedups are noisy and depend on the machine: their ratios are
reported, and warned about beyond SPEEDUP_FACTOR, never failed. The folder itself is only read.
"""

from __future__ import annotations

import math
import random
import shlex
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from hpccoder.errors import HpcError, Interrupted

ALL_UP_TO = 20  # a run of this many samples or fewer is evaluated again whole
DEFAULT_FRACTION = 0.1  # of a larger run this part (at least ALL_UP_TO samples)
SPEEDUP_FACTOR = 3.0  # a speedup reproduced this many times above or below the recorded one is warned about
SIMULATORS = ("icarus", "verilator")


def how_many(total: int, count: int | None, fraction: float | None) -> int:
    if count is not None:
        return min(count, total)
    if fraction is not None:
        return max(1, min(total, math.ceil(fraction * total)))
    return total if total <= ALL_UP_TO else max(ALL_UP_TO, math.ceil(DEFAULT_FRACTION * total))


def pick(rows: list[dict], count: int, seed: int) -> list[dict]:
    """`count` of the store's sample rows, the same ones for the same seed: one of each status first (a pass before
    the others: a failure edited into a pass reads as one), then the rest at random."""
    from hpccoder.harness.records import STATUSES
    rng = random.Random(seed)
    rows = sorted(rows, key=lambda r: (r["task_id"], r["sample_index"]))
    statuses = sorted({r["status"] for r in rows}, key=lambda s: (s != "pass", STATUSES.index(s)))
    chosen = [rng.choice([r for r in rows if r["status"] == s]) for s in statuses][:count]
    keys = {(r["task_id"], r["sample_index"]) for r in chosen}
    rest = [r for r in rows if (r["task_id"], r["sample_index"]) not in keys]
    chosen += rng.sample(rest, count - len(chosen))
    return sorted(chosen, key=lambda r: (r["task_id"], r["sample_index"]))


def _labels_to_resources(model: str, labels: list[str]):
    from hpccoder.harness.toolchains import Resources
    out = []
    for label in labels:
        try:
            out.append(Resources.from_label(label))
        except ValueError:
            raise HpcError(f"run.json: resource '{label}' of {model} is not RANKSxTHREADS as hpccoder writes "
                           "it") from None
    return out


def evaluate_args(settings: dict, rows: list[dict], jobs: int | None, progress: bool, unsafe: bool) -> list[str]:
    """The `hpccoder evaluate` options that give run.json's settings (its samples and --out left out)."""
    argv = ["--seed", str(settings["seed"]), "--k", "1"]
    argv += [] if settings.get("timing", True) else ["--no-timing"]
    for key, flag in (("warmup", "--warmup"), ("reps", "--reps"), ("timeout", "--timeout"),
                      ("memory_mb", "--memory-mb")):
        value = settings.get(key)
        if value is not None:  # an older run.json without the limits: this hpccoder's defaults, as evaluate does
            argv += [flag, str(int(value) if key == "memory_mb" and float(value).is_integer() else value)]
    simulator = settings.get("simulator")
    if simulator is not None:
        if simulator not in SIMULATORS:
            raise HpcError(f"run.json: simulator {simulator!r} is none that this hpccoder has ({', '.join(SIMULATORS)})")
        argv += ["--simulator", simulator]
    models = {r["execution_model"] for r in rows}
    from hpccoder.harness import toolchains
    # the run.json resources that an `hpccoder evaluate` flag gives (Toolchain.resource_flag); the other models'
    # defaults must be the run's
    for model in sorted(models):
        labels = (settings.get("resources") or {}).get(model)
        tc = toolchains.get(model)
        if labels and tc.resource_flag:
            argv += [tc.resource_flag, tc.resource_arg(_labels_to_resources(model, labels))]
    if any(r["extra"].get("emulated") for r in rows):
        argv.append("--cuda-emulate")
    if not settings.get("race_check"):  # off, or a run.json of before the race check
        argv.append("--no-race-check")
    verilog = [r for r in rows if r["execution_model"] == "verilog" and r["status"] == "pass"]
    if verilog and not any(r["extra"].get("hardware") for r in verilog):  # run with --no-synthesis
        argv.append("--no-synthesis")
    argv += ["--jobs", str(jobs)] if jobs else []
    argv += [] if progress else ["--no-progress"]
    argv += ["--unsafe-no-sandbox"] if unsafe else []
    return argv


def eval_options_for(settings: dict, rows: list[dict], argv: list[str], samples: Path, out: Path):
    """EvalOptions as `hpccoder evaluate` builds them from these options (cli.eval_options), checked to give the
    run's resources to every execution model picked."""
    from hpccoder.cli import build_parser, eval_options
    from hpccoder.harness.evaluate import default_resources
    try:
        args = build_parser().parse_args(["evaluate", "--samples", str(samples), "--out", str(out), *argv])
    except SystemExit:  # argparse said why on stderr
        raise HpcError("run.json's settings are not ones `hpccoder evaluate` takes: this hpccoder cannot evaluate "
                       "the run again") from None
    opts = eval_options(args)
    recorded = settings.get("resources") or {}
    models = sorted({r["execution_model"] for r in rows})
    for model, resources in default_resources(models, opts.resources).items():
        here = [r.label() for r in resources]
        if recorded.get(model) and recorded[model] != here:
            raise HpcError(f"run.json gives {model} the resources {', '.join(recorded[model])}, and this hpccoder "
                           f"can give it only {', '.join(here)}: the run cannot be evaluated again with its settings")
    return opts


def compare(rows: list[dict], reproduced: dict, factor: float = SPEEDUP_FACTOR) -> dict:
    """Recorded rows against the results reproduced ((task, index) -> SampleResult): statuses that disagree, the
    samples one side could not run (not_run: a machine without the GPU or Open MPI; not a verdict on the sample),
    and the ratio reproduced / recorded of every speedup both have."""
    agree, disagree, not_here, ratios = 0, [], [], []
    for row in rows:
        key = (row["task_id"], row["sample_index"])
        got = reproduced.get(key)
        status = got.status if got is not None else "no result"
        line = {"task_id": key[0], "sample_index": key[1], "recorded": row["status"], "reproduced": status,
                "message": got.message if got is not None else "the evaluation gave this sample no result"}
        if status == row["status"]:
            agree += 1
        elif "not_run" in (status, row["status"]):
            not_here.append(line)
        else:
            disagree.append(line)
        if got is not None and status == row["status"] == "pass":
            for n in sorted(set(row["speedup"] or {}) & set(got.speedup), key=int):
                was, now = row["speedup"][n], got.speedup[n]
                ratios.append({"task_id": key[0], "sample_index": key[1], "n": int(n), "recorded": was,
                               "reproduced": now, "ratio": round(now / was, 4)})
    speedups = None
    if ratios:
        worst = max(ratios, key=lambda r: abs(math.log(r["ratio"])))
        speedups = {"pairs": len(ratios), "median_ratio": round(statistics.median(r["ratio"] for r in ratios), 4),
                    "worst": worst, "factor": factor,
                    "beyond_factor": [r for r in ratios if not 1 / factor <= r["ratio"] <= factor]}
    return {"agree": agree, "disagree": disagree, "not_comparable": not_here, "speedups": speedups}


def _machines(recorded: dict) -> dict:
    from hpccoder.results.machine import describe, hardware
    here = hardware()
    same = bool(recorded.get("cpu")) and describe(recorded) == describe(here)
    return {"recorded": describe(recorded), "here": describe(here), "same": same}


def _reproduce(rows, samples, argv, settings, folder: Path, progress: bool) -> dict:
    """The picked samples evaluated in a temporary folder, removed whatever happens: (task, index) -> result."""
    import json

    from hpccoder.harness.evaluate import check_same_settings, evaluate
    from hpccoder.harness.records import read_result
    from hpccoder.samples import read_jsonl
    tmp = Path(tempfile.mkdtemp(prefix="hpccoder-verify-"))
    try:
        picked = tmp / "samples.jsonl"
        picked.write_text("".join(json.dumps(samples[(r["task_id"], r["sample_index"])].to_json()) + "\n"
                                  for r in rows), encoding="utf-8")
        opts = eval_options_for(settings, rows, argv, picked, tmp / "out")
        if progress:
            print(f"verify: evaluating {len(rows)} sample(s) of {folder} again", file=sys.stderr)
        evaluate(picked, tmp / "out", opts)
        fresh = json.loads((tmp / "out" / "run.json").read_text())["settings"]
        try:  # the check a resumed evaluation makes; cannot fail unless evaluate changed how it writes its settings
            check_same_settings(settings, fresh, opts, tmp / "out")
        except HpcError as exc:
            raise HpcError(f"the evaluation again did not get the run's settings: nothing compared ({exc})") from None
        found = {}
        for rec in read_jsonl(tmp / "out" / "results.jsonl"):
            r = read_result(rec)
            if r is not None:
                found[(r.task_id, r.sample_index)] = r
        return found
    except (KeyboardInterrupt, Interrupted):
        raise Interrupted(f"interrupted: {folder} was only read, and the evaluation's temporary folder is "
                          "removed") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def verify(folder: Path, samples_path: Path | None = None, count: int | None = None, fraction: float | None = None,
           seed: int = 0, jobs: int | None = None, progress: bool = True, unsafe: bool = False) -> dict:
    """The report of `hpccoder leaderboard verify` (see format_report); HpcError, one line, for a folder that
    cannot be verified here."""
    from hpccoder.harness.evaluate import read_run_json
    from hpccoder.results.rundir import read_run_dir
    from hpccoder.samples import read_samples
    from hpccoder.suite import Suite

    folder = Path(folder)
    if not folder.exists():
        raise HpcError(f"{folder}: no such folder: give a results folder (the --out of `hpccoder run` or `evaluate`)")
    if not folder.is_dir():
        raise HpcError(f"{folder} is a file: give the results folder (with run.json and results.jsonl)")
    run = read_run_dir(folder, samples_path, "verify")  # what `leaderboard add` would take, with its checks
    try:
        settings = read_run_json(folder / "run.json")["settings"]
    except HpcError:
        raise HpcError(f"{folder / 'run.json'} lacks the settings, resources, seed or start hpccoder writes: its "
                       "results cannot be evaluated again with its settings") from None
    installed = Suite().version
    if settings.get("suite_version") != installed:
        raise HpcError(f"{folder} was judged by suite {settings.get('suite_version')}, and this hpccoder has suite "
                       f"{installed}: verify it with the hpccoder of suite {settings.get('suite_version')}")
    samples = {(s.task_id, s.sample_index): s for s in read_samples(Path(run.samples_path), lambda msg: None)}
    rows = [r for r in run.samples if (r["task_id"], r["sample_index"]) in samples]
    if not rows:
        raise HpcError(f"{run.samples_path} holds none of the samples of {folder}'s results: give the samples file "
                       "it was evaluated from (--samples FILE)")
    picked = pick(rows, how_many(len(rows), count, fraction), seed)
    argv = evaluate_args(settings, picked, jobs, progress, unsafe)
    reproduced = _reproduce(picked, samples, argv, settings, folder, progress)
    report = {"folder": str(folder), "samples": len(rows), "picked": len(picked), "seed": seed,
              "run_seed": settings["seed"], "suite_version": installed, "timing": bool(settings.get("timing")),
              "command": "hpccoder evaluate --samples PICKED.jsonl --out TMP " + shlex.join(
                  a for a in argv if a not in ("--no-progress",)),
              **compare(picked, reproduced), "machine": _machines(run.hardware or {})}
    report["exit_code"], report["verdict"] = _verdict(report)
    return report


def _verdict(report: dict) -> tuple[int, str]:
    n, bad, skipped = report["picked"], len(report["disagree"]), len(report["not_comparable"])
    of = f"{n} samples evaluated again (of {report['samples']})"
    if bad:
        return 1, (f"FAILED: {bad} of the {of} got another status than recorded: the results of "
                   f"{report['folder']} do not reproduce")
    if skipped == n:
        return 2, (f"UNVERIFIED: none of the {of} could be compared here (not_run on one side): verify on a "
                   "machine that can run them")
    aside = f"; {skipped} not run on one side, not compared" if skipped else ""
    return 0, f"OK: every status of the {of} reproduced{aside}"


def _sample(d: dict) -> str:
    return f"{d['task_id']} sample {d['sample_index']}"


def format_report(report: dict, fmt: str = "text") -> str:
    if fmt == "json":
        import json
        return json.dumps(report, indent=2)
    lines = [f"verify {report['folder']}: {report['picked']} of {report['samples']} samples evaluated again "
             f"(picked with --seed {report['seed']}), suite {report['suite_version']}, run seed {report['run_seed']}",
             f"  as: {report['command']}",
             f"statuses: {report['agree']} agree, {len(report['disagree'])} disagree"
             + (f", {len(report['not_comparable'])} not run on one side" if report["not_comparable"] else "")]
    for d in report["disagree"]:
        lines.append(f"  DIFFERS {_sample(d)}: {d['recorded']} -> {d['reproduced']}"
                     + (f" ({' '.join(d['message'].split())[:200]})" if d["message"] else ""))
    for d in report["not_comparable"]:
        lines.append(f"  not compared {_sample(d)}: {d['recorded']} -> {d['reproduced']}"
                     + (f" ({' '.join(d['message'].split())[:200]})" if d["message"] else ""))
    sp, machine = report["speedups"], report["machine"]
    if sp:
        w = sp["worst"]
        lines.append(f"speedups reproduced / recorded, over {sp['pairs']} (sample, n) pairs: median "
                     f"{sp['median_ratio']:.2f}x, worst {w['ratio']:.2f}x ({_sample(w)} at n={w['n']})")
        for r in sp["beyond_factor"]:
            lines.append(f"  warning: {_sample(r)} at n={r['n']}: speedup {r['recorded']:.3g} recorded, "
                         f"{r['reproduced']:.3g} reproduced ({r['ratio']:.2f}x, beyond {sp['factor']:g}x; timings "
                         "are noisy: a warning, not a failure)")
    elif report["timing"]:
        lines.append("speedups: none to compare (no sample passed on both sides with a timing)")
    if machine["same"]:
        lines.append(f"machine: the run's kind ({machine['here']})")
    else:
        lines.append(f"machine: the run's was {machine['recorded']}; here {machine['here']}: speedups are not "
                     "expected to match")
    lines.append(f"verdict: {report['verdict']}")
    return "\n".join(lines)
