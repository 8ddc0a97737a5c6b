"""Plan indicators through the publication layer (dashboard.publish.indicators).

An independent linear-programming attack (SciPy HiGHS, written here, not the module's
audit): given what the targets page publishes (its county table rows, the area row, the
area = the sum of its counties, 0 ≤ numerator ≤ denominator), every hidden numerator and
denominator keeps at least 5 whole values.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from dashboard.catalogue.indicators import INDICATORS
from dashboard.publish import indicators as PI
from dashboard.publish.screening import published_sums
from dashboard.views import targets as V

LIMIT = 5
AREAS = {"500000": 38, "360400": 13}


def _lp_ranges(values: np.ndarray, hidden: np.ndarray, related: bool) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest value of every hidden cell of one indicator-year.

    ``values[stage, unit]`` (stage 0 = denominator, 1 = numerator; unit: counties then the
    area), ``hidden`` the same shape. What a reader knows: shown cells exactly, the area =
    Σ counties (``related``), 0 ≤ numerator ≤ denominator."""
    idx = {c: i for i, c in enumerate(zip(*np.nonzero(hidden), strict=True))}
    n = len(idx)
    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    n_u = values.shape[1]
    if related:
        for st in range(2):
            row = np.zeros(n)
            rhs = 0.0
            for u in range(n_u):
                sign = -1.0 if u == n_u - 1 else 1.0
                if (st, u) in idx:
                    row[idx[(st, u)]] += sign
                else:
                    rhs -= sign * values[st, u]
            if row.any():
                a_eq.append(row)
                b_eq.append(rhs)
    for u in range(n_u):  # numerator - denominator <= 0
        row = np.zeros(n)
        rhs = 0.0
        for st, sign in ((1, 1.0), (0, -1.0)):
            if (st, u) in idx:
                row[idx[(st, u)]] += sign
            else:
                rhs -= sign * values[st, u]
        if row.any():
            a_ub.append(row)
            b_ub.append(rhs)
    lo, hi = np.zeros(n), np.zeros(n)
    kw = {"A_eq": np.array(a_eq) if a_eq else None, "b_eq": b_eq or None,
          "A_ub": np.array(a_ub) if a_ub else None, "b_ub": b_ub or None,
          "bounds": [(0, None)] * n, "method": "highs"}  # fmt: skip
    for k in range(n):
        c = np.zeros(n)
        c[k] = 1
        r1 = linprog(c, **kw)
        r2 = linprog(-c, **kw)
        assert r1.status == 0
        lo[k] = r1.fun
        hi[k] = math.inf if r2.status == 3 else -r2.fun
    return lo, hi


def _n_values(lo: float, hi: float) -> float:
    return math.inf if math.isinf(hi) else math.floor(hi + 1e-6) - math.ceil(lo - 1e-6) + 1


# --- a hand-made table ---------------------------------------------------------------------------


def _small_table() -> tuple[dict[str, pd.DataFrame], tuple[str, ...], str]:
    region = "990000"
    areas = tuple(f"99000{i}" for i in range(1, 7))
    rows = []
    data = {  # (numerator, denominator) per county, two years
        2023: [(3, 40), (12, 30), (25, 60), (2, 2), (40, 90), (7, 50)],
        2024: [(1, 10), (9, 11), (30, 70), (18, 25), (4, 4), (0, 35)],
    }
    for y, pairs in data.items():
        for a, (n, d) in zip(areas, pairs, strict=True):
            rows.append({"area": a, "year": y, "numerator": n, "denominator": d, "value": None, "lower": None,
                         "upper": None, "sample_size": None})  # fmt: skip
    df = pd.DataFrame(rows)
    return {"referral_out": df}, areas, region


def test_small_table_primary_hidden_and_every_hidden_cell_keeps_five_values() -> None:
    obs, areas, region = _small_table()
    values, exists, related, cells = PI.universe(obs, areas, region)
    hidden, figures = PI.protect(values, exists, related, LIMIT)
    assert figures["uncertified"] == 0
    # every numerator and denominator from 1 to 5 is hidden
    small = (values >= 1) & (values <= LIMIT) & exists[None]
    assert (hidden | ~small).all()
    assert not hidden[:, :, -1].any()  # the area's value stays shown
    for i in range(len(cells)):
        lo, hi = _lp_ranges(values[:, i], hidden[:, i], bool(related[i]))
        for k, (a, b) in enumerate(zip(lo, hi, strict=True)):
            assert _n_values(a, b) >= LIMIT, (cells[i], k, a, b)


