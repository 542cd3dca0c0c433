"""People's names: titles stripped, short forms resolved inside an article, variants merged across a corpus.

Titles and honorifics live in ``data/titles.txt`` (one per line), so analysts can
add their own without touching code.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources

import pandas as pd

from analysis.text_rules import bare_name, strip_edges


@functools.lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    text = resources.files("analysis.entities").joinpath("data/titles.txt").read_text(encoding="utf-8")
    return frozenset(_title_key(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _title_key(words: str) -> str:
    return " ".join(word.rstrip(".").casefold() for word in words.split())


def clean_person(text: str) -> str:
    """Strip titles, honorifics, a leading "the" and a possessive from a person mention.

    The name is first made bare by ``analysis.text_rules.bare_name`` (apostrophes and
    dashes folded, edges stripped, a final dot kept: "Jr.").

    Args:
        text: the mention as written, e.g. ``"Foreign Minister Sergei Lavrov’s"``.

    Returns:
        The bare name, e.g. ``"Sergei Lavrov"`` ("" when nothing but a title is left).
    """
    words = bare_name(text).split()
    titles = _titles()
    while words:
        prefix = next((size for size in range(min(4, len(words)), 0, -1)
                       if _title_key(" ".join(words[:size])) in titles), 0)
        if not prefix:
            break
        words = words[prefix:]
    return strip_edges(" ".join(words))


def resolve_short_forms(names: Iterable[str]) -> dict[str, str]:
    """Map each name of one article to the fullest name it is a short form of.

    "Lavrov" becomes "Sergei Lavrov" when that name appears in the same
    article; a short form shared by several full names is left as written.

    Args:
        names: the cleaned person names of one article.

    Returns:
        Name to resolved name, for every name given.
    """
    distinct = sorted(set(names), key=lambda name: (-len(name.split()), name))
    resolved = {}
    for name in distinct:
        fuller = [other for other in distinct if _is_short_form(name, other)]
        resolved[name] = fuller[0] if len(fuller) == 1 else name
    return resolved


def _is_short_form(short: str, full: str) -> bool:
    short_words, full_words = short.split(), full.split()
    if len(short_words) >= len(full_words):
        return False
    return full_words[-len(short_words):] == short_words


def merge_variants(names: pd.Series) -> pd.DataFrame:
    """Merge name variants across a corpus: each name to the one longest name it ends like.

    "Javad Zarif" and "Zarif" merge into "Mohammad Javad Zarif" when that is
    the only longer name ending the same way. When several longer names fit
    ("Zarif" and both "Javad Zarif" and "Mohammad Zarif"), the name is kept and
    the case is listed for review.

    Args:
        names: person names (resolved within their articles), with repeats.

    Returns:
        One row per distinct name: ``name``, ``merged`` (the name to count it
        under), ``n_mentions``, ``certain`` (False when there were several
        candidates) and ``candidates`` (the longer names that fit, "; "-joined).
    """
    counts = names.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    by_last = defaultdict(list)
    for name in counts.index:
        by_last[name.split()[-1]].append(name)
    rows = []
    for name, n_mentions in counts.items():
        longer = [other for other in by_last[name.split()[-1]] if _is_short_form(name, other)]
        longest = [other for other in longer if not any(_is_short_form(other, third) for third in longer)]
        merged = longest[0] if len(longest) == 1 else name
        rows.append((name, merged, int(n_mentions), len(longest) <= 1, "; ".join(sorted(longest))))
    return pd.DataFrame(rows, columns=["name", "merged", "n_mentions", "certain", "candidates"])
