"""An experiment's result: its groups pooled from their measurements, the comparison of the
treated group with the reference (experiments/statistics.py) and the suggested verdict."""

from __future__ import annotations

from typing import Any

from insightrepo import formats
from insightrepo.models import Experiment
from insightrepo.experiments import statistics
from insightrepo.experiments.statistics import Comparison, Counts, Summary
from insightrepo.experiments.result_format import format_interval, format_value
from insightrepo.i18n import gettext, lazy_gettext

# Words a person reads: in the interface's language on the pages, English in the API (insightrepo.i18n).
GROUP_LABELS = {"baseline": lazy_gettext("Baseline"), "follow_up": lazy_gettext("Follow-up"),
                "control": lazy_gettext("Control"), "variant": lazy_gettext("Variant")}
TEST_NAMES = {"fisher_exact": lazy_gettext("Fisher's exact test"), "two_proportion_z": lazy_gettext("two-proportion z-test"),
              "welch_t": lazy_gettext("Welch's t-test")}
OBSERVATIONAL = lazy_gettext("Observational: a before/after comparison. Other things changed too, so this shows "
                             "what happened, not what the solution caused.")

# "No baseline measurement yet…", by which groups lack one (each sentence whole, for the translations).
_MISSING = {
    ("baseline",): lambda: gettext("No baseline measurement yet: the result needs both groups."),
    ("follow_up",): lambda: gettext("No follow-up measurement yet: the result needs both groups."),
    ("baseline", "follow_up"): lambda: gettext("No baseline or follow-up measurement yet: the result needs both groups."),
    ("control",): lambda: gettext("No control measurement yet: the result needs both groups."),
    ("variant",): lambda: gettext("No variant measurement yet: the result needs both groups."),
    ("control", "variant"): lambda: gettext("No control or variant measurement yet: the result needs both groups."),
}


def _pooled(experiment: Experiment, group: str) -> Counts | Summary | None:
    rows = [m for m in experiment.measurements if m.group == group]
    if experiment.metric_kind == "proportion":
        return statistics.pool_counts((m.successes, m.trials) for m in rows if m.trials and m.successes is not None)
    if experiment.metric_kind == "mean":
        return statistics.pool_summaries((m.n, m.mean, m.sd or 0.0) for m in rows if m.n and m.mean is not None)
    return None


def _group(experiment: Experiment, group: str, pooled: Counts | Summary | None) -> dict[str, Any]:
    rows = [m for m in experiment.measurements if m.group == group]
    entry: dict[str, Any] = {"group": group, "label": str(GROUP_LABELS[group]), "measurements": len(rows),
                             "successes": None, "trials": None, "rate": None, "n": None, "mean": None,
                             "sd": None, "ci_low": None, "ci_high": None,
                             "notes": [m.note for m in rows if m.note],
                             "quote_ids": sorted({q.id for m in rows for q in m.quotes})}
    if isinstance(pooled, Counts):
        entry.update(successes=pooled.successes, trials=pooled.trials, rate=statistics.finite(pooled.rate))
    elif isinstance(pooled, Summary):
        entry.update(n=pooled.n, mean=statistics.finite(pooled.mean), sd=statistics.finite(pooled.sd))
    if pooled is not None:
        entry["ci_low"], entry["ci_high"] = pooled.interval()
    return entry


def experiment_result(experiment: Experiment) -> dict[str, Any]:
    """GET /experiments/{id}/result: every number is a finite float or null."""
    reference_name, treated_name = experiment.groups
    reference, treated = _pooled(experiment, reference_name), _pooled(experiment, treated_name)
    comparison = Comparison()
    kind = experiment.metric_kind
    if kind == "qualitative":
        comparison.notes.append(gettext("A qualitative experiment: no numbers, only the team's verdict and the "
                                        "evidence linked to it."))
    elif reference is None or treated is None:
        missing = [name for name, pooled in ((reference_name, reference), (treated_name, treated)) if pooled is None]
        comparison.notes.append(_MISSING[tuple(missing)]())
    elif kind == "proportion":
        comparison = statistics.compare_proportions(reference, treated)
    else:
        comparison = statistics.compare_means(reference, treated)
    reason = None
    if kind != "qualitative":
        grounds = statistics.verdict_grounds(
            comparison.ci_low, comparison.ci_high, experiment.direction, experiment.minimum_effect)
        comparison.suggested_verdict = statistics.GROUNDS[grounds]
        if comparison.suggested_verdict == "inconclusive":
            comparison.required_n = _required_n(experiment, reference, treated)
        reason = suggestion_reason(experiment, comparison, grounds)
    return {
        "design": experiment.design,
        "metric": metric_of(experiment),
        "minimum_effect": experiment.minimum_effect,
        "groups": [_group(experiment, reference_name, reference), _group(experiment, treated_name, treated)],
        "difference": comparison.difference, "ci_low": comparison.ci_low, "ci_high": comparison.ci_high,
        "confidence": statistics.CONFIDENCE,
        "relative_lift": comparison.relative_lift, "relative_lift_ci_low": comparison.relative_lift_ci_low,
        "relative_lift_ci_high": comparison.relative_lift_ci_high,
        "p_value": comparison.p_value, "test": comparison.test, "statistic": comparison.statistic,
        "suggested_verdict": comparison.suggested_verdict, "suggestion_reason": reason,
        "required_n": comparison.required_n,
        "observational": experiment.observational,
        "caveat": str(OBSERVATIONAL) if experiment.observational and kind != "qualitative" else "",
        "notes": comparison.notes,
    }


