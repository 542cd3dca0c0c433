"""The topics stage: articles to ``topics``, ``article_topics`` and ``topic_card.json``.

Each article is read as its headline and body. When the ``entities`` table is there,
every person, country, group and place mention becomes one term, its canonical
name (``Russia`` for "Russian" and "Russia's"); without it, runs of capitalised
words in bodies are kept as names (headlines, often title case, never are).
Terms are cached in ``<processed>/_state/topics/terms.parquet`` under the
article's ``content_hash`` and its entity spans, so a re-run analyses only new or
changed articles (or articles whose entities changed).

The first run fits a ``TopicModel`` and saves it there. Later runs give new and
changed articles their topic weights with the saved model, without refitting,
and leave the other articles' weights as they were; a run with nothing new
writes nothing. ``refit=True`` (or a different ``n_topics``) fits again, pairing
the new topics with the old by their term weights so that topic ids stay stable.
An article whose entities changed (but not its text) gets fresh terms in the
cache; its weights change only at the next refit.
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
import sklearn
from tqdm.auto import tqdm

from analysis import config
from analysis.catalogue import load_topic_model, path_of, read_topic_card
from analysis.entities.model import default_model
from analysis.options import RunOptions, TopicsOptions
from analysis.schemas import ARTICLE_TOPICS, STRING, TOPICS, Column
from analysis.state import StageState, fingerprint, reference_folder
from analysis.store import article_months, publish_tables, read_table, replace_together, table_exists, write_tables
from analysis.topics import quality
from analysis.topics.model import TopicModel, match_topics
from analysis.topics.vectorise import analyse, lemma_overrides, lemmatise, stop_words

TOPIC_TABLES: dict[str, tuple[Column, ...]] = {"topics": TOPICS, "article_topics": ARTICLE_TOPICS}
"""The stage's tables and their columns (schemas in ``analysis.schemas``)."""

TOP_TERMS = 25
"""Terms per topic written to the ``topics`` table."""

MIN_WEIGHT = 0.01
"""Smallest topic share written to the ``article_topics`` table."""

ENTITY_KINDS = ("person", "country", "group", "place")
"""Mention kinds read as single terms (their canonical ``name``)."""

TERM_BATCH = 2000
"""Articles whose terms are computed per batch (the unit of work sent to a Dask worker)."""

CODE_VERSION = 2
"""Raise when the code that turns an article into terms changes its output; with the
stop words, the lemma overrides and the spaCy model whose lemma tables are read, part
of the stage's fingerprint: a change analyses every article again and refits."""

TERMS = "terms"
"""The table of a batch's part: each article's terms."""

WEIGHTED = "weighted"
"""The stage's table of the articles the saved model weighed (``article_id``, ``content_hash``)."""


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
    spans = _spans_by_article(mentions) if mentions is not None else {}
    out = []
    rows = zip(articles["article_id"], articles["title"].fillna(""), articles["body"].fillna(""))
    for article_id, title, body in tqdm(rows, total=len(articles), unit="article",
                                        desc="topics: terms", disable=not progress):
        title_spans, body_spans = spans.get(article_id, ((), ()))
        out.append(analyse(title, spans=title_spans, names=False)
                   + analyse(body, spans=body_spans, names=mentions is None))
    return out


def _spans_by_article(mentions: pd.DataFrame) -> dict[str, tuple[list, list]]:
    kept = mentions[mentions["kind"].isin(ENTITY_KINDS) & mentions["name"].fillna("").ne("")]
    spans: dict[str, tuple[list, list]] = {}
    for article_id, section, start, end, name in zip(kept["article_id"], kept["section"], kept["start"],
                                                     kept["end"], kept["name"]):
        pair = spans.setdefault(article_id, ([], []))
        pair[0 if section == "title" else 1].append((int(start), int(end), str(name)))
    return spans


