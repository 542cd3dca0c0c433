"""Dates from exports and feeds: a column of strings to wall-clock times in the corpus zone.

What is read:

- ISO 8601 / RFC 3339 (``2014-05-23T07:34:08+0000``, ``+04:30``, ``Z``, or no offset), parsed
  vectorised by pandas;
- everything else by ``dateutil.parser``: RFC 822/1123 feed dates (``Sun, 28 Feb 2016 13:12:01
  GMT``, ``... +0000``, ``... EST``), the RT export's ``30 Dec, 2020 06:53`` and ``13 Oct, 2020``,
  ``16/02/2016``, ``Mon Feb 29 08:00:00 EST 2016``, ...
- zone abbreviations from ``zones.csv`` (a documented table of fixed offsets). ``GMT+3`` and
  ``UTC+03:30`` mean three hours (and a half) east of Greenwich, as news sites mean them, not
  POSIX's inverted sign.

An explicit offset or zone beats the corpus time zone: such a time is converted to the corpus
zone; a time without one is taken as wall-clock time in the corpus zone. A zone abbreviation not
in the table keeps its wall-clock time, with a note naming it.

Day-first or month-first (``02/03/2016``) is decided per column: a value whose first number is
above 12 (``16/02/2016``) proves day-first, one whose second number is above 12 proves
month-first, and the ambiguous values are read in the order the column proves. A column with
proofs of both orders reads each proven value its only way and the ambiguous ones in the order of
the majority; a column with no proof is read month-first (dateutil's and pandas' default, and the
order of US exports). The decision is always noted.

Only the distinct values are parsed, so a column of 200,000 rows costs its distinct dates.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as fixed_zone
from importlib import resources

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from dateutil import parser as dateutil_parser
from pandas.tseries.api import guess_datetime_format

ZONES_FILE = "zones.csv"
"""The zone abbreviation table, in this package (columns abbreviation, utc_offset, meaning, ambiguity)."""

_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
_ISO_NAIVE = re.compile(rf"{_ISO}")
_ISO_AWARE = re.compile(rf"{_ISO}(?:Z|[+-]\d{{2}}(?::?\d{{2}})?)")
_NUMERIC = r"^(?P<first>\d{1,2})[/.\-](?P<second>\d{1,2})[/.\-](?P<year>\d{4})(?P<rest>(?:[ T].*)?)$"
"""A date of two numbers and a four-digit year (``16/02/2016``, ``02.03.2016 10:00``)."""
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC|UT)\s*(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?\b")
_PARENTHESISED_ZONE = re.compile(r"\(\s*(?P<zone>[A-Z]{1,5})\s*\)\s*$")
_ZONE_SUFFIX = (r"^(?P<wall>.*?\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)\s*"
                r"\(?(?P<zone>Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})\)?$")
"""A time of day followed by a zone: an offset (``+0000``, ``-05:00``) or an abbreviation (``GMT``)."""
_MAX_FORMATS = 8
"""Formats guessed per column before the remaining values are left to dateutil one by one."""
_NO_YEAR = datetime(1, 1, 1)
"""dateutil fills missing parts from this; a year 1 result had no year and is not a date."""


@dataclass(frozen=True)
class Zone:
    """One row of the zone abbreviation table.

    Attributes:
        abbreviation: upper case, e.g. ``EST``.
        offset: the fixed offset from UTC.
        meaning: the zone the table reads it as.
        ambiguity: the other zones it names, or ``""``.
    """

    abbreviation: str
    offset: timedelta
    meaning: str
    ambiguity: str

    def describe(self) -> str:
        """``Eastern Standard Time (UTC-05:00)``."""
        minutes = int(self.offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        return f"{self.meaning} (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"


@dataclass(frozen=True)
class TimeNote:
    """Something met while parsing a column of dates.

    Attributes:
        position: 0-based position in the column of the value concerned (the first one, for
            notes on several values), or None for a note on the whole column.
        message: what was found and what was done.
    """

    position: int | None
    message: str


@dataclass(frozen=True)
class ParsedTimes:
    """A column of dates, parsed.

    Attributes:
        times: ``datetime64[ns]`` Series with the input's index: naive wall-clock times in the
            corpus zone, NaT where no date could be read.
        notes: the column's notes: the day/month order chosen and zone abbreviations that are
            ambiguous or unknown (with the position of the first value concerned).
        row_notes: 0-based position to a note on that value alone: each value that is blank or
            not a readable date (its time is NaT).
    """

    times: pd.Series
    notes: tuple[TimeNote, ...]
    row_notes: dict[int, str]


@functools.cache
def zone_table() -> dict[str, Zone]:
    """The zone abbreviations of ``zones.csv``.

    Returns:
        Upper-case abbreviation to its ``Zone``.

    Raises:
        ValueError: when a row's offset is not ``+HH:MM``/``-HH:MM``.
    """
    text = resources.files("analysis.ingest").joinpath(ZONES_FILE).read_text("utf-8")
    lines = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    rows = pd.read_csv(io.StringIO(lines), dtype=str, keep_default_na=False)
    return {row.abbreviation.upper(): Zone(row.abbreviation.upper(), _offset(row.utc_offset),
                                           row.meaning, row.ambiguity)
            for row in rows.itertuples(index=False)}


def _offset(text: str) -> timedelta:
    match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", text.strip())
    if match is None:
        raise ValueError(f"{ZONES_FILE}: utc_offset {text!r} is invalid; must be +HH:MM or -HH:MM")
    sign = -1 if match.group(1) == "-" else 1
    return sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))


def parse_times(raw: pd.Series, timezone: str, *, column: str = "date") -> ParsedTimes:
    """Parse a column of dates to naive wall-clock times in the corpus zone.

    Args:
        raw: the column, strings (or datetimes, e.g. from Parquet); blanks and None are no date.
        timezone: the corpus time zone (IANA name, e.g. ``Asia/Tehran``): times with an offset or
            a known zone abbreviation are converted to it; the others are taken as its wall clock.
        column: the column's name, for the notes.

    Returns:
        The times and the notes (see ``ParsedTimes``).
    """
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        times = _to_wall_clock(raw, timezone)
        return ParsedTimes(times, (), {int(position): _unreadable(None)
                                       for position in np.flatnonzero(times.isna().to_numpy())})
    text = raw.astype("string[pyarrow]").str.strip().replace("", pd.NA)
    codes, distinct = pd.factorize(text)
    values = pd.Series(distinct, dtype="string[pyarrow]")
    counts = np.bincount(codes[codes >= 0], minlength=len(values))
    first_at = np.unique(codes, return_index=True)[1][-len(values):] if len(values) else codes[:0]
    order, order_note = decide_order(values, counts, column)
    parsed, zones = _parse_values(_numeric_to_iso(values, order), timezone)
    looked_up = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))[codes]
    times = pd.Series(looked_up, index=raw.index, dtype="datetime64[ns]")
    notes = ([order_note] if order_note else []) + _zone_notes(values, zones, first_at)
    missing = np.flatnonzero(np.isnat(looked_up))
    row_notes = {int(position): _unreadable(value) for position, value in zip(missing, text.iloc[missing])}
    return ParsedTimes(times, tuple(notes), row_notes)


def _unreadable(value: object) -> str:
    if pd.isna(value):
        return "no date given; left empty"
    return f"date {value!r} is not a readable date; left empty"


def _to_wall_clock(times: pd.Series, timezone: str) -> pd.Series:
    if getattr(times.dt, "tz", None) is None:
        return times.astype("datetime64[ns]")
    return times.dt.tz_convert(timezone).dt.tz_localize(None).astype("datetime64[ns]")


def _numeric_parts(values: pd.Series) -> pd.DataFrame:
    """The two numbers, year and rest of ``NN/NN/YYYY ...`` values; rows of other values are null."""
    return _extract(values, _NUMERIC)


def _extract(values: pd.Series, pattern: str) -> pd.DataFrame:
    """Named groups of a regular expression, one column each (Arrow's RE2, vectorised); null where no match."""
    array = pa.array(values.astype("object").to_numpy(), type=pa.string())
    found = pc.extract_regex(array, pattern)
    matched = pc.is_valid(found)
    names = [found.type.field(i).name for i in range(found.type.num_fields)]
    columns = {name: pc.if_else(matched, pc.struct_field(found, name), pa.scalar(None, pa.string()))
               for name in names}
    return pd.DataFrame({name: pd.Series(column.to_pandas().to_numpy(), index=values.index, dtype="string[pyarrow]")
                         for name, column in columns.items()})


def decide_order(values: pd.Series, counts: np.ndarray, column: str) -> tuple[str, TimeNote | None]:
    """Decide whether a column's ``NN/NN/YYYY`` dates are day-first or month-first.

    Args:
        values: the column's distinct values, strings, in the order they first appear.
        counts: how many rows hold each value (same length as ``values``).
        column: the column's name, for the note.

    Returns:
        ``"day"`` or ``"month"``, and a note saying which order was chosen and on what evidence
        (None when the column has no such dates, or none that is ambiguous or a proof).
    """
    parts = _numeric_parts(values)
    numeric = parts["first"].notna()
    if not numeric.any():
        return "month", None
    first = parts["first"].astype("float").fillna(0)
    second = parts["second"].astype("float").fillna(0)
    weight = pd.Series(counts, index=values.index)
    day_proof = numeric & (first > 12) & (second <= 12)
    month_proof = numeric & (second > 12) & (first <= 12)
    ambiguous = numeric & (first <= 12) & (second <= 12) & (first != second)
    n_day, n_month, n_ambiguous = (int(weight[mask].sum()) for mask in (day_proof, month_proof, ambiguous))
    example = {name: (values[mask].iloc[0] if mask.any() else None) for name, mask in
               (("day", day_proof), ("month", month_proof), ("ambiguous", ambiguous))}
    where = f"dates in column {column!r}"
    same_way = f"{_count(n_ambiguous, 'ambiguous value')} read the same way"
    if n_day and not n_month:
        return "day", TimeNote(None, (
            f"{where} read day-first ({example['day']} cannot be month-first; "
            f"{_count(n_day, 'such value')}); {same_way}"))
    if n_month and not n_day:
        return "month", TimeNote(None, (
            f"{where} read month-first ({example['month']} cannot be day-first; "
            f"{_count(n_month, 'such value')}); {same_way}"))
    if n_day and n_month:
        order = "day" if n_day > n_month else "month"
        return order, TimeNote(None, (
            f"{where} mix day-first ({example['day']}, {_count(n_day, 'value')}) and month-first "
            f"({example['month']}, {_count(n_month, 'value')}) dates; each is read in the only order it "
            f"allows and {_count(n_ambiguous, 'ambiguous value')} {order}-first, the majority's order"))
    if not n_ambiguous:
        return "month", None
    return "month", TimeNote(None, (
        f"{where} are ambiguous: no value shows whether day or month comes first (e.g. "
        f"{example['ambiguous']}); {_count(n_ambiguous, 'value')} read month-first (dateutil's default); "
        "check the source, or give dates as YYYY-MM-DD"))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _numeric_to_iso(values: pd.Series, order: str) -> pd.Series:
    """Rewrite ``NN/NN/YYYY ...`` as ``YYYY-MM-DD ...`` in the column's order (proven values their own way)."""
    parts = _numeric_parts(values)
    numeric = parts["first"].notna()
    if not numeric.any():
        return values
    first, second = parts["first"].astype("float"), parts["second"].astype("float")
    day_first = (first > 12) | ((second <= 12) & (order == "day"))
    day = parts["first"].where(day_first, parts["second"])[numeric].astype("string").str.zfill(2)
    month = parts["second"].where(day_first, parts["first"])[numeric].astype("string").str.zfill(2)
    rewritten = (parts["year"][numeric].astype("string") + "-" + month + "-" + day
                 + parts["rest"][numeric].astype("string").fillna(""))
    result = values.astype("string").copy()
    result[numeric] = rewritten
    return result.astype("string[pyarrow]")


def _parse_values(values: pd.Series, timezone: str) -> tuple[pd.Series, list[str | None]]:
    """Parse distinct values: ISO 8601 and other regular formats vectorised, the rest with dateutil.

    Returns:
        The naive wall-clock time in ``timezone`` of each value (NaT when unreadable), and the
        zone abbreviation each value named (None when it named none).
    """
    values = values.str.replace(_GMT_OFFSET, _as_offset, regex=True)
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    naive = values.str.fullmatch(_ISO_NAIVE.pattern).fillna(False).to_numpy(bool)
    aware = values.str.fullmatch(_ISO_AWARE.pattern).fillna(False).to_numpy(bool)
    if naive.any():
        result[naive] = pd.to_datetime(values[naive], format="ISO8601", errors="coerce")
    if aware.any():
        utc = pd.to_datetime(values[aware], format="ISO8601", errors="coerce", utc=True)
        result[aware] = utc.dt.tz_convert(timezone).dt.tz_localize(None)
    zones = pd.Series(None, index=values.index, dtype="object")
    rest = ~(naive | aware)
    if rest.any():
        result[rest], zones[rest] = _parse_zoned(values[rest], timezone)
    left = result.isna().to_numpy() & values.notna().to_numpy()
    for position in left.nonzero()[0]:
        result.iloc[position], zones.iloc[position] = _parse_one(values.iloc[position], timezone)
    return result, zones.tolist()


def _parse_zoned(values: pd.Series, timezone: str) -> tuple[pd.Series, pd.Series]:
    """Split off a trailing zone (offset or abbreviation), parse the wall clock by format, convert.

    Returns:
        The times (NaT where no guessed format fits; left to dateutil) and the abbreviations named.
    """
    parts = _extract(values, _ZONE_SUFFIX).astype("object")
    found = parts["zone"].notna() & ~parts["zone"].str.upper().isin(["AM", "PM"]).fillna(False)
    zone = parts["zone"].where(found)
    wall = parts["wall"].where(found, values.astype("object"))
    distinct = zone.dropna().unique()
    offset = zone.map({name: _zone_minutes(name) for name in distinct}).astype("float")
    moments = _parse_by_format(wall)
    shifted = moments - pd.to_timedelta(offset, unit="min")
    converted = shifted.dt.tz_localize("UTC").dt.tz_convert(timezone).dt.tz_localize(None)
    named = zone.map({name: name.upper() if name.isalpha() else None for name in distinct})
    return moments.where(offset.isna(), converted), named.astype("object")


def _zone_minutes(zone: str) -> float:
    """Minutes east of UTC of ``Z``, ``+0430``, ``-05:00`` or a table abbreviation; NaN when unknown."""
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})?", zone)
    if match is not None:
        sign = -1 if match.group(1) == "-" else 1
        return sign * (int(match.group(2)) * 60 + int(match.group(3) or 0))
    known = zone_table().get(zone.upper())
    return float("nan") if known is None else known.offset.total_seconds() / 60


