"""Country names the model cuts: "Guinea" of "Guinea-Bissau", "Niger" of "Niger Junta Expels".

The tokenizer splits hyphenated names ("Guinea-Bissau", "Timor-Leste", "Congo-Brazzaville")
and the model often stops at the hyphen, which turns one country into its neighbour; it also
runs a country's name into the next words of a Title Case headline. These functions fix the
span with the country lookups of ``analysis.entities.countries``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from spacy.tokens import Span, Token

from analysis.entities.countries import data_file, lookup_country, name_openings

_HYPHENS = {"-", "‐", "‑"}
_LIST_JOINS = {",", "and", "or", "&"}
_SENTENCE_END = {".", ";", ":", ")", "!", "?"}


def with_hyphenated_names(spans: Iterable[Span]) -> list[Span]:
    """A span extended to the country name it begins: "Guinea" of "Guinea-Bissau", "Zionist" of "Zionist regime".

    The tokenizer splits "Guinea-Bissau" at the hyphen and the model often stops before it;
    a span followed by a hyphen and a word (no spaces), or by one more word, becomes the
    longer span when that names a country (not a demonym); spans inside it are dropped. Only
    spans that open a country name of several words (``name_openings``) are looked up.

    Args:
        spans: a text's entity spans, in order.

    Returns:
        The spans, some extended (labelled GPE).
    """
    spans, kept = list(spans), []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        doc, end = span.doc, span.end
        glued = (end + 1 < len(doc) and doc[end].text in _HYPHENS and not doc[end - 1].whitespace_
                 and not doc[end].whitespace_)
        longer = end + 2 if glued else end + 1
        if longer <= len(doc) and doc[longer - 1].is_alpha and span.text.casefold() in name_openings():
            country = lookup_country(doc[span.start:longer].text)
            if country is not None and country.via != "demonym":
                span = Span(doc, span.start, longer, label="GPE")
        kept.append(span)
    return kept


def leading_country(span: Span) -> Span | None:
    """The country name opening a longer span ("Niger" of "Niger Junta Expels").

    Args:
        span: a span of two words or more.

    Returns:
        Its first one to three words as a GPE span when they are a country's name or alias
        (not a demonym), else None.
    """
    for size in range(min(3, len(span) - 1), 0, -1):
        country = lookup_country(span[:size].text)
        if country is not None and country.via in {"name", "alias"}:
            return Span(span.doc, span.start, span.start + size, label="GPE")
    return None


@functools.lru_cache(maxsize=1)
def language_names() -> frozenset[str]:
    """Names of languages that are no demonym or country ("Arabic", "Urdu", "English", "Farsi").

    Returns:
        The names of ``data/languages.txt`` that ``lookup_country`` does not resolve.
    """
    listed = [line.strip() for line in data_file("languages.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.lstrip().startswith("#")]
    return frozenset(name for name in listed if lookup_country(name) is None)


def is_language_use(span: Span) -> bool:
    """Whether a demonym span names a language: "in Persian, Urdu and Turkish", "written in Russian.".

    A demonym is a language when a neighbour in its list (across a comma, "and" or "or") is a
    language that is no demonym (``language_names``), or when it follows "in" or "into" and ends
    the sentence or clause.

    Args:
        span: a span the lookup read as a demonym.

    Returns:
        True for a language.
    """
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and before.lower_ in {"in", "into"} and (after is None or after.text in _SENTENCE_END):
        return True
    return any(word.text in language_names() for word in _list_neighbours(span))


def _list_neighbours(span: Span) -> list[Token]:
    """The words one list join away from the span: "Urdu" and "English" of "Urdu, English and Turkish"."""
    doc, neighbours = span.doc, []
    if span.start >= 2 and doc[span.start - 1].lower_ in _LIST_JOINS:
        neighbours.append(doc[span.start - 2])
    if span.end + 1 < len(doc) and doc[span.end].lower_ in _LIST_JOINS:
        neighbours.append(doc[span.end + 1])
    return neighbours
