"""The topics stage over a small processed folder built from real BBC News articles."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.schemas import conform
from analysis.store import publish_tables, read_table, table_files
from analysis.topics import TOPIC_TABLES, run_topics

pytestmark = [pytest.mark.corpora, pytest.mark.slow]
TZ = "Europe/London"
FIRST, ADDED = 400, 30


def _articles(bbc: pd.DataFrame) -> pd.DataFrame:
    ids = bbc["file"].map(lambda f: hashlib.sha1(f.encode()).hexdigest()[:16])
    frame = pd.DataFrame({
        "article_id": ids, "source_file": bbc["file"], "title": bbc["title"],
        "published": pd.Timestamp("2005-01-01"), "body": bbc["body"], "signature": "",
        "outlet": "bbc.co.uk", "url": None, "author": None, "duplicate_of": None,
        "n_words": bbc["body"].str.split().str.len(), "n_related": 0,
        "content_hash": bbc["text"].map(lambda t: hashlib.md5(t.encode()).hexdigest())})
    return conform(frame, "articles", TZ)


@pytest.fixture()
def processed(tmp_path: Path, bbc: pd.DataFrame) -> tuple[Path, pd.DataFrame]:
    articles = _articles(bbc.iloc[::3].reset_index(drop=True)).iloc[:FIRST + ADDED]
    publish_tables({"articles": articles.iloc[:FIRST]}, tmp_path)
    return tmp_path, articles


def _assert_schema(frame: pd.DataFrame, table: str) -> None:
    columns = TOPIC_TABLES[table]
    assert list(frame.columns) == [column.name for column in columns]
    assert all(frame[column.name].dtype == pd.api.types.pandas_dtype(column.dtype) for column in columns)


def test_first_run_writes_tables_matching_their_schemas_and_a_valid_card(processed) -> None:
    folder, articles = processed
    report = run_topics(folder, progress=False)
    topics, weights = read_table("topics", folder), read_table("article_topics", folder)
    _assert_schema(topics, "topics")
    _assert_schema(weights, "article_topics")
    assert report.refitted and report.n_transformed == FIRST and report.n_topics == topics["topic"].nunique()
    assert topics.groupby("topic")["rank"].apply(list).map(lambda r: r == list(range(1, 26))).all()
    assert topics.groupby("topic")["label"].nunique().eq(1).all() and topics["label"].str.len().gt(0).all()
    leads = {label.split(" / ")[0] for label in topics["label"]}
    text = " ".join(articles["title"].iloc[:FIRST] + "\n" + articles["body"].iloc[:FIRST])
    assert [lead for lead in leads if lead.count(" ") == 1 and lead.islower() and lead in text]  # phrases kept
    assert set(weights["article_id"]) <= set(articles["article_id"].iloc[:FIRST])
    assert np.allclose(weights.groupby("article_id")["weight"].sum(), 1.0, atol=0.05)
    card = json.loads((folder / "topic_card.json").read_text())
    assert card["n_topics"] == report.n_topics and card["chosen"] == "auto"
    assert -1 <= card["npmi_top10"] <= 1 and 0 < card["diversity_top25"] <= 1
    assert 0 <= card["stability"] <= 1 and 0 <= card["unclear_share"] <= 1
    assert card["n_articles"] == FIRST and card["settings"]["random_state"] == 0
    assert {row["n_topics"] for row in card["selection"]} >= {report.n_topics}
    assert "topics:" in str(report) and f"{FIRST:,} given topic weights" in str(report)


def test_rerun_with_nothing_new_does_nothing(processed) -> None:
    folder, _ = processed
    run_topics(folder, n_topics=5, progress=False)
    before = _versions(folder)
    report = run_topics(folder, progress=False)
    assert (report.n_analysed, report.n_transformed, report.refitted) == (0, 0, False)
    assert before == _versions(folder)


def _versions(folder: Path) -> dict[str, list[tuple[str, int]]]:
    """Each topic table's files, as real paths (a new version is a new folder) and times."""
    return {name: [(str(path.resolve()), path.stat().st_mtime_ns) for path in table_files(folder, name)]
            for name in TOPIC_TABLES}


