"""The page's date line, e.g. ``Sun Feb 28, 2016 16:42:01``.

Parsing is lenient about what scrapers vary (the weekday, seconds, full month
names, one-digit days, extra spaces) and strict about what makes a date real.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

DATE_LINE_FORMAT = "%a %b %d, %Y %H:%M:%S"
"""How the site writes its date line; ``format_date_line`` uses it."""

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DATE_LINE = re.compile(
    r"^\s*(?:(?P<weekday>[A-Za-z]{3,9})\.?,?\s+)?"
    r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
    r"(?:,?\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?\s*$"
)
"""A line that has the shape of a date line, valid or not."""


@dataclass(frozen=True)
class DateLine:
    """What a date line says.

    Attributes:
        moment: the naive wall-clock time, or None when the line names no real date.
        problem: why the line was not taken as written, or None when it was.
    """

    moment: datetime | None
    problem: str | None = None


def looks_like_date_line(line: str) -> bool:
    """Tell whether a line has the shape of a date line (a month name, day and year).

    Args:
        line: one line of the page.

    Returns:
        True when the line would be read as the date line.
    """
    match = DATE_LINE.match(line)
    return bool(match) and match.group("month").lower() in _MONTHS


def parse_date_line(line: str) -> DateLine:
    """Read a date line such as ``Sun Feb 28, 2016 16:42:01``.

    Args:
        line: the line, which ``looks_like_date_line`` accepted.

    Returns:
        The time, or a ``DateLine`` with ``moment=None`` and the reason when the
        line names no real date (``Sun Feb 30, 2016``). A weekday that does not
        match the date keeps the date and reports the mismatch.
    """
    match = DATE_LINE.match(line)
    if not match or match.group("month").lower() not in _MONTHS:
        return DateLine(None, f"{line.strip()!r} is not a date line like 'Sun Feb 28, 2016 16:42:01'")
    parts = match.groupdict()
    try:
        moment = datetime(
            int(parts["year"]), _MONTHS[parts["month"].lower()], int(parts["day"]),
            int(parts["hour"] or 0), int(parts["minute"] or 0), int(parts["second"] or 0),
        )
    except ValueError:
        return DateLine(None, f"date {line.strip()!r} is not a real date")
    return DateLine(moment, _weekday_problem(parts["weekday"], moment, line))


def _weekday_problem(weekday: str | None, moment: datetime, line: str) -> str | None:
    if weekday is None or weekday[:3].lower() not in _WEEKDAYS:
        return None if weekday is None else f"date {line.strip()!r} has an unknown weekday; date kept"
    if _WEEKDAYS.index(weekday[:3].lower()) != moment.weekday():
        return f"date {line.strip()!r}: {moment:%Y-%m-%d} is a {moment:%A}, not {weekday}; date kept"
    return None


def format_date_line(moment: datetime) -> str:
    """Write a time the way the site writes its date line.

    Args:
        moment: naive wall-clock time.

    Returns:
        For example ``Sun Feb 28, 2016 16:42:01``.
    """
    return moment.strftime(DATE_LINE_FORMAT)
