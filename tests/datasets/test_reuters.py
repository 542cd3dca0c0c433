"""Tests of the Reuters-21578 reader, the demo-corpus rules and the builder script."""

from __future__ import annotations

import gzip
import importlib.util
import random
import re
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from analysis.config import CORPORA_DIR, PROJ_ROOT
from analysis.datasets.reuters import (
    FOCUS_TOPICS, STORY_DTYPES, parse_reuters_date, read_reuters, related_lists,
    select_stories, signature, to_wall_clock, unwrap_body,
)

REUTERS_DIR = CORPORA_DIR / "reuters21578"
needs_corpus = pytest.mark.skipif(
    not (REUTERS_DIR / "sgm").is_dir(),
    reason=f"shared Reuters-21578 corpus not found at {REUTERS_DIR}",
)
SIGN_OFF_LEFT = re.compile(r"\sreut(?:e|er|ers)?\.*\s*$", re.I)

SMALL_SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="7">
<DATE> 27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM</DATE>
<TOPICS><D>crude</D><D>nat-gas</D></TOPICS>
<PLACES><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS><D>opec</D></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN>&#5;&#5;&#5;Y</UNKNOWN>
<TEXT>&#2;
<TITLE>TEXACO &lt;TX> CUTS CRUDE &amp; GAS PRICES</TITLE>
<DATELINE>    NEW YORK, March 26 -
    </DATELINE><BODY>Texaco said it cut the price
of crude oil by one dlr.
    The cut is effective today.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="2" NEWID="8">
<DATE>3-MAR-1987  09:15:05.4</DATE>
<TOPICS></TOPICS><PLACES></PLACES><PEOPLE></PEOPLE><ORGS></ORGS><EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<TEXT TYPE="BRIEF">&#2;
<TITLE>FED SETS REPURCHASES</TITLE>
&#3;</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="NOT-USED" CGISPLIT="PUBLISHED-TESTSET" OLDID="3" NEWID="9">
<DATE>garbled</DATE>
<TOPICS></TOPICS><PLACES></PLACES><PEOPLE></PEOPLE><ORGS></ORGS><EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<TEXT TYPE="UNPROC">&#2;
FEDERAL RESERVE WEEKLY REPORT
 M-1......736.7 up......2.1