def test_new_articles_are_transformed_with_the_saved_model_and_old_weights_stay(processed) -> None:
    folder, articles = processed
    run_topics(folder, n_topics=5, progress=False)
    topics_before = read_table("topics", folder)
    weights_before = read_table("article_topics", folder)
    kept = articles.iloc[1:]  # one article removed, ADDED new
    publish_tables({"articles": kept}, folder)
    report = run_topics(folder, progress=False)
    assert (report.n_analysed, report.n_transformed, report.n_removed) == (ADDED, ADDED, 1)
    assert not report.refitted
    weights = read_table("article_topics", folder)
    old_ids = set(articles["article_id"].iloc[1:FIRST])
    pd.testing.assert_frame_equal(
        weights[weights["article_id"].isin(old_ids)].reset_index(drop=True),
        weights_before[weights_before["article_id"].isin(old_ids)].reset_index(drop=True))
    assert set(weights["article_id"]) >= set(articles["article_id"].iloc[FIRST:]) - {""}
    assert articles["article_id"].iat[0] not in set(weights["article_id"])
    pd.testing.assert_frame_equal(read_table("topics", folder), topics_before)


def test_refit_keeps_the_ids_of_matched_topics(processed) -> None:
    folder, articles = processed
    run_topics(folder, n_topics=5, progress=False)
    before = read_table("topics", folder)
    publish_tables({"articles": articles}, folder)
    report = run_topics(folder, n_topics=5, refit=True, random_state=1, progress=False)
    after = read_table("topics", folder)
    assert report.refitted and report.n_transformed == FIRST + ADDED
    assert sorted(after["topic"].unique()) == sorted(before["topic"].unique())
    top = {frame_id: {topic: set(group.nsmallest(10, "rank")["term"]) for topic, group in frame.groupby("topic")}
           for frame_id, frame in (("before", before), ("after", after))}
    overlaps = [len(top["before"][t] & top["after"][t]) / 10 for t in top["after"]]
    assert min(overlaps) >= 0.5


def test_deleted_outputs_are_rewritten_with_the_saved_model(processed) -> None:
    folder, _ = processed
    run_topics(folder, n_topics=5, progress=False)
    weights_before = read_table("article_topics", folder)
    (folder / "article_topics").unlink()
    report = run_topics(folder, progress=False)
    assert not report.refitted and report.n_transformed == FIRST
    pd.testing.assert_frame_equal(read_table("article_topics", folder), weights_before)


def test_entity_names_become_terms_and_new_entities_refresh_the_term_cache(processed) -> None:
    folder, articles = processed
    run_topics(folder, n_topics=5, progress=False)
    first = articles.iloc[:FIRST]
    body = first["body"].astype(str)
    has_uk = body.str.contains(" UK ", regex=False)
    starts = body[has_uk].str.find(" UK ") + 1
    mentions = pd.DataFrame({
        "article_id": first.loc[has_uk, "article_id"].astype(str), "section": "body",
        "start": starts.astype("int64"), "end": (starts + 2).astype("int64"), "text": "UK",
        "label": "GPE", "kind": "country", "name": "United Kingdom", "country": "GBR", "via": "alias"})
    publish_tables({"entities": mentions.reset_index(drop=True)}, folder)
    report = run_topics(folder, n_topics=5, refit=True, progress=False)
    assert report.n_analysed == FIRST and has_uk.sum() >= 10
    model_terms = json.loads((folder / "_state" / "topics" / "model" / "model.json").read_text())["vocabulary_"]
    assert "United Kingdom" in model_terms
    assert json.loads((folder / "topic_card.json").read_text())["settings"]["entities"] is True


def test_editing_a_reference_file_analyses_every_cached_article_again_and_refits(processed, tmp_path,
                                                                                 monkeypatch) -> None:
    """The stop words are part of the stage's fingerprint: an edit reaches every cached article."""
    import importlib.resources
    import shutil

    folder, _ = processed
    package = tmp_path / "package"
    shutil.copytree(importlib.resources.files("analysis.topics") / "data", package / "data")
    real_files = importlib.resources.files
    monkeypatch.setattr(importlib.resources, "files",
                        lambda name: package if name == "analysis.topics" else real_files(name))
    run_topics(folder, n_topics=5, progress=False)
    assert run_topics(folder, n_topics=5, progress=False).n_analysed == 0
    top = read_table("topics", folder)
    word = top.loc[top["rank"] == 1, "term"].iloc[0]
    with (package / "data" / "stopwords.txt").open("a", encoding="utf-8") as stopwords:
        stopwords.write(f"\n{word}\n")
    report = run_topics(folder, n_topics=5, progress=False)
    assert report.n_analysed == FIRST and report.refitted
    assert word not in set(read_table("topics", folder)["term"])
