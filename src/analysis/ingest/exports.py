"""Exports of common news tools: their JSON shapes and the names of their fields.

Recognised without a column mapping (field names as the tools write them):

=================  ==========================================================================
tool               fields (title; body; published; url; outlet; author)
=================  ==========================================================================
news-please        title; maintext (else text); date_publish; url; source_domain; authors
                   (``newsplease/NewsArticle.py``)
trafilatura        title; text (else raw_text); date; source (the URL) or url; hostname, else
                   source-hostname / sitename; author (``build_json_output`` in its core)
newspaper3k / 4k   title; text; publish_date; url; source_url (the site's URL); authors
Media Cloud        title; text when present; publish_date; url; media_name, else media_url
                   (story list CSV and API: id, indexed_date, language, media_name, ...)
=================  ==========================================================================

Lists (``authors``) are joined with ``"; "``; nested objects are kept as JSON text. Any other
table is read by common names (``GENERIC``). A column mapping still overrides everything.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

LINE = "\x00line"
"""Column of ``json_records``' frame holding each record's line in the file (no real column's name)."""

RECORD_KEYS = ("articles", "stories", "results", "data", "items", "records", "documents", "docs")
"""Keys under which a JSON object may hold its list of records (``{"articles": [...]}``)."""


@dataclass(frozen=True)
class ExportFormat:
    """The field names of one tool's exports.

    Attributes:
        name: the tool, for messages.
        signature: columns (lower case) that, all present, identify the tool.
        fields: article field to the tool's columns for it, in order of preference.
    """

    name: str
    signature: frozenset[str]
    fields: Mapping[str, tuple[str, ...]]


FORMATS = (
    ExportFormat("news-please", frozenset({"maintext", "date_publish"}), {
        "title": ("title", "title_page", "title_rss"), "body": ("maintext", "text"),
        "published": ("date_publish",), "url": ("url",), "outlet": ("source_domain",),
        "author": ("authors",)}),
    ExportFormat("news-please", frozenset({"source_domain", "date_publish"}), {
        "title": ("title", "title_page", "title_rss"), "body": ("maintext", "text"),
        "published": ("date_publish",), "url": ("url",), "outlet": ("source_domain",),
        "author": ("authors",)}),
    ExportFormat("trafilatura", frozenset({"source-hostname"}), {
        "title": ("title",), "body": ("text", "raw_text"), "published": ("date",),
        "url": ("source", "url"), "outlet": ("hostname", "source-hostname", "sitename"),
        "author": ("author",)}),
    ExportFormat("trafilatura", frozenset({"hostname", "fingerprint"}), {
        "title": ("title",), "body": ("text", "raw_text"), "published": ("date",),
        "url": ("url", "source"), "outlet": ("hostname", "sitename", "source-hostname"),
        "author": ("author",)}),
    ExportFormat("Media Cloud", frozenset({"media_name", "publish_date"}), {
        "title": ("title",), "body": ("text", "story_text"), "published": ("publish_date",),
        "url": ("url",), "outlet": ("media_name", "media_url"), "author": ("author", "authors")}),
    ExportFormat("newspaper", frozenset({"publish_date", "source_url"}), {
        "title": ("title",), "body": ("text",), "published": ("publish_date",), "url": ("url",),
        "outlet": ("source_url",), "author": ("authors",)}),
)
"""Known tools, tried in order; the first whose signature columns are all present is used."""

GENERIC = {
    "title": ("title", "headline", "heading"),
    "published": ("published", "date", "datetime", "pubdate", "published_at", "publish_date",
                  "date_publish", "publication_date", "time"),
    "body": ("body", "text", "content", "article", "maintext", "raw_text", "story_text"),
    "signature": ("signature",),
    "outlet": ("outlet", "source", "source_domain", "media_name", "publication", "site", "sitename",
               "hostname", "source-hostname"),
    "url": ("url", "link", "source_url", "article_url"),
    "author": ("author", "authors", "byline"),
}
"""Common column names of each field, for tables of no known tool (matched case-insensitively)."""


def recognise_format(available: list[str]) -> ExportFormat | None:
    """The tool whose export has these columns.

    Args:
        available: the file's column names.

    Returns:
        The first of ``FORMATS`` whose signature columns are all present (case-insensitive), or None.
    """
    lowered = {name.lower() for name in available}
    return next((known for known in FORMATS if known.signature <= lowered), None)


def recognise_columns(available: list[str], chosen: Mapping[str, str]) -> dict[str, str]:
    """Pick a column for each field the user's mapping leaves open.

    Args:
        available: the file's column names.
        chosen: field to column, as mapped by the user (kept as is).

    Returns:
        Field to column: ``chosen`` plus, for the other fields, the first present column of the
        recognised tool's names, then of ``GENERIC``; a column feeds one field only.
    """
    known = recognise_format(available)
    result = dict(chosen)
    free = {name.lower(): name for name in available if name not in set(chosen.values())}
    for fieldname in GENERIC:
        if fieldname in result:
            continue
        candidates = (known.fields.get(fieldname, ()) if known else ()) + GENERIC[fieldname]
        found = next((free[name] for name in candidates if name in free), None)
        if found is not None:
            result[fieldname] = found
            free = {key: name for key, name in free.items() if name != found}
    return result


def json_records(text: str, *, lines: bool) -> tuple[pd.DataFrame, list[tuple[int | None, str]]]:
    """Read a JSON array of objects, an object holding one, or JSON Lines, as a frame of strings.

    Args:
        text: the decoded file.
        lines: True for JSON Lines (one object per line; blank lines are skipped).

    Returns:
        The records (one row per object; every value a string, lists joined with ``"; "``,
        nested objects as JSON text, null as ``""``) with a ``LINE`` column (the record's line in
        the file for JSON Lines, else None), and (line, message) problems: lines that are not a
        JSON object, which are left out.

    Raises:
        ValueError: when the text is not JSON, or holds no list of objects.
    """
    if lines:
        records, problems = _json_lines(text)
    else:
        records, problems = [(None, item) for item in _record_list(text)], []
    rows = [{key: _text(value) for key, value in item.items()} for _, item in records]
    frame = pd.DataFrame(rows, dtype="object").fillna("")
    return frame.assign(**{LINE: [line for line, _ in records]}), problems


def _json_lines(text: str) -> tuple[list[tuple[int, dict]], list[tuple[int | None, str]]]:
    records, problems = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append((number, f"not JSON ({error.msg} at column {error.colno}); not loaded"))
            continue
        if not isinstance(item, dict):
            problems.append((number, f"a JSON {type(item).__name__}, not an object; not loaded"))
            continue
        records.append((number, item))
    return records, problems


def _record_list(text: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    if isinstance(data, dict):
        key = next((key for key in data if key.lower() in RECORD_KEYS and isinstance(data[key], list)), None)
        if key is None:
            raise ValueError(f"a JSON object without a list of records under any of {list(RECORD_KEYS)}; "
                             f"its keys are {list(data)[:20]}")
        data = data[key]
    if not isinstance(data, list):
        raise ValueError(f"a JSON {type(data).__name__}, not an array of records")
    objects = [item for item in data if isinstance(item, dict)]
    if len(objects) != len(data):
        raise ValueError(f"{len(data) - len(objects)} of the {len(data)} array items are not JSON objects")
    return objects


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(item) for item in value if item is not None and _text(item))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
