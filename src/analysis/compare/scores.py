"""The log-odds ratio with an informative Dirichlet prior, and ``distinctive_terms``.

See ``analysis.compare`` for the method and what is counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.compare.counts import ENTITY_COUNTS, PIECE_ROWS, entity_counts, word_counts
from analysis.compare.groups import story_groups
from analysis.schemas import DISTINCTIVE_TERMS
from analysis.selection import Day
from analysis.store import read_table_pieces

COLUMNS = [column.name for column in DISTINCTIVE_TERMS]
"""Columns of ``distinctive_terms``'s table: the nine of the method, then ``kind``."""

KINDS = ("words", "entities", "both")
"""What ``distinctive_terms`` can score."""

PRIORS = ("groups", "corpus")
"""Where the prior's term frequencies come from: the compared groups pooled, or every story."""


def z_scores(count: object, count_other: object, total: object, total_other: object,
             prior: object, alpha0: object) -> np.ndarray:
    """The log-odds ratio with an informative Dirichlet prior, over its standard deviation.

    Monroe, Colaresi and Quinn (2008), eq. 16 (the log-odds ratio), 20 (its variance) and 22
    (z). Arguments are numbers or arrays of the same shape (the columns of the same name).

    Args:
        count: the term's count in the group (y_i).
        count_other: its count in the other groups (y_j).
        total: all terms' counts in the group (n_i).
        total_other: all terms' counts in the other groups (n_j).
        prior: the term's prior count (a_w), above 0.
        alpha0: the prior's total (a0), above ``prior``.

    Returns:
        z, element by element (float64).
    """
    y_i, y_j, n_i, n_j, a_w, a0 = (np.asarray(value, dtype="float64")
                                   for value in (count, count_other, total, total_other, prior, alpha0))
    delta = np.log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - np.log((y_j + a_w) / (n_j + a0 - y_j - a_w))
    variance = 1 / (y_i + a_w) + 1 / (y_j + a_w)
    return delta / np.sqrt(variance)


def recompute_z(rows: pd.DataFrame | pd.Series) -> pd.Series | float:
    """z recomputed from a table's own columns, to check it (``z_scores`` on them).

    Args:
        rows: rows of ``distinctive_terms`` (a frame), or one row (a Series).

    Returns:
        z per row (a Series with the frame's index), or one number for one row.
    """
    z = z_scores(*(rows[name] for name in ("count", "count_other", "total", "total_other", "prior", "alpha0")))
    return pd.Series(z, index=rows.index, name="z") if isinstance(rows, pd.DataFrame) else float(z)


