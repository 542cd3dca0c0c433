"""The catalogue of the processed folder: every artefact the stages write, where, and a reader for each.

Nothing else spells a path inside ``data/processed``: stages, notebooks and the
CLI ask this module. The folder holds:

| artefact            | written by | where                               | read with                |
|---------------------|------------|-------------------------------------|--------------------------|
| ``articles``        | ingest     | ``articles/month=*/part-0.parquet`` | ``store.read_table``     |
| ``related``         | ingest     | ``related/month=*/...``             | ``store.read_table``     |
| ``stories``         | ingest     | ``stories/part-0.parquet``          | ``store.read_table``     |
| ``issues``          | ingest     | ``issues/part-0.parquet``           | ``store.read_table``     |
| ``boilerplate``     | ingest     | ``boilerplate/part-0.parquet``      | ``store.read_table``     |
| ``entities``        | entities   | ``entities/month=*/...``            | ``store.read_table``     |
| ``article_entities``| entities   | ``article_entities/month=*/...``    | ``store.read_table``     |
| ``topics``          | topics     | ``topics/part-0.parquet``           | ``store.read_table``     |
| ``article_topics``  | topics     | ``article_topics/month=*/...``      | ``store.read_table``     |
| person variants     | entities   | ``person_variants.csv``             | ``read_person_variants`` |
| search index        | ingest     | ``search.sqlite``                   | ``analysis.fulltext``    |
| topic card          | topics     | ``topic_card.json``                 | ``read_topic_card``      |
| topic model         | topics     | ``_state/topics/model/``            | ``load_topic_model``     |
| a stage's state     | each stage | ``_state/<stage>/``                 | ``analysis.state``       |
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analysis.store import processed_folder

if TYPE_CHECKING:
    from analysis.topics.model import TopicModel

STATE_DIR = "_state"
"""The stages' private state, one folder per stage (not a table: SQL and listings skip it)."""


@dataclass(frozen=True)
class Artefact:
    """One thing in the processed folder.

    Attributes:
        name: its name (a table's name is also its folder's).
        stage: the stage that writes it (``analysis <stage>`` makes it).
        path: its place, relative to the processed folder.
        description: what it holds.
    """

    name: str
    stage: str
    path: str
    description: str


TABLES = {
    "articles": Artefact("articles", "ingest", "articles", "one row per distinct article"),
    "related": Artefact("related", "ingest", "related", "one row per listed story per article"),
    "stories": Artefact("stories", "ingest", "stories", "one row per distinct listed story"),
    "issues": Artefact("issues", "ingest", "issues", "what the loader met: errors and warnings"),
    "boilerplate": Artefact("boilerplate", "ingest", "boilerplate",
                            "site text removed from bodies, per outlet (see and veto it here)"),
    "entities": Artefact("entities", "entities", "entities", "one row per mention"),
    "article_entities": Artefact("article_entities", "entities", "article_entities",
                                 "one row per entity per article"),
    "topics": Artefact("topics", "topics", "topics", "each topic's top terms"),
    "article_topics": Artefact("article_topics", "topics", "article_topics", "each article's topic shares"),
}
"""The published tables (Parquet datasets), by name (schemas in ``analysis.schemas``)."""

FILES = {
    "search_index": Artefact("search_index", "ingest", "search.sqlite",
                             "the full-text index of titles and bodies (SQLite FTS5; ``analysis.fulltext``)"),
    "person_variants": Artefact("person_variants", "entities", "person_variants.csv",
                                "person names whose merge is uncertain, one line per candidate, for review"),
    "topic_card": Artefact("topic_card", "topics", "topic_card.json",
                           "the topic model's quality card and the settings to reproduce it"),
    "topic_model": Artefact("topic_model", "topics", f"{STATE_DIR}/topics/model",
                            "the fitted topic model (``TopicModel.load``)"),
    "topic_ids": Artefact("topic_ids", "topics", f"{STATE_DIR}/topics/ids.json",
                          "the id of each of the saved model's topics"),
    "topic_fit": Artefact("topic_fit", "topics", f"{STATE_DIR}/topics/fit.json",
                          "the digest of the stage's fingerprint the saved model was fitted under"),
}
"""The other artefacts, by name."""


def path_of(name: str, processed_dir: str | Path | None = None) -> Path:
    """Where an artefact is.

    Args:
        name: a key of ``TABLES`` or ``FILES``.
        processed_dir: the processed folder; ``config.PROCESSED_DIR`` when None.

    Returns:
        Its path.

    Raises:
        KeyError: for an unknown name, listing the known ones.
    """
    artefact = TABLES.get(name) or FILES.get(name)
    if artefact is None:
        raise KeyError(f"{name!r} is not an artefact of the processed folder; "
                       f"known: {sorted(TABLES) + sorted(FILES)}")
    return processed_folder(processed_dir) / artefact.path


def stage_of(name: str) -> str:
    """The stage that writes an artefact (for "run `analysis <stage>` first" messages)."""
    return (TABLES.get(name) or FILES[name]).stage


def state_dir(processed_dir: str | Path | None, stage: str) -> Path:
    """A stage's state folder, ``<processed>/_state/<stage>``."""
    return processed_folder(processed_dir) / STATE_DIR / stage


def _missing(name: str, path: Path) -> FileNotFoundError:
    return FileNotFoundError(f"{path}: no {name.replace('_', ' ')}; run `analysis {stage_of(name)}` "
                             "(or `make run`) first")


def read_person_variants(processed_dir: str | Path | None = None) -> pd.DataFrame:
    """The person names whose merge across the corpus is uncertain, for review (``merge_variants``).

    Args:
        processed_dir: the processed folder; ``config.PROCESSED_DIR`` when None.

    Returns:
        One row per uncertain name and candidate, the columns of
        ``analysis.entities.curation.REVIEW_COLUMNS`` (``decision`` empty: write accept
        or reject, then ``analysis entities --apply-review``). Names and candidates are read
        as text.

    Raises:
        FileNotFoundError: before the entities stage has run.
    """
    path = path_of("person_variants", processed_dir)
    if not path.is_file():
        raise _missing("person_variants", path)
    return pd.read_csv(path, dtype={"name": str, "candidate": str, "reason": str, "decision": str},
                       keep_default_na=False)


def read_topic_card(processed_dir: str | Path | None = None) -> dict[str, Any]:
    """The topic model's quality card (``analysis.topics.stage.topic_card`` documents its keys).

    Args:
        processed_dir: the processed folder; ``config.PROCESSED_DIR`` when None.

    Returns:
        The card.

    Raises:
        FileNotFoundError: before the topics stage has run.
    """
    path = path_of("topic_card", processed_dir)
    if not path.is_file():
        raise _missing("topic_card", path)
    return json.loads(path.read_text(encoding="utf-8"))


def load_topic_model(processed_dir: str | Path | None = None) -> tuple[TopicModel, np.ndarray]:
    """The saved topic model and the id of each of its topics (as in the ``topics`` table).

    Args:
        processed_dir: the processed folder; ``config.PROCESSED_DIR`` when None.

    Returns:
        The fitted model and one topic id per row of its ``components_``.

    Raises:
        FileNotFoundError: before the topics stage has run.
    """
    from analysis.topics.model import TopicModel

    model_dir, ids = path_of("topic_model", processed_dir), path_of("topic_ids", processed_dir)
    if not (model_dir / "model.json").is_file() or not ids.is_file():
        raise _missing("topic_model", model_dir)
    return TopicModel.load(model_dir), np.asarray(json.loads(ids.read_text(encoding="utf-8")), dtype=np.int64)
