"""Suppression of unreliable rates.

Method reference: ``/work/shared/reference/epi-methods.md`` ("Small numbers and privacy"):

- a rate on fewer than ``threshold`` cases (default 16, the NCI/CDC rule: below that the
  confidence interval is as wide as the rate) is not shown: it is replaced by NA and a
  reason code is recorded so the screen can show "—" with an explanation.

Which counts may be shown at all (small counts and the cells hidden to protect them) is the
publication layer's decision (:mod:`dashboard.publish`), not this module's. The threshold is
a parameter (the setting lives in ``dashboard.infra.config``); keep it above
``SMALL_CELL_LIMIT`` so that a rate with its population cannot reveal a hidden count. The
functions return new frames and never modify their input.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Defaults mirroring ``Settings.suppress_rate_below`` and ``Settings.small_cell_limit``.
DEFAULT_SUPPRESS_BELOW = 16
DEFAULT_SMALL_CELL_LIMIT = 5


def _check_cols(df: pd.DataFrame, cols: Sequence[str]) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"table lacks column(s) {missing}")


def _combine_reason(old: pd.Series, new: np.ndarray) -> np.ndarray:
    """Keep an existing non-empty reason, else use the new one."""
    prev = old.astype(object).where(old.notna(), "").to_numpy(dtype=object)
    return np.where(prev != "", prev, new)


def suppress_rates(
    df: pd.DataFrame,
    cases_col: str = "cases",
    rate_cols: Sequence[str] = (
        "crude",
        "crude_lower",
        "crude_upper",
        "asr",
        "asr_se",
        "asr_lower",
        "asr_upper",
    ),
    threshold: int = DEFAULT_SUPPRESS_BELOW,
    *,
    flag_col: str = "suppressed",
    reason_col: str = "suppressed_reason",
) -> pd.DataFrame:
    """Blank rates based on fewer than ``threshold`` cases; returns a new frame.

    Rows with ``cases < threshold`` get NA in ``rate_cols``, ``flag_col`` True and
    ``reason_col`` "fewer_than_<threshold>_cases". Rows whose case count is itself missing
    (e.g. masked) are suppressed with reason "cases_unknown". Existing ``flag_col`` /
    ``reason_col`` values (e.g. "no_population" from ``rates_by_group``) are kept: a row
    once suppressed stays suppressed. ``threshold=0`` suppresses nothing new.
    """
    if threshold < 0:
        raise ValueError("threshold must not be negative")
    rate_cols = list(rate_cols)
    _check_cols(df, [cases_col, *rate_cols])
    out = df.copy()
    cases = pd.to_numeric(out[cases_col], errors="raise").astype("Float64")
    unknown = cases.isna().to_numpy()
    few = (cases < threshold).fillna(False).to_numpy(dtype=bool) & ~unknown
    reason = np.where(unknown, "cases_unknown", np.where(few, f"fewer_than_{int(threshold)}_cases", ""))
    if reason_col in out.columns:
        reason = _combine_reason(out[reason_col], reason)
    flag = reason != ""
    if flag_col in out.columns:
        flag = flag | out[flag_col].fillna(False).to_numpy(dtype=bool)
    for c in rate_cols:
        col = out[c].astype("float64") if out[c].dtype.kind in "iub" else out[c]
        out[c] = col.mask(flag)
    out[flag_col] = flag
    out[reason_col] = pd.array(reason.astype(str), dtype="str")
    return out
