"""What device code a host object compiled by nvcc carries, read without a GPU or cuobjdump.

nvcc puts the device code of a translation unit in the `.nv_fatbin` section of the host
object: a fat binary holding, per target, a cubin (an ELF file) or PTX text. We build with
`--compress-mode=none`, so both are readable as they are. This is what lets the harness reject,
on a machine without a GPU, a candidate whose "kernel" is host code, or whose kernel cannot
write anything.

Layout (little-endian): a 16-byte header (magic 0xBA55ED50, version, header size, payload
size), then entries of a 16-bit kind (1 PTX, 2 cubin), a header size and a payload size, the
target architecture at byte 28 of the entry header and flags at byte 40 (0x2000/0x8000: compressed).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

FATBIN_MAGIC = 0xBA55ED50
KIND_PTX, KIND_CUBIN = 1, 2
COMPRESSED = 0x2000 | 0x8000
STT_FUNC = 2
STO_CUDA_ENTRY = 0x10  # st_other of a symbol that is a kernel (an entry), not a device function


@dataclass
class DeviceCode:
    cubins: dict[int, dict[str, int]] = field(default_factory=dict)  # sm -> {kernel symbol: code size}
    ptx: dict[int, str] = field(default_factory=dict)  # compute capability -> PTX text
    compressed: bool = False  # some entry could not be read (built without --compress-mode=none)


def _sections(elf: bytes) -> list[tuple[str, int, int, int, int, int]]:
    """(name, type, offset, size, link, entsize) of each section of a 64-bit little-endian ELF file."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        return []
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
    # (sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info, sh_addralign, sh_entsize)
    heads = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    names_off = heads[shstrndx][4]
    return [(_cstr(elf, names_off + h[0]), h[1], h[4], h[5], h[6], h[9]) for h in heads]


def _cstr(data: bytes, start: int) -> str:
    return data[start:data.index(b"\0", start)].decode("latin-1")


def section(elf: bytes, wanted: str) -> bytes | None:
    for name, _, off, size, _, _ in _sections(elf):
        if name == wanted:
            return elf[off:off + size]
    return None


def _kernels(cubin: bytes) -> dict[str, int]:
    """The kernels (entry functions) a cubin defines, with the size of their code."""
    secs = _sections(cubin)
    symtab = next((s for s in secs if s[0] == ".symtab"), None)
    if symtab is None or symtab[4] >= len(secs):
        return {}
    _, _, off, size, link, entsize = symtab
    strings = secs[link][2]
    entsize = entsize or 24
    out = {}
    for i in range(size // entsize):
        st_name, st_info, st_other, _, _, st_size = struct.unpack_from("<IBBHQQ", cubin, off + i * entsize)
        if st_info & 0xF == STT_FUNC and st_other & STO_CUDA_ENTRY:
            out[_cstr(cubin, strings + st_name)] = st_size
    return out


def device_code(obj: Path) -> DeviceCode:
    """The cubins and PTX in a host object's fat binary (empty when it has no device code)."""
    code = DeviceCode()
    data = section(obj.read_bytes(), ".nv_fatbin")
    pos = 0
    while data and pos + 16 <= len(data):
        magic, _, header, size = struct.unpack_from("<IHHQ", data, pos)
        if magic != FATBIN_MAGIC:
            break
        entry, end = pos + header, pos + header + size
        while entry + 48 <= end:
            kind, _, ehead, esize = struct.unpack_from("<HHIQ", data, entry)
            arch, = struct.unpack_from("<I", data, entry + 28)
            flags, = struct.unpack_from("<Q", data, entry + 40)
            payload = data[entry + ehead:entry + ehead + esize]
            if flags & COMPRESSED:
                code.compressed = True
            elif kind == KIND_CUBIN:
                code.cubins[arch] = _kernels(payload)
            elif kind == KIND_PTX:
                code.ptx[arch] = payload.split(b"\0", 1)[0].decode("utf-8", "replace")
            entry += ehead + esize
        pos = end
    return code


# Instructions that write memory a kernel's caller can see: stores and atomics to global or
# generic addresses, and bulk copies out of shared memory. Stores to .shared, .local or .param
# alone leave the outputs untouched.
_WRITE = re.compile(r"^\s*(?:@!?%\w+\s+)?((?:st|atom|red|multimem\.st|multimem\.red)\.[\w.:]*|"
                    r"cp(?:\.reduce)?\.async\.bulk(?:\.tensor)?\.[\w.:]*)", re.M)


def ptx_writes_memory(ptx: str) -> bool:
    for m in _WRITE.finditer(ptx):
        op = m.group(1)
        parts = op.split(".")
        if op.startswith("cp"):
            if ".global" in op.split("shared")[0] or ".tensor" in op:
                return True
        elif not any(space in parts for space in ("shared", "local", "param", "shared::cta", "shared::cluster")):
            return True
    return False


# A function of the PTX with its body: `.entry NAME(` or `.func (RET) NAME(`, its body from the `{` that opens it
# to the one that closes it (braces nest: blocks inside, `{%a, %b}` operands); a declaration has none.
_FUNCTION = re.compile(r"^(?:\.(?:visible|weak|extern)\s+)*\.(entry|func)\s+(?:\([^)]*\)\s*)?([\w$]+)\s*\(", re.M)
_CALL = re.compile(r"\bcall(?:\.\w+)*\s+(?:\([^)]*\)\s*,\s*)?(%?[\w$]+)")


def ptx_functions(ptx: str) -> dict[str, str]:
    """Name -> body of every kernel and device function the PTX defines."""
    out = {}
    for m in _FUNCTION.finditer(ptx):
        start = ptx.find("\n{", m.end())
        semi = ptx.find(";", m.end())
        if start < 0 or (0 <= semi < start and ptx[m.end():semi].count("(") <= ptx[m.end():semi].count(")")):
            continue  # a declaration
        depth, end = 0, len(ptx)
        for i in range(start + 1, len(ptx)):
            c = ptx[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
        out[m.group(2)] = ptx[start:end]
    return out


def entry_writes_memory(ptx: str, entries: set[str]) -> bool:
    """Whether the code the entry kernels run (with the device functions they call, transitively) writes memory
    their caller can see: another kernel of the sample that stores does not make an empty entry one that does.
    PTX without these entries, or with an indirect call, is judged whole."""
    functions = ptx_functions(ptx)
    todo = [e for e in entries if e in functions]
    if not todo:
        return ptx_writes_memory(ptx)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for callee in _CALL.findall(functions[name]):
            if callee.startswith("%"):  # through a pointer: any function may be the one
                return ptx_writes_memory(ptx)
            if callee in functions:
                todo.append(callee)
    return any(ptx_writes_memory(functions[name]) for name in seen)
