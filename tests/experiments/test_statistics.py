"""The numbers behind a verdict, each checked against scipy.stats on the same data or against
published worked examples: Newcombe (1998) for the difference of two proportions, Cohen (1988)
for sample sizes. Edge cases never crash and never yield NaN or infinity."""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from insightrepo.experiments.statistics import (
    Comparison,
    Counts,
    Summary,
    compare_means,
    compare_proportions,
    pool_counts,
    pool_summaries,
    power_of_t_test,
    required_n_means,
    required_n_proportions,
    suggest_verdict,
)

pytestmark = pytest.mark.sqlite_only  # computed from the measurements in Python; storing them is tested on both databases

PROPERTIES = settings(max_examples=60, deadline=None, derandomize=True, database=None)


def _all_finite(comparison: Comparison) -> None:
    """No number in a comparison is NaN or infinite (None is fine: "not defined here")."""
    for name, value in asdict(comparison).items():
        if isinstance(value, float):
            assert math.isfinite(value), (name, value)
        elif value is not None and not isinstance(value, (str, list, int)):
            raise AssertionError((name, value))


# ---- proportions: Newcombe (1998), Statistics in Medicine 17:873–890 ----------------------

# Table II, method 10 (the hybrid score interval from two Wilson intervals): (a, m) vs (b, n) → interval of a/m − b/n.
NEWCOMBE_TABLE_II = [
    ((56, 70), (48, 80), 0.0524, 0.3339),
    ((9, 10), (3, 10), 0.1705, 0.8090),
    ((5, 56), (0, 29), -0.0381, 0.1926),
    ((0, 10), (0, 20), -0.1611, 0.2775),
    ((0, 10), (0, 10), -0.2775, 0.2775),
    ((10, 10), (0, 20), 0.6791, 1.0000),
    ((10, 10), (0, 10), 0.6075, 1.0000),
]


@pytest.mark.parametrize(("treated", "reference", "low", "high"), NEWCOMBE_TABLE_II)
def test_the_difference_interval_matches_newcombes_worked_examples(treated, reference, low, high):
    result = compare_proportions(Counts(*reference), Counts(*treated))

    assert result.difference == pytest.approx(treated[0] / treated[1] - reference[0] / reference[1])
    assert (round(result.ci_low, 4), round(result.ci_high, 4)) == (low, high)
    _all_finite(result)


def test_a_single_rate_has_the_wilson_interval_of_newcombes_example():
    # Newcombe (1998), Statistics in Medicine 17:857–872, Table I: 81/263, Wilson score interval.
    low, high = Counts(81, 263).interval()

    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)


@pytest.mark.parametrize(("successes", "trials"), [(0, 1), (1, 1), (0, 20), (20, 20), (7, 9)])
def test_a_rates_interval_is_wilsons_also_at_the_edges(successes, trials):
    low, high = Counts(successes, trials).interval()
    p, z = successes / trials, stats.norm.ppf(0.975)
    # Wilson (1927): the closed form, as an independent check of scipy's binomtest.
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z / (1 + z * z / trials) * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))

    assert low == pytest.approx(max(0.0, centre - half), abs=1e-12)
    assert high == pytest.approx(min(1.0, centre + half), abs=1e-12)
    assert 0 <= low <= p <= high <= 1


def test_the_relative_lift_and_its_interval_are_the_katz_risk_ratio_minus_one():
    reference, treated = Counts(48, 80), Counts(56, 70)
    result = compare_proportions(reference, treated)
    ratio = (56 / 70) / (48 / 80)
    spread = math.sqrt(1 / 56 - 1 / 70 + 1 / 48 - 1 / 80)
    z = stats.norm.ppf(0.975)

    assert result.relative_lift == pytest.approx(ratio - 1)
    assert result.relative_lift_ci_low == pytest.approx(ratio * math.exp(-z * spread) - 1)
    assert result.relative_lift_ci_high == pytest.approx(ratio * math.exp(z * spread) - 1)


def test_no_relative_lift_from_a_reference_without_successes():
    result = compare_proportions(Counts(0, 50), Counts(5, 50))

    assert result.relative_lift is None and result.relative_lift_ci_low is None
    assert any("relative lift" in note for note in result.notes)
    assert result.difference == pytest.approx(0.1)


# ---- proportions: which test, and its p-value ---------------------------------------------

def _smallest_expected(table) -> float:
    return float(stats.contingency.expected_freq(np.array(table)).min())


