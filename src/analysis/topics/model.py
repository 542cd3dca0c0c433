"""``TopicModel``: TF-IDF and NMF over lemmas and names, scikit-learn style.

Fitting analyses the texts (``vectorise.analyse``), weights terms by TF-IDF with
sublinear term frequency and unit-length rows (document-length normalisation), and
factorises the matrix with NMF from an NNDSVD start, which depends on the seed only
through a randomised SVD: the same texts give the same topics for the same seed and
nearly the same for any seed. Each candidate number of topics is also fitted on
``n_runs`` random subsamples of the documents (from the seed); the number whose
topics are both coherent (document NPMI of the top terms) and stable across those
fits (agreement of their top terms) wins, unless ``n_topics`` is given.

Document weights are found, for training and new documents alike, by non-negative
least squares on the fixed topics, so a document's weights do not depend on which
other documents were transformed with it.

``TopicModel`` is a scikit-learn transformer: ``clone``, ``get_params``/``set_params``,
pipelines and ``set_output`` work; its parameters are checked when fitting
(``InvalidParameterError``, naming the parameter), and a model used before fitting
raises ``NotFittedError``.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Sequence
from numbers import Integral, Real
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import (BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin,
                          _fit_context)
from sklearn.decomposition import NMF, non_negative_factorization
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import normalize
from sklearn.utils import Tags
from sklearn.utils._param_validation import Interval, InvalidParameterError, RealNotInt
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from analysis.topics import quality
from analysis.topics.labels import PHRASE_POOL, label_topics, text_phrases
from analysis.topics.vectorise import analyse, binary_counts, make_vectoriser, with_bigrams

Document = str | Sequence[str]
"""A text, or a text already analysed into terms (see ``vectorise.analyse``)."""

CANDIDATES = (5, 10, 15, 20, 30, 40)
"""Numbers of topics tried when none is given (those above a tenth of the documents are skipped)."""

SELECTION_TERMS = 3000
"""Only the terms in most documents take part in choosing the number of topics (for speed)."""

class TopicModel(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """A topic model over news texts: lemmas and names, TF-IDF, NMF.

    The constructor only stores its arguments; ``fit`` checks them (scikit-learn's
    ``_parameter_constraints``) and raises ``InvalidParameterError``, a ``ValueError``
    naming the parameter, for a bad one.

    Args:
        n_topics: the number of topics (1 or more); chosen from ``candidates`` when None.
        random_state: seed (an int, 0 or more, recorded to reproduce the fit) of the NNDSVD
            start (its randomised SVD) and of the subsamples used to measure stability and
            choose the number of topics.
        candidates: numbers of topics (a list or tuple of ints, 1 or more) to try when
            ``n_topics`` is None.
        n_runs: subsample fits per candidate (1 or more), compared with each other and
            with the fit on all documents for stability.
        subsample: share of documents in each of those fits, in (0, 1].
        min_df: drop terms in fewer documents (an int, 1 or more) or in a smaller share
            of them (a float in [0, 1]).
        max_df: drop terms in a larger share of documents (a float in (0, 1]).
        bigrams: add pairs of neighbouring lemmas as terms (off: on BBC News they lowered
            coherence and diversity, as ``mobile phone`` joins ``mobile`` and ``phone``).
        max_iter: NMF iterations (1 or more).

    Attributes:
        n_topics_: the number of topics fitted.
        vocabulary_: the terms, in column order.
        idf_: the inverse document frequency of each term.
        components_: topics-by-terms weights, each row summing to 1.
        labels_: a readable, distinct label per topic (``labels.label_topics``: the
            topic's commonest phrase, when its documents have one, and its top terms
            that are not wire abbreviations).
        selection_: one row per candidate tried (``n_topics``, ``npmi``, ``stability``,
            ``score``); only ``n_topics`` when it was given.
        npmi_: NPMI of each topic's top 10 terms over the fitted documents.
        stability_: agreement of the top 10 terms between the fit on all documents and
            the subsample fits, for the number of topics fitted.
        presence_: documents-by-terms 0/1 matrix of the fitted documents.
    """

    _parameter_constraints: dict = {
        "n_topics": [Interval(Integral, 1, None, closed="left"), None],
        "random_state": [Interval(Integral, 0, None, closed="left")],
        "candidates": [list, tuple],  # and each an int >= 1: see _validate_params
        "n_runs": [Interval(Integral, 1, None, closed="left")],
        "subsample": [Interval(Real, 0, 1, closed="right")],
        "min_df": [Interval(Integral, 1, None, closed="left"),
                   Interval(RealNotInt, 0, 1, closed="both")],
        "max_df": [Interval(RealNotInt, 0, 1, closed="right")],
        "bigrams": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, n_topics: int | None = None, random_state: int = 0, *,
                 candidates: Sequence[int] = CANDIDATES, n_runs: int = 2, subsample: float = 0.8,
                 min_df: int | float = 2, max_df: float = 0.2, bigrams: bool = False,
                 max_iter: int = 200) -> None:
        self.n_topics = n_topics
        self.random_state = random_state
        self.candidates = candidates
        self.n_runs = n_runs
        self.subsample = subsample
        self.min_df = min_df
        self.max_df = max_df
        self.bigrams = bigrams
        self.max_iter = max_iter

    def _validate_params(self) -> None:
        """Check the parameters against ``_parameter_constraints``, then ``candidates``' entries.

        Raises:
            InvalidParameterError: naming the first bad parameter.
        """
        super()._validate_params()
        valid = [isinstance(k, Integral) and not isinstance(k, bool) and k > 0
                 for k in self.candidates]
        if not valid or not all(valid):
            raise InvalidParameterError(
                f"The 'candidates' parameter of {type(self).__name__} must be a non-empty list or "
                f"tuple of ints >= 1. Got {self.candidates!r} instead.")

    def __sklearn_tags__(self) -> Tags:
        """scikit-learn's tags: the input is texts or lists of terms, not a 2-d array."""
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    @property
    def _n_features_out(self) -> int:
        """Output columns, for ``get_feature_names_out`` (``topicmodel0``, ``topicmodel1``, ...)."""
        return self.n_topics_

    def analyse(self, documents: Iterable[Document]) -> list[list[str]]:
        """The terms the model reads in each document.

        Args:
            documents: texts, or lists of terms already analysed.

        Returns:
            One list of terms per document (with bigrams, when the model uses them).

        Raises:
            TypeError: for a single text (a ``str``) where a collection of texts is expected.
        """
        if isinstance(documents, str):
            raise TypeError(f"expected a list of texts, got one text ({documents[:40]!r}); "
                            "wrap it in a list: [text]")
        analysed = [analyse(doc) if isinstance(doc, str) else list(doc) for doc in documents]
        return [with_bigrams(terms) for terms in analysed] if self.bigrams else analysed

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Iterable[Document], y: object = None, *,
            phrases: Sequence[Sequence[str]] | None = None) -> TopicModel:
        """Learn the vocabulary and the topics.

        Args:
            X: texts, or lists of terms already analysed.
            y: ignored (scikit-learn's API; a pipeline passes it on).
            phrases: each document's phrases (``labels.text_phrases``), for the labels
                only; found from the texts when None (none for documents given as terms).

        Returns:
            The fitted model (self).

        Raises:
            InvalidParameterError: for a bad parameter, naming it (a ``ValueError``).
            ValueError: when ``n_topics`` is more than the number of documents, or when
                ``n_topics`` is None and no candidate fits the number of documents.
        """
        documents = list(X) if not isinstance(X, str) else X
        with threadpool_limits(limits=1):
            return self._fit(self.analyse(documents), _phrases(documents, phrases))

    def _fit(self, terms: list[list[str]], phrases: list[list[str]]) -> TopicModel:
        """Fit on analysed documents; no learned attribute changes unless the fit succeeds."""
        n_docs = len(terms)
        if self.n_topics is not None and self.n_topics > n_docs:
            raise ValueError(f"n_topics={self.n_topics!r} is invalid; must be between 1 and the "
                             f"number of documents ({n_docs})")
        vectoriser = make_vectoriser(min_df=_min_df(self.min_df, n_docs),
                                     max_df=_max_df(self.max_df, self.min_df, n_docs))
        matrix = vectoriser.fit_transform(terms)
        presence = binary_counts(terms, vectoriser.vocabulary_)
        selection = choose_n_topics(
            matrix, presence, n_runs=self.n_runs, subsample=self.subsample,
            random_state=self.random_state, max_iter=self.max_iter,
            candidates=self.candidates if self.n_topics is None else [self.n_topics],
            max_topics=None if self.n_topics is None else n_docs)
        best = selection.loc[selection["score"].idxmax()]
        self.vocabulary_ = np.asarray(vectoriser.get_feature_names_out(), dtype=object)
        self.idf_, self.presence_, self.selection_ = vectoriser.idf_, presence, selection
        self.n_topics_, self.stability_ = int(best["n_topics"]), float(best["stability"])
        strongest, self.components_ = factorise(matrix, self.n_topics_, random_state=self.random_state,
                                                max_iter=self.max_iter)
        self.npmi_ = quality.npmi(quality.top_indices(self.components_, 10), self.presence_)
        self.labels_ = label_topics(self.top_terms(PHRASE_POOL),
                                    [[phrases[i] for i in np.flatnonzero(strongest == topic)]
                                     for topic in range(self.n_topics_)])
        return self

    def transform(self, X: Iterable[Document]) -> np.ndarray:
        """The topic weights of documents, with the learned topics fixed.

        Args:
            X: texts, or lists of terms already analysed.

        Returns:
            A documents-by-topics array; each row sums to 1 (all zeros for a document
            with no term of the vocabulary). A DataFrame after ``set_output(transform="pandas")``,
            with the columns of ``get_feature_names_out`` and the index of ``X`` if it has one.

        Raises:
            NotFittedError: before ``fit``.
        """
        check_is_fitted(self)
        return self._weights(self.analyse(X))

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X: Iterable[Document], y: object = None, *,
                      phrases: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """Fit, then give the weights of the same documents (analysed once).

        Args:
            X: texts, or lists of terms already analysed.
            y: ignored (scikit-learn's API; a pipeline passes it on).
            phrases: as ``fit``.

        Returns:
            As ``transform``.

        Raises:
            InvalidParameterError: as ``fit``.
            ValueError: as ``fit``.
        """
        documents = list(X) if not isinstance(X, str) else X
        with threadpool_limits(limits=1):
            terms = self.analyse(documents)
            return self._fit(terms, _phrases(documents, phrases))._weights(terms)

    def top_terms(self, n: int = 10) -> list[list[str]]:
        """Each topic's heaviest terms.

        Args:
            n: terms per topic.

        Returns:
            One list of ``n`` terms per topic, heaviest first.

        Raises:
            NotFittedError: before ``fit``.
        """
        check_is_fitted(self)
        return [list(self.vocabulary_[row]) for row in quality.top_indices(self.components_, n)]

    def save(self, directory: Path) -> None:
        """Write the fitted model to a folder (``model.json`` and ``components.npy``).

        Args:
            directory: the folder (created when missing).

        Raises:
            NotFittedError: before ``fit`` (nothing is written).
        """
        check_is_fitted(self)
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / ".components.npy.tmp", "wb") as handle:
            np.save(handle, self.components_)
        state = {"params": self.get_params(), "n_topics_": self.n_topics_,
                 "vocabulary_": self.vocabulary_.tolist(), "idf_": self.idf_.tolist(),
                 "labels_": list(self.labels_), "npmi_": self.npmi_.tolist(),
                 "stability_": self.stability_,
                 "selection_": None if self.selection_ is None else self.selection_.to_dict("records")}
        (directory / ".model.json.tmp").write_text(json.dumps(state), encoding="utf-8")
        (directory / ".components.npy.tmp").replace(directory / "components.npy")
        (directory / ".model.json.tmp").replace(directory / "model.json")

    @classmethod
    def load(cls, directory: Path) -> TopicModel:
        """Read a model written by ``save``.

        Args:
            directory: the folder.

        Returns:
            The fitted model (without ``presence_``, which only fitting computes); its
            ``candidates`` is a tuple, as by default (JSON keeps no difference from a list).
        """
        state = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        model = cls(**{**state["params"], "candidates": tuple(state["params"]["candidates"])})
        model.components_ = np.load(directory / "components.npy")
        model.n_topics_, model.labels_ = state["n_topics_"], list(state["labels_"])
        model.vocabulary_ = np.asarray(state["vocabulary_"], dtype=object)
        model.idf_, model.npmi_ = np.asarray(state["idf_"]), np.asarray(state["npmi_"])
        model.stability_ = state["stability_"]
        model.selection_ = None if state["selection_"] is None else pd.DataFrame(state["selection_"])
        return model

    def _weights(self, terms: list[list[str]]) -> np.ndarray:
        with threadpool_limits(limits=1):
            return topic_weights(self._vectorise(terms), self.components_)

    def _vectorise(self, terms: list[list[str]]) -> sp.csr_matrix:
        vectoriser = make_vectoriser(vocabulary=self.vocabulary_)
        vectoriser.fit([[]])
        vectoriser.idf_ = self.idf_
        return vectoriser.transform(terms)


