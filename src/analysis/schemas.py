"""The schema of every table the project writes: columns, dtypes and meanings, in one place.

``conform`` casts a frame to its table's schema (and fails loudly when a
column is missing), so every stage reads and writes the same shapes.
Timestamps are timezone-aware; ids are strings.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

STRING = "string[pyarrow]"
"""Text columns: pandas strings stored in Arrow (compact, fast string methods, zero-copy Parquet)."""

TIMESTAMP = "timestamp"
"""Placeholder dtype: a tz-aware ``datetime64[ns, <zone>]`` in the corpus's time zone."""


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Attributes:
        name: the column name (snake_case).
        dtype: a pandas dtype name or categorical dtype, or ``TIMESTAMP``.
        description: what the column holds, for the docs.
    """

    name: str
    dtype: str | pd.CategoricalDtype
    description: str


ARTICLES = (
    Column("article_id", STRING, "stable id from the article's content (title, date, body); "
           "the same on every run and machine"),
    Column("source_file", STRING, "file the article was read from, relative to the corpus root "
           "(members of archives as `archive.zip/member`)"),
    Column("title", STRING, "headline"),
    Column("published", TIMESTAMP, "publication time from the date line, tz-aware; empty when "
           "missing or impossible"),
    Column("body", STRING, "body text, paragraphs separated by a blank line"),
    Column("signature", STRING, "editor signature such as `S/SH 11`; empty when absent"),
    Column("outlet", STRING, "who published it: the source's outlet column, else the URL's site "
           "without `www.`, else the top-level folder holding the file, else the corpus folder's name"),
    Column("url", STRING, "the article's address, when the source gives one"),
    Column("author", STRING, "the byline or authors (joined by `; `), when the source gives them"),
    Column("duplicate_of", STRING, "for a near-duplicate (the same story re-saved, re-encoded, "
           "re-titled or with another footer), the id of the story's first article; empty for "
           "the first or only copy"),
    Column("n_words", "Int64", "words in the body"),
    Column("n_related", "Int64", "stories in the page's related-stories list"),
    Column("content_hash", STRING, "hash of everything read from the page (including the related "
           "list); changes when any part changes"),
)
RELATED = (
    Column("article_id", STRING, "the article whose page lists the story"),
    Column("position", "Int64", "1-based place in that list"),
    Column("story_id", STRING, "the site's id of the listed story"),
    Column("sort", "Int64", "the site's sort key"),
    Column("content_type_id", "Int64", "the site's content type"),
    Column("title", STRING, "the listed story's headline"),
    Column("image_path", STRING, "the `pic` path, which holds the tick count"),
    Column("published", TIMESTAMP, "the story's exact time, from the .NET ticks in `pic`"),
    Column("linked_article_id", STRING, "the article of this corpus that is that story (same "
           "title, time within a day), else empty"),
)
STORIES = (
    Column("story_id", STRING, "the site's id of a listed story"),
    Column("title", STRING, "its headline (the most frequent form listed)"),
    Column("published", TIMESTAMP, "its time from the ticks"),
    Column("first_listed", TIMESTAMP, "earliest publication time of an article listing it"),
    Column("last_listed", TIMESTAMP, "latest publication time of an article listing it"),
    Column("n_lists", "Int64", "how many articles list it"),
    Column("linked_article_id", STRING, "the article of this corpus that is that story, else empty"),
)
ISSUES = (
    Column("source_file", STRING, "the file concerned, relative to the corpus root"),
    Column("severity", pd.CategoricalDtype(["error", "warning", "info"]), "`error`: the file (or row) was not "
           "loaded; `warning`: loaded with a problem, or a duplicate of another file; `info`: how a file was "
           "read (a plain-text article's title from its first line or its file name) or that it was skipped "
           "as not an input (a note); not a problem"),
    Column("field", STRING, "the part concerned: file, encoding, title, published, body, "
           "signature, related, duplicate, row"),
    Column("line", "Int64", "1-based line in the decoded file (row number for tabular files)"),
    Column("message", STRING, "what was found, and what was expected or done"),
)

BOILERPLATE = (
    Column("outlet", STRING, "the outlet whose articles held the text"),
    Column("text", STRING, "the removed text (a sentence or line, as first seen)"),
    Column("reason", STRING, "`learned`: it recurs in many of the outlet's articles; `rule`: a "
           "`remove` line of the analyst's boilerplate file matched it"),
    Column("n_removed", "int64", "articles it was removed from"),
    Column("n_articles", "int64", "articles of the outlet holding it, where it was removed or not "
           "(running text keeps it)"),
)

KIND = pd.CategoricalDtype(["person", "country", "group", "place", "other"])
"""What an entity is, in the project's terms."""
ENTITIES = (
    Column("article_id", STRING, "the article the mention is in"),
    Column("section", pd.CategoricalDtype(["title", "body"]), "`title` (the headline) or `body`"),
    Column("start", "int64", "character offset of the mention in that section"),
    Column("end", "int64", "character offset just after the mention"),
    Column("text", STRING, "the mention as written (\"Daesh\", \"Russian\", \"Lavrov\")"),
    Column("label", STRING, "spaCy's NER label after the project's corrections (PERSON, ORG, "
           "GPE, LOC, NORP, FAC, ...)"),
    Column("kind", KIND, "person, country, group, place or other"),
    Column("name", STRING, "canonical name (\"ISIS\", \"Russia\", \"Sergei Lavrov\")"),
    Column("country", STRING, "ISO 3166-1 alpha-3 code when the mention resolves to a country "
           "(names, demonyms, places inside it), else empty"),
    Column("via", STRING, "how the name was reached: model, name, alias, demonym, capital, "
           "gazetteer, short form, variant"),
)
ARTICLE_ENTITIES = (
    Column("article_id", STRING, "the article"),
    Column("kind", KIND, "person, country, group, place or other"),
    Column("name", STRING, "canonical name"),
    Column("country", STRING, "ISO alpha-3 code of the entity's country, else empty"),
    Column("n_mentions", "int64", "mentions of the entity in the article"),
    Column("in_title", "bool", "whether the headline mentions it"),
)

