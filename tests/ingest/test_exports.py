"""Exports of common news tools and CSV dialects (ingest/exports.py, ingest/tabular.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.ingest.exports import recognise_format
from analysis.ingest.tabular import sniff_delimiter

TZ = "Asia/Tehran"
FIELD_CASES = Path("/work/shared/field-cases")
EXPORTS = Path(__file__).parents[1] / "data" / "exports"
CORPORA = Path("/work/shared/corpora")


def field_case(name: str) -> Path:
    path = FIELD_CASES / name
    if not path.exists():
        pytest.skip(f"field case {path} is absent")
    return path


def by_title(corpus) -> pd.DataFrame:
    return corpus.articles.set_index("title")


def test_field_case_02_news_please_json_lines_loads_bodies_dates_url_outlet_author():
    corpus = load_corpus(field_case("02-newsplease-jsonl-fields") / "input.jsonl", timezone=TZ)
    articles = by_title(corpus)
    talks, aid = articles.loc["Talks to continue next week"], articles.loc["Aid convoys reach border town"]
    assert talks["body"].startswith("Officials in Cairo said on Wednesday")
    assert aid["body"].startswith("Aid convoys reached the border town")
    assert talks["published"] == pd.Timestamp("2019-05-01 08:30", tz=TZ)
    assert aid["published"] == pd.Timestamp("2019-05-02 17:45", tz=TZ)
    assert (talks["url"], talks["outlet"], talks["author"]) == ("https://example.com/talks", "example.com",
                                                                "Desk Reporter")
    assert pd.isna(aid["author"]), "an empty authors list is no author"
    assert corpus.issues.empty


@pytest.mark.parametrize("columns", [None, {"title": "title", "published": "date", "body": "text"}])
def test_field_case_03_semicolon_csv_with_quoted_multiline_bodies(columns):
    corpus = load_corpus(field_case("03-semicolon-multiline-csv") / "input.csv", timezone=TZ, columns=columns)
    articles = corpus.articles
    assert articles["title"].tolist() == ["Debate on national TV", "Follow-up post"]
    assert articles["published"].tolist() == [pd.Timestamp("2014-05-23 12:04:08+04:30"),
                                              pd.Timestamp("2014-05-24 13:30:00+04:30")]
    assert articles["body"].iloc[0] == ("The candidates met on national television last night.\n\n"
                                        "Viewers said the challenger won; the host disagreed.")
    assert corpus.issues.empty


def test_trafilatura_json_array():
    corpus = load_corpus(EXPORTS / "trafilatura.json", timezone=TZ)
    articles = by_title(corpus)
    port = articles.loc["Port reopens after strike"]
    assert port["body"] == "The port reopened on Tuesday after a five-day strike.\nDock workers accepted a new contract."
    assert port["url"] == "https://www.harbourtimes.example/2023/04/port-reopens"
    assert port["outlet"] == "harbourtimes.example"
    assert port["author"] == "Lena Ortiz; Sam Reed"
    assert port["published"] == pd.Timestamp("2023-04-11", tz=TZ)
    assert pd.isna(articles.loc["Ferry timetable changes", "author"])
    assert corpus.issues.empty


def test_newspaper_records_under_an_articles_key():
    corpus = load_corpus(EXPORTS / "newspaper.json", timezone=TZ)
    budget = by_title(corpus).loc["Council approves new budget"]
    assert budget["author"] == "Maya Chen; Tom Baker"
    assert budget["outlet"] == "news.example.org", "the site's URL becomes its host"
    assert budget["published"] == pd.Timestamp("2022-11-07 21:35", tz=TZ)
    assert by_title(corpus).loc["Library extends opening hours", "published"] == pd.Timestamp(
        "2022-11-08 09:00", tz=TZ)
    assert corpus.issues.empty


def test_media_cloud_story_list_has_titles_dates_outlets_and_warns_there_is_no_body():
    corpus = load_corpus(EXPORTS / "mediacloud.csv", timezone=TZ)
    articles = by_title(corpus)
    flood = articles.loc["Flood warning lifted for the valley"]
    assert (flood["outlet"], flood["url"]) == ("valleypost.example", "https://valleypost.example/flood-warning-lifted")
    assert flood["published"] == pd.Timestamp("2024-02-01 06:30", tz=TZ)
    assert articles.loc["Coast road reopens after repairs", "outlet"] == "coastnews.example"
    [issue] = corpus.issues.itertuples()
    assert (issue.severity, issue.field) == ("warning", "file")
    assert "no body column" in issue.message and "'media_name'" in issue.message


def test_recognised_formats_and_a_mapping_still_overrides():
    assert recognise_format(["title", "maintext", "date_publish", "url"]).name == "news-please"
    assert recognise_format(["title", "text", "source", "source-hostname", "date"]).name == "trafilatura"
    assert recognise_format(["title", "text", "publish_date", "source_url", "authors"]).name == "newspaper"
    assert recognise_format(["id", "title", "media_name", "publish_date", "url"]).name == "Media Cloud"
    assert recognise_format(["headline", "date", "text"]) is None
    corpus = load_corpus(EXPORTS / "trafilatura.json", timezone=TZ, columns={"body": "excerpt"})
    assert by_title(corpus).loc["Port reopens after strike", "body"] == "A five-day strike ended."


def test_no_body_and_no_date_columns_is_a_warning_naming_the_columns(tmp_path):
    path = tmp_path / "crawl.jsonl"
    path.write_text(json.dumps({"title": "Only a title", "article_text": "x", "when": "2020-01-01"}) + "\n")
    corpus = load_corpus(path, timezone=TZ)
    assert corpus.articles["title"].tolist() == ["Only a title"]
    [issue] = corpus.issues.itertuples()
    assert (issue.severity, issue.field) == ("warning", "file")
    assert "no body and no date column" in issue.message
    assert "'article_text'" in issue.message and "'when'" in issue.message


def test_pipe_separated_file_with_quoted_pipes_and_line_breaks():
    corpus = load_corpus(EXPORTS / "pipes.csv", timezone=TZ)
    articles = by_title(corpus)
    assert list(articles.index) == ["Market closes higher", "Rates | what changes"]
    assert articles.loc["Rates | what changes", "body"] == "The bank held rates.\nAnalysts expected a cut."
    assert articles.loc["Market closes higher", "outlet"] == "pipe.example"
    assert corpus.issues.empty


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe")])
def test_delimiters_are_sniffed_from_the_header_and_bom_and_crlf_are_handled(tmp_path, delimiter, name):
    header = delimiter.join(["title", "date", "text"])
    row = delimiter.join(['"A, b; c | d"', "2020-01-02", '"Two\r\nlines, with; every | delimiter"'])
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{header}\r\n{row}\r\n".encode())
    assert sniff_delimiter(header + "\n" + row)[0] == delimiter
    assert name in sniff_delimiter(header)[1]
    corpus = load_corpus(path, timezone=TZ)
    assert corpus.articles["title"].tolist() == ["A, b; c | d"]
    assert corpus.articles["body"].tolist() == ["Two lines, with; every | delimiter"]  # a hard wrap, joined
    assert corpus.issues.empty


def test_unreadable_csv_error_says_what_was_tried(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text('title;date;text\n"A";"2020-01-01";"x"\n"B";"2020-01-02";"y";"extra";"fields"\n')
    corpus = load_corpus(path, timezone=TZ)
    [issue] = corpus.issues.itertuples()
    assert (issue.severity, issue.field) == ("error", "file")
    assert "semicolon-separated" in issue.message and "'title;date;text'" in issue.message
    assert "delimiters tried: ',' ';' tab '|'" in issue.message
    assert "\n" not in issue.message


def test_table_without_title_or_body_says_how_it_was_read(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("when|where\n2020|x\n")
    [issue] = load_corpus(path).issues.itertuples()
    assert "no title or body column" in issue.message and "pipe-separated" in issue.message


def test_bad_json_lines_are_errors_and_the_rest_loads(tmp_path):
    path = tmp_path / "crawl.jsonl"
    good = json.dumps({"title": "Kept", "maintext": "Body.", "date_publish": "2020-01-01 10:00:00"})
    path.write_text(f"{good}\n\n{{not json\n[1, 2]\n")
    corpus = load_corpus(path, timezone=TZ)
    assert corpus.articles["title"].tolist() == ["Kept"]
    assert corpus.issues["severity"].tolist() == ["error", "error"]
    assert "line 3 of the file" in corpus.issues["message"].iloc[0]
    assert "line 4 of the file is a JSON list" in corpus.issues["message"].iloc[1]


def test_json_that_holds_no_records_is_an_error(tmp_path):
    path = tmp_path / "meta.json"
    path.write_text(json.dumps({"count": 2, "query": "x"}))
    [issue] = load_corpus(path).issues.itertuples()
    assert issue.severity == "error" and "'count'" in issue.message and "articles" in issue.message


def test_encoding_repairs_in_rows_are_recorded_on_their_row(tmp_path):
    path = tmp_path / "legacy.csv"
    text = 'title,date,text\nPlain,2020-01-01,"First\nrow"\nCaf\u2019s close,2020-01-02,Text\n'
    path.write_bytes(text.encode("windows-1252"))
    corpus = load_corpus(path, timezone=TZ)
    assert corpus.articles["title"].tolist() == ["Plain", "Caf\u2019s close"]
    [issue] = corpus.issues.itertuples()
    assert (issue.severity, issue.field) == ("warning", "encoding")
    assert "windows-1252" in issue.message


def test_mojibake_repair_names_its_row_and_file_line(tmp_path):
    path = tmp_path / "mojibake.csv"
    path.write_text('title,date,text\nA,2020-01-01,"one\ntwo"\nB,2020-01-02,"caf\u00c3\u00a9 au lait"\n',
                    encoding="utf-8")
    corpus = load_corpus(path, timezone=TZ)
    assert corpus.articles["body"].iloc[1] == "caf\u00e9 au lait"
    [issue] = corpus.issues.itertuples()
    assert (issue.field, issue.line) == ("encoding", 2)
    assert "line 4 of the file" in issue.message


@pytest.mark.corpora
def test_rt_export_loads_with_its_dates_and_urls():
    folder = CORPORA / "rt_english_sample"
    if not folder.exists():
        pytest.skip(f"{folder} is absent")
    corpus = load_corpus(folder, timezone=TZ)
    articles = corpus.articles
    assert len(articles) == 702
    assert articles["published"].notna().sum() == 699
    assert (articles["outlet"] == "rt.com").all()
    issues = corpus.issues
    skipped = issues[issues["message"].str.contains("'Skipped'")]
    assert len(skipped) == 5 and (skipped["severity"] == "warning").all()
    encoding = issues[issues["field"] == "encoding"]
    assert len(encoding) > 0 and set(encoding["source_file"]) == {"rt_soros_search_2021-01-06.cp1252.csv"}
