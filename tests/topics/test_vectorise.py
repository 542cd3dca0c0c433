"""Terms from texts: lookup lemmas, stop words, names, entity spans and bigrams."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.topics.terms import article_terms
from analysis.topics.vectorise import analyse, lemmatise, make_vectoriser, with_bigrams

TEXT = ("Gordon Brown said the government's elections plan would cut taxes. "
        "Shares in 35 companies rose 4.5% as media analysts welcomed the budget.")


def test_lemmatise_merges_inflections_without_context() -> None:
    assert [lemmatise(w) for w in ("elections", "companies", "rose", "running", "analysts")] == [
        "election", "company", "rise", "run", "analyst"]


def test_lemmatise_keeps_overridden_words() -> None:
    assert lemmatise("media") == "media"
    assert lemmatise("news") == "news"


def test_analyse_drops_stop_words_numbers_and_short_words() -> None:
    terms = analyse(TEXT)
    assert not {"the", "said", "say", "35", "4.5", "as", "in", "would"} & set(terms)
    assert {"election", "tax", "share", "company", "media", "analyst", "budget"} <= set(terms)


def test_analyse_keeps_capitalised_runs_as_one_name_but_not_at_sentence_start() -> None:
    terms = analyse("Yesterday the Chancellor met Gordon Brown in New York. Shares fell.")
    assert "Gordon Brown" in terms and "New York" in terms
    assert "share" in terms and "Shares" not in terms
    assert "chancellor" in terms


def test_analyse_reads_entity_spans_as_single_terms() -> None:
    text = "Russian officials met in Moscow."
    terms = analyse(text, spans=[(0, 7, "Russia"), (24, 30, "Russia")])
    assert terms == ["Russia", "official", "meet", "Russia"]


def test_article_terms_uses_entity_names_from_the_entities_table() -> None:
    articles = pd.DataFrame({"article_id": ["a"], "title": ["Iran Talks Resume"],
                             "body": ["Javad Zarif met Sergei Lavrov."]})
    mentions = pd.DataFrame({"article_id": ["a", "a", "a"], "section": ["title", "body", "body"],
                             "start": [0, 0, 16], "end": [4, 11, 29],
                             "kind": ["country", "person", "person"],
                             "name": ["Iran", "Mohammad Javad Zarif", "Sergei Lavrov"]})
    terms = article_terms(articles, mentions)[0]
    assert terms == ["Iran", "talk", "resume", "Mohammad Javad Zarif", "meet", "Sergei Lavrov"]


def test_title_case_headline_gives_no_names_when_entities_are_known() -> None:
    articles = pd.DataFrame({"article_id": ["a"], "title": ["Battle Against Extremism Needs Teamwork"],
                             "body": [""]})
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in
                          ("article_id", "section", "start", "end", "kind", "name")})
    assert article_terms(articles, empty)[0] == ["battle", "extremism", "need", "teamwork"]


def test_with_bigrams_interleaves_pairs_of_lemmas_only() -> None:
    assert with_bigrams(["interest", "rate", "Bank of England", "rise"]) == [
        "interest", "rate", "interest rate", "Bank of England", "rise"]


def test_vectoriser_rows_are_unit_length() -> None:
    docs = [analyse(TEXT), analyse("Shares in media companies fell."), analyse("Taxes and shares.")]
    matrix = make_vectoriser(min_df=1, max_df=1.0).fit_transform(docs)
    norms = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
    assert matrix.shape[0] == 3 and np.allclose(norms, 1.0)
