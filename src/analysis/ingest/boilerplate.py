"""Site boilerplate learned from the corpus, per outlet, and removed from bodies.

Footers, licence lines, share prompts, cookie notices and editor codes are the
sentences that recur at the edges of many articles of one outlet. The method:

1. **Segments.** A body is cut into segments: its lines, and the sentences of each
   line (a cut after ``.``, ``!`` or ``?``, with any closing quote or bracket, before
   white space). A segment's *key* is a hash of its text in lower case, with quotes
   and dashes folded and white space collapsed.
2. **Learning.** A segment is boilerplate for an outlet when it occurs in at least
   ``max(MIN_ARTICLES, MIN_SHARE × n)`` of the outlet's ``n`` articles (each article
   counted once). Text found in fewer than ``MIN_ARTICLES`` articles is never learned,
   so text that occurs once is never removed.
3. **Removal.** Learned segments are removed where boilerplate sits: in the run of
   boilerplate segments that starts or ends the body, and in a paragraph made only of
   boilerplate. The same sentence inside running text stays (a quote repeated by
   several stories is not a footer).
4. **The analyst's rules** (``read_rules``): a CSV with columns ``action`` (``remove``
   or ``keep``), ``outlet`` (empty for every outlet) and ``pattern`` (a segment's text;
   ``*`` matches any text, case is ignored). ``remove`` takes a matching segment out
   anywhere in the body; ``keep`` vetoes learning it.

This is the "repeated segments" idea of boilerplate detection at the level of a site
(see Kohlschütter et al., *Boilerplate detection using shallow text features*, WSDM
2010, on boilerplate as text repeated across a site's pages), kept to sentences so
that RT's one-line bodies, whose footer shares the last line with the story, are
handled too.
"""

from __future__ import annotations

import csv
import fnmatch
import hashlib
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.schemas import STRING
from analysis.text_rules import APOSTROPHES, DASHES

MIN_ARTICLES = 10
"""A segment must occur in at least this many articles of an outlet to be learned."""

MIN_SHARE = 0.01
"""... and in at least this share of the outlet's articles."""

RULE_COLUMNS = ("action", "outlet", "pattern")
"""The columns of the analyst's boilerplate rules file."""

ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Col", "Lt", "Sgt", "Capt",
                 "Gov", "Sen", "Rep", "Rev", "No", "vs", "etc", "Inc", "Co", "Corp", "Ltd", "Jan", "Feb",
                 "Aug", "Sept", "Oct", "Nov", "Dec")
"""Words whose full stop does not end a sentence (nor does an initial's, as in "U.S." or "J.")."""

EDITOR_CODE = re.compile(r"[A-Z]{1,5}(?:\s?/\s?[A-Z]{1,5})+(?:\s+\d{1,4})?")
"""An editor's code such as ``MQ/MG`` or ``S/SH 11`` (as ``analysis.ingest.page.SIGNATURE``)."""

MIN_WORDS = 3
"""Segments of fewer words are never learned: fragments ("sanctions.") and table headings ("Nine
mths") recur by chance."""

_EDITOR_CODE = re.compile(rf"({EDITOR_CODE.pattern})(?:\s+(?=\S)|\s*$)")
_SENTENCE_END = re.compile(
    r"(?=[.!?])(?<![\s.(][A-Z])(?<!^[A-Z])" + "".join(rf"(?<!\b{word})" for word in ABBREVIATIONS)
    + r"(?P<end>[.!?]+[\"”’'»)\]]*)\s+(?=\S)")
_FOLDS = tuple((character, '"') for character in "“”«»„") + tuple(
    (character, APOSTROPHES[0]) for character in APOSTROPHES[1:]) + tuple(
    (character, DASHES[0]) for character in DASHES[1:])


