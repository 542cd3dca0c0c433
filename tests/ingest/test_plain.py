"""Plain-text articles, notes and unread formats beside them, and the page shape kept apart.

Real files: four Tehran Times articles in ``tests/data/plain`` (see its README.md), the example
page of ``tests/data/pages``; the corpora test reads 300 files from the shared Tehran Times tar.
"""

from __future__ import annotations

import random
import re
import shutil
import tarfile
from pathlib import Path

import pandas as pd
import pytest

from analysis import IngestError, load_corpus
from analysis.config import CORPORA_DIR
from analysis.ingest.body import split_sentences
from analysis.ingest.decode import decode_page
from analysis.ingest.plain import headline_of, looks_like_page, parse_plain, title_from_name

DATA = Path(__file__).parents[1] / "data"
PLAIN = DATA / "plain"
PAGES = DATA / "pages"
OLD = "_news_100025_Chinese-Ship-Sinks-After-Collision-Off-Denmark.txt"
SIGNED = "_news_404643_Nigeria-praises-Iran-s-role-in-the-world.txt"
HEADLINE = "_news_449082_Nujaba-Movement-denounces-U-S-pressure-on-Iraq-negotiation-team.txt"
NEW = "_news_473142_Tajikistan-president-arrives-in-Tehran.txt"
TEHRAN_TAR = CORPORA_DIR / "tehran_times" / "tehran_times_data.tar.gz"


def _words(text: str) -> str:
    return " ".join(re.sub(r"[\x00-\x1f]", " ", text).split())


@pytest.fixture(scope="module")
def plain():
    return load_corpus(PLAIN)


def _row(corpus, name):
    rows = corpus.articles[corpus.articles["source_file"] == name]
    assert len(rows) == 1, corpus.issues
    return rows.iloc[0]


# --- titles -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, title", [
    ("_news_407123_Iran-says-talks-go-on.txt", "Iran says talks go on"),
    (NEW, "Tajikistan president arrives in Tehran"),
    (SIGNED, "Nigeria praises Iran's role in the world"),
    ("data/_news_55655_Montazeri-s-Site-Closes-Down.txt", "Montazeri's Site Closes Down"),
    ("Trump-can-t-play.txt", "Trump can't play"),
    ("407123-Oil_prices__fall", "Oil prices fall"),
    ("story_12_Election-day.txt", "Election day"),
    ("notes on the summit.txt", "notes on the summit"),
    ("12345.txt", "12345"),
])
def test_title_from_the_file_name(name, title):
    assert title_from_name(name) == title


@pytest.mark.parametrize("first, following, name, expected", [
    ("Iran says talks go on", "TEHRAN – Talks go on.", "a.txt", True),
    ("Will talks go on?", "TEHRAN – Talks go on.", "a.txt", True),
    ("'US-led PG mission will sow insecurity in region'", "Body.", "a.txt", True),
    ("The talks went on until late at night.", "More text.", "a.txt", False),    # a sentence
    ("Managing Director:", "Ali Rezaei", "a.txt", False),                         # a lead-in
    ("TEHRAN – Researchers at Shiraz University have studied", "Text.", "a.txt", False),
    ("“If voting could change anything it would be made illegal!”", "Text.", "a.txt", False),
    ("Researchers at Shiraz University have studied", "the nano cellulose.", "a.txt", False),
    ("MQ/MG", "Text.", "a.txt", False),                                           # an editor code
    ("Brexit", "Text.", "a.txt", False),                                          # one word
    (" ".join(["word"] * 21), "Text.", "a.txt", False),                           # too many words
    ("More and more mental health experts are sharing their diagnoses", "Text.",
     "_news_410744_Trump-displays-malignant-narcisissm-claim-psychologists.txt", False),  # a standfirst
    ("Nujaba Movement denounces U.S. pressure on Iraq negotiation team", "Text.", HEADLINE, True),
])
def test_headline_rules(first, following, name, expected):
    found = headline_of([(1, first), (3, following)], name)
    assert found == (first if expected else None)


def test_a_lone_line_is_the_body_not_the_title():
    article = parse_plain("Iran says talks go on", "_news_1_Talks.txt")
    assert (article.title, article.title_from, article.body) == ("Talks", "file name", "Iran says talks go on")


def test_headline_followed_by_a_blank_line_and_paragraphs():
    text = "Iran says talks go on\n\nTEHRAN – The talks go on.\n\nThey end on Friday.\n\nMQ/MG\n"
    article = parse_plain(text, "any.txt")
    assert (article.title, article.title_from, article.title_line) == ("Iran says talks go on", "first line", 1)
    assert article.body == "TEHRAN – The talks go on.\n\nThey end on Friday."
    assert article.signature == "MQ/MG"


