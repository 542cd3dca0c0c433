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
up to date with the ``articles`` table, re-indexing only new and changed articles and dropping
removed ones; the ingest stage calls it after writing the tables, and ``search`` calls it
first (so an index deleted or left behind is rebuilt). An article's key is its page's content
hash and its body's word count: boilerplate learned from later files changes a body without
changing its page.

``kwic`` gives each hit in context (keyword in context): the words of the query, and the
mentions of its ``person:``, ``group:`` and ``country:`` filters, with the text around them.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.catalogue import path_of
from analysis.store import read_table, table_exists

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
    return path_of("search_index", processed_dir)


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
    current = _index_keys(read_table("articles", processed_dir, columns=["article_id", "content_hash", "n_words"]))
    with closing(_connect(processed_dir)) as db, db:
        known = pd.read_sql("SELECT article_id, content_hash FROM indexed", db)
        merged = current.merge(known, on="article_id", how="outer", suffixes=("", "_indexed"), indicator=True)
        stale = merged.loc[(merged["_merge"] != "both") | (merged["content_hash"] != merged["content_hash_indexed"]),
                           "article_id"].tolist()
        todo = set(merged.loc[merged["_merge"] != "right_only", "article_id"]) & set(stale)
        db.executemany("DELETE FROM articles_fts WHERE article_id = ?", [(i,) for i in stale])
        db.executemany("DELETE FROM indexed WHERE article_id = ?", [(i,) for i in stale])
        if todo:
            rows = read_table("articles", processed_dir,
                              columns=["article_id", "outlet", "title", "body", "content_hash", "n_words"])
            rows = _index_keys(rows[rows["article_id"].isin(todo)])
            db.executemany("INSERT INTO articles_fts (article_id, outlet, title, body) VALUES (?, ?, ?, ?)",
                           ((r.article_id, r.outlet or "", r.title or "", r.body or "") for r in rows.itertuples()))
            db.executemany("INSERT INTO indexed (article_id, content_hash) VALUES (?, ?)",
                           zip(rows["article_id"], rows["content_hash"]))
    return len(stale)


