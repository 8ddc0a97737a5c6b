"""An independent disclosure attack on everything the dashboard publishes (issue 10).

The rule under test: for every count cell the dashboard does not publish, at least
``SMALL_CELL_LIMIT`` (5) whole values stay consistent with EVERYTHING it publishes (every
page, choice, download, export and the read API). A reader knows only that a hidden cell
is a whole number ≥ 0 (relaxed here to a real ≥ 0, which can only widen a range: a cell the
relaxation pins is pinned for real).

This module is the attacker. It shares no code with the suppression engine
(``dashboard/publish/hypercube.py``, ``registry.py``): its universe of cells comes from its own
SQL, its relations from the data model (:mod:`dashboard.catalogue.sites`, the schema), and
its linear programs are its own (SciPy's HiGHS).

1. :func:`universe` — every cell a page could show, with its true value, and the relations
   a reader knows: both sexes = male + female; all sites = the sum of the sites (for both
   sexes the sex-specific sites enter with their own sex); a pooled period = the sum of its
   years; the area = the sum of its counties; MV and DCO cases ≤ cases; the screening
   cascade (early_detected ≤ detected ≤ positive ≤ screened) and area = Σ counties; an
   indicator's numerator and denominator: area = Σ counties where the area's row is
   computed so, a screening indicator = the sum of its programmes' screening cells. Each
   relation is checked on the true data: an equality where it holds exactly, "total ≥ sum"
   where the total is larger (an unpublished remainder), dropped otherwise.
2. :func:`gather` — calls the functions the pages, downloads and exports call, for every
   choice (or a stated sample), and records each published number by its cell key
   (:class:`Published`); a cell published twice with two values is a conflict. A shown
   rate or interval publishes its count; a shown percentage or ratio with its denominator
   is a linear constraint on its numerator (to its displayed precision).
3. :func:`attack` — the published cells are constants, the others unknowns ≥ 0; for each
   hidden cell the smallest and largest value over the linear program of every relation.
   Connected components are attacked one by one; cells are first certified from feasible
   points (the truth, LP optima of random positive combinations of the uncertified cells),
   and only the rest get their own two LPs.

A hidden cell whose only consistent value is 0 while its truth is 0 is reported as an
*implied zero* (e.g. the parts of a published total of 0), not as a disclosure: no person
is revealed. Every other hidden cell with fewer than ``limit`` whole values is a failure,
reported with its range and the route (the relation that pins it by subtraction, or "LP"
when only a combination of relations does).
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from dashboard.catalogue.sites import SITES, sites_for_sex
from dashboard.infra.db import Database

SMALL_CELL_LIMIT = 5
REG_MEASURES = ("cases", "deaths", "mv_cases", "dco_cases")
SEXES = ("M", "F", "T")
STAGES = ("eligible", "screened", "positive", "detected", "early_detected")
#: Unknowns are bounded by this (a variable that reaches it is as good as unbounded).
CAP = 1e7
TOL = 1e-6

Key = tuple[Any, ...]


# ---------------------------------------------------------------------------------------
# Constraints and the universe


@dataclass
class Constraint:
    """``lo <= Σ coef[i] · x[cells[i]] <= hi`` over cell keys; ``kind`` names its route."""

    cells: list[Key]
    coef: list[float]
    lo: float
    hi: float
    kind: str


def total_eq(total: Key, parts: Iterable[Key], kind: str, exact: bool = True) -> Constraint:
    parts = list(parts)
    return Constraint([total, *parts], [1.0] + [-1.0] * len(parts), 0.0, 0.0 if exact else math.inf, kind)


def ratio_between(num: Key, den: Key, lo: float, hi: float, kind: str) -> list[Constraint]:
    """``lo <= num / den <= hi`` as two linear rows (den ≥ 0)."""
    return [
        Constraint([num, den], [1.0, -lo], 0.0, math.inf, kind),
        Constraint([num, den], [1.0, -hi], -math.inf, 0.0, kind),
    ]


@dataclass
class Universe:
    keys: list[Key]
    truth: np.ndarray
    relations: list[Constraint]
    dropped: list[str] = field(default_factory=list)  #: relations false in the truth

    def __post_init__(self) -> None:
        self.truth = np.asarray(self.truth, float)
        self.index = {k: i for i, k in enumerate(self.keys)}


class _Builder:
    def __init__(self) -> None:
        self.values: dict[Key, int] = {}
        self.relations: list[Constraint] = []
        self.dropped: list[str] = []

    def cell(self, key: Key, value: float) -> None:
        self.values[key] = int(value)

    def sum_rel(self, total: Key, parts: list[Key], kind: str) -> None:
        """total = Σ parts where the truth says so, total ≥ Σ parts where larger."""
        parts = [p for p in parts if p in self.values]
        if total not in self.values or not parts:
            return
        t, s = self.values[total], sum(self.values[p] for p in parts)
        if t == s:
            self.relations.append(total_eq(total, parts, kind))
        elif t > s:
            self.relations.append(total_eq(total, parts, kind + "(>=)", exact=False))
        else:
            self.dropped.append(f"{kind}: {total} = {t} < {s}")

    def le(self, small: Key, big: Key, kind: str) -> None:
        if small in self.values and big in self.values:
            if self.values[small] <= self.values[big]:
                self.relations.append(total_eq(big, [small], kind, exact=False))
            else:
                self.dropped.append(f"{kind}: {small} > {big}")

    def done(self) -> Universe:
        keys = list(self.values)
        return Universe(keys, np.array([self.values[k] for k in keys], float), self.relations, self.dropped)


def area_counties(db: Database, area: str) -> list[str]:
    """The area's counties (directly under it, or under its prefectures), own SQL."""
    df = db.read(
        "SELECT adcode FROM areas WHERE level = 'county' AND (parent_adcode = :a OR parent_adcode IN "
        "(SELECT adcode FROM areas WHERE parent_adcode = :a AND level = 'city')) ORDER BY adcode",
        {"a": area},
    )
    return [str(x) for x in df["adcode"]]