# --- page shape or plain text -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["scraped-page-2016-02-28.txt", "missing-date.txt", "no-dump.txt",
                                  "one-headline.txt", "no-signature.txt", "impossible-date.txt"])
def test_site_pages_are_page_shaped(name):
    assert looks_like_page(decode_page((PAGES / name).read_bytes()).text)


@pytest.mark.parametrize("name", [OLD, SIGNED, HEADLINE, NEW])
def test_tehran_times_files_are_plain_text(name):
    assert not looks_like_page(decode_page((PLAIN / name).read_bytes()).text)


def test_a_date_after_a_long_paragraph_or_a_paragraph_written_twice_is_not_the_page_shape():
    paragraph = "Leader of the Islamic Revolution has said that conflicts " * 4
    assert not looks_like_page(f"{paragraph}\n{paragraph}\nAugust 29, 2017\nLicence.")
    assert looks_like_page("Short headline\n\nShort headline\nSun Feb 28, 2016 16:42:01\n\nBody.")


# --- loading the real files -------------------------------------------------------------------

def test_every_file_is_an_article_with_a_title_and_no_warning(plain):
    assert sorted(plain.articles["source_file"]) == sorted([OLD, SIGNED, HEADLINE, NEW])
    assert (plain.articles["title"].str.len() > 0).all() and (plain.articles["body"].str.len() > 0).all()
    assert plain.articles["published"].isna().all()
    assert set(plain.issues["severity"]) == {"info"}
    assert "0 warnings" in plain.summary()


def test_the_ledger_says_how_each_title_was_taken(plain):
    info = plain.issues.set_index("source_file")
    assert (info["field"] == "title").all() and len(info) == 4
    assert "title taken from the first line" in info.loc[HEADLINE, "message"]
    assert info.loc[HEADLINE, "line"] == 1
    for name in (OLD, SIGNED, NEW):
        assert "title taken from the file name" in info.loc[name, "message"]
        assert "published left empty" in info.loc[name, "message"]


def test_headline_line_is_the_title_and_the_rest_the_body(plain):
    row = _row(plain, HEADLINE)
    assert row["title"] == "Nujaba Movement denounces U.S. pressure on Iraq negotiation team"
    assert row["body"].startswith("Iraq\u2019s al-Nujaba Movement criticizes U.S. pressure")
    assert "Nujaba Movement denounces" not in row["body"]


def test_editor_code_before_the_licence_line_is_the_signature(plain):
    row = _row(plain, SIGNED)
    assert row["title"] == "Nigeria praises Iran's role in the world"
    assert row["signature"] == "NA/PA" and "NA/PA" not in row["body"]
    assert row["body"].startswith("TEHRAN \u2013 Nigerian President Muhammadu Buhari said on Monday")
    assert row["body"].endswith("Creative Commons Attribution 4.0 International License.")
    assert "\r" not in row["body"] and "\u00a0" not in row["body"] and "\n\n\n" not in row["body"]


def test_one_paragraph_per_line_becomes_paragraphs(plain):
    row = _row(plain, NEW)
    paragraphs = row["body"].split("\n\n")
    assert paragraphs[0] == ("TEHRAN\u2014 Tajikistan\u2019s President Emomali Rahmon arrived in Tehran on "
                             "Sunday afternoon for a two-day visit.")
    assert paragraphs[1].startswith("Rahmon has traveled to Tehran")
    assert paragraphs[1].endswith("summit. All Content by Mehr News Agency is licensed under a Creative "
                                  "Commons Attribution 4.0 International License.")  # one line, NBSP between
    assert len(paragraphs) == 2


def test_older_page_keeps_each_sentence_once_in_order(plain):
    row = _row(plain, OLD)
    raw = decode_page((PLAIN / OLD).read_bytes()).text
    sentences = list(dict.fromkeys(_words(s) for line in raw.split("\n") for s in split_sentences(line)))
    body = _words(row["body"])
    assert all(body.count(sentence) == 1 for sentence in sentences)
    assert [body.index(sentence) for sentence in sentences] == sorted(body.index(s) for s in sentences)
    assert row["n_words"] < len(raw.split()) / 2


# --- not inputs, and a page beside plain text -------------------------------------------------

@pytest.fixture()
def mixed(tmp_path):
    for name in (HEADLINE, NEW):
        shutil.copy(PLAIN / name, tmp_path / name)
    shutil.copy(PAGES / "scraped-page-2016-02-28.txt", tmp_path / "page.txt")
    shutil.copy(PAGES / "image.png", tmp_path / "photo.png")
    (tmp_path / "corpus-notes.md").write_text("# Notes\n\nCollected on 2023-07-08 from the site.\n")
    (tmp_path / "article.docx").write_bytes(b"PK\x03\x04" + bytes(40))
    (tmp_path / "no-suffix").write_bytes((PLAIN / NEW).read_bytes())
    return tmp_path


