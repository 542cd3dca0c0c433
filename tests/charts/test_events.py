"""The events file: the demo's real events read back, and bad rows named by file and line."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from analysis.charts import load_events


def test_the_demo_events_are_read_as_days_in_the_corpus_zone(events_file) -> None:
    events = load_events(events_file, timezone="Asia/Tehran")
    assert list(events.columns) == ["date", "label"] and len(events) == 5
    herald = events[events["label"].str.contains("Herald of Free Enterprise")].iloc[0]
    assert herald["date"] == pd.Timestamp("1987-03-06 00:00", tz="Asia/Tehran")
    assert events["date"].between("1987-02-26", "1987-04-09").all(), "every event is inside the demo's span"


def test_bad_rows_are_named_by_file_and_line(tmp_path) -> None:
    path = tmp_path / "events.csv"
    path.write_text('date,label\n1987-03-06,"Herald of Free Enterprise capsizes"\n1987-02-30,Not a day\n'
                    "\n06/03/1987,Wrong format\n1987-03-27,Tariffs, announced\n1987-03-28,\n", encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        load_events(path, timezone="Asia/Tehran")
    assert str(raised.value).splitlines() == [
        f"{path}: line 3: date '1987-02-30' is not a real date",
        f"{path}: line 5: date '06/03/1987' is not YYYY-MM-DD or YYYY-MM-DD HH:MM",
        f"{path}: line 6: expected 2 fields (date,label), found 3; quote a label that holds a comma",
        f"{path}: line 7: date '1987-03-28' has no label",
    ]


def test_skip_keeps_the_good_rows_and_warns_about_each_bad_one(tmp_path, caplog) -> None:
    path = tmp_path / "events.csv"
    path.write_text("date,label\n1987-03-06 18:28,Herald capsizes\n1987-13-01,Bad month\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        events = load_events(path, timezone="Europe/Brussels", errors="skip")
    assert list(events["label"]) == ["Herald capsizes"]
    assert events["date"].iloc[0] == pd.Timestamp("1987-03-06 18:28", tz="Europe/Brussels")
    assert f"{path}: line 3: date '1987-13-01' is not a real date; row skipped" in caplog.text


def test_a_wrong_header_or_errors_value_is_refused(tmp_path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("day,what\n1987-03-06,Herald\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 1: header must be date,label; found \['day', 'what'\]"):
        load_events(path, timezone="UTC")
    with pytest.raises(ValueError, match=r"errors='ignore' is invalid; must be one of \['raise', 'skip'\]"):
        load_events(path, timezone="UTC", errors="ignore")
