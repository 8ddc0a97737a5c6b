"""The screening universe of the publication layer: every small count is hidden, and a
linear-programming attack written here (independent of the engine) finds at least 5 whole
values for every hidden cell given everything published: the shown cells, the area = Σ
counties, every published sum over programmes and the cascade inequalities."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

from dashboard.domain.screening import PROGRAMMES, STEPS
from dashboard.publish.screening import members, programme_sums, protect, universe

LIMIT = 5


def lp_ranges(
    values: np.ndarray, exists: np.ndarray, hidden: np.ndarray, mems
) -> tuple[np.ndarray, np.ndarray]:  # noqa: ANN001
    """(min, max) of every hidden cell over all tables consistent with what is published."""
    n_st, n_m, n_y, n_u = values.shape
    ids = np.arange(values.size).reshape(values.shape)
    ex = np.broadcast_to(exists, values.shape)
    lb = np.where(hidden, 0.0, values).astype(float).ravel()
    ub = np.where(hidden, np.inf, values).astype(float).ravel()
    lb[~ex.ravel()] = ub[~ex.ravel()] = 0.0
    sums = programme_sums()
    for i, m in enumerate(mems):  # a sum over programmes of a stage no page sums is not published
        for st, stage in enumerate(STEPS):
            if len(m) > 1 and m not in sums[stage]:
                lb[ids[st, i].ravel()], ub[ids[st, i].ravel()] = 0.0, np.inf
    eq_rows, ub_rows, b_ub = [], [], []
    for st in range(n_st):  # the area = Σ counties
        for m in range(n_m):
            for y in range(n_y):
                eq_rows.append({int(ids[st, m, y, -1]): 1.0, **{int(i): -1.0 for i in ids[st, m, y, :-1]}})
    single = {m[0]: i for i, m in enumerate(mems) if len(m) == 1}
    for i, m in enumerate(mems):  # every sum over programmes, whether shown or not (a tautology)
        if len(m) > 1:
            for st in range(n_st):
                for y in range(n_y):
                    for u in range(n_u):
                        row = {int(ids[st, i, y, u]): 1.0}
                        row.update({int(ids[st, single[p], y, u]): -1.0 for p in m})
                        eq_rows.append(row)
    e, s, p, d, x = (
        STEPS.index(k) for k in ("eligible", "screened", "positive", "detected", "early_detected")
    )
    for lo, hi in ((x, d), (d, p), (p, s)):  # lower stage ≤ upper stage
        for j in np.ndindex(n_m, n_y, n_u):
            ub_rows.append({int(ids[(lo, *j)]): 1.0, int(ids[(hi, *j)]): -1.0})
            b_ub.append(0.0)
    for j in np.ndindex(n_m, n_y, n_u):
        if values[(s, *j)] <= values[(e, *j)]:
            ub_rows.append({int(ids[(s, *j)]): 1.0, int(ids[(e, *j)]): -1.0})
            b_ub.append(0.0)
        if values[(s, *j)] > 0:  # running: screened ≥ 1
            ub_rows.append({int(ids[(s, *j)]): -1.0})
            b_ub.append(-1.0)

    def mat(rows: list[dict[int, float]]) -> sparse.csr_matrix:
        r = [k for k, row in enumerate(rows) for _ in row]
        c = [i for row in rows for i in row]
        v = [w for row in rows for w in row.values()]
        return sparse.csr_matrix((v, (r, c)), shape=(len(rows), values.size))

    a_eq, a_ub = mat(eq_rows), mat(ub_rows)
    b_eq = np.zeros(len(eq_rows))
    bounds = np.stack([lb, ub], axis=1)
    lo_out = np.full(values.shape, np.nan)
    hi_out = np.full(values.shape, np.nan)
    for cell in map(tuple, np.argwhere(hidden)):
        c = np.zeros(values.size)
        c[ids[cell]] = 1.0
        res = [linprog(sgn * c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
               for sgn in (1.0, -1.0)]  # fmt: skip
        assert res[0].status == 0
        lo_out[cell] = res[0].fun
        hi_out[cell] = np.inf if res[1].status == 3 else -res[1].fun
    return lo_out, hi_out


def check(values: np.ndarray, exists: np.ndarray, hidden: np.ndarray, mems) -> None:  # noqa: ANN001
    shown = np.broadcast_to(exists, values.shape).copy()
    for i, m in enumerate(mems):  # a sum over programmes no page shows for a stage is not published
        for st, stage in enumerate(STEPS):
            shown[st, i] &= len(m) == 1 or m in programme_sums()[stage]
    small = (values >= 1) & (values <= LIMIT) & shown
    assert hidden[small].all(), "every count from 1 to 5 is hidden"
    lo, hi = lp_ranges(values, exists, hidden, mems)
    n = np.floor(hi[hidden] + 1e-6) - np.ceil(lo[hidden] - 1e-6) + 1
    assert (n >= 5).all(), f"a hidden cell keeps {n.min()} whole values"


def hand_rows() -> pd.DataFrame:
    """Three counties, two years, two programmes; small counts at every stage, a cascade
    pinned at the top (early = detected = positive = 2) and a county with one cell."""
    recs = [
        ("100001", 2023, "cervical", 5000, 3000, 40, 10, 6),
        ("100002", 2023, "cervical", 4000, 2500, 30, 2, 2),
        ("100003", 2023, "cervical", 800, 400, 2, 2, 2),
        ("100001", 2024, "cervical", 5100, 3100, 45, 12, 7),
        ("100002", 2024, "cervical", 4100, 2600, 33, 9, 5),
        ("100003", 2024, "cervical", 820, 410, 8, 3, 1),
        ("100001", 2023, "breast", 5000, 2000, 50, 8, 4),
        ("100002", 2023, "breast", 4000, 1800, 45, 7, 6),
        ("100001", 2024, "breast", 5000, 2100, 52, 9, 3),
        ("100003", 2024, "lung", 300, 4, 1, 0, 0),
    ]
    cols = ["area", "year", "programme", *STEPS]
    return pd.DataFrame(recs, columns=cols)


def test_hand_made_table_is_protected() -> None:
    mems = members()
    assert ("cervical",) in mems and tuple(PROGRAMMES) in mems  # early diagnosis sums all programmes
    assert tuple(PROGRAMMES) in programme_sums()["detected"]
    values, exists, years = universe(hand_rows(), ("100001", "100002", "100003"), mems)
    assert years == (2023, 2024)
    hidden, figs = protect(values, exists, mems, LIMIT)
    assert figs["uncertified"] == 0 and figs["narrowest"] >= 5
    assert figs["secondary"] > 0
    check(values, exists, hidden, mems)


def test_demo_areas_are_protected(demo_db) -> None:  # noqa: ANN001
    from dashboard.queries.areas import counties
    from dashboard.queries.screening import screening_rows

    mems = members()
    for region in ("360400", "500000"):
        areas = tuple(counties(demo_db, region)["adcode"])
        values, exists, _ = universe(screening_rows(demo_db, region), areas, mems)
        hidden, figs = protect(values, exists, mems, LIMIT)
        assert figs["uncertified"] == 0
        assert figs["hidden"] < 0.1 * figs["cells"]
        all_i = mems.index(tuple(PROGRAMMES))
        assert not hidden[STEPS.index("detected"), all_i, :, -1].any()  # the plan's early-diagnosis sums stay
        check(values, exists, hidden, mems)


def test_screening_page_table_and_csv_hide_the_same_cells(demo_db) -> None:  # noqa: ANN001
    from dashboard.i18n import t
    from dashboard.publish.screening import published_screening
    from dashboard.views import screening as V

    pub = published_screening(demo_db, "360400", LIMIT, 16)
    cty = pub.counties
    hid = cty[cty["detected"].isna() | cty["early_detected"].isna()]
    assert len(hid) and hid["early"].isna().all() and (hid["early_reason"] == "hidden").all()
    shown = pub.counties[list(STEPS)].to_numpy(float)
    assert not ((shown >= 1) & (shown <= LIMIT)).any()  # no small count leaves
    row = hid.iloc[0]
    for lang in ("zh", "en"):
        data = V.load(demo_db, "360400", lang=lang, small_cell_limit=LIMIT, suppress_below=16)
        sel = V.Selection(
            area="360400", programme=str(row["programme"]), year=int(row["year"]), table="early"
        )
        _cols, records = V.table_view(data, sel)
        _name, csv = V.csv_file(data, sel)
        word = t("common.hidden", lang)
        assert word in ("为保护小数值而隐藏", "hidden to protect small numbers")
        grid_hidden = sum(r.get(f"{k}__na") == word for r in records for k in ("detected", "early_detected"))
        assert grid_hidden and csv.count(word) >= grid_hidden
        assert "<6" not in csv
