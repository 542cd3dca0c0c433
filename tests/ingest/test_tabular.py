"""Tabular exports (CSV, JSON Lines, Parquet) loaded as articles: the RT sample in tests/data/pages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import IngestError, load_corpus
from analysis.schemas import dtypes

PAGES = Path(__file__).parents[1] / "data" / "pages"
CSV = PAGES / "rt-soros-sample.csv"
CP1252 = PAGES / "rt-soros-sample.cp1252.csv"
TZ = "Asia/Tehran"
MAPPING = {"title": "title", "published": "date", "body": "content"}
TITLES = [
    "Director of Soros-funded HRW slammed for accusing Hungary of \u2018scoring political points\u2019 with "
    "imports of Russia's Sputnik V vaccine",
    "Los Angeles' new Soros-funded prosecutor pushes for easier punishment over brutal double murder of "
    "Russian snowboarder, policeman",
    "Western media condemns Soros & US-government backed American NGO chief\u2019s expulsion from Russia, "
    "but ignores lobby group\u2019s funding",
    "Moscow moves to expel Soros-linked US activist as ex-president Medvedev warns foreign NGOs trying to "
    "sow discord in Russia",
    "Skipped",
]
PUBLISHED = ["2020-12-30 06:53", "2020-12-15 22:18", "2020-12-12 12:27", "2020-12-03 17:48"]
COLUMNS = ["article_id", "title", "published", "body", "signature", "n_words", "n_related"]


def rows() -> pd.DataFrame:
    return pd.read_csv(CSV, dtype=str, keep_default_na=False)


def check_rt_articles(corpus, source_file: str) -> None:
    articles = corpus.articles
    assert articles["title"].tolist() == TITLES
    assert articles["source_file"].tolist() == [source_file] * 5
    assert articles["published"].iloc[:4].tolist() == [pd.Timestamp(text, tz=TZ) for text in PUBLISHED]
    assert pd.isna(articles["published"].iloc[4])
    assert articles["body"].iloc[0].startswith("Human Rights Watch executive director Kenneth Roth")
    assert articles["body"].iloc[4].startswith("RT News App \u00a9 Autonomous Nonprofit Organization \u201cTV-Novosti\u201d")
    assert articles["body"].tolist() == [" ".join(text.split()) for text in rows()["content"]]  # spaces tidied
    assert articles["n_words"].tolist() == [len(text.split()) for text in rows()["content"]]
    assert (articles["n_related"] == 0).all() and articles["signature"].isna().all()
    assert articles["article_id"].is_unique
    assert corpus.related.empty
    assert articles.dtypes.to_dict() == {name: pd.api.types.pandas_dtype(dtype)
                                         for name, dtype in dtypes("articles", TZ).items()}


def skipped_warning(corpus, source_file: str) -> None:
    issues = corpus.issues
    assert len(issues) == 1
    row = issues.iloc[0]
    assert (row["source_file"], row["severity"], row["field"], row["line"]) == (source_file, "warning",
                                                                                "published", 5)
    assert "'Skipped'" in row["message"]


def test_csv_with_a_column_mapping():
    corpus = load_corpus(CSV, columns=MAPPING, timezone=TZ)
    check_rt_articles(corpus, "rt-soros-sample.csv")
    skipped_warning(corpus, "rt-soros-sample.csv")


def test_csv_with_recognised_column_names_reads_the_same():
    mapped = load_corpus(CSV, columns=MAPPING, timezone=TZ)
    guessed = load_corpus(CSV, timezone=TZ)
    pd.testing.assert_frame_equal(guessed.articles, mapped.articles)
    pd.testing.assert_frame_equal(guessed.issues, mapped.issues)


def test_cp1252_csv_reads_the_same_text():
    corpus = load_corpus(CP1252, timezone=TZ)
    assert b"\x92" in CP1252.read_bytes()
    check_rt_articles(corpus, "rt-soros-sample.cp1252.csv")
    utf8 = load_corpus(CSV, timezone=TZ)
    assert corpus.articles["article_id"].tolist() == utf8.articles["article_id"].tolist()


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_json_lines_and_parquet_give_the_same_articles(tmp_path, suffix):
    path = tmp_path / f"rt{suffix}"
    if suffix == ".jsonl":
        rows().to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        rows().to_parquet(path)
    other = load_corpus(path, timezone=TZ)
    csv = load_corpus(CSV, timezone=TZ)
    pd.testing.assert_frame_equal(other.articles[COLUMNS], csv.articles[COLUMNS])
    skipped_warning(other, path.name)


def test_mapping_a_missing_column_is_an_error_listing_the_columns():
    corpus = load_corpus(CSV, columns={"title": "headline", "published": "date", "body": "content"})
    assert corpus.articles.empty
    assert len(corpus.issues) == 1
    row = corpus.issues.iloc[0]
    assert (row["source_file"], row["severity"], row["field"]) == ("rt-soros-sample.csv", "error", "file")
    assert "'headline'" in row["message"]
    for column in ("date", "title", "content", "URL"):
        assert f"'{column}'" in row["message"]


def test_unknown_field_in_the_mapping_is_an_error():
    corpus = load_corpus(CSV, columns={"headline": "title"})
    assert corpus.issues["severity"].tolist() == ["error"]
    assert "headline" in corpus.issues.loc[0, "message"] and "signature" in corpus.issues.loc[0, "message"]


def test_table_without_title_or_body_columns_is_an_error(tmp_path):
    rows()[["date", "URL"]].to_csv(tmp_path / "links.csv", index=False)
    corpus = load_corpus(tmp_path / "links.csv")
    assert corpus.issues["severity"].tolist() == ["error"]
    assert "no title or body column" in corpus.issues.loc[0, "message"]


def test_row_with_neither_title_nor_body_is_an_error_row(tmp_path):
    frame = rows().iloc[:2].copy()
    frame.loc[1, ["title", "content"]] = ""
    frame.to_csv(tmp_path / "gap.csv", index=False)
    corpus = load_corpus(tmp_path / "gap.csv")
    assert corpus.articles["title"].tolist() == TITLES[:1]
    assert [(row.severity, row.field, row.line) for row in corpus.issues.itertuples()] == [("error", "row", 2)]


def test_tsv_is_read_with_tabs(tmp_path):
    rows().to_csv(tmp_path / "rt.tsv", sep="\t", index=False)
    corpus = load_corpus(tmp_path / "rt.tsv", timezone=TZ)
    assert corpus.articles["title"].tolist() == TITLES


def test_strict_mode_raises_on_the_skipped_date():
    with pytest.raises(IngestError, match=r"^rt-soros-sample[.]csv: line 5: published: date 'Skipped'"):
        load_corpus(CSV, errors="raise")


def test_dates_with_an_offset_become_wall_clock_time_in_the_corpus_zone(tmp_path):
    export = tmp_path / "export.jsonl"
    pd.DataFrame({"headline": ["a", "b", "c"], "text": ["x", "y", "z"],
                  "date": ["2020-01-01T10:00:00+03:00", "2020-06-01T10:00:00Z", "2020-01-01 09:00"]}
                 ).to_json(export, orient="records", lines=True)
    articles = load_corpus(export, timezone=TZ).articles.set_index("title")
    assert articles.loc["a", "published"] == pd.Timestamp("2020-01-01 07:00", tz="UTC")
    assert articles.loc["b", "published"] == pd.Timestamp("2020-06-01 10:00", tz="UTC")
    assert articles.loc["c", "published"] == pd.Timestamp("2020-01-01 09:00", tz=TZ), "naive: taken as local"
