"""Group lookup: the shipped alias table, matching rules, an analyst's own file, bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.entities.groups import KINDS, GroupMatch, load_groups

EXPECTED = {
    "ISIS": "ISIS|ISIL|IS|Islamic State|Islamic State of Iraq and the Levant|"
    "Islamic State of Iraq and Syria|Daesh|Daish|Da'esh|DAESH",
    "Hezbollah": "Hezbollah|Hizbollah|Hizballah|Hizbullah|Hezbullah|Hizb Allah",
    "al-Nusra Front": "Nusra Front|al-Nusra Front|Jabhat al-Nusra|Jabhat Fateh al-Sham|"
    "Hayat Tahrir al-Sham|HTS|Tahrir al-Sham",
    "al-Qaeda": "al-Qaeda|al-Qaida|Al Qaeda",
    "AQAP": "AQAP",
    "Taliban": "Taliban",
    "Hamas": "Hamas",
    "Islamic Jihad": "Islamic Jihad",
    "Muslim Brotherhood": "Muslim Brotherhood",
    "Free Syrian Army": "Free Syrian Army|FSA",
    "Syrian Democratic Forces": "Syrian Democratic Forces|SDF",
    "YPG": "YPG",
    "PKK": "PKK|Kurdistan Workers' Party",
    "Peshmerga": "Peshmerga",
    "Popular Mobilization Units": "Popular Mobilization Units|Hashd al-Shaabi|PMU|PMF",
    "Jaish al-Islam": "Jaish al-Islam|Jeish Al-Islam|Jaysh al-Islam",
    "Ahrar al-Sham": "Ahrar al-Sham",
    "Houthis": "Houthis|Ansarullah|Ansar Allah",
    "IRGC": "IRGC|Islamic Revolutionary Guard Corps|Revolutionary Guards|Sepah|"
    "Islamic Revolution Guards Corps|Islamic Revolution Guard Corps",
    "Basij": "Basij",
    "Atomic Energy Organization of Iran": "AEOI|Atomic Energy Organization of Iran",
    "Iranian Parliament (Majlis)": "Majlis|Iranian Majlis|Islamic Consultative Assembly",
    "Guardian Council": "Guardian Council|Guardians Council",
    "Central Bank of Iran": "CBI|Central Bank of Iran",
    "National Iranian Gas Company": "NIGC",
    "Mehr News Agency": "Mehr|MNA|Mehr News Agency",
    "Iranian Students' News Agency": "ISNA",
    "Iranian Labour News Agency": "ILNA",
    "Shana": "Shana|SHANA",
    "Nasim News Agency": "Nasim",
    "Mizan News Agency": "Mizan",
    "P5+1": "P5+1|P5 + 1",
    "NED": "NED|National Endowment for Democracy",
    "NSA": "NSA",
    "Twitter": "Twitter",
    "Facebook": "Facebook",
    "LinkedIn": "LinkedIn",
    "Telegram": "Telegram",
    "YouTube": "YouTube",
    "Bloomberg": "Bloomberg",
    "Standard & Poor's": "Standard & Poor's|S&P",
    "Quds Force": "Quds Force",
    "Mossad": "Mossad",
    "CIA": "CIA",
    "FBI": "FBI",
    "Pentagon": "Pentagon",
    "Kremlin": "Kremlin",
    "White House": "White House",
    "United States Department of State": "State Department|U.S. State Department|Department of State",
    "United Nations": "UN|U.N.|United Nations|UNO",
    "United Nations Security Council": "UNSC|Security Council|UN Security Council",
    "UNHCR": "UNHCR",
    "UNICEF": "UNICEF",
    "World Health Organization": "WHO",
    "IAEA": "IAEA",
    "European Union": "EU|E.U.|European Union",
    "European Commission": "European Commission",
    "NATO": "NATO|Nato|North Atlantic Treaty Organization",
    "OPEC": "OPEC",
    "Arab League": "Arab League",
    "Gulf Cooperation Council": "GCC|Gulf Cooperation Council|Persian Gulf Cooperation Council",
    "Organisation of Islamic Cooperation": "OIC",
    "African Union": "African Union",
    "ASEAN": "ASEAN",
    "Shanghai Cooperation Organisation": "SCO",
    "BRICS": "BRICS",
    "International Monetary Fund": "IMF",
    "World Bank": "World Bank",
    "World Trade Organization": "WTO",
    "G7": "G7",
    "G20": "G20",
    "Red Cross": "Red Cross|ICRC|International Committee of the Red Cross",
    "Amnesty International": "Amnesty International",
    "Human Rights Watch": "Human Rights Watch|HRW",
    "Reuters": "Reuters",
    "Associated Press": "AP",
    "AFP": "AFP",
    "BBC": "BBC",
    "CNN": "CNN",
    "Al Jazeera": "Al Jazeera",
    "Al Arabiya": "Al Arabiya",
    "RT": "RT",
    "Sputnik": "Sputnik",
    "TASS": "TASS",
    "IRNA": "IRNA",
    "Press TV": "Press TV",
    "Fars News Agency": "Fars News Agency",
    "Tasnim": "Tasnim",
    "SANA": "SANA",
    "Al-Masdar": "Al-Masdar",
    "Anadolu": "Anadolu",
    "GATT": "GATT",
    "European Community": "EEC|European Community|EC",
    "Federal Reserve": "Federal Reserve|Fed",
    "Bundesbank": "Bundesbank",
    "Bank of England": "Bank of England",
    "Bank of Japan": "Bank of Japan",
    "United States Department of the Treasury": "U.S. Treasury|Treasury Department|OFAC",
    "United States Congress": "US Congress|U.S. Congress",
    "United States Senate": "U.S. Senate",
    "United States House of Representatives": "U.S. House of Representatives|US House of Representatives",
    "Democratic Party": "Democrats|Democratic Party",
    "Republican Party": "Republicans|Republican Party",
    "Labour Party": "Labour Party",
    "Conservative Party": "Conservative Party",
    "Likud": "Likud",
    "Labor Party": "Labor",
    "Politburo": "Politburo",
    "PLO": "PLO|Palestine Liberation Organisation",
    "Contras": "Contras",
    "Sandinistas": "Sandinistas",
    "Khmer Rouge": "Khmer Rouge",
    "ANC": "ANC",
    "SWAPO": "SWAPO",
    "UNITA": "UNITA",
    "Solidarity": "Solidarity",
}
CASES = [(alias, name) for name, aliases in EXPECTED.items() for alias in aliases.split("|")]


@pytest.mark.parametrize(("alias", "name"), CASES)
def test_every_listed_alias_resolves_to_its_canonical_name(alias: str, name: str) -> None:
    match = load_groups().lookup(alias)
    assert match == GroupMatch(name, match.kind if match else "", alias, "alias")


def test_the_parts_of_a_parenthesised_list_each_resolve() -> None:
    parts = [load_groups().lookup(part) for part in "Daesh (ISIS / ISIL)".split(" ") if part != "/"]
    assert [(part.name, part.written) for part in parts] == [
        ("ISIS", "Daesh"),
        ("ISIS", "ISIS"),
        ("ISIS", "ISIL"),
    ]


@pytest.mark.parametrize(
    "written",
    ["is", "Is", "us", "Us", "It", "who", "Who", "un", "ap", "labor", "fed", "Sana", "the", ""],
)
def test_words_that_look_like_short_aliases_do_not_resolve(written: str) -> None:
    assert load_groups().lookup(written) is None


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("the Pentagon", "Pentagon"),
        ("Hezbollah's", "Hezbollah"),
        ("HEZBOLLAH", "Hezbollah"),
        ("U.N", "United Nations"),
        ("Da’esh", "ISIS"),
        ("Standard & Poor’s", "Standard & Poor's"),
        ("the Iranian Students’ News Agency", "Iranian Students' News Agency"),
        ("Kurdistan Workers Party", "PKK"),
        ("al-nusra Front", "al-Nusra Front"),
    ],
)
def test_case_punctuation_and_possessives_are_forgiven(written: str, name: str) -> None:
    assert load_groups().lookup(written).name == name


def test_the_shipped_table_is_valid_and_exposes_aliases() -> None:
    table = load_groups()
    assert {kind for _, kind in table.rows.values()} == KINDS
    assert table.aliases["Daesh"] == "ISIS" and table.aliases["IS"] == "ISIS"


def test_an_analysts_file_adds_groups_and_overrides_aliases(tmp_path: Path) -> None:
    extra = tmp_path / "my_groups.csv"
    extra.write_text(
        "# mine\nname,kind,alias\nWhite Helmets,movement,White Helmets\n"
        "Syria Civil Defence,movement,White Helmets\nEuropean Commission,government body,EC\n",
        encoding="utf-8",
    )
    table = load_groups(extra)
    assert table.lookup("White Helmets") == GroupMatch(
        "Syria Civil Defence", "movement", "White Helmets"
    )
    assert table.lookup("EC").name == "European Commission"
    assert table.lookup("ISIL").name == "ISIS"
    assert load_groups().lookup("EC").name == "European Community"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "name,kind,alias\nISIS,armed group\n",
            r"line 2: 2 values in 'ISIS,armed group'; expected 3 \(name,kind,alias\)",
        ),
        (
            "name,kind,alias\nISIS,terrorists,Daesh\n",
            r"line 2: kind 'terrorists' is invalid; must be one of \[",
        ),
        (
            "# note\nname,kind,alias\nISIS,armed group,Daesh\nISIS,armed group,\n",
            r"line 4: empty 'alias'",
        ),
        (
            "name,alias\nISIS,Daesh\n",
            r"line 1: header 'name,alias' is invalid; expected name,kind,alias",
        ),
    ],
)
def test_bad_rows_name_the_file_the_line_and_what_was_expected(
    tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "bad_groups.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad_groups\.csv: " + message):
        load_groups(bad)


def test_british_spelling_finds_an_alias_written_the_american_way() -> None:
    from analysis.entities.groups import load_groups

    table = load_groups()
    assert table.lookup("Organisation of Petroleum Exporting Countries").name == "OPEC"
    assert table.lookup("Atomic Energy Organisation of Iran").name == table.lookup("Atomic Energy Organization of Iran").name
