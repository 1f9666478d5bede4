"""Corpus recipes: a YAML file of sources, filters, deduplication and decontamination settings.

A recipe is a small set of overrides of the defaults below; `key=value` arguments on the
command line override it again (`filters.max_bytes=200000`, `workers=4`).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
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

_FILTERS = ["include", "exclude"]  # globs over paths inside the source (sources.glob_regex: fnmatch's rules,
# '*' crosses '/', and '**/' takes zero or more folders)
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
        rules = unit_rules(unit)
        if rules:  # absent where none applies: the keys of units that no rule concerns stay as they were
            relevant["rules"] = rules
        blob = json.dumps(relevant, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def resolve(self, path: str) -> Path:
        """Paths in a recipe are relative to the recipe's folder."""
        p = Path(path).expanduser()
        if not p.is_absolute() and self.path is not None:
            p = self.path.parent / p
        return p


# Changes of how a unit's files are read that concern some units only: each is the version of one rule, given in
# the key of the units it concerns, so that a change redoes those and keeps the others (stage1_version redoes all)
def unit_rules(unit: dict) -> dict:
    rules = {}
    if unit.get("type") in ("dir", "git", "tarball"):
        rules["package_license"] = 1  # 1: top-level LICENSE*/COPYING* files name the license of its files
    if any("**" in g for g in (unit.get("include") or []) + (unit.get("exclude") or [])):
        rules["globs"] = 1  # 1: '**/' takes zero or more folders (before: one or more)
    return rules


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


def _fitting(err):
    """The first error inside the one alternative of an anyOf/oneOf whose type and values the instance has
    (a mapping with a bad key where a mapping or false is accepted); None where no one alternative fits."""
    by_alt: dict[int, list] = {}
    for sub in err.context:
        by_alt.setdefault(sub.schema_path[0], []).append(sub)
    fits = [subs for subs in by_alt.values()
            if not any(not sub.path and sub.validator in ("type", "enum", "const") for sub in subs)]
    if len(fits) != 1:
        return None
    return sorted(fits[0], key=lambda e: list(e.path))[0]


def _shown(value) -> str:
    """A value as YAML writes it in a flow: true, null, 'text', [1, 2], {a: 1}."""
    return yaml.safe_dump(value, default_flow_style=True, width=1 << 16).strip().removesuffix("\n...").strip()


_NOUNS = {"string": ("a text", "texts"), "integer": ("a whole number", "whole numbers"),
          "number": ("a number", "numbers"), "boolean": ("true or false", "true or false values"),
          "object": ("a mapping", "mappings"), "array": ("a list", "lists")}


def _describe(schema: dict, plural: bool = False) -> str:
    """What a (sub)schema accepts, in words: false; a mapping {threshold: ..., num_perm: ...}; a list of texts."""
    if "enum" in schema or "const" in schema:
        values = schema.get("enum", [schema.get("const")])
        return " or ".join(_shown(v) for v in values) if len(values) < 6 else "one of " + _shown(values)
    if "anyOf" in schema or "oneOf" in schema:
        return " or ".join(_describe(alt, plural) for alt in schema.get("anyOf") or schema["oneOf"])
    kind = schema.get("type")
    text = _NOUNS.get(kind, ("a value", "values"))[plural] if isinstance(kind, str) else "a value"
    if kind == "object" and schema.get("properties"):
        text += " {" + ", ".join(f"{key}: ..." for key in schema["properties"]) + "}"
    elif kind == "array" and isinstance(schema.get("items"), dict):
        text += " of " + _describe(schema["items"], plural=True)
    bounds = [f"{word} {schema[key]}" for key, word in (("minimum", "at least"), ("exclusiveMinimum", "above"),
                                                         ("maximum", "at most"), ("exclusiveMaximum", "below"))
              if key in schema]
    return text + (" " + " and ".join(bounds) if bounds else "")


def validate(spec: dict, where: str) -> None:
    import jsonschema

    from hpccoder.corpus.sources import glob_regex

    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(spec), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        while err.validator in ("anyOf", "oneOf") and _fitting(err) is not None:
            err = _fitting(err)  # a mapping where a mapping or false is accepted: what is wrong inside it
        at = "/".join(str(p) for p in err.absolute_path) or "(top)"
        hint = err.schema.get("hint")
        if hint is None and len(err.absolute_path) == 4 and err.absolute_path[0] == "sources":  # packages/0
            hint = _SOURCE_PROPERTIES.get(str(err.absolute_path[2]), {}).get("hint")
        message = err.message
        if err.validator in ("anyOf", "oneOf"):  # "... is not valid under any of the given schemas": say which are
            message = (f"{_shown(err.instance)} is not accepted: give "
                       + " or ".join(_describe(alt) for alt in err.validator_value))
        elif err.validator == "additionalProperties" and hint is None and err.schema.get("properties"):
            hint = "allowed: " + ", ".join(err.schema["properties"])
        raise HpcError(f"{where}: {at}: {message}" + (f" ({hint})" if hint else ""))
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
        for key in _FILTERS:
            for j, glob in enumerate(src.get(key) or []):
                try:
                    re.compile(glob_regex(glob))
                except re.error as exc:  # a set of no characters, as [z-a]
                    raise HpcError(f"{where}: sources/{i}/{key}/{j}: {glob!r} is not a glob ({exc.msg})") from None
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
