"""The publication layer (issue 10, in progress): which counts may be shown.

So far the pure engine, :mod:`dashboard.publish.protect`: primary and secondary cell
suppression of linked count tables, audited by linear programming so that every hidden
cell keeps at least ``SMALL_CELL_LIMIT`` whole values consistent with everything
published. The pages do not route their numbers through it yet (they use
``dashboard.epi.hidden_counts``); wiring every page, download and the read API through
it is the rest of issue 10.
"""
