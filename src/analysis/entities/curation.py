"""The analyst's curation file: decisions about entity names that the stage honours when it assembles.

A CSV the analyst edits (``analysis entities --curation-file FILE``, or
``ANALYSIS_CURATION_FILE``), one decision a line::

    action,name,target,kind,note
    merge,Franco,Francisco Franco,person,the dictator in our corpus
    apart,Hillary,Edmund Hillary,person,
    rename,Mahathir Muhammad,Mahathir Mohamad,person,usual spelling
    not_entity,Hidden Treasures,,person,a programme's name
    merge,Foreign Ministry,Iranian Foreign Ministry,group,

Columns: ``action`` and ``name`` are required; ``target`` is required for merge and
rename, optional for apart, and empty for not_entity; ``kind`` (person, country,
group, place, other) limits the line to one kind of entity, any kind when empty;
``note`` is free text. Lines starting with ``#`` are comments. The actions:

- ``merge``: mentions named ``name`` are counted under ``target`` (before the
  automatic person merge, so "Franco" merged by hand is not merged again);
- ``apart``: the automatic person merge never merges ``name`` into ``target``
  (into any longer name when ``target`` is empty);
- ``rename``: the entity finally named ``name`` (after every merge) is called ``target``;
- ``not_entity``: mentions named ``name`` are not entities: their kind becomes ``other``.

Names match exactly as they appear in the ``entities`` table (the canonical names).
Every changed mention gets ``via="curation"``. The file is read when the tables are
assembled, so an edit re-assembles them without running the model again.

The review export ``person_variants.csv`` (``review_table``) lists each uncertain
person merge as one line per candidate with an empty ``decision`` column; the analyst
writes ``accept`` or ``reject`` on the lines they decide and ``apply_review`` (the
command ``analysis entities --apply-review FILE``) writes them into the curation
file: accept as ``merge``, reject as ``apart``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ACTIONS = ("merge", "apart", "rename", "not_entity")
"""What a line of the curation file may do."""

KINDS = ("person", "country", "group", "place", "other")
"""The entity kinds a line may be limited to (``analysis.entities.extract.KINDS``)."""

CURATION_COLUMNS = ("action", "name", "target", "kind", "note")
"""The columns of a curation file, in the order it is written; ``kind`` and ``note`` may be left out."""

REVIEW_COLUMNS = ["name", "candidate", "n_mentions", "n_articles", "candidate_articles", "reason", "decision"]
"""Columns of the review export ``person_variants.csv`` (``review_table``)."""

DECISIONS = {"accept": "merge", "reject": "apart"}
"""A review decision and the curation action it becomes."""

_HEADER_COMMENT = ("# Curation of entity names (see README, Entities): action (merge, apart, rename, "
                   "not_entity), name, target, kind (empty: any), note.\n")


@dataclass(frozen=True)
class Curation:
    """The decisions of a curation file (``load_curation``).

    Attributes:
        merges: ``(kind, name)`` to the name to count it under; kind ``""`` is any kind.
        renames: ``(kind, name)`` to the name it is shown under.
        apart: ``(name, target)`` person pairs never merged; target ``""`` is any name.
        not_entities: ``(kind, name)`` that are not entities.
    """

    merges: Mapping[tuple[str, str], str] = field(default_factory=dict)
    renames: Mapping[tuple[str, str], str] = field(default_factory=dict)
    apart: frozenset[tuple[str, str]] = frozenset()
    not_entities: frozenset[tuple[str, str]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.merges or self.renames or self.apart or self.not_entities)

    def resolve(self, kind: str, name: str, person_merges: Mapping[str, str] | None = None) -> tuple[str, str, str]:
        """The kind and name a mention ends with, and how it got them.

        Args:
            kind: the mention's kind.
            name: its canonical name from extraction.
            person_merges: the automatic person merges (name to merged name).

        Returns:
            ``(kind, name, via)``, via being ``"curation"``, ``"variant"`` (an automatic
            merge) or ``""`` (unchanged).
        """
        if _lookup(self.not_entities, kind, name):
            return "other", name, "curation"
        via, seen = "", {name}
        while (target := _get(self.merges, kind, name)) is not None and target not in seen:
            name, via = target, "curation"
            seen.add(name)
        if not via and kind == "person" and person_merges and name in person_merges:
            name, via = person_merges[name], "variant"
        renamed = _get(self.renames, kind, name)
        return (kind, renamed, "curation") if renamed is not None else (kind, name, via)


def _get(table: Mapping[tuple[str, str], str], kind: str, name: str) -> str | None:
    return table.get((kind, name), table.get(("", name)))


def _lookup(pairs: frozenset[tuple[str, str]], kind: str, name: str) -> bool:
    return (kind, name) in pairs or ("", name) in pairs


def load_curation(path: str | Path | None) -> Curation:
    """Read and check a curation file (the module docstring describes it).

    Args:
        path: the file; None for no curation.

    Returns:
        Its decisions.

    Raises:
        ValueError: one line naming the file, the line and what was expected, for a
            bad header, an unknown action or kind, a missing or unexpected target, a
            name merged into itself or into two targets, or merges that go round in a circle.
        FileNotFoundError: when the file does not exist.
    """
    if path is None:
        return Curation()
    path = Path(path)
    rows = _rows(path)
    merges: dict[tuple[str, str], str] = {}
    renames: dict[tuple[str, str], str] = {}
    apart, not_entities = set(), set()
    where: dict[tuple[str, str, str], int] = {}
    for number, row in rows:
        action, name, target, kind = row["action"], row["name"], row["target"], row["kind"]
        key = (kind, name)
        if action in ("merge", "rename"):
            table = merges if action == "merge" else renames
            if key in table and table[key] != target:
                raise ValueError(f"{path}: line {number}: {action} of {name!r} into {target!r}, but line "
                                 f"{where[(action, *key)]} gives {table[key]!r}; expected one target per name")
            table[key] = target
            where[(action, *key)] = number
        elif action == "apart":
            apart.add((name, target))
        else:
            not_entities.add(key)
    _check_circles(path, merges, where)
    return Curation(merges, renames, frozenset(apart), frozenset(not_entities))


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The checked rows of a curation file, with their line numbers."""
    lines = [(number, line) for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return []
    header_number, header = lines[0]
    columns = _columns(header)
    unknown = [column for column in columns if column not in CURATION_COLUMNS]
    if unknown or not {"action", "name", "target"} <= set(columns) or len(set(columns)) != len(columns):
        raise ValueError(f"{path}: line {header_number}: header {','.join(columns)!r}; expected the columns "
                         f"action,name,target and optionally kind,note")
    rows = []
    for number, line in lines[1:]:
        values = [value.strip() for value in next(csv.reader([line]))]
        if len(values) > len(columns):
            raise ValueError(f"{path}: line {number}: {len(values)} values; expected at most {len(columns)} "
                             f"({','.join(columns)}); quote a name that holds a comma")
        row = dict.fromkeys(CURATION_COLUMNS, "") | dict(zip(columns, values))
        rows.append((number, _checked(path, number, row)))
    return rows


def _checked(path: Path, number: int, row: dict[str, str]) -> dict[str, str]:
    """A row whose action, kind, name and target fit together; else a ValueError naming the line."""
    action, name, target, kind = row["action"].casefold(), row["name"], row["target"], row["kind"].casefold()
    problem = None
    if action not in ACTIONS:
        problem = f"action {row['action']!r}; expected one of {', '.join(ACTIONS)}"
    elif kind and kind not in KINDS:
        problem = f"kind {row['kind']!r}; expected one of {', '.join(KINDS)} or empty (any kind)"
    elif not name:
        problem = f"{action} without a name; expected the entity's name as in the entities table"
    elif action in ("merge", "rename") and not target:
        problem = f"{action} of {name!r} without a target; expected the name to {action} it into"
    elif action == "not_entity" and target:
        problem = f"not_entity of {name!r} with target {target!r}; expected an empty target"
    elif target == name:
        problem = f"{action} of {name!r} into itself; expected another name as target"
    if problem:
        raise ValueError(f"{path}: line {number}: {problem}")
    return {**row, "action": action, "kind": kind}


def _check_circles(path: Path, merges: Mapping[tuple[str, str], str],
                   where: Mapping[tuple[str, str, str], int]) -> None:
    for (kind, name), target in merges.items():
        seen = {name}
        while (target := _get(merges, kind, target) if target not in seen else None) is not None:
            if target == name:
                raise ValueError(f"{path}: line {where[('merge', kind, name)]}: merging {name!r} goes round "
                                 f"in a circle back to itself; expected merges that end at one name")
            seen.add(target)


def curate_mentions(mentions: pd.DataFrame, curation: Curation,
                    person_merges: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Apply a curation and the automatic person merges to mentions.

    Args:
        mentions: rows with at least ``kind``, ``name`` and ``via`` (``entities``' columns).
        curation: the analyst's decisions (``load_curation``).
        person_merges: person name to the name it merges into (``merge_variants``).

    Returns:
        A new frame, same rows and columns: ``kind``, ``name`` and ``via`` changed as
        ``Curation.resolve`` says.
    """
    if mentions.empty or not (curation or person_merges):
        return mentions.reset_index(drop=True)
    pairs = mentions[["kind", "name"]].astype(str).drop_duplicates()
    resolved = [curation.resolve(kind, name, person_merges) for kind, name in pairs.itertuples(index=False)]
    table = pairs.assign(new_kind=[kind for kind, _, _ in resolved], new_name=[name for _, name, _ in resolved],
                         new_via=[via for _, _, via in resolved])
    table = table[table["new_via"] != ""]
    keyed = mentions[["kind", "name"]].astype(str).merge(table, on=["kind", "name"], how="left", validate="m:1")
    changed = keyed["new_via"].notna().to_numpy()
    result = mentions.reset_index(drop=True).copy()
    for column in ("kind", "name", "via"):
        values = result[column].astype(str).to_numpy(dtype=object)
        values[changed] = keyed[f"new_{column}"].to_numpy(dtype=object)[changed]
        result[column] = pd.Series(values, dtype=mentions[column].dtype if column != "kind" else "category")
    return result


def review_table(merges: pd.DataFrame) -> pd.DataFrame:
    """The uncertain person merges for review: one line per name and candidate, an empty decision.

    Args:
        merges: the output of ``analysis.entities.people.merge_variants``.

    Returns:
        Columns ``REVIEW_COLUMNS``: ``name``, ``candidate`` (a longer name it may
        stand for), ``n_mentions`` and ``n_articles`` of the name, ``candidate_articles``,
        ``reason`` (why it was left apart) and ``decision`` (empty: the analyst writes
        accept or reject).
    """
    articles = merges.set_index("name")["n_articles"]
    rows = [(row.name, candidate, row.n_mentions, row.n_articles, int(articles.get(candidate, 0)), row.reason, "")
            for row in merges[~merges["certain"]].itertuples(index=False)
            for candidate in row.candidates.split("; ") if candidate]
    return pd.DataFrame(rows, columns=REVIEW_COLUMNS)


def read_decisions(path: str | Path) -> list[tuple[str, str, str]]:
    """The decided lines of a review file.

    Args:
        path: a review export (``person_variants.csv``) whose ``decision`` column the
            analyst filled with accept or reject (any case; empty lines are undecided).

    Returns:
        ``(action, name, candidate)`` for each decided line, action being merge or apart.

    Raises:
        ValueError: naming the file and line, for missing columns, a decision other
            than accept, reject or empty, or a name accepted into two candidates.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"name", "candidate", "decision"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: line 1: no column {', '.join(sorted(missing))}; expected the review "
                             "export's columns with decision filled in (accept, reject or empty)")
        decisions, accepted = [], {}
        for row in reader:
            number = reader.line_num
            decision = (row["decision"] or "").strip().casefold()
            name, candidate = (row["name"] or "").strip(), (row["candidate"] or "").strip()
            if not decision:
                continue
            if decision not in DECISIONS:
                raise ValueError(f"{path}: line {number}: decision {row['decision']!r}; expected accept, "
                                 "reject or empty")
            if not name or not candidate:
                raise ValueError(f"{path}: line {number}: {decision} without a name and a candidate")
            if decision == "accept" and accepted.setdefault(name, (candidate, number))[0] != candidate:
                raise ValueError(f"{path}: line {number}: {name!r} accepted into {candidate!r}, but line "
                                 f"{accepted[name][1]} accepts {accepted[name][0]!r}; expected one accept per name")
            decisions.append((DECISIONS[decision], name, candidate))
    return decisions


def apply_review(review_file: str | Path, curation_file: str | Path) -> int:
    """Write a review's decisions into the curation file: accept as merge, reject as apart.

    Lines the curation file already holds are not written again; the file is created
    (with its header) when missing, and otherwise only appended to.

    Args:
        review_file: the review export with its ``decision`` column filled.
        curation_file: the analyst's curation file.

    Returns:
        The lines added.

    Raises:
        ValueError: for a bad review file (``read_decisions``) or curation file
            (``load_curation``), or when the decisions would make the curation file invalid
            (the file is then left as it was).
    """
    curation_file = Path(curation_file)
    decisions = read_decisions(review_file)
    existing = curation_file.read_text(encoding="utf-8-sig") if curation_file.exists() else ""
    if existing.strip():
        load_curation(curation_file)
    known = {(row["action"], row["name"], row["target"]) for _, row in _rows(curation_file)} if existing else set()
    new = [decision for decision in dict.fromkeys(decisions) if decision not in known]
    if not new:
        return 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = _columns(existing) if existing.strip() else CURATION_COLUMNS
    if not existing.strip():
        buffer.write(_HEADER_COMMENT)
        writer.writerow(columns)
    elif not existing.endswith("\n"):
        buffer.write("\n")
    note = f"review of {Path(review_file).name}"
    writer.writerows([{"action": action, "name": name, "target": target, "kind": "person", "note": note}[column]
                      for column in columns] for action, name, target in new)
    _write_checked(curation_file, existing, buffer.getvalue())
    return len(new)


def _columns(text: str) -> list[str]:
    """The columns of a curation file's header (its first line that is not a comment)."""
    header = next(line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    return [value.strip().casefold() for value in next(csv.reader([header]))]


def _write_checked(curation_file: Path, existing: str, addition: str) -> None:
    """Append to the curation file only if the result still loads; else leave it and raise."""
    trial = curation_file.with_name(f".{curation_file.name}.check")
    trial.write_text(existing + addition, encoding="utf-8")
    try:
        load_curation(trial)
    except ValueError as error:
        raise ValueError(str(error).replace(str(trial), str(curation_file))) from None
    finally:
        trial.unlink(missing_ok=True)
    with curation_file.open("a", encoding="utf-8") as handle:
        handle.write(addition)
