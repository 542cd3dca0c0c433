"""The corpus-wide passes of ingest: boilerplate learned and removed, near-duplicates found.

Both need the whole corpus (what recurs across an outlet, which articles repeat which),
so they run after parsing, on the chosen articles:

1. ``learn_boilerplate``: each outlet's boilerplate from the segment keys computed
   while parsing (``boilerplate.segment_keys``);
2. ``sign``: the bodies without boilerplate, MinHash-signed (a batch at a time, on the
   executor in the ingest stage);
3. ``near_duplicates.duplicate_of``: which article each later copy repeats;
4. ``clean_pages``: the bodies written to ``articles``, without boilerplate, with the
   editor code found at their end as the signature and ``duplicate_of`` set.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.ingest.boilerplate import Boilerplate, Removed, Rule, clean_body, learn, segment_keys
from analysis.ingest.near_duplicates import signatures
from analysis.schemas import STRING

def page_keys(pages: pd.DataFrame) -> pd.DataFrame:
    """The per-file table of segment keys: what learning counts, computed while parsing.

    Args:
        pages: rows of the per-file ``pages`` table (``source_file``, ``article_id``, ``body``).

    Returns:
        Columns ``source_file``, ``article_id``, ``key`` and ``n_words``, one row per distinct key
        per article.
    """
    keys = segment_keys(pages.drop_duplicates("article_id"))
    files = pages.drop_duplicates("article_id").set_index("article_id")["source_file"]
    return keys.assign(source_file=keys["article_id"].map(files).astype(STRING))[
        ["source_file", "article_id", "key", "n_words"]]


def learn_boilerplate(chosen: pd.DataFrame, keys: pd.DataFrame, *, rules: Iterable[Rule] = (),
                      enabled: bool = True) -> Boilerplate:
    """Learn each outlet's boilerplate over the chosen articles.

    Args:
        chosen: ``article_id`` and ``outlet`` of the articles (one row each).
        keys: ``article_id`` and ``key`` of their segments (other articles' rows are ignored).
        rules: the analyst's rules (``boilerplate.read_rules``).
        enabled: False to learn nothing (the rules still apply).

    Returns:
        What to remove.
    """
    if not enabled:
        return Boilerplate(rules=tuple(rules))
    outlets = chosen.drop_duplicates("article_id").set_index("article_id")["outlet"]
    keys = keys[keys["article_id"].isin(outlets.index)].drop_duplicates(["article_id", "key"])
    return learn(keys, outlets, rules=rules)


def cleaned_bodies(pages: pd.DataFrame, boilerplate: Boilerplate,
                   removed: Removed | None = None) -> tuple[list[str], list[str | None]]:
    """The bodies of pages without boilerplate, and the editor codes taken off their ends.

    Args:
        pages: ``body`` and ``outlet`` of each article.
        boilerplate: what to remove.
        removed: where to count what was removed, or None.

    Returns:
        The bodies and the signatures found (None where none), in the order of ``pages``.
    """
    bodies, codes = [], []
    for body, outlet in zip(pages["body"].fillna(""), pages["outlet"].fillna("")):
        cleaned = clean_body(body, outlet, boilerplate, removed)
        bodies.append(cleaned.body)
        codes.append(cleaned.signature)
    return bodies, codes


def sign(pages: pd.DataFrame, boilerplate: Boilerplate) -> np.ndarray:
    """MinHash signatures of the pages' bodies without boilerplate.

    Args:
        pages: ``body`` and ``outlet`` of each article.
        boilerplate: what to remove first.

    Returns:
        (len(pages), NUM_PERM) uint64 signatures (``near_duplicates.signatures``).
    """
    bodies, _ = cleaned_bodies(pages, boilerplate)
    return signatures(bodies)


def clean_pages(pages: pd.DataFrame, boilerplate: Boilerplate, duplicates: pd.Series,
                removed: Removed | None = None) -> pd.DataFrame:
    """The rows of ``articles`` as written: bodies without boilerplate, copies marked.

    Args:
        pages: rows of the per-file ``pages`` table.
        boilerplate: what to remove.
        duplicates: ``duplicate_of`` by ``article_id`` (ids absent are first copies).
        removed: where to count what was removed, or None.

    Returns:
        A new frame: ``body`` cleaned, ``n_words`` recounted, ``signature`` set from the
        editor code found at the end where the page had none, ``duplicate_of`` added.
    """
    bodies, codes = cleaned_bodies(pages, boilerplate, removed)
    signature = pages["signature"].astype(STRING).fillna(pd.Series(codes, index=pages.index, dtype=STRING))
    return pages.assign(
        body=pd.array(bodies, dtype=STRING), signature=signature,
        n_words=pd.array([len(body.split()) for body in bodies], dtype="Int64"),
        duplicate_of=pages["article_id"].map(duplicates).astype(STRING))