def menu_periods(years: list[int]) -> list[tuple[str, int, int]]:
    """The map's period menu (single years, the pooled latest 3 and 5 years)."""
    from dashboard.queries.registry import period_values

    out = []
    for code in period_values(years):
        a, _, b = code.partition("-")
        out.append((code, int(a), int(b or a)))
    return out


def _in(codes: list[str]) -> str:
    return ",".join(f"'{c}'" for c in codes if c.isdigit()) or "''"


def universe(db: Database, area: str) -> Universe:
    """Every cell of ``area`` a page could publish, true values, and the known relations."""
    from dashboard.catalogue.indicators import INDICATORS

    b = _Builder()
    counties = area_counties(db, area)
    units = [*counties, area]
    cin = _in(counties)
    reg = db.read(
        f"SELECT area, year, sex, site, SUM(cases) AS cases, SUM(deaths) AS deaths, SUM(mv_cases) AS mv_cases, "  # noqa: S608
        f"SUM(dco_cases) AS dco_cases FROM registry_counts WHERE area IN ({cin}) GROUP BY area, year, sex, site"
    )
    years = sorted({int(y) for y, s in zip(reg["year"], reg["site"], strict=True) if s == "all"})
    periods = menu_periods(years)
    site_sex = [(s.site, x) for x in SEXES for s in sites_for_sex(x)]
    own_sex = {s.site: s.sex_specific for s in SITES}
    raw: dict[tuple[str, str, int, str, str], int] = defaultdict(int)  # (measure, site, year, sex, county)
    for r in reg.itertuples(index=False):
        for m in REG_MEASURES:
            raw[(m, r.site, int(r.year), r.sex, r.area)] += int(getattr(r, m))
    measures_of = {"all": REG_MEASURES}
    for site, sex in site_sex:
        for m in measures_of.get(site, ("cases", "deaths")):
            for code, a, z in periods:
                for u in counties:
                    xs = ("M", "F") if sex == "T" else (sex,)
                    v = sum(raw.get((m, site, y, x, u), 0) for y in range(a, z + 1) for x in xs)
                    b.cell(("reg", m, site, code, sex, u), v)
                b.cell(
                    ("reg", m, site, code, sex, area),
                    sum(b.values[("reg", m, site, code, sex, u)] for u in counties),
                )
    single = {code for code, a, z in periods if a == z}
    for site, sex in site_sex:
        for m in measures_of.get(site, ("cases", "deaths")):
            for code, a, z in periods:
                for u in units:
                    key = ("reg", m, site, code, sex, u)
                    if sex == "T" and (site, "M") in site_sex and (site, "F") in site_sex:
                        b.sum_rel(
                            key, [("reg", m, site, code, "M", u), ("reg", m, site, code, "F", u)], "sexes"
                        )
                    if a != z:
                        b.sum_rel(key, [("reg", m, site, str(y), sex, u) for y in range(a, z + 1) if str(y) in single],
                                  "period")  # fmt: skip
                    if u == area:
                        b.sum_rel(key, [("reg", m, site, code, sex, c) for c in counties], "area")
                    if site == "all" and m in ("mv_cases", "dco_cases"):
                        b.le(key, ("reg", "cases", "all", code, sex, u), m + "<=cases")
                    if site == "all" and m in ("cases", "deaths"):
                        parts = []
                        for s2, x2 in site_sex:
                            if s2 == "all":
                                continue
                            if x2 == sex:
                                parts.append(("reg", m, s2, code, sex, u))
                            elif sex == "T" and own_sex[s2] == x2:
                                parts.append(("reg", m, s2, code, x2, u))
                        b.sum_rel(key, parts, "sites")
    # screening: county rows as stored, the area = Σ counties with a row
    scr = db.read(f"SELECT * FROM screening WHERE area IN ({cin})")  # noqa: S608
    for (prog, year), g in scr.groupby(["programme", "year"]):
        for stage in STAGES:
            for r in g.itertuples(index=False):
                b.cell(("scr", stage, prog, int(year), r.area), getattr(r, stage))
            b.cell(("scr", stage, prog, int(year), area), int(g[stage].sum()))
        for u in [*g["area"], area]:
            for stage in STAGES:
                if u == area:
                    b.sum_rel(("scr", stage, prog, int(year), area),
                              [("scr", stage, prog, int(year), c) for c in g["area"]], "screening area")  # fmt: skip
            for lo_, hi_ in zip(STAGES[2:], STAGES[1:-1], strict=True):
                b.le(("scr", lo_, prog, int(year), u), ("scr", hi_, prog, int(year), u), "cascade")
            b.le(("scr", "positive", prog, int(year), u), ("scr", "screened", prog, int(year), u), "cascade")
    # indicators: ratio kinds from their observations, screening kinds from the screening cells
    obs = db.read(
        f"SELECT area, year, indicator, numerator, denominator FROM indicator_observations "  # noqa: S608
        f"WHERE area IN ({_in(units)})"
    )
    for key, ind in INDICATORS.items():
        if ind.kind == "ratio":
            o = obs[(obs["indicator"] == key) & obs["numerator"].notna() & obs["denominator"].notna()]
            for year, g in o.groupby("year"):
                cty = g[g["area"] != area]
                own = g[g["area"] == area]
                for part in ("numerator", "denominator"):
                    for r in cty.itertuples(index=False):
                        b.cell(("ind", key, int(year), r.area, part), getattr(r, part))
                    if not own.empty:
                        b.cell(("ind", key, int(year), area, part), own[part].iloc[0])
                    elif not cty.empty:
                        b.cell(("ind", key, int(year), area, part), cty[part].sum())
                        b.sum_rel(("ind", key, int(year), area, part),
                                  [("ind", key, int(year), c, part) for c in cty["area"]], "indicator area")  # fmt: skip
        elif ind.kind in ("screening_early", "screening_coverage"):
            num, den = (
                ("early_detected", "detected") if ind.kind == "screening_early" else ("screened", "eligible")
            )
            s = scr[scr["programme"].isin(ind.programmes)]
            for year, g in s.groupby("year"):
                for part, stage in (("numerator", num), ("denominator", den)):
                    for u in [*sorted(set(g["area"])), area]:
                        progs = (
                            sorted(set(g["programme"]))
                            if u == area
                            else sorted(set(g[g["area"] == u]["programme"]))
                        )
                        parts = [("scr", stage, p, int(year), u) for p in progs]
                        b.cell(("ind", key, int(year), u, part), sum(b.values[p] for p in parts))
                        b.sum_rel(("ind", key, int(year), u, part), parts, "indicator programmes")
    return b.done()


