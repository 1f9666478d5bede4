"""Where corpus files come from: local folders, git repositories, tarballs, Debian source packages and
Hugging Face datasets. Every source is a stream of `Doc`s: one file at a time, never the whole source.

A recipe source expands into units (one per Debian package, one otherwise): the unit of resuming,
redone when `fingerprint` says its files changed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import lzma
import os
import re
import subprocess
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from hpccoder.corpus import debian
from hpccoder.corpus.classify import EXTENSIONS, language_candidates
from hpccoder.errors import HpcError

_SKIP_DIRS = {".git", ".hg", ".svn", ".pc", "node_modules", "__pycache__"}


@dataclass
class Doc:
    path: str  # inside its source
    data: bytes | None  # None: too large, not read (size says how large)
    size: int
    source: str
    package: str
    # from the package's copyright file or top-level LICENSE/COPYING files, or a data set's column; SPDX
    # headers win later
    license: str | None = None
    license_source: str = "debian/copyright"  # where `license` came from
    meta: dict = field(default_factory=dict)
    position: int = 0  # its place in the unit's stream: the order of the corpus, however the stream is shared out


@dataclass
class Unit:
    name: str
    spec: dict  # the recipe's source entry, narrowed to one package for Debian


def units(recipe) -> list[Unit]:
    out = []
    for src in recipe["sources"]:
        if src["type"] == "debian":
            for pkg in src["packages"]:
                spec = dict(src, packages=[pkg])
                out.append(Unit(name=f"{src['name']}/{pkg}", spec=spec))
        else:
            out.append(Unit(name=src["name"], spec=src))
    return out


def _wanted_of(unit: Unit, recipe):
    spec = unit.spec
    return _acceptor({ext for lang in recipe["languages"] for ext in EXTENSIONS.get(lang, ())},
                     spec.get("include"), spec.get("exclude"))


def _folder(unit: Unit, recipe) -> Path:
    root = recipe.resolve(unit.spec["path"])
    if not root.is_dir():
        raise HpcError(f"source {unit.name}: no folder {root}")
    return root


def iter_unit(unit: Unit, recipe) -> Iterator[Doc]:
    for position, doc in enumerate(_docs(unit, recipe)):
        doc.position = position
        doc.path = _text_path(doc.path)
        yield doc


def _text_path(path: str) -> str:
    """A path as the dataset can store it: a file name that is not UTF-8 (os.walk and tarfile hand its bytes
    over as surrogates, which no parquet string takes) is written with U+FFFD where its bad bytes were."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _docs(unit: Unit, recipe) -> Iterator[Doc]:
    spec = unit.spec
    wanted = _wanted_of(unit, recipe)
    max_bytes = recipe["filters"]["max_bytes"]
    kind = spec["type"]
    if kind == "dir":
        root = _folder(unit, recipe)
        yield from _licensed(_walk(root, unit.name, root.name, wanted, max_bytes), debian.package_license(root))
    elif kind == "git":
        yield from _git(recipe.resolve(spec["path"]), spec.get("rev", "HEAD"), unit.name, wanted, max_bytes)
    elif kind == "tarball":
        path = recipe.resolve(spec["path"])
        yield from _licensed(_tarball(path, unit.name, wanted, max_bytes), _tarball_license(path, unit.name))
    elif kind == "debian":
        pkg = spec["packages"][0]
        tree, info = debian.fetch(pkg, spec.get("cache"))
        copyright = debian.read_copyright(tree)
        # a copyright file that is not machine-readable (Open MPI's, GROMACS's) says nothing per file: the
        # upstream license file then names the package's license, where it is one well-known text
        package_license = debian.package_license(tree) if copyright is None else None
        for doc in _walk(tree, unit.name, pkg, wanted, max_bytes):
            if copyright is not None:
                doc.license = copyright.license_for(doc.path)
            elif package_license is not None:
                doc.license, file = package_license
                doc.license_source = f"package-level {file}"
            doc.meta["version"] = info.get("version", "")
            yield doc
    elif kind == "hf":
        yield from _hf(spec, recipe, unit.name, wanted, max_bytes)
    else:  # the schema lists the types
        raise HpcError(f"unknown source type {kind}")


