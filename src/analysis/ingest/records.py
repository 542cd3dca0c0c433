"""Rows of the per-file tables: what one page or one tabular row contributes.

A record's ``article_id`` is derived from the article's content only (title,
date and body, white space normalised), so it is the same on every run and
machine, whatever the file is called or where it sits in the folder.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from analysis.ingest.body import tidy_body
from analysis.ingest.ledger import Issue
from analysis.ingest.related import RelatedItem
from analysis.ingest.text import normalise_space

_SEPARATOR = "\x1f"


@dataclass
class FileRecords:
    """What one input file yields.

    Attributes:
        pages: one dict per article read (keys of the per-file ``pages`` table).
        related: one tuple per related item: source file, article id, line of
            the dump, then the fields of ``RelatedItem`` (columns ``RAW_COLUMNS``).
        issues: the problems met.
    """

    pages: list[dict[str, Any]] = field(default_factory=list)
    related: list[tuple] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _digest(text: str, size: int) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=size).hexdigest()


def article_id(title: str, published: datetime | None, body: str) -> str:
    """The stable id of an article: a hash of its normalised title, date and body.

    Args:
        title: the headline.
        published: the naive wall-clock time, or None.
        body: the body text.

    Returns:
        16 hexadecimal characters.
    """
    stamp = published.isoformat() if published is not None else ""
    return _digest(_SEPARATOR.join((normalise_space(title), stamp, normalise_space(body))), 8)


def content_hash(identity: str, signature: str | None, related: list[RelatedItem],
                 *more: str | None) -> str:
    """A hash of everything read from a page, to tell identical copies from edited ones.

    Args:
        identity: the article's id (which covers title, date and body).
        signature: the editor signature.
        related: the related items.
        *more: further fields read (URL, author); not the outlet, which may come from the folder.

    Returns:
        32 hexadecimal characters.
    """
    listed = _SEPARATOR.join(f"{item.story_id}|{item.title}|{item.image_path}" for item in related)
    return _digest(_SEPARATOR.join((identity, signature or "", listed, *(value or "" for value in more))), 16)


def page_record(
    source_file: str, *, title: str, published: datetime | None, body: str,
    signature: str | None, related: list[RelatedItem], outlet: str, url: str | None = None,
    author: str | None = None, line: int | None = None, related_line: int | None = None,
) -> tuple[dict[str, Any], list[tuple]]:
    """Build the per-file rows of one article and its related items.

    Args:
        source_file: the file's name relative to the corpus root.
        title: the headline.
        published: naive wall-clock time, or None.
        body: the body text (tidied here with ``body.tidy_body``).
        signature: the editor signature, or None.
        related: the related items.
        outlet: the outlet (``analysis.ingest.outlets.outlet_of``).
        url: the article's URL, or None.
        author: the byline or authors, or None.
        line: the row number for tabular files, else None.
        related_line: the line where the related-stories dump starts.

    Returns:
        The page row and its related rows.
    """
    body = tidy_body(body)  # repeats reduced, hard wraps joined, white space normalised (ingest.body)
    identity = article_id(title, published, body)
    page = {
        "source_file": source_file, "line": line, "article_id": identity, "title": title,
        "published": published, "body": body, "signature": signature,
        "outlet": outlet, "url": url or None, "author": author or None,
        "n_words": len(body.split()), "n_related": len(related),
        "content_hash": content_hash(identity, signature, related, url, author),
    }
    rows = [(source_file, identity, related_line, *item) for item in related]
    return page, rows
