"""Event markers: a user's CSV of dates and labels, to mark on timelines.

The file has a header line and two columns, ``date`` and ``label``::

    date,label
    1987-03-06,Herald of Free Enterprise capsizes off Zeebrugge

A date is ``YYYY-MM-DD`` (the day, from midnight) or ``YYYY-MM-DD HH:MM`` (a time),
on the wall clock of the corpus's zone. The file is decoded as the ingest stage decodes
pages (``analysis.ingest.decode.decode_page``): UTF-8 with or without a byte-order mark,
UTF-16 with one, and Windows-1252 or Latin-1 as Excel saves a CSV on Windows; any line
ending.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from pathlib import Path

import pandas as pd

from analysis.ingest.decode import decode_page

logger = logging.getLogger(__name__)

EVENT_COLUMNS = ["date", "label"]
"""Columns of an events file and of ``load_events``'s table."""

ERRORS = ("raise", "skip")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")


def load_events(path: str | Path, *, timezone: str, errors: str = "raise") -> pd.DataFrame:
    """Read an events file.

    Args:
        path: the CSV file.
        timezone: the zone its dates are wall-clock times of (the corpus's zone).
        errors: ``"raise"`` stops at the bad rows, naming every one; ``"skip"`` logs
            each bad row as a warning and keeps the others.

    Returns:
        One row per event in file order, columns ``date`` (tz-aware) and ``label`` (str).

    Raises:
        FileNotFoundError: when the file is missing.
        ValueError: for a file that is not text or has a bad header, or (with
            ``errors="raise"``) bad rows, as ``"<file>: line <n>: <problem>"``, one line per problem.
    """
    if errors not in ERRORS:
        raise ValueError(f"errors={errors!r} is invalid; must be one of {list(ERRORS)}")
    events, problems = read_events(path, timezone=timezone)
    if problems and errors == "raise":
        raise ValueError("\n".join(problems))
    for problem in problems:
        logger.warning("%s; row skipped", problem)
    return events


def read_events(path: str | Path, *, timezone: str) -> tuple[pd.DataFrame, list[str]]:
    """Read an events file, keeping its good rows and naming its bad ones.

    Args:
        path: the CSV file.
        timezone: the zone its dates are wall-clock times of (the corpus's zone).

    Returns:
        The events (one row per good row in file order, columns ``date``, tz-aware, and
        ``label``, str) and one ``"<file>: line <n>: <problem>"`` per bad row.

    Raises:
        FileNotFoundError: when the file is missing.
        ValueError: when the file is not text (empty, binary) or its header is not
            ``date,label``, as ``"<file>: line <n>: <problem>"`` or ``"<file>: <problem>"``.
    """
    path = Path(path)
    text = _decoded(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or [cell.strip().lower() for cell in header] != EVENT_COLUMNS:
        raise ValueError(f"{path}: line 1: header must be {','.join(EVENT_COLUMNS)}; "
                         f"found {header if header is not None else 'an empty file'}")
    events, problems = [], []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        event = _event(row, timezone)
        if isinstance(event, str):
            problems.append(f"{path}: line {reader.line_num}: {event}")
        else:
            events.append(event)
    logger.info("read %d events from %s; %d bad rows", len(events), path, len(problems))
    frame = pd.DataFrame(events, columns=EVENT_COLUMNS).astype({"date": f"datetime64[ns, {timezone}]", "label": str})
    return frame, problems


def _decoded(path: Path) -> str:
    """The file's text, decoded as pages are; the encoding is logged when it is not UTF-8."""
    try:
        decoded = decode_page(path.read_bytes())
    except ValueError as error:  # NotText: empty, binary, a broken UTF-16 file
        raise ValueError(f"{path}: {error}; expected a CSV file with a date,label header") from None
    for line, note in decoded.notes:
        logger.info("%s%s: %s", path, f": line {line}" if line else "", note)
    return decoded.text


def _event(row: list[str], timezone: str) -> tuple[pd.Timestamp, str] | str:
    """An event, or what is wrong with its row."""
    if len(row) != 2:
        return f"expected 2 fields (date,label), found {len(row)}; quote a label that holds a comma"
    date, label = (cell.strip() for cell in row)
    if not label:
        return f"date {date!r} has no label"
    if not _DATE.fullmatch(date):
        return f"date {date!r} is not YYYY-MM-DD or YYYY-MM-DD HH:MM"
    try:
        return pd.Timestamp(date).tz_localize(timezone, nonexistent="shift_forward", ambiguous=True), label
    except ValueError:
        return f"date {date!r} is not a real date"
