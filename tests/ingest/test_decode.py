"""Mojibake evidence pooled per file, and stray control bytes in text (``analysis.ingest.decode``).

The examples are written for the test: ftfy judges the first line of each to be mojibake
(``ftfy.badness.is_bad``) and leaves a later line with the same damaged sequence alone when
that line is read by itself.
"""

from __future__ import annotations

from pathlib import Path

import ftfy
import pytest
from ftfy.badness import is_bad

from analysis import load_corpus
from analysis.ingest.decode import NotText, decode_page, mojibake_sequences

EXAMPLE = Path(__file__).parents[1] / "data" / "pages" / "scraped-page-2016-02-28.txt"

BAD = "President Erdo\u00c4\u0178an said it\u00e2\u20ac\u2122s over"            # ErdoÄŸan, itâ€™s
QUIET = "Erdo\u00c4\u0178an visited Tehran on Monday."                          # the same ÄŸ alone
RIGHT = "Iran\u2019s envoy \u2013 \u201cyes\u201d \u2014 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 caf\u00e9"


def test_the_examples_are_what_they_claim():
    assert is_bad(BAD) and not is_bad(QUIET) and not is_bad(RIGHT)
    assert ftfy.fix_encoding(QUIET) == QUIET  # ftfy alone, line by line, would leave it


def test_sequences_of_a_repaired_line():
    assert mojibake_sequences(BAD, ftfy.fix_encoding(BAD)) == {"\u00c4\u0178": "\u011f", "\u00e2\u20ac\u2122": "\u2019"}


def test_a_sequence_repaired_on_one_line_is_repaired_on_every_line():
    text = "\n".join(["Headline", BAD, "", QUIET, RIGHT, "Back in Erdo\u00c4\u0178an\u00e2\u20ac\u2122s office."])
    decoded = decode_page(text.encode("utf-8"))
    lines = decoded.text.split("\n")
    assert lines[1] == "President Erdo\u011fan said it\u2019s over"
    assert lines[3] == "Erdo\u011fan visited Tehran on Monday."
    assert lines[4] == RIGHT  # right curly quotes, dashes, Persian and accents stay as written
    assert lines[5] == "Back in Erdo\u011fan\u2019s office."
    assert [line for line, _ in decoded.notes] == [2, 4, 6]
    assert all(message.startswith("repaired mojibake: ") for _, message in decoded.notes)
    assert decoded.notes[1][1] == "repaired mojibake: '\u00c4\u0178an visited' -> '\u011fan visited '"


def test_without_a_bad_line_nothing_is_repaired():
    decoded = decode_page("\n".join(["Headline", QUIET, RIGHT]).encode("utf-8"))
    assert decoded.text.split("\n")[1] == QUIET and decoded.notes == []


def test_pooled_repairs_are_noted_in_the_ledger_with_their_lines(tmp_path):
    page = EXAMPLE.read_text(encoding="utf-8").split("\n")
    page[7] = BAD  # a paragraph of its own (ftfy repairs less on a line that also holds right quotes)
    page[9] = page[9] + " " + QUIET
    (tmp_path / "page.txt").write_text("\n".join(page), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    encoding = corpus.issues[corpus.issues["field"] == "encoding"]
    assert encoding["line"].tolist() == [8, 10] and (encoding["severity"] == "warning").all()
    body = corpus.articles.loc[0, "body"]
    assert "Erdo\u011fan visited Tehran" in body and "\u00c4\u0178" not in body


def test_a_stray_nul_or_sub_byte_is_text_and_leaves_no_trace_in_the_body(tmp_path):
    # as in 18 older Tehran Times files: '... stressed Zarif. \x00 \x1a\r\n   EU foreign ministers ...'
    text = ("Zarif said it does not serve anybody's interests, stressed Zarif. \x00 \x1a\r\n"
            + "                  EU foreign ministers met on Monday in Brussels to discuss it.\r\n" * 20)
    (tmp_path / "_news_82051_Zarif-EU-Decision.txt").write_bytes(text.encode("ascii"))
    corpus = load_corpus(tmp_path)
    body = corpus.articles.loc[0, "body"]
    assert "\x00" not in body and "\x1a" not in body and body.startswith("Zarif said it does not serve")


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03binary" * 50, "utf-16 without a mark".encode("utf-16-le")])
def test_binary_is_still_refused(data):
    with pytest.raises(NotText, match="binary"):
        decode_page(data)
