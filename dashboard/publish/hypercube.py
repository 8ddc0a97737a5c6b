"""Secondary cell suppression by hypercubes, with a certificate for every hidden cell (pure).

A published table is a tensor of non-negative counts whose axes are *dimensions* with sums
along them (an area = the sum of its counties; both sexes = male + female; all sites = the
sum of the sites; a pooled period = the sum of its years). A reader who sees every shown
cell knows each hidden cell only up to the tables consistent with what is shown.

The method is the hypercube method of statistical offices (τ-ARGUS's *GHMITER*, Repsilber
1994), made exact for this structure:

- In each dimension a *null vector* is a small set of members with signs ±1 whose signed
  change leaves every sum of that dimension unchanged: two counties (+1, −1) under one area
  total; a county and its area (+1, +1); male and female of two sites (a rectangle); a year
  and the pooled periods that hold it.
- The outer product of one null vector per dimension is a *hypercube*: changing its corners
  by ``+t`` and ``−t`` (by the product of the signs) leaves every published sum unchanged.
  So if every corner is hidden, the true table moved by ``t`` is consistent with everything
  published, for every ``t`` that keeps the corners within their known bounds (at least
  ``floor``, at most ``cap``). Each corner thus keeps at least ``hi + lo + 1`` whole values
  where ``hi``/``lo`` are how far the cube can move up and down.

:func:`suppress` hides every primary cell (counts 1 to ``limit``) and, for each primary cell
not yet covered, the cheapest hypercube through it that keeps at least ``min_values`` whole
values (cost: cells newly hidden, weighted by ``cost``). Every hidden cell is a corner of a
cube with that many values, which is a *certificate*: hiding more cells never narrows a
range, so the guarantee holds for the whole pattern without any linear program. (The test
suite checks the published pages with an independent linear-programming attack.)
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Dimension", "Suppression", "null_vectors", "suppress"]

#: At most this many candidate null vectors per member and dimension (smallest first).
MAX_CANDIDATES = 40


@dataclass(frozen=True)
class Dimension:
    """One axis of a table: ``size`` members and the sums among them.

    ``relations``: ``(total, parts)`` member indices: total = the sum of the parts (a member
    may be in several sums, as a total or a part). ``max_support``: the largest null vector
    searched (members changed at once along this axis).
    """

    size: int
    relations: tuple[tuple[int, tuple[int, ...]], ...] = ()
    max_support: int = 4


@dataclass(frozen=True)
class Suppression:
    """What :func:`suppress` decided.

    ``hidden``/``primary``: masks of the table's shape. ``n_values``: for each hidden cell, the
    whole values its certificate guarantees (``inf`` for a cube that can grow without bound;
    0 for shown cells). ``cubes``: hypercubes chosen.
    """

    hidden: np.ndarray
    primary: np.ndarray
    n_values: np.ndarray
    cubes: int

    @property
    def secondary(self) -> np.ndarray:
        return self.hidden & ~self.primary

    @property
    def narrowest(self) -> float:
        vals = self.n_values[self.hidden]
        return float(vals.min()) if len(vals) else float("inf")


@functools.lru_cache(maxsize=64)
def null_vectors(dim: Dimension) -> tuple[tuple[tuple[np.ndarray, np.ndarray], ...], ...]:
    """For each member, the null vectors through it with sign +1 there: ``(members, signs)``,
    smallest support first (at most :data:`MAX_CANDIDATES`)."""
    rows: list[list[tuple[int, int]]] = [
        [(tot, 1)] + [(p, -1) for p in parts] for tot, parts in dim.relations
    ]
    member_rows: list[list[int]] = [[] for _ in range(dim.size)]
    for r, row in enumerate(rows):
        for j, _ in row:
            member_rows[j].append(r)
    out: list[tuple[tuple[np.ndarray, np.ndarray], ...]] = []
    for i in range(dim.size):
        found: dict[frozenset[tuple[int, int]], None] = {}
        v: dict[int, int] = {i: 1}

        def residual(r: int, v: dict[int, int] = v) -> int:
            return sum(c * v.get(j, 0) for j, c in rows[r])

        def dfs(v: dict[int, int] = v, found: dict[frozenset[tuple[int, int]], None] = found) -> None:
            touched = sorted({r for j in v for r in member_rows[j]})
            bad = next((r for r in touched if residual(r) != 0), None)
            if bad is None:
                found[frozenset(v.items())] = None
                return
            if len(v) >= dim.max_support:
                return
            rho = residual(bad)
            for j, c in rows[bad]:
                if j in v:
                    continue
                v[j] = -int(np.sign(rho)) * c
                dfs()
                del v[j]

        dfs()
        vecs = sorted(found, key=lambda f: (len(f), sorted(f)))[:MAX_CANDIDATES]
        out.append(
            tuple(
                (np.array([j for j, _ in sorted(f)], np.int64), np.array([s for _, s in sorted(f)], np.int64))
                for f in vecs
            )
        )
    return tuple(out)


def _padded(cands: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    k = max(len(m) for m, _ in cands)
    idx = np.zeros((len(cands), k), np.int64)
    sgn = np.zeros((len(cands), k), np.int64)
    for n, (m, s) in enumerate(cands):
        idx[n, : len(m)] = m
        sgn[n, : len(s)] = s
    return idx, sgn


def suppress(
    values: np.ndarray,
    dims: Sequence[Dimension],
    *,
    limit: int = 5,
    min_values: int = 5,
    cost: np.ndarray | None = None,
    floor: np.ndarray | None = None,
    cap: np.ndarray | None = None,
    primary: np.ndarray | None = None,
    exists: np.ndarray | None = None,
) -> Suppression:
    """Hide the primary cells (default: counts 1 to ``limit``) and a certified hypercube
    through each (see the module text).

    ``floor``/``cap``: what a reader knows bounds each cell (default 0 and no cap).
    ``exists``: cells that are part of the table (others are 0 and never hidden: their
    members must appear in no relation of their dimension).
    """
    x = np.asarray(values, np.float64)
    shape = x.shape
    if len(dims) != x.ndim or any(d.size != n for d, n in zip(dims, shape, strict=True)):
        raise ValueError("one Dimension per axis, of the axis's size")
    exists = np.ones(shape, bool) if exists is None else np.asarray(exists, bool)
    prim = ((x >= 1) & (x <= limit)) if primary is None else np.asarray(primary, bool).copy()
    prim &= exists
    cost = np.ones(shape) if cost is None else np.asarray(cost, np.float64)
    down = x - (np.zeros(shape) if floor is None else np.asarray(floor, np.float64))
    up = np.full(shape, np.inf) if cap is None else np.asarray(cap, np.float64) - x
    big = 1e6
    down = np.where(exists, down, -big)  # a missing cell can never be a corner
    up = np.where(exists, up, -big)

    hidden = prim.copy()
    n_values = np.zeros(shape)
    certified = np.zeros(shape, bool)
    nulls = [null_vectors(d) for d in dims]
    lead, last = shape[:-1], shape[-1]
    # the last axis is searched in one go (vectorised over its null vectors)
    down2 = down.reshape(-1, last)
    up2 = up.reshape(-1, last)
    cost2 = cost.reshape(-1, last)
    hid2 = hidden.reshape(-1, last)
    cert2 = certified.reshape(-1, last)
    nval2 = n_values.reshape(-1, last)
    strides = np.array([int(np.prod(lead[k + 1 :])) for k in range(len(lead))], np.int64)
    cubes = 0
    for cell in map(tuple, np.argwhere(prim)):
        if certified[cell]:
            continue
        lead_cell, u = cell[:-1], cell[-1]
        combos = list(itertools.product(*(nulls[k][lead_cell[k]] for k in range(len(lead)))))
        # rows (flattened leading index) and signs of every combo's corners, padded
        rows_l, sgn_l = [], []
        for combo in combos:
            idx = np.zeros(1, np.int64)
            sg = np.ones(1, np.int64)
            for k, (m, s) in enumerate(combo):
                idx = (idx[:, None] + m[None, :] * strides[k]).ravel()
                sg = (sg[:, None] * s[None, :]).ravel()
            rows_l.append(idx)
            sgn_l.append(sg)
        rows, sgn = _padded(list(zip(rows_l, sgn_l, strict=True)))  # (n, k); pad sign 0
        pad = sgn == 0
        d = down2[rows]  # (n, k, U)
        p = up2[rows]
        pos = (sgn > 0)[..., None]
        neg = (sgn < 0)[..., None]
        inf = np.inf
        # moving column w by +t (multiplier +1): + corners go up, − corners go down
        hi_plus = np.minimum(np.where(pos, p, inf), np.where(neg, d, inf)).min(axis=1)  # (n, U)
        lo_plus = np.minimum(np.where(pos, d, inf), np.where(neg, p, inf)).min(axis=1)
        newc = np.where(pad[..., None], 0.0, cost2[rows] * ~hid2[rows]).sum(axis=1)  # (n, U)
        u_idx, u_sgn = _padded(nulls[-1][u])  # (m, ≤2): u first is not guaranteed
        best = None
        for j in range(u_idx.shape[0]):
            members, signs = u_idx[j], u_sgn[j]
            keep = signs != 0
            members, signs = members[keep], signs[keep]
            hi = np.full(len(combos), inf)
            lo = np.full(len(combos), inf)
            c = np.zeros(len(combos))
            for w, s in zip(members, signs, strict=True):
                if s > 0:
                    hi = np.minimum(hi, hi_plus[:, w])
                    lo = np.minimum(lo, lo_plus[:, w])
                else:
                    hi = np.minimum(hi, lo_plus[:, w])
                    lo = np.minimum(lo, hi_plus[:, w])
                c = c + newc[:, w]
            nv = np.floor(hi) + np.floor(lo) + 1
            ok = nv >= min_values
            if not ok.any():
                continue
            score = np.where(ok, c - 1e-6 * np.minimum(nv, 1e3), inf)
            n = int(np.argmin(score))
            if best is None or score[n] < best[0]:
                best = (float(score[n]), n, members, signs, float(nv[n]))
        if best is None:  # no cube keeps enough values: take the widest (reported, not hidden)
            continue
        _, n, members, signs, nv = best
        r = rows_l[n]
        for w in members:
            hid2[r, w] = True
            cert2[r, w] = True
            nval2[r, w] = np.maximum(nval2[r, w], nv)
        cubes += 1
    return Suppression(hidden=hidden, primary=prim, n_values=np.where(hidden, n_values, 0.0), cubes=cubes)
