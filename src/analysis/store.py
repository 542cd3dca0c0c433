"""Parquet on disk: atomic writes and reads of the processed tables.

A write goes to a temporary file in the same folder and is moved into place
with ``os.replace``, so a reader (or an interrupted run) only ever sees the
old file or the new one, never half of one. A group of tables is first all
written aside, then all moved into place.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.schemas import TABLES

ARROW_STRINGS = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow")}
"""Arrow string types to the pandas dtype of text columns (``types_mapper`` of ``to_pandas``)."""


def table_path(directory: Path, name: str) -> Path:
    """Where a table lives.

    Args:
        directory: the folder of processed data.
        name: the table's name, e.g. ``articles``.

    Returns:
        ``directory / f"{name}.parquet"``.
    """
    return directory / f"{name}.parquet"


def replace_together(writers: Sequence[tuple[Path, Callable[[str], object]]]) -> list[Path]:
    """Write several files, each to a temporary file beside it, then move them all into place.

    Args:
        writers: ``(target, write)`` pairs; ``write(path)`` writes the content to ``path``.

    Returns:
        The targets, in order. On an error (or an interruption) no target is
        touched and the temporary files are removed.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, write in writers:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            os.close(handle)
            staged.append((Path(temporary), target))
            write(temporary)
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
    return [target for _, target in staged]


def _write_parquet(content: pd.DataFrame | Iterable[pd.DataFrame], path: str) -> None:
    if isinstance(content, pd.DataFrame):
        content.to_parquet(path, index=False)
    else:
        _write_chunks(content, path)


def _write_chunks(chunks: Iterable[pd.DataFrame], path: str) -> None:
    writer = None
    try:
        for chunk in chunks:
            table = pa.Table.from_pandas(chunk, preserve_index=False,
                                         schema=None if writer is None else writer.schema)
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        raise ValueError(f"{path}: no chunks to write; give at least one (possibly empty) frame")


def write_tables(
    tables: Mapping[str, pd.DataFrame | Iterable[pd.DataFrame]], directory: Path
) -> list[Path]:
    """Write several tables as Parquet, each atomically, moving them into place together.

    Args:
        tables: table name to a frame, or to an iterable of frames with the
            same columns (written one row group each, so the whole table never
            has to be in memory).
        directory: the folder to write into (created when missing).

    Returns:
        The paths written.
    """
    return replace_together([(table_path(directory, name), functools.partial(_write_parquet, content))
                             for name, content in tables.items()])


def read_table(name: str, directory: Path, *, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a processed table.

    Args:
        name: the table's name, e.g. ``articles``.
        directory: the folder of processed data.
        columns: only these columns, when given.

    Returns:
        The table, text columns as Arrow-backed pandas strings (as written).

    Raises:
        FileNotFoundError: naming the file and the command that makes it.
    """
    path = table_path(directory, name)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such table; run `analysis ingest` (or `make run`) first")
    frame = pq.read_table(path, columns=columns).to_pandas(types_mapper=ARROW_STRINGS.get)
    categories = {column.name: column.dtype for column in TABLES.get(name, ())
                  if isinstance(column.dtype, pd.CategoricalDtype) and column.name in frame}
    return frame.astype(categories)
