"""Methods (/methods): the definition behind every number on the dashboard.

Each section has an HTML anchor (``Methods.ANCHOR_*`` in ``components.ids``) so other pages
can link to ``/methods#asr``, ``/methods#suppression`` and so on. Nothing on this page is
typed in twice: the age groups and standard populations come from
``dashboard.epi.standards``, the thresholds from the running settings and
``dashboard.epi`` constants, the indicator table from ``dashboard.catalogue.indicators.INDICATORS``,
and the worked example is computed by ``dashboard.epi.standardised_rate`` when the page is
drawn. Formulae are TeX rendered by MathJax, which dash-core-components bundles and serves
from the app itself (no request leaves the machine).

URL parameters: ``area`` is accepted (the shell keeps it in every link) and ignored.
"""

from __future__ import annotations

import inspect
import re

import dash
import dash_bootstrap_components as dbc
import numpy as np
from dash import dcc, html
from scipy import stats

from components.ids import Methods
from dashboard.catalogue.indicators import INDICATORS
from dashboard.catalogue.sites import SITES
from dashboard.demo.generator import demo_regions
from dashboard.domain.screening import CONVERSIONS, PROGRAMMES, STEPS, TWO_CANCER
from dashboard.domain.status import STATUSES, assess_target
from dashboard.epi import AGE_GROUPS, AGE_WIDTHS, crude_rate, standard_weights, standardised_rate
from dashboard.epi import quality as q
from dashboard.epi.compare import FUNNEL_LEVELS
from dashboard.epi.ranks import DRAWS as RANK_DRAWS
from dashboard.epi.ranks import SEED as RANK_SEED
from dashboard.epi.standards import age_group_slice
from dashboard.epi.trends import MIN_POINTS
from dashboard.i18n import t
from dashboard.infra.config import Settings
from dashboard.infra.runtime import current_db, current_settings
from dashboard.plans import load_plans
from dashboard.queries.areas import counties, data_kind
from layouts._common import area_name, page_language

dash.register_page(__name__, path="/methods", name="methods", title="方法说明")

# ---------------------------------------------------------------- worked example (public)
# csm.ornl.gov "ex-direct": cases, rates per 100,000 and standard proportions of five strata
# (epi-methods.md). The person-years are n = d / rate x 1e5.
EXAMPLE_CASES = (3, 9, 7, 2, 1)
EXAMPLE_RATES = (36.1228, 17.2003, 15.6352, 5.7322, 10.5584)
EXAMPLE_WEIGHTS = (0.28111788, 0.21226284, 0.22695215, 0.19851136, 0.08115578)
#: Published ASR and SE; Fay-Feuer interval and Tiwari upper limit of epi-methods.md.
EXAMPLE_REFERENCE = {
    "rate": 19.3490,
    "se": 6.2478,
    "lower": 9.1091,
    "upper": 38.6324,
    "tiwari_upper": 34.9401,
}
EXAMPLE_QUANTITIES = ("rate", "se", "lower", "upper", "tiwari_upper")

# ------------------------------------------------------------------ plan-target status
# The projection window of dashboard.domain.status.assess_target (last MIN..MAX years), read from
# its signature so that the text follows the code.
_ASSESS = inspect.signature(assess_target).parameters
STATUS_MIN_YEARS = int(_ASSESS["min_points"].default)
STATUS_MAX_YEARS = int(_ASSESS["max_points"].default)

