"""Cell suppression of linked count tables, audited by linear programming (pure: no I/O).

A *linked table* is a set of non-negative integer cells and the sums that tie them
together, as published: a total equals the sum of its parts (``exact``), or is at least
that sum (an unpublished remainder). Both sexes = male + female, all sites = the sum of
the sites, a pooled period = the sum of its years, an area = the sum of its counties.

:func:`protect` decides which cells to hide, as statistical offices do (τ-ARGUS, sdcTable):

1. **primary suppression** — every count from 1 to ``limit`` is hidden;
2. **secondary suppression** — a heuristic: while a sum has exactly one hidden cell (it
   could be worked out by subtraction), hide one more of its cells, preferring a count of
   at least ``min_values`` (so the hidden sum leaves room), then the cell whose hiding
   opens the fewest new gaps, then the cheapest (``cost``: area totals and "all" cells are
   dear), then the smallest; zeros are never hidden (so a reader knows every hidden cell
   is at least 1: the audit assumes it);
3. **audit** — for every hidden cell, the smallest and largest value consistent with every
   published cell and sum and with "hidden cells are at least 1" (linear programming,
   SciPy's HiGHS), component by component (hidden cells linked by sums). Cells are first
   certified cheaply from feasible points (the true table and a few LP solutions with
   aggregate objectives); only the rest get their own two LPs. A cell with fewer than
   ``min_values`` whole values in its range gets more of its sums' cells hidden, and the
   audit runs again, until every hidden cell keeps at least ``min_values`` values.

Hiding more cells never narrows a range (a fixed value becomes a free one), so a cell once
certified stays certified while the fix-ups go on.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

#: Secondary cells of at least SLACK × min_values are preferred (room for the hidden ones).
SLACK = 2

#: ``couple(hidden)`` -> indices of every cell that must be hidden given ``hidden`` (these
#: may be zero: the audit lets them be).
Couple = Callable[[np.ndarray], np.ndarray]

__all__ = ["Audit", "Couple", "LinkedCells", "Protection", "audit", "protect"]


@dataclass
class LinkedCells:
    """Cells and the sums published over them.

    ``values``: the true counts (non-negative integers). ``relations``: each an array of
    cell indices, the total first and its parts after; ``exact[r]`` False when the total is
    only known to be at least the sum. ``cost``: how much hiding a cell costs (default 1).
    ``fixed``: cells that can never be hidden (e.g. not published anywhere as hidden cells);
    optional.
    """

    values: np.ndarray
    relations: list[np.ndarray]
    exact: np.ndarray | None = None
    cost: np.ndarray | None = None
    labels: Sequence[object] | None = None
    _cell_rel: list[list[int]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values, dtype=np.int64)
        if self.exact is None:
            self.exact = np.ones(len(self.relations), bool)
        if self.cost is None:
            self.cost = np.ones(len(self.values))

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


@dataclass(frozen=True)
class Protection:
    """What :func:`protect` decided: ``hidden`` (primary or secondary), ``primary``, its audit."""

    hidden: np.ndarray
    primary: np.ndarray
    audit: Audit
    rounds: int

    @property
    def secondary(self) -> np.ndarray:
        return self.hidden & ~self.primary


# ---------------------------------------------------------------------------------------
# Secondary suppression: no sum with exactly one hidden cell


def _pick(cells: LinkedCells, rel: np.ndarray, hidden: np.ndarray, n_hidden: np.ndarray,
          min_values: int, skip: int | None) -> int | None:  # fmt: skip
    """The best shown cell of relation members ``rel`` to hide (None: nothing left)."""
    cell_rel = cells.cell_relations()
    best, best_key = None, None
    values, cost = cells.values, cells.cost
    assert cost is not None
    for c in rel.tolist():
        if hidden[c] or values[c] <= 0:
            continue
        # sums this cell would open (none hidden yet) minus those it closes (one hidden)
        net = sum(1 if n_hidden[r] == 0 else -1 if n_hidden[r] == 1 else 0 for r in cell_rel[c] if r != skip)
        key = (values[c] < SLACK * min_values, net, float(cost[c]), int(values[c]))
        if best_key is None or key < best_key:
            best, best_key = c, key
    return best


def _close_singletons(cells: LinkedCells, hidden: np.ndarray, min_values: int,
                      start: Sequence[int] | None = None) -> None:  # fmt: skip
    """Hide more cells (in place) until no sum has exactly one hidden cell, nor hidden cells
    whose total leaves any of them fewer than ``min_values`` values (e.g. 1 + 1)."""
    rels = cells.relations
    cell_rel = cells.cell_relations()
    vals = cells.values
    n_hidden = np.array([int(hidden[m].sum()) for m in rels], dtype=np.int64)
    mass = np.array([int(vals[m][hidden[m]].sum()) for m in rels], dtype=np.int64)

    exact = cells.exact
    assert exact is not None

    def short(r: int) -> bool:  # an inequality alone pins nothing: the audit checks it
        if not exact[r]:
            return False
        return n_hidden[r] == 1 or (n_hidden[r] > 1 and mass[r] < n_hidden[r] + min_values - 1)

    queue = list(range(len(rels))) if start is None else list(start)
    while queue:
        r = queue.pop()
        if not short(r):
            continue
        c = _pick(cells, rels[r], hidden, n_hidden, min_values, r)
        if c is None:
            continue  # every other cell is zero or hidden: nothing can be added
        hidden[c] = True
        for r2 in cell_rel[c]:
            n_hidden[r2] += 1
            mass[r2] += vals[c]
            if short(r2):
                queue.append(r2)
        queue.append(r)


# ---------------------------------------------------------------------------------------
# The audit


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


def _fix(cells: LinkedCells, hidden: np.ndarray, cell: int, min_values: int) -> bool:
    """Hide one more cell near ``cell``: the best shown candidate of its own sums, else of
    the sums of the hidden cells linked to it (breadth first)."""
    cell_rel = cells.cell_relations()
    assert cells.cost is not None
    seen_rel: set[int] = set()
    seen_cell = {cell}
    frontier = [cell]
    while frontier:
        best, best_key = None, None
        nxt: list[int] = []
        for h in frontier:
            for r in cell_rel[h]:
                if r in seen_rel:
                    continue
                seen_rel.add(r)
                for c in cells.relations[r].tolist():
                    if hidden[c]:
                        if c not in seen_cell:
                            seen_cell.add(c)
                            nxt.append(c)
                        continue
                    if cells.values[c] <= 0:
                        continue
                    key = (cells.values[c] < min_values, float(cells.cost[c]), -int(cells.values[c]))
                    if best_key is None or key < best_key:
                        best, best_key = c, key
        if best is not None:
            hidden[best] = True
            return True
        frontier = nxt
    return False


def _settle(cells: LinkedCells, hidden: np.ndarray, need: int, couple: Couple | None,
            start: Sequence[int] | None) -> None:  # fmt: skip
    """Close singletons, then hide what ``couple`` requires, until neither adds a cell."""
    _close_singletons(cells, hidden, need, start)
    while couple is not None and len(extra := [c for c in couple(hidden).tolist() if not hidden[c]]):
        hidden[extra] = True
        _close_singletons(cells, hidden, need, _relations_of(cells, np.array(extra)))


def _relations_of(cells: LinkedCells, idx: np.ndarray) -> list[int]:
    cell_rel = cells.cell_relations()
    return sorted({r for c in np.asarray(idx).tolist() for r in cell_rel[c]})


def protect(cells: LinkedCells, limit: int = 5, min_values: int | None = None, *,
            couple: Couple | None = None, max_rounds: int = 200) -> Protection:  # fmt: skip
    """Primary and secondary suppression with an LP audit (see the module docstring).

    ``min_values`` (default ``limit``): whole values every hidden cell must keep.
    ``couple(hidden)``: cells that must be hidden too given ``hidden`` (e.g. a ratio's
    other count). Raises RuntimeError when a pattern that passes the audit cannot be reached.
    """
    need = limit if min_values is None else min_values
    primary = (cells.values >= 1) & (cells.values <= limit) if limit > 0 else np.zeros(cells.n, bool)
    hidden = primary.copy()
    if not hidden.any():
        return Protection(hidden, primary, audit(cells, hidden, need), 0)  # nothing hidden
    _settle(cells, hidden, need, couple, None)

    def floor() -> np.ndarray:
        out = np.ones(cells.n)
        if couple is not None:
            out[couple(hidden)] = 0.0
        return out

    result = audit(cells, hidden, need, floor=floor())
    rounds = 0
    while len(bad := result.failing(need)):
        rounds += 1
        if rounds > max_rounds:
            raise RuntimeError(f"suppression did not converge: {len(bad)} cells still narrow")
        before = hidden.copy()
        for c in bad.tolist():
            _fix(cells, hidden, c, need)
        if (hidden == before).all():
            raise RuntimeError(f"{len(bad)} hidden cells cannot be protected")
        _settle(cells, hidden, need, couple, _relations_of(cells, np.flatnonzero(hidden & ~before)))
        added = np.flatnonzero(hidden & ~before)
        new = audit(cells, hidden, need, only=np.union1d(bad, added), floor=floor())
        # keep earlier ranges for components not re-audited (hiding more never narrows them)
        lower = np.where(np.isnan(new.lower) & hidden, result.lower, new.lower)
        upper = np.where(np.isnan(new.upper) & hidden, result.upper, new.upper)
        n_values = np.where(np.isnan(new.n_values) & hidden, result.n_values, new.n_values)
        result = Audit(
            lower, upper, n_values, hidden.copy(), result.lp_solved + new.lp_solved, new.components
        )
    if np.isnan(result.n_values[hidden]).any():
        raise RuntimeError("a hidden cell was left unaudited")
    return Protection(hidden, primary, result, rounds)