@pytest.mark.parametrize(("reference", "treated"), [
    ((48, 80), (56, 70)),      # every expected count ≥ 5: z-test
    ((120, 1000), (150, 1000)),
    ((10, 10), (0, 10)),       # expected exactly 5: still the z-test
    ((3, 10), (9, 10)),        # expected 4: Fisher
    ((0, 29), (5, 56)),
    ((1, 400), (6, 400)),      # rare events in large groups: Fisher
    ((0, 10), (0, 20)),        # no successes at all
    ((10, 10), (20, 20)),      # all successes
])
def test_fisher_when_an_expected_count_is_below_five_else_the_z_test_with_scipys_p_value(reference, treated):
    table = [[treated[0], treated[1] - treated[0]], [reference[0], reference[1] - reference[0]]]
    result = compare_proportions(Counts(*reference), Counts(*treated))

    if _smallest_expected(table) < 5:
        assert result.test == "fisher_exact"
        assert result.p_value == pytest.approx(stats.fisher_exact(table).pvalue, rel=1e-12)
        assert result.statistic is None
    else:
        chi2 = stats.chi2_contingency(table, correction=False)
        assert result.test == "two_proportion_z"
        assert result.p_value == pytest.approx(chi2.pvalue, rel=1e-9)
        assert result.statistic ** 2 == pytest.approx(chi2.statistic, rel=1e-9)  # z² is Pearson's χ²
        assert math.copysign(1, result.statistic) == math.copysign(1, result.difference or 1)
    _all_finite(result)


def test_the_boundary_of_cochrans_rule():
    below = compare_proportions(Counts(2, 10), Counts(7, 10))    # expected 4.5 in the smallest cell
    at_five = compare_proportions(Counts(3, 10), Counts(7, 10))  # expected 5

    assert below.test == "fisher_exact" and at_five.test == "two_proportion_z"


# ---- means: Welch's t-test from summary statistics ---------------------------------------

def _summary(raw: np.ndarray) -> Summary:
    return Summary(*_part(raw))


def _part(raw: np.ndarray) -> tuple[int, float, float]:
    """(n, mean, sd) of some observations, as a measurement records them."""
    return len(raw), float(np.mean(raw)), float(np.std(raw, ddof=1)) if len(raw) > 1 else 0.0


@pytest.mark.parametrize(("seed", "sizes", "shift", "scales"), [
    (1, (30, 30), 0.4, (1.0, 1.0)),
    (2, (12, 45), -1.5, (2.0, 0.5)),   # unequal sizes and spreads: Welch, not Student
    (3, (2, 3), 0.0, (1.0, 3.0)),      # the smallest groups a t-test takes
    (4, (200, 180), 0.05, (4.0, 4.5)),
])
def test_welch_from_summaries_equals_scipy_on_the_raw_data(seed, sizes, shift, scales):
    rng = np.random.default_rng(seed)
    raw_reference = rng.normal(3.5, scales[0], sizes[0])
    raw_treated = rng.normal(3.5 + shift, scales[1], sizes[1])
    expected = stats.ttest_ind(raw_treated, raw_reference, equal_var=False)
    interval = expected.confidence_interval(0.95)

    result = compare_means(_summary(raw_reference), _summary(raw_treated))

    assert result.test == "welch_t"
    assert result.difference == pytest.approx(raw_treated.mean() - raw_reference.mean(), rel=1e-9)
    assert result.statistic == pytest.approx(expected.statistic, rel=1e-9)
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    assert (result.ci_low, result.ci_high) == (pytest.approx(interval.low, rel=1e-9),
                                               pytest.approx(interval.high, rel=1e-9))
    _all_finite(result)


def test_a_group_without_spread_against_one_with_spread_is_scipys_welch_test():
    raw_reference = np.full(12, 3.0)  # every answer the same
    raw_treated = np.random.default_rng(5).normal(3.6, 0.7, 9)
    with warnings.catch_warnings():  # scipy warns that a constant sample is "nearly identical"
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = stats.ttest_ind(raw_treated, raw_reference, equal_var=False)

    result = compare_means(_summary(raw_reference), _summary(raw_treated))

    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    assert result.ci_high == pytest.approx(expected.confidence_interval(0.95).high, rel=1e-9)


def test_a_vanishingly_small_spread_does_not_divide_zero_by_zero():
    # Found by hypothesis: the squared variances underflowed to 0 in the Welch–Satterthwaite df.
    result = compare_means(Summary(2, 0.0, 0.0), Summary(2, 1.0, 3.6e-109))

    _all_finite(result)
    assert result.test == "welch_t" and result.ci_low <= 1.0 <= result.ci_high
    # One group has all the variance: df = its n − 1 = 1, as for a one-sample t-test of that group.
    assert result.ci_high - 1.0 == pytest.approx(stats.t.ppf(0.975, 1) * 3.6e-109 / math.sqrt(2), rel=1e-9)


