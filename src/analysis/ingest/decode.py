"""Bytes to text: encodings, byte-order marks, mojibake, line endings, non-text files.

Repairs are conservative: curly quotes, dashes and non-Latin scripts that were
right stay exactly as written. Mojibake evidence is pooled per file
(``_repair_mojibake``): the lines ftfy judges to be mojibake (``ftfy.badness.is_bad``)
are repaired with ``ftfy.fix_encoding``, each repair is cut into the damaged sequences
and their replacements (``mojibake_sequences``; ``â€™`` -> ``’``, ``ÄŸ`` -> ``ğ``), and
those sequences, only those, are then replaced on every line of the file where they
occur, also on lines ftfy alone would have left (a short damaged name, ``ErdoÄŸan``, on
an otherwise clean line). A sequence is kept as evidence only when it is not ASCII,
has at least two characters and is exactly UTF-8 read as Windows-1252 or Latin-1.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
from ftfy.badness import is_bad

_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip archive",
    b"PAR1": "a Parquet file", b"\x7fELF": "a program",
}
_NOT_CONTROL = bytes([9, 10, 12, 13]) + bytes(range(32, 256))
_MAX_CONTROL_SHARE = 0.01
"""Above this share of NUL and other control bytes in the first 4 kB, a file is binary; below,
a stray NUL or SUB (``\x00 \x1a``, as in 18 older Tehran Times files) is text (and
``body.normalise_line`` removes it)."""
_WINDOWS_1252_ONLY = re.compile(rb"[\x80-\x9f]")
"""Bytes where Windows-1252 (punctuation) and Latin-1 (control codes) differ."""


@dataclass(frozen=True)
class Decoded:
    """A file's text and how it was obtained.

    Attributes:
        text: the text, with ``\\n`` line endings and no byte-order mark.
        encoding: ``utf-8``, ``utf-16``, ``windows-1252``, ``latin-1`` or ``mixed``.
        notes: (line, message) pairs describing each repair made.
    """

    text: str
    encoding: str
    notes: list[tuple[int | None, str]] = field(default_factory=list)


class NotText(ValueError):
    """The bytes are not a text file (empty, binary or a known binary format)."""


def decode_page(data: bytes) -> Decoded:
    """Decode the bytes of a scraped page.

    Args:
        data: the file's bytes.

    Returns:
        The decoded text and notes on what was repaired.

    Raises:
        NotText: when the file is empty, blank or not text.
    """
    _check_is_text(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _normalise(Decoded(data.decode("utf-16"), "utf-16"))
        except UnicodeDecodeError as error:
            raise NotText(f"file starts with a UTF-16 byte-order mark but is not UTF-16 ({error.reason} "
                          f"at byte {error.start})") from None
    try:
        decoded = Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        decoded = _decode_lines_legacy(data)
    return _repair_mojibake(_normalise(decoded))


def _check_is_text(data: bytes) -> None:
    if not data.strip():
        raise NotText("file is empty" if not data else "file holds only white space")
    for magic, kind in _BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise NotText(f"file is {kind}, not a text page")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    head = data[:4096]
    controls = len(head.translate(None, _NOT_CONTROL))
    if controls > _MAX_CONTROL_SHARE * len(head):
        raise NotText("file is binary (NUL or control bytes), not a text page")


def _decode_lines_legacy(data: bytes) -> Decoded:
    encodings: list[str] = []
    lines: list[str] = []
    for raw_line in data.split(b"\n"):
        text, encoding = _decode_line(raw_line)
        lines.append(text)
        encodings.append(encoding)
    legacy = sorted(set(encodings) - {"ascii"})
    encoding = legacy[0] if len(legacy) == 1 else "mixed"
    note = f"file is not valid UTF-8; decoded as {encoding}"
    if encoding == "mixed":
        note += f" ({', '.join(legacy)} line by line)"
    return Decoded("\n".join(lines).removeprefix("\ufeff"), encoding, [(None, note)])


_ORPHANED_PUNCTUATION = re.compile(rb"(?<!\xe2)\x80([\x93\x94\x98\x99\x9c\x9d\xa6])")
"""A UTF-8 quote, dash or ellipsis (``E2 80 xx``) whose first byte was lost in a re-save: the
rest (``80 9C``) would read as "€œ" in Windows-1252."""

_AS_WINDOWS_1252 = {0x93: b"\x96", 0x94: b"\x97", 0x98: b"\x91", 0x99: b"\x92", 0x9C: b"\x93",
                    0x9D: b"\x94", 0xA6: b"\x85"}


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Bytes Windows-1252 leaves undefined (81, 8D, 8F, 90, 9D) read as Latin-1, the rest of the
    line still as Windows-1252."""
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("analysis-latin1-fallback", _latin1_fallback)


