"""From per-file records to the corpus tables: duplicates, links between stories, the ledger.

These functions are pure: frames in, frames out. The loader and the ingest
stage both call ``assemble`` after parsing (the stage on cached records plus
the newly parsed ones).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.ingest.boilerplate import Removed, Rule
from analysis.ingest.cleaning import clean_pages, learn_boilerplate, page_keys, sign
from analysis.ingest.ledger import raise_first
from analysis.ingest.near_duplicates import copies
from analysis.ingest.records import FileRecords
from analysis.ingest.related import RAW_COLUMNS, type_related
from analysis.schemas import STRING, conform, month_keys, to_zone

PAGE_COLUMNS = ("source_file", "line", "article_id", "title", "published", "body", "signature",
                "outlet", "url", "author", "n_words", "n_related", "content_hash")
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


INDEX_COLUMNS = ["source_file", "line", "article_id", "title", "published", "outlet", "url", "content_hash"]
"""The columns of the per-file ``pages`` table that assembling needs (all but the text)."""


def assemble(
    pages: pd.DataFrame, page_related: pd.DataFrame, page_issues: pd.DataFrame, *,
    timezone: str, errors: str = "record", rules: Iterable[Rule] = (), remove_boilerplate: bool = True,
    near_duplicates: bool = True, distinct: frozenset[str] = frozenset(),
) -> dict[str, pd.DataFrame]:
    """Build the corpus tables from the per-file tables, all in memory.

    Args:
        pages: one row per article read per file (``records_frames``).
        page_related: one row per related item per file.
        page_issues: the problems met per file.
        timezone: the zone that naive times are wall-clock times in.
        errors: ``"raise"`` to raise at the first duplicate instead of recording it.
        rules: the analyst's boilerplate rules.
        remove_boilerplate: learn and remove each outlet's boilerplate (``analysis.ingest.cleaning``).
        near_duplicates: mark near-duplicate copies in ``duplicate_of``.
        distinct: ids of articles that are stories of their own (never copies).

    Returns:
        The tables ``articles``, ``related``, ``stories``, ``issues`` and ``boilerplate``
        (schemas in ``analysis.schemas``).
    """
    kept, duplicate_issues = choose_articles(pages[INDEX_COLUMNS], timezone=timezone, errors=errors)
    chosen = pages.take(kept).reset_index(drop=True)
    boilerplate = learn_boilerplate(chosen, page_keys(chosen), rules=rules, enabled=remove_boilerplate)
    duplicates = pd.Series(dtype=STRING)
    if near_duplicates:
        duplicates = copies(chosen, sign(chosen, boilerplate), distinct=distinct)
    removed = Removed()
    articles = conform(clean_pages(chosen, boilerplate, duplicates, removed), "articles", timezone)
    return {"articles": articles,
            **corpus_tables(articles, page_related, page_issues, duplicate_issues, timezone=timezone),
            "boilerplate": conform(removed.table(boilerplate), "boilerplate", timezone)}


def choose_articles(index: pd.DataFrame, *, timezone: str,
                    errors: str = "record") -> tuple[np.ndarray, pd.DataFrame]:
    """Decide which rows become articles: the first of each ``article_id`` in file order.

    Args:
        index: the ``INDEX_COLUMNS`` of the per-file pages, with a default index.
        timezone: the corpus's zone (naive times are wall-clock times there).
        errors: ``"raise"`` to raise at the first duplicate instead of recording it.

    Returns:
        The positions of the kept rows, in article order (by month of
        publication, undated last, then by file and row: the order of the
        month partitions on disk), and the duplicate warnings for the others.

    Raises:
        IngestError: with ``errors="raise"``, when there is a duplicate.
    """
    ordered = index.reset_index(drop=True).sort_values(["source_file", "line"], na_position="first",
                                                       kind="stable")
    duplicated = ordered.duplicated("article_id", keep="first")
    duplicate_issues = _duplicate_issues(ordered, duplicated)
    if errors == "raise":
        raise_first(duplicate_issues)
    kept = ordered[~duplicated]
    by_month = month_keys(kept["published"], timezone).sort_values(kind="stable")
    return by_month.index.to_numpy(), duplicate_issues


def corpus_tables(
    articles: pd.DataFrame, page_related: pd.DataFrame, page_issues: pd.DataFrame,
    duplicate_issues: pd.DataFrame, *, timezone: str,
) -> dict[str, pd.DataFrame]:
    """Build the ``related``, ``stories`` and ``issues`` tables around the chosen articles.

    Related items are kept with their page's file (a page file holds one
    article; tabular files, which may hold several, list no related items) and
    ordered like the articles (by month, then file), then by their place in the list.

    Args:
        articles: the chosen articles' ``article_id``, ``source_file``,
            ``title`` and ``published`` (naive or in ``timezone``).
        page_related: one row per related item per file.
        page_issues: the problems met per file.
        duplicate_issues: from ``choose_articles``.
        timezone: the zone that naive times are wall-clock times in.

    Returns:
        The tables ``related``, ``stories`` and ``issues``.
    """
    articles = articles[["article_id", "source_file", "title"]].assign(
        published=to_zone(articles["published"], timezone))
    month = month_keys(articles["published"], timezone).set_axis(articles["source_file"].to_numpy())
    month = month[~month.index.duplicated()]
    related = page_related.loc[page_related["source_file"].isin(articles["source_file"])]
    related = related.assign(month=related["source_file"].map(month)).sort_values(
        ["month", "source_file", "position"], kind="stable").drop(columns="month")
    del page_related
    related["linked_article_id"] = pd.NA
    related = conform(related, "related", timezone)
    related["linked_article_id"] = linked_articles(related, articles)
    issues = concat_rows([page_issues, duplicate_issues.astype(page_issues.dtypes.to_dict())])
    issues = issues.sort_values(["source_file", "line"], na_position="first", kind="stable")
    return {
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
    """Normalise titles for matching: lower case, white space collapsed and trimmed.

    Args:
        titles: headlines.

    Returns:
        The matching keys ("" for a missing title).
    """
    text = pa.array(titles.astype(STRING).array).fill_null("")
    collapsed = pc.replace_substring_regex(pc.utf8_lower(text), pattern=r"\s+", replacement=" ")
    return pd.Series(pd.array(pc.utf8_trim_whitespace(collapsed), dtype=STRING), index=titles.index)


def linked_articles(related: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """Find the article of the corpus that each listed story is: same title, time within a day.

    Args:
        related: listed stories with ``title`` and ``published``.
        articles: articles with ``article_id``, ``title`` and ``published``.

    Returns:
        The linked article's id per row of ``related`` (the nearest in time
        when several match), else missing.
    """
    codes, _ = pd.factorize(pd.concat([title_key(related["title"]), title_key(articles["title"])],
                                      ignore_index=True))
    left = pd.DataFrame({"row": np.arange(len(related)), "key": codes[:len(related)],
                         "time": related["published"].to_numpy(dtype="datetime64[ns]")})
    right = pd.DataFrame({"key": codes[len(related):], "linked": np.arange(len(articles)),
                          "article_time": articles["published"].to_numpy(dtype="datetime64[ns]")})
    right = right[title_key(articles["title"]).to_numpy() != ""]
    pairs = left.merge(right, on="key", how="inner", validate="m:m")
    gap = (pairs["time"] - pairs["article_time"]).abs()
    pairs = pairs[gap <= LINK_TOLERANCE].assign(gap=gap).sort_values(["row", "gap"], kind="stable")
    best = pairs.drop_duplicates("row")
    linked = np.full(len(related), -1)
    linked[best["row"].to_numpy()] = best["linked"].to_numpy()
    ids = articles["article_id"].array.take(linked, allow_fill=True)
    return pd.Series(ids, index=related.index, dtype=STRING)


def _stories(related: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    columns = ["article_id", "story_id", "title", "published", "linked_article_id"]
    listed = related[columns].merge(
        articles[["article_id", "published"]].rename(columns={"published": "listed"}),
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
