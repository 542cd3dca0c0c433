"""Text in charts is drawn as written: "$40 to $30" keeps its dollar signs, "_" and "^" stay.

matplotlib reads text between two "$" as mathematics (mathtext) unless ``text.parse_math``
is off; the house style turns it off. The checks read the text elements of the SVG the
charts write (``svg.fonttype: none`` keeps text as text): drawn as mathematics, a label is
split into glyphs and its "$" are gone, so no element holds the label whole.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import config
from analysis.charts import plot_volume, run_charts, save_figure
from analysis.store import write_tables

FIELD_CASE = config.SHARED_DIR / "field-cases" / "15-dollar-signs-in-labels"

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(path: Path) -> list[str]:
    """The content of every text element of an SVG file, in document order."""
    return ["".join(element.itertext()) for element in ET.parse(path).getroot().iter(f"{SVG}text")]


def test_field_case_15_event_labels_keep_their_dollar_signs(tmp_path) -> None:
    if not FIELD_CASE.is_dir():
        pytest.skip(f"the shared field cases are missing from {FIELD_CASE.parent}")
    from analysis.charts import load_events

    events = load_events(FIELD_CASE / "events.csv", timezone="Asia/Tehran")
    counts = pd.DataFrame({"period": pd.date_range("2016-02-28", periods=3, freq="D", tz="Asia/Tehran"),
                           "n_articles": [1, 1, 1]})
    fig = plot_volume(counts, freq="day", events=events, title="Oil at $40 and $30")
    save_figure(fig, "volume", data=counts, caption="", figures_dir=tmp_path, formats=("svg",))
    texts = svg_texts(tmp_path / "volume.svg")
    assert "1  29 Feb 2016: Oil drops from $40 to $30 a barrel" in texts
    assert "2  1 Mar 2016: Gulf fund pledges $5bn and $2bn in loans" in texts
    assert "Oil at $40 and $30" in texts


LABELS = {
    "event": "Rates: $r_t$ up^2 from $3 to $4",
    "person": "Jo $5_x^2 $6",
    "country": "Saud$ $1_2^3",
    "topic": "oil_price $40 to $30 x^2",
    "story": "Gulf fund pledges $5bn and $2bn",
    "form": "Opec $1 to $2",
}
"""Our own labels with "$", "_" and "^", one for each kind of text a chart draws from the data."""


@pytest.fixture
def dollar_processed(tables, tmp_path) -> Path:
    """The chart tests' real tables with a person, a topic, a story and a written form renamed."""
    stories = tables["articles"].loc[tables["articles"]["duplicate_of"].isna(), "article_id"]
    people = tables["article_entities"].query("kind == 'person'")
    counts = people[people["article_id"].isin(stories)]["name"].value_counts()  # charts count stories
    person = counts.index[0]
    renamed = {"name": {person: LABELS["person"], "Saudi Arabia": LABELS["country"]}}
    related = tables["related"]
    story = related["story_id"].value_counts().index[0]
    entities = tables["entities"]
    opec = entities["text"] == "Opec"
    assert opec.sum() >= 10, "the demo's OPEC is written 'Opec' often enough for the naming chart"
    folder = tmp_path / "processed"
    write_tables({
        **tables,
        "article_entities": tables["article_entities"].replace(renamed),
        "entities": entities.replace(renamed).assign(text=entities["text"].mask(opec, LABELS["form"])),
        "topics": tables["topics"].assign(label=tables["topics"]["label"].replace({"crude": LABELS["topic"]})),
        "related": related.assign(title=related["title"].mask(related["story_id"] == story, LABELS["story"])),
    }, folder)
    return folder


def test_every_chart_draws_dollars_underscores_and_carets_as_written(dollar_processed, tmp_path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(f'date,label\n1987-03-06,"{LABELS["event"]}"\n', encoding="utf-8")
    figures = tmp_path / "figures"
    report = run_charts(dollar_processed, figures, events=events, formats=("svg",), corpus="$reuters$")
    assert set(report.skipped) == {"distinctive_words", "distinctive_entities"}, "one outlet: nothing to compare"
    assert not report.warnings and not report.errors
    texts = {name: svg_texts(figures / f"{name}.svg") for name in report.written}
    assert f"1  6 Mar 1987: {LABELS['event']}" in texts["volume"]
    assert LABELS["person"] in texts["top_entities"]
    assert f"{LABELS['person']} (person)" in texts["entity_mentions"]
    assert LABELS["country"] in texts["cooccurrence"]  # the network draws the most mentioned
    assert LABELS["topic"] in texts["topics"]
    assert any(text.startswith(f"{LABELS['story']} (") for text in texts["related_stories"])
    assert any(text.startswith(f"{LABELS['form']} (") for text in texts["naming"])
    for name, chart in texts.items():  # the source line of every chart names the corpus as given
        assert any(text.startswith("Source: $reuters$, ") for text in chart), name


def test_text_drawn_outside_the_house_style_would_be_mathematics(tmp_path) -> None:
    """The check above can fail: without the house style, matplotlib sets "$...$" as mathematics."""
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text as text, as in the house style
        fig = Figure()
        fig.add_subplot().set_title("Oil drops from $40 to $30 a barrel")
        fig.savefig(tmp_path / "plain.svg", format="svg")
    drawn = [" ".join(text.split()) for text in svg_texts(tmp_path / "plain.svg")]
    assert "Oil drops from $40 to $30 a barrel" not in drawn
    assert any(text.startswith("O i l") and "$" not in text for text in drawn), drawn


def test_the_distinctive_terms_chart_draws_dollars_as_written(tmp_path) -> None:
    from analysis.charts import plot_distinctive_terms, save_figure
    from analysis.compare import z_scores

    rows = pd.DataFrame({"term": [LABELS["person"], "oil", "bank"], "group": ["a_1", "a_1", "a_1"],
                         "count": [40, 5, 1], "count_other": [2, 5, 30], "total": 100, "total_other": 100,
                         "prior": [10.0, 5.0, 15.5], "alpha0": 200.0, "kind": "word"})
    rows["z"] = z_scores(rows["count"], rows["count_other"], rows["total"], rows["total_other"], rows["prior"],
                         rows["alpha0"])
    fig = plot_distinctive_terms(rows, source="Source: $reuters$")
    save_figure(fig, "distinctive", data=rows, caption="", figures_dir=tmp_path, formats=("svg",))
    texts = svg_texts(tmp_path / "distinctive.svg")
    assert LABELS["person"] in texts and any("a_1" in text for text in texts)
