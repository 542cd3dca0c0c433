"""Tests of the CoNLL-2003 reader: IOB2 decoding, offsets, documents, the shared dev file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from analysis.config import CORPORA_DIR
from analysis.datasets.conll import (
    gold_spans, iob2_spans, make_document, make_sentence, read_conll,
)

DEV = CORPORA_DIR / "conll2003" / "valid.txt"
needs_corpus = pytest.mark.skipif(
    not DEV.is_file(), reason=f"shared CoNLL-2003 dev file not found at {DEV}")

SMALL = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O
. . O O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- -X- O

BRUSSELS NNP B-NP B-LOC
1996-08-22 CD I-NP O
"""


@pytest.mark.parametrize(("tags", "expected"), [
    (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
    (["B-LOC", "B-LOC"], [(0, 1, "LOC"), (1, 2, "LOC")]),
    (["O", "I-ORG", "I-ORG"], [(1, 3, "ORG")]),
    (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
    (["O", "O"], []),
    ([], []),
])
def test_iob2_spans_decodes_entities_and_stray_inside_tags(tags, expected):
    assert iob2_spans(tags) == expected


def test_sentence_offsets_and_spans_point_into_its_text():
    sentence = make_sentence([("EU", "B-ORG"), ("rejects", "O"), ("German", "B-MISC"),
                              ("New", "B-LOC"), ("York", "I-LOC")])
    assert sentence.text == "EU rejects German New York"
    assert sentence.offsets == ((0, 2), (3, 10), (11, 17), (18, 21), (22, 26))
    assert [(sentence.text[s:e], label) for s, e, label in sentence.entities] == [
        ("EU", "ORG"), ("German", "MISC"), ("New York", "LOC")]


def test_document_joins_sentences_by_line_and_shifts_spans():
    document = make_document(3, [[("EU", "B-ORG"), ("rejects", "O")],
                                 [("Peter", "B-PER"), ("Blackburn", "I-PER")]])
    assert document.index == 3
    assert document.text == "EU rejects\nPeter Blackburn"
    assert document.entities == ((0, 2, "ORG"), (11, 26, "PER"))


def test_read_conll_groups_sentences_into_documents(tmp_path: Path):
    file = tmp_path / "small.txt"
    file.write_text(SMALL)
    documents = read_conll(file)
    assert [len(d.sentences) for d in documents] == [2, 1]
    assert documents[0].text == "EU rejects German call .\nPeter Blackburn"
    assert documents[1].entities == ((0, 8, "LOC"),)


def test_gold_spans_by_sentence_and_by_document(tmp_path: Path):
    file = tmp_path / "small.txt"
    file.write_text(SMALL)
    documents = read_conll(file)
    texts, spans = gold_spans(documents, unit="sentence")
    assert texts == ["EU rejects German call .", "Peter Blackburn", "BRUSSELS 1996-08-22"]
    assert spans.values.tolist() == [[0, 0, 2, "ORG"], [0, 11, 17, "MISC"],
                                     [1, 0, 15, "PER"], [2, 0, 8, "LOC"]]
    texts, spans = gold_spans(documents)
    assert len(texts) == 2
    assert spans["doc"].tolist() == [0, 0, 0, 1]
    assert [texts[d][s:e] for d, s, e in zip(spans["doc"], spans["start"], spans["end"])] == [
        "EU", "German", "Peter Blackburn", "BRUSSELS"]
    with pytest.raises(ValueError, match="unit='paragraph' is invalid"):
        gold_spans(documents, unit="paragraph")


@pytest.mark.parametrize(("line", "message"), [
    ("EU NNP B-ORG", "line 3: expected 4 fields"),
    ("EU NNP B-NP X-ORG", "line 3: tag 'X-ORG' is invalid"),
    ("EU NNP B-NP B-", "line 3: tag 'B-' is invalid"),
])
def test_malformed_lines_are_reported_with_file_and_line(tmp_path: Path, line, message):
    file = tmp_path / "bad.txt"
    file.write_text(f"-DOCSTART- -X- -X- O\n\n{line}\n")
    with pytest.raises(ValueError, match=message) as error:
        read_conll(file)
    assert str(file) in str(error.value)


def test_missing_file_is_named(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="nowhere.txt"):
        read_conll(tmp_path / "nowhere.txt")


@pytest.mark.corpora
@needs_corpus
def test_dev_counts_match_the_readme():
    documents = read_conll()
    sentences = [s for d in documents for s in d.sentences]
    assert len(documents) == 216
    assert len(sentences) == 3250
    assert sum(len(s.tokens) for s in sentences) == 51362
    assert Counter(label for d in documents for *_, label in d.entities) == {
        "PER": 1842, "LOC": 1837, "ORG": 1341, "MISC": 922}


@pytest.mark.corpora
@needs_corpus
def test_dev_first_document_as_read_from_the_file():
    first = read_conll()[0]
    headline = first.sentences[0]
    assert headline.text == "CRICKET - LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY ."
    assert headline.entities == ((10, 24, "ORG"),)
    assert first.text.split("\n")[1] == "LONDON 1996-08-30"
    assert [(first.text[s:e], label) for s, e, label in first.entities[:6]] == [
        ("LEICESTERSHIRE", "ORG"), ("LONDON", "LOC"), ("West Indian", "MISC"),
        ("Phil Simmons", "PER"), ("Leicestershire", "ORG"), ("Somerset", "ORG")]


@pytest.mark.corpora
@needs_corpus
def test_dev_spans_start_and_end_on_token_boundaries():
    for document in read_conll():
        bounds = {edge for s in document.sentences for edge in s.offsets}
        for sentence in document.sentences:
            starts = {start for start, _ in sentence.offsets}
            ends = {end for _, end in sentence.offsets}
            assert all(s in starts and e in ends for s, e, _ in sentence.entities)
        assert bounds
        assert all(not document.text[s:e].startswith(" ") and not document.text[s:e].endswith(" ")
                   and "\n" not in document.text[s:e] for s, e, _ in document.entities)
