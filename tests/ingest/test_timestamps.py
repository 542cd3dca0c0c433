"""Dates of exports and feeds (ingest/timestamps.py): feed dates, offsets, zone names, day/month order."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.ingest.timestamps import decide_order, parse_times, zone_table

TZ = "Asia/Tehran"
FIELD_CASES = Path("/work/shared/field-cases")
EXPORTS = Path(__file__).parents[1] / "data" / "exports"


def field_case(name: str) -> Path:
    path = FIELD_CASES / name
    if not path.exists():
        pytest.skip(f"field case {path} is absent")
    return path


def parsed(values: list, timezone: str = TZ):
    return parse_times(pd.Series(values, dtype="object"), timezone, column="date")


def test_field_case_04_feed_dates_with_zone_names_become_tehran_time():
    corpus = load_corpus(field_case("04-rss-gmt-dates") / "raw", timezone=TZ)
    published = corpus.articles.set_index("title")["published"]
    assert published["Ceasefire holds for second day"] == pd.Timestamp("2016-02-28 16:42:01+03:30")
    assert published["Talks stall in afternoon"] == pd.Timestamp("2016-02-29 16:30:00+03:30")
    assert published["Aid convoys arrive"] == pd.Timestamp("2016-03-01 13:30:00+03:30")
    assert corpus.issues.empty


def test_field_case_01_day_first_column_is_read_one_way_and_recorded():
    corpus = load_corpus(field_case("01-dayfirst-mixed-csv") / "input.csv", timezone=TZ)
    assert corpus.articles["published"].tolist() == [pd.Timestamp("2016-02-16 00:00+03:30"),
                                                     pd.Timestamp("2016-03-02 00:00+03:30")]
    [issue] = corpus.issues.itertuples()
    assert (issue.severity, issue.field) == ("warning", "published")
    assert "read day-first" in issue.message and "16/02/2016" in issue.message
    assert "1 ambiguous value read the same way" in issue.message


@pytest.mark.parametrize(("text", "wall"), [
    ("Sun, 28 Feb 2016 13:12:01 GMT", "2016-02-28 16:42:01"),
    ("Sun, 28 Feb 2016 13:12:01 +0000", "2016-02-28 16:42:01"),
    ("Sun, 28 Feb 2016 13:12:01 UT", "2016-02-28 16:42:01"),
    ("Mon, 29 Feb 2016 08:00:00 EST", "2016-02-29 16:30:00"),
    ("Mon Feb 29 08:00:00 EST 2016", "2016-02-29 16:30:00"),
    ("2016-02-29 08:00 (EST)", "2016-02-29 16:30:00"),
    ("2014-05-23T07:34:08+0000", "2014-05-23 12:04:08"),
    ("2014-05-23T07:34:08Z", "2014-05-23 12:04:08"),
    ("2014-05-23T12:04:08+04:30", "2014-05-23 12:04:08"),
    ("2016-01-01 10:00 GMT+3", "2016-01-01 10:30:00"),
    ("2016-01-01 10:00 IRST", "2016-01-01 10:00:00"),
    ("2016-07-01 10:00 IRDT", "2016-07-01 10:00:00"),
    ("2016-01-01 10:00 pm", "2016-01-01 22:00:00"),
    ("30 Dec, 2020 06:53", "2020-12-30 06:53:00"),
    ("13 Oct, 2020", "2020-10-13 00:00:00"),
    ("2019-05-01 08:30:00", "2019-05-01 08:30:00"),
])
def test_explicit_zones_beat_the_corpus_zone_and_naive_times_stay_wall_clock(text, wall):
    result = parsed([text])
    assert result.times.iloc[0] == pd.Timestamp(wall)
    assert result.row_notes == {}


def test_the_same_instant_in_other_zones():
    utc = parse_times(pd.Series(["Mon, 05 Jun 2017 09:00:00 CEST"]), "UTC").times.iloc[0]
    assert utc == pd.Timestamp("2017-06-05 07:00")
    new_york = parse_times(pd.Series(["2017-06-05T07:00:00Z"]), "America/New_York").times.iloc[0]
    assert new_york == pd.Timestamp("2017-06-05 03:00")


def test_zones_file_converts_each_zone_and_notes_the_ambiguous_and_unknown_ones():
    corpus = load_corpus(EXPORTS / "zones.csv", timezone=TZ)
    published = corpus.articles.set_index("title")["published"].dt.tz_localize(None)
    assert published.to_dict() == {
        "Summit opens in Vienna": pd.Timestamp("2017-06-05 11:30"),
        "Markets open in Tokyo": pd.Timestamp("2017-06-05 04:30"),
        "Vote count begins": pd.Timestamp("2017-06-06 04:30"),
        "Storm reaches coast": pd.Timestamp("2017-06-05 19:30"),
        "Press conference in Delhi": pd.Timestamp("2017-06-05 10:00"),
        "Relay station report": pd.Timestamp("2017-06-05 11:00"),
    }
    issues = corpus.issues.set_index("line")
    assert set(corpus.issues["field"]) == {"published"} and len(issues) == 2
    assert "'IST'" in issues.loc[5, "message"] and "India Standard Time" in issues.loc[5, "message"]
    assert "Israel" in issues.loc[5, "message"]
    assert "'QQT'" in issues.loc[6, "message"] and "wall-clock time is kept" in issues.loc[6, "message"]


def test_unreadable_and_blank_dates_are_row_notes():
    result = parsed(["Skipped", "", None, "May 3", "2020-01-01"])
    assert result.times.isna().tolist() == [True, True, True, True, False]
    assert result.row_notes[0] == "date 'Skipped' is not a readable date; left empty"
    assert result.row_notes[1] == result.row_notes[2] == "no date given; left empty"
    assert "'May 3'" in result.row_notes[3], "no year: not guessed from today"
    assert 4 not in result.row_notes


@pytest.mark.parametrize(("name", "expected", "words"), [
    ("dayfirst-dots.csv", ["2019-07-28", "2019-08-04"], ["read day-first", "28.07.2019", "1 ambiguous value"]),
    ("monthfirst.csv", ["2019-04-25", "2019-05-02"], ["read month-first", "04/25/2019", "1 ambiguous value"]),
    ("ambiguous.csv", ["2018-03-04", "2018-06-05"], ["ambiguous", "read month-first", "2 values"]),
])
def test_day_or_month_first_is_decided_per_column_and_recorded(name, expected, words):
    corpus = load_corpus(EXPORTS / name, timezone=TZ)
    assert corpus.articles["published"].dt.strftime("%Y-%m-%d").tolist() == expected
    [issue] = corpus.issues.itertuples()
    assert (issue.severity, issue.field) == ("warning", "published") and pd.isna(issue.line)
    for word in words:
        assert word in issue.message


def test_a_column_with_both_proofs_reads_each_its_only_way_and_warns():
    values = ["16/02/2016", "02/16/2016", "25/12/2016", "03/04/2016"]
    result = parsed(values)
    assert result.times.dt.strftime("%Y-%m-%d").tolist() == ["2016-02-16", "2016-02-16", "2016-12-25",
                                                               "2016-04-03"]
    [note] = result.notes
    assert "mix day-first" in note.message and "02/16/2016" in note.message
    assert "day-first, the majority's order" in note.message


def test_year_first_dates_are_never_read_day_first():
    result = parsed(["16/02/2016", "2016/02/03", "2016-02-03"])
    assert result.times.dt.strftime("%Y-%m-%d").tolist() == ["2016-02-16", "2016-02-03", "2016-02-03"]


def test_decide_order_without_numeric_dates_notes_nothing():
    values = pd.Series(["2020-01-01", "30 Dec, 2020 06:53"], dtype="string")
    assert decide_order(values, [1, 1], "date") == ("month", None)


def test_counts_weigh_rows_not_distinct_values():
    result = parsed(["16/02/2016"] + ["02/03/2016"] * 3)
    [note] = result.notes
    assert "3 ambiguous values read the same way" in note.message


def test_zone_table_is_documented_and_complete():
    table = zone_table()
    for name in ("GMT", "UTC", "UT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "CET",
                 "CEST", "EET", "EEST", "WET", "WEST", "BST", "MSK", "IRST", "IRDT", "IST", "JST", "KST",
                 "AEST", "AEDT", "GST", "PKT", "HKT", "SGT"):
        assert name in table, name
    assert table["IRST"].describe() == "Iran Standard Time (UTC+03:30)"
    assert table["EST"].offset == pd.Timedelta(hours=-5)
    assert table["IST"].ambiguity and table["CST"].ambiguity and not table["GMT"].ambiguity


def test_datetime_columns_are_converted_not_reparsed():
    aware = pd.Series(pd.to_datetime(["2020-01-01 10:00"]).tz_localize("UTC"))
    assert parse_times(aware, TZ).times.iloc[0] == pd.Timestamp("2020-01-01 13:30")


def test_many_rows_are_parsed_from_their_distinct_values():
    values = pd.Series(["Sun, 28 Feb 2016 13:12:01 GMT", "30 Dec, 2020 06:53", "16/02/2016"] * 20_000)
    result = parse_times(values, TZ)
    assert result.times.iloc[::3].eq(pd.Timestamp("2016-02-28 16:42:01")).all()
    assert result.times.iloc[1::3].eq(pd.Timestamp("2020-12-30 06:53")).all()
    assert result.times.iloc[2::3].eq(pd.Timestamp("2016-02-16")).all()
    assert "20000 such values" in result.notes[0].message
