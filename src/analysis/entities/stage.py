"""The entities stage: articles to ``entities`` and ``article_entities``, incrementally.

Each article is read as its headline, a line break and its body; mentions are
stored with the section they are in and offsets into that section. Articles are
read month by month (a big month in pieces) and processed in batches; each
batch's mentions are committed to ``<processed>/_state/entities/`` before the
next, so an interrupted run resumes where it stopped, and a re-run processes
only articles that are new or whose content changed. Person name variants are
then merged across the whole corpus, and the uncertain merges are written for
review to ``person_variants.csv``. The outputs are assembled a month (or a
piece of a big month) at a time: this process never holds the whole corpus's
text or mentions.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from analysis import config
from analysis.entities.extract import extract_entities
from analysis.entities.model import default_model, stage_pipeline
from analysis.entities.people import merge_variants
from analysis.executor import check_scheduler, map_batches
from analysis.options import EntitiesOptions, RunOptions
from analysis.schemas import ARTICLE_ENTITIES, ENTITIES, STRING, conform
from analysis.store import (article_months, publish_tables, read_table, read_table_pieces, table_exists,
                            table_rows, write_tables)

RULES_VERSION = 3
"""Bumped when the extraction code changes its output; with the reference files' hash, a change re-runs the stage."""

BATCH_ARTICLES = 500
"""Articles processed between two commits of the stage's state."""

PIECE_ARTICLES = 5000
"""The most articles whose text or mentions this process holds at once: a month
with more (or the undated articles, all in one partition) is read in pieces."""

ENTITY_COLUMNS = [column.name for column in ENTITIES]
"""Columns of the ``entities`` table: one row per mention (documented in ``analysis.schemas``)."""

SUMMARY_COLUMNS = [column.name for column in ARTICLE_ENTITIES]
"""Columns of the ``article_entities`` table: one row per entity per article."""


@dataclass(frozen=True)
class EntitiesReport:
    """What a run of the entities stage did.

    Attributes:
        n_articles: articles in the corpus.
        n_processed: articles run through the pipeline this time.
        n_removed: articles gone since the last run.
        n_mentions: mentions in the output.
        n_uncertain: person names whose merge is uncertain (see ``person_variants.csv``).
        seconds: wall time.
    """

    n_articles: int
    n_processed: int
    n_removed: int
    n_mentions: int
    n_uncertain: int
    seconds: float

    def __str__(self) -> str:
        return (f"entities: {self.n_articles:,} articles ({self.n_processed:,} processed, "
                f"{self.n_removed:,} removed); {self.n_mentions:,} mentions; {self.n_uncertain:,} "
                f"uncertain person merges to review; {self.seconds:.1f} s")


def article_texts(articles: pd.DataFrame) -> pd.Series:
    """The text the pipeline reads for each article: headline, a line break, body.

    Args:
        articles: rows with ``title`` and ``body``.

    Returns:
        One text per article.
    """
    return articles["title"].fillna("").str.replace("\n", " ") + "\n" + articles["body"].fillna("")


def article_mentions(articles: pd.DataFrame, *, model: str | None = None, capitals: bool = False,
                     n_process: int = 1) -> pd.DataFrame:
    """Extract the mentions of a batch of articles (the stage's unit of work).

    Args:
        articles: rows with ``article_id``, ``title`` and ``body``.
        model: the spaCy pipeline to use; the default model when None.
        capitals: read capital cities as their country.
        n_process: processes running the pipeline.

    Returns:
        One row per mention, columns ``ENTITY_COLUMNS`` (names not yet merged across articles).
    """
    texts = article_texts(articles)
    mentions = extract_entities(texts.tolist(), nlp=stage_pipeline(model, len(texts)), capitals=capitals,
                                n_process=n_process)
    title_end = articles["title"].fillna("").str.len().to_numpy()[mentions["doc"].to_numpy()]
    in_title = mentions["start"].to_numpy() < title_end
    offset = (title_end + 1) * ~in_title
    return pd.DataFrame({
        "article_id": articles["article_id"].to_numpy()[mentions["doc"].to_numpy()],
        "section": pd.Series(in_title).map({True: "title", False: "body"}).to_numpy(),
        "start": mentions["start"].to_numpy() - offset, "end": mentions["end"].to_numpy() - offset,
        **{column: mentions[column].to_numpy() for column in ENTITY_COLUMNS[4:]},
    }).astype({"article_id": STRING, "section": "category", "text": STRING, "label": STRING,
               "kind": "category", "name": STRING, "country": STRING, "via": STRING})


