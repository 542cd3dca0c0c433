"""Search the articles: a query language over title and body, backed by a SQLite FTS5 index.

The query language (what analysts type; Media Cloud's is close):

- ``iran nuclear``: both words (``AND`` is implied between terms); a word matches a whole
  word, case- and accent-insensitively (a word is a run of Unicode letters and digits), with
  no stemming: ``sanction`` does not match "sanctions"; ``sanction*`` does (a prefix);
- ``"foreign ministry"``: a phrase, its words in that order;
- ``iran OR iraq``, ``iran NOT iraq``, ``NOT iraq``, parentheses for grouping; ``AND`` binds
  tighter than ``OR``, and ``NOT`` tighter than both;
- ``title:sanctions``, ``title:"oil price"``: in the headline only;
- ``outlet:rt.com``: the article's outlet (exactly, in any case);
- ``person:"Vladimir Putin"``, ``group:IRGC``: articles where the entities stage found that
  canonical name (any case); ``country:IRN``: any mention resolved to that country, places
  included (needs the entities tables).

Operators are written in capitals; in lower case "and", "or" and "not" are words to find. A
mistake in a query raises ``QueryError`` naming the place and what was expected.

The index (``search.sqlite`` in the processed folder) is SQLite's FTS5 (``unicode61``
tokenizer, diacritics removed) over each article's title and body. ``update_index`` brings it
up to date with the ``articles`` table by content hash, re-indexing only new and changed
articles and dropping removed ones; ``search`` calls it first.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.store import read_table, table_exists

INDEX_FILE = "search.sqlite"
"""The index's file in the processed folder."""

ENTITY_FIELDS = ("person", "group", "country")
FIELDS = ("title", "outlet", *ENTITY_FIELDS)


class QueryError(ValueError):
    """A query that cannot be read: the message names the place and what was expected."""


@dataclass(frozen=True)
class Words:
    """Words to find: one word (``prefix`` for ``word*``) or a phrase, in ``field`` (None: title or body)."""

    words: tuple[str, ...]
    prefix: bool = False
    field: str | None = None


@dataclass(frozen=True)
class Filter:
    """An outlet or entity filter: ``field`` is outlet, person, group or country."""

    field: str
    value: str


@dataclass(frozen=True)
class Not:
    """Articles that do not match ``part``."""

    part: object


@dataclass(frozen=True)
class All:
    """Articles matching every part."""

    parts: tuple


@dataclass(frozen=True)
class Any:
    """Articles matching at least one part."""

    parts: tuple


_TOKEN = re.compile(r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<field>[A-Za-z]+):|"(?P<phrase>[^"]*)"|(?P<quote>")'
                    r'|(?P<word>[^\s()"]+))')
_WORD = re.compile(r"\w+")


def parse_query(query: str) -> object:
    """Read a query (see the module docstring) into a tree of ``Words``, ``Filter``, ``Not``, ``All``, ``Any``.

    Raises:
        QueryError: for an empty query, an unclosed quote or parenthesis, an unknown field,
            an operator with nothing to apply to, naming the character position.
    """
    tokens = list(_tokens(query))
    if not tokens:
        raise QueryError("the query is empty: expected words, a phrase or a filter")
    parser = _Parser(tokens, query)
    tree = parser.any()
    if parser.at < len(tokens):
        position, _, text = tokens[parser.at]
        raise QueryError(f"query position {position + 1}: unexpected {text!r}; expected an operator or the end")
    return tree


def _tokens(query: str) -> Iterator[tuple[int, str, str]]:
    """(position, kind, text) for each token: open, close, field, phrase, word."""
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None or match.end() == position:
            if query[position:].strip():
                raise QueryError(f"query position {position + 1}: cannot read {query[position:]!r}")
            return
        kind = match.lastgroup
        if kind == "quote":
            raise QueryError(f"query position {match.start(kind) + 1}: a quote is not closed; expected a closing \"")
        yield match.start(kind), kind, match.group(kind)
        position = match.end()


