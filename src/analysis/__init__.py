"""News coverage analysis: scraped pages to tables, entities, topics, timelines and charts.

The loaders are at the top level::

    from analysis import load_corpus, query
    corpus = load_corpus("data/raw")
    query("SELECT kind, count(*) FROM entities GROUP BY kind")   # SQL over data/processed
    search('sanction* AND country:IRN')                         # matching articles
    kwic('"foreign ministry"', width=60)                        # each hit in context
    attention("sanction*", by="outlet", freq="month")           # share of stories per period
    distinctive_terms(kind="both")            # the words and names that set each outlet apart

They are imported on first use, so that ``analysis --help`` starts quickly and
the command line can configure Arrow before pandas and pyarrow load.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {name: "analysis.ingest" for name in
            ("Corpus", "IngestError", "load_articles", "load_corpus", "load_related")}
_EXPORTS["query"] = "analysis.sql"
_EXPORTS.update({"search": "analysis.fulltext", "kwic": "analysis.fulltext", "attention": "analysis.coverage"})
_EXPORTS["distinctive_terms"] = "analysis.compare"  # the package analysis.compare keeps its name

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