def run_entities(processed_dir: str | Path | None = None, options: EntitiesOptions | None = None, *,
                 progress: bool = True, scheduler: str | None = None, **settings: Any) -> EntitiesReport:
    """Bring ``entities`` and ``article_entities`` up to date with the ingested articles.

    Args:
        processed_dir: where the ``articles`` table is and the outputs go; the configured
            folder (``config.PROCESSED_DIR``) when None.
        options: the stage's options; made from ``settings`` when None.
        progress: show a progress bar.
        scheduler: where batches run (``analysis.executor``): ``"none"``, ``"local:N"`` or a
            Dask scheduler address; ``ANALYSIS_SCHEDULER`` or in-process when None. The
            tables are the same whatever the scheduler.
        **settings: fields of ``EntitiesOptions`` (``model``, ``capitals``, ``n_process``,
            ``groups_file``), when ``options`` is None.

    Returns:
        What the run did.

    Raises:
        OptionError: for a bad setting, naming it.
        FileNotFoundError: when there is no ``articles`` table.
    """
    options = options or EntitiesOptions(**settings)
    run = RunOptions(processed_dir or config.PROCESSED_DIR, progress, scheduler)
    processed_dir, scheduler = run.processed_dir, run.scheduler
    model, capitals, n_process = options.model, options.capitals, options.n_process
    started = time.perf_counter()
    state = processed_dir / "_state" / "entities"
    settings = {"model": model or default_model(), "capitals": capitals,
                "groups_file": _file_hash(config.GROUPS_FILE), "rules": _rules_hash()}
    articles = read_table("articles", processed_dir, columns=["article_id", "content_hash", "published"])
    done = _read_done(state, settings)
    current = done.merge(articles[["article_id", "content_hash"]], on=["article_id", "content_hash"],
                         how="inner", validate="1:1")
    todo = articles.loc[~articles["article_id"].isin(current["article_id"]), "article_id"]
    n_removed = int((~done["article_id"].isin(articles["article_id"])).sum())
    _write_done(state, settings, current)
    options = {"model": model, "capitals": capitals,
               "n_process": n_process if check_scheduler(scheduler) == "none" else 1}
    with tqdm(total=len(todo), unit="article", desc="entities", disable=not progress) as bar:
        for batch, found in map_batches(_batch_mentions, _batches(processed_dir, todo), scheduler=scheduler,
                                        **options):
            current = _commit(state, settings, current, batch, found)
            bar.update(len(batch))
    merges = merge_variants(_person_names(state, current))
    months = article_months(articles)  # each table reads the mentions again, a piece at a time
    publish_tables({"entities": (conform(mentions, "entities", "UTC")
                                 for mentions in _mentions_in_pieces(state, current, months, merges)),
                    "article_entities": (conform(summarise_mentions(mentions), "article_entities", "UTC")
                                         for mentions in _mentions_in_pieces(state, current, months, merges))},
                   processed_dir, months=months)
    merges[~merges["certain"]].to_csv(processed_dir / "person_variants.csv", index=False)
    _collect_garbage(state, current)
    return EntitiesReport(len(articles), len(todo), n_removed, table_rows(processed_dir, "entities"),
                          int((~merges["certain"]).sum()), time.perf_counter() - started)


def _batches(processed_dir: Path, todo: pd.Series) -> Iterator[pd.DataFrame]:
    """The articles to run, in batches of ``BATCH_ARTICLES``, read as they are needed.

    The articles are read month by month, in pieces of at most ``PIECE_ARTICLES``,
    so this process holds the text of one piece and of the batches waiting to run,
    not the whole corpus.
    """
    for piece in read_table_pieces("articles", processed_dir, rows=PIECE_ARTICLES,
                                   columns=["article_id", "title", "body", "content_hash"]):
        piece = piece[piece["article_id"].isin(todo)]
        for start in range(0, len(piece), BATCH_ARTICLES):
            yield piece.iloc[start:start + BATCH_ARTICLES]


def _batch_mentions(batch: pd.DataFrame, **options: object) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A batch's ids and hashes with its mentions (the unit of work sent to a worker)."""
    return batch[["article_id", "content_hash"]], article_mentions(batch, **options)


def _mentions_in_pieces(state: Path, done: pd.DataFrame, months: pd.Series,
                        merges: pd.DataFrame) -> Iterator[pd.DataFrame]:
    """The mentions of the finished articles, month by month, in article order, names merged.

    Args:
        state: the stage's state folder.
        done: the finished articles (``article_id``, ``part``), all in ``months``.
        months: each article's month, indexed by article id, in the articles' order.
        merges: the output of ``merge_variants``.

    Yields:
        The mentions of each month's finished articles, in pieces of at most
        ``PIECE_ARTICLES`` articles (one empty frame when there are none).
    """
    finished = done.set_index("article_id")["part"]
    article_ids = pd.Series(months.index, index=months.to_numpy())
    yielded = False
    for _, ids in article_ids.groupby(level=0, sort=False):
        ids = ids[ids.isin(finished.index)]
        for start in range(0, len(ids), PIECE_ARTICLES):
            piece = ids.iloc[start:start + PIECE_ARTICLES]
            parts = finished.loc[piece.to_numpy()].rename_axis("article_id").reset_index()
            yield _apply_merges(_in_article_order(_read_mentions(state, parts), piece), merges)
            yielded = True
    if not yielded:
        yield _read_mentions(state, done.iloc[:0])


