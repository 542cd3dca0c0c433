"""The related-stories block: PHP's ``var_dump`` of a JSON list.

Shapes met in real scrapes::

    string(1886) "[{"id":"1793934",...,"title":"..."} ,{...} ]"
    string(0) ""
    array(0) {
    }
    NULL

The declared length may disagree with the content (re-encoded pages), the
list may be cut off mid-item (truncated scrapes), and markup may follow it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

DUMP_START = re.compile(r'^(?:string\((\d+)\) "(?=[\[{"]|$)|array\((\d+)\) \{|NULL\s*$)', re.MULTILINE)
"""Where a dump starts: a line beginning with a PHP ``var_dump`` of a string, array or NULL."""

_MARKERS = ("string(", "array(", "NULL")
_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[\s,]*")


@dataclass(frozen=True)
class Dump:
    """The parsed related-stories list.

    Attributes:
        items: the complete items, in order; each is what the JSON held (usually a dict).
        problems: messages on what was wrong with the dump, in the order met.
    """

    items: list[Any]
    problems: list[str] = field(default_factory=list)


def find_dump(text: str) -> re.Match[str] | None:
    """Find the start of the last ``var_dump`` block in a page.

    The last one is taken so that a body quoting ``string(`` is not mistaken for it.

    Args:
        text: the whole page.

    Returns:
        The match of its first line, or None when the page has no dump.
    """
    best = None
    for marker in _MARKERS:
        end = len(text)
        while (start := text.rfind(marker, 0, end)) >= 0 and (best is None or start > best.start()):
            match = DUMP_START.match(text, start) if start == 0 or text[start - 1] == "\n" else None
            if match:
                best = match
                break
            end = start
    return best


def parse_dump(block: str) -> Dump:
    """Parse a ``var_dump`` block, from its first character to the end of the page.

    Args:
        block: text starting at a match of ``DUMP_START``.

    Returns:
        The items that could be read whole, and the problems met.

    Raises:
        ValueError: when ``block`` does not start with a dump.
    """
    match = DUMP_START.match(block)
    if match is None:
        raise ValueError(f"block={block[:30]!r} does not start with a var_dump")
    if match.group(2) is not None:
        return _parse_array(block, int(match.group(2)))
    if match.group(1) is None:
        return Dump([], ["related list is NULL (the site returned no list)"])
    return _parse_string(block[match.end():], int(match.group(1)))


def _parse_array(block: str, count: int) -> Dump:
    if count == 0:
        return Dump([], ["related list is an empty PHP array"])
    return Dump([], [f"related list is a PHP array of {count} elements, not JSON; not read"])


def _parse_string(payload: str, declared: int) -> Dump:
    problems: list[str] = []
    content = _payload_content(payload)
    actual = len(content.encode("utf-8"))
    if actual != declared:
        problems.append(f"declared length {declared} but the string holds {actual} bytes")
    if not content.strip():
        return Dump([], problems)
    items, end, complete = _read_items(content)
    if not complete:
        problems.append(
            f"related list is cut off after {len(items)} complete items; kept those"
        )
    elif content[end:].strip():
        problems.append(f"unexpected text after the JSON list: {content[end:end + 40]!r}")
    return Dump(items, problems)


def _payload_content(payload: str) -> str:
    """The string's content: up to the closing quote that ends the dump, else everything."""
    end = payload.rfind('"')
    while end >= 0:
        rest = payload[end + 1:]
        if not rest.strip() or rest.lstrip().startswith("<"):
            return payload[:end]
        end = payload.rfind('"', 0, end)
    return payload


def _read_items(content: str) -> tuple[list[Any], int, bool]:
    """Read a JSON list item by item; returns (items, end offset, whether it closed)."""
    start = _WHITESPACE.match(content).end()
    if content.startswith("{", start):
        value, end = _decode(content, start)
        return ([value], end, True) if end else ([], start, False)
    if not content.startswith("[", start):
        return [], start, False
    try:
        value, end = _DECODER.raw_decode(content, start)
        return list(value), end, True
    except json.JSONDecodeError:
        return _salvage_items(content, start + 1)


def _salvage_items(content: str, position: int) -> tuple[list[Any], int, bool]:
    items: list[Any] = []
    while True:
        position = _WHITESPACE.match(content, position).end()
        if content.startswith("]", position):
            return items, position + 1, True
        value, end = _decode(content, position)
        if not end:
            return items, position, False
        items.append(value)
        position = end


def _decode(content: str, position: int) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(content, position)
    except json.JSONDecodeError:
        return None, 0
