"""Write pages in the site's shape: the inverse of ``page.parse_page``.

Used to build the demo corpus and benchmark corpora from other sources, and by
tests that check the parser reads back what was written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from analysis.ingest.dates import format_date_line
from analysis.ingest.ticks import datetime_to_ticks


def related_item(
    story_id: str, sort: int, published: datetime, title: str, *,
    content_type_id: int = 21, site: str = "alalam",
) -> dict[str, str]:
    """Build one related-story item as the site lists it.

    Args:
        story_id: the story's id.
        sort: the site's sort key.
        published: the story's naive wall-clock time, written as ticks in ``pic``.
        title: the story's headline.
        content_type_id: the site's content type.
        site: the prefix of the image file name.

    Returns:
        A dict with the keys ``id``, ``sort``, ``contenttypeid``, ``pic`` and ``title``.
    """
    pic = f"/{published:%Y/%m/%d}/{site}_{datetime_to_ticks(published)}_25f_4x3.jpg"
    return {"id": str(story_id), "sort": str(sort), "contenttypeid": str(content_type_id),
            "pic": pic, "title": title}


def render_dump(items: Sequence[dict[str, Any]] | None) -> str:
    """Write a related-stories list as PHP's ``var_dump`` of its JSON.

    Args:
        items: the related stories, or None for PHP's ``NULL``.

    Returns:
        For example ``string(1886) "[{...} ,{...} ]"``; the declared length is
        the UTF-8 byte length, as PHP counts it.
    """
    if items is None:
        return "NULL"
    if not items:
        payload = ""
    else:
        payload = "[" + " ,".join(
            json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in items
        ) + " ]"
    return f'string({len(payload.encode("utf-8"))}) "{payload}"'


def render_page(
    *, title: str, published: datetime | None, paragraphs: Sequence[str],
    signature: str | None, related: Sequence[dict[str, Any]] | None,
) -> str:
    """Write a whole page: headline twice, date line, body, signature, related dump.

    Args:
        title: the headline.
        published: naive wall-clock time of the date line, or None to leave it out.
        paragraphs: body paragraphs, written with a blank line between them.
        signature: the editor signature such as ``S/SH 11``, or None to leave it out.
        related: related-story items (see ``related_item``), or None for ``NULL``.

    Returns:
        The page text, lines separated by ``\\n``.
    """
    blocks = [f"{title}\n\n{title}"]
    if published is not None:
        blocks[0] += "\n" + format_date_line(published)
    blocks.extend(paragraphs)
    if signature is not None:
        blocks.append(signature)
    blocks.append(render_dump(related))
    return "\n\n".join(blocks)