# ---------------------------------------------------------------------------------------
# What is published


@dataclass
class Published:
    """Every published number by its cell key, and what else the pages reveal."""

    values: dict[Key, int] = field(default_factory=dict)
    where: dict[Key, str] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)  #: ratios, bounds ("<6")
    revealed: dict[Key, str] = field(
        default_factory=dict
    )  #: counts a shown rate reveals, not shown themselves
    findings: list[str] = field(default_factory=list)  #: hints a page should not give
    errors: list[str] = field(default_factory=list)  #: a page function that raised (its numbers unread)
    sources: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: cells a page shows as hidden (a blank, NaN or the neutral reason where a number would be)
    blank: set[Key] = field(default_factory=set)

    def hide(self, key: Key) -> None:
        self.blank.add(key)

    def add(self, key: Key, value: float, source: str) -> None:
        v = round(float(value))
        if abs(v - float(value)) > TOL:
            self.conflicts.append(f"{key}: {value!r} from {source} is not a whole number")
        self.sources[source.split(":")[0]] += 1
        if key in self.values and self.values[key] != v:
            self.conflicts.append(f"{key}: {self.values[key]} ({self.where[key]}) but {v} ({source})")
            return
        if key not in self.values:
            self.values[key], self.where[key] = v, source

    def call(self, source: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)``, or None with the error recorded (a page that crashes)."""
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure of a page is a finding
            self.errors.append(f"{source}: {type(exc).__name__}: {exc}")
            return None

    def bound(self, key: Key, lo: float, hi: float, source: str) -> None:
        self.constraints.append(Constraint([key], [1.0], lo, hi, f"bound:{source}"))

    def ratio(self, num: Key, den: Key, value: float, half_step: float, source: str) -> None:
        """A shown ratio ``value`` (= num / den, rounded to ± ``half_step``)."""
        self.constraints.extend(
            ratio_between(num, den, value - half_step, value + half_step, f"ratio:{source}")
        )

    def reveal(self, key: Key, source: str) -> None:
        """A shown rate or interval of a count that is itself not shown: the count is out."""
        self.revealed.setdefault(key, source)


def _whole(text: str) -> int | None:
    t = str(text).strip().replace(",", "")
    return int(float(t)) if re.fullmatch(r"-?\d+(\.0+)?", t) else None


def _small(text: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"<\s*(\d+)", str(text).strip())
    return (1, int(m.group(1)) - 1) if m else None


def _count_text(pub: Published, key: Key, text: object, source: str) -> None:
    """A count as a page writes it: a number, "<6" (a bound: 1..5), or a dash/blank (hidden)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        pub.hide(key)
        return
    v = _whole(str(text))
    if v is not None:
        pub.add(key, v, source)
        return
    small = _small(str(text))
    if small is not None:
        pub.bound(key, small[0], small[1], source)
        pub.findings.append(f"{source}: {key} shown as {text!r} (a hint beyond 'hidden')")
    pub.hide(key)  # blank, a dash or the neutral reason


def _num(x: object) -> float | None:
    try:
        v = float(str(x).replace(",", "").rstrip("%"))
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _decimals(text: object) -> int:
    s = str(text).strip().rstrip("%")
    return len(s.split(".")[1]) if "." in s else 0


# ---------------------------------------------------------------------------------------
# Gathering


def _selections(db: Database, area: str) -> tuple[list[int], list[tuple[str, int, int]]]:
    from dashboard.queries.registry import registry_years

    years = registry_years(db, area)
    return years, menu_periods(years)


def gather_rates(db: Database, settings: Any, area: str, pub: Published) -> None:
    """:func:`dashboard.publish.rates.published_rates` for every measure × sex × site × period."""
    from dashboard.publish.rates import published_rates
    from dashboard.queries.registry import Selection

    _years, periods = _selections(db, area)
    for measure in ("incidence", "mortality"):
        col = "deaths" if measure == "mortality" else "cases"
        for sex in SEXES:
            for site in (s.site for s in sites_for_sex(sex)):
                for code, a, z in periods:
                    sel = Selection(measure, site, sex, "asr_china", a, z)
                    src = f"published_rates:{measure}/{site}/{sex}/{code}"
                    tab = pub.call(src, published_rates, db, area, sel, settings.suppress_rate_below,
                                   settings.small_cell_limit)  # fmt: skip
                    if tab is None:
                        continue
                    df = tab.counties
                    for r in df.itertuples(index=False):
                        key = ("reg", col, site, code, sex, str(r.area))
                        shown_rate = any(_num(getattr(r, c)) is not None for c in ("rate", "lower", "upper"))
                        if _num(r.cases) is not None:
                            pub.add(key, r.cases, src)
                        else:
                            pub.hide(key)
                            if shown_rate:
                                pub.reveal(key, src + " (rate shown, count hidden)")
                        _quality(pub, r, code, sex, src)
                    a_cases = tab.area.get("cases")
                    akey = ("reg", col, site, code, sex, area)
                    if a_cases is not None and _num(a_cases) is not None:
                        pub.add(akey, a_cases, src + ":area")
                    else:
                        pub.hide(akey)
                    if _num(a_cases) is None and any(
                        _num(tab.area.get(c)) is not None for c in ("rate", "lower", "upper")
                    ):
                        pub.reveal(akey, src + ":area (rate shown, count hidden)")


