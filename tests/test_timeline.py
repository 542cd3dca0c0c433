"""Timelines on the demo corpus: counts per period in the corpus's zone, entity and topic
timelines, related-story activity and naming choices, checked against the tables by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus, timeline
from analysis.entities.stage import article_mentions, summarise_mentions

REUTERS = Path(__file__).parents[1] / "data" / "raw" / "reuters"
TOPICS = Path(__file__).parent / "charts" / "data" / "reuters-topics.csv"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(REUTERS)


@pytest.fixture(scope="module")
def mentions(corpus) -> pd.DataFrame:
    articles = corpus.articles
    crude = articles[articles["signature"].str.startswith("R/CR")
                     & articles["published"].between("1987-03-02", "1987-03-16")]
    return article_mentions(crude.iloc[::3])  # 45 oil stories across both weeks


@pytest.fixture(scope="module")
def article_topics(corpus) -> pd.DataFrame:
    codes = pd.read_csv(TOPICS, dtype=str).assign(topic=lambda t: t["topics"].str.split()).explode("topic")
    codes = codes.assign(weight=1 / codes.groupby("new_id")["topic"].transform("size"))
    ids = corpus.articles.assign(new_id=corpus.articles["source_file"].str.extract(r"reuters-0*(\d+)\.txt")[0])
    return ids[["article_id", "new_id"]].merge(codes, on="new_id", validate="1:m")[["article_id", "topic", "weight"]]


def test_days_are_midnight_to_midnight_in_the_corpus_zone() -> None:
    times = pd.Series(pd.to_datetime(["1987-03-01 23:59", "1987-03-02 00:01"]).tz_localize("Asia/Tehran"))
    starts = timeline.period_start(times, "day")
    assert list(starts.dt.strftime("%Y-%m-%d %H:%M%z")) == ["1987-03-01 00:00+0330", "1987-03-02 00:00+0330"]
    in_utc = timeline.period_start(times.dt.tz_convert("UTC"), "day")
    assert in_utc.iloc[0] == in_utc.iloc[1], "both times are on 1 March in UTC"


def test_weeks_start_on_monday_and_months_on_the_first() -> None:
    times = pd.Series(pd.to_datetime(["1987-03-15 12:00"]).tz_localize("Asia/Tehran"))  # a Sunday
    assert timeline.period_start(times, "week").iloc[0] == pd.Timestamp("1987-03-09", tz="Asia/Tehran")
    assert timeline.period_start(times, "month").iloc[0] == pd.Timestamp("1987-03-01", tz="Asia/Tehran")


@pytest.mark.parametrize("freq", ["daily", "D", "year"])
def test_a_bad_freq_names_the_value_and_the_choices(corpus, freq) -> None:
    with pytest.raises(ValueError, match=rf"freq='{freq}' is invalid; must be one of \['day', 'week', 'month'\]"):
        timeline.article_counts(corpus.articles, freq=freq)


def test_daily_counts_match_the_day_folders(corpus) -> None:
    counts = timeline.article_counts(corpus.articles, freq="day", start="1987-02-26", end="1987-04-08")
    folders = {folder.name: len(list(folder.glob("*.txt"))) for folder in REUTERS.iterdir()}
    by_day = dict(zip(counts["period"].dt.strftime("%Y-%m-%d"), counts["n_articles"]))
    assert {day: n for day, n in by_day.items() if n} == folders
    assert len(counts) == 42 and by_day["1987-02-28"] == 0, "a day without articles is a zero, not a gap"
    assert str(counts["period"].dt.tz) == "Asia/Tehran"


def test_weekly_counts_add_up_and_the_window_is_inclusive(corpus) -> None:
    weeks = timeline.article_counts(corpus.articles, freq="week", start="1987-03-02", end="1987-03-15")
    assert list(weeks["n_articles"]) == [447, 423] and weeks["n_articles"].sum() == 870


def test_main_span_leaves_out_a_stray_page_from_another_year(corpus) -> None:
    stray = pd.Timestamp("2016-02-28 16:42:01", tz="Asia/Tehran")
    published = pd.concat([corpus.articles["published"], pd.Series([stray])], ignore_index=True)
    start, end = timeline.main_span(published)
    assert (start, end) == (corpus.articles["published"].min(), corpus.articles["published"].max())
    assert timeline.choose_freq(start, end) == "day" and timeline.choose_freq(start, stray) == "month"


def test_top_entities_rank_by_articles(mentions) -> None:
    summary = summarise_mentions(mentions)
    top = timeline.top_entities(summary, kinds=("group", "country"), n=3)
    assert list(top["kind"]) == ["group"] * 3 + ["country"] * 3 and list(top["rank"]) == [1, 2, 3] * 2
    groups = summary[summary["kind"] == "group"].groupby("name")["article_id"].nunique()
    assert top.loc[0, "name"] == "OPEC" and top.loc[0, "n_articles"] == groups.max()
    with pytest.raises(ValueError, match=r"kinds=\('groups',\) has unknown kinds \['groups'\]"):
        timeline.top_entities(summary, kinds=("groups",))


def test_entity_mentions_are_counts_and_shares_of_the_period(corpus, mentions) -> None:
    summary = summarise_mentions(mentions)
    table = timeline.entity_mentions(summary, corpus.articles, freq="week", kinds=("group",), n=2,
                                     start="1987-03-02", end="1987-03-15")
    opec = table[table["name"] == "OPEC"].set_index("period")
    ids = summary.loc[summary["name"] == "OPEC", "article_id"]
    weeks = timeline.period_start(corpus.articles.set_index("article_id").loc[ids, "published"], "week")
    assert opec["n_articles"].to_dict() == weeks.value_counts().reindex(opec.index, fill_value=0).to_dict()
    assert opec["n_articles"].min() > 0
    assert list(opec["share"].round(6)) == list((opec["n_articles"] / pd.Series([447, 423], opec.index)).round(6))
    assert len(table) == 2 * 2, "every week for every entity, zeros included"


def test_topic_prevalence_is_the_mean_weight_per_period(corpus, article_topics) -> None:
    table = timeline.topic_prevalence(article_topics, corpus.articles, freq="week", start="1987-03-02",
                                      end="1987-03-15")
    crude = table[table["topic"] == "crude"].set_index("period")
    assert crude["prevalence"].sum() > 0
    ids = article_topics.loc[article_topics["topic"] == "crude", "article_id"]
    assert crude["n_articles"].sum() == ids.nunique()
    assert table.groupby("period")["prevalence"].sum().round(9).eq(1).all(), "weights per article sum to one"
    assert set(table["label"]) == {f"topic {code}" for code in article_topics["topic"].unique()}
    labelled = timeline.topic_prevalence(article_topics, corpus.articles, freq="week",
                                         topics=pd.DataFrame({"topic": ["crude"], "label": ["Crude oil"]}))
    assert "Crude oil" in set(labelled["label"]) and "topic acq" in set(labelled["label"])


def test_related_activity_counts_listed_stories_by_their_tick_time(corpus) -> None:
    related = corpus.related
    activity = timeline.related_activity(related, freq="day")
    assert activity["n_listings"].sum() == len(related.dropna(subset=["published"]))
    day = activity[activity["period"] == pd.Timestamp("1987-03-02", tz="Asia/Tehran")].iloc[0]
    on_day = related[related["published"].dt.strftime("%Y-%m-%d") == "1987-03-02"]
    assert (day["n_stories"], day["n_listings"]) == (on_day["story_id"].nunique(), len(on_day))


def test_story_promotion_lists_every_listing_of_the_most_listed_stories(corpus) -> None:
    promotion = timeline.story_promotion(corpus.related, corpus.articles, n=3)
    stories = corpus.stories.sort_values(["n_lists", "published"], ascending=[False, True]).head(3)
    assert list(promotion.drop_duplicates("rank")["story_id"]) == list(stories["story_id"])
    assert promotion.groupby("rank").size().tolist() == stories["n_lists"].tolist()
    first = promotion[promotion["rank"] == 1]
    assert first["listed"].is_monotonic_increasing and (first["listed"] >= first["published"]).all()
    assert first["days_listed"].iloc[0] == pytest.approx(
        (first["listed"].max() - first["published"].iloc[0]) / pd.Timedelta(days=1))


def test_written_forms_ignore_a_leading_the_and_a_possessive() -> None:
    forms = timeline.written_form(pd.Series(["the European Community's", "The EC", "OPEC\u2019s", "Opec"]))
    assert list(forms) == ["European Community", "EC", "OPEC", "Opec"]


def test_naming_choices_of_opec_in_the_demo(corpus, mentions) -> None:
    variants = timeline.naming_variants(mentions, min_mentions=3)
    assert variants.loc[0, "name"] == "OPEC" and {"OPEC", "Opec"} <= set(variants["form"])
    choices = timeline.naming_choices(mentions, corpus.articles, name="OPEC", freq="week", max_forms=2,
                                      start="1987-03-02", end="1987-03-15")
    body = mentions[(mentions["name"] == "OPEC") & (mentions["section"] == "body")]
    assert choices["n_mentions"].sum() == len(body)
    assert list(choices["form"].unique())[:2] == ["OPEC", "Opec"]
    assert choices.groupby("period")["share"].sum().round(9).eq(1).all()
    with pytest.raises(ValueError, match=r"name='Daesh' has no group mentions in sections \['body'\]"):
        timeline.naming_choices(mentions, corpus.articles, name="Daesh")


# --- by outlet, on a small table counted by hand -----------------------------------------------
# Two outlets, two weeks (Monday 7 and Monday 14 March 2016), one undated article:
#   rt: a1 Mon 7, a2 Tue 8, a3 Tue 15        tt: a4 Tue 8, a5 undated, a6 Wed 16


@pytest.fixture(scope="module")
def outlets() -> dict[str, pd.DataFrame]:
    published = pd.to_datetime(pd.Series(["2016-03-07 10:00", "2016-03-08 09:00", "2016-03-15 23:00",
                                          "2016-03-08 12:00", None, "2016-03-16 08:00"])).dt.tz_localize("Asia/Tehran")
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(1, 7)],
                             "outlet": ["rt", "rt", "rt", "tt", "tt", "tt"], "published": published})
    article_entities = pd.DataFrame(
        [("a1", "country", "Iran", 2), ("a1", "person", "Putin", 1), ("a2", "country", "Iran", 1),
         ("a2", "country", "Syria", 3), ("a3", "country", "Syria", 1), ("a4", "country", "Iran", 1),
         ("a4", "group", "OPEC", 2), ("a5", "country", "Iraq", 4), ("a6", "country", "Iraq", 1)],
        columns=["article_id", "kind", "name", "n_mentions"])
    entities = pd.DataFrame(
        [("a1", "OPEC", "body"), ("a2", "Opec", "body"), ("a2", "OPEC", "body"), ("a4", "Opec", "body"),
         ("a4", "the Opec", "body"), ("a6", "OPEC's", "body"), ("a3", "OPEC", "title")],
        columns=["article_id", "text", "section"]).assign(kind="group", name="OPEC")
    article_topics = pd.DataFrame(
        [("a1", 0, 1.0), ("a2", 0, 0.5), ("a2", 1, 0.5), ("a3", 1, 1.0), ("a4", 0, 1.0), ("a6", 0, 0.75),
         ("a6", 1, 0.25)], columns=["article_id", "topic", "weight"])
    return {"articles": articles, "article_entities": article_entities, "entities": entities,
            "article_topics": article_topics}


def _rows(table: pd.DataFrame, *columns: str) -> list[tuple]:
    picked = table.assign(period=table["period"].dt.strftime("%m-%d")) if "period" in table else table
    return [tuple(row) for row in picked[list(columns)].itertuples(index=False)]


def test_article_counts_by_outlet_count_each_outlets_dated_articles(outlets) -> None:
    counts = timeline.article_counts(outlets["articles"], freq="week", by="outlet")
    assert _rows(counts, "outlet", "period", "n_articles") == [
        ("rt", "03-07", 2), ("rt", "03-14", 1), ("tt", "03-07", 1), ("tt", "03-14", 1)]
    assert list(counts.columns) == ["outlet", "period", "n_articles"]
    pooled = timeline.article_counts(outlets["articles"], freq="week")
    assert list(counts.groupby("period")["n_articles"].sum()) == list(pooled["n_articles"]) == [3, 2]
    with pytest.raises(ValueError, match=r"by='site' is invalid; must be one of \[None, 'outlet'\]"):
        timeline.article_counts(outlets["articles"], by="site")


def test_top_entities_by_outlet_rank_each_outlet_and_show_every_outlet_for_each_leader(outlets) -> None:
    top = timeline.top_entities(outlets["article_entities"], kinds=("country",), n=1, by="outlet",
                                articles=outlets["articles"])
    # rt: Syria and Iran in 2 articles each, Syria with more mentions (4 to 3); tt: Iraq in 2 (a5 undated
    # counts: no time is needed), Iran in 1. Each outlet gets a row for the other's leader too.
    assert _rows(top, "outlet", "name", "rank", "n_articles", "n_mentions") == [
        ("rt", "Syria", 1, 2, 4), ("rt", "Iraq", 3, 0, 0), ("tt", "Iraq", 1, 2, 5), ("tt", "Syria", 3, 0, 0)]
    assert list(top["share"].round(4)) == [round(2 / 3, 4), 0.0, round(2 / 3, 4), 0.0]
    with pytest.raises(ValueError, match=r"top_entities\(by='outlet'\) needs articles="):
        timeline.top_entities(outlets["article_entities"], by="outlet")


def test_entity_mentions_by_outlet_take_shares_of_each_outlets_week(outlets) -> None:
    table = timeline.entity_mentions(outlets["article_entities"], outlets["articles"], freq="week",
                                     kinds=("country",), n=1, by="outlet")
    # dated only: rt's leader is Syria (mentions 4 to Iran's 3), tt's Iran (1 article each, Iran before Iraq)
    assert _rows(table, "outlet", "period", "name", "rank", "n_articles") == [
        ("rt", "03-07", "Syria", 1, 1), ("rt", "03-07", "Iran", 2, 2),
        ("rt", "03-14", "Syria", 1, 1), ("rt", "03-14", "Iran", 2, 0),
        ("tt", "03-07", "Iran", 1, 1), ("tt", "03-07", "Syria", 3, 0),
        ("tt", "03-14", "Iran", 1, 0), ("tt", "03-14", "Syria", 3, 0)]
    assert list(table["share"]) == [0.5, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0]


def test_topic_prevalence_by_outlet_is_the_mean_weight_over_the_outlets_week(outlets) -> None:
    table = timeline.topic_prevalence(outlets["article_topics"], outlets["articles"], freq="week", by="outlet")
    assert _rows(table, "outlet", "period", "topic", "n_articles", "prevalence") == [
        ("rt", "03-07", 0, 2, 0.75), ("rt", "03-07", 1, 1, 0.25), ("rt", "03-14", 0, 0, 0.0),
        ("rt", "03-14", 1, 1, 1.0), ("tt", "03-07", 0, 1, 1.0), ("tt", "03-07", 1, 0, 0.0),
        ("tt", "03-14", 0, 1, 0.75), ("tt", "03-14", 1, 1, 0.25)]


def test_naming_choices_by_outlet_count_the_same_forms_for_every_outlet(outlets) -> None:
    table = timeline.naming_choices(outlets["entities"], outlets["articles"], name="OPEC", freq="week",
                                    by="outlet")
    counts = {(outlet, period, form): n for outlet, period, form, n in
              _rows(table, "outlet", "period", "form", "n_mentions")}
    assert counts == {("rt", "03-07", "OPEC"): 2, ("rt", "03-07", "Opec"): 1, ("rt", "03-14", "OPEC"): 0,
                      ("rt", "03-14", "Opec"): 0, ("tt", "03-07", "OPEC"): 0, ("tt", "03-07", "Opec"): 2,
                      ("tt", "03-14", "OPEC"): 1, ("tt", "03-14", "Opec"): 0}, "the title mention is not read"
    shares = {key: list(rows["share"]) for key, rows in table.groupby(["outlet", "form"])}
    assert shares[("rt", "OPEC")][0] == pytest.approx(2 / 3) and shares[("tt", "Opec")][0] == 1.0
    assert pd.isna(shares[("rt", "OPEC")][1]), "no mention by rt in the second week"


def test_main_span_is_the_shortest_span_of_most_articles_widened_to_whole_runs() -> None:
    days = (["2007-01-01", "2007-01-20"] + [f"2015-03-{day:02d}" for day in range(1, 31)]
            + [f"2015-05-{day:02d}" for day in range(1, 21)] + ["2021-06-01"])
    published = pd.Series(pd.to_datetime(days) + pd.Timedelta(hours=12)).dt.tz_localize("Asia/Tehran")
    # 53 dates: runs 2007 (2), March 2015 (30), May 2015 (20, 32 days after March's last), 2021 (1).
    # 90% is 48 dates: the shortest such spans last 78 days, the first from 1 March to 18 May; widened to
    # the whole runs its ends fall in, it ends on 20 May.
    start, end = timeline.main_span(published)
    assert (f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}") == ("2015-03-01", "2015-05-20")
    start, end = timeline.main_span(published, max_gap_days=40, share=0.5)
    assert (f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}") == ("2015-03-01", "2015-05-20"), "one run of 50 dates"
    assert timeline.main_span(published, share=1.0) == (published.min(), published.max())
    with pytest.raises(ValueError, match=r"share=0 is invalid"):
        timeline.main_span(published, share=0)
