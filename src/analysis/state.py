"""The incremental-stage engine: what a stage keeps between runs, and how it runs its batches.

Every stage reads as: plan (which units are new or changed, from the ledger)
-> map batches on the executor -> commit each batch as it finishes -> assemble
-> publish. ``StageState`` owns the middle of that for any stage, in the
stage's folder ``<processed>/_state/<stage>/`` (``analysis.catalogue``):

- ``fingerprint.json``: what the state was made with: the stage's code version,
  its settings and the content hash of every reference file it reads. A state
  made with another fingerprint is not used: every unit is done again.
- ``ledger.parquet``: one row per done unit (``LEDGER``: ``unit``, its
  ``content_hash`` and the ``part`` holding its results, plus any columns of the
  stage's own).
- ``parts/<part>/<table>.parquet``: the tables one batch produced, each row
  carrying its unit's id.
- ``UNFINISHED``: present while the published outputs lag behind the ledger (a
  run stopped after committing some batches): the next run publishes again even
  with nothing new to do.

Every file is written aside and moved into place (``analysis.store``): a
half-written file is never read, so an interrupted run (Ctrl-C, a crash, a dead
worker) loses at most the batches not yet committed. A part is written before
the ledger that points to it; parts no ledger row points to are removed when a
run finishes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from tqdm.auto import tqdm

from analysis import catalogue
from analysis.executor import map_batches
from analysis.schemas import LEDGER, STRING
from analysis.store import read_table, replace_together, table_exists, write_tables

log = logging.getLogger(__name__)

FINGERPRINT_FILE = "fingerprint.json"
LEDGER_TABLE = "ledger"
UNFINISHED_MARK = "UNFINISHED"
PARTS = "parts"


def file_digest(file: Path | Traversable) -> str:
    """The SHA-256 of a file's bytes, in hex.

    Args:
        file: a path, or a file inside the installed package (``importlib.resources``).

    Returns:
        64 hex digits.

    Raises:
        FileNotFoundError: when the file does not exist.
    """
    return hashlib.sha256(file.read_bytes()).hexdigest()


def reference_folder(package: str, folder: str = "data") -> dict[str, Traversable]:
    """Every file of a package's data folder, by name, for a fingerprint.

    Args:
        package: a package of this project, e.g. ``"analysis.entities"``.
        folder: the folder inside it.

    Returns:
        ``"<package>/<folder>/<name>"`` to the file, sorted by name.
    """
    files = resources.files(package).joinpath(folder).iterdir()
    return {f"{package}/{folder}/{file.name}": file
            for file in sorted(files, key=lambda file: file.name) if file.is_file()}


def fingerprint(*, code_version: int, settings: Mapping[str, Any],
                reference_files: Mapping[str, Path | Traversable | None]) -> dict[str, Any]:
    """What a stage's results depend on, as a JSON-ready dict.

    Args:
        code_version: the stage's code version, raised when its code changes what it makes.
        settings: the options that change what it makes (JSON-ready values).
        reference_files: name to each reference file the stage reads; None for an
            optional file that is not set.

    Returns:
        ``{"code_version": ..., "settings": ..., "reference_files": {name: sha256 or None}}``.

    Raises:
        FileNotFoundError: when a named reference file does not exist.
    """
    return {"code_version": code_version, "settings": json.loads(json.dumps(dict(settings), sort_keys=True)),
            "reference_files": {name: None if file is None else file_digest(file)
                                for name, file in sorted(reference_files.items())}}


def empty_ledger(extra: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A ledger with no units: the ``LEDGER`` columns, then ``extra`` (name to dtype)."""
    columns = {column.name: column.dtype for column in LEDGER} | dict(extra or {})
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