def test_own_area_row_equal_to_the_sum_is_modelled_as_the_sum() -> None:
    obs, areas, region = _small_table()
    df = obs["referral_out"]
    own = df.groupby("year", as_index=False)[["numerator", "denominator"]].sum().assign(area=region)
    other = own.assign(numerator=own["numerator"] + 7, denominator=own["denominator"] + 100)
    _, _, related, _ = PI.universe({"referral_out": pd.concat([df, own])}, areas, region)
    assert related.all()
    _, _, related, _ = PI.universe({"referral_out": pd.concat([df, other])}, areas, region)
    assert not related.any()


# --- the demo database --------------------------------------------------------------------------


def _published(demo_db, area: str, key: str) -> pd.DataFrame:  # noqa: ANN001
    return PI.published_indicators(demo_db, area, key, LIMIT)


@pytest.mark.parametrize("area", list(AREAS))
def test_person_count_numerators_from_1_to_5_are_hidden_with_their_value(demo_db, area: str) -> None:  # noqa: ANN001
    from dashboard.queries.indicators import indicator_series

    for key, ind in INDICATORS.items():
        if not (PI.protected_by_pattern(ind) or ind.kind in ("screening_early", "screening_coverage")):
            continue
        raw = indicator_series(demo_db, area, key)
        pub = _published(demo_db, area, key)
        assert len(raw) == len(pub)
        county = (raw["area"] != area).to_numpy()
        for col in ("numerator", "denominator"):
            small = county & raw[col].between(1, LIMIT).to_numpy()
            assert pub.loc[small, col].isna().all(), (key, col)
        gone = pub["hidden"].to_numpy()
        assert pub.loc[gone, ["value", "lower", "upper", "n"]].isna().all().all()
        assert set(pub.loc[gone, "reason"]) <= {PI.HIDDEN_REASON}
        # shown numbers stay exact
        shown = ~gone
        pd.testing.assert_series_equal(pub.loc[shown, "value"], raw.loc[shown, "value"], check_names=False)


@pytest.mark.parametrize("area", list(AREAS))
def test_screening_indicators_hide_what_the_screening_pattern_hides(demo_db, area: str) -> None:  # noqa: ANN001
    for key, ind in INDICATORS.items():
        if ind.kind not in PI.KIND_STAGES:
            continue
        num, den = PI.KIND_STAGES[ind.kind]
        flags = published_sums(demo_db, area, ind.programmes, num, den, LIMIT)
        pub = _published(demo_db, area, key).merge(
            flags, on=["area", "year"], how="left", suffixes=("", "_s")
        )
        assert (pub["numerator"].isna() == pub["hidden_numerator"].fillna(False)).all() or (
            pub.loc[pub["hidden_numerator"].fillna(False).astype(bool), "numerator"].isna().all()
        )
        assert (pub["hidden"] == pub["hidden_s"].fillna(False)).all(), key


def _table_universe(demo_db, area: str, key: str) -> tuple[pd.DataFrame, pd.DataFrame]:  # noqa: ANN001
    from dashboard.queries.indicators import indicator_series

    return indicator_series(demo_db, area, key), _published(demo_db, area, key)


@pytest.mark.parametrize("area", list(AREAS))
def test_lp_attack_on_published_indicator_counts(demo_db, area: str) -> None:  # noqa: ANN001
    """Every hidden count keeps ≥ 5 whole values given every published count of its
    indicator-year (counties and area; the area = Σ counties; 0 ≤ numerator ≤ denominator)."""
    from dashboard.queries.areas import counties

    order = [*counties(demo_db, area)["adcode"], area]
    checked = 0
    for key, ind in INDICATORS.items():
        if not (PI.protected_by_pattern(ind) or ind.kind in PI.KIND_STAGES):
            continue
        raw, pub = _table_universe(demo_db, area, key)
        for _, g in raw.groupby("year"):
            p = pub.loc[g.index]
            pos = [order.index(a) for a in g["area"]]
            values = np.zeros((2, len(order)))
            hidden = np.zeros((2, len(order)), bool)
            values[0, pos] = g["denominator"].fillna(0).to_numpy()
            values[1, pos] = g["numerator"].fillna(0).to_numpy()
            hidden[0, pos] = p["denominator"].isna().to_numpy() & g["denominator"].notna().to_numpy()
            hidden[1, pos] = p["numerator"].isna().to_numpy() & g["numerator"].notna().to_numpy()
            if not hidden.any():
                continue
            lo, hi = _lp_ranges(values, hidden, related=True)
            for a, b in zip(lo, hi, strict=True):
                assert _n_values(a, b) >= LIMIT, (key, a, b)
            checked += int(hidden.sum())
    assert checked > 0  # the demo has hidden screening-based cells


