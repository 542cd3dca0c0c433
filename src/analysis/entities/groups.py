"""Groups, organisations, institutions and media: aliases to canonical names.

The shipped table is ``data/groups.csv`` (columns ``name,kind,alias``, one row
per alias, ``#`` comment lines documenting the choices); an analyst adds rows or
overrides aliases with a CSV of the same columns. Aliases match by the rules
of ``analysis.entities.countries``: exactly; in capitals only when written in
capitals ("IS", "UN", dots ignored, so "is" and "Us" never match); otherwise,
from 4 letters, in any case but all lower case.

Bodies every state has (a foreign ministry, a parliament, a judiciary, a central
bank) are *qualified* by their country: their rows' name holds ``{demonym}``
("{demonym} Foreign Ministry"), filled with the country's adjective from
``data/demonyms.csv`` ("Iranian Foreign Ministry", "Russian Foreign Ministry").
The country is the one named inside the span ("Iranian Foreign Ministry",
"Iran's Foreign Ministry", "Ministry of Foreign Affairs of Ukraine"), else just
before or after it ("Russia's Foreign Ministry", "the Senate of Spain"), else the
body named the same way earlier (or later) in the text, else the text's most
mentioned country (``qualify_bodies``). A filled name that is itself an alias
takes that alias's name: "Iranian Parliament" is "Iranian Parliament (Majlis)",
"American Congress" "United States Congress". With no country at all the body
keeps its bare name ("Foreign Ministry").

An ORG span the table does not know is read by ``read_org``: a known person or
place the model took for an organisation is that person or place, and a span
that does not look like a group's name (the rules of ``data/group_rules.csv``)
is no group.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, TypeVar

from spacy.tokens import Span

from analysis.entities.countries import AliasIndex, country_name, data_file, fold, lookup_country, read_table
from analysis.entities.places import lookup_place
from analysis.text_rules import fold_apostrophes, is_possessive_mark

KINDS = frozenset(
    {
        "armed group",
        "movement",
        "party",
        "government body",
        "international organisation",
        "media",
        "company",
    }
)
"""Valid values of the ``kind`` column."""
COLUMNS = ("name", "kind", "alias")
VIA = "alias"
DEMONYM = "{demonym"
"""Start of the placeholder, in a name of ``groups.csv``, for the adjective of the body's country:
``{demonym}``, or ``{demonym|USA}`` for a body that, with no country named beside it, is that
country's ("Congress", "Senate")."""
_PLACEHOLDER = re.compile(r"\{demonym(?:\|([A-Z]{3}))?\}")
RULES = frozenset({"alone", "head", "event", "title", "end", "start", "plural"})
"""Valid values of the ``rule`` column of ``data/group_rules.csv``."""
LOOKUP_CACHE = 1 << 16
"""Mentions whose lookup a table remembers (emptied when full)."""
MIN_CAPITALS_PLACE = 4
"""Fewest letters of a word in capitals read as a place rather than a group ("KABUL"; "ICO" is a group)."""
MAX_EXTENSION = 5
"""Tokens after an unknown span tried for a longer known name ("Ports" + "and Maritime Organization")."""
_DATELINE = re.compile(r"^[A-Z][A-Z .]{2,}\s*[-–—]\s*(?=\S)")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|an|az)-[A-Z]")
_NOT_A_NAME = re.compile(r"https?:|www\.|\.com\b|[@#©]|pic\.twitter|[A-Za-z]-?[0-9]|[0-9][A-Za-z]")


@dataclass(frozen=True)
class GroupMatch:
    """A mention resolved to a group.

    Attributes:
        name: canonical name ("ISIS").
        kind: one of ``KINDS``.
        written: the form that matched, as written ("Daesh"; without a leading
            "the", a possessive or surrounding punctuation).
        via: "alias".
    """

    name: str
    kind: str
    written: str
    via: str = VIA


