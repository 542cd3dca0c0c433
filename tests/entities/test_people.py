"""People's names: what is a person, its name within an article, and safe merges across a corpus."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import spacy
from spacy.tokens import Doc, Span

from analysis import config
from analysis.entities import extract_entities
from analysis.entities.people import (clean_person, is_junk_name, is_short_form, known_people, merge_variants,
                                      not_person_label, resolve_short_forms)
from analysis.entities.person_spans import person_spans

FIELD_CASES = config.SHARED_DIR / "field-cases"


@pytest.mark.parametrize(("written", "name"), [
    ("Foreign Minister Sergei Lavrov", "Sergei Lavrov"),
    ("Ayatollah Ali Khamenei", "Ali Khamenei"),
    ("Supreme Leader Ayatollah Ali Khamenei", "Ali Khamenei"),
    ("Sayyed Hassan Nasrallah", "Hassan Nasrallah"),
    ("Mr. Baker", "Baker"),
    ("President Reagan's", "Reagan"),
    ("Lavrov’s", "Lavrov"),
    ("PUTIN'S", "PUTIN"),
    ("the President’s", ""),
    ("Martin Luther King Jr.", "Martin Luther King Jr."),
    ("Jean–Marie Le Pen", "Jean-Marie Le Pen"),
    ("Gen. Qassem Soleimani", "Qassem Soleimani"),
    ("President", ""),
    # honorifics of Iranian and Arab copy, and rulers
    ("Hojatoleslam Hassan Rouhani", "Hassan Rouhani"),
    ("Seyed Ebrahim Raisi", "Ebrahim Raisi"),
    ("Hazrat Abbas", "Abbas"),
    ("Sheikh Tamim bin Hamad al-Thani", "Tamim bin Hamad al-Thani"),
    ("King Abdullah II", "Abdullah II"),
    ("Pope Francis", "Francis"),
    ("Shah Mehmood Qureshi", "Shah Mehmood Qureshi"),
    # descriptors, alone or after a country
    ("Billionaire George Soros", "George Soros"),
    ("billionaire investor George Soros", "George Soros"),
    ("Russian billionaire Yuri Milner", "Yuri Milner"),
    ("US Commerce Secretary Wilbur Ross", "Wilbur Ross"),
    ("late Imam Khomeini", "Khomeini"),
    ("Former President Obama", "Obama"),
    ("Star", "Star"),
    # lower-case words are not names, name particles are
    ("slam Zarif", "Zarif"),
    ("cents", "cents"),
    ("al-Assad", "al-Assad"),
    ("de Gaulle", "de Gaulle"),
    ("bin Salman", "bin Salman"),
    ("Deputy Foreign Minister Abbas Araqchi’s", "Abbas Araqchi"),  # spellings are joined across the corpus
])
def test_titles_descriptors_possessives_and_spellings(written: str, name: str) -> None:
    assert clean_person(written) == name


def test_short_forms_take_the_full_name_used_in_the_same_article() -> None:
    resolved = resolve_short_forms(["Sergei Lavrov", "Lavrov", "Lavrov", "Zarif"])
    assert resolved == {"Sergei Lavrov": "Sergei Lavrov", "Lavrov": "Sergei Lavrov", "Zarif": "Zarif"}


def test_a_short_form_shared_by_two_people_is_left_alone() -> None:
    resolved = resolve_short_forms(["George Bush", "Jeb Bush", "Bush"])
    assert resolved["Bush"] == "Bush"


@pytest.mark.parametrize(("names", "short", "full"), [
    (["Ebrahim Raisi", "Ebrahim"], "Ebrahim", "Ebrahim Raisi"),
    (["Shah Mehmood Qureshi", "Shah Mehmood"], "Shah Mehmood", "Shah Mehmood Qureshi"),
    (["George Soros", "George"], "George", "George Soros"),
    (["Wilbur Ross", "Wilbur", "Ross"], "Wilbur", "Wilbur Ross"),
    (["Bashar al-Assad", "Al-Assad", "Assad", "al-Assad"], "Al-Assad", "Bashar al-Assad"),
    (["Bashar al-Assad", "Assad"], "Assad", "Bashar al-Assad"),
    (["Abu Bakr al-Baghdadi", "Baghdadi"], "Baghdadi", "Abu Bakr al-Baghdadi"),
    (["Tamim bin Hamad Al Thani", "Hamad al-Thani"], "Hamad al-Thani", "Tamim bin Hamad Al Thani"),
    (["Mohamed ElBaradei", "ElBaradei"], "ElBaradei", "Mohamed ElBaradei"),
    (["Charles III", "Charles"], "Charles", "Charles III"),
    (["Elizabeth II", "Elizabeth"], "Elizabeth", "Elizabeth II"),
    (["John Paul II", "John Paul"], "John Paul", "John Paul II"),
    (["Donald Trump", "Trumps"], "Trumps", "Donald Trump"),
    (["Donald Trump", "Trump", "Trumps"], "Trumps", "Donald Trump"),
    (["Mohammad Javad Zarif", "Javad Zarif", "Zarif"], "Zarif", "Mohammad Javad Zarif"),
    (["Vladimir Putin", "PUTIN"], "PUTIN", "Vladimir Putin"),
])
def test_short_forms_of_every_kind(names: list[str], short: str, full: str) -> None:
    assert resolve_short_forms(names)[short] == full


@pytest.mark.parametrize(("names", "short"), [
    (["Judy Schmidt", "Judy Smith", "Judy"], "Judy"),  # two people share the first name
    (["Mahmoud Abbas", "Abbas Araghchi", "Abbas"], "Abbas"),  # a surname of one, a first name of another
    (["Boris Johnson", "Borisova"], "Borisova"),
    (["Lucas", "Lucas Moura", "Lucas Paqueta"], "Lucas"),
    (["Thomas"], "Thomas"),  # no "Thoma" to be the plural of
])
def test_ambiguous_or_unrelated_names_are_left_as_written(names: list[str], short: str) -> None:
    assert resolve_short_forms(names)[short] == short


def test_a_name_is_not_a_short_form_of_one_it_only_overlaps() -> None:
    assert not is_short_form("Mehmood Qureshi Khan", "Shah Mehmood Qureshi")
    assert not is_short_form("Raisi", "Raisi")
    assert is_short_form("Benedict", "Benedict XVI")


@pytest.mark.parametrize(("name", "label"), [
    ("Twitter", "ORG"), ("Sikh", "NORP"), ("Neolithic", "DATE"), ("Sassanid", "NORP"), ("Arbaeen", "EVENT"),
    ("Mein Kampf", "WORK_OF_ART"), ("Schengen", "LAW"), ("Majlis", "ORG"), ("Orwellian", "NORP"),
    ("Jameh Mosque", "FAC"), ("Imam Reza Shrine", "FAC"), ("Shahid Beheshti Port-Phase", "FAC"),
    ("Tehran University", "ORG"),
    ("George Soros", None), ("Abbas", None), ("Christian Ulrich", None), ("Rex Tillerson", None),
])
def test_names_that_are_not_people(name: str, label: str | None) -> None:
    assert not_person_label(name) == label


@pytest.mark.parametrize(("name", "junk"), [
    ("accusesVladimir Putin", True), ("Twitter@27khv Bryan MacDonald", True), ('false"Kremlin propaganda', True),
    ("journalismhttps://t.co/6QCd2qAzkD However", True), ("Putin 2018", True),
    ("Bryan MacDonald", False), ("Martin Luther King Jr.", False), ("Amir-Hossein Zamaninia", False),
    ("Conan O'Brien", False), ("Vladimir V. Putin", False), ("Mohamed ElBaradei", False), ("DeSantis", False),
    ("F. Scott FitzGerald", False), ("John “J.D.” Dorrian", False), ("Grace VanderWaal", False),
    ("Chris MacKenzie", False),
])
def test_junk_names(name: str, junk: bool) -> None:
    assert is_junk_name(name) is junk


@pytest.fixture(scope="module")
def blank() -> spacy.Language:
    return spacy.blank("en")


def _doc(nlp: spacy.Language, words: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(nlp.vocab, words=words, spaces=[True] * (len(words) - 1) + [False])
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def _spans(doc: Doc) -> list[tuple[str, str]]:
    return [(span.text, span.label_) for span in person_spans(doc)]


def test_a_name_split_by_the_model_is_joined(blank) -> None:
    doc = _doc(blank, "President Seyyed Ebrahim Raisi told the minister".split(), [(1, 3, "PERSON"), (3, 4, "GPE")])
    assert _spans(doc) == [("Seyyed Ebrahim Raisi", "PERSON")]
    doc = _doc(blank, "Minister Sergei Lavrov Russia".split(), [(1, 3, "PERSON"), (3, 4, "GPE")])
    assert _spans(doc) == [("Sergei Lavrov", "PERSON"), ("Russia", "GPE")]  # a country is not a surname


def test_a_surname_the_model_left_out_is_taken_in(blank) -> None:
    doc = _doc(blank, "Minister Shah Mehmood Qureshi has welcomed it".split(), [(1, 3, "PERSON")])
    assert _spans(doc) == [("Shah Mehmood Qureshi", "PERSON")]
    doc = _doc(blank, "prosecutor Gholam Abbas Torki announced".split(), [(1, 3, "PERSON")])
    assert _spans(doc) == [("Gholam Abbas Torki", "PERSON")]
    for words in ("the Trump Administration officials said", "Putin Warns Turkey Over Jet", "said Putin Thus ."):
        doc = _doc(blank, words.split(), [(1, 2, "PERSON")])
        assert _spans(doc) == [(words.split()[1], "PERSON")], words
    doc = _doc(blank, "said Putin Monday .".split(), [(1, 2, "PERSON"), (2, 3, "DATE")])
    assert _spans(doc) == [("Putin", "PERSON"), ("Monday", "DATE")]


def test_a_patronymic_name_is_completed(blank) -> None:
    doc = _doc(blank, "Emir Tamim bin Hamad al-Thani said".split(), [(3, 5, "PERSON")])
    assert _spans(doc) == [("Tamim bin Hamad al-Thani", "PERSON")]


def test_rulers_with_regnal_numbers(blank) -> None:
    doc = _doc(blank, "Jordan 's King Abdullah II met Abdullah".split(), [(0, 1, "GPE"), (6, 7, "PERSON")])
    assert _spans(doc) == [("Jordan", "GPE"), ("Abdullah II", "PERSON"), ("Abdullah", "PERSON")]
    doc = _doc(blank, "Queen Elizabeth II spoke".split(), [(1, 2, "PERSON")])
    assert _spans(doc) == [("Elizabeth II", "PERSON")]
    doc = _doc(blank, "after World War II ended".split(), [(1, 4, "EVENT")])
    assert _spans(doc) == [("World War II", "EVENT")]


def test_non_people_are_relabelled_and_people_recovered(blank) -> None:
    doc = _doc(blank, "Twitter users and Sikh pilgrims".split(), [(0, 1, "PERSON"), (3, 4, "PERSON")])
    assert _spans(doc) == [("Twitter", "ORG"), ("Sikh", "NORP")]
    words = "Markazi Province governor visited Markazi and Arak in Markazi".split()
    doc = _doc(blank, words, [(0, 2, "GPE"), (4, 5, "PERSON"), (6, 7, "GPE"), (8, 9, "GPE")])
    assert _spans(doc) == [("Markazi Province", "GPE"), ("Markazi", "GPE"), ("Arak", "GPE"), ("Markazi", "GPE")]
    words = "Karim Wasifi came home to Karim where Karim played".split()  # a first name is no place
    doc = _doc(blank, words, [(0, 2, "PERSON"), (5, 6, "GPE"), (7, 8, "PERSON")])
    assert [label for _, label in _spans(doc)] == ["PERSON", "GPE", "PERSON"]
    words = "Daquq fell ; Daquq said".split()  # as often a place as a person: left as the model says
    doc = _doc(blank, words, [(0, 1, "GPE"), (3, 4, "PERSON")])
    assert [label for _, label in _spans(doc)] == ["GPE", "PERSON"]
    doc = _doc(blank, "Trump said".split(), [(0, 1, "ORG")])
    assert _spans(doc) == [("Trump", "PERSON")]
    doc = _doc(blank, "Late Imam Khomeini said".split(), [(0, 3, "ORG")])
    assert _spans(doc) == [("Late Imam Khomeini", "PERSON")]
    doc = _doc(blank, "Imam Khomeini Airport closed".split(), [(0, 3, "FAC")])
    assert _spans(doc) == [("Imam Khomeini Airport", "FAC")]


def test_variants_merge_into_the_one_longer_name_and_uncertain_ones_are_listed() -> None:
    names = pd.Series(["Mohammad Javad Zarif", "Mohammad Javad Zarif", "Javad Zarif", "Zarif", "Zarif",
                       "John Smith", "Jane Smith", "Smith"])
    articles = pd.Series(["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"])
    merged = merge_variants(names, articles).set_index("name")
    assert merged.loc["Zarif", "merged"] == "Mohammad Javad Zarif"
    assert merged.loc["Javad Zarif", "merged"] == "Mohammad Javad Zarif"
    assert merged.loc["Zarif", ["n_mentions", "n_articles"]].tolist() == [2, 2]
    assert merged.loc["Smith", "merged"] == "Smith" and not merged.loc["Smith", "certain"]
    assert merged.loc["Smith", "candidates"] == "Jane Smith; John Smith"
    assert merged.loc["Smith", "reason"] == "several candidates"
    assert merged["certain"].drop("Smith").all()


def test_a_one_word_name_does_not_merge_into_a_name_seen_in_one_article() -> None:
    names = pd.Series(["Twitter"] * 5 + ["Albert Einstein's Twitter", "Einstein", "Albert Einstein", "Albert Einstein"])
    articles = pd.Series(["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"])
    merged = merge_variants(names, articles).set_index("name")
    assert merged.loc["Twitter", "merged"] == "Twitter"
    assert merged.loc["Twitter", "reason"] == "candidate in one article"
    assert merged.loc["Einstein", "merged"] == "Albert Einstein"


def test_a_prominent_persons_surname_merges_on_one_article() -> None:
    assert "Vladimir Putin" in known_people()
    merged = merge_variants(pd.Series(["Putin", "Vladimir Putin"]), pd.Series(["a1", "a2"])).set_index("name")
    assert merged.loc["Putin", "merged"] == "Vladimir Putin"


def test_initials_and_junk_do_not_block_a_merge() -> None:
    names = pd.Series(["Putin", "Putin", "Vladimir Putin", "Vladimir Putin", "Vladimir V. Putin", "accusesVladimir Putin",
                       "Einstein", "Albert Einstein", "Albert Einstein"])
    merged = merge_variants(names, pd.Series([f"a{i}" for i in range(len(names))])).set_index("name")
    assert merged.loc["Putin", "merged"] == "Vladimir Putin"
    assert merged.loc["Vladimir V. Putin", "merged"] == "Vladimir Putin"
    assert merged.loc["accusesVladimir Putin", "merged"] == "accusesVladimir Putin"
    assert merged["certain"].all()


def test_a_one_word_name_that_is_also_a_first_name_is_left_for_review() -> None:
    names = pd.Series(["Hillary", "Hillary", "Edmund Hillary", "Edmund Hillary", "Hillary Clinton", "Hillary Clinton"])
    merged = merge_variants(names, pd.Series([f"a{i}" for i in range(6)])).set_index("name")
    assert merged.loc["Hillary", "merged"] == "Hillary"
    assert merged.loc["Hillary", "reason"] == "also a first name"


def test_spellings_of_a_prominent_person_are_one_person_in_the_canonical_or_most_used_form() -> None:
    names = pd.Series(["Sergei Lavrov", "Sergei Lavrov", "Sergey Lavrov", "Lavrov",
                       "Abbas Araghchi", "Abbas Araghchi", "Araqchi", "Abbas Araqchi"])
    merged = merge_variants(names, pd.Series(["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"])).set_index("name")
    assert merged.loc["Sergei Lavrov", "merged"] == merged.loc["Lavrov", "merged"] == "Sergey Lavrov"  # canonical
    assert merged.loc["Araqchi", "merged"] == merged.loc["Abbas Araqchi", "merged"] == "Abbas Araghchi"
    assert merged["certain"].all()
    most_used = merge_variants(pd.Series(["Sergei Lavrov", "Sergei Lavrov", "Sergei V. Lavrov"]),
                               pd.Series(["a1", "a2", "a3"])).set_index("name")
    assert most_used.loc["Sergei V. Lavrov", "merged"] == "Sergei Lavrov"  # the canonical spelling is not written
    unrelated = merge_variants(pd.Series(["Araqchi", "Mehdi Araghi", "Mehdi Araghi"]), pd.Series(["a1", "a2", "a3"]))
    assert unrelated.set_index("name").loc["Araqchi", "merged"] == "Araqchi"


def test_an_analysts_apart_pairs_are_never_merged() -> None:
    names = pd.Series(["Franco", "James Franco", "James Franco"])
    articles = pd.Series(["a1", "a2", "a3"])
    assert merge_variants(names, articles).set_index("name").loc["Franco", "merged"] == "James Franco"
    for apart in ({("Franco", "James Franco")}, {("Franco", "")}):
        assert merge_variants(names, articles, apart=apart).set_index("name").loc["Franco", "merged"] == "Franco"


def _field_case(name: str):
    folder = FIELD_CASES / name
    if not (folder / "input.json").is_file():
        pytest.skip(f"field case {name} is not at {folder} (the shared folder is absent)")
    return json.loads((folder / "input.json").read_text(encoding="utf-8"))


def _people(mentions: pd.DataFrame, doc: int) -> dict[str, str]:
    rows = mentions[(mentions["doc"] == doc)]
    return {text: (kind, name) for text, kind, name in zip(rows["text"], rows["kind"], rows["name"])}


def test_field_case_09_al_prefix_short_forms() -> None:
    mentions = extract_entities(_field_case("09-al-prefix-short-form"))
    first, second = _people(mentions, 0), _people(mentions, 1)
    for written in ("Abu Bakr al-Baghdadi", "Al-Baghdadi", "Baghdadi"):
        assert first[written] == ("person", "Abu Bakr al-Baghdadi")
    assert first["Daesh"] == ("group", "ISIS")
    for written in ("Bashar al-Assad", "Assad", "Al-Assad"):
        assert second[written] == ("person", "Bashar al-Assad")
    people = mentions[mentions["kind"] == "person"]
    assert set(people.loc[people["text"] != people["name"], "via"]) == {"short form"}


def test_field_case_10_regnal_numbers() -> None:
    mentions = extract_entities(_field_case("10-regnal-number-names"))
    for doc, ruler in enumerate(("Charles III", "Abdullah II", "Benedict XVI", "Abdullah II")):
        people = mentions[(mentions["doc"] == doc) & (mentions["kind"] == "person")]
        assert set(people["name"]) == {ruler}, doc
        assert len(people) == 2, doc


def test_own_examples_of_al_particles_and_rulers() -> None:
    texts = ["Libyan leader Muammar al-Gaddafi was killed in 2011. Al-Gaddafi had ruled since 1969.",
             "Queen Elizabeth II visited Ireland in 2011. Elizabeth laid a wreath in Dublin.",
             "Billionaire George Soros funds many groups. Soros denied the claim, and George laughed."]
    mentions = extract_entities(texts)
    people = mentions[mentions["kind"] == "person"].groupby("doc")["name"].agg(set).to_dict()
    assert people == {0: {"Muammar al-Gaddafi"}, 1: {"Elizabeth II"}, 2: {"George Soros"}}


def test_a_demonym_is_not_a_person(blank) -> None:
    doc = _doc(blank, "the Russian said Nigerien troops".split(), [(1, 2, "PERSON"), (3, 4, "PERSON")])
    assert _spans(doc) == [("Russian", "NORP"), ("Nigerien", "NORP")]
    doc = _doc(blank, "Dawn French and French".split(), [(0, 2, "PERSON"), (3, 4, "PERSON")])
    assert _spans(doc) == [("Dawn French", "PERSON"), ("French", "PERSON")]  # the surname of a person named


def test_field_cases_06_and_11_a_demonym_read_as_a_person_is_its_country() -> None:
    for case, written, code in (("06-niger-nigerien", "Nigerien", "NER"), ("11-title-case-headline", "Russian", "RUS")):
        mentions = extract_entities(_field_case(case))
        rows = mentions[mentions["text"] == written]
        assert not rows.empty and set(rows["kind"]) == {"country"} and set(rows["country"]) == {code}, case


def test_a_span_with_no_word_of_a_name_is_not_a_person(blank) -> None:
    words = ["the", 'demand,”Zhu', "Haibin", "said", "and", 'clouds,"he', "added", "slam", "anti-IRGC", "John",
             "“J.D.”", "Dorrian", "and", "المزيدي\u200e", "and", "al-Zarqawi"]
    doc = _doc(blank, words, [(1, 3, "PERSON"), (5, 6, "PERSON"), (7, 9, "PERSON"), (9, 12, "PERSON"),
                              (13, 14, "PERSON"), (15, 16, "PERSON")])
    assert [label for _, label in _spans(doc)] == ["PERSON", "MISC", "MISC", "PERSON", "PERSON", "PERSON"]


def _spread(counts: dict[str, int]) -> tuple[pd.Series, pd.Series]:
    """Each name in as many articles as given (one mention per article)."""
    names = [name for name, n in counts.items() for _ in range(n)]
    return pd.Series(names), pd.Series([f"{name}-{i}" for name, n in counts.items() for i in range(n)])


def test_a_dominant_candidate_takes_the_name_and_is_still_listed_for_review() -> None:
    names, articles = _spread({"Trump": 12, "Donald Trump": 40, "Melania Trump": 1,
                               "Einstein": 9, "Albert Einstein": 30, "Mara Einstein": 1, "Certainly Einstein": 1})
    merged = merge_variants(names, articles).set_index("name")
    assert merged.loc["Trump", "merged"] == "Donald Trump"
    assert merged.loc["Einstein", "merged"] == "Albert Einstein"
    assert merged.loc["Trump", "reason"] == "dominant candidate" and not merged.loc["Trump", "certain"]


def test_close_candidates_leave_a_name_apart() -> None:
    names, articles = _spread({"Clinton": 10, "Hillary Clinton": 71, "Bill Clinton": 13,
                               "Bush": 5, "George W. Bush": 24, "George H. W. Bush": 3})
    merged = merge_variants(names, articles).set_index("name")
    assert merged.loc["Clinton", "merged"] == "Clinton" and merged.loc["Clinton", "reason"] == "several candidates"
    assert merged.loc["Bush", "merged"] == "Bush"


def test_an_analysts_apart_decision_beats_a_dominant_candidate() -> None:
    names, articles = _spread({"Trump": 12, "Donald Trump": 40, "Melania Trump": 1})
    merged = merge_variants(names, articles, apart=[("Trump", "Donald Trump")]).set_index("name")
    assert merged.loc["Trump", "merged"] == "Trump"


def test_different_middle_initials_are_different_people() -> None:
    names, articles = _spread({"George W. Bush": 20, "George H. W. Bush": 5, "George H.W. Bush": 2,
                               "Vladimir V. Putin": 2, "Vladimir Putin": 30})
    merged = merge_variants(names, articles).set_index("name")
    assert merged.loc["George W. Bush", "merged"] == "George W. Bush"
    assert merged.loc["George H.W. Bush", "merged"] == merged.loc["George H. W. Bush", "merged"]
    assert merged.loc["George H.W. Bush", "merged"] in {"George H.W. Bush", "George H. W. Bush"}
    assert merged.loc["Vladimir V. Putin", "merged"] == "Vladimir Putin"
