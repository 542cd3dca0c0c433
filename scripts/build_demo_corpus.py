"""Build the demo corpus in ``data/raw/reuters`` from Reuters-21578 (research use only).

Each chosen story becomes one page in the site's shape (``analysis.ingest.render``):
headline, date line, body (the dateline leads the first paragraph, as Reuters
prints it), signature and the related-stories dump. The rules (selection, related
lists, signature, time zone) live in ``analysis.datasets.reuters``.

Reuters ``<DATE>`` is taken as UTC and written as wall-clock time in ``--timezone``
(date line, ticks and day folder), so reading the pages back in that zone gives the
right instant. The output is deterministic: the same bytes on every run.

Usage::

    python scripts/build_demo_corpus.py                # the demo corpus
    python scripts/build_demo_corpus.py --all --out benchmarks/out/reuters-all
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.config import RAW_DIR, SOURCE_TIMEZONE
from analysis.datasets.reuters import (
    FOCUS_TOPICS, RELATED_LIMIT, read_reuters, related_lists, select_stories, signature,
    to_wall_clock,
)
from analysis.ingest.render import related_item, render_page

DEFAULT_MAX_ARTICLES = 2500
"""About 6.4 MB of text: a few thousand pages, under the ~8 MB the demo may take in git."""
PAGE_GLOB = "????-??-??/reuters-*.txt"
"""The files this script writes, and the only ones it deletes."""


def page_path(out: Path, new_id: str, local_time: pd.Timestamp) -> Path:
    """Name a story's page file.

    Args:
        out: the output folder.
        new_id: the story's NEWID.
        local_time: the story's wall-clock time in the source zone.

    Returns:
        ``<out>/YYYY-MM-DD/reuters-NNNNN.txt``: the local date and the zero-padded NEWID.
    """
    return out / f"{local_time:%Y-%m-%d}" / f"reuters-{int(new_id):05d}.txt"


def story_page(story: Mapping[str, Any], related: Sequence[Mapping[str, Any]]) -> str:
    """Write one story and its related stories as a page.

    Args:
        story: a row of ``read_reuters``'s table plus ``local_time`` (wall-clock time).
        related: the related stories' rows, newest first.

    Returns:
        The page text. The dateline leads the first paragraph; the related items'
        ``sort`` is ``RELATED_LIMIT * new_id + rank`` (rank 0 for the newest), so it
        grows down the list as on the site and is unique across the corpus.
    """
    paragraphs = story["body"].split("\n\n")
    if story["dateline"]:
        paragraphs[0] = f"{story['dateline']} {paragraphs[0]}"
    items = [
        related_item(story_id=other["new_id"], sort=RELATED_LIMIT * int(story["new_id"]) + rank,
                     published=other["local_time"].to_pydatetime(), title=other["title"],
                     site="reuters")
        for rank, other in enumerate(related)
    ]
    return render_page(
        title=story["title"], published=story["local_time"].to_pydatetime(),
        paragraphs=paragraphs, signature=signature(story["topics"], story["local_time"].day),
        related=items,
    )


def write_corpus(stories: pd.DataFrame, out: Path) -> int:
    """Replace the pages in ``out`` with one page per story.

    Only files this script writes (``PAGE_GLOB``) are deleted, then day folders left empty.

    Args:
        stories: the chosen stories, with ``local_time``.
        out: the output folder.

    Returns:
        The number of bytes written.
    """
    for old in out.glob(PAGE_GLOB):
        old.unlink()
    for folder in out.glob("????-??-??"):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    by_id = {story["new_id"]: story for story in stories.to_dict("records")}
    total = 0
    for new_id, related in related_lists(stories).items():
        story = by_id[new_id]
        path = page_path(out, new_id, story["local_time"])
        path.parent.mkdir(parents=True, exist_ok=True)
        page = story_page(story, [by_id[other] for other in related]).encode("utf-8")
        path.write_bytes(page)
        total += len(page)
    return total


def summary(stories: pd.DataFrame, out: Path, size: int) -> str:
    """Describe what was written.

    Args:
        stories: the chosen stories, with ``local_time``.
        out: the output folder.
        size: bytes written.

    Returns:
        Lines giving the pages, size, local date range and topic counts.
    """
    topics = Counter(topic for story_topics in stories["topics"] for topic in story_topics)
    focus = ", ".join(f"{t} {topics[t]}" for t in sorted(FOCUS_TOPICS))
    top = ", ".join(f"{t} {n}" for t, n in topics.most_common(15))
    return "\n".join([
        f"wrote {len(stories):,} pages ({size / 1e6:.2f} MB of text) to {out}",
        f"dates: {stories['local_time'].min()} -> {stories['local_time'].max()} (local), "
        f"{stories['local_time'].dt.date.nunique()} days",
        f"topics: {len(topics)} distinct; "
        f"{(~stories['topics'].map(bool)).sum()} pages without topic",
        f"focus topics: {focus}",
        f"most common: {top}",
    ])


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=RAW_DIR / "reuters",
                        help="output folder (default: %(default)s)")
    parser.add_argument("--max-articles", type=int, default=DEFAULT_MAX_ARTICLES,
                        help="pages in the demo: all focus-topic stories plus evenly spaced "
                             "other topic-tagged stories (default: %(default)s)")
    parser.add_argument("--all", action="store_true",
                        help="write every story with a title, body and date (benchmarks)")
    parser.add_argument("--timezone", default=SOURCE_TIMEZONE,
                        help="zone of the pages' wall-clock times (default: %(default)s)")
    return parser.parse_args()


def main() -> None:
    """Read Reuters-21578, choose stories, write the pages and print a summary."""
    args = parse_args()
    try:
        chosen = select_stories(read_reuters(),
                                max_articles=None if args.all else args.max_articles)
    except (FileNotFoundError, ValueError) as error:
        raise SystemExit(f"build_demo_corpus: {error}") from None
    chosen = chosen.assign(local_time=to_wall_clock(chosen["date"], args.timezone))
    size = write_corpus(chosen, args.out)
    print(summary(chosen, args.out, size))


if __name__ == "__main__":
    main()