def test_a_groups_own_interval_is_the_one_sample_t_interval():
    raw = np.random.default_rng(7).normal(4.1, 0.8, 25)
    expected = stats.ttest_1samp(raw, 0).confidence_interval(0.95)

    low, high = _summary(raw).interval()

    assert (low, high) == (pytest.approx(expected.low), pytest.approx(expected.high))


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_several_measurements_of_a_group_pool_to_the_statistics_of_all_observations(seed):
    rng = np.random.default_rng(seed)
    parts = [rng.normal(rng.uniform(2, 5), rng.uniform(0.2, 2), size) for size in (1, 2, 17, 40)]
    everything = np.concatenate(parts)

    pooled = pool_summaries(_part(part) for part in parts)

    assert pooled.n == len(everything)
    assert pooled.mean == pytest.approx(everything.mean(), rel=1e-12)
    assert pooled.sd == pytest.approx(everything.std(ddof=1), rel=1e-9)


def test_pooled_groups_give_scipys_welch_test_on_the_concatenated_data():
    rng = np.random.default_rng(21)
    reference_parts = [rng.normal(3.0, 1.0, 20), rng.normal(3.4, 1.2, 35)]
    treated_parts = [rng.normal(3.6, 0.9, 15), rng.normal(3.3, 1.1, 25), rng.normal(3.9, 1.0, 10)]
    expected = stats.ttest_ind(np.concatenate(treated_parts), np.concatenate(reference_parts), equal_var=False)

    result = compare_means(pool_summaries(_part(p) for p in reference_parts),
                           pool_summaries(_part(p) for p in treated_parts))

    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    assert result.ci_low == pytest.approx(expected.confidence_interval(0.95).low, rel=1e-9)


def test_counts_pool_by_adding_up():
    assert pool_counts([(3, 10), (0, 5), (12, 12)]) == Counts(15, 27)
    assert pool_counts([]) is None and pool_summaries([]) is None


def test_one_observation_in_all_has_no_spread():
    assert pool_summaries([(1, 4.0, 0.0)]) == Summary(1, 4.0, 0.0)
    assert Summary(1, 4.0, 0.0).interval() == (None, None)


# ---- sample size at 80 % power -----------------------------------------------------------

def _t_power(n: int, d: float) -> float:
    """Independent of the app: power of the two-sided two-sample t-test at α = 0.05, n per group."""
    df, shift = 2 * n - 2, d * math.sqrt(n / 2)
    critical = stats.t.isf(0.025, df)
    return stats.nct.sf(critical, df, shift) + stats.nct.cdf(-critical, df, shift)


@pytest.mark.parametrize(("d", "n"), [(0.2, 394), (0.5, 64), (0.8, 26)])
def test_required_n_for_means_matches_cohens_tables(d, n):
    # Cohen (1988), Table 2.4.1 (α = .05 two-sided, power .80): 393, 64, 26. The exact noncentral t
    # gives 394 for d = 0.2 (as G*Power does); Cohen's table rounds from an approximation.
    assert required_n_means(d, 1.0) == n
    assert required_n_means(d * 7.5, 7.5) == n  # only the standardised effect matters
    assert _t_power(n, d) >= 0.80 > _t_power(n - 1, d)
    assert power_of_t_test(n, d, 1.0) == pytest.approx(_t_power(n, d))


def test_required_n_for_a_very_small_effect_is_the_normal_approximation():
    n = required_n_means(0.001, 1.0)  # beyond a million per group the t and the normal agree
    normal = 2 * ((stats.norm.ppf(0.975) + stats.norm.ppf(0.80)) / 0.001) ** 2

    assert isinstance(n, int) and 0 <= n - normal < 1


def _proportion_power(n: int, p1: float, p2: float) -> float:
    """Power of the two-sided two-proportion z-test at α = 0.05 (normal approximation), n per group."""
    p_bar, z = (p1 + p2) / 2, stats.norm.isf(0.025)
    spread = math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return stats.norm.cdf((abs(p2 - p1) * math.sqrt(n) - z * math.sqrt(2 * p_bar * (1 - p_bar))) / spread)


def test_required_n_for_a_rise_from_50_to_60_percent_is_388_per_group():
    n = required_n_proportions(0.50, 0.10, "increase")

    assert n == 388
    assert _proportion_power(n, 0.50, 0.60) >= 0.80 > _proportion_power(n - 1, 0.50, 0.60)


