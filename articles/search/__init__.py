"""The search index, a projection of the database: schema, backends (Whoosh, PostgreSQL), queries, facets,
snippets, and keeping the index true to the database through the outbox. Imports the models and the kernel
only."""
