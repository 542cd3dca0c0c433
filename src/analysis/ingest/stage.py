"""The ingest stage: ``data/raw`` to the corpus tables in ``data/processed``, incrementally.

State kept in ``<processed>/_state/ingest/``:

- ``manifest.parquet``: one row per input file with its size, modification
  time, content hash and the part holding its parsed records;
- ``parts/<id>/``: the per-file tables (``pages``, ``page_related``,
  ``page_issues``) of the files parsed in one batch;
- ``settings.json``: the settings the parts were parsed with (a change means
  a full re-parse);
- ``DIRTY``: present while the outputs lag behind the manifest.

A file is parsed again only when its size or modification time changed and
its content hash differs. Parsing goes in batches; each batch is committed
(part written, manifest replaced atomically) before the next, so an
interrupted run resumes where it stopped. The output tables are replaced
only at the end, all together, so readers never see a half-done run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from analysis.ingest.assemble import assemble, concat_rows, records_frames
from analysis.ingest.corpus import summarise
from analysis.ingest.ledger import IngestError, check_errors_mode
from analysis.ingest.parse import file_records
from analysis.ingest.records import FileRecords
from analysis.ingest.sources import DEFAULT_EXCLUDE, Source, list_sources, read_sources
from analysis.store import read_table, table_path, write_tables

logger = logging.getLogger(__name__)

PARSER_VERSION = 1
"""Bump when parsing changes what it produces: every file is then parsed again."""

BATCH_SIZE = 2000
"""Files parsed between two commits of the state."""

OUTPUT_TABLES = ("articles", "related", "stories", "issues")
PART_TABLES = ("pages", "page_related", "page_issues")
_MANIFEST_COLUMNS = {"source_file": "string", "size": "int64", "mtime_ns": "int64",
                     "file_hash": "string", "part": "string"}


@dataclass(frozen=True)
class IngestReport:
    """What a run of the ingest stage did.

    Attributes:
        n_files: input files found.
        n_new: files parsed for the first time.
        n_changed: files parsed again because their content changed.
        n_removed: files gone since the last run.
        n_unchanged: files not parsed (same size and time, or same content hash).
        wrote_outputs: whether the output tables were (re)written.
        seconds: wall time of the run.
        summary: the corpus's counts, as ``Corpus.summary`` gives them.
    """

    n_files: int
    n_new: int
    n_changed: int
    n_removed: int
    n_unchanged: int
    wrote_outputs: bool
    seconds: float
    summary: str

    def __str__(self) -> str:
        action = "wrote the tables" if self.wrote_outputs else "nothing to do"
        return (f"ingest: {self.n_files:,} files ({self.n_new:,} new, {self.n_changed:,} changed, "
                f"{self.n_removed:,} removed, {self.n_unchanged:,} unchanged); {action} in "
                f"{self.seconds:.2f} s. {self.summary}")


def run_ingest(
    raw_dir: Path, processed_dir: Path, *, timezone: str, columns: Mapping[str, str] | None = None,
    errors: str = "record", exclude: tuple[str, ...] = DEFAULT_EXCLUDE, progress: bool = True,
) -> IngestReport:
    """Bring the corpus tables in ``processed_dir`` up to date with the files in ``raw_dir``.

    Args:
        raw_dir: the corpus folder (or file, or archive); never modified.
        processed_dir: where the tables and the stage's state are written.
        timezone: the zone of the pages' wall-clock times.
        columns: field to column mapping for tabular exports.
        errors: ``"record"`` or ``"raise"`` (see ``load_corpus``).
        exclude: file and folder name patterns that are not inputs.
        progress: show a progress bar.

    Returns:
        What the run did.
    """
    check_errors_mode(errors)
    started = time.perf_counter()
    state = processed_dir / "_state" / "ingest"
    settings = {"parser_version": PARSER_VERSION, "timezone": timezone,
                "columns": dict(columns or {}), "exclude": list(exclude)}
    manifest = _read_manifest(state, settings)
    sources = list_sources(raw_dir, exclude=exclude)
    plan = _plan(sources, manifest)
    outputs_current = not (state / "DIRTY").exists() and all(
        table_path(processed_dir, name).exists() for name in OUTPUT_TABLES)
    if not plan.to_read and not plan.n_removed and outputs_current:
        counts = _summary_from_outputs(processed_dir, len(sources))
        return plan.report(len(sources), False, time.perf_counter() - started, counts, 0)
    _mark_dirty(state, settings)
    manifest, fresh, n_parsed = _parse_in_batches(raw_dir, state, plan, timezone=timezone,
                                                  columns=columns, errors=errors, progress=progress)
    tables = _assemble_from_parts(state, manifest, fresh, timezone=timezone, errors=errors)
    write_tables(tables, processed_dir)
    (state / "DIRTY").unlink()
    _collect_garbage(state, manifest)
    summary = summarise(len(sources), **tables)
    return plan.report(len(sources), True, time.perf_counter() - started, summary, n_parsed)


@dataclass(frozen=True)
class _Plan:
    keep: pd.DataFrame
    to_read: list[Source]
    known: dict[str, tuple[str, str]]
    n_removed: int

    def report(self, n_files: int, wrote: bool, seconds: float, summary: str,
               n_parsed: int) -> IngestReport:
        n_new = sum(source.name not in self.known for source in self.to_read)
        return IngestReport(n_files, n_new, n_parsed - n_new, self.n_removed,
                            n_files - n_parsed, wrote, seconds, summary)


def _plan(sources: Sequence[Source], manifest: pd.DataFrame) -> _Plan:
    stats = {source.name: (source.size, source.mtime_ns) for source in sources}
    old_stats = zip(manifest["source_file"], manifest["size"], manifest["mtime_ns"])
    unchanged = {name for name, size, mtime in old_stats if stats.get(name) == (size, mtime)}
    to_read = [source for source in sources if source.name not in unchanged]
    known = {name: (digest, part) for name, digest, part
             in zip(manifest["source_file"], manifest["file_hash"], manifest["part"])
             if name in stats and name not in unchanged}
    return _Plan(keep=manifest[manifest["source_file"].isin(unchanged)], to_read=to_read,
                 known=known, n_removed=int((~manifest["source_file"].isin(stats)).sum()))


def _parse_in_batches(
    raw_dir: Path, state: Path, plan: _Plan, *, timezone: str,
    columns: Mapping[str, str] | None, errors: str, progress: bool,
) -> tuple[pd.DataFrame, dict[str, dict[str, pd.DataFrame]], int]:
    """Parse what the plan says, committing each batch.

    Returns the manifest, the frames of the parts written, and how many files were parsed.
    """
    root = raw_dir if raw_dir.is_dir() else raw_dir.parent
    manifest = plan.keep
    fresh: dict[str, dict[str, pd.DataFrame]] = {}
    n_parsed = 0
    _write_manifest(state, manifest)
    with tqdm(total=len(plan.to_read), unit="file", desc="ingest", disable=not progress,
              mininterval=0.5) as bar:
        for start in range(0, len(plan.to_read), BATCH_SIZE):
            rows, records = [], []
            for source, data in read_sources(root, plan.to_read[start:start + BATCH_SIZE]):
                digest = hashlib.blake2b(data, digest_size=16).hexdigest()
                old_digest, part = plan.known.get(source.name, (None, None))
                if digest != old_digest:
                    part = None
                    records.append(_parsed(source, data, columns, timezone, errors))
                rows.append((source.name, source.size, source.mtime_ns, digest, part))
                bar.update()
            manifest = _commit_batch(state, manifest, rows, records, fresh)
            n_parsed += len(records)
    return manifest, fresh, n_parsed


def _parsed(source: Source, data: bytes, columns: Mapping[str, str] | None, timezone: str,
            errors: str) -> FileRecords:
    records = file_records(source, data, columns=columns, timezone=timezone)
    if errors == "raise" and records.issues:
        raise IngestError(records.issues[0])
    return records


def _commit_batch(state: Path, manifest: pd.DataFrame, rows: list[tuple],
                  records: list[FileRecords], fresh: dict[str, dict[str, pd.DataFrame]]) -> pd.DataFrame:
    part = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
    if records:
        fresh[part] = records_frames(records)
        write_tables(fresh[part], state / "parts" / part)
    batch = pd.DataFrame(rows, columns=list(_MANIFEST_COLUMNS))
    batch["part"] = batch["part"].fillna(part)
    manifest = pd.concat([manifest, batch.astype(_MANIFEST_COLUMNS)], ignore_index=True)
    _write_manifest(state, manifest)
    return manifest


def _read_manifest(state: Path, settings: dict) -> pd.DataFrame:
    empty = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in _MANIFEST_COLUMNS.items()})
    settings_file = state / "settings.json"
    if not settings_file.exists() or json.loads(settings_file.read_text()) != settings:
        return empty
    if not table_path(state, "manifest").exists():
        return empty
    return read_table("manifest", state).astype(_MANIFEST_COLUMNS)


def _write_manifest(state: Path, manifest: pd.DataFrame) -> None:
    write_tables({"manifest": manifest.sort_values("source_file", ignore_index=True)}, state)


def _mark_dirty(state: Path, settings: dict) -> None:
    state.mkdir(parents=True, exist_ok=True)
    (state / "DIRTY").touch()
    (state / "settings.json").write_text(json.dumps(settings, indent=2, sort_keys=True))


def _assemble_from_parts(state: Path, manifest: pd.DataFrame,
                         fresh: dict[str, dict[str, pd.DataFrame]], *, timezone: str,
                         errors: str) -> dict[str, pd.DataFrame]:
    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in PART_TABLES}
    for part, files in manifest.groupby("part", sort=True)["source_file"]:
        wanted = set(files)
        for name in PART_TABLES:
            frame = fresh[part][name] if part in fresh else read_table(name, state / "parts" / str(part))
            frames[name].append(frame[frame["source_file"].isin(wanted)])
    joined = {name: concat_rows(parts) if parts else None for name, parts in frames.items()}
    if joined["pages"] is None:
        joined = records_frames([])
    return assemble(joined["pages"], joined["page_related"], joined["page_issues"],
                    timezone=timezone, errors=errors)


def _collect_garbage(state: Path, manifest: pd.DataFrame) -> None:
    used = set(manifest["part"])
    parts = state / "parts"
    for folder in parts.iterdir() if parts.exists() else []:
        if folder.name not in used:
            shutil.rmtree(folder)


def _summary_from_outputs(processed_dir: Path, n_files: int) -> str:
    tables = {name: read_table(name, processed_dir, columns=columns) for name, columns in
              (("articles", ["article_id"]), ("related", ["article_id"]),
               ("stories", ["story_id"]), ("issues", ["source_file", "severity", "field"]))}
    return summarise(n_files, **tables)
