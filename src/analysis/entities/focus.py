"""Focus countries: the countries a text is about, not every country it mentions.

Like Media Cloud's CLIFF, the focus comes from how often and where a country
is mentioned: a mention in the headline or the dateline weighs more than one
deep in the body. Mentions of places count for their country. The dateline
("PORTLAND, Ore., Feb 26 - ...", "TEHRAN – ...") is also read on its own (see
``analysis.entities.datelines``): its country weighs ``DATELINE_WEIGHT`` on top of
the mentions there (on Reuters-21578, counting it once gives focus F1 0.910, twice
0.920).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from spacy.language import Language

from analysis.entities.countries import lookup_country
from analysis.entities.datelines import body_start, read_dateline
from analysis.entities.extract import extract_entities
from analysis.entities.places import lookup_dateline_place, lookup_place

HEADLINE_WEIGHT = 3.0
"""Weight of a mention in the first line (the headline)."""
DATELINE_WEIGHT = 3.0
"""Weight of a mention in the dateline ("ABU DHABI, March 2 - ...", "TEHRAN – ...")."""
LEAD_WEIGHT = 2.0
"""Weight of a mention in the lead: the first ``LEAD_CHARACTERS`` after the headline."""
LEAD_CHARACTERS = 400
FOCUS_SHARE = 0.4
"""A country is in focus when its weight is at least this share of the top country's."""
PERSON_SHARE = 0.5
"""A person is in focus with at least this share of the weight of the text's most present person..."""
PERSON_MIN_WEIGHT = 3.0
"""...and at least this weight."""


def mention_weights(mentions: pd.DataFrame, texts: Sequence[str]) -> pd.Series:
    """Weigh each mention by where it stands in its text.

    Args:
        mentions: rows of ``extract_entities`` over ``texts``.
        texts: the texts.

    Returns:
        One weight per mention (1 in the body; more in the headline, dateline and lead).
    """
    starts = pd.Series([_body_start(texts[doc]) for doc in mentions["doc"]], index=mentions.index)
    datelines = pd.Series([_dateline_end(texts[doc]) for doc in mentions["doc"]], index=mentions.index)
    in_headline = mentions["start"] < starts
    in_dateline = ~in_headline & (mentions["start"] < datelines)
    in_lead = ~in_headline & ~in_dateline & (mentions["start"] < starts + LEAD_CHARACTERS)
    weights = pd.Series(1.0, index=mentions.index)
    weights[in_headline] = HEADLINE_WEIGHT
    weights[in_dateline] = DATELINE_WEIGHT
    weights[in_lead] = LEAD_WEIGHT
    return weights


def _body_start(text: str) -> int:
    return body_start(text)


def _dateline_end(text: str) -> int:
    dateline = read_dateline(text)
    return _body_start(text) if dateline is None else dateline.end


def dateline_country(text: str) -> str | None:
    """The country of a text's dateline, read from its place names (see ``datelines.read_dateline``).

    Args:
        text: headline, a line break, then the body ("TOKYO, Feb 27 - ...", "TEHRAN – ...").

    Returns:
        The ISO alpha-3 code of the last place of the dateline that resolves
        ("SAN JOSE, Calif." -> USA), or None when there is no dateline.
    """
    dateline = read_dateline(text)
    codes = [] if dateline is None else [_place_code(part.text) for part in dateline.places]
    return next((code for code in reversed(codes) if code), None)


def _place_code(name: str) -> str | None:
    match = lookup_country(name) or lookup_dateline_place(name) or lookup_place(name)
    return match.code if match is not None else None


def focus_from_mentions(mentions: pd.DataFrame, texts: Sequence[str]) -> list[set[str]]:
    """The focus countries of each text, from its mentions.

    Args:
        mentions: rows of ``extract_entities`` over ``texts``.
        texts: the texts.

    Returns:
        ISO alpha-3 codes per text.
    """
    located = mentions[mentions["country"].fillna("") != ""]
    weighted = located.assign(weight=mention_weights(located, texts))
    datelines = [(doc, code, DATELINE_WEIGHT) for doc, code in enumerate(map(dateline_country, texts)) if code]
    rows = [*zip(weighted["doc"], weighted["country"].astype(str), weighted["weight"]), *datelines]
    return _in_focus(rows, len(texts), share=FOCUS_SHARE, minimum=0.0)


def people_in_focus(mentions: pd.DataFrame, texts: Sequence[str]) -> list[set[str]]:
    """The people each text is about, from its mentions.

    A person is in focus with at least ``PERSON_MIN_WEIGHT`` (a headline
    mention, or a mention in the lead and one more, or three in the body) and
    at least ``PERSON_SHARE`` of the weight of the text's most present person.

    Args:
        mentions: rows of ``extract_entities`` over ``texts``.
        texts: the texts.

    Returns:
        Canonical names per text.
    """
    people = mentions[mentions["kind"].astype(str) == "person"]
    weights = mention_weights(people, texts)
    rows = list(zip(people["doc"], people["name"].astype(str), weights))
    return _in_focus(rows, len(texts), share=PERSON_SHARE, minimum=PERSON_MIN_WEIGHT)


def _in_focus(rows: list[tuple[int, str, float]], n_texts: int, *, share: float,
              minimum: float) -> list[set[str]]:
    """Per text, the keys whose summed weight reaches ``minimum`` and ``share`` of the top key's."""
    scores = pd.DataFrame(rows, columns=["doc", "key", "weight"]).groupby(["doc", "key"])["weight"].sum()
    focus: list[set[str]] = [set() for _ in range(n_texts)]
    for doc, by_key in scores.groupby(level="doc"):
        threshold = max(share * by_key.max(), minimum)
        focus[int(doc)] = {key for (_, key), score in by_key.items() if score >= threshold}
    return focus


def focus_countries(
    texts: Sequence[str], *, nlp: Language | None = None, batch_size: int = 64, n_process: int = 1,
) -> list[set[str]]:
    """The countries each text is about.

    Args:
        texts: the texts (headline, a line break, then the body).
        nlp: a pipeline from ``load_pipeline``; the default model when None.
        batch_size: texts per batch.
        n_process: processes running the pipeline.

    Returns:
        ISO alpha-3 codes per text (empty when it mentions no country).
    """
    texts = list(texts)
    mentions = extract_entities(texts, nlp=nlp, batch_size=batch_size, n_process=n_process)
    return focus_from_mentions(mentions, texts)
