"""Body tidying: crawler repeats, hard wraps, white space (``analysis.ingest.body``).

Real text: the Tehran Times file of ``tests/data/plain``, the example page of ``tests/data/pages``;
RT's wrapped CSV bodies are read from the shared corpora (not committed: research use only).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.config import CORPORA_DIR
from analysis.ingest.body import (
    join_wrapped, normalise_line, reduce_repeats, split_sentences, tidy_body,
)
from analysis.ingest.decode import decode_page

DATA = Path(__file__).parents[1] / "data"
OLD = DATA / "plain" / "_news_100025_Chinese-Ship-Sinks-After-Collision-Off-Denmark.txt"
EXAMPLE = DATA / "pages" / "scraped-page-2016-02-28.txt"
RT_DIR = CORPORA_DIR / "rt_english_sample"


def test_sentences_split_after_final_punctuation_before_a_capital():
    text = "He said “yes.” Then he left! Why? The U.S. envoy stayed. It cost 3.5 billion."
    assert split_sentences(text) == ["He said “yes.”", "Then he left!", "Why?", "The U.S. envoy stayed.",
                                     "It cost 3.5 billion."]
    assert split_sentences("  ") == []


# --- repeats ----------------------------------------------------------------------------------

def test_crawler_restatements_of_a_real_older_page_keep_each_sentence_once():
    lines = decode_page(OLD.read_bytes()).text.split("\n")
    kept, dropped = reduce_repeats(lines)
    text = " ".join(kept)
    sentences = list(dict.fromkeys(s for line in lines for s in split_sentences(line)))
    assert all(text.count(sentence) == 1 for sentence in sentences)
    assert dropped == sum(len(split_sentences(line)) for line in lines) - len(sentences)
    assert len([line for line in kept if line.strip()]) == 2  # the article, then the licence line


def test_restatement_with_new_text_keeps_the_new_text_and_short_phrases():
    lines = ["Talks began in Vienna on Monday morning. He said no. Iran sent its deputy foreign minister.",
             "He said no. Iran sent its deputy foreign minister. The talks end on Friday."]
    # the second line restarts from a sentence seen inside the first: a restatement
    kept, dropped = reduce_repeats(lines)
    assert kept == [lines[0], "He said no. The talks end on Friday."] and dropped == 1


def test_text_repeated_on_purpose_is_kept():
    refrain = "We will not give up our rights."
    lines = [refrain, "The crowd answered the speaker.", refrain, "He said no. He said no."]
    assert reduce_repeats(lines) == (lines, 0)


def test_a_paragraph_repeated_whole_stays():
    example = decode_page(EXAMPLE.read_bytes()).text.split("\n")
    paragraphs = [line for line in example[5:14] if line]
    lines = paragraphs + [""] + paragraphs
    assert reduce_repeats(lines) == (lines, 0)


# --- hard wraps -------------------------------------------------------------------------------

RT_SHAPED = [
    "The hackers say they have penetrated the presidential website and obtained a letter,",
    "  which they published on Monday together with a draft of the",
    "  strategy for the new Ukraine. The billionaire is confident that the US",
    "  should provide lethal assistance.",
]


def test_indented_continuation_lines_are_joined():
    assert join_wrapped(RT_SHAPED) == [" ".join(line.strip() for line in RT_SHAPED)]


def test_wrapped_lines_ending_a_sentence_keep_their_break():
    lines = ["He arrived in Tehran on Sunday for a two-day visit.", " Rahmon met the president."]
    assert join_wrapped(lines) == ["He arrived in Tehran on Sunday for a two-day visit.", "Rahmon met the president."]


def test_list_items_and_headings_stay_apart():
    lines = ["Managing Director:", "Ali Rezaei", "The Language and Religion",
             "- Persian is the official language", "- Arabic is taught in schools", "1. first point"]
    assert join_wrapped(lines) == lines


def test_a_caption_between_paragraph_lines_stays_apart():
    paragraph = ("Zarif said the talks went well and that a further round of meetings in the coming weeks "
                 "would settle the remaining points")
    lines = [paragraph + ".", "Photo: Iranian Foreign Minister Zarif at the United Nations in New York",
             "Zarif said the talks went well and that a further round of meetings in the coming weeks "
             "would settle the remaining points"]
    assert join_wrapped(lines) == lines


def test_a_sentence_going_on_in_lower_case_is_joined():
    assert join_wrapped(["Researchers at Shiraz University have studied", "the nano cellulose."]) == [
        "Researchers at Shiraz University have studied the nano cellulose."]


def test_a_block_wrapped_at_72_columns_without_indent_is_one_paragraph():
    lines = ["The Justice Ministry is also seeking a ban on the Russian activities of",
             "the Open Russia association, created and sponsored by the former oil",
             "tycoon and staunch opposition figure Mikhail Khodorkovsky, the sources",
             "said. The added groups will include the Ford Foundation."]
    assert join_wrapped(lines) == [" ".join(lines)]


# --- white space and the whole ----------------------------------------------------------------

def test_white_space_is_normalised_and_persian_joiners_kept():
    assert normalise_line("\u00a0 Rahmon\u00a0 has\ttraveled \u202f to\x1a Tehran.\x00 ") == "Rahmon has traveled to Tehran."
    assert normalise_line("می\u200cخواهم «سلام» – “yes”") == "می\u200cخواهم «سلام» – “yes”"


def test_paragraphs_stay_separated_by_one_blank_line():
    body = "  First paragraph.  \n\n\n\u00a0\nSecond paragraph,\n  wrapped here.\n\n- item one\n- item two\n"
    assert tidy_body(body) == "First paragraph.\n\nSecond paragraph, wrapped here.\n\n- item one\n- item two"
    assert tidy_body(tidy_body(body)) == tidy_body(body)
    assert tidy_body("") == ""


def test_the_example_page_body_is_unchanged():
    corpus = load_corpus(EXAMPLE)
    body = corpus.articles.loc[0, "body"]
    assert tidy_body(body) == body and len(body.split("\n\n")) == 5


# --- RT's wrapped bodies, from the shared corpora ---------------------------------------------

@pytest.mark.corpora
@pytest.mark.skipif(not RT_DIR.exists(), reason=f"shared RT sample not found at {RT_DIR}")
def test_rt_bodies_are_joined_back_without_losing_a_word():
    contents = pd.concat([pd.read_csv(path, dtype=str, keep_default_na=False)["content"]
                          for path in sorted(RT_DIR.glob("*.csv")) if ".cp1252." not in path.name])
    wrapped = contents[contents.str.contains("\n  ")]
    assert len(wrapped) >= 40
    for content in wrapped:
        tidied = tidy_body(content)
        assert "\n " not in tidied and "  " not in tidied
        if reduce_repeats(content.split("\n"))[1] == 0:
            assert tidied.split() == content.split()
        lines = [line for line in tidied.split("\n") if line]
        assert max(map(len, lines)) > 200  # whole paragraphs, no longer ~60-character lines
