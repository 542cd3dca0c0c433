"""Mentions of people, countries, groups and places, with canonical names.

``extract_entities`` runs the pipeline of ``analysis.entities.model`` over
texts and resolves each mention:

1. Group aliases (``data/groups.csv`` and an analyst's own file) win over the
   model's label: "Daesh", "ISIS" and "ISIL" are the group ISIS whatever the
   model called them, and keep their written form in ``text``. Bodies such as a
   foreign ministry are named for their country, and an unknown ORG is a group
   only when it looks like a name (``analysis.entities.groups``).
2. Country names, aliases and demonyms give the country ("Russian" -> Russia,
   ``via="demonym"``); capitals too when ``capitals=True`` ("Moscow says").
   A country's name the model took for a person ("Sri Lanka", "U.S.") is the
   country, and a one-word place so taken ("Rotterdam") the place, unless it
   is the surname of a person named in full in the text.
3. Cities and regions resolve to their country through the gazetteer; a one-word
   person only to a major place ("Moscow said", not "Obama said"); a one-word place
   after a title ("President Obama") is a person; a capital the model took for a
   group is the place. The dateline ("TEHRAN –", "BEIRUT, Lebanon (AP) —", see
   ``analysis.entities.datelines``) gives its places and agency over the model's
   spans there. A country name cut at a hyphen ("Guinea-Bissau") or before its
   last word ("Zionist regime") is joined; "Georgia" in a US story is the state.
4. Person spans are mended first (``analysis.entities.person_spans``: split names
   joined, rulers found, non-people relabelled); people lose titles, descriptors
   and possessives, and short forms take the full name
   used in the same text ("Lavrov" -> "Sergei Lavrov", ``via="short form"``);
   a mention the model mislabelled but which is the surname of a person named
   in full in the same text becomes a person.
5. An entity made of a demonym and a title ("Russian FM") keeps only the
   demonym; in a Title Case or upper-case headline, entities that resolve to
   nothing are dropped (the model reads capitalised words as names there).
"""

from __future__ import annotations

from pathlib import Path

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

from analysis import config
from analysis.entities.countries import lookup_country
from analysis.entities.country_spans import is_language_use, leading_country, with_hyphenated_names
from analysis.entities.datelines import read_dateline
from analysis.entities.groups import GroupTable, is_dateline, load_groups, lookup_span, read_org, settle_groups
from analysis.entities.model import load_pipeline
from analysis.entities.people import clean_person, resolve_short_forms, surname_index
from analysis.entities.person_spans import person_spans
from analysis.entities.places import in_us_context, lookup_dateline_place, lookup_place, lookup_region
from analysis.text_rules import bare_name, is_article

MENTION_COLUMNS = ["doc", "start", "end", "text", "label", "kind", "name", "country", "via"]
"""Columns of ``extract_entities``'s table."""

KINDS = ("person", "country", "group", "place", "other")
MAX_PIECE = 2_000
"""Longest piece of a text, in characters, given to the model at once: the model's working
memory grows with the tokens of a batch (about 6.5 KB each), so a few long texts in a batch
would otherwise take gigabytes (spaCy refuses texts of 1,000,000). Measured on 200,000 words of
the demo corpus, one process: peak 514 MB with pieces of 3,000 characters, 486 MB with 2,000,
at the same speed and with the same mentions but one."""
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
TITLE_CASE_MINOR_WORDS = frozenset({
    "about", "above", "across", "after", "against", "along", "amid", "among", "around", "before", "behind",
    "below", "beneath", "beside", "besides", "between", "beyond", "despite", "down", "during", "except",
    "from", "inside", "into", "like", "near", "onto", "over", "past", "since", "than", "that", "through",
    "toward", "towards", "under", "until", "upon", "versus", "with", "within", "without"})
"""Words of 4 letters or more that Title Case styles may leave in lower case (Chicago: every preposition)."""


@dataclass(frozen=True)
class Mention:
    """One resolved mention (a row of ``extract_entities``)."""

    start: int
    end: int
    text: str
    label: str
    kind: str
    name: str
    country: str
    via: str

    def row(self) -> tuple:
        """The mention's fields, in ``MENTION_COLUMNS`` order (without ``doc``)."""
        return (self.start, self.end, self.text, self.label, self.kind, self.name, self.country, self.via)