def _quality(pub: Published, r: Any, code: str, sex: str, src: str) -> None:
    """MV%, DCO% (of all sites' cases) and M/I (all sites' deaths / cases), as returned."""
    u = str(r.area)
    cases = ("reg", "cases", "all", code, sex, u)
    for col, measure, scale in (("mv_pct", "mv_cases", 100.0), ("dco_pct", "dco_cases", 100.0),
                                ("mi_ratio", "deaths", 1.0)):  # fmt: skip
        v = _num(getattr(r, col, None))
        if v is None:
            pub.hide(("reg", measure, "all", code, sex, u))
        else:
            pub.ratio(("reg", measure, "all", code, sex, u), cases, v / scale, 1e-9, f"{src}:{col}")


def gather_series(db: Database, settings: Any, area: str, pub: Published) -> None:
    """:func:`dashboard.publish.rates.published_series` for every county × measure × sex × site."""
    from dashboard.publish.rates import published_series
    from dashboard.queries.registry import Selection

    years, _ = _selections(db, area)
    if not years:
        return
    for county in area_counties(db, area):
        for measure in ("incidence", "mortality"):
            col = "deaths" if measure == "mortality" else "cases"
            for sex in SEXES:
                for site in (s.site for s in sites_for_sex(sex)):
                    sel = Selection(measure, site, sex, "asr_china", years[-1], years[-1])
                    src = f"published_series:{county}/{measure}/{site}/{sex}"
                    got = pub.call(src, published_series, db, area, county, sel, settings.suppress_rate_below,
                                   settings.small_cell_limit)  # fmt: skip
                    if got is None:
                        continue
                    for r in got.table.itertuples(index=False):
                        key = ("reg", col, site, str(int(r.year)), sex, county)
                        if _num(r.cases) is not None:
                            pub.add(key, r.cases, src)
                        else:
                            pub.hide(key)
                        if _num(r.cases) is None and any(
                            _num(getattr(r, c)) is not None for c in ("rate", "lower", "upper")
                        ):
                            pub.reveal(key, src + " (rate shown, count hidden)")


#: The map's downloads are enumerated for these sites (every sex, period and measure).
MAP_SITES = ("all", "lung", "stomach")


def gather_map(
    db: Database, settings: Any, area: str, pub: Published, sites: Iterable[str] = MAP_SITES
) -> None:
    """The map's CSV (:func:`dashboard.views.map.csv_export`) and each county's detail panel
    (:func:`~dashboard.views.map.county_detail`: counts by year, MV% and DCO%), parsed back,
    for a sample of sites."""
    from dashboard.views import map as MV

    years, periods = _selections(db, area)
    sites = list(sites)
    for measure in ("incidence", "mortality"):
        col = "deaths" if measure == "mortality" else "cases"
        for sex in SEXES:
            for site in sites:
                if site not in {s.site for s in sites_for_sex(sex)}:
                    continue
                for code, _a, _z in periods:
                    p = MV.parse_params(
                        area, {"measure": measure, "site": site, "sex": sex, "year": code}, years
                    )
                    src = f"map.csv:{measure}/{site}/{sex}/{code}"
                    got = pub.call(src, MV.csv_export, db, settings, p, "en")
                    if got is None:
                        continue
                    text = got[1]
                    for row in csv.DictReader(io.StringIO(text)):
                        key = ("reg", col, row["site"], row["period"], row["sex"], row["adcode"])
                        _count_text(pub, key, row.get(col), src)
                        if row.get(col) in ("", "—", None) and _num(row.get("rate")) is not None:
                            pub.reveal(key, src + " (rate shown, count hidden)")
    # the detail panel of every county, default selection, each measure: counts by year
    for measure in ("incidence", "mortality"):
        col = "deaths" if measure == "mortality" else "cases"
        p = MV.parse_params(area, {"measure": measure}, years)
        for county in area_counties(db, area):
            src = f"map.detail:{county}/{measure}"
            d = pub.call(src, MV.county_detail, db, settings, p, county, "en")
            if d is None:
                continue
            for y in d.years:
                _count_text(pub, ("reg", col, p.sel.site, str(y["year"]), p.sel.sex, county), y["cases"], src)
            _count_text(pub, ("reg", col, p.sel.site, p.sel.period, p.sel.sex, county), d.cases, src)
            cases = ("reg", "cases", "all", p.sel.period, p.sel.sex, county)
            for (_label, value, _ref), m in zip(d.quality[:2], ("mv_cases", "dco_cases"), strict=True):
                v = _num(value)
                if v is not None:
                    half = 0.5 * 10 ** -_decimals(value)
                    pub.ratio(("reg", m, "all", p.sel.period, p.sel.sex, county), cases, v / 100, half / 100,
                              src + ":" + m)  # fmt: skip


