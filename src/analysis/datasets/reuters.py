"""Reuters-21578, Distribution 1.0: a tolerant reader of the original SGML, and the
pure rules that turn its stories into the demo corpus.

The files are SGML, not XML, so they are read with regular expressions, one
``<REUTERS>`` element at a time: latin-1 text, control characters written as
numeric references (``&#3;``), dates with spaces and junk after them, and
``TYPE="BRIEF"`` (title only) and ``TYPE="UNPROC"`` (no markup) stories.

Terms: the collection is for research use only; acknowledge "Reuters-21578,
Distribution 1.0" (Lewis, D. D., 1997).
"""

from __future__ import annotations

import gzip
import logging
import re
from bisect import bisect_left
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import CORPORA_DIR

logger = logging.getLogger(__name__)

STORY_DTYPES: dict[str, str] = {
    "new_id": "object", "date": "datetime64[ns]", "title": "object", "dateline": "object",
    "body": "object", "topics": "object", "places": "object", "people": "object",
    "orgs": "object", "exchanges": "object", "lewis_split": "object", "text_type": "object",
}
"""The columns of ``read_reuters``'s table and their dtypes (documented there)."""

FOCUS_TOPICS = frozenset({"crude", "nat-gas", "gas", "fuel", "heat", "ship", "pet-chem"})
"""Energy and shipping topics: every pageable story with one of them is in the demo."""

RELATED_LIMIT = 10
"""How many related stories a page lists."""

NO_TOPIC_CODE = "XX"
"""Signature letters of a story with no topic (no topic code starts with ``xx``)."""

_TAG_LISTS = ("topics", "places", "people", "orgs", "exchanges")
_STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_ATTRIBUTE = re.compile(r'([A-Z]+)="([^"]*)"')
_ELEMENT = {
    name: re.compile(rf"<{name.upper()}>(.*?)</{name.upper()}>", re.S)
    for name in ("date", "title", "dateline", "body", *_TAG_LISTS)
}
_TEXT = re.compile(r"<TEXT\b([^>]*)>", re.S)
_CODE = re.compile(r"<D>(.*?)</D>", re.S)
_NUMERIC_REF = re.compile(r"&#(\d+);")
_DATE = re.compile(
    r"(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?"
)
_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}
_SIGN_OFF = re.compile(r"(?:\s+reut(?:e|er|ers)?\b\.*)+\s*\Z", re.I)


def read_reuters(path: Path | None = None) -> pd.DataFrame:
    """Read every story of the Reuters-21578 SGML files ``sgm/*.sgm.gz``.

    Args:
        path: the corpus folder, holding ``sgm/reut2-NNN.sgm.gz``; defaults to
            ``CORPORA_DIR / "reuters21578"``.

    Returns:
        One row per ``<REUTERS>`` story, in file order (by NEWID), with columns:

        - ``new_id`` (str): the NEWID attribute, e.g. ``"1"``; unique.
        - ``date`` (naive datetime64): the ``<DATE>`` as written (Reuters gives no
          zone), centiseconds kept; NaT where no date can be read.
        - ``title`` (str or None): the ``<TITLE>`` as written (upper case), entities
          decoded, whitespace collapsed; None when absent (``UNPROC`` stories).
        - ``dateline`` (str or None): e.g. ``"SALVADOR, Feb 26 -"``; None when absent.
        - ``body`` (str or None): the ``<BODY>`` with paragraphs unwrapped (the
          hard-wrapped lines of a paragraph joined by one space, runs of spaces
          collapsed), paragraphs separated by ``"\\n\\n"``, control references and
          the closing "Reuter" sign-off removed; None for ``BRIEF`` and ``UNPROC``.
        - ``topics``, ``places``, ``people``, ``orgs``, ``exchanges`` (list of str):
          the lower-case ``<D>`` codes in document order, e.g. ``["el-salvador", "usa"]``.
        - ``lewis_split`` (str): ``"TRAIN"``, ``"TEST"`` or ``"NOT-USED"``.
        - ``text_type`` (str): ``"NORM"``, ``"BRIEF"`` or ``"UNPROC"``.

    Raises:
        FileNotFoundError: when the folder or its ``sgm/*.sgm.gz`` files are missing.
    """
    folder = CORPORA_DIR / "reuters21578" if path is None else Path(path)
    files = sorted((folder / "sgm").glob("*.sgm.gz"))
    if not files:
        raise FileNotFoundError(
            f"{folder}: no Reuters-21578 files sgm/*.sgm.gz found; expected the shared "
            "corpus folder (see its README.md)"
        )
    records = [_story_record(attributes, inner)
               for file in files for attributes, inner in _elements(file)]
    stories = pd.DataFrame(records, columns=list(STORY_DTYPES)).astype(STORY_DTYPES)
    logger.info("read %d stories from %d files in %s; %d dates unreadable",
                len(stories), len(files), folder, stories["date"].isna().sum())
    return stories


