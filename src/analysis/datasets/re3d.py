"""re3d (Dstl's Relationship and Entity Extraction Evaluation Dataset): the shared part.

Each source folder (``BBC Online``, ``CENTCOM``, ...) holds newline-delimited JSON
exported from MongoDB: ``documents.json`` (``_id``, ``title``, ``text``, ...) and
``entities.json`` (``documentId``, ``begin``, ``end``, ``type``, ``value``,
``confidence``). ``split_manifest.csv`` lists every document and its side
(``shared`` or ``holdout``); only the shared part is in the folder.

The same span may carry several candidate types, each with a confidence from a
Bayesian crowd model; ``confidence: 0`` rows are rejected alternatives (mostly
nested or mis-cut spans: "[Philip Hammond]" inside an accepted "Foreign Secretary
Philip Hammond", "[hope]" as a Person). ``gold_entities`` keeps, per span, its most
confident type, and drops spans whose best confidence is 0.

Licences differ per source folder (see each ``LICENSE``; BBC Online is CC BY-NC).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analysis.config import CORPORA_DIR

logger = logging.getLogger(__name__)

DOCUMENT_COLUMNS = ["document_id", "source", "title", "text", "source_url", "split"]
"""Columns of the documents table (documented in ``read_re3d``)."""
ANNOTATION_COLUMNS = ["document_id", "begin", "end", "type", "value", "confidence"]
"""Columns of the annotations table (documented in ``read_re3d``)."""
REJECT_COLUMNS = ["document_id", "begin", "end", "type", "value", "reason"]
"""Columns of the rejects table (documented in ``read_re3d``)."""
MANIFEST = "split_manifest.csv"

_QUOTES = str.maketrans({"“": "'", "”": "'", '"': "'", "‘": "'", "’": "'"})


class Re3d(NamedTuple):
    """The tables of ``read_re3d``."""

    documents: pd.DataFrame
    annotations: pd.DataFrame
    rejects: pd.DataFrame


def read_re3d(path: Path | str | None = None) -> Re3d:
    """Read the documents and entity annotations of every source folder.

    Args:
        path: the corpus folder; defaults to ``CORPORA_DIR / "re3d"``.

    Returns:
        Three tables:

        - ``documents``, one row per document, sorted by source then id:
          ``document_id`` (str), ``source`` (the folder name), ``title``, ``text``,
          ``source_url`` (str) and ``split`` (``"shared"`` or ``"holdout"``, from the
          manifest; None for a document it does not list).
        - ``annotations``, one row per annotation line that fits its document, in
          file order: ``document_id``, ``begin``, ``end`` (character offsets into the
          text), ``type`` (Person, Organisation, Location, ...), ``value`` (the
          annotated words) and ``confidence`` (float, 0-1).
        - ``rejects``, annotations left out, with ``reason``: offsets outside the
          text, an unknown document, or a ``value`` that differs from the text at the
          offsets even after line breaks and quotes are normalised.

    Raises:
        FileNotFoundError: when the folder holds no ``*/documents.json``.
    """
    folder = CORPORA_DIR / "re3d" if path is None else Path(path)
    sources = sorted(p.parent for p in folder.glob("*/documents.json"))
    if not sources:
        raise FileNotFoundError(f"{folder}: no re3d source folders (*/documents.json) found; "
                                "expected the shared corpus folder (see its README.md)")
    documents = pd.concat([_read_documents(source) for source in sources], ignore_index=True)
    documents = documents.merge(_read_manifest(folder / MANIFEST), on="document_id",
                                how="left", validate="1:1")
    raw = pd.concat([_read_annotations(source) for source in sources], ignore_index=True)
    reasons = annotation_problems(raw, documents)
    annotations = raw[reasons.isna()].reset_index(drop=True)
    rejects = raw[reasons.notna()].assign(reason=reasons[reasons.notna()])[REJECT_COLUMNS]
    logger.info("read %d documents and %d of %d annotations from %s; %d recorded in rejects",
                len(documents), len(annotations), len(raw), folder, len(rejects))
    return Re3d(documents[DOCUMENT_COLUMNS], annotations, rejects.reset_index(drop=True))


def _json_lines(file: Path) -> list[dict]:
    with file.open(encoding="utf-8-sig") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _read_documents(source: Path) -> pd.DataFrame:
    rows = [(d["_id"], source.name, d.get("title"), d["text"], d.get("sourceUrl"))
            for d in _json_lines(source / "documents.json")]
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS[:-1]).sort_values("document_id")


def _read_annotations(source: Path) -> pd.DataFrame:
    rows = [(e["documentId"], int(e["begin"]), int(e["end"]), e["type"], e["value"],
             float(e["confidence"]))
            for e in _json_lines(source / "entities.json")]
    return pd.DataFrame(rows, columns=ANNOTATION_COLUMNS)


def _read_manifest(file: Path) -> pd.DataFrame:
    if not file.is_file():
        return pd.DataFrame({"document_id": pd.Series(dtype="object"),
                             "split": pd.Series(dtype="object")})
    return pd.read_csv(file, dtype=str)[["document_id", "split"]]


def annotation_problems(annotations: pd.DataFrame, documents: pd.DataFrame) -> pd.Series:
    """Check each annotation against its document's text.

    Args:
        annotations: rows with ``document_id``, ``begin``, ``end`` and ``value``.
        documents: rows with ``document_id`` and ``text``.

    Returns:
        Per annotation (same index), None when it fits, else the reason it does not.
    """
    texts = dict(zip(documents["document_id"], documents["text"]))

    def problem(row: pd.Series) -> str | None:
        text = texts.get(row["document_id"])
        if text is None:
            return f"unknown document {row['document_id']!r}"
        if not 0 <= row["begin"] < row["end"] <= len(text):
            return f"offsets {row['begin']}-{row['end']} outside the text ({len(text)} chars)"
        if _normalised(text[row["begin"]:row["end"]]) != _normalised(row["value"]):
            return f"value {row['value']!r} differs from the text {text[row['begin']:row['end']]!r}"
        return None

    if annotations.empty:
        return pd.Series(None, index=annotations.index, dtype="object")
    return annotations.apply(problem, axis=1).astype("object")


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def gold_entities(annotations: pd.DataFrame, *, min_confidence: float = 0.0) -> pd.DataFrame:
    """Choose one type per annotated span: the gold entities.

    Args:
        annotations: the ``annotations`` table of ``read_re3d``.
        min_confidence: spans whose best confidence is below it are dropped; spans
            whose best confidence is 0 (rejected by the crowd model) always are.

    Returns:
        One row per kept span, sorted by document and offsets, columns
        ``document_id``, ``begin``, ``end``, ``type`` (the most confident type; on a
        tie the first in alphabetical order), ``value`` and ``confidence``.
    """
    best = (annotations.sort_values(["confidence", "type"], ascending=[False, True], kind="stable")
            .drop_duplicates(["document_id", "begin", "end"]))
    kept = best[(best["confidence"] > 0) & (best["confidence"] >= min_confidence)]
    return kept.sort_values(["document_id", "begin", "end"]).reset_index(drop=True)


def gold_spans(corpus: Re3d, *, min_confidence: float = 0.0) -> tuple[list[str], pd.DataFrame]:
    """The texts to run a model on and their gold spans (see ``gold_entities``).

    Args:
        corpus: from ``read_re3d``.
        min_confidence: passed to ``gold_entities``.

    Returns:
        The document texts in the order of ``corpus.documents``, and a table with one
        row per gold entity: ``doc`` (int, index into the texts), ``start``, ``end``
        (character offsets) and ``label`` (the re3d type).
    """
    position = {doc_id: i for i, doc_id in enumerate(corpus.documents["document_id"])}
    gold = gold_entities(corpus.annotations, min_confidence=min_confidence)
    spans = pd.DataFrame({"doc": gold["document_id"].map(position).astype("int64"),
                          "start": gold["begin"].astype("int64"),
                          "end": gold["end"].astype("int64"),
                          "label": gold["type"].astype("object")})
    return corpus.documents["text"].tolist(), spans
