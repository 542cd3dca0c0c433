"""The news entity gold: Tehran Times and RT articles whose people, countries and groups were listed by hand.

The folder (``config.CORPORA_DIR / "news_entities_gold"``, or a held-out part laid out the same
way) holds ``articles.jsonl`` (``gold_id``, ``outlet``, ``title``, ``published``, ``body``, as
scraped) and ``annot/<gold_id>.json`` (see its ``GUIDELINES.md``). Scoring uses the shared
scorer, ``eval/news_entities_score.py`` beside the corpora (``config.SHARED_DIR``), so the
figures are those of ``eval/news_entities.py``: document-level precision, recall and F1 per
kind, names matched after folding case, dots, hyphens, a leading "the" and a possessive.

The texts are research-only (RT) or CC BY 4.0 (Tehran Times): read them from the shared
folder, never copy them into the project.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pandas as pd

from analysis.config import CORPORA_DIR, SHARED_DIR

GOLD_DIR = CORPORA_DIR / "news_entities_gold"
"""The development part (tune on it only)."""

SCORER = SHARED_DIR / "eval" / "news_entities_score.py"
"""The shared scorer (``evaluate``, ``load_gold``)."""

OPENING_WORDS = 25
"""Words of a body's opening that identify a gold article among the project's articles."""

INPUT_FIELDS = ("title", "published", "body", "outlet")
"""The fields of a gold article written to the JSON Lines file the project ingests."""


def read_gold_articles(folder: Path = GOLD_DIR) -> pd.DataFrame:
    """The gold articles, as scraped.

    Args:
        folder: a gold folder (``articles.jsonl`` and ``annot/``).

    Returns:
        One row per article: ``gold_id``, ``outlet``, ``title``, ``published``, ``body``.

    Raises:
        FileNotFoundError: when ``folder/articles.jsonl`` is missing.
    """
    lines = (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return pd.DataFrame([json.loads(line) for line in lines if line.strip()])


def write_input(articles: pd.DataFrame, path: Path) -> Path:
    """Write the gold articles as one JSON Lines file the project ingests (``INPUT_FIELDS``).

    Args:
        articles: from ``read_gold_articles``.
        path: the ``.jsonl`` file to write.

    Returns:
        ``path``.
    """
    with open(path, "w", encoding="utf-8") as file:
        for record in articles[list(INPUT_FIELDS)].to_dict("records"):
            file.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def scorer() -> ModuleType:
    """The shared scorer module (``SCORER``).

    Raises:
        FileNotFoundError: when the shared folder does not hold it.
    """
    if not SCORER.is_file():
        raise FileNotFoundError(f"{SCORER}: the shared news entity scorer is missing")
    spec = importlib.util.spec_from_file_location("news_entities_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def opening(body: str) -> tuple[str, ...]:
    """The first ``OPENING_WORDS`` words of a body, case-folded (how a gold article is found again)."""
    return tuple(re.findall(r"\w+", (body or "").casefold())[:OPENING_WORDS])


def gold_ids(bodies: pd.Series, articles: pd.DataFrame) -> pd.Series:
    """The gold id of each of the project's articles, by the opening words of its body.

    An ingested body can differ from the scraped one (boilerplate removed at its start); an
    article whose opening is not a gold article's takes the gold article sharing most of its
    first 60 words.

    Args:
        bodies: the project's article bodies, indexed by article id.
        articles: from ``read_gold_articles``.

    Returns:
        Gold id per article id.
    """
    by_opening = {}
    for gold_id, body in zip(articles["gold_id"], articles["body"]):
        by_opening.setdefault(opening(body), gold_id)
    first_words = [(gold_id, set(re.findall(r"\w+", body.casefold())[:60]))
                   for gold_id, body in zip(articles["gold_id"], articles["body"])]

    def find(body: str) -> str:
        found = by_opening.get(opening(body))
        if found is not None:
            return found
        words = set(re.findall(r"\w+", (body or "").casefold())[:60])
        return max(first_words, key=lambda pair: len(words & pair[1]))[0]

    return bodies.map(find)


def predictions(ids: pd.Series, article_entities: pd.DataFrame, entities: pd.DataFrame,
                gold: dict[str, dict]) -> dict[str, dict[str, set[str]]]:
    """The project's people, groups and countries per gold article, in the scorer's shape.

    Args:
        ids: gold id per article id (``gold_ids``).
        article_entities: rows of the ``article_entities`` table.
        entities: rows of the ``entities`` table (``article_id``, ``kind``, ``country``).
        gold: the gold annotations, by gold id.

    Returns:
        ``{gold_id: {"people", "groups", "countries", "countries_named"}}``: canonical names
        of people and groups, ISO alpha-3 codes of every mention with a country, and of
        country mentions only.
    """
    found = _nothing_found(gold)
    for article_id, kind, name in zip(article_entities["article_id"], article_entities["kind"],
                                      article_entities["name"]):
        gold_id = ids.get(article_id)
        if gold_id in found and kind in ("person", "group"):
            found[gold_id]["people" if kind == "person" else "groups"].add(name)
    for article_id, kind, code in zip(entities["article_id"], entities["kind"], entities["country"]):
        gold_id = ids.get(article_id)
        if gold_id in found and isinstance(code, str) and code:
            found[gold_id]["countries"].add(code)
            if kind == "country":
                found[gold_id]["countries_named"].add(code)
    return found


def _nothing_found(gold: dict[str, dict]) -> dict[str, dict[str, set[str]]]:
    """Empty predictions in the scorer's shape, one per gold article."""
    return {gold_id: {"people": set(), "groups": set(), "countries": set(), "countries_named": set()}
            for gold_id in gold}


def raw_predictions(mentions: pd.DataFrame, doc_gold_ids: list[str], gold: dict[str, dict],
                    to_code) -> dict[str, dict[str, set[str]]]:
    """A raw model's people (PERSON), groups (ORG) and countries (GPE/NORP looked up) per gold article.

    Args:
        mentions: ``doc``, ``text``, ``label`` rows of a model run over the texts.
        doc_gold_ids: the gold id of each text, by ``doc``.
        gold: the gold annotations, by gold id.
        to_code: a country lookup, name to ISO alpha-3 code or None (pycountry's for the raw model).

    Returns:
        The scorer's shape (see ``predictions``).
    """
    found = _nothing_found(gold)
    for doc, text, label in zip(mentions["doc"], mentions["text"], mentions["label"]):
        gold_id = doc_gold_ids[doc]
        if gold_id not in found:
            continue
        if label in ("PERSON", "ORG"):
            found[gold_id]["people" if label == "PERSON" else "groups"].add(text)
        elif label in ("GPE", "NORP") and (code := to_code(text)):
            found[gold_id]["countries"].add(code)
            found[gold_id]["countries_named"].add(code)
    return found
