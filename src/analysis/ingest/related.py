"""Items of the related-stories list: taken as found per page, typed and checked per batch.

Each JSON item looks like ``{"id": "1793934", "sort": "3502244",
"contenttypeid": "21", "pic": "/2016/02/28/alalam_635922734888965277_25f_4x3.jpg",
"title": "..."}``. The story's time comes from the .NET ticks in ``pic``; when
they are missing, from the folder date of ``pic`` (date only).

Reading a page keeps each item's values as found (``RelatedItem``); typing
and checking happen once per batch of pages, on whole columns
(``type_related``), which is where the time of a large ingest would go.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.ingest.text import ENTITY, unescape_entities
from analysis.schemas import STRING
from analysis.ingest.ticks import MAX_TICKS, MIN_TICKS, PIC_FOLDER_DATE, PIC_TICKS, TICKS_AT_UNIX_EPOCH

JSON_KEYS = {"id": "story_id", "sort": "sort", "contenttypeid": "content_type_id",
             "pic": "image_path", "title": "title"}
"""The item's JSON keys and the columns they become."""

RAW_COLUMNS = ("source_file", "article_id", "line", "position", *JSON_KEYS.values())
"""Columns of the raw related rows that ``type_related`` takes."""

_MAX_TICK_DIGITS = 18
_CAPTURING_GROUP = re.compile(r"\((?!\?)")


class RelatedItem(NamedTuple):
    """One listed story, with its values as found in the JSON (not yet typed).

    Attributes:
        position: 1-based place in the list.
        story_id: the ``id`` value, or None.
        sort: the ``sort`` value, or None.
        content_type_id: the ``contenttypeid`` value, or None.
        image_path: the ``pic`` value, or None.
        title: the ``title`` value, or None.
    """

    position: int
    story_id: Any
    sort: Any
    content_type_id: Any
    image_path: Any
    title: Any


def related_items(raw_items: list[Any]) -> tuple[list[RelatedItem], list[str]]:
    """Take the items of a decoded related-stories list.

    Args:
        raw_items: the decoded JSON items, in order.

    Returns:
        The items that are JSON objects, and a message for each one that is not
        (left out, with its position).
    """
    items: list[RelatedItem] = []
    problems: list[str] = []
    for position, raw in enumerate(raw_items, start=1):
        if isinstance(raw, dict):
            items.append(RelatedItem(position, raw.get("id"), raw.get("sort"), raw.get("contenttypeid"),
                                     raw.get("pic"), raw.get("title")))
        else:
            problems.append(f"related item {position} is {type(raw).__name__}, not an object; left out")
    return items, problems


