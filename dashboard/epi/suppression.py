"""Suppression of unreliable rates and masking of small counts (privacy).

Method reference: ``/work/shared/reference/epi-methods.md`` ("Small numbers and privacy"):

- a rate on fewer than ``threshold`` cases (default 16, the NCI/CDC rule: below that the
  confidence interval is as wide as the rate) is not shown: it is replaced by NA and a
  reason code is recorded so the screen can show "—" with an explanation;
- a count from 1 to ``limit`` (default 5, the small-cell limit) is never shown or exported
  for a county-level cell: it is replaced by NA and flagged. Zero is shown.

Both thresholds are parameters; the settings live in ``dashboard.infra.config``. The functions
return new frames and never modify their input.

Limits (documented, not handled here): there is no complementary (secondary) suppression,
so a masked cell can still be recovered by subtraction from an unmasked total over the
same cells; callers that show both a total and all but one of its parts must mask a second
cell themselves. Keep ``threshold`` above ``limit`` so that a rate (with its population)
cannot reveal a masked count.
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


def mask_small_counts(
    df: pd.DataFrame,
    count_cols: Sequence[str],
    limit: int = DEFAULT_SMALL_CELL_LIMIT,
    *,
    flag_col: str = "masked",
    reason_col: str = "masked_reason",
) -> pd.DataFrame:
    """Mask counts from 1 to ``limit`` (inclusive) in ``count_cols``; returns a new frame.

    Masked values become NA (integer columns become pandas nullable ``Int64``). The row
    flag ``flag_col`` is True when any of the columns was masked and ``reason_col`` lists
    them, e.g. ``"small_count_1_to_5:cases"`` (``""`` when nothing was masked). Zero counts
    stay visible. ``limit=0`` masks nothing.
    """
    if limit < 0:
        raise ValueError("limit must not be negative")
    count_cols = list(count_cols)
    _check_cols(df, count_cols)
    out = df.copy()
    hit_cols: list[np.ndarray] = []
    for c in count_cols:
        s = out[c]
        if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
            raise ValueError(f"count column {c!r} must be numeric")
        vals = pd.to_numeric(s).astype("Float64")
        if (vals < 0).fillna(False).any():
            raise ValueError(f"count column {c!r} has negative values")
        hit = ((vals >= 1) & (vals <= limit)).fillna(False).to_numpy(dtype=bool)
        if s.dtype.kind in "iu":
            s = s.astype("Int64")
        out[c] = s.mask(hit)
        hit_cols.append(hit)
    flag = np.zeros(len(out), dtype=bool)
    parts = np.full(len(out), "", dtype=object)
    for c, hit in zip(count_cols, hit_cols, strict=True):
        parts = np.where(hit, np.where(parts == "", c, parts + "," + c), parts)
        flag |= hit
    reason = np.where(flag, f"small_count_1_to_{int(limit)}:" + parts, "")
    out[flag_col] = flag
    out[reason_col] = pd.array(np.asarray(reason, dtype=object).astype(str), dtype="str")
    return out


def hidden_counts(
    counts: Sequence[float] | np.ndarray | pd.Series,
    limit: int = DEFAULT_SMALL_CELL_LIMIT,
    groups: Sequence[object] | np.ndarray | pd.Series | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Which counts to hide: primary (1..``limit``) and complementary cells.

    Returns two boolean arrays ``(primary, complementary)``. Primary cells are the
    counts from 1 to ``limit``. A shown total over a group (all counties of an area,
    all years of a pooled period) would reveal a lone hidden cell by subtraction, so in
    every group with exactly ONE primary cell the smallest other non-zero cell is hidden
    too (complementary suppression, as statistical offices practise it). Where every other
    cell is zero, one zero cell is hidden instead: a reader then cannot tell which hidden
    cell holds the count. A group of one cell cannot be protected this way. With
    ``groups=None`` all cells form one group. ``limit=0`` hides nothing.
    """
    vals = pd.to_numeric(pd.Series(np.asarray(counts, dtype=float)), errors="coerce").to_numpy(float)
    primary = (vals >= 1) & (vals <= limit) if limit > 0 else np.zeros(len(vals), bool)
    complementary = np.zeros(len(vals), bool)
    if limit <= 0 or not primary.any():
        return primary, complementary
    if groups is None:
        index_sets = [np.arange(len(vals))]
    else:
        codes = pd.factorize(pd.Series(np.asarray(groups, dtype=object)), use_na_sentinel=False)[0]
        n_primary = np.bincount(codes, weights=primary.astype(float))
        lone = np.flatnonzero(n_primary == 1)
        index_sets = [np.flatnonzero(codes == g) for g in lone]
    for idx in index_sets:
        if primary[idx].sum() != 1:
            continue
        others = idx[~primary[idx] & ~np.isnan(vals[idx])]
        cand = others[vals[others] > 0]
        if len(cand):
            complementary[cand[np.argmin(vals[cand])]] = True
        elif len(others):
            complementary[others[0]] = True  # only zeros besides: hide one of them
    return primary, complementary
