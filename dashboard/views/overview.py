"""The plan overview (``/``) without Dash: "are we going to make it?", one card per target.

``layouts/home.py`` and the briefing deck (:mod:`dashboard.export.plan_deck`) take what
they show from here:

1. the selection is the plan area (``/?area=500000``), checked by the page;
2. :func:`overview` reads the plan's judged targets (:mod:`dashboard.domain.assessment`) and
   their series through the memoized loaders;
3. and makes every word in the chosen language: per target a :class:`TargetCard` (name,
   status, clause, latest value, projection sentences, counties meeting it, sparkline);
   the summary line, notes, the non-quantified targets and the tables still to load;
4. :func:`met_map` draws the counties coloured by the number of targets they meet;
5. :func:`findings` writes "what the data says" by the rules of
   :mod:`dashboard.domain.findings` (targets at risk, counties above or below the area,
   rising trends, registry quality, change since the previous data year).

An area whose plan has no data yet is not an error: :attr:`Overview.missing` names the
tables to load and every card says "no data".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.access.scope import require_area
from dashboard.catalogue.geo import boundaries_geojson
from dashboard.catalogue.indicators import INDICATORS
from dashboard.domain.assessment import county_scorecard, data_gaps, plan_assessment
from dashboard.domain.findings import (
    Finding,
    change_finding,
    county_differences,
    ordered,
    quality_finding,
    rising_trend,
    target_finding,
)
from dashboard.domain.peers import POOLED_YEARS
from dashboard.domain.status import TargetSpec, TargetStatus, meets_target, status_key
from dashboard.domain.verdict import Verdict, verdict
from dashboard.epi import annual_percent_change
from dashboard.figures.common import STATUS_COLOURS
from dashboard.figures.county_map import make_category_map
from dashboard.figures.targets import SparklineLabels, make_sparkline, met_count_colours
from dashboard.i18n import pick, t
from dashboard.i18n.findings import FindingLine, finding_lines
from dashboard.i18n.targets import clause_label, counties_sentence, describe, status_label, target_label
from dashboard.i18n.verdict import headline_parts, quantity, verdict_lines
from dashboard.infra.db import Database
from dashboard.publish.indicators import published_indicators
from dashboard.publish.rates import published_rates
from dashboard.queries.areas import area_info, counties, data_kind, plan_targets
from dashboard.queries.indicators import plan_for_area
from dashboard.queries.registry import Selection as RateSelection
from dashboard.queries.registry import registry_years

#: Status keys in summary order.
SUMMARY_ORDER = ("met", "on_track", "at_risk", "off_track", "missed", "no_data")


def bracket(clause: str, lang: str) -> str:
    """The plan clause in brackets ("（十二）"), added when the plan file has none ("一");
    Arabic numerals in English ("(12)")."""
    return clause_label(clause, lang)


def clause_text(clause: str, name: str, target: str, deadline: int, lang: str) -> str:
    """ "（十二）重点癌种早诊率 ≥ 55%，2022年"."""
    return t(
        "overview.clause", lang, clause=bracket(clause, lang), name=name, target=target, deadline=deadline
    )


def sparkline_labels(lang: str) -> SparklineLabels:
    """The words of :func:`dashboard.figures.targets.make_sparkline`."""
    return SparklineLabels(
        no_data=t("common.no_data", lang), observed=t("targets.fig.observed", lang),
        target=t("targets.fig.target", lang),
    )  # fmt: skip


def summary_line(assessed: pd.DataFrame, lang: str) -> str:
    """ "7 项量化指标：1 项达标，3 项逾期后达标，3 项未达标（期限已过）" — the headline
    categories of :mod:`dashboard.domain.verdict` (a target reached after its deadline is
    said so, not counted as "not met")."""
    verdicts = [verdict(st, TargetSpec.from_row(r)) for st, (_, r) in zip(assessed["assessment"],
                                                                          assessed.iterrows(), strict=True)]  # fmt: skip
    sep = "，" if lang == "zh" else ", "
    return t("overview.summary", lang, n=len(assessed), parts=sep.join(headline_parts(verdicts, lang)))


@dataclass(frozen=True, eq=False)
class TargetCard:
    """One quantified target in words (and the data behind its charts)."""

    target_id: str
    indicator: str
    name: str  #: the indicator's name
    key: str  #: status key (chip colour, ``data-status``)
    status: str  #: the status in words
    colour: str  #: the card's top border
    target: str  #: "≥ 55%"
    deadline: int
    clause: str  #: the plan clause as written ("（十二）")
    clause_line: str  #: "（十二）重点癌种早诊率 ≥ 55%，2022年"
    clause_title: str  #: the plan's full wording of the target
    latest: str  #: "52.3%" or "—"
    latest_year: int | None
    latest_note: str | None  #: "2024年" (None without a value)
    projection: tuple[str, ...]  #: sentences: the projection, or the deadline and since
    now: str  #: "现在：2025年 56.0%，已达到目标"
    by_deadline: str  #: "到2030年：预计 23.3%（95%区间 20.3%–26.4%），将达不到目标"
    headline: str  #: the headline category (:data:`dashboard.domain.verdict.HEADLINES`)
    verdict: Verdict
    counties: str  #: "27 / 38 个区县达标"
    summary_item: str  #: "达标 · 早诊率 ≥ 55%（2022）: 56.1%" (the deck's summary slide)
    href: str  #: the indicator on /targets
    spark_filename: str
    unit: str
    assessment: TargetStatus
    area_series: pd.DataFrame  #: the area's own rows of the indicator series
    spec: TargetSpec
    spark: go.Figure


@dataclass(frozen=True, eq=False)
class Overview:
    """Everything the overview page (and the briefing deck) shows, in one language."""

    area: str
    lang: str
    as_of: int
    area_name: str
    demo: bool
    plan_id: str | None  #: None: the area has no plan file (``message`` says so)
    plan_name: str = ""
    heading: str = ""
    message: str | None = None
    summary: str = ""
    notes: str = ""
    data_year: int | None = None  #: latest year with a value of any target
    cards: tuple[TargetCard, ...] = ()
    others: tuple[tuple[str, str], ...] = ()  #: non-quantified targets: (clause, text)
    missing: tuple[str, ...] = ()  #: tables to load ("no data yet"; empty when there is data)
    #: captions: export, export_hint, others, method_title, method, details
    text: dict[str, str] = field(default_factory=dict)
    export_href: str = ""
    findings: tuple[FindingLine, ...] = ()  #: "what the data says" (:func:`findings`)


def _card(row: pd.Series, area_series: pd.DataFrame, code: str, lang: str) -> TargetCard:
    ind = INDICATORS[row["indicator"]]
    spec = TargetSpec.from_row(row)
    st: TargetStatus = row["assessment"]
    target = target_label(spec, st.target_value, ind.unit, lang)
    name = ind.name(lang)
    label = status_label(st, lang)
    latest = quantity(st.latest_value, ind.unit, lang, ind.key)
    v = verdict(st, spec)
    now, by_deadline = verdict_lines(v, spec.deadline, ind.unit, lang, ind.key)
    spark = make_sparkline(df=area_series, target=st.target_value, status=st.status, unit=ind.unit,
                           labels=sparkline_labels(lang), deadline=spec.deadline)  # fmt: skip
    return TargetCard(
        target_id=str(row["target_id"]),
        indicator=str(row["indicator"]),
        name=name,
        key=status_key(st),
        status=label,
        colour=STATUS_COLOURS.get(st.status, STATUS_COLOURS["no_data"]),
        target=target,
        deadline=spec.deadline,
        clause=str(row["clause"]),
        clause_line=clause_text(row["clause"], name, target, spec.deadline, lang),
        clause_title=pick(row["text_zh"], row["text_en"], lang),
        latest=latest,
        latest_year=st.latest_year,
        latest_note=None if st.latest_year is None else t("overview.latest", lang, year=st.latest_year),
        projection=tuple(describe(st, spec, ind.unit, lang)),
        now=now,
        by_deadline=by_deadline,
        headline=v.headline,
        verdict=v,
        counties=counties_sentence(row, lang),
        summary_item=t(
            "overview.summary_item",
            lang,
            status=label,
            name=name,
            target=target,
            deadline=spec.deadline,
            latest=latest,
        )
        + f" ({now}; {by_deadline})",  # fmt: skip
        href=f"/targets?{urlencode({'area': code, 'indicator': row['indicator']})}",
        spark_filename=f"target-{code}-{row['target_id']}",
        unit=ind.unit,
        assessment=st,
        area_series=area_series,
        spec=spec,
        spark=spark,
    )


def _map_href(area: str, sel: RateSelection) -> str:
    return f"/map?{urlencode({'area': area, **sel.params()})}"


def registry_findings(
    db: Database, area: str, area_name: str, lang: str, suppress_below: int, limit: int = 5
) -> list[Finding]:
    """Findings from the registry: counties above/below the area (incidence and mortality
    ASR, all sites, the latest five years pooled), the area's rising trends (APC of its
    yearly ASR), registry quality of the counties. Numbers as published
    (:func:`dashboard.publish.rates.published_rates`): suppressed or hidden rates make none."""
    years = registry_years(db, area)
    if not years:
        return []
    y0, y1 = years[max(0, len(years) - POOLED_YEARS)], years[-1]
    out: list[Finding | None] = []
    quality: Finding | None = None
    for measure in ("incidence", "mortality"):
        sel = RateSelection(measure=measure, site="all", sex="T", rate="asr_china", year_from=y0, year_to=y1)
        rt = published_rates(db, area, sel, suppress_below, limit)
        c = rt.counties
        names = [pick(z, e, lang) for z, e in zip(c["name_zh"], c["name_en"], strict=True)]
        bench = math.nan if rt.area.get("suppressed", True) else float(rt.area["rate"])
        out += county_differences(subject=(("measure", measure), ("site", "all"), ("year_from", y0),
                                           ("year_to", y1)), names=names, values=c["rate"].tolist(),
                                  lower=c["lower"].tolist(), upper=c["upper"].tolist(), benchmark=bench,
                                  higher_is_better=False, href=_map_href(area, sel))  # fmt: skip
        if measure == "incidence":
            quality = quality_finding(flagged=list(zip(names, c["quality_flags"], strict=True)),
                                      href=_map_href(area, sel))  # fmt: skip
        yearly = [published_rates(db, area, RateSelection(measure=measure, site="all", sex="T", rate="asr_china",
                                                          year_from=y, year_to=y), suppress_below, limit).area
                  for y in years]  # fmt: skip
        rates = np.array([math.nan if a.get("suppressed", True) else float(a["rate"]) for a in yearly])
        if len(years) >= 3 and np.all(np.isfinite(rates)):
            res = annual_percent_change(np.array(years, float), rates)
            span = RateSelection(measure=measure, site="all", sex="T", rate="asr_china", year_from=years[0],
                                 year_to=years[-1])  # fmt: skip
            out.append(rising_trend(subject=(("measure", measure), ("site", "all"), ("year_from", years[0]),
                                             ("year_to", years[-1]), ("place", area_name)),
                                    apc=res.apc, lower=res.lower, upper=res.upper, href=_map_href(area, span)))  # fmt: skip
    out.append(quality)
    return ordered(out)


def findings(db: Database, area: str, cards: tuple[TargetCard, ...], *, area_name: str, lang: str,
             suppress_below: int = 16, small_cell_limit: int = 5) -> tuple[FindingLine, ...]:  # fmt: skip
    """ "What the data says" for the plan area, in ``lang`` (rules: :mod:`dashboard.domain.findings`)."""
    made: list[Finding | None] = []
    for card in cards:
        ind = INDICATORS[card.indicator]
        made.append(target_finding(indicator=card.indicator, unit=card.unit, spec=card.spec,
                                   target=card.assessment.target_value, v=card.verdict, href=card.href))  # fmt: skip
        made.append(change_finding(indicator=card.indicator, unit=card.unit, higher_is_better=ind.higher_is_better,
                                   series=card.area_series, href=card.href))  # fmt: skip
    made += registry_findings(db, area, area_name, lang, suppress_below, small_cell_limit)
    return tuple(finding_lines(ordered(made), lang, area_name))


def overview(db: Database, area: str, *, lang: str, as_of: int, suppress_below: int = 16,
             small_cell_limit: int = 5) -> Overview:  # fmt: skip
    """The overview of plan area ``area`` judged as of ``as_of`` (AccessDenied: not the request's).

    Indicator numbers are the published ones (:mod:`dashboard.publish.indicators`): counties
    meeting a target count only counties whose value is shown."""
    require_area(area)
    info = area_info(db, area) or {}
    area_name = pick(info.get("name_zh"), info.get("name_en"), lang) or area  # type: ignore[arg-type]
    demo = data_kind(db) == "demonstration"
    plan = plan_for_area(db, area)
    if plan is None:
        return Overview(area=area, lang=lang, as_of=as_of, area_name=area_name, demo=demo, plan_id=None,
                        heading=area_name, message=t("overview.no_plan", lang))  # fmt: skip
    plan_id = str(plan["plan_id"])
    plan_name = pick(str(plan["name_zh"]), str(plan["name_en"]), lang)
    assessed = plan_assessment(db, area, plan_id, as_of, small_cell_limit)
    cards = []
    data_years: list[int] = []
    for _, row in assessed.iterrows():
        series = published_indicators(db, area, row["indicator"], small_cell_limit)
        area_series = series[series["area"] == area]
        if not area_series.empty:
            data_years.append(int(area_series["year"].max()))
        cards.append(_card(row, area_series, area, lang))
    data_year = max(data_years) if data_years else None
    passed = sorted(
        {int(d) for d, p in zip(assessed["deadline"], assessed["deadline_passed"], strict=True) if p}
    )
    notes = [t("overview.as_of" if demo else "overview.as_of_real", lang, year=as_of,
               data_year=data_year if data_year is not None else "—")]  # fmt: skip
    if passed and bool(assessed["deadline_passed"].all()):
        notes.append(t("overview.deadline_passed", lang, deadline="、".join(map(str, passed))))
    all_targets = plan_targets(db, plan_id)
    others = all_targets[~all_targets["quantified"].astype(bool)]
    text = {
        "export": t("export.button", lang),
        "export_busy": t("export.busy", lang),
        "export_hint": t("export.button_hint", lang),
        "others": t("overview.other_targets", lang),
        "method_title": t("overview.method_title", lang),
        "method": t("overview.method", lang),
        "details": t("overview.details", lang),
    }
    return Overview(
        area=area,
        lang=lang,
        as_of=as_of,
        area_name=area_name,
        demo=demo,
        plan_id=plan_id,
        plan_name=plan_name,
        heading=t("overview.heading", lang, area=area_name, plan=plan_name),
        summary=summary_line(assessed, lang),
        notes=" ".join(notes),
        data_year=data_year,
        cards=tuple(cards),
        others=tuple(
            (bracket(r["clause"], lang) + " ", pick(r["text_zh"], r["text_en"], lang))
            for _, r in others.iterrows()
        ),  # fmt: skip
        missing=tuple(data_gaps(db, area, plan_id, as_of, small_cell_limit)),
        text={
            **text,
            "findings_title": t("findings.title", lang),
            "findings_hint": t("findings.hint", lang),
            "findings_none": t("findings.none", lang),
        },
        export_href=f"/export/briefing.pptx?{urlencode({'area': area, 'lang': lang})}",
        findings=findings(
            db,
            area,
            tuple(cards),
            area_name=area_name,
            lang=lang,
            suppress_below=suppress_below,
            small_cell_limit=small_cell_limit,
        ),
    )


@dataclass(frozen=True, eq=False)
class MetMap:
    """Counties coloured by the number of county-level targets they meet."""

    title: str
    figure: go.Figure
    legend: tuple[tuple[str, str], ...]  #: (label, colour)
    filename: str


def met_map(db: Database, area: str, *, lang: str, as_of: int, small_cell_limit: int = 5) -> MetMap | None:
    """The overview's county map (one choropleth trace); None when the area has no plan. A
    county's target counts as met only on a published value (a hidden one meets nothing)."""
    require_area(area)
    plan = plan_for_area(db, area)
    if plan is None:
        return None
    plan_id = str(plan["plan_id"])
    df = counties(db, area).copy()
    assessed = plan_assessment(db, area, plan_id, as_of, small_cell_limit)
    sc = county_scorecard(db, area, plan_id, as_of, small_cell_limit)
    n_targets = int(sc["target_id"].nunique()) if not sc.empty else 0
    if n_targets:
        comparison = dict(zip(assessed["target_id"], assessed["comparison"], strict=True))
        ok = [meets_target(s, comparison[tid]) for s, tid in zip(sc["status"], sc["target_id"], strict=True)]
        met = sc.assign(ok=ok).groupby("area")["ok"].sum()
        df["met"] = df["adcode"].map(met).fillna(0).astype(int)
        years = sorted(sc["judged_year"].dropna().unique())
        basis = t("overview.map_basis_year", lang, year=int(years[0])) if len(years) == 1 \
            else t("overview.map_basis_latest", lang)  # fmt: skip
        title = t("overview.map_title", lang, basis=basis, n=n_targets)
    else:
        df["met"] = 0
        county_level = any(INDICATORS[k].county_level for k in assessed["indicator"])
        title = t("overview.map_no_data" if county_level else "overview.map_none", lang)
    cats = [t("overview.map_legend", lang, k=k, n=n_targets) for k in range(n_targets + 1)]
    colours = dict(zip(cats, met_count_colours(n_targets), strict=True))
    df["cat"] = [cats[k] for k in df["met"]]
    names = [pick(z, e, lang) for z, e in zip(df["name_zh"], df["name_en"], strict=True)]
    groups = [pick(z, e, lang) for z, e in zip(df["region_group"], df["region_group_en"], strict=True)]
    click = t("overview.map_click", lang)  # a click opens the county's profile (callbacks/home.py)
    df["hover"] = [
        f"<b>{n}</b> ({c})<br>{g}<br>{t('overview.map_hover', lang, k=k, n=n_targets)}<br><i>{click}</i>"
        for n, c, g, k in zip(names, df["adcode"], groups, df["met"], strict=True)
    ]
    fig = make_category_map(geojson=boundaries_geojson(area), df=df, location_col="adcode", category_col="cat",
                            hover_col="hover", colours=colours)  # fmt: skip
    # the PNG download draws the title and the legend the page shows beside the map (assets/app/pngexport.js)
    fig.update_layout(
        meta={"export": {"title": title, "legend": [[label, c] for label, c in colours.items()]}}
    )
    return MetMap(title=title, figure=fig, legend=tuple(colours.items()), filename=f"targets-met-{area}")
