"""Entity span boundaries the model gets wrong, fixed in a pipeline component.

The small English model cuts names badly in four systematic ways:

- it takes in a leading article and a trailing possessive ("the United States",
  "a George Soros", "Iran 's"), which makes the same name count as several strings;
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

SOFT_LINE_CHARACTERS = 40
"""The shortest line a soft line break (see ``is_soft_break``) can end: wrapped text fills its lines."""

_LOWER_CASE_ARTICLES = {"a", "an"}
"""Indefinite articles the model takes into a name ("a George Soros-funded group"); only in lower
case, as "A" can be an initial ("A. Q. Khan")."""
_LINE_ENDS = set(".!?:;\"”’»)")
_SEPARATORS = {"(", ")", "[", "]", ",", ";", ":", "-", "/", "|", "\""}


def tidy_entities(doc: Doc) -> Doc:
    """Trim and split the entity spans of a processed text.

    Args:
        doc: a text processed by the model.

    Returns:
        The same ``Doc``, its ``ents`` replaced by the tidied spans.
    """
    parts = [part for span in doc.ents for part in _split(span) if _is_name(part)]
    doc.ents = join_name_parts(parts)
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


def join_name_parts(spans: list[Span]) -> list[Span]:
    """Join the parts of one organisation's name that the model or ``_split`` cut apart.

    Two kinds of cut are mended, for ``ORG`` spans only:

    - parts separated by a single space ("the Iran" + "Chamber of Commerce"): one name;
    - a list inside a name, "Chamber of Commerce, Industries, Mines and Agriculture": a part
      with "of", then parts separated by ", " of at most ``LIST_ITEM_WORDS`` capitalised
      words, the last with "and", none ending in a word of ``data/group_heads.txt``
      ("Ministry of Defence, Interior Ministry and ..." lists several bodies).

    Args:
        spans: the entity spans of one text, in order, not overlapping.

    Returns:
        The spans, with the parts of each such name replaced by one span.
    """
    joined: list[Span] = []
    index = 0
    while index < len(spans):
        end = _name_run_end(spans, index)
        first, last = spans[index], spans[end]
        joined.append(first if end == index else Span(first.doc, first.start, last.end, label=first.label_))
        index = end + 1
    return joined


LIST_ITEM_WORDS = 3
"""The most words of one item of a list inside a name ("Industries", "Mines and Agriculture")."""


def _name_run_end(spans: list[Span], index: int) -> int:
    """The index of the last span of the name that starts at ``spans[index]``."""
    end = index
    while end + 1 < len(spans) and _same_org(spans[end], spans[end + 1]) and _gap(spans[end], spans[end + 1]) == " ":
        end += 1
    listed = end
    while (listed + 1 < len(spans) and _same_org(spans[listed], spans[listed + 1])
           and _gap(spans[listed], spans[listed + 1]) == ", " and _is_list_item(spans[listed + 1])):
        listed += 1
        if any(token.lower_ == "and" for token in spans[listed]):
            return listed if any(token.lower_ == "of" for token in spans[end]) else end
    return end


def _gap(left: Span, right: Span) -> str | None:
    """The text between two nearby spans (None when more than two tokens apart)."""
    if right.start - left.end > 2:
        return None
    doc = left.doc
    return doc[left.end - 1].whitespace_ + "".join(doc[i].text_with_ws for i in range(left.end, right.start))


def _same_org(left: Span, right: Span) -> bool:
    return left.label_ == right.label_ == "ORG"


def _is_list_item(span: Span) -> bool:
    words = [token for token in span if token.lower_ != "and"]
    return (0 < len(words) <= LIST_ITEM_WORDS and all(token.text[:1].isupper() for token in words)
            and span[-1].lower_ not in group_heads())


@functools.lru_cache(maxsize=1)
def group_heads() -> frozenset[str]:
    """The lower-cased words of ``data/group_heads.txt``: words that end an organisation's name.

    Returns:
        Words such as "ministry", "agency", "council".
    """
    return _word_list("data/group_heads.txt")


def _separates(token: Token) -> bool:
    """A line break (not a soft one), a link, punctuation, or a dash before a space ("Romania - Contra", "TEHRAN- NIGC")."""
    if token.is_space or "\n" in token.text:
        return not is_soft_break(token.doc.text, token.idx + token.text.find("\n"))
    if token.like_url or token.text in {"@", "#"}:
        return True
    text = fold_dashes(token.text)
    return text in _SEPARATORS and (text != "-" or bool(token.whitespace_))


def is_soft_break(text: str, at: int) -> bool:
    """Whether the line break at ``text[at]`` only wraps a paragraph (hard-wrapped text).

    A break is soft when it is a single line break inside the text's body (not the first
    line break, which ends the headline); the line it ends is at least
    ``SOFT_LINE_CHARACTERS`` long, does not end a sentence or a quote, and could not have
    taken the next word: with it, the line would be longer than any line of its paragraph
    (a wrapped paragraph fills each line up to its width). A name the model runs across a
    soft break ("International Consortium of Investigative / Journalists") is one name;
    across any other break (a caption, a byline, one sentence a line) it is two.

    Args:
        text: the text.
        at: the index of a ``"\\n"`` in it.

    Returns:
        True for a soft break.
    """
    line_start = text.rfind("\n", 0, at) + 1
    if line_start == 0 or text[line_start - 2:line_start] == "\n\n" or text[at + 1:at + 2] == "\n":
        return False
    line = text[line_start:at].rstrip()
    if len(line) < SOFT_LINE_CHARACTERS or line[-1] in _LINE_ENDS:
        return False
    paragraph_start = text.rfind("\n\n", 0, at) + 2 if text.rfind("\n\n", 0, at) >= 0 else 0
    paragraph_end = text.find("\n\n", at)
    paragraph = text[paragraph_start:len(text) if paragraph_end < 0 else paragraph_end]
    next_word = text[at + 1:].split(maxsplit=1)[:1]
    width = max(len(other.rstrip()) for other in paragraph.split("\n"))
    return bool(next_word) and len(line) + 1 + len(next_word[0]) > width


def _trim(doc: Doc, start: int, end: int, label: str) -> Span | None:
    while start < end and (is_article(doc[start].text) or doc[start].text in _LOWER_CASE_ARTICLES
                           or _is_filler(doc[start])):
        start += 1
    while end > start and (is_possessive_mark(doc[end - 1].text) or _is_filler(doc[end - 1])):
        end -= 1
    while end - start >= 3 and doc[end - 1].is_lower and doc[end - 2].text == "-" and not doc[end - 3].whitespace_:
        end -= 2  # "George Soros-funded", "Saudi-led": the name without the compound's tail
    return Span(doc, start, end, label=label) if start < end else None


def _is_filler(token: Token) -> bool:
    """Numbers, scores, punctuation and words that are never names, at the edge of a span."""
    return (token.is_punct or token.is_space or token.like_url or token.lower_ in not_names()
            or not any(character.isalpha() for character in token.text))


@functools.lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    """The lower-cased words of ``data/not_names.txt``.

    Returns:
        Words that never make or end a name.
    """
    return _word_list("data/not_names.txt")


def _word_list(resource: str) -> frozenset[str]:
    """The lower-cased words of a packaged list (one per line, ``#`` comments)."""
    text = resources.files("analysis.entities").joinpath(resource).read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _is_name(span: Span) -> bool:
    return any(character.isalpha() for character in span.text)