@dataclass(frozen=True)
class StageState:
    """One stage's state between runs (see the module docstring for the layout).

    Attributes:
        folder: the stage's state folder.
        fingerprint: what this run's results depend on (``fingerprint``).
        extra: the stage's own ledger columns, name to dtype (ingest: file size and time).
    """

    folder: Path
    fingerprint: dict[str, Any]
    extra: Mapping[str, str] | None = None

    @classmethod
    def of(cls, processed_dir: Path, stage: str, fingerprint: dict[str, Any], *,
           extra: Mapping[str, str] | None = None) -> StageState:
        """The state of ``stage`` in a processed folder."""
        return cls(catalogue.state_dir(processed_dir, stage), fingerprint, extra)

    def saved_fingerprint(self) -> dict[str, Any] | None:
        """The fingerprint the saved state was made with; None when there is none (or unreadable)."""
        path = self.folder / FINGERPRINT_FILE
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (json.JSONDecodeError, UnicodeDecodeError, OSError) as error:
            log.warning("%s: unreadable (%s); the stage starts afresh", path, error)
            return None

    def is_current(self) -> bool:
        """Whether the saved state was made with this run's fingerprint."""
        return self.saved_fingerprint() == self.fingerprint

    def ledger(self) -> pd.DataFrame:
        """The done units, or none when the state was made with another fingerprint.

        Returns:
            ``LEDGER`` columns and the stage's own, one row per unit.
        """
        empty = empty_ledger(self.extra)
        if not self.is_current() or not table_exists(self.folder, LEDGER_TABLE):
            return empty
        try:
            ledger = read_table(LEDGER_TABLE, self.folder)
        except (OSError, pa.ArrowException) as error:
            log.warning("%s: unreadable ledger (%s); the stage starts afresh", self.folder, error)
            return empty
        return ledger[list(empty.columns)].astype(empty.dtypes.to_dict())

    def begin(self, ledger: pd.DataFrame) -> None:
        """Start a run that will change the outputs: record the fingerprint and the kept units.

        Marks the state unfinished until ``finish``.

        Args:
            ledger: the units kept from earlier runs (still current).
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / UNFINISHED_MARK).touch()
        replace_together([(self.folder / FINGERPRINT_FILE, self._write_fingerprint)])
        self.write_ledger(ledger)

    def _write_fingerprint(self, path: str) -> None:
        Path(path).write_text(json.dumps(self.fingerprint, indent=2, sort_keys=True), encoding="utf-8")

    def write_ledger(self, ledger: pd.DataFrame) -> None:
        """Replace the ledger atomically."""
        write_tables({LEDGER_TABLE: ledger.reset_index(drop=True)}, self.folder)

    @property
    def unfinished(self) -> bool:
        """Whether a run stopped after committing work but before publishing its outputs."""
        return (self.folder / UNFINISHED_MARK).exists()

    def commit(self, ledger: pd.DataFrame, units: pd.DataFrame,
               tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        """Record a finished batch: its tables as a new part, then its units in the ledger.

        Args:
            ledger: the ledger so far.
            units: the batch's units (``unit``, ``content_hash``, the stage's own columns,
                and optionally ``part``: a unit whose results are already in an older part
                keeps it; the others get the new part).
            tables: the batch's results, each row naming its unit; nothing is written
                when empty.

        Returns:
            The new ledger (also written).
        """
        units = units.copy()
        if "part" not in units:
            units["part"] = pd.Series(pd.NA, index=units.index, dtype=STRING)
        if tables:
            part = _part_name()
            write_tables(dict(tables), self.folder / PARTS / part)
            units["part"] = units["part"].fillna(part)
        columns = list(empty_ledger(self.extra).columns)
        ledger = pd.concat([ledger, units[columns].astype(ledger.dtypes.to_dict())], ignore_index=True)
        self.write_ledger(ledger)
        return ledger

    def read(self, table: str, ledger: pd.DataFrame, *, unit_column: str,
             columns: list[str] | None = None, positions: bool = False) -> pd.DataFrame | None:
        """One table of the parts, keeping the rows of the units the ledger points to.

        Args:
            table: a table the stage's batches produce.
            ledger: the units wanted (``unit`` and ``part``).
            unit_column: the table's column naming a row's unit.
            columns: only these columns (``unit_column`` is always read).
            positions: add ``part`` and ``row`` (the row's position in its part).

        Returns:
            The rows, part by part in the parts' order; None when the ledger is empty.
        """
        frames = []
        wanted = None if columns is None else [unit_column, *(c for c in columns if c != unit_column)]
        for part, units in ledger.groupby("part", sort=True)["unit"]:
            frame = self.read_part(str(part), table, columns=wanted)
            if positions:
                frame["part"], frame["row"] = part, range(len(frame))
            keep = frame[unit_column].isin(set(units))
            frames.append(frame if keep.all() else frame[keep])
        return pd.concat(frames, ignore_index=True) if frames else None

    def read_part(self, part: str, table: str, *, columns: list[str] | None = None) -> pd.DataFrame:
        """One table of one part, whole."""
        return read_table(table, self.folder / PARTS / part, columns=columns)

    def finish(self, ledger: pd.DataFrame) -> None:
        """Note that the outputs match the ledger, and remove the parts it no longer points to."""
        used = set(ledger["part"].dropna())
        parts = self.folder / PARTS
        for folder in sorted(parts.iterdir()) if parts.exists() else []:
            if folder.name not in used:
                shutil.rmtree(folder) if folder.is_dir() else folder.unlink()
        (self.folder / UNFINISHED_MARK).unlink(missing_ok=True)

    def run_batches(self, ledger: pd.DataFrame, work: Callable[..., tuple[pd.DataFrame, dict[str, pd.DataFrame]]],
                    batches: Iterable[Any], *, scheduler: str | None, total: int, size: Callable[[Any], int] = len,
                    progress: bool, desc: str, unit: str, **options: Any) -> pd.DataFrame:
        """Map ``work`` over the batches where the scheduler says, committing each result as it arrives.

        A batch is committed whole or not at all: after an interruption the ledger
        holds the batches committed so far, and the next run skips them.

        Args:
            ledger: the ledger so far.
            work: a top-level function ``work(batch, **options) -> (units, tables)`` (see ``commit``).
            batches: the batches, produced lazily as the executor asks.
            scheduler: ``analysis.executor``'s setting.
            total: units to do, for the progress bar.
            size: units in one result's ``units`` frame (the progress bar's step).
            progress: show a progress bar.
            desc: the bar's label (the stage's name).
            unit: what a unit is called on the bar (file, article).
            **options: passed to every call of ``work``.

        Returns:
            The ledger with every batch committed.
        """
        with tqdm(total=total, unit=unit, desc=desc, disable=not progress, mininterval=0.5) as bar:
            for units, tables in map_batches(work, batches, scheduler=scheduler, **options):
                ledger = self.commit(ledger, units, tables)
                bar.update(size(units))
        return ledger


def _part_name() -> str:
    """A new part's name: its time to the nanosecond, so parts sort in the order they were committed."""
    now = time.time_ns()
    return f"{time.strftime('%Y%m%d-%H%M%S', time.localtime(now // 10**9))}.{now % 10**9:09d}-{uuid.uuid4().hex[:6]}"
