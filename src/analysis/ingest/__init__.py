"""Reading scraped pages and tabular exports into the corpus tables."""

from analysis.ingest.corpus import Corpus, load_articles, load_corpus, load_related
from analysis.ingest.ledger import IngestError, Issue

__all__ = ["Corpus", "IngestError", "Issue", "load_articles", "load_corpus", "load_related"]
