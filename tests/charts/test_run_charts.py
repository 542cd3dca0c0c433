"""run_charts on real processed tables: the standard set, its captions, and skips with reasons."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.charts import CHARTS, run_charts
from analysis.charts.export import COMPARISON_CHARTS, NO_DATES, UNDATED_CHARTS, NoArticles
from analysis.compare import recompute_z
from analysis.store import read_table, write_tables


ONE_OUTLET = tuple(name for name in CHARTS if name not in COMPARISON_CHARTS)
"""The charts of a one-outlet corpus: all but the comparisons."""


def stories(tables: dict[str, pd.DataFrame]) -> int:
    """The fixture's distinct stories: its 870 articles but the near-duplicate copies."""
    return int(tables["articles"]["duplicate_of"].isna().sum())


def test_the_standard_set_is_written_with_captions_and_data(processed, tables, events_file, tmp_path) -> None:
    report = run_charts(processed, tmp_path, events=events_file, formats=("png",), corpus="reuters")
    one_outlet = ("a comparison needs two or more outlets of 20 or more articles; the charted articles have 1")
    assert report.written == ONE_OUTLET
    assert report.skipped == {"distinctive_words": one_outlet, "distinctive_entities": one_outlet}
    n = stories(tables)
    assert len(tables["articles"]) == 870 and 800 < n < 870
    assert (report.freq, report.n_articles, report.n_outside, report.n_undated) == ("day", n, 0, 0)
    assert report.n_copies == 870 - n
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        f"{name}.{suffix}" for name in report.written for suffix in ("png", "csv", "txt"))
    volume = (tmp_path / "volume.txt").read_text(encoding="utf-8")
    assert f"Corpus: reuters; charted: the {n} dated articles (the first at 1987-03-02 " in volume
    assert "of the window 1987-03-02 to 1987-03-15 (Asia/Tehran days), the default" in volume
    assert "outside it and not counted here: 0 before it, 0 after it, 0 undated." in volume
    assert report.outlets == () and "outlet" not in pd.read_csv(tmp_path / "volume.csv").columns, \
        "one outlet: the charts as before"
    assert f"Each story counts once: {870 - n} near-duplicate copies are not counted." in volume
    assert "3 of the 5 events" in volume and "1987-03-06 Herald of Free Enterprise" in volume
    assert pd.read_csv(tmp_path / "volume.csv")["n_articles"].sum() == n
    naming = (tmp_path / "naming.txt").read_text(encoding="utf-8")
    assert naming.startswith("How the group 'OPEC' is written") and "'Opec'" in naming
    assert set(pd.read_csv(tmp_path / "topics.csv")["label"]) >= {"crude", "ship"}
    assert f"{n} articles" in str(report) and "7 written" in str(report)
    assert f"{870 - n} near-duplicate copies not counted" in str(report)


def test_every_copy_is_counted_when_asked(processed, tmp_path) -> None:
    report = run_charts(processed, tmp_path, formats=("png",), corpus="reuters", count_copies=True)
    assert (report.n_articles, report.n_copies) == (870, 0)
    assert pd.read_csv(tmp_path / "volume.csv")["n_articles"].sum() == 870
    assert "near-duplicate" not in (tmp_path / "volume.txt").read_text(encoding="utf-8")


def test_the_default_window_and_what_falls_outside_it_are_stated(tables, tmp_path) -> None:
    articles = tables["articles"].copy()
    first = articles.index[articles["duplicate_of"].isna()][0]  # one story moved to a stray year
    articles.loc[first, "published"] = pd.Timestamp("2016-02-28 16:42", tz="Asia/Tehran")
    processed = tmp_path / "processed"
    write_tables({**tables, "articles": articles}, processed)
    report = run_charts(processed, tmp_path / "figures", formats=("png",), corpus="reuters")
    n = stories(tables) - 1
    assert (report.n_articles, report.n_outside, report.n_ranked) == (n, 1, n + 1)
    assert report.window.given is False and (report.window.start, report.window.end) == ("1987-03-02", "1987-03-15")
    summary = str(report).splitlines()[0]
    assert f"over time: {n} articles per day in the window 1987-03-02 to 1987-03-15 (Asia/Tehran days), " \
           "the default" in summary
    assert "not charted over time: 0 before it, 1 after it (2016-02-28 to 2016-02-28), 0 undated" in summary
    assert f"the rankings (top_entities, cooccurrence, distinctive_words, distinctive_entities): all {n + 1} articles, those outside the window included" in summary
    volume = (tmp_path / "figures" / "volume.txt").read_text(encoding="utf-8")
    assert "not counted here: 0 before it, 1 after it (2016-02-28 to 2016-02-28), 0 undated." in volume
    assert pd.read_csv(tmp_path / "figures" / "volume.csv")["n_articles"].sum() == n
    ranking = (tmp_path / "figures" / "top_entities.txt").read_text(encoding="utf-8")
    assert f"this ranking needs no dates, so it counts every article: {n + 1}, with the 1 outside" in ranking


