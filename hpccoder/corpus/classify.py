"""Language and parallel programming models of a source file, from its tree-sitter parse.

The file name only picks the grammar family (C-like, Fortran, Verilog); what the file is comes from
its parse: a `.h` is C++ when it declares classes, namespaces or templates or names a scope with `::`
(in its text, not in what the parser made up around an error, nor in a C header's `#ifdef __cplusplus`
part), CUDA when it has
`__global__` functions or `<<<...>>>` launches; a `.v` is SystemVerilog when it uses SystemVerilog
constructs. Models come from pragmas (`#pragma omp`, `#pragma acc`, `!$omp`, `!$acc`), includes and
`use` statements, call expressions (`MPI_*`, `omp_*`, `pthread_create`, `cudaMalloc`), CUDA kernel
qualifiers and launches, and namespaces (`Kokkos::`, `sycl::`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

EXTENSIONS = {
    "c": (".c", ".h"),
    "c++": (".cc", ".cpp", ".cxx", ".c++", ".C", ".hpp", ".hh", ".hxx", ".h++", ".ipp", ".tcc", ".inl", ".h"),
    "cuda": (".cu", ".cuh", ".h", ".hpp"),
    "fortran": (".f", ".for", ".f77", ".ftn", ".F", ".FOR", ".fpp", ".f90", ".f95", ".f03", ".f08",
                ".F90", ".F95", ".F03", ".F08"),
    "verilog": (".v", ".vh"),
    "systemverilog": (".sv", ".svh", ".v", ".vh"),
}
_FAMILY = {ext: fam for fam, langs in (("c", ("c", "c++", "cuda")), ("fortran", ("fortran",)),
                                       ("verilog", ("verilog", "systemverilog")))
           for lang in langs for ext in EXTENSIONS[lang]}
_FIXED_FORM = {".f", ".for", ".f77", ".ftn", ".F", ".FOR", ".fpp"}
_CPP_EXT = {".cc", ".cpp", ".cxx", ".c++", ".C", ".hpp", ".hh", ".hxx", ".h++", ".ipp", ".tcc", ".inl"}


def language_candidates(path: str) -> str | None:
    """The grammar family a file name points at ('c', 'fortran', 'verilog') or None."""
    return _FAMILY.get(Path(path).suffix)


@dataclass
class Classification:
    language: str | None
    models: list[str] = field(default_factory=list)
    error_fraction: float = 0.0


# -- grammars and queries, built once per process -----------------------------------------------------------
_C_QUERY = """
(preproc_include path: (_) @include)
(preproc_call directive: (preproc_directive) @directive argument: (preproc_arg) @pragma)
(call_expression function: (identifier) @call)
(type_identifier) @type
(ERROR) @error
"""
_CPP_EXTRA = """
(namespace_identifier) @namespace
(class_specifier) @cpp
(namespace_definition) @cpp
(template_declaration) @cpp
(reference_declarator) @cpp
(new_expression) @cpp
(access_specifier) @cpp
(lambda_expression) @cpp
(kernel_call_syntax) @launch
"__global__" @cuda_qualifier
"__device__" @cuda_qualifier
"""
_FORTRAN_QUERY = """
(use_statement (module_name) @use)
(include_statement path: (filename) @include)
(subroutine_call subroutine: (identifier) @call)
(call_expression (identifier) @call)
(comment) @comment
(ERROR) @error
"""
_VERILOG_QUERY = """
(class_declaration) @sv
(interface_declaration) @sv
(package_declaration) @sv
(program_declaration) @sv
(type_declaration) @sv
(package_import_declaration) @sv
(always_keyword) @always
(integer_vector_type) @vector_type
(integer_atom_type) @sv
(ERROR) @error
"""
_GRAMMARS: dict[str, tuple] = {}


def _grammar(name: str):
    if name not in _GRAMMARS:
        import tree_sitter as ts

        if name == "c":
            import tree_sitter_c as mod
            query = _C_QUERY
        elif name == "cuda":
            import tree_sitter_cuda as mod
            query = _C_QUERY + _CPP_EXTRA
        elif name == "fortran":
            import tree_sitter_fortran as mod
            query = _FORTRAN_QUERY
        else:
            import tree_sitter_verilog as mod
            query = _VERILOG_QUERY
        language = ts.Language(mod.language())
        _GRAMMARS[name] = (ts.Parser(language), ts.Query(language, query), ts.QueryCursor)
    return _GRAMMARS[name]


def _parse(name: str, data: bytes) -> tuple[dict[str, list], float]:
    parser, query, cursor_cls = _grammar(name)
    tree = parser.parse(data)
    captures = cursor_cls(query).captures(tree.root_node)
    return captures, _error_fraction(captures.get("error", []), len(data))


def _error_fraction(errors: list, size: int) -> float:
    if not errors or not size:
        return 0.0
    spans = sorted((n.start_byte, n.end_byte) for n in errors)
    covered, end = 0, -1
    for start, stop in spans:
        if stop <= end:
            continue
        covered += stop - max(start, end)
        end = stop
    return covered / size


def _texts(captures: dict, name: str) -> list[str]:
    return [n.text.decode("utf-8", "replace") for n in captures.get(name, [])]


# -- C, C++, CUDA ------------------------------------------------------------------------------------------
_INCLUDE_MODELS = [
    (re.compile(r"(^|/)mpi\.h$|^mpi(cxx)?\.h$|boost/mpi"), "mpi"),
    (re.compile(r"(^|/)omp\.h$"), "openmp"),
    (re.compile(r"(^|/)openacc\.h$"), "openacc"),
    (re.compile(r"^(cuda|cuda_runtime|cuda_runtime_api|cublas.*|cufft.*|cusparse.*|curand.*|cooperative_groups)"
                r"(\.h)?$|^thrust/"), "cuda"),
    (re.compile(r"^Kokkos_"), "kokkos"),
    (re.compile(r"^(sycl/sycl\.hpp|CL/sycl\.hpp|sycl\.hpp)$"), "sycl"),
    (re.compile(r"(^|/)pthread\.h$"), "pthreads"),
]
_CALL_MODELS = [
    (re.compile(r"^P?MPI_[A-Z][A-Za-z_]*$"), "mpi"),
    (re.compile(r"^omp_[a-z_]+$"), "openmp"),
    (re.compile(r"^acc_[a-z_]+$"), "openacc"),
    (re.compile(r"^cuda[A-Z][A-Za-z]*$"), "cuda"),
    (re.compile(r"^pthread_[a-z_]+$"), "pthreads"),
    (re.compile(r"^KOKKOS_(LAMBDA|INLINE_FUNCTION|FUNCTION)$"), "kokkos"),
]
_TYPE_MODELS = [
    (re.compile(r"^MPI_(Comm|Datatype|Request|Status|Op|Win|Group|Info|File|Aint|Offset)$"), "mpi"),
    (re.compile(r"^pthread_(t|mutex_t|cond_t|attr_t|barrier_t|rwlock_t|spinlock_t)$"), "pthreads"),
    (re.compile(r"^(cudaStream_t|cudaError_t|cudaEvent_t)$"), "cuda"),
    (re.compile(r"^omp_lock_t$"), "openmp"),
]


def _match(patterns, texts, found: set) -> None:
    for text in texts:
        for regex, model in patterns:
            if model not in found and regex.search(text):
                found.add(model)


def _written(node) -> bool:
    """Whether a C++ construct of the parse is in the text, not made up by error recovery: parsed as C++,
    PETSc's `PETSC_EXTERN PetscErrorCode AOSetType(AO, AOType);` gets a missing `::` (a function
    `PETSC_EXTERN::PetscErrorCode`), and C's `new` or `class` used as names end in ERROR nodes. A namespace
    counts with a real `::` after it; another construct outside ERROR, with none of its tokens missing.
    Neither counts in a C header's part for C++ includers (`#ifdef __cplusplus`), which leaves it C."""
    if node.type == "namespace_identifier":
        after = node.next_sibling
        if after is None or after.type != "::" or after.is_missing:
            return False
    elif any(child.is_missing for child in node.children):
        return False
    child, parent = node, node.parent
    while parent is not None:
        if parent.type == "ERROR" and node.type != "namespace_identifier" or _cplusplus_only(parent, child):
            return False
        child, parent = parent, parent.parent
    return True