def segment_spans(line: str) -> list[tuple[int, int]]:
    """Cut one line into sentences, and an editor code (``MQ/MG``) off a sentence it starts
    (after another sentence of the line, or before a capital: "US/UK talks" is not cut).

    A full stop after an initial or a common abbreviation ("U.S.", "J. William", "Mr.")
    does not end a sentence.

    Args:
        line: a line of a body (no newline).

    Returns:
        (start, end) character offsets of each non-blank segment, white space excluded.
    """
    starts = [0]
    ends = []
    for match in _SENTENCE_END.finditer(line):
        ends.append(match.end("end"))
        starts.append(match.end())
    ends.append(len(line.rstrip()))
    spans = []
    for start, end in zip(starts, ends):
        code = _EDITOR_CODE.match(line, start, end) if start > 0 or "/" in line[start:end] else None
        if code is not None and (start > 0 or code.end() == end or line[code.end()].isupper()):
            spans.append((start, code.end(1)))
            start = code.end()
        if start == 0:
            start = len(line) - len(line.lstrip())
        if end > start:
            spans.append((start, end))
    return spans


def fold_characters(text: str) -> str:
    """Fold quotes, apostrophes and dashes to their ASCII forms, one character for one (so
    offsets are kept). Digits are kept: earnings tables ("Revs 31.5 mln vs 22.9 mln") would
    otherwise look like a repeated line.

    Args:
        text: any text.

    Returns:
        The folded text, as long as ``text``.
    """
    for character, replacement in _FOLDS:  # str.replace per character is ~50 times faster than translate
        if character in text:
            text = text.replace(character, replacement)
    return text


def normalise_segment(text: str, *, folded: bool = False) -> str:
    """The form of a segment that keys compare: quotes and dashes folded (``fold_characters``),
    lower case, white space collapsed.

    Args:
        text: a segment.
        folded: whether ``fold_characters`` was already applied.

    Returns:
        Its normal form.
    """
    return " ".join((text if folded else fold_characters(text)).lower().split())