def test_required_n_for_a_fall_plans_on_the_lower_rate():
    n = required_n_proportions(0.30, 0.05, "decrease")

    assert _proportion_power(n, 0.30, 0.25) >= 0.80 > _proportion_power(n - 1, 0.30, 0.25)
    assert required_n_proportions(0.25, 0.05, "increase") == n  # the same two rates, the other way round


@pytest.mark.parametrize(("rate", "effect", "direction"), [(0.95, 0.10, "increase"), (0.05, 0.10, "decrease"),
                                                           (0.5, 0.0, "increase")])
def test_no_required_n_when_the_target_rate_is_impossible_or_there_is_no_effect(rate, effect, direction):
    assert required_n_proportions(rate, effect, direction) is None


def test_no_required_n_for_means_without_an_effect_or_a_spread():
    assert required_n_means(0.0, 1.0) is None
    assert required_n_means(0.5, 0.0) is None


@pytest.mark.parametrize(("effect", "sd"), [(1e-200, 1.0), (1e-6, 1e6), (1.0, 1e-300), (1e300, 1.0)])
def test_required_n_for_means_never_crashes_on_extreme_ratios(effect, sd):
    n = required_n_means(effect, sd)

    assert n is None or (isinstance(n, int) and n >= 2)


@pytest.mark.parametrize("effect", [1e-200, 1e-12])
def test_required_n_for_proportions_never_crashes_on_a_tiny_effect(effect):
    n = required_n_proportions(0.5, effect, "increase")

    assert n is None or (isinstance(n, int) and n > 10**9)


# ---- the verdict rule ---------------------------------------------------------------------

@pytest.mark.parametrize(("low", "high", "direction", "minimum", "verdict"), [
    (0.02, 0.08, "increase", None, "supported"),       # wholly on the desired side
    (0.02, 0.08, "increase", 0.02, "supported"),       # near end exactly at the minimum effect
    (0.02, 0.08, "increase", 0.03, "inconclusive"),    # above zero, but the minimum effect is inside
    (0.01, 0.02, "increase", 0.03, "refuted"),         # wholly below the minimum effect: too small to matter
    (-0.08, -0.02, "increase", None, "refuted"),       # wholly on the other side
    (-0.08, -0.02, "increase", 0.01, "refuted"),
    (-0.02, 0.05, "increase", None, "inconclusive"),   # spans zero
    (-0.02, 0.05, "increase", 0.01, "inconclusive"),
    (-0.08, -0.02, "decrease", None, "supported"),     # a fall was wanted
    (-0.08, -0.02, "decrease", 0.02, "supported"),
    (-0.08, -0.02, "decrease", 0.05, "inconclusive"),
    (-0.02, -0.01, "decrease", 0.05, "refuted"),
    (0.02, 0.08, "decrease", None, "refuted"),
    (-0.05, 0.02, "decrease", None, "inconclusive"),
    (0.0, 0.1, "increase", None, "inconclusive"),      # touching zero is not "wholly above"
    (None, None, "increase", 0.1, "inconclusive"),     # no interval: nothing to judge
])
def test_the_suggested_verdict(low, high, direction, minimum, verdict):
    assert suggest_verdict(low, high, direction, minimum) == verdict


@given(low=st.floats(-5, 5), width=st.floats(0, 5), minimum=st.none() | st.floats(0, 3))
@PROPERTIES
def test_the_verdict_for_a_fall_is_the_verdict_for_the_mirrored_rise(low, width, minimum):
    high = low + width

    assert suggest_verdict(low, high, "decrease", minimum) == suggest_verdict(-high, -low, "increase", minimum)


# ---- edge cases: no crash, no NaN, no infinity -------------------------------------------

@pytest.mark.parametrize(("reference", "treated"), [
    ((0, 1), (0, 1)), ((1, 1), (1, 1)), ((0, 1), (1, 1)), ((1, 1), (0, 1)),
    ((0, 500), (0, 500)), ((500, 500), (500, 500)), ((250, 500), (250, 500)),
    ((0, 3), (3, 3)), ((1, 10**6), (0, 10**6)),
])
def test_extreme_counts_give_finite_numbers(reference, treated):
    result = compare_proportions(Counts(*reference), Counts(*treated))

    _all_finite(result)
    assert result.ci_low <= result.difference <= result.ci_high
    assert -1 <= result.ci_low and result.ci_high <= 1
    assert 0 <= result.p_value <= 1
    assert suggest_verdict(result.ci_low, result.ci_high, "increase", 0.05) in ("supported", "refuted", "inconclusive")


def test_identical_proportions_show_no_difference_and_p_one():
    result = compare_proportions(Counts(30, 100), Counts(30, 100))

    assert result.difference == 0 and result.relative_lift == 0
    assert result.ci_low < 0 < result.ci_high
    assert result.p_value == pytest.approx(1.0)