def topic_table(model: TopicModel, ids: np.ndarray, *, n_terms: int = TOP_TERMS) -> pd.DataFrame:
    """Each topic's top terms with their weights and the topic's label.

    Args:
        model: a fitted model.
        ids: the topic id of each of the model's topics.
        n_terms: terms per topic.

    Returns:
        Columns of ``TOPICS``, one row per topic and term, by topic id and rank.
    """
    top = quality.top_indices(model.components_, n_terms)
    weights = np.take_along_axis(model.components_, top, axis=1)
    frame = pd.DataFrame({
        "topic": np.repeat(ids, top.shape[1]), "rank": np.tile(np.arange(1, top.shape[1] + 1), len(top)),
        "term": model.vocabulary_[top.ravel()], "weight": weights.ravel(),
        "label": np.repeat(np.asarray(model.labels_, dtype=object), top.shape[1])})
    return _conform(frame.sort_values(["topic", "rank"]), TOPICS)


def weight_table(article_ids: pd.Series, weights: np.ndarray, ids: np.ndarray, *,
                 min_weight: float = MIN_WEIGHT) -> pd.DataFrame:
    """Articles' topic shares as long rows.

    Args:
        article_ids: one id per row of ``weights``.
        weights: articles-by-topics shares.
        ids: the topic id of each column.
        min_weight: smaller shares are left out.

    Returns:
        Columns of ``ARTICLE_TOPICS``, by article and falling weight.
    """
    rows, cols = np.nonzero(weights >= min_weight)
    frame = pd.DataFrame({"article_id": np.asarray(article_ids)[rows], "topic": ids[cols],
                          "weight": weights[rows, cols]})
    return _conform(frame.sort_values(["article_id", "weight"], ascending=[True, False]), ARTICLE_TOPICS)


