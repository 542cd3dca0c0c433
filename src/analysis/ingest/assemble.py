"""From per-file records to the corpus tables: duplicates, links between stories, the ledger.

These functions are pure: frames in, frames out. The loader and the ingest
stage both call ``assemble`` after parsing (the stage on cached records plus
the newly parsed ones).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

import pandas as pd

from analysis.ingest.ledger import IngestError, Issue
from analysis.ingest.records import FileRecords
from analysis.ingest.related import RAW_COLUMNS, type_related
from analysis.ingest.text import normalise_space
from analysis.schemas import STRING, conform

PAGE_COLUMNS = ("source_file", "line", "article_id", "title", "published", "body", "signature",
                "n_words", "n_related", "content_hash")
ISSUE_COLUMNS = ("source_file", "severity", "field", "line", "message")
LINK_TOLERANCE = pd.Timedelta(days=1)
"""How far apart a listed story's tick time and an article's date may be to be the same story."""


def records_frames(records: Iterable[FileRecords]) -> dict[str, pd.DataFrame]:
    """Gather file records into the per-file tables ``pages``, ``page_related``, ``page_issues``.

    Args:
        records: the records of each file.

    Returns:
        The three tables (naive times), each keyed by ``source_file``.
    """
    pages, related, issues = [], [], []
    for record in records:
        pages.extend(record.pages)
        related.extend(record.related)
        issues.extend(asdict(issue) for issue in record.issues)
    typed, related_issues = type_related(pd.DataFrame.from_records(related, columns=list(RAW_COLUMNS)))
    return {
        "pages": _frame(pages, PAGE_COLUMNS, {"line": "Int64", "n_words": "Int64", "n_related": "Int64",
                                              "published": "datetime64[ns]"}),
        "page_related": typed,
        "page_issues": concat_rows([_frame(issues, ISSUE_COLUMNS, {"line": "Int64"}), related_issues])
                       .sort_values(["source_file", "line"], kind="stable", na_position="last",
                                    ignore_index=True),
    }


def concat_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack frames of the same columns, ignoring empty ones (which would blur the dtypes).

    Args:
        frames: at least one frame; all have the same columns.

    Returns:
        The rows of all frames, with a fresh index; the first frame emptied when all are empty.
    """
    filled = [frame for frame in frames if len(frame)]
    if not filled:
        return frames[0].iloc[0:0].reset_index(drop=True)
    return pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0].reset_index(drop=True)


def _frame(rows: list[dict] | list[tuple], columns: tuple[str, ...], types: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    strings = {column: STRING for column in columns if column not in types}
    return frame.astype({**strings, **types})


def assemble(
    pages: pd.DataFrame, page_related: pd.DataFrame, page_issues: pd.DataFrame, *,
    timezone: str, errors: str = "record",
) -> dict[str, pd.DataFrame]:
    """Build the corpus tables from the per-file tables.

    Args:
        pages: one row per article read per file (``records_frames``).
        page_related: one row per related item per file.
        page_issues: the problems met per file.
        timezone: the zone that naive times are wall-clock times in.
        errors: ``"raise"`` to raise at the first duplicate instead of recording it.

    Returns:
        The tables ``articles``, ``related``, ``stories`` and ``issues``
        (schemas in ``analysis.schemas``).
    """
    pages = pages.sort_values(["source_file", "line"], na_position="first", kind="stable")
    duplicated = pages.duplicated("article_id", keep="first")
    duplicate_issues = _duplicate_issues(pages, duplicated)
    if errors == "raise" and len(duplicate_issues):
        raise IngestError(Issue(**duplicate_issues.iloc[0].to_dict()))
    articles = conform(pages[~duplicated], "articles", timezone)
    kept = articles[["source_file", "article_id"]]
    related = page_related.merge(kept, on=["source_file", "article_id"], how="inner", validate="m:1")
    related = _link_related(conform(related.assign(linked_article_id=pd.NA), "related", timezone), articles)
    issues = concat_rows([page_issues, duplicate_issues.astype(page_issues.dtypes.to_dict())])
    issues = issues.sort_values(["source_file", "line"], na_position="first", kind="stable")
    return {
        "articles": articles,
        "related": related,
        "stories": conform(_stories(related, articles), "stories", timezone),
        "issues": conform(issues, "issues", timezone),
    }


def _duplicate_issues(pages: pd.DataFrame, duplicated: pd.Series) -> pd.DataFrame:
    first = pages[~duplicated].set_index("article_id")[["source_file", "content_hash"]]
    copies = pages[duplicated].join(first, on="article_id", rsuffix="_kept")
    same = copies["content_hash"] == copies["content_hash_kept"]
    message = (
        "duplicate of '" + copies["source_file_kept"] + "' (article " + copies["article_id"] + "); "
        + same.map({True: "identical content", False: "same title, date and body but another "
                    "signature or related list"}).astype(STRING)
        + "; not loaded again"
    )
    return pd.DataFrame({
        "source_file": copies["source_file"], "severity": "warning", "field": "duplicate",
        "line": copies["line"], "message": message,
    }, columns=list(ISSUE_COLUMNS))


def title_key(titles: pd.Series) -> pd.Series:
    """Normalise titles for matching: case folded, white space collapsed.

    Args:
        titles: headlines.

    Returns:
        The matching keys.
    """
    return titles.fillna("").map(normalise_space).str.casefold()


def _link_related(related: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    left = pd.DataFrame({"row": range(len(related)), "key": title_key(related["title"]),
                         "time": related["published"]})
    right = pd.DataFrame({"key": title_key(articles["title"]), "linked": articles["article_id"],
                          "article_time": articles["published"]})
    pairs = left.merge(right[right["key"] != ""], on="key", how="inner", validate="m:m")
    pairs = pairs.assign(gap=(pairs["time"] - pairs["article_time"]).abs())
    pairs = pairs[pairs["gap"] <= LINK_TOLERANCE].sort_values(["row", "gap"], kind="stable")
    best = pairs.drop_duplicates("row").set_index("row")["linked"]
    linked = pd.Series(pd.NA, index=range(len(related)), dtype=STRING)
    linked.loc[best.index] = best.to_numpy()
    return related.assign(linked_article_id=linked.array)


def _stories(related: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    listed = related.merge(articles[["article_id", "published"]].rename(columns={"published": "listed"}),
                           on="article_id", how="left", validate="m:1")
    listed = listed[listed["story_id"].notna()]
    grouped = listed.groupby("story_id", sort=True)
    return pd.DataFrame({
        "title": _most_common_title(listed),
        "published": grouped["published"].min(),
        "first_listed": grouped["listed"].min(),
        "last_listed": grouped["listed"].max(),
        "n_lists": grouped["article_id"].nunique(),
        "linked_article_id": grouped["linked_article_id"].first(),
    }).reset_index()


def _most_common_title(listed: pd.DataFrame) -> pd.Series:
    counts = listed.groupby(["story_id", "title"], sort=True).size().rename("count").reset_index()
    counts = counts.sort_values(["story_id", "count"], ascending=[True, False], kind="stable")
    return counts.drop_duplicates("story_id").set_index("story_id")["title"]
