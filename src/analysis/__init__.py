"""News coverage analysis toolkit."""
