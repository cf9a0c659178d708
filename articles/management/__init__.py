"""What the commands share: the base that drains the index outbox first, and the benchmark figures page.
May import any layer."""