def extract_entities(
    texts: Iterable[str], *, nlp: Language | None = None, batch_size: int = 64, n_process: int = 1,
    capitals: bool = False, groups_file: str | Path | None = None,
) -> pd.DataFrame:
    """Find and resolve the entities mentioned in each text.

    Args:
        texts: the texts (for articles, the headline, a blank line, then the body).
        nlp: a pipeline from ``load_pipeline``; the default model when None.
        batch_size: texts per batch sent through the pipeline.
        n_process: processes running the pipeline.
        capitals: read capital cities as their country ("Moscow says"), with
            ``via="capital"``; otherwise they are places.
        groups_file: an analyst's group aliases (see ``load_groups``), whose rows win;
            ``config.GROUPS_FILE`` (``ANALYSIS_GROUPS_FILE``) when None. Give the same file
            to ``load_pipeline`` when passing ``nlp``.

    Returns:
        One row per mention, columns ``MENTION_COLUMNS``: ``doc`` (index of the
        text), ``start``/``end`` (character offsets), ``text`` (as written),
        ``label`` (spaCy's scheme after corrections), ``kind`` (person, country,
        group, place, other), ``name`` (canonical), ``country`` (ISO alpha-3 or
        ""), ``via`` (model, alias, name, demonym, capital, gazetteer, short form, dateline:
        an agency read from a dateline that the group table does not know).
        Texts longer than ``MAX_PIECE`` characters are read in pieces cut at
        paragraph breaks, which keeps the model's memory bounded; mentions are
        resolved over the whole text.
    """
    nlp = nlp or load_pipeline(groups_file=groups_file)
    pieces = ((piece, (index, offset)) for index, text in enumerate(texts) for offset, piece in text_pieces(text))
    processed = nlp.pipe(pieces, as_tuples=True, batch_size=batch_size, n_process=n_process)
    rows = [(index, *mention.row())
            for index, group in itertools.groupby(processed, key=lambda item: item[1][0])
            for mention in resolve_pieces([(offset, doc) for doc, (_, offset) in group], capitals=capitals,
                                           groups_file=groups_file)]
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return frame.astype({"doc": "int64", "start": "int64", "end": "int64", "kind": "category",
                         **{column: "string" for column in ("text", "label", "name", "country", "via")}})


def text_pieces(text: str, *, limit: int | None = None) -> list[tuple[int, str]]:
    """Cut a text too long for the model into pieces at paragraph breaks (else at a space).

    Args:
        text: the text.
        limit: the longest piece, in characters; ``MAX_PIECE`` when None.

    Returns:
        ``(offset, piece)`` pairs covering the text; one pair for a text within the limit.
    """
    limit = limit or MAX_PIECE
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = next((found + len(mark) for mark in ("\n\n", "\n", " ") if (found := window.rfind(mark)) > 0),
                   limit)
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def resolve_mentions(doc: Doc, *, capitals: bool = False, groups_file: str | Path | None = None) -> list[Mention]:
    """Resolve the entities of one processed text.

    Args:
        doc: the text processed by the pipeline.
        capitals: read capital cities as their country.
        groups_file: an analyst's group aliases; ``config.GROUPS_FILE`` when None.

    Returns:
        The mentions kept, in text order.
    """
    return resolve_pieces([(0, doc)], capitals=capitals, groups_file=groups_file)