def _licensed(docs: Iterator[Doc], found: tuple[str, str] | None) -> Iterator[Doc]:
    """The docs of a user's folder, repository or tarball with its package-level license (SPDX id, file name),
    where its top-level LICENSE*/COPYING* files name one (debian.license_of: the rules of a Debian package
    without a machine-readable copyright); a file's own SPDX header still wins (process.py)."""
    for doc in docs:
        if found is not None:
            doc.license, file = found
            doc.license_source = f"package-level {file}"
        yield doc


def glob_regex(glob: str) -> str:
    """The regular expression of an include/exclude glob, tested against a path inside its source (no
    leading "./"): fnmatch's rules ('*' any characters, '/' included; '?' one character; '[...]' one of a
    set, '[!...]' one not in it), except that '**/' at the start of the glob or after a '/' takes zero or
    more folders, as in .gitignore: '**/*.c' takes 'a.c' as well as 'src/a.c'."""
    out, i, n = [], 0, len(glob)
    while i < n:
        if glob.startswith("**/", i) and (i == 0 or glob[i - 1] == "/"):
            out.append("(?:.*/)?")
            i += 3
            continue
        c = glob[i]
        i += 1
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            j = i + (i < n and glob[i] == "!")
            j += j < n and glob[j] == "]"  # a ']' first in the set is one of its characters
            j = glob.find("]", j)
            if j < 0:  # no end: a '[' of the name
                out.append(re.escape(c))
                continue
            chars, i = glob[i:j], j + 1
            negate = chars.startswith("!")
            chars = re.sub(r"([\\\[\]&~|^])", r"\\\1", chars[1:] if negate else chars)
            out.append(f"[{'^' if negate else ''}{chars}]")
        else:
            out.append(re.escape(c))
    return "(?s:" + "".join(out) + r")\Z"


def _acceptor(extensions: set[str], include: list[str] | None, exclude: list[str] | None):
    """A test of relative paths: a wanted extension, under `include` globs if given, not under `exclude`."""
    def compiled(globs):  # paths are tested as the dataset stores them, with no leading "./"
        return [re.compile(glob_regex(g[2:] if g.startswith("./") else g)) for g in globs or []]

    inc, exc = compiled(include), compiled(exclude)

    def accept(path: str) -> bool:
        if Path(path).suffix not in extensions or not language_candidates(path):
            return False
        if inc and not any(r.match(path) for r in inc):
            return False
        return not any(r.match(path) for r in exc)

    # a folder whose every path an exclude glob takes: one ending in '*' that takes "folder/" takes whatever
    # follows it too. Not walked at all (a build/ tree is not listed; an unreadable folder can be left out)
    whole = [r for g, r in zip(exclude or [], exc) if g.endswith("*")]
    accept.excludes_folder = lambda rel: any(r.match(rel + "/") for r in whole)
    # whether an include glob could take a path below the folder: its text before the first wildcard and
    # the folder's path agree (an unreadable folder outside every include is no loss to report)
    heads = [re.split(r"[*?\[]", g[2:] if g.startswith("./") else g, maxsplit=1)[0] for g in include or []]
    accept.may_hold = lambda rel: not heads or any(h.startswith(rel + "/") or (rel + "/").startswith(h)
                                                   for h in heads)
    return accept


def _wanted(path: str, wanted) -> bool:
    return wanted(path)


def _files(root: Path, wanted) -> Iterator[tuple[str, str, str | None]]:
    """(path inside root, full path, None) of the wanted regular files, in a fixed order, and (folder path
    inside root + "/", full path, why) of each folder that cannot be listed: os.walk would pass over it
    without a word, and its files would be missing from the corpus unsaid."""
    unlisted: list[OSError] = []
    excluded = getattr(wanted, "excludes_folder", lambda rel: False)
    may_hold = getattr(wanted, "may_hold", lambda rel: True)

    def report(errors):
        for err in errors:
            rel = os.path.relpath(err.filename, root)
            if rel == "." or may_hold(rel):
                yield rel + "/", err.filename, (err.strerror or str(err)).lower()
        errors.clear()

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted.append):
        yield from report(unlisted)
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS
                             and not excluded(os.path.relpath(os.path.join(dirpath, d), root)))
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if _wanted(rel, wanted) and not os.path.islink(full) and os.path.isfile(full):
                yield rel, full, None
    yield from report(unlisted)  # the root itself, or the last folder listed