def _conform(frame: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame:
    return frame.reset_index(drop=True).astype({column.name: column.dtype for column in columns})[
        [column.name for column in columns]]


def run_topics(processed_dir: str | Path | None = None, options: TopicsOptions | None = None, *,
               progress: bool = True, scheduler: str | None = None, **settings: Any) -> TopicsReport:
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
        What the run did.

    Raises:
        OptionError: for a bad setting, naming it.
        FileNotFoundError: when there is no ``articles`` table.
    """
    options = options or TopicsOptions(**settings)
    run = RunOptions(processed_dir or config.PROCESSED_DIR, progress, scheduler)
    started = time.perf_counter()
    state = StageState.of(run.processed_dir, "topics", fingerprint(
        code_version=CODE_VERSION, settings={**options.fingerprint(), "lemmas": default_model()},
        reference_files=reference_files()))
    articles = read_table("articles", run.processed_dir,
                          columns=["article_id", "title", "body", "content_hash", "published"])
    mentions = (read_table("entities", run.processed_dir,
                           columns=["article_id", "section", "start", "end", "kind", "name"])
                if table_exists(run.processed_dir, "entities") else None)
    keys = _term_keys(articles, mentions)
    ledger = state.ledger()
    current = ledger.merge(pd.DataFrame({"unit": articles["article_id"].to_numpy(), "content_hash": keys.to_numpy()},
                                        dtype=STRING), on=["unit", "content_hash"], how="inner", validate="1:1")
    to_analyse = ~articles["article_id"].isin(current["unit"]).to_numpy()
    old, old_ids, done, fitted_with = _load_fit(state)
    fit = (old is None or options.refit or fitted_with != _digest(state.fingerprint)
           or (options.n_topics is not None and options.n_topics != old.n_topics_))
    if not table_exists(run.processed_dir, "article_topics"):
        done = done.iloc[:0]  # outputs deleted: weigh every article again with the saved model
    weighted = done.merge(articles[["article_id", "content_hash"]], how="inner", validate="1:1")
    n_removed = int((~done["article_id"].isin(articles["article_id"])).sum())
    is_todo = np.ones(len(articles), dtype=bool) if fit else (
        ~articles["article_id"].isin(weighted["article_id"]).to_numpy())
    if not to_analyse.any() and not is_todo.any() and n_removed == 0 and not state.unfinished:
        return TopicsReport(len(articles), 0, 0, 0, old.n_topics_, False, time.perf_counter() - started)
    state.begin(current)
    current = state.run_batches(
        current, _batch_terms, _term_batches(articles[to_analyse], keys[to_analyse], mentions),
        scheduler=run.scheduler, total=int(to_analyse.sum()), progress=run.progress, desc="topics: terms",
        unit="article", reference=_digest(state.fingerprint["reference_files"]))
    terms = _read_terms(state, current, articles["article_id"])
    if fit:
        model = TopicModel(n_topics=options.n_topics, random_state=options.random_state).fit(terms)
        ids = np.arange(model.n_topics_) if old is None else matched_ids(model, old, old_ids)
    else:
        model, ids = old, old_ids
    todo = articles[is_todo]
    weights = np.asarray(model.transform([terms[i] for i in np.flatnonzero(is_todo)]))
    rows = weight_table(todo["article_id"], weights, ids)
    if not fit and not weighted.empty:
        kept = read_table("article_topics", run.processed_dir)
        rows = pd.concat([kept[kept["article_id"].isin(set(weighted["article_id"]))], rows], ignore_index=True)
    _write_outputs(run.processed_dir, state, model, ids, rows, articles, fitted=fit,
                   uses_entities=mentions is not None)
    state.finish(current)
    return TopicsReport(len(articles), int(to_analyse.sum()), len(todo), n_removed, model.n_topics_, fit,
                        time.perf_counter() - started)


def reference_files() -> dict[str, Traversable]:
    """The topics stage's reference files: the stop words and the lemma overrides (``vectorise``)."""
    return reference_folder("analysis.topics")


def matched_ids(model: TopicModel, old: TopicModel, old_ids: np.ndarray) -> np.ndarray:
    """Topic ids for a refitted model: the old id of each matched topic, fresh ids for the rest.

    Args:
        model: the new fit.
        old: the previous fit.
        old_ids: the ids of the previous fit's topics.

    Returns:
        One id per topic of ``model``; fresh ids count on from the largest old id.
    """
    pairs = match_topics(old.components_, old.vocabulary_, model.components_, model.vocabulary_)
    fresh = iter(range(int(old_ids.max(initial=-1)) + 1, int(old_ids.max(initial=-1)) + 1 + model.n_topics_))
    return np.asarray([int(old_ids[pairs[row]]) if row in pairs else next(fresh)
                       for row in range(model.n_topics_)])


def _load_fit(state: StageState) -> tuple[TopicModel | None, np.ndarray | None, pd.DataFrame, str | None]:
    """The saved model, its topic ids, the articles it weighed and the fingerprint digest it was fitted with."""
    empty = pd.DataFrame({"article_id": pd.Series(dtype=STRING), "content_hash": pd.Series(dtype=STRING)})
    try:
        model, ids = load_topic_model(state.folder.parent.parent)
    except FileNotFoundError:
        return None, None, empty, None
    fit = json.loads(path_of("topic_fit", state.folder.parent.parent).read_text(encoding="utf-8")) \
        if path_of("topic_fit", state.folder.parent.parent).is_file() else {}
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
    """The unit of work: a batch's ledger rows with its articles' terms.

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
                          "terms": article_terms(articles, mentions)}).astype({"article_id": STRING})
    return units, {TERMS: terms}


def _read_terms(state: StageState, ledger: pd.DataFrame, article_ids: pd.Series) -> list[list[str]]:
    """The terms of every article, in the order of ``article_ids`` (all in the ledger)."""
    found = state.read(TERMS, ledger, unit_column="article_id")
    by_article = {} if found is None else dict(zip(found["article_id"], found["terms"]))
    return [list(by_article[article]) for article in article_ids]


def _term_keys(articles: pd.DataFrame, mentions: pd.DataFrame | None) -> pd.Series:
    """One cache key per article: its content hash and the entity spans read from it."""
    if mentions is None:
        return articles["content_hash"].astype(str).reset_index(drop=True) + ":text"
    spans = _spans_by_article(mentions)
    return pd.Series([f"{content}:{hashlib.sha1(repr(spans.get(article, '')).encode()).hexdigest()[:16]}"
                      for article, content in zip(articles["article_id"], articles["content_hash"])])


def _write_outputs(processed_dir: Path, state: StageState, model: TopicModel, ids: np.ndarray,
                   rows: pd.DataFrame, articles: pd.DataFrame, *, fitted: bool,
                   uses_entities: bool) -> None:
    if fitted:
        model.save(path_of("topic_model", processed_dir))
        _write_json(path_of("topic_ids", processed_dir), [int(i) for i in ids])
        _write_json(path_of("topic_fit", processed_dir), {"fingerprint": _digest(state.fingerprint)})
    card = topic_card(model, rows, articles["article_id"], uses_entities=uses_entities)
    if not fitted and path_of("topic_card", processed_dir).exists():
        card = {**read_topic_card(processed_dir), **{key: card[key] for key in ("n_articles", "unclear_share")}}
    publish_tables({"topics": topic_table(model, ids), "article_topics": rows}, processed_dir,
                   months=article_months(articles))
    write_tables({WEIGHTED: articles[["article_id", "content_hash"]].reset_index(drop=True)}, state.folder)
    _write_json(path_of("topic_card", processed_dir), card)


def topic_card(model: TopicModel, rows: pd.DataFrame, article_ids: pd.Series, *,
               uses_entities: bool) -> dict:
    """The quality card of a fitted model over the current articles.

    Args:
        model: the fitted model.
        rows: ``article_topics`` rows of the current articles.
        article_ids: every current article.
        uses_entities: whether entity names were terms.

    Returns:
        A JSON-ready dict: ``n_topics``, ``chosen`` (``auto`` or ``given``), ``npmi_top10``
        (mean NPMI over document co-occurrence, in [-1, 1]), ``npmi_by_topic``,
        ``diversity_top25`` (distinct share of the top 25 terms, in (0, 1]), ``stability``
        (agreement of the top 10 terms across subsample fits with different seeds, in [0, 1]),
        ``unclear_share`` (articles whose strongest topic is under ``clear_share``),
        ``clear_share``, ``n_articles``, ``vocabulary_size``, ``selection`` (the
        candidates' scores), ``settings`` (everything needed to reproduce the fit), ``fitted_at``
        and ``reproduce`` (the call that refits the same model on the same articles).
    """
    strongest = rows.groupby("article_id")["weight"].max().reindex(article_ids, fill_value=0.0)
    settings = {**model.get_params(), "scikit_learn": sklearn.__version__, "entities": uses_entities,
                "top_terms": TOP_TERMS, "min_weight": MIN_WEIGHT}
    return {
        "n_topics": int(model.n_topics_), "chosen": "given" if model.n_topics else "auto",
        "npmi_top10": float(np.mean(model.npmi_)), "npmi_by_topic": [round(float(v), 4) for v in model.npmi_],
        "diversity_top25": quality.diversity(model.top_terms(25)),
        "stability": model.stability_,
        "unclear_share": float((strongest.to_numpy() < quality.CLEAR_SHARE).mean()) if len(strongest) else 0.0,
        "clear_share": quality.CLEAR_SHARE, "n_articles": int(len(article_ids)),
        "vocabulary_size": int(len(model.vocabulary_)),
        "selection": None if model.selection_ is None else model.selection_.round(4).to_dict("records"),
        "settings": settings, "fitted_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "reproduce": (f"run_topics(processed_dir, n_topics={int(model.n_topics_)}, "
                      f"random_state={model.random_state}, refit=True)"),
    }


def _write_json(path: Path, content: object) -> None:
    replace_together([(path, lambda temporary: Path(temporary).write_text(json.dumps(content, indent=2),
                                                                           encoding="utf-8"))])
