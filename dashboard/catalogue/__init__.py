"""Reference catalogues: cancer sites, plan indicators, boundaries of every county."""