def resolve_pieces(pieces: Sequence[tuple[int, Doc]], *, capitals: bool = False,
                   groups_file: str | Path | None = None) -> list[Mention]:
    """Resolve the entities of one text processed in pieces (see ``text_pieces``).

    Args:
        pieces: ``(offset, doc)`` of each piece, in order; the first holds the headline.
        capitals: read capital cities as their country.
        groups_file: an analyst's group aliases; ``config.GROUPS_FILE`` when None.

    Returns:
        The mentions kept, in text order, with offsets into the whole text.
    """
    first_text = pieces[0][1].text
    headline_end, headline_shouting = _headline(first_text)
    groups = load_groups(groups_file or config.GROUPS_FILE)
    mentions = _dateline(first_text, capitals, groups)
    spans = [(offset, _without_title(span)) for offset, doc in pieces
             for span in with_hyphenated_names(person_spans(doc))
             if not any(offset + span.start_char < taken.end and taken.start < offset + span.end_char
                        for taken in mentions)]
    if headline_shouting:
        body_people = person_keys(clean_person(span.text) for offset, span in spans
                                  if span.label_ == "PERSON" and (offset or span.start_char >= headline_end))
        spans = [(offset, part) for offset, span in spans
                 for part in (headline_parts(span, body_people, groups, capitals)
                              if offset == 0 and span.start_char < headline_end else [span])]
        spans = sorted([*spans, *((0, part) for part in _people_between_spans(
            pieces[0][1], headline_end, [span for offset, span in spans if offset == 0], body_people))],
            key=lambda item: (item[0], item[1].start))
    people = resolve_short_forms((clean_person(span.text) for _, span in spans if span.label_ == "PERSON"),
                                 unreliable={clean_person(span.text) for offset, span in spans if headline_shouting
                                             and offset == 0 and span.start_char < headline_end})
    surnames = surname_index(people.values())
    surnames.update((word, word) for word in _read_as_people(span for _, span in spans) if word not in surnames)
    body_names = {name for offset, span in spans if offset or span.start_char >= headline_end
                  for name in (bare_name(span.text), people.get(clean_person(span.text)))}
    found: list[Mention] = []
    for offset, span in spans:
        mention = _resolve(span, people, surnames, capitals, groups)
        unreliable = (mention.via == "model" and mention.name not in body_names) or len(mention.text) <= 2
        if offset == 0 and span.start_char < headline_end and headline_shouting and unreliable:
            head = leading_country(span)
            if head is None:
                continue
            mention = _resolve(head, people, surnames, capitals, groups)
        if found and mention.start + offset < found[-1].end:  # inside a group name found longer
            continue
        found.append(replace(mention, start=mention.start + offset, end=mention.end + offset))
    mentions = [*mentions, *found]
    placed = {m.text.casefold(): m for m in mentions if m.kind == "place" and m.country}
    mentions = [_as_place(m, placed[m.text.casefold()]) if _one_word_person(m) and m.text.casefold() in placed
                else m for m in mentions]
    if any(m.kind == "country" and m.country == "GEO" for m in mentions) and in_us_context(
            [(m.name, m.country, m.via) for m in mentions], "".join(doc.text for _, doc in pieces)):
        mentions = [_us_state(m) if m.kind == "country" and m.country == "GEO" and m.via == "name" else m
                    for m in mentions]
    return settle_groups(sorted(mentions, key=lambda m: m.start), groups)


def person_keys(names: Iterable[str]) -> frozenset[str]:
    """The ways a text may write the people it names in full: the names and their short forms.

    Args:
        names: cleaned person names of one text ("Vladimir Putin", "Bashar al-Assad").

    Returns:
        The names, their last words ("Putin", "Vladimir Putin") and their written surnames
        (``people.surname_index``: "Assad", "al-Assad", "Al-Assad").
    """
    names = [name for name in names if name]
    suffixes = {" ".join(words[index:]) for name in names for words in [name.split()] for index in range(len(words))}
    return frozenset(suffixes | set(surname_index(names)))


MAX_HEADLINE_NAME_WORDS = 5
"""The most words of one name looked for inside a headline span (see ``headline_parts``)."""


def headline_parts(span: Span, body_people: frozenset[str], groups: GroupTable | None,
                   capitals: bool) -> list[Span]:
    """The names inside a span the model found in a Title Case or upper-case headline.

    In such a headline the model runs capitalised words together ("Putin Warns Turkey")
    or takes them for names ("Will Leave"). A span that resolves as a whole (a country, a
    group, a person named in the body) is kept; otherwise its longest runs of words that
    resolve are kept, left to right: a person named in the body, or a short form of one
    ("Putin" for "Vladimir Putin"), a country, a demonym or a group. Nothing else in it is.

    Args:
        span: a span of the headline.
        body_people: the ways the body writes its people (``person_keys``).
        groups: the group aliases; None to look for people only.
        capitals: read capital cities as their country.

    Returns:
        The span itself, or the spans of the names found in it (possibly none).
    """
    label = _known_label(span.text, body_people, groups, capitals)
    if label is not None:
        return [span if label == span.label_ else Span(span.doc, span.start, span.end, label=label)]
    parts, start = [], span.start
    while start < span.end:
        for end in range(min(span.end, start + MAX_HEADLINE_NAME_WORDS), start, -1):
            label = _known_label(span.doc[start:end].text, body_people, groups, capitals)
            if label is not None:
                parts.append(Span(span.doc, start, end, label=label))
                start = end
                break
        else:
            start += 1
    return parts


