"""``save_figure``: a chart, the data behind it and its caption, written atomically."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure, SubFigure

from analysis.charts.style import house_style
from analysis.config import FIGURES_DIR
from analysis.store import replace_together

FORMATS = ("png", "svg", "pdf")
"""The image formats ``save_figure`` writes by default (and the only ones it knows)."""

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def save_figure(fig: Figure | SubFigure, name: str, *, data: pd.DataFrame, caption: str,
                figures_dir: Path = FIGURES_DIR, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write a chart as images, the plotted data as CSV and a caption as text.

    Each file is written to a temporary file beside it first; all are then moved
    into place, so a reader never sees half a file and an error leaves the old ones.

    Args:
        fig: the chart.
        name: the file stem, e.g. ``"volume"`` (letters, digits, ``_``, ``-``, ``.``).
        data: the table the chart shows; written as ``<name>.csv`` (times in ISO 8601
            with their offset, as pandas writes them).
        caption: what the chart shows (corpus, date range, counts); written as ``<name>.txt``.
        figures_dir: the folder (created when missing).
        formats: image formats, among ``FORMATS``.

    Returns:
        The paths written: the images in ``formats`` order, then the CSV and the caption.

    Raises:
        ValueError: for a bad name or an unknown format.
    """
    if not _NAME.fullmatch(name):
        raise ValueError(f"name={name!r} is invalid; use letters, digits, '_', '-' and '.', no folders")
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"formats={tuple(formats)!r} is invalid; must be some of {list(FORMATS)}")
    figures_dir = Path(figures_dir)
    figure = fig.figure  # the top-level figure, also for a subfigure
    writers: list[tuple[str, Callable[[str], object]]] = [
        *[(fmt, lambda path, fmt=fmt: figure.savefig(path, format=fmt)) for fmt in formats],
        ("csv", lambda path: data.to_csv(path, index=False)),
        ("txt", lambda path: Path(path).write_text(caption.strip() + "\n", encoding="utf-8")),
    ]
    with house_style():
        return replace_together([(figures_dir / f"{name}.{suffix}", write) for suffix, write in writers])
