"""Parquet on disk: atomic writes and reads of the processed tables.

Two forms, one reader (``read_table``):

- **Published tables** (the stages' outputs that analysts read) are Parquet
  datasets: a folder per table, partitioned by the month of the article each
  row belongs to, hive-style (``articles/month=2016-02/part-0.parquet``;
  ``month=unknown`` for undated articles). Tables that are not per article
  (``stories``, ``issues``, ``topics``) are one ``part-0.parquet`` in their
  folder. pandas (``pd.read_parquet``), Dask (``dd.read_parquet``) and DuckDB
  (``read_parquet('articles/**/*.parquet', hive_partitioning = true)``) read
  the folder alike, with ``month`` as an extra column. A new version is written
  to a hidden folder beside it (``.articles.<id>``) and the table's name, a
  symbolic link, is switched to it with one ``os.replace``, so a reader sees the
  old version or the new one, never a mix; the old version is then removed.
- **Single files** (a stage's private state under ``_state``) go to a temporary
  file in the same folder and are moved into place with ``os.replace``.

A group of tables is first all written aside, then all moved into place.
"""

from __future__ import annotations

import functools
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from analysis import config
from analysis.schemas import TABLES, UNDATED, cast, month_keys

ARROW_STRINGS = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow")}
"""Arrow string types to the pandas dtype of text columns (``types_mapper`` of ``to_pandas``)."""


def processed_folder(directory: Path | str | None = None) -> Path:
    """The folder a table is read from, as a ``Path``.

    Args:
        directory: a folder (``str`` or ``Path``, ``~`` expanded), or None for
            ``config.PROCESSED_DIR`` (read at call time, so a changed setting is followed).

    Returns:
        The folder.
    """
    return config.PROCESSED_DIR if directory is None else Path(directory).expanduser()


def table_exists(directory: Path | str, name: str) -> bool:
    """Whether a table is there, as a dataset folder or a single file.

    Args:
        directory: the folder of processed data (or of a stage's state); ``str`` or ``Path``.
        name: the table's name, e.g. ``articles``.

    Returns:
        True when ``directory / name`` is a folder or ``directory / f"{name}.parquet"`` a file.
    """
    directory = processed_folder(directory)
    return (directory / name).is_dir() or (directory / f"{name}.parquet").is_file()


def table_files(directory: Path | str, name: str) -> list[Path]:
    """The Parquet files of a table, in reading order (months in order, undated last).

    Args:
        directory: the folder of processed data (or of a stage's state); ``str`` or ``Path``.
        name: the table's name.

    Returns:
        The files; empty when the table does not exist.
    """
    directory = processed_folder(directory)
    folder = directory / name
    if folder.is_dir():
        return sorted(path for path in folder.rglob("*.parquet") if not path.name.startswith((".", "_")))
    single = directory / f"{name}.parquet"
    return [single] if single.is_file() else []


def table_rows(directory: Path | str, name: str) -> int:
    """The number of rows of a table, from the Parquet footers (no data is read).

    Args:
        directory: the folder of processed data; ``str`` or ``Path``.
        name: the table's name.

    Returns:
        The row count.

    Raises:
        FileNotFoundError: when the table does not exist.
    """
    return sum(pq.ParquetFile(path).metadata.num_rows for path in _existing_files(directory, name))


def article_months(articles: pd.DataFrame) -> pd.Series:
    """The partition of each article: the month of its publication time (``schemas.month_keys``).

    Args:
        articles: ``article_id`` and tz-aware ``published``.

    Returns:
        The months as strings, indexed by article id.
    """
    published = articles["published"]
    return month_keys(published, str(published.dt.tz or "UTC")).set_axis(pd.Index(articles["article_id"]))


def replace_together(writers: Sequence[tuple[Path, Callable[[str], object]]]) -> list[Path]:
    """Write several files, each to a temporary file beside it, then move them all into place.

    The files get the permissions of any new file (``0o666`` less the umask),
    as the folders do, so whoever may read the folder may read the files.

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
            temporary = _new_file_beside(target)
            staged.append((temporary, target))
            write(str(temporary))
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
    return [target for _, target in staged]


def _new_file_beside(target: Path) -> Path:
    """An empty hidden file beside ``target``, with the umask's permissions (``mkstemp`` gives 0600)."""
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # never an existing file
    return temporary


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
    return replace_together([(directory / f"{name}.parquet", functools.partial(_write_parquet, content))
                             for name, content in tables.items()])


def publish_tables(
    tables: Mapping[str, pd.DataFrame | Iterable[pd.DataFrame]], directory: Path, *,
    months: pd.Series | None = None,
) -> list[Path]:
    """Write tables as Parquet datasets partitioned by month, switching them into place together.

    Args:
        tables: table name to a frame, or to an iterable of frames with the
            same columns (written in pieces, so the whole table never has to be
            in memory).
        directory: the folder of processed data (created when missing).
        months: each article's month (``article_months``), indexed by article
            id; the rows of a table with an ``article_id`` column go to their
            article's month (``unknown`` for an article not in it). Without it,
            or for a table without ``article_id``, the table is one file.

    Returns:
        The tables' folders (``directory / name``).
    """
    directory.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, content in tables.items():
            version = directory / f".{name}.{uuid.uuid4().hex[:12]}"
            staged.append((version, directory / name))
            _write_dataset(content, version, months)
    except BaseException:
        for version, _ in staged:
            shutil.rmtree(version, ignore_errors=True)
        raise
    for version, link in staged:
        _switch(link, version)
    return [link for _, link in staged]


