"""Term counts per group of stories: words of title and body, and canonical entities.

Articles are read a piece at a time (``PIECE_ROWS``), so the corpus's text is never all in
memory; each group's text is tokenised by one regular expression and counted by
``collections.Counter`` (both in C): more than twice as fast as scikit-learn's
``CountVectorizer`` on the RT and Tehran Times sample (1.2 s against 2.8 s for 0.94 million
words), and no document-term matrix: only the groups' sums are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

ENTITY_KINDS = ("person", "country", "group")
"""The entity kinds scored (places resolve to countries, which are scored)."""

ENTITY_COUNTS = ("articles", "mentions")
"""How an entity is counted: once per story naming it, or per mention."""

WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:'[^\W_]+)*")
"""A word: initials with their dots (``u.s.``), or a run of Unicode letters and digits
(``\\w`` without the underscore), apostrophes inside it kept (``don't``)."""

POSSESSIVE = re.compile(r"(?<=[^\W_])'s\b")
"""A possessive ending, dropped before counting (``iran's`` counts as ``iran``)."""

PIECE_ROWS = 2_000
"""Articles read and counted at a time, so that the corpus's text is never all in memory."""


def tokenize(text: str) -> list[str]:
    """The words of a text, case-folded: runs of Unicode letters and digits, with an apostrophe
    inside a word kept (``don't``), a possessive ``'s`` dropped, and initials kept whole (``U.S.``).

    A reader should recognise every word in a ranking: splitting at every apostrophe and dot
    ranked "t" (from "don't"), "s" and "u" (from "U.S.") among RT's and Tehran Times's most
    distinctive words.

    Args:
        text: any text (curly apostrophes count as ``'``).

    Returns:
        The words in order (``"Iran’s 2 ÉLAN don't U.S."`` gives
        ``["iran", "2", "élan", "don't", "u.s."]``).
    """
    return WORD.findall(POSSESSIVE.sub("", text.casefold().replace("\u2019", "'")))


def _group_numbers(groups: pd.DataFrame) -> pd.Series:
    """Each story's group as a number, by article id: 0, 1, ... in the groups' order; a story in no
    group gets the number of groups."""
    codes = groups["group"].cat.codes.to_numpy()
    return pd.Series(np.where(codes < 0, len(groups["group"].cat.categories), codes), index=groups["article_id"])


def word_counts(articles: Iterable[pd.DataFrame], groups: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Count the words of title and body per group, and in the whole corpus.

    Args:
        articles: frames of ``articles`` rows (``article_id``, ``title``, ``body``), e.g.
            ``read_table_pieces``'s pieces; rows not in ``groups`` (copies) are skipped.
        groups: ``story_groups``'s table (``article_id``, ``group``).

    Returns:
        The counts per group (index ``(kind, term)`` with kind ``word``, one int64
        column per group, in the groups' order) and per term in the whole corpus (every
        story of ``groups``, in a group or not).
    """
    labels, code_of = list(groups["group"].cat.categories), _group_numbers(groups)
    counters = [Counter() for _ in range(len(labels) + 1)]  # the last: stories in no group
    for piece in articles:
        codes = piece["article_id"].map(code_of)
        piece, codes = piece[codes.notna()], codes[codes.notna()]
        text = piece["title"].fillna("").astype(object) + "\n" + piece["body"].fillna("").astype(object)
        for code, texts in text.groupby(codes.astype("int64")):
            counters[code].update(tokenize("\n".join(texts)))
    corpus = sum(counters, Counter())
    terms = pd.Index(sorted(corpus), dtype=object)
    columns = {label: np.fromiter((counter.get(term, 0) for term in terms), dtype="int64", count=len(terms))
               for label, counter in zip(labels, counters)}
    index = pd.MultiIndex.from_arrays([np.full(len(terms), "word", dtype=object), terms], names=["kind", "term"])
    return (pd.DataFrame(columns, index=index),
            pd.Series(np.fromiter((corpus[term] for term in terms), dtype="int64", count=len(terms)), index=index))


def entity_counts(article_entities: Iterable[pd.DataFrame], groups: pd.DataFrame, *,
                  count: str = "articles") -> tuple[pd.DataFrame, pd.Series]:
    """Count the canonical people, countries and groups per group, and in the whole corpus.

    Args:
        article_entities: frames of ``article_entities`` rows (``article_id``, ``kind``,
            ``name``, ``n_mentions``); rows not in ``groups`` (copies) are skipped.
        groups: ``story_groups``'s table (``article_id``, ``group``).
        count: ``"articles"``: each story naming an entity counts 1; ``"mentions"``: its
            mentions.

    Returns:
        As ``word_counts``, with index ``(kind, term)``: the entity's kind and name.

    Raises:
        ValueError: for a ``count`` not in ``ENTITY_COUNTS``.
    """
    if count not in ENTITY_COUNTS:
        raise ValueError(f"entity_count={count!r} is invalid; must be one of {list(ENTITY_COUNTS)}")
    labels, code_of = list(groups["group"].cat.categories), _group_numbers(groups)
    sums = []
    for piece in article_entities:
        piece = piece[piece["kind"].isin(ENTITY_KINDS)]
        codes = piece["article_id"].map(code_of)
        piece = piece.assign(code=codes, value=1 if count == "articles" else piece["n_mentions"])[codes.notna()]
        sums.append(piece.astype({"kind": str, "name": object, "code": "int64"})
                    .groupby(["code", "kind", "name"])["value"].sum())
    every = pd.concat(sums) if sums else pd.Series(dtype="int64")
    every = every.groupby(level=[0, 1, 2]).sum() if len(every) else every
    table = (every.unstack("code", fill_value=0) if len(every) else pd.DataFrame(
        index=pd.MultiIndex.from_arrays([[], []], names=["kind", "name"])))
    table = table.reindex(columns=range(len(labels) + 1), fill_value=0).astype("int64")
    table.index = table.index.set_names(["kind", "term"])
    corpus = table.sum(axis=1)
    return table.iloc[:, :len(labels)].set_axis(labels, axis=1), corpus