# ------------------------------------------------------------------------------- formulae
# TeX; a word in a formula is written <<key>> and becomes \text{...} of the message
# "methods.tex.<key>" in the page's language (see _tex).
TEX_CRUDE = r"<<crude>> = \frac{\sum_i d_i}{\sum_i n_i}\times 10^5"
TEX_ASR = r"<<asr>> = \sum_i \frac{d_i}{n_i}\cdot\frac{W_i}{\sum_j W_j}\times 10^5"
TEX_VAR = (
    r"\operatorname{Var}(<<asr>>) = \sum_i \left(\frac{W_i}{\sum_j W_j}\right)^{2}\frac{d_i}{n_i^{2}}"
    r"\times 10^{10},\qquad \text{SE} = \sqrt{\operatorname{Var}(<<asr>>)}"
)
TEX_TRUNCATED = (
    r"<<tasr>>_{35\text{–}64} = \sum_{i\,\in\,35\text{–}39,\ \dots,\ 60\text{–}64}"
    r"\frac{d_i}{n_i}\cdot\frac{W^{\text{Segi}}_i}"
    r"{\sum_{j\,\in\,35\text{–}39,\ \dots,\ 60\text{–}64} W^{\text{Segi}}_j}\times 10^5"
)
TEX_CUMULATIVE = (
    r"<<cr>>_{0\text{–}74}\,(\%) = 100\times\sum_{i\,\in\,0,\ \dots,\ 70\text{–}74}\frac{d_i}{n_i}\,t_i"
)
TEX_RISK = r"<<risk>>_{0\text{–}74}\,(\%) = 100\times\left(1 - e^{-<<cr>>_{0\text{–}74}/100}\right)"
TEX_POISSON = (
    r"\left[\ \frac{\chi^2_{\alpha/2}(2D)}{2N},\ \ \frac{\chi^2_{1-\alpha/2}(2D+2)}{2N}\ \right]\times 10^5,"
    r"\qquad \alpha = 0.05"
)
TEX_GAMMA_W = r"w_i = \frac{W_i/\sum_j W_j}{n_i},\qquad y = \sum_i w_i d_i,\qquad v = \sum_i w_i^{2} d_i"
TEX_GAMMA_LOWER = r"<<lower>> = G^{-1}_{\alpha/2}\!\left(\frac{y^{2}}{v},\ \frac{v}{y}\right)"
TEX_GAMMA_UPPER = r"<<upper>> = G^{-1}_{1-\alpha/2}\!\left(\frac{y^{*2}}{v^{*}},\ \frac{v^{*}}{y^{*}}\right)"
TEX_FF = r"y^{*} = y + \max_i w_i,\qquad v^{*} = v + \max_i w_i^{2}"
TEX_TIWARI = (
    r"y^{*} = y + \overline{w},\qquad v^{*} = v + \overline{w^{2}},\qquad"
    r"\overline{w} = \frac{1}{k}\sum_i w_i,\quad \overline{w^{2}} = \frac{1}{k}\sum_i w_i^{2}"
)
TEX_WILSON = (
    r"\frac{\hat p + \dfrac{z^{2}}{2n} \pm z\sqrt{\dfrac{\hat p(1-\hat p)}{n} + \dfrac{z^{2}}{4n^{2}}}}"
    r"{1 + \dfrac{z^{2}}{n}}"
)
TEX_CLOPPER = r"\left[\ B^{-1}_{\alpha/2}(x,\ n-x+1),\ \ B^{-1}_{1-\alpha/2}(x+1,\ n-x)\ \right]"
TEX_APC = (
    r"\ln r_t = b + m\,t,\qquad \text{APC} = 100\,(e^{m}-1),\qquad"
    r"95\%\ <<ci>> = 100\left(e^{\,m \pm t_{n-2,\,0.975}\,\text{SE}(m)} - 1\right)"
)
TEX_WEIGHTS = (
    r"w = \frac{n}{\tilde p\,(1-\tilde p)},\quad \tilde p = \frac{x+1}{n+2},\qquad "
    r"s^{2} = \frac{\sum w\,r^{2}}{k-2}"
)
TEX_PREDICTION = (
    r"\hat y_0 = a + b\,x_0,\qquad \hat y_0 \pm t_{0.975,\,k-2}\; s\,"
    r"\sqrt{\frac{1}{w_0} + \frac{1}{\sum w} + \frac{(x_0-\bar x_w)^{2}}{\sum w\,(x-\bar x_w)^{2}}}"
)
TEX_SLOPE = r"b \pm t_{0.975,\,k-2}\,\frac{s}{\sqrt{\sum w\,(x-\bar x_w)^{2}}}"
TEX_FUNNEL = r"p_0 \pm z\sqrt{\frac{p_0(1-p_0)}{n}},\qquad\qquad \theta_0 \pm z\sqrt{\frac{\theta_0}{P}}"
_TEX_WORD = re.compile(r"<<([a-z_]+)>>")

