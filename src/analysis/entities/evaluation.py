"""Evaluating entity extraction on the shared gold corpora: label mappings, the raw model, Reuters.

The mappings translate spaCy's labels (and the project's, which use the same
scheme after corrections) into the labels of CoNLL-2003 and re3d; the raw model
is the baseline the project's figures are compared with; the Reuters helpers
turn stories and their PLACES and PEOPLE tags into per-document sets. The
scoring itself is in ``analysis.entities.scoring``.

Everything here is pure except ``load_raw_model`` and ``raw_model_mentions``,
which load and run the spaCy model the project's figures are compared with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pandas as pd
import pycountry
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from analysis.entities.scoring import restrict, score_sets, sets_per_doc
from analysis.text_rules import bare_name, fold_dashes, strip_edges

SPACY_TO_CONLL: dict[str, str] = {
    "PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG", "NORP": "MISC",
}
"""spaCy (OntoNotes) labels to CoNLL-2003 types; other labels have no CoNLL type."""
PROJECT_LABEL_TO_CONLL: dict[str, str] = dict(SPACY_TO_CONLL)
"""The project's ``label`` to CoNLL types (the one used): same scheme as spaCy's."""
PROJECT_KIND_TO_CONLL: dict[str, str] = {
    "person": "PER", "country": "LOC", "place": "LOC", "group": "ORG",
}
"""The project's ``kind`` to CoNLL types (an alternative; demonyms would count as LOC)."""
SPACY_TO_RE3D: dict[str, str] = {
    "PERSON": "Person", "ORG": "Organisation", "GPE": "Location", "LOC": "Location",
    "FAC": "Location", "NORP": "Nationality",
}
"""spaCy labels (and the project's) to re3d entity types."""

CONLL_HEADLINE_LABELS = ("PER", "LOC", "ORG")
"""CoNLL types in the headline micro-average (MISC has no clean spaCy equivalent)."""
RE3D_LABELS = ("Person", "Organisation", "Location", "Nationality")
"""re3d types scored (the others, Temporal, Weapon, ..., have no spaCy equivalent)."""
MENTION_COLUMNS = ["doc", "start", "end", "text", "label"]
"""Columns of ``raw_model_mentions``'s table."""

def spacy_mentions(docs: Iterable[Doc]) -> pd.DataFrame:
    """The entities of processed texts, with the model's labels.

    Args:
        docs: processed texts, in order.

    Returns:
        One row per entity, columns ``MENTION_COLUMNS``: ``doc`` (index), ``start``,
        ``end`` (character offsets), ``text`` and ``label``.
    """
    rows = [(index, ent.start_char, ent.end_char, ent.text, ent.label_)
            for index, doc in enumerate(docs) for ent in doc.ents]
    return pd.DataFrame(rows, columns=MENTION_COLUMNS).astype(
        {"doc": "int64", "start": "int64", "end": "int64"})


def load_raw_model(model: str) -> Language:
    """Load a spaCy pipeline with only its ``ner`` component.

    In ``en_core_web_sm`` (and its PyPI twin) ``ner`` has its own tok2vec, so it
    runs alone.

    Args:
        model: an installed pipeline's name or path.

    Returns:
        The pipeline, every other component excluded.
    """
    path = spacy.util.get_package_path(model) if spacy.util.is_package(model) else model
    components = spacy.util.get_model_meta(path).get("components", [])
    return spacy.load(model, exclude=[name for name in components if name != "ner"])


def raw_model_mentions(
    texts: Sequence[str], nlp: Language, *, batch_size: int = 64, n_process: int = 1,
) -> pd.DataFrame:
    """Run a pipeline over texts and list its entities (see ``spacy_mentions``).

    Args:
        texts: the texts.
        nlp: from ``load_raw_model``.
        batch_size: texts per batch.
        n_process: processes.

    Returns:
        The ``spacy_mentions`` table.
    """
    return spacy_mentions(nlp.pipe(texts, batch_size=batch_size, n_process=n_process))


def pycountry_code(name: str) -> str | None:
    """The ISO alpha-3 code pycountry finds for a name (the raw model's country lookup).

    Args:
        name: a country name or code as written ("France", "JAPAN", "USA").

    Returns:
        The alpha-3 code, or None when pycountry knows no such country.
    """
    try:
        return pycountry.countries.lookup(name.strip()).alpha_3
    except (LookupError, AttributeError):
        return None


def iso_codes(places: Iterable[str], to_iso: Callable[[str], object]) -> set[str]:
    """Map Reuters PLACES codes to ISO alpha-3 codes.

    Args:
        places: the story's codes, e.g. ``["usa", "west-germany"]``.
        to_iso: gives the ISO code(s) of one code: a str, an iterable of str, or None.

    Returns:
        The set of ISO codes (codes without one, such as regions, add nothing).
    """
    codes: set[str] = set()
    for place in places:
        found = to_iso(place)
        if isinstance(found, str):
            codes.add(found)
        elif found is not None:
            codes.update(found)
    return codes


