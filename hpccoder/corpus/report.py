"""The build report (report.md, report.png) and the dataset card (README.md) of a built corpus."""

from __future__ import annotations

from pathlib import Path

_ORDER = ["unreadable", "too_large", "too_small", "non_text", "long_lines", "minified", "low_alnum",
          "generated", "other_language", "unparseable", "no_required_model", "contaminated_code", "contaminated_text",
          "exact_duplicate", "near_duplicate"]


def _mb(n: int) -> str:
    return f"{n / 1e6:.2f}"


def _table(rows: dict, title: str, total_files: int | None = None) -> list[str]:
    total_files = total_files or sum(v["files"] for v in rows.values()) or 1
    lines = [f"| {title} | files | MB | share of files |", "|---|---:|---:|---:|"]
    for key, v in sorted(rows.items(), key=lambda kv: -kv[1]["bytes"]):
        lines.append(f"| {key} | {v['files']} | {_mb(v['bytes'])} | {100 * v['files'] / total_files:.1f}% |")
    return lines


def _dropped_sorted(stats: dict) -> list[tuple[str, dict]]:
    return sorted(stats["dropped"].items(), key=lambda kv: (_ORDER.index(kv[0]) if kv[0] in _ORDER else 99, kv[0]))


def markdown(stats: dict) -> str:
    spec = stats["recipe"]["spec"]
    near = spec["dedup"]["near"]
    lines = [f"# Corpus `{stats['recipe']['name']}`", ""]
    lines.append(f"Scanned {stats['files_seen']} files ({_mb(stats['bytes_seen'])} MB) from {len(stats['units'])} "
                 f"units; kept {stats['kept']['files']} files ({_mb(stats['kept']['bytes'])} MB): "
                 f"train {stats['splits']['train']['files']}, validation {stats['splits']['validation']['files']}.")
    lines.append(f"Near-duplicates: MinHash {near['num_perm'] if near else '-'} permutations over "
                 f"{near['shingle'] if near else '-'}-token shingles, LSH at Jaccard >= "
                 f"{near['threshold'] if near else '-'}. Decontamination: {spec['decontaminate']['code_window']}-token "
                 f"code windows and {spec['decontaminate']['text_ngram']}-word n-grams against kernels_ref/ and "
                 f"evalsuite/ prompts." if spec["decontaminate"]["enabled"] else "Decontamination: off.")
    lines += ["", "![report](report.png)", "", "## Kept, by language", ""]
    lines += _table(stats["by_language"], "language")
    lines += ["", "## Kept, by parallel programming model (a file counts once per model it uses)", ""]
    lines += _table(stats["by_model"], "model", stats["kept"]["files"])
    lines += ["", "## Removed, by filter (in the order they apply)", "",
              "| filter | files | MB |", "|---|---:|---:|"]
    for reason, v in _dropped_sorted(stats):
        lines.append(f"| {reason} | {v['files']} | {_mb(v['bytes'])} |")
    if stats.get("unreadable"):
        n = stats["dropped"].get("unreadable", {}).get("files", len(stats["unreadable"]))
        lines += ["", f"Could not be read ({n}; a folder that cannot be listed counts as one; its permissions "
                  "mended, the next build reads it):", ""]
        lines += [f"- `{note}`" for note in stats["unreadable"]]
        if n > len(stats["unreadable"]):
            lines.append(f"- and {n - len(stats['unreadable'])} more")
    lines += ["", "## Redactions", "", "| kind | occurrences |", "|---|---:|"]
    for kind, n in sorted(stats["redactions"].items()):
        lines.append(f"| {kind} | {n} |")
    lines += ["", "## Units", "", "| unit | files seen | MB seen | kept after filters (before dedup) | in the dataset "
              "| of those without a license |", "|---|---:|---:|---:|---:|---:|"]
    for name, u in stats["units"].items():
        ds = u["dataset"]
        lines.append(f"| {name} | {u['files_seen']} | {_mb(u['bytes_seen'])} | {u['kept']['files']} | {ds['files']} "
                     f"| {ds['unlicensed']} |")
    lines += ["", "## Licenses (kept files)", ""]
    lines += _table(dict(sorted(stats["by_license"].items(), key=lambda kv: -kv[1]["bytes"])[:25]), "license")
    sec = stats["seconds"]
    lines += ["", "## Time", "", "| stage | seconds |", "|---|---:|"]
    for k, v in sec.items():
        lines.append(f"| {k} | {v:.1f} |")
    lines.append("")
    lines.append("Per-file stages (filter, classify, redact, decontaminate, minhash) are summed over the "
                 f"{stats['workers']} workers; `*_wall` and the global stages are wall-clock.")
    return "\n".join(lines) + "\n"


def plot_report(stats: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(16, 5))
    panels = [("Kept MB by language", stats["by_language"]), ("Kept MB by programming model", stats["by_model"])]
    for ax, (title, rows) in zip(axes, panels):
        keys = sorted(rows, key=lambda k: -rows[k]["bytes"])
        ax.bar(keys, [rows[k]["bytes"] / 1e6 for k in keys], color="#3b7dd8")
        for i, k in enumerate(keys):
            ax.annotate(f"{rows[k]['files']} files", (i, rows[k]["bytes"] / 1e6), ha="center", va="bottom",
                        fontsize=8)
        ax.set_title(title)
        ax.set_ylabel("MB")
        ax.tick_params(axis="x", rotation=30)
    dropped = _dropped_sorted(stats)
    names = [r for r, _ in dropped] + ["kept"]
    values = [v["bytes"] / 1e6 for _, v in dropped] + [stats["kept"]["bytes"] / 1e6]
    axes[2].barh(names, values, color=["#d8613b"] * len(dropped) + ["#3bb273"])
    axes[2].invert_yaxis()
    axes[2].set_title("MB removed by each filter, and kept")
    axes[2].set_xlabel("MB")
    fig.suptitle(f"corpus {stats['recipe']['name']}: {stats['kept']['files']} files, "
                 f"{stats['kept']['bytes'] / 1e6:.1f} MB kept of {stats['bytes_seen'] / 1e6:.1f} MB")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def dataset_card(stats: dict) -> str:
    splits = [s for s in ("train", "validation") if stats["splits"][s]["files"]] or ["train"]
    data_files = "".join(f"  - split: {s}\n    path: data/{s}-*.parquet\n" for s in splits)
    return f"""---
configs:
- config_name: default
  data_files:
{data_files}---
# {stats['recipe']['name']}

Built by `hpccoder corpus build` from recipe `{stats['recipe']['path']}`: {stats['kept']['files']} files,
{_mb(stats['kept']['bytes'])} MB. Columns: content, path, source, package, language, models, license,
license_source, size_bytes, lines, sha256, redactions. See report.md for what each filter removed.
Load it with `datasets.load_dataset("{'path/to/this/folder'}")`.
"""


def write(out: Path, stats: dict, plot: bool = True) -> None:
    (out / "report.md").write_text(markdown(stats))
    if plot:
        plot_report(stats, out / "report.png")
    (out / "README.md").write_text(dataset_card(stats))
