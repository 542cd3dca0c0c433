"""Boilerplate learned per outlet and removed at the edges of bodies (analysis.ingest.boilerplate)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.ingest.stage import run_ingest
from analysis.ingest.boilerplate import (
    Boilerplate, Removed, RulesError, clean_body, learn, read_rules, segment_keys, segment_spans,
)
from analysis.store import read_table

FOOTER = "All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 International License."
COOKIES = "This website uses cookies. Read RTPrivacy policyto find out more."
STORIES = [
    "Iran and Iraq signed a trade deal on Monday in Baghdad after two days of talks.",
    "The central bank raised interest rates by half a point, its third rise this year.",
    "Football fans gathered in Azadi stadium to watch the derby between the two clubs.",
    "A new metro line opened in the east of the capital, cutting journeys by half.",
    "Wheat harvests are expected to grow by ten percent this year, the ministry said.",
    "Parliament debated the budget bill for a second week without reaching a vote.",
    "Heavy snow closed the mountain roads north of the city for a third day running.",
    "The oil minister met his Omani counterpart to discuss a gas pipeline under the sea.",
    "Doctors warned that air pollution in the capital had reached a dangerous level.",
    "The national carpet fair opened with exhibitors from more than twenty provinces.",
    "A court in Shiraz sentenced two former officials for taking bribes from a builder.",
    "Scientists at Sharif University unveiled a satellite built entirely at home.",
]


WHO = ["Ali", "Reza", "Sara", "Maryam", "Hassan", "Leila", "Omid", "Nasrin", "Babak", "Shirin", "Kaveh",
       "Parisa"]


def _corpus(stories: list[str], footer: str, outlet: str = "tt") -> pd.DataFrame:
    bodies = [f"{story} It was said by {WHO[n]}.\n\nMQ/MG  {footer}" for n, story in enumerate(stories)]
    return pd.DataFrame({"article_id": [f"{outlet}{n}" for n in range(len(bodies))], "body": bodies,
                         "outlet": outlet})


def _learned(pages: pd.DataFrame, **options) -> Boilerplate:
    return learn(segment_keys(pages), pages.set_index("article_id")["outlet"], **options)


def test_sentences_are_cut_but_not_after_initials_abbreviations_or_inside_a_line_start() -> None:
    line = "The U.S. and Mr. Smith met J. William Fulbright. He left! “Go.” MQ/MG All rights reserved."
    assert [line[start:end] for start, end in segment_spans(line)] == [
        "The U.S. and Mr. Smith met J. William Fulbright.", "He left!", "“Go.”", "MQ/MG",
        "All rights reserved."]
    other = "US/UK talks. S/SH 11"
    assert [other[start:end] for start, end in segment_spans(other)] == ["US/UK talks.", "S/SH 11"]


def test_a_footer_in_every_article_of_an_outlet_is_removed_and_the_editor_code_becomes_the_signature() -> None:
    pages = _corpus(STORIES, FOOTER)
    boilerplate = _learned(pages)
    removed = Removed()
    cleaned = [clean_body(body, "tt", boilerplate, removed) for body in pages["body"]]
    assert cleaned[0].body == STORIES[0] + " It was said by Ali."
    assert {item.signature for item in cleaned} == {"MQ/MG"}
    table = removed.table(boilerplate)
    assert table[["outlet", "text", "reason", "n_removed", "n_articles"]].values.tolist() == [
        ["tt", FOOTER, "learned", 12, 12]]


def test_text_in_fewer_than_ten_articles_or_of_another_outlet_is_kept() -> None:
    pages = pd.concat([_corpus(STORIES[:9], FOOTER), _corpus(STORIES, COOKIES, outlet="rt.com")],
                      ignore_index=True)
    boilerplate = _learned(pages)
    assert clean_body(pages.loc[0, "body"], "tt", boilerplate).body == pages.loc[0, "body"]
    assert clean_body(pages.loc[0, "body"], "rt.com", boilerplate).body == pages.loc[0, "body"]
    assert COOKIES not in clean_body(pages.loc[9, "body"], "rt.com", boilerplate).body


def test_a_repeated_sentence_inside_running_text_stays_and_a_footer_glued_to_the_last_sentence_goes() -> None:
    quote = "The minister said the talks would go on."
    bodies = [f"{quote} {story} {FOOTER}" for story in STORIES]
    pages = pd.DataFrame({"article_id": [str(n) for n in range(len(bodies))], "body": bodies, "outlet": "tt"})
    boilerplate = _learned(pages)
    # the quote starts every body, so it is learned; it goes only where it is an edge run...
    assert clean_body(bodies[0], "tt", boilerplate).body == STORIES[0]
    inside = f"{STORIES[1]} {quote} {STORIES[2]} {FOOTER}"
    assert clean_body(inside, "tt", boilerplate).body == f"{STORIES[1]} {quote} {STORIES[2]}"
    glued = f"{STORIES[3]} Watch more at rt.com {FOOTER}"
    assert clean_body(glued, "tt", boilerplate).body == f"{STORIES[3]} Watch more at rt.com"


def test_footers_that_differ_only_in_quotes_dashes_or_spacing_are_one_boilerplate() -> None:
    bodies = [f"{story} RT News App © “TV-Novosti”, 2005–2021." for story in STORIES]
    pages = pd.DataFrame({"article_id": [str(n) for n in range(len(bodies))], "body": bodies, "outlet": "rt.com"})
    boilerplate = _learned(pages)
    plain = f"{STORIES[0]} RT  News App © \"TV-Novosti\", 2005-2021."
    assert clean_body(plain, "rt.com", boilerplate).body == STORIES[0]


def test_lines_that_differ_only_in_their_figures_are_not_boilerplate() -> None:
    bodies = [f"Shr {n} cts vs {n + 1} cts\nRevs {n}.5 mln vs {n}.9 mln\n\n{story}" for n, story in enumerate(STORIES)]
    pages = pd.DataFrame({"article_id": [str(n) for n in range(len(bodies))], "body": bodies, "outlet": "reuters"})
    assert clean_body(bodies[0], "reuters", _learned(pages)).body == bodies[0]


def test_the_analysts_rules_remove_anywhere_and_veto_learning(tmp_path: Path) -> None:
    rules_file = tmp_path / "boilerplate.csv"
    rules_file.write_text("action,outlet,pattern\nremove,,READ MORE: *\nkeep,tt,All Content by Mehr*\n",
                          encoding="utf-8")
    rules = read_rules(rules_file)
    pages = _corpus(STORIES, FOOTER)
    boilerplate = _learned(pages, rules=rules)
    body = f"{STORIES[0]}\n\nREAD MORE: Iran and Iraq to meet again\n\n{STORIES[1]} {FOOTER}"
    assert clean_body(body, "tt", boilerplate).body == f"{STORIES[0]}\n\n{STORIES[1]} {FOOTER}"


@pytest.mark.parametrize("content, where", [
    ("what,outlet,pattern\n", "line 1: expected the header action,outlet,pattern"),
    ("action,outlet,pattern\ndrop,,x\n", "line 2: expected action remove or keep"),
])
def test_a_bad_rules_file_is_one_line_naming_the_file_and_line(tmp_path: Path, content: str, where: str) -> None:
    rules_file = tmp_path / "rules.csv"
    rules_file.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError, match=f"rules.csv: {where}"):
        read_rules(rules_file)


def _write_outlet(folder: Path, footer: str) -> None:
    folder.mkdir(parents=True)
    for n, story in enumerate(STORIES):
        (folder / f"story{n}.csv").write_text(
            f"title,date,text\nStory {n},2016-02-{n + 10} 10:00,\"{story} Said {WHO[n]}. {footer.format(WHO[n])}\"\n",
            encoding="utf-8")


def test_the_ingest_stage_and_the_loader_remove_the_same_boilerplate_and_list_it(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _write_outlet(raw / "tehrantimes", FOOTER)
    _write_outlet(raw / "other", "Nothing repeats here but {}.")
    report = run_ingest(raw, tmp_path / "processed", progress=False, scheduler="none")
    assert report.wrote_outputs
    articles = read_table("articles", tmp_path / "processed")
    assert set(articles["outlet"]) == {"tehrantimes", "other"}
    tehran = articles[articles["outlet"] == "tehrantimes"]
    assert not tehran["body"].str.contains("Creative Commons").any()
    assert articles[articles["outlet"] == "other"]["body"].str.contains("Nothing repeats here").all()
    table = read_table("boilerplate", tmp_path / "processed")
    assert table[["outlet", "text", "n_removed"]].values.tolist() == [["tehrantimes", FOOTER, 12]]
    loaded = load_corpus(raw)
    pd.testing.assert_frame_equal(loaded.boilerplate, table)
    assert sorted(loaded.articles["body"]) == sorted(articles["body"])
    kept = load_corpus(raw, remove_boilerplate=False)
    assert kept.articles["body"].str.contains("Creative Commons").sum() == 12
    assert kept.boilerplate.empty
