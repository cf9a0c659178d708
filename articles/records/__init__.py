"""The records layer beyond the models: merging records, backups (export and import), the countries, and the
change counter that readers' copies are validated by. Imports the models, the kernel and the search index."""
