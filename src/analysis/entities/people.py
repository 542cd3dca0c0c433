"""People's names: what is a person, and the person's name within an article and across a corpus.

Reference data (in ``data/``, each file's header documents it):

- ``titles.txt``: titles and honorifics stripped from the front ("Sayyed", "King", "Pope");
- ``descriptors.txt``: words describing a person, stripped from the front ("Billionaire George Soros");
- ``people_aliases.csv``: other spellings of prominent people's names ("Araqchi" = "Araghchi"),
  one person across the corpus (``merge_variants``), in the canonical spelling when written;
- ``not_people.csv``: names the model labels PERSON that are not people ("Twitter", "Neolithic").

The spans themselves are mended first, in ``analysis.entities.person_spans``.

Short forms are resolved within an article (``resolve_short_forms``): a surname, a
first name, a name without its al-/el- particle or its regnal number, a plural-ish
"Trumps". Across a corpus (``merge_variants``) only safe merges are made.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable

import pandas as pd

from analysis.entities.countries import data_file, lookup_country, read_table
from analysis.text_rules import bare_name, strip_edges

PARTICLES = frozenset({"al", "el", "al-", "el-"})
"""Arabic article words dropped when comparing names ("Al Thani" = "Thani"); "al-"/"el-" prefixes too."""

_REGNAL = re.compile(r"^(?:[IVX]+|Jr\.?|Sr\.?)$")
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|as|ash|ad|ar|at|az)-", re.IGNORECASE)
_GLUED = re.compile(r"[a-z]{3,}[A-Z]|[^\w\s.'-]|\d")
_NICKNAME = re.compile(r"^[\"“‘'][^\"“”‘’']+[\"”’']$")
_CAPITAL_INSIDE = re.compile(r"^(?:Fitz|Vander|Van|Von|Mac|Mc|De|Di|Da|Du|La|Le|O')[A-Z]")


@functools.lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return _word_list("titles.txt")


@functools.lru_cache(maxsize=1)
def _descriptors() -> frozenset[str]:
    return _word_list("descriptors.txt")


def _word_list(name: str) -> frozenset[str]:
    text = data_file(name).read_text(encoding="utf-8")
    return frozenset(_title_key(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def _alias_rows() -> tuple[dict[str, str], ...]:
    return tuple(row for _, row in read_table(data_file("people_aliases.csv"), ("name", "alias"), optional=("alias",)))


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Casefolded alias -> canonical name, from ``data/people_aliases.csv`` (a one-word alias has a one-word name)."""
    aliases = {row["alias"].casefold(): row["name"] for row in _alias_rows() if row["alias"]}
    wrong = sorted(alias for alias, name in aliases.items() if len(alias.split()) == 1 and len(name.split()) != 1)
    if wrong:
        raise ValueError(f"{data_file('people_aliases.csv')}: the one-word aliases {wrong} have names of several "
                         "words; expected one word (the surname's canonical spelling)")
    return aliases


@functools.lru_cache(maxsize=1)
def known_people() -> frozenset[str]:
    """The prominent people of ``data/people_aliases.csv`` (rows with an empty alias): safe targets of a surname.

    Returns:
        Their canonical names, e.g. ``"Vladimir Putin"``.
    """
    return frozenset(row["name"] for row in _alias_rows() if not row["alias"])


@functools.lru_cache(maxsize=1)
def _not_people() -> tuple[dict[str, str], dict[str, str]]:
    """Casefolded whole names and last words that are not people, each to the label to read them under."""
    whole, last = {}, {}
    for number, row in read_table(data_file("not_people.csv"), ("name", "label", "part")):
        if row["part"] not in ("whole", "last"):
            raise ValueError(f"{data_file('not_people.csv')}: line {number}: part {row['part']!r} "
                             "must be whole or last")
        (whole if row["part"] == "whole" else last)[row["name"].casefold()] = row["label"]
    return whole, last


def _title_key(words: str) -> str:
    return " ".join(word.rstrip(".").casefold() for word in words.split())