def _phrases(documents: Sequence[Document] | str, phrases: Sequence[Sequence[str]] | None) -> list[list[str]]:
    """Each document's phrases: those given, else those of its text (none for analysed terms)."""
    if phrases is not None:
        if len(phrases) != len(documents):
            raise ValueError(f"phrases has {len(phrases)} entries for {len(documents)} documents; "
                             "give one list of phrases per document")
        return [list(found) for found in phrases]
    if isinstance(documents, str):
        return []
    return [text_phrases(doc) if isinstance(doc, str) else [] for doc in documents]


def _min_df(min_df: int | float, n_documents: int) -> int | float:
    return 1 if _is_small(min_df, n_documents) else min_df


def _max_df(max_df: float, min_df: int | float, n_documents: int) -> float:
    """No upper cut on a small corpus: a share of a few documents is under one document."""
    return 1.0 if _is_small(min_df, n_documents) else max_df


def _is_small(min_df: int | float, n_documents: int) -> bool:
    """A corpus too small for document-frequency cuts: fewer than ten times ``min_df`` documents."""
    return isinstance(min_df, int) and n_documents < 10 * min_df


def min_documents(candidates: Sequence[int] = CANDIDATES) -> int:
    """The fewest documents from which the number of topics can be chosen (a tenth of them per topic).

    Args:
        candidates: the numbers of topics tried.

    Returns:
        Ten times the smallest candidate (50 for the default candidates).
    """
    return 10 * min(candidates)