TOPICS = (
    Column("topic", "int64", "topic id, stable across refits of matched topics"),
    Column("rank", "int64", "1-based rank of the term in the topic"),
    Column("term", STRING, "a lemma (lower case), a name, or a canonical entity name when "
           "the entities table was there (as written)"),
    Column("weight", "float64", "the term's share of the topic's weight"),
    Column("label", STRING, "the topic's readable label, from its top terms"),
)
ARTICLE_TOPICS = (
    Column("article_id", STRING, "the article"),
    Column("topic", "int64", "a topic of `topics`"),
    Column("weight", "float64", "the topic's share of the article (an article's weights sum to "
           "about 1; shares under 0.01 are left out)"),
)

DISTINCTIVE_TERMS = (
    Column("term", STRING, "a word (a run of Unicode letters and digits, case-folded) or an entity's "
           "canonical name"),
    Column("group", STRING, "the group the term is scored for: an outlet, a query or a period "
           "(`START:END`); compared with the other groups together"),
    Column("count", "int64", "the term's count in the group: word tokens, or for an entity the "
           "group's stories naming it (or its mentions, with `entity_count=\"mentions\"`)"),
    Column("count_other", "int64", "the term's count in the other groups together"),
    Column("total", "int64", "all terms' counts in the group (the sum of `count` over every term, listed or not)"),
    Column("total_other", "int64", "all terms' counts in the other groups together"),
    Column("prior", "float64", "the term's prior count: `alpha0` times its share of the compared groups' "
           "text pooled (or of the whole corpus, with `prior=\"corpus\"`)"),
    Column("alpha0", "float64", "the prior's total (its strength); by default the pooled text's own count, "
           "so that `prior` is the term's pooled count"),
    Column("z", "float64", "the log-odds ratio of the group against the others with the informative "
           "Dirichlet prior, over its standard deviation (Monroe, Colaresi and Quinn 2008, eq. 16, 20, "
           "22); above 1.96: the group uses the term more"),
    Column("kind", STRING, "`word`, or the entity's kind: `person`, `country` or `group`"),
)
"""The table of ``analysis.compare.distinctive_terms``: one row per term and group (not written to disk)."""

LEDGER = (
    Column("unit", STRING, "the unit of work: an input file (ingest) or an article (entities, topics)"),
    Column("content_hash", STRING, "the hash of the unit's content when it was done; a new hash "
           "means the unit is done again"),
    Column("part", STRING, "the part (``parts/<part>/``) holding the unit's results"),
)
"""A stage's ledger of done units (``analysis.state``); a stage may add columns of its own."""

FILE_LEDGER_EXTRA = {"size": "int64", "mtime_ns": "int64"}
"""The ingest stage's own ledger columns: each input file's size in bytes and modification time (ns)."""

