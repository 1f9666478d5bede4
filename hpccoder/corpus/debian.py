"""Debian source packages: the deb-src entry, `apt-get source` into a cache, and debian/copyright.

    hpccoder corpus deb-src          # as root: add deb-src entries mirroring the deb ones, apt-get update

The cache is ~/.cache/hpccoder/debsrc/<package>/ (or $HPCCODER_CACHE/debsrc), outside the
repository: the HPC packages weigh hundreds of MB.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tarfile
from pathlib import Path

from hpccoder import paths
from hpccoder.errors import HpcError

SOURCES_DIR = Path("/etc/apt/sources.list.d")
OUR_FILE = "hpccoder-deb-src.sources"
_MARKER = ".hpccoder-unpacked.json"


# -- deb-src entry ---------------------------------------------------------------------------------------
def _deb822_stanzas(text: str) -> list[dict[str, str]]:
    stanzas, current, key = [], {}, None
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                stanzas.append(current)
            current, key = {}, None
        elif line[0] in " \t" and key:
            current[key] += "\n" + line.strip()
        elif ":" in line:
            key, value = line.split(":", 1)
            key = key.strip()
            current[key] = value.strip()
    if current:
        stanzas.append(current)
    return stanzas


def _entries(sources_dir: Path, sources_list: Path) -> list[dict]:
    """Every enabled apt entry as {types, uris, suites, components, signed_by}."""
    entries = []
    files = sorted(sources_dir.glob("*.sources")) + sorted(sources_dir.glob("*.list"))
    if sources_list.is_file():
        files.append(sources_list)
    for path in files:
        text = path.read_text(errors="replace")
        if path.suffix == ".sources":
            for st in _deb822_stanzas(text):
                if st.get("Enabled", "yes").lower() == "no":
                    continue
                entries.append({"types": st.get("Types", "").split(), "uris": st.get("URIs", "").split(),
                                "suites": st.get("Suites", "").split(), "components": st.get("Components", "").split(),
                                "signed_by": st.get("Signed-By", ""), "file": path.name})
        else:
            for line in text.splitlines():
                line = line.split("#", 1)[0].strip()
                m = re.match(r"^(deb|deb-src)\s+(\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s*(.*)$", line)
                if m:
                    opts = m.group(2) or ""
                    signed = re.search(r"signed-by=(\S+?)[\s\]]", opts + " ")
                    entries.append({"types": [m.group(1)], "uris": [m.group(3)], "suites": [m.group(4)],
                                    "components": m.group(5).split(), "signed_by": signed.group(1) if signed else "",
                                    "file": path.name})
    return entries


def deb_src_stanzas(sources_dir: Path = SOURCES_DIR, sources_list: Path = Path("/etc/apt/sources.list")) -> str:
    """The deb822 text of deb-src entries for every deb entry that has no deb-src twin ('' if none is missing)."""
    entries = [e for e in _entries(sources_dir, sources_list) if e["file"] != OUR_FILE]
    have = {(u, s) for e in entries if "deb-src" in e["types"] for u in e["uris"] for s in e["suites"]}
    blocks = []
    for e in entries:
        if "deb" not in e["types"]:
            continue
        suites = [s for s in e["suites"] if all((u, s) not in have for u in e["uris"])]
        if not suites:
            continue
        block = ["Types: deb-src", f"URIs: {' '.join(e['uris'])}", f"Suites: {' '.join(suites)}",
                 f"Components: {' '.join(e['components'])}"]
        if e["signed_by"] and "\n" not in e["signed_by"]:
            block.append(f"Signed-By: {e['signed_by']}")
        blocks.append("\n".join(block))
    if not blocks:
        return ""
    return "# Added by `hpccoder corpus deb-src`: Debian source packages for `apt-get source`.\n" + \
        "\n\n".join(blocks) + "\n"


def enable_deb_src(sources_dir: Path = SOURCES_DIR, sources_list: Path = Path("/etc/apt/sources.list"),
                   update: bool = True, check_root: bool = True) -> tuple[Path | None, bool]:
    """Write sources_dir/hpccoder-deb-src.sources (idempotent). Returns (file or None, changed)."""
    target = sources_dir / OUR_FILE
    text = deb_src_stanzas(sources_dir, sources_list)
    if not text:
        return (target if target.exists() else None), False
    if target.exists() and target.read_text() == text:
        return target, False
    if check_root and os.geteuid() != 0:
        raise HpcError(f"adding deb-src entries writes {target} and needs root: run `sudo hpccoder corpus deb-src`, "
                       "or add a 'Types: deb-src' stanza to your apt sources yourself")
    sources_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    if update:
        res = subprocess.run(["apt-get", "update", "-qq"], capture_output=True, text=True)
        if res.returncode != 0:
            raise HpcError(f"apt-get update failed after adding {target}: {res.stderr.strip().splitlines()[-1:]}")
    return target, True


# -- apt-get source ----------------------------------------------------------------------------------------
def cache_root(cache: str | Path | None = None) -> Path:
    root = Path(cache).expanduser() if cache else paths.cache_dir() / "debsrc"
    root.mkdir(parents=True, exist_ok=True)
    return root


def fetch(package: str, cache: str | Path | None = None) -> tuple[Path, dict]:
    """Download and unpack the source package; returns (source tree, info). Cached: a second call is free."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", package):
        raise HpcError(f"'{package}' is not a Debian source package name")
    pkg_dir = cache_root(cache) / package
    tree = pkg_dir / "tree"
    marker = tree / _MARKER
    if marker.is_file():
        return tree, json.loads(marker.read_text())
    pkg_dir.mkdir(parents=True, exist_ok=True)
    res = subprocess.run(["apt-get", "source", "--download-only", "-qq", package], cwd=pkg_dir,
                         capture_output=True, text=True)
    dscs = sorted(pkg_dir.glob("*.dsc"))
    if not dscs:
        err = (res.stderr.strip().splitlines() or ["no output"])[-1]
        if "Unable to find a source package" in res.stderr or "You must put some 'deb-src'" in res.stderr:
            raise HpcError(f"apt-get source {package}: {err} — check the name with `apt-cache showsrc {package}`, "
                           "and add deb-src entries with `hpccoder corpus deb-src` (as root)")
        raise HpcError(f"apt-get source {package} failed: {err}")
    dsc = dscs[-1]
    if tree.exists():
        _rmtree(tree)
    complete = res.returncode == 0
    info = {"package": package, "version": _dsc_field(dsc, "Version"), "complete": complete}
    if complete:
        unpack = subprocess.run(["dpkg-source", "--no-check", "-x", dsc.name, "tree"], cwd=pkg_dir,
                                capture_output=True, text=True)
        complete = unpack.returncode == 0
        info["complete"] = complete
    if not complete:
        # The mirror may lack the Debian part: fall back to the upstream tarball(s) alone.
        origs = sorted(p for p in pkg_dir.glob("*.orig*.tar.*") if not p.name.endswith(".asc"))
        if not origs:
            err = (res.stderr.strip().splitlines() or ["no output"])[-1]
            raise HpcError(f"apt-get source {package}: could not download the sources ({err})")
        tree.mkdir(parents=True, exist_ok=True)
        for orig in origs:
            _extract_stripped(orig, tree)
        info["note"] = "upstream tarball only (the Debian part could not be downloaded)"
    marker.write_text(json.dumps(info))
    return tree, info