def gather_county(db: Database, settings: Any, area: str, pub: Published) -> None:
    """Each county profile's CSV (:func:`dashboard.views.county.csv_file`), parsed back."""
    from dashboard.i18n import t
    from dashboard.i18n.map import site_label
    from dashboard.views import county as CV

    site_of = {site_label(s.site, "en"): s.site for s in SITES}
    measure_of = {t(f"county.measure.{m}", "en"): m for m in ("incidence", "mortality")}
    c = {k: t(f"county.col.{k}", "en") for k in ("site", "measure", "year", "cases")}
    section_rates = t("county.csv.rates", "en")
    for county in area_counties(db, area):
        sel = CV.parse_selection(db, area, county)
        if sel is None:
            continue
        got = pub.call(f"county.csv:{county}", CV.csv_file, db, sel, lang="en",
                       suppress_below=settings.suppress_rate_below, small_cell_limit=settings.small_cell_limit)  # fmt: skip
        if got is None:
            continue
        text = got[1]
        for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
            if row.get(t("county.csv.section", "en")) != section_rates:
                continue
            measure = measure_of[row[c["measure"]]]
            col = "deaths" if measure == "mortality" else "cases"
            key = ("reg", col, site_of[row[c["site"]]], row[c["year"]], "T", county)
            _count_text(pub, key, row[c["cases"]], f"county.csv:{county}")


def gather_screening(db: Database, settings: Any, area: str, pub: Published) -> None:
    """Every table of the screening page (:func:`dashboard.views.screening.csv_file`) for every
    programme, year and focus county, parsed back by its columns."""
    from dashboard.domain.screening import PROGRAMMES
    from dashboard.i18n import t
    from dashboard.views import screening as SV

    data = SV.load(db, area, lang="en", small_cell_limit=settings.small_cell_limit,
                   suppress_below=settings.suppress_rate_below)  # fmt: skip
    if not data.has_data:
        return
    step_of = {t(f"screening.step.{s}", "en"): s for s in STAGES}
    not_running = t("screening.not_running", "en")
    counties = list(data.counties["adcode"])
    for prog in PROGRAMMES:
        for table in SV.TABLES:
            years = [None] if table == "coverage" else data.years
            focus = counties if table == "cascade" else [None]
            for year in years:
                for county in focus:
                    sel = SV.Selection(area=area, programme=prog, year=year, county=county, table=table)
                    src = f"screening.{table}:{prog}/{year}/{county}"
                    got = pub.call(
                        src, lambda sel=sel: (SV.table_frame(data, sel)[1], SV.csv_file(data, sel)[1])
                    )
                    if got is None:
                        continue
                    cols, text = got
                    head = {SV.column_header(k, "en"): k for k, _ in cols}
                    for raw in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
                        row = {head.get(h, h): v for h, v in raw.items()}
                        _screening_row(pub, table, row, prog, year, county, area, step_of, not_running, src)


def _screening_row(pub: Published, table: str, row: dict[str, str], prog: str, year: int | None,
                   county: str | None, area: str, step_of: dict[str, str], not_running: str,
                   src: str) -> None:  # fmt: skip
    if table == "coverage":
        u, y = row["adcode"], int(row["year"])
        for stage in ("eligible", "screened"):
            _count_text(pub, ("scr", stage, prog, y, u), row[stage], src)
        _pct(pub, ("scr", "screened", prog, y, u), ("scr", "eligible", prog, y, u), row.get("coverage"), src)
    elif table == "early" and year is not None:
        u = row["adcode"]
        for stage in ("detected", "early_detected"):
            _count_text(pub, ("scr", stage, prog, year, u), row[stage], src)
        _pct(
            pub,
            ("scr", "early_detected", prog, year, u),
            ("scr", "detected", prog, year, u),
            row.get("early"),
            src,
        )
    elif table == "cascade" and year is not None and county is not None:
        stage = step_of.get(row["step"])
        if stage is None:
            return
        _count_text(pub, ("scr", stage, prog, year, county), row["count"], src)
        _count_text(pub, ("scr", stage, prog, year, area), row["area_count"], src)
    elif table == "programmes" and year is not None:
        from dashboard.domain.screening import PROGRAMMES

        for p in PROGRAMMES:
            text = row.get(p, "")
            if text == not_running:  # a county with a row that screened nobody
                pub.add(("scr", "screened", p, year, row["adcode"]), 0, src + ":not running")
            else:
                _pct(pub, ("scr", "screened", p, year, row["adcode"]), ("scr", "eligible", p, year, row["adcode"]),
                     text, src + ":" + p)  # fmt: skip


def _pct(pub: Published, num: Key, den: Key, text: object, src: str) -> None:
    v = _num(text)
    if v is None and str(text or "").strip():
        pub.hide(num)  # a proportion shown as hidden: its numerator is a hidden cell
    if v is not None:
        pub.ratio(num, den, v / 100, 0.5 * 10 ** -_decimals(text) / 100, src)


def gather_targets(db: Database, settings: Any, area: str, pub: Published) -> None:
    """The targets page's table of every indicator (:func:`dashboard.views.targets.county_csv`:
    the counties' numerators and denominators, or the area's own years), parsed back."""
    from dashboard.i18n import t
    from dashboard.views import targets as TV

    data = TV.load(db, area, lang="en", as_of=TV.as_of_year(), small_cell_limit=settings.small_cell_limit,
                   suppress_below=settings.suppress_rate_below)  # fmt: skip
    col = {k: t(f"targets.tcol.{k}", "en") for k in ("adcode", "year", "numerator", "denominator", "value")}
    for ind in data.indicators:
        sel = TV.parse_selection(data, indicator=ind)
        got = pub.call(f"targets.csv:{ind}", TV.county_csv, data, sel)
        if got is None:
            continue
        df = got[0]
        if df.empty or col["numerator"] not in df.columns:
            continue
        text = df.to_csv(index=False)
        src = f"targets.csv:{ind}"
        for row in csv.DictReader(io.StringIO(text)):
            if not row.get(col["year"]) or _num(row[col["year"]]) is None:
                continue
            u, y = row[col["adcode"]], int(float(row[col["year"]]))
            num, den = ("ind", ind, y, u, "numerator"), ("ind", ind, y, u, "denominator")
            _count_text(pub, num, row[col["numerator"]], src)
            _count_text(pub, den, row[col["denominator"]], src)
            v = _num(row.get(col["value"]))
            if v is not None:
                pub.ratio(
                    num, den, v / 100, 0.5 * 10 ** -max(_decimals(row[col["value"]]), 2) / 100, src + ":value"
                )


