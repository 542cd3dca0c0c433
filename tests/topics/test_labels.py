"""Topic labels from top terms."""

from __future__ import annotations

from analysis.topics import label_topics


def test_labels_join_three_terms_and_skip_terms_inside_chosen_ones() -> None:
    assert label_topics([["prime minister", "minister", "election", "vote"]]) == [
        "prime minister / election / vote"]


def test_equal_labels_are_made_distinct_with_more_terms() -> None:
    labels = label_topics([["oil", "price", "opec", "crude"], ["oil", "price", "opec", "gas"]])
    assert labels == ["oil / price / opec", "oil / price / opec / gas"]


def test_topic_without_terms_gets_a_numbered_label() -> None:
    assert label_topics([["a", "b", "c"], []]) == ["a / b / c", "topic 1"]
