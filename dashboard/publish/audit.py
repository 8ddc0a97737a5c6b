"""Audit of a suppression pattern by linear programming (pure: no I/O).

A *linked table* is a set of non-negative integer cells and the sums that tie them
together, as published: a total equals the sum of its parts (``exact``), or is at least
that sum. :func:`audit` computes, for every hidden cell, the smallest and largest value
consistent with every published cell and sum (SciPy's HiGHS), component by component
(hidden cells linked by sums). Cells are first certified cheaply from feasible points (the
true table and a few LP solutions with aggregate objectives); only the rest get their own
two LPs. :mod:`dashboard.publish.registry` uses it for the few cells the hypercube
certificate of :mod:`dashboard.publish.hypercube` cannot show wide enough on its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

__all__ = ["Audit", "LinkedCells", "audit", "settle"]


@dataclass
class LinkedCells:
    """Cells and the sums published over them.

    ``values``: the true counts (non-negative integers). ``relations``: each an array of
    cell indices, the total first and its parts after; ``exact[r]`` False when the total is
    only known to be at least the sum.
    """

    values: np.ndarray
    relations: list[np.ndarray]
    exact: np.ndarray | None = None
    _cell_rel: list[list[int]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values, dtype=np.int64)
        if self.exact is None:
            self.exact = np.ones(len(self.relations), bool)

    @property
    def n(self) -> int:
        return len(self.values)

    def cell_relations(self) -> list[list[int]]:
        """For each cell, the relations it belongs to."""
        if self._cell_rel is None:
            out: list[list[int]] = [[] for _ in range(self.n)]
            for r, members in enumerate(self.relations):
                for c in members.tolist():
                    out[c].append(r)
            self._cell_rel = out
        return self._cell_rel


@dataclass(frozen=True)
class Audit:
    """The audit of a suppression pattern: each hidden cell's consistent range.

    ``lower``/``upper``: the smallest and largest value consistent with everything published
    (NaN for shown cells; ``inf`` when unbounded). ``n_values``: whole values in the range.
    ``lp_solved``: linear programs solved; ``components``: groups of linked hidden cells.
    """

    lower: np.ndarray
    upper: np.ndarray
    n_values: np.ndarray
    hidden: np.ndarray
    lp_solved: int
    components: int

    @property
    def narrowest(self) -> float:
        """The fewest whole values any hidden cell keeps (inf when nothing is hidden)."""
        vals = self.n_values[self.hidden]
        return float(vals.min()) if len(vals) else math.inf

    def failing(self, min_values: int) -> np.ndarray:
        """Hidden cells with fewer than ``min_values`` whole values."""
        return np.flatnonzero(self.hidden & (self.n_values < min_values))


def _components(cells: LinkedCells, hidden: np.ndarray) -> list[np.ndarray]:
    """Groups of hidden cells linked through relations (union-find)."""
    parent = np.arange(cells.n)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = int(parent[x])
        return x

    for members in cells.relations:
        h = members[hidden[members]]
        if len(h) > 1:
            root = find(int(h[0]))
            for c in h[1:].tolist():
                rc = find(c)
                if rc != root:
                    parent[rc] = root
    idx = np.flatnonzero(hidden)
    roots = np.array([find(int(i)) for i in idx], dtype=np.int64)
    order = np.argsort(roots, kind="stable")
    splits = np.flatnonzero(np.diff(roots[order])) + 1
    return [idx[g] for g in np.split(order, splits)] if len(idx) else []


def _count(lo: float, hi: float) -> float:
    if math.isinf(hi):
        return math.inf
    return float(math.floor(hi + 1e-6) - math.ceil(lo - 1e-6) + 1)


class _ComponentLP:
    """The constraints on one component's hidden cells: A_eq x = b_eq, A_ub x <= b_ub, x >= floor."""

    def __init__(self, cells: LinkedCells, hidden: np.ndarray, comp: np.ndarray, floor: np.ndarray) -> None:
        self.comp = comp
        self.floor = floor[comp].astype(float)
        pos = {int(c): i for i, c in enumerate(comp.tolist())}
        rel_ids = sorted({r for c in comp.tolist() for r in cells.cell_relations()[c]})
        eq_rows: list[tuple[list[int], list[float], float]] = []
        ub_rows: list[tuple[list[int], list[float], float]] = []
        assert cells.exact is not None
        for r in rel_ids:
            members = cells.relations[r]
            sign = -np.ones(len(members))
            sign[0] = 1.0  # total - sum(parts) (= 0 or >= 0)
            h = hidden[members]
            const = -float((sign[~h] * cells.values[members[~h]]).sum())
            cols = [pos[int(c)] for c in members[h].tolist()]
            if cells.exact[r]:
                eq_rows.append((cols, sign[h].tolist(), const))
            else:  # sum(sign*x) >= const  ->  -sum(sign*x) <= -const
                ub_rows.append((cols, (-sign[h]).tolist(), -const))
        self.a_eq, self.b_eq = self._matrix(eq_rows, len(comp))
        self.a_ub, self.b_ub = self._matrix(ub_rows, len(comp))
        self.truth = cells.values[comp].astype(float)

    @staticmethod
    def _matrix(rows: list[tuple[list[int], list[float], float]], n: int) -> tuple[object, object]:
        if not rows:
            return None, None
        data, ri, ci, b = [], [], [], []
        for i, (cols, coefs, const) in enumerate(rows):
            ri.extend([i] * len(cols))
            ci.extend(cols)
            data.extend(coefs)
            b.append(const)
        return sparse.csr_array((data, (ri, ci)), shape=(len(rows), n)), np.array(b)

    def solve(self, objective: np.ndarray, upper: np.ndarray | None = None) -> tuple[np.ndarray | None, bool]:
        """Minimise ``objective @ x`` (``upper``: optional caps): (solution or None, unbounded)."""
        hi = np.full(len(self.floor), np.inf) if upper is None else upper
        bounds = np.column_stack([self.floor, np.where(np.isinf(hi), np.nan, hi)])
        res = linprog(objective, A_ub=self.a_ub, b_ub=self.b_ub, A_eq=self.a_eq, b_eq=self.b_eq,
                      bounds=[(a, None if np.isnan(b) else b) for a, b in bounds], method="highs")  # fmt: skip
        if res.status == 3:
            return None, True
        if res.status != 0:
            raise RuntimeError(f"audit LP failed: {res.message}")
        return np.asarray(res.x, dtype=float), False


