"""The ingest stage: ``data/raw`` to the corpus tables in ``data/processed``, incrementally.

The stage on the engine (``analysis.state``), a unit being an input file:

1. **plan**: list the files; a file whose size and modification time are those
   of the ledger is kept as it is; the others are read.
2. **map**: batches of ``BATCH_SIZE`` files are read and parsed where the
   scheduler says (``_parse_batch``); a file whose content hash is unchanged
   keeps its old part and is not parsed.
3. **commit**: each batch's per-file tables (``pages``, ``page_related``,
   ``page_issues``) become a part, and its files enter the ledger.
4. **assemble**: the articles are chosen across all parts (duplicates
   recorded), the related stories linked, the issues gathered.
5. **publish**: the four tables are switched into place together; the
   articles table is written a chunk at a time from the parts, so the corpus's
   text is never all in memory.

A change of the time zone, the column mapping, the excluded names or
``CODE_VERSION`` parses every file again.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator, Mapping, Sequence
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from analysis.executor import map_batches
from analysis.fulltext import update_index
from analysis.ingest.assemble import INDEX_COLUMNS, choose_articles, corpus_tables, records_frames
from analysis.ingest.boilerplate import Boilerplate, Removed
from analysis.ingest.cleaning import clean_pages, cleaned_bodies, learn_boilerplate, page_keys
from analysis.ingest.near_duplicates import NUM_PERM, body_digest, copies, signatures
from analysis.ingest.corpus import summarise
from analysis.ingest.ledger import IngestError, raise_first
from analysis.ingest.outlets import corpus_name_of
from analysis.ingest.parse import file_records, problems
from analysis.ingest.records import FileRecords
from analysis.ingest.sources import Source, list_sources, read_sources
from analysis.options import IngestOptions, RunOptions
from analysis.schemas import FILE_LEDGER_EXTRA, STRING, conform, to_zone
from analysis.state import PARTS, StageState, fingerprint
from analysis.store import article_months, publish_tables, read_table, table_exists, table_rows, write_tables

log = logging.getLogger(__name__)

CODE_VERSION = 5
"""Raise when parsing changes what it produces: every file is then parsed again."""

BATCH_SIZE = 2500
"""Files parsed between two commits of the state."""

CHUNK_ROWS = 2000
"""Articles written per piece of the ``articles`` table."""

OUTPUT_TABLES = ("articles", "related", "stories", "issues", "boilerplate")


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
        n_indexed: articles (re-)indexed in or dropped from the search index
            (``analysis.fulltext.update_index``) after the tables were written.
    """

    n_files: int
    n_new: int
    n_changed: int
    n_removed: int
    n_unchanged: int
    wrote_outputs: bool
    seconds: float
    summary: str
    n_indexed: int = 0

    def __str__(self) -> str:
        action = (f"wrote the tables and indexed {self.n_indexed:,} articles for search" if self.wrote_outputs
                  else "nothing to do")
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
        IngestError: in strict mode (``errors="raise"``), at the first problem.
    """
    if options is None:
        options = IngestOptions(**({"raw_dir": raw_dir} if raw_dir is not None else {}), **settings)
    run = RunOptions(processed_dir, progress, scheduler)
    started = time.perf_counter()
    state = StageState.of(run.processed_dir, "ingest", fingerprint(
        code_version=CODE_VERSION, settings=options.fingerprint(), reference_files=options.reference_files()),
        extra=FILE_LEDGER_EXTRA)
    sources = list_sources(options.raw_dir, exclude=options.exclude)
    plan = _plan(sources, state.ledger())
    outputs_current = not state.unfinished and all(
        table_exists(run.processed_dir, name) for name in OUTPUT_TABLES)
    if not plan.to_read and not plan.n_removed and outputs_current:
        counts = _summary_from_outputs(run.processed_dir, len(sources))
        return plan.report(len(sources), False, time.perf_counter() - started, counts, 0)
    state.begin(plan.keep)
    root = options.raw_dir if options.raw_dir.is_dir() else options.raw_dir.parent
    ledger = state.run_batches(plan.keep, _parse_batch, plan.batches(), scheduler=run.scheduler,
                               total=len(plan.to_read), progress=run.progress, desc="ingest", unit="file",
                               root=root, columns=options.columns, timezone=options.timezone,
                               errors=options.errors, keys=options.remove_boilerplate)
    if plan.n_parsed(ledger) == 0 and not plan.n_removed and outputs_current:
        state.finish(ledger)  # files touched, not changed: the ledger has their new times, the tables stand
        counts = _summary_from_outputs(run.processed_dir, len(sources))
        return plan.report(len(sources), False, time.perf_counter() - started, counts, 0)
    summary = _write_outputs(state, ledger, run.processed_dir, n_files=len(sources), options=options,
                             run=run)
    state.finish(ledger)
    n_indexed = update_index(run.processed_dir)
    report = plan.report(len(sources), True, time.perf_counter() - started, summary, plan.n_parsed(ledger))
    return dataclasses.replace(report, n_indexed=n_indexed)


@dataclass(frozen=True)
class _Plan:
    """Which files to read: ``keep`` (ledger rows of files unchanged on disk), ``to_read``,
    ``known`` (content hash and part of each file to read that the ledger has) and the
    count of files gone."""

    keep: pd.DataFrame
    to_read: list[Source]
    known: dict[str, tuple[str, str]]
    n_removed: int

    def n_parsed(self, ledger: pd.DataFrame) -> int:
        """Files read this run whose content had changed (so were parsed): their part is new."""
        read = ledger[ledger["unit"].isin({source.name for source in self.to_read})]
        return sum(part != self.known.get(unit, (None, None))[1] for unit, part in zip(read["unit"], read["part"]))

    def batches(self) -> Iterator[tuple[list[Source], dict[str, tuple[str, str]]]]:
        for start in range(0, len(self.to_read), BATCH_SIZE):
            sources = self.to_read[start:start + BATCH_SIZE]
            yield sources, {source.name: self.known[source.name] for source in sources if source.name in self.known}

    def report(self, n_files: int, wrote: bool, seconds: float, summary: str,
               n_parsed: int) -> IngestReport:
        n_new = sum(source.name not in self.known for source in self.to_read)
        return IngestReport(n_files, n_new, n_parsed - n_new, self.n_removed,
                            n_files - n_parsed, wrote, seconds, summary)


def _plan(sources: Sequence[Source], ledger: pd.DataFrame) -> _Plan:
    stats = {source.name: (source.size, source.mtime_ns) for source in sources}
    old_stats = zip(ledger["unit"], ledger["size"], ledger["mtime_ns"])
    unchanged = {name for name, size, mtime in old_stats if stats.get(name) == (size, mtime)}
    to_read = [source for source in sources if source.name not in unchanged]
    known = {name: (digest, part) for name, digest, part
             in zip(ledger["unit"], ledger["content_hash"], ledger["part"])
             if name in stats and name not in unchanged}
    return _Plan(keep=ledger[ledger["unit"].isin(unchanged)], to_read=to_read,
                 known=known, n_removed=int((~ledger["unit"].isin(stats)).sum()))


def _parse_batch(batch: tuple[list[Source], dict[str, tuple[str, str]]], *, root: Path,
                 columns: Mapping[str, str] | None, timezone: str, errors: str,
                 keys: bool = True) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Read and parse one batch of files (the unit of work sent to a worker); with ``keys``,
    the segment keys that boilerplate learning counts are computed too.

    Returns:
        The batch's ledger rows (``part``: the old part when the content is unchanged,
        else empty) and the per-file tables of the files parsed (none when none was).

    Raises:
        IngestError: in strict mode, at the first problem.
    """
    sources, known = batch
    rows, records = [], []
    for source, data in read_sources(root, sources):
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        old_digest, part = known.get(source.name, (None, None))
        if digest != old_digest:
            part = None
            records.append(_parsed(source, data, columns, timezone, errors, corpus_name_of(root)))
        rows.append((source.name, digest, part, source.size, source.mtime_ns))
    units = pd.DataFrame(rows, columns=["unit", "content_hash", "part", "size", "mtime_ns"]).astype(
        {"unit": STRING, "content_hash": STRING, "part": STRING, **FILE_LEDGER_EXTRA})
    if not records:
        return units, {}
    frames = records_frames(records)
    if errors == "raise":
        raise_first(frames["page_issues"])
    keyed = frames["pages"] if keys else frames["pages"].iloc[0:0]  # no learning: no keys
    return units, {**frames, "page_keys": page_keys(keyed)}


