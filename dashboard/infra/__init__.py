"""Infrastructure: settings, database schema and access, cache, request state, first-run preparation."""
