"""News coverage analysis: scraped pages to tables, entities, topics, timelines and charts.

The loaders are at the top level::

    from analysis import load_corpus
    corpus = load_corpus("data/raw")
"""

from analysis.ingest import Corpus, IngestError, load_articles, load_corpus, load_related

__all__ = ["Corpus", "IngestError", "load_articles", "load_corpus", "load_related"]