#: Journal references (language-neutral); China 2000, ORNL and NCI/CDC are translated messages.
REFERENCES = (
    "Fay MP, Feuer EJ. Confidence intervals for directly standardized rates: a method based on the gamma "
    "distribution. Stat Med 1997;16(7):791–801.",
    "Tiwari RC, Clegg LX, Zou Z. Efficient interval estimation for age-adjusted cancer rates. "
    "Stat Methods Med Res 2006;15(6):547–569.",
    "Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med 2005;24(8):1185–1202.",
    "Bray F, Colombet M, Mery L, et al., eds. Cancer Incidence in Five Continents, Vol. XI, chapter 5 "
    "(data comparability and quality). IARC Scientific Publication No. 166. Lyon: IARC.",
    "Segi M. Cancer mortality for selected sites in 24 countries (1950–57). Sendai: Department of Public "
    "Health, Tohoku University School of Medicine; 1960.",
    "Doll R, Payne P, Waterhouse J, eds. Cancer Incidence in Five Continents, Vol. I. Geneva: UICC; 1966.",
)


# ------------------------------------------------------------------------------ helpers


def worked_example() -> dict[str, float]:
    """The public worked example computed now by ``dashboard.epi`` (rates per 100,000).

    Keys: rate, se, lower, upper (Fay-Feuer), tiwari_upper, crude, crude_lower, crude_upper.
    """
    d = np.asarray(EXAMPLE_CASES, dtype=float)
    n = d / np.asarray(EXAMPLE_RATES, dtype=float) * 1e5
    ff = standardised_rate(d, n, EXAMPLE_WEIGHTS, method="fay-feuer")
    tw = standardised_rate(d, n, EXAMPLE_WEIGHTS, method="tiwari")
    cr = crude_rate(d, n)
    return {
        "rate": ff.rate,
        "se": ff.se,
        "lower": ff.lower,
        "upper": ff.upper,
        "tiwari_upper": tw.upper,
        "crude": cr.rate,
        "crude_lower": cr.lower,
        "crude_upper": cr.upper,
    }


def _shown_for_masked(limit: int, lang: str) -> str:
    if limit <= 0:
        return t("methods.suppression.off", lang)
    return t("methods.suppression.count.shown", lang)