def _dsc_field(dsc: Path, field: str) -> str:
    m = re.search(rf"^{field}:\s*(\S+)", dsc.read_text(errors="replace"), re.M)
    return m.group(1) if m else ""


def _extract_stripped(archive: Path, dest: Path) -> None:
    """Extract a tarball whose members sit under one top folder, without that folder."""
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]
        tops = {m.name.split("/", 1)[0] for m in members}
        strip = len(tops) == 1
        for m in members:
            name = m.name.split("/", 1)[1] if strip and "/" in m.name else (None if strip else m.name)
            if not name or name.startswith("/") or ".." in Path(name).parts:
                continue
            m.name = name
            tar.extract(m, dest, filter="data")


def _rmtree(path: Path) -> None:
    import shutil
    shutil.rmtree(path, ignore_errors=True)


# -- debian/copyright (DEP-5) -------------------------------------------------------------------------------
def _glob_regex(pattern: str) -> str:
    # DEP-5: '*' matches any characters including '/', '?' one character; patterns are relative to the root.
    if pattern.startswith("./"):
        pattern = pattern[2:]
    out = []
    for ch in pattern:
        out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
    return "".join(out)


class Copyright:
    """The Files: stanzas of a machine-readable debian/copyright; the last matching stanza wins."""

    def __init__(self, rules: list[tuple[re.Pattern, str]]):
        self.rules = rules

    @classmethod
    def parse(cls, text: str) -> "Copyright | None":
        stanzas = _deb822_stanzas(text)
        if not stanzas or "copyright-format" not in stanzas[0].get("Format", "") + \
                stanzas[0].get("Format-Specification", ""):
            return None
        rules = []
        for st in stanzas:
            if "Files" not in st or "License" not in st:
                continue
            license_name = st["License"].split("\n", 1)[0].strip()
            globs = st["Files"].split()
            rules.append((re.compile("|".join(f"(?:{_glob_regex(g)})" for g in globs) + r"\Z"), license_name))
        return cls(rules)

    def license_for(self, path: str) -> str | None:
        found = None
        for regex, name in self.rules:
            if regex.match(path):
                found = name
        return found


