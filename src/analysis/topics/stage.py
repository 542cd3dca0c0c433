"""The topics stage: articles to ``topics``, ``article_topics`` and ``topic_card.json``.

The stage on the engine (``analysis.state``), a unit being an article:

1. **plan**: an article is analysed again when its content or its entity spans
   changed (its ledger hash is the content hash and a hash of the spans,
   ``terms.term_keys``); the model is fitted when there is none, on ``refit``,
   for another ``n_topics``, or when the fingerprint it was fitted under changed.
2. **map**: the articles to analyse go in batches of ``TERM_BATCH`` where the
   scheduler says (``terms.article_terms``: lemmas, and each person, country,
   group and place mention as its canonical name when the ``entities`` table is
   there), with the phrases of each article for the labels (``terms.article_phrases``).
3. **commit**: each batch's terms become a part.
4. **assemble**: a fit (topic ids matched to the old ones, ``matching``), or the
   saved model giving topic weights to the new and changed articles only.
5. **publish**: the ``topics`` and ``article_topics`` tables together, then the
   quality card (``tables.topic_card``). A run with nothing new writes nothing.

A change of the stop words, the lemma overrides, the spaCy model whose lemma
tables are read or ``CODE_VERSION`` analyses every article again and refits.
An article whose entities changed (but not its text) gets fresh terms; its
weights change only at the next refit.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.catalogue import load_topic_model, path_of, read_topic_card
from analysis.entities.model import default_model
from analysis.options import RunOptions, TopicsOptions
from analysis.schemas import STRING
from analysis.state import StageState, fingerprint, reference_folder
from analysis.store import article_months, publish_tables, read_table, replace_together, table_exists, write_tables
from analysis.topics.matching import matched_ids
from analysis.topics.model import TopicModel, min_documents
from analysis.topics.tables import topic_card, topic_table, weight_table
from analysis.topics.terms import article_phrases, article_terms, term_keys
from analysis.topics.vectorise import lemma_overrides, lemmatise, stop_words

TERM_BATCH = 2000
"""Articles whose terms are computed per batch (the unit of work sent to a Dask worker)."""

CODE_VERSION = 3
"""Raise when the code that turns an article into terms changes its output; with the
stop words, the lemma overrides and the spaCy model whose lemma tables are read, part
of the stage's fingerprint: a change analyses every article again and refits."""

TERMS = "terms"
"""The table of a batch's part: each article's terms."""

WEIGHTED = "weighted"
"""The stage's table of the articles the saved model weighed (``article_id``, ``content_hash``)."""


@dataclass(frozen=True)
class TopicsSkipped:
    """A run of the topics stage that could not fit a model.

    Attributes:
        n_articles: articles in the corpus.
        reason: why, and what to do.
        seconds: wall time.
    """

    n_articles: int
    reason: str
    seconds: float

    def __str__(self) -> str:
        return f"topics: skipped: {self.reason}"


@dataclass(frozen=True)
class TopicsReport:
    """What a run of the topics stage did.

    Attributes:
        n_articles: articles in the corpus.
        n_analysed: articles whose terms were computed (the rest came from the cache).
        n_transformed: articles given topic weights this time.
        n_removed: articles gone since the last run.
        n_topics: topics in the model.
        refitted: whether the model was fitted this time.
        seconds: wall time.
    """

    n_articles: int
    n_analysed: int
    n_transformed: int
    n_removed: int
    n_topics: int
    refitted: bool
    seconds: float

    def __str__(self) -> str:
        action = "fitted" if self.refitted else "reused"
        return (f"topics: {self.n_articles:,} articles ({self.n_analysed:,} analysed, "
                f"{self.n_transformed:,} given topic weights, {self.n_removed:,} removed); "
                f"{self.n_topics} topics ({action} model); {self.seconds:.1f} s")