@functools.lru_cache(maxsize=65536)
def clean_person(text: str) -> str:
    """Strip titles, honorifics, descriptors, lower-case words, a leading "the" and a possessive from a person mention.

    The name is first made bare by ``analysis.text_rules.bare_name`` (apostrophes and
    dashes folded, edges stripped, a final dot kept: "Jr."). Titles (``titles.txt``) go
    whatever follows; descriptors (``descriptors.txt``) and a country or demonym before a
    title or descriptor ("US Commerce Secretary", "Russian billionaire") go only while a
    capitalised word follows; so do lower-case words other than name particles
    (``NAME_PARTICLES``: "al-Assad", "de Gaulle"). The spelling is kept: other spellings of one person
    (``people_aliases.csv``) are joined across the corpus by ``merge_variants``.

    Args:
        text: the mention as written, e.g. ``"Foreign Minister Sergei Lavrov’s"``.

    Returns:
        The bare name, e.g. ``"Sergei Lavrov"`` ("" when nothing but a title is left).
    """
    words = bare_name(text).split()
    while words and (size := _prefix(words) or _lower_case_prefix(words)):
        words = words[size:]
    return strip_edges(" ".join(words))


NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "ben", "abu", "de", "del", "della", "der", "den", "di",
                            "da", "dos", "das", "du", "la", "le", "van", "von", "ter", "ten", "y", "zu"})
"""Lower-case words that may begin or be inside a person's name ("al-Assad", "de Gaulle", "van Gogh")."""


def _lower_case_prefix(words: list[str]) -> int:
    """1 when the name's first word is lower case, no name particle, and a capitalised word follows ("slam Zarif")."""
    first = words[0]
    if (not first[:1].islower() or first.casefold() in NAME_PARTICLES or _PARTICLE_PREFIX.match(first)
            or not any(word[:1].isupper() for word in words[1:])):
        return 0
    return 1


def _prefix(words: list[str]) -> int:
    """How many words at the front of a name are a title, a descriptor or a qualifying country."""
    titles, descriptors = _titles(), _descriptors()
    title = next((size for size in range(min(4, len(words)), 0, -1)
                  if _title_key(" ".join(words[:size])) in titles), 0)
    if title:
        return title
    if len(words) > 1 and _title_key(words[0]) in descriptors and (
            words[1][:1].isupper() or _title_key(words[1]) in descriptors):
        return 1
    for size in (1, 2):  # "US President", "United States Secretary of State", "Russian billionaire"
        rest = words[size:]
        if len(rest) > 1 and (_title_key(rest[0]) in descriptors or _prefix_title(rest)) \
                and lookup_country(" ".join(words[:size])) is not None:
            return size
    return 0


def _prefix_title(words: list[str]) -> bool:
    return any(_title_key(" ".join(words[:size])) in _titles() for size in range(1, min(4, len(words)) + 1))


def is_regnal_number(word: str) -> bool:
    """Whether a word is a regnal number ("II", "XVI"; not "I", which is mostly the pronoun).

    Args:
        word: a token.

    Returns:
        True for two or more of I, V, X.
    """
    return len(word) > 1 and word[0] in "IVX" and _REGNAL.match(word) is not None


def strip_particle(word: str) -> str:
    """A word without a leading Arabic article ("al-Zarqawi" -> "Zarqawi", "el-Sisi" -> "Sisi").

    Args:
        word: a word of a name.

    Returns:
        The word without its al-/el-/as-/ash-/ad-/ar-/at-/az- prefix.
    """
    return _PARTICLE_PREFIX.sub("", word)


def never_a_surname(word: str) -> bool:
    """Whether a capitalised word is a title, a descriptor or a head noun of things (never a person's surname).

    Args:
        word: a word, e.g. ``"Minister"``, ``"Billionaire"``, ``"Mosque"``.

    Returns:
        True when ``titles.txt``, ``descriptors.txt`` or the last words of
        ``not_people.csv`` hold it (any case).
    """
    key = word.casefold()
    return key in _titles() or key in _descriptors() or key in _not_people()[1]


def not_person_label(name: str) -> str | None:
    """The label a name the model took for a person should have, when it is not a person.

    Args:
        name: a cleaned person name (``clean_person``), e.g. ``"Twitter"``, ``"Jameh Mosque"``.

    Returns:
        A spaCy label (``"ORG"``, ``"NORP"``, ``"FAC"``, ...) from ``data/not_people.csv``,
        or None when nothing says the name is not a person's.
    """
    whole, last = _not_people()
    key = name.casefold()
    if key in whole:
        return whole[key]
    words = key.split()
    if len(words) < 2:
        return None
    return next((last[part] for part in (words[-1], *words[-1].split("-")) if part in last), None)


