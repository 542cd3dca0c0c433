"""People's names: titles, possessives, short forms inside an article, variants across a corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.entities.people import clean_person, merge_variants, resolve_short_forms


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
])
def test_titles_honorifics_and_possessives_are_stripped(written: str, name: str) -> None:
    assert clean_person(written) == name


def test_short_forms_take_the_full_name_used_in_the_same_article() -> None:
    resolved = resolve_short_forms(["Sergei Lavrov", "Lavrov", "Lavrov", "Zarif"])
    assert resolved == {"Sergei Lavrov": "Sergei Lavrov", "Lavrov": "Sergei Lavrov", "Zarif": "Zarif"}


def test_a_short_form_shared_by_two_people_is_left_alone() -> None:
    resolved = resolve_short_forms(["George Bush", "Jeb Bush", "Bush"])
    assert resolved["Bush"] == "Bush"


def test_variants_merge_into_the_one_longer_name_and_uncertain_ones_are_listed() -> None:
    names = pd.Series(["Mohammad Javad Zarif", "Javad Zarif", "Zarif", "Zarif",
                       "John Smith", "Jane Smith", "Smith"])
    merged = merge_variants(names).set_index("name")
    assert merged.loc["Zarif", "merged"] == "Mohammad Javad Zarif"
    assert merged.loc["Javad Zarif", "merged"] == "Mohammad Javad Zarif"
    assert merged.loc["Zarif", "n_mentions"] == 2
    assert merged.loc["Smith", "merged"] == "Smith" and not merged.loc["Smith", "certain"]
    assert merged.loc["Smith", "candidates"] == "Jane Smith; John Smith"
    assert merged["certain"].drop("Smith").all()
