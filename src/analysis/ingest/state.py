"""What the ingest stage keeps between runs, in ``<processed>/_state/ingest/``.

- ``manifest.parquet``: one row per input file with its size, modification
  time, content hash and the part holding its parsed records;
- ``parts/<id>/``: the per-file tables (``pages``, ``page_related``,
  ``page_issues``) of the files parsed in one batch;
- ``settings.json``: the settings the parts were parsed with (a change means
  a full re-parse);
- ``DIRTY``: present while the output tables lag behind the manifest.

Rows of a part whose file has since changed or gone stay in the part until it
is no longer referenced; readers keep only the rows the manifest points to.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from analysis.ingest.assemble import concat_rows, records_frames
from analysis.store import read_table, table_exists, write_tables

PART_TABLES = ("pages", "page_related", "page_issues")
MANIFEST_COLUMNS = {"source_file": "string", "size": "int64", "mtime_ns": "int64",
                    "file_hash": "string", "part": "string"}
"""The manifest's columns: file name, size in bytes, modification time (ns), content hash, part."""


def empty_manifest() -> pd.DataFrame:
    """A manifest with no files."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in MANIFEST_COLUMNS.items()})


def read_manifest(state: Path, settings: dict) -> pd.DataFrame:
    """The manifest of the last run, or an empty one when it ran with other settings.

    Args:
        state: the stage's state folder.
        settings: the settings of this run.

    Returns:
        One row per file parsed by earlier runs (``MANIFEST_COLUMNS``).
    """
    settings_file = state / "settings.json"
    if not settings_file.exists() or json.loads(settings_file.read_text()) != settings:
        return empty_manifest()
    if not table_exists(state, "manifest"):
        return empty_manifest()
    return read_table("manifest", state).astype(MANIFEST_COLUMNS)


def write_manifest(state: Path, manifest: pd.DataFrame) -> None:
    """Replace the manifest atomically.

    Args:
        state: the stage's state folder.
        manifest: the rows to write.
    """
    write_tables({"manifest": manifest.sort_values("source_file", ignore_index=True)}, state)


def new_part(state: Path, frames: dict[str, pd.DataFrame]) -> str:
    """Write the per-file tables of one batch as a new part.

    Args:
        state: the stage's state folder.
        frames: the ``PART_TABLES`` of the batch.

    Returns:
        The part's id.
    """
    part = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
    write_tables(frames, state / "parts" / part)
    return part


def mark_dirty(state: Path, settings: dict) -> None:
    """Note that the outputs lag behind the manifest, and the settings parts are parsed with.

    Args:
        state: the stage's state folder.
        settings: the settings of this run.
    """
    state.mkdir(parents=True, exist_ok=True)
    (state / "DIRTY").touch()
    (state / "settings.json").write_text(json.dumps(settings, indent=2, sort_keys=True))


def is_dirty(state: Path) -> bool:
    """Whether a run stopped after changing the manifest but before replacing the outputs."""
    return (state / "DIRTY").exists()


def mark_clean(state: Path, manifest: pd.DataFrame) -> None:
    """Note that the outputs match the manifest, and remove parts it no longer points to.

    Args:
        state: the stage's state folder.
        manifest: the current manifest.
    """
    (state / "DIRTY").unlink(missing_ok=True)
    used = set(manifest["part"])
    parts = state / "parts"
    for folder in parts.iterdir() if parts.exists() else []:
        if folder.name not in used:
            shutil.rmtree(folder)


def read_parts(state: Path, manifest: pd.DataFrame, name: str, *,
               columns: list[str] | None = None, positions: bool = False) -> pd.DataFrame:
    """Read one per-file table over all parts, keeping the rows the manifest points to.

    Args:
        state: the stage's state folder.
        manifest: the current manifest.
        name: one of ``PART_TABLES``.
        columns: only these columns (``source_file`` is always read).
        positions: add ``part`` and ``row`` (position in the part) columns.

    Returns:
        The rows, part by part.
    """
    frames = []
    wanted_columns = None if columns is None else ["source_file", *(c for c in columns if c != "source_file")]
    for part, files in manifest.groupby("part", sort=True)["source_file"]:
        frame = read_table(name, state / "parts" / str(part), columns=wanted_columns)
        if positions:
            frame["part"], frame["row"] = part, range(len(frame))
        keep = frame["source_file"].isin(set(files))
        frames.append(frame if keep.all() else frame[keep])
    if not frames:
        frame = records_frames([])[name]
        return frame.assign(part=pd.Series(dtype="string"), row=pd.Series(dtype="int64")) if positions else frame
    return concat_rows(frames)


def pages_in_order(state: Path, chosen: pd.DataFrame, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """Yield the chosen rows of the per-file pages, whole, in order, a chunk at a time.

    Only one chunk's text (and the part it comes from) is in memory at once.

    Args:
        state: the stage's state folder.
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
                cache[part] = read_table("pages", state / "parts" / str(part))
            pieces.append(cache[part].take(rows["row"].to_numpy()).set_axis(rows.index))
        yield pd.concat(pieces).sort_index().reset_index(drop=True)