def _people_between_spans(doc: Doc, headline_end: int, spans: Sequence[Span],
                          body_people: frozenset[str]) -> list[Span]:
    """People named in the body that a shouting headline names outside the model's spans ("ROUHANI")."""
    covered = {index for span in spans for index in range(span.start, span.end)}
    runs, run = [], []
    for token in doc:
        if token.idx >= headline_end:
            break
        if token.i in covered or token.is_punct or token.is_space:
            runs, run = (runs + [run] if run else runs), []
        else:
            run.append(token.i)
    runs = runs + [run] if run else runs
    return [part for run in runs
            for part in headline_parts(doc[run[0]:run[-1] + 1], body_people, None, False)]


def _known_label(text: str, body_people: frozenset[str], groups: GroupTable | None, capitals: bool) -> str | None:
    """The label of a headline name that resolves (see ``headline_parts``), or None; people only without groups."""
    bare = bare_name(text)
    if not bare or not bare[0].isupper():
        return None
    if bare.isupper() and len(bare) > 3:
        text = bare = bare.title()
    if groups is not None:
        if groups.lookup(bare) is not None:
            return "ORG"
        country = lookup_country(bare, capitals=capitals)
        if country is not None:
            return "NORP" if country.via == "demonym" else "GPE"
    return "PERSON" if clean_person(text) in body_people else None


def _dateline(text: str, capitals: bool, groups: GroupTable) -> list[Mention]:
    """Mentions of the places (and agency) of the text's dateline that resolve ("TEHRAN –")."""
    dateline = read_dateline(text)
    if dateline is None:
        return []
    mentions = []
    for part in dateline.places:
        at = (part.start, part.end, part.text)
        country = lookup_country(part.text, capitals=capitals)
        place = None if country else lookup_dateline_place(part.text) or lookup_place(part.text)
        if country is not None:
            mentions.append(Mention(*at, "GPE", "country", country.name, country.code, country.via))
        elif place is not None:
            mentions.append(Mention(*at, "GPE", "place", place.name, place.code, place.via))
    if mentions:  # the last part places the others: "ST. PETERSBURG, Fla.", "BIRMINGHAM, Ala."
        code = mentions[-1].country
        mentions = [m if m.country == code else replace(m, name=m.text.title(), country=code, via="dateline")
                    for m in mentions]
    if mentions and dateline.agency is not None:
        agency = dateline.agency
        group = groups.lookup(bare_name(agency.text))
        name, via = (group.name, group.via) if group else (bare_name(agency.text), "dateline")
        mentions.append(Mention(agency.start, agency.end, agency.text, "ORG", "group", name, "", via))
    return mentions


def _read_as_people(spans: Iterable[Span]) -> set[str]:
    """One-word names the model reads as a person twice or more and never as a place ("Concepcion said").

    They stay people rather than resolve as a major city of that name (Concepción, Chile);
    country names, demonyms and the regions and provinces of the curated files are left out (the
    model often takes "Nigerien" or "Raqqah" for a person).
    """
    spans = list(spans)
    counts = Counter(span.text for span in spans if span.label_ == "PERSON" and len(span) == 1)
    placed = {span.text for span in spans if span.label_ in _PLACE_LABELS}
    return {word for word, count in counts.items() if count >= 2 and word not in placed
            and lookup_country(word) is None and lookup_region(word, provinces=True) is None}


def _one_word_person(mention: Mention) -> bool:
    return mention.kind == "person" and mention.via == "model" and " " not in mention.text


def _as_place(mention: Mention, place: Mention) -> Mention:
    """A one-word "person" the text names as a place elsewhere ("Chiyoda" after "in Chiyoda"): that place."""
    return replace(mention, label="GPE", kind="place", name=place.name, country=place.country, via=place.via)


def _us_state(mention: Mention) -> Mention:
    """The country Georgia named in a US story: the US state (see ``places.in_us_context``)."""
    return replace(mention, kind="place", name=f"{mention.name} (U.S. state)", country="USA", via="gazetteer")