def fit_components(matrix: sp.spmatrix, n_topics: int, *, random_state: int = 0,
                   max_iter: int = 200) -> np.ndarray:
    """Factorise a TF-IDF matrix into topics (NMF from an NNDSVD start).

    Args:
        matrix: documents-by-terms TF-IDF weights.
        n_topics: the number of topics.
        random_state: seed of the randomised SVD behind the NNDSVD start.
        max_iter: iterations at most.

    Returns:
        Topics-by-terms weights, each row summing to 1.
    """
    return factorise(matrix, n_topics, random_state=random_state, max_iter=max_iter)[1]


def factorise(matrix: sp.spmatrix, n_topics: int, *, random_state: int = 0,
              max_iter: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """As ``fit_components``, also giving each document's strongest topic in the factorisation.

    Returns:
        Each document's strongest topic (-1 for a document with no weight), and the
        topics-by-terms weights, each row summing to 1.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        nmf = NMF(n_topics, init="nndsvd", random_state=random_state, max_iter=max_iter,
                  tol=1e-3)
        weights = nmf.fit_transform(matrix)
    strongest = np.where(weights.max(axis=1, initial=0) > 0, weights.argmax(axis=1), -1)
    return strongest, normalize(nmf.components_, norm="l1")


def topic_weights(matrix: sp.spmatrix, components: np.ndarray) -> np.ndarray:
    """Each document's topic weights: non-negative least squares on fixed topics.

    Args:
        matrix: documents-by-terms TF-IDF weights.
        components: topics-by-terms weights.

    Returns:
        Documents-by-topics weights, each row summing to 1 (0 for empty documents).
    """
    if matrix.shape[0] == 0:
        return np.zeros((0, len(components)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights, _, _ = non_negative_factorization(
            matrix, H=normalize(components, norm="l2"), n_components=len(components),
            init="custom", update_H=False, solver="cd", max_iter=400)
    return normalize(weights, norm="l1")


def choose_n_topics(matrix: sp.spmatrix, presence: sp.spmatrix, *, candidates: Sequence[int],
                    n_runs: int, subsample: float, random_state: int, max_iter: int = 200,
                    max_topics: int | None = None) -> pd.DataFrame:
    """Score each candidate number of topics by coherence and stability.

    Args:
        matrix: documents-by-terms TF-IDF weights.
        presence: documents-by-terms 0/1 matrix (for NPMI).
        candidates: numbers of topics to try.
        n_runs: subsample fits per candidate (at least 1), compared with each other and
            with the fit on all documents.
        subsample: share of documents in each subsample.
        random_state: seed of the subsamples.
        max_iter: NMF iterations.
        max_topics: candidates above this are skipped; a tenth of the documents when None.

    Returns:
        One row per candidate tried: ``n_topics``, ``npmi`` (mean NPMI of the top 10
        terms of the fit on all documents), ``stability`` (mean agreement of the top
        10 terms between that fit and the subsample fits) and ``score`` (their sum).
        Only the ``SELECTION_TERMS`` most widespread terms are used.

    Raises:
        ValueError: when no candidate fits the number of documents.
    """
    n_docs = matrix.shape[0]
    limit = max(1, n_docs // 10) if max_topics is None else max_topics
    usable = sorted({k for k in candidates if 1 <= k <= limit})
    if not usable:
        raise ValueError(f"candidates={list(candidates)!r} holds no number of topics between 1 and "
                         f"{limit} (for {n_docs} documents); give n_topics instead")
    columns = np.sort(np.argsort(-presence.getnnz(axis=0), kind="stable")[:SELECTION_TERMS])
    matrix, presence = normalize(sp.csr_matrix(matrix)[:, columns]), sp.csc_matrix(presence)[:, columns]
    rng = np.random.default_rng(random_state)
    samples = [np.sort(rng.choice(n_docs, size=max(2, int(subsample * n_docs)), replace=False))
               for _ in range(max(1, n_runs))]
    rows = []
    for k in usable:
        full = quality.top_indices(fit_components(matrix, k, random_state=random_state,
                                                  max_iter=max_iter), 10)
        tops = [full.tolist()] + [
            quality.top_indices(fit_components(matrix[sample], k, random_state=random_state + 1 + run,
                                               max_iter=max_iter), 10).tolist()
            for run, sample in enumerate(samples)]
        rows.append({"n_topics": k, "npmi": float(quality.npmi(full, presence).mean()),
                     "stability": quality.stability(tops)})
    table = pd.DataFrame(rows)
    return table.assign(score=table["npmi"] + table["stability"])