def _index_keys(articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with ``content_hash`` replaced by the index's key: page hash and body word count."""
    words = articles["n_words"].astype("string").fillna("")
    return articles.assign(content_hash=articles["content_hash"].fillna("") + "/" + words).drop(columns="n_words")


def _connect(processed_dir: Path) -> sqlite3.Connection:
    db = sqlite3.connect(index_path(processed_dir))
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(article_id UNINDEXED, outlet UNINDEXED, "
               "title, body, tokenize = 'unicode61 remove_diacritics 2')")
    db.execute("CREATE TABLE IF NOT EXISTS indexed (article_id TEXT PRIMARY KEY, content_hash TEXT)")
    return db


def search(query: str, processed_dir: str | Path | None = None, *, refresh: bool = True) -> pd.DataFrame:
    """The articles matching a query (see the module docstring).

    Args:
        query: the query.
        processed_dir: the processed folder; the configured one when None.
        refresh: bring the index up to date first (``update_index``); a caller running
            several queries refreshes it once and passes False.

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
    if refresh:
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


KWIC_COLUMNS = ["article_id", "outlet", "published", "title", "section", "start", "end", "left", "match", "right"]
"""Columns of ``kwic``'s table."""


def kwic(query: str, processed_dir: str | Path | None = None, *, width: int = 60) -> pd.DataFrame:
    """Each hit of a query in its context (keyword in context), in the matching articles.

    A hit is an occurrence of the query's words or phrases (a prefix ``sanction*`` matches
    "sanctions" and "sanctioned"), or a mention the entities stage resolved to a ``person:``,
    ``group:`` or ``country:`` of the query, in an article the query matches. Terms under
    ``NOT`` are not hits; an article matched through ``outlet:`` or ``NOT`` alone has no hit.

    Args:
        query: the query (see the module docstring).
        processed_dir: the processed folder; the configured one when None.
        width: characters of context on each side.

    Returns:
        One row per hit, by article (in the articles' order), section (title first) and place:
        ``article_id``, ``outlet``, ``published``, ``title``, ``section`` (``title`` or
        ``body``), ``start`` and ``end`` (character offsets in that section), ``left`` (up to
        ``width`` characters before the hit, line breaks as spaces), ``match`` (the hit as
        written) and ``right`` (up to ``width`` characters after).

    Raises:
        QueryError: for a query that cannot be read.
        ValueError: for a ``width`` below 0.
        FileNotFoundError: when there is no ``articles`` table.
    """
    if width < 0:
        raise ValueError(f"width={width!r} is invalid; must be 0 or more characters")
    processed_dir = Path(processed_dir or config.PROCESSED_DIR)
    terms = _hit_terms(parse_query(query))
    found = search(query, processed_dir)
    if found.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    texts = read_table("articles", processed_dir, columns=["article_id", "title", "body"])
    texts = texts[texts["article_id"].isin(found["article_id"])].set_index("article_id")
    spans = _word_spans(texts, [term for term in terms if isinstance(term, Words)])
    spans += _mention_spans(set(found["article_id"]), [term for term in terms if isinstance(term, Filter)],
                            processed_dir)
    rows = []
    for article_id, section, start, end in sorted(set(spans)):
        text = texts.at[article_id, section] or ""
        rows.append((article_id, section, start, end, _flat(text[max(0, start - width):start]),
                     _flat(text[start:end]), _flat(text[end:end + width])))
    hits = pd.DataFrame(rows, columns=["article_id", "section", "start", "end", "left", "match", "right"])
    order = {article_id: i for i, article_id in enumerate(found["article_id"])}
    hits = hits.sort_values(["article_id", "section", "start"],
                            key=lambda c: c.map(order) if c.name == "article_id" else
                            (c != "title") if c.name == "section" else c, kind="stable")
    return hits.merge(found, on="article_id", how="left")[KWIC_COLUMNS].reset_index(drop=True)


def _hit_terms(tree: object) -> list[Words | Filter]:
    """The words and entity filters of a query that are not under NOT."""
    if isinstance(tree, (All, Any)):
        return [term for part in tree.parts for term in _hit_terms(part)]
    if isinstance(tree, Words) or (isinstance(tree, Filter) and tree.field in ENTITY_FIELDS):
        return [tree]
    return []


def fold(text: str) -> str:
    """Lower case without accents, one character for one (so offsets into ``text`` hold).

    A character whose folded form is not one character (``ß``, ``İ``) is only lower-cased,
    or kept, so the index's word matching is followed closely but not exactly.
    """
    return "".join(_fold_char(char) for char in text)


def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
    if len(bare) == 1:
        return bare
    lower = char.lower()
    return lower if len(lower) == 1 else char


_TOKEN_CHAR = r"[^\W_]"


def word_pattern(words: Words) -> re.Pattern[str]:
    """A regular expression finding ``words`` in folded text (``fold``) as the index matches them:
    whole words (runs of letters and digits), a phrase's words separated by anything else, the
    last word a prefix when ``words.prefix``."""
    body = r"[\W_]+".join(re.escape(fold(word)) for word in words.words)
    return re.compile(rf"(?<!{_TOKEN_CHAR}){body}{_TOKEN_CHAR + '*' if words.prefix else ''}(?!{_TOKEN_CHAR})")


def _word_spans(texts: pd.DataFrame, terms: list[Words]) -> list[tuple[str, str, int, int]]:
    patterns = [(word_pattern(term), ("title",) if term.field == "title" else ("title", "body")) for term in terms]
    spans = []
    for article_id, title, body in zip(texts.index, texts["title"], texts["body"]):
        folded = {"title": fold(title or ""), "body": fold(body or "")}
        for pattern, sections in patterns:
            spans += [(article_id, section, m.start(), m.end()) for section in sections
                      for m in pattern.finditer(folded[section])]
    return spans


def _mention_spans(article_ids: set[str], filters: list[Filter],
                   processed_dir: Path) -> list[tuple[str, str, int, int]]:
    if not filters or not table_exists(processed_dir, "entities"):
        return []
    mentions = read_table("entities", processed_dir, columns=["article_id", "section", "start", "end", "kind", "name",
                                                              "country"])
    mentions = mentions[mentions["article_id"].isin(article_ids)]
    chosen = pd.Series(False, index=mentions.index)
    for condition in filters:
        if condition.field == "country":
            chosen |= mentions["country"].fillna("").str.upper() == condition.value.upper()
        else:
            chosen |= ((mentions["kind"] == condition.field)
                       & (mentions["name"].fillna("").str.casefold() == condition.value.casefold()))
    mentions = mentions[chosen]
    return list(zip(mentions["article_id"], mentions["section"].astype(str), mentions["start"].astype(int),
                    mentions["end"].astype(int)))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)