TABLES: dict[str, tuple[Column, ...]] = {
    "articles": ARTICLES, "related": RELATED, "stories": STORIES, "issues": ISSUES,
    "boilerplate": BOILERPLATE,
    "entities": ENTITIES, "article_entities": ARTICLE_ENTITIES,
    "topics": TOPICS, "article_topics": ARTICLE_TOPICS,
}


def dtypes(table: str, timezone: str) -> dict[str, str | pd.CategoricalDtype]:
    """The pandas dtype of each column of a table.

    Args:
        table: a name in ``TABLES``.
        timezone: the zone of its timestamps.

    Returns:
        Column name to dtype name, in column order.
    """
    if table not in TABLES:
        raise ValueError(f"table={table!r} is unknown; must be one of {sorted(TABLES)}")
    return {
        column.name: f"datetime64[ns, {timezone}]" if column.dtype == TIMESTAMP else column.dtype
        for column in TABLES[table]
    }


def empty(table: str, timezone: str) -> pd.DataFrame:
    """An empty frame with a table's columns and dtypes.

    Args:
        table: a name in ``TABLES``.
        timezone: the zone of its timestamps.

    Returns:
        A frame with no rows.
    """
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes(table, timezone).items()})


def conform(frame: pd.DataFrame, table: str, timezone: str) -> pd.DataFrame:
    """Select and cast a frame's columns to a table's schema.

    Args:
        frame: a frame holding at least the table's columns.
        table: a name in ``TABLES``.
        timezone: the zone of its timestamps; naive times are read as wall-clock
            times there, aware ones converted to it.

    Returns:
        A new frame with exactly the table's columns, in order, with its dtypes.

    Raises:
        ValueError: naming the missing columns.
    """
    schema = dtypes(table, timezone)
    missing = [name for name in schema if name not in frame.columns]
    if missing:
        raise ValueError(f"{table} table is missing columns {missing}; has {list(frame.columns)}")
    frame = frame.reset_index(drop=True)
    columns = {}
    for name, dtype in schema.items():
        series = frame[name]
        is_time = isinstance(dtype, str) and dtype.startswith("datetime64")
        columns[name] = to_zone(series, timezone) if is_time else cast(series, dtype, where=table)
    return pd.DataFrame(columns, copy=False)


def cast(series: pd.Series, dtype: str | pd.CategoricalDtype, *, where: str) -> pd.Series:
    """Cast a column to a dtype; categories come out in the dtype's order.

    (pandas' ``astype`` keeps a categorical's own order when it holds the same
    categories, so the written order would depend on the data.)

    Args:
        series: the column.
        dtype: its schema dtype.
        where: the table, named in errors.

    Returns:
        The cast column.

    Raises:
        ValueError: naming the table, column and values when a value is not among the categories.
    """
    if not isinstance(dtype, pd.CategoricalDtype):
        return series.astype(dtype, copy=False)
    result = pd.Series(pd.Categorical(series, dtype=dtype), index=series.index, name=series.name)
    lost = result.isna() & series.notna()
    if lost.any():
        raise ValueError(f"{where}.{series.name}: values {sorted(set(series[lost].astype(str)))[:5]} "
                         f"are not among its categories {list(dtype.categories)}")
    return result


def to_zone(series: pd.Series, timezone: str) -> pd.Series:
    """Make times tz-aware in a zone: naive ones are read as wall-clock times there.

    A wall-clock time in a daylight-saving gap is moved forward; one that
    occurs twice is taken as the first (daylight) one.

    Args:
        series: naive or aware times.
        timezone: the zone, e.g. ``Asia/Tehran``.

    Returns:
        The times as ``datetime64[ns, timezone]``.
    """
    values = pd.to_datetime(series)
    if values.dt.tz is None:
        return values.dt.tz_localize(timezone, ambiguous=True, nonexistent="shift_forward").astype(
            f"datetime64[ns, {timezone}]")
    return values.dt.tz_convert(timezone).astype(f"datetime64[ns, {timezone}]")


UNDATED = "unknown"
"""The month of an article without a date (sorts after every ``YYYY-MM``)."""


def month_keys(published: pd.Series, timezone: str) -> pd.Series:
    """The month of each time, ``YYYY-MM`` in a zone, or ``unknown``: the partition of its rows.

    Args:
        published: naive (wall-clock in ``timezone``) or aware times.
        timezone: the corpus's zone.

    Returns:
        The months as strings, with the series' index.
    """
    months = to_zone(published, timezone).dt.strftime("%Y-%m")
    return months.astype(object).where(months.notna(), UNDATED)