def _walk(root: Path, source: str, package: str, wanted, max_bytes: int) -> Iterator[Doc]:
    for rel, full, unlisted in _files(root, wanted):
        if unlisted is not None:
            yield Doc(path=rel, data=None, size=0, source=source, package=package, meta={"unreadable": unlisted})
            continue
        try:
            size = os.path.getsize(full)
            data = None
            if size <= max_bytes:
                with open(full, "rb") as fh:
                    data = fh.read()
        except OSError as exc:  # no permission, gone since it was listed, an I/O error: skipped and counted
            yield Doc(path=rel, data=None, size=0, source=source, package=package,
                      meta={"unreadable": (exc.strerror or str(exc)).lower()})
            continue
        yield Doc(path=rel, data=data, size=size, source=source, package=package)


def fingerprint(unit: Unit, recipe) -> str:
    """What the unit's files are, hashed without reading them where that can be avoided: part of the unit's
    key, so that a rerun redoes a unit whose source changed (a file added, edited or deleted, a new commit at
    `rev`, another tarball, a new package version) and keeps one that did not."""
    spec = unit.spec
    h = hashlib.sha256()
    kind = spec["type"]
    if kind == "dir":
        root = _folder(unit, recipe)
        try:  # the top-level license files, which name the license of the files without an SPDX header
            licenses = sorted(p for p in root.iterdir() if debian.is_license_file(p.name))
        except OSError:  # an unreadable root: reported as such by the walk
            licenses = []
        for path in licenses:
            try:
                st = path.stat()
                seen = f"{st.st_size}\0{st.st_mtime_ns}\0{os.access(path, os.R_OK)}"
            except OSError:
                seen = "gone"
            h.update(f"license\0{path.name}\0{seen}\n".encode(errors="surrogateescape"))
        for rel, full, unlisted in _files(root, _wanted_of(unit, recipe)):
            try:
                st = os.stat(full)
                # readable or not: a file skipped as unreadable is read once its permissions are mended
                seen = f"{st.st_size}\0{st.st_mtime_ns}\0{unlisted is None and os.access(full, os.R_OK)}"
            except OSError:
                seen = "gone"
            h.update(f"{rel}\0{seen}\n".encode(errors="surrogateescape"))
    elif kind == "git":
        repo = recipe.resolve(spec["path"])
        _check_repo(repo, unit.name)
        rev = spec.get("rev", "HEAD")
        res = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
                             capture_output=True, text=True)
        if res.returncode != 0:
            raise HpcError(f"source {unit.name}: {repo} has no commit '{rev}' (git rev-parse found none)")
        h.update(res.stdout.strip().encode())
    elif kind == "tarball":
        path = recipe.resolve(spec["path"])
        if not path.is_file():
            raise HpcError(f"source {unit.name}: no tarball {path}")
        st = path.stat()
        h.update(f"{st.st_size}\0{st.st_mtime_ns}\0".encode())
        with open(path, "rb") as fh:  # a copy with the old size and time (cp -p of another release) as well
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    elif kind == "debian":
        _, info = debian.fetch(spec["packages"][0], spec.get("cache"))  # cached: reads the unpacked tree's marker
        h.update(json.dumps(info, sort_keys=True).encode())
    elif kind == "hf":
        # local files and save_to_disk folders by size and time; a hub data set by its id, config and split
        # (in the unit's spec), not by its revision: that would need the hub at every run
        locals_ = [recipe.resolve(f) for f in ([spec["files"]] if isinstance(spec.get("files"), str)
                                                else spec.get("files") or [])]
        if spec.get("dataset") and recipe.resolve(spec["dataset"]).is_dir():
            locals_.append(recipe.resolve(spec["dataset"]))
        for path in locals_:
            entries = [e[:2] for e in _files(path, lambda _: True) if e[2] is None] if path.is_dir() else \
                [(path.name, str(path))] if path.is_file() else []
            for rel, full in entries:
                st = os.stat(full)
                h.update(f"{path}\0{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode(errors="surrogateescape"))
    return h.hexdigest()[:16]


def _check_repo(repo: Path, source: str) -> None:
    if not (repo / ".git").exists() and not (repo / "HEAD").is_file():
        raise HpcError(f"source {source}: {repo} is not a git repository")


def _git(repo: Path, rev: str, source: str, wanted, max_bytes: int) -> Iterator[Doc]:
    _check_repo(repo, source)
    listing = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "-z", "--long", rev],
                             capture_output=True)
    if listing.returncode != 0:
        raise HpcError(f"source {source}: git ls-tree {rev} failed: {listing.stderr.decode(errors='replace').strip()}")
    entries, license_files = [], []
    for item in listing.stdout.split(b"\0"):
        if not item:
            continue
        meta, path = item.split(b"\t", 1)
        mode, kind, sha, size = meta.split()
        path = path.decode(errors="replace")
        if kind == b"blob" and mode != b"120000" and _wanted(path, wanted):
            entries.append((path, sha.decode(), int(size)))
        if kind == b"blob" and mode != b"120000" and "/" not in path and debian.is_license_file(path):
            license_files.append((path, sha.decode()))
    cat = subprocess.Popen(["git", "-C", str(repo), "cat-file", "--batch"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE)

    def blob(sha: str) -> bytes:
        cat.stdin.write(sha.encode() + b"\n")
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        data = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)  # the newline after the object
        return data

    try:
        # the license of the revision's top-level LICENSE*/COPYING* files, as a folder's
        found = debian.license_of([(path, blob(sha).decode("utf-8", "replace")) for path, sha in license_files])

        def docs():
            for path, sha, size in entries:
                if size > max_bytes:
                    yield Doc(path=path, data=None, size=size, source=source, package=repo.name)
                    continue
                data = blob(sha)
                yield Doc(path=path, data=data, size=len(data), source=source, package=repo.name, meta={"rev": rev})

        yield from _licensed(docs(), found)
    finally:
        cat.stdin.close()
        cat.wait()


