"""Scoring topic models against a labelled corpus: the BBC News reader and the measures.

``read_bbc_news`` reads the shared BBC News corpus (Greene & Cunningham 2006);
``split_halves`` divides it into a half to tune the model's choices on and a
held-out half to report on;
``score_fit`` scores one fit: NPMI of the top 10 terms with gensim's
``CoherenceModel`` (``c_npmi``, the analysed corpus itself as reference), the
distinct share of the top 10 terms, and, against the gold classes, NMI and ARI
of each document's strongest topic. gensim is a development dependency, so it
is imported only when NPMI is scored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from analysis.config import CORPORA_DIR
from analysis.topics import quality

BBC_DIR = CORPORA_DIR / "bbc_news"
"""The shared BBC News corpus (``bbc/<class>/<NNN>.txt``)."""


def read_bbc_news(root: Path = BBC_DIR) -> pd.DataFrame:
    """Read the BBC News articles, one per file, dropping byte-identical duplicates.

    Files are UTF-8, except one latin-1 file; each file that is not UTF-8 is read as cp1252.

    Args:
        root: the corpus folder (holding ``bbc/``).

    Returns:
        One row per distinct article, by file: ``file`` (relative to ``root``), ``label``
        (the class folder), ``title`` (line 1), ``body`` (the rest) and ``text`` (both).

    Raises:
        FileNotFoundError: when ``root/bbc`` holds no articles.
    """
    files = sorted((root / "bbc").glob("*/*.txt"))
    if not files:
        raise FileNotFoundError(f"{root / 'bbc'}: no articles (bbc/<class>/<NNN>.txt) found")
    rows, seen = [], set()
    for file in files:
        raw = file.read_bytes()
        digest = hashlib.sha1(raw).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        text = _decode(raw).strip()
        title, _, body = text.partition("\n")
        rows.append({"file": file.relative_to(root).as_posix(), "label": file.parent.name,
                     "title": title.strip(), "body": body.strip(), "text": text})
    return pd.DataFrame(rows)


SPLITS = ("tune", "held-out")
"""The two halves of the shared BBC News part (``split_halves``)."""


def split_halves(corpus: pd.DataFrame, split: str) -> pd.DataFrame:
    """One of two fixed halves of the BBC News articles, stratified by class.

    Within each class the articles are ordered by the SHA-1 of their text (UTF-8) and
    alternate: the 1st, 3rd, 5th, ... go to ``tune``, the 2nd, 4th, ... to ``held-out``.
    The halves depend only on the texts (not on file order or a seed), duplicates are
    already dropped by ``read_bbc_news`` so no text is on both sides, and each class is
    split evenly (an odd class gives ``tune`` the extra article).

    Args:
        corpus: articles from ``read_bbc_news`` (``label`` and ``text`` columns).
        split: ``"tune"`` or ``"held-out"``.

    Returns:
        The rows of that half, in the order of ``corpus``.

    Raises:
        ValueError: for another ``split``.
    """
    if split not in SPLITS:
        raise ValueError(f"split={split!r} is invalid; must be one of {list(SPLITS)}")
    digests = corpus["text"].map(lambda text: hashlib.sha1(text.encode("utf-8")).hexdigest())
    rank = digests.groupby(corpus["label"]).rank(method="first").astype(int) - 1
    return corpus[(rank % 2 == SPLITS.index(split)).to_numpy()]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def gensim_npmi(top_terms: Sequence[Sequence[str]], texts: Sequence[Sequence[str]]) -> float:
    """Mean NPMI of topics' top terms with gensim's ``c_npmi`` (sliding windows of 10).

    Args:
        top_terms: each topic's top terms (all in ``texts``).
        texts: the reference corpus, as the terms of each document in order.

    Returns:
        The mean over topics, in [-1, 1].
    """
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    dictionary = Dictionary(texts)
    model = CoherenceModel(topics=[list(terms) for terms in top_terms], texts=list(texts),
                           dictionary=dictionary, coherence="c_npmi", topn=len(top_terms[0]),
                           processes=1)
    return float(model.get_coherence())


def score_fit(top_terms: Sequence[Sequence[str]], weights: np.ndarray, texts: Sequence[Sequence[str]],
              labels: Sequence[str] | None = None) -> dict[str, float]:
    """Score one fit.

    Args:
        top_terms: each topic's top 10 terms.
        weights: documents-by-topics weights.
        texts: the reference corpus for NPMI (the documents as the model read them).
        labels: gold classes of the documents, for NMI and ARI.

    Returns:
        ``npmi``, ``diversity`` and, with labels, ``nmi`` and ``ari``.
    """
    scores = {"npmi": gensim_npmi(top_terms, texts), "diversity": quality.diversity(top_terms)}
    if labels is not None:
        assigned = np.asarray(weights).argmax(axis=1)
        scores["nmi"] = float(normalized_mutual_info_score(labels, assigned))
        scores["ari"] = float(adjusted_rand_score(labels, assigned))
    return scores
