"""The schema's history. A migration may import the records layer (the country table's loader), never the
models' current classes."""
