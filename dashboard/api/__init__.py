"""The read API under ``/api/v1/`` (issue 10): the published numbers as JSON and CSV.

No Dash here, and no statistics or SQL of its own: every number comes from the
publication layer (:func:`dashboard.publish.rates.published_rates`) or from the same view
functions that build the pages' tables and downloads, so the API shows and hides exactly
what the pages do. The request's scope is the pages' scope (:mod:`dashboard.access.scope`).

- :mod:`dashboard.api.params` — the query string checked: unknown, repeated, missing or
  wrong parameters are answered 400 with the parameter, its value and what is allowed;
- :mod:`dashboard.api.tables` — the rows of each route, built from the views;
- :mod:`dashboard.api.respond` — JSON (UTF-8) and CSV (UTF-8 with a BOM) answers, errors;
- :mod:`dashboard.api.routes` — the routes and :func:`~dashboard.api.routes.install_api`.
"""

from __future__ import annotations

from dashboard.api.routes import install_api

__all__ = ["install_api"]
