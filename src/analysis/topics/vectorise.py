"""Texts to terms, and terms to a TF-IDF matrix: the topic model's vocabulary.

A term is one of:

- a **lemma** of a content word, lower case (``elections`` → ``election``,
  ``said`` → ``say``), with stop words, numbers and words under three letters dropped;
- a **name**: a run of two or more capitalised words inside a sentence, kept as
  written (``Gordon Brown``, ``New York``), honorifics and function words at its ends
  stripped (``Mr``, ``The``); a lone capitalised word is read in lower case, unlemmatised;
- an **entity** supplied by the caller, e.g. a canonical name from the ``entities`` table
  (``Russia`` for "Russian", "Moscow's" and "Russia"), which replaces its span of text.

Words follow the rules of ``analysis.text_rules``: apostrophes are folded (``don’t`` is
``don't``) and a possessive is dropped in any case (``Moscow's``, ``OPEC'S``).

Lemmatisation is a lookup, not a tagger: the lemma tables and suffix rules of the
installed spaCy English model (``lemma_exc``, ``lemma_index``, ``lemma_rules``) are
applied to each distinct word once, trying noun, then verb, then adjective readings,
and the answers are cached. That runs at well over 100,000 words per second against
about 3,000 for spaCy's tagger-driven lemmatizer, at the price of a few words whose
part of speech decides their lemma (``left`` is read as the verb ``leave``). For a
bag-of-words model that merges inflections, this is the better trade.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from importlib import resources

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from analysis.text_rules import fold_apostrophes, strip_possessive

Spans = Sequence[tuple[int, int, str]]
"""Entity spans of a text: ``(start, end, term)`` with character offsets, end exclusive."""

MIN_LENGTH = 3
"""Shortest word kept as a term."""

_TOKEN = re.compile(r"(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)|(?P<number>\d[\d.,]*)|(?P<stop>[.!?;:()\"“”\n]+)")
_READINGS = ("noun", "verb", "adj")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "prof"})


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Words that never become terms: scikit-learn's, spaCy's and the package's news list.

    Returns:
        Lower-case words (``data/stopwords.txt`` adds reporting verbs, honorifics, numerals, days).
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    text = resources.files("analysis.topics").joinpath("data/stopwords.txt").read_text("utf-8")
    extra = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(ENGLISH_STOP_WORDS | STOP_WORDS | extra)


@functools.lru_cache(maxsize=1)
def _lemma_tables() -> tuple[dict[str, dict], dict[str, frozenset], dict[str, list]]:
    import spacy

    from analysis.entities.model import default_model

    lookups = spacy.load(default_model(), exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                                   "ner", "senter"]).get_pipe("lemmatizer").lookups
    exceptions, index, rules = (lookups.get_table(name) for name in ("lemma_exc", "lemma_index", "lemma_rules"))
    return ({reading: dict(exceptions.get(reading, {})) for reading in _READINGS},
            {reading: frozenset(index.get(reading, ())) for reading in _READINGS},
            {reading: list(rules.get(reading, ())) for reading in _READINGS})


@functools.lru_cache(maxsize=1)
def lemma_overrides() -> dict[str, str]:
    """Words whose context-free lemma would be wrong in news (``media`` is not ``medium``).

    Returns:
        Word to lemma, from ``data/lemma_overrides.csv``.
    """
    text = resources.files("analysis.topics").joinpath("data/lemma_overrides.csv").read_text("utf-8")
    rows = [line.split(",") for line in text.splitlines()[1:] if line.strip()]
    return {word.strip(): lemma.strip() for word, lemma in rows}


@functools.lru_cache(maxsize=200_000)
def lemmatise(word: str) -> str:
    """The lemma of a lower-case word, without context.

    Args:
        word: a lower-case word.

    Returns:
        The override for the word, if any; else its lemma from the first reading (noun,
        verb, adjective) that lists it as an exception or whose suffix rules lead to a
        known base form of at least ``MIN_LENGTH`` letters; else the word itself.
    """
    if word in lemma_overrides():
        return lemma_overrides()[word]
    exceptions, index, rules = _lemma_tables()
    for reading in _READINGS:
        if word in exceptions[reading]:
            return exceptions[reading][word][0]
        for old, new in rules[reading]:
            candidate = word[: len(word) - len(old)] + new
            if word.endswith(old) and len(candidate) >= MIN_LENGTH and candidate in index[reading]:
                return candidate
    return word


def analyse(text: str, *, spans: Spans = (), names: bool = True) -> list[str]:
    """Turn a text into its terms (lemmas, names and the given entity terms).

    Args:
        text: any text.
        spans: entity spans to keep as single terms; the words inside them are not
            read again. Overlapping spans: the first wins.
        names: keep runs of capitalised words as names; when False every word is
            read as a content word (for title-case headlines, or when ``spans`` already
            hold the names).

    Returns:
        The terms in reading order.
    """
    terms: list[str] = []
    position = 0
    for start, end, term in sorted(spans):
        if start < position:
            continue
        terms.extend(_analyse_plain(text[position:start], names=names))
        terms.append(term)
        position = end
    terms.extend(_analyse_plain(text[position:], names=names))
    return terms


def _analyse_plain(text: str, *, names: bool) -> list[str]:
    terms: list[str] = []
    run: list[str] = []
    sentence_start = True
    for match in _TOKEN.finditer(text):
        word = match.group("word")
        if word is None:
            terms.extend(_close_run(run))
            run, sentence_start = [], sentence_start or match.group("stop") is not None
            continue
        word = strip_possessive(fold_apostrophes(word))
        if names and word[:1].isupper() and not word.isupper() and not sentence_start:
            run.append(word)
        else:
            terms.extend(_close_run(run))
            run = []
            terms.extend(_content_lemma(word))
        sentence_start = False
    terms.extend(_close_run(run))
    return terms


@functools.lru_cache(maxsize=1)
def _edge_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS | STOP_WORDS | _HONORIFICS)


def _close_run(run: list[str]) -> list[str]:
    edge, stops = _edge_words(), stop_words()
    while run and run[0].lower() in edge:
        run = run[1:]
    while run and run[-1].lower() in edge:
        run = run[:-1]
    if len(run) >= 2:
        return [" ".join(run)]
    return [word.lower() for word in run if len(word) >= MIN_LENGTH and word.lower() not in stops]


def _content_lemma(word: str) -> list[str]:
    lower = word.lower()
    stops = stop_words()
    if len(lower) < MIN_LENGTH or lower in stops:
        return []
    lemma = lemmatise(lower)
    return [] if len(lemma) < MIN_LENGTH or lemma in stops else [lemma]


def with_bigrams(terms: Sequence[str]) -> list[str]:
    """Add each pair of neighbouring lemmas as a term, right after the pair.

    Names and entity terms (which hold a space or a capital) are not paired, so
    ``interest rate`` is added but not ``Gordon Brown campaign``.

    Args:
        terms: a document's terms in reading order.

    Returns:
        The terms with the bigrams interleaved.
    """
    out: list[str] = []
    previous = None
    for term in terms:
        out.append(term)
        simple = term.islower() and " " not in term
        if simple and previous is not None:
            out.append(f"{previous} {term}")
        previous = term if simple else None
    return out


def _identity(terms: list[str]) -> list[str]:
    return terms


def make_vectoriser(*, min_df: int | float = 2, max_df: float = 0.5,
                    vocabulary: Iterable[str] | None = None) -> TfidfVectorizer:
    """The TF-IDF vectoriser over analysed documents (lists of terms).

    Args:
        min_df: drop terms in fewer documents (count) or a smaller share (float).
        max_df: drop terms in a larger share of documents.
        vocabulary: a fixed vocabulary (when reloading a fitted model).

    Returns:
        An unfitted ``TfidfVectorizer`` with sublinear term frequency and L2-normalised rows.
    """
    return TfidfVectorizer(analyzer=_identity, min_df=min_df, max_df=max_df, sublinear_tf=True, lowercase=False,
                           norm="l2", vocabulary=None if vocabulary is None else list(vocabulary),
                           dtype=np.float64)


def binary_counts(documents: Sequence[Sequence[str]], vocabulary: dict[str, int]) -> sp.csc_matrix:
    """Which documents hold which terms, for co-occurrence statistics.

    Args:
        documents: analysed documents.
        vocabulary: term to column.

    Returns:
        A documents-by-terms 0/1 matrix (CSC, so term columns are cheap to slice).
    """
    rows, cols = [], []
    for row, terms in enumerate(documents):
        columns = {vocabulary[term] for term in terms if term in vocabulary}
        rows.extend([row] * len(columns))
        cols.extend(columns)
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csc_matrix((data, (rows, cols)), shape=(len(documents), len(vocabulary)))
