"""Country names the model cuts: "Guinea" of "Guinea-Bissau", "Niger" of "Niger Junta Expels".

The tokenizer splits hyphenated names ("Guinea-Bissau", "Timor-Leste", "Congo-Brazzaville")
and the model often stops at the hyphen, which turns one country into its neighbour; it also
runs a country's name into the next words of a Title Case headline. These functions fix the
span with the country lookups of ``analysis.entities.countries``.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span

from analysis.entities.countries import lookup_country, name_openings

_HYPHENS = {"-", "‐", "‑"}


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
