"""Topic labels: wire abbreviations left out, a topic's commonest phrase first (real Reuters text)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.config import PROJ_ROOT
from analysis.ingest.corpus import load_articles
from analysis.topics import TopicModel, label_topics, text_phrases
from analysis.topics.labels import is_abbreviation

REUTERS = PROJ_ROOT / "data" / "raw" / "reuters"
DAYS = ("1987-03-02", "1987-03-03", "1987-03-04", "1987-03-05")


@pytest.fixture(scope="module")
def wire() -> pd.DataFrame:
    if not REUTERS.is_dir():
        pytest.skip(f"demo corpus not found at {REUTERS}")
    articles = pd.concat([load_articles(REUTERS / day) for day in DAYS], ignore_index=True)
    return articles.assign(text=articles["title"] + "\n" + articles["body"])


def test_labels_join_three_terms_and_skip_terms_inside_chosen_ones() -> None:
    assert label_topics([["prime minister", "minister", "election", "vote"]]) == [
        "prime minister / election / vote"]
    assert label_topics([["bank", "Bank of England", "rate", "money"]]) == ["bank / rate / money"]


def test_equal_labels_are_made_distinct_with_more_terms() -> None:
    labels = label_topics([["oil", "price", "opec", "crude"], ["oil", "price", "opec", "gas"]])
    assert labels == ["oil / price / opec", "oil / price / opec / gas"]


def test_topic_without_terms_gets_a_numbered_label() -> None:
    assert label_topics([["oil", "price", "crude"], []]) == ["oil / price / crude", "topic 1"]


def test_wire_abbreviations_are_told_from_words_acronyms_and_names(wire: pd.DataFrame) -> None:
    written = set(" ".join(wire["body"]).split())
    abbreviations = ["stg", "div", "mths", "bpd", "dlrs"]
    kept = ["opec", "dividend", "payout", "market", "Bank of England", "New York"]
    assert set(abbreviations) <= written  # the wire writes them so, in lower case
    assert [term for term in abbreviations if not is_abbreviation(term)] == []
    assert [term for term in kept if is_abbreviation(term)] == []


def test_phrases_are_neighbouring_lower_case_words_with_a_noun_last(wire: pd.DataFrame) -> None:
    brief = wire.loc[wire["body"].str.contains("Qtly div"), "text"].iloc[0]
    money = wire.loc[wire["body"].str.contains("money market shortage"), "text"].iloc[0]
    assert "money market" in text_phrases(money)
    falling = wire.loc[wire["body"].str.contains("oil prices fell"), "text"].iloc[0]
    assert "oil prices" in text_phrases(falling) and "prices fell" not in text_phrases(falling)
    found = text_phrases(brief)
    assert all(len(phrase.split(" ")) == 2 and phrase.islower() for phrase in found)
    assert not [phrase for phrase in found if "div" in phrase.split(" ") or "cts" in phrase.split(" ")]


def test_wire_topics_are_labelled_with_phrases_and_never_by_abbreviations(wire: pd.DataFrame) -> None:
    model = TopicModel(n_topics=5, random_state=0).fit(wire["text"])
    top = model.top_terms(5)
    elements = [element for label in model.labels_ for element in label.split(" / ")]
    assert any(is_abbreviation(term) for terms in top for term in terms)  # the rule has work to do
    assert [element for element in elements if is_abbreviation(element)] == []
    leads = [label.split(" / ")[0] for label in model.labels_]
    phrases = [lead for lead in leads if " " in lead and lead.islower()]
    assert len(phrases) >= 3
    text = " ".join(wire["text"]).lower()
    assert all(phrase in text for phrase in phrases)
    assert len(set(model.labels_)) == len(model.labels_)
    assert model.labels_ != label_topics(model.top_terms(20))  # without phrases they differ


def test_labels_of_terms_alone_when_fitted_on_analysed_terms(wire: pd.DataFrame) -> None:
    from analysis.topics import analyse

    terms = [analyse(text) for text in wire["text"]]
    model = TopicModel(n_topics=5, random_state=0).fit(terms)
    assert model.labels_ == label_topics(model.top_terms(20))
    given = TopicModel(n_topics=5, random_state=0).fit(terms, phrases=[text_phrases(t) for t in wire["text"]])
    assert given.labels_ == TopicModel(n_topics=5, random_state=0).fit(wire["text"]).labels_
    with pytest.raises(ValueError, match="one list of phrases per document"):
        TopicModel(n_topics=5).fit(terms, phrases=[[]])