def is_junk_name(name: str) -> bool:
    """Whether a name is a tokenisation accident, never a merge target ("accusesVladimir Putin", "the\"Russia").

    Args:
        name: a person name.

    Returns:
        True for names with digits, glued words (three lower-case letters then a
        capital: "accusesVladimir", not "MacDonald", "ElBaradei", "FitzGerald") or
        punctuation other than ``. - '``.
    """
    return any(_GLUED.search(_CAPITAL_INSIDE.sub("X", _NICKNAME.sub("X", word))) for word in name.split())


def name_key(name: str) -> tuple[str, ...]:
    """The words two names are compared by: casefolded, without al-/el- particles.

    Args:
        name: a person name, e.g. ``"Bashar al-Assad"``.

    Returns:
        e.g. ``("bashar", "assad")``; ``"Al-Assad"`` and ``"Assad"`` give ``("assad",)``.
    """
    words = (_PARTICLE_PREFIX.sub("", word).casefold() for word in name.split())
    return tuple(word for word in words if word and word not in PARTICLES)


def _without_regnal(key: tuple[str, ...], name: str) -> tuple[str, ...]:
    """A key without its trailing regnal number or Jr./Sr. ("Charles III" -> ("charles",))."""
    last = name.split()[-1] if name.split() else ""
    return key[:-1] if len(key) > 1 and _REGNAL.match(last) else key


def is_short_form(short: str, full: str) -> bool:
    """Whether ``short`` may stand for ``full`` in a text that names both.

    A short form is the full name's last words ("Lavrov" of "Sergei Lavrov"), with or
    without the al-/el- particle ("Al-Assad", "Assad" of "Bashar al-Assad") and before a
    regnal number ("Charles" of "Charles III"), or its first words ("Ebrahim" of
    "Ebrahim Raisi", "Shah Mehmood" of "Shah Mehmood Qureshi"). Case is ignored.

    Args:
        short: a name, e.g. ``"Assad"``.
        full: a longer name, e.g. ``"Bashar al-Assad"``.

    Returns:
        True when short is a short form of full.
    """
    short_key, full_key = name_key(short), name_key(full)
    if not short_key or len(short_key) >= len(full_key):
        return False
    bare = _without_regnal(full_key, full)
    return (full_key[-len(short_key):] == short_key or bare[-len(short_key):] == short_key
            or full_key[:len(short_key)] == short_key)


def spelling_key(name: str) -> tuple[str, ...]:
    """The words names are compared by across a corpus: ``name_key`` of the name's canonical spelling.

    Args:
        name: a person name, e.g. ``"Abbas Araqchi"``.

    Returns:
        ``name_key`` of its spelling in ``people_aliases.csv`` (a whole name's row first,
        then each word's one-word row), e.g. ``("abbas", "araghchi")``; "Araqchi" gives
        ``("araghchi",)``.
    """
    aliases = _aliases()
    words = name_key(aliases.get(name.casefold(), name))
    return tuple(aliases.get(word, word).casefold() for word in words)


def _is_surname_form(short: str, full: str) -> bool:
    """Whether ``short`` is ``full``'s last words (particles and spellings aside): the only short form used across articles."""
    short_key, full_key = spelling_key(short), spelling_key(full)
    return 0 < len(short_key) < len(full_key) and full_key[-len(short_key):] == short_key


def resolve_short_forms(names: Iterable[str], *, unreliable: Collection[str] = ()) -> dict[str, str]:
    """Map each name of one article to the fullest name it is a short form of.

    "Lavrov" becomes "Sergei Lavrov" when that name appears in the same article, as do
    "Al-Assad" and "Assad" with "Bashar al-Assad", "Charles" with "Charles III",
    "Ebrahim" with "Ebrahim Raisi" (see ``is_short_form``), and "Trumps" with
    "Donald Trump" (an "s" too many, when the name without it is a name of the article).
    A short form that several people of the article share is left as written; so is a
    name written in the same words ("PUTIN" and "Putin" keep their own forms).

    Args:
        names: the cleaned person names of one article.
        unreliable: names that are resolved but never taken as the full name of
            another, e.g. those of a Title Case headline ("Hunter Biden Testifies").

    Returns:
        Name to resolved name, for every name given.
    """
    distinct = sorted(set(names), key=lambda name: (-len(name.split()), name))
    resolved = {}
    for name in distinct:
        fuller = [other for other in distinct if other not in unreliable and is_short_form(name, other)]
        widest = [other for other in fuller if not any(is_short_form(other, third) for third in fuller)]
        resolved[name] = widest[0] if len(widest) == 1 else name
    for name in distinct:
        stem = name[:-1]
        if len(name.split()) == 1 and name.endswith("s") and len(stem) > 2 and resolved[name] == name:
            matches = {resolved[other] for other in distinct
                       if other != name and (other == stem or _is_surname_form(stem, other))}
            if len(matches) == 1:
                resolved[name] = matches.pop()
    return resolved