def test_notes_are_skipped_and_unread_formats_are_not_loaded(mixed):
    corpus = load_corpus(mixed)
    assert "corpus-notes.md" not in set(corpus.articles["source_file"])
    issues = corpus.issues.set_index("source_file")
    assert tuple(issues.loc["corpus-notes.md", ["severity", "field"]]) == ("info", "file")
    assert issues.loc["corpus-notes.md", "message"] == "a Markdown note, not an article; skipped"
    assert tuple(issues.loc["photo.png", ["severity", "field"]]) == ("error", "file")
    assert "PNG image" in issues.loc["photo.png", "message"]
    assert "Word document" in issues.loc["article.docx", "message"]
    assert "2 files not loaded" in corpus.summary() and "1 files skipped (not articles)" in corpus.summary()


def test_page_beside_plain_text_reads_as_alone_and_a_file_without_suffix_is_plain_text(mixed):
    corpus = load_corpus(mixed, timezone="Asia/Tehran")
    alone = load_corpus(PAGES / "scraped-page-2016-02-28.txt", timezone="Asia/Tehran").articles.iloc[0]
    page = _row(corpus, "page.txt")
    for column in ("article_id", "title", "published", "body", "signature", "n_related", "content_hash"):
        assert page[column] == alone[column], column
    assert not corpus.issues["source_file"].eq("page.txt").any()
    duplicate = corpus.issues[corpus.issues["field"] == "duplicate"]
    assert set(duplicate["source_file"]) == {NEW, "no-suffix"} - set(corpus.articles["source_file"])


def test_strict_mode_does_not_raise_on_info_rows(tmp_path):
    shutil.copy(PLAIN / HEADLINE, tmp_path / HEADLINE)
    (tmp_path / "notes.md").write_text("a note\n")
    corpus = load_corpus(tmp_path, errors="raise")
    assert len(corpus.articles) == 1
    (tmp_path / "photo.png").write_bytes((PAGES / "image.png").read_bytes())
    with pytest.raises(IngestError, match="photo.png"):
        load_corpus(tmp_path, errors="raise")


# --- 300 real files from the shared corpus ----------------------------------------------------

@pytest.mark.corpora
@pytest.mark.skipif(not TEHRAN_TAR.exists(), reason=f"shared Tehran Times corpus not found at {TEHRAN_TAR}")
def test_300_tehran_times_files_are_articles_with_a_title_and_their_whole_body(tmp_path):
    folder = tmp_path / "tehran_times"
    with tarfile.open(TEHRAN_TAR) as archive:
        members = [member for member in archive.getmembers() if member.isfile() and member.name.endswith(".txt")]
        chosen = sorted(random.Random(13).sample(members, 300), key=lambda member: member.offset)
        for member in chosen:
            member.name = Path(member.name).name
        archive.extractall(folder, members=chosen, filter="data")
    corpus = load_corpus(tmp_path)
    names = {member.name for member in chosen}
    duplicates = set(corpus.issues.loc[corpus.issues["field"] == "duplicate", "source_file"])
    loaded = set(corpus.articles["source_file"].str.removeprefix("tehran_times/"))
    assert loaded | {name.removeprefix("tehran_times/") for name in duplicates} == names
    assert not (corpus.issues["severity"] == "error").any(), corpus.issues
    articles = corpus.articles
    assert (articles["title"].str.strip().str.len() > 0).all()
    assert (articles["body"].str.strip().str.len() > 0).all()
    removed = {_words(text) for text in corpus.boilerplate["text"]}  # the licence line, learned
    assert _words("All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 "
                  "International License.") in removed
    for row in articles.itertuples():
        raw = (folder / Path(row.source_file).name).read_bytes()
        text = decode_page(raw).text
        whole = _words(f"{row.title} {row.body} {row.signature if isinstance(row.signature, str) else ''}")
        missing = [s for line in text.split("\n") for s in split_sentences(line)
                   if _words(s) not in whole and not any(_words(s).endswith(gone) for gone in removed)]
        assert not missing, (row.source_file, missing[:2])
    info = corpus.issues[corpus.issues["severity"] == "info"]
    assert len(info) == len(names) and info["message"].str.contains("title taken from the").all()
    assert not (corpus.issues["field"] == "published").any()
    assert isinstance(articles["published"].dtype, pd.DatetimeTZDtype) and articles["published"].isna().all()