def log_odds(groups: pd.DataFrame, corpus: pd.Series | None = None, *, alpha0: float | None = None,
             min_count: int = 1) -> pd.DataFrame:
    """Score each term of each group against the other groups together.

    Args:
        groups: term counts, one row per term (index: ``(kind, term)``), one column per
            group (at least two).
        corpus: each term's count in the text the prior is drawn from (same index; at
            least the groups' sum); the groups pooled when None.
        alpha0: the prior's total; ``corpus``'s total when None (the prior is then
            ``corpus``'s counts themselves).
        min_count: terms counted fewer times than this in the groups together are left
            out of the table (they still count in the totals).

    Returns:
        ``DISTINCTIVE_TERMS`` columns, one row per group and term counted at least
        ``min_count`` times in the groups; by group (in column order), then z from the
        highest, then term.

    Raises:
        ValueError: for fewer than two groups, an ``alpha0`` not above 0, a ``min_count``
            below 1, or a corpus count below the groups' count.
    """
    if groups.shape[1] < 2:
        raise ValueError(f"a comparison needs at least two groups; got {list(groups.columns)}")
    if alpha0 is not None and not alpha0 > 0:
        raise ValueError(f"alpha0={alpha0!r} is invalid; must be above 0 (or None: the prior's own count)")
    if min_count < 1:
        raise ValueError(f"min_count={min_count!r} is invalid; must be at least 1")
    everything = groups.sum(axis=1)
    corpus = everything if corpus is None else corpus
    in_corpus = corpus.reindex(groups.index, fill_value=0)
    if (in_corpus < everything).any():
        raise ValueError("the corpus's counts must include the groups' counts")
    alpha0 = float(corpus.sum()) if alpha0 is None else float(alpha0)
    totals = groups.sum(axis=0)
    keep = (everything >= min_count).to_numpy()
    kept, kept_everything = groups[keep], everything.to_numpy()[keep]
    prior = alpha0 * in_corpus.to_numpy()[keep] / corpus.sum()
    frames = []
    for name in kept.columns:
        count = kept[name].to_numpy()
        frames.append(pd.DataFrame({
            "term": kept.index.get_level_values(1), "group": name, "count": count,
            "count_other": kept_everything - count, "total": totals[name],
            "total_other": totals.sum() - totals[name], "prior": prior, "alpha0": alpha0,
            "kind": kept.index.get_level_values(0)}))
    table = pd.concat(frames, ignore_index=True)
    table["z"] = recompute_z(table)
    order = pd.Categorical(table["group"], categories=list(kept.columns), ordered=True)
    table = table.assign(order=order).sort_values(["order", "z", "term"], ascending=[True, False, True],
                                                  kind="stable")
    return _typed(table[COLUMNS])


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    return table.astype({column.name: column.dtype for column in DISTINCTIVE_TERMS}).reset_index(drop=True)


def distinctive_terms(processed_dir: str | Path | None = None, *, outlets: Iterable[str] | None = None,
                      queries: Iterable[str] | None = None, periods: Iterable[str] | None = None,
                      kind: str = "words", prior: str = "groups", alpha0: float | None = None,
                      min_count: int = 1, entity_count: str = "articles", count_copies: bool = False,
                      start: Day = None, end: Day = None) -> pd.DataFrame:
    """The words, or canonical entities, that set each group of stories apart from the others.

    ``story_groups`` makes the groups (by outlet unless ``queries`` or ``periods`` is
    given); ``score_groups`` scores them (see the module docstring for the method).

    Args:
        processed_dir: the processed folder; the configured one when None.
        outlets: outlets to compare; every outlet when None.
        queries: search queries to compare (stories matching more than one are left out).
        periods: periods ``START:END`` to compare (``parse_period``).
        kind: ``"words"``, ``"entities"`` (people, countries, groups) or ``"both"``.
        prior: where the prior's term frequencies come from: ``"groups"``, the compared
            groups' stories pooled (the paper's choice); ``"corpus"``, every story.
        alpha0: the prior's total; when None, the count of the text it comes from (so that
            each term's prior is its pooled count there).
        min_count: the fewest times a term must occur in the groups to be listed.
        entity_count: ``"articles"`` (stories naming the entity) or ``"mentions"``.
        count_copies: count near-duplicate copies as stories of their own.
        start, end: the window (days, inclusive): only the dated stories inside it are
            compared; with neither, every story, undated ones included (``story_groups``).

    Returns:
        ``DISTINCTIVE_TERMS``: one row per group and term; words first, then entities;
        within each, by group, then z from the highest. ``recompute_z`` gives each row's z
        back from its columns.

    Raises:
        ValueError: for a bad ``kind``, ``prior``, ``entity_count``, ``alpha0`` or ``min_count``, and as
            ``story_groups``.
        FileNotFoundError: when a table needed is missing (``article_entities`` for entities).
    """
    _check_options(kind, prior, entity_count)
    groups = story_groups(processed_dir, outlets=outlets, queries=queries, periods=periods, count_copies=count_copies,
                          start=start, end=end)
    return score_groups(groups, processed_dir, kind=kind, prior=prior, alpha0=alpha0, min_count=min_count,
                        entity_count=entity_count)


