"""Readable topic labels: names and phrases from a topic's top terms, never wire abbreviations alone.

A label joins three **elements** with ``" / "``. The elements are the topic's top terms
in weight order, where:

- an **abbreviation** is left out: a one-word lower-case term of at most
  ``ABBREVIATION_LENGTH`` letters, or with no vowel, that is not a word of the English
  lexicon (the base forms of the installed spaCy model's lemma tables, which the
  vectoriser already reads). Wire copy writes its units and headings so (``stg``,
  ``div``, ``mths``, ``qtrly``, ``bpd``); acronyms the lexicon knows (``opec``, ``nato``)
  and names (``Bank of England``) stay;
- the first element is the topic's **commonest phrase**, when its documents (those whose
  strongest topic it is) write one often: two neighbouring lower-case words of running
  text (nothing but a space or a hyphen between them), the second of which can be a
  noun and the first, as written, a noun or an adjective (a plural or a verb form
  does not modify a noun: ``oil prices`` but not ``prices rose``), both among the topic's top ``PHRASE_POOL``
  terms and neither an abbreviation: the noun-phrase pattern of Justeson & Katz (1995,
  "Technical terminology", *Natural Language Engineering* 1(1)), read from the lexicon
  instead of a tagger. It must be in at least ``PHRASE_SHARE`` of the topic's documents
  (and ``PHRASE_MIN`` of them), and is shown as most often written (``money market``,
  ``quarterly dividend``, ``common stock``), so a topic whose heaviest terms are the
  words of wire tables (``record``, ``prior``) still leads with what its texts say.

A term whose words are all inside a chosen element, or that holds all of its words, is
skipped (``minister`` after ``prime minister``, ``bank`` after ``Bank of England``); when
two labels would be equal, the later one takes more elements.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from analysis.text_rules import fold_apostrophes

LABEL_TERMS = 3
"""Elements joined into a topic's label."""

ABBREVIATION_LENGTH = 4
"""Longest lexicon-less lower-case term read as an abbreviation (longer ones need no vowel)."""

PHRASE_POOL = 20
"""Both words of a label phrase are among this many of the topic's top terms."""

PHRASE_SHARE = 0.02
"""Share of a topic's documents a phrase must be in to be shown."""

PHRASE_MIN = 3
"""Documents of the topic a phrase must be in, at the least."""

_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_GAP = re.compile(r"[ \t]+|[ \t]*-[ \t]*")
_VOWELS = frozenset("aeiouy")


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    """Base forms of the English lexicon by reading (``noun``, ``verb``, ``adj``)."""
    from analysis.topics.vectorise import _lemma_tables

    exceptions, index, _ = _lemma_tables()
    return {reading: frozenset(index[reading]) | frozenset(
        lemma for forms in exceptions[reading].values() for lemma in forms) for reading in index}


def is_abbreviation(term: str) -> bool:
    """Whether a term reads as an abbreviation (see the module's docstring).

    Args:
        term: a vocabulary term.

    Returns:
        True for a one-word lower-case term the lexicon lacks that is short or has no vowel.
    """
    if " " in term or not term.islower() or not term.isalpha():
        return False
    if any(term in forms for forms in _lexicon().values()):
        return False
    return len(term) <= ABBREVIATION_LENGTH or not _VOWELS & set(term)


def text_phrases(text: str) -> list[str]:
    """The candidate phrases of a text: neighbouring lower-case words, noun last.

    Args:
        text: any text.

    Returns:
        Each pair of neighbouring words (only a space or a hyphen between them), both
        lower case as written, not stop words, the first one as written a base form of a
        noun or an adjective and the second one a noun (by the lexicon), as written
        (``"money market"``, ``"discontinued operations"``, not ``"prices rose"``).
    """
    from analysis.topics.vectorise import MIN_LENGTH, lemmatise, stop_words

    lexicon, stops = _lexicon(), stop_words()
    text = fold_apostrophes(text)
    found: list[str] = []
    previous = None
    for match in _WORDS.finditer(text):
        word = match.group()
        lemma = lemmatise(word) if word.islower() and len(word) >= MIN_LENGTH and word not in stops else None
        if lemma is not None and lemma in stops:
            lemma = None
        joined = previous is not None and _GAP.fullmatch(text[previous[2]:match.start()]) is not None
        if joined and lemma is not None and lemma in lexicon["noun"] and (
                previous[1] in lexicon["adj"] or previous[1] == previous[0] in lexicon["noun"]):
            found.append(f"{previous[1]} {word}")
        previous = None if lemma is None else (lemma, word, match.end())
    return found


def label_topics(top_terms: Sequence[Sequence[str]], phrases: Sequence[Iterable[Iterable[str]]] | None = None,
                 *, n_terms: int = LABEL_TERMS) -> list[str]:
    """Readable, distinct labels from each topic's top terms and its documents' phrases.

    Args:
        top_terms: each topic's terms, heaviest first (``PHRASE_POOL`` of them for phrases).
        phrases: for each topic, the phrases of each of its documents (``text_phrases``),
            one iterable per document; None for labels of terms alone.
        n_terms: elements per label.

    Returns:
        One label per topic, elements joined by ``" / "``; ``"topic <i>"`` for a topic
        with no usable terms.
    """
    labels: list[str] = []
    for index, terms in enumerate(top_terms):
        lead = None if phrases is None else topic_phrase(terms, phrases[index])
        elements = _elements(terms, lead)
        label = ""
        for count in range(min(n_terms, len(elements)), len(elements) + 1):
            label = " / ".join(elements[:count])
            if label not in labels:
                break
        labels.append(label if label and label not in labels else f"topic {index}")
    return labels


def topic_phrase(terms: Sequence[str], documents: Iterable[Iterable[str]]) -> str | None:
    """A topic's commonest phrase, if one is common enough (see the module's docstring).

    Args:
        terms: the topic's terms, heaviest first.
        documents: the phrases of each of the topic's documents (``text_phrases``).

    Returns:
        The phrase in its commonest written form, or None.
    """
    from analysis.topics.vectorise import lemmatise

    pool = {term for term in terms[:PHRASE_POOL] if not is_abbreviation(term)}
    in_documents: Counter[tuple[str, str]] = Counter()
    written: Counter[str] = Counter()
    n_documents = 0
    for document in documents:
        n_documents += 1
        kept = []
        for phrase in document:
            first, _, second = phrase.partition(" ")
            pair = (lemmatise(first), lemmatise(second))
            if pair[0] in pool and pair[1] in pool and pair[0] != pair[1]:
                kept.append((pair, phrase))
        written.update(phrase for _, phrase in kept)
        in_documents.update({pair for pair, _ in kept})
    if not in_documents:
        return None
    pair, count = min(in_documents.items(), key=lambda item: (-item[1], item[0]))
    if count < max(PHRASE_MIN, PHRASE_SHARE * n_documents):
        return None
    forms = [phrase for phrase in written if tuple(map(lemmatise, phrase.split(" "))) == pair]
    return min(forms, key=lambda phrase: (-written[phrase], phrase))


def _elements(terms: Sequence[str], lead: str | None) -> list[str]:
    """The label's elements in order: the leading phrase, then the terms not inside it."""
    from analysis.topics.vectorise import lemmatise

    elements = [] if lead is None else [lead]
    chosen = [] if lead is None else [_words(lead) | {lemmatise(word) for word in lead.split(" ")}]
    for term in terms:
        words = _words(term)
        if is_abbreviation(term) or any(words <= other or other <= words for other in chosen):
            continue
        elements.append(term)
        chosen.append(words)
    return elements


def _words(term: str) -> set[str]:
    return set(term.lower().split(" "))