def segment_key(text: str, *, folded: bool = False) -> int:
    """A 64-bit key of a segment's normal form.

    Args:
        text: a segment.
        folded: whether ``fold_characters`` was already applied.

    Returns:
        A signed 64-bit integer (it fits an ``int64`` column).
    """
    digest = hashlib.blake2b(normalise_segment(text, folded=folded).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


@dataclass(frozen=True)
class Segment:
    """One segment of a body: its paragraph, line, span in the line, text, folded text and key."""

    paragraph: int
    line: int
    start: int
    end: int
    text: str
    folded: str
    key: int


def body_segments(body: str) -> list[Segment]:
    """Cut a body into its segments, in order.

    Args:
        body: paragraphs separated by a blank line.

    Returns:
        The segments; blank lines give none.
    """
    segments = []
    folded_paragraphs = fold_characters(body).split("\n\n")
    for number, paragraph in enumerate(body.split("\n\n")):
        folded_lines = folded_paragraphs[number].split("\n")
        for line_number, line in enumerate(paragraph.split("\n")):
            folded = folded_lines[line_number]
            for start, end in segment_spans(line):
                piece = folded[start:end]
                segments.append(Segment(number, line_number, start, end, line[start:end], piece,
                                        segment_key(piece, folded=True)))
    return segments


def segment_keys(pages: pd.DataFrame) -> pd.DataFrame:
    """The distinct segment keys of each article (what learning counts).

    Args:
        pages: ``article_id`` and ``body`` of each article.

    Returns:
        Columns ``article_id`` (string), ``key`` (int64) and ``n_words`` (int64, the segment's
        words), one row per distinct key per article; segments of fewer than ``MIN_WORDS``
        words are left out.
    """
    ids, keys, lengths = [], [], []
    for identity, body in zip(pages["article_id"], pages["body"].fillna("")):
        found = {segment.key: len(segment.text.split()) for segment in body_segments(body)}
        found = {key: words for key, words in found.items() if words >= MIN_WORDS}
        ids.extend([identity] * len(found))
        keys.extend(found)
        lengths.extend(found.values())
    return pd.DataFrame({"article_id": pd.array(ids, dtype=STRING), "key": np.array(keys, dtype="int64"),
                         "n_words": np.array(lengths, dtype="int64")})


@dataclass(frozen=True)
class Rule:
    """One line of the analyst's rules: ``remove`` or ``keep`` segments matching ``pattern``."""

    action: str
    outlet: str | None
    pattern: str

    def matches(self, outlet: str, text: str) -> bool:
        """Whether the rule applies to this outlet and this segment's text."""
        if self.outlet is not None and self.outlet != outlet:
            return False
        return fnmatch.fnmatchcase(normalise_segment(text), normalise_segment(self.pattern))


class RulesError(ValueError):
    """The rules file cannot be read; the message names the file, the line and what was expected."""


def read_rules(path: Path) -> tuple[Rule, ...]:
    """Read the analyst's boilerplate rules.

    Args:
        path: a CSV file with the header ``action,outlet,pattern`` (UTF-8 or a legacy
            encoding, as pages are decoded).

    Returns:
        The rules, in file order.

    Raises:
        RulesError: naming the file and line of the first bad row.
    """
    from analysis.ingest.decode import NotText, decode_page

    try:
        text = decode_page(path.read_bytes()).text
    except (OSError, NotText) as error:
        raise RulesError(f"{path}: cannot be read as a boilerplate rules file: {error}") from None
    reader = csv.DictReader(io.StringIO(text))
    if tuple(name.strip() for name in reader.fieldnames or ()) != RULE_COLUMNS:
        raise RulesError(f"{path}: line 1: expected the header {','.join(RULE_COLUMNS)}, "
                         f"found {','.join(reader.fieldnames or [])!r}")
    rules = []
    for row in reader:
        action, outlet, pattern = ((row.get(name) or "").strip() for name in RULE_COLUMNS)
        if action not in ("remove", "keep") or not pattern:
            raise RulesError(f"{path}: line {reader.line_num}: expected action remove or keep and a "
                             f"pattern, found {action!r}, {pattern!r}")
        rules.append(Rule(action, outlet or None, pattern))
    return tuple(rules)


@dataclass(frozen=True)
class Boilerplate:
    """What is removed from the bodies of each outlet.

    Attributes:
        learned: outlet to the keys of its learned segments (vetoed ones left out).
        rules: the analyst's rules.
        n_articles: outlet to (key to the number of its articles holding the segment).
        lengths: outlet to the word counts of its learned segments (where to look for one
            glued to the end of a sentence).
    """

    learned: Mapping[str, frozenset[int]] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    n_articles: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    lengths: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    def is_removed(self, outlet: str, segment: Segment) -> str | None:
        """Why a segment goes (``"learned"`` or ``"rule"``), or None when it stays wherever it is."""
        for rule in self.rules:
            if rule.matches(outlet, segment.text):
                return "rule" if rule.action == "remove" else None
        return "learned" if segment.key in self.learned.get(outlet, frozenset()) else None


def learn(keys: pd.DataFrame, outlets: pd.Series, *, rules: Iterable[Rule] = (),
          min_articles: int = MIN_ARTICLES, min_share: float = MIN_SHARE) -> Boilerplate:
    """Learn each outlet's boilerplate from the segment keys of its articles.

    Args:
        keys: ``article_id`` and ``key`` (``segment_keys``) of the articles counted.
        outlets: the outlet of each article, indexed by ``article_id``.
        rules: the analyst's rules (``keep`` rules veto learned segments when applied).
        min_articles: see ``MIN_ARTICLES``.
        min_share: see ``MIN_SHARE``.

    Returns:
        The learned segments per outlet, with their article counts.
    """
    sizes = outlets.value_counts()
    counted = keys.assign(outlet=keys["article_id"].map(outlets)).dropna(subset=["outlet"])
    counts = counted.groupby(["outlet", "key"], sort=False, observed=True).size().rename("n").reset_index()
    thresholds = {outlet: max(min_articles, math.ceil(min_share * size)) for outlet, size in sizes.items()}
    needed = counts["outlet"].map(thresholds).to_numpy(dtype="int64", na_value=0)
    frequent = counts[counts["n"].to_numpy() >= needed]
    learned = {str(outlet): frozenset(group["key"].tolist()) for outlet, group in frequent.groupby("outlet")}
    n_articles = {str(outlet): dict(zip(group["key"], group["n"])) for outlet, group in frequent.groupby("outlet")}
    words = counted.drop_duplicates(["outlet", "key"]).merge(frequent[["outlet", "key"]], on=["outlet", "key"])
    lengths = {str(outlet): tuple(sorted(set(group["n_words"].tolist())))
               for outlet, group in words.groupby("outlet")}
    return Boilerplate(learned, tuple(rules), n_articles, lengths)


@dataclass
class Removed:
    """What removal took out: (outlet, key) to [text as first seen, reason, articles], and the
    number of articles cleaned."""

    seen: dict[tuple[str, int], list] = field(default_factory=dict)

    def add(self, outlet: str, segment: Segment, reason: str) -> None:
        """Count one article's removal of a segment."""
        entry = self.seen.setdefault((outlet, segment.key), [segment.text, reason, 0])
        entry[2] += 1

    n_cleaned: int = 0
    """Articles something was removed from."""

    def table(self, boilerplate: Boilerplate) -> pd.DataFrame:
        """The ``boilerplate`` table: one row per removed segment per outlet, most frequent first."""
        rows = [(outlet, text, reason, count, max(count, boilerplate.n_articles.get(outlet, {}).get(key, 0)))
                for (outlet, key), (text, reason, count) in self.seen.items()]
        frame = pd.DataFrame(rows, columns=["outlet", "text", "reason", "n_removed", "n_articles"])
        return frame.sort_values(["outlet", "n_removed", "text"], ascending=[True, False, True],
                                 kind="stable", ignore_index=True)


@dataclass(frozen=True)
class Cleaned:
    """A body without its boilerplate, and the editor code found at its end (or None)."""

    body: str
    signature: str | None


def clean_body(body: str, outlet: str, boilerplate: Boilerplate, removed: Removed | None = None) -> Cleaned:
    """Remove an outlet's boilerplate from a body, and the editor code it leaves at the end.

    Args:
        body: paragraphs separated by a blank line.
        outlet: the article's outlet.
        boilerplate: what to remove (``learn``).
        removed: where to count what was removed, or None.

    Returns:
        The body without the boilerplate at its edges (a learned segment glued to the end of
        the last sentence, or the start of the first, is cut off it too), in whole paragraphs
        of boilerplate, or matching a ``remove`` rule; paragraphs left empty are dropped;
        untouched lines are unchanged. An editor code (``EDITOR_CODE``) that then ends the
        body is taken off it and returned as the signature.
    """
    if not body or (not boilerplate.rules and outlet not in boilerplate.learned):
        return Cleaned(body, None)
    segments = body_segments(body)
    reasons = [boilerplate.is_removed(outlet, segment) for segment in segments]
    gone = _removed_positions(segments, reasons)
    segments, glued = _cut_glued_edges(segments, gone, boilerplate.learned.get(outlet, frozenset()),
                                       boilerplate.lengths.get(outlet, ()))
    signature = None
    kept = [position for position in range(len(segments)) if position not in gone]
    if kept and EDITOR_CODE.fullmatch(segments[kept[-1]].text):
        signature = segments[kept[-1]].text
        gone.add(kept[-1])
    if not gone and not glued:
        return Cleaned(body, None)
    if removed is not None:
        removed.n_cleaned += 1
        for position in sorted(gone):
            if reasons[position] is not None:
                removed.add(outlet, segments[position], reasons[position])
        for piece in glued.values():
            removed.add(outlet, piece, "learned")
    return Cleaned(_rebuild(body, segments, gone, set(glued)), signature)


def _cut_glued_edges(segments: list[Segment], gone: set[int], learned: frozenset[int],
                     lengths: tuple[int, ...]) -> tuple[list[Segment], dict[int, Segment]]:
    """Cut a learned segment off the end of the last kept segment and the start of the first.

    Only pieces as long (in words) as a learned segment are tried.

    Returns:
        The segments (those cut shortened) and, by position, the pieces cut off.
    """
    kept = [position for position in range(len(segments)) if position not in gone]
    glued: dict[int, Segment] = {}
    if not kept or not learned:
        return segments, glued
    segments = list(segments)
    for position, at_end in ((kept[-1], True), (kept[0], False)):
        segment = segments[position]
        starts = [0, *(match.start() for match in _WORD_START.finditer(segment.text))]
        for size in (length for length in reversed(lengths) if length < len(starts)):  # longest first
            cut = starts[len(starts) - size] if at_end else starts[size]
            piece = segment.folded[cut:] if at_end else segment.folded[:cut].rstrip()
            if segment_key(piece, folded=True) in learned:
                keep = slice(None, len(segment.text[:cut].rstrip())) if at_end else slice(cut, None)
                start = segment.start + (keep.start or 0)
                rest, folded = segment.text[keep], segment.folded[keep]
                segments[position] = Segment(segment.paragraph, segment.line, start, start + len(rest),
                                             rest, folded, segment_key(folded, folded=True))
                cut_off = segment.text[cut:] if at_end else segment.text[:cut].rstrip()
                glued[position] = Segment(segment.paragraph, segment.line, 0, 0, cut_off, piece,
                                          segment_key(piece, folded=True))
                break
    return segments, glued


_WORD_START = re.compile(r"(?<=\s)\S")


def _removed_positions(segments: list[Segment], reasons: list[str | None]) -> set[int]:
    """Segments removed: those of a remove rule, the boilerplate runs at both ends, and the
    paragraphs made only of boilerplate."""
    gone = {position for position, reason in enumerate(reasons) if reason == "rule"}
    for order in (range(len(segments)), range(len(segments) - 1, -1, -1)):
        for position in order:
            if reasons[position] is None:
                break
            gone.add(position)
    by_paragraph: dict[int, list[int]] = {}
    for position, segment in enumerate(segments):
        by_paragraph.setdefault(segment.paragraph, []).append(position)
    for positions in by_paragraph.values():
        if all(reasons[position] is not None for position in positions):
            gone.update(positions)
    return gone


def _rebuild(body: str, segments: list[Segment], gone: set[int], shortened: set[int]) -> str:
    """The body with the lines holding a removed or shortened segment rebuilt from their kept
    segments (shortened ones as shortened)."""
    by_line: dict[tuple[int, int], list[tuple[Segment, bool]]] = {}
    lines_touched = {(segments[position].paragraph, segments[position].line) for position in gone | shortened}
    for position, segment in enumerate(segments):
        by_line.setdefault((segment.paragraph, segment.line), []).append((segment, position in gone))
    paragraphs = []
    for number, paragraph in enumerate(body.split("\n\n")):
        lines = []
        for line_number, line in enumerate(paragraph.split("\n")):
            found = by_line.get((number, line_number), [])
            lines.append(_kept_text(line, found) if (number, line_number) in lines_touched else line)
        text = "\n".join(line for line in lines if line.strip())
        if text.strip():
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _kept_text(line: str, found: list[tuple[Segment, bool]]) -> str:
    """A line without its removed segments: the original text of the kept run when the kept
    segments are consecutive, else the kept segments joined by a space."""
    kept = [index for index, (_, is_gone) in enumerate(found) if not is_gone]
    if not kept:
        return ""
    first, last = found[kept[0]][0], found[kept[-1]][0]
    if kept == list(range(kept[0], kept[-1] + 1)):
        return line[first.start:last.end]
    return " ".join(found[index][0].text for index in kept)
