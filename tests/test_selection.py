"""Choosing articles by date range and sample, on the real demo pages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.selection import DEFAULT_RULE, default_window, of_articles, select_articles

DEMO = Path(__file__).parents[1] / "data" / "raw" / "reuters" / "1987-03-02"
EXAMPLE = Path(__file__).parent / "data" / "pages" / "scraped-page-2016-02-28.txt"


@pytest.fixture(scope="module")
def corpus():
    if not DEMO.exists():
        pytest.skip(f"demo day folder {DEMO} is missing")
    return load_corpus(DEMO)


def test_the_range_is_of_wall_clock_days_and_inclusive(corpus) -> None:
    articles = corpus.articles
    day = articles["published"].dt.tz_localize(None).dt.normalize().mode().iloc[0]
    chosen = select_articles(articles, start=str(day.date()), end=str(day.date()), count_copies=True)
    assert len(chosen) == (articles["published"].dt.tz_localize(None).dt.normalize() == day).sum() > 0
    assert chosen["published"].is_monotonic_increasing


def test_a_sample_is_reproducible_and_within_the_range(corpus) -> None:
    articles = corpus.articles
    one = select_articles(articles, sample_size=10, seed=3)
    assert len(one) == 10 and one.equals(select_articles(articles, sample_size=10, seed=3))
    assert len(select_articles(articles, sample_size=10**6)) == articles["duplicate_of"].isna().sum()
    assert set(of_articles(corpus.related, one)["article_id"]) <= set(one["article_id"])


def test_undated_articles_are_kept_only_without_bounds() -> None:
    dated = load_corpus(EXAMPLE).articles
    undated = dated.assign(article_id="x", published=pd.Series([pd.NaT], dtype=dated["published"].dtype))
    articles = pd.concat([dated, undated], ignore_index=True)
    assert len(select_articles(articles)) == 2
    assert len(select_articles(articles, start="2016-01-01")) == 1


def test_bad_arguments_say_what_was_expected(corpus) -> None:
    with pytest.raises(ValueError, match="sample_size=0 is invalid"):
        select_articles(corpus.articles, sample_size=0)
    with pytest.raises(ValueError, match="is after end"):
        select_articles(corpus.articles, start="1987-03-05", end="1987-03-01")


def test_each_story_is_chosen_once_unless_copies_are_asked_for(corpus) -> None:
    articles = corpus.articles
    first = articles.iloc[0]
    copied = pd.concat([articles, articles.iloc[[0]].assign(article_id="copy", duplicate_of=first["article_id"])],
                       ignore_index=True)
    assert "copy" not in set(select_articles(copied)["article_id"])
    assert len(select_articles(copied, count_copies=True)) == len(copied)


def test_the_default_window_leaves_out_a_stray_page_and_says_so(corpus) -> None:
    stray = load_corpus(EXAMPLE).articles  # one page of 28 February 2016
    articles = pd.concat([corpus.articles, stray], ignore_index=True)
    window = default_window(articles)
    distinct = corpus.articles["duplicate_of"].isna().sum()
    assert (window.start, window.end, window.given) == ("1987-03-02", "1987-03-02", False)
    assert (window.n_inside, window.n_before, window.n_after, window.n_undated) == (distinct, 0, 1, 0)
    assert str(window) == (f"window 1987-03-02 to 1987-03-02 (Asia/Tehran days), {DEFAULT_RULE}; set start and end "
                           f"(--start, --end) to choose another; {distinct} dated articles in it; outside it: "
                           "0 before it, 1 after it (2016-02-28 to 2016-02-28), 0 undated")
    chosen = select_articles(articles, start=window.start, end=window.end)
    assert len(chosen) == window.n_inside, "select_articles takes the window as it is"


def test_a_window_given_keeps_its_days_and_counts_what_is_outside(corpus) -> None:
    stray = load_corpus(EXAMPLE).articles
    articles = pd.concat([corpus.articles, stray], ignore_index=True)
    window = default_window(articles, start="2016-01-01")
    assert (window.start, window.end, window.given) == ("2016-01-01", "2016-02-28", True)
    assert (window.n_inside, window.n_before) == (1, corpus.articles["duplicate_of"].isna().sum())
    assert "as given" in str(window) and "before it (1987-03-02 to 1987-03-02)" in str(window)
    undated = default_window(articles.assign(published=articles["published"].where(articles["published"].isna())))
    distinct = int(articles["duplicate_of"].isna().sum())
    assert undated.start is None and str(undated) == f"no article has a date ({distinct} undated): no window of dates"
    with pytest.raises(ValueError, match="is after end"):
        default_window(articles, start="1987-03-05", end="1987-03-01")


def test_outlets_to_compare_leave_out_the_small_ones_beside_larger() -> None:
    from analysis.selection import outlets_to_compare

    articles = pd.DataFrame({"outlet": ["rt.com"] * 25 + ["tehrantimes.com"] * 20 + ["alalam"]})
    assert outlets_to_compare(articles) == ["rt.com", "tehrantimes.com"]
    assert outlets_to_compare(articles, min_articles=21) == ["alalam", "rt.com", "tehrantimes.com"]  # one large
    assert outlets_to_compare(articles, outlets=["ALALAM", "rt.com"]) == ["alalam", "rt.com"]
    with pytest.raises(ValueError, match="'bbc' is not among the articles"):
        outlets_to_compare(articles, outlets=["bbc"])