def test_a_window_given_is_stated_and_the_rankings_keep_to_it(tables, processed, tmp_path) -> None:
    report = run_charts(processed, tmp_path, formats=("png",), start="1987-03-09", end="1987-03-13")
    distinct = tables["articles"][tables["articles"]["duplicate_of"].isna()]
    day = distinct["published"].dt.strftime("%Y-%m-%d")
    inside = distinct[day.between("1987-03-09", "1987-03-13")]
    assert report.window.given and (report.n_articles, report.n_ranked) == (len(inside), len(inside))
    assert (report.window.n_before, report.window.n_after) == ((day < "1987-03-09").sum(), (day > "1987-03-13").sum())
    assert f"the {len(inside)} articles of the window" in str(report)
    ranking = (tmp_path / "top_entities.txt").read_text(encoding="utf-8")
    assert "window 1987-03-09 to 1987-03-13 (Asia/Tehran days), as given" in ranking
    mentioned = tables["article_entities"][tables["article_entities"]["article_id"].isin(inside["article_id"])]
    top = pd.read_csv(tmp_path / "top_entities.csv")
    assert top.loc[top["name"] == "OPEC", "n_articles"].item() == \
        mentioned.loc[mentioned["name"] == "OPEC", "article_id"].nunique()


def test_two_outlets_are_set_side_by_side(two_outlets, tables, tmp_path) -> None:
    report = run_charts(two_outlets, tmp_path, formats=("png",), corpus="reuters")
    assert report.written == CHARTS and report.outlets == ("wire-even", "wire-odd")
    assert "2 outlets side by side (wire-even, wire-odd)" in str(report)
    articles = read_table("articles", two_outlets)
    sizes = articles[articles["duplicate_of"].isna()].groupby("outlet").size()
    volume = pd.read_csv(tmp_path / "volume.csv")
    assert volume.groupby("outlet")["n_articles"].sum().to_dict() == sizes.to_dict()
    top = pd.read_csv(tmp_path / "top_entities.csv")
    np.testing.assert_allclose(top["share"], top["n_articles"] / top["outlet"].map(sizes), err_msg="over the outlet's own")
    assert set(top.groupby("outlet")["name"].apply(frozenset)) == {frozenset(top["name"])}, "every outlet, every name"
    for name in ("entity_mentions", "topics", "naming"):
        assert set(pd.read_csv(tmp_path / f"{name}.csv")["outlet"]) == {"wire-even", "wire-odd"}, name
    caption = (tmp_path / "top_entities.txt").read_text(encoding="utf-8")
    assert f"Outlets side by side: wire-even ({sizes['wire-even']:,} articles), wire-odd ({sizes['wire-odd']:,}" \
        in caption
    assert "All outlets together." in (tmp_path / "cooccurrence.txt").read_text(encoding="utf-8")
    words = pd.read_csv(tmp_path / "distinctive_words.csv")
    assert set(words["group"]) == {"wire-even", "wire-odd"} and set(words["kind"]) == {"word"}
    np.testing.assert_allclose(words["z"], recompute_z(words), err_msg="every z follows from its row")
    assert (words.groupby("group")["total"].first().sum()
            == words.drop_duplicates("term")[["count", "count_other"]].sum(axis=1).sum()), "totals are the counts"
    entities = pd.read_csv(tmp_path / "distinctive_entities.csv")
    assert set(entities["kind"]) <= {"person", "country", "group"} and "OPEC" in set(entities["term"])


def test_a_one_page_outlet_beside_larger_ones_is_left_out_and_named(two_outlets, tmp_path) -> None:
    articles = read_table("articles", two_outlets)
    tiny = articles.index[articles["duplicate_of"].isna()][0]
    folder = tmp_path / "processed"
    write_tables({name: read_table(name, two_outlets) for name in ("related", "entities", "article_entities")}
                 | {"articles": articles.assign(outlet=articles["outlet"].mask(articles.index == tiny, "tiny"))},
                 folder)
    report = run_charts(folder, tmp_path / "figures", formats=("png",), corpus="reuters")
    assert report.outlets == ("wire-even", "wire-odd")
    assert "Left out, as outlets of fewer than 20 articles beside larger ones: tiny (1 article)" in str(report)
    for name in ("volume", "top_entities", "distinctive_words"):
        assert "tiny" not in set(pd.read_csv(tmp_path / "figures" / f"{name}.csv").get("outlet", [])) | set(
            pd.read_csv(tmp_path / "figures" / f"{name}.csv").get("group", []))
        assert "tiny (1 article)" in (tmp_path / "figures" / f"{name}.txt").read_text(encoding="utf-8"), name