def suggestion_reason(experiment: Experiment, comparison: Comparison, grounds: str) -> str | None:
    """Why the numbers suggest their verdict, in words a person reads: what the 95 % interval
    includes, against the minimum effect that matters. The one place the reason is written; the
    experiment page, the board and compare show it as it is."""
    kind, unit = experiment.metric_kind, experiment.metric_unit
    if grounds == "no_interval":
        return None  # the notes say what is missing
    interval = format_interval(kind, unit, comparison.ci_low, comparison.ci_high, signed=True)
    effect = experiment.minimum_effect
    minimum = format_value(kind, unit, abs(effect) * (-1 if experiment.direction == "decrease" else 1),
                           signed=True) if effect else None
    rise = experiment.direction == "increase"
    if grounds == "clears_minimum":
        if minimum:
            return (gettext("The whole interval %(interval)s is a rise of at least the minimum that matters "
                            "(%(minimum)s).", interval=interval, minimum=minimum) if rise else
                    gettext("The whole interval %(interval)s is a fall of at least the minimum that matters "
                            "(%(minimum)s).", interval=interval, minimum=minimum))
        return (gettext("The whole interval %(interval)s is a rise.", interval=interval) if rise else
                gettext("The whole interval %(interval)s is a fall.", interval=interval))
    if grounds == "wrong_way":
        return (gettext("The whole interval %(interval)s is a change the wrong way: a rise was wanted.",
                        interval=interval) if rise else
                gettext("The whole interval %(interval)s is a change the wrong way: a fall was wanted.",
                        interval=interval))
    if grounds == "too_small":
        return gettext("Even the best end of the interval %(interval)s is smaller than the minimum that matters "
                       "(%(minimum)s): whatever changed is too small to matter.", interval=interval, minimum=minimum)
    if grounds == "includes_smaller":
        reason = gettext("The change is likely real (the interval %(interval)s does not include zero), but the "
                         "interval includes effects smaller than the minimum that matters (%(minimum)s), so it "
                         "may be too small to matter.", interval=interval, minimum=minimum)
    elif minimum:
        reason = gettext("The interval %(interval)s includes no change at all as well as effects of the minimum "
                         "that matters (%(minimum)s): the numbers cannot tell an effect from none.",
                         interval=interval, minimum=minimum)
    else:
        reason = gettext("The interval %(interval)s includes no change at all: the numbers cannot tell an effect "
                         "from none.", interval=interval)
    if comparison.required_n:
        reason += " " + gettext("To tell, you need about %(n)s per group (80 %% power).",
                                n=formats.count(comparison.required_n))
    elif not effect:
        reason += " " + gettext("Set a minimum effect to learn how many you would need.")
    return reason


def metric_of(experiment: Experiment) -> dict[str, Any]:
    return {"name": experiment.metric_name, "kind": experiment.metric_kind, "unit": experiment.metric_unit,
            "direction": experiment.direction}


def _required_n(experiment: Experiment, reference, treated) -> int | None:
    """Per group, to detect the minimum effect with 80 % power; None without a minimum effect
    or (for means) without any spread to plan with."""
    effect = experiment.minimum_effect
    if not effect:
        return None
    if experiment.metric_kind == "proportion":
        if reference is None:
            return None
        return statistics.required_n_proportions(reference.rate, effect, experiment.direction)
    spreads = [group.variance for group in (reference, treated) if group is not None and group.n >= 2]
    if not spreads:
        return None
    return statistics.required_n_means(effect, (sum(spreads) / len(spreads)) ** 0.5)


def suggested_verdict(experiment: Experiment) -> str | None:
    return experiment_result(experiment)["suggested_verdict"]
