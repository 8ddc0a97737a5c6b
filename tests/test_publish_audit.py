"""The LP audit (dashboard.publish.audit) and the hypercube engine, checked against an
independent LP written here.

A small two-way table with margins, as a registry publishes county × sex counts with
their totals: whatever is hidden must keep at least 5 whole values consistent with
everything shown (hidden cells only known to be ≥ 0).
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.optimize import linprog

from dashboard.publish.audit import LinkedCells, audit
from dashboard.publish.hypercube import Dimension, suppress


def _table(cells: list[list[int]]) -> LinkedCells:
    """Cells of an r × c table, then row totals, column totals and the grand total."""
    a = np.array(cells)
    r, c = a.shape
    values = [*a.ravel(), *a.sum(axis=1), *a.sum(axis=0), a.sum()]
    idx = np.arange(r * c).reshape(r, c)
    row_t = r * c + np.arange(r)
    col_t = r * c + r + np.arange(c)
    grand = r * c + r + c
    relations = [np.array([row_t[i], *idx[i]]) for i in range(r)]
    relations += [np.array([col_t[j], *idx[:, j]]) for j in range(c)]
    relations += [np.array([grand, *row_t]), np.array([grand, *col_t])]
    return LinkedCells(values=np.array(values), relations=relations)


def _independent_range(cells: LinkedCells, hidden: np.ndarray, cell: int) -> tuple[float, float]:
    """Min and max of one hidden cell given every shown cell, every sum, and hidden ≥ 0."""
    h = np.flatnonzero(hidden)
    pos = {c: i for i, c in enumerate(h)}
    rows, rhs = [], []
    for members in cells.relations:
        total, parts = members[0], members[1:]
        row = np.zeros(len(h))
        b = 0.0
        for c, sign in [(total, 1.0), *[(p, -1.0) for p in parts]]:
            if c in pos:
                row[pos[c]] += sign
            else:
                b -= sign * cells.values[c]
        if row.any():
            rows.append(row)
            rhs.append(b)
    obj = np.zeros(len(h))
    obj[pos[cell]] = 1.0
    bounds = [(0, None)] * len(h)
    lo = linprog(obj, A_eq=np.array(rows), b_eq=np.array(rhs), bounds=bounds, method="highs")
    hi = linprog(-obj, A_eq=np.array(rows), b_eq=np.array(rhs), bounds=bounds, method="highs")
    return lo.fun, (np.inf if hi.status == 3 else -hi.fun)


def _protect(a: np.ndarray) -> tuple[LinkedCells, np.ndarray]:
    """The hypercube pattern of table ``a`` with margins, as flags over :func:`_table`'s cells."""
    r, c = a.shape
    full = np.zeros((r + 1, c + 1), np.int64)
    full[:r, :c] = a
    full[r, :c], full[:r, c], full[r, c] = a.sum(axis=0), a.sum(axis=1), a.sum()
    dims = [Dimension(r + 1, ((r, tuple(range(r))),), 2), Dimension(c + 1, ((c, tuple(range(c))),), 2)]
    h = suppress(full, dims).hidden
    flags = np.array([*h[:r, :c].ravel(), *h[:r, c], *h[r, :c], h[r, c]])
    return _table(a.tolist()), flags


def test_the_audit_finds_two_small_cells_pinned_by_their_sum() -> None:
    """Route 1 of the issue: total − shown = the sum of two hidden cells; 1 + 1 pins both."""
    cells = _table([[1, 1, 40], [30, 25, 50], [12, 60, 44]])
    hidden = np.zeros(cells.n, bool)
    hidden[:2] = True
    a = audit(cells, hidden, floor=np.zeros(cells.n))
    assert a.narrowest == 1  # each is also its column total minus the shown cells
    assert list(a.failing(5)) == [0, 1]


def test_every_hidden_cell_keeps_five_values_by_an_independent_lp() -> None:
    rng = np.random.default_rng(3)
    for _ in range(5):
        a = rng.integers(0, 40, size=(4, 5))
        small = rng.random(a.shape) < 0.3
        a[small] = rng.integers(1, 6, size=int(small.sum()))  # many counts of 1-5
        cells, hidden = _protect(a)
        assert (hidden[(cells.values >= 1) & (cells.values <= 5)]).all()  # every small count hidden
        for cell in np.flatnonzero(hidden):
            lo, hi = _independent_range(cells, hidden, int(cell))
            assert lo <= cells.values[cell] <= hi
            assert np.floor(hi) - np.ceil(lo) + 1 >= 5, (a.tolist(), int(cell), lo, hi)


def test_nothing_small_nothing_hidden() -> None:
    _, hidden = _protect(np.array([[10, 20], [30, 40]]))
    assert not hidden.any()


def test_the_engine_audit_agrees_with_the_independent_lp() -> None:
    cells, hidden = _protect(np.array([[2, 30, 17], [44, 3, 21], [19, 26, 1]]))
    a = audit(cells, hidden, min_values=10**6, floor=np.zeros(cells.n))  # exact ranges
    for cell in itertools.islice(np.flatnonzero(hidden), 6):
        lo, hi = _independent_range(cells, hidden, int(cell))
        assert np.isclose(a.lower[cell], lo) and (np.isinf(hi) or np.isclose(a.upper[cell], hi))
