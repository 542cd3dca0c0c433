"""How good a set of topics is: coherence, diversity, agreement between fits, clarity.

All measures are pure functions of arrays, so the model, the stage and the
evaluation script share them:

- ``npmi``: normalised pointwise mutual information of each topic's top terms,
  counted over documents (two terms co-occur when a document holds both), in
  [-1, 1]; about 0 for unrelated terms, higher for terms that appear together.
- ``diversity``: the share of distinct terms among all topics' top terms, in (0, 1].
- ``agreement``: how well two fits' topics pair up (Hungarian matching on the
  Jaccard overlap of their top terms), in [0, 1]; the stability of a fit is the
  mean agreement between fits on different seeds and subsamples.
- ``unclear_share``: the share of documents whose strongest topic is weak.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment

CLEAR_SHARE = 0.3
"""A document has a clear topic when its strongest topic holds at least this share of its weight."""


def top_indices(components: np.ndarray, n: int) -> np.ndarray:
    """The columns of each topic's ``n`` heaviest terms, heaviest first.

    Args:
        components: topics-by-terms weights.
        n: terms per topic.

    Returns:
        A topics-by-n array of term columns.
    """
    n = min(n, components.shape[1])
    part = np.argpartition(-components, n - 1, axis=1)[:, :n]
    order = np.argsort(-np.take_along_axis(components, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def npmi(top: np.ndarray, presence: sp.spmatrix) -> np.ndarray:
    """Mean NPMI of each topic's pairs of top terms, over document co-occurrence.

    Args:
        top: topics-by-n term columns (see ``top_indices``).
        presence: documents-by-terms 0/1 matrix.

    Returns:
        One value per topic in [-1, 1]; a pair never seen together scores -1.
    """
    presence = sp.csc_matrix(presence, dtype=np.float64)
    n_docs = presence.shape[0]
    scores = np.zeros(len(top))
    for topic, columns in enumerate(top):
        block = presence[:, columns]
        joint = (block.T @ block).toarray() / n_docs
        single = np.diag(joint).copy()
        pairs = [(i, j) for i, j in combinations(range(len(columns)), 2)]
        values = [_pair_npmi(joint[i, j], single[i], single[j]) for i, j in pairs]
        scores[topic] = float(np.mean(values)) if values else 0.0
    return scores


def _pair_npmi(p_joint: float, p_first: float, p_second: float) -> float:
    if p_joint <= 0 or p_first <= 0 or p_second <= 0:
        return -1.0
    if p_joint >= 1:
        return 1.0
    return float(np.log(p_joint / (p_first * p_second)) / -np.log(p_joint))


def diversity(top_terms: Sequence[Sequence[str]]) -> float:
    """The share of distinct terms among all topics' top terms.

    Args:
        top_terms: each topic's top terms.

    Returns:
        Distinct terms over all terms listed; 1.0 when no term is shared (and for no terms).
    """
    listed = [term for terms in top_terms for term in terms]
    return len(set(listed)) / len(listed) if listed else 1.0


def jaccard(first: Sequence[str], second: Sequence[str]) -> float:
    """Overlap of two term lists: shared terms over all terms.

    Args:
        first: terms.
        second: terms.

    Returns:
        A value in [0, 1] (1.0 for two empty lists).
    """
    a, b = set(first), set(second)
    return len(a & b) / len(a | b) if a | b else 1.0


def agreement(first: Sequence[Sequence[str]], second: Sequence[Sequence[str]]) -> float:
    """How well two fits' topics pair up, by their top terms.

    Args:
        first: each topic's top terms in one fit.
        second: the same for another fit.

    Returns:
        The mean Jaccard overlap of the best one-to-one pairing, counting unpaired
        topics (when the fits differ in size) as 0.
    """
    if not first or not second:
        return float(len(first) == len(second))
    overlap = np.array([[jaccard(a, b) for b in second] for a in first])
    rows, cols = linear_sum_assignment(-overlap)
    return float(overlap[rows, cols].sum() / max(len(first), len(second)))


def stability(fits: Sequence[Sequence[Sequence[str]]]) -> float:
    """The mean agreement over every pair of fits.

    Args:
        fits: top terms per topic of each fit (at least two fits).

    Returns:
        A value in [0, 1]; 1.0 when every fit found the same top terms.

    Raises:
        ValueError: when fewer than two fits are given.
    """
    if len(fits) < 2:
        raise ValueError(f"stability needs at least 2 fits; got {len(fits)}")
    return float(np.mean([agreement(a, b) for a, b in combinations(fits, 2)]))


def unclear_share(weights: np.ndarray, *, clear_share: float = CLEAR_SHARE) -> float:
    """The share of documents with no clear topic.

    Args:
        weights: documents-by-topics weights, each row summing to 1 (or 0 for a
            document with no known terms).
        clear_share: the least share of its strongest topic for a clear document.

    Returns:
        A value in [0, 1]; 0.0 for no documents.
    """
    if len(weights) == 0:
        return 0.0
    return float((weights.max(axis=1) < clear_share).mean())
