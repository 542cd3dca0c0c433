"""SQL over the processed tables, with DuckDB.

Every table of the processed folder is a view under its own name: each
``<name>.parquet`` file, and each ``<name>/`` folder of Parquet files (a
partitioned dataset, read with its hive partitions). The stages' private state
(``_state/``) is not. Example::

    from analysis.sql import query

    query("SELECT kind, count(*) AS mentions FROM entities GROUP BY kind ORDER BY mentions DESC")

or from the shell: ``analysis sql "SELECT ..."``. Results are pandas frames with
Arrow-backed strings, like the tables; times come back tz-aware in the corpus's
zone (that of ``articles.published``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from analysis import config
from analysis.store import ARROW_STRINGS, table_files


def tables(processed_dir: Path | str | None = None) -> dict[str, Path]:
    """The tables ``query`` can read, by name.

    Args:
        processed_dir: the processed folder; ``config.PROCESSED_DIR`` when None.

    Returns:
        Table name to its Parquet file or dataset folder, by name.

    Raises:
        FileNotFoundError: when the folder does not exist or holds no table.
    """
    folder = Path(processed_dir or config.PROCESSED_DIR)
    found = {} if not folder.is_dir() else {
        path.stem if path.is_file() else path.name: path
        for path in sorted(folder.iterdir())
        if not path.name.startswith(("_", ".")) and (
            (path.is_file() and path.suffix == ".parquet")
            or (path.is_dir() and any(path.rglob("*.parquet"))))}
    if not found:
        raise FileNotFoundError(f"{folder}: no processed tables; run `analysis ingest` (or `make run`) first")
    return found


def query(sql: str, *, processed_dir: Path | str | None = None) -> pd.DataFrame:
    """Run a DuckDB query over the processed tables.

    Args:
        sql: the query; tables are named as in ``tables()`` (articles, related, entities...).
        processed_dir: the processed folder; ``config.PROCESSED_DIR`` when None.

    Returns:
        The result (empty for a statement that returns no rows).

    Raises:
        FileNotFoundError: when there are no tables.
        ValueError: when DuckDB rejects the query (its message, and the tables there are).
    """
    available = tables(processed_dir)
    with duckdb.connect() as connection:
        for name, path in available.items():
            connection.execute(f'CREATE VIEW "{name}" AS SELECT * FROM {_source(path)}')
        zone = _zone(available)
        if zone:
            connection.execute(f"SET TimeZone = '{zone}'")
        try:
            result = connection.sql(sql)
        except duckdb.Error as error:
            raise ValueError(f"{error}\n(tables: {', '.join(available)})") from error
        if result is None:  # a statement without rows
            return pd.DataFrame()
        return result.to_arrow_table().to_pandas(types_mapper=ARROW_STRINGS.get)


def _source(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    if path.is_file():
        return f"read_parquet('{quoted}')"
    return f"read_parquet('{quoted}/**/*.parquet', hive_partitioning = true)"


def _zone(available: dict[str, Path]) -> str | None:
    """The corpus's time zone, from the articles table's schema (times come back in it)."""
    files = table_files(available["articles"].parent, "articles") if "articles" in available else []
    if not files:
        return None
    field = pq.read_schema(files[0]).field("published")
    return getattr(field.type, "tz", None)


def format_result(frame: pd.DataFrame, *, max_rows: int = 50) -> str:
    """A result as text for the terminal: up to ``max_rows`` rows and a row count.

    Args:
        frame: a result of ``query``.
        max_rows: rows shown.

    Returns:
        The text.
    """
    shown = frame.head(max_rows).to_string(index=False)
    more = f" ({len(frame) - max_rows:,} not shown)" if len(frame) > max_rows else ""
    return f"{shown}\n{len(frame):,} rows{more}"
