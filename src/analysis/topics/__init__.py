"""Topics of news texts: a TF-IDF and NMF topic model, its quality card, and the stage.

``TopicModel`` works on any texts, scikit-learn style; ``run_topics`` brings the
processed tables up to date. Names are imported on first use, so that
``analysis.topics.quality`` loads without scikit-learn's decomposition or spaCy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "TopicModel": "analysis.topics.model",
    "label_topics": "analysis.topics.labels",
    "text_phrases": "analysis.topics.labels",
    "match_topics": "analysis.topics.matching",
    "analyse": "analysis.topics.vectorise",
    "lemmatise": "analysis.topics.vectorise",
    "TopicsReport": "analysis.topics.stage",
    "TopicsSkipped": "analysis.topics.stage",
    "run_topics": "analysis.topics.stage",
    "TOPIC_TABLES": "analysis.topics.tables",
    "article_terms": "analysis.topics.terms",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis.topics' has no attribute {name!r}")