def _num(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def _age_label(group: str, lang: str) -> str:
    """ "1-4" as "1—4" (Chinese) or "1–4" (English)."""
    return group.replace("-", "—" if lang == "zh" else "–")


def _tex(tex: str, lang: str) -> str:
    """The formula with each <<key>> replaced by the translated word, as TeX text."""
    return _TEX_WORD.sub(lambda m: r"\text{" + t(f"methods.tex.{m.group(1)}", lang) + "}", tex)


def _formula(tex: str, lang: str) -> dcc.Markdown:
    return dcc.Markdown(f"$$\n{_tex(tex, lang)}\n$$", mathjax=True, className="methods-formula")


def _md(text: str, class_name: str = "methods-text") -> dcc.Markdown:
    # mathjax=True on prose too: with dcc 4.x a plain Markdown on the same page makes the
    # formulae's first MathJax pass emit "<svg> attribute width: NaNex" console errors.
    # The prose has no "$", so nothing in it is read as TeX.
    return dcc.Markdown(text, className=class_name, mathjax=True)


def _table(
    header: list[object],
    rows: list[html.Tr],
    *,
    table_id: str | None = None,
    footer: list[html.Tr] | None = None,
    numeric: tuple[int, ...] = (),
    compact: bool = False,
) -> dbc.Table:
    """A small striped table; ``numeric`` columns get right-aligned headers."""
    head = html.Tr([html.Th(h, className="text-end" if i in numeric else None) for i, h in enumerate(header)])
    children: list[object] = [html.Thead(head), html.Tbody(rows)]
    if footer:
        children.append(html.Tfoot(footer))
    kw = {"id": table_id} if table_id else {}
    return dbc.Table(
        children,
        bordered=False,
        hover=True,
        size="sm",
        responsive=True,
        className="methods-table small" + (" w-auto" if compact else ""),
        **kw,
    )


def _num_cell(text: str, **kw: object) -> html.Td:
    return html.Td(text, className="text-end font-monospace", **kw)


def _section(anchor: str, lang: str, *children: object) -> html.Section:
    return html.Section(
        [
            html.H4(t(f"methods.title.{anchor}", lang), className="mt-4 pt-2 border-top"),
            *children,
            html.A(t("methods.back_to_top", lang), href=f"#{Methods.TOC}", className="small methods-top"),
        ],
        id=anchor,
        className="methods-section mb-3",
    )


def _h5(text: str, anchor: str | None = None) -> html.H5:
    return html.H5(text, className="mt-3", **({"id": anchor} if anchor else {}))


# ------------------------------------------------------------------------------ sections


def _age_groups(lang: str) -> html.Section:
    groups = ("、" if lang == "zh" else ", ").join(_age_label(g, lang) for g in AGE_GROUPS)
    return _section(Methods.ANCHOR_AGE_GROUPS, lang, _md(t("methods.age_groups.text", lang, groups=groups)))


def _standards(lang: str) -> html.Section:
    china = standard_weights("china2000")
    segi = standard_weights("segi")
    trunc = np.zeros(len(AGE_GROUPS), dtype=bool)
    trunc[age_group_slice(35, 64)] = True
    cumul = np.zeros(len(AGE_GROUPS), dtype=bool)
    cumul[age_group_slice(0, 74)] = True
    rows = [
        html.Tr(
            [
                _num_cell(str(i)),
                html.Td(_age_label(g, lang)),
                _num_cell(t("methods.standards.open", lang) if np.isnan(w) else _num(w)),
                _num_cell(_num(c)),
                _num_cell(_num(c / china.sum() * 100, 2)),
                _num_cell(_num(s)),
                _num_cell(_num(s / segi.sum() * 100, 2)),
                html.Td("✓" if tr else "", className="text-center"),
                html.Td("✓" if cu else "", className="text-center"),
            ]
        )
        for i, (g, w, c, s, tr, cu) in enumerate(
            zip(AGE_GROUPS, AGE_WIDTHS, china, segi, trunc, cumul, strict=True)
        )
    ]
    total = html.Tr(
        [
            html.Td(""),
            html.Th(t("methods.standards.total", lang)),
            html.Td(""),
            _num_cell(_num(china.sum())),
            _num_cell("100.00"),
            _num_cell(_num(segi.sum())),
            _num_cell("100.00"),
            html.Td(""),
            html.Td(""),
        ]
    )
    header = [
        t(f"methods.standards.col.{c}", lang)
        for c in (
            "index",
            "age",
            "width",
            "china",
            "china_pct",
            "segi",
            "segi_pct",
            "truncated",
            "cumulative",
        )
    ]
    text = t(
        "methods.standards.text",
        lang,
        china_total=_num(china.sum()),
        segi_total=_num(segi.sum()),
        segi_04=_num(segi[0] + segi[1]),
        segi_0=_num(segi[0]),
        segi_14=_num(segi[1]),
    )
    return _section(
        Methods.ANCHOR_STANDARDS,
        lang,
        _md(text),
        _table(header, rows, table_id=Methods.STANDARDS_TABLE, footer=[total], numeric=(0, 2, 3, 4, 5, 6)),
    )


def _sites(lang: str) -> html.Section:
    rows = [
        html.Tr(
            [
                html.Td(s.name_en if lang == "en" else s.name_zh),
                html.Td(s.icd10, className="font-monospace"),
                html.Td(t(f"methods.sites.sex.{s.sex_specific or 'both'}", lang)),
            ]
        )
        for s in SITES
    ]
    header = [t(f"methods.sites.col.{c}", lang) for c in ("site", "icd", "sex")]
    return _section(Methods.ANCHOR_SITES, lang, _md(t("methods.sites.text", lang)), _table(header, rows))


def _rates(lang: str) -> html.Section:
    return _section(
        Methods.ANCHOR_ASR,
        lang,
        html.P(t("methods.asr.notation", lang)),
        _h5(t("methods.asr.crude", lang), Methods.ANCHOR_CRUDE),
        html.P(t("methods.asr.crude.text", lang)),
        _formula(TEX_CRUDE, lang),
        _h5(t("methods.asr.direct", lang), Methods.ANCHOR_DIRECT),
        html.P(t("methods.asr.direct.text", lang)),
        _formula(TEX_ASR, lang),
        _formula(TEX_VAR, lang),
        _h5(t("methods.asr.truncated", lang), Methods.ANCHOR_TRUNCATED),
        html.P(t("methods.asr.truncated.text", lang)),
        _formula(TEX_TRUNCATED, lang),
        _h5(t("methods.asr.cumulative", lang), Methods.ANCHOR_CUMULATIVE),
        html.P(t("methods.asr.cumulative.text", lang)),
        _formula(TEX_CUMULATIVE, lang),
        _formula(TEX_RISK, lang),
    )


def _example(lang: str) -> list[object]:
    d = np.asarray(EXAMPLE_CASES, dtype=float)
    n = d / np.asarray(EXAMPLE_RATES, dtype=float) * 1e5
    inputs = [
        html.Tr(
            [
                _num_cell(str(i + 1)),
                _num_cell(_num(di)),
                _num_cell(f"{r:.4f}"),
                _num_cell(_num(ni, 1)),
                _num_cell(f"{w:.8f}"),
            ]
        )
        for i, (di, r, ni, w) in enumerate(zip(d, EXAMPLE_RATES, n, EXAMPLE_WEIGHTS, strict=True))
    ]
    in_header = [t(f"methods.ci.example.col.{c}", lang) for c in ("group", "cases", "rate", "py", "weight")]
    res = worked_example()
    rows = []
    for key in EXAMPLE_QUANTITIES:
        ref = EXAMPLE_REFERENCE[key]
        ok = abs(round(res[key], 4) - ref) < 1e-9
        rows.append(
            html.Tr(
                [
                    html.Td(t(f"methods.ci.example.{key}", lang)),
                    _num_cell(f"{res[key]:.4f}", id=f"{Methods.EXAMPLE_CELL_PREFIX}{key.replace('_', '-')}"),
                    _num_cell(f"{ref:.4f}"),
                    html.Td(
                        t("methods.ci.example.match" if ok else "methods.ci.example.mismatch", lang),
                        className="text-success" if ok else "text-danger fw-bold",
                    ),
                ]
            )
        )
    crude = f"{res['crude']:.4f} ({res['crude_lower']:.4f}–{res['crude_upper']:.4f})"
    rows.append(
        html.Tr(
            [
                html.Td(t("methods.ci.example.crude", lang)),
                _num_cell(crude, id=f"{Methods.EXAMPLE_CELL_PREFIX}crude"),
                html.Td(t("methods.ci.example.no_reference", lang), className="text-muted"),
                html.Td(""),
            ]
        )
    )
    res_header = [
        t(f"methods.ci.example.col.{c}", lang) for c in ("quantity", "computed", "reference", "check")
    ]
    return [
        _h5(t("methods.ci.example", lang), Methods.ANCHOR_EXAMPLE),
        _md(t("methods.ci.example.text", lang)),
        _table(in_header, inputs, table_id=Methods.EXAMPLE_TABLE, numeric=(0, 1, 2, 3, 4), compact=True),
        _table(res_header, rows, table_id=Methods.EXAMPLE_RESULTS, numeric=(1, 2), compact=True),
    ]


def _intervals(lang: str) -> html.Section:
    return _section(
        Methods.ANCHOR_CI,
        lang,
        _h5(t("methods.ci.crude", lang)),
        _formula(TEX_POISSON, lang),
        html.P(t("methods.ci.crude.text", lang)),
        _h5(t("methods.ci.asr", lang)),
        html.P(t("methods.ci.asr.text", lang)),
        _formula(TEX_GAMMA_W, lang),
        _formula(TEX_GAMMA_LOWER, lang),
        _formula(TEX_GAMMA_UPPER, lang),
        html.P(html.Strong(t("methods.ci.ff", lang)), className="mb-0"),
        _formula(TEX_FF, lang),
        html.P(html.Strong(t("methods.ci.tiwari", lang)), className="mb-0"),
        _formula(TEX_TIWARI, lang),
        html.P(t("methods.ci.tiwari.note", lang)),
        _h5(t("methods.ci.prop", lang)),
        html.P(t("methods.ci.prop.text", lang)),
        _formula(TEX_WILSON, lang),
        _formula(TEX_CLOPPER, lang),
        *_example(lang),
    )


def _suppression(lang: str, settings: Settings) -> html.Section:
    below, limit = int(settings.suppress_rate_below), int(settings.small_cell_limit)
    rows = [
        html.Tr(
            [
                html.Td(t("methods.suppression.rate.rule", lang)),
                html.Td(html.Strong(str(below), id=Methods.SUPPRESS_BELOW), className="text-center"),
                html.Td(t("methods.suppression.rate.shown", lang, n=below)),
                html.Td(t("methods.suppression.rate.why", lang)),
            ]
        ),
        html.Tr(
            [
                html.Td(t("methods.suppression.count.rule", lang)),
                html.Td(html.Strong(str(limit), id=Methods.SMALL_CELL_LIMIT), className="text-center"),
                html.Td(html.Span(_shown_for_masked(limit, lang), id=Methods.SMALL_CELL_LABEL)),
                html.Td(t("methods.suppression.count.why", lang)),
            ]
        ),
        html.Tr(
            [
                html.Td(t("methods.suppression.nopop.rule", lang)),
                html.Td("0", className="text-center"),
                html.Td(t("methods.suppression.nopop.shown", lang)),
                html.Td(t("methods.suppression.nopop.why", lang)),
            ]
        ),
    ]
    header = [t(f"methods.suppression.col.{c}", lang) for c in ("rule", "threshold", "shown", "why")]
    warn = (
        dbc.Alert(t("methods.suppression.misconfigured", lang, below=below, limit=limit), color="danger")
        if limit > 0 and below <= limit
        else None
    )
    return _section(
        Methods.ANCHOR_SUPPRESSION,
        lang,
        _md(t("methods.suppression.text", lang)),
        warn,
        _table(header, rows),
        _md(t("methods.suppression.notes", lang)),
        _md(t("methods.suppression.limitation", lang, limit=limit, limit1=limit + 1)),
    )


def _trends(lang: str) -> html.Section:
    return _section(
        Methods.ANCHOR_APC,
        lang,
        html.P(t("methods.apc.text", lang)),
        _formula(TEX_APC, lang),
        _md(t("methods.apc.labels", lang, min_points=MIN_POINTS)),
    )


def _pct_level(level: float) -> str:
    return f"{level * 100:.10g}%"


def _funnel(lang: str) -> html.Section:
    sep = "、" if lang == "zh" else " and "
    levels = sep.join(_pct_level(v) for v in FUNNEL_LEVELS)
    zs = ("；" if lang == "zh" else "; ").join(
        f"{_pct_level(v)}: z = {stats.norm.ppf(1 - (1 - v) / 2):.6f}" for v in FUNNEL_LEVELS
    )
    return _section(
        Methods.ANCHOR_FUNNEL,
        lang,
        html.P(t("methods.funnel.text", lang, levels=levels)),
        _formula(TEX_FUNNEL, lang),
        html.P(t("methods.funnel.exact", lang, zs=zs)),
        _md(t("methods.funnel.position", lang, level=_pct_level(max(FUNNEL_LEVELS)))),
        _h5(t("methods.ranks.title", lang), Methods.ANCHOR_RANKS),
        _md(t("methods.ranks.text", lang, draws=f"{RANK_DRAWS:,}", seed=RANK_SEED)),
    )


def _quality(lang: str) -> html.Section:
    def rng(lo: float | None, hi: float | None, pct: bool) -> str:
        unit = "%" if pct else ""
        parts = []
        if lo is not None:
            parts.append(t("methods.quality.below", lang, value=f"{lo:g}{unit}"))
        if hi is not None:
            parts.append(t("methods.quality.above", lang, value=f"{hi:g}{unit}"))
        return f" {t('methods.quality.or', lang)} ".join(parts)

    spec = (
        ("mv", q.MV_PCT_MIN, q.MV_PCT_MAX, True, f"{q.CHINA_2012['mv_pct']:.2f}%"),
        ("dco", None, q.DCO_PCT_MAX, True, f"{q.CHINA_2012['dco_pct']:.2f}%"),
        ("mi", q.MI_MIN, q.MI_MAX, False, f"{q.CHINA_2012['mi_ratio']:.2f}"),
    )
    rows = [
        html.Tr(
            [
                html.Td(t(f"methods.quality.{k}", lang)),
                html.Td(t(f"methods.quality.{k}.formula", lang)),
                html.Td(rng(lo, hi, pct)),
                _num_cell(ref),
                html.Td(t(f"methods.quality.{k}.meaning", lang)),
            ]
        )
        for k, lo, hi, pct, ref in spec
    ]
    header = [
        t(f"methods.quality.col.{c}", lang) for c in ("indicator", "formula", "flag", "china", "meaning")
    ]
    return _section(
        Methods.ANCHOR_QUALITY,
        lang,
        html.P(t("methods.quality.text", lang)),
        _table(header, rows, table_id=Methods.QUALITY_TABLE, numeric=(3,)),
        _md(t("methods.quality.note", lang), "methods-text small text-muted"),
    )


def _targets(lang: str) -> html.Section:
    labels = {k: t(f"status.{k}", lang) for k in (*STATUSES, "missed")}
    return _section(
        Methods.ANCHOR_TARGETS,
        lang,
        _md(t("methods.targets.text", lang)),
        _md(t("methods.targets.status", lang, **labels)),
        _md(t("methods.targets.method", lang, min_years=STATUS_MIN_YEARS, max_years=STATUS_MAX_YEARS)),
        _formula(TEX_WEIGHTS, lang),
        _formula(TEX_PREDICTION, lang),
        _md(t("methods.targets.method2", lang, **labels)),
        _md(t("methods.targets.falling", lang, **labels)),
        _formula(TEX_SLOPE, lang),
        _md(t("methods.targets.baseline", lang, **labels)),
        _md(t("methods.targets.floor", lang, **labels)),
        _md(t("methods.targets.findings", lang)),
    )


def kind_text(kind: str, lang: str) -> str:
    """The indicator kind explained in words (the code itself when no text exists)."""
    try:
        return t(f"methods.kind.{kind}", lang)
    except KeyError:
        return kind


def _indicators(lang: str) -> html.Section:
    en = lang == "en"
    rows = []
    for ind in INDICATORS.values():
        notes = [
            t("methods.indicators.unit.pct" if ind.unit == "%" else "methods.indicators.unit.count", lang)
        ]
        if not ind.county_level:
            notes.append(t("methods.indicators.no_county", lang))
        rows.append(
            html.Tr(
                [
                    html.Td(
                        [
                            html.Strong(ind.name(lang)),
                            html.Br(),
                            html.Small(
                                f"{ind.key} · {('；' if lang == 'zh' else '; ').join(notes)}",
                                className="text-muted",
                            ),
                        ]
                    ),
                    html.Td(ind.numerator_en if en else ind.numerator_zh),
                    html.Td(ind.denominator_en if en else ind.denominator_zh),
                    html.Td(ind.source_en if en else ind.source_zh),
                    html.Td(kind_text(ind.kind, lang)),
                    html.Td(
                        t(
                            "methods.indicators.higher"
                            if ind.higher_is_better
                            else "methods.indicators.lower",
                            lang,
                        ),
                        className="text-nowrap",
                    ),
                ],
                id=f"{Methods.INDICATOR_ROW_PREFIX}{ind.key}",
            )
        )
    header = [
        t(f"methods.indicators.col.{c}", lang)
        for c in ("name", "numerator", "denominator", "source", "kind", "direction")
    ]
    return _section(
        Methods.ANCHOR_INDICATORS,
        lang,
        _md(t("methods.indicators.text", lang, n=len(INDICATORS))),
        _table(header, rows, table_id=Methods.INDICATORS_TABLE),
    )


def _screening(lang: str, settings: Settings) -> html.Section:
    sep = "、" if lang == "zh" else ", "
    cascade = " → ".join(t(f"methods.step.{step}", lang) for step in STEPS)
    rows = [
        html.Tr(
            [
                html.Td(t(f"methods.conversion.{key}", lang)),
                html.Td(t(f"methods.step.{num}", lang)),
                html.Td(t(f"methods.step.{den}", lang)),
            ]
        )
        for key, num, den in CONVERSIONS
    ]
    header = [t(f"methods.screening.col.{c}", lang) for c in ("measure", "numerator", "denominator")]
    two = ("、" if lang == "zh" else " and ").join(t(f"methods.programme.{p}", lang) for p in TWO_CANCER)
    measures = t(
        "methods.screening.measures",
        lang,
        two=two,
        below=int(settings.suppress_rate_below),
        limit=int(settings.small_cell_limit),
    )
    return _section(
        Methods.ANCHOR_SCREENING,
        lang,
        _md(t("methods.screening.text", lang)),
        html.P(cascade, className="fw-bold ms-3"),
        _table(header, rows, compact=True),
        _md(measures),
        html.P(
            t(
                "methods.screening.programmes",
                lang,
                names=sep.join(t(f"methods.programme.{p}", lang) for p in PROGRAMMES),
            )
        ),
    )


def _data(lang: str, settings: Settings) -> html.Section:
    db = current_db()
    sep = "；" if lang == "zh" else "; "
    regions = demo_regions(load_plans(settings.plans_dir))
    areas = sep.join(
        t(
            "methods.data.region",
            lang,
            name=area_name(r.adcode, lang),
            n=len(counties(db, r.adcode)),
            first=r.first_year,
            last=r.last_year,
        )
        for r in regions
    )
    per = "/10万" if lang == "zh" else " per 100,000"
    rates = sep.join(f"{area_name(r.adcode, lang)} {r.crude_incidence_2018:g}{per}" for r in regions)
    demo = data_kind(db) == "demonstration"
    loaded = (
        t("methods.data.loaded.demo", lang, seed=settings.demo_seed)
        if demo
        else t("methods.data.loaded.registry", lang)
    )
    return _section(
        Methods.ANCHOR_DATA,
        lang,
        dbc.Alert(_md(loaded), color="warning" if demo else "info", className="py-2 small"),
        _md(
            t(
                "methods.data.demo",
                lang,
                rates=rates,
                areas=areas,
            )
        ),
        _md(t("methods.data.boundaries", lang)),
        _md(t("methods.data.plans", lang)),
    )


def _references(lang: str) -> html.Section:
    items = [
        *REFERENCES[:3],
        t("methods.ref.nci", lang),
        REFERENCES[3],
        *REFERENCES[4:],
        t("methods.ref.china2000", lang),
        t("methods.ref.ornl", lang),
    ]
    return _section(Methods.ANCHOR_REFERENCES, lang, html.Ol([html.Li(i) for i in items], className="small"))


def _toc(lang: str) -> html.Nav:
    return html.Nav(
        [
            html.H5(t("methods.toc", lang)),
            html.Ol(
                [html.Li(html.A(t(f"methods.title.{a}", lang), href=f"#{a}")) for a in Methods.ANCHORS],
                className="methods-toc-list mb-0",
            ),
        ],
        id=Methods.TOC,
        className="card card-body mb-3",
    )


def layout(area: str | None = None, **_kwargs: object) -> html.Div:
    lang = page_language()
    settings = current_settings()
    return html.Div(
        [
            html.H3(t("methods.title", lang), className="mt-2"),
            html.P(t("methods.intro", lang)),
            _toc(lang),
            _age_groups(lang),
            _standards(lang),
            _sites(lang),
            _rates(lang),
            _intervals(lang),
            _suppression(lang, settings),
            _trends(lang),
            _funnel(lang),
            _quality(lang),
            _targets(lang),
            _indicators(lang),
            _screening(lang, settings),
            _data(lang, settings),
            _references(lang),
            dcc.Store(id=Methods.SCROLL),
        ],
        id=Methods.ROOT,
        className="methods-page",
        style={"maxWidth": "1100px"},
    )