_DEFINED_CPLUSPLUS = re.compile(rb"(!?)\s*defined\s*(?:\(\s*__cplusplus\s*\)|__cplusplus)")


def _cplusplus_only(parent, child) -> bool:
    """Whether `child` of an `#if` is the branch that only C++ compilers read (`#ifdef __cplusplus`, the
    `#else` of `#ifndef __cplusplus`, `#if defined(__cplusplus)`). A version test (`#if __cplusplus >= 201103L`)
    is not one: C++ headers make those."""
    if parent.type == "preproc_ifdef":
        name = parent.child_by_field_name("name")
        if name is None or name.text != b"__cplusplus":
            return False
        negated = parent.children[0].type == "#ifndef"
    elif parent.type == "preproc_if":
        cond = parent.child_by_field_name("condition")
        m = _DEFINED_CPLUSPLUS.fullmatch(cond.text.strip()) if cond is not None else None
        if m is None:
            return False
        negated = bool(m.group(1))
    else:
        return False
    return negated == (child == parent.child_by_field_name("alternative"))


def _pragma_operators(calls: list) -> list[str]:
    """The text of each `_Pragma("...")` among the calls of the parse."""
    out = []
    for node in calls:
        if node.text != b"_Pragma" or node.parent is None:
            continue
        args = node.parent.child_by_field_name("arguments")
        literal = args.named_children[0] if args is not None and args.named_children else None
        if literal is not None and literal.type == "string_literal":
            out.append(literal.text.decode("utf-8", "replace").strip('"'))
    return out


