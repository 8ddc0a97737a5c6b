"""Pure statistics core of the dashboard (NumPy / pandas / SciPy only).

Methods follow ``/work/shared/reference/epi-methods.md``; each module cites its sources.
"""

from __future__ import annotations

from .compare import (
    compare_with_benchmark,
    compare_with_benchmark_array,
    exact_binomial_interval,
    funnel_limits_proportion,
    funnel_limits_rate,
    funnel_position,
    funnel_position_rate,
    wilson_interval,
)
from .grouped import rates_by_group
from .quality import CHINA_2012, registry_quality
from .rates import (
    RateEstimate,
    crude_rate,
    cumulative_rate,
    cumulative_risk,
    risk_from_cumulative_rate,
    standardised_rate,
    truncated_rate,
)
from .standards import (
    AGE_GROUPS,
    AGE_LOWER,
    AGE_WIDTHS,
    STANDARD_NAMES,
    resolve_weights,
    standard_weights,
)
from .suppression import suppress_rates
from .trends import APCResult, annual_percent_change, apc_by_group

__all__ = [
    "AGE_GROUPS",
    "AGE_LOWER",
    "AGE_WIDTHS",
    "CHINA_2012",
    "STANDARD_NAMES",
    "APCResult",
    "RateEstimate",
    "annual_percent_change",
    "apc_by_group",
    "compare_with_benchmark",
    "compare_with_benchmark_array",
    "crude_rate",
    "cumulative_rate",
    "cumulative_risk",
    "exact_binomial_interval",
    "funnel_limits_proportion",
    "funnel_limits_rate",
    "funnel_position",
    "funnel_position_rate",
    "rates_by_group",
    "registry_quality",
    "resolve_weights",
    "risk_from_cumulative_rate",
    "standard_weights",
    "standardised_rate",
    "suppress_rates",
    "truncated_rate",
    "wilson_interval",
]
