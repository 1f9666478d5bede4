"""Corpus recipes: a YAML file of sources, filters, deduplication and decontamination settings.

A recipe is a small set of overrides of the defaults below; `key=value` arguments on the
command line override it again (`filters.max_bytes=200000`, `workers=4`).
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from hpccoder.errors import HpcError

LANGUAGES = ("c", "c++", "cuda", "fortran", "verilog", "systemverilog")
MODELS = ("openmp", "mpi", "cuda", "openacc", "kokkos", "sycl", "pthreads")

DEFAULTS: dict = {
    "version": 1,
    "languages": list(LANGUAGES),
    "require_models": [],  # keep only files that use at least one of these (empty: keep all)
    "filters": {
        "min_bytes": 100,
        "max_bytes": 1_000_000,
        "max_line_length": 1000,  # longer lines: minified or data
        "max_mean_line_length": 100,
        "min_alnum_fraction": 0.25,
        "max_parse_error_fraction": 0.5,  # share of the bytes under tree-sitter ERROR nodes
        "drop_generated": True,
    },
    "redact": {"emails": True, "secrets": True},
    "dedup": {"exact": True, "near": {"threshold": 0.7, "num_perm": 128, "shingle": 5}},
    "decontaminate": {"enabled": True, "code_window": 40, "text_ngram": 13},
    "split": {"validation": 0.05},
    "output": {"shard_rows": 20000},
    "workers": 2,
}

_FILTERS = ["include", "exclude"]  # globs over paths inside the source (fnmatch: '*' crosses '/')
_SOURCE_TYPES = {
    "dir": {"required": ["path"], "optional": _FILTERS},
    "git": {"required": ["path"], "optional": ["rev"] + _FILTERS},
    "tarball": {"required": ["path"], "optional": _FILTERS},
    "debian": {"required": ["packages"], "optional": ["cache"] + _FILTERS},
    "hf": {"required": [], "optional": ["dataset", "files", "split", "content_column", "path_column",
                                        "language_column", "license_column", "config"] + _FILTERS},
}

_TEXT = {"type": "string", "minLength": 1}
_GLOBS = {"type": "array", "items": {"type": "string"}, "hint": "a list of globs, like ['src/**']"}
# Which keys a source type takes is checked in `validate`; what each key holds is the same for every type.
_SOURCE_PROPERTIES = {
    "type": {"enum": sorted(_SOURCE_TYPES)},
    "name": dict(_TEXT, hint="a name of the source, for the report"),
    "path": dict(_TEXT, hint="a folder, repository or tarball, relative to the recipe's folder"),
    # YAML reads `rev: 2024` as a number, and `rev: 0123` or `rev: 1.10` as other numbers than the text
    # written: taking a number as text would read another revision, or none
    "rev": dict(_TEXT, hint="quote it, as in rev: '2024': YAML reads an unquoted tag or short SHA as a number"),
    "packages": {"type": "array", "minItems": 1, "uniqueItems": True,
                 "items": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9+.-]+$"},
                 "hint": "a list of Debian source package names, like [petsc, hypre]"},
    "cache": dict(_TEXT, hint="a folder for the downloaded Debian sources"),
    "include": _GLOBS,
    "exclude": _GLOBS,
    "dataset": dict(_TEXT, hint="a hub id or a save_to_disk folder"),
    "files": {"oneOf": [_TEXT, {"type": "array", "minItems": 1, "items": _TEXT}],
              "hint": "a parquet, jsonl, json or arrow file, or a list of them"},
    **{key: dict(_TEXT, hint="a name") for key in ("split", "content_column", "path_column", "language_column",
                                                   "license_column", "config")},
}

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "sources"],
    "properties": {
        "name": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"},
        "description": {"type": "string"},
        "version": {"type": "integer", "minimum": 1},
        "sources": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["type"], "properties": _SOURCE_PROPERTIES,
        }},
        "languages": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": list(LANGUAGES)}},
        "require_models": {"type": "array", "uniqueItems": True, "items": {"enum": list(MODELS)}},
        "filters": {"type": "object", "additionalProperties": False, "properties": {
            "min_bytes": {"type": "integer", "minimum": 0},
            "max_bytes": {"type": "integer", "minimum": 1},
            "max_line_length": {"type": "integer", "minimum": 1},
            "max_mean_line_length": {"type": "number", "exclusiveMinimum": 0},
            "min_alnum_fraction": {"type": "number", "minimum": 0, "maximum": 1},
            "max_parse_error_fraction": {"type": "number", "minimum": 0, "maximum": 1},
            "drop_generated": {"type": "boolean"},
        }},
        "redact": {"type": "object", "additionalProperties": False, "properties": {
            "emails": {"type": "boolean"}, "secrets": {"type": "boolean"}}},
        "dedup": {"type": "object", "additionalProperties": False, "properties": {
            "exact": {"type": "boolean"},
            "near": {"oneOf": [{"type": "boolean", "enum": [False]}, {
                "type": "object", "additionalProperties": False, "properties": {
                    "threshold": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
                    "num_perm": {"type": "integer", "minimum": 16, "maximum": 1024},
                    "shingle": {"type": "integer", "minimum": 1, "maximum": 20}}}]},
        }},
        "decontaminate": {"type": "object", "additionalProperties": False, "properties": {
            "enabled": {"type": "boolean"},
            "code_window": {"type": "integer", "minimum": 8},
            "text_ngram": {"type": "integer", "minimum": 5}}},
        "split": {"type": "object", "additionalProperties": False, "properties": {
            "validation": {"type": "number", "minimum": 0, "exclusiveMaximum": 1}}},
        "output": {"type": "object", "additionalProperties": False, "properties": {
            "shard_rows": {"type": "integer", "minimum": 1}}},
        "workers": {"type": "integer", "minimum": 1},
    },
}


@dataclass
class Recipe:
    path: Path | None
    spec: dict

    @property
    def name(self) -> str:
        return self.spec["name"]

    def __getitem__(self, key):
        return self.spec[key]

    def unit_key(self, unit: dict, benchmark: str = "", source: str = "") -> str:
        """A hash of everything that decides what stage 1 writes for one unit of work (for resuming).
        benchmark: a fingerprint of the decontamination index (a new reference kernel or prompt reruns
        stage 1: files checked against the old benchmark are not known to be clean of the new one).
        source: a fingerprint of the unit's files (sources.fingerprint): a changed source reruns it."""
        relevant = {k: self.spec[k] for k in ("languages", "require_models", "filters", "redact", "decontaminate")}
        relevant["benchmark"] = benchmark
        relevant["source"] = source
        near = self.spec["dedup"]["near"] or {}
        relevant["minhash"] = {k: near.get(k) for k in ("num_perm", "shingle")}
        relevant["unit"] = unit
        relevant["stage1_version"] = 5  # bump when the per-file processing changes what it keeps
        blob = json.dumps(relevant, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def resolve(self, path: str) -> Path:
        """Paths in a recipe are relative to the recipe's folder."""
        p = Path(path).expanduser()
        if not p.is_absolute() and self.path is not None:
            p = self.path.parent / p
        return p


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def apply_override(spec: dict, text: str) -> None:
    if "=" not in text:
        raise HpcError(f"override '{text}' is not KEY=VALUE (for example filters.max_bytes=200000)")
    key, raw = text.split("=", 1)
    value = yaml.safe_load(raw) if raw else None
    node = spec
    parts = key.split(".")
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value


def validate(spec: dict, where: str) -> None:
    import jsonschema

    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(spec), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        at = "/".join(str(p) for p in err.path) or "(top)"
        hint = err.schema.get("hint")
        if hint is None and len(err.path) == 4 and err.path[0] == "sources":  # an item of a list: packages/0
            hint = _SOURCE_PROPERTIES.get(str(err.path[2]), {}).get("hint")
        raise HpcError(f"{where}: {at}: {err.message}" + (f" ({hint})" if hint else ""))
    for i, src in enumerate(spec["sources"]):
        kind = _SOURCE_TYPES[src["type"]]
        allowed = set(kind["required"]) | set(kind["optional"]) | {"type", "name"}
        for key in kind["required"]:
            if key not in src:
                raise HpcError(f"{where}: sources/{i} ({src['type']}) needs '{key}'")
        extra = sorted(set(src) - allowed)
        if extra:
            raise HpcError(f"{where}: sources/{i} ({src['type']}) has unknown keys {extra}; allowed: {sorted(allowed)}")
        if src["type"] == "hf" and not (src.get("dataset") or src.get("files")):
            raise HpcError(f"{where}: sources/{i} (hf) needs 'dataset' (a hub id or a save_to_disk folder) or 'files'")
    # names key the report's units and the warning about a source that read nothing: two alike would be
    # counted as one (a Debian source's units are its name and a package)
    seen: dict[str, int] = {}
    for i, src in enumerate(spec["sources"]):
        for unit in ([f"{src['name']}/{p}" for p in src["packages"]] if src["type"] == "debian" else [src["name"]]):
            if unit in seen:
                raise HpcError(f"{where}: sources/{i}: '{unit}' names sources/{seen[unit]} too: give each source "
                               "its own 'name'")
            seen[unit] = i
    f = spec["filters"]
    if f["min_bytes"] >= f["max_bytes"]:
        raise HpcError(f"{where}: filters.min_bytes must be below filters.max_bytes")


def load(path: str | Path, overrides: list[str] | tuple = ()) -> Recipe:
    path = Path(path)
    if not path.is_file():
        raise HpcError(f"no recipe at {path}: give a YAML file such as corpora/hpc.yaml")
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise HpcError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(raw, dict):
        raise HpcError(f"{path}: a recipe is a YAML mapping with at least 'name' and 'sources'")
    return from_dict(raw, overrides, path)


def from_dict(raw: dict, overrides=(), path: Path | None = None) -> Recipe:
    spec = _merge(DEFAULTS, raw)
    for text in overrides:
        apply_override(spec, text)
    # again: an override can turn a setting that was off (dedup.near: false) into a mapping of one key
    spec = _merge(DEFAULTS, spec)
    for i, src in enumerate(spec.get("sources") or []):
        if isinstance(src, dict) and "name" not in src:
            ident = src.get("path") or src.get("dataset") or ""
            name = f"{src.get('type')}-{Path(str(ident)).name}" if ident else str(src.get("type"))
            src["name"] = (name if len(spec["sources"]) == 1 else f"{i:02d}-{name}")[:60]
    validate(spec, str(path or "recipe"))
    return Recipe(path=path, spec=spec)
