"""Names in Title Case and upper-case headlines (field case 11 and further examples of its kind)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import config
from analysis.entities import extract_entities

FIELD_CASE = config.SHARED_DIR / "field-cases" / "11-title-case-headline"


def _headline(mentions: pd.DataFrame, text: str) -> pd.DataFrame:
    return mentions[mentions["start"] < text.index("\n")]


def _pairs(frame: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(frame["kind"], frame["name"]))


def test_field_case_11_headline_names_survive() -> None:
    if not FIELD_CASE.is_dir():
        pytest.skip(f"the shared field cases are missing from {FIELD_CASE.parent}")
    texts = json.loads((FIELD_CASE / "input.json").read_text(encoding="utf-8"))
    mentions = extract_entities(texts)
    first = mentions[mentions["doc"] == 0]
    assert _pairs(_headline(first, texts[0])) == {("person", "Vladimir Putin"), ("country", "Turkey")}
    assert _pairs(first[first["text"] == "Russian"]) == {("country", "Russia")}
    second = mentions[mentions["doc"] == 1]
    assert _pairs(_headline(second, texts[1])) == {("person", "Barack Obama"), ("person", "Vladimir Putin"),
                                                   ("country", "Syria")}


@pytest.mark.parametrize(("text", "expected"), [
    # a short form of a person named in the body, run together with a country
    ("Merkel Meets Macron In Berlin Over Budget\nChancellor Angela Merkel met President Emmanuel Macron.",
     {("person", "Angela Merkel"), ("person", "Emmanuel Macron")}),
    # a group and a country inside one bogus span
    ("Hezbollah Fighters Return From Syria Front\nHezbollah said its fighters came back from Syria.",
     {("group", "Hezbollah"), ("country", "Syria")}),
    # upper case (wire style)
    ("IRAN SAYS ROUHANI WILL VISIT RUSSIA\nIranian President Hassan Rouhani will travel to Moscow.",
     {("country", "Iran"), ("person", "Hassan Rouhani"), ("country", "Russia")}),
])
def test_names_inside_a_run_of_capitalised_words_are_found(text: str, expected: set) -> None:
    found = _pairs(_headline(extract_entities([text]), text))
    assert expected <= found
    assert {kind for kind, _ in found} <= {"person", "country", "group"}


@pytest.mark.parametrize("text", [
    "Putin Warns Turkey Over Jet\nThe president said the attack would be regretted.",
    "Boris Johnson Says Britain Will Leave On Time\nThe prime minister spoke in London.",
])
def test_capitalised_words_that_resolve_to_nothing_are_not_names(text: str) -> None:
    found = _pairs(_headline(extract_entities([text]), text))
    assert not any(name in {"Jet", "Will Leave", "Over Jet", "On Time"} for _, name in found), found


def test_a_person_named_in_the_body_keeps_a_headline_mention() -> None:
    text = "Boris Johnson Says Britain Will Leave\nBoris Johnson told MPs the date would hold."
    assert ("person", "Boris Johnson") in _pairs(_headline(extract_entities([text]), text))


def test_a_first_line_that_is_a_sentence_keeps_the_models_names() -> None:
    text = "Boris Johnson says Britain will leave the bloc on time\nThe prime minister spoke in London."
    assert ("person", "Boris Johnson") in _pairs(_headline(extract_entities([text]), text))


def test_a_single_line_is_a_sentence_not_a_headline() -> None:
    """CoNLL read sentence by sentence: a line with no body is not a headline, whatever its case."""
    text = "Leicestershire Beat Somerset As Andy Caddick Takes Five"
    people = _pairs(extract_entities([text]))
    assert ("person", "Andy Caddick") in people


def test_a_title_rebuilt_from_a_file_name_slug_keeps_its_abbreviations() -> None:
    """Tehran Times titles come from slugs such as ``U-S-Official-Says``: "U S" is the United States."""
    text = "U S Official Says U N Talks With U K Failed\nThe official said the talks at the UN failed."
    found = _pairs(_headline(extract_entities([text]), text))
    assert {("country", "United States"), ("group", "United Nations"), ("country", "United Kingdom")} <= found


def test_field_case_11_page_through_the_stages(tmp_path) -> None:
    """The field case's page, ingested and run through the entities stage as a user would."""
    from analysis.entities.stage import run_entities
    from analysis.ingest.stage import run_ingest
    from analysis.store import read_table

    raw = FIELD_CASE / "raw"
    if not raw.is_dir():
        pytest.skip(f"the shared field cases are missing from {FIELD_CASE.parent}")
    run_ingest(raw, tmp_path, progress=False, scheduler="none")
    run_entities(tmp_path, progress=False, scheduler="none")
    table = read_table("article_entities", tmp_path)
    found = {(kind, name, bool(in_title)) for kind, name, in_title in zip(table["kind"], table["name"], table["in_title"])}
    assert {("person", "Vladimir Putin", True), ("country", "Turkey", True), ("country", "Russia", False)} <= found
    assert not (table["kind"] == "person").to_numpy()[table["name"].to_numpy() == "Russian"].any()
