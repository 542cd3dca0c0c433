"""The text rules shared by entities, topics and timelines, and their agreement across modules."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import timeline
from analysis.entities import extract_entities
from analysis.entities.countries import mention_forms
from analysis.entities.people import clean_person
from analysis.text_rules import (
    bare_name,
    collapse_spaces,
    fold_apostrophes,
    fold_dashes,
    is_article,
    is_possessive_mark,
    strip_edges,
    strip_leading_article,
    strip_possessive,
)
from analysis.topics.vectorise import analyse


@pytest.mark.parametrize(("written", "folded"), [
    ("Putin’s", "Putin's"),
    ("Côte d‘Ivoire", "Côte d'Ivoire"),
    ("Putinʼs", "Putin's"),
    ("O`Neill", "O'Neill"),
    ("OPEC's", "OPEC's"),
])
def test_apostrophes_fold_to_the_straight_one(written: str, folded: str) -> None:
    assert fold_apostrophes(written) == folded


@pytest.mark.parametrize(("written", "folded"), [
    ("al–Nusra", "al-Nusra"),
    ("al—Nusra", "al-Nusra"),
    ("al‐Nusra", "al-Nusra"),
    ("al‑Nusra", "al-Nusra"),
    ("al-Nusra", "al-Nusra"),
])
def test_en_em_and_unicode_hyphens_fold_to_the_ascii_hyphen(written: str, folded: str) -> None:
    assert fold_dashes(written) == folded


def test_folding_keeps_the_length_so_offsets_stay_valid() -> None:
    text = "“OPEC’s” — the Taliban‘s"
    assert len(fold_dashes(fold_apostrophes(text))) == len(text)


@pytest.mark.parametrize(("written", "bare"), [
    ("OPEC'S", "OPEC"),
    ("OPEC’s", "OPEC"),
    ("OPEC’S", "OPEC"),
    ("Putin’s", "Putin"),
    ("Hezbollah's", "Hezbollah"),
    ("Reuters'", "Reuters"),
    ("REUTERS’", "REUTERS"),
    ("United States'", "United States"),
    ("Reuters", "Reuters"),
    ("Chris", "Chris"),
    ("Obama'", "Obama'"),
    ("'s", ""),
])
def test_possessives_go_in_any_case_and_a_plural_one_loses_only_its_apostrophe(written: str, bare: str) -> None:
    assert strip_possessive(written) == bare


@pytest.mark.parametrize(("written", "bare"), [
    ("the United States", "United States"),
    ("The United States", "United States"),
    ("THE USSR", "USSR"),
    ("tHe Pentagon", "Pentagon"),
    ("The Hague", "Hague"),
    ("Thebes", "Thebes"),
    ("Theresa May", "Theresa May"),
    ("the", "the"),
    ("Pentagon", "Pentagon"),
])
def test_a_leading_the_goes_in_any_case_but_not_inside_a_word(written: str, bare: str) -> None:
    assert strip_leading_article(written) == bare


@pytest.mark.parametrize(("written", "bare", "without_dot"), [
    ('("U.S.",', "U.S.", "U.S"),
    ("«Daesh»", "Daesh", "Daesh"),
    ("“Hamas”", "Hamas", "Hamas"),
    ("- Reuters *", "Reuters", "Reuters"),
    ("Martin Luther King Jr.", "Martin Luther King Jr.", "Martin Luther King Jr"),
    (".NET", "NET", "NET"),
    (" ,;: ", "", ""),
])
def test_edges_go_but_a_final_dot_stays_unless_asked(written: str, bare: str, without_dot: str) -> None:
    assert strip_edges(written) == bare
    assert strip_edges(written, keep_final_dot=False) == without_dot


def test_whitespace_runs_collapse() -> None:
    assert collapse_spaces("  the  Russian\nFederation\t") == "the Russian Federation"


@pytest.mark.parametrize(("token", "mark"), [
    ("'s", True), ("’s", True), ("'S", True), ("’S", True), ("'", True), ("’", True),
    ("s", False), ("'t", False), ("Reuters'", False), ("", False),
])
def test_possessive_marks_as_tokenizers_split_them(token: str, mark: bool) -> None:
    assert is_possessive_mark(token) is mark


def test_articles_in_any_case() -> None:
    assert is_article("the") and is_article("The") and is_article("THE")
    assert not is_article("them") and not is_article("a")


@pytest.mark.parametrize(("written", "bare"), [
    ("OPEC'S", "OPEC"),
    ("OPEC’s", "OPEC"),
    ("“the OPEC’S”", "OPEC"),
    ("the United States", "United States"),
    ("THE UNITED STATES'S", "UNITED STATES"),
    ("the United States'", "United States"),
    ("the U.S.'s", "U.S."),
    ("(Reuters')", "Reuters"),
    ("Putin’s", "Putin"),
    ("al–Nusra  Front's", "al-Nusra Front"),
    ("Côte d’Ivoire", "Côte d'Ivoire"),
    ("", ""),
])
def test_bare_name_composes_the_rules(written: str, bare: str) -> None:
    assert bare_name(written) == bare


@pytest.mark.parametrize("written", ["OPEC'S", "OPEC’s", "OPEC’S", "the OPEC's", "“OPEC”"])
def test_every_module_reads_an_upper_case_or_curly_possessive_as_the_same_name(written: str) -> None:
    assert bare_name(written) == "OPEC"
    assert clean_person(written) == "OPEC"
    assert "OPEC" in mention_forms(written)
    assert timeline.written_form(pd.Series([written])).tolist() == ["OPEC"]
    terms = analyse(f"Prices rose after {written} meeting.", names=False)
    assert terms == analyse("Prices rose after OPEC meeting.", names=False) and "opec" in terms


def test_resolver_and_naming_chart_agree_on_an_upper_case_possessive() -> None:
    # "OPEC" resolves through the groups table; "Morgan Stanley" does not, so its name is the bare text.
    texts = ["Oil rose after OPEC'S meeting, said an analyst at Morgan Stanley'S desk in London.",
             "Oil fell after OPEC’s meeting, said an analyst at Morgan Stanley’s desk in London."]
    mentions = extract_entities(texts)
    groups = mentions[mentions["kind"] == "group"]
    assert sorted(groups["name"]) == ["Morgan Stanley", "Morgan Stanley", "OPEC", "OPEC"]
    entities = groups.assign(article_id=groups["doc"].astype(str), section="body")
    articles = pd.DataFrame({"article_id": ["0", "1"],
                             "published": pd.to_datetime(["2016-02-01", "2016-02-02"]).tz_localize("UTC")})
    for name in ("OPEC", "Morgan Stanley"):
        choices = timeline.naming_choices(entities, articles, name=name, freq="week")
        assert choices["form"].unique().tolist() == [name]
        assert choices["n_mentions"].sum() == 2
