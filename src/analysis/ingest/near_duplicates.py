"""Near-duplicate articles: one story re-saved, re-encoded, re-titled or with another footer.

Method (Broder 1997, *On the resemblance and containment of documents*; Leskovec,
Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3):

- a body's **shingles** are its runs of ``SHINGLE_WORDS`` consecutive words (a word is a
  run of letters and digits, lower-cased, so quotes, dashes and spacing do not count),
  hashed to 32 bits from their words' CRC-32;
- its **MinHash signature** (``NUM_PERM`` permutations, datasketch's ``MinHash.bulk``)
  estimates the Jaccard similarity of two shingle sets;
- **LSH** (datasketch's ``MinHashLSH``) finds the pairs likely above ``THRESHOLD``; each
  pair is kept when the signatures' estimate is at least ``THRESHOLD``;
- two articles with the same URL (scheme, ``www.``, trailing ``/`` and fragment ignored)
  are the same story whatever their text;
- the pairs are joined into stories (connected components); the story's first article
  (earliest date, undated last, then file and row) is the story, the others point to it
  in ``duplicate_of``.

Bodies under ``MIN_WORDS`` words are not compared by text (too little evidence).
Signatures are computed in batches (``signatures``) so the ingest stage maps them on
the executor; the pairing is one pass over all signatures.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zlib
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
from datasketch import LeanMinHash, MinHash, MinHashLSH

from analysis.schemas import STRING

NUM_PERM = 128
"""Permutations of a MinHash signature (error of a Jaccard estimate about 1/sqrt(128) = 0.09)."""

SHINGLE_WORDS = 3
"""Words per shingle."""

THRESHOLD = 0.8
"""Estimated Jaccard similarity of shingle sets from which two bodies are one story."""

MIN_WORDS = 25
"""Bodies with fewer words are not compared by text."""

SEED = 1
"""The permutations' seed (fixed, so signatures are the same on every run and worker)."""

SCHEME = "affine32"
"""datasketch's permutation scheme (named, so signatures stay comparable across its versions)."""

_WORD = re.compile(r"[^\W_]+")


def shingles(text: str) -> np.ndarray:
    """The word shingles of a text, as 32-bit hashes.

    A word's hash is its CRC-32 (UTF-8); a shingle's combines its words' hashes in order
    (multiply-add modulo 2**32). Stable across processes and runs, unlike Python's ``hash``.

    Args:
        text: a body.

    Returns:
        The distinct hashes of the runs of ``SHINGLE_WORDS`` lower-cased words (uint64 values
        below 2**32); empty when the text has fewer than ``MIN_WORDS`` words.
    """
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.fromiter((zlib.crc32(word.encode("utf-8")) for word in words), dtype=np.uint64, count=len(words))
    combined = np.zeros(len(words) - SHINGLE_WORDS + 1, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):
        combined = (combined * _MULTIPLIER + hashes[offset:len(hashes) - SHINGLE_WORDS + 1 + offset]) & _MASK
    return np.unique(combined)


_MULTIPLIER = np.uint64(0x9E3779B1)
_MASK = np.uint64(0xFFFFFFFF)


def signatures(texts: Sequence[str]) -> np.ndarray:
    """MinHash signatures of texts.

    Args:
        texts: bodies.

    Returns:
        An array of shape (len(texts), NUM_PERM), dtype uint64; the row of a text under
        ``MIN_WORDS`` words is all zeros (it is never compared).
    """
    sets = [shingles(text) for text in texts]
    result = np.zeros((len(texts), NUM_PERM), dtype=np.uint64)
    filled = [index for index, found in enumerate(sets) if len(found)]
    if filled:
        hashes = MinHash.bulk([sets[index].tolist() for index in filled], num_perm=NUM_PERM, seed=SEED,
                              scheme=SCHEME, hashfunc=_already_hashed)
        result[filled] = np.vstack([minhash.hashvalues for minhash in hashes]).astype(np.uint64)
    return result


def _already_hashed(value: int) -> int:
    """The hash function given to datasketch: the shingles are hashed already (``shingles``)."""
    return value


def body_digest(body: str) -> str:
    """A digest of a body and of the signing settings: equal digests have equal signatures.

    Args:
        body: a body (without boilerplate).

    Returns:
        32 hexadecimal characters.
    """
    settings = f"{SCHEME}|{SEED}|{NUM_PERM}|{SHINGLE_WORDS}|{MIN_WORDS}|crc32\x1f"
    return hashlib.blake2b((settings + body).encode("utf-8"), digest_size=16).hexdigest()


def url_key(url: object) -> str | None:
    """The form of a URL that says two articles are the same page.

    Args:
        url: a URL or a missing value.

    Returns:
        Host without ``www.``, path without a trailing ``/``, and query, lower-cased host;
        None when missing or not absolute.
    """
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.hostname:
        return None
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.hostname.removeprefix('www.')}{parts.path.rstrip('/')}{query}"


