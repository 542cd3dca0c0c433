"""What sets coverage apart: z pinned against hand counts and the paper's formula, and every z of a
real comparison recomputed from its own row.

tests/data/compare holds five articles small enough to count by hand (see its README):

    alpha  "OIL deal / Oil and gas."                  oil 2, deal 1, and 1, gas 1
           "Gas talks / Talks on gas, talks on oil."   gas 2, talks 3, on 2, oil 1   -> 13 words
    beta   "Peace talks / Peace now."                  peace 2, talks 1, now 1       ->  4 words
           (and a copy under the same URL: "Peace now, peace.")
    gamma  "Oil war / War."                            oil 1, war 2                  ->  3 words

so the corpus of distinct stories has 20 words: oil 4, talks 4, gas 3, on 2, peace 2, war 2,
deal 1, and 1, now 1.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.colors
import numpy as np
import pandas as pd
import pytest

from analysis.charts.distinctive import plot_distinctive_terms, save_distinctive_charts
from analysis.cli import main
from analysis.compare import (
    COLUMNS,
    distinctive_terms,
    log_odds,
    parse_period,
    recompute_z,
    story_groups,
    tokenize,
    word_counts,
    z_scores,
)
from analysis.entities.stage import run_entities
from analysis.ingest.stage import run_ingest
from analysis.schemas import DISTINCTIVE_TERMS
from analysis.store import read_table

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("compare-tiny")
    run_ingest(DATA / "compare", folder, progress=False, scheduler="none")
    return folder


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    """Six real-shaped news items of two outlets (tests/data/search), with their entities."""
    folder = tmp_path_factory.mktemp("compare-news")
    run_ingest(DATA / "search", folder, progress=False, scheduler="none")
    run_entities(folder, progress=False, scheduler="none")
    return folder


def _paper_z(y_i: float, y_j: float, n_i: float, n_j: float, a_w: float, a0: float) -> float:
    """Monroe, Colaresi and Quinn (2008), eq. 16, 20 and 22, written out once more."""
    delta = math.log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - math.log((y_j + a_w) / (n_j + a0 - y_j - a_w))
    return delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))


def _row(table: pd.DataFrame, term: str, group: str) -> pd.Series:
    rows = table[(table["term"] == term) & (table["group"] == group)]
    assert len(rows) == 1, (term, group)
    return rows.iloc[0]


def test_words_are_case_folded_runs_of_letters_and_digits() -> None:
    assert tokenize("Iran's 2 ÉLAN, U.S.-led; snake_case STRASSE Straße") == [
        "iran", "2", "élan", "u.s.", "led", "snake", "case", "strasse", "strasse"]


def test_words_a_reader_recognises_contractions_possessives_and_initials() -> None:
    # RT beside Tehran Times ranked "t", "s" and "u" among the most distinctive words when every
    # apostrophe and dot split a word
    assert tokenize("Don’t ask RT’s U.N. envoy; it's 9 a.m. in the U.K.") == [
        "don't", "ask", "rt", "u.n.", "envoy", "it", "9", "a.m.", "in", "the", "u.k."]


def test_each_outlet_against_the_others_by_hand(tiny: Path) -> None:
    table = distinctive_terms(tiny)
    assert list(table.columns) == COLUMNS == [column.name for column in DISTINCTIVE_TERMS]
    assert COLUMNS[:9] == ["term", "group", "count", "count_other", "total", "total_other", "prior", "alpha0", "z"]
    talks = _row(table, "talks", "alpha")
    assert talks[["count", "count_other", "total", "total_other", "prior", "alpha0"]].tolist() == [3, 1, 13, 7, 4, 20]
    assert talks["z"] == pytest.approx((math.log(7 / 26) - math.log(5 / 22)) / math.sqrt(1 / 7 + 1 / 5), rel=1e-12)
    war = _row(table, "war", "gamma")
    assert war[["count", "count_other", "total", "total_other", "prior"]].tolist() == [2, 0, 3, 17, 2]
    assert war["z"] == pytest.approx(_paper_z(2, 0, 3, 17, 2, 20), rel=1e-12)
    assert set(table["group"]) == {"alpha", "beta", "gamma"} and set(table["kind"]) == {"word"}
    assert len(table) == 3 * 9  # every word of the corpus, for each outlet
    alpha = table[table["group"] == "alpha"]
    assert alpha["z"].is_monotonic_decreasing and alpha["term"].iloc[0] == "gas"  # alpha's own word first


def test_named_outlets_leave_the_others_out(tiny: Path) -> None:
    table = distinctive_terms(tiny, outlets=["ALPHA", "beta"])
    oil = _row(table, "oil", "alpha")  # the prior: alpha and beta pooled (oil 3 of 17 words)
    assert oil[["count", "count_other", "total", "total_other", "prior", "alpha0"]].tolist() == [3, 0, 13, 4, 3, 17]
    assert oil["z"] == pytest.approx((math.log(6 / 24) - math.log(3 / 18)) / math.sqrt(1 / 6 + 1 / 3), rel=1e-12)
    assert "war" not in set(table["term"])  # gamma's word, in neither group
    corpus = _row(distinctive_terms(tiny, outlets=["alpha", "beta"], prior="corpus"), "oil", "alpha")
    assert corpus[["count", "count_other", "prior", "alpha0"]].tolist() == [3, 0, 4, 20]  # gamma's oil in the prior
    assert corpus["z"] == pytest.approx((math.log(7 / 26) - math.log(4 / 20)) / math.sqrt(1 / 7 + 1 / 4), rel=1e-12)


@pytest.mark.parametrize("options", [{"outlets": ["alpha", "beta"]}, {"queries": ["oil", "talks"]},
                                     {"periods": ["2021-01", "2021-02"]}, {"alpha0": 3}])
def test_the_pooled_prior_never_turns_a_difference_around(tiny: Path, options: dict) -> None:
    table = distinctive_terms(tiny, **options)
    rates = table["count"] / table["total"] - table["count_other"] / table["total_other"]
    assert (np.sign(table["z"].round(12)) == np.sign(rates.round(12))).all()


def test_alpha0_scales_the_corpus_frequencies(tiny: Path) -> None:
    table = distinctive_terms(tiny, alpha0=10)
    talks = _row(table, "talks", "alpha")
    assert talks["prior"] == pytest.approx(10 * 4 / 20) and talks["alpha0"] == 10
    assert talks["z"] == pytest.approx(_paper_z(3, 1, 13, 7, 2, 10), rel=1e-12)


def test_copies_are_left_out_unless_counted(tiny: Path) -> None:
    peace = _row(distinctive_terms(tiny), "peace", "beta")
    assert peace[["count", "total", "prior", "alpha0"]].tolist() == [2, 4, 2, 20]
    copies = _row(distinctive_terms(tiny, count_copies=True), "peace", "beta")  # "Peace talks / Peace now, peace."
    assert copies[["count", "total", "prior", "alpha0"]].tolist() == [5, 9, 5, 25]


def test_two_queries_leave_out_the_stories_matching_both(tiny: Path) -> None:
    groups = story_groups(tiny, queries=["oil", "talks"])
    titles = read_table("articles", tiny, columns=["article_id", "title"]).merge(groups, on="article_id")
    assert titles.set_index("title")["group"].astype(object).fillna("-").to_dict() == {
        "OIL deal": "oil", "Gas talks": "-", "Peace talks": "talks", "Oil war": "oil"}
    table = distinctive_terms(tiny, queries=["oil", "talks"])
    war = _row(table, "war", "oil")  # the "oil" group: OIL deal (5 words) and Oil war (3 words)
    assert war[["count", "count_other", "total", "total_other", "prior", "alpha0"]].tolist() == [2, 0, 8, 4, 2, 12]
    assert war["z"] == pytest.approx(_paper_z(2, 0, 8, 4, 2, 12), rel=1e-12)
    corpus = _row(distinctive_terms(tiny, queries=["oil", "talks"], prior="corpus"), "talks", "talks")
    assert corpus[["count", "count_other", "prior", "alpha0"]].tolist() == [1, 0, 4, 20]  # Gas talks: prior only


def test_two_periods(tiny: Path) -> None:
    table = distinctive_terms(tiny, periods=["2021-01", "2021-02-01:2021-02-28"])
    assert list(dict.fromkeys(table["group"])) == ["2021-01", "2021-02-01:2021-02-28"]
    now = _row(table, "now", "2021-02-01:2021-02-28")  # beta's story; gamma (March) in the prior only
    assert now[["count", "count_other", "total", "total_other", "prior", "alpha0"]].tolist() == [1, 0, 4, 13, 1, 17]


@pytest.mark.parametrize(("text", "expected"), [
    ("2016-01:2016-06", ("2016-01-01", "2016-06-30")),
    ("2016", ("2016-01-01", "2016-12-31")),
    ("2016-02-29:", ("2016-02-29", None)),
    (":2016-03-05", (None, "2016-03-05")),
])
def test_periods_are_read_as_whole_days(text: str, expected: tuple) -> None:
    assert parse_period(text) == tuple(None if day is None else pd.Timestamp(day) for day in expected)


@pytest.mark.parametrize(("options", "message"), [
    ({"outlets": ["alpha", "delta"]}, "outlet 'delta' is not in the corpus; its outlets are ['alpha', 'beta', 'gamma']"),
    ({"outlets": ["alpha"]}, "at least two groups"),
    ({"queries": ["oil", "zebra"]}, "query 'zebra' matches no story"),
    ({"queries": ["oil"]}, "at least two groups"),
    ({"queries": ["oil", "title:oil"]}, "every story matching query 'title:oil' matches another query too"),
    ({"periods": ["2021-01", "2020"]}, "period '2020' holds no dated story; the corpus's dated stories run from "
                                       "2021-01-04 to 2021-03-01"),
    ({"periods": ["2021-01:2021-02", "2021-02"]}, "overlap"),
    ({"periods": ["2021/01", "2021-02"]}, "'2021/01' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"periods": ["2021-02-30", "2021-03"]}, "'2021-02-30' is not a real date"),
    ({"periods": ["2021-03:2021-01", "2021-02"]}, "starts after it ends"),
    ({"outlets": ["alpha", "beta"], "queries": ["oil", "gas"]}, "give one grouping, not outlets and queries"),
    ({"outlets": "alpha"}, "outlets='alpha' is invalid; must be a list"),
    ({"kind": "names"}, "kind='names' is invalid"),
    ({"alpha0": 0}, "alpha0=0 is invalid"),
    ({"prior": "uniform"}, "prior='uniform' is invalid; must be one of ['groups', 'corpus']"),
])
def test_bad_input_is_one_clear_line(tiny: Path, options: dict, message: str) -> None:
    with pytest.raises(ValueError) as error:
        distinctive_terms(tiny, **options)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_one_outlet_is_not_a_comparison(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "one.csv").write_text("title,body,outlet\nOil,Oil and gas.,alpha\nGas,Gas and oil.,alpha\n")
    run_ingest(raw, tmp_path / "processed", progress=False, scheduler="none")
    with pytest.raises(ValueError, match=r"the corpus has one outlet, \['alpha'\]"):
        distinctive_terms(tmp_path / "processed")


def test_every_z_follows_from_its_row_on_real_news(news: Path) -> None:
    table = distinctive_terms(news, kind="both")
    assert set(table["kind"]) >= {"word", "person", "country", "group"}
    assert np.array_equal(table["z"].to_numpy(), recompute_z(table).to_numpy())
    assert all(recompute_z(row) == row["z"] for _, row in table.sample(20, random_state=0).iterrows())
    for (group, kind), rows in table.groupby(["group", table["kind"].eq("word")]):
        assert rows["total"].nunique() == 1 and rows["alpha0"].nunique() == 1
        assert rows["count"].sum() == rows["total"].iloc[0]  # every term is listed (min_count=1)
        assert rows["prior"].sum() == pytest.approx(rows["alpha0"].iloc[0])  # the two outlets pooled


def test_entities_count_the_stories_naming_them(news: Path) -> None:
    table = distinctive_terms(news, kind="entities")
    people = read_table("article_entities", news).merge(read_table("articles", news, columns=["article_id", "outlet"]),
                                                        on="article_id", validate="m:1")
    people = people[people["kind"].isin(["person", "country", "group"])]
    expected = people.groupby(["outlet", "name"])["article_id"].nunique()
    counted = table.set_index(["group", "term"])["count"]
    assert counted[counted > 0].sort_index().to_dict() == expected.sort_index().to_dict()
    mentions = distinctive_terms(news, kind="entities", entity_count="mentions")
    assert mentions["count"].sum() == people["n_mentions"].sum()


def test_min_count_drops_rare_terms_but_not_from_the_totals(tiny: Path) -> None:
    table = distinctive_terms(tiny, min_count=3)
    assert set(table["term"]) == {"oil", "talks", "gas"}
    assert _row(table, "gas", "alpha")["total"] == 13


def test_log_odds_on_counts_given_by_hand() -> None:
    index = pd.MultiIndex.from_tuples([("word", "sanctions"), ("word", "talks"), ("word", "the")], names=["kind", "term"])
    groups = pd.DataFrame({"a": [40, 5, 300], "b": [2, 30, 310]}, index=index)
    corpus = pd.Series([50, 40, 700], index=index)
    table = log_odds(groups, corpus, alpha0=79)  # priors 79 * (50, 40, 700) / 790 = 5, 4, 70
    by_hand = {("a", "sanctions"): _paper_z(40, 2, 345, 342, 5, 79), ("a", "talks"): _paper_z(5, 30, 345, 342, 4, 79),
               ("a", "the"): _paper_z(300, 310, 345, 342, 70, 79), ("b", "sanctions"): _paper_z(2, 40, 342, 345, 5, 79),
               ("b", "talks"): _paper_z(30, 5, 342, 345, 4, 79), ("b", "the"): _paper_z(310, 300, 342, 345, 70, 79)}
    assert table.set_index(["group", "term"])["z"].to_dict() == pytest.approx(by_hand, rel=1e-12)
    order = sorted(by_hand, key=lambda key: (key[0], -by_hand[key]))
    assert list(zip(table["group"], table["term"])) == order  # by group, then z from the highest
    row = _row(table, "sanctions", "b")
    assert z_scores(2, 40, 342, 345, 5, 79) == pytest.approx(row["z"], rel=1e-15)
    with pytest.raises(ValueError, match="at least two groups"):
        log_odds(groups[["a"]], corpus)


def test_word_counts_of_frames_in_memory() -> None:
    articles = pd.DataFrame({"article_id": ["1", "2", "3"], "title": ["Oil", None, "Gas"],
                             "body": ["Oil rises.", "OIL falls", "Gas"]})
    groups = pd.DataFrame({"article_id": ["1", "2", "3"], "group": pd.Categorical(["x", "y", None])})
    counts, corpus = word_counts([articles.iloc[:2], articles.iloc[2:]], groups)
    assert counts.loc["word"].to_dict() == {"x": {"falls": 0, "gas": 0, "oil": 2, "rises": 1},
                                            "y": {"falls": 1, "gas": 0, "oil": 1, "rises": 0}}
    assert corpus.loc["word"].to_dict() == {"falls": 1, "gas": 2, "oil": 3, "rises": 1}


def _table_of_counts() -> pd.DataFrame:
    terms = [f"w{i}" for i in range(60)]
    index = pd.MultiIndex.from_arrays([["word"] * 60, terms], names=["kind", "term"])
    rng = np.random.default_rng(0)
    groups = pd.DataFrame({"left": rng.integers(1, 200, 60), "right": rng.integers(1, 200, 60)}, index=index)
    return log_odds(groups, groups.sum(axis=1))


def test_the_chart_draws_each_term_at_its_frequency_and_z() -> None:
    table = _table_of_counts()
    fig = plot_distinctive_terms(table, n=5, source="Source: test")
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in axes] == ["left vs right", "right vs left"]
    for ax, group in zip(axes, ["left", "right"]):
        rows = table[table["group"] == group]
        points = ax.collections[0].get_offsets()
        assert np.allclose(points[:, 0], rows["count"] + rows["count_other"])
        assert np.allclose(points[:, 1], rows["z"])
        assert ax.get_xscale() == "log"
        top = rows[rows["z"] > 1.96].head(5)["term"].tolist()
        assert sorted(text.get_text() for text in ax.texts) == sorted(top) and top
        colours = [matplotlib.colors.to_hex(colour) for colour in ax.collections[0].get_facecolors()]
        assert [colour == "#0072b2" for colour in colours] == (rows["z"] > 1.96).tolist()
    assert fig.get_supxlabel() == "Source: test"


def test_the_charts_are_saved_with_their_data(tiny: Path, tmp_path: Path) -> None:
    table = distinctive_terms(tiny)
    paths = save_distinctive_charts(table, name="cmp", figures_dir=tmp_path, formats=("png",))
    assert [path.name for path in paths] == ["cmp-words.png", "cmp-words.csv", "cmp-words.txt"]
    saved = pd.read_csv(tmp_path / "cmp-words.csv")
    assert len(saved) == len(table) and np.allclose(saved["z"], recompute_z(saved))


def test_the_command_prints_the_top_terms_and_writes_the_csv_and_chart(tiny: Path, tmp_path: Path, capsys) -> None:
    status = main(["compare", "--processed-dir", str(tiny), "--kind", "words", "--top", "2",
                   "--csv", str(tmp_path / "words.csv"), "--chart", "--figures-dir", str(tmp_path / "figures")])
    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("alpha 2 stories, beta 1 story, gamma 1 story; 4 stories in the corpus")
    assert "alpha vs the others" in out and "gamma vs the others" in out
    top = out.split("alpha vs the others\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert top[0].split() == ["word", "z", "count", "others"] and len(top) == 3 and top[1].split()[0] == "gas"
    written = pd.read_csv(tmp_path / "words.csv")
    assert list(written.columns) == COLUMNS and np.allclose(written["z"], recompute_z(written))
    assert sorted(path.name for path in (tmp_path / "figures").iterdir()) == [
        f"compare-outlets-words.{suffix}" for suffix in ("csv", "pdf", "png", "svg", "txt")]


@pytest.mark.parametrize(("arguments", "message"), [
    (["--outlets", "alpha", "nowhere"], "outlet 'nowhere' is not in the corpus"),
    (["--queries", "oil", "zebra"], "query 'zebra' matches no story"),
    (["--queries", "oil", "(gas"], "a parenthesis is not closed"),
    (["--by", "outlet", "--periods", "2021-01", "2021-02"], "give it, or --queries, or --periods, not both"),
    (["--kind", "entities"], "run `analysis entities`"),
])
def test_the_command_explains_a_mistake_in_one_line(tiny: Path, arguments: list[str], message: str, capsys) -> None:
    status = main(["compare", "--processed-dir", str(tiny), *arguments])
    error = capsys.readouterr().err
    assert status == 1 and message in error and error.count("\n") == 1


def test_the_readme_documents_every_column() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    section = readme.split("### What sets coverage apart", 1)[1].split("\n### ", 1)[0]
    for column in DISTINCTIVE_TERMS:
        assert f"| `{column.name}` |" in section and column.description in section, column.name


def test_a_window_compares_only_the_dated_stories_inside_it(tmp_path: Path) -> None:
    from analysis.compare import story_groups
    from analysis.ingest.stage import run_ingest

    processed = tmp_path / "p"
    run_ingest(Path(__file__).parent / "data" / "search", processed, progress=False, scheduler="none")
    every = story_groups(processed)
    assert len(every) == 6
    window = story_groups(processed, start="2021-01-05", end="2021-01-08")     # by hand: the 5th to the 8th
    assert len(window) == 4 and window["group"].value_counts().to_dict() == {"rt.com": 3, "tehrantimes": 1}


def test_an_outlet_with_no_story_in_the_window_is_named_as_such(tmp_path: Path) -> None:
    from analysis.compare import story_groups
    from analysis.ingest.stage import run_ingest

    processed = tmp_path / "p"
    run_ingest(Path(__file__).parent / "data" / "search", processed, progress=False, scheduler="none")
    with pytest.raises(ValueError, match="outlet 'tehrantimes' has no dated story from 2021-01-05 to 2021-01-07"):
        story_groups(processed, outlets=["rt.com", "tehrantimes"], start="2021-01-05", end="2021-01-07")