def _person_names(state: Path, done: pd.DataFrame) -> pd.Series:
    """Every person name mentioned in the finished articles, with repeats (for ``merge_variants``)."""
    names = [pd.Series(dtype=STRING)]
    for part, ids in done.groupby("part", sort=True)["article_id"]:
        frame = read_table(str(part), state / "parts", columns=["article_id", "kind", "name"])
        names.append(frame.loc[frame["article_id"].isin(ids) & (frame["kind"] == "person"), "name"])
    return pd.concat(names, ignore_index=True).astype(str)


def _in_article_order(mentions: pd.DataFrame, article_ids: pd.Series) -> pd.DataFrame:
    """Mentions ordered as their articles are in ``article_ids``, keeping their order within one."""
    position = pd.Series(range(len(article_ids)), index=article_ids.to_numpy())
    order = position.reindex(mentions["article_id"].to_numpy()).to_numpy()
    return mentions.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def summarise_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Count each entity's mentions per article.

    Args:
        mentions: rows of ``entities``.

    Returns:
        One row per article and entity, columns ``SUMMARY_COLUMNS``.
    """
    keyed = mentions.assign(in_title=mentions["section"] == "title",
                            country=mentions["country"].fillna(""))
    grouped = keyed.groupby(["article_id", "kind", "name", "country"], observed=True, sort=True)
    return grouped.agg(n_mentions=("start", "size"), in_title=("in_title", "any")).reset_index()[SUMMARY_COLUMNS]


def _apply_merges(mentions: pd.DataFrame, merges: pd.DataFrame) -> pd.DataFrame:
    renamed = merges[merges["merged"] != merges["name"]].set_index("name")["merged"]
    is_person = mentions["kind"] == "person"
    new_names = mentions.loc[is_person, "name"].map(renamed)
    changed = new_names.notna()
    mentions = mentions.copy()
    mentions.loc[new_names[changed].index, "name"] = new_names[changed].astype(STRING)
    mentions.loc[new_names[changed].index, "via"] = "variant"
    return mentions.reset_index(drop=True)


def _rules_hash() -> str:
    """A hash of ``RULES_VERSION`` and of the shipped reference files (aliases, titles, gazetteer...)."""
    digest = hashlib.sha256(str(RULES_VERSION).encode())
    for file in sorted(resources.files("analysis.entities").joinpath("data").iterdir(), key=lambda f: f.name):
        digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()


def _file_hash(path: Path | None) -> str:
    """The content hash of an analyst's reference file ("" without one): a change re-runs the stage."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path is not None else ""


def _read_done(state: Path, settings: dict) -> pd.DataFrame:
    empty = pd.DataFrame({"article_id": pd.Series(dtype=STRING), "content_hash": pd.Series(dtype=STRING),
                          "part": pd.Series(dtype=STRING)})
    settings_file = state / "settings.json"
    if not settings_file.exists() or json.loads(settings_file.read_text()) != settings:
        return empty
    return read_table("done", state) if table_exists(state, "done") else empty


def _write_done(state: Path, settings: dict, done: pd.DataFrame) -> None:
    state.mkdir(parents=True, exist_ok=True)
    (state / "settings.json").write_text(json.dumps(settings, indent=2, sort_keys=True))
    write_tables({"done": done.reset_index(drop=True)}, state)


def _commit(state: Path, settings: dict, done: pd.DataFrame, batch: pd.DataFrame,
            mentions: pd.DataFrame) -> pd.DataFrame:
    part = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
    write_tables({part: mentions}, state / "parts")
    added = pd.DataFrame({"article_id": batch["article_id"].to_numpy(),
                          "content_hash": batch["content_hash"].to_numpy(), "part": part}).astype(STRING)
    done = pd.concat([done, added], ignore_index=True)
    _write_done(state, settings, done)
    return done


def _read_mentions(state: Path, done: pd.DataFrame) -> pd.DataFrame:
    frames = []
    for part, ids in done.groupby("part", sort=True)["article_id"]:
        frame = read_table(str(part), state / "parts")
        frames.append(frame[frame["article_id"].isin(set(ids))])
    if not frames:
        return pd.DataFrame({column: pd.Series(dtype=STRING) for column in ENTITY_COLUMNS}).astype(
            {"start": "int64", "end": "int64", "section": "category", "kind": "category"})
    return pd.concat(frames, ignore_index=True)


def _collect_garbage(state: Path, done: pd.DataFrame) -> None:
    used = set(done["part"])
    for file in (state / "parts").glob("*.parquet"):
        if file.stem not in used:
            file.unlink()