def surname_index(full_names: Iterable[str]) -> dict[str, str]:
    """The surnames of an article's people, as they may be written, each to the full name.

    Args:
        full_names: the resolved person names of one article.

    Returns:
        Written surname to full name: "Assad", "al-Assad" and "Al-Assad" for "Bashar al-Assad";
        a surname two people share is left out.
    """
    index: dict[str, set[str]] = {}
    for full in full_names:
        words = full.split()
        if len(words) < 2:
            continue
        last = words[-1]
        bare = _PARTICLE_PREFIX.sub("", last)
        for form in {last, bare, f"al-{bare}", f"Al-{bare}", f"el-{bare}", f"El-{bare}"}:
            index.setdefault(form, set()).add(full)
    return {form: next(iter(fulls)) for form, fulls in index.items() if len(fulls) == 1}


MERGE_COLUMNS = ["name", "merged", "n_mentions", "n_articles", "certain", "candidates", "reason"]
"""Columns of ``merge_variants``'s table."""


def merge_variants(names: pd.Series, article_ids: pd.Series | None = None, *,
                   apart: Collection[tuple[str, str]] = ()) -> pd.DataFrame:
    """Merge name variants across a corpus, only where it is safe.

    A name merges into the one longer name it is the last words of ("Zarif" and "Javad
    Zarif" into "Mohammad Javad Zarif"; the al-/el- particle is ignored), and a name
    with middle initials, in other case or in another spelling of a prominent person
    (``people_aliases.csv``) into the canonical or most used form ("Vladimir V. Putin" into
    "Vladimir Putin"). It is not merged, and is listed for review (``certain`` False)
    when several longer names fit ("Smith": "Jane Smith", "John Smith") and none is seen in
    ``DOMINANCE`` times as many articles as the others (one that is takes the name, and the case
    is still listed for review, reason "dominant candidate"), when a one-word
    name would merge into a name seen in a single article ("Twitter" into "Albert
    Einstein's Twitter") that is not a prominent person's (``known_people``), or when a one-word name is also the first name of another
    person of the corpus ("Hillary": "Edmund Hillary", "Hillary Clinton"). Junk names
    (``is_junk_name``: "accusesVladimir Putin") are never candidates.

    Args:
        names: person names (resolved within their articles), with repeats.
        article_ids: the article of each name (same index); each mention is its own
            article when None.
        apart: ``(name, target)`` pairs never to merge (an analyst's decisions); a
            target of ``""`` keeps the name apart from every longer name.

    Returns:
        One row per distinct name, columns ``MERGE_COLUMNS``: ``name``, ``merged`` (the
        name to count it under), ``n_mentions``, ``n_articles``, ``certain``,
        ``candidates`` (the longer names that fit, "; "-joined) and ``reason`` (why an
        uncertain name was left apart: "several candidates", "candidate in one article",
        "also a first name"; or merged into a "dominant candidate"; "" otherwise).
    """
    frame = pd.DataFrame({"name": names.astype(str).to_numpy(),
                          "article": (article_ids if article_ids is not None else pd.Series(range(len(names))))
                          .astype(str).to_numpy()})
    stats = frame.groupby("name").agg(n_mentions=("article", "size"), n_articles=("article", "nunique"))
    stats = stats.sort_values("n_mentions", ascending=False, kind="stable")
    articles = stats["n_articles"].to_dict()
    clean = [name for name in stats.index if not is_junk_name(name)]
    variant_of = _spelling_variants(clean, stats)
    heads = [name for name in clean if name not in variant_of]
    keys = {name: spelling_key(name) for name in clean}
    known = {spelling_key(name) for name in known_people()}
    first_words = {keys[name][0] for name in heads if len(keys[name]) > 1}
    by_last: dict[str, list[str]] = {}
    for name in heads:
        if keys[name]:
            by_last.setdefault(keys[name][-1], []).append(name)
    rows = []
    for name, (n_mentions, n_articles) in stats.iterrows():
        merged, candidates, reason = name, [], ""
        if name in variant_of:
            merged = variant_of[name]
            candidates = [merged]
        elif name in heads and keys[name] and (name, "") not in apart:
            longer = [other for other in by_last[keys[name][-1]]
                      if _is_surname_form(name, other) and (name, other) not in apart]
            candidates = [other for other in longer if not any(_is_surname_form(other, third) for third in longer)]
            one_word = len(keys[name]) == 1
            dominant = _dominant(candidates, articles)
            if dominant is not None:
                merged, reason = dominant, "dominant candidate"
            elif len(candidates) > 1:
                reason = "several candidates"
            elif candidates and one_word and articles[candidates[0]] < 2 and keys[candidates[0]] not in known:
                reason = "candidate in one article"
            elif candidates and one_word and keys[name][0] in first_words:
                reason = "also a first name"
            elif candidates:
                merged = candidates[0]
        rows.append((name, merged, int(n_mentions), int(n_articles), not reason, "; ".join(sorted(candidates)),
                     reason))
    return pd.DataFrame(rows, columns=MERGE_COLUMNS)


