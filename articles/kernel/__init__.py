"""Small infrastructure that knows nothing of the archive's records or of the web: a weighed LRU, answers kept
per state, callbacks once per transaction, statements compiled once. Imports nothing of ``articles``."""