def _view(demo_db, area: str, indicator: str):  # noqa: ANN001, ANN202
    data = V.load(demo_db, area, lang="en", as_of=2026, small_cell_limit=LIMIT, suppress_below=16)
    return data, V.parse_selection(data, indicator=indicator)


@pytest.mark.parametrize(
    ("area", "indicator"), [("500000", "early_diagnosis"), ("360400", "cervical_screening")]
)
def test_targets_table_and_csv_hide_the_same_rows_and_hidden_counties_have_no_status(
    demo_db,
    area: str,
    indicator: str,  # noqa: ANN001
) -> None:
    data, sel = _view(demo_db, area, indicator)
    table = V.county_table(data, sel)
    export = V.county_export(data, sel)
    note = "hidden to protect small numbers"
    hid = table["note"] == note
    assert (export.frame["note"] == note).tolist() == hid.tolist()
    rows = table[hid]
    assert rows["value"].isna().all()
    assert (rows["status"] == V.status_text("no_data", "en")).all()
    assert not table["note"].str.contains("<6|1 to 5|1—5", regex=True).any()
    # what the page shows agrees with the published series
    pub = _published(demo_db, area, indicator)
    for _, r in table.iterrows():
        row = pub[(pub["area"] == r["adcode"]) & (pub["year"] == r["year"])]
        if len(row):
            assert bool(row["hidden"].iloc[0]) == (r["note"] == note)
    # the scorecard: hidden counties have no status and no value
    card = V.scorecard(data, sel)
    tid = str(data.target(indicator)["target_id"])
    hidden_codes = set(data.county_scores.query("reason == 'hidden' and target_id == @tid")["area"])
    for r in card.rows:
        if r["adcode"] in hidden_codes:
            assert r[f"v_{tid}"] is None and r[f"s_{tid}"] == "no_data"
            assert note in r[f"t_{tid}"]


def test_stored_and_warmed(demo_db) -> None:  # noqa: ANN001
    from dashboard.publish.store import stored

    for area in AREAS:
        p = stored(demo_db, "indicators", area, LIMIT, lambda a=area: PI.decide_pattern(demo_db, a, LIMIT))
        assert p.figures["uncertified"] == 0
        assert p.hidden.shape[-1] == AREAS[area] + 1


def test_a_county_whose_newest_value_is_hidden_has_no_status_anywhere(demo_db, monkeypatch) -> None:  # noqa: ANN001
    """Hide one county's newest early-diagnosis row (as the pattern would) and follow it
    through the assessment, the scorecard, the county table and its CSV."""
    import dashboard.domain.assessment as A

    area, indicator, odd_limit = (
        "500000",
        "early_diagnosis",
        7,
    )  # a limit no other test uses (fresh cache keys)
    real = PI.published_indicators
    victim = V.load(demo_db, area, lang="en", as_of=2026, small_cell_limit=LIMIT, suppress_below=16)
    county = str(victim.counties["adcode"].iloc[0])

    def fake(db, region, key, limit):  # noqa: ANN001, ANN202
        out = real(db, region, key, LIMIT)
        if key == indicator:
            out = out.copy()
            newest = out.loc[out["area"] == county, "year"].max()
            m = (out["area"] == county) & (out["year"] == newest)
            out.loc[m, ["numerator", "value", "lower", "upper", "n"]] = np.nan
            out.loc[m, "hidden"], out.loc[m, "reason"] = True, PI.HIDDEN_REASON
        return out

    monkeypatch.setattr(A, "published_indicators", fake)
    monkeypatch.setattr(V, "published_indicators", fake)
    data = V.load(demo_db, area, lang="en", as_of=2026, small_cell_limit=odd_limit, suppress_below=16)
    sel = V.parse_selection(data, indicator=indicator)
    tid = str(data.target(indicator)["target_id"])
    sc = data.county_scores
    mine = sc[(sc["area"] == county) & (sc["target_id"] == tid)].iloc[0]
    assert mine["status"] == "no_data" and mine["reason"] == "hidden" and pd.isna(mine["judged_value"])
    table = V.county_table(data, sel)
    export = V.county_export(data, sel).frame
    note = "hidden to protect small numbers"
    hid = (table["note"] == note).tolist()
    assert hid == (export["note"] == note).tolist() and sum(hid) == 1
    row = table[table["adcode"] == county].iloc[0]
    assert row["note"] == note and pd.isna(row["value"]) and pd.isna(row["numerator"])
    assert row["status"] == V.status_text("no_data", "en")
    card = {r["adcode"]: r for r in V.scorecard(data, sel).rows}[county]
    assert card[f"v_{tid}"] is None and card[f"s_{tid}"] == "no_data" and note in card[f"t_{tid}"]