class GroupTable:
    """Aliases of groups, looked up by the module's matching rules.

    Args:
        rows: alias to ``(name, kind)``.
    """

    def __init__(self, rows: dict[str, tuple[str, str]]) -> None:
        self.rows = dict(rows)
        self._index = AliasIndex(self.rows.items())
        self._qualified_names: dict[str, str] | None = None
        self._found: dict[str, GroupMatch | None] = {}

    @property
    def aliases(self) -> dict[str, str]:
        """Alias to canonical name, for every alias (e.g. to build EntityRuler patterns)."""
        return {alias: name for alias, (name, _) in self.rows.items()}

    def lookup(self, text: str) -> GroupMatch | None:
        """Resolve a mention to a group.

        Besides the aliases themselves (also in British spelling: "Organisation of Petroleum
        Exporting Countries" for "Organization of ..."): a qualified body with its country inside
        ("Iranian Foreign Ministry", "Ministry of Foreign Affairs of Ukraine"), an
        alias after a dateline ("TEHRAN- National Iranian Gas Company") or before
        " in " a place ("IRNA in Algiers").

        Args:
            text: the mention as written ("the Daesh's", "(ISIS", "U.N.").

        Returns:
            The group, or None. A body found without its country has ``DEMONYM`` in
            its name (see ``qualify``).
        """
        if text not in self._found:
            if len(self._found) >= LOOKUP_CACHE:
                self._found.clear()
            found = self._index.match(text)
            if found is None and "isation" in text.lower():  # "Organisation" for an alias's "Organization"
                found = self._index.match(text.replace("isation", "ization").replace("ISATION", "IZATION"))
            self._found[text] = (GroupMatch(found[1][0], found[1][1], found[0]) if found is not None
                                 else self._qualified(text) or self._part(text))
        return self._found[text]

    def qualify(self, name: str, code: str | None) -> str:
        """A body's name for one country ("{demonym} Foreign Ministry", "IRN" -> "Iranian Foreign Ministry").

        Args:
            name: a name, with or without ``DEMONYM``.
            code: the country's ISO alpha-3 code; None for no country.

        Returns:
            The name of an alias the filled name is ("Iranian Parliament" -> "Iranian
            Parliament (Majlis)"), else the filled name; without ``DEMONYM`` the name
            unchanged; with no country the bare body ("Foreign Ministry").
        """
        if DEMONYM not in name:
            return name
        if code is None:
            return " ".join(_PLACEHOLDER.sub("", name).split())
        filled = _PLACEHOLDER.sub(adjectives().get(code) or country_name(code), name)
        found = self._index.match_form(filled)
        return found[0] if found is not None and DEMONYM not in found[0] else filled

    @staticmethod
    def default_country(name: str) -> str | None:
        """The country a body is when none is named beside it ("{demonym|USA} Congress" -> "USA"), or None."""
        found = _PLACEHOLDER.search(name)
        return found.group(1) if found else None

    def body_of(self, name: str) -> str | None:
        """The unqualified body a qualified name was made from ("Russian Foreign Ministry" -> "{demonym} Foreign Ministry")."""
        return self._bodies().get(name)

    def _bodies(self) -> dict[str, str]:
        """Qualified name to its body, for every body and country (built on first use)."""
        if self._qualified_names is None:
            templates = {name for name, _ in self.rows.values() if DEMONYM in name}
            self._qualified_names = {self.qualify(template, code): template
                                     for template in templates for code in adjectives()}
        return self._qualified_names

    def _qualified(self, text: str) -> GroupMatch | None:
        """A body with its country inside the span, before it (1 or 2 words) or after " of "; a
        group after a country or demonym ("Iraqi Popular Mobilization Units", "Lebanese Hezbollah")."""
        words = text.split()
        tries = [(" ".join(words[:size]), " ".join(words[size:]), True) for size in (1, 2) if len(words) > size]
        tries += [(text[at + 4:], text[:at], False) for at in _positions(text, " of ")]
        for country, body, before in tries:
            found = self._index.match(body)
            if found is None or not (before or DEMONYM in found[1][0]):
                continue
            match = lookup_country(country)
            if match is not None:
                return GroupMatch(self.qualify(found[1][0], match.code), found[1][1], text)
        return None

    def _part(self, text: str) -> GroupMatch | None:
        """An alias after a dateline or before " in "/" at " a place."""
        parts = [_DATELINE.sub("", text)] if _DATELINE.match(text) else []
        parts += [text.split(word, 1)[0] for word in (" in ", " at ") if word in text]
        for part in parts:
            found = self.lookup(part) if part and part != text else None
            if found is not None:
                return found
        return None