def _tarball(path: Path, source: str, wanted, max_bytes: int) -> Iterator[Doc]:
    package = path.name.split(".tar")[0].split(".tgz")[0]
    for name, size, data in _tar_files(path, source, wanted, max_bytes):
        yield Doc(path=name, data=data, size=size, source=source, package=package)


def _tarball_license(path: Path, source: str) -> tuple[str, str] | None:
    """The license of a tarball's LICENSE*/COPYING* files at its top level, or else in its one top folder where
    all its members lie in one (proj-1.0/LICENSE), by the rules of a folder's (debian.license_of). The archive
    is read once more for it: a stream cannot go back to the files before its license file."""
    tops: set[str] = set()  # the first part of every member's name
    found: dict[str, list[tuple[str, str]]] = {}  # folder ("" or a first one) -> (name, text) of its license files

    def take(name: str) -> bool:
        tops.add(name.split("/", 1)[0])
        return name.count("/") <= 1 and debian.is_license_file(name.rsplit("/", 1)[-1])

    for name, _, data in _tar_files(path, source, take, 4_000_000):
        # a file too large to be a license text is not one of the known texts: no guess
        found.setdefault(name.rpartition("/")[0], []).append((name, "" if data is None else
                                                              data.decode("utf-8", "replace")))
    tops -= {"", "."}  # `tar -C dir .` writes "./" first
    files = found.get("") or (found.get(tops.pop(), []) if len(tops) == 1 else [])
    return debian.license_of(files)


def _tar_files(path: Path, source: str, wanted, max_bytes: int) -> Iterator[tuple[str, int, bytes | None]]:
    """(name, size, data) of the tarball's regular files that `wanted` takes, in the archive's order, read as
    a stream; data None where it is larger than max_bytes. `wanted` sees every member's name, folders too."""
    if not path.is_file():
        raise HpcError(f"source {source}: no tarball {path}")
    try:
        tar = tarfile.open(path, "r|*")  # streaming: members are read in order, once
    except tarfile.TarError as exc:
        raise HpcError(f"source {source}: {path} is not a readable tarball ({exc})") from None
    members = iter(tar)
    with tar:
        while True:
            try:  # a damaged archive fails anywhere in its stream, and the tarfile module lets a cut one end early
                member = next(members, None)
                if member is None:
                    break
                name = member.name[2:] if member.name.startswith("./") else member.name  # `tar -C dir .` writes ./
                if not _wanted(name, wanted) or not member.isfile():
                    continue
                data = None
                if member.size <= max_bytes:
                    data = tar.extractfile(member).read()
                    if len(data) != member.size:
                        raise EOFError("unexpected end of data")
            except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
                raise HpcError(f"source {source}: {path} is damaged ({str(exc) or type(exc).__name__}); fetch or "
                               "pack it again") from None
            yield name, member.size, data