def _elements(file: Path) -> Iterator[tuple[str, str]]:
    with gzip.open(file, "rt", encoding="latin-1") as handle:
        text = handle.read()
    for match in _STORY.finditer(text):
        yield match.group(1), match.group(2)


def _story_record(attributes: str, inner: str) -> dict[str, object]:
    story_attributes = dict(_ATTRIBUTE.findall(attributes))
    text_tag = _TEXT.search(inner)
    text_attributes = dict(_ATTRIBUTE.findall(text_tag.group(1))) if text_tag else {}
    raw = {name: _element(inner, name) for name in ("date", "title", "dateline", "body")}
    return {
        "new_id": story_attributes["NEWID"],
        "date": parse_reuters_date(raw["date"]) if raw["date"] is not None else None,
        "title": _one_line(raw["title"]),
        "dateline": _one_line(raw["dateline"]),
        "body": (unwrap_body(raw["body"]) or None) if raw["body"] is not None else None,
        **{name: _codes(_element(inner, name)) for name in _TAG_LISTS},
        "lewis_split": story_attributes.get("LEWISSPLIT"),
        "text_type": text_attributes.get("TYPE", "NORM"),
    }


def _element(inner: str, name: str) -> str | None:
    match = _ELEMENT[name].search(inner)
    return match.group(1) if match else None


def _codes(raw: str | None) -> list[str]:
    return [] if raw is None else [code.strip().lower() for code in _CODE.findall(raw)]


def _one_line(raw: str | None) -> str | None:
    text = " ".join(unescape(raw).split()) if raw is not None else ""
    return text or None


