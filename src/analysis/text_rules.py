"""The small text rules that normalise a name, in one place.

Entities (resolving mentions), topics (reading words) and timelines (counting how a
name is written) must agree on what makes two written names the same name, so each
rule lives here once:

- apostrophes: ``’ ‘ ʼ``` and the backtick are read as ``'`` (``fold_apostrophes``);
- dashes: ``‐ ‑ ‒ – — ―`` are read as ``-`` (``fold_dashes``);
- edges: whitespace, quotes, brackets and punctuation around a name are not part of
  it, except a final dot, which ends an abbreviation ("U.S.", "Jr.") (``strip_edges``);
- a leading "the" in any case is not part of a name: "the United States" and "The
  Hague" give "United States" and "Hague"; the lookups of ``analysis.entities`` give
  "The Hague" back as the canonical name (``strip_leading_article``);
- a possessive is not part of a name, in any case and with any apostrophe: "OPEC'S",
  "Putin’s", and the plural possessive "Reuters'", which loses only its apostrophe
  (``strip_possessive``).

``bare_name`` composes them; it is what a mention's written form is.
"""

from __future__ import annotations

import re

APOSTROPHES = "'’‘ʼ`"
"""Characters read as an apostrophe; the first, ``'``, is what the others become."""

DASHES = "-‐‑‒–—―"
"""Characters read as a dash; the first, ``-``, is what the others become."""

EDGE_CHARACTERS = " \t\r\n\"'“”‘’«»()[]{}<>,.;:!?/\\|*•–—-"
"""Characters stripped from the ends of a name (a final ``.`` is kept by ``strip_edges``)."""

ARTICLES = frozenset({"the"})
"""Lower-cased words that are dropped at the start of a name."""

_RIGHT_EDGE_CHARACTERS = EDGE_CHARACTERS.replace(".", "")
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(APOSTROPHES[1:], APOSTROPHES[0]))
_DASH_TABLE = str.maketrans(dict.fromkeys(DASHES[1:], DASHES[0]))
_APOSTROPHE = f"[{re.escape(APOSTROPHES)}]"
_LEADING_ARTICLE = re.compile(rf"^(?:{'|'.join(sorted(ARTICLES))})\s+(?=\S)", re.IGNORECASE)
_POSSESSIVE = re.compile(rf"(?:{_APOSTROPHE}s|(?<=s){_APOSTROPHE})$", re.IGNORECASE)
_POSSESSIVE_MARK = re.compile(rf"{_APOSTROPHE}s?", re.IGNORECASE)


def fold_apostrophes(text: str) -> str:
    """Write every apostrophe-like character as a straight apostrophe.

    Args:
        text: any text, e.g. ``"Putin’s"``.

    Returns:
        The text, same length, e.g. ``"Putin's"``.
    """
    return text.translate(_APOSTROPHE_TABLE)


def fold_dashes(text: str) -> str:
    """Write every hyphen and dash (en, em, figure, non-breaking) as ``-``.

    Args:
        text: any text, e.g. ``"al–Nusra Front"``.

    Returns:
        The text, same length, e.g. ``"al-Nusra Front"``.
    """
    return text.translate(_DASH_TABLE)


def collapse_spaces(text: str) -> str:
    """Runs of whitespace as one space, none at the ends.

    Args:
        text: any text, e.g. ``"  the  Russian\\nFederation "``.

    Returns:
        The text, e.g. ``"the Russian Federation"``.
    """
    return " ".join(text.split())


def strip_edges(name: str, *, keep_final_dot: bool = True) -> str:
    """Strip ``EDGE_CHARACTERS`` from both ends of a name.

    Args:
        name: a name as written, e.g. ``'("U.S.",'``.
        keep_final_dot: keep a final ``.`` (and what precedes it) as part of an
            abbreviation ("U.S.", "Jr."); when False it goes too.

    Returns:
        The name, e.g. ``"U.S."`` (``"U.S"`` without the final dot); ``""`` when
        nothing but edge characters was given.
    """
    right = _RIGHT_EDGE_CHARACTERS if keep_final_dot else EDGE_CHARACTERS
    return name.lstrip(EDGE_CHARACTERS).rstrip(right)


def strip_leading_article(name: str) -> str:
    """Drop a leading "the" (any case) followed by whitespace and more of the name.

    Args:
        name: a name, e.g. ``"the United States"``, ``"THE USSR"``, ``"The Hague"``.

    Returns:
        The name without it, e.g. ``"United States"``, ``"USSR"``, ``"Hague"``; a
        name that is only "the", or that starts with "the" inside a word
        ("Thebes"), is returned as given.
    """
    return _LEADING_ARTICLE.sub("", name, count=1)


def strip_possessive(name: str) -> str:
    """Drop a final possessive, in any case and with any apostrophe.

    Args:
        name: a name, e.g. ``"OPEC'S"``, ``"Putin’s"``, ``"Reuters'"``.

    Returns:
        The name without it, e.g. ``"OPEC"``, ``"Putin"``, ``"Reuters"`` (a plural
        possessive ``s'`` loses only its apostrophe); a final apostrophe not after
        an ``s`` is left (it is a quote; see ``strip_edges``).
    """
    return _POSSESSIVE.sub("", name, count=1)


def is_possessive_mark(token: str) -> bool:
    """Whether a token is a possessive on its own, as tokenizers split it (``'s``, ``’S``, ``'``).

    Args:
        token: a token's text.

    Returns:
        True for an apostrophe alone or followed by ``s`` (any case).
    """
    return _POSSESSIVE_MARK.fullmatch(token) is not None


def is_article(word: str) -> bool:
    """Whether a word is an article dropped at the start of a name (``ARTICLES``, any case).

    Args:
        word: one word, e.g. ``"The"``.

    Returns:
        True for an article.
    """
    return word.lower() in ARTICLES


def bare_name(text: str) -> str:
    """A mention's written form: marks folded, without edges, a leading "the" or a possessive.

    Args:
        text: a mention as written, e.g. ``"“the OPEC’S”"``, ``"the United States'"``.

    Returns:
        The bare name, e.g. ``"OPEC"``, ``"United States"``; ``""`` when nothing is left.
    """
    name = strip_edges(collapse_spaces(fold_dashes(fold_apostrophes(text))))
    return strip_edges(strip_possessive(strip_leading_article(name)))
