"""Topic ids that survive a refit: new topics paired with old ones by their term weights."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.preprocessing import normalize

if TYPE_CHECKING:
    from analysis.topics.model import TopicModel


def matched_ids(model: TopicModel, old: TopicModel, old_ids: np.ndarray) -> np.ndarray:
    """Topic ids for a refitted model: the old id of each matched topic, fresh ids for the rest.

    Args:
        model: the new fit.
        old: the previous fit.
        old_ids: the ids of the previous fit's topics.

    Returns:
        One id per topic of ``model``; fresh ids count on from the largest old id.
    """
    pairs = match_topics(old.components_, old.vocabulary_, model.components_, model.vocabulary_)
    fresh = iter(range(int(old_ids.max(initial=-1)) + 1, int(old_ids.max(initial=-1)) + 1 + model.n_topics_))
    return np.asarray([int(old_ids[pairs[row]]) if row in pairs else next(fresh)
                       for row in range(model.n_topics_)])


def match_topics(old: np.ndarray, old_vocabulary: Sequence[str], new: np.ndarray,
                 new_vocabulary: Sequence[str], *, min_similarity: float = 0.2) -> dict[int, int]:
    """Pair new topics with old ones by the cosine of their term weights (Hungarian matching).

    Args:
        old: old topics-by-terms weights.
        old_vocabulary: the old terms, in column order.
        new: new topics-by-terms weights.
        new_vocabulary: the new terms, in column order.
        min_similarity: pairs less similar than this stay unpaired.

    Returns:
        New topic row to old topic row, for the paired topics only.
    """
    terms = sorted(set(old_vocabulary) | set(new_vocabulary))
    position = {term: i for i, term in enumerate(terms)}
    similarity = _aligned(new, new_vocabulary, position) @ _aligned(old, old_vocabulary, position).T
    rows, cols = linear_sum_assignment(-similarity)
    return {int(r): int(c) for r, c in zip(rows, cols) if similarity[r, c] >= min_similarity}


def _aligned(components: np.ndarray, vocabulary: Sequence[str], position: dict[str, int]) -> np.ndarray:
    aligned = np.zeros((len(components), len(position)))
    aligned[:, [position[term] for term in vocabulary]] = components
    return normalize(aligned, norm="l2")
