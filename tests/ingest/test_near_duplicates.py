"""Near-duplicate articles form one story (analysis.ingest.near_duplicates)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.ingest.near_duplicates import MIN_WORDS, duplicate_of, signatures, url_key

SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpora"

STORY = ("Iran’s foreign minister said on Monday that talks with the European Union on trade would "
         "go on next month in Vienna, despite the new sanctions announced by Washington last week. "
         "“We are ready to work with every country that respects our rights,” he told reporters "
         "after meeting his Austrian counterpart, adding that oil sales had held steady.")
OTHER = ("The price of bread rose again in Tehran this week as bakers passed on the higher cost of "
         "flour, and the guild said it would ask the government for a subsidy before the new year "
         "so that families would not have to cut back on the most basic food of all.")


def _articles(rows: list[tuple[str, str, str | None, str | None]]) -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": [row[0] for row in rows], "body": [row[1] for row in rows],
        "published": pd.to_datetime([row[2] for row in rows]), "url": [row[3] for row in rows],
        "source_file": [f"f{n}.csv" for n in range(len(rows))], "line": range(1, len(rows) + 1)})


def test_a_resaved_copy_with_other_quotes_and_a_footer_is_the_first_articles_story() -> None:
    resaved = STORY.replace("’", "'").replace("“", '"').replace("”", '"') + " Share this story!"
    articles = _articles([("b", resaved, "2016-03-02", None), ("a", STORY, "2016-03-01", None),
                          ("c", OTHER, "2016-03-01", None)])
    found = duplicate_of(articles, signatures(articles["body"].tolist()))
    assert found.fillna("-").tolist() == ["a", "-", "-"]


def test_a_different_story_on_the_same_subject_is_not_a_duplicate() -> None:
    rewritten = ("Talks between Iran and the European Union on trade will resume in Vienna next month, "
                 "the foreign minister told reporters on Monday, shrugging off last week's sanctions "
                 "from Washington and saying oil exports had not fallen since the spring.")
    articles = _articles([("a", STORY, "2016-03-01", None), ("b", rewritten, "2016-03-01", None)])
    assert duplicate_of(articles, signatures(articles["body"].tolist())).isna().all()


def test_short_bodies_are_not_compared_but_the_same_url_is_the_same_story() -> None:
    short = "Talks go on."
    assert len(short.split()) < MIN_WORDS
    articles = _articles([("a", short, "2016-03-01", "https://www.rt.com/news/1-talks/"),
                          ("b", short + " Update.", "2016-03-01", None),
                          ("c", OTHER, None, "http://rt.com/news/1-talks#comments"),
                          ("d", STORY, None, None)])
    found = duplicate_of(articles, signatures(articles["body"].tolist()))
    assert found.fillna("-").tolist() == ["-", "-", "a", "-"]
    assert url_key("https://www.rt.com/news/1-talks/") == url_key("http://rt.com/news/1-talks#x") == "rt.com/news/1-talks"


def test_the_loader_marks_copies_across_files_and_counts_distinct_stories(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(f'title,date,text\nTalks go on,2016-03-01,"{STORY}"\n', encoding="utf-8")
    (tmp_path / "b.csv").write_text(f'title,date,text\nTALKS WILL GO ON,2016-03-02,"{STORY} Read more."\n'
                                    f'Bread,2016-03-02,"{OTHER}"\n', encoding="utf-8")
    corpus = load_corpus(tmp_path)
    first = corpus.articles.set_index("title")
    assert first.loc["TALKS WILL GO ON", "duplicate_of"] == first.loc["Talks go on", "article_id"]
    assert first["duplicate_of"].isna().sum() == 2
    assert "2 distinct stories" in corpus.summary()
    assert load_corpus(tmp_path, near_duplicates=False).articles["duplicate_of"].isna().all()


@pytest.mark.corpora
def test_the_rt_export_holds_420_to_450_distinct_stories_without_its_footers() -> None:
    folder = SHARED / "rt_english_sample"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the shared corpora are not beside the project)")
    articles = load_corpus(folder).articles
    assert set(articles["outlet"]) == {"rt.com"}
    assert 420 <= articles["duplicate_of"].isna().sum() <= 450
    for footer in ("RT News App", "This website uses cookies", "Share this story!", "Share it with a friend!"):
        assert not articles["body"].str.contains(footer, regex=False).any(), footer


def test_the_ingest_stage_signs_only_new_or_changed_bodies(tmp_path: Path, monkeypatch) -> None:
    from analysis.ingest import stage
    from analysis.store import read_table

    raw, processed = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    (raw / "a.csv").write_text(f'title,date,text\nTalks go on,2016-03-01,"{STORY}"\n', encoding="utf-8")
    (raw / "b.csv").write_text(f'title,date,text\nBread,2016-03-02,"{OTHER}"\n', encoding="utf-8")
    signed: list[int] = []
    original = stage.signatures
    monkeypatch.setattr(stage, "signatures", lambda texts: signed.append(len(texts)) or original(texts))
    stage.run_ingest(raw, processed, progress=False, scheduler="none")
    assert sum(signed) == 2
    signed.clear()
    (raw / "c.csv").write_text(f'title,date,text\nTALKS WILL GO ON,2016-03-02,"{STORY} Read more."\n',
                               encoding="utf-8")
    stage.run_ingest(raw, processed, progress=False, scheduler="none")
    assert sum(signed) == 1  # the new article only; the others keep their signatures
    articles = read_table("articles", processed).set_index("title")
    assert articles.loc["TALKS WILL GO ON", "duplicate_of"] == articles.loc["Talks go on", "article_id"]
    assert load_corpus(raw).articles.set_index("title")["duplicate_of"].equals(articles["duplicate_of"])


def test_the_analyst_can_say_an_article_is_a_story_of_its_own(tmp_path: Path) -> None:
    from analysis.ingest import stage
    from analysis.ingest.near_duplicates import DistinctFileError, read_distinct
    from analysis.options import IngestOptions, OptionError
    from analysis.store import read_table

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.csv").write_text(f'title,date,text\nTalks go on,2016-03-01,"{STORY}"\n', encoding="utf-8")
    (raw / "b.csv").write_text(f'title,date,text\nTALKS WILL GO ON,2016-03-02,"{STORY} Read more."\n',
                               encoding="utf-8")
    copy = load_corpus(raw).articles.set_index("title").loc["TALKS WILL GO ON"]
    assert pd.notna(copy["duplicate_of"])
    distinct = tmp_path / "distinct.csv"
    distinct.write_text(f"article_id,note\n{copy['article_id']},a correction, not a copy\n", encoding="utf-8")
    assert read_distinct(distinct) == {copy["article_id"]}
    assert load_corpus(raw, distinct_file=distinct).articles["duplicate_of"].isna().all()
    stage.run_ingest(raw, tmp_path / "processed", progress=False, scheduler="none", distinct_file=distinct)
    assert read_table("articles", tmp_path / "processed")["duplicate_of"].isna().all()
    distinct.write_text("id\nx\n", encoding="utf-8")
    with pytest.raises(DistinctFileError, match=r"distinct.csv: line 1: expected a header with an article_id"):
        read_distinct(distinct)
    with pytest.raises(OptionError, match="distinct_file"):
        IngestOptions(raw_dir=raw, distinct_file=distinct)
