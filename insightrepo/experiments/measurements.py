"""Measurements of an experiment: one group on one date — counts for a proportion, n/mean/sd
for a mean, or a note with linked quotes for a qualitative metric. What a measurement may hold
follows from its experiment's metric kind and design."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from insightrepo.db import utcnow
from insightrepo.models import Experiment, Measurement, Quote, User, Workspace
from insightrepo.workspaces.access import authorise
from insightrepo.errors import Conflict, Invalid, NotFound, check_version
from insightrepo.experiments.fields import MEASUREMENT_FIELDS, NUMBERS, STATUS_NAMES
from insightrepo.experiments.experiments import experiment_for
from insightrepo.field_checks import assign, clean, not_here
from insightrepo.field_labels import field_name, value_name
from insightrepo.i18n import gettext

OPEN = ("draft", "running")


def measurement_for(session: Session, actor: User | None, measurement_id: str, role: str = "viewer") -> Measurement:
    measurement = session.scalar(select(Measurement).where(Measurement.id == measurement_id)
                                 .options(selectinload(Measurement.quotes), selectinload(Measurement.experiment)))
    if measurement is None:
        raise NotFound(gettext("No such measurement."))
    workspace = session.get(Workspace, measurement.experiment.workspace_id)
    authorise(session, actor, workspace, role, write=role != "viewer", missing=gettext("No such measurement."))
    return measurement


def add_measurement(session: Session, actor: User | None, experiment_id: str, data: dict[str, Any]) -> Measurement:
    experiment = experiment_for(session, actor, experiment_id, "editor")
    _check_open(experiment)
    values = clean(data, MEASUREMENT_FIELDS, required=("group",))
    if values.get("measured_on") is None:
        values["measured_on"] = date.today()  # left out or sent as null
    measurement = Measurement(note="", source="")
    _apply(session, experiment, measurement, values)
    measurement.experiment = experiment  # only now: a refused measurement never joins the session
    session.add(measurement)
    session.flush()
    return measurement


def update_measurement(session: Session, actor: User | None, measurement_id: str, version: int | None,
                       changes: dict[str, Any]) -> Measurement:
    measurement = measurement_for(session, actor, measurement_id, "editor")
    check_version(measurement, version)
    _check_open(measurement.experiment)
    values = clean(changes, MEASUREMENT_FIELDS)
    if _apply(session, measurement.experiment, measurement, values):
        measurement.updated_at = utcnow()
    session.flush()
    return measurement


def delete_measurement(session: Session, actor: User | None, measurement_id: str) -> None:
    measurement = measurement_for(session, actor, measurement_id, "editor")
    _check_open(measurement.experiment)
    measurement.experiment.measurements.remove(measurement)
    session.delete(measurement)
    session.flush()


def _check_open(experiment: Experiment) -> None:
    if experiment.status not in OPEN:
        raise Conflict(gettext("This experiment is %(status)s: its measurements are closed, so its verdict "
                               "stays true to what it was based on.", status=value_name(experiment.status, STATUS_NAMES)),
                       {"status": experiment.status})


def _apply(session: Session, experiment: Experiment, measurement: Measurement, values: dict[str, Any]) -> bool:
    """Set the values after checking the whole measurement, as it would be, against its experiment."""
    changed = False
    if "quote_ids" in values:
        quotes = _quotes(session, experiment, values.pop("quote_ids"))
        if {q.id for q in quotes} != {q.id for q in measurement.quotes}:
            measurement.quotes, changed = quotes, True
    merged = {name: getattr(measurement, name) for name in MEASUREMENT_FIELDS if name != "quote_ids"}
    merged.update(values)
    _check(experiment, merged, has_quotes=bool(measurement.quotes))
    if experiment.metric_kind == "mean" and merged["n"] == 1 and merged["sd"] is None:
        values["sd"] = 0.0  # one observation has no spread
    return assign(measurement, values) or changed


def _check(experiment: Experiment, m: dict[str, Any], has_quotes: bool) -> None:
    problems: dict[str, str] = {}
    if m["group"] not in experiment.groups:
        problems["group"] = _group_problem(experiment.design)
    if m["measured_on"] is None:
        problems["measured_on"] = gettext("%(field)s is required: the date the numbers describe",
                                          field=field_name("measured_on"))
    elif m["measured_on"] > date.today():
        problems["measured_on"] = gettext("%(field)s cannot be in the future", field=field_name("measured_on"))
    kind = experiment.metric_kind
    wanted = NUMBERS[kind]
    for name in ("successes", "trials", "n", "mean", "sd"):
        if name not in wanted and m[name] is not None:
            problems[name] = (gettext("%(field)s does not belong to a proportion metric", field=field_name(name))
                              if kind == "proportion" else
                              gettext("%(field)s does not belong to a mean metric", field=field_name(name))
                              if kind == "mean" else
                              gettext("%(field)s does not belong to a qualitative metric", field=field_name(name)))
    if kind == "proportion":
        for name in wanted:
            if m[name] is None:
                problems[name] = gettext("%(field)s is required for a proportion", field=field_name(name))
        if m["successes"] is not None and m["trials"] is not None and m["successes"] > m["trials"]:
            problems["successes"] = gettext("%(field)s cannot be more than %(other)s", field=field_name("successes"),
                                            other=field_name("trials"))
    elif kind == "mean":
        for name in ("n", "mean"):
            if m[name] is None:
                problems[name] = gettext("%(field)s is required for a mean", field=field_name(name))
        if m["sd"] is None and (m["n"] or 0) > 1:
            problems["sd"] = gettext("%(field)s is required when %(n)s is more than 1", field=field_name("sd"),
                                     n=field_name("n"))
    elif not (m["note"] or "").strip() and not has_quotes:
        problems["note"] = gettext("a qualitative measurement needs a note or linked quotes")
    if problems:
        raise Invalid(problems)


def _group_problem(design: str) -> str:
    if design == "before_after":
        return gettext("%(field)s must be baseline or follow_up for a before/after experiment", field=field_name("group"))
    return gettext("%(field)s must be control or variant for a randomised (A/B) experiment", field=field_name("group"))


def _quotes(session: Session, experiment: Experiment, ids: list[str]) -> list[Quote]:
    found = {q.id: q for q in session.scalars(select(Quote).where(Quote.id.in_(ids),
                                                                  Quote.workspace_id == experiment.workspace_id))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise Invalid({"quote_ids": not_here("quote_ids", missing)})
    return [found[i] for i in ids]