def _check_options(kind: str, prior: str, entity_count: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r} is invalid; must be one of {list(KINDS)}")
    if prior not in PRIORS:
        raise ValueError(f"prior={prior!r} is invalid; must be one of {list(PRIORS)}")
    if entity_count not in ENTITY_COUNTS:
        raise ValueError(f"entity_count={entity_count!r} is invalid; must be one of {list(ENTITY_COUNTS)}")


def score_groups(groups: pd.DataFrame, processed_dir: str | Path | None = None, *, kind: str = "words",
                 prior: str = "groups", alpha0: float | None = None, min_count: int = 1,
                 entity_count: str = "articles") -> pd.DataFrame:
    """Count and score the terms of groups of stories (``distinctive_terms`` after ``story_groups``).

    Args:
        groups: ``story_groups``'s table.
        processed_dir: the processed folder; the configured one when None.
        kind, prior, alpha0, min_count, entity_count: as ``distinctive_terms``.

    Returns:
        As ``distinctive_terms``.

    Raises:
        ValueError: for a bad option.
        FileNotFoundError: when a table needed is missing.
    """
    _check_options(kind, prior, entity_count)
    processed_dir = Path(processed_dir or config.PROCESSED_DIR)
    if prior == "groups":  # the stories in no group are not read at all
        groups = groups[groups["group"].notna()]
    tables = []
    if kind in ("words", "both"):
        pieces = read_table_pieces("articles", processed_dir, columns=["article_id", "title", "body"], rows=PIECE_ROWS)
        tables.append(log_odds(*word_counts(pieces, groups), alpha0=alpha0, min_count=min_count))
    if kind in ("entities", "both"):
        pieces = read_table_pieces("article_entities", processed_dir, columns=["article_id", "kind", "name", "n_mentions"],
                                   rows=50 * PIECE_ROWS)
        tables.append(log_odds(*entity_counts(pieces, groups, count=entity_count), alpha0=alpha0, min_count=min_count))
    return pd.concat(tables, ignore_index=True)


def top_terms(table: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """The ``n`` most distinctive words and entities of each group (z above 0, highest first).

    Args:
        table: ``distinctive_terms``' table.
        n: terms kept per group and per kind of term (words; entities).

    Returns:
        The table's rows kept, in its order.
    """
    positive = table[table["z"] > 0]
    block = positive["kind"].eq("word").map({True: "words", False: "entities"})
    return positive.groupby([block, positive["group"]], sort=False, group_keys=False).head(n)


def format_top(table: pd.DataFrame, *, n: int = 15) -> str:
    """The most distinctive terms of each group as text: words, then entities, side by side.

    Args:
        table: ``distinctive_terms``' table.
        n: terms shown per group and per kind of term.

    Returns:
        Per group, a heading (``rt.com vs the others``) and a table of the top words and
        the top entities with z, the count in the group and in the others.
    """
    top = top_terms(table, n=n)
    groups = list(dict.fromkeys(table["group"]))
    blocks = []
    for group in groups:
        rows = top[top["group"] == group]
        parts = []
        for is_word, label in ((True, "word"), (False, "entity")):
            part = rows[rows["kind"].eq("word") == is_word]
            if part.empty:
                continue
            term = part["term"].map(lambda text: text if len(text) <= 40 else text[:39] + "\u2026")
            term = term if is_word else term + " (" + part["kind"] + ")"
            parts.append(pd.DataFrame({label: term.to_numpy(), "z": part["z"].round(1).to_numpy(),
                                       "count": part["count"].to_numpy(), "others": part["count_other"].to_numpy()}))
        others = [other for other in groups if other != group]
        heading = f"{group} vs {others[0] if len(others) == 1 else 'the others'}"
        body = pd.concat(parts, axis=1).fillna("").to_string(index=False) if parts else "(no term above z = 0)"
        blocks.append(f"{heading}\n{body}")
    return "\n\n".join(blocks)
