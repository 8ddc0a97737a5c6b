"""All SQL of the dashboard: SQLAlchemy statements with bound parameters.

Each function takes a :class:`dashboard.infra.db.Database` first, returns a
DataFrame whose columns are documented in its docstring, and is memoized with
:func:`dashboard.infra.cache.memoize` (the database's URL is part of the key).
"""
