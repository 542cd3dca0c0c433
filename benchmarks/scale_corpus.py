"""A large corpus in the site's page shape, from the shared Reuters-21578 and Tehran Times corpora.

Every Reuters-21578 story with a body and every Tehran Times article becomes a
page (headline, date line, body, signature, an empty related list), the two
sources alternating so that every size mixes short wire stories and long articles. Tehran
Times files have no date: their date is spread over 2016-2023 in the order of
their news id (monotonic with publication), which is synthetic and only serves
the benchmark. Copies beyond the real articles vary: the headline gets
"(update N)", the date moves by N days and the paragraphs rotate, so each copy
is a distinct article to the loader. Pages go into folders of 1,000.
"""

from __future__ import annotations

import re
import tarfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from analysis.config import CORPORA_DIR
from analysis.datasets.reuters import read_reuters
from analysis.ingest.render import render_page

TEHRAN_TIMES = CORPORA_DIR / "tehran_times" / "tehran_times_data.tar.gz"
_TT_NAME = re.compile(r"_news_(\d+)_(.+)\.txt$")
_FIRST, _LAST = datetime(2016, 1, 1), datetime(2023, 6, 30)


def reuters_articles() -> Iterator[tuple[str, datetime, list[str]]]:
    """Reuters-21578 stories with a body: headline, naive time, paragraphs."""
    stories = read_reuters()
    for title, date, body in zip(stories["title"], stories["date"], stories["body"]):
        if isinstance(body, str) and body.strip() and date is not None and date == date:
            paragraphs = [part.strip() for part in body.split("\n\n") if part.strip()]
            yield (title or paragraphs[0][:80]).strip(), date.to_pydatetime().replace(tzinfo=None), paragraphs


def tehran_times_articles() -> Iterator[tuple[str, datetime, list[str]]]:
    """Tehran Times articles: headline from the file-name slug, synthetic time from the news id."""
    with tarfile.open(TEHRAN_TIMES) as archive:
        members = [(int(match.group(1)), match.group(2), member) for member in archive.getmembers()
                   if (match := _TT_NAME.search(member.name))]
        first, last = min(m[0] for m in members), max(m[0] for m in members)
        for news_id, slug, member in sorted(members, key=lambda m: m[0]):
            text = archive.extractfile(member).read().decode("utf-8").replace("\r\n", "\n")
            paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
            if paragraphs:
                share = (news_id - first) / max(1, last - first)
                yield slug.replace("-", " "), _FIRST + share * (_LAST - _FIRST), paragraphs


def varied(articles: list[tuple[str, datetime, list[str]]], count: int) -> Iterator[tuple[str, datetime, list[str]]]:
    """The articles, then varied copies, until ``count``."""
    for index in range(count):
        title, published, paragraphs = articles[index % len(articles)]
        copy = index // len(articles)
        if copy:
            shift = copy % len(paragraphs)
            title, published = f"{title} (update {copy})", published + timedelta(days=copy)
            paragraphs = paragraphs[shift:] + paragraphs[:shift]
        yield title, published, paragraphs


def write_scale_corpus(out: Path, count: int) -> int:
    """Write ``count`` pages under ``out`` (kept when already complete).

    Args:
        out: the corpus folder.
        count: pages wanted.

    Returns:
        The number of pages in the folder.
    """
    done = out / f".complete-{count}"
    if done.exists():
        return count
    reuters, tehran = list(reuters_articles()), list(tehran_times_articles())
    articles = [article for pair in zip(reuters, tehran) for article in pair]
    articles += reuters[len(tehran):] + tehran[len(reuters):]
    for index, (title, published, paragraphs) in enumerate(varied(articles, count)):
        folder = out / f"{index // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        page = render_page(title=title, published=published, paragraphs=paragraphs,
                           signature=f"B/{index % 97}", related=[])
        (folder / f"page-{index:06d}.txt").write_text(page, encoding="utf-8")
    done.touch()
    return count