def gather_api(
    db: Database, settings: Any, area: str, pub: Published, sites: Iterable[str] = MAP_SITES
) -> None:
    """The read API ``/api/v1`` through the Flask test client: ``rates`` for every measure,
    sex and menu period of the sites in ``sites``, ``screening`` for every programme and
    year, ``indicators`` for every indicator; nulls are cells shown as hidden."""
    from app import create_app
    from dashboard.catalogue.indicators import INDICATORS
    from dashboard.domain.screening import PROGRAMMES

    client = create_app(settings).server.test_client()

    def rows(route: str, **params: object) -> list[dict[str, Any]]:
        resp = client.get(f"/api/v1/{route}.json", query_string={"area": area, **params})
        if resp.status_code == 404 and route == "rates":
            pub.findings.append("api: no /api/v1 routes (not gathered)")
        if resp.status_code != 200 or not resp.is_json:
            return []
        return [r for r in _records(resp.get_json()) if "adcode" in r]

    years, periods = _selections(db, area)
    for measure in ("incidence", "mortality"):
        col = "deaths" if measure == "mortality" else "cases"
        for sex in SEXES:
            for site in (s.site for s in sites_for_sex(sex) if s.site in sites):
                for code, _a, _z in periods:
                    src = f"api.rates:{measure}/{site}/{sex}/{code}"
                    for r in rows("rates", measure=measure, site=site, sex=sex, period=code):
                        key = ("reg", col, site, code, sex, str(r["adcode"]))
                        if _num(r.get("cases")) is not None:
                            pub.add(key, r["cases"], src)
                        else:
                            pub.hide(key)
                            if any(_num(r.get(c)) is not None for c in ("rate", "lower", "upper")):
                                pub.reveal(key, src + " (rate shown, count hidden)")
    for prog in PROGRAMMES:
        for year in years or [None]:
            src = f"api.screening:{prog}/{year}"
            for r in rows("screening", programme=prog, **({"year": year} if year else {})):
                y = int(r.get("year") or year or 0)
                for stage in STAGES:
                    if stage in r:
                        key = ("scr", stage, prog, y, str(r["adcode"]))
                        if _num(r[stage]) is not None:
                            pub.add(key, r[stage], src)
                        else:
                            pub.hide(key)
    from dashboard.queries.indicators import YES_NO_KINDS

    for key in INDICATORS:
        if INDICATORS[key].kind in YES_NO_KINDS:  # counts of counties, not of persons: not in the universe
            continue
        src = f"api.indicators:{key}"
        for r in rows("indicators", indicator=key):
            if _num(r.get("year")) is None:
                continue
            u, y = str(r["adcode"]), int(float(r["year"]))
            for part in ("numerator", "denominator"):
                cell = ("ind", key, y, u, part)
                if _num(r.get(part)) is not None:
                    pub.add(cell, r[part], src)
                elif r.get("value") is None:
                    pub.hide(cell)


