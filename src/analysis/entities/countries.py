"""Countries: names, aliases, demonyms and capitals to ISO 3166-1 alpha-3 codes.

The reference data lives next to this module, one CSV per kind of term
(lines starting with ``#`` are comments documenting the choices made):

- pycountry's ``name``, ``common_name`` and ``official_name`` of every country;
- ``data/country_names.csv`` (``code,name``): canonical short names where
  pycountry's is not the one the news uses ("Russia", "Turkey");
- ``data/country_aliases.csv`` (``alias,code``): other and former names
  ("U.S.", "Britain", "Soviet Union", "Zaire");
- ``data/demonyms.csv`` (``demonym,code``): "Russian", "Iraqis", "Briton";
- ``data/capitals.csv`` (``capital,code``): read only with ``capitals=True``;
- ``data/reuters_places.csv`` (``place,code``): Reuters-21578 PLACES codes
  that the generic lookup does not resolve.

Matching rules (shared with ``places`` and ``groups`` through ``AliasIndex``):
a term matches exactly as written; a term written in capitals ("US", "U.S.",
"USSR") is an abbreviation and matches only in capitals, dots ignored, so
"us" and "Us" never match; other terms of 4 letters or more also match in any
case, ignoring dots, accents, hyphens and apostrophes, except a text in all
lower case (a lower-case "turkey", "china" or "chad" is a word).
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Generic, TypeVar

import pycountry

from analysis.text_rules import (collapse_spaces, fold_apostrophes, fold_dashes, strip_edges,
                                 strip_leading_article, strip_possessive)

T = TypeVar("T")

_FOLD_DROPPED = str.maketrans({".": None, "'": None, "-": " "})
_MIN_FOLDED_LETTERS = 4

VIA_PRIORITY = ("name", "alias", "demonym", "capital")
"""The ``via`` of a ``CountryMatch``; a term listed under several resolves by the first."""


@dataclass(frozen=True)
class CountryMatch:
    """A mention resolved to a country.

    Attributes:
        code: ISO 3166-1 alpha-3 code.
        name: canonical short name (``country_name(code)``).
        via: how it matched: "name", "alias", "demonym" or "capital".
    """

    code: str
    name: str
    via: str


def data_file(name: str) -> Traversable:
    """A reference file shipped in ``analysis/entities/data``.

    Args:
        name: the file name, e.g. ``"demonyms.csv"``.

    Returns:
        The file, readable with ``read_text``.
    """
    return resources.files("analysis.entities").joinpath("data", name)


def read_table(
    source: Traversable | Path, columns: tuple[str, ...], *, optional: Iterable[str] = ()
) -> list[tuple[int, dict[str, str]]]:
    """Read a small reference CSV: a header row, ``#`` comment lines, no empty required values.

    Args:
        source: the file.
        columns: the columns the header must hold (extra columns are an error).
        optional: columns whose values may be empty.

    Returns:
        ``(line number, row)`` for each data row, values stripped.

    Raises:
        ValueError: naming the file and line, for a wrong header, a row with the wrong
            number of values or an empty required value.
    """
    lines = [
        (number, line)
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise ValueError(f"{source}: no header; expected the columns {','.join(columns)}")
    header_line, header = lines[0]
    if [value.strip() for value in next(csv.reader([header]))] != list(columns):
        raise ValueError(
            f"{source}: line {header_line}: header {header!r} is invalid; "
            f"expected {','.join(columns)}"
        )
    return [
        (number, _row(source, number, line, columns, frozenset(optional)))
        for number, line in lines[1:]
    ]


def _row(
    source: object, number: int, line: str, columns: tuple[str, ...], optional: frozenset[str]
) -> dict[str, str]:
    values = [value.strip() for value in next(csv.reader([line]))]
    if len(values) != len(columns):
        raise ValueError(
            f"{source}: line {number}: {len(values)} values in {line!r}; "
            f"expected {len(columns)} ({','.join(columns)})"
        )
    row = dict(zip(columns, values, strict=True))
    empty = [column for column in columns if not row[column] and column not in optional]
    if empty:
        raise ValueError(
            f"{source}: line {number}: empty {empty[0]!r} in {line!r}; a value is required"
        )
    return row


def mention_forms(text: str) -> list[str]:
    """The forms of a mention worth looking up, most literal first.

    The rules of ``analysis.text_rules`` apply: apostrophes and dashes are folded,
    surrounding whitespace and punctuation go (a final dot stays, for "U.S.");
    then the forms without a possessive ("Russia's", "Syrians'", "RUSSIA'S"),
    without a final dot and without a leading "the" are added.

    Args:
        text: the mention as written, e.g. ``"the U.S.'s"``.

    Returns:
        Distinct non-empty forms, e.g. for ``"the U.S.'s"``: ``["the U.S.'s", "the U.S.",
        "the U.S", "U.S.'s", "U.S.", "U.S"]``.
    """
    base = strip_edges(collapse_spaces(fold_dashes(fold_apostrophes(text))))
    bare = strip_edges(strip_possessive(base))
    forms = [base, bare, strip_edges(bare, keep_final_dot=False)]
    forms += [strip_leading_article(form) for form in forms]
    return [form for form in dict.fromkeys(forms) if form]


def fold(text: str) -> str:
    """The case-, accent-, dot-, hyphen- and apostrophe-insensitive key of a term.

    Args:
        text: a term, e.g. ``"Côte d'Ivoire"``.

    Returns:
        The key, e.g. ``"cote divoire"``.
    """
    decomposed = unicodedata.normalize("NFKD", fold_dashes(fold_apostrophes(text)))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.translate(_FOLD_DROPPED).casefold().split())


def _is_capitals(term: str) -> bool:
    return term.upper() == term and any(char.isalpha() for char in term)


class AliasIndex(Generic[T]):
    """Terms to values, looked up by the module's matching rules (see the module docstring).

    Args:
        entries: ``(term, value)`` pairs, highest priority first: a term (or folded
            key) already present keeps its first value.
    """

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        self.exact: dict[str, T] = {}
        self.capitals: dict[str, T] = {}
        self.folded: dict[str, T] = {}
        for term, value in entries:
            self.exact.setdefault(term, value)
            if _is_capitals(term):
                self.capitals.setdefault(term.replace(".", ""), value)
            elif sum(char.isalpha() for char in term) >= _MIN_FOLDED_LETTERS:
                self.folded.setdefault(fold(term), value)

    def match(self, text: str) -> tuple[str, T] | None:
        """Look a mention up: every form exactly, then in capitals, then folded.

        Args:
            text: the mention as written (see ``mention_forms``).

        Returns:
            The form that matched and its value, or None.
        """
        forms = mention_forms(text)
        for step in (self._exact, self._in_capitals, self._folded):
            for form in forms:
                value = step(form)
                if value is not None:
                    return form, value
        return None

    def match_form(self, form: str) -> T | None:
        """Look up one cleaned form (no punctuation around it, no possessive).

        Args:
            form: the form.

        Returns:
            Its value, or None.
        """
        return self._exact(form) or self._in_capitals(form) or self._folded(form)

    def _exact(self, form: str) -> T | None:
        return self.exact.get(form)

    def _in_capitals(self, form: str) -> T | None:
        return self.capitals.get(form.replace(".", ""))

    def _folded(self, form: str) -> T | None:
        return None if form.lower() == form else self.folded.get(fold(form))


@functools.lru_cache(maxsize=1)
def _canonical_names() -> dict[str, str]:
    overrides = {
        row["code"]: row["name"] for _, row in _country_rows("country_names.csv", ("code", "name"))
    }
    return {
        country.alpha_3: overrides.get(country.alpha_3)
        or getattr(country, "common_name", country.name)
        for country in pycountry.countries
    }


def country_name(code: str) -> str:
    """The canonical short name of a country.

    Args:
        code: ISO 3166-1 alpha-3 code, e.g. ``"RUS"``.

    Returns:
        The name, e.g. ``"Russia"``.

    Raises:
        KeyError: for a code that is not an ISO 3166-1 alpha-3 code.
    """
    names = _canonical_names()
    if code not in names:
        raise KeyError(f"country code {code!r} is not an ISO 3166-1 alpha-3 code")
    return names[code]


def _country_rows(
    file: str, columns: tuple[str, str], *, optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    source = data_file(file)
    for number, row in read_table(source, columns, optional=optional):
        if row["code"] and pycountry.countries.get(alpha_3=row["code"]) is None:
            raise ValueError(
                f"{source}: line {number}: code {row['code']!r} is not an ISO 3166-1 alpha-3 code"
            )
        yield number, row


def _pycountry_names() -> Iterator[tuple[str, str]]:
    for country in pycountry.countries:
        yield country_name(country.alpha_3), country.alpha_3
        for attribute in ("name", "common_name", "official_name"):
            if hasattr(country, attribute):
                yield getattr(country, attribute), country.alpha_3


def _terms(via: str) -> Iterator[tuple[str, str]]:
    """``(term, code)`` pairs of one kind of term."""
    if via == "name":
        yield from _pycountry_names()
        return
    file, column = {
        "alias": ("country_aliases.csv", "alias"),
        "demonym": ("demonyms.csv", "demonym"),
        "capital": ("capitals.csv", "capital"),
    }[via]
    for _, row in _country_rows(file, (column, "code")):
        yield row[column], row["code"]


@functools.lru_cache(maxsize=2)
def _index(capitals: bool) -> AliasIndex[CountryMatch]:
    kinds = VIA_PRIORITY if capitals else VIA_PRIORITY[:-1]
    return AliasIndex(
        (term, CountryMatch(code, country_name(code), via))
        for via in kinds
        for term, code in _terms(via)
    )


@functools.lru_cache(maxsize=1 << 16)
def lookup_country(text: str, *, capitals: bool = False) -> CountryMatch | None:
    """Resolve a mention to a country.

    Args:
        text: the mention as written ("the U.S.'s", "Russians", "Iran").
        capitals: also read capital cities as their country ("Moscow says"), with
            ``via="capital"``.

    Returns:
        The country, or None when the text names no country (ambiguous words such as
        "Arab", "Kurdish", "Korean" or "Persian" name none).
    """
    found = _index(capitals).match(text)
    return None if found is None else found[1]


@functools.lru_cache(maxsize=1)
def name_openings() -> frozenset[str]:
    """The opening words of country names and aliases of two words or more, case-folded.

    Returns:
        Keys such as ``"guinea"`` (of "Guinea-Bissau"), ``"papua"`` and ``"papua new"``,
        ``"zionist"``, words joined by one space: a span whose ``casefold()`` is one of them
        may open a longer country name. (A cheap test: ``fold`` costs about 15 µs.)
    """
    openings = set()
    for via in ("name", "alias"):
        for term, _ in _terms(via):
            words = term.casefold().replace("-", " ").split()
            openings.update(" ".join(words[:size]) for size in range(1, len(words)))
    return frozenset(openings)


def capital_cities() -> list[tuple[str, str]]:
    """The capitals of ``data/capitals.csv``.

    Returns:
        ``(capital, alpha-3 code)`` pairs, in file order.
    """
    return list(_terms("capital"))


def country_terms() -> dict[str, str]:
    """Every country name and alias (label "GPE") and demonym ("NORP"), for an EntityRuler.

    Names with a comma or brackets (pycountry's "Korea, Republic of") are left out:
    no text writes them.

    Returns:
        Term to spaCy label.
    """
    terms = {term: "NORP" for term, _ in _terms("demonym")}
    terms.update(
        (term, "GPE")
        for via in ("name", "alias")
        for term, _ in _terms(via)
        if not set(term) & set(",()")
    )
    return terms


@functools.lru_cache(maxsize=1)
def _reuters_overrides() -> dict[str, str | None]:
    return {
        row["place"]: row["code"] or None
        for _, row in _country_rows("reuters_places.csv", ("place", "code"), optional=("code",))
    }


def iso_codes_for_reuters_place(code: str) -> str | None:
    """The ISO alpha-3 code of a Reuters-21578 PLACES code.

    ``data/reuters_places.csv`` holds the codes the generic lookup (hyphens read
    as spaces, then ``lookup_country``) gets wrong or misses, and the ones with no
    country (an empty code there, with the reason).

    Args:
        code: the PLACES code, e.g. ``"west-germany"``, ``"usa"``.

    Returns:
        The alpha-3 code (``"DEU"``, ``"USA"``), or None for a place that is no country.
    """
    overrides = _reuters_overrides()
    if code in overrides:
        return overrides[code]
    match = lookup_country(code.replace("-", " ").title())
    return None if match is None else match.code
