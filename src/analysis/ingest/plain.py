"""Plain-text articles: one article per file, with no date line and no related-stories dump.

``looks_like_page`` tells the site's page shape (``analysis.ingest.page``) from plain text:
a page has the related-stories ``var_dump``, or a date line among its first
``PAGE_DATE_WITHIN`` non-blank lines with only headline-long lines before it, or its
headline written twice at the top. Anything
else is read by ``parse_plain``:

- **Title.** The first non-blank line is the title when it stands alone as a headline
  (``headline_of``): some text follows it (after a blank line or not); it has at least two
  and at most ``MAX_TITLE_WORDS`` words and at most ``MAX_TITLE_CHARS`` characters; it does
  not end with ``.``, ``,``, ``;``, ``:``, a dash or an ellipsis (``?``, ``!`` and closing
  quotes are fine); it does not start with a dateline (``TEHRAN –``); it is not an editor
  code; the next line does not start in lower case (which would make it a wrapped
  sentence); and, when the file name holds a title slug of ``MIN_SLUG_WORDS`` words or more,
  it agrees with the slug (``SLUG_AGREEMENT``). Otherwise the title comes from the file name
  (``title_from_name``). A line ending in a quoted sentence (``...?”``) is a pull quote.
- **Signature.** An editor-code line (``MQ/MG``, ``S/SH 11``: ``page.SIGNATURE``) among the
  last two non-blank lines (Tehran Times puts it just before the licence line).
- **Body.** The rest, as written. When the body has no blank line, each line is a paragraph
  (after dropping crawler restatements, ``body.reduce_repeats``, and joining hard-wrapped
  lines, ``body.join_wrapped``), so that paragraphs are separated by blank lines as
  ``articles.body`` requires.
- **Date.** None: ``published`` is left empty. This is not a warning per file (a corpus of
  undated files would bury the real warnings); the ``info`` row each plain file gets says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from analysis.ingest.body import join_wrapped, reduce_repeats
from analysis.ingest.dates import looks_like_date_line
from analysis.ingest.dump import find_dump
from analysis.ingest.page import SIGNATURE
from analysis.ingest.text import normalise_space

PAGE_DATE_WITHIN = 3
"""A page's date line is among its first this many non-blank lines (headline twice, then date)."""

MAX_TITLE_WORDS = 20
MAX_TITLE_CHARS = 150

MIN_SLUG_WORDS = 3
SLUG_AGREEMENT = 0.6
"""When the file name holds a title slug of at least ``MIN_SLUG_WORDS`` words, the first line is
the headline only if at least this share of the slug's words are among its words (the slug may
be cut short); otherwise the line is a standfirst or a pull quote and the slug is the title."""

_NOT_TITLE_END = re.compile(r"(?:[.,;:\-–—…]|[.!?…][\"”’')\]]+)$")
"""A line ending like a sentence or a clause, or a quoted sentence (a pull quote: ``...?”``)."""
_DATELINE = re.compile(r"^[A-Z][A-Z .’']{1,30}\s*[-–—]")
"""A dateline opening a body: ``TEHRAN –``, ``NEW YORK -``, ``TEHRAN—``."""
_ID_PREFIX = re.compile(r"^_*(?:[A-Za-z]{1,12}_)?\d+[_-]+")
"""A leading id in a file name: ``_news_407123_``, ``407123-``, ``story_12_``."""
_SLUG_BREAK = re.compile(r"[-_\s]+")
_CLITIC = re.compile(r"(?<=\w) (s|t)(?= |$)")


@dataclass(frozen=True)
class PlainArticle:
    """One plain-text article.

    Attributes:
        title: the headline (from the first line or the file name).
        title_from: ``"first line"`` or ``"file name"``.
        title_line: the 1-based line of the headline when taken from the text, else None.
        body: paragraphs separated by a blank line.
        signature: the editor code, or None.
    """

    title: str
    title_from: str
    title_line: int | None
    body: str
    signature: str | None


