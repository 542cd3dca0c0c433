"""One scraped page, as text, into its parts.

The shape, top to bottom::

    Headline                       (twice, with a blank line between)
    Sun Feb 28, 2016 16:42:01      (date line)
    Body paragraphs ...
    S/SH 11                        (editor signature)
    string(1886) "[{...}, ...]"    (var_dump of the related-stories JSON)

Every part may be missing or malformed; each problem becomes a note with the
field and line concerned, and the rest of the page is still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from analysis.ingest.dates import looks_like_date_line, parse_date_line
from analysis.ingest.dump import find_dump, parse_dump
from analysis.ingest.related import RelatedItem, related_items
from analysis.ingest.text import ENTITY, normalise_space, unescape_entities

SIGNATURE = re.compile(r"^[A-Z]{1,5}(?:\s?/\s?[A-Z]{1,5})+(?:\s+\d{1,4})?$")
"""An editor signature such as ``S/SH 11``."""



@dataclass(frozen=True)
class Note:
    """A problem met while reading a page (becomes a warning in the ledger).

    Attributes:
        field: the part of the page concerned.
        line: 1-based line in the decoded text, or None.
        message: what was found and what was done.
    """

    field: str
    line: int | None
    message: str


@dataclass(frozen=True)
class Page:
    """The parts of one page.

    Attributes:
        title: the headline, or "" when there is none.
        published: naive wall-clock time of the date line, or None.
        body: paragraphs separated by a blank line.
        signature: the editor signature, or None.
        related: the related-story items as found, in listed order.
        related_line: the line where the related-stories dump starts, or None.
        notes: problems met, in page order (those tied to no line last).
    """

    title: str
    published: datetime | None
    body: str
    signature: str | None
    related: list[RelatedItem]
    related_line: int | None
    notes: list[Note] = field(default_factory=list)


def parse_page(text: str) -> Page:
    """Split a decoded page into headline, date, body, signature and related stories.

    Args:
        text: the page, with ``\\n`` line endings.

    Returns:
        The parts found, with a note for each part missing or malformed.
    """
    notes: list[Note] = []
    dump_match = find_dump(text)
    head = text if dump_match is None else text[:dump_match.start()]
    related, related_line = _read_dump(text, dump_match, notes)
    lines = [(number, line.strip()) for number, line in enumerate(head.split("\n"), start=1)]
    filled = [(number, line) for number, line in lines if line]
    title, position = _read_headline(filled, notes)
    published, position = _read_date(filled, position, notes)
    signature, end = _read_signature(filled, position, notes)
    body = _read_body(lines, filled, position, end, notes)
    title = _unescaped(title, "title", filled[0][0] if filled else None, notes)
    notes.sort(key=lambda note: (note.line is None, note.line or 0))
    return Page(title, published, body, signature, related, related_line, notes)


def _read_dump(
    text: str, match: re.Match[str] | None, notes: list[Note]
) -> tuple[list[RelatedItem], int | None]:
    if match is None:
        notes.append(Note("related", None, "no related-stories dump found; related list left empty"))
        return [], None
    line = text.count("\n", 0, match.start()) + 1
    dump = parse_dump(text[match.start():])
    notes.extend(Note("related", line, problem) for problem in dump.problems)
    items, problems = related_items(dump.items)
    notes.extend(Note("related", line, problem) for problem in problems)
    return items, line


def _read_headline(filled: list[tuple[int, str]], notes: list[Note]) -> tuple[str, int]:
    if not filled:
        notes.append(Note("title", None, "page has no text before the related-stories dump"))
        return "", 0
    first_line, title = filled[0]
    if looks_like_date_line(title):
        notes.append(Note("title", first_line, "page starts with the date line; no headline"))
        return "", 0
    if len(filled) == 1 or looks_like_date_line(filled[1][1]):
        notes.append(Note("title", first_line, "headline appears once, expected twice"))
        return title, 1
    if normalise_space(filled[1][1]) == normalise_space(title):
        return title, 2
    if len(filled) > 2 and looks_like_date_line(filled[2][1]):
        notes.append(Note("title", filled[1][0],
                          f"second headline {filled[1][1]!r} differs from the first; kept the first"))
        return title, 2
    notes.append(Note("title", first_line, "headline appears once, expected twice"))
    return title, 1


def _read_date(
    filled: list[tuple[int, str]], position: int, notes: list[Note]
) -> tuple[datetime | None, int]:
    if position >= len(filled) or not looks_like_date_line(filled[position][1]):
        line = filled[position][0] if position < len(filled) else None
        notes.append(Note("published", line,
                          "no date line after the headline (expected like 'Sun Feb 28, 2016 16:42:01'); "
                          "date left empty"))
        return None, position
    line, text = filled[position]
    parsed = parse_date_line(text)
    if parsed.problem:
        suffix = "" if parsed.moment else "; date left empty"
        notes.append(Note("published", line, parsed.problem + suffix))
    return parsed.moment, position + 1


def _read_signature(
    filled: list[tuple[int, str]], position: int, notes: list[Note]
) -> tuple[str | None, int]:
    if len(filled) > position and SIGNATURE.match(filled[-1][1]):
        return filled[-1][1], len(filled) - 1
    line = filled[-1][0] if filled else None
    notes.append(Note("signature", line, "no editor signature (like 'S/SH 11') before the related list"))
    return None, len(filled)


def _read_body(
    lines: list[tuple[int, str]], filled: list[tuple[int, str]], start: int, end: int,
    notes: list[Note],
) -> str:
    if start >= end:
        line = filled[start][0] if start < len(filled) else None
        notes.append(Note("body", line, "body is empty"))
        return ""
    first, last = filled[start][0], filled[end - 1][0]
    paragraphs: list[list[str]] = [[]]
    for _, line in lines[first - 1:last]:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    body = "\n\n".join("\n".join(paragraph) for paragraph in paragraphs if paragraph)
    return _unescaped(body, "body", first, notes)


def _unescaped(text: str, part: str, line: int | None, notes: list[Note]) -> str:
    decoded = unescape_entities(text)
    if decoded != text:
        found = sorted(set(ENTITY.findall(text)))[:5]
        notes.append(Note(part, line, f"decoded HTML entities {', '.join(found)}"))
    return decoded