def read_copyright(tree: Path) -> Copyright | None:
    path = tree / "debian" / "copyright"
    if not path.is_file():
        return None
    return Copyright.parse(path.read_text(errors="replace"))


# -- the upstream license file, where debian/copyright is not machine-readable ---------------------------
# Sentences that only the license's own text holds (lower case, every run of other characters one space): a
# GPL's title with its date, which other texts cite without the date; MIT's and BSD's key sentences.
_BSD = ["redistribution and use in source and binary forms with or without modification are permitted",
        "redistributions of source code must retain the above copyright notice"]
_LICENSE_PHRASES = {
    "GPL-2.0": ["gnu general public license version 2 june 1991"],
    "GPL-3.0": ["gnu general public license version 3 29 june 2007"],
    "LGPL-2.1": ["gnu lesser general public license version 2 1 february 1999"],
    "LGPL-3.0": ["gnu lesser general public license version 3 29 june 2007"],
    "Apache-2.0": ["apache license version 2 0 january 2004"],
    "MIT": ["permission is hereby granted free of charge to any person obtaining a copy",
            "the software is provided as is without warranty of any kind"],
    "BSD-3-Clause": _BSD + ["to endorse or promote products derived from this software"],
    "BSD-2-Clause": _BSD,
}
_LICENSE_FILE = re.compile(r"(?i)^(licen[cs]e|copying)([.-].*)?$")


def identify_license(text: str) -> str | None:
    """The SPDX id of a license file that holds exactly one of a few well-known license texts; None for
    another text, or several. (A GPL's text says which version, not whether "or later" applies.)"""
    norm = " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())
    found = {lic for lic, phrases in _LICENSE_PHRASES.items() if all(p in norm for p in phrases)}
    if "advertising materials" in norm:  # the four-clause BSD text, or a three-clause one with another clause
        found -= {"BSD-2-Clause", "BSD-3-Clause"}
    if "endorse" in norm:  # an endorsement clause: not the two-clause text (a part of the three-clause one)
        found.discard("BSD-2-Clause")
    return found.pop() if len(found) == 1 else None


def is_license_file(name: str) -> bool:
    """Whether a file name is one of a package's license files: LICENSE, LICENCE, COPYING, with any suffix
    after a dot or a dash (LICENSE.md, COPYING.LIB, LICENSE-MIT)."""
    return bool(_LICENSE_FILE.match(name))


def license_of(files: list[tuple[str, str]]) -> tuple[str, str] | None:
    """(SPDX id, first file name) of a package's top-level license files, given as (name, text) pairs, when
    they all hold the same one well-known license; None when there is none, a text not recognised, or two
    licenses (a GPL program beside an LGPL library, a dual license): no guess then."""
    files = sorted(files)
    found = {identify_license(text[:400_000]) for _, text in files}
    if len(found) != 1 or None in found:
        return None
    return found.pop(), files[0][0]


def package_license(tree: Path) -> tuple[str, str] | None:
    """`license_of` the top-level LICENSE*/COPYING* files of a folder; None also where one of them cannot
    be read (no guess from the others)."""
    if not tree.is_dir():
        return None
    files = []
    try:
        for p in sorted(tree.iterdir()):
            if is_license_file(p.name) and p.is_file():
                with open(p, encoding="utf-8", errors="replace") as fh:
                    files.append((p.name, fh.read(400_000)))
    except OSError:
        return None
    return license_of(files)
