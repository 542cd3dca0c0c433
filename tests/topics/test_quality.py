"""Topic quality measures on small, hand-checkable inputs."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from analysis.topics import quality


def test_npmi_is_one_for_terms_always_together_and_minus_one_for_terms_never_together() -> None:
    presence = sp.csc_matrix(np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]))
    scores = quality.npmi(np.array([[0, 1], [2, 3]]), presence)
    assert scores[0] == pytest.approx(1.0)
    assert scores[1] == pytest.approx(-1.0)


def test_npmi_is_zero_for_independent_terms() -> None:
    presence = sp.csc_matrix(np.array([[1, 1], [1, 0], [0, 1], [0, 0]]))
    assert quality.npmi(np.array([[0, 1]]), presence)[0] == pytest.approx(0.0, abs=1e-12)


def test_top_indices_are_heaviest_first() -> None:
    components = np.array([[0.1, 0.5, 0.2, 0.0], [0.4, 0.0, 0.1, 0.3]])
    assert quality.top_indices(components, 3).tolist() == [[1, 2, 0], [0, 3, 2]]


def test_diversity_counts_distinct_terms() -> None:
    assert quality.diversity([["a", "b"], ["b", "c"]]) == pytest.approx(0.75)
    assert quality.diversity([["a", "b"], ["c", "d"]]) == 1.0


def test_agreement_ignores_topic_order_and_counts_unpaired_topics_as_zero() -> None:
    first = [["a", "b", "c"], ["d", "e", "f"]]
    assert quality.agreement(first, first[::-1]) == 1.0
    assert quality.agreement(first, [["a", "b", "c"]]) == pytest.approx(0.5)
    assert quality.agreement(first, [["x", "y", "z"], ["u", "v", "w"]]) == 0.0


def test_stability_needs_two_fits() -> None:
    with pytest.raises(ValueError, match="at least 2 fits"):
        quality.stability([[["a"]]])
    assert quality.stability([[["a", "b"]], [["a", "c"]], [["a", "b"]]]) == pytest.approx((1 / 3 + 1 + 1 / 3) / 3)


def test_unclear_share_counts_weak_and_empty_documents() -> None:
    weights = np.array([[0.9, 0.1], [0.2, 0.2], [0.0, 0.0], [0.5, 0.5]])
    assert quality.unclear_share(weights, clear_share=0.3) == pytest.approx(0.5)
