"""View modules: one per page, from a parsed selection to ready-made labels, figures and rows (no Dash)."""