def _decode_line(raw_line: bytes) -> tuple[str, str]:
    if raw_line.isascii():
        return raw_line.decode("ascii"), "ascii"
    try:
        return raw_line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    raw_line = _ORPHANED_PUNCTUATION.sub(lambda match: _AS_WINDOWS_1252[match[1][0]], raw_line)
    if not _WINDOWS_1252_ONLY.search(raw_line):
        return raw_line.decode("latin-1"), "latin-1"
    return raw_line.decode("windows-1252", errors="analysis-latin1-fallback"), "windows-1252"


def _normalise(decoded: Decoded) -> Decoded:
    text = decoded.text
    if "\r" not in text:
        return decoded
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, decoded.encoding, decoded.notes)


def mojibake_sequences(before: str, after: str) -> dict[str, str]:
    """The damaged sequences of a repaired line and what they became.

    Args:
        before: a line ftfy judged to be mojibake.
        after: the same line after ``ftfy.fix_encoding``.

    Returns:
        Damaged sequence to its repair: each stretch of two to four non-ASCII characters whose
        bytes in Windows-1252 (ftfy's sloppy variant) or Latin-1 are the UTF-8 bytes of one
        character that the repaired line holds.
    """
    found: dict[str, str] = {}
    for match in _NON_ASCII_RUN.finditer(before):  # linear in the line (a diff is quadratic)
        run, position = match.group(), 0
        while position < len(run) - 1:
            for size in (4, 3, 2):
                damaged = run[position:position + size]
                repaired = _as_utf8(damaged)
                if len(damaged) == size and repaired is not None and repaired in after:
                    found[damaged] = repaired
                    position += size
                    break
            else:
                position += 1
    return found


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")


def _as_utf8(damaged: str) -> str | None:
    """What a stretch says when its Windows-1252 (or Latin-1) bytes are read as UTF-8: one
    character, else None."""
    for legacy in ("sloppy-windows-1252", "latin-1"):
        try:
            repaired = damaged.encode(legacy).decode("utf-8")
        except UnicodeError:
            continue
        if len(repaired) == 1:
            return repaired
    return None


def _repair_mojibake(decoded: Decoded) -> Decoded:
    if decoded.text.isascii():
        return decoded
    lines = decoded.text.split("\n")
    evidence: dict[str, str] = {}
    for line in lines:
        if not line.isascii() and is_bad(line):
            evidence.update(mojibake_sequences(line, ftfy.fix_encoding(line)))
    if not evidence:
        return decoded
    pattern = re.compile("|".join(re.escape(damaged) for damaged in sorted(evidence, key=len, reverse=True)))
    notes = list(decoded.notes)
    for number, line in enumerate(lines, start=1):
        fixed = pattern.sub(lambda match: evidence[match.group(0)], line)
        if fixed != line:
            notes.append((number, f"repaired mojibake: {_first_change(line, fixed)}"))
            lines[number - 1] = fixed
    return Decoded("\n".join(lines), decoded.encoding, notes)


def _first_change(before: str, after: str, width: int = 12) -> str:
    start = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), 0)
    return f"{before[start:start + width]!r} -> {after[start:start + width]!r}"
