"""The analyst's curation file and the review export: checked, honoured by the stage, fed back line by line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

import analysis.entities.stage as stage
from analysis.catalogue import path_of, read_person_variants
from analysis.cli import main
from analysis.entities.curation import (REVIEW_COLUMNS, Curation, apply_review, curate_mentions, load_curation,
                                        read_decisions, review_table)
from analysis.entities.people import merge_variants
from analysis.ingest.render import render_page
from analysis.ingest.stage import run_ingest
from analysis.options import EntitiesOptions, OptionError
from analysis.store import read_table

TZ = "Asia/Tehran"
HEADER = "action,name,target,kind,note\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("lines", "message"), [
    ("merg,Franco,Francisco Franco,,\n", "line 2: action 'merg'; expected one of merge, apart, rename, not_entity"),
    ("merge,Franco,,,\n", "line 2: merge of 'Franco' without a target"),
    ("rename,Franco,,,\n", "line 2: rename of 'Franco' without a target"),
    ("not_entity,Twitter,Twitter Inc,,\n", "line 2: not_entity of 'Twitter' with target 'Twitter Inc'"),
    ("merge,,Francisco Franco,,\n", "line 2: merge without a name"),
    ("merge,Franco,Franco,,\n", "line 2: merge of 'Franco' into itself"),
    ("merge,Franco,Francisco Franco,persons,\n", "line 2: kind 'persons'; expected one of person, country"),
    ("merge,Franco,Francisco Franco,person,x,y\n", "line 2: 6 values; expected at most 5"),
    ("merge,Franco,Francisco Franco,,\n# a comment\nmerge,Franco,James Franco,,\n",
     "line 4: merge of 'Franco' into 'James Franco', but line 2 gives 'Francisco Franco'"),
    ("merge,A B,C D,,\nmerge,C D,A B,,\n", "goes round in a circle"),
])
def test_a_bad_line_is_named_with_what_was_expected(tmp_path, lines: str, message: str) -> None:
    path = _write(tmp_path / "curation.csv", HEADER + lines)
    with pytest.raises(ValueError) as error:
        load_curation(path)
    assert str(error.value).startswith(f"{path}: line ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_bad_header_is_named(tmp_path) -> None:
    path = _write(tmp_path / "curation.csv", "# my decisions\nverb,name,target\n")
    with pytest.raises(ValueError, match=r"curation.csv: line 2: header 'verb,name,target'; expected the columns "
                                         r"action,name,target and optionally kind,note"):
        load_curation(path)


def test_a_good_file_in_any_column_order_and_case(tmp_path) -> None:
    path = _write(tmp_path / "curation.csv", "# decisions\nName,Action,Target\nFranco,MERGE,Francisco Franco\n"
                                             "Hillary,apart,\nTwitter,not_entity,\n")
    curation = load_curation(path)
    assert curation.merges == {("", "Franco"): "Francisco Franco"}
    assert curation.apart == {("Hillary", "")} and curation.not_entities == {("", "Twitter")}
    assert not load_curation(_write(tmp_path / "empty.csv", "# nothing yet\n")) and not load_curation(None)


def test_resolve_applies_not_entity_then_merges_then_the_automatic_merge_then_renames() -> None:
    curation = Curation(merges={("person", "Franco"): "Francisco Franco", ("", "Caudillo"): "Franco"},
                        renames={("person", "Francisco Franco"): "Francisco Franco Bahamonde",
                                 ("group", "UN"): "United Nations"},
                        not_entities=frozenset({("person", "Twitter")}))
    automatic = {"Putin": "Vladimir Putin", "Franco": "James Franco"}
    assert curation.resolve("person", "Twitter", automatic) == ("other", "Twitter", "curation")
    assert curation.resolve("group", "Twitter", automatic) == ("group", "Twitter", "")
    assert curation.resolve("person", "Franco", automatic) == ("person", "Francisco Franco Bahamonde", "curation")
    assert curation.resolve("person", "Caudillo", automatic) == ("person", "Francisco Franco Bahamonde", "curation")
    assert curation.resolve("person", "Putin", automatic) == ("person", "Vladimir Putin", "variant")
    assert curation.resolve("group", "UN", automatic) == ("group", "United Nations", "curation")
    assert curation.resolve("place", "UN", automatic) == ("place", "UN", "")


def test_curate_mentions_keeps_rows_columns_and_dtypes() -> None:
    mentions = pd.DataFrame({"start": [0, 5, 9], "kind": pd.Categorical(["person", "group", "person"]),
                             "name": pd.Series(["Twitter", "UN", "Putin"], dtype="string"),
                             "via": pd.Series(["model", "alias", "model"], dtype="string")})
    curation = Curation(renames={("", "UN"): "United Nations"}, not_entities=frozenset({("person", "Twitter")}))
    curated = curate_mentions(mentions, curation, {"Putin": "Vladimir Putin"})
    assert curated["name"].tolist() == ["Twitter", "United Nations", "Vladimir Putin"]
    assert curated["kind"].tolist() == ["other", "group", "person"]
    assert curated["via"].tolist() == ["curation", "curation", "variant"]
    assert list(curated.columns) == list(mentions.columns) and curated["name"].dtype == "string"
    assert mentions["name"].tolist() == ["Twitter", "UN", "Putin"]  # the argument is not changed


def test_the_review_table_has_one_line_per_candidate() -> None:
    names = pd.Series(["Smith", "John Smith", "John Smith", "Jane Smith", "Jane Smith", "Putin", "Vladimir Putin"])
    merges = merge_variants(names, pd.Series([f"a{i}" for i in range(len(names))]))
    review = review_table(merges)
    assert list(review.columns) == REVIEW_COLUMNS
    assert review[["name", "candidate", "reason", "decision"]].values.tolist() == [
        ["Smith", "Jane Smith", "several candidates", ""], ["Smith", "John Smith", "several candidates", ""]]
    assert review["candidate_articles"].tolist() == [2, 2]


def _review(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Path:
    frame = pd.DataFrame([(name, candidate, 3, 2, 1, "several candidates", decision)
                          for name, candidate, decision in rows], columns=REVIEW_COLUMNS)
    path = tmp_path / "person_variants.csv"
    frame.to_csv(path, index=False)
    return path


def test_decisions_become_curation_lines_once(tmp_path) -> None:
    review = _review(tmp_path, [("Smith", "John Smith", "Accept"), ("Smith", "Jane Smith", " reject "),
                                ("Biden", "Hunter Biden", "")])
    curation_file = tmp_path / "curation.csv"
    assert apply_review(review, curation_file) == 2
    assert load_curation(curation_file) == Curation(merges={("person", "Smith"): "John Smith"},
                                                   apart=frozenset({("Smith", "Jane Smith")}))
    assert apply_review(review, curation_file) == 0  # nothing twice
    text = curation_file.read_text(encoding="utf-8")
    assert text.count("merge,Smith,John Smith,person") == 1 and text.startswith("# Curation")


def test_decisions_are_appended_to_an_analysts_file_as_it_is(tmp_path) -> None:
    curation_file = _write(tmp_path / "curation.csv", "# mine\naction,name,target\nnot_entity,Twitter,")
    apply_review(_review(tmp_path, [("Biden", "Joe Biden", "accept")]), curation_file)
    assert curation_file.read_text(encoding="utf-8").startswith("# mine\naction,name,target\nnot_entity,Twitter,\n")
    assert load_curation(curation_file).merges == {("", "Biden"): "Joe Biden"}  # no kind column in this file


@pytest.mark.parametrize(("rows", "message"), [
    ([("Smith", "John Smith", "yes")], "line 2: decision 'yes'; expected accept, reject or empty"),
    ([("Smith", "John Smith", "accept"), ("Smith", "Jane Smith", "accept")],
     "line 3: 'Smith' accepted into 'Jane Smith', but line 2 accepts 'John Smith'"),
])
def test_a_bad_decision_is_named(tmp_path, rows, message) -> None:
    review = _review(tmp_path, rows)
    with pytest.raises(ValueError, match=message):
        read_decisions(review)
    with pytest.raises(ValueError):
        apply_review(review, tmp_path / "curation.csv")
    assert not (tmp_path / "curation.csv").exists()


def test_a_decision_that_contradicts_the_curation_file_leaves_it_as_it_was(tmp_path) -> None:
    curation_file = _write(tmp_path / "curation.csv", HEADER + "merge,Smith,Jane Smith,person,\n")
    before = curation_file.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match=r"curation.csv: line 3: merge of 'Smith' into 'John Smith', but line 2"):
        apply_review(_review(tmp_path, [("Smith", "John Smith", "accept")]), curation_file)
    assert curation_file.read_text(encoding="utf-8") == before


# Through the stage, on a small corpus of real pages


def _page(title: str, *paragraphs: str) -> str:
    return render_page(title=title, published=datetime(2021, 3, 1, 9), paragraphs=list(paragraphs),
                       signature="S/SH 1", related=[])


@pytest.fixture()
def bidens(tmp_path: Path) -> Path:
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    pages = {"joe.txt": ("Biden visits Ohio", "President Joe Biden spoke in Ohio on Monday.",
                         "Joe Biden promised new jobs, the United Nations said."),
             "hunter.txt": ("Hearing in Congress", "Hunter Biden testified before Congress on Tuesday.",
                            "Hunter Biden denied wrongdoing."),
             "talks.txt": ("Talks go on", "Biden said on Wednesday the talks with China would go on.",
                           "Biden thanked the negotiators.")}
    for name, (title, *paragraphs) in pages.items():
        (raw / name).write_text(_page(title, *paragraphs), encoding="utf-8")
    run_ingest(raw, processed, timezone=TZ, progress=False)
    return processed


def _names(processed: Path, article: str) -> set[tuple[str, str, str]]:
    articles = read_table("articles", processed).set_index("source_file")["article_id"]
    mentions = read_table("entities", processed)
    rows = mentions[mentions["article_id"] == articles[article]]
    return set(zip(rows["kind"].astype(str), rows["name"], rows["via"]))


def test_the_review_is_accepted_and_rejected_into_the_curation_file_without_the_model(bidens, tmp_path,
                                                                                      monkeypatch) -> None:
    report = stage.run_entities(bidens, progress=False)
    review = read_person_variants(bidens)
    assert list(review.columns) == REVIEW_COLUMNS and report.n_uncertain == 1
    assert set(zip(review["name"], review["candidate"])) == {("Biden", "Joe Biden"), ("Biden", "Hunter Biden")}
    assert ("person", "Biden", "model") in _names(bidens, "talks.txt")
    review["decision"] = review["candidate"].map({"Joe Biden": "accept", "Hunter Biden": "reject"})
    review_file = tmp_path / "reviewed.csv"
    review.to_csv(review_file, index=False)
    seen: list[int] = []
    monkeypatch.setattr(stage, "article_mentions", lambda batch, **kw: seen.append(len(batch)))
    curation_file = tmp_path / "curation.csv"
    report = stage.run_entities(bidens, progress=False, curation_file=curation_file, review_file=review_file)
    assert seen == [] and report.n_processed == 0 and report.n_decisions == 2 and report.n_uncertain == 0
    assert ("person", "Joe Biden", "curation") in _names(bidens, "talks.txt")
    assert "Biden" not in set(read_person_variants(bidens)["name"])
    assert load_curation(curation_file).apart == {("Biden", "Hunter Biden")}


def test_an_edit_of_the_curation_file_reassembles_every_kind(bidens, tmp_path, monkeypatch) -> None:
    curation_file = _write(tmp_path / "curation.csv", HEADER)
    stage.run_entities(bidens, progress=False, curation_file=curation_file)
    seen: list[int] = []
    monkeypatch.setattr(stage, "article_mentions", lambda batch, **kw: seen.append(len(batch)))
    unchanged = read_table("entities", bidens)
    assert stage.run_entities(bidens, progress=False, curation_file=curation_file).n_processed == 0
    pd.testing.assert_frame_equal(read_table("entities", bidens), unchanged)
    _write(curation_file, HEADER + "not_entity,Hunter Biden,,person,\nrename,United Nations,UN,group,\n"
                                   "merge,Biden,Joe Biden,,\n")
    report = stage.run_entities(bidens, progress=False, curation_file=curation_file)
    assert seen == [] and report.n_processed == 0
    assert ("other", "Hunter Biden", "curation") in _names(bidens, "hunter.txt")
    assert ("group", "UN", "curation") in _names(bidens, "joe.txt")
    assert {name for kind, name, _ in _names(bidens, "talks.txt") if kind == "person"} == {"Joe Biden"}
    summary = read_table("article_entities", bidens)
    assert not ((summary["kind"] == "person") & (summary["name"] == "Hunter Biden")).any()
    _write(curation_file, HEADER)  # undoing a decision undoes its effect
    stage.run_entities(bidens, progress=False, curation_file=curation_file)
    pd.testing.assert_frame_equal(read_table("entities", bidens), unchanged)


def test_a_bad_curation_file_stops_the_stage_before_any_work(tmp_path) -> None:
    bad = _write(tmp_path / "curation.csv", HEADER + "merge,Biden,,,\n")
    with pytest.raises(OptionError, match=r"curation_file=.*line 2: merge of 'Biden' without a target"):
        EntitiesOptions(curation_file=bad)
    with pytest.raises(OptionError, match="needs a curation file"):
        EntitiesOptions(review_file=_review(tmp_path, []), curation_file=None)


def test_the_command_line_applies_a_review_and_names_a_bad_line(bidens, tmp_path, capsys) -> None:
    assert main(["entities", "--processed-dir", str(bidens), "--quiet"]) == 0
    review = read_person_variants(bidens).assign(decision="reject")
    review.to_csv(path_of("person_variants", bidens), index=False)
    curation_file = tmp_path / "curation.csv"
    assert main(["entities", "--processed-dir", str(bidens), "--quiet", "--curation-file", str(curation_file),
                 "--apply-review", str(path_of("person_variants", bidens))]) == 0
    assert "2 review decisions written to the curation file" in capsys.readouterr().out
    assert load_curation(curation_file).apart == {("Biden", "Joe Biden"), ("Biden", "Hunter Biden")}
    _write(curation_file, curation_file.read_text(encoding="utf-8") + "rename,Biden,,person,\n")
    assert main(["entities", "--processed-dir", str(bidens), "--quiet", "--curation-file", str(curation_file)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("analysis entities: --curation-file ") and "line 5: rename of 'Biden' without a target" in error
    assert "\n" not in error
