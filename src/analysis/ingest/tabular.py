"""Tabular exports from other tools (CSV, TSV, JSON, JSON Lines, Parquet) as articles.

A column mapping says which of the file's columns hold the article's fields,
e.g. ``{"title": "headline", "published": "date", "body": "text"}``. Fields it does
not name are recognised: by the field names of common news tools (news-please,
trafilatura, newspaper, Media Cloud; ``analysis.ingest.exports``), else by common
names (title/headline, published/date, body/text/content, url/link, author, ...).

CSV files have their delimiter (``,`` ``;`` tab ``|``) sniffed from the header line
(``csv.Sniffer``); quoted fields may hold delimiters, quotes and line breaks. ``.tsv``
files are tab-separated. Bytes are decoded as pages are (``decode_page``: BOM,
legacy encodings, mojibake), and each repair is recorded. Dates are read by
``analysis.ingest.timestamps``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from analysis.ingest.decode import decode_page
from analysis.ingest.exports import LINE, json_records, recognise_columns
from analysis.ingest.ledger import Issue
from analysis.ingest.outlets import outlet_of, site_of
from analysis.ingest.records import FileRecords, page_record
from analysis.ingest.timestamps import ParsedTimes, parse_times

FIELDS = ("title", "published", "body", "signature", "outlet", "url", "author")
"""Article fields a column mapping may name."""

DELIMITERS = (",", ";", "\t", "|")
"""Delimiters a CSV file's header is sniffed for, in order of preference on a tie."""

_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


@dataclass
class Table:
    """A tabular file's rows and how they were read.

    Attributes:
        frame: the rows; every column holds strings (Parquet keeps its types).
        how: how the file was read, for messages (``"semicolon-separated (sniffed from ...)"``).
        row_lines: the file line where each row starts, when known (CSV, JSON Lines), else None.
        repairs: (file line or None, message) of each decoding repair (``decode_page``).
        left_out: (file line, message) of each JSON line that is not a record.
    """

    frame: pd.DataFrame
    how: str
    row_lines: list[int] | None = None
    repairs: list[tuple[int | None, str]] = field(default_factory=list)
    left_out: list[tuple[int | None, str]] = field(default_factory=list)


def resolve_columns(available: list[str], columns: Mapping[str, str] | None) -> dict[str, str]:
    """Decide which file column feeds each article field.

    Args:
        available: the file's column names.
        columns: the user's mapping from field to file column, or None; fields it does not
            name are recognised (``analysis.ingest.exports.recognise_columns``).

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
    chosen = recognise_columns(available, columns or {})
    if "title" not in chosen and "body" not in chosen:
        raise ValueError(f"no title or body column found; the file has {available}; "
                         "pass columns={'title': ..., 'published': ..., 'body': ...}")
    return chosen


def sniff_delimiter(text: str) -> tuple[str, str]:
    """Find a CSV file's delimiter from its header line.

    ``csv.Sniffer`` looks at the header only: bodies hold every delimiter in their text.
    When it cannot tell (a one-column header), the delimiter that splits the header
    into most fields is taken, else the comma.

    Args:
        text: the decoded file.

    Returns:
        The delimiter, and how it was found (for messages).
    """
    header = text.lstrip("\n").split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        widths = {candidate: len(next(csv.reader([header], delimiter=candidate))) for candidate in DELIMITERS}
        delimiter = max(DELIMITERS, key=lambda candidate: widths[candidate])
    return delimiter, f"{_NAMES[delimiter]}-separated (sniffed from the header {header[:80]!r})"


_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def read_table(name: str, data: bytes) -> Table:
    """Read a tabular file's bytes.

    Args:
        name: the file name, whose suffix gives the format.
        data: the file's bytes.

    Returns:
        The rows, how they were read and the notes on decoding.

    Raises:
        ValueError: when the file is not text, not valid JSON, or its rows cannot be split into
            columns; the message says what was tried.
    """
    suffix = PurePosixPath(name.lower()).suffix
    if suffix == ".parquet":
        return Table(pd.read_parquet(io.BytesIO(data)), "Parquet")
    decoded = decode_page(data)
    if suffix in _JSON_SUFFIXES:
        lines = suffix != ".json"
        frame, problems = json_records(decoded.text, lines=lines)
        row_lines = frame.pop(LINE).tolist() if lines else None
        return Table(frame, "JSON Lines" if lines else "JSON", row_lines, list(decoded.notes), problems)
    delimiter, how = ("\t", "tab-separated (.tsv)") if suffix == ".tsv" else sniff_delimiter(decoded.text)
    try:
        frame = pd.read_csv(io.StringIO(decoded.text), sep=delimiter, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        reason = str(error).strip().splitlines()[-1]
        raise ValueError(f"not readable as {how}; delimiters tried: {_tried()}; {reason}") from None
    row_lines = _row_lines(decoded.text, delimiter) if any(line for line, _ in decoded.notes) else None
    return Table(frame, how, row_lines, list(decoded.notes))


def read_frame(name: str, data: bytes) -> pd.DataFrame:
    """Read a tabular file's bytes into a frame of strings (Parquet keeps its types).

    Args:
        name: the file name, whose suffix gives the format.
        data: the file's bytes.

    Returns:
        The rows (``read_table(name, data).frame``).
    """
    return read_table(name, data).frame


def _tried() -> str:
    return " ".join(repr(candidate) if candidate != "\t" else "tab" for candidate in DELIMITERS)


def _row_lines(text: str, delimiter: str) -> list[int]:
    """The file line where each data row starts (rows may span lines in quoted fields)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    starts, start = [], 1
    for row in reader:
        if row:
            starts.append(start)
        start = reader.line_num + 1
    return starts[1:]


