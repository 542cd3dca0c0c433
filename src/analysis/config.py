"""Paths and settings: the one place that knows where things live.

Every path can be overridden with an environment variable (and, in the CLI,
an option), so the same code runs on the demo corpus, on a team's archive and
in tests.

| setting            | environment variable   | default                          |
|--------------------|------------------------|----------------------------------|
| ``RAW_DIR``        | ``ANALYSIS_RAW_DIR``       | ``data/raw``                 |
| ``PROCESSED_DIR``  | ``ANALYSIS_PROCESSED_DIR`` | ``data/processed``           |
| ``FIGURES_DIR``    | ``ANALYSIS_FIGURES_DIR``   | ``reports/figures``          |
| ``SOURCE_TIMEZONE``| ``ANALYSIS_TIMEZONE``      | ``Asia/Tehran``              |
| ``SHARED_DIR``     | ``ANALYSIS_SHARED_DIR``    | ``../shared`` (beside the repo) |
| ``GROUPS_FILE``    | ``ANALYSIS_GROUPS_FILE``   | none: an analyst's own group aliases (CSV) |
| ``CURATION_FILE``  | ``ANALYSIS_CURATION_FILE`` | none: an analyst's decisions on entity names (CSV) |
| ``EVENTS_FILE``    | ``ANALYSIS_EVENTS_FILE``   | ``data/external/events.csv`` (dates marked on charts) |

``SOURCE_TIMEZONE`` is an assumption: the scraped pages print wall-clock times
with no zone, and the site publishes from Tehran. Pages from elsewhere need
their own zone (``analysis ingest --timezone``).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[2]


def _path_setting(variable: str, default: Path | None) -> Path | None:
    value = os.environ.get(variable)
    return Path(value).expanduser().resolve() if value else default


RAW_DIR = _path_setting("ANALYSIS_RAW_DIR", PROJ_ROOT / "data" / "raw")
PROCESSED_DIR = _path_setting("ANALYSIS_PROCESSED_DIR", PROJ_ROOT / "data" / "processed")
FIGURES_DIR = _path_setting("ANALYSIS_FIGURES_DIR", PROJ_ROOT / "reports" / "figures")
SHARED_DIR = _path_setting("ANALYSIS_SHARED_DIR", PROJ_ROOT.parent / "shared")
CORPORA_DIR = SHARED_DIR / "corpora"
GROUPS_FILE = _path_setting("ANALYSIS_GROUPS_FILE", None)
CURATION_FILE = _path_setting("ANALYSIS_CURATION_FILE", None)
EVENTS_FILE = _path_setting("ANALYSIS_EVENTS_FILE", PROJ_ROOT / "data" / "external" / "events.csv")
SOURCE_TIMEZONE = os.environ.get("ANALYSIS_TIMEZONE", "Asia/Tehran")
