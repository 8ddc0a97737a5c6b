"""The indicator catalogue decides what is suppressed for small numbers."""

from __future__ import annotations

from dashboard.catalogue.indicators import INDICATORS
from dashboard.views.targets import suppressible


def test_every_indicator_says_what_it_counts() -> None:
    for ind in INDICATORS.values():
        assert ind.counts in ("people", "facilities"), ind.key
        assert ind.unit in ("%", "count"), ind.key


def test_facility_ratios_are_never_suppressed_but_proportions_of_people_are() -> None:
    assert not suppressible(INDICATORS["oncology_dept"])  # 3 of 4 hospitals is not a privacy risk
    assert not suppressible(INDICATORS["tcm_prevention"])
    assert suppressible(INDICATORS["mdt_first_visit"])  # patients
    assert suppressible(INDICATORS["early_diagnosis"])
    assert not suppressible(INDICATORS["survival_5y"])  # a reported value
