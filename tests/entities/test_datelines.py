"""Datelines: read from the start of the body, with any dash, agency or region; and used in extraction."""

from __future__ import annotations

import pytest
import spacy

from analysis.entities.datelines import read_dateline
from analysis.entities.extract import resolve_mentions
from analysis.entities.focus import dateline_country, focus_from_mentions


@pytest.mark.parametrize(
    ("text", "places", "agency", "after"),
    [
        ("\nTEHRAN – Iran's oil exports rose.", ["TEHRAN"], None, " Iran"),
        ("\nTEHRAN — Officials said.", ["TEHRAN"], None, " Offi"),
        ("\nTEHRAN—An official said.", ["TEHRAN"], None, "An o"),
        ("\nTEHRAN- The budget grew.", ["TEHRAN"], None, " The "),
        ("\nTEHRAN-- An indictment was issued.", ["TEHRAN"], None, " An i"),
        ("\nTEHRAN _ After many weeks.", ["TEHRAN"], None, " Afte"),
        ("Headline\nMOSCOW (Sputnik) – Russia said.", ["MOSCOW"], "Sputnik", " Russ"),
        ("Headline\nBEIRUT, Lebanon (AP) — The army said.", ["BEIRUT", "Lebanon"], "AP", " The "),
        ("Headline\nPORTLAND, Ore., Feb 26 - Shares rose.", ["PORTLAND", "Ore."], None, " Shar"),
        ("\nUNITED NATIONS, Jan. 5 (Reuters) - The council met.", ["UNITED NATIONS"], "Reuters", " The "),
        ("Headline\nNEW YORK - Stocks fell.", ["NEW YORK"], None, " Stoc"),
    ],
)
def test_datelines_are_read_with_any_dash(text: str, places: list[str], agency: str | None, after: str) -> None:
    dateline = read_dateline(text)
    assert dateline is not None
    assert [part.text for part in dateline.places] == places
    assert all(text[part.start:part.end] == part.text for part in dateline.places)
    assert (dateline.agency.text if dateline.agency else None) == agency
    assert text[dateline.end:dateline.end + len(after)] == after


@pytest.mark.parametrize(
    "text",
    [
        "\nThe US has created a belief.",  # a sentence, not an upper-case place
        "Headline\nUS State Department officials said.",  # no dash
        "Headline\nLONDON 1996-08-30\nWest Indian all-rounder Phil Simmons took four.",  # CoNLL: no dash
        "Headline\nIran - Russia ties grow.",  # not upper case
        "TEHRAN – in the headline\nThe body.",  # only the body's start is read
    ],
)
def test_other_openings_are_no_datelines(text: str) -> None:
    assert read_dateline(text) is None


def test_dateline_places_and_agency_are_mentions_and_replace_the_model_spans() -> None:
    text = "\nTEHRAN- Officials met.\nBEIRUT was quiet."
    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(text.index("Officials"), text.index("Officials") + 9, label="ORG")]
    found = [(m.text, m.kind, m.name, m.country) for m in resolve_mentions(doc)]
    assert found == [("TEHRAN", "place", "Tehran", "IRN"), ("Officials", "group", "Officials", "")]
    text = "x\nBEIRUT, Lebanon (AP) — The army said."
    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(2, 8, label="ORG")]  # the model's reading of "BEIRUT"
    found = [(m.text, m.kind, m.country) for m in resolve_mentions(doc)]
    assert found == [("BEIRUT", "place", "LBN"), ("Lebanon", "country", "LBN"), ("AP", "group", "")]


def test_unknown_dateline_places_leave_the_model_spans_alone() -> None:
    text = "\nKASHMIR - I am a happy man."
    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(1, 8, label="GPE")]
    assert [(m.text, m.country) for m in resolve_mentions(doc)] == [("KASHMIR", "")]


def test_the_dateline_country_weighs_on_top_of_its_mention_in_the_focus() -> None:
    import pandas as pd

    texts = ["\nTEHRAN – Talks with China went well; China agreed."]
    assert dateline_country(texts[0]) == "IRN"
    # the dateline mention (3) and the dateline itself (3) against China in the lead (2 a mention):
    # one mention of China is under 0.4 x 6, two are over
    once = pd.DataFrame({"doc": [0, 0], "start": [1, 21], "country": ["IRN", "CHN"]})
    assert focus_from_mentions(once, texts) == [{"IRN"}]
    twice = pd.DataFrame({"doc": [0, 0, 0], "start": [1, 21, 40], "country": ["IRN", "CHN", "CHN"]})
    assert focus_from_mentions(twice, texts) == [{"IRN", "CHN"}]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("X\nST. PETERSBURG, Fla., March 4 - Geonex said.", "USA"),  # not Russia's, though it is the famous one
        ("X\nBIRMINGHAM, Ala., March 6 - SouthTrust said.", "USA"),
        ("X\nWICHITA, Kan., March 5 - Qtly div.", "USA"),  # "Kan" is also an alternate name of Ganzhou
        ("X\nMOSCOW, March 5 - Tass said.", "RUS"),
    ],
)
def test_the_last_part_of_a_dateline_places_the_others(text: str, code: str) -> None:
    doc = spacy.blank("en")(text)
    assert {m.country for m in resolve_mentions(doc)} == {code}
    assert dateline_country(text) == code
