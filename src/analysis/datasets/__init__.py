"""Readers of public corpora used to build the demo corpus, benchmarks and gold standards."""