def tabular_records(
    name: str, data: bytes, *, columns: Mapping[str, str] | None, timezone: str, corpus_name: str,
) -> FileRecords:
    """Turn the rows of a tabular export into article records.

    Args:
        name: the file's name relative to the corpus root.
        data: the file's bytes.
        columns: field to column mapping, or None to recognise common names.
        timezone: the corpus time zone: times with an offset or zone are converted to it, the
            others are taken as its wall-clock time.
        corpus_name: the corpus root folder's name (the outlet when nothing else names one).

    Returns:
        One page record per usable row; rows with neither title nor body are errors; repairs
        of the text, missing body or date columns, the day/month order of the dates, unknown
        or ambiguous zones and unreadable dates are warnings.
    """
    records = FileRecords()
    try:
        table = read_table(name, data)
    except ValueError as error:
        records.issues.append(Issue(name, "error", "file", None, f"not read as a table: {error}"))
        return records
    available = [str(column) for column in table.frame.columns]
    try:
        chosen = resolve_columns(available, columns)
    except ValueError as error:
        tried = f"; delimiters tried: {_tried()}" if "sniffed" in table.how else ""
        records.issues.append(Issue(name, "error", "file", None,
                                    f"not read as a table: {error} (read as {table.how}{tried})"))
        return records
    records.issues.extend(_reading_issues(name, table))
    records.issues.extend(_missing_fields(name, chosen, available))
    times = None
    if "published" in chosen:
        times = parse_times(table.frame[chosen["published"]], timezone, column=chosen["published"])
        records.issues.extend(Issue(name, "warning", "published", None if note.position is None
                                    else note.position + 1, note.message) for note in times.notes)
    for row, values in enumerate(table.frame.to_dict("records"), start=1):
        _add_row(records, name, row, values, chosen, times, corpus_name)
    return records


def _reading_issues(name: str, table: Table) -> list[Issue]:
    """Decoding repairs (warnings, on the row they fall in when known) and left-out JSON lines (errors)."""
    starts = np.asarray(table.row_lines or [], dtype=float)
    issues = []
    for line, message in table.repairs:
        position = int(np.searchsorted(starts, line, side="right")) if line is not None else 0
        where = f" (line {line} of the file)" if line is not None else ""
        issues.append(Issue(name, "warning", "encoding", position or None, f"{message}{where}"))
    issues.extend(Issue(name, "error", "row", None, f"line {line} of the file is {message}")
                  for line, message in table.left_out)
    return issues


def _missing_fields(name: str, chosen: dict[str, str], available: list[str]) -> list[Issue]:
    missing = [label for fieldname, label in (("body", "body"), ("published", "date"))
               if fieldname not in chosen]
    if not missing:
        return []
    return [Issue(name, "warning", "file", None,
                  f"no {' and no '.join(missing)} column recognised, so the articles have no "
                  f"{' and no '.join(missing)}; the file's columns are {available}; pass columns="
                  f"{{{', '.join(repr(f) + ': ...' for f in ('body', 'published') if f not in chosen)}}} "
                  "to name them")]


def _add_row(
    records: FileRecords, name: str, row: int, values: dict, chosen: dict[str, str],
    times: ParsedTimes | None, corpus_name: str,
) -> None:
    text = {fieldname: _cell(values.get(column)) for fieldname, column in chosen.items()}
    title, body = text.get("title", ""), text.get("body", "")
    if not title and not body:
        records.issues.append(Issue(name, "error", "row", row, "row has neither title nor body; not loaded"))
        return
    published = None
    if times is not None:
        stamp = times.times.iloc[row - 1]
        published = None if pd.isna(stamp) else stamp.to_pydatetime()
        if row - 1 in times.row_notes:
            records.issues.append(Issue(name, "warning", "published", row, times.row_notes[row - 1]))
    page, _ = page_record(name, title=title, published=published, body=body,
                          signature=text.get("signature") or None, related=[], line=row,
                          outlet=outlet_of(_outlet_name(text.get("outlet")), text.get("url"), name,
                                           corpus_name),
                          url=text.get("url") or None, author=text.get("author") or None)
    records.pages.append(page)


def _outlet_name(value: str | None) -> str | None:
    """An outlet column's value; a site's URL (``https://www.bbc.com``) becomes its host (``bbc.com``)."""
    if not value:
        return None
    if value.lower().startswith(("http://", "https://", "www.")):
        return site_of(value if "://" in value else f"http://{value}") or value
    return value


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (list, tuple, np.ndarray)):
        return "; ".join(str(item).strip() for item in value if item is not None and str(item).strip())
    return str(value).strip()
