"""Items of the related-stories list, checked and typed.

Each JSON item looks like ``{"id": "1793934", "sort": "3502244",
"contenttypeid": "21", "pic": "/2016/02/28/alalam_635922734888965277_25f_4x3.jpg",
"title": "..."}``. The story's time comes from the ticks in ``pic``; when
they are missing, from the folder date of ``pic`` (date only).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from analysis.ingest.text import unescape_entities
from analysis.ingest.ticks import (
    date_from_pic, folder_date_disagrees, ticks_from_pic, ticks_in_range, ticks_to_datetime,
)

_FIELDS = {"id": "story_id", "sort": "sort", "contenttypeid": "content_type_id",
           "pic": "image_path", "title": "title"}


@dataclass(frozen=True)
class RelatedItem:
    """One listed story.

    Attributes:
        position: 1-based place in the list.
        story_id: the site's id of the story, or None.
        sort: the site's sort key, or None.
        content_type_id: the site's content type, or None.
        title: the story's headline, or None.
        image_path: the ``pic`` path, or None.
        published: naive wall-clock time from the ticks (or folder date), or None.
    """

    position: int
    story_id: str | None
    sort: int | None
    content_type_id: int | None
    title: str | None
    image_path: str | None
    published: pd.Timestamp | None

    def as_dict(self) -> dict[str, Any]:
        """The item as a dict of its fields."""
        return asdict(self)


def read_related_items(raw_items: list[Any]) -> tuple[list[RelatedItem], list[str]]:
    """Check and type the items of a related-stories list.

    Args:
        raw_items: the decoded JSON items, in order.

    Returns:
        The items (an item that is not a JSON object is left out) and a
        message for each problem, naming the item's position.
    """
    items: list[RelatedItem] = []
    problems: list[str] = []
    for position, raw in enumerate(raw_items, start=1):
        if not isinstance(raw, dict):
            problems.append(f"related item {position} is {type(raw).__name__}, not an object; left out")
            continue
        items.append(_read_item(position, raw, problems))
    return items, problems


def _read_item(position: int, raw: dict[str, Any], problems: list[str]) -> RelatedItem:
    missing = [key for key in _FIELDS if raw.get(key) in (None, "")]
    if missing:
        problems.append(f"related item {position} has no {', '.join(missing)}")
    pic = _text(raw.get("pic"))
    title = _text(raw.get("title"))
    return RelatedItem(
        position=position,
        story_id=_text(raw.get("id")),
        sort=_integer(raw.get("sort"), position, "sort", problems),
        content_type_id=_integer(raw.get("contenttypeid"), position, "contenttypeid", problems),
        title=unescape_entities(title) if title else title,
        image_path=pic,
        published=_published(pic, position, problems) if pic else None,
    )


def _text(value: Any) -> str | None:
    if value in (None, ""):
        return None
    return value.strip() if isinstance(value, str) else str(value)


def _integer(value: Any, position: int, key: str, problems: list[str]) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        problems.append(f"related item {position}: {key}={value!r} is not a whole number; left empty")
        return None


def _published(pic: str, position: int, problems: list[str]) -> pd.Timestamp | None:
    ticks = ticks_from_pic(pic)
    folder_date = date_from_pic(pic)
    if ticks is not None and ticks_in_range(ticks):
        moment = ticks_to_datetime(ticks)
        if folder_date is not None and folder_date_disagrees(moment, folder_date):
            problems.append(f"related item {position}: ticks say {moment:%Y-%m-%d} but the folder "
                            f"says {folder_date:%Y-%m-%d}; kept the ticks")
        return moment
    reason = "no tick count" if ticks is None else f"tick count {ticks} out of range"
    if folder_date is not None:
        problems.append(f"related item {position}: pic {pic!r} has {reason}; used its folder date")
        return pd.Timestamp(folder_date)
    problems.append(f"related item {position}: pic {pic!r} has {reason} and no folder date; "
                    "time left empty")
    return None
