"""Entity extraction on real text: the golden example page, and the corrections a user relies on."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.entities import MENTION_COLUMNS, extract_entities, focus_countries
from analysis.entities.stage import article_texts

EXAMPLE = Path(__file__).parents[1] / "data" / "pages" / "scraped-page-2016-02-28.txt"


@pytest.fixture(scope="module")
def example() -> tuple[str, pd.DataFrame]:
    articles = load_corpus(EXAMPLE).articles
    text = article_texts(articles).iloc[0]
    return text, extract_entities([text])


def _names(mentions: pd.DataFrame, kind: str) -> set[str]:
    return set(mentions.loc[mentions["kind"] == kind, "name"])


def test_golden_example_people_countries_and_groups(example) -> None:
    _, mentions = example
    assert list(mentions.columns) == MENTION_COLUMNS
    assert _names(mentions, "person") == {"Sergei Lavrov"}
    assert {"Russia", "Algeria"} <= _names(mentions, "country")
    assert {"United Nations", "ISIS"} <= _names(mentions, "group")


def test_every_lavrov_and_every_russian_is_resolved(example) -> None:
    text, mentions = example
    for word, kind, name in (("Lavrov", "person", "Sergei Lavrov"), ("Russian", "country", "Russia")):
        written = [start for start in range(len(text)) if text.startswith(word, start)]
        found = mentions[mentions["text"].str.contains(word)]
        covered = {start for s, e in zip(found["start"], found["end"]) for start in written if s <= start < e}
        assert covered == set(written), f"a {word!r} is not in any mention"
        assert set(found["kind"]) == {kind} and set(found["name"]) == {name}


def test_daesh_isis_isil_are_one_group_keeping_their_written_form(example) -> None:
    _, mentions = example
    daesh = mentions[mentions["text"].isin(["Daesh", "ISIS", "ISIL"])]
    assert set(daesh["name"]) == {"ISIS"}
    assert {"Daesh"} <= set(daesh["text"])
    assert (mentions["country"].fillna("") == "")[mentions["kind"] == "group"].all()


def test_the_headline_yields_no_organisation(example) -> None:
    text, mentions = example
    headline_end = text.index("\n")
    in_headline = mentions[mentions["start"] < headline_end]
    assert (in_headline["label"] != "ORG").all()
    assert set(in_headline["name"]) == {"Russia"}


def test_offsets_point_at_the_written_text(example) -> None:
    text, mentions = example
    assert all(text[start:end] == written
               for start, end, written in zip(mentions["start"], mentions["end"], mentions["text"]))


def test_focus_of_the_example_is_russia(example) -> None:
    text, _ = example
    assert focus_countries([text]) == [{"RUS"}]


def test_capital_metonymy_is_a_setting() -> None:
    text = "Moscow says the talks failed.\nWashington accused Moscow of delays."
    as_places = extract_entities([text])
    as_countries = extract_entities([text], capitals=True)
    assert set(as_places.loc[as_places["text"] == "Moscow", "kind"]) == {"place"}
    moscow = as_countries[as_countries["text"] == "Moscow"]
    assert set(moscow["name"]) == {"Russia"} and set(moscow["via"]) == {"capital"}


def test_a_person_span_that_is_only_a_title_is_not_a_person() -> None:
    from spacy.tokens import Doc

    from analysis.entities.extract import resolve_mentions
    from analysis.entities.model import load_pipeline

    words = ["officials", "said", "the", "President", "met", "Sergei", "Lavrov", "here", "."]
    ents = ["O", "O", "O", "B-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O"]
    doc = Doc(load_pipeline().vocab, words=words, ents=ents)
    kinds = {mention.text: mention.kind for mention in resolve_mentions(doc)}
    assert kinds == {"President": "other", "Sergei Lavrov": "person"}


@pytest.mark.parametrize(("text", "code"), [
    ("RED LION INNS FILES PLANS\n\nPORTLAND, Ore., Feb 26 - Red Lion Inns said", "USA"),
    ("EXCELAN SETS OFFER\n\nSAN JOSE, Calif., Feb 26 - Excelan Inc said", "USA"),
    ("VERSATILE TO SELL UNIT\n\nVANCOUVER, British Columbia, Feb 26 - Versatile said", "CAN"),
    ("TOKYO GRAIN EXCHANGE TO RAISE MARGINS\n\nTOKYO, Feb 27 - The Tokyo Grain Exchange said", "JPN"),
    ("Lavrov: Fighting Extremism Needs Teamwork\nRussia's top diplomat said on Sunday", None),
])
def test_the_dateline_gives_its_country(text: str, code: str | None) -> None:
    from analysis.entities.focus import dateline_country

    assert dateline_country(text) == code


def test_an_upper_case_dateline_puts_its_country_in_focus() -> None:
    text = "EXCELAN INC SETS INITIAL STOCK OFFER\n\nSAN JOSE, Calif., Feb 26 - Excelan Inc said it is offering shares."
    assert focus_countries([text]) == [{"USA"}]


def test_people_in_focus_leave_out_passing_mentions(example) -> None:
    from analysis.entities import people_in_focus

    text, mentions = example
    passing = "Talks on Syria to resume\nOfficials said talks would resume. A spokesman quoted Ban Ki-moon."
    both = extract_entities([text, passing])
    assert people_in_focus(mentions, [text]) == [{"Sergei Lavrov"}]
    assert people_in_focus(both, [text, passing])[1] == set()


def test_an_analysts_groups_file_adds_aliases(tmp_path, monkeypatch) -> None:
    from spacy.tokens import Doc

    from analysis import config
    from analysis.entities.extract import resolve_mentions
    from analysis.entities.model import load_pipeline

    own = tmp_path / "my_groups.csv"
    own.write_text("name,kind,alias\nJaish al-Fatah,armed group,Army of Conquest\n", encoding="utf-8")
    words = ["officials", "said", "the", "Army", "of", "Conquest", "took", "the", "town", "."]
    ents = ["O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"]
    doc = Doc(load_pipeline().vocab, words=words, ents=ents)
    assert [m.name for m in resolve_mentions(doc)] == ["Army of Conquest"]
    monkeypatch.setattr(config, "GROUPS_FILE", own)
    [mention] = resolve_mentions(doc)
    assert (mention.text, mention.kind, mention.name, mention.via) == (
        "Army of Conquest", "group", "Jaish al-Fatah", "alias")


def test_financial_abbreviations_are_not_names() -> None:
    text = ("GTI CORP 4TH QTR NET\n\nSAN DIEGO, Feb 26 - Shr profit six cts vs loss two cts. "
            "Revs 4,814,000 vs 5,013,000. Avg shrs 3.2 mln. The loan is 20 mln U.S. Dlrs.")
    mentions = extract_entities([text])
    assert not mentions["text"].str.contains(r"\b(?:cts|Revs|Avg|Dlrs)\b", case=False).any()
    assert "United States" in set(mentions["name"])


def test_a_text_too_long_for_the_model_is_read_in_pieces(example, monkeypatch) -> None:
    import analysis.entities.extract as extract

    text, mentions = example
    body = text.split("\n", 1)[1]
    huge = text + ("\n\n" + body) * 1000  # ~1.1 million characters: spaCy refuses it whole
    pieces = extract.text_pieces(huge)
    assert len(huge) > 1_000_000 and "".join(piece for _, piece in pieces) == huge
    assert all(len(piece) <= extract.MAX_PIECE and huge.startswith(piece, offset) for offset, piece in pieces)
    monkeypatch.setattr(extract, "MAX_PIECE", 2_500)  # the example is ~1,100 characters
    long_text = text + ("\n\n" + body) * 6
    found = extract_entities([long_text])
    assert len(extract.text_pieces(long_text)) > 2
    assert all(long_text[s:e] == t for s, e, t in zip(found["start"], found["end"], found["text"]))
    lavrov = mentions["text"].str.contains("Lavrov") & mentions["start"].ge(text.index("\n"))
    found_lavrov = found["text"].str.contains("Lavrov") & found["start"].ge(text.index("\n"))
    assert found_lavrov.sum() == 7 * lavrov.sum()
    assert set(found.loc[found_lavrov, "name"]) == {"Sergei Lavrov"}  # resolved over the whole text
