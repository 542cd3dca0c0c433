"""The entities stage over ingested articles: outputs, sections, re-runs and name merging."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

import analysis.entities.stage as stage
from analysis.ingest.render import render_page
from analysis.ingest.stage import run_ingest
from analysis.store import article_months, read_table, table_exists

EXAMPLE = Path(__file__).parents[1] / "data" / "pages" / "scraped-page-2016-02-28.txt"
TZ = "Asia/Tehran"


def _page(title: str, *paragraphs: str) -> str:
    return render_page(title=title, published=datetime(2016, 3, 1, 9), paragraphs=list(paragraphs),
                       signature="S/SH 1", related=[])


@pytest.fixture()
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    shutil.copy(EXAMPLE, raw / "example.txt")
    (raw / "zarif.txt").write_text(_page(
        "Zarif Meets Lavrov in Moscow",
        "Iranian Foreign Minister Mohammad Javad Zarif met Sergei Lavrov in Moscow on Tuesday.",
        "Zarif said Tehran and Moscow agree on Syria."), encoding="utf-8")
    (raw / "javad.txt").write_text(_page(
        "Iran's FM in Damascus", "Javad Zarif arrived in Damascus, where Javad Zarif met officials."),
        encoding="utf-8")
    run_ingest(raw, processed, timezone=TZ, progress=False)
    return raw, processed


def test_writes_mentions_with_sections_and_per_article_counts(corpus) -> None:
    raw, processed = corpus
    report = stage.run_entities(processed, progress=False)
    assert (report.n_articles, report.n_processed) == (3, 3)
    mentions = read_table("entities", processed)
    assert list(mentions.columns) == stage.ENTITY_COLUMNS
    articles = read_table("articles", processed).set_index("article_id")
    for row in mentions.itertuples():
        section_text = articles.loc[row.article_id, row.section]
        assert section_text[row.start:row.end] == row.text
    summary = read_table("article_entities", processed)
    example_id = articles.index[articles["source_file"] == "example.txt"][0]
    lavrov = summary[(summary["article_id"] == example_id) & (summary["name"] == "Sergei Lavrov")]
    assert lavrov["n_mentions"].item() == mentions[(mentions["article_id"] == example_id)
                                                   & (mentions["name"] == "Sergei Lavrov")].shape[0]


def test_person_variants_are_merged_across_articles(corpus) -> None:
    _, processed = corpus
    stage.run_entities(processed, progress=False)
    people = set(read_table("entities", processed).query("kind == 'person'")["name"])
    assert "Mohammad Javad Zarif" in people
    assert not {"Javad Zarif", "Zarif"} & people


def test_a_rerun_processes_only_new_and_changed_articles(corpus, monkeypatch) -> None:
    raw, processed = corpus
    stage.run_entities(processed, progress=False)
    seen: list[int] = []
    original = stage.article_mentions
    monkeypatch.setattr(stage, "article_mentions",
                        lambda batch, **kw: seen.append(len(batch)) or original(batch, **kw))
    assert stage.run_entities(processed, progress=False).n_processed == 0 and seen == []
    (raw / "new.txt").write_text(_page("Talks in Geneva", "The UN hosted talks in Geneva."), encoding="utf-8")
    (raw / "javad.txt").unlink()
    run_ingest(raw, processed, timezone=TZ, progress=False)
    report = stage.run_entities(processed, progress=False)
    assert seen == [1] and (report.n_processed, report.n_removed) == (1, 1)
    assert "Geneva" in set(read_table("entities", processed)["text"])


def test_an_analysts_groups_file_reruns_every_article(corpus, tmp_path, monkeypatch) -> None:
    from analysis import config

    _, processed = corpus
    stage.run_entities(processed, progress=False)
    own = tmp_path / "groups.csv"
    own.write_text("name,kind,alias\nJaish al-Fatah,armed group,Army of Conquest\n", encoding="utf-8")
    monkeypatch.setattr(config, "GROUPS_FILE", own)
    assert stage.run_entities(processed, progress=False).n_processed == 3
    assert stage.run_entities(processed, progress=False).n_processed == 0


def test_an_interrupted_run_resumes_without_redoing_committed_batches(corpus, monkeypatch) -> None:
    _, processed = corpus
    monkeypatch.setattr(stage, "BATCH_ARTICLES", 1)
    calls: list[int] = []
    original = stage.article_mentions

    def fails_on_the_second_batch(batch, **options):
        calls.append(len(batch))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(batch, **options)

    monkeypatch.setattr(stage, "article_mentions", fails_on_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        stage.run_entities(processed, progress=False)
    assert not table_exists(processed, "entities"), "no output before the run finishes"
    monkeypatch.setattr(stage, "article_mentions", original)
    report = stage.run_entities(processed, progress=False)
    assert (report.n_articles, report.n_processed) == (3, 2)
    assert read_table("entities", processed)["article_id"].nunique() == 3


def test_the_pipeline_is_loaded_afresh_every_few_texts_and_finds_the_same_mentions(corpus, monkeypatch) -> None:
    import analysis.entities.model as model
    from analysis.entities.countries import lookup_country

    _, processed = corpus
    stage.run_entities(processed, progress=False)
    expected = read_table("entities", processed)
    shutil.rmtree(processed / "_state")
    monkeypatch.setattr(stage, "BATCH_ARTICLES", 1)
    monkeypatch.setattr(model, "PIPELINE_TEXTS", 2)
    monkeypatch.setattr(model, "_texts_read", {})
    pipelines, cached = [], []
    original = stage.stage_pipeline

    def recorded(name, n_texts, **options):
        pipelines.append(original(name, n_texts, **options))
        cached.append(lookup_country.cache_info().currsize)
        return pipelines[-1]

    monkeypatch.setattr(stage, "stage_pipeline", recorded)
    report = stage.run_entities(processed, progress=False)
    assert report.n_processed == 3
    assert [pipelines[0] is pipeline for pipeline in pipelines] == [True, True, False]
    assert cached[1] > 0 and cached[2] == 0, "the lookup caches are emptied with the reload"
    pd.testing.assert_frame_equal(read_table("entities", processed), expected)


def test_articles_go_to_the_pipeline_month_by_month_and_the_tables_keep_article_order(corpus, monkeypatch) -> None:
    _, processed = corpus
    monkeypatch.setattr(stage, "BATCH_ARTICLES", 2)
    months_sent: list[list[str]] = []
    original = stage.article_mentions

    def recorded(batch, **options):
        months_sent.append(sorted(set(batch["article_id"].map(article_months(read_table("articles", processed))))))
        return original(batch, **options)

    monkeypatch.setattr(stage, "article_mentions", recorded)
    stage.run_entities(processed, progress=False)
    assert months_sent == [["2016-02"], ["2016-03"]], "a batch never mixes months, even below its size"
    order = read_table("articles", processed)["article_id"].tolist()
    for name in ("entities", "article_entities"):
        ids = read_table(name, processed)["article_id"].tolist()
        assert ids == sorted(ids, key=order.index), name


def test_a_month_larger_than_a_piece_is_read_and_assembled_in_pieces_with_the_same_tables(corpus,
                                                                                         monkeypatch) -> None:
    _, processed = corpus
    stage.run_entities(processed, progress=False)
    expected = {name: read_table(name, processed) for name in ("entities", "article_entities")}
    shutil.rmtree(processed / "_state")
    monkeypatch.setattr(stage, "PIECE_ARTICLES", 1)
    sent: list[int] = []
    assembled: list[int] = []
    original_mentions, original_pieces = stage.article_mentions, stage._mentions_in_pieces

    def recorded(*args):
        for mentions in original_pieces(*args):
            assembled.append(mentions["article_id"].nunique())
            yield mentions

    monkeypatch.setattr(stage, "article_mentions",
                        lambda batch, **kw: sent.append(len(batch)) or original_mentions(batch, **kw))
    monkeypatch.setattr(stage, "_mentions_in_pieces", recorded)
    stage.run_entities(processed, progress=False)
    assert sent == [1, 1, 1], "the two March articles are read in two pieces, so in two batches"
    assert assembled == [1, 1, 1] * 2, "each table is assembled one article at a time"
    for name, table in expected.items():
        pd.testing.assert_frame_equal(read_table(name, processed), table)


def test_the_groups_file_is_an_option_that_reaches_the_resolver(corpus, tmp_path) -> None:
    from analysis.options import OptionError

    raw, processed = corpus
    (raw / "council.txt").write_text(_page(
        "Council Meets", "The Damascus Dialogue Council met on Monday with the Damascus Dialogue Council chair."),
        encoding="utf-8")
    run_ingest(raw, processed, timezone=TZ, progress=False)
    own = tmp_path / "my_groups.csv"
    own.write_text("name,kind,alias\nDDC,movement,Damascus Dialogue Council\n", encoding="utf-8")
    stage.run_entities(processed, progress=False, groups_file=own)
    groups = read_table("entities", processed).query("kind == 'group'")
    council = groups[groups["text"] == "Damascus Dialogue Council"]
    assert len(council) == 2 and set(council["name"]) == {"DDC"}
    with pytest.raises(OptionError, match=r"groups_file=.*missing\.csv.*no such file"):
        stage.run_entities(processed, progress=False, groups_file=tmp_path / "missing.csv")