def _classify_c(path: str, data: bytes) -> Classification:
    ext = Path(path).suffix
    grammar = "c" if ext == ".c" else "cuda"  # the CUDA grammar is C++ plus CUDA
    caps, errors = _parse(grammar, data)
    models: set[str] = set()
    includes = [t.strip('<>"') for t in _texts(caps, "include")]
    _match(_INCLUDE_MODELS, includes, models)
    _match(_CALL_MODELS, _texts(caps, "call"), models)
    _match(_TYPE_MODELS, _texts(caps, "type"), models)
    # `#  pragma omp` (indented inside an #if, as many codes write it) is the same directive as `#pragma omp`;
    # `_Pragma("omp ...")` is the operator form that macros expand to
    pragmas = [arg for directive, arg in zip(_texts(caps, "directive"), _texts(caps, "pragma"))
               if "".join(directive.split()) == "#pragma"]
    pragmas += _pragma_operators(caps.get("call", []))
    for arg in pragmas:
        word = arg.split(None, 1)[0] if arg.split() else ""
        if word == "omp":
            models.add("openmp")
        elif word == "acc":
            models.add("openacc")
    namespaces = {n.text.decode("utf-8", "replace") for n in caps.get("namespace", []) if _written(n)}
    if "Kokkos" in namespaces:
        models.add("kokkos")
    if "sycl" in namespaces:
        models.add("sycl")
    if "MPI" in namespaces:  # the C++ bindings, MPI::COMM_WORLD
        models.add("mpi")
    cuda_code = bool(caps.get("launch") or caps.get("cuda_qualifier"))
    if cuda_code:
        models.add("cuda")
    if ext in (".cu", ".cuh") or (cuda_code and ext not in (".c",)):
        language = "cuda"
    elif ext in _CPP_EXT or namespaces or any(_written(n) for n in caps.get("cpp", [])):
        language = "c++"
    else:
        language = "c"
    return Classification(language, sorted(models), errors)


# -- Fortran -----------------------------------------------------------------------------------------------
def fixed_to_free(text: str) -> str:
    """Fixed-form Fortran (column 1 comments, column 6 continuations) as free form, line for line."""
    out: list[str] = []
    last_code = -1
    for line in text.split("\n"):
        head = line[:1]
        if head in ("c", "C", "*", "!", "d", "D") and not line.startswith("!$") or not line.strip():
            out.append("!" + line[1:] if line.strip() else line)
            continue
        if head == "#":  # cpp directive
            out.append(line)
            continue
        if line.startswith("!$") or line[:2].lower() in ("c$", "*$"):
            out.append("!$" + line[2:])
            continue
        if line[:1] == "\t":
            code = line[1:]
            cont = code[:1].isdigit() and code[:1] != "0"
            body = code[1:] if cont else code
        else:
            code = line[:72]
            cont = len(code) > 5 and code[5] not in " 0" and not code[:5].strip()
            body = code[6:] if cont else code[:5] + " " + code[6:]
        if cont and last_code >= 0:
            out[last_code] += " &"
            out.append("&" + body)
        else:
            out.append(body)
        last_code = len(out) - 1
    return "\n".join(out)


_FORTRAN_USE = {"mpi": "mpi", "mpi_f08": "mpi", "omp_lib": "openmp", "omp_lib_kinds": "openmp",
                "openacc": "openacc", "cudafor": "cuda"}


def _classify_fortran(path: str, data: bytes) -> Classification:
    if Path(path).suffix in _FIXED_FORM:
        data = fixed_to_free(data.decode("utf-8", "replace")).encode()
    caps, errors = _parse("fortran", data)
    models: set[str] = set()
    for module in _texts(caps, "use"):
        if module.lower() in _FORTRAN_USE:
            models.add(_FORTRAN_USE[module.lower()])
    for inc in _texts(caps, "include"):
        name = inc.strip("'\" ").lower()
        if name in ("mpif.h", "mpi.h"):
            models.add("mpi")
        elif name == "omp_lib.h":
            models.add("openmp")
    for call in _texts(caps, "call"):
        low = call.lower()
        if low.startswith("mpi_"):
            models.add("mpi")
        elif low.startswith("omp_"):
            models.add("openmp")
        elif low.startswith("acc_"):
            models.add("openacc")
    for comment in _texts(caps, "comment"):
        sentinel = comment[:5].lower()
        if sentinel.startswith("!$omp"):
            models.add("openmp")
        elif sentinel.startswith("!$acc"):
            models.add("openacc")
    return Classification("fortran", sorted(models), errors)


# -- Verilog, SystemVerilog --------------------------------------------------------------------------------
def _classify_verilog(path: str, data: bytes) -> Classification:
    caps, errors = _parse("verilog", data)
    sv = bool(caps.get("sv"))
    sv = sv or any(t in ("always_ff", "always_comb", "always_latch") for t in _texts(caps, "always"))
    sv = sv or any(t in ("logic", "bit") for t in _texts(caps, "vector_type"))
    language = "systemverilog" if sv or Path(path).suffix in (".sv", ".svh") else "verilog"
    return Classification(language, [], errors)


def classify(path: str, data: bytes) -> Classification:
    family = language_candidates(path)
    if family == "c":
        return _classify_c(path, data)
    if family == "fortran":
        return _classify_fortran(path, data)
    if family == "verilog":
        return _classify_verilog(path, data)
    return Classification(None)
