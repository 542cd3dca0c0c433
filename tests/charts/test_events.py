"""The events file: the demo's real events read back, and bad rows named by file and line."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from analysis import config
from analysis.charts import load_events
from analysis.charts.events import read_events


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


FIELD_CASE = config.SHARED_DIR / "field-cases" / "14-events-cp1252"


def test_field_case_14_an_excel_windows_1252_file_is_read_as_pages_are() -> None:
    if not FIELD_CASE.is_dir():
        pytest.skip(f"the shared field cases are missing from {FIELD_CASE.parent}")
    events = load_events(FIELD_CASE / "events_excel.csv", timezone="Asia/Tehran")
    assert list(events["label"]) == ["Minister\u2019s visit to the caf\u00e9 summit", "Talks in Gen\u00e8ve end"]
    assert list(events["date"]) == [pd.Timestamp("2016-02-29", tz="Asia/Tehran"),
                                    pd.Timestamp("2016-03-01", tz="Asia/Tehran")]


LEGACY = [  # our own: the text, how a user's program saved it
    ("date,label\r\n2016-03-01,Talks in Z\u00fcrich end\r\n2016-03-02,Caf\u00e9 owners strike\r\n", "latin-1"),
    ("date,label\r\n2016-03-01,Oil \u2013 \u20ac40 a barrel\r\n2016-03-02,\u201cNo deal\u201d in Gen\u00e8ve\r\n",
     "windows-1252"),
    ("date,label\r\n2016-03-01,\u0422\u0430\u043b\u043a\u0438 in Moscow\r\n2016-03-02,\u00c9lys\u00e9e summit\r\n", "utf-16"),
    ("date,label\n2016-03-01,Talks in S\u00e3o Paulo end\n2016-03-02,\u00c5land vote\n", "utf-8-sig"),
]


@pytest.mark.parametrize(("text", "encoding"), LEGACY, ids=[encoding for _, encoding in LEGACY])
def test_legacy_encodings_byte_order_marks_and_crlf_are_decoded(tmp_path, text, encoding) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(text.encode(encoding))
    events = load_events(path, timezone="UTC")
    assert list(events["label"]) == [line.split(",", 1)[1] for line in text.replace("\r", "").splitlines()[1:]]


def test_a_bad_row_of_a_windows_1252_file_is_named_by_its_line(tmp_path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes("date,label\r\n2016-03-01,Caf\u00e9 \u2013 open\r\n2016-02-30,Bad day\r\n".encode("windows-1252"))
    events, problems = read_events(path, timezone="UTC")
    assert list(events["label"]) == ["Caf\u00e9 \u2013 open"]
    assert problems == [f"{path}: line 3: date '2016-02-30' is not a real date"]


def test_a_file_that_is_not_text_is_refused_naming_it(tmp_path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))  # an .xlsx saved under a .csv name
    with pytest.raises(ValueError, match=rf"^{path}: file is a ZIP archive, not a text page; expected a CSV file "
                                         "with a date,label header$"):
        load_events(path, timezone="UTC")
