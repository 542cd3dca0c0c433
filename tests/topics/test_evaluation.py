"""The two halves of the shared BBC News part: tune on one, report on the other."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.topics.evaluation import SPLITS, split_halves


def test_halves_are_disjoint_cover_the_corpus_and_split_each_class_evenly(bbc: pd.DataFrame) -> None:
    tune, held_out = (split_halves(bbc, split) for split in SPLITS)
    assert set(tune["file"]).isdisjoint(held_out["file"])
    assert len(tune) + len(held_out) == len(bbc)
    assert set(tune["text"]).isdisjoint(held_out["text"])
    counts = pd.concat([tune["label"].value_counts(), held_out["label"].value_counts()], axis=1)
    assert ((counts.iloc[:, 0] - counts.iloc[:, 1]).abs() <= 1).all()


def test_halves_depend_on_the_texts_not_on_their_order(bbc: pd.DataFrame) -> None:
    shuffled = bbc.sample(frac=1, random_state=1)
    assert set(split_halves(shuffled, "held-out")["file"]) == set(split_halves(bbc, "held-out")["file"])


def test_an_unknown_split_is_refused(bbc: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="split='test' is invalid"):
        split_halves(bbc, "test")