def _write_dataset(content: pd.DataFrame | Iterable[pd.DataFrame], folder: Path,
                   months: pd.Series | None) -> None:
    chunks = [content] if isinstance(content, pd.DataFrame) else content
    writers: dict[str, pq.ParquetWriter] = {}
    schema = None
    try:
        for chunk in chunks:
            table = pa.Table.from_pandas(chunk, preserve_index=False, schema=schema)
            schema = table.schema
            for key, rows in _split_by_month(chunk, table, months):
                if key not in writers:
                    path = folder / (f"month={key}" if key else "") / "part-0.parquet"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    writers[key] = pq.ParquetWriter(path, schema)
                writers[key].write_table(rows)
        if schema is None:
            raise ValueError(f"{folder}: no chunks to write; give at least one (possibly empty) frame")
        if not writers:  # no rows: one empty file keeps the columns
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(schema.empty_table(), folder / "part-0.parquet")
    finally:
        for writer in writers.values():
            writer.close()


def _split_by_month(chunk: pd.DataFrame, table: pa.Table,
                    months: pd.Series | None) -> Iterable[tuple[str, pa.Table]]:
    """A chunk's rows by partition, in month order, each keeping the rows' order ('' = unpartitioned)."""
    if len(chunk) == 0:
        return []
    if months is None or "article_id" not in chunk:
        return [("", table)]
    keys = chunk["article_id"].map(months).fillna(UNDATED).to_numpy(dtype=object)
    groups = pd.Series(keys).groupby(keys, sort=True).indices
    return [(key, table.take(pa.array(rows))) for key, rows in groups.items()]


def _switch(link: Path, version: Path) -> None:
    """Point ``link`` at ``version`` in one step, then remove older versions and any single-file form."""
    pointer = link.with_name(f".{link.name}.{uuid.uuid4().hex[:12]}.link")
    try:
        os.symlink(version.name, pointer, target_is_directory=True)
    except OSError:  # no symbolic links here (some Windows set-ups): rename aside, then into place
        _switch_by_rename(link, version)
    else:
        if link.is_dir() and not link.is_symlink():  # a copied folder: a link cannot replace it
            shutil.rmtree(link)
        os.replace(pointer, link)
    for stale in link.parent.glob(f".{link.name}.*"):
        if stale.name == version.name:
            continue
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    link.with_name(f"{link.name}.parquet").unlink(missing_ok=True)


def _switch_by_rename(link: Path, version: Path) -> None:
    if link.exists():
        os.replace(link, link.with_name(f".{link.name}.{uuid.uuid4().hex[:12]}.old"))
    os.replace(version, link)


def read_table(name: str, processed_dir: Path | str | None = None, *,
               columns: list[str] | None = None) -> pd.DataFrame:
    """Read a table: a dataset folder (all its months, in order) or a single file.

    Args:
        name: the table's name, e.g. ``articles``.
        processed_dir: the folder of processed data (or of a stage's state),
            ``str`` or ``Path`` (``~`` expanded); ``config.PROCESSED_DIR`` when None.
        columns: only these columns, when given.

    Returns:
        The table, text columns as Arrow-backed pandas strings (as written),
        categories in the schema's order whatever the files hold; the ``month``
        of the partitions is not a column (it is the articles' month).

    Raises:
        FileNotFoundError: naming the table and the command that makes it.
    """
    directory = processed_folder(processed_dir)
    return _read_files(name, _existing_files(directory, name), directory, columns)


def read_table_pieces(name: str, processed_dir: Path | str | None = None, *,
                      columns: list[str] | None = None, rows: int | None = None) -> Iterator[pd.DataFrame]:
    """Read a table a piece at a time: month by month for a partitioned table.

    Args:
        name: the table's name, e.g. ``articles``.
        processed_dir: the folder of processed data, ``str`` or ``Path`` (``~``
            expanded); ``config.PROCESSED_DIR`` when None.
        columns: only these columns, when given.
        rows: the most rows in a piece: a larger file (one big month, or the
            undated articles) comes in several pieces. Whole files when None.

    Yields:
        The rows of each file, or of each run of up to ``rows`` rows of it, in
        reading order, typed as by ``read_table``; a piece never mixes two
        files, so never two months.

    Raises:
        FileNotFoundError: naming the table and the command that makes it.
        ValueError: if ``rows`` is not positive.
    """
    if rows is not None and rows < 1:
        raise ValueError(f"rows={rows} is invalid; a piece must hold at least one row")
    directory = processed_folder(processed_dir)
    for path in _existing_files(directory, name):
        if rows is None:
            yield _read_files(name, [path], directory, columns)
            continue
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=rows, columns=columns):
            yield _typed(name, pa.Table.from_batches([batch], schema=batch.schema), directory)


def _read_files(name: str, files: list[Path], directory: Path, columns: list[str] | None) -> pd.DataFrame:
    return _typed(name, ds.dataset([str(path) for path in files], format="parquet").to_table(columns=columns),
                  directory)


def _typed(name: str, table: pa.Table, directory: Path) -> pd.DataFrame:
    """A table read from disk as pandas: Arrow-backed strings, categories in the schema's order."""
    frame = table.to_pandas(types_mapper=ARROW_STRINGS.get)
    for column in TABLES.get(name, ()):
        if isinstance(column.dtype, pd.CategoricalDtype) and column.name in frame:
            frame[column.name] = cast(frame[column.name], column.dtype, where=f"{directory / name}")
    return frame


def _existing_files(directory: Path | str, name: str) -> list[Path]:
    directory = processed_folder(directory)
    files = table_files(directory, name)
    if not files:
        raise FileNotFoundError(f"{directory / name}: no such table; {_advice(name)}")
    return files


def _advice(name: str) -> str:
    """How to get a missing table: the stage that writes it, or the tables there are."""
    from analysis.catalogue import TABLES

    if name in TABLES:
        return f"run `analysis {TABLES[name].stage}` (or `make run`) first"
    return f"the processed tables are {', '.join(TABLES)}"
