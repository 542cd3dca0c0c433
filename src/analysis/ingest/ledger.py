"""The parse-quality ledger: what the loader met in each file, and how it dealt with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
"""``error``: the file was not loaded. ``warning``: it was loaded, with the problem noted.
``info``: not a problem, a record of how the file was read or why it was skipped (never raised)."""

ERRORS_MODES = ("record", "raise")


@dataclass(frozen=True)
class Issue:
    """One problem met in one file.

    Attributes:
        source_file: the file, relative to the corpus root.
        severity: ``error`` (file not loaded), ``warning`` (loaded with a problem) or
            ``info`` (how the file was read, or that it was skipped as not an input).
        field: the part of the page concerned (``file``, ``encoding``, ``title``,
            ``published``, ``body``, ``signature``, ``related``, ``duplicate``, ...).
        line: the 1-based line in the decoded file, or None when not tied to a line.
        message: what was found and what was expected or done.
    """

    source_file: str
    severity: Severity
    field: str
    line: int | None
    message: str

    @classmethod
    def first_of(cls, issues: pd.DataFrame) -> Issue | None:
        """The first row of an issues table, as an ``Issue``.

        Args:
            issues: a frame with the ledger's columns.

        Returns:
            The first issue, or None when the frame is empty.
        """
        if issues.empty:
            return None
        row = issues.iloc[0]
        line = None if pd.isna(row["line"]) else int(row["line"])
        return cls(str(row["source_file"]), row["severity"], str(row["field"]), line, str(row["message"]))

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{self.source_file}: {where}{self.field}: {self.message}"


class IngestError(ValueError):
    """Raised with ``errors="raise"`` on the first problem met.

    Attributes:
        issue: the problem, as it would have been recorded.
    """

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def raise_first(issues: pd.DataFrame) -> None:
    """Raise ``IngestError`` for the first problem of an issues table, if there is one.

    ``info`` rows are not problems and never raise.

    Args:
        issues: a frame with the ledger's columns.

    Raises:
        IngestError: when ``issues`` has an ``error`` or ``warning`` row.
    """
    first = Issue.first_of(issues[issues["severity"] != "info"])
    if first is not None:
        raise IngestError(first)


def check_errors_mode(errors: str) -> None:
    """Validate the ``errors`` option of the loaders.

    Args:
        errors: ``"record"`` or ``"raise"``.

    Raises:
        ValueError: for any other value.
    """
    if errors not in ERRORS_MODES:
        raise ValueError(f"errors={errors!r} is invalid; must be one of {list(ERRORS_MODES)}")