def test_missing_tables_are_skipped_with_the_reason(tables, tmp_path) -> None:
    processed = tmp_path / "processed"
    write_tables({"articles": tables["articles"], "related": tables["related"]}, processed)
    report = run_charts(processed, tmp_path / "figures", formats=("png",), start="1987-03-09", end="1987-03-13")
    assert report.written == ("volume", "related_stories")
    assert report.skipped["topics"] == (f"no article_topics table in {processed}; run `analysis topics` first")
    assert report.skipped["top_entities"].startswith("no article_entities table")
    distinct = tables["articles"][tables["articles"]["duplicate_of"].isna()]
    inside = distinct["published"].dt.strftime("%Y-%m-%d").between("1987-03-09", "1987-03-13")
    assert (report.n_articles, report.n_outside) == (inside.sum(), (~inside).sum())
    assert inside.sum() + (~inside).sum() + report.n_copies == 870
    assert f"topics: skipped: no article_topics table in {processed}" in str(report)


def test_an_undated_corpus_gets_the_charts_that_need_no_dates(tables, tmp_path) -> None:
    undated = tables["articles"].assign(published=lambda t: t["published"].where(t["published"].isna()))
    processed = tmp_path / "processed"
    write_tables({**tables, "articles": undated}, processed)
    report = run_charts(processed, tmp_path / "figures", formats=("svg",), corpus="reuters")
    assert UNDATED_CHARTS == ("top_entities", "cooccurrence", "distinctive_words", "distinctive_entities")
    assert report.written == ("top_entities", "cooccurrence"), "one outlet: nothing to compare"
    assert {name: reason for name, reason in report.skipped.items() if reason == NO_DATES} == {
        name: NO_DATES for name in CHARTS if name not in UNDATED_CHARTS}
    n = stories(tables)
    assert (report.start, report.end, report.n_articles, report.n_undated) == (None, None, n, n)
    assert "  volume: skipped: no article has a date" in str(report).splitlines()
    assert f"{n} articles, none with a date" in str(report).splitlines()[0]
    with_dates = run_charts(tables_folder(tables, tmp_path), tmp_path / "dated", formats=("svg",))
    counted = pd.read_csv(tmp_path / "figures" / "top_entities.csv")
    assert counted.equals(pd.read_csv(tmp_path / "dated" / "top_entities.csv")), \
        "the same articles are counted whether or not they have dates"
    assert with_dates.written == ONE_OUTLET
    caption = (tmp_path / "figures" / "top_entities.txt").read_text(encoding="utf-8")
    assert f"Corpus: reuters; {n} articles, none with a date" in caption


def tables_folder(tables: dict[str, pd.DataFrame], tmp_path: Path) -> Path:
    folder = tmp_path / "with-dates"
    write_tables(tables, folder)
    return folder


def test_an_events_file_that_cannot_be_read_skips_only_the_volume_chart(processed, tmp_path) -> None:
    events = tmp_path / "events.csv"
    events.write_bytes(b"\x1f\x8b\x08\x00" + bytes(200))  # a gzip file under a .csv name
    report = run_charts(processed, tmp_path / "figures", events=events, formats=("png",))
    message = f"{events}: file is a gzip archive, not a text page; expected a CSV file with a date,label header"
    assert report.errors == (message,)
    assert report.written == tuple(name for name in ONE_OUTLET if name != "volume")
    assert {name: why for name, why in report.skipped.items() if name not in COMPARISON_CHARTS} == {
        "volume": f"the events file cannot be read ({message})"}
    assert f"  error: {message}" in str(report).splitlines()


def test_bad_event_rows_are_left_out_and_named_and_the_others_marked(processed, tmp_path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("date,label\n1987-03-06,Herald capsizes\n1987-03-32,Bad day\n", encoding="utf-8")
    report = run_charts(processed, tmp_path / "figures", events=events, formats=("png",))
    assert report.written == ONE_OUTLET and not report.errors
    assert report.warnings == (f"{events}: line 3: date '1987-03-32' is not a real date",)
    assert f"  events: {events}: line 3: date '1987-03-32' is not a real date; row left out" in str(report)
    assert "1 of the 1 events" in (tmp_path / "figures" / "volume.txt").read_text(encoding="utf-8")


def test_an_empty_articles_table_is_refused_as_nothing_to_chart(tables, tmp_path) -> None:
    processed = tmp_path / "processed"
    write_tables({"articles": tables["articles"].iloc[:0]}, processed)
    with pytest.raises(NoArticles, match="the articles table has no articles; there is nothing to chart"):
        run_charts(processed, tmp_path / "figures")
    assert not (tmp_path / "figures").exists()
