"""Thin commands over importable functions: each parses its options and calls the layer that does the work."""