def run_topics(processed_dir: str | Path | None = None, options: TopicsOptions | None = None, *,
               progress: bool = True, scheduler: str | None = None,
               **settings: Any) -> TopicsReport | TopicsSkipped:
    """Bring ``topics``, ``article_topics`` and ``topic_card.json`` up to date with the articles.

    Args:
        processed_dir: where the ``articles`` table (and maybe ``entities``) is and
            the outputs go; the configured folder (``config.PROCESSED_DIR``) when None.
        options: the stage's options (``n_topics``, ``refit``, ``random_state``); made
            from ``settings`` when None.
        progress: show progress bars.
        scheduler: where the terms of new articles are computed, in batches of
            ``TERM_BATCH`` (``analysis.executor``: ``"none"``, ``"local:N"`` or a Dask
            scheduler address); the fit itself runs in this process.
        **settings: fields of ``TopicsOptions``, when ``options`` is None.

    Returns:
        What the run did; ``TopicsSkipped`` when a model must be fitted, ``n_topics`` is not
        given and the corpus has fewer articles than ``min_documents()`` (then nothing is written).

    Raises:
        OptionError: for a bad setting, naming it.
        FileNotFoundError: when there is no ``articles`` table.
    """
    options = options or TopicsOptions(**settings)
    run = RunOptions(processed_dir, progress, scheduler)
    started = time.perf_counter()
    state = StageState.of(run.processed_dir, "topics", fingerprint(
        code_version=CODE_VERSION, settings={**options.fingerprint(), "lemmas": default_model()},
        reference_files=reference_files()))
    articles = read_table("articles", run.processed_dir,
                          columns=["article_id", "title", "body", "content_hash", "published", "duplicate_of"])
    mentions = (read_table("entities", run.processed_dir,
                           columns=["article_id", "section", "start", "end", "kind", "name"])
                if table_exists(run.processed_dir, "entities") else None)
    keys = term_keys(articles, mentions)
    ledger = state.ledger()
    current = ledger.merge(pd.DataFrame({"unit": articles["article_id"].to_numpy(), "content_hash": keys.to_numpy()},
                                        dtype=STRING), on=["unit", "content_hash"], how="inner", validate="1:1")
    to_analyse = ~articles["article_id"].isin(current["unit"]).to_numpy()
    fingerprint_digest = _digest(state.fingerprint)
    old, old_ids, done, fitted_with = _load_fit(run.processed_dir, state)
    fit = (old is None or options.refit or fitted_with != fingerprint_digest
           or (options.n_topics is not None and options.n_topics != old.n_topics_))
    if not table_exists(run.processed_dir, "article_topics"):
        done = done.iloc[:0]  # outputs deleted: weigh every article again with the saved model
    weighted = done.merge(articles[["article_id", "content_hash"]], how="inner", validate="1:1")
    n_removed = int((~done["article_id"].isin(articles["article_id"])).sum())
    is_todo = np.ones(len(articles), dtype=bool) if fit else (
        ~articles["article_id"].isin(weighted["article_id"]).to_numpy())
    stories = articles["duplicate_of"].isna().to_numpy()  # the fit counts each story once
    if fit and options.n_topics is None and stories.sum() < min_documents():
        return TopicsSkipped(len(articles), f"{int(stories.sum()):,} articles are too few to choose the number "
                             f"of topics (need {min_documents()}, or pass --n-topics)", time.perf_counter() - started)
    if not to_analyse.any() and not is_todo.any() and n_removed == 0 and not state.unfinished:
        return TopicsReport(len(articles), 0, 0, 0, old.n_topics_, False, time.perf_counter() - started)
    state.begin(current)
    current = state.run_batches(
        current, _batch_terms, _term_batches(articles[to_analyse], keys[to_analyse], mentions),
        scheduler=run.scheduler, total=int(to_analyse.sum()), progress=run.progress, desc="topics: terms",
        unit="article", reference=_digest(state.fingerprint["reference_files"]))
    terms, phrases = _read_terms(state, current, articles["article_id"])
    if fit:
        model = TopicModel(n_topics=options.n_topics, random_state=options.random_state).fit(
            [terms[i] for i in np.flatnonzero(stories)], phrases=[phrases[i] for i in np.flatnonzero(stories)])
        ids = np.arange(model.n_topics_) if old is None else matched_ids(model, old, old_ids)
    else:
        model, ids = old, old_ids
    todo = articles[is_todo]
    weights = np.asarray(model.transform([terms[i] for i in np.flatnonzero(is_todo)]))
    rows = weight_table(todo["article_id"], weights, ids)
    if not fit and not weighted.empty:
        kept = read_table("article_topics", run.processed_dir)
        rows = pd.concat([kept[kept["article_id"].isin(set(weighted["article_id"]))], rows], ignore_index=True)
    _write_outputs(run.processed_dir, state, model, ids, rows, articles,
                   fitted_under=fingerprint_digest if fit else None, uses_entities=mentions is not None)
    state.finish(current)
    return TopicsReport(len(articles), int(to_analyse.sum()), len(todo), n_removed, model.n_topics_, fit,
                        time.perf_counter() - started)


def reference_files() -> dict[str, Traversable]:
    """The topics stage's reference files: the stop words and the lemma overrides (``vectorise``)."""
    return reference_folder("analysis.topics")