def _parsed(source: Source, data: bytes, columns: Mapping[str, str] | None, timezone: str,
            errors: str, corpus_name: str) -> FileRecords:
    records = file_records(source, data, columns=columns, timezone=timezone, corpus_name=corpus_name)
    found = problems(records)
    if errors == "raise" and found:
        raise IngestError(found[0])
    return records


def _part_rows(state: StageState, ledger: pd.DataFrame, name: str, **options: Any) -> pd.DataFrame:
    """One per-file table over every part, the rows of the files the ledger points to."""
    rows = state.read(name, ledger, unit_column="source_file", **options)
    if rows is not None:
        return rows
    frames = records_frames([])
    empty = page_keys(frames["pages"]) if name == "page_keys" else frames[name]
    if options.get("positions"):
        return empty.assign(part=pd.Series(dtype="string"), row=pd.Series(dtype="int64"))
    return empty


def _write_outputs(state: StageState, ledger: pd.DataFrame, processed_dir: Path, *, n_files: int,
                   options: IngestOptions, run: RunOptions) -> str:
    """Assemble the output tables from the parts and replace them; returns the summary line."""
    timezone = options.timezone
    index = _part_rows(state, ledger, "pages", columns=INDEX_COLUMNS, positions=True)
    kept, duplicate_issues = choose_articles(index.drop(columns=["part", "row"]), timezone=timezone,
                                             errors=options.errors)
    chosen = index.take(kept).reset_index(drop=True)
    boilerplate = learn_boilerplate(chosen, _part_rows(state, ledger, "page_keys"),
                                    rules=options.boilerplate_rules(), enabled=options.remove_boilerplate)
    duplicates = (_near_duplicates(state, chosen, boilerplate, run, options.distinct_articles())
                  if options.near_duplicates else pd.Series(dtype=STRING))
    tables = corpus_tables(chosen, _part_rows(state, ledger, "page_related"),
                           _part_rows(state, ledger, "page_issues"), duplicate_issues, timezone=timezone)
    removed = Removed()
    articles = (conform(clean_pages(chunk, boilerplate, duplicates, removed), "articles", timezone)
                for chunk in _pages_in_order(state, chosen[["part", "row"]], CHUNK_ROWS))
    months = article_months(chosen.assign(published=to_zone(chosen["published"], timezone)))
    publish_tables({"articles": articles, **tables,
                    "boilerplate": (conform(removed.table(boilerplate), "boilerplate", timezone) for _ in "x")},
                   processed_dir, months=months)
    return summarise(n_files, chosen, tables["related"], tables["stories"], tables["issues"],
                     n_copies=int(duplicates.notna().sum()), n_cleaned=removed.n_cleaned)


