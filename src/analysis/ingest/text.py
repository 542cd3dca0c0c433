"""Small text helpers shared by the page and related-list readers."""

from __future__ import annotations

import html
import re

ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
"""A well-formed HTML entity: ``&amp;``, ``&#8217;``, ``&#x2019;``."""



def unescape_entities(text: str) -> str:
    """Decode HTML entities (``&amp;``, ``&#8217;``), leaving any other ``&`` as written.

    Args:
        text: text that may hold entities.

    Returns:
        The text with each well-formed entity decoded.
    """
    if "&" not in text:
        return text
    return ENTITY.sub(lambda match: html.unescape(match.group(0)), text)


def normalise_space(text: str) -> str:
    """Collapse runs of white space to one space and trim the ends.

    Args:
        text: any text.

    Returns:
        The text on one line.
    """
    return " ".join(text.split())
