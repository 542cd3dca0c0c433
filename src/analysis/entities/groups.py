"""Groups, organisations, institutions and media: aliases to canonical names.

The shipped table is ``data/groups.csv`` (columns ``name,kind,alias``, one row
per alias, ``#`` comment lines documenting the choices); an analyst adds rows or
overrides aliases with a CSV of the same columns. Aliases match by the rules
of ``analysis.entities.countries``: exactly; in capitals only when written in
capitals ("IS", "UN", dots ignored, so "is" and "Us" never match); otherwise,
from 4 letters, in any case but all lower case.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from analysis.entities.countries import AliasIndex, data_file, read_table

KINDS = frozenset(
    {
        "armed group",
        "movement",
        "party",
        "government body",
        "international organisation",
        "media",
        "company",
    }
)
"""Valid values of the ``kind`` column."""
COLUMNS = ("name", "kind", "alias")
VIA = "alias"


@dataclass(frozen=True)
class GroupMatch:
    """A mention resolved to a group.

    Attributes:
        name: canonical name ("ISIS").
        kind: one of ``KINDS``.
        written: the form that matched, as written ("Daesh"; without a leading
            "the", a possessive or surrounding punctuation).
        via: "alias".
    """

    name: str
    kind: str
    written: str
    via: str = VIA


class GroupTable:
    """Aliases of groups, looked up by the module's matching rules.

    Args:
        rows: alias to ``(name, kind)``.
    """

    def __init__(self, rows: dict[str, tuple[str, str]]) -> None:
        self.rows = dict(rows)
        self._index = AliasIndex(self.rows.items())

    @property
    def aliases(self) -> dict[str, str]:
        """Alias to canonical name, for every alias (e.g. to build EntityRuler patterns)."""
        return {alias: name for alias, (name, _) in self.rows.items()}

    def lookup(self, text: str) -> GroupMatch | None:
        """Resolve a mention to a group.

        Args:
            text: the mention as written ("the Daesh's", "(ISIS", "U.N.").

        Returns:
            The group, or None.
        """
        found = self._index.match(text)
        if found is None:
            return None
        written, (name, kind) = found
        return GroupMatch(name, kind, written)


def read_groups(source: Path | object) -> dict[str, tuple[str, str]]:
    """Read a groups CSV (``name,kind,alias``).

    Args:
        source: the file (a path or a packaged resource).

    Returns:
        Alias to ``(name, kind)``; a later row for the same alias wins.

    Raises:
        ValueError: naming the file and line, for a wrong header, a missing or empty
            column, or a kind not in ``KINDS``.
    """
    rows = {}
    for number, row in read_table(source, COLUMNS):
        if row["kind"] not in KINDS:
            raise ValueError(
                f"{source}: line {number}: kind {row['kind']!r} is invalid; "
                f"must be one of {sorted(KINDS)}"
            )
        rows[row["alias"]] = (row["name"], row["kind"])
    return rows


def load_groups(extra: str | Path | None = None) -> GroupTable:
    """The shipped group table, plus an analyst's own (cached while the file is unchanged).

    Args:
        extra: a CSV of the same columns; its rows add groups and aliases, and an
            alias it lists takes its name and kind from it.

    Returns:
        The table.

    Raises:
        ValueError: for a bad row in either file (see ``read_groups``).
        FileNotFoundError: when ``extra`` does not exist.
    """
    return _load_groups(None if extra is None else str(extra), file_version(extra))


def file_version(path: str | Path | None) -> tuple[int, int] | None:
    """A file's size and modification time (ns), so that a cache keyed on it sees an edit; None for no file.

    Raises:
        FileNotFoundError: when the file does not exist.
    """
    if path is None:
        return None
    stat = Path(path).stat()
    return stat.st_size, stat.st_mtime_ns


@functools.lru_cache(maxsize=8)
def _load_groups(extra: str | None, version: tuple[int, int] | None) -> GroupTable:
    rows = read_groups(data_file("groups.csv"))
    if extra is not None:
        rows.update(read_groups(Path(extra)))
    return GroupTable(rows)
