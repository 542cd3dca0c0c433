"""CoNLL-2003 English NER (the shared train and dev files): a reader that keeps documents.

The files hold one token per line, ``word POS chunk NER``, a blank line between
sentences and a ``-DOCSTART- -X- -X- O`` line before each document. Tags are IOB2
(``B-PER``, ``I-PER``, ``B-LOC``, ``B-ORG``, ``B-MISC``, ``O``).

Texts are rebuilt from the tokens: a sentence is its tokens joined by single
spaces, a document is its sentences joined by ``"\\n"`` (so its first line is the
headline, as in the project's article texts). Evaluating a whole document gives
the model the context a news article has; ``gold_spans(..., unit="sentence")``
gives the sentence-by-sentence set-up of the shared task instead.

Terms: research/internal use only (Reuters RCV1 text); see the corpus README.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.config import CORPORA_DIR

logger = logging.getLogger(__name__)

CONLL_LABELS = ("PER", "LOC", "ORG", "MISC")
"""The entity types of CoNLL-2003."""

DOCSTART = "-DOCSTART-"
SENTENCE_SEPARATOR = "\n"
"""Joins the sentences of a document into its text."""

SPAN_COLUMNS = ["doc", "start", "end", "label"]
"""Columns of ``gold_spans``'s table."""

_UNITS = ("document", "sentence")


@dataclass(frozen=True)
class ConllSentence:
    """One sentence: its tokens, tags, text and gold entities.

    Attributes:
        tokens: the words as written in the file.
        tags: the IOB2 tag of each token.
        text: the tokens joined by single spaces.
        offsets: ``(start, end)`` character offsets of each token in ``text``.
        entities: gold ``(start, end, label)`` character spans in ``text``.
    """

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    text: str
    offsets: tuple[tuple[int, int], ...]
    entities: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True)
class ConllDocument:
    """One document (the sentences after a ``-DOCSTART-`` line).

    Attributes:
        index: the document's position in the file, from 0.
        sentences: its sentences in order.
        text: the sentences' texts joined by ``SENTENCE_SEPARATOR``.
        entities: gold ``(start, end, label)`` character spans in ``text``.
    """

    index: int
    sentences: tuple[ConllSentence, ...]
    text: str
    entities: tuple[tuple[int, int, str], ...]


def read_conll(path: Path | str | None = None) -> list[ConllDocument]:
    """Read a CoNLL-2003 file into documents of sentences.

    Args:
        path: the file; defaults to the dev set ``CORPORA_DIR / "conll2003" / "valid.txt"``.

    Returns:
        The documents in file order. Sentences before any ``-DOCSTART-`` line (none in
        the shared files) form a document of their own.

    Raises:
        FileNotFoundError: when the file is missing.
        ValueError: naming the file and line, when a line does not have 4 fields or
            its tag is not ``O``, ``B-X`` or ``I-X``.
    """
    file = CORPORA_DIR / "conll2003" / "valid.txt" if path is None else Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"{file}: CoNLL-2003 file not found; expected the shared corpus "
                                "folder conll2003/ (see its README.md)")
    with file.open(encoding="utf-8") as handle:
        groups = list(_documents(_sentences(handle, file)))
    documents = [make_document(index, sentences) for index, sentences in enumerate(groups)]
    logger.info("read %d documents, %d sentences, %d entities from %s", len(documents),
                sum(len(d.sentences) for d in documents),
                sum(len(d.entities) for d in documents), file)
    return documents


def _sentences(lines: Iterable[str], file: Path) -> Iterator[list[tuple[str, str]] | None]:
    """Yield each sentence as ``(word, tag)`` pairs, and None for a ``-DOCSTART-`` line."""
    sentence: list[tuple[str, str]] = []
    for number, line in enumerate(lines, 1):
        fields = line.split()
        if fields and fields[0] == DOCSTART:
            yield None
        elif fields:
            if len(fields) != 4:
                raise ValueError(f"{file}: line {number}: expected 4 fields "
                                 f"'word POS chunk NER', got {len(fields)}: {line.strip()!r}")
            _check_tag(fields[3], f"{file}: line {number}")
            sentence.append((fields[0], fields[3]))
            continue
        if sentence:
            yield sentence
            sentence = []
    if sentence:
        yield sentence


