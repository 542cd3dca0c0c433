"""Tests of the re3d reader: documents, annotations, rejects, gold types, the shared part."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import CORPORA_DIR
from analysis.datasets.re3d import gold_entities, gold_spans, read_re3d

RE3D_DIR = CORPORA_DIR / "re3d"
needs_corpus = pytest.mark.skipif(
    not (RE3D_DIR / "split_manifest.csv").is_file(),
    reason=f"shared re3d corpus not found at {RE3D_DIR}")


def _write_lines(file: Path, rows: list[dict]) -> None:
    file.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def _entity(doc: str, begin: int, end: int, kind: str, value: str, confidence: float) -> dict:
    return {"_id": f"{doc}-{begin}-{end}-{kind}", "documentId": doc, "begin": begin, "end": end,
            "type": kind, "value": value, "confidence": confidence}


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    news = tmp_path / "News"
    news.mkdir()
    _write_lines(news / "documents.json", [
        {"_id": "B", "title": "t", "text": "Col. John “J.D.” Dorrian said", "sourceUrl": "u"},
        {"_id": "A", "title": "t", "text": "Mr Hammond visited\nIraq.", "sourceUrl": "u"},
    ])
    _write_lines(news / "entities.json", [
        _entity("A", 3, 10, "Person", "Hammond", 1),
        _entity("A", 19, 23, "Location", "Iraq", 0.9),
        _entity("A", 19, 23, "Organisation", "Iraq", 0.1),
        _entity("A", 0, 10, "Person", "Mr Hammond", 0),
        _entity("A", 11, 23, "Location", "visited Basra", 1),
        _entity("A", 20, 90, "Location", "far", 1),
        _entity("B", 0, 24, "Person", "Col. John 'J.D.' Dorrian", 1),
        _entity("Z", 0, 1, "Person", "x", 1),
    ])
    (tmp_path / "split_manifest.csv").write_text(
        "source,document_id,split\nNews,A,shared\nNews,B,shared\nNews,C,holdout\n")
    return tmp_path


def test_reader_keeps_fitting_annotations_and_records_the_rest(small_corpus: Path):
    corpus = read_re3d(small_corpus)
    assert corpus.documents["document_id"].tolist() == ["A", "B"]
    assert corpus.documents["split"].tolist() == ["shared", "shared"]
    assert corpus.documents["source"].unique().tolist() == ["News"]
    assert len(corpus.annotations) == 5
    assert corpus.rejects[["document_id", "begin"]].values.tolist() == [
        ["A", 11], ["A", 20], ["Z", 0]]
    reasons = corpus.rejects["reason"].tolist()
    assert "differs from the text" in reasons[0]
    assert "outside the text" in reasons[1]
    assert "unknown document 'Z'" in reasons[2]


def test_curly_quotes_and_line_breaks_do_not_reject_a_value(small_corpus: Path):
    annotations = read_re3d(small_corpus).annotations
    assert "Col. John 'J.D.' Dorrian" in annotations["value"].tolist()


def test_gold_keeps_the_most_confident_type_and_drops_rejected_spans(small_corpus: Path):
    gold = gold_entities(read_re3d(small_corpus).annotations)
    assert gold[["document_id", "begin", "end", "type"]].values.tolist() == [
        ["A", 3, 10, "Person"], ["A", 19, 23, "Location"], ["B", 0, 24, "Person"]]
    strict = gold_entities(read_re3d(small_corpus).annotations, min_confidence=0.95)
    assert strict["begin"].tolist() == [3, 0]


def test_gold_breaks_confidence_ties_alphabetically():
    annotations = pd.DataFrame(
        [["A", 0, 4, "Organisation", "Iraq", 0.5], ["A", 0, 4, "Location", "Iraq", 0.5]],
        columns=["document_id", "begin", "end", "type", "value", "confidence"])
    assert gold_entities(annotations)["type"].tolist() == ["Location"]


def test_gold_spans_index_documents_in_table_order(small_corpus: Path):
    texts, spans = gold_spans(read_re3d(small_corpus))
    assert texts[0] == "Mr Hammond visited\nIraq."
    assert [(texts[d][s:e], label) for d, s, e, label in spans.values.tolist()] == [
        ("Hammond", "Person"), ("Iraq", "Location"), ("Col. John “J.D.” Dorrian", "Person")]


def test_missing_folder_is_named(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="no re3d source folders"):
        read_re3d(tmp_path)


@pytest.mark.corpora
@needs_corpus
def test_shared_part_counts_match_the_readme():
    corpus = read_re3d()
    assert len(corpus.documents) == 68
    assert set(corpus.documents["split"]) == {"shared"}
    assert corpus.documents["source"].value_counts().to_dict() == {
        "UK Government": 18, "CENTCOM": 16, "US State Department": 15, "Wikipedia": 9,
        "BBC Online": 6, "Australian Department of Foreign Affairs": 3,
        "Delegation of the European Union to Syria": 1}
    assert len(corpus.annotations) == 3700
    assert corpus.rejects.empty
    counts = Counter(corpus.annotations["type"])
    assert (counts["Organisation"], counts["Location"], counts["Person"],
            counts["Nationality"]) == (1331, 955, 589, 182)


@pytest.mark.corpora
@needs_corpus
def test_shared_part_gold_as_read_from_the_files():
    corpus = read_re3d()
    gold = gold_entities(corpus.annotations)
    spans = corpus.annotations.drop_duplicates(["document_id", "begin", "end"])
    assert len(spans) == 3589
    assert len(gold) == 2754  # 835 spans have only confidence-0 (rejected) types
    assert not gold.duplicated(["document_id", "begin", "end"]).any()
    first = gold[gold["document_id"] == "58A3656BDCA7B89C38CE5A1985834740"].iloc[0]
    assert (first["begin"], first["end"], first["type"], first["value"]) == (
        10, 16, "Nationality", "Syrian")
    two_types = gold[(gold["document_id"] == "09FF200CBB76594D688F8EB565717543")
                     & (gold["begin"] == 530) & (gold["end"] == 534)]
    assert two_types[["type", "confidence"]].values.tolist() == [["Organisation", 0.97]]