def _headline(text: str) -> tuple[int, bool]:
    """End of the first line, and whether it is a Title Case or upper-case headline over a body.

    A text of one line is a sentence, not a headline: its names are read as any others. A
    first line is Title Case when it has at least 3 words of 4 letters or more, leaving out
    the short words that style guides keep in lower case (``TITLE_CASE_MINOR_WORDS``), and
    every one is capitalised: one lower-case word ("... in London today.") makes it a sentence.
    """
    end = text.find("\n")
    if end < 0 or not text[end:].strip():
        return len(text), False
    line = text[:end]
    words = [word for word in re.findall(r"[A-Za-z][A-Za-z'’-]*", line)
             if len(word) > 3 and word.lower() not in TITLE_CASE_MINOR_WORDS]
    return (len(line), len(words) >= 3 and all(word[0].isupper() for word in words))


def _without_title(span: Span) -> Span:
    """"Russian FM" -> "Russian": a demonym or country followed only by a title keeps the first part."""
    if len(span) < 2 or span.label_ == "PERSON":
        return span
    country = lookup_country(span[0].text)
    if country is None or clean_person(span[1:].text):
        return span
    return Span(span.doc, span.start, span.start + 1, label="NORP" if country.via == "demonym" else "GPE")


def _resolve(span: Span, people: dict[str, str], surnames: dict[str, str], capitals: bool,
             groups: GroupTable) -> Mention:
    text, bare = span.text, bare_name(span.text)
    at = (span.start_char, span.end_char, text)
    found = lookup_span(groups, span, bare)
    if found is not None:
        group, covered = found
        return Mention(covered.start_char, covered.end_char, covered.text, "ORG", "group", group.name, "", group.via)
    if span.label_ != "PERSON":
        country = lookup_country(bare, capitals=capitals)
        if country is not None and country.via == "demonym" and is_language_use(span):
            return Mention(*at, "LANGUAGE", "other", bare, "", "model")
        if country is not None:
            label = "NORP" if country.via == "demonym" else "GPE"
            return Mention(*at, label, "country", country.name, country.code, country.via)
        if bare in surnames:
            return Mention(*at, "PERSON", "person", surnames[bare], "", "short form")
    if span.label_ == "PERSON":
        name = clean_person(text)
        country = lookup_country(bare, capitals=capitals) if name not in surnames else None
        if country is not None and (country.via != "demonym" or len(span) == 1):
            label = "NORP" if country.via == "demonym" else "GPE"
            return Mention(*at, label, "country", country.name, country.code, country.via)
        place = lookup_place(bare) if len(span) == 1 and name not in surnames else None
        if place is not None and place.major:
            return Mention(*at, "GPE", "place", place.name, place.code, place.via)
        if not name:
            return Mention(*at, "PERSON", "other", bare, "", "model")
        full = people.get(name, name)
        if full == name and name.isupper() and len(name) > 3:  # "ROUHANI" in an upper-case headline
            full = resolve_short_forms([*people.values(), name.title()])[name.title()]
            full = name if full == name.title() else full
        return Mention(*at, "PERSON", "person", full, "", "model" if full == name else "short form")
    if span.label_ in _PLACE_LABELS:
        if _after_title(span):
            return Mention(*at, "PERSON", "person", surnames.get(bare, bare), "", "model")
        place = lookup_place(bare)
        if place is not None:
            return Mention(*at, span.label_, "place", place.name, place.code, place.via)
        return Mention(*at, span.label_, "place", bare, "", "model")
    if span.label_ == "ORG":
        capital = lookup_country(bare, capitals=True) if len(span) == 1 else None
        place = lookup_place(bare) if capital is not None and capital.via == "capital" else lookup_region(bare)
        if place is not None:
            return Mention(*at, "GPE", "place", place.name, place.code, place.via)
        kind, name, code = read_org(bare, people, surnames, dateline=is_dateline(span))
        label = {"person": "PERSON", "place": "GPE"}.get(kind, "ORG")
        return Mention(*at, label, kind, name, code, "gazetteer" if kind == "place" else "model")
    return Mention(*at, span.label_, "other", bare, "", "model")


def _after_title(span: Span) -> bool:
    """A one-word span after a person's title ("President Obama"): a person's name, not a town."""
    if len(span) != 1 or span.start == 0:
        return False
    title = span.doc[span.start - 1].text
    return (title[:1].isupper() and not is_article(title)
            and not clean_person(f"{title} {span.text}").startswith(title))
