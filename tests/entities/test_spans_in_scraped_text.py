"""Names in scraped text: glued quotes, handles and links, soft line breaks, lists inside a name."""

from __future__ import annotations

import pytest

from analysis.entities import extract_entities
from analysis.entities.model import load_pipeline
from analysis.entities.spans import is_soft_break


def _entities(text: str) -> list[tuple[str, str]]:
    return [(span.text, span.label_) for span in load_pipeline()(text).ents]


def _names(text: str, kind: str) -> set[str]:
    mentions = extract_entities([text])
    return set(mentions.loc[mentions["kind"] == kind, "name"])


@pytest.mark.parametrize(("text", "person"), [
    ("Headline\nThe market will recover on demand,”Zhu Haibin told reporters.", "Zhu Haibin"),
    ("Headline\nThe talks were useful,”Sergei Lavrov said on Monday.", "Sergei Lavrov"),
    ("Headline\nShe wrote on Twitter@27khv Bryan MacDonald replied within the hour.", "Bryan MacDonald"),
    ("Headline\nA storm of criticism followed,\"Angela Merkel said in Berlin.", "Angela Merkel"),
])
def test_a_name_glued_to_a_quote_or_handle_is_the_name_alone(text: str, person: str) -> None:
    people = _names(text, "person")
    assert person in people
    assert all(name[0].isupper() and "@" not in name and "”" not in name for name in people), people


def test_a_link_glued_to_a_word_is_no_part_of_a_name() -> None:
    text = "Headline\nThat is bad journalismhttps://t.co/6QCd2qAzkD However, the editor stood by it."
    assert not any("http" in name or name == "However" for name, _ in _entities(text))


def test_a_dateline_dash_glued_to_the_city_does_not_join_the_city_to_a_name() -> None:
    names = {name for name, _ in _entities("\nTEHRAN- National Iranian Gas Company said on Sunday output rose.")}
    assert not any(name.startswith("TEHRAN") and name != "TEHRAN" for name in names), names


@pytest.mark.parametrize(("text", "at", "soft"), [
    ("Head\n" + "the consortium was joined by the International Consortium of Investigative\nJournalists", 79, True),
    ("Head\nBoris Johnson\nA Foreign Office spokesman said", 18, False),      # a short line: a caption
    ("Head\n" + "x" * 50 + " ended.\nNext", 62, False),                      # the line ends a sentence
    ("Head\n\n" + "x" * 50 + "\n\nNext", 57, False),                          # a paragraph break
    ("A headline that is long enough to be wrapped text\nBody", 49, False),   # the headline's end
    # one sentence a line (CoNLL): the line could have taken the next word
    ("Head\nLeicestershire beat Somerset by an innings at Leicester\nAndy Caddick took five wickets "
     "for 60 runs in the second innings .", 60, False),
])
def test_soft_line_breaks(text: str, at: int, soft: bool) -> None:
    assert text[at] == "\n"
    assert is_soft_break(text, at) is soft


def test_a_name_wrapped_over_a_soft_line_break_is_one_name() -> None:
    text = ("Leak\nThe documents were obtained by reporters of the International Consortium of Investigative\n"
            "Journalists and shared with 100 media outlets.")
    groups = _names(text, "group")
    assert "International Consortium of Investigative Journalists" in groups
    assert "Journalists" not in groups


def test_a_list_inside_an_organisations_name_keeps_the_name_whole() -> None:
    text = ("Trade\nThe head of the Iran Chamber of Commerce, Industries, Mines and Agriculture said exports "
            "grew. The Ministry of Industry, Mine and Trade agreed.")
    names = {name for name, label in _entities(text) if label == "ORG"}
    assert "Chamber of Commerce, Industries, Mines and Agriculture" in names or \
        "Iran Chamber of Commerce, Industries, Mines and Agriculture" in names
    assert "Ministry of Industry, Mine and Trade" in names
    assert not names & {"Industries", "Mines and Agriculture", "Mine and Trade"}


@pytest.mark.parametrize("text", [
    "Talks\nOfficials of the Ministry of Defence, Interior Ministry and Foreign Ministry met on Monday.",
    "Talks\nThe Ministry of Oil, National Iranian Oil Company and Central Bank signed the deal.",
])
def test_a_list_of_bodies_is_not_joined_into_one(text: str) -> None:
    names = {name for name, label in _entities(text) if label == "ORG"}
    assert not any(name.count(",") for name in names), names


@pytest.mark.parametrize(("text", "name"), [
    ("Head\nIt is a George Soros-funded group, officials said.", "George Soros"),
    ("Head\nHe called it an Ali Khamenei aide's idea.", "Ali Khamenei"),
    ("Head\nThe Vladimir Putin-led talks ended.", "Vladimir Putin"),
])
def test_a_lower_case_article_and_a_compounds_tail_are_no_part_of_a_name(text: str, name: str) -> None:
    assert name in {span for span, _ in _entities(text)}


def test_an_initial_a_stays_in_a_name() -> None:
    assert "A. Q. Khan" in {span for span, _ in _entities("Head\nThe scientist A. Q. Khan died on Sunday.")}