_LANGUAGE_EXT = {"c": ".c", "c++": ".cpp", "cpp": ".cpp", "cuda": ".cu", "fortran": ".f90", "verilog": ".v",
                 "systemverilog": ".sv"}


def _hf(spec: dict, recipe, source: str, wanted, max_bytes: int) -> Iterator[Doc]:
    import datasets

    # datasets logs a file it cannot read ("Failed to load JSON from file ...") before raising: the error
    # below says it once, in one line
    verbosity = datasets.logging.get_verbosity()
    datasets.logging.set_verbosity(datasets.logging.CRITICAL)
    try:
        yield from _hf_rows(spec, recipe, source, wanted, max_bytes)
    finally:
        datasets.logging.set_verbosity(verbosity)


def _hf_rows(spec: dict, recipe, source: str, wanted, max_bytes: int) -> Iterator[Doc]:
    import datasets

    content_col = spec.get("content_column", "content")
    path_col = spec.get("path_column", "path")
    lang_col = spec.get("language_column")
    license_col = spec.get("license_column")
    split = spec.get("split", "train")
    try:
        if spec.get("files"):
            files = [str(recipe.resolve(f)) for f in ([spec["files"]] if isinstance(spec["files"], str)
                                                       else spec["files"])]
            suffix = Path(files[0]).suffix
            builder = {".parquet": "parquet", ".jsonl": "json", ".json": "json", ".arrow": "arrow"}.get(suffix)
            if builder is None:
                raise HpcError(f"source {source}: cannot read {files[0]}: give .parquet, .jsonl, .json or .arrow files")
            ds = datasets.load_dataset(builder, data_files=files, split="train", streaming=True)
            package = Path(files[0]).resolve().parent.name
        elif recipe.resolve(spec["dataset"]).is_dir() and (recipe.resolve(spec["dataset"]) / "dataset_dict.json").exists() \
                or (recipe.resolve(spec["dataset"]) / "dataset_info.json").exists():
            loaded = datasets.load_from_disk(str(recipe.resolve(spec["dataset"])))
            ds = loaded[split] if isinstance(loaded, datasets.DatasetDict) else loaded
            package = recipe.resolve(spec["dataset"]).name
        else:
            ds = datasets.load_dataset(spec["dataset"], spec.get("config"), split=split, streaming=True)
            package = spec["dataset"]
    except HpcError:
        raise
    except Exception as exc:  # hub unreachable, missing file, bad format: one line
        raise HpcError(f"source {source}: could not open the dataset ({type(exc).__name__}: "
                       f"{str(exc).splitlines()[0][:200]})") from None
    rows = iter(ds)
    for i in itertools.count():
        try:  # a streamed file is read as it goes: a bad line far into it fails here, not at the opening
            row = next(rows, None)
        except Exception as exc:  # noqa: BLE001 - pyarrow's, json's, datasets' own errors: one line
            raise HpcError(f"source {source}: could not read the dataset after {i} rows ({type(exc).__name__}: "
                           f"{(str(exc).splitlines() or [''])[0][:200]})") from None
        if row is None:
            break
        if content_col not in row:
            raise HpcError(f"source {source}: no column '{content_col}' (columns: {sorted(row)}); "
                           "set content_column in the recipe")
        path = str(row.get(path_col) or "")
        if lang_col and row.get(lang_col) and not language_candidates(path):
            path = f"{path or f'row{i}'}{_LANGUAGE_EXT.get(str(row[lang_col]).lower(), '')}"
        if not _wanted(path, wanted):
            continue
        content = row[content_col]
        data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else bytes(content)
        yield Doc(path=path, data=data if len(data) <= max_bytes else None, size=len(data), source=source,
                  package=str(row.get("package") or package),
                  license=str(row[license_col]) if license_col and row.get(license_col) else None,
                  license_source=f"column {license_col}")
