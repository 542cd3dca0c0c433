"""Entity span boundaries the model gets wrong, fixed in a pipeline component.

The small English model cuts names badly in four systematic ways:

- it takes in a leading article and a trailing possessive ("the United States",
  "Iran 's"), which makes the same name count as several strings;
- it runs on over numbers and scores ("H. Morris 69", "Leicestershire 296");
- it joins neighbouring names across punctuation or a line break
  ("Romania - Cosmin Contra", "Boris Johnson\\nA Foreign Office spokesman");
- it takes the abbreviations of financial briefs for names ("Revs", "cts",
  "U.S. Dlrs"): the words of ``data/not_names.txt``.

``tidy_entities`` trims and splits the spans; parts keep the model's label (the
lookups that follow may correct it), and a span left with no letter is not a
name. The component runs after the model and the lookup ruler.
"""

from __future__ import annotations

import functools
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from analysis.text_rules import fold_dashes, is_article, is_possessive_mark

COMPONENT = "tidy_entity_spans"

_SEPARATORS = {"(", ")", "[", "]", ",", ";", ":", "-", "/", "|", "\""}


def tidy_entities(doc: Doc) -> Doc:
    """Trim and split the entity spans of a processed text.

    Args:
        doc: a text processed by the model.

    Returns:
        The same ``Doc``, its ``ents`` replaced by the tidied spans.
    """
    doc.ents = [part for span in doc.ents for part in _split(span) if _is_name(part)]
    return doc


@Language.component(COMPONENT)
def tidy_entity_spans(doc: Doc) -> Doc:
    """The pipeline component running ``tidy_entities``."""
    return tidy_entities(doc)


def _split(span: Span) -> list[Span]:
    parts, start = [], span.start
    for token in span:
        if _separates(token):
            parts.append(_trim(span.doc, start, token.i, span.label_))
            start = token.i + 1
    parts.append(_trim(span.doc, start, span.end, span.label_))
    return [part for part in parts if part is not None]


def _separates(token: Token) -> bool:
    """A line break, or punctuation standing alone between spaces ("Romania - Contra")."""
    if token.is_space or "\n" in token.text:
        return True
    standalone = token.i == 0 or token.doc[token.i - 1].whitespace_
    text = fold_dashes(token.text)
    return text in _SEPARATORS and (text != "-" or bool(standalone and token.whitespace_))


def _trim(doc: Doc, start: int, end: int, label: str) -> Span | None:
    while start < end and (is_article(doc[start].text) or _is_filler(doc[start])):
        start += 1
    while end > start and (is_possessive_mark(doc[end - 1].text) or _is_filler(doc[end - 1])):
        end -= 1
    return Span(doc, start, end, label=label) if start < end else None


def _is_filler(token: Token) -> bool:
    """Numbers, scores, punctuation and words that are never names, at the edge of a span."""
    return (token.is_punct or token.is_space or token.lower_ in not_names()
            or not any(character.isalpha() for character in token.text))


@functools.lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    """The lower-cased words of ``data/not_names.txt``.

    Returns:
        Words that never make or end a name.
    """
    text = resources.files("analysis.entities").joinpath("data/not_names.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _is_name(span: Span) -> bool:
    return any(character.isalpha() for character in span.text)
