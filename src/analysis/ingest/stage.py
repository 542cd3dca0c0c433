"""The ingest stage: ``data/raw`` to the corpus tables in ``data/processed``, incrementally.

A file is parsed again only when its size or modification time changed and
its content hash differs (what is kept between runs: ``analysis.ingest.state``).
Parsing goes in batches; each batch is committed (part written, manifest
replaced atomically) before the next, so an interrupted run resumes where it
stopped. The output tables are replaced only at the end, all together, so
readers never see a half-done run. The articles table is written a chunk at
a time from the parts, so the corpus's text is never all in memory.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from analysis import config
from analysis.executor import map_batches
from analysis.ingest.assemble import INDEX_COLUMNS, choose_articles, corpus_tables, records_frames
from analysis.ingest.corpus import summarise
from analysis.ingest.ledger import IngestError, raise_first
from analysis.ingest.parse import file_records
from analysis.ingest.records import FileRecords
from analysis.ingest.sources import Source, list_sources, read_sources
from analysis.ingest.state import (
    MANIFEST_COLUMNS, is_dirty, mark_clean, mark_dirty, new_part, pages_in_order, read_manifest,
    read_parts, write_manifest,
)
from analysis.options import IngestOptions, RunOptions
from analysis.schemas import conform, to_zone
from analysis.store import article_months, publish_tables, read_table, table_exists, table_rows

PARSER_VERSION = 1
"""Bump when parsing changes what it produces: every file is then parsed again."""

BATCH_SIZE = 2500
"""Files parsed between two commits of the state."""

CHUNK_ROWS = 2000
"""Articles written per piece of the ``articles`` table."""

OUTPUT_TABLES = ("articles", "related", "stories", "issues")


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
    raw_dir: str | Path | None = None, processed_dir: str | Path | None = None,
    options: IngestOptions | None = None, *, progress: bool = True, scheduler: str | None = None,
    **settings: Any,
) -> IngestReport:
    """Bring the corpus tables in ``processed_dir`` up to date with the files in ``raw_dir``.

    Args:
        raw_dir: the corpus folder (or file, or archive); never modified. The configured
            folder (``config.RAW_DIR``) when None and no ``options`` are given.
        processed_dir: where the tables and the stage's state are written; the configured
            folder when None.
        options: the stage's options; made from ``settings`` when None.
        progress: show a progress bar.
        scheduler: where batches of files are parsed (``analysis.executor``); the tables are
            the same whatever the scheduler.
        **settings: fields of ``IngestOptions`` (``timezone``, ``columns``, ``errors``,
            ``exclude``), when ``options`` is None.

    Returns:
        What the run did.

    Raises:
        OptionError: for a bad setting, naming it.
    """
    if options is None:
        options = IngestOptions(**({"raw_dir": raw_dir} if raw_dir is not None else {}), **settings)
    run = RunOptions(processed_dir or config.PROCESSED_DIR, progress, scheduler)
    raw_dir, processed_dir, scheduler = options.raw_dir, run.processed_dir, run.scheduler
    timezone, columns, errors, exclude = options.timezone, options.columns, options.errors, options.exclude
    started = time.perf_counter()
    state = processed_dir / "_state" / "ingest"
    settings = {"parser_version": PARSER_VERSION, "timezone": timezone,
                "columns": dict(columns or {}), "exclude": list(exclude)}
    manifest = read_manifest(state, settings)
    sources = list_sources(raw_dir, exclude=exclude)
    plan = _plan(sources, manifest)
    outputs_current = not is_dirty(state) and all(
        table_exists(processed_dir, name) for name in OUTPUT_TABLES)
    if not plan.to_read and not plan.n_removed and outputs_current:
        counts = _summary_from_outputs(processed_dir, len(sources))
        return plan.report(len(sources), False, time.perf_counter() - started, counts, 0)
    mark_dirty(state, settings)
    manifest, n_parsed = _parse_in_batches(raw_dir, state, plan, timezone=timezone, columns=columns,
                                           errors=errors, progress=progress, scheduler=scheduler)
    summary = _write_outputs(state, manifest, processed_dir, n_files=len(sources), timezone=timezone,
                             errors=errors)
    mark_clean(state, manifest)
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
    columns: Mapping[str, str] | None, errors: str, progress: bool, scheduler: str | None,
) -> tuple[pd.DataFrame, int]:
    """Parse what the plan says, committing each batch; returns the manifest and files parsed."""
    root = raw_dir if raw_dir.is_dir() else raw_dir.parent
    manifest = plan.keep
    n_parsed = 0
    write_manifest(state, manifest)
    batches = [(sources, {source.name: plan.known[source.name] for source in sources if source.name in plan.known})
               for sources in (plan.to_read[start:start + BATCH_SIZE]
                               for start in range(0, len(plan.to_read), BATCH_SIZE))]
    with tqdm(total=len(plan.to_read), unit="file", desc="ingest", disable=not progress,
              mininterval=0.5) as bar:
        for rows, records in map_batches(_parse_batch, batches, scheduler=scheduler, root=root,
                                         columns=columns, timezone=timezone, errors=errors):
            manifest = _commit_batch(state, manifest, rows, records, errors)
            n_parsed += len(records)
            bar.update(len(rows))
    return manifest, n_parsed


def _parse_batch(batch: tuple[list[Source], dict[str, tuple[str, str]]], *, root: Path,
                 columns: Mapping[str, str] | None, timezone: str,
                 errors: str) -> tuple[list[tuple], list[FileRecords]]:
    """Read and parse one batch of files (the unit of work sent to a worker).

    Returns:
        Manifest rows (name, size, mtime, hash, part: the old part when the content is
        unchanged, else None) and the records of the files parsed.
    """
    sources, known = batch
    rows, records = [], []
    for source, data in read_sources(root, sources):
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        old_digest, part = known.get(source.name, (None, None))
        if digest != old_digest:
            part = None
            records.append(_parsed(source, data, columns, timezone, errors))
        rows.append((source.name, source.size, source.mtime_ns, digest, part))
    return rows, records


def _parsed(source: Source, data: bytes, columns: Mapping[str, str] | None, timezone: str,
            errors: str) -> FileRecords:
    records = file_records(source, data, columns=columns, timezone=timezone)
    if errors == "raise" and records.issues:
        raise IngestError(records.issues[0])
    return records


def _commit_batch(state: Path, manifest: pd.DataFrame, rows: list[tuple],
                  records: list[FileRecords], errors: str) -> pd.DataFrame:
    batch = pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))
    if records:
        frames = records_frames(records)
        if errors == "raise":
            raise_first(frames["page_issues"])
        batch["part"] = batch["part"].fillna(new_part(state, frames))
    manifest = pd.concat([manifest, batch.astype(MANIFEST_COLUMNS)], ignore_index=True)
    write_manifest(state, manifest)
    return manifest


def _write_outputs(state: Path, manifest: pd.DataFrame, processed_dir: Path, *, n_files: int,
                   timezone: str, errors: str) -> str:
    """Assemble the output tables from the parts and replace them; returns the summary line."""
    index = read_parts(state, manifest, "pages", columns=INDEX_COLUMNS, positions=True)
    kept, duplicate_issues = choose_articles(index.drop(columns=["part", "row"]), timezone=timezone,
                                                errors=errors)
    chosen = index.take(kept).reset_index(drop=True)
    tables = corpus_tables(chosen, read_parts(state, manifest, "page_related"),
                           read_parts(state, manifest, "page_issues"),
                           duplicate_issues, timezone=timezone)
    articles = (conform(chunk, "articles", timezone)
                for chunk in pages_in_order(state, chosen[["part", "row"]], CHUNK_ROWS))
    months = article_months(chosen.assign(published=to_zone(chosen["published"], timezone)))
    publish_tables({"articles": articles, **tables}, processed_dir, months=months)
    return summarise(n_files, chosen, tables["related"], tables["stories"], tables["issues"])


def _summary_from_outputs(processed_dir: Path, n_files: int) -> str:
    counts = {name: pd.DataFrame(index=range(table_rows(processed_dir, name)))
              for name in ("articles", "related", "stories")}
    issues = read_table("issues", processed_dir, columns=["source_file", "severity", "field"])
    return summarise(n_files, counts["articles"], counts["related"], counts["stories"], issues)
