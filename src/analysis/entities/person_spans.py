"""Person spans mended before their names are resolved: split names joined, rulers found, non-people relabelled.

The model's PERSON spans are often a little wrong in news copy: a name cut in two
("Seyyed Ebrahim" + "Raisi"), a surname left out ("Shah Mehmood" before "Qureshi has"),
a patronymic begun late ("Hamad al-Thani" after "Tamim bin"), a ruler missed ("King
Abdullah II"), a platform, a religion or an era taken for a person ("Twitter", "Sikh",
"Neolithic"), a place or a demonym read as a person ("Markazi", "Russian"), and a
prominent person read as an organisation ("Trump"). ``person_spans`` mends them, with
the reference data of ``analysis.entities.people`` and ``data/regnal_titles.txt``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from analysis.entities.countries import data_file, lookup_country
from analysis.entities.people import (clean_person, is_junk_name, is_regnal_number, known_people, never_a_surname,
                                      not_person_label, strip_particle)
from analysis.text_rules import bare_name

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""The model's labels of places."""

PATRONYMIC = frozenset({"bin", "ibn", "bint", "ben"})
"""Words joining a given name to the father's ("Tamim bin Hamad"): the name goes on to their left."""


def person_spans(doc: Doc) -> list[Span]:
    """A text's entity spans with person spans mended: split names joined, patronymics completed, non-people relabelled.

    - "Seyyed Ebrahim" (PERSON) directly followed by "Raisi" (another label, one word,
      not a country) is one person "Seyyed Ebrahim Raisi";
    - "Hamad al-Thani" after "Tamim bin" becomes "Tamim bin Hamad al-Thani";
    - a PERSON span that ``not_person_label`` knows is relabelled, one with no word a
      name is made of ("clouds,\"he", "the\"Russia") is MISC; a one-word one that
      more spans of the text make (part of) a place ("Markazi" beside "Markazi Province"),
      and that is no word of a person named in full there ("Karim" of "Karim Wasifi"),
      takes the place's label, and a one-word demonym ("Russian", "Nigerien") is NORP;
    - an ORG, GPE or NORP span that is a prominent person (``known_people``) or their
      surname once titles are stripped ("Trump" as ORG, "Late Imam Khomeini") is a person;
    - a ruler's regnal number is part of the name ("Abdullah II"), and a regnal title,
      a name and a number (``regnal_titles.txt``: "King Abdullah II") are a person even
      where the model saw none.

    Args:
        doc: one processed text.

    Returns:
        Its entity spans mended, in order.
    """
    spans = _join_split_names(_with_rulers(doc))
    person_votes = Counter(span.text for span in spans if span.label_ == "PERSON" and len(span) == 1)
    place_votes = Counter(word for span in spans if span.label_ in PLACE_LABELS
                          for word in {span[0].text, span[-1].text})
    places = {span.text: span.label_ for span in spans if span.label_ in PLACE_LABELS}
    name_words = {token.text for span in spans if span.label_ == "PERSON" and len(span) > 1 for token in span}
    mended = []
    for span in spans:
        if span.label_ == "PERSON":
            span = _with_surname(_with_patronymic(span))
            label = not_person_label(clean_person(span.text)) or (None if _has_name_word(span.text) else "MISC")
            if (label is None and len(span) == 1 and span.text in places and span.text not in name_words
                    and place_votes[span.text] > person_votes[span.text]):
                label = places[span.text]
            if label is None and len(span) == 1 and span.text not in name_words and _is_demonym(span.text):
                label = "NORP"
            if label is not None:
                span = Span(span.doc, span.start, span.end, label=label)
        elif span.label_ in ("ORG", "GPE", "NORP") and _is_known_person(span.text):
            span = Span(span.doc, span.start, span.end, label="PERSON")
        mended.append(span)
    return mended


def _has_name_word(text: str) -> bool:
    """Whether a mention holds a word a name can be made of: capitalised (or of a script without case),
    not glued to punctuation, not a stop word, after an al- particle; format marks such as U+200E
    aside ("al-Zarqawi" holds one, "clouds,\"he" and "the\"Russia" none)."""
    for word in bare_name(text).split():
        word = strip_particle("".join(char for char in word if unicodedata.category(char) != "Cf"))
        if (word and not is_junk_name(word) and word[0].isalpha() and not word[0].islower()
                and word.casefold() not in STOP_WORDS):
            return True
    return False