SIGNATURES = "signatures"
"""The table in the stage's folder keeping each article's signature under its cleaned body's digest."""


def _near_duplicates(state: StageState, chosen: pd.DataFrame, boilerplate: Boilerplate,
                     run: RunOptions, distinct: frozenset[str]) -> pd.Series:
    """``duplicate_of`` by article id: bodies signed part by part where the scheduler says.

    An article whose body without boilerplate is the one signed on the last run keeps its
    signature (``SIGNATURES``); only new or changed bodies are signed.
    """
    cached = _cached_signatures(state)
    known = dict(zip(cached["article_id"], cached["digest"]))
    batches = [(state.folder, str(part), rows["row"].to_numpy(), rows.index.to_numpy(),
                [known.get(identity) for identity in rows["article_id"]])
               for part, rows in chosen.groupby("part", sort=False)]
    rows = np.zeros((len(chosen), NUM_PERM), dtype=np.uint64)
    digests = np.empty(len(chosen), dtype=object)
    reused = []
    with tqdm(total=len(chosen), unit="article", desc="near-duplicates", disable=not run.progress,
              mininterval=0.5) as bar:
        for positions, found, signed, fresh in map_batches(_sign_batch, batches, scheduler=run.scheduler,
                                                           boilerplate=boilerplate):
            digests[positions] = found
            rows[positions[fresh]] = signed
            reused.extend(positions[~fresh])
            bar.update(len(positions))
    if reused:
        by_id = dict(zip(cached["article_id"], cached["signature"]))
        for position in reused:
            rows[position] = np.frombuffer(by_id[chosen["article_id"].iat[position]], dtype="<u4")
    write_tables({SIGNATURES: pd.DataFrame({
        "article_id": chosen["article_id"].to_numpy(), "digest": digests,
        "signature": [row.astype("<u4").tobytes() for row in rows]})}, state.folder)
    return copies(chosen, rows, distinct=distinct)


