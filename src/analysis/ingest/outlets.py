"""Which outlet published an article: from a column, the URL's site, the folder, or the corpus.

The order (issue 13): a mapped or recognised column (``outlet``, ``source``,
``source_domain``, ``media_name``, ...); else the site of the article's URL
without ``www.``; else the top-level folder under the corpus root that holds
the file (not a folder named like a date or a number); else the corpus's name (``corpus_name_of``:
the root folder's, or the nearest above it not named like a date or a number).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit


def site_of(url: str | None) -> str | None:
    """The site of a URL, lower case, without ``www.`` and port.

    Args:
        url: an absolute URL (``https://www.rt.com/news/1-a/``), or None.

    Returns:
        The host (``rt.com``), or None when the text is not an absolute web URL.
    """
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


_NOT_AN_OUTLET = re.compile(r"^\d+(?:[-_.]\d+)*$")
"""Folder names that are dates or numbers (``1987-03-02``, ``2016``): a corpus's layout, not an outlet."""


def folder_of(source_file: str) -> str | None:
    """The top-level folder under the corpus root that holds a file, unless its name is a date
    or a number (a folder per day or year is a layout, not an outlet).

    Args:
        source_file: the file's name relative to the corpus root (``tehran/a.txt``);
            archive members count the archive as the folder (``tt.tar.gz/data/a.txt``
            gives ``tt.tar.gz``).

    Returns:
        The folder's name, or None for a file at the root.
    """
    top, separator, _ = source_file.partition("/")
    return top if separator and top and not _NOT_AN_OUTLET.match(top) else None


def corpus_name_of(root: Path) -> str:
    """The corpus's name: its root folder's, or when that is a date or a number (a day folder
    read on its own, ``reuters/1987-03-01``) the nearest folder above it whose name is not.

    Args:
        root: the corpus root folder (absolute or relative).

    Returns:
        The name (the root's own when every folder above is a date or a number).
    """
    for folder in (root, *Path(root).resolve().parents):
        if folder.name and not _NOT_AN_OUTLET.match(folder.name):
            return folder.name
    return Path(root).name


def outlet_of(named: str | None, url: str | None, source_file: str, corpus_name: str) -> str:
    """Decide an article's outlet.

    Args:
        named: the outlet from a column of the source, or None.
        url: the article's URL, or None.
        source_file: the file's name relative to the corpus root.
        corpus_name: the corpus root folder's name.

    Returns:
        The outlet: the column's value, the URL's site, the top-level folder, or the corpus's name.
    """
    if named and named.strip():
        return named.strip()
    return site_of(url) or folder_of(source_file) or corpus_name
