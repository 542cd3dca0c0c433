""".NET DateTime tick counts, as found in the ``pic`` paths of related stories.

A tick is 100 nanoseconds; tick 0 is 0001-01-01 00:00:00. The site writes the
ticks of ``DateTime.Now`` on its server, so they are wall-clock times in the
source time zone, with no zone attached.
"""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd

TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000
"""Tick count of 1970-01-01 00:00:00."""

_NS_PER_TICK = 100
MIN_TICKS = TICKS_AT_UNIX_EPOCH + pd.Timestamp.min.value // _NS_PER_TICK + 1
"""Earliest tick count a pandas timestamp can hold (year 1677)."""
MAX_TICKS = TICKS_AT_UNIX_EPOCH + pd.Timestamp.max.value // _NS_PER_TICK
"""Latest tick count a pandas timestamp can hold (year 2262)."""
PIC_TICKS = re.compile(r"_(\d{15,19})(?:_|\.|$)")
"""The tick count in an image path: ``alalam_635922734888965277_25f_4x3.jpg``."""
PIC_FOLDER_DATE = re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})/")
"""The folder date of an image path: ``/2016/02/28/``."""


def ticks_in_range(ticks: int) -> bool:
    """Tell whether a tick count can be held by a pandas timestamp (years 1677 to 2262).

    Args:
        ticks: .NET tick count.

    Returns:
        True when ``ticks_to_datetime`` can convert it.
    """
    return MIN_TICKS <= ticks <= MAX_TICKS


def ticks_to_datetime(ticks: int) -> pd.Timestamp:
    """Convert a .NET tick count to a naive timestamp with full 100 ns precision.

    Args:
        ticks: .NET tick count, e.g. ``635922734888965277``.

    Returns:
        The naive wall-clock time, e.g. ``Timestamp('2016-02-28 16:24:48.896527700')``.

    Raises:
        ValueError: when the count is outside the years 1677 to 2262.
    """
    if not ticks_in_range(ticks):
        raise ValueError(f"ticks={ticks} is outside the range a timestamp can hold (1677-2262)")
    return pd.Timestamp((ticks - TICKS_AT_UNIX_EPOCH) * _NS_PER_TICK)


def datetime_to_ticks(moment: datetime) -> int:
    """Convert a naive wall-clock time to a .NET tick count (inverse of ``ticks_to_datetime``).

    Args:
        moment: a naive ``datetime`` or ``pandas.Timestamp``.

    Returns:
        The tick count.
    """
    stamp = pd.Timestamp(moment)
    if stamp.tzinfo is not None:
        raise ValueError(f"moment={moment!r} must be naive wall-clock time, not tz-aware")
    return stamp.value // _NS_PER_TICK + TICKS_AT_UNIX_EPOCH


def ticks_from_pic(pic: str) -> int | None:
    """Find the tick count in an image path such as ``/2016/02/28/alalam_635922734888965277_25f_4x3.jpg``.

    Args:
        pic: the ``pic`` value of a related story.

    Returns:
        The tick count, or None when the path holds none.
    """
    match = PIC_TICKS.search(pic)
    return int(match.group(1)) if match else None


def date_from_pic(pic: str) -> datetime | None:
    """Read the ``/YYYY/MM/DD/`` folder date of an image path.

    Args:
        pic: the ``pic`` value of a related story.

    Returns:
        Midnight of that date, or None when the path has no valid folder date.
    """
    match = PIC_FOLDER_DATE.search(pic)
    if match is None:
        return None
    try:
        return datetime(*(int(part) for part in match.groups()))
    except ValueError:
        return None
