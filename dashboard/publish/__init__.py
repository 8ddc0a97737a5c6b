"""The publication layer (issue 10): which registry counts may be shown, and the one path
every registry number takes out of the server.

:mod:`dashboard.publish.protect` and :mod:`dashboard.publish.hypercube` are the pure engine:
primary and secondary cell suppression of linked count tables, audited so that every hidden
cell keeps at least ``SMALL_CELL_LIMIT`` whole values consistent with everything published.
:mod:`dashboard.publish.registry` builds an area's registry universe and decides its hidden
cells once per data version (the national layer: each county as its plan area, the counties
in no plan area as one more universe without a total). :mod:`dashboard.publish.rates`
(``published_rates``, ``published_series``, ``published_rank_intervals``) is what the map,
the county page, the overview's findings, the decks and every download call.
"""
