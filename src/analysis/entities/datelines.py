"""Datelines: the place (and agency) a news body opens with, before a dash.

Agencies and outlets write them in upper case, with a hyphen, an en or em dash,
a double hyphen or an underscore, spaced or not, and sometimes a region, a date
and the agency in brackets:

    TEHRAN – ...            TEHRAN- ...            TEHRAN_ ...  (Tehran Times)
    MOSCOW (Sputnik) – ...  BEIRUT, Lebanon (AP) — ...
    PORTLAND, Ore., Feb 26 - ...                                 (Reuters, 1987)

The small English model misses most of them: it reads upper-case words as
organisations or not at all, and the tokenizer glues "TEHRAN-" into one token.
``read_dateline`` finds them with one anchored regular expression on the first
line of the body, so its cost does not grow with the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Z'’.-]*[A-Z.](?: [A-Z][A-Z'’.-]*[A-Z.])*)"  # TEHRAN, NEW YORK, U.S.
    r"(?P<more>(?:,[ \t]*[A-Z][A-Za-z0-9 .'’-]{0,24}?)*)"  # , Lebanon / , Ore. / , Feb 26
    r"[ \t]*(?:\((?P<agency>[^()\n]{1,40})\))?"  # (AP) / (Sputnik)
    r"[ \t]*(?:--?(?=[ \t])|[–—]|(?<=[ \t])_(?=[ \t]))"  # - – — -- _
)
_DATE = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}$", re.I)


@dataclass(frozen=True)
class Part:
    """A piece of a dateline: character offsets into the whole text, and the text as written."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Dateline:
    """A text's dateline.

    Attributes:
        places: the place, then any region or country after commas ("BEIRUT", "Lebanon");
            dates are left out.
        agency: the agency in brackets ("AP"), or None.
        end: offset just after the closing dash.
    """

    places: tuple[Part, ...]
    agency: Part | None
    end: int


def body_start(text: str) -> int:
    """Offset of the body: after the first line break (the headline's end), else 0."""
    end = text.find("\n")
    return 0 if end < 0 else end + 1


def read_dateline(text: str) -> Dateline | None:
    """Read the dateline at the start of a text's body.

    Args:
        text: headline, a line break, then the body (a text with no line break is all body).

    Returns:
        The dateline, or None when the body does not open with an upper-case place
        followed (after optional commas, date and agency) by a dash.
    """
    found = _DATELINE.match(text, body_start(text))
    if found is None:
        return None
    places = [Part(found.start("place"), found.end("place"), found["place"])]
    position = found.start("more")
    for piece in found["more"].split(","):
        stripped = piece.strip()
        if stripped and not _DATE.match(stripped):
            start = position + piece.index(stripped)
            places.append(Part(start, start + len(stripped), stripped))
        position += len(piece) + 1
    agency = Part(found.start("agency"), found.end("agency"), found["agency"]) if found["agency"] else None
    return Dateline(tuple(places), agency, found.end())
