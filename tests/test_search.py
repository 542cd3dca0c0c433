"""The search query language, pinned against hand-counted results on six small articles (tests/data/search)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.entities.stage import run_entities
from analysis.ingest.stage import run_ingest
from analysis.fulltext import QueryError, index_path, parse_query, search, update_index

RAW = Path(__file__).parent / "data" / "search"


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("search")
    run_ingest(RAW, folder, progress=False, scheduler="none")
    run_entities(folder, progress=False, scheduler="none")
    return folder


def _titles(query: str, folder: Path) -> set[str]:
    return set(search(query, folder)["title"])


OIL_DEAL, SANCTIONS, PRICES, PUTIN, FOOTBALL, IRAQ = (
    "Iran and Russia sign oil deal", "Sanctions on Iran tightened", "Oil prices rise", "Putin meets Erdogan in Sochi",
    "Football results", "Iraq election")


@pytest.mark.parametrize(("query", "expected"), [
    ("iran", {OIL_DEAL, SANCTIONS}),                        # whole words: not "Iranian"
    ("IRAN", {OIL_DEAL, SANCTIONS}),                        # any case
    ("sanction", {PRICES}),                                 # no stemming: "sanction-free" only
    ("sanction*", {SANCTIONS, PRICES, IRAQ}),               # a prefix
    ("oil iran", {OIL_DEAL, SANCTIONS}),                    # AND implied
    ("oil AND iran", {OIL_DEAL, SANCTIONS}),
    ("iran OR iraq", {OIL_DEAL, SANCTIONS, IRAQ}),
    ("oil NOT iran", {PRICES}),
    ("NOT oil", {PUTIN, FOOTBALL, IRAQ}),
    ("iran OR iraq NOT oil", {OIL_DEAL, SANCTIONS, IRAQ}),  # iran OR (iraq AND NOT oil): OR binds last
    ("(iran OR iraq) oil", {OIL_DEAL, SANCTIONS}),
    ('"foreign ministry"', {OIL_DEAL, PUTIN}),              # a phrase, any case
    ('"ministry foreign"', set()),                          # in order
    ("title:oil", {OIL_DEAL, PRICES}),                      # the headline only
    ('title:"oil deal"', {OIL_DEAL}),
    ("outlet:rt.com", {SANCTIONS, PRICES, PUTIN}),
    ("outlet:RT.COM oil", {SANCTIONS, PRICES}),
    ("(iran OR iraq) outlet:tehrantimes", {OIL_DEAL, IRAQ}),
    ("cafe", {FOOTBALL}),                                   # accents ignored
    ("café", {FOOTBALL}),
    ("iran and russia", {OIL_DEAL}),                        # lower-case "and" is a word
])
def test_query_rules(processed: Path, query: str, expected: set[str]) -> None:
    assert _titles(query, processed) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ('person:"Vladimir Putin"', {PUTIN}),
    ('person:"vladimir putin"', {PUTIN}),
    ("group:OPEC", {PRICES}),
    ("country:IRN", {OIL_DEAL, SANCTIONS, FOOTBALL}),       # Iran, Iranian, Tehran: places count
    ("country:irn NOT iran", {FOOTBALL}),
])
def test_entity_filters(processed: Path, query: str, expected: set[str]) -> None:
    assert _titles(query, processed) == expected


@pytest.mark.parametrize(("query", "message"), [
    ("", "empty"),
    ("iran AND", "ends too soon"),
    ('"oil deal', "not closed"),
    ("(iran OR iraq", "not closed"),
    ("OR iran", "nothing before it"),
    ("colour:red", "unknown field"),
    ("title:", "has no value"),
    ("iran )", "unexpected"),
])
def test_a_bad_query_names_the_place_and_what_was_expected(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)


def test_the_index_follows_the_articles(processed: Path, tmp_path: Path) -> None:
    assert index_path(processed).is_file()
    assert update_index(processed) == 0                     # nothing changed: nothing re-indexed
    raw = tmp_path / "raw"
    raw.mkdir()
    lines = (RAW / "news.csv").read_text(encoding="utf-8").splitlines()
    (raw / "news.csv").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")   # two articles
    run_ingest(raw, tmp_path / "p", progress=False, scheduler="none")
    assert _titles("oil", tmp_path / "p") == {OIL_DEAL, SANCTIONS}
    (raw / "news.csv").write_text("\n".join([lines[0], lines[1], lines[3]]) + "\n", encoding="utf-8")
    run_ingest(raw, tmp_path / "p", progress=False, scheduler="none")
    assert _titles("oil", tmp_path / "p") == {OIL_DEAL, PRICES}                     # one removed, one added


def test_the_command_line_writes_one_row_per_article(processed: Path, tmp_path: Path) -> None:
    import pandas as pd

    from analysis.cli import main

    out = tmp_path / "found.csv"
    assert main(["search", "sanction*", "--processed-dir", str(processed), "--csv", str(out)]) == 0
    found = pd.read_csv(out)
    assert set(found["title"]) == {SANCTIONS, PRICES, IRAQ} and found["article_id"].is_unique


def test_a_bad_query_on_the_command_line_is_one_line(processed: Path, capsys) -> None:
    from analysis.cli import main

    assert main(["search", "(iran OR", "--processed-dir", str(processed)]) != 0
    error = capsys.readouterr().err.strip()
    assert error.startswith("analysis search: query position") and "\n" not in error


def test_attention_adds_up_by_outlet_and_day(processed: Path) -> None:
    from analysis.coverage import attention

    table = attention("oil", processed, by="outlet", freq="day")
    assert list(table.columns) == ["period", "outlet", "matched", "total", "share"]
    assert set(table["outlet"]) == {"rt.com", "tehrantimes"}
    assert len(table) == 2 * 6                              # six days, each outlet every day
    assert table["matched"].sum() == 3 and table["total"].sum() == 6     # oil: three of six stories
    rt = table[table["outlet"] == "rt.com"].set_index(table[table["outlet"] == "rt.com"]["period"].dt.day)
    assert rt["matched"].to_dict() == {4: 0, 5: 1, 6: 1, 7: 0, 8: 0, 9: 0}
    assert rt["total"].to_dict() == {4: 0, 5: 1, 6: 1, 7: 1, 8: 0, 9: 0}
    assert rt.loc[5, "share"] == 1.0 and rt.loc[7, "share"] == 0.0 and pd.isna(rt.loc[4, "share"])


def test_attention_of_the_whole_corpus_by_month(processed: Path) -> None:
    from analysis.coverage import attention

    table = attention("iran OR iraq", processed)
    assert list(table.columns) == ["period", "matched", "total", "share"]
    assert table[["matched", "total"]].to_dict("records") == [{"matched": 3, "total": 6}]
    assert table["share"].tolist() == [0.5]


def test_the_command_line_counts_attention(processed: Path, tmp_path: Path) -> None:
    from analysis.cli import main

    out = tmp_path / "attention.csv"
    assert main(["search", "oil", "--freq", "day", "--by", "outlet", "--processed-dir", str(processed),
                 "--csv", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["period", "outlet", "matched", "total", "share"]
    assert table["matched"].sum() == 3 and table["total"].sum() == 6


def test_attention_of_several_queries_has_one_series_each(processed: Path) -> None:
    from analysis.coverage import attention

    table = attention(["oil", "country:IRN"], processed, freq="month")
    assert list(table.columns) == ["query", "period", "matched", "total", "share"]
    counts = table.set_index("query")[["matched", "total"]].to_dict("index")
    assert counts == {"oil": {"matched": 3, "total": 6}, "country:IRN": {"matched": 3, "total": 6}}


def test_the_attention_chart_has_a_line_per_outlet_and_its_counts(processed: Path, tmp_path: Path) -> None:
    from analysis.cli import main

    figures = tmp_path / "figures"
    assert main(["search", "oil", "--freq", "day", "--by", "outlet", "--chart", "--figures-dir", str(figures),
                 "--processed-dir", str(processed)]) == 0
    assert {path.suffix for path in figures.iterdir()} == {".png", ".svg", ".pdf", ".csv", ".txt"}
    caption = (figures / "attention.txt").read_text(encoding="utf-8")
    assert "rt.com: 2 of 3 stories match." in caption and "tehrantimes: 1 of 3 stories match." in caption
    assert "from 2021-01-04 to 2021-01-09" in caption
    assert "<g id=\"line2d" in (figures / "attention.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize(("arguments", "message"), [
    (["oil", "iran"], "several queries need --freq"),
    (["oil", "--chart"], "need --freq"),
])
def test_search_options_that_need_attention_say_so(processed: Path, capsys, arguments: list[str],
                                                   message: str) -> None:
    from analysis.cli import main

    assert main(["search", *arguments, "--processed-dir", str(processed)]) != 0
    error = capsys.readouterr().err.strip()
    assert message in error and "\n" not in error


def test_kwic_shows_each_hit_of_the_words_in_context(processed: Path) -> None:
    from analysis.fulltext import kwic

    hits = kwic("sanction*", processed, width=12)
    assert hits["match"].tolist() == ["Sanctions", "sanctions", "sanction", "sanctioned"]   # by hand
    assert hits["section"].tolist() == ["title", "body", "body", "body"]
    first_body = hits.iloc[1]
    assert (first_body["left"], first_body["right"]) == ("s tightened ", " on Iran's o")
    assert hits.groupby("article_id")["title"].first().to_dict().keys() == set(
        search("sanction*", processed)["article_id"])


def test_kwic_finds_phrases_accents_and_entity_mentions(processed: Path) -> None:
    from analysis.fulltext import kwic

    assert kwic('"foreign ministry"', processed)["match"].tolist() == ["Foreign Ministry", "foreign ministry"]
    assert kwic("cafe", processed)["match"].tolist() == ["café"]
    putin = kwic('person:"Vladimir Putin"', processed)
    assert putin[["section", "match"]].values.tolist() == [["title", "Putin"], ["body", "Vladimir Putin"]]
    iran = kwic("country:IRN", processed)
    assert {"Iran", "Iranian", "Tehran"} <= set(iran["match"])       # places count, as in search


def test_kwic_leaves_out_what_is_under_not(processed: Path) -> None:
    from analysis.fulltext import kwic

    hits = kwic("oil NOT iran", processed)
    assert set(hits["title"]) == {PRICES} and set(hits["match"].str.lower()) == {"oil"}
    assert kwic("outlet:rt.com", processed).empty                    # a filter alone has nothing to show


def test_the_command_line_prints_hits_in_context(processed: Path, capsys) -> None:
    from analysis.cli import main

    assert main(["search", '"foreign ministry"', "--kwic", "--width", "20", "--processed-dir", str(processed)]) == 0
    out = capsys.readouterr().out
    assert "2 hits in context" in out and "[Foreign Ministry]" in out and "[foreign ministry]" in out


def test_ingest_keeps_the_index_up_to_date(tmp_path: Path) -> None:
    report = run_ingest(RAW, tmp_path / "p", progress=False, scheduler="none")
    assert report.n_indexed == 6 and "indexed 6 articles for search" in str(report)
    assert index_path(tmp_path / "p").is_file() and update_index(tmp_path / "p") == 0


def test_fold_keeps_offsets() -> None:
    from analysis.fulltext import fold

    for text in ["Café Müller", "Straße İstanbul", "Erdoğan’s"]:
        assert len(fold(text)) == len(text)
    assert fold("Café Erdoğan") == "cafe erdogan"


def test_attention_within_a_window(processed: Path) -> None:
    from analysis.coverage import attention

    table = attention("oil", processed, by="outlet", freq="day", start="2021-01-05", end="2021-01-07")
    assert sorted(table["period"].dt.day.unique()) == [5, 6, 7]
    assert table["matched"].sum() == 2 and table["total"].sum() == 3      # by hand: rt.com's three stories


def test_attention_says_which_stories_it_leaves_out_undated(processed: Path, tmp_path: Path) -> None:
    from analysis.coverage import undated_note

    assert undated_note(processed) == ""                     # every story of the fixture has a date
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw / "csv")
    (raw / "tehrantimes.com").mkdir()
    (raw / "tehrantimes.com" / "_news_1_Oil-talks.txt").write_text("Oil talks went on in Vienna.\n", encoding="utf-8")
    run_ingest(raw, tmp_path / "p", progress=False, scheduler="none")
    assert undated_note(tmp_path / "p") == ("Left out, undated: 1 story (tehrantimes.com 1); tehrantimes.com has no "
                                            "dated story.")