def _records(obj: Any) -> Iterable[dict[str, Any]]:
    if isinstance(obj, dict):
        yield obj
        for v in obj.values():
            yield from _records(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _records(v)


GATHERERS = {"rates": gather_rates, "series": gather_series, "map": gather_map, "county": gather_county,
             "screening": gather_screening, "targets": gather_targets, "api": gather_api}  # fmt: skip


def gather(db: Database, settings: Any, area: str, only: Iterable[str] | None = None) -> Published:
    """Everything published for ``area`` by the sources of :data:`GATHERERS` (or ``only``)."""
    pub = Published()
    for name, fn in GATHERERS.items():
        if only is None or name in only:
            t0 = time.perf_counter()
            fn(db, settings, area, pub)
            pub.sources[f"seconds:{name}"] = round(time.perf_counter() - t0, 1)  # type: ignore[assignment]
    return pub


# ---------------------------------------------------------------------------------------
# The attack


@dataclass
class Report:
    figures: dict[str, Any]
    failures: list[dict[str, Any]]  #: hidden cells with fewer than ``limit`` whole values
    wrong: list[str]  #: published values that differ from the truth
    unknown: list[str]  #: published keys that are not cells of the universe (non-zero)
    conflicts: list[str]
    findings: list[str]
    errors: list[str]  #: page functions that raised
    ranges: dict[Key, tuple[float, float]]  #: exact or certified-inner ranges of hidden cells

    @property
    def ok(self) -> bool:
        return not (self.failures or self.wrong or self.unknown or self.conflicts or self.errors)

    def summary(self, n: int = 12) -> str:
        lines = [f"figures: {self.figures}"]
        for f in self.failures[:n]:
            lines.append(
                f"pinned {f['key']}: truth {f['truth']}, range {f['lo']:g}..{f['hi']:g} via {f['route']}"
            )
        lines += [f"wrong: {w}" for w in self.wrong[:n]] + [f"unknown: {w}" for w in self.unknown[:n]]
        lines += [f"error: {w}" for w in self.errors[:n]]
        lines += [f"conflict: {w}" for w in self.conflicts[:n]] + [f"finding: {w}" for w in self.findings[:n]]
        return "\n".join(lines)


def n_values(lo: float, hi: float) -> float:
    """Whole values in [lo, hi] (inf when unbounded)."""
    if hi >= CAP * (1 - 1e-9) or math.isinf(hi):
        return math.inf
    return math.floor(hi + TOL) - math.ceil(lo - TOL) + 1


class _UF:
    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, a: int) -> int:
        while self.p[a] != a:
            self.p[a] = self.p[self.p[a]]
            a = self.p[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[ra] = rb


def _reduce(cons: list[Constraint], idx_of: list[np.ndarray], known: np.ndarray,
            val: np.ndarray) -> tuple[list[tuple[np.ndarray, np.ndarray, float, float, str]], list[str],
                                      list[tuple[int, float, str]]]:  # fmt: skip
    """Rows over the hidden cells, published facts that contradict a relation, and the cells
    an equality with one hidden cell pins (index, value, relation)."""
    rows, inconsistent, fixed = [], [], []
    for c, ia in zip(cons, idx_of, strict=True):
        co = np.asarray(c.coef, float)
        h = ~known[ia]
        const = float(co[~h] @ val[ia[~h]])
        lo, hi = c.lo - const, c.hi - const
        if not h.any():
            if lo > TOL * (1 + abs(const)) or hi < -TOL * (1 + abs(const)):
                inconsistent.append(f"{c.kind}: {c.cells}")
            continue
        if h.sum() == 1 and abs(hi - lo) <= TOL:
            fixed.append((int(ia[h][0]), lo / float(co[h][0]), c.kind))
        rows.append((ia[h], co[h], lo, hi, c.kind))
    return rows, inconsistent, fixed


def attack(
    uni: Universe, pub: Published, limit: int = SMALL_CELL_LIMIT, seed: int = 0, rounds: int = 20
) -> Report:
    """Ranges of every hidden cell given everything in ``pub`` (see the module's docstring)."""
    t0 = time.perf_counter()
    n = len(uni.keys)
    known = np.zeros(n, bool)
    val = uni.truth.copy()
    wrong, unknown = [], []
    for key, v in pub.values.items():
        i = uni.index.get(key)
        if i is None:
            if v != 0:
                unknown.append(f"{key} = {v} ({pub.where[key]})")
            continue
        known[i] = True
        if v != uni.truth[i]:
            wrong.append(f"{key}: published {v} ({pub.where[key]}), true {int(uni.truth[i])}")
            val[i] = v
    revealed = 0
    for key in pub.revealed:
        i = uni.index.get(key)
        if i is not None and not known[i]:
            known[i] = True  # a shown rate with its person-years gives the count away
            revealed += 1
    findings = list(pub.findings) + [
        f"revealed by a rate: {k} ({s})" for k, s in list(pub.revealed.items())[:50]
    ]
    wrong += [f"{k}: a rate is shown, its count is not ({s})" for k, s in pub.revealed.items()]
    # rows over hidden cells: A_h x_h in [lo - A_k x_k, hi - A_k x_k]; an equality left with
    # one hidden cell pins it (subtraction): fixed, and the rows are reduced again
    cons = [c for c in (*uni.relations, *pub.constraints) if all(k in uni.index for k in c.cells)]
    idx_of = [np.array([uni.index[k] for k in c.cells], int) for c in cons]
    subtracted: dict[int, str] = {}
    while True:
        rows, inconsistent, fixed = _reduce(cons, idx_of, known, val)
        for i, v, kind in fixed:
            if not known[i]:
                known[i], val[i], subtracted[i] = True, v, kind
        if not fixed:
            break
    hidden = np.flatnonzero(~known)
    uf = _UF(n)
    for ia, _co, _lo, _hi, _k in rows:
        for j in ia[1:]:
            uf.union(int(ia[0]), int(j))
    comps: dict[int, list[int]] = defaultdict(list)
    for i in hidden:
        comps[uf.find(int(i))].append(int(i))
    rows_of: dict[int, list[int]] = defaultdict(list)
    for r, (ia, *_rest) in enumerate(rows):
        rows_of[uf.find(int(ia[0]))].append(r)
    rng = np.random.default_rng(seed)
    lo_obs = np.full(n, np.nan)
    hi_obs = np.full(n, np.nan)
    lo_obs[hidden] = hi_obs[hidden] = uni.truth[hidden]
    exact_lo = np.zeros(n, bool)
    exact_hi = np.zeros(n, bool)
    lps = 0
    for root, cells in comps.items():
        loc = {c: j for j, c in enumerate(cells)}
        m = len(cells)
        eq_r, eq_c, eq_v, eq_b, ub_r, ub_c, ub_v, ub_b = [], [], [], [], [], [], [], []
        for r in rows_of.get(root, []):
            ia, co, lo, hi, _k = rows[r]
            cols = [loc[int(i)] for i in ia]
            if abs(hi - lo) <= TOL:
                k = len(eq_b)
                eq_r += [k] * len(cols)
                eq_c += cols
                eq_v += list(co)
                eq_b.append(lo)
                continue
            if math.isfinite(hi):
                k = len(ub_b)
                ub_r += [k] * len(cols)
                ub_c += cols
                ub_v += list(co)
                ub_b.append(hi)
            if math.isfinite(lo):
                k = len(ub_b)
                ub_r += [k] * len(cols)
                ub_c += cols
                ub_v += list(-co)
                ub_b.append(-lo)
        a_eq = sparse.csr_matrix((eq_v, (eq_r, eq_c)), shape=(len(eq_b), m)) if eq_b else None
        a_ub = sparse.csr_matrix((ub_v, (ub_r, ub_c)), shape=(len(ub_b), m)) if ub_b else None
        b_eq = np.array(eq_b) if eq_b else None
        b_ub = np.array(ub_b) if ub_b else None
        ids = np.array(cells)
        if a_eq is None and a_ub is None:
            hi_obs[ids] = CAP  # free cells
            continue

        lps += _solve_component((a_ub, b_ub, a_eq, b_eq), ids, (lo_obs, hi_obs, exact_lo, exact_hi), limit, rng,
                                rounds)  # fmt: skip
    # the cells the rule protects: those a page shows as hidden, and every small count not
    # published (cells no page lists at all, e.g. an old year's numerator, are not "hidden")
    checked = np.array([k in pub.blank or 1 <= t <= limit for k, t in zip(uni.keys, uni.truth, strict=True)])
    failures, implied_zero = [], 0
    narrowest = math.inf
    for i, kind in subtracted.items():
        if not checked[i]:
            continue
        if val[i] == 0 and uni.truth[i] == 0:
            implied_zero += 1
            continue
        narrowest = 1
        failures.append({"key": uni.keys[i], "truth": int(uni.truth[i]), "lo": float(val[i]), "hi": float(val[i]),
                         "values": 1, "exact": True, "route": kind.split("/")[0]})  # fmt: skip
    for i in hidden:
        if not checked[i]:
            continue
        nv = n_values(lo_obs[i], hi_obs[i])
        if nv < limit and hi_obs[i] <= TOL and uni.truth[i] == 0:
            implied_zero += 1  # e.g. DCO% blank because its county had no cases: nothing hidden
            continue
        narrowest = min(narrowest, nv)
        if nv >= limit:
            continue
        failures.append({"key": uni.keys[i], "truth": int(uni.truth[i]), "lo": float(lo_obs[i]),
                         "hi": float(hi_obs[i]), "values": nv, "exact": bool(exact_lo[i] and exact_hi[i]),
                         "route": _route(i, rows)})  # fmt: skip
    routes: dict[str, int] = defaultdict(int)
    for f in failures:
        routes[f["route"]] += 1
    figures = {
        "cells": n,
        "published": int(known.sum()),
        "hidden": int(len(hidden)) + len(subtracted),
        "checked": int(checked[hidden].sum()) + int(sum(checked[i] for i in subtracted)),
        "pinned_by_subtraction": len(subtracted),
        "components": len(comps),
        "narrowest": narrowest if math.isfinite(narrowest) else "unbounded",
        "pinned": len(failures),
        "implied_zero": implied_zero,
        "revealed_by_rates": revealed,
        "routes": dict(routes),
        "lp_solved": lps,
        "seconds": round(time.perf_counter() - t0, 2),
        "dropped_relations": len(uni.dropped),
        "inconsistent_published": len(inconsistent),
    }
    ranges = {uni.keys[i]: (float(lo_obs[i]), float(hi_obs[i])) for i in hidden}
    ranges.update({uni.keys[i]: (float(val[i]), float(val[i])) for i in subtracted})
    figures["page_errors"] = len(pub.errors)
    return Report(figures, failures, wrong + inconsistent, unknown, list(pub.conflicts), findings, list(pub.errors),
                  ranges)  # fmt: skip


def _solve_component(lp: tuple[Any, Any, Any, Any], ids: np.ndarray, obs: tuple[np.ndarray, ...], limit: int,
                     rng: np.random.Generator, rounds: int) -> int:  # fmt: skip
    """Widen the observed ranges ``obs`` (lo, hi, exact_lo, exact_hi; updated in place) of a
    component's cells ``ids`` until each has ``limit`` values or its exact range; LPs solved."""
    a_ub, b_ub, a_eq, b_eq = lp
    lo_obs, hi_obs, exact_lo, exact_hi = obs
    m = len(ids)
    lps = 0

    def solve(cost: np.ndarray) -> bool:
        nonlocal lps
        lps += 1
        res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, CAP), method="highs")
        if res.status != 0:
            return False
        x = np.asarray(res.x)
        lo_obs[ids] = np.fmin(lo_obs[ids], x)
        hi_obs[ids] = np.fmax(hi_obs[ids], x)
        return True

    def open_cells() -> np.ndarray:
        nv = np.array([n_values(a, b) for a, b in zip(lo_obs[ids], hi_obs[ids], strict=True)])
        return np.flatnonzero(nv < limit)

    before = m + 1
    for _ in range(rounds):
        todo = open_cells()
        if len(todo) == 0 or len(todo) > 0.95 * before:
            break  # done, or the combinations no longer help: per-cell LPs for the rest
        before = len(todo)
        w = np.zeros(m)
        w[todo] = rng.uniform(0.5, 1.5, len(todo)) * rng.choice([-1.0, 1.0], len(todo))
        solve(-w)
        solve(w)
    for j in open_cells():
        for sign, exact in ((1.0, exact_lo), (-1.0, exact_hi)):
            if n_values(lo_obs[ids[j]], hi_obs[ids[j]]) >= limit:
                break
            cost = np.zeros(m)
            cost[j] = sign
            if solve(cost):
                exact[ids[j]] = True
    return lps


