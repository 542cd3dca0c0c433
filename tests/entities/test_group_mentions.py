"""Groups in running text: qualified bodies, names that are no group, people and places taken for
organisations, cut names, short forms; and the pure rules behind them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from analysis.entities.extract import extract_entities
from analysis.entities.groups import (
    adjectives,
    group_name,
    group_short_forms,
    is_dateline,
    load_groups,
    name_rules,
    places_taken_for_groups,
    qualify_bodies,
    read_org,
)


def groups_in(text: str) -> list[str]:
    mentions = extract_entities([text])
    return sorted(set(mentions.loc[mentions["kind"] == "group", "name"]))


def kinds_of(text: str) -> dict[str, str]:
    mentions = extract_entities([text])
    return dict(zip(mentions["text"], mentions["kind"], strict=True))


# --- qualified bodies -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Iranian Foreign Ministry", "Iranian Foreign Ministry"),
        ("Russian Foreign Ministry", "Russian Foreign Ministry"),
        ("Ministry of Foreign Affairs of Ukraine", "Ukrainian Foreign Ministry"),
        ("Ukrainian Ministry of Foreign Affairs", "Ukrainian Foreign Ministry"),
        ("Iran's Oil Ministry", "Iranian Oil Ministry"),
        ("Iranian Parliament", "Iranian Parliament (Majlis)"),
        ("Iranian Judiciary", "Judiciary of Iran"),
        ("Russian Central Bank", "Central Bank of the Russian Federation"),
        ("Israeli Parliament", "Knesset"),
        ("Iraqi Popular Mobilization Units", "Popular Mobilization Units"),
        ("Lebanese Hezbollah", "Hezbollah"),
    ],
)
def test_a_body_with_its_country_in_the_span_is_named_for_that_country(written: str, name: str) -> None:
    assert load_groups().lookup(written).name == name


def test_a_body_without_a_country_keeps_its_placeholder_until_the_text_gives_one() -> None:
    table = load_groups()
    body = table.lookup("Foreign Ministry").name
    assert table.qualify(body, "SAU") == "Saudi Foreign Ministry"
    assert table.qualify(body, None) == "Foreign Ministry"
    assert table.body_of("Saudi Foreign Ministry") == body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkey's Defence Ministry said on Monday that the talks would go on.", "Turkish Defence Ministry"),
        ("A spokesman for the Senate of Spain said the vote was postponed.", "Senate of Spain"),
        ("The Foreign Ministry of Iraq summoned the envoy on Sunday.", "Iraqi Foreign Ministry"),
    ],
)
def test_a_country_just_before_or_after_the_body_qualifies_it(text: str, expected: str) -> None:
    assert expected in groups_in(text)


def test_a_bare_body_takes_the_country_the_text_is_about() -> None:
    text = ("Pakistan and Iran held talks in Islamabad on trade. Pakistani officials said Pakistan "
            "wants more gas. The Foreign Ministry said the talks went well.")
    assert "Pakistani Foreign Ministry" in groups_in(text)


def test_a_bare_body_takes_the_country_of_the_same_body_named_before_it() -> None:
    text = ("Iran and Iraq signed a deal in Tehran. Iran will export power to Iraq, Iran said. "
            "The Russian Foreign Ministry welcomed the deal. Later the Foreign Ministry said more.")
    names = groups_in(text)
    assert "Russian Foreign Ministry" in names and "Iranian Foreign Ministry" not in names


def test_congress_and_the_senate_are_american_unless_another_country_is_named_beside_them() -> None:
    text = "Iran rejected the bill. Iran said Congress and the Senate had no say over Iran."
    assert {"United States Congress", "United States Senate"} <= set(groups_in(text))


@dataclass(frozen=True)
class _M:
    kind: str
    name: str
    country: str = ""
    via: str = "model"
    label: str = "ORG"


def test_qualify_bodies_falls_back_to_the_bare_body_with_no_country_in_the_text() -> None:
    table = load_groups()
    body = table.lookup("Interior Ministry").name
    assert [m.name for m in qualify_bodies([_M("group", body)], table)] == ["Interior Ministry"]


def test_every_country_with_a_demonym_has_an_adjective() -> None:
    assert adjectives()["IRN"] == "Iranian" and adjectives()["USA"] == "American"


# --- spans that are no group ------------------------------------------------------------------


@pytest.mark.parametrize(
    "span",
    ["State", "Content", "URGENT", "Universe", "Big Bang", "PBUH", "Takfiri", "Ministry",
     "Munich Security Conference", "World Press Freedom Day", "Shanghai Composite Index",
     "World Economic Outlook", "Minister of Economic Affairs", "Governor-General of", "Dr Jones",
     "Late Imam Khomeini", "S-400 Triumf", "660mn", "Pi Day!#PiDay#geek", "antennas",
     "Natanz Enrichment Facility"],
)
def test_spans_that_do_not_look_like_a_group_name_are_no_group(span: str) -> None:
    assert group_name(span) is None


@pytest.mark.parametrize(
    ("span", "name"),
    [
        ("Center for Political Studies", "Center for Political Studies"),
        ("this University of Queensland", "University of Queensland"),
        ("bureau's Center for Dramatic Arts", "Center for Dramatic Arts"),
        ("King Abdulaziz University", "King Abdulaziz University"),
        ("Fulbright Program", "Fulbright Program"),
        ("Navigator Holdings", "Navigator Holdings"),
        ("MathWorks", "MathWorks"),
    ],
)
def test_spans_that_look_like_a_group_name_are_kept(span: str, name: str) -> None:
    assert group_name(span) == name


def test_the_rules_file_has_every_rule() -> None:
    rules = name_rules()
    assert all(rules[rule] for rule in ("alone", "head", "event", "title", "end", "start"))
    assert "ministry" in rules["head"] and "conference" in rules["event"]


# --- people and places taken for organisations ------------------------------------------------


def test_an_org_span_that_is_a_person_of_the_text_is_that_person() -> None:
    people, surnames = {"Abbas Araqchi": "Abbas Araqchi"}, {"Araqchi": "Abbas Araqchi"}
    assert read_org("Araqchi", people, surnames) == ("person", "Abbas Araqchi", "")
    assert read_org("U.S. Araqchi", people, surnames) == ("person", "Abbas Araqchi", "")
    assert read_org("Trump", {"Trump": "Donald Trump"}, {}) == ("person", "Donald Trump", "")


@pytest.mark.parametrize(("span", "code"), [("KABUL", "AFG"), ("TEHRAN", "IRN")])
def test_a_dateline_in_capitals_that_is_a_known_place_is_that_place(span: str, code: str) -> None:
    kind, _, found = read_org(span, {}, {}, dateline=True)
    assert (kind, found) == ("place", code)


def test_a_word_in_capitals_outside_a_dateline_or_a_short_acronym_stays_a_group() -> None:
    assert read_org("LEEDS", {}, {})[0] == "group"
    assert read_org("ICO", {}, {}, dateline=True)[0] == "group"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("KABUL - Officials met on Monday.", True), ("Officials met in\nKABUL on Monday.", False),
     ("The talks in KABUL - a city of millions - went on.", False)],
)
def test_is_dateline_needs_a_line_start_and_a_dash_or_comma_after(text: str, expected: bool) -> None:
    from spacy.tokens import Span

    from analysis.entities.model import load_pipeline

    doc = load_pipeline().make_doc(text)
    index = next(token.i for token in doc if token.text == "KABUL")
    assert is_dateline(Span(doc, index, index + 1, label="ORG")) is expected


@pytest.mark.parametrize(("word", "country", "code"), [("Kerman", "IRN", "IRN"), ("Crimea", "UKR", "UKR")])
def test_a_one_word_group_that_is_a_place_of_a_country_the_text_names_is_that_place(
        word: str, country: str, code: str) -> None:
    mentions = [_M("country", "x", country), _M("group", word)]
    assert places_taken_for_groups(mentions)[1] == _M("place", word, code, "gazetteer", "GPE")


def test_a_one_word_group_that_is_a_place_of_a_country_the_text_does_not_name_stays_a_group() -> None:
    mentions = [_M("country", "Germany", "DEU"), _M("group", "Allegheny")]
    assert places_taken_for_groups(mentions) == mentions


def test_in_running_text_a_place_the_model_took_for_a_group_is_the_place() -> None:
    text = "Iran said on Monday that the funeral in Kerman drew crowds, Kerman officials said."
    mentions = extract_entities([text])
    assert "Kerman" not in set(mentions.loc[mentions["kind"] == "group", "name"])


def test_companies_named_after_towns_stay_companies() -> None:
    assert load_groups().lookup("Hitachi").kind == "company"
    assert load_groups().lookup("Toyota").kind == "company"


# --- names the model cut, short forms, spellings ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Iran and the P5+1 states signed the deal in 2015.", "P5+1"),
        ("The contract was signed by Iran's Ports and Maritime Organization in Tehran.",
         "Ports and Maritime Organization of Iran"),
        ("TEHRAN - The managing director of Iran Small Industries and Industrial Parks Organization spoke.",
         "Iran Small Industries and Industrial Parks Organization"),
        ("The Islamic Revolution Guards Corps said in a statement that the drill was over.", "IRGC"),
        ("Da’esh claimed the attack in Kabul.", "ISIS"),
        ("The price index from Standard & Poor’s fell again on Monday.", "Standard & Poor's"),
        ("Shana reported on Tuesday that gas exports rose.", "Shana"),
        ("Mehr quoted the minister as saying on Monday that prices would fall.", "Mehr News Agency"),
        ("The Majlis approved the budget bill on Sunday.", "Iranian Parliament (Majlis)"),
    ],
)
def test_the_gazetteer_finds_names_in_running_text(text: str, name: str) -> None:
    assert name in groups_in(text)


def test_a_group_written_with_a_place_after_in_is_the_group() -> None:
    assert load_groups().lookup("IRNA in Algiers").name == "IRNA"
    assert load_groups().lookup("TEHRAN- National Iranian Gas Company").name == "National Iranian Gas Company"


def test_short_forms_and_acronyms_take_the_longer_name_of_the_text() -> None:
    mentions = [_M("group", "Washington Post"), _M("group", "Post"), _M("group", "University of Queensland"),
                _M("group", "UQ"), _M("group", "Reuters", via="alias")]
    assert [m.name for m in group_short_forms(mentions)] == [
        "Washington Post", "Washington Post", "University of Queensland", "University of Queensland", "Reuters"]


def test_a_word_shared_by_two_groups_stays_as_it_is() -> None:
    mentions = [_M("group", "National Bank"), _M("group", "National Museum"), _M("group", "National")]
    assert group_short_forms(mentions)[-1].name == "National"


def test_a_default_country_without_a_demonym_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad_groups.csv"
    bad.write_text("name,kind,alias\n{demonym|XYZ} Senate,government body,Senate\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad_groups\.csv: line 2: country 'XYZ'"):
        load_groups(bad)


def test_an_analysts_own_body_is_qualified_like_the_shipped_ones(tmp_path) -> None:
    own = tmp_path / "my_groups.csv"
    own.write_text("name,kind,alias\n{demonym} Tax Office,government body,Tax Office\n", encoding="utf-8")
    assert load_groups(own).lookup("Iranian Tax Office").name == "Iranian Tax Office"
    assert load_groups(own).lookup("Tax Office of Iraq").name == "Iraqi Tax Office"


@pytest.mark.parametrize(
    ("span", "name"),
    [
        ("Supreme Council of Cultural Revolution", "Supreme Council of Cultural Revolution"),
        ("al-Quds Brigades", "al-Quds Brigades"),
        ("Iranian Parliament's National Security and Foreign Policy Committee",
         "National Security and Foreign Policy Committee"),
        ("UQ’s School of Mathematics and Physics", "School of Mathematics and Physics"),
        ("People's Liberation Army", "People's Liberation Army"),
        ("all International Atomic Energy Agency", "International Atomic Energy Agency"),
    ],
)
def test_the_word_governing_a_name_and_the_body_owned_decide(span: str, name: str) -> None:
    assert group_name(span) == name


@pytest.mark.parametrize(
    "span",
    ["UN Security Council Resolution", "Joint Statement of the Tripartite Summit", "U.S. National Security Advisor",
     "Secretary of State", "Foreign Ministry's Shaheed Soleimani Building"],
)
def test_a_governing_event_title_or_building_makes_no_group(span: str) -> None:
    assert group_name(span) is None


def test_countries_or_places_joined_by_and_are_no_group() -> None:
    assert read_org("Israel & UAE", {}, {})[0] == "other"
    assert read_org("Haifa and Ashkelon", {}, {})[0] == "other"
    assert read_org("Bosnia and Herzegovina Football Federation", {}, {})[0] == "group"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Ministry of Foreign Affairs of the Islamic Republic of Iran", "Iranian Foreign Ministry"),
        ("TEHRAN- Iranian Foreign Ministry", "Iranian Foreign Ministry"),
        ("Iran Air Force", "Iranian Air Force"),
        ("Pakistan's Army", "Pakistani Army"),
        ("Syrian Army", "Syrian Arab Army"),
    ],
)
def test_bodies_qualified_through_of_a_dateline_or_a_country_name(written: str, name: str) -> None:
    assert load_groups().lookup(written).name == name


def test_a_known_group_of_another_country_is_not_qualified_by_of() -> None:
    assert load_groups().lookup("Supreme National Security Council of Iraq") is None
