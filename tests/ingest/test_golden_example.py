"""Golden test of the real example page: every field of every table, written out by hand.

The expected values below were read off ``tests/data/pages/scraped-page-2016-02-28.txt``
(Alalam, 2016-02-28) by eye; the related stories' times were converted from the .NET
ticks in each ``pic`` path independently of the code under test (tick 0 is
0001-01-01 00:00:00, a tick is 100 ns).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.schemas import dtypes

EXAMPLE = Path(__file__).parents[1] / "data" / "pages" / "scraped-page-2016-02-28.txt"
TZ = "Asia/Tehran"
TITLE = "Battle against Extremism Needs Teamwork: Russian FM"
FIRST_WORDS = "Russian Foreign Minister Sergei Lavrov says the battle against terrorism"
LAST_WORDS = "to isolate oneself from your neighbors is impossible.\u201d"
SECOND_PARAGRAPH = (
    "He made the remarks in an interview with Algerian newspaper L\u2019Expression, stressing the "
    "role the UN plays in coordinating the international community\u2019s collective effort "
    "against terrorism."
)

# position, story_id, sort, content_type_id, image_path, published (wall clock, 100 ns), title
RELATED = [
    (1, "1793934", 3502244, 21, "/2016/02/28/alalam_635922734888965277_25f_4x3.jpg", "2016-02-28 16:24:48.8965277",
     "ISIS Terrorists Come from Turkey after Syria Ceasefire: Russia"),
    (2, "1793932", 3502245, 21, "/2016/02/28/alalam_635922725826812974_25f_4x3.jpg", "2016-02-28 16:09:42.6812974",
     "Kurdish Official: Turkey Violates Syria Ceasefire by Shelling Kurds"),
    (3, "1793925", 3502246, 21, "/2016/02/28/alalam_635922705381428640_25f_4x3.jpg", "2016-02-28 15:35:38.1428640",
     "Jeish Al-Islam Terrorists Violate Syria Ceasefire"),
    (4, "1793589", 3502247, 21, "/2016/02/27/alalam_635921748645490444_25f_4x3.jpg", "2016-02-27 13:01:04.5490444",
     "VIDEO: In Ceasefire, Syrian Army Strongly Pursuits Taking Down Terrorists"),
    (5, "1793574", 3502248, 21, "/2016/02/27/alalam_635921709574540108_25f_4x3.jpg", "2016-02-27 11:55:57.4540108",
     "Car Bomb Blast Leaves 4 People Dead in Western Syria after Ceasefire"),
    (6, "1793360", 3502249, 21, "/2016/02/26/alalam_635921028650706919_25f_4x3.jpg", "2016-02-26 17:01:05.0706919",
     "100 Armed Opposition Groups in Syria Sign Up Ceasefire Deal"),
    (7, "1793284", 3502250, 21, "/2016/02/26/alalam_635920857588915042_25f_4x3.jpg", "2016-02-26 12:15:58.8915042",
     "Russian Airstrikes against ISIS Paved Way for Syria Ceasefire: Russian Deputy FM"),
    (8, "1793279", 3502251, 21, "/2016/02/26/alalam_635920850140250250_25f_4x3.jpg", "2016-02-26 12:03:34.0250250",
     "Russia, US May Attack Militants Not Observing Ceasefire in Syria: Moscow"),
    (9, "1793106", 3502252, 21, "/2016/02/25/alalam_635920341919538415_25f_4x3.jpg", "2016-02-25 21:56:31.9538415",
     "Washington Trying to Ruin Syria Ceasefire Deal: Moscow"),
    (10, "1793018", 3502253, 21, "/2016/02/25/alalam_635920173818581423_25f_4x3.jpg", "2016-02-25 17:16:21.8581423",
     "Turkey PM: Ankara Not Bound by Syria Ceasefire Deal"),
]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(EXAMPLE, timezone=TZ)


def _expected_dtypes(table: str) -> dict:
    return {name: pd.api.types.pandas_dtype(dtype) for name, dtype in dtypes(table, TZ).items()}


def _page_lines() -> list[str]:
    return EXAMPLE.read_bytes().decode("utf-8").split("\n")


def test_example_is_the_real_page_byte_for_byte():
    assert EXAMPLE.stat().st_size == 3133
    assert _page_lines()[17].startswith('string(1886) "[{"id":"1793934"')


def test_article_row_holds_every_field_of_the_page(corpus):
    articles = corpus.articles
    assert len(articles) == 1
    row = articles.iloc[0]
    assert row["title"] == TITLE
    assert row["published"] == pd.Timestamp("2016-02-28 16:42:01", tz=TZ)
    assert row["published"].utcoffset() == pd.Timedelta(hours=3, minutes=30)
    assert row["signature"] == "S/SH 11"
    assert row["source_file"] == "scraped-page-2016-02-28.txt"
    assert row["n_related"] == 10
    assert re.fullmatch(r"[0-9a-f]{16}", row["article_id"])
    assert re.fullmatch(r"[0-9a-f]{32}", row["content_hash"])


def test_body_is_the_five_paragraphs_as_written(corpus):
    body = corpus.articles.loc[0, "body"]
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 5
    assert body.startswith(FIRST_WORDS)
    assert body.endswith(LAST_WORDS)
    assert paragraphs[1] == SECOND_PARAGRAPH
    assert "S/SH" not in body and "string(" not in body and TITLE not in body
    # the five body lines of the file, exactly, blank lines between them
    assert paragraphs == [_page_lines()[number] for number in (5, 7, 9, 11, 13)]


def test_word_count_matches_an_independent_count(corpus):
    body_lines = _page_lines()[5:14]
    independent = sum(len(re.findall(r"[^ \t\n]+", line)) for line in body_lines)
    assert independent == 163
    assert corpus.articles.loc[0, "n_words"] == 163


def test_related_rows_are_the_ten_listed_stories(corpus):
    related = corpus.related
    assert len(related) == 10
    assert (related["article_id"] == corpus.articles.loc[0, "article_id"]).all()
    for (_, row), expected in zip(related.iterrows(), RELATED):
        position, story_id, sort, content_type, pic, published, title = expected
        assert row["position"] == position
        assert row["story_id"] == story_id
        assert row["sort"] == sort
        assert row["content_type_id"] == content_type
        assert row["image_path"] == pic
        assert row["title"] == title
        assert row["published"] == pd.Timestamp(published, tz=TZ), (position, row["published"])
    assert related["linked_article_id"].isna().all()


def test_related_times_floor_to_the_microsecond_of_the_ticks(corpus):
    floored = corpus.related["published"].dt.floor("us")
    assert floored.iloc[0] == pd.Timestamp("2016-02-28 16:24:48.896527", tz=TZ)
    assert floored.iloc[9] == pd.Timestamp("2016-02-25 17:16:21.858142", tz=TZ)


def test_stories_table_has_one_row_per_listed_story(corpus):
    stories = corpus.stories.set_index("story_id")
    assert sorted(stories.index) == sorted(row[1] for row in RELATED)
    published = pd.Timestamp("2016-02-28 16:42:01", tz=TZ)
    for _, story_id, _, _, _, time, title in RELATED:
        story = stories.loc[story_id]
        assert story["title"] == title
        assert story["published"] == pd.Timestamp(time, tz=TZ)
        assert story["first_listed"] == story["last_listed"] == published
        assert story["n_lists"] == 1


def test_example_page_raises_no_issue(corpus):
    assert corpus.issues.empty
    assert corpus.n_files == 1
    summary = corpus.summary()
    for part in ("1 articles", "0 duplicates", "0 files not loaded", "0 warnings", "10 related items of 10 listed stories", "1 distinct stories"):
        assert part in summary, summary
    # strict mode has nothing to complain about either
    strict = load_corpus(EXAMPLE, timezone=TZ, errors="raise")
    pd.testing.assert_frame_equal(strict.articles, corpus.articles)


@pytest.mark.parametrize("table", ["articles", "related", "stories", "issues"])
def test_tables_have_the_schema_dtypes(corpus, table):
    frame = getattr(corpus, table)
    assert list(frame.columns) == list(dtypes(table, TZ))
    assert frame.dtypes.to_dict() == _expected_dtypes(table)


def test_article_id_is_the_same_under_another_name_in_another_folder(corpus, tmp_path):
    other = tmp_path / "elsewhere" / "nested"
    other.mkdir(parents=True)
    shutil.copyfile(EXAMPLE, other / "alalam copy (2).html.txt")
    moved = load_corpus(tmp_path, timezone=TZ)
    assert moved.articles.loc[0, "source_file"] == "elsewhere/nested/alalam copy (2).html.txt"
    assert moved.articles.loc[0, "article_id"] == corpus.articles.loc[0, "article_id"]
    assert moved.articles.loc[0, "content_hash"] == corpus.articles.loc[0, "content_hash"]
    assert (moved.related["article_id"] == corpus.articles.loc[0, "article_id"]).all()


def test_other_timezone_keeps_the_wall_clock(tmp_path):
    utc = load_corpus(EXAMPLE, timezone="UTC")
    assert utc.articles.loc[0, "published"] == pd.Timestamp("2016-02-28 16:42:01", tz="UTC")
    assert str(utc.related["published"].dtype) == "datetime64[ns, UTC]"