def near_duplicate_pairs(signature_rows: np.ndarray, *, threshold: float = THRESHOLD) -> list[tuple[int, int]]:
    """Pairs of rows whose signatures estimate a Jaccard similarity of at least ``threshold``.

    Args:
        signature_rows: (n, NUM_PERM) signatures; all-zero rows are left out.
        threshold: see ``THRESHOLD``.

    Returns:
        (i, j) row pairs with i < j.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    compared = np.flatnonzero(signature_rows.any(axis=1))
    minhashes = {}
    for row in compared:
        minhashes[row] = LeanMinHash(seed=SEED, hashvalues=signature_rows[row], scheme=SCHEME)
        lsh.insert(int(row), minhashes[row], check_duplication=False)
    pairs = []
    for row in compared:
        for other in lsh.query(minhashes[row]):
            if other > row and np.mean(signature_rows[row] == signature_rows[other]) >= threshold:
                pairs.append((int(row), int(other)))
    return pairs


def duplicate_of(articles: pd.DataFrame, signature_rows: np.ndarray, *,
                 threshold: float = THRESHOLD, distinct: frozenset[str] = frozenset()) -> pd.Series:
    """Say of each article which article's story it repeats.

    Args:
        articles: ``article_id``, ``url``, ``published``, ``source_file`` and ``line``, one
            row per article, in the order of ``signature_rows``.
        signature_rows: their signatures (``signatures``).
        threshold: see ``THRESHOLD``.
        distinct: ids of articles the analyst says are stories of their own
            (``read_distinct``): no pair holding one of them is kept.

    Returns:
        The ``article_id`` of the story's first article for each later copy, else missing;
        a string Series with the index of ``articles``.
    """
    n = len(articles)
    parent = np.arange(n)

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    pairs = near_duplicate_pairs(signature_rows, threshold=threshold) + _same_url_pairs(articles)
    apart = set(np.flatnonzero(articles["article_id"].isin(distinct).to_numpy()))
    for left, right in pairs:
        if left in apart or right in apart:
            continue
        parent[root(left)] = root(right)
    components = np.array([root(node) for node in range(n)])
    order = articles.reset_index(drop=True).assign(component=components, position=np.arange(n))
    order = order.sort_values(["published", "source_file", "line"], na_position="last", kind="stable")
    first = order.drop_duplicates("component").set_index("component")["article_id"]
    story = pd.Series(components).map(first).to_numpy()
    ids = articles["article_id"].to_numpy()
    result = pd.Series(np.where(story == ids, None, story), index=articles.index, dtype=STRING)
    return result


class DistinctFileError(ValueError):
    """The analyst's file of distinct articles cannot be read; the message names the file and line."""


def read_distinct(path: Path) -> frozenset[str]:
    """Read the analyst's list of articles that are stories of their own (never copies).

    Args:
        path: a CSV file whose header has an ``article_id`` column (other columns, such as a
            note, are ignored); decoded as pages are.

    Returns:
        The article ids.

    Raises:
        DistinctFileError: naming the file, and the line of the first row without an id.
    """
    from analysis.ingest.decode import NotText, decode_page

    try:
        text = decode_page(path.read_bytes()).text
    except (OSError, NotText) as error:
        raise DistinctFileError(f"{path}: cannot be read as a list of distinct articles: {error}") from None
    reader = csv.DictReader(io.StringIO(text))
    if "article_id" not in (reader.fieldnames or []):
        raise DistinctFileError(f"{path}: line 1: expected a header with an article_id column, "
                                f"found {','.join(reader.fieldnames or [])!r}")
    ids = set()
    for row in reader:
        identity = (row.get("article_id") or "").strip()
        if not identity:
            raise DistinctFileError(f"{path}: line {reader.line_num}: expected an article_id, found none")
        ids.add(identity)
    return frozenset(ids)


def copies(articles: pd.DataFrame, signature_rows: np.ndarray, *,
           distinct: frozenset[str] = frozenset()) -> pd.Series:
    """``duplicate_of`` of the copies only, by article id (what the ingest passes keep).

    Args:
        articles: as in ``duplicate_of``.
        signature_rows: their signatures.
        distinct: as in ``duplicate_of``.

    Returns:
        The first article's id, indexed by the copy's ``article_id``; first copies are absent.
    """
    found = duplicate_of(articles, signature_rows, distinct=distinct)
    return pd.Series(found.to_numpy(), index=articles["article_id"].to_numpy(), dtype=STRING).dropna()


def _same_url_pairs(articles: pd.DataFrame) -> list[tuple[int, int]]:
    keys = articles["url"].map(url_key).reset_index(drop=True)
    keys = keys[keys.notna()]
    pairs = []
    for positions in keys.groupby(keys).indices.values():
        rows = keys.index[positions]
        pairs.extend((int(rows[0]), int(other)) for other in rows[1:])
    return pairs