@pytest.mark.parametrize(("reference", "treated", "has_test"), [
    (Summary(1, 3.0, 0.0), Summary(1, 4.0, 0.0), False),     # n = 1 each
    (Summary(1, 3.0, 0.0), Summary(30, 4.0, 1.0), False),    # n = 1 on one side
    (Summary(10, 3.0, 0.0), Summary(10, 3.0, 0.0), False),   # identical, no spread
    (Summary(10, 3.0, 0.0), Summary(10, 4.0, 0.0), False),   # different, no spread
    (Summary(10, 3.0, 0.0), Summary(10, 4.0, 1.0), True),    # sd = 0 on one side only
    (Summary(10, 3.0, 1.0), Summary(10, 3.0, 1.0), True),    # identical groups
    (Summary(10, 0.0, 1.0), Summary(10, 0.5, 1.0), True),    # reference mean 0: no relative lift
])
def test_small_or_flat_groups_never_give_nan(reference, treated, has_test):
    result = compare_means(reference, treated)

    _all_finite(result)
    assert result.difference == pytest.approx(treated.mean - reference.mean)
    assert (result.test == "welch_t") is has_test
    if has_test:
        assert result.ci_low <= result.difference <= result.ci_high and 0 <= result.p_value <= 1
    else:
        assert (result.ci_low, result.ci_high, result.p_value) == (None, None, None) and result.notes
        assert suggest_verdict(result.ci_low, result.ci_high, "increase", None) == "inconclusive"
    if reference.mean == 0:
        assert result.relative_lift is None


def test_identical_groups_have_a_symmetric_interval_around_zero_and_p_one():
    result = compare_means(Summary(40, 3.2, 0.9), Summary(40, 3.2, 0.9))

    assert result.difference == 0 and result.statistic == 0 and result.p_value == pytest.approx(1.0)
    assert result.ci_low == pytest.approx(-result.ci_high)


def test_a_groups_interval_without_spread_is_the_mean_itself():
    assert Summary(5, 2.5, 0.0).interval() == (2.5, 2.5)


@pytest.mark.parametrize(("mean", "sd"), [(1e12, 1e12), (-1e12, 0.0), (1e-12, 1e-12), (0.0, 1e12)])
def test_large_and_small_magnitudes_give_finite_numbers(mean, sd):
    result = compare_means(Summary(10**9, mean, sd), Summary(2, -mean, sd))

    _all_finite(result)
    assert suggest_verdict(result.ci_low, result.ci_high, "increase", 1.0) in ("supported", "refuted", "inconclusive")
    n = required_n_means(1e-12, sd) if sd else None
    assert n is None or isinstance(n, int)


# ---- properties ---------------------------------------------------------------------------

COUNTS = st.integers(1, 2000).flatmap(lambda trials: st.tuples(st.integers(0, trials), st.just(trials)))


@given(reference=COUNTS, treated=COUNTS)
@PROPERTIES
def test_a_proportions_interval_holds_its_difference_and_mirrors_when_groups_swap(reference, treated):
    forward = compare_proportions(Counts(*reference), Counts(*treated))
    backward = compare_proportions(Counts(*treated), Counts(*reference))

    _all_finite(forward)
    assert forward.ci_low <= forward.difference <= forward.ci_high
    assert -1 <= forward.ci_low <= forward.ci_high <= 1
    assert backward.difference == pytest.approx(-forward.difference, abs=1e-12)
    assert backward.ci_low == pytest.approx(-forward.ci_high, abs=1e-12)
    assert backward.ci_high == pytest.approx(-forward.ci_low, abs=1e-12)
    assert backward.p_value == pytest.approx(forward.p_value, rel=1e-9, abs=1e-300)
    assert backward.test == forward.test


SUMMARIES = st.builds(Summary, st.integers(1, 500), st.floats(-100, 100), st.floats(0, 50))


@given(reference=SUMMARIES, treated=SUMMARIES)
@PROPERTIES
def test_a_means_interval_holds_its_difference_and_mirrors_when_groups_swap(reference, treated):
    forward = compare_means(reference, treated)
    backward = compare_means(treated, reference)

    _all_finite(forward)
    assert backward.difference == pytest.approx(-forward.difference, abs=1e-9)
    if forward.ci_low is not None:
        assert forward.ci_low <= forward.difference <= forward.ci_high
        assert backward.ci_low == pytest.approx(-forward.ci_high, rel=1e-9, abs=1e-9)
        assert backward.p_value == pytest.approx(forward.p_value, rel=1e-9, abs=1e-300)
