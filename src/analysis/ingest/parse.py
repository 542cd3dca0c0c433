"""One input file to its records: decode, parse, and note every problem in the ledger.

Dispatch by kind:

- tabular exports (``Source.is_tabular``) go to ``analysis.ingest.tabular``;
- notes (``NOTE_SUFFIXES``: Markdown, reStructuredText, ...) are skipped with one ``info`` row:
  they travel with corpora and are not articles;
- files that may hold an article in a format not read (``NOT_READ_SUFFIXES``: HTML, PDF,
  office documents, images) are not loaded, with one ``error`` row naming the kind, so that a
  folder of such files shows up as "files not loaded" rather than passing unnoticed;
- every other file is decoded; text in the site's page shape (``plain.looks_like_page``) is
  read by ``page.parse_page``, any other text as a plain-text article (``plain.parse_plain``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from tqdm.auto import tqdm

NOTE_SUFFIXES = {".md": "a Markdown note", ".markdown": "a Markdown note", ".rst": "a reStructuredText note",
                 ".adoc": "an AsciiDoc note", ".org": "an Org note"}
"""Suffixes of notes that are not articles: skipped, with an ``info`` row."""

NOT_READ_SUFFIXES = {
    ".html": "an HTML page", ".htm": "an HTML page", ".xhtml": "an HTML page",
    ".pdf": "a PDF document", ".doc": "a Word document", ".docx": "a Word document",
    ".odt": "an OpenDocument text", ".rtf": "an RTF document", ".xls": "an Excel workbook",
    ".xlsx": "an Excel workbook", ".ods": "an OpenDocument spreadsheet",
    ".ppt": "a PowerPoint deck", ".pptx": "a PowerPoint deck", ".odp": "an OpenDocument presentation",
    ".png": "a PNG image", ".jpg": "a JPEG image", ".jpeg": "a JPEG image", ".gif": "a GIF image",
    ".webp": "a WebP image", ".svg": "an SVG image", ".tif": "a TIFF image", ".tiff": "a TIFF image",
    ".bmp": "a BMP image",
}
"""Suffixes of files that may hold an article in a format not read: an ``error`` row each."""

from analysis.ingest.decode import Decoded, NotText, decode_page
from analysis.ingest.ledger import IngestError, Issue
from analysis.ingest.outlets import corpus_name_of, outlet_of
from analysis.ingest.page import parse_page
from analysis.ingest.plain import looks_like_page, parse_plain
from analysis.ingest.records import FileRecords, page_record
from analysis.ingest.sources import Source, read_sources
from analysis.ingest.tabular import tabular_records


def skip_reason(name: str) -> Issue | None:
    """The ledger row of a file that is not read, by its suffix, or None for an input.

    Args:
        name: the file's name relative to the corpus root.

    Returns:
        An ``info`` row for a note (``NOTE_SUFFIXES``), an ``error`` row for a file in a
        format not read (``NOT_READ_SUFFIXES``), else None.
    """
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in NOTE_SUFFIXES:
        return Issue(name, "info", "file", None, f"{NOTE_SUFFIXES[suffix]}, not an article; skipped")
    if suffix in NOT_READ_SUFFIXES:
        return Issue(name, "error", "file", None,
                     f"file is {NOT_READ_SUFFIXES[suffix]} ({suffix}), a format not read; not loaded")
    return None


def page_records(name: str, data: bytes, *, corpus_name: str) -> FileRecords:
    """Read one text file: a scraped page, or a plain-text article.

    Args:
        name: the file's name relative to the corpus root.
        data: the file's bytes.
        corpus_name: the corpus root folder's name (the outlet when nothing else names one).

    Returns:
        The article (none when the file is not readable text) and the problems met:
        errors for files not loaded, warnings for the rest, an ``info`` row saying how a
        plain-text article's title was found.
    """
    records = FileRecords()
    skipped = skip_reason(name)
    if skipped is not None:
        records.issues.append(skipped)
        return records
    try:
        decoded = decode_page(data)
    except NotText as error:
        records.issues.append(Issue(name, "error", "file", None, f"{error}; not loaded"))
        return records
    records.issues.extend(Issue(name, "warning", "encoding", line, message)
                          for line, message in decoded.notes)
    if looks_like_page(decoded.text):
        _site_page(name, decoded, corpus_name, records)
    else:
        _plain_article(name, decoded, corpus_name, records)
    return records


def _site_page(name: str, decoded: Decoded, corpus_name: str, records: FileRecords) -> None:
    page = parse_page(decoded.text)
    records.issues.extend(Issue(name, "warning", note.field, note.line, note.message)
                          for note in page.notes)
    if not page.title and not page.body:
        records.issues.append(Issue(name, "error", "file", None,
                                    "no headline and no body found; not an article page; not loaded"))
        return
    row, related = page_record(name, title=page.title, published=page.published, body=page.body,
                               signature=page.signature, related=page.related,
                               outlet=outlet_of(None, None, name, corpus_name),
                               related_line=page.related_line)
    records.pages.append(row)
    records.related.extend(related)


def _plain_article(name: str, decoded: Decoded, corpus_name: str, records: FileRecords) -> None:
    article = parse_plain(decoded.text, name)
    records.issues.append(Issue(name, "info", "title", article.title_line,
                                f"plain-text article: title taken from the {article.title_from}; "
                                "no date in a plain-text file, published left empty"))
    row, _ = page_record(name, title=article.title, published=None, body=article.body,
                         signature=article.signature, related=[],
                         outlet=outlet_of(None, None, name, corpus_name))
    records.pages.append(row)


def problems(records: FileRecords) -> list[Issue]:
    """The issues of a file that are problems (``error`` or ``warning``), not ``info`` rows.

    Args:
        records: one file's records.

    Returns:
        Its problems, in order; strict mode raises at the first.
    """
    return [issue for issue in records.issues if issue.severity != "info"]


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
        records = file_records(source, data, columns=columns, timezone=timezone, corpus_name=corpus_name_of(root))
        if errors == "raise" and problems(records):
            raise IngestError(problems(records)[0])
        yield source, records