class _Parser:
    """Recursive descent: any := all (OR all)*; all := unary (AND? unary)*; unary := NOT unary | atom."""

    def __init__(self, tokens: list[tuple[int, str, str]], query: str) -> None:
        self.tokens, self.query, self.at = tokens, query, 0

    def peek(self) -> tuple[int, str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def is_operator(self, name: str) -> bool:
        token = self.peek()
        return token is not None and token[1] == "word" and token[2] == name

    def any(self) -> object:
        parts = [self.all()]
        while self.is_operator("OR"):
            self.at += 1
            parts.append(self.all())
        return parts[0] if len(parts) == 1 else Any(tuple(parts))

    def all(self) -> object:
        parts = [self.unary()]
        while (token := self.peek()) is not None and token[1] != "close" and not self.is_operator("OR"):
            if self.is_operator("AND"):
                self.at += 1
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def unary(self) -> object:
        if self.is_operator("NOT"):
            self.at += 1
            return Not(self.unary())
        return self.atom()

    def atom(self) -> object:
        token = self.peek()
        if token is None:
            raise QueryError(f"query position {len(self.query) + 1}: the query ends too soon; expected words, "
                             "a phrase or a filter")
        position, kind, text = token
        self.at += 1
        if kind == "open":
            inner = self.any()
            if (end := self.peek()) is None or end[1] != "close":
                raise QueryError(f"query position {position + 1}: a parenthesis is not closed; expected \")\"")
            self.at += 1
            return inner
        if kind == "close":
            raise QueryError(f"query position {position + 1}: unexpected \")\"; expected words, a phrase or a filter")
        if kind == "word" and text in ("AND", "OR"):
            raise QueryError(f"query position {position + 1}: {text} has nothing before it; expected words first")
        if kind == "field":
            return self.field(position, text.lower())
        return _words(text, kind == "phrase", None, position)

    def field(self, position: int, field: str) -> object:
        if field not in FIELDS:
            raise QueryError(f"query position {position + 1}: unknown field {field!r}; expected one of {list(FIELDS)}")
        token = self.peek()
        if token is None or token[1] not in ("word", "phrase"):
            raise QueryError(f"query position {position + 1}: {field}: has no value; expected a word or a \"phrase\"")
        self.at += 1
        if field == "title":
            return _words(token[2], token[1] == "phrase", "title", token[0])
        return Filter(field, token[2].strip())


def _words(text: str, phrase: bool, field: str | None, position: int) -> Words:
    prefix = not phrase and text.endswith("*")
    words = tuple(word.casefold() for word in _WORD.findall(text))
    if not words:
        raise QueryError(f"query position {position + 1}: {text!r} holds no word (letters or digits)")
    return Words(words, prefix, field)  # "U.S." or "al-Assad" as one term: its words in order


def index_path(processed_dir: str | Path | None = None) -> Path:
    """Where the search index of a processed folder is."""
    return Path(processed_dir or config.PROCESSED_DIR) / INDEX_FILE


def update_index(processed_dir: str | Path | None = None) -> int:
    """Bring the search index up to date with the ``articles`` table.

    Articles are compared by id and content hash: new and changed ones are (re-)indexed,
    removed ones dropped; the rest is untouched.

    Args:
        processed_dir: the processed folder; the configured one when None.

    Returns:
        How many articles were indexed or dropped.

    Raises:
        FileNotFoundError: when there is no ``articles`` table.
    """
    processed_dir = Path(processed_dir or config.PROCESSED_DIR)
    current = read_table("articles", processed_dir, columns=["article_id", "content_hash"])
    with closing(_connect(processed_dir)) as db, db:
        known = pd.read_sql("SELECT article_id, content_hash FROM indexed", db)
        merged = current.merge(known, on="article_id", how="outer", suffixes=("", "_indexed"), indicator=True)
        stale = merged.loc[(merged["_merge"] != "both") | (merged["content_hash"] != merged["content_hash_indexed"]),
                           "article_id"].tolist()
        todo = set(merged.loc[merged["_merge"] != "right_only", "article_id"]) & set(stale)
        db.executemany("DELETE FROM articles_fts WHERE article_id = ?", [(i,) for i in stale])
        db.executemany("DELETE FROM indexed WHERE article_id = ?", [(i,) for i in stale])
        if todo:
            rows = read_table("articles", processed_dir, columns=["article_id", "outlet", "title", "body", "content_hash"])
            rows = rows[rows["article_id"].isin(todo)]
            db.executemany("INSERT INTO articles_fts (article_id, outlet, title, body) VALUES (?, ?, ?, ?)",
                           ((r.article_id, r.outlet or "", r.title or "", r.body or "") for r in rows.itertuples()))
            db.executemany("INSERT INTO indexed (article_id, content_hash) VALUES (?, ?)",
                           zip(rows["article_id"], rows["content_hash"]))
    return len(stale)


def _connect(processed_dir: Path) -> sqlite3.Connection:
    db = sqlite3.connect(index_path(processed_dir))
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(article_id UNINDEXED, outlet UNINDEXED, "
               "title, body, tokenize = 'unicode61 remove_diacritics 2')")
    db.execute("CREATE TABLE IF NOT EXISTS indexed (article_id TEXT PRIMARY KEY, content_hash TEXT)")
    return db


def search(query: str, processed_dir: str | Path | None = None) -> pd.DataFrame:
    """The articles matching a query (see the module docstring).

    Args:
        query: the query.
        processed_dir: the processed folder; the configured one when None.

    Returns:
        One row per matching article, in the articles' order: ``article_id``, ``outlet``,
        ``published``, ``title``.

    Raises:
        QueryError: for a query that cannot be read, or an entity filter without the
            entities tables.
        FileNotFoundError: when there is no ``articles`` table.
    """
    processed_dir = Path(processed_dir or config.PROCESSED_DIR)
    tree = parse_query(query)
    update_index(processed_dir)
    articles = read_table("articles", processed_dir, columns=["article_id", "outlet", "published", "title"])
    with closing(_connect(processed_dir)) as db:
        matched = _evaluate(tree, db, processed_dir, frozenset(articles["article_id"]))
    return articles[articles["article_id"].isin(matched)].reset_index(drop=True)


def _evaluate(tree: object, db: sqlite3.Connection, processed_dir: Path, every: frozenset[str]) -> set[str]:
    if isinstance(tree, All):
        found = _evaluate(tree.parts[0], db, processed_dir, every)
        for part in tree.parts[1:]:
            found &= _evaluate(part, db, processed_dir, every)
        return found
    if isinstance(tree, Any):
        return set().union(*(_evaluate(part, db, processed_dir, every) for part in tree.parts))
    if isinstance(tree, Not):
        return set(every) - _evaluate(tree.part, db, processed_dir, every)
    if isinstance(tree, Filter):
        return _filtered(tree, db, processed_dir)
    return _matching(tree, db)


def _matching(words: Words, db: sqlite3.Connection) -> set[str]:
    """Article ids whose title (or title and body) hold the words, through FTS5."""
    quoted = '"' + " ".join(words.words) + '"' + (" *" if words.prefix else "")
    expression = f"{{{words.field or 'title body'}}} : {quoted}"
    return {row[0] for row in db.execute("SELECT article_id FROM articles_fts WHERE articles_fts MATCH ?",
                                         (expression,))}


def _filtered(condition: Filter, db: sqlite3.Connection, processed_dir: Path) -> set[str]:
    if condition.field == "outlet":
        return {row[0] for row in db.execute("SELECT article_id FROM articles_fts WHERE lower(outlet) = lower(?)",
                                             (condition.value,))}
    table = "entities" if condition.field == "country" else "article_entities"
    if not table_exists(processed_dir, table):
        raise QueryError(f"{condition.field}: needs the entities tables; run `analysis entities` first")
    if condition.field == "country":
        mentions = read_table("entities", processed_dir, columns=["article_id", "country"])
        return set(mentions.loc[mentions["country"].fillna("").str.upper() == condition.value.upper(), "article_id"])
    rows = read_table("article_entities", processed_dir, columns=["article_id", "kind", "name"])
    chosen = (rows["kind"] == condition.field) & (rows["name"].str.casefold() == condition.value.casefold())
    return set(rows.loc[chosen, "article_id"])