def _route(i: int, rows: list[tuple[np.ndarray, np.ndarray, float, float, str]]) -> str:
    """How cell ``i`` is pinned: the relation with no other hidden cell (subtraction), one
    with a single other hidden cell, else "LP" (only a combination of relations)."""
    for size in (1, 2):
        for ia, _co, _lo, _hi, kind in rows:
            if len(ia) == size and i in ia:
                base = kind.split("/")[0]
                return base if size == 1 else f"{base} (with 1 other hidden cell)"
    return "LP"


def run(db: Database, settings: Any, area: str, limit: int | None = None) -> Report:
    """Gather, build the universe, attack: the figures of one area."""
    t0 = time.perf_counter()
    pub = gather(db, settings, area)
    t1 = time.perf_counter()
    uni = universe(db, area)
    rep = attack(uni, pub, limit or settings.small_cell_limit)
    rep.figures.update(area=area, gather_seconds=round(t1 - t0, 1), sources=dict(pub.sources),
                       total_seconds=round(time.perf_counter() - t0, 1))  # fmt: skip
    return rep


def figure_line(rep: Report) -> str:
    f = rep.figures
    return (f"disclosure {f.get('area', '')}: hidden {f['hidden']}, checked {f['checked']}, narrowest "
            f"{f['narrowest']} whole values, pinned {f['pinned']}, LPs {f['lp_solved']}, attack {f['seconds']} s, "
            f"gathering {f.get('gather_seconds', '-')} s")  # fmt: skip


__all__ = [
    "Constraint",
    "Published",
    "Report",
    "Universe",
    "attack",
    "figure_line",
    "gather",
    "run",
    "universe",
]
