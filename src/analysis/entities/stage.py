"""The entities stage: articles to ``entities`` and ``article_entities``, incrementally.

The stage on the engine (``analysis.state``), a unit being an article:

1. **plan**: the articles whose id and content hash are not in the ledger are to do.
2. **map**: they are read month by month (a big month in pieces of
   ``PIECE_ARTICLES``) and sent in batches of ``BATCH_ARTICLES`` where the
   scheduler says; each article is read as its headline, a line break and its
   body (``article_mentions``).
3. **commit**: each batch's mentions (offsets into their section) become a part.
4. **assemble**: the analyst's curation file is applied (``analysis.entities.curation``)
   and person name variants are merged across the whole corpus (the uncertain
   merges go to ``person_variants.csv`` for review, one line per candidate with a
   ``decision`` column); the tables are assembled a month (or a piece of a big
   month) at a time, so this process never holds the whole corpus's text or mentions.
5. **publish**: both tables are switched into place together.

A change of the model, ``capitals``, a reference file (``analysis/entities/data``,
the analyst's groups file) or ``CODE_VERSION`` runs every article again. A change
of the curation file only assembles the tables again (its digest is kept in
``ASSEMBLY_FILE``, apart from the extraction's fingerprint).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.catalogue import path_of, read_person_variants
from analysis.entities.curation import Curation, apply_review, curate_mentions, load_curation, review_table
from analysis.entities.extract import extract_entities
from analysis.entities.model import stage_pipeline
from analysis.entities.people import merge_variants
from analysis.options import EntitiesOptions, RunOptions
from analysis.schemas import ARTICLE_ENTITIES, ENTITIES, STRING, conform
from analysis.state import StageState, file_digest, fingerprint, reference_folder
from analysis.store import (article_months, publish_tables, read_table, read_table_pieces, replace_together,
                            table_exists, table_rows)

CODE_VERSION = 5
"""Raise when the extraction code changes its output; with the settings and the reference files'
content (``analysis/entities/data`` and the analyst's groups file), part of the stage's fingerprint."""

OUTPUT_TABLES = ("entities", "article_entities")

ASSEMBLY_FILE = "assembly.json"
"""In the stage's state folder: what the published tables were assembled with (the curation file's digest)."""

MENTIONS = "mentions"
"""The table of a batch's part: its mentions, names not yet merged across articles."""

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
        n_decisions: lines a review file added to the curation file.
    """

    n_articles: int
    n_processed: int
    n_removed: int
    n_mentions: int
    n_uncertain: int
    seconds: float
    n_decisions: int = 0

    def __str__(self) -> str:
        decisions = f"{self.n_decisions:,} review decisions written to the curation file; " if self.n_decisions else ""
        return (f"entities: {self.n_articles:,} articles ({self.n_processed:,} processed, "
                f"{self.n_removed:,} removed); {self.n_mentions:,} mentions; {decisions}{self.n_uncertain:,} "
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
                     n_process: int = 1, groups_file: str | Path | None = None) -> pd.DataFrame:
    """Extract the mentions of a batch of articles (the stage's unit of work).

    Args:
        articles: rows with ``article_id``, ``title`` and ``body``.
        model: the spaCy pipeline to use; the default model when None.
        capitals: read capital cities as their country.
        n_process: processes running the pipeline.
        groups_file: an analyst's group aliases; ``config.GROUPS_FILE`` when None.

    Returns:
        One row per mention, columns ``ENTITY_COLUMNS`` (names not yet merged across articles).
    """
    texts = article_texts(articles)
    mentions = extract_entities(texts.tolist(), nlp=stage_pipeline(model, len(texts), groups_file=groups_file),
                                capitals=capitals, n_process=n_process, groups_file=groups_file)
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
            ``groups_file``, ``curation_file``, ``review_file``), when ``options`` is None.
            A ``review_file``'s decisions are written into the curation file first
            (``analysis.entities.curation.apply_review``).

    Returns:
        What the run did.

    Raises:
        OptionError: for a bad setting, naming it.
        ValueError: for a bad curation or review file, naming its line.
        FileNotFoundError: when there is no ``articles`` table.
    """
    options = options or EntitiesOptions(**settings)
    run = RunOptions(processed_dir, progress, scheduler)
    started = time.perf_counter()
    n_decisions = 0 if options.review_file is None else apply_review(options.review_file, options.curation_file)
    curation = load_curation(options.curation_file)
    assembly = {"curation": None if options.curation_file is None else file_digest(options.curation_file)}
    state = StageState.of(run.processed_dir, "entities", fingerprint(
        code_version=CODE_VERSION, settings=options.fingerprint(),
        reference_files={**reference_folder("analysis.entities"), **options.reference_files()}))
    articles = read_table("articles", run.processed_dir, columns=["article_id", "content_hash", "published"])
    ledger = state.ledger()
    current = ledger.merge(articles[["article_id", "content_hash"]].rename(columns={"article_id": "unit"}),
                           on=["unit", "content_hash"], how="inner", validate="1:1")
    todo = articles.loc[~articles["article_id"].isin(current["unit"]), "article_id"]
    n_removed = int((~ledger["unit"].isin(articles["article_id"])).sum())
    if todo.empty and not n_removed and not state.unfinished and _assembled_with(state) == assembly and all(
            table_exists(run.processed_dir, name) for name in OUTPUT_TABLES):
        return EntitiesReport(len(articles), 0, 0, table_rows(run.processed_dir, "entities"),
                              _n_uncertain(run.processed_dir), time.perf_counter() - started, n_decisions)
    state.begin(current)
    current = state.run_batches(current, _batch_mentions, _batches(run.processed_dir, todo),
                                scheduler=run.scheduler, total=len(todo), progress=run.progress,
                                desc="entities", unit="article", model=options.model,
                                capitals=options.capitals, groups_file=options.groups_file,
                                n_process=options.n_process if run.scheduler == "none" else 1)
    people = _person_names(state, current, curation)
    merges = merge_variants(people["name"], people["article_id"], apart=curation.apart)
    renamed = merges.loc[merges["merged"] != merges["name"]].set_index("name")["merged"].to_dict()
    months = article_months(articles)  # each table reads the mentions again, a piece at a time
    publish_tables({"entities": (conform(mentions, "entities", "UTC")
                                 for mentions in _mentions_in_pieces(state, current, months, curation, renamed)),
                    "article_entities": (conform(summarise_mentions(mentions), "article_entities", "UTC")
                                         for mentions in _mentions_in_pieces(state, current, months, curation,
                                                                             renamed))},
                   run.processed_dir, months=months)
    review = review_table(merges)
    replace_together([(path_of("person_variants", run.processed_dir), lambda path: review.to_csv(path, index=False)),
                      (state.folder / ASSEMBLY_FILE,
                       lambda path: Path(path).write_text(json.dumps(assembly), encoding="utf-8"))])
    state.finish(current)
    return EntitiesReport(len(articles), len(todo), n_removed, table_rows(run.processed_dir, "entities"),
                          review["name"].nunique(), time.perf_counter() - started, n_decisions)


def _assembled_with(state: StageState) -> dict[str, Any] | None:
    """What the published tables were assembled with (``ASSEMBLY_FILE``); None when unknown."""
    try:
        return json.loads((state.folder / ASSEMBLY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _n_uncertain(processed_dir: Path) -> int:
    """The person names with uncertain merges written by the last run (0 when the review file is missing)."""
    try:
        return int(read_person_variants(processed_dir)["name"].nunique())
    except FileNotFoundError:
        return 0


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


def _batch_mentions(batch: pd.DataFrame, **options: object) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """A batch's ledger rows with its mentions (the unit of work sent to a worker)."""
    units = pd.DataFrame({"unit": batch["article_id"].to_numpy(), "content_hash": batch["content_hash"].to_numpy()},
                         dtype=STRING)
    return units, {MENTIONS: article_mentions(batch, **options)}


def _mentions_in_pieces(state: StageState, done: pd.DataFrame, months: pd.Series, curation: Curation,
                        person_merges: dict[str, str]) -> Iterator[pd.DataFrame]:
    """The mentions of the finished articles, month by month, in article order, names merged.

    Args:
        state: the stage's state.
        done: the ledger of the finished articles (``unit``, ``part``), all in ``months``.
        months: each article's month, indexed by article id, in the articles' order.
        curation: the analyst's decisions.
        person_merges: person name to the name it merges into (from ``merge_variants``).

    Yields:
        The mentions of each month's finished articles, in pieces of at most
        ``PIECE_ARTICLES`` articles (one empty frame when there are none).
    """
    finished = done.set_index("unit")["part"]
    article_ids = pd.Series(months.index, index=months.to_numpy())
    yielded = False
    for _, ids in article_ids.groupby(level=0, sort=False):
        ids = ids[ids.isin(finished.index)]
        for start in range(0, len(ids), PIECE_ARTICLES):
            piece = ids.iloc[start:start + PIECE_ARTICLES]
            parts = finished.loc[piece.to_numpy()].rename_axis("unit").reset_index()
            yield curate_mentions(_in_article_order(_read_mentions(state, parts), piece), curation, person_merges)
            yielded = True
    if not yielded:
        yield _read_mentions(state, done.iloc[:0])


def _person_names(state: StageState, done: pd.DataFrame, curation: Curation) -> pd.DataFrame:
    """Every person mention's ``article_id`` and ``name`` in the finished articles, curated (for ``merge_variants``)."""
    names = []
    for part, ids in done.groupby("part", sort=True)["unit"]:
        frame = state.read_part(str(part), MENTIONS, columns=["article_id", "kind", "name", "via"])
        frame = curate_mentions(frame[frame["article_id"].isin(ids)], curation)
        names.append(frame.loc[frame["kind"] == "person", ["article_id", "name"]].astype(str))
    if not names:
        return pd.DataFrame({"article_id": pd.Series(dtype=str), "name": pd.Series(dtype=str)})
    return pd.concat(names, ignore_index=True)


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


def _read_mentions(state: StageState, done: pd.DataFrame) -> pd.DataFrame:
    """The mentions of the articles of a ledger slice, part by part."""
    mentions = state.read(MENTIONS, done, unit_column="article_id")
    if mentions is None:
        return pd.DataFrame({column: pd.Series(dtype=STRING) for column in ENTITY_COLUMNS}).astype(
            {"start": "int64", "end": "int64", "section": "category", "kind": "category"})
    return mentions