&#3;</TEXT>
</REUTERS>
"""


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return read_reuters()


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_demo_corpus", PROJ_ROOT / "scripts" / "build_demo_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_small_corpus(folder: Path) -> Path:
    (folder / "sgm").mkdir(parents=True)
    with gzip.open(folder / "sgm" / "reut2-000.sgm.gz", "wt", encoding="latin-1") as handle:
        handle.write(SMALL_SGML)
    return folder


def stories_frame(rows: list[tuple[str, str, list[str]]], **extra: list[object]) -> pd.DataFrame:
    """Build a small table of (new_id, date, topics) rows with pageable title and body."""
    return pd.DataFrame({
        "new_id": [row[0] for row in rows],
        "date": pd.to_datetime([row[1] for row in rows], format="ISO8601"),
        "topics": [row[2] for row in rows],
        "title": [f"STORY {row[0]}" for row in rows],
        "body": ["Text." for _ in rows],
        **extra,
    })


# The reader on a small file ------------------------------------------------------------


def test_read_small_file_reads_every_story_type(tmp_path: Path) -> None:
    stories = read_reuters(write_small_corpus(tmp_path))

    assert list(stories.columns) == list(STORY_DTYPES)
    assert stories["new_id"].tolist() == ["7", "8", "9"]
    assert stories["text_type"].tolist() == ["NORM", "BRIEF", "UNPROC"]
    assert stories["lewis_split"].tolist() == ["TRAIN", "TEST", "NOT-USED"]
    first = stories.iloc[0]
    assert first["date"] == pd.Timestamp("1987-03-27 00:02:59.13")
    assert first["title"] == "TEXACO <TX> CUTS CRUDE & GAS PRICES"
    assert first["dateline"] == "NEW YORK, March 26 -"
    assert first["body"] == ("Texaco said it cut the price of crude oil by one dlr.\n\n"
                             "The cut is effective today.")
    assert first["topics"] == ["crude", "nat-gas"]
    assert (first["places"], first["orgs"]) == (["usa"], ["opec"])
    assert stories.iloc[1]["date"] == pd.Timestamp("1987-03-03 09:15:05.4")
    assert stories.iloc[1]["body"] is None
    assert pd.isna(stories.iloc[2]["date"])
    assert stories.iloc[2][["title", "body", "dateline"]].isna().all()


def test_read_missing_folder_names_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=re.escape(str(tmp_path / "nowhere"))):
        read_reuters(tmp_path / "nowhere")


@pytest.mark.parametrize(("text", "expected"), [
    ("26-FEB-1987 15:01:01.79", "1987-02-26 15:01:01.79"),
    (" 7-APR-1987 16:22:00.0 ", "1987-04-07 16:22:00"),
    ("27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM", "1987-03-27 00:02:59.13"),
    ("5-MAR-1987 09:00:00.00 # date added by S Finch as guesswork", "1987-03-05 09:00"),
])
def test_parse_reuters_date_tolerates_spaces_and_junk(text: str, expected: str) -> None:
    assert parse_reuters_date(text) == pd.Timestamp(expected)


@pytest.mark.parametrize("text", ["31-FEB-1987 10:00:00.00", "26-XYZ-1987 15:01:01.79", ""])
def test_parse_reuters_date_rejects_unreal_dates(text: str) -> None:
    assert parse_reuters_date(text) is None


def test_unwrap_body_removes_sign_off_on_the_last_line() -> None:
    raw = "Prices rose\nsharply.\n    Traders were\nsurprised. REUTER\n Reuter\n&#3;"
    assert unwrap_body(raw) == "Prices rose sharply.\n\nTraders were surprised."


# The reader on the shared corpus -----------------------------------------------------------


@pytest.mark.corpora
@needs_corpus
def test_corpus_has_15000_unique_stories(corpus: pd.DataFrame) -> None:
    assert len(corpus) == 15_000
    assert corpus["new_id"].is_unique
    assert corpus["date"].notna().all()
    assert corpus["date"].min() == pd.Timestamp("1987-02-26 15:01:01.79")
    assert corpus["date"].max().date() == pd.Timestamp("1987-04-08").date()
    assert (corpus["title"].notna().sum(), corpus["body"].notna().sum()) == (14_293, 13_186)


@pytest.mark.corpora
@needs_corpus
def test_corpus_story_1_is_the_bahia_cocoa_review(corpus: pd.DataFrame) -> None:
    story = corpus.set_index("new_id").loc["1"]
    assert story["title"] == "BAHIA COCOA REVIEW"
    assert story["date"] == pd.Timestamp("1987-02-26 15:01:01.79")
    assert story["dateline"] == "SALVADOR, Feb 26 -"
    assert story["topics"] == ["cocoa"]
    assert story["places"] == ["el-salvador", "usa", "uruguay"]
    assert story["body"].startswith(
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought")
    assert story["body"].endswith("after carnival which ends midday on February 27.")
    second_paragraph = story["body"].split("\n\n")[1]
    assert second_paragraph == "The dry period means the temporao will be late this year."


@pytest.mark.corpora
@needs_corpus
def test_corpus_bodies_are_clean_unwrapped_paragraphs(corpus: pd.DataFrame) -> None:
    bodies = corpus["body"].dropna()
    assert not bodies.str.contains("&#", regex=False).any()
    assert not bodies.str.contains(r"[\x00-\x09\x0b-\x1f\x7f]").any()
    assert not bodies.map(SIGN_OFF_LEFT.search).map(bool).any()
    assert not bodies.str.contains(r"(?<!\n)\n(?!\n)|\n\n\n").any()
    assert not bodies.str.contains(r"  |^ | $|\n | \n").any()


# The demo-corpus rules ---------------------------------------------------------------------


def test_select_stories_keeps_every_focus_story_and_fills_evenly() -> None:
    rows = [(str(n), f"1987-03-01 {n % 24:02d}:00", ["earn"]) for n in range(1, 101)]
    rows += [("200", "1987-03-02", ["crude"]), ("201", "1987-03-02", ["ship", "grain"]),
             ("202", "1987-03-02", [])]
    stories = stories_frame(rows)

    chosen = select_stories(stories, max_articles=12)

    assert {"200", "201"} <= set(chosen["new_id"])
    assert len(chosen) == 12
    assert "202" not in set(chosen["new_id"])
    fill = chosen["new_id"].astype(int)
    assert fill[fill < 200].tolist() == list(range(1, 101, 10))


def test_select_stories_all_mode_takes_every_pageable_story() -> None:
    stories = stories_frame([("1", "1987-03-01", ["crude"]), ("2", "1987-03-01", []),
                             ("3", "1987-03-01", ["earn"])])
    stories.loc[2, "body"] = None

    assert select_stories(stories, max_articles=None)["new_id"].tolist() == ["1", "2"]


def test_select_stories_refuses_a_limit_below_the_focus_stories() -> None:
    stories = stories_frame([(str(n), "1987-03-01", ["crude"]) for n in range(5)])
    with pytest.raises(ValueError, match="max_articles=3"):
        select_stories(stories, max_articles=3, focus_topics=FOCUS_TOPICS)


def test_related_lists_takes_strictly_earlier_stories_sharing_a_topic_newest_first() -> None:
    stories = stories_frame([
        ("5", "1987-03-02 10:00", ["crude", "ship"]),
        ("1", "1987-03-01 09:00", ["crude"]),
        ("2", "1987-03-01 12:00", ["ship"]),
        ("3", "1987-03-01 12:00", ["crude"]),
        ("4", "1987-03-01 13:00", ["grain"]),
        ("6", "1987-03-02 10:00", ["crude"]),
        ("7", "1987-03-03 10:00", []),
    ])

    related = related_lists(stories, limit=3)

    assert related["5"] == ["3", "2", "1"]  # equal times: higher NEWID first; limit 3
    assert related["6"] == ["3", "1"]  # "5" has the same time, so is not earlier
    assert related["1"] == [] and related["4"] == [] and related["7"] == []
    assert related.index.tolist() == stories["new_id"].tolist()


def test_related_lists_matches_a_brute_force_reading_of_the_rule() -> None:
    rng = random.Random(0)
    rows = [(str(n), f"1987-03-{rng.randint(1, 3):02d} {rng.randint(0, 2):02d}:00",
             rng.sample(["crude", "ship", "gas", "earn"], rng.randint(0, 2))) for n in range(1, 80)]
    stories = stories_frame(rows)

    related = related_lists(stories)

    records = stories.to_dict("records")
    for story in records:
        earlier = [other for other in records if other["date"] < story["date"]
                   and set(other["topics"]) & set(story["topics"])]
        earlier.sort(key=lambda other: (other["date"], int(other["new_id"])), reverse=True)
        assert related[story["new_id"]] == [other["new_id"] for other in earlier[:10]]


def test_to_wall_clock_reads_reuters_times_as_utc() -> None:
    dates = pd.Series(
        pd.to_datetime(["1987-02-26 15:01:01.79", "1987-04-07 22:00"], format="ISO8601"))
    assert to_wall_clock(dates, "Asia/Tehran").tolist() == [
        pd.Timestamp("1987-02-26 18:31:01.79"), pd.Timestamp("1987-04-08 01:30")]


@pytest.mark.parametrize(("topics", "day", "expected"), [
    (["crude", "ship"], 2, "R/CR 2"), (["nat-gas"], 26, "R/NA 26"), ([], 5, "R/XX 5"),
])
def test_signature_uses_first_topic_and_day(topics: list[str], day: int, expected: str) -> None:
    assert signature(topics, day) == expected


# The builder script ------------------------------------------------------------------------


def test_builder_writes_pages_and_clears_only_its_own(builder: ModuleType, tmp_path: Path) -> None:
    stories = stories_frame(
        [("1", "1987-02-28 21:00", ["crude"]), ("12", "1987-03-01 08:00", ["crude"])],
        dateline=["HOUSTON, Feb 28 -", None],
    )
    stories["body"] = ["Oil rose.\n\nTraders said so.", "Oil fell."]
    stories = stories.assign(local_time=to_wall_clock(stories["date"], "Asia/Tehran"))
    keep = [tmp_path / "notes.txt", tmp_path / "1987-01-01" / "other.txt"]
    stale = tmp_path / "1987-01-02" / "reuters-00099.txt"
    for path in [*keep, stale]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")

    builder.write_corpus(stories, tmp_path)

    assert all(path.exists() for path in keep) and not stale.parent.exists()
    first = (tmp_path / "1987-03-01" / "reuters-00001.txt").read_text(encoding="utf-8")
    assert first.startswith("STORY 1\n\nSTORY 1\nSun Mar 01, 1987 00:30:00\n\n"
                            "HOUSTON, Feb 28 - Oil rose.\n\nTraders said so.\n\nR/CR 1\n\n")
    assert first.endswith('string(0) ""')
    second = (tmp_path / "1987-03-01" / "reuters-00012.txt").read_text(encoding="utf-8")
    assert '"id":"1","sort":"120"' in second
    assert "/1987/03/01/reuters_626771538000000000_25f_4x3.jpg" in second