def read_groups(source: Path | object) -> dict[str, tuple[str, str]]:
    """Read a groups CSV (``name,kind,alias``).

    Args:
        source: the file (a path or a packaged resource).

    Returns:
        Alias to ``(name, kind)``; a later row for the same alias wins.

    Raises:
        ValueError: naming the file and line, for a wrong header, a missing or empty
            column, a kind not in ``KINDS`` or a ``{demonym|XXX}`` country with no demonym.
    """
    rows = {}
    for number, row in read_table(source, COLUMNS):
        if row["kind"] not in KINDS:
            raise ValueError(
                f"{source}: line {number}: kind {row['kind']!r} is invalid; "
                f"must be one of {sorted(KINDS)}"
            )
        default = GroupTable.default_country(row["name"])
        if default is not None and default not in adjectives():
            raise ValueError(f"{source}: line {number}: country {default!r} in {row['name']!r} has no "
                             "demonym in demonyms.csv; expected an ISO alpha-3 code such as 'USA'")
        rows[row["alias"]] = (row["name"], row["kind"])
    return rows


def load_groups(extra: str | Path | None = None) -> GroupTable:
    """The shipped group table, plus an analyst's own (cached while the file is unchanged).

    Args:
        extra: a CSV of the same columns; its rows add groups and aliases, and an
            alias it lists takes its name and kind from it.

    Returns:
        The table.

    Raises:
        ValueError: for a bad row in either file (see ``read_groups``).
        FileNotFoundError: when ``extra`` does not exist.
    """
    return _load_groups(None if extra is None else str(extra), file_version(extra))


def file_version(path: str | Path | None) -> tuple[int, int] | None:
    """A file's size and modification time (ns), so that a cache keyed on it sees an edit; None for no file.

    Raises:
        FileNotFoundError: when the file does not exist.
    """
    if path is None:
        return None
    stat = Path(path).stat()
    return stat.st_size, stat.st_mtime_ns


@functools.lru_cache(maxsize=8)
def _load_groups(extra: str | None, version: tuple[int, int] | None) -> GroupTable:
    rows = read_groups(data_file("groups.csv"))
    if extra is not None:
        rows.update(read_groups(Path(extra)))
    return GroupTable(rows)


def _positions(text: str, word: str) -> list[int]:
    """Where ``word`` starts in ``text``, every time."""
    return [at for at in range(len(text)) if text.startswith(word, at)]


@functools.lru_cache(maxsize=1)
def adjectives() -> dict[str, str]:
    """Each country's adjective: its first demonym in ``data/demonyms.csv`` ("IRN" -> "Iranian").

    Returns:
        ISO alpha-3 code to adjective.
    """
    found: dict[str, str] = {}
    for _, row in read_table(data_file("demonyms.csv"), ("demonym", "code")):
        found.setdefault(row["code"], row["demonym"])
    return found


@functools.lru_cache(maxsize=1)
def name_rules() -> dict[str, frozenset[str]]:
    """The rules of ``data/group_rules.csv``: rule to its folded words.

    Raises:
        ValueError: naming the file and line, for a rule not in ``RULES``.
    """
    source = data_file("group_rules.csv")
    rules: dict[str, set[str]] = {rule: set() for rule in RULES}
    for number, row in read_table(source, ("rule", "word")):
        if row["rule"] not in RULES:
            raise ValueError(f"{source}: line {number}: rule {row['rule']!r} is invalid; "
                             f"must be one of {sorted(RULES)}")
        rules[row["rule"]].add(fold(row["word"]))
    return {rule: frozenset(words) for rule, words in rules.items()}


