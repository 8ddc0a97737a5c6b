"""The disclosure attack of issue 10: no hidden count may be narrowed to fewer than 5 whole
values by anything the dashboard publishes (:mod:`tests.disclosure`, an attacker written
apart from the suppression engine).

- unit tests of the attacker on hand-made tables with known leaks: each must be caught
  with its exact range (so the attack can fail);
- the two demo areas and a sparse synthetic prefecture (湘西, 433100: 1–5 cases per cell),
  every registry choice through the publication layer (``published_rates`` for every
  measure × sex × site × period of the map's menu, ``published_series`` for every county ×
  measure × sex × site), the county profiles' CSV of every county, every screening table
  for every programme, year and focus county, every indicator's county table, the read API
  when it exists; the map's CSV and county detail through the view for a SAMPLE of choices
  (every measure, sex and period for the sites in ``MAP_SITES``: all, lung, stomach; the
  detail panel for every county at the default selection).

Each area's figures (hidden cells, cells checked, narrowest range, LPs, seconds) are
printed (``pytest -s``) and written to ``disclosure-<area>.json`` in pytest's tmp dir.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from tests.disclosure import Published, Universe, attack, figure_line, run, total_eq, universe

# --- the attacker itself ----------------------------------------------------------------


def table(values: dict[str, int], *relations) -> Universe:  # noqa: ANN002
    return Universe(list(values), [float(v) for v in values.values()], list(relations))


def publish(*hidden: str, **values: int) -> Published:
    """``values`` shown; ``hidden``: cells a page shows as hidden (small counts are checked
    anyway; a larger hidden cell is checked only when some page shows it as hidden)."""
    pub = Published()
    for k, v in values.items():
        pub.add(k, v, "hand")
    for k in hidden:
        pub.hide(k)
    return pub


def pinned(rep) -> dict[str, tuple[float, float]]:  # noqa: ANN001
    return {f["key"]: (round(f["lo"], 6), round(f["hi"], 6)) for f in rep.failures}


def test_total_minus_shown_parts_pins_the_hidden_part() -> None:
    uni = table({"T": 10, "A": 7, "B": 3}, total_eq("T", ["A", "B"], "area"))
    rep = attack(uni, publish(T=10, A=7))
    assert pinned(rep) == {"B": (3, 3)}
    assert rep.failures[0]["route"] == "area"


def test_two_hidden_cells_whose_shown_sum_is_two() -> None:
    uni = table({"T": 2, "A": 1, "B": 1, "C": 0}, total_eq("T", ["A", "B", "C"], "sites"))
    rep = attack(uni, publish(T=2, C=0))
    assert pinned(rep) == {"A": (0, 2), "B": (0, 2)}
    assert rep.figures["narrowest"] == 3


def test_sex_split_both_and_male_shown_pins_female() -> None:
    uni = table({"T": 8, "M": 5, "F": 3}, total_eq("T", ["M", "F"], "sexes"))
    assert pinned(attack(uni, publish(T=8, M=5))) == {"F": (3, 3)}


def test_pooled_period_minus_shown_years() -> None:
    uni = table(
        {"2020-2022": 20, "2020": 9, "2021": 4, "2022": 7},
        total_eq("2020-2022", ["2020", "2021", "2022"], "period"),
    )
    assert pinned(attack(uni, publish(**{"2020-2022": 20, "2020": 9, "2022": 7}))) == {"2021": (4, 4)}


def test_a_proportion_with_its_denominator_pins_the_numerator() -> None:
    uni = table({"num": 3, "den": 50})
    pub = publish(den=50)
    pub.ratio("num", "den", 0.060, 0.0005, "coverage 6.0%")  # 3/50 shown as 6.0%
    rep = attack(uni, pub)
    ((lo, hi),) = pinned(rep).values()
    assert list(pinned(rep)) == ["num"] and 2.97 < lo <= 3 <= hi < 3.03
    assert rep.failures[0]["route"].startswith("ratio")


def test_margins_of_a_two_by_two_table_pin_its_cells_by_linear_programming() -> None:
    # a b | 3      every margin shown, every inner cell hidden: a in [0, 3] (4 values)
    # c d | 97
    # 3 97 | 100
    v = {"a": 1, "b": 2, "c": 2, "d": 95, "r1": 3, "r2": 97, "c1": 3, "c2": 97}
    uni = table(v, total_eq("r1", ["a", "b"], "row"), total_eq("r2", ["c", "d"], "row"),
                total_eq("c1", ["a", "c"], "col"), total_eq("c2", ["b", "d"], "col"))  # fmt: skip
    rep = attack(uni, publish("a", "b", "c", "d", r1=3, r2=97, c1=3, c2=97))
    got = pinned(rep)
    assert got["a"] == (0, 3) and got["b"] == (0, 3) and got["c"] == (0, 3)
    assert got["d"] == (94, 97)  # 4 values too
    assert all("other hidden cell" in f["route"] for f in rep.failures)  # no subtraction alone


def test_a_safe_table_passes_and_implied_zeros_are_not_disclosures() -> None:
    uni = table({"T": 100, "A": 25, "B": 25, "C": 50, "Z": 0, "Z1": 0, "Z2": 0},
                total_eq("T", ["A", "B", "C"], "area"), total_eq("Z", ["Z1", "Z2"], "area"))  # fmt: skip
    rep = attack(uni, publish("A", "B", "C", "Z1", "Z2", T=100, Z=0))
    assert rep.ok and rep.failures == []
    assert (
        rep.figures["implied_zero"] == 2 and rep.figures["narrowest"] >= 5
    )  # zeros implied by a shown 0 are not hidden counts


def test_conflicts_wrong_values_hints_and_revealing_rates_are_reported() -> None:
    uni = table({"T": 12, "A": 4, "B": 8}, total_eq("T", ["A", "B"], "sexes"))
    pub = publish(T=12)
    pub.add("T", 13, "another page")
    assert pub.conflicts and not attack(uni, pub).ok
    pub = publish(T=11)
    assert attack(uni, pub).wrong
    pub = publish("A", "B", T=12)
    pub.bound("A", 1, 5, "<6")  # "<6" shown: A in [1, 5], B = 12 - A in [7, 11]
    rep = attack(uni, pub)
    assert rep.failures == [] and rep.findings == []  # 5 values each: not pinned
    assert {k: (round(a), round(b)) for k, (a, b) in rep.ranges.items()} == {"A": (1, 5), "B": (7, 11)}
    pub.bound("B", 0, 10, "another hint")  # B <= 10, so A >= 2: 4 values
    assert pinned(attack(uni, pub)) == {"A": (2, 5), "B": (7, 10)}
    pub = publish("B", T=12)
    pub.reveal("A", "a rate shown with its person-years")
    assert pinned(attack(uni, pub)) == {"B": (8, 8)}  # A is out, and B = T - A
    assert attack(uni, pub).figures["revealed_by_rates"] == 1


# --- the areas ------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _cached() -> Iterator[None]:
    """One in-memory cache for the memoized loaders of the whole module (as the app has)."""
    from flask import Flask

    from dashboard.infra.cache import init_cache

    server = Flask(__name__)
    init_cache(server, Settings().with_(cache_type="SimpleCache"))
    with server.app_context():
        yield


def _check(db: Database, settings: Settings, area: str, out: Path) -> None:
    rep = run(db, settings, area)
    print("\n" + figure_line(rep))
    (out / f"disclosure-{area}.json").write_text(
        json.dumps({"figures": rep.figures, "failures": [{**f, "key": list(f["key"])} for f in rep.failures[:200]],
                    "wrong": rep.wrong[:200], "unknown": rep.unknown[:200], "conflicts": rep.conflicts[:200],
                    "findings": rep.findings[:200]}, ensure_ascii=False, indent=1, default=str))  # fmt: skip
    assert rep.figures["cells"] > 0
    assert rep.ok, rep.summary()


@pytest.mark.parametrize("area", ["500000", "360400"])
def test_demo_area_disclosure(area: str, demo_settings: Settings, demo_db: Database,
                              tmp_path_factory: pytest.TempPathFactory) -> None:  # fmt: skip
    _check(demo_db, demo_settings, area, tmp_path_factory.mktemp("disclosure"))


def test_sparse_area_disclosure(sparse_area: tuple[Settings, Database],
                                tmp_path_factory: pytest.TempPathFactory) -> None:  # fmt: skip
    settings, db = sparse_area
    from tests.sparse_area import AREA

    uni = universe(db, AREA)
    small = sum(1 for k, v in zip(uni.keys, uni.truth, strict=True) if k[0] == "reg" and 1 <= v <= 5)
    assert small > 100  # it is sparse: many counts of 1 to 5
    _check(db, settings, AREA, tmp_path_factory.mktemp("disclosure"))


@pytest.fixture(scope="module")
def sparse_area(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Database]:
    from tests.sparse_area import build_sparse_db

    settings, db, done = build_sparse_db(tmp_path_factory.mktemp("sparse-area"))
    assert done.returncode == 0, done.stdout + done.stderr
    return settings, db