@functools.lru_cache(maxsize=1)
def _ruler_pattern() -> re.Pattern[str]:
    text = data_file("regnal_titles.txt").read_text(encoding="utf-8")
    titles = sorted((line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")),
                    key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, titles))})\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?\s+[IVX]+)\b(?![\w-])")


def _with_rulers(doc: Doc) -> list[Span]:
    """The doc's entities, with rulers' names found by ``_ruler_pattern`` and regnal numbers after PERSON spans."""
    spans, text = list(doc.ents), doc.text
    if " I" not in text and " V" not in text and " X" not in text:
        return spans
    for match in _ruler_pattern().finditer(text):
        ruler = doc.char_span(match.start(1), match.end(1), label="PERSON")
        if ruler is not None and not any(span.label_ != "PERSON" and span.start < ruler.end and ruler.start < span.end
                                         for span in spans):
            spans = sorted([span for span in spans if not (span.start < ruler.end and ruler.start < span.end)]
                           + [ruler], key=lambda span: span.start)
    return [_with_regnal_number(span) if span.label_ == "PERSON" else span for span in spans]


def _with_regnal_number(span: Span) -> Span:
    doc, end = span.doc, span.end
    if (end < len(doc) and span[-1].whitespace_ == " "
            and is_regnal_number(doc[end].text) and not doc[end].ent_type_):
        return Span(doc, span.start, end + 1, label="PERSON")
    return span


def _is_demonym(word: str) -> bool:
    country = lookup_country(bare_name(word))
    return country is not None and country.via == "demonym"


def _is_known_person(text: str) -> bool:
    name = clean_person(text)
    return bool(name) and (name in known_people() or name in _known_surnames())


@functools.lru_cache(maxsize=1)
def _known_surnames() -> frozenset[str]:
    """The last words of ``known_people`` (regnal numbers aside), as written."""
    return frozenset(name.split()[-1] for name in known_people())


def _join_split_names(spans: list[Span]) -> list[Span]:
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if (last is not None and last.label_ == "PERSON" and span.start == last.end and len(span) == 1
                and span.label_ in ("GPE", "ORG", "NORP", "LOC", "PERSON") and last[-1].whitespace_ == " "
                and span.text[:1].isupper() and span.text.isalpha() and lookup_country(span.text) is None):
            joined[-1] = Span(span.doc, last.start, span.end, label="PERSON")
        else:
            joined.append(span)
    return joined


def _with_surname(span: Span) -> Span:
    """"Shah Mehmood" followed by "Qureshi has" (a capitalised word outside any entity, then a lower-case one) takes it."""
    doc, end = span.doc, span.end
    if end + 1 >= len(doc) or span[-1].whitespace_ != " " or span[-1].is_punct:
        return span
    word, after = doc[end], doc[end + 1]
    if (word.is_title and word.is_alpha and not word.ent_type_ and not word.is_stop and word.whitespace_ == " "
            and (after.is_lower or after.text in {",", ".", ";", ":"}) and _may_be_surname(word.text)):
        return Span(doc, span.start, end + 1, label="PERSON")
    return span


_NOUN_ENDINGS = ("tion", "sion", "ment", "ity", "ness", "ism", "ship", "ence", "ance", "ing", "ers", "ies")


def _may_be_surname(word: str) -> bool:
    """Whether a capitalised word after a name may be its surname: not a title, descriptor, country or common noun."""
    return not word.casefold().endswith(_NOUN_ENDINGS) and not never_a_surname(word) and lookup_country(word) is None


def _with_patronymic(span: Span) -> Span:
    doc, start = span.doc, span.start
    if (start >= 2 and doc[start - 1].lower_ in PATRONYMIC and doc[start - 2].is_title
            and doc[start - 2].is_alpha and not doc[start - 2].ent_type_):
        return Span(doc, start - 2, span.end, label="PERSON")
    return span
