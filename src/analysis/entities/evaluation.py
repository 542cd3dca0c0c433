"""Scoring entity extraction against gold: spans, document-level sets, label mappings.

A span is a row ``(doc, start, end, label)``: ``doc`` identifies the text,
``start``/``end`` are character offsets. ``score_spans`` matches spans exactly or
by overlap; ``score_sets`` scores per-document sets (countries, people). The
mappings translate spaCy's labels (and the project's, which use the same scheme
after corrections) into the labels of CoNLL-2003 and re3d.

Everything here is pure except ``load_raw_model`` and ``raw_model_mentions``,
which load and run the spaCy model the project's figures are compared with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import pandas as pd
import pycountry
import spacy
from spacy.language import Language
from spacy.tokens import Doc

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
MATCHES = ("exact", "overlap")
MICRO = "micro"
SCORE_COLUMNS = ["label", "tp", "fp", "fn", "precision", "recall", "f1"]
"""Columns of ``score_spans``'s table."""
MENTION_COLUMNS = ["doc", "start", "end", "text", "label"]
"""Columns of ``raw_model_mentions``'s table."""

Span = tuple[int, int]


def map_labels(spans: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Translate the ``label`` column, dropping spans whose label has no translation.

    Args:
        spans: rows with a ``label`` column.
        mapping: old label to new label.

    Returns:
        A new table with the mapped rows only, ``label`` translated.
    """
    kept = spans[spans["label"].isin(list(mapping))]
    return kept.assign(label=kept["label"].map(mapping).astype("object"))


def score_spans(
    gold: pd.DataFrame, predicted: pd.DataFrame, *, match: str = "exact",
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Precision, recall and F1 of predicted spans against gold, per label and micro-averaged.

    Exact: same ``doc``, ``start``, ``end`` and ``label`` (repeated spans count as
    many times as they occur on both sides). Overlap: same ``doc`` and ``label`` and
    intersecting character ranges; each gold span and each predicted span is used
    in at most one match, and the number of matches is the largest possible.

    Args:
        gold: rows with ``doc``, ``start``, ``end``, ``label``.
        predicted: the same columns.
        match: ``"exact"`` or ``"overlap"``.
        labels: the labels scored, in this order; spans with other labels are left
            out of every row, the micro row included. Default: every label present.

    Returns:
        One row per label then a ``"micro"`` row, columns ``SCORE_COLUMNS``: ``tp``,
        ``fp``, ``fn`` (int) and ``precision``, ``recall``, ``f1`` (float; 0 when the
        denominator is 0).

    Raises:
        ValueError: when ``match`` is invalid.
    """
    if match not in MATCHES:
        raise ValueError(f"match={match!r} is invalid; must be one of {list(MATCHES)}")
    if labels is None:
        labels = sorted(set(gold["label"]) | set(predicted["label"]))
    rows = []
    for label in labels:
        gold_spans = _by_doc(gold[gold["label"] == label])
        predicted_spans = _by_doc(predicted[predicted["label"] == label])
        tp = sum(_matches(gold_spans.get(doc, []), spans, match)
                 for doc, spans in predicted_spans.items())
        n_gold = sum(map(len, gold_spans.values()))
        n_predicted = sum(map(len, predicted_spans.values()))
        rows.append((label, tp, n_predicted - tp, n_gold - tp))
    totals = [sum(row[i] for row in rows) for i in (1, 2, 3)]
    return pd.DataFrame([_scored(*row) for row in [*rows, (MICRO, *totals)]],
                        columns=SCORE_COLUMNS)


def _by_doc(spans: pd.DataFrame) -> dict[object, list[Span]]:
    grouped: dict[object, list[Span]] = {}
    for doc, start, end in zip(spans["doc"], spans["start"], spans["end"]):
        grouped.setdefault(doc, []).append((int(start), int(end)))
    return grouped


def _matches(gold: list[Span], predicted: list[Span], match: str) -> int:
    if match == "exact":
        return sum((Counter(gold) & Counter(predicted)).values())
    return overlap_matches(gold, predicted)


def overlap_matches(gold: Sequence[Span], predicted: Sequence[Span]) -> int:
    """The largest number of one-to-one pairs of intersecting ranges.

    Predicted ranges are taken by increasing end; each takes, among the unmatched
    gold ranges it intersects, the one that ends first (the one least useful to
    the ranges still to come), which gives a maximum matching of the two sets.

    Args:
        gold: ``(start, end)`` ranges, end exclusive.
        predicted: the same.

    Returns:
        The number of matched pairs.
    """
    free = sorted(gold, key=lambda span: (span[1], span[0]))
    matched = 0
    for start, end in sorted(predicted, key=lambda span: (span[1], span[0])):
        hit = next((i for i, (g_start, g_end) in enumerate(free)
                    if g_start < end and start < g_end), None)
        if hit is not None:
            del free[hit]
            matched += 1
    return matched


def _scored(label: str, tp: int, fp: int, fn: int) -> tuple:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return (label, tp, fp, fn, precision, recall, f1)


def score_sets(gold: Sequence[set], predicted: Sequence[set]) -> dict[str, float]:
    """Micro-averaged precision, recall and F1 of per-document sets.

    Args:
        gold: one set per document.
        predicted: one set per document, same order.

    Returns:
        ``tp``, ``fp``, ``fn`` (summed over documents), ``precision``, ``recall`` and
        ``f1`` (0 when the denominator is 0), and ``documents`` (how many).

    Raises:
        ValueError: when the two lists differ in length.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} documents but predicted has {len(predicted)}")
    tp = sum(len(g & p) for g, p in zip(gold, predicted))
    fp = sum(len(p - g) for g, p in zip(gold, predicted))
    fn = sum(len(g - p) for g, p in zip(gold, predicted))
    _, tp, fp, fn, precision, recall, f1 = _scored("", tp, fp, fn)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall,
            "f1": f1, "documents": len(gold)}


def sets_per_doc(values: pd.DataFrame, column: str, n_docs: int) -> list[set[str]]:
    """Gather a column's non-empty values into one set per document.

    Args:
        values: rows with ``doc`` (int index) and ``column``.
        column: the column gathered.
        n_docs: the number of documents.

    Returns:
        ``n_docs`` sets (empty for documents without values).
    """
    sets: list[set[str]] = [set() for _ in range(n_docs)]
    for doc, value in zip(values["doc"], values[column]):
        if isinstance(value, str) and value:
            sets[int(doc)].add(value)
    return sets


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

    The last word after splitting on spaces and hyphens, lower case, without a
    possessive: "James Baker" and the code ``james-baker`` both give ``baker``,
    "Robin Leigh-Pemberton" and ``leigh-pemberton`` give ``pemberton``.

    Args:
        name: a name as written, or a PEOPLE code.

    Returns:
        The key, or "" for an empty name.
    """
    words = name.replace("-", " ").replace("’", "'").split()
    return words[-1].lower().removesuffix("'s").strip(".,'") if words else ""


def restrict(sets: Sequence[set[str]], vocabulary: set[str]) -> list[set[str]]:
    """Keep, in each set, only the values of a closed vocabulary.

    Reuters coders tag PEOPLE from a closed list, so a person outside it is no error
    of the extractor; restricting predictions to the list scores what can be scored.

    Args:
        sets: one set per document.
        vocabulary: the values kept.

    Returns:
        New sets, same order.
    """
    return [values & vocabulary for values in sets]


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


def side_by_side(
    raw: pd.DataFrame, project: pd.DataFrame, *, key: str = "label",
    values: Sequence[str] = ("precision", "recall", "f1"),
) -> pd.DataFrame:
    """Put the raw model's figures beside the project's, with the difference of the last.

    Args:
        raw: a table with columns ``key`` and ``values`` (e.g. from ``score_spans``).
        project: the same for the project.
        key: the column naming the rows; the rows are those of ``raw``, in its order.
        values: the figures compared.

    Returns:
        Columns ``key``, ``raw_<value>`` for each value, ``project_<value>`` for each
        value, and ``difference`` (project - raw of the last value).
    """
    left = raw[[key, *values]].rename(columns={v: f"raw_{v}" for v in values})
    right = project[[key, *values]].rename(columns={v: f"project_{v}" for v in values})
    table = left.merge(right, on=key, how="left", validate="1:1")
    return table.assign(difference=table[f"project_{values[-1]}"] - table[f"raw_{values[-1]}"])


def span_report(
    gold: pd.DataFrame, predicted: pd.DataFrame, *, match: str, labels: Sequence[str],
    extra_labels: Sequence[str] = (),
) -> pd.DataFrame:
    """``score_spans`` over ``labels`` (micro row included), then rows for ``extra_labels``.

    Extra labels are shown but stay out of the micro-average, e.g. CoNLL's MISC.

    Args:
        gold: gold spans.
        predicted: predicted spans, labels already mapped.
        match: ``"exact"`` or ``"overlap"``.
        labels: the labels of the micro-average.
        extra_labels: labels shown after the micro row, named ``"<label> (not in micro)"``.

    Returns:
        The ``score_spans`` table of ``labels``, then one row per extra label.
    """
    table = score_spans(gold, predicted, match=match, labels=labels)
    if not extra_labels:
        return table
    extra = score_spans(gold, predicted, match=match, labels=extra_labels)
    extra = extra[extra["label"] != MICRO]
    return pd.concat([table, extra.assign(label=extra["label"] + " (not in micro)")],
                     ignore_index=True)


def set_report(scores: dict[str, dict[str, float]]) -> pd.DataFrame:
    """Gather named ``score_sets`` results into a table.

    Args:
        scores: measure name to the dict of ``score_sets``.

    Returns:
        One row per measure: ``measure`` then ``SCORE_COLUMNS`` without ``label``.
    """
    return pd.DataFrame([{"measure": name, **{k: s[k] for k in SCORE_COLUMNS[1:]}}
                         for name, s in scores.items()])


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
