"""The field rules of experiments and measurements, by the names the API uses."""

from __future__ import annotations

import math
from typing import Any

from insightrepo.models.experiment import ALL_GROUPS, DESIGNS, DIRECTIONS, METRIC_KINDS, STATUSES, VERDICTS
from insightrepo.field_checks import Check, a_date, choice, id_list, text, whole_number
from insightrepo.field_labels import field_name
from insightrepo.i18n import gettext, lazy_gettext as _l

# The names pages give the codes (the API and the data keep the codes; web/vocabulary lists them for templates).
STATUS_NAMES = {"draft": _l("draft"), "running": _l("running"), "concluded": _l("concluded"),
                "abandoned": _l("abandoned")}
VERDICT_NAMES = {"supported": _l("supported"), "refuted": _l("refuted"), "inconclusive": _l("inconclusive")}
METRIC_KIND_NAMES = {"proportion": _l("proportion"), "mean": _l("mean"), "qualitative": _l("qualitative")}
DESIGN_NAMES = {"randomised": _l("randomised"), "before_after": _l("before and after")}

SHORT, LONG = 200, 20_000
# Fisher's exact test takes time in proportion to the counts, so they are bounded (its time at the
# bound: docs/benchmarks.md); more customers than this in one group is beyond any CX team's experiment.
LARGEST_COUNT = 100_000_000
# Means, spreads and effects beyond this would overflow the statistics (a variance squares them);
# no customer metric comes near it.
LARGEST_NUMBER = 1e15


def number(low: float | None = None) -> Check:
    """A finite number (not a boolean), at least ``low``, at most LARGEST_NUMBER in size; empty is None."""
    def check(name: str, value: Any) -> float | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(gettext("%(field)s must be a number", field=field_name(name)))
        if low is not None and value < low:
            raise ValueError(gettext("%(field)s must be at least %(low)s", field=field_name(name), low=format(low, "g")))
        if abs(value) > LARGEST_NUMBER:
            largest = format(LARGEST_NUMBER, ",.0f")
            if low is None:
                raise ValueError(gettext("%(field)s must be at most %(max)s in size", field=field_name(name), max=largest))
            raise ValueError(gettext("%(field)s must be at most %(max)s", field=field_name(name), max=largest))
        return float(value)
    return check


def _optional_id(name: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 64 or "\x00" in value:
        raise ValueError(gettext("%(field)s must be an id or null", field=field_name(name)))
    return value


def _metric(name: str, value: Any) -> dict[str, Any]:
    """{name, kind, unit, direction}: the parts sent; a PATCH may send some of them."""
    if not isinstance(value, dict) or set(value) - {"name", "kind", "unit", "direction"}:
        raise ValueError(gettext("%(field)s must be {name, kind, unit, direction}", field=field_name(name)))
    checks = {"name": text(SHORT, required=True), "kind": choice(METRIC_KINDS), "unit": text(40),
              "direction": choice(DIRECTIONS)}
    return {part: checks[part](f"{name} {part}", value[part]) for part in checks if part in value}


def _learning(name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) - {"observed", "learned", "next"}:
        raise ValueError(gettext("%(field)s must be {observed, learned, next}", field=field_name(name)))
    return {part: text(LONG)(f"{name} {part}", value[part]) for part in ("observed", "learned", "next")
            if part in value}


EXPERIMENT_FIELDS: dict[str, Check] = {
    "title": text(SHORT, required=True),
    "solution": text(LONG),
    "hypothesis": text(LONG),
    "criterion": text(LONG),
    "step_ids": id_list,
    "job_id": _optional_id,
    "metric": _metric,
    "minimum_effect": number(low=0),
    "design": choice(DESIGNS),
    "owner": text(120),
    "quote_ids": id_list,
    "narrative_ids": id_list,
    "learning": _learning,
    "verdict": choice(VERDICTS, optional=True),
    "verdict_reason": text(LONG),
}
LINKS = ("step_ids", "quote_ids", "narrative_ids", "job_id")

STATUS_FIELDS: dict[str, Check] = {
    "status": choice(STATUSES),  # a move to draft is a status, just never an allowed move (409)
    "on": a_date,
    "verdict": choice(VERDICTS, optional=True),
    "verdict_reason": text(LONG),
}

MEASUREMENT_FIELDS: dict[str, Check] = {
    "group": choice(ALL_GROUPS),
    "measured_on": a_date,
    "successes": whole_number(0, LARGEST_COUNT),
    "trials": whole_number(1, LARGEST_COUNT),
    "n": whole_number(1, LARGEST_COUNT),
    "mean": number(),
    "sd": number(low=0),
    "note": text(LONG),
    "source": text(SHORT),
    "quote_ids": id_list,
}
NUMBERS = {"proportion": ("successes", "trials"), "mean": ("n", "mean", "sd"), "qualitative": ()}


def experiment_columns(values: dict[str, Any]) -> dict[str, Any]:
    """Experiment values as the API names them → the model's columns (links stay out)."""
    flat = {k: v for k, v in values.items() if k not in LINKS}
    for part, value in flat.pop("metric", {}).items():
        flat["metric_name" if part == "name" else "metric_kind" if part == "kind" else
             "metric_unit" if part == "unit" else "direction"] = value
    for part, value in flat.pop("learning", {}).items():
        flat[f"learning_{part}"] = value
    return flat