def surname(name: str) -> str:
    """The surname key of a person's name, to compare with Reuters PEOPLE codes.

    The last word after splitting on spaces and hyphens (any dash), lower case, without a
    possessive or surrounding punctuation (``analysis.text_rules``): "James Baker" and the code ``james-baker`` both give ``baker``,
    "Robin Leigh-Pemberton" and ``leigh-pemberton`` give ``pemberton``.

    Args:
        name: a name as written, or a PEOPLE code.

    Returns:
        The key, or "" for an empty name.
    """
    words = fold_dashes(name).replace("-", " ").split()
    return strip_edges(bare_name(words[-1]), keep_final_dot=False).lower() if words else ""


def document_scores(
    gold_countries: Sequence[set[str]] | None, focus: Sequence[set[str]] | None,
    mentioned: Sequence[set[str]] | None, gold_people: Sequence[set[str]],
    people: Sequence[set[str]] | None, listed: set[str],
    people_focus: Sequence[set[str]] | None = None,
) -> dict[str, dict[str, float]]:
    """The document-level measures of one extractor on Reuters stories.

    Args:
        gold_countries: ISO codes of each story's PLACES, or None when unavailable.
        focus: the extractor's focus countries per story, or None.
        mentioned: every country it mentions per story, or None.
        gold_people: surname keys of each story's PEOPLE codes.
        people: surname keys of the people it found per story, or None.
        listed: the surname keys of the whole PEOPLE list.
        people_focus: surname keys of the people a story is about, or None.

    Returns:
        ``score_sets`` results by measure: ``countries: focus``, ``countries:
        mentioned`` (read its recall: the share of gold countries mentioned at all),
        ``people (surnames)`` and ``people in the PEOPLE list`` (predictions outside
        the list left out), ``people in focus (PEOPLE list)``; a measure is absent
        when its inputs are None.
    """
    scores: dict[str, dict[str, float]] = {}
    if gold_countries is not None and focus is not None and mentioned is not None:
        scores["countries: focus"] = score_sets(gold_countries, focus)
        scores["countries: mentioned"] = score_sets(gold_countries, mentioned)
    if people is not None:
        scores["people (surnames)"] = score_sets(gold_people, people)
        scores["people in the PEOPLE list"] = score_sets(gold_people, restrict(people, listed))
    if people_focus is not None:
        scores["people in focus (PEOPLE list)"] = score_sets(gold_people, restrict(people_focus, listed))
    return scores


def reuters_texts(stories: pd.DataFrame) -> list[str]:
    """The texts of Reuters stories as on a page: title, blank line, dateline + body.

    Args:
        stories: rows of ``read_reuters`` with ``title``, ``dateline`` and ``body``.

    Returns:
        One text per story; the upper-case title is kept as written.
    """
    return [f"{title or ''}\n\n{dateline + ' ' if dateline else ''}{body or ''}"
            for title, dateline, body in zip(stories["title"], stories["dateline"],
                                             stories["body"])]


def reuters_sample(stories: pd.DataFrame, size: int | None) -> pd.DataFrame:
    """The stories with a body and a PLACES code, every k-th of them.

    Args:
        stories: the table of ``read_reuters``.
        size: at most this many stories (evenly spaced, deterministic); all when None.

    Returns:
        The chosen rows, in their order.

    Raises:
        ValueError: when ``size`` is smaller than 1.
    """
    if size is not None and size < 1:
        raise ValueError(f"size={size!r} is invalid; must be at least 1 or None")
    usable = stories[stories["body"].notna() & stories["places"].map(bool)]
    if size is None or size >= len(usable):
        return usable
    return usable.iloc[::len(usable) // size].iloc[:size]


def gpe_countries(mentions: pd.DataFrame, n_docs: int) -> list[set[str]]:
    """The raw model's countries per text: its GPE mentions that pycountry knows.

    Args:
        mentions: the ``raw_model_mentions`` table.
        n_docs: the number of texts.

    Returns:
        ISO alpha-3 codes per text.
    """
    gpe = mentions[mentions["label"] == "GPE"]
    return sets_per_doc(gpe.assign(code=gpe["text"].map(pycountry_code)), "code", n_docs)


def surnames_per_doc(people: pd.DataFrame, column: str, n_docs: int) -> list[set[str]]:
    """The surname keys (see ``surname``) of the people of each text.

    Args:
        people: rows with ``doc`` and ``column``, one per person mention (missing names
            are skipped).
        column: the column holding the name.
        n_docs: the number of texts.

    Returns:
        Surname keys per text.
    """
    keys = [surname(name) if isinstance(name, str) else "" for name in people[column]]
    return sets_per_doc(people.assign(key=keys), "key", n_docs)
