"""The numbers behind an experiment's verdict, from scipy.stats: no distribution is written by hand.

- Proportions: the difference of two rates with Newcombe's hybrid score interval (his method 10,
  built from each group's Wilson interval), the relative lift with the Katz log interval of the
  risk ratio, and a p-value from Fisher's exact test when any expected cell count is below 5,
  a two-proportion z-test otherwise.
- Means: Welch's t-test from summary statistics (n, mean, sd) with its 95 % interval.
- The suggested verdict: "supported" when the interval lies wholly on the desired side and its
  near end clears the minimum effect; "refuted" when it lies wholly on the other side, or
  wholly below the minimum effect; "inconclusive" otherwise, with the sample size per group
  that would detect the minimum effect with 80 % power.

Every number is a finite float or None: a NaN or an infinity never reaches JSON.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable


@cache
def _stats():
    """scipy.stats, imported when a verdict is first computed: it costs every process that starts
    (each server worker, each command) about 1.4 CPU seconds, most of which never compute one."""
    import scipy.stats

    return scipy.stats


CONFIDENCE = 0.95
ALPHA = 1 - CONFIDENCE
POWER = 0.80
MIN_EXPECTED_FOR_Z = 5  # Cochran's rule: below this expected count, use Fisher's exact test
EXACT_UP_TO = 1_000_000  # required n for means: refined with the noncentral t up to this size


def finite(value: Any) -> float | None:
    """A plain float, or None for anything that is not a finite number."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


# ---- the groups --------------------------------------------------------------------------

@dataclass(frozen=True)
class Counts:
    """A proportion: ``successes`` out of ``trials`` (measurements of one group pooled)."""

    successes: int
    trials: int

    @property
    def rate(self) -> float:
        return self.successes / self.trials

    def interval(self) -> tuple[float | None, float | None]:
        ci = _stats().binomtest(self.successes, self.trials).proportion_ci(CONFIDENCE, method="wilson")
        return finite(ci.low), finite(ci.high)


@dataclass(frozen=True)
class Summary:
    """A mean: ``n`` observations with their mean and standard deviation (pooled exactly)."""

    n: int
    mean: float
    sd: float

    @property
    def variance(self) -> float:
        return self.sd * self.sd  # not ** 2: an overflow becomes infinity, not an OverflowError

    def interval(self) -> tuple[float | None, float | None]:
        if self.n < 2 or self.sd == 0:
            return (self.mean, self.mean) if self.n >= 2 else (None, None)
        low, high = _stats().t.interval(CONFIDENCE, self.n - 1, loc=self.mean, scale=self.sd / math.sqrt(self.n))
        return finite(low), finite(high)


def pool_counts(parts: Iterable[tuple[int, int]]) -> Counts | None:
    parts = list(parts)
    if not parts:
        return None
    return Counts(sum(s for s, _ in parts), sum(t for _, t in parts))


def pool_summaries(parts: Iterable[tuple[int, float, float]]) -> Summary | None:
    """Several (n, mean, sd) of one group as one: the mean and sd of all observations together."""
    parts = list(parts)
    if not parts:
        return None
    total = sum(n for n, _, _ in parts)
    mean = sum(n * m for n, m, _ in parts) / total
    if total < 2:
        return Summary(total, mean, 0.0)
    squares = sum((n - 1) * sd * sd + n * (m - mean) * (m - mean) for n, m, sd in parts)
    return Summary(total, mean, math.sqrt(max(squares, 0.0) / (total - 1)))


# ---- a comparison ------------------------------------------------------------------------

@dataclass
class Comparison:
    """Treated minus reference: the difference, its interval, the test and the verdict."""

    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    relative_lift: float | None = None
    relative_lift_ci_low: float | None = None
    relative_lift_ci_high: float | None = None
    p_value: float | None = None
    test: str | None = None
    statistic: float | None = None
    suggested_verdict: str | None = None
    required_n: int | None = None
    notes: list[str] = field(default_factory=list)