def audit(cells: LinkedCells, hidden: np.ndarray, min_values: int = 5,
          only: np.ndarray | None = None, floor: np.ndarray | None = None) -> Audit:  # fmt: skip
    """Each hidden cell's range of values consistent with what is published.

    ``floor``: the least value a reader knows each hidden cell has (default 1: zeros are
    never hidden, except cells hidden with another one, which may be 0).

    ``only``: audit only the components holding these cells (the others get NaN ranges).
    A cell is settled as soon as feasible points show at least ``min_values`` whole values
    (its exact bounds are then at least that wide); otherwise its exact bounds are solved.
    """
    hidden = np.asarray(hidden, bool)
    floor = np.ones(cells.n) if floor is None else floor
    lower = np.full(cells.n, np.nan)
    upper = np.full(cells.n, np.nan)
    n_values = np.full(cells.n, np.nan)
    solved = 0
    comps = _components(cells, hidden)
    for comp in comps:
        if only is not None and not np.isin(comp, only).any():
            continue
        lp = _ComponentLP(cells, hidden, comp, floor)
        k = len(comp)
        lo = lp.truth.copy()
        hi = lp.truth.copy()

        def take(x: np.ndarray | None, lo: np.ndarray = lo, hi: np.ndarray = hi) -> None:
            if x is not None:
                np.minimum(lo, x, out=lo)
                np.maximum(hi, x, out=hi)

        n_lp = 0
        # targets: D below and U above the true value, D + U = min_values - 1
        down = np.minimum(2.0, lp.truth - lp.floor)
        up = (min_values - 1) - down
        rng = np.random.default_rng(k)
        for _ in range(8):  # a few LPs that move many unsettled cells at once
            open_ = np.array([_count(a, b) < min_values for a, b in zip(lo, hi, strict=True)])
            if not open_.any() or k == 1:
                break
            before = int(open_.sum())
            for sign in (-1.0, 1.0):  # push up (minimise -x), then down
                target = open_ & ((hi < lp.truth + up) if sign < 0 else (lo > lp.truth - down))
                if not target.any():
                    continue
                obj = np.where(target, sign * rng.uniform(1.0, 2.0, k), 0.0)
                box = np.where(target, lp.truth + up, np.inf) if sign < 0 else None
                x, _ = lp.solve(obj, box)
                n_lp += 1
                take(x)
            after = sum(_count(a, b) < min_values for a, b in zip(lo, hi, strict=True))
            if after >= before:
                break
        for i in range(k):  # the rest: their exact bounds
            if _count(lo[i], hi[i]) >= min_values:
                continue
            e = np.zeros(k)
            e[i] = -1.0
            x, unbounded = lp.solve(e)
            n_lp += 1
            if unbounded:
                hi[i] = math.inf
            else:
                take(x)
            if _count(lo[i], hi[i]) >= min_values:
                continue
            e[i] = 1.0
            x, _ = lp.solve(e)
            n_lp += 1
            take(x)
        solved += n_lp
        lower[comp], upper[comp] = lo, hi
        n_values[comp] = [_count(a, b) for a, b in zip(lo, hi, strict=True)]
    return Audit(lower, upper, n_values, hidden.copy(), solved, len(comps))


# ---------------------------------------------------------------------------------------
# Protect: primary, secondary, audit, fix-ups


def settle(
    hidden: np.ndarray,
    primary: np.ndarray,
    n_values: np.ndarray,
    linked: Callable[[], tuple[LinkedCells, np.ndarray, np.ndarray]],
    *,
    n_cells: int,
    cubes: int,
    min_values: int = 5,
) -> dict[str, object]:
    """Finish a pattern of the hypercube engine: the hidden cells whose cube keeps fewer than
    ``min_values`` whole values get their exact ranges by linear programming (``n_values``
    is raised in place where the LP shows more), and the pattern's figures are returned.

    ``linked()`` -> (the cells and their sums, the hidden flags the audit sees, the floor a
    reader knows for each cell), flat; only called when some cell is weak.
    """
    weak = hidden & (n_values < min_values)
    lp_solved = 0
    if weak.any():
        cells, seen, floor = linked()
        checked = audit(cells, seen, min_values, only=np.flatnonzero(weak.ravel()), floor=floor)
        lp_solved = checked.lp_solved
        exact = checked.n_values.reshape(n_values.shape)
        n_values[...] = np.where(weak & ~np.isnan(exact), np.fmax(n_values, exact), n_values)
    nv = n_values[hidden]
    return {
        "cells": int(n_cells),
        "hidden": int(hidden.sum()),
        "primary": int(primary.sum()),
        "secondary": int((hidden & ~primary).sum()),
        "narrowest": float(nv.min()) if len(nv) else float("inf"),
        "uncertified": int((nv < min_values).sum()),
        "cubes": cubes,
        "lp_solved": lp_solved,
    }
