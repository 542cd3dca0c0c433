"""TopicModel on BBC News: shapes, the chosen number of topics, labels, seeds, saving, matching,
and the scikit-learn estimator protocol (clone, parameters, validation, pipelines)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import normalized_mutual_info_score
from sklearn.pipeline import Pipeline
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.validation import check_is_fitted

from analysis.topics import TopicModel, match_topics, quality
from analysis.topics.model import CANDIDATES
from analysis.topics.matching import matched_ids

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
    leads = [label.split(" / ")[0] for label in bbc_model.labels_]
    assert all(lead == terms[0] or (len(lead.split(" ")) == 2 and lead.islower())
               for lead, terms in zip(leads, top))  # the top term, or the topic's commonest phrase
    assert any(lead != terms[0] for lead, terms in zip(leads, top))


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
    assert loaded.get_params() == bbc_model.get_params() and repr(loaded) == repr(bbc_model)


def test_match_topics_recovers_a_permutation(bbc_model: TopicModel) -> None:
    order = np.random.default_rng(0).permutation(bbc_model.n_topics_)
    pairs = match_topics(bbc_model.components_, bbc_model.vocabulary_,
                         bbc_model.components_[order], bbc_model.vocabulary_)
    assert pairs == {new: int(old) for new, old in enumerate(order)}


def test_too_many_topics_for_the_documents_is_refused_and_leaves_no_fit(bbc: pd.DataFrame) -> None:
    model = TopicModel(n_topics=21)
    with pytest.raises(ValueError, match="n_topics=21 is invalid"):
        model.fit(bbc["text"].iloc[:20])
    with pytest.raises(NotFittedError):
        model.transform(bbc["text"].iloc[:2])


@pytest.mark.parametrize(("name", "value"), [
    ("n_topics", -3), ("n_topics", 0), ("n_topics", 2.5), ("random_state", None),
    ("candidates", [0, 5]), ("candidates", ()), ("candidates", "5, 10"), ("n_runs", 0),
    ("subsample", 1.5), ("min_df", -1), ("max_df", 1), ("bigrams", "yes"), ("max_iter", 0)])
def test_bad_parameters_are_stored_then_refused_at_fit_by_name(bbc: pd.DataFrame, name: str,
                                                               value: object) -> None:
    model = TopicModel(**{name: value})
    assert model.get_params()[name] is value
    with pytest.raises(InvalidParameterError, match=f"'{name}' parameter of TopicModel"):
        model.fit(bbc["text"].iloc[:20])
    with pytest.raises(InvalidParameterError, match=f"'{name}' parameter of TopicModel"):
        model.fit_transform(bbc["text"].iloc[:20])
    assert not [attribute for attribute in vars(model) if attribute.endswith("_")]


def test_clone_gives_an_unfitted_model_with_the_same_parameters(bbc_model: TopicModel) -> None:
    copy_ = clone(TopicModel(n_topics=7, candidates=[5, 10]))
    assert copy_.n_topics == 7 and copy_.candidates == [5, 10]
    with pytest.raises(NotFittedError):
        check_is_fitted(copy_)
    refit = clone(bbc_model)
    assert refit.get_params() == bbc_model.get_params()
    assert not [attribute for attribute in vars(refit) if attribute.endswith("_")]


def test_set_params_then_fit_gives_that_many_topics(bbc: pd.DataFrame) -> None:
    model = TopicModel(n_topics=7, random_state=3)
    assert model.set_params(n_topics=4) is model
    assert repr(model) == "TopicModel(n_topics=4, random_state=3)"
    model.fit(bbc["text"].iloc[:300])
    assert model.n_topics_ == 4 and model.components_.shape[0] == 4 and len(model.labels_) == 4
    assert model.get_feature_names_out().tolist() == [f"topicmodel{i}" for i in range(4)]


@pytest.mark.parametrize("use", [
    lambda model, folder: model.transform(["Shares rose in London."]),
    lambda model, folder: model.top_terms(5),
    lambda model, folder: model.save(folder),
    lambda model, folder: model.get_feature_names_out()], ids=["transform", "top_terms", "save",
                                                              "get_feature_names_out"])
def test_an_unfitted_model_raises_not_fitted(tmp_path: Path,
                                             use: Callable[[TopicModel, Path], object]) -> None:
    with pytest.raises(NotFittedError, match="TopicModel instance is not fitted yet"):
        use(TopicModel(), tmp_path / "model")
    assert not (tmp_path / "model").exists()


def test_a_cloned_pipeline_classifies_articles_by_their_topics(bbc: pd.DataFrame) -> None:
    pipeline = Pipeline([("topics", TopicModel(n_topics=5)), ("classify", LogisticRegression())])
    train, test = bbc.iloc[0::5], bbc.iloc[2::10]  # every class in both; chance is about 0.24
    fitted = clone(pipeline).set_output(transform="pandas").fit(train["text"], train["label"])
    with pytest.raises(NotFittedError):
        check_is_fitted(pipeline["topics"])
    assert fitted.score(test["text"], test["label"]) >= 0.85
    assert fitted["classify"].feature_names_in_.tolist() == [f"topicmodel{i}" for i in range(5)]
    weights = fitted["topics"].transform(test["text"])
    assert weights.index.equals(test.index) and np.allclose(weights.sum(axis=1), 1.0)


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
    model = TopicModel()
    with pytest.raises(ValueError, match="give n_topics instead"):
        model.fit(bbc["text"].iloc[:30])
    assert not [attribute for attribute in vars(model) if attribute.endswith("_")]
    assert TopicModel(n_topics=2).fit(bbc["text"].iloc[:30]).n_topics_ == 2


def test_a_single_text_is_refused_not_read_letter_by_letter() -> None:
    model = TopicModel(n_topics=2)
    with pytest.raises(TypeError, match=r"expected a list of texts, got one text \('OPEC agrees"):
        model.fit("OPEC agrees to cut oil output")
    with pytest.raises(TypeError, match="wrap it in a list"):
        model.analyse("OPEC agrees to cut oil output")


def test_a_corpus_of_three_texts_fits_a_given_number_of_topics() -> None:
    """Field case 12: scikit-learn's "max_df corresponds to < documents than min_df" on a tiny corpus."""
    texts = ["Oil prices rose as OPEC agreed to cut output.", "OPEC ministers met in Vienna on oil output.",
             "The football club won the cup final in London."]
    model = TopicModel(n_topics=2, random_state=0).fit(texts)
    assert model.n_topics_ == 2 and model.transform(texts).shape == (3, 2)