def compare_proportions(reference: Counts, treated: Counts) -> Comparison:
    p1, p2 = reference.rate, treated.rate
    l1, u1 = reference.interval()
    l2, u2 = treated.interval()
    difference = p2 - p1
    # Newcombe (1998), method 10: the hybrid score interval from the two Wilson intervals.
    low = difference - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = difference + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    result = Comparison(difference=finite(difference), ci_low=finite(low), ci_high=finite(high))
    if p1 > 0:
        result.relative_lift = finite(p2 / p1 - 1)
        if treated.successes > 0:
            ratio = _stats().contingency.relative_risk(treated.successes, treated.trials,
                                                       reference.successes, reference.trials)
            ci = ratio.confidence_interval(CONFIDENCE)
            result.relative_lift_ci_low = finite(ci.low - 1)
            result.relative_lift_ci_high = finite(ci.high - 1)
    else:
        result.notes.append("The reference group had no successes, so a relative lift is undefined.")
    table = [[treated.successes, treated.trials - treated.successes],
             [reference.successes, reference.trials - reference.successes]]
    if _smallest_expected(table) < MIN_EXPECTED_FOR_Z:
        result.test = "fisher_exact"
        result.p_value = finite(_stats().fisher_exact(table).pvalue)
    else:
        result.test = "two_proportion_z"
        pooled = (reference.successes + treated.successes) / (reference.trials + treated.trials)
        se = math.sqrt(pooled * (1 - pooled) * (1 / reference.trials + 1 / treated.trials))
        z = difference / se
        result.statistic = finite(z)
        result.p_value = finite(2 * _stats().norm.sf(abs(z)))
    return result


def _smallest_expected(table: list[list[int]]) -> float:
    rows = [sum(row) for row in table]
    columns = [sum(column) for column in zip(*table)]
    total = sum(rows)
    return min(r * c / total for r in rows for c in columns)


def compare_means(reference: Summary, treated: Summary) -> Comparison:
    difference = treated.mean - reference.mean
    result = Comparison(difference=finite(difference))
    if reference.mean != 0:
        result.relative_lift = finite(difference / abs(reference.mean))
    if reference.n < 2 or treated.n < 2:
        result.notes.append("Each group needs at least 2 observations for Welch's t-test.")
        return result
    part_reference, part_treated = reference.variance / reference.n, treated.variance / treated.n
    se_squared = part_reference + part_treated
    if se_squared == 0:
        result.notes.append("Neither group varies (sd = 0): a t-test needs some spread, so there is no "
                            "interval or p-value.")
        return result
    if not math.isfinite(se_squared) or not math.isfinite(difference):
        result.notes.append("The numbers are too large to compare.")
        return result
    # The Welch–Satterthwaite degrees of freedom, from each group's share of the variance so that a
    # tiny spread cannot underflow to 0 / 0.
    share_reference, share_treated = part_reference / se_squared, part_treated / se_squared
    df = 1 / (share_reference * share_reference / (reference.n - 1) + share_treated * share_treated / (treated.n - 1))
    se = math.sqrt(se_squared)
    statistic = difference / se
    margin = _stats().t.ppf(1 - ALPHA / 2, df) * se
    result.ci_low, result.ci_high = finite(difference - margin), finite(difference + margin)
    # Welch's t-test, as scipy.stats.ttest_ind(..., equal_var=False) computes it from raw data.
    result.test, result.statistic = "welch_t", finite(statistic)
    result.p_value = finite(2 * _stats().t.sf(abs(statistic), df))
    return result


# ---- the verdict -------------------------------------------------------------------------

