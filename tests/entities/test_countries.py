"""Country lookup: names, aliases, demonyms, capitals, canonical names, Reuters PLACES codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.config import CORPORA_DIR
from analysis.entities.countries import (
    capital_cities,
    country_name,
    country_terms,
    data_file,
    iso_codes_for_reuters_place,
    lookup_country,
    read_table,
)

REUTERS_PLACES = CORPORA_DIR / "reuters21578" / "all-places-strings.lc.txt"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("US", "USA"),
        ("U.S.", "USA"),
        ("U.S.A.", "USA"),
        ("USA", "USA"),
        ("United States", "USA"),
        ("America", "USA"),
        ("the States", "USA"),
        ("UK", "GBR"),
        ("U.K.", "GBR"),
        ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("England", "GBR"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Soviet Union", "RUS"),
        ("USSR", "RUS"),
        ("U.S.S.R.", "RUS"),
        ("Iran", "IRN"),
        ("Islamic Republic", "IRN"),
        ("Syria", "SYR"),
        ("Syrian Arab Republic", "SYR"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Taiwan", "TWN"),
        ("Vietnam", "VNM"),
        ("Laos", "LAO"),
        ("Bolivia", "BOL"),
        ("Venezuela", "VEN"),
        ("Tanzania", "TZA"),
        ("Moldova", "MDA"),
        ("Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("Ivory Coast", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("Palestine", "PSE"),
        ("Palestinian territories", "PSE"),
        ("Gaza", "PSE"),
        ("West Bank", "PSE"),
        ("Holland", "NLD"),
        ("Netherlands", "NLD"),
        ("the Netherlands", "NLD"),
        ("West Germany", "DEU"),
        ("East Germany", "DEU"),
        ("Zaire", "COD"),
        ("Kampuchea", "KHM"),
        ("UAE", "ARE"),
        ("U.A.E.", "ARE"),
        ("Emirates", "ARE"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Vatican", "VAT"),
        ("Macedonia", "MKD"),
        ("Iran, Islamic Republic of", "IRN"),
        ("Democratic People's Republic of Korea", "PRK"),
    ],
)
def test_names_and_aliases_resolve(written: str, code: str) -> None:
    match = lookup_country(written)
    assert match is not None and match.code == code
    assert match.via in {"name", "alias"}


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Russian", "RUS"),
        ("Russians", "RUS"),
        ("American", "USA"),
        ("Americans", "USA"),
        ("Iranian", "IRN"),
        ("Syrian", "SYR"),
        ("Iraqi", "IRQ"),
        ("Iraqis", "IRQ"),
        ("Turkish", "TUR"),
        ("Turk", "TUR"),
        ("Turks", "TUR"),
        ("British", "GBR"),
        ("Briton", "GBR"),
        ("Saudi", "SAU"),
        ("Israeli", "ISR"),
        ("Palestinian", "PSE"),
        ("Lebanese", "LBN"),
        ("Algerian", "DZA"),
        ("Egyptian", "EGY"),
        ("Chinese", "CHN"),
        ("French", "FRA"),
        ("German", "DEU"),
        ("Japanese", "JPN"),
        ("Soviet", "RUS"),
        ("South Korean", "KOR"),
        ("Dutch", "NLD"),
        ("Swiss", "CHE"),
        ("Filipinos", "PHL"),
    ],
)
def test_demonyms_resolve_as_demonyms(written: str, code: str) -> None:
    assert lookup_country(written) == lookup_country(written, capitals=True)
    match = lookup_country(written)
    assert match is not None and (match.code, match.via) == (code, "demonym")


@pytest.mark.parametrize(
    "written",
    [
        "Kurdish",
        "Kurds",
        "Arab",
        "Arabs",
        "Persian",
        "Korean",
        "Congolese",
        "English",
        "us",
        "Us",
        "uk",
        "u.s.",
        "it",
        "russia",
        "turkey",
        "china",
        "Korea",
        "Kurdistan",
        "",
        "'s",
    ],
)
def test_ambiguous_words_and_wrong_case_do_not_resolve(written: str) -> None:
    assert lookup_country(written) is None


@pytest.mark.parametrize(
    "written",
    [
        "the U.S.'s",
        "U.S",
        "U.S.'",
        "Russia’s",
        "Russia's",
        "(Russia)",
        '"Russia,"',
        "RUSSIA",
        "Syrians'",
        "  the  Russian Federation ",
        "THE USSR",
    ],
)
def test_mentions_are_cleaned_before_lookup(written: str) -> None:
    match = lookup_country(written)
    assert match is not None and match.code in {"USA", "RUS", "SYR"}


def test_capitals_resolve_only_when_asked() -> None:
    assert lookup_country("Moscow") is None
    assert lookup_country("Moscow", capitals=True).code == "RUS"
    assert lookup_country("Moscow", capitals=True).via == "capital"
    found = {
        name: lookup_country(name, capitals=True)
        for name in (
            "Washington",
            "Tehran",
            "Damascus",
            "Baghdad",
            "Beijing",
            "London",
            "Paris",
            "Ankara",
            "Riyadh",
        )
    }
    assert {name: match.code for name, match in found.items()} == {
        "Washington": "USA",
        "Tehran": "IRN",
        "Damascus": "SYR",
        "Baghdad": "IRQ",
        "Beijing": "CHN",
        "London": "GBR",
        "Paris": "FRA",
        "Ankara": "TUR",
        "Riyadh": "SAU",
    }


def test_contested_and_ambiguous_capitals_are_left_out() -> None:
    for name in ("Jerusalem", "Tel Aviv", "Victoria", "Male"):
        assert lookup_country(name, capitals=True) is None


def test_a_country_name_beats_its_capital_namesake() -> None:
    assert lookup_country("Singapore", capitals=True).via == "name"


def test_capitals_and_demonyms_cover_the_same_countries_but_the_documented_gaps() -> None:
    capitals = {code for _, code in capital_cities()}
    demonyms = {
        row["code"] for _, row in read_table(data_file("demonyms.csv"), ("demonym", "code"))
    }
    no_capital = {"ISR", "PSE", "SYC", "MDV"}  # contested; Victoria and Male are left out
    no_demonym = {"VAT", "COG", "COD", "DMA", "DOM"}  # none, or shared ("Congolese", "Dominican")
    assert not capitals & no_capital and not demonyms & no_demonym
    assert capitals | no_capital == demonyms | no_demonym
    assert len(capitals | no_capital) == 196  # the 193 UN members, Palestine, the Holy See, Taiwan


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("RUS", "Russia"),
        ("IRN", "Iran"),
        ("SYR", "Syria"),
        ("USA", "United States"),
        ("GBR", "United Kingdom"),
        ("KOR", "South Korea"),
        ("PRK", "North Korea"),
        ("TUR", "Turkey"),
        ("VNM", "Vietnam"),
        ("COD", "DR Congo"),
    ],
)
def test_canonical_short_names(code: str, name: str) -> None:
    assert country_name(code) == name
    assert lookup_country(name).name == name


def test_no_canonical_name_keeps_iso_punctuation() -> None:
    import pycountry

    names = [country_name(country.alpha_3) for country in pycountry.countries]
    assert not [name for name in names if set(name) & set(",()")]


def test_an_unknown_code_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="'XXX' is not an ISO 3166-1 alpha-3 code"):
        country_name("XXX")


def test_country_terms_label_names_gpe_and_demonyms_norp() -> None:
    terms = country_terms()
    assert (terms["Russia"], terms["U.S."], terms["Russian"], terms["Iraqis"]) == (
        "GPE",
        "GPE",
        "NORP",
        "NORP",
    )
    assert "Moscow" not in terms and "Korea, Republic of" not in terms


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("usa", "USA"),
        ("uk", "GBR"),
        ("west-germany", "DEU"),
        ("east-germany", "DEU"),
        ("ussr", "RUS"),
        ("el-salvador", "SLV"),
        ("hong-kong", "HKG"),
        ("taiwan", "TWN"),
        ("ivory-coast", "CIV"),
        ("uae", "ARE"),
        ("yemen-demo-republic", "YEM"),
        ("zaire", "COD"),
        ("netherlands-antilles", None),
    ],
)
def test_reuters_places_codes(place: str, code: str | None) -> None:
    assert iso_codes_for_reuters_place(place) == code


@pytest.mark.corpora
@pytest.mark.skipif(not REUTERS_PLACES.exists(), reason=f"{REUTERS_PLACES} is absent")
def test_every_reuters_place_maps_or_is_documented_as_none() -> None:
    documented_none = {
        row["place"]
        for _, row in read_table(
            data_file("reuters_places.csv"), ("place", "code"), optional=("code",)
        )
        if not row["code"]
    }
    places = REUTERS_PLACES.read_text(encoding="utf-8").split()
    assert len(places) == 175
    assert [
        place
        for place in places
        if iso_codes_for_reuters_place(place) is None and place not in documented_none
    ] == []


def test_read_table_names_file_and_line_of_a_bad_row(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.csv"
    bad.write_text("# comment\nalias,code\nRussia,RUS\nSyria\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"aliases\.csv: line 4: 1 values in 'Syria'; expected 2"):
        read_table(bad, ("alias", "code"))
    bad.write_text("alias,code\n,RUS\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"aliases\.csv: line 2: empty 'alias'"):
        read_table(bad, ("alias", "code"))
    bad.write_text("alias;code\n", encoding="utf-8")
    with pytest.raises(
        ValueError,
        match=r"aliases\.csv: line 1: header 'alias;code' is invalid; expected alias,code",
    ):
        read_table(bad, ("alias", "code"))


@pytest.mark.parametrize(
    ("text", "words", "language"),
    [
        ("The plays are staged in Persian, Arabic, Urdu, English and Turkish for pilgrims.", ["Turkish"], True),
        ("The book was published in Russian.", ["Russian"], True),
        ("It was published in French and Arabic.", ["French"], True),
        ("Russian, Chinese and Iranian officials met.", ["Russian", "Chinese", "Iranian"], False),
        ("He spoke to Turkish and Kurdish leaders.", ["Turkish"], False),  # Kurdish is a people too
        ("Troops entered Russian territory.", ["Russian"], False),
        ("Troops massed in Russian, Chinese and Iranian bases.", ["Russian"], False),
    ],
)
def test_a_demonym_in_a_list_of_languages_names_the_language(text: str, words: list[str], language: bool) -> None:
    import spacy

    from analysis.entities.extract import resolve_mentions

    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(text.index(word), text.index(word) + len(word), label="NORP") for word in words]
    kinds = {(m.text, m.label, m.country) for m in resolve_mentions(doc)}
    for word in words:
        assert ((word, "LANGUAGE", "") in kinds) == language
        assert any(found == word for found, _, _ in kinds)
