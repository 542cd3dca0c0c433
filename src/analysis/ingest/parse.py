"""One input file to its records: decode, parse, and note every problem in the ledger."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from tqdm.auto import tqdm

from analysis.ingest.decode import NotText, decode_page
from analysis.ingest.ledger import IngestError, Issue
from analysis.ingest.outlets import outlet_of
from analysis.ingest.page import parse_page
from analysis.ingest.records import FileRecords, page_record
from analysis.ingest.sources import Source, read_sources
from analysis.ingest.tabular import tabular_records


def page_records(name: str, data: bytes, *, corpus_name: str) -> FileRecords:
    """Read one scraped page file.

    Args:
        name: the file's name relative to the corpus root.
        data: the file's bytes.
        corpus_name: the corpus root folder's name (the outlet when nothing else names one).

    Returns:
        The article (none when the file is not a readable page) and the
        problems met: errors for files not loaded, warnings for the rest.
    """
    records = FileRecords()
    try:
        decoded = decode_page(data)
    except NotText as error:
        records.issues.append(Issue(name, "error", "file", None, f"{error}; not loaded"))
        return records
    records.issues.extend(Issue(name, "warning", "encoding", line, message)
                          for line, message in decoded.notes)
    page = parse_page(decoded.text)
    records.issues.extend(Issue(name, "warning", note.field, note.line, note.message)
                          for note in page.notes)
    if not page.title and not page.body:
        records.issues.append(Issue(name, "error", "file", None,
                                    "no headline and no body found; not an article page; not loaded"))
        return records
    row, related = page_record(name, title=page.title, published=page.published, body=page.body,
                               signature=page.signature, related=page.related,
                               outlet=outlet_of(None, None, name, corpus_name),
                               related_line=page.related_line)
    records.pages.append(row)
    records.related.extend(related)
    return records


def file_records(
    source: Source, data: bytes, *, columns: Mapping[str, str] | None, timezone: str,
    corpus_name: str,
) -> FileRecords:
    """Read one input file, a page or a tabular export, by its kind.

    Args:
        source: the file.
        data: its bytes.
        columns: field to column mapping for tabular files, or None.
        timezone: the corpus time zone (aware times in tables are converted to it).
        corpus_name: the corpus root folder's name (the outlet when nothing else names one).

    Returns:
        The file's records.
    """
    if source.is_tabular:
        return tabular_records(source.name, data, columns=columns, timezone=timezone,
                               corpus_name=corpus_name)
    return page_records(source.name, data, corpus_name=corpus_name)


def parse_sources(
    root: Path, sources: Iterable[Source], *, columns: Mapping[str, str] | None = None,
    timezone: str, errors: str = "record", progress: bool = True, total: int | None = None,
) -> Iterator[tuple[Source, FileRecords]]:
    """Read and parse sources one by one, with a progress bar.

    Args:
        root: the corpus root.
        sources: the files to read.
        columns: field to column mapping for tabular files, or None.
        timezone: the corpus time zone.
        errors: ``"record"`` to note problems and go on, ``"raise"`` to stop at the first.
        progress: show a progress bar.
        total: number of sources, for the progress bar.

    Yields:
        Each source with its records.

    Raises:
        IngestError: with ``errors="raise"``, at the first problem.
    """
    for source, data in tqdm(read_sources(root, sources), total=total, unit="file",
                             desc="parsing", disable=not progress, mininterval=0.5):
        records = file_records(source, data, columns=columns, timezone=timezone, corpus_name=root.name)
        if errors == "raise" and records.issues:
            raise IngestError(records.issues[0])
        yield source, records
