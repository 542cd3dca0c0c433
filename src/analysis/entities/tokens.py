"""Tokenizer rules for scraped news text, where the scraper lost spaces.

Scraped pages glue words to quotes, handles and links: ``demand,”Zhu Haibin``,
``Twitter@27khv Bryan MacDonald``, ``journalismhttps://t.co/6QCd``, ``TEHRAN- National
Iranian Gas Company``. spaCy's English tokenizer keeps each glued run as one token, and an
entity span can only start or end at a token, so the name comes out as ``demand,”Zhu Haibin``.
``split_glued_tokens`` adds the breaks to a pipeline's tokenizer:

- a quotation mark (straight, curly or guillemet) between two characters is a token of its own,
  and so is the punctuation before it (``demand,”Zhu`` is ``demand`` ``,`` ``”`` ``Zhu``);
- ``@`` and ``#`` after a letter or digit start a new token (a handle or hashtag glued to a word);
- ``http://`` or ``https://`` after a letter starts a new token (a link glued to a word);
- a dash after two capital letters ends the word: ``TEHRAN-`` is ``TEHRAN`` and ``-``
  (a dateline with its space lost; hyphenated words keep their hyphen).

The rules only add token boundaries at characters that never belong inside a name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

GLUED_INFIXES = (
    r"[\"“”«»„]",
    r"(?<=\w)[,.!?;:](?=[\"“”«»„])",
    r"(?<=[\w.,;:!?])[@#](?=\w)",
    r"(?<=[A-Za-z])(?=https?://)",
)
"""Infix patterns added to the tokenizer's (spaCy regular expressions)."""

GLUED_SUFFIXES = (r"(?<=[A-Z]{2})[-–—]",)
"""Suffix patterns added to the tokenizer's: a dash closing an upper-case word."""

_GLUED_LINK = re.compile(r"[A-Za-z]https?://")


def split_glued_tokens(nlp: Language) -> Language:
    """Add ``GLUED_INFIXES`` and ``GLUED_SUFFIXES`` to a pipeline's tokenizer, in place.

    Args:
        nlp: a loaded pipeline (its tokenizer is the rule-based English one).

    Returns:
        The same pipeline.
    """
    tokenizer = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *GLUED_INFIXES]).finditer
    tokenizer.suffix_search = compile_suffix_regex([*GLUED_SUFFIXES, *nlp.Defaults.suffixes]).search
    url_match = tokenizer.url_match
    if url_match is not None:
        tokenizer.url_match = functools.partial(_url_unless_glued, url_match)
    return nlp


def _url_unless_glued(url_match: Callable[[str], re.Match | None], text: str) -> re.Match | None:
    """The tokenizer's link matcher, except for a link glued to a word (left to the infix rules)."""
    return None if _GLUED_LINK.search(text) else url_match(text)