def group_name(text: str) -> str | None:
    """An unknown ORG span's name when it looks like a group's name, by ``data/group_rules.csv``.

    The word that governs the name is its last word, or for "X of Y" the last word of X
    ("Supreme Council of Cultural Revolution" is a council, "Sykes-Picot Agreement" a treaty).

    Args:
        text: the span without a leading "the" or a possessive ("Maritime Organization").

    Returns:
        The name (after dropping a leading "this", "a", "its"... or anything up to a
        possessive: "bureau's Center for Dramatic Arts" -> "Center for Dramatic Arts"),
        or None: a word that never makes a group alone, a bare head ("Ministry"), an
        event, document or building ("Munich Security Conference"), a title ("Minister
        of Economic Affairs", "U.S. National Security Advisor"), a cut name
        ("Governor-General of"), a lower-case start other than an Arabic article
        ("al-Quds Brigades" is a name), a link, a handle or letters glued to digits
        ("660mn", "S-400").
    """
    rules = name_rules()
    words = _name_words(text.split(), rules["start"])
    if not words or _NOT_A_NAME.search(text) or not (words[0][:1].isupper() or _ARABIC_ARTICLE.match(words[0])):
        return None
    first, last, whole = fold(words[0]), fold(words[-1]), fold(" ".join(words))
    governing = fold(words[words.index("of", 1) - 1]) if "of" in words[1:-1] else last
    if whole in rules["alone"] or (len(words) == 1 and whole in rules["head"]) or last in rules["end"]:
        return None
    if governing in rules["event"] or governing in rules["title"]:
        return None
    if governing not in rules["head"] and (first in rules["title"] or last in rules["event"]):
        return None
    return _owned(words, rules) or " ".join(words)


def _owned(words: list[str], rules: dict[str, frozenset[str]]) -> str | None:
    """The body after a possessive inside a name ("Iranian Parliament's National Security Committee" ->
    "National Security Committee"), unless the possessor is a plural such as "People's"; None for none."""
    cut = next((index for index, word in enumerate(words[:-1]) if fold_apostrophes(word).endswith("'s")
                and fold(fold_apostrophes(word)[:-2]) not in rules["plural"]), None)
    if cut is None or len(words) - cut - 1 < 2:
        return None
    return group_name(" ".join(words[cut + 1:]))


def _name_words(words: list[str], starts: frozenset[str]) -> list[str]:
    """The words after anything up to a possessive when the span starts in lower case
    ("bureau's Center" -> "Center"), and after a leading lower-case determiner ("this")."""
    if words and words[0][:1].islower():
        cut = next((index for index, word in enumerate(words[:-1]) if fold_apostrophes(word).endswith("'s")), None)
        if cut is not None:
            return words[cut + 1:]
    while words and words[0][:1].islower() and fold(words[0]) in starts:
        words = words[1:]
    return words


def read_org(text: str, people: Mapping[str, str], surnames: Mapping[str, str], *,
             dateline: bool = False) -> tuple[str, str, str]:
    """Read an ORG span the groups table does not know: a group, a person, a place, or nothing.

    Args:
        text: the span without a leading "the" or a possessive ("Kerman", "U.S. Araqchi").
        people: the text's person names (short or full) to their full names.
        surnames: surnames of people named in full in the text to the full names.
        dateline: whether the span opens a line and a dash or comma follows it (``is_dateline``).

    Returns:
        ``(kind, name, code)``: ("person", full name, "") for a person of the text,
        alone or after a country ("U.S. Araqchi"); ("place", name, alpha-3) for a
        known place in capitals in a dateline ("KABUL -"; elsewhere a word in capitals
        is as often a team or a firm: "LEEDS", "ICO"); ("group", name, "") for a span
        that looks like a group's name (``group_name``; a one-word one that is a place
        of a country the text names is read as that place by ``places_taken_for_groups``);
        ("other", text, "") else, and for countries or places joined by "and" or "&" ("Israel & UAE").
    """
    words = text.split()
    for candidate in (text, " ".join(words[1:]) if len(words) > 1 and lookup_country(words[0]) else ""):
        full = surnames.get(candidate) or people.get(candidate)
        if full:
            return ("person", full, "")
    for joint in (" and ", " & "):
        parts = text.split(joint)
        if len(parts) > 1 and all(lookup_country(part) or lookup_place(part) for part in parts):
            return ("other", text, "")
    if dateline and len(words) == 1 and text.isupper() and len(text) >= MIN_CAPITALS_PLACE:
        place = lookup_place(text)
        if place is not None:
            return ("place", place.name, place.code)
    name = group_name(text)
    return ("group", name, "") if name else ("other", text, "")


