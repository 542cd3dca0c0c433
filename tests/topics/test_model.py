"""TopicModel on BBC News: shapes, the chosen number of topics, labels, seeds, saving, matching."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import normalized_mutual_info_score

from analysis.topics import TopicModel, match_topics, quality
from analysis.topics.model import CANDIDATES
from analysis.topics.stage import matched_ids

pytestmark = [pytest.mark.corpora, pytest.mark.slow]


def test_fit_returns_the_model_and_init_only_stores_parameters(bbc: pd.DataFrame) -> None:
    model = TopicModel(n_topics=5, random_state=3)
    assert not [name for name in vars(model) if name.endswith("_")]
    assert model.fit(bbc["text"].iloc[:300]) is model
    assert model.n_topics_ == 5 and model.components_.shape == (5, len(model.vocabulary_))


def test_transform_gives_one_row_of_shares_per_document(bbc: pd.DataFrame, bbc_model: TopicModel) -> None:
    weights = bbc_model.transform(bbc["text"].iloc[:50].tolist() + ["", "the of and"])
    assert weights.shape == (52, bbc_model.n_topics_)
    assert (weights >= 0).all()
    assert np.allclose(weights[:50].sum(axis=1), 1.0)
    assert (weights[50:] == 0).all()


def test_number_of_topics_is_chosen_from_the_candidates(bbc_model: TopicModel) -> None:
    assert bbc_model.n_topics_ in CANDIDATES
    assert 5 <= bbc_model.n_topics_ <= 20
    selection = bbc_model.selection_
    assert selection["n_topics"].tolist() == sorted(k for k in CANDIDATES if k <= 1486 // 10)
    assert selection.loc[selection["score"].idxmax(), "n_topics"] == bbc_model.n_topics_
    assert selection["stability"].between(0, 1).all() and selection["npmi"].between(-1, 1).all()


def test_topics_follow_the_gold_classes(bbc: pd.DataFrame, bbc_model: TopicModel) -> None:
    model = bbc_model if bbc_model.n_topics_ == 5 else TopicModel(n_topics=5).fit(bbc["text"])
    assigned = model.transform(bbc["text"]).argmax(axis=1)
    assert normalized_mutual_info_score(bbc["label"], assigned) >= 0.78


def test_top_terms_and_labels_are_readable_and_distinct(bbc_model: TopicModel) -> None:
    top = bbc_model.top_terms(10)
    assert len(top) == bbc_model.n_topics_ and all(len(terms) == 10 for terms in top)
    assert all(len(set(terms)) == 10 for terms in top)
    assert len(set(bbc_model.labels_)) == len(bbc_model.labels_)
    assert all(label and not label.startswith("topic ") for label in bbc_model.labels_)
    assert all(label.split(" / ")[0] == terms[0] for label, terms in zip(bbc_model.labels_, top))


def test_same_seed_gives_the_same_topics_and_other_seeds_nearly(bbc: pd.DataFrame) -> None:
    texts = bbc["text"].iloc[::2]
    first, again = (TopicModel(n_topics=5, random_state=0).fit(texts) for _ in range(2))
    other = TopicModel(n_topics=5, random_state=1).fit(texts)
    assert np.array_equal(first.components_, again.components_)
    assert first.labels_ == again.labels_
    pairs = match_topics(first.components_, first.vocabulary_, other.components_, other.vocabulary_)
    assert len(pairs) == 5
    assert quality.agreement(first.top_terms(10), other.top_terms(10)) >= 0.8


def test_saved_model_transforms_like_the_fitted_one(tmp_path: Path, bbc: pd.DataFrame,
                                                    bbc_model: TopicModel) -> None:
    bbc_model.save(tmp_path / "model")
    loaded = TopicModel.load(tmp_path / "model")
    texts = bbc["text"].iloc[:40].tolist()
    assert np.allclose(loaded.transform(texts), bbc_model.transform(texts))
    assert loaded.labels_ == bbc_model.labels_ and loaded.top_terms(10) == bbc_model.top_terms(10)


def test_match_topics_recovers_a_permutation(bbc_model: TopicModel) -> None:
    order = np.random.default_rng(0).permutation(bbc_model.n_topics_)
    pairs = match_topics(bbc_model.components_, bbc_model.vocabulary_,
                         bbc_model.components_[order], bbc_model.vocabulary_)
    assert pairs == {new: int(old) for new, old in enumerate(order)}


def test_invalid_number_of_topics_is_refused(bbc: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="n_topics=0 is invalid"):
        TopicModel(n_topics=0).fit(bbc["text"].iloc[:20])


def test_matched_ids_follow_the_old_topics_and_unmatched_topics_get_fresh_ids(bbc_model: TopicModel) -> None:
    new = copy.deepcopy(bbc_model)
    order = np.arange(bbc_model.n_topics_)[::-1]
    new.components_ = bbc_model.components_[order].copy()
    new.components_[0] = 0.0
    new.components_[0, -5:] = 0.2  # a topic of rare terms, like none of the old ones
    old_ids = np.arange(bbc_model.n_topics_) + 10
    ids = matched_ids(new, bbc_model, old_ids)
    assert ids[0] == old_ids.max() + 1
    assert ids[1:].tolist() == old_ids[order[1:]].tolist()


def test_too_few_documents_to_choose_a_number_of_topics_is_explained(bbc: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="give n_topics instead"):
        TopicModel().fit(bbc["text"].iloc[:30])
    assert TopicModel(n_topics=2).fit(bbc["text"].iloc[:30]).n_topics_ == 2