# Why the interval suggests what it does, one word per case (experiment_results words them):
GROUNDS = {
    "no_interval": "inconclusive",        # no interval to judge
    "clears_minimum": "supported",        # wholly an improvement, its near end at least the minimum effect
    "wrong_way": "refuted",               # wholly a change the wrong way
    "too_small": "refuted",               # wholly below the minimum effect (even its best end)
    "includes_smaller": "inconclusive",   # wholly an improvement, but reaching below the minimum effect
    "includes_no_change": "inconclusive",  # reaches from no change (or worse) to an effect that matters
}


def verdict_grounds(ci_low: float | None, ci_high: float | None, direction: str,
                    minimum_effect: float | None) -> str:
    """Which of GROUNDS the interval stands on, for an effect wanted in ``direction``."""
    if ci_low is None or ci_high is None:
        return "no_interval"
    sign = 1 if direction == "increase" else -1
    near, far = sorted((sign * ci_low, sign * ci_high))  # the interval as "improvement", low end first
    smallest = abs(minimum_effect or 0.0)
    if near > 0 and near >= smallest:
        return "clears_minimum"
    if far < 0:
        return "wrong_way"
    if smallest > 0 and far < smallest:
        return "too_small"
    return "includes_smaller" if near > 0 else "includes_no_change"


def suggest_verdict(ci_low: float | None, ci_high: float | None, direction: str,
                    minimum_effect: float | None) -> str:
    """The verdict the interval supports, for an effect wanted in ``direction``."""
    return GROUNDS[verdict_grounds(ci_low, ci_high, direction, minimum_effect)]


def _z(quantile: float) -> float:
    """The standard normal quantile as a plain float (numpy's would warn on overflow)."""
    return float(_stats().norm.ppf(quantile))


def required_n_proportions(baseline_rate: float, minimum_effect: float, direction: str) -> int | None:
    """Per group, to detect ``minimum_effect`` (an absolute difference) from ``baseline_rate`` in
    a two-sided test at 5 % with 80 % power (the normal approximation, no continuity correction)."""
    target = baseline_rate + (minimum_effect if direction == "increase" else -minimum_effect)
    if minimum_effect <= 0 or not 0 <= target <= 1:
        return None
    p_bar = (baseline_rate + target) / 2
    z_alpha, z_beta = _z(1 - ALPHA / 2), _z(POWER)
    spread = (z_alpha * math.sqrt(2 * p_bar * (1 - p_bar))
              + z_beta * math.sqrt(baseline_rate * (1 - baseline_rate) + target * (1 - target)))
    ratio = spread / minimum_effect
    n = finite(ratio * ratio)  # not ** 2: a tiny effect overflows to infinity (then None), never raises
    return math.ceil(n) if n else None


def power_of_t_test(n: int, minimum_effect: float, sd: float) -> float:
    """The power of a two-sided two-sample t-test at 5 % with ``n`` per group (noncentral t)."""
    df = 2 * n - 2
    noncentrality = minimum_effect / (sd * math.sqrt(2 / n))
    critical = _stats().t.ppf(1 - ALPHA / 2, df)
    return float(_stats().nct.sf(critical, df, noncentrality) + _stats().nct.cdf(-critical, df, noncentrality))


def required_n_means(minimum_effect: float, sd: float) -> int | None:
    """Per group, to detect ``minimum_effect`` with 80 % power when observations spread by ``sd``."""
    if minimum_effect <= 0 or not sd or sd <= 0:
        return None
    z_alpha, z_beta = _z(1 - ALPHA / 2), _z(POWER)
    ratio = (z_alpha + z_beta) * sd / minimum_effect
    approximate = finite(2 * ratio * ratio)  # the normal approximation
    if approximate is None:
        return None
    n = max(2, math.ceil(approximate))
    if n > EXACT_UP_TO:
        return n  # the noncentral t adds about one observation: nothing at this size
    while n > 2 and power_of_t_test(n - 1, minimum_effect, sd) >= POWER:
        n -= 1
    while power_of_t_test(n, minimum_effect, sd) < POWER:
        n += 1
    return n