def _cached_signatures(state: StageState) -> pd.DataFrame:
    """The signatures of the last run (none when absent or unreadable: every body is signed)."""
    empty = pd.DataFrame({"article_id": [], "digest": [], "signature": []})
    if not table_exists(state.folder, SIGNATURES):
        return empty
    try:
        return read_table(SIGNATURES, state.folder)
    except (OSError, ValueError) as error:
        log.warning("%s: unreadable signatures (%s); every body is signed again", state.folder, error)
        return empty


def _sign_batch(batch: tuple[Path, str, np.ndarray, np.ndarray, list[str | None]], *,
                boilerplate: Boilerplate) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """Sign the chosen rows of one part whose cleaned body changed (the unit of work sent to a worker).

    Returns:
        The rows' positions among the chosen articles, their cleaned bodies' digests
        (``body_digest``), the signatures of the rows signed, and which rows those are.
    """
    folder, part, rows, positions, known = batch
    pages = read_table("pages", folder / PARTS / part, columns=["outlet", "body"]).take(rows)
    bodies, _ = cleaned_bodies(pages, boilerplate)
    digests = [body_digest(body) for body in bodies]
    fresh = np.array([digest != old for digest, old in zip(digests, known)], dtype=bool)
    return positions, digests, signatures([body for body, new in zip(bodies, fresh) if new]), fresh


def _pages_in_order(state: StageState, chosen: pd.DataFrame, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The chosen rows of the per-file pages, whole, in order, a chunk at a time.

    Only one chunk's text (and the part it comes from) is in memory at once.

    Args:
        state: the stage's state.
        chosen: ``part`` and ``row`` of each row wanted, in the order wanted.
        chunk_rows: rows per chunk.

    Yields:
        Frames of the ``pages`` table, at least one (empty when nothing is chosen).
    """
    cache: dict[str, pd.DataFrame] = {}
    if chosen.empty:
        yield records_frames([])["pages"]
        return
    for start in range(0, len(chosen), chunk_rows):
        chunk = chosen.iloc[start:start + chunk_rows].reset_index(drop=True)
        pieces = []
        for part, rows in chunk.groupby("part", sort=False):
            if part not in cache:
                cache.clear()
                cache[part] = state.read_part(str(part), "pages")
            pieces.append(cache[part].take(rows["row"].to_numpy()).set_axis(rows.index))
        yield pd.concat(pieces).sort_index().reset_index(drop=True)


def _summary_from_outputs(processed_dir: Path, n_files: int) -> str:
    counts = {name: pd.DataFrame(index=range(table_rows(processed_dir, name)))
              for name in ("articles", "related", "stories")}
    issues = read_table("issues", processed_dir, columns=["source_file", "severity", "field"])
    copies = read_table("articles", processed_dir, columns=["duplicate_of"])["duplicate_of"].notna().sum()
    return summarise(n_files, counts["articles"], counts["related"], counts["stories"], issues,
                     n_copies=int(copies))
