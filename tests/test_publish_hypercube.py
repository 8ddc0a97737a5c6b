"""The hypercube suppression engine: every hidden cell's certificate is checked by an
independent linear-programming audit (each hidden cell's smallest and largest value
consistent with every shown cell and sum, hidden cells only known to be ≥ 0)."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.publish.audit import LinkedCells, audit
from dashboard.publish.hypercube import Dimension, null_vectors, suppress


def _flat_dim(n: int) -> Dimension:
    return Dimension(n + 1, ((n, tuple(range(n))),), max_support=2)


def _table(core: np.ndarray) -> np.ndarray:
    """Add a total along every axis (last member of each)."""
    t = core
    for ax in range(core.ndim):
        t = np.concatenate([t, t.sum(axis=ax, keepdims=True)], axis=ax)
    return t


def _relations(shape: tuple[int, ...]) -> list[np.ndarray]:
    ids = np.arange(int(np.prod(shape))).reshape(shape)
    rels = []
    for ax, n in enumerate(shape):
        moved = np.moveaxis(ids, ax, -1).reshape(-1, n)
        rels += [np.array([row[-1], *row[:-1]]) for row in moved]
    return rels


@pytest.mark.parametrize("seed", range(12))
def test_every_hidden_cell_keeps_five_values_in_an_lp_audit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = (4, 3, 5) if seed % 2 else (6, 8)
    core = rng.poisson(rng.choice([1.5, 4.0, 12.0]), size=shape)
    table = _table(core)
    res = suppress(table, [_flat_dim(n) for n in shape])
    small = (table >= 1) & (table <= 5)
    assert (res.hidden[small]).all()  # every small count is hidden
    if not res.hidden.any():
        return
    assert res.narrowest >= 5
    cells = LinkedCells(table.ravel(), _relations(table.shape))
    a = audit(cells, res.hidden.ravel(), min_values=5, floor=np.zeros(table.size))
    assert a.narrowest >= 5, a.failing(5)


def test_a_lone_small_cell_gets_partners_in_every_sum() -> None:
    core = np.full((3, 3), 20)
    core[0, 0] = 2
    table = _table(core)
    cost = np.ones(table.shape)
    cost[3, :] *= 50  # totals are dear
    cost[:, 3] *= 50
    res = suppress(table, [_flat_dim(3), _flat_dim(3)], cost=cost)
    assert res.hidden.sum() == 4  # a rectangle: the cell, one row partner, one column partner
    assert res.hidden[0, 0] and res.hidden[:3, :3].sum() == 4
    assert not res.hidden[3].any() and not res.hidden[:, 3].any()  # totals stay shown


def test_a_cube_that_cannot_move_is_not_taken() -> None:
    # partners of 0 cannot go down: the cube must find room elsewhere (here: the total)
    table = _table(np.array([[2, 0], [0, 0]]))
    res = suppress(table, [_flat_dim(2), _flat_dim(2)])
    assert res.narrowest >= 5
    cells = LinkedCells(table.ravel(), _relations(table.shape))
    assert audit(cells, res.hidden.ravel(), floor=np.zeros(table.size)).narrowest >= 5


def test_null_vectors_keep_every_sum() -> None:
    dim = Dimension(6, ((5, (0, 1, 2)), (4, (1, 2))), max_support=4)  # nested sums
    rows = np.zeros((2, 6))
    rows[0, [5, 0, 1, 2]] = [1, -1, -1, -1]
    rows[1, [4, 1, 2]] = [1, -1, -1]
    for i, vecs in enumerate(null_vectors(dim)):
        assert vecs, i
        for members, signs in vecs:
            v = np.zeros(6)
            v[members] = signs
            assert v[i] == 1 and not (rows @ v).any()