def _documents(
    items: Iterable[list[tuple[str, str]] | None],
) -> Iterator[list[list[tuple[str, str]]]]:
    document: list[list[tuple[str, str]]] = []
    for item in items:
        if item is None:
            if document:
                yield document
            document = []
        else:
            document.append(item)
    if document:
        yield document


def _check_tag(tag: str, where: str) -> None:
    prefix, _, label = tag.partition("-")
    if tag != "O" and (prefix not in ("B", "I") or not label):
        raise ValueError(f"{where}: tag {tag!r} is invalid; must be 'O', 'B-<type>' or 'I-<type>'")


def iob2_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Turn IOB2 tags into entity spans over token positions.

    An ``I-X`` that does not continue an entity of type X (after ``O`` or another
    type) starts a new entity, as the shared task's ``conlleval`` script reads it.

    Args:
        tags: one tag per token.

    Returns:
        ``(first_token, last_token + 1, label)`` for each entity, in order.
    """
    spans: list[tuple[int, int, str]] = []
    start, label = None, ""
    for position, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == label and start is not None
        if start is not None and not continues:
            spans.append((start, position, label))
            start, label = None, ""
        if prefix in ("B", "I") and not continues:
            start, label = position, kind
    return spans


def make_sentence(pairs: Sequence[tuple[str, str]]) -> ConllSentence:
    """Build a sentence from its ``(word, tag)`` pairs.

    Args:
        pairs: the sentence's tokens and IOB2 tags.

    Returns:
        The sentence with its text, token offsets and gold character spans.
    """
    tokens = tuple(word for word, _ in pairs)
    tags = tuple(tag for _, tag in pairs)
    offsets, position = [], 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    entities = tuple((offsets[first][0], offsets[last - 1][1], label)
                     for first, last, label in iob2_spans(tags))
    return ConllSentence(tokens, tags, " ".join(tokens), tuple(offsets), entities)


def make_document(index: int, sentences: Sequence[Sequence[tuple[str, str]]]) -> ConllDocument:
    """Build a document from its sentences' ``(word, tag)`` pairs.

    Args:
        index: the document's position in the file.
        sentences: each sentence's tokens and IOB2 tags.

    Returns:
        The document, its text and its gold spans shifted to document offsets.
    """
    built = tuple(make_sentence(pairs) for pairs in sentences)
    entities, shift = [], 0
    for sentence in built:
        entities.extend((start + shift, end + shift, label)
                        for start, end, label in sentence.entities)
        shift += len(sentence.text) + len(SENTENCE_SEPARATOR)
    text = SENTENCE_SEPARATOR.join(sentence.text for sentence in built)
    return ConllDocument(index, built, text, tuple(entities))


def gold_spans(
    documents: Sequence[ConllDocument], *, unit: str = "document",
) -> tuple[list[str], pd.DataFrame]:
    """The texts to run a model on and their gold spans.

    Args:
        documents: from ``read_conll``.
        unit: ``"document"`` (one text per document) or ``"sentence"`` (one per sentence).

    Returns:
        The texts, and a table with one row per gold entity, columns ``SPAN_COLUMNS``:
        ``doc`` (int, index into the texts), ``start``, ``end`` (character offsets) and
        ``label`` (PER, LOC, ORG or MISC).

    Raises:
        ValueError: when ``unit`` is not one of ``"document"``, ``"sentence"``.
    """
    if unit not in _UNITS:
        raise ValueError(f"unit={unit!r} is invalid; must be one of {list(_UNITS)}")
    parts: Sequence[ConllDocument | ConllSentence] = (
        documents if unit == "document" else [s for d in documents for s in d.sentences])
    rows = [(index, start, end, label)
            for index, part in enumerate(parts) for start, end, label in part.entities]
    spans = pd.DataFrame(rows, columns=SPAN_COLUMNS).astype(
        {"doc": "int64", "start": "int64", "end": "int64", "label": "object"})
    return [part.text for part in parts], spans
