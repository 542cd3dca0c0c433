"""People, countries, groups and places mentioned in texts, with canonical names.

The main functions are imported on first use, so that the lookup modules
(``countries``, ``places``, ``groups``, ``people``) load without spaCy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "MENTION_COLUMNS": "analysis.entities.extract",
    "extract_entities": "analysis.entities.extract",
    "resolve_mentions": "analysis.entities.extract",
    "focus_countries": "analysis.entities.focus",
    "focus_from_mentions": "analysis.entities.focus",
    "people_in_focus": "analysis.entities.focus",
    "load_pipeline": "analysis.entities.model",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis.entities' has no attribute {name!r}")
