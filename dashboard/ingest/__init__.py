"""Loading data: the checked, all-or-nothing importer."""