def is_dateline(span: Span) -> bool:
    """Whether a span opens its line and a dash, comma or bracket follows it ("KABUL -", "TEHRAN, Jan 3")."""
    doc = span.doc
    opens = span.start == 0 or "\n" in doc[span.start - 1].text
    follows = doc[span.end].text[:1] if span.end < len(doc) else ""
    return opens and follows in ("-", "–", "—", ",", "(")


def lookup_span(groups: GroupTable, span: Span, text: str) -> tuple[GroupMatch, Span] | None:
    """Resolve an entity span to a group, with its country when it is a qualified body.

    Args:
        groups: the table.
        span: the span.
        text: its bare form (no leading "the", no possessive).

    Returns:
        The group and the span it covers: the span itself, or for a span the model
        cut short the longer known name ("P5" + "+1", "Ports" + "and Maritime
        Organization", up to ``MAX_EXTENSION`` tokens on); a body keeps ``DEMONYM`` in
        its name when no country is named inside, just before or just after it. None
        when no group is found.
    """
    if len(span) > 1 and span[-1].lower_ in ("of", "in", "for"):  # a name cut before its country
        span = span[:-1]
        text = span.text
    match = groups.lookup(text)
    if match is None and span.label_ == "ORG":
        match, span = _extended(groups, span)
    if match is None or DEMONYM not in match.name:
        return None if match is None else (match, span)
    code = _country_beside(span)
    return (replace(match, name=groups.qualify(match.name, code)) if code else match), span


def _extended(groups: GroupTable, span: Span) -> tuple[GroupMatch | None, Span]:
    doc = span.doc
    if span.end >= len(doc) or not _may_continue_name(doc[span.end]):
        return None, span
    for end in range(min(span.end + MAX_EXTENSION, len(doc)), span.end, -1):
        longer = doc[span.start:end]
        if "\n" in longer.text:
            continue
        match = groups.lookup(longer.text)
        if match is not None and DEMONYM not in match.name:
            return match, Span(doc, span.start, end, label=span.label_)
    return None, span


_NAME_JOINERS = frozenset({"+", "&", "and", "of", "for", "-", "'s", "’s"})


def _may_continue_name(token) -> bool:
    """Whether a name cut before this token may go on through it ("+1", "and Maritime", "Organization")."""
    return token.text[:1].isupper() or token.text[:1].isdigit() or token.lower_ in _NAME_JOINERS


def _country_beside(span: Span) -> str | None:
    """The country named just before a span ("Russia's", "Iranian") or just after it ("of Spain")."""
    doc, start = span.doc, span.start
    if start > 0 and is_possessive_mark(doc[start - 1].text):
        start -= 1
    for size in (1, 2):
        if start - size >= 0 and not doc[start - size].is_punct:
            match = lookup_country(doc[start - size:start].text)
            if match is not None:
                return match.code
    if span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
        after = span.end + 1 + (doc[span.end + 1].lower_ == "the")
        for size in (2, 1):
            if after + size <= len(doc):
                match = lookup_country(doc[after:after + size].text)
                if match is not None:
                    return match.code
    return None


class _Resolved(Protocol):
    kind: str
    name: str
    country: str


M = TypeVar("M", bound=_Resolved)


