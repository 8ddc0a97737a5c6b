"""The publication layer: the one path by which counts, rates and proportions leave the server.

- :mod:`~dashboard.publish.hypercube`: the pure suppression engine (primary cells 1 to
  ``SMALL_CELL_LIMIT``; secondary cells by certified hypercubes, so every hidden cell keeps
  at least ``SMALL_CELL_LIMIT`` whole values consistent with everything published);
- :mod:`~dashboard.publish.audit`: the linear-programming audit of a pattern;
- :mod:`~dashboard.publish.registry`: the registry universe of an area (county × period ×
  sex × site × measure) and its pattern, decided once per data version;
- :mod:`~dashboard.publish.screening`: the screening universe (stages × programmes and their
  sums × year × unit) and its pattern;
- :mod:`~dashboard.publish.indicators`: plan indicators (person counts of ``ratio``
  indicators by their own pattern, screening-based ones by the screening pattern);
- :mod:`~dashboard.publish.rates`: rates, intervals, ranks and series as published
  (``published_rates``, ``published_series``, ``published_rank_intervals``); the national
  layer: each county as its plan area, counties in no plan area as one more universe
  without a total.
"""
