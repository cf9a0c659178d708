"""Template filters (dates as the pages show them). Imports nothing of ``articles``."""