def _parse_by_format(walls: pd.Series) -> pd.Series:
    """Parse wall-clock strings with formats guessed from their values (pandas), vectorised.

    A format is guessed from the first value not yet read and applied to all of them; up to
    ``_MAX_FORMATS`` formats are tried. Values no guessed format fits stay NaT (for dateutil).
    """
    parsed = pd.Series(pd.NaT, index=walls.index, dtype="datetime64[ns]")
    tried: set[str] = set()
    skipped = pd.Series(False, index=walls.index)
    for _ in range(_MAX_FORMATS):
        todo = parsed.isna() & walls.notna() & ~skipped
        if not todo.any():
            break
        first = walls[todo].index[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            guessed = guess_datetime_format(walls[first])
        if guessed is None or guessed in tried or not _plain_format(guessed):
            skipped[first] = True
            continue
        tried.add(guessed)
        parsed[todo] = pd.to_datetime(walls[todo], format=guessed, errors="coerce")
        skipped[first] = pd.isna(parsed[first])
    return parsed


def _plain_format(guessed: str) -> bool:
    """Whether a guessed format has no zone (``%z``, ``%Z``, or a name such as ``EST`` kept as text)."""
    literal = re.sub(r"%.", "", guessed)
    return "%z" not in guessed and "%Z" not in guessed and not re.search(r"[A-Za-z]{2,}", literal)


class _ZoneReader:
    """dateutil's ``tzinfos`` hook: offsets as given, abbreviations from the table, the rest noted."""

    def __init__(self) -> None:
        self.named: str | None = None

    def __call__(self, name: str | None, offset: int | None):
        if offset is not None:
            return fixed_zone(timedelta(seconds=offset))
        if name is None:
            return None
        self.named = name.upper()
        zone = zone_table().get(self.named)
        return None if zone is None else fixed_zone(zone.offset, zone.abbreviation)


def _parse_one(value: str, timezone: str) -> tuple[pd.Timestamp, str | None]:
    """One value with dateutil: its wall-clock time in ``timezone`` (NaT if none) and the zone it named."""
    text = _PARENTHESISED_ZONE.sub(r"\g<zone>", value)
    reader = _ZoneReader()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            moment = dateutil_parser.parse(text, default=_NO_YEAR, tzinfos=reader)
    except (ValueError, OverflowError):
        return pd.NaT, None
    if moment.year == _NO_YEAR.year:
        return pd.NaT, reader.named
    try:
        stamp = pd.Timestamp(moment)
    except (ValueError, OverflowError):
        return pd.NaT, reader.named
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(timezone).tz_localize(None)
    return stamp, reader.named


def _as_offset(match: re.Match) -> str:
    return f"{match['sign']}{int(match['hours']):02d}{match['minutes'] or '00'}"


def _zone_notes(values: pd.Series, zones: list[str | None], first_at: np.ndarray) -> list[TimeNote]:
    """One note per zone abbreviation that is ambiguous (read as the table says) or unknown (wall clock kept).

    Args:
        values: the distinct values, in the order they first appear.
        zones: the abbreviation each value named, or None.
        first_at: the position of each value's first row.
    """
    table = zone_table()
    named = pd.Series(zones, dtype="object")
    noted = named.map(lambda name: isinstance(name, str) and (name not in table or bool(table[name].ambiguity)))
    notes = []
    for name, group in named[noted.astype(bool)].groupby(named[noted.astype(bool)]):
        first = group.index[0]
        which = (f"zone {name!r} in {_count(len(group), 'distinct date')} "
                 f"(first {values.iloc[first]!r})")
        if name not in table:
            message = (f"{which} is not a zone abbreviation known to {ZONES_FILE}; "
                       "the wall-clock time is kept as corpus time")
        else:
            message = f"{which} read as {table[name].describe()}; it may also mean {table[name].ambiguity}"
        notes.append(TimeNote(int(first_at[first]), message))
    return notes
