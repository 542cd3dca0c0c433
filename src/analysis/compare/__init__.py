"""What sets coverage apart: the words and names that distinguish groups of stories.

Groups are the outlets (each against all the others), the stories matching two or more
queries, or two or more periods (``story_groups``). ``distinctive_terms`` scores every word,
or every canonical entity (person, country, group), of each group against the other groups
together by the log-odds ratio with an informative Dirichlet prior, over its standard
deviation: "Fightin' Words" (Monroe, Colaresi and Quinn 2008, "Fightin' Words: Lexical Feature
Selection and Evaluation for Identifying the Content of Political Conflict", Political
Analysis 16(4), section 3.5.1, eq. 16, 20 and 22):

    delta = log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a0 - y_j - a_w))
    var   = 1 / (y_i + a_w) + 1 / (y_j + a_w)
    z     = delta / sqrt(var)

with ``y_i`` the term's count in the group, ``y_j`` in the other groups, ``n_i`` and ``n_j``
all terms' counts, ``a_w`` the term's prior count and ``a0`` the prior's total. ``z_scores``
and ``recompute_z`` compute z from those numbers, so every row of the table can be checked.

The prior is a corpus's term frequencies scaled to a total ``alpha0``; by default ``alpha0``
is that corpus's own count, so ``a_w`` is the term's count there. The corpus is, by default
(``prior="groups"``), the compared groups' stories pooled, as in the paper; ``prior="corpus"``
takes every story, in a group or not. The pooled groups are the default for a measured
reason: a prior whose frequencies lie outside the range of both groups' (the corpus's other
stories are about something else) pulls the smaller group further toward it and can turn a
difference around. Comparing RT's stories of 2016-2017 with its other years in a corpus that
also holds 599 undated Tehran Times articles, "iran" (6 uses in 2016-2017, 86 in the other
years, a lower rate) came out as distinctive of 2016-2017 with z = 6.3 under the corpus
prior. A pooled prior lies between the two groups' rates, so it shrinks the difference but
never reverses it. For every outlet against the others the two are the same.

What is counted:

- **Words**: word tokens of title and body, as in the paper. A word is a run of Unicode
  letters and digits, case-folded, with an apostrophe inside it kept ("don't"), a possessive
  dropped ("Iran's" is "iran") and initials kept whole ("u.s."): ``counts.tokenize``. Stop words are
  kept: the paper keeps them and lets the prior shrink them (a word common everywhere has a
  large prior count, hence a small z).
- **Entities**: the canonical names of ``article_entities`` of kinds person, country and
  group, each counted once per story naming it (``entity_count="articles"``, the default:
  one story that names Putin forty times does not outweigh forty stories), or by its mentions
  (``entity_count="mentions"``). A term is (kind, name).

Each story is counted once: a near-duplicate copy (``duplicate_of`` set) is left out, from
the groups and from the prior, unless ``count_copies`` is set (as in ``analysis.coverage.attention``).
The package is ``analysis.compare`` (``groups``: the groups; ``counts``: the counting;
``scores``: the method and ``distinctive_terms``); its main function is ``distinctive_terms``,
not ``compare``, so that no name shadows the package.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    **{name: "analysis.compare.scores" for name in (
        "COLUMNS", "KINDS", "distinctive_terms", "format_top", "log_odds", "recompute_z", "score_groups",
        "top_terms", "z_scores")},
    **{name: "analysis.compare.groups" for name in ("describe_groups", "parse_period", "story_groups")},
    **{name: "analysis.compare.counts" for name in (
        "ENTITY_COUNTS", "ENTITY_KINDS", "entity_counts", "tokenize", "word_counts")},
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis.compare' has no attribute {name!r}")