DOMINANCE = 10
"""A name fitting several longer names merges into the one seen in at least this many times as
many articles as any other (and in ``MIN_DOMINANT_ARTICLES``): "Trump" into "Donald Trump" (161
articles) beside "Melania Trump" (1); "Clinton" stays apart (Hillary 71, Bill 13)."""

MIN_DOMINANT_ARTICLES = 3


def _dominant(candidates: list[str], articles: dict[str, int]) -> str | None:
    """The candidate that dominates the others (see ``DOMINANCE``), or None."""
    if len(candidates) < 2:
        return None
    ranked = sorted(candidates, key=lambda name: (-articles[name], name))
    top, runner_up = articles[ranked[0]], articles[ranked[1]]
    return ranked[0] if top >= MIN_DOMINANT_ARTICLES and top >= DOMINANCE * runner_up else None


def _spelling_variants(names: list[str], stats: pd.DataFrame) -> dict[str, str]:
    """Names that are one name written otherwise, each to the form the corpus uses most.

    Two names are one when their ``spelling_key`` is the same once middle initials are
    dropped ("Vladimir V. Putin", "PUTIN", "Sergey Lavrov" = "Sergei Lavrov"), unless the
    corpus writes the name with different initials ("George H. W. Bush", "George W. Bush":
    each keeps its own, and the name without initials stays apart). The form
    kept is the canonical spelling of ``people_aliases.csv`` when the corpus writes it;
    otherwise the form without middle initials in the most articles, then with the most mentions.
    """
    canonical = {row["name"] for row in _alias_rows()}
    groups: dict[tuple[str, ...], list[str]] = {}
    for name in names:
        words = name.replace(".", ". ").split()
        bare = words[:1] + [word for word in words[1:-1] if len(word.rstrip(".")) > 1] + words[-1:]
        groups.setdefault(spelling_key(" ".join(bare) if len(words) > 1 else name), []).append(name)
    variants = {}
    for members in groups.values():
        initials = {_initials(name) for name in members} - {()}
        if len(initials) > 1:  # "George H. W. Bush" and "George W. Bush" are two people
            parts = [[name for name in members if _initials(name) == own] for own in initials]
        else:
            parts = [members]
        for part in parts:
            if len(part) > 1:
                head = min(part, key=lambda name: (name not in canonical, len(name.split()),
                                                   -stats.at[name, "n_articles"], -stats.at[name, "n_mentions"], name))
                variants.update({name: head for name in part if name != head})
    return variants


def _initials(name: str) -> tuple[str, ...]:
    """The middle initials of a name, upper-cased ("George H. W. Bush": ("H", "W"))."""
    words = name.replace(".", ". ").split()
    return tuple(word.rstrip(".").upper() for word in words[1:-1] if len(word.rstrip(".")) == 1)
