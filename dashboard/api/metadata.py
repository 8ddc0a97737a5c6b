"""What the API's numbers mean: measures, rates, sites, indicators, methods, the
suppression rule, units and the data version (``/api/v1/metadata.json``)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from dashboard.catalogue.indicators import INDICATORS
from dashboard.catalogue.sites import SITES
from dashboard.domain.screening import PROGRAMMES
from dashboard.i18n import t
from dashboard.infra.config import Settings
from dashboard.queries.registry import MEASURES, RATES, SEXES

#: Units of the rates and of the screening and indicator values.
UNITS: Mapping[str, str] = MappingProxyType({
    "crude": "per_100000", "asr_china": "per_100000", "asr_world": "per_100000", "cum_0_74": "percent",
    "coverage": "percent", "early": "percent", "person_years": "person_years",
})  # fmt: skip


def _both(key: str, **fmt: object) -> dict[str, str]:
    return {"zh": t(key, "zh", **fmt), "en": t(key, "en", **fmt)}


def metadata(settings: Settings, version: str) -> dict[str, Any]:
    """The definitions, in both languages."""
    limit, threshold = settings.small_cell_limit, settings.suppress_rate_below
    return {
        "data_version": version,
        "measures": [{"key": m, "name": _both(f"map.measure.{m}")} for m in MEASURES],
        "sexes": [{"key": s, "name": _both(f"map.sex.{s}")} for s in SEXES],
        "rates": [{"key": r, "name": _both(f"map.rate.{r}"), "unit": UNITS[r]} for r in RATES],
        "sites": [
            {
                "key": s.site,
                "icd10": s.icd10,
                "name": {"zh": s.name_zh, "en": s.name_en},
                "sex": s.sex_specific,
            }
            for s in SITES
        ],  # fmt: skip
        "indicators": [
            {
                "key": i.key,
                "name": {"zh": i.name_zh, "en": i.name_en},
                "kind": i.kind,
                "unit": "percent" if i.unit == "%" else "count",
                "higher_is_better": i.higher_is_better,
                "numerator": {"zh": i.numerator_zh, "en": i.numerator_en},
                "denominator": {"zh": i.denominator_zh, "en": i.denominator_en},
                "source": {"zh": i.source_zh, "en": i.source_en},
                "county_level": i.county_level,
            }
            for i in INDICATORS.values()
        ],  # fmt: skip
        "programmes": [{"key": p, "name": _both(f"screening.programme.{p}")} for p in PROGRAMMES],
        "statuses": ["met", "on_track", "at_risk", "off_track", "missed", "no_data"],
        "units": dict(UNITS),
        "methods": {"text": _both("api.methods"), "link": "/methods"},
        "suppression": {
            "small_cell_limit": limit,
            "suppress_rate_below": threshold,
            "rule": _both("api.suppression", limit=limit, threshold=threshold),
            "reason": "hidden",
        },
    }


def flat_metadata(meta: dict[str, Any]) -> list[tuple[str, object]]:
    """The metadata as ``(key, value)`` pairs (``a.b.0.c``) for the CSV."""
    out: list[tuple[str, object]] = []

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(f"{prefix}.{i}", v)
        else:
            out.append((prefix, "" if value is None else value))

    walk("", meta)
    return out


__all__ = ["UNITS", "flat_metadata", "metadata"]