def looks_like_page(text: str) -> bool:
    """Tell whether decoded text is in the site's page shape rather than plain text.

    Args:
        text: the decoded file, ``\\n`` line endings.

    Returns:
        True when it has a related-stories dump, a date line among its first
        ``PAGE_DATE_WITHIN`` non-blank lines after headline-long lines only (at most
        ``MAX_TITLE_CHARS``), or the same headline-long first two non-blank lines.
    """
    if find_dump(text) is not None:
        return True
    top = []
    for line in text.split("\n"):
        if line.strip():
            top.append(line.strip())
            if len(top) == PAGE_DATE_WITHIN:
                break
    for position, line in enumerate(top):
        if looks_like_date_line(line):
            return all(len(headline) <= MAX_TITLE_CHARS for headline in top[:position])
    return (len(top) >= 2 and len(top[0]) <= MAX_TITLE_CHARS
            and normalise_space(top[0]) == normalise_space(top[1]))


def title_from_name(name: str) -> str:
    """Make a title from a file name: id prefix and suffix dropped, dashes and underscores to spaces.

    ``_news_407123_Iran-says-talks-go-on.txt`` gives ``Iran says talks go on``; a lone ``s``
    or ``t`` after a word was an apostrophe (``Iran-s-oil`` gives ``Iran's oil``).

    Args:
        name: the file's name or path (only the last part is used).

    Returns:
        The title; the bare name when nothing is left after the id prefix.
    """
    stem = PurePosixPath(name).name
    if "." in stem.lstrip("._"):
        stem = stem[:stem.rfind(".")]
    words = _SLUG_BREAK.sub(" ", _ID_PREFIX.sub("", stem)).strip()
    return _CLITIC.sub(r"'\1", words) if words else stem


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", folded)


def agrees_with_slug(line: str, name: str) -> bool:
    """Tell whether a line can be the headline the file name's slug was made from.

    Args:
        line: a candidate headline.
        name: the file's name.

    Returns:
        True when the name holds fewer than ``MIN_SLUG_WORDS`` words after its id prefix
        (nothing to agree with), or when at least ``SLUG_AGREEMENT`` of them are words of
        the line (accents folded, case ignored).
    """
    slug = _words(title_from_name(name).replace("'", " "))
    if len(slug) < MIN_SLUG_WORDS:
        return True
    words = set(_words(line))
    return sum(word in words for word in slug) >= SLUG_AGREEMENT * len(slug)


def headline_of(filled: list[tuple[int, str]], name: str = "") -> str | None:
    """The first non-blank line when it stands alone as a headline (rules in the module doc).

    Args:
        filled: the non-blank lines as (line number, stripped text).
        name: the file's name, whose slug a headline must agree with (``agrees_with_slug``).

    Returns:
        The headline, or None.
    """
    if len(filled) < 2:
        return None
    first, following = filled[0][1], filled[1][1]
    words = first.split()
    return first if (
        2 <= len(words) <= MAX_TITLE_WORDS and len(first) <= MAX_TITLE_CHARS
        and not _NOT_TITLE_END.search(first) and not _DATELINE.match(first)
        and not SIGNATURE.match(first) and not following[:1].islower()
        and agrees_with_slug(first, name)
    ) else None


def _signature(filled: list[tuple[int, str]], start: int) -> int | None:
    for position in range(len(filled) - 1, max(start, len(filled) - 2) - 1, -1):
        if SIGNATURE.match(filled[position][1]):
            return position
    return None


def _body(lines: list[str]) -> str:
    if any(not line.strip() for line in lines):
        return "\n".join(lines).strip("\n")
    kept, _ = reduce_repeats(lines)  # before joining: a restatement must stay its own line
    return "\n\n".join(join_wrapped(kept))


def parse_plain(text: str, name: str) -> PlainArticle:
    """Read a plain-text article.

    Args:
        text: the decoded file, ``\\n`` line endings (not empty: ``decode_page`` refuses that).
        name: the file's name (the title when no line stands alone as a headline).

    Returns:
        The article.
    """
    lines = text.split("\n")
    filled = [(number, line.strip()) for number, line in enumerate(lines, start=1) if line.strip()]
    headline = headline_of(filled, name)
    start = 1 if headline is not None else 0
    signed = _signature(filled, start)
    signature = filled[signed][1] if signed is not None else None
    skip = {filled[signed][0]} if signed is not None else set()
    first = filled[start][0] if start < len(filled) else len(lines) + 1
    body_lines = [line for number, line in enumerate(lines, start=1)
                  if number >= first and number not in skip]
    if headline is not None:
        return PlainArticle(headline, "first line", filled[0][0], _body(body_lines), signature)
    return PlainArticle(title_from_name(name), "file name", None, _body(body_lines), signature)