def type_related(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Type and check the related rows of a batch of pages.

    Args:
        raw: one row per item, columns ``RAW_COLUMNS``, values as found.

    Returns:
        The typed rows (``source_file``, ``article_id``, ``position``,
        ``story_id``, ``sort``, ``content_type_id``, ``title``, ``image_path``,
        naive ``published``) and a frame of warnings (``source_file``,
        ``severity``, ``field``, ``line``, ``message``).
    """
    found = {column: _text(raw[column]) for column in JSON_KEYS.values()}
    numbers = {column: pd.to_numeric(found[column], errors="coerce").astype("Int64")
               for column in ("sort", "content_type_id")}
    published, time_problems = _published(found["image_path"])
    typed = pd.DataFrame({
        "source_file": raw["source_file"].astype(STRING), "article_id": raw["article_id"].astype(STRING),
        "position": raw["position"].astype("Int64"), "story_id": found["story_id"],
        "sort": numbers["sort"], "content_type_id": numbers["content_type_id"],
        "title": _unescape(found["title"]), "image_path": found["image_path"], "published": published,
    })
    problems = [_missing_fields(found), time_problems,
                *(_not_numbers(found[column], numbers[column], column) for column in numbers)]
    found_problems = [problem for problem in problems if len(problem)]
    messages = pd.concat(found_problems) if found_problems else pd.Series(dtype=STRING)
    return typed, _issues(raw, messages.sort_index(kind="stable"))


def _text(values: pd.Series) -> pd.Series:
    text = pd.Series(values, dtype=STRING).str.strip()
    return text.mask(text == "")


def _extract(text: pd.Series, pattern: str) -> pd.DataFrame:
    """Like ``Series.str.extract`` (groups numbered from 0), run by Arrow's regex engine."""
    numbers = iter(range(pattern.count("(")))
    named = _CAPTURING_GROUP.sub(lambda _: f"(?P<g{next(numbers)}>", pattern)
    found = pc.extract_regex(pa.array(text.array), named)
    return pd.DataFrame({
        number: pd.array(pc.struct_field(found, f"g{number}").cast(pa.string()), dtype=STRING)
        for number in range(found.type.num_fields)
    }, index=text.index)


def _unescape(titles: pd.Series) -> pd.Series:
    has_entity = titles.str.contains(ENTITY, na=False)
    return titles.mask(has_entity, titles[has_entity].map(unescape_entities))


def _published(pics: pd.Series) -> tuple[pd.Series, pd.Series]:
    digits = _extract(pics, PIC_TICKS.pattern)[0]
    ticks = digits.where(digits.str.len() <= _MAX_TICK_DIGITS).astype("Int64")
    usable = ticks.between(MIN_TICKS, MAX_TICKS).fillna(False).astype(bool)
    from_ticks = pd.to_datetime((ticks.where(usable) - TICKS_AT_UNIX_EPOCH) * 100, unit="ns")
    folder = _extract(pics, PIC_FOLDER_DATE.pattern)
    folder_date = pd.to_datetime(folder[0] + "-" + folder[1] + "-" + folder[2], format="%Y-%m-%d",
                                 errors="coerce")
    disagree = usable & folder_date.notna() & (from_ticks.dt.normalize() != folder_date)
    fallback = pics.notna() & ~usable
    messages = [_disagreements(from_ticks[disagree], folder_date[disagree]) if disagree.any() else None,
                _fallbacks(pics[fallback], digits[fallback], folder_date[fallback]) if fallback.any() else None]
    found = [message for message in messages if message is not None]
    return from_ticks.fillna(folder_date), pd.concat(found) if found else pd.Series(dtype=STRING)


def _disagreements(from_ticks: pd.Series, folder_date: pd.Series) -> pd.Series:
    return ("ticks say " + from_ticks.dt.strftime("%Y-%m-%d") + " but the folder says "
            + folder_date.dt.strftime("%Y-%m-%d") + "; kept the ticks")


def _fallbacks(pics: pd.Series, digits: pd.Series, folder_date: pd.Series) -> pd.Series:
    reason = pd.Series("no tick count", index=pics.index, dtype=STRING).mask(
        digits.notna(), "tick count " + digits + " out of range")
    outcome = folder_date.notna().map({True: "; used its folder date",
                                       False: " and no folder date; time left empty"})
    return "pic '" + pics + "' has " + reason + outcome.astype(STRING)


def _missing_fields(found: dict[str, pd.Series]) -> pd.Series:
    absent = pd.DataFrame({key: found[column].isna() for key, column in JSON_KEYS.items()})
    rows = absent[absent.any(axis=1)]
    if rows.empty:
        return pd.Series(dtype=STRING)
    names = rows.apply(lambda row: ", ".join(key for key, missing in row.items() if missing), axis=1)
    return "has no " + names.astype(STRING)


def _not_numbers(found: pd.Series, parsed: pd.Series, column: str) -> pd.Series:
    key = next(key for key, name in JSON_KEYS.items() if name == column)
    bad = found.notna() & parsed.isna()
    return (f"{key}='" + found[bad] + "' is not a whole number; left empty")


def _issues(raw: pd.DataFrame, messages: pd.Series) -> pd.DataFrame:
    rows = raw.loc[messages.index]
    return pd.DataFrame({
        "source_file": rows["source_file"].astype(STRING), "severity": "warning", "field": "related",
        "line": rows["line"].astype("Int64"),
        "message": "related item " + rows["position"].astype(STRING) + ": " + messages.astype(STRING),
    }).reset_index(drop=True)