def unescape(text: str) -> str:
    """Decode the SGML references of the collection.

    Args:
        text: raw SGML text.

    Returns:
        The text with ``&lt;``, ``&gt;`` and ``&amp;`` decoded and numeric references
        to control characters (``&#3;``, ``&#127;``) replaced by a space; other
        numeric references become their character.
    """
    def character(match: re.Match[str]) -> str:
        code = int(match.group(1))
        return " " if code < 32 or code == 127 else chr(code)

    text = _NUMERIC_REF.sub(character, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def unwrap_body(raw: str) -> str:
    """Turn a hard-wrapped ``<BODY>`` into paragraphs.

    A paragraph starts at an indented line or after a blank line (Reuters indents
    each new paragraph and each row of a results table).

    Args:
        raw: the SGML text between ``<BODY>`` and ``</BODY>``.

    Returns:
        Paragraphs separated by ``"\\n\\n"``, each on one line with single spaces,
        without control characters or the closing "Reuter" sign-off.
    """
    text = _SIGN_OFF.sub("", unescape(raw).rstrip())
    paragraphs: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            paragraphs.append([])
        elif line[:1].isspace() or not paragraphs:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return "\n\n".join(filter(None, (" ".join(" ".join(lines).split()) for lines in paragraphs)))


def parse_reuters_date(text: str) -> pd.Timestamp | None:
    """Read a ``<DATE>`` such as ``" 26-FEB-1987 15:01:01.79&#5;&#5;&#5;RM"``.

    Args:
        text: the element's text; spaces and junk around the date are ignored.

    Returns:
        The naive time with its fraction of a second, or None when the text holds
        no real date.
    """
    match = _DATE.search(text)
    if not match or match.group(2).upper() not in _MONTHS:
        return None
    day, month, year, hour, minute, second, fraction = match.groups()
    try:
        return pd.Timestamp(
            year=int(year), month=_MONTHS[month.upper()], day=int(day), hour=int(hour),
            minute=int(minute), second=int(second),
            microsecond=int((fraction or "0").ljust(6, "0")),
        )
    except ValueError:
        return None


def select_stories(
    stories: pd.DataFrame, *, max_articles: int | None,
    focus_topics: Collection[str] = FOCUS_TOPICS,
) -> pd.DataFrame:
    """Choose the stories that become pages.

    Only pageable stories count: with a title, a body and a readable date.

    Args:
        stories: a table from ``read_reuters``.
        max_articles: how many to choose, or None for every pageable story
            (with or without topics). Otherwise every story with a focus topic is
            chosen, and the rest is filled with other topic-tagged stories evenly
            spaced in NEWID order, so the selection spans many topics.
        focus_topics: the topics whose stories are all chosen.

    Returns:
        The chosen rows in NEWID order, same columns.

    Raises:
        ValueError: when ``max_articles`` is smaller than the number of focus stories.
    """
    pageable = stories[stories["title"].notna() & stories["body"].notna() & stories["date"].notna()]
    pageable = pageable.iloc[np.argsort(pageable["new_id"].astype(int).to_numpy(), kind="stable")]
    if max_articles is None:
        return pageable
    focus = pageable["topics"].map(lambda topics: not set(topics).isdisjoint(focus_topics))
    focus = focus.astype(bool)
    if max_articles < focus.sum():
        raise ValueError(
            f"max_articles={max_articles} is too small; the {focus.sum()} stories with a topic "
            f"in {sorted(focus_topics)} must all be chosen"
        )
    others = pageable[~focus & pageable["topics"].map(bool)]
    room = min(max_articles - int(focus.sum()), len(others))
    fill = others.iloc[np.arange(room) * len(others) // room] if room else others.iloc[:0]
    return pageable[focus | pageable.index.isin(fill.index)]


def related_lists(stories: pd.DataFrame, *, limit: int = RELATED_LIMIT) -> pd.Series:
    """List, for each story, the most recent earlier stories that share a topic with it.

    Stories are ordered by (``date``, numeric ``new_id``). A story's list holds up to
    ``limit`` stories of ``stories`` with a strictly earlier date and at least one
    topic in common, newest first; among equal dates, the higher NEWID comes first.

    Args:
        stories: rows with ``new_id`` (unique), ``date`` (no NaT) and ``topics``.
        limit: the longest list.

    Returns:
        A Series named ``related``, indexed by ``new_id`` in the order of ``stories``,
        of lists of ``new_id``; empty for stories without topics or earlier matches.

    Raises:
        ValueError: when ``new_id`` repeats or a date is missing.
    """
    if stories["new_id"].duplicated().any() or stories["date"].isna().any():
        raise ValueError("stories must have unique new_id and no missing date")
    order = stories.assign(number=stories["new_id"].astype(int)).sort_values(["date", "number"])
    ids, dates = order["new_id"].tolist(), order["date"].tolist()
    by_topic: dict[str, list[int]] = {}
    related: dict[str, list[str]] = {}
    for position, (new_id, topics) in enumerate(zip(ids, order["topics"])):
        candidates = set()
        for topic in set(topics):
            earlier = by_topic.setdefault(topic, [])
            cut = bisect_left(earlier, dates[position], key=dates.__getitem__)
            candidates.update(earlier[max(0, cut - limit):cut])
            earlier.append(position)
        related[new_id] = [ids[p] for p in sorted(candidates, reverse=True)[:limit]]
    return pd.Series([related[i] for i in stories["new_id"]], index=stories["new_id"],
                     name="related", dtype="object")


def to_wall_clock(dates: pd.Series, timezone: str) -> pd.Series:
    """Take naive Reuters times as UTC and give the wall-clock time in ``timezone``.

    Args:
        dates: naive timestamps, read as UTC.
        timezone: an IANA zone name such as ``"Asia/Tehran"``.

    Returns:
        Naive wall-clock timestamps in ``timezone`` (same index).
    """
    return dates.dt.tz_localize("UTC").dt.tz_convert(timezone).dt.tz_localize(None)


def signature(topics: Sequence[str], day: int) -> str:
    """Make a page's editor signature, shaped like the site's ``S/SH 11``.

    Args:
        topics: the story's topic codes; the first one gives the letters.
        day: the day of month of the page's date line.

    Returns:
        ``"R/"`` + the first two letters of the first topic, upper case (``"XX"``
        without topics) + ``" "`` + the day, e.g. ``"R/CR 26"`` for ``crude`` on the 26th.
    """
    letters = "".join(filter(str.isalpha, topics[0]))[:2].upper() if topics else NO_TOPIC_CODE
    return f"R/{letters} {day}"
