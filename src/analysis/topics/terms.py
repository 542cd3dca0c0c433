"""The terms of articles: headline and body lemmas, with entity mentions as single names."""

from __future__ import annotations

import hashlib

import pandas as pd
from tqdm.auto import tqdm

from analysis.topics.labels import text_phrases
from analysis.topics.vectorise import analyse

ENTITY_KINDS = ("person", "country", "group", "place")
"""Mention kinds read as single terms (their canonical ``name``)."""


def article_terms(articles: pd.DataFrame, mentions: pd.DataFrame | None = None, *,
                  progress: bool = False) -> list[list[str]]:
    """The terms of each article: headline and body lemmas, with entity mentions as names.

    Headlines are never searched for capitalised names (news headlines are often
    title case); bodies are only when no mentions are given.

    Args:
        articles: rows with ``article_id``, ``title`` and ``body``.
        mentions: rows of ``entities`` (``article_id``, ``section``, ``start``, ``end``,
            ``kind``, ``name``); mentions of ``ENTITY_KINDS`` become their ``name``.
            None to find names in bodies from capitalisation instead.
        progress: show a progress bar.

    Returns:
        One list of terms per article, in the order of ``articles``.
    """
    spans = spans_by_article(mentions) if mentions is not None else {}
    out = []
    rows = zip(articles["article_id"], articles["title"].fillna(""), articles["body"].fillna(""))
    for article_id, title, body in tqdm(rows, total=len(articles), unit="article",
                                        desc="topics: terms", disable=not progress):
        title_spans, body_spans = spans.get(article_id, ((), ()))
        out.append(analyse(title, spans=title_spans, names=False)
                   + analyse(body, spans=body_spans, names=mentions is None))
    return out


def article_phrases(articles: pd.DataFrame) -> list[list[str]]:
    """The phrases of each article's headline and body, for topic labels (``labels.text_phrases``).

    Args:
        articles: rows with ``title`` and ``body``.

    Returns:
        One list of phrases per article, in the order of ``articles``.
    """
    return [text_phrases(f"{title}\n{body}")
            for title, body in zip(articles["title"].fillna(""), articles["body"].fillna(""))]


def spans_by_article(mentions: pd.DataFrame) -> dict[str, tuple[list, list]]:
    kept = mentions[mentions["kind"].isin(ENTITY_KINDS) & mentions["name"].fillna("").ne("")]
    spans: dict[str, tuple[list, list]] = {}
    for article_id, section, start, end, name in zip(kept["article_id"], kept["section"], kept["start"],
                                                     kept["end"], kept["name"]):
        pair = spans.setdefault(article_id, ([], []))
        pair[0 if section == "title" else 1].append((int(start), int(end), str(name)))
    return spans


def term_keys(articles: pd.DataFrame, mentions: pd.DataFrame | None) -> pd.Series:
    """One cache key per article: its content hash and the entity spans read from it."""
    if mentions is None:
        return articles["content_hash"].astype(str).reset_index(drop=True) + ":text"
    spans = spans_by_article(mentions)
    return pd.Series([f"{content}:{hashlib.sha1(repr(spans.get(article, '')).encode()).hexdigest()[:16]}"
                      for article, content in zip(articles["article_id"], articles["content_hash"])])


