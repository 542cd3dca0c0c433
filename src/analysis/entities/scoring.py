"""Scoring extracted spans and per-document sets against gold.

A span is a row ``(doc, start, end, label)``: ``doc`` identifies the text,
``start``/``end`` are character offsets. ``score_spans`` matches spans exactly or
by overlap; ``score_sets`` scores per-document sets (countries, people);
``span_report``, ``set_report`` and ``side_by_side`` lay the figures out. Pure
functions over pandas frames, for any extractor and any gold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd

MATCHES = ("exact", "overlap")
MICRO = "micro"
SCORE_COLUMNS = ["label", "tp", "fp", "fn", "precision", "recall", "f1"]
"""Columns of ``score_spans``'s table."""
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
