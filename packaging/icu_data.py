"""A smaller ICU data library for the Linux package: Qt's ``libicudata.so.NN`` without the parts Qt never asks for.

PySide6's Qt on Linux links its own ICU, and ``libicudata`` (32 MB, half the weight of Qt) holds every ICU data
item. Qt Core calls ICU for four things only (``nm -D --undefined-only libQt6Core.so.6``): collation (``ucol_*``:
QCollator, e.g. the file dialog's sorting), time-zone names and IDs (``ucal_*``), codecs by name (``ucnv_*``:
QStringDecoder) and locale case mapping (``u_strToUpper``/``u_strToLower``: QLocale::toUpper). Those need the
collation tree (coll/), the zone-name tree (zone/), the converters and their aliases, the locale tree and the
supplemental tables (calendar, zone and locale data). Nothing Qt calls reads the rest, which is dropped here:

- ``brkitr/`` word and line breaking with its dictionaries (Qt breaks text with its own tables),
- ``unit/``, ``curr/``, ``lang/``, ``region/``, ``rbnf/``: names of units, currencies, languages and regions,
  spelled-out numbers (Qt's QLocale carries its own CLDR data),
- ``translit/`` transliteration, ``unames.icu`` character names, ``confusables.cfu`` spoof checks, ``*.spp``
  StringPrep profiles, ``nfkc*.nrm`` and ``uts46.nrm`` (NFKC and IDNA: Qt has its own IDNA and normalisation),
  ``uemoji.icu`` and ``ulayout.icu`` (properties only regular expressions and break iterators look up).

``packaging/metrifox-inspector.spec`` builds the library (with the C compiler: it only holds the data as one
symbol) and ships it in place of Qt's; ``--self-check`` asks Qt for a collation, a zone name, a codec and a
locale's case mapping, and the smoke test checks the answers. Run by hand:

    python packaging/icu_data.py PySide6/Qt/lib/libicudata.so.73 OUT_DIR
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from fnmatch import fnmatchcase
from pathlib import Path

# Item names (without the "icudt73l/" package prefix), as shell patterns.
DROPPED = (
    "brkitr/*", "unit/*", "curr/*", "lang/*", "region/*", "rbnf/*", "translit/*",
    "unames.icu", "confusables.cfu", "*.spp", "nfkc.nrm", "nfkc_cf.nrm", "uts46.nrm", "uemoji.icu", "ulayout.icu",
)
_ALIGN = 16  # ICU aligns every item (and the symbol holding them) to 16 bytes
_PAD = b"\xaa"  # what icupkg pads with: a package read and written again is the same bytes


def dropped(name: str) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in DROPPED)


def read_items(common: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """An ICU common data package ("CmnD", as ``icupkg`` writes it) → its header and (name, bytes) items."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", common, 0)
    if (magic1, magic2) != (0xDA, 0x27) or common[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package (little-endian CmnD)")
    count = struct.unpack_from("<I", common, header_size)[0]
    entries = [struct.unpack_from("<II", common, header_size + 4 + 8 * i) for i in range(count)]
    ends = [offset for _, offset in entries[1:]] + [len(common) - header_size]
    items = []
    for (name_at, data_at), end in zip(entries, ends, strict=True):
        start = header_size + name_at
        name = common[start : common.index(b"\0", start)].decode("ascii")
        items.append((name, common[header_size + data_at : header_size + end]))
    return common[:header_size], items


def write_items(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The package again: the same header, a table of contents (names sorted: ICU searches it by halves)."""
    items = sorted(items)
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    data_at = -(-(len(header) + toc_size + len(names)) // _ALIGN) * _ALIGN - len(header)
    entries, blobs, name_at = [], [], toc_size
    for name, blob in items:
        entries.append(struct.pack("<II", name_at, data_at))
        name_at += len(name) + 1
        padded = blob + _PAD * (-len(blob) % _ALIGN)
        blobs.append(padded)
        data_at += len(padded)
    toc = struct.pack("<I", len(items)) + b"".join(entries) + names
    toc += _PAD * (-(len(header) + len(toc)) % _ALIGN)
    return header + toc + b"".join(blobs)


def common_data(library: Path) -> tuple[str, bytes]:
    """The data symbol of Qt's ``libicudata.so.NN`` (``icudtNN_dat``) and its bytes, read from the ELF file."""
    # binutils from PATH, as PyInstaller itself uses them on Linux
    nm = ["nm", "-D", "-S", "--defined-only", str(library)]
    symbols = subprocess.run(nm, capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"^([0-9a-f]+) ([0-9a-f]+) R (icudt\d+_dat)$", symbols, re.MULTILINE)
    if match is None:
        raise ValueError(f"{library}: no icudtNN_dat symbol")
    address, size, symbol = int(match[1], 16), int(match[2], 16), match[3]
    readelf = ["readelf", "-S", "-W", str(library)]
    sections = subprocess.run(readelf, capture_output=True, text=True, check=True).stdout  # noqa: S603
    for line in sections.splitlines():  # [Nr] Name Type Address Off Size …: the file offset of the address
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[2] == "PROGBITS":
            start, offset, length = int(fields[3], 16), int(fields[4], 16), int(fields[5], 16)
            if start <= address < start + length:
                with library.open("rb") as file:
                    file.seek(offset + address - start)
                    return symbol, file.read(size)
    raise ValueError(f"{library}: {symbol} is in no section")


def build(library: Path, out_dir: Path) -> tuple[Path, int, int]:
    """Write the smaller library (same file name and SONAME) into ``out_dir``: (path, items kept, items dropped)."""
    symbol, common = common_data(library)
    header, items = read_items(common)
    kept = [(name, blob) for name, blob in items if not dropped(name.split("/", 1)[-1])]
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / library.name
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "icudata.dat"
        data.write_bytes(write_items(header, kept))
        source = Path(work) / "icudata.S"
        source.write_text(
            f'.section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign {_ALIGN}\n{symbol}:\n'
            f'.incbin "{data}"\n.size {symbol}, . - {symbol}\n.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        compiler = shutil.which("cc") or shutil.which("gcc")
        if compiler is None:
            raise RuntimeError("a C compiler (cc) is needed to build the smaller ICU data library")
        link = [compiler, "-shared", "-nostdlib", "-s", f"-Wl,-soname,{library.name}", "-Wl,-z,noexecstack"]
        subprocess.run([*link, "-o", str(target), str(source)], check=True)  # noqa: S603 - our own paths
    return target, len(kept), len(items) - len(kept)


if __name__ == "__main__":
    path, kept_count, dropped_count = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB, {kept_count} ICU data items kept, {dropped_count} dropped")