def _load_fit(processed_dir: Path, state: StageState) -> tuple[TopicModel | None, np.ndarray | None,
                                                                 pd.DataFrame, str | None]:
    """The saved model, its topic ids, the articles it weighed and the fingerprint digest it was fitted with."""
    empty = pd.DataFrame({"article_id": pd.Series(dtype=STRING), "content_hash": pd.Series(dtype=STRING)})
    try:
        model, ids = load_topic_model(processed_dir)
    except FileNotFoundError:
        return None, None, empty, None
    fit_file = path_of("topic_fit", processed_dir)
    fit = json.loads(fit_file.read_text(encoding="utf-8")) if fit_file.is_file() else {}
    weighted = read_table(WEIGHTED, state.folder) if table_exists(state.folder, WEIGHTED) else empty
    return model, ids, weighted, fit.get("fingerprint")


def _digest(content: object) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _term_batches(articles: pd.DataFrame, keys: pd.Series,
                  mentions: pd.DataFrame | None) -> Iterator[tuple[list[str], pd.DataFrame, pd.DataFrame | None]]:
    """The articles to analyse in batches of ``TERM_BATCH``, each with its keys and its mentions."""
    by_article = ({} if mentions is None
                  else mentions.groupby("article_id", observed=True, sort=False).indices)
    for start in range(0, len(articles), TERM_BATCH):
        batch = articles.iloc[start:start + TERM_BATCH]
        rows = [by_article[article] for article in batch["article_id"] if article in by_article]
        own = None if mentions is None else mentions.iloc[np.concatenate(rows) if rows else []]
        yield list(keys.iloc[start:start + TERM_BATCH]), batch[["article_id", "title", "body"]], own


_reference_seen: list[str] = []
"""The reference files' digest this process's term caches were filled under."""


def _batch_terms(batch: tuple[list[str], pd.DataFrame, pd.DataFrame | None], *,
                 reference: str) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The unit of work: a batch's ledger rows with its articles' terms and phrases.

    ``reference`` is the digest of the reference files: a process that filled its
    caches (stop words, lemma overrides, lemmas) under other files empties them first.
    """
    if _reference_seen != [reference]:
        for cache in (stop_words, lemma_overrides, lemmatise):
            cache.cache_clear()
        _reference_seen[:] = [reference]
    keys, articles, mentions = batch
    units = pd.DataFrame({"unit": articles["article_id"].to_numpy(), "content_hash": keys}, dtype=STRING)
    terms = pd.DataFrame({"article_id": articles["article_id"].to_numpy(),
                          "terms": article_terms(articles, mentions),
                          "phrases": article_phrases(articles)}).astype({"article_id": STRING})
    return units, {TERMS: terms}


def _read_terms(state: StageState, ledger: pd.DataFrame,
                article_ids: pd.Series) -> tuple[list[list[str]], list[list[str]]]:
    """The terms and the phrases of every article, in the order of ``article_ids`` (all in the ledger)."""
    found = state.read(TERMS, ledger, unit_column="article_id")
    if found is None:
        found = pd.DataFrame({"article_id": [], "terms": [], "phrases": []})
    rows = dict(zip(found["article_id"], zip(found["terms"], found["phrases"])))
    return ([list(rows[article][0]) for article in article_ids],
            [list(rows[article][1]) for article in article_ids])


def _write_outputs(processed_dir: Path, state: StageState, model: TopicModel, ids: np.ndarray,
                   rows: pd.DataFrame, articles: pd.DataFrame, *, fitted_under: str | None,
                   uses_entities: bool) -> None:
    """Publish the tables and the card; save the model when it was fitted (under that fingerprint digest)."""
    if fitted_under is not None:
        model.save(path_of("topic_model", processed_dir))
        _write_json(path_of("topic_ids", processed_dir), [int(i) for i in ids])
        _write_json(path_of("topic_fit", processed_dir), {"fingerprint": fitted_under})
    card = topic_card(model, rows, articles["article_id"], uses_entities=uses_entities)
    if fitted_under is None and path_of("topic_card", processed_dir).exists():
        card = {**read_topic_card(processed_dir), **{key: card[key] for key in ("n_articles", "unclear_share")}}
    publish_tables({"topics": topic_table(model, ids), "article_topics": rows}, processed_dir,
                   months=article_months(articles))
    write_tables({WEIGHTED: articles[["article_id", "content_hash"]].reset_index(drop=True)}, state.folder)
    _write_json(path_of("topic_card", processed_dir), card)


def _write_json(path: Path, content: object) -> None:
    replace_together([(path, lambda temporary: Path(temporary).write_text(json.dumps(content, indent=2),
                                                                           encoding="utf-8"))])