def qualify_bodies(mentions: Sequence[M], groups: GroupTable) -> list[M]:
    """Give the bodies left without a country the country of the text (see the module docstring).

    Args:
        mentions: one text's resolved mentions in text order (dataclasses with ``kind``,
            ``name`` and ``country``), groups with ``DEMONYM`` in their name unqualified.

    Returns:
        The mentions, each such body named for the country of the same body's nearest
        qualified mention before it, else after it, else its default country
        (``{demonym|USA}``), else the text's most mentioned country (ties: the first
        mentioned), else by its bare name.
    """
    if not any(mention.kind == "group" and DEMONYM in mention.name for mention in mentions):
        return list(mentions)
    codes = [mention.country for mention in mentions if mention.kind in ("country", "place") and mention.country]
    counts = Counter(codes)
    dominant = max(counts, key=lambda code: (counts[code], -codes.index(code))) if codes else None
    bodies = [groups.body_of(mention.name) if mention.kind == "group" else None for mention in mentions]
    qualified = []
    for index, mention in enumerate(mentions):
        if mention.kind == "group" and DEMONYM in mention.name:
            before = [mentions[i].name for i in range(index - 1, -1, -1) if bodies[i] == mention.name]
            after = [mentions[i].name for i in range(index + 1, len(mentions)) if bodies[i] == mention.name]
            code = groups.default_country(mention.name) or dominant
            name = (before or after or [groups.qualify(mention.name, code)])[0]
            mention = replace(mention, name=name)
        qualified.append(mention)
    return qualified


def group_short_forms(mentions: Sequence[M]) -> list[M]:
    """Name a one-word group the model found by the longer group of the same text it is short for.

    A one-word group not in the table that is the acronym of a longer group of the text
    ("UQ" after "University of Queensland") or one of its capitalised words ("Post" after
    "Washington Post") takes that group's name; a word shared by two groups stays as it is.

    Args:
        mentions: one text's resolved mentions (dataclasses with ``kind``, ``name``, ``via``).

    Returns:
        The mentions, short forms renamed.
    """
    longer: dict[str, str | None] = {}
    for name in dict.fromkeys(m.name for m in mentions if m.kind == "group" and len(m.name.split()) > 1):
        words = [word for word in name.split() if word[:1].isupper()]
        initials = "".join(word[0] for word in words)
        for short in {*words, *([initials] if len(initials) > 1 else [])} - {name}:
            longer[short] = name if longer.get(short, name) == name else None
    return [replace(m, name=longer[m.name]) if m.kind == "group" and m.via == "model" and longer.get(m.name)
            else m for m in mentions]


def settle_groups(mentions: Sequence[M], groups: GroupTable) -> list[M]:
    """The text-wide steps for groups: places taken for groups, bodies qualified by country, short forms.

    Args:
        mentions: one text's resolved mentions, in text order.
        groups: the table.

    Returns:
        The mentions (see ``qualify_bodies`` and ``group_short_forms``).
    """
    return group_short_forms(qualify_bodies(places_taken_for_groups(mentions), groups))


def places_taken_for_groups(mentions: Sequence[M]) -> list[M]:
    """Read a group the model found as a place when it is a known place of a country the text names.

    "Kerman" or "Natanz" in a text naming Iran, "Crimea" in one naming Ukraine are the
    places; a company named after a town ("Allegheny", "Mobil") stays a group unless
    the text names the town's country too, which keeps this rule to texts where the
    place reading is likely.

    Args:
        mentions: one text's resolved mentions (dataclasses with ``kind``, ``name``,
            ``country``, ``label`` and ``via``).

    Returns:
        The mentions, such groups as places (label "GPE", via "gazetteer").
    """
    named = {mention.country for mention in mentions if mention.kind == "country" and mention.country}
    read = []
    for mention in mentions:
        place = lookup_place(mention.name) if mention.kind == "group" and mention.via == "model" else None
        if place is not None and place.code in named:
            mention = replace(mention, kind="place", name=place.name, country=place.code, label="GPE",
                              via=place.via)
        read.append(mention)
    return read
