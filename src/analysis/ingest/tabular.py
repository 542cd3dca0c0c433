"""Tabular exports from other tools (CSV, TSV, JSON Lines, Parquet) as articles.

A column mapping says which of the file's columns hold the article's fields,
e.g. ``{"title": "headline", "published": "date", "body": "text"}``. Without
one, common names are recognised (title/headline, published/date/datetime,
body/text/content, signature/author).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import PurePosixPath

import pandas as pd

from analysis.ingest.decode import decode_page
from analysis.ingest.ledger import Issue
from analysis.ingest.outlets import outlet_of
from analysis.ingest.records import FileRecords, page_record

FIELDS = ("title", "published", "body", "signature", "outlet", "url", "author")
"""Article fields a column mapping may name."""

_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
_CANDIDATES = {
    "title": ("title", "headline", "heading"),
    "published": ("published", "date", "datetime", "pubdate", "published_at", "time"),
    "body": ("body", "text", "content", "article"),
    "signature": ("signature",),
    "outlet": ("outlet", "source", "source_domain", "media_name", "publication", "site"),
    "url": ("url", "link", "source_url", "article_url"),
    "author": ("author", "authors", "byline"),
}


def resolve_columns(available: list[str], columns: Mapping[str, str] | None) -> dict[str, str]:
    """Decide which file column feeds each article field.

    Args:
        available: the file's column names.
        columns: the user's mapping from field to file column, or None; fields it does not
            name are recognised by their common column names.

    Returns:
        Field to file column, for the fields found.

    Raises:
        ValueError: when the mapping names an unknown field or a column the
            file lacks, or when neither a title nor a body column is found.
    """
    if columns is not None:
        unknown = sorted(set(columns) - set(FIELDS))
        if unknown:
            raise ValueError(f"columns names unknown fields {unknown}; fields are {list(FIELDS)}")
        absent = sorted(column for column in columns.values() if column not in available)
        if absent:
            raise ValueError(f"columns {absent} are not in the file; it has {available}")
    chosen = dict(columns or {})
    used = set(chosen.values())
    lowered = {name.lower(): name for name in available if name not in used}
    for fieldname, candidates in _CANDIDATES.items():
        found = next((lowered[candidate] for candidate in candidates if candidate in lowered), None)
        if fieldname not in chosen and found is not None:
            chosen[fieldname] = found
            lowered = {key: name for key, name in lowered.items() if name != found}
    if "title" not in chosen and "body" not in chosen:
        raise ValueError(f"no title or body column found; the file has {available}; "
                         "pass columns={'title': ..., 'published': ..., 'body': ...}")
    return chosen


def read_frame(name: str, data: bytes) -> pd.DataFrame:
    """Read a tabular file's bytes into a frame of strings (Parquet keeps its types).

    Args:
        name: the file name, whose suffix gives the format.
        data: the file's bytes.

    Returns:
        The rows.
    """
    suffix = PurePosixPath(name.lower()).suffix
    if suffix == ".parquet":
        return pd.read_parquet(io.BytesIO(data))
    text = decode_page(data).text
    if suffix in (".jsonl", ".ndjson"):
        return pd.read_json(io.StringIO(text), lines=True, dtype=False)
    separator = "\t" if suffix == ".tsv" else ","
    return pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)


def tabular_records(
    name: str, data: bytes, *, columns: Mapping[str, str] | None, timezone: str, corpus_name: str,
) -> FileRecords:
    """Turn the rows of a tabular export into article records.

    Args:
        name: the file's name relative to the corpus root.
        data: the file's bytes.
        columns: field to column mapping, or None to recognise common names.
        timezone: zone that aware times are converted to (naive ones are taken as is).
        corpus_name: the corpus root folder's name (the outlet when nothing else names one).

    Returns:
        One page record per usable row; rows with neither title nor body are
        errors, unreadable dates are warnings.
    """
    records = FileRecords()
    try:
        frame = read_frame(name, data)
        chosen = resolve_columns([str(column) for column in frame.columns], columns)
    except ValueError as error:
        records.issues.append(Issue(name, "error", "file", None, f"not read as a table: {error}"))
        return records
    times = _times(frame[chosen["published"]], timezone) if "published" in chosen else None
    for row, values in enumerate(frame.to_dict("records"), start=1):
        _add_row(records, name, row, values, chosen, times, corpus_name)
    return records


def _times(raw: pd.Series, timezone: str) -> pd.Series:
    """Parse dates in any common format; those with an offset become wall-clock times in ``timezone``."""
    text = raw.astype("string").str.strip()
    aware = text.str.contains(_OFFSET, na=False)
    naive = pd.to_datetime(text.where(~aware), errors="coerce", format="mixed")
    zoned = pd.to_datetime(text.where(aware), errors="coerce", format="mixed", utc=True)
    return naive.fillna(zoned.dt.tz_convert(timezone).dt.tz_localize(None))


def _add_row(
    records: FileRecords, name: str, row: int, values: dict, chosen: dict[str, str],
    times: pd.Series | None, corpus_name: str,
) -> None:
    text = {fieldname: _cell(values.get(column)) for fieldname, column in chosen.items()}
    title, body = text.get("title", ""), text.get("body", "")
    if not title and not body:
        records.issues.append(Issue(name, "error", "row", row, "row has neither title nor body; not loaded"))
        return
    published = None if times is None or pd.isna(times.iloc[row - 1]) else times.iloc[row - 1].to_pydatetime()
    if times is not None and published is None:
        records.issues.append(Issue(name, "warning", "published", row,
                                    f"date {text.get('published', '')!r} is not a readable date; left empty"))
    page, _ = page_record(name, title=title, published=published, body=body,
                          signature=text.get("signature") or None, related=[], line=row,
                          outlet=outlet_of(text.get("outlet"), text.get("url"), name, corpus_name),
                          url=text.get("url") or None, author=text.get("author") or None)
    records.pages.append(page)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()
