"""Experiments: create, read, filter, edit, move through their statuses, delete.

"If we implement solution X, we believe step Y improves": an experiment names its target steps
(any journeys of the workspace), the metric and the smallest effect that matters; its status
goes draft → running → concluded (or abandoned), each move dating it; when it concludes the
team confirms the suggested verdict or overrides it, with a reason."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from insightrepo.db import utcnow
from insightrepo.models import Experiment, Job, Journey, Measurement, Narrative, Phase, Quote, Step, User, Workspace
from insightrepo.experiments import card_sentence
from insightrepo.workspaces.access import authorise, workspace_for
from insightrepo.errors import Conflict, Invalid, NotFound, check_version
from insightrepo.experiments.fields import (DESIGN_NAMES, EXPERIMENT_FIELDS, METRIC_KIND_NAMES, STATUS_FIELDS,
                                            STATUS_NAMES, VERDICT_NAMES, experiment_columns)
from insightrepo.experiments.results import suggested_verdict
from insightrepo.field_checks import assign, clean, missing as missing_message, not_here
from insightrepo.field_labels import either, field_name, value_name
from insightrepo.i18n import gettext, ngettext
from insightrepo.paging import Page, paginate

# Where each status may go; every other move is refused (409).
TRANSITIONS = {"draft": ("running", "abandoned"), "running": ("concluded", "abandoned"),
               "concluded": (), "abandoned": ()}
STATUS_ORDER = ("running", "draft", "concluded", "abandoned")
# A new experiment before its fields are applied (column defaults would come only at the flush).
NEW = {"solution": "", "hypothesis": "", "criterion": "", "metric_name": "", "metric_kind": "proportion",
       "metric_unit": "", "direction": "increase", "design": "before_after", "owner": "", "status": "draft",
       "verdict_reason": "", "learning_observed": "", "learning_learned": "", "learning_next": ""}

LOADING = (selectinload(Experiment.steps).selectinload(Step.phase).selectinload(Phase.journey),
           selectinload(Experiment.quotes), selectinload(Experiment.narratives), selectinload(Experiment.job),
           selectinload(Experiment.measurements).selectinload(Measurement.quotes))


def experiment_for(session: Session, actor: User | None, experiment_id: str, role: str = "viewer") -> Experiment:
    experiment = session.scalar(select(Experiment).where(Experiment.id == experiment_id).options(*LOADING))
    if experiment is None:
        raise NotFound(gettext("No such experiment."))
    authorise(session, actor, session.get(Workspace, experiment.workspace_id), role, write=role != "viewer",
              missing=gettext("No such experiment."))
    return experiment


def list_experiments(session: Session, actor: User | None, slug: str, filters: dict[str, Any],
                     page: int = 1, per_page: int = 50) -> Page:
    """Filters: status, step (id), journey (id). Newest change first."""
    workspace = workspace_for(session, actor, slug, "viewer")
    stmt = filtered(select(Experiment), workspace, filters).options(*LOADING)
    return paginate(session, stmt.order_by(Experiment.updated_at.desc(), Experiment.id), page, per_page)


def filtered(stmt: Select, workspace: Workspace, filters: dict[str, Any]) -> Select:
    stmt = stmt.where(Experiment.workspace_id == workspace.id)
    if filters.get("status"):
        stmt = stmt.where(Experiment.status == filters["status"])
    if filters.get("step"):
        stmt = stmt.where(Experiment.steps.any(Step.id == filters["step"]))
    if filters.get("journey"):
        stmt = stmt.where(Experiment.steps.any(Step.phase.has(Phase.journey_id == filters["journey"])))
    return stmt


def experiments_for_step(session: Session, actor: User | None, step_id: str) -> list[Experiment]:
    step = session.get(Step, step_id)
    if step is None:
        raise NotFound(gettext("No such step."))
    authorise(session, actor, step.phase.journey.workspace, "viewer", write=False, missing=gettext("No such step."))
    return list(session.scalars(select(Experiment).where(Experiment.steps.any(Step.id == step_id))
                                .options(*LOADING).order_by(Experiment.created_at, Experiment.id)))


def create_experiment(session: Session, actor: User | None, slug: str, data: dict[str, Any]) -> Experiment:
    workspace = workspace_for(session, actor, slug, "editor")
    values = clean(data, EXPERIMENT_FIELDS, required=("title", "step_ids", "metric"))
    if "metric" in values and "name" not in values["metric"]:
        raise Invalid({"metric": missing_message("metric name")})
    if values.get("verdict") or values.get("verdict_reason"):
        raise Invalid({"verdict": gettext("a new experiment is a draft: the verdict comes when it concludes")})
    _required_present(values)
    experiment = Experiment(workspace_id=workspace.id, **NEW)
    _apply(session, workspace, experiment, values)
    session.add(experiment)  # only now: a refused experiment never joins the session
    session.flush()
    return experiment


def update_experiment(session: Session, actor: User | None, experiment_id: str, version: int | None,
                      changes: dict[str, Any]) -> Experiment:
    experiment = experiment_for(session, actor, experiment_id, "editor")
    check_version(experiment, version)
    values = clean(changes, EXPERIMENT_FIELDS)
    if "title" in values or "step_ids" in values:
        _required_present(values)
    _check_shape_change(experiment, values)
    _check_definition_kept(experiment, values)
    if ("verdict" in values or "verdict_reason" in values) and experiment.status != "concluded":
        raise Invalid({"verdict": gettext("the verdict is set when the experiment concludes "
                                          "(POST /api/v1/experiments/{id}/status)")})
    if _apply(session, session.get(Workspace, experiment.workspace_id), experiment, values):
        experiment.updated_at = utcnow()  # also bumps the version when only links changed
    if experiment.status == "concluded":
        _check_verdict(experiment.verdict, experiment.verdict_reason, suggested_verdict(experiment))
    session.flush()
    return experiment


def _required_present(values: dict[str, Any]) -> None:
    if "step_ids" in values and not values["step_ids"]:
        raise Invalid({"step_ids": gettext("an experiment targets at least one journey step")})


def _check_definition_kept(experiment: Experiment, values: dict[str, Any]) -> None:
    """Once an experiment has started, what it measures and what counts as success stay as they
    were: moving the goalposts after seeing the data would make its verdict meaningless."""
    if experiment.status == "draft":
        return
    metric = values.get("metric", {})
    moved = [f"metric {part}" for part, column in (("kind", "metric_kind"), ("unit", "metric_unit"),
                                                  ("direction", "direction"))
             if part in metric and metric[part] != getattr(experiment, column)]
    if "minimum_effect" in values and not _same_number(values["minimum_effect"], experiment.minimum_effect):
        moved.append("minimum_effect")
    if "design" in values and values["design"] != experiment.design:
        moved.append("design")
    if values.get("criterion") and values["criterion"] != experiment.criterion:  # empty: "write it for us"
        moved.append("criterion")
    if moved:
        raise Conflict(gettext("This experiment is %(status)s: what it measures and what counts as success were "
                               "fixed when it started, so its verdict tests what you set out to test. Log a new "
                               "experiment to test something else.", status=value_name(experiment.status, STATUS_NAMES)),
                       {"fields": {("metric" if name.startswith("metric") else name):
                                   gettext("%(field)s cannot change once the experiment has started",
                                           field=field_name(name)) for name in moved}})


def _same_number(a: float | None, b: float | None) -> bool:
    return a == b or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12))


def _check_shape_change(experiment: Experiment, values: dict[str, Any]) -> None:
    """The metric's kind and the design decide what a measurement holds: they stay while there are any."""
    kind = values.get("metric", {}).get("kind", experiment.metric_kind)
    design = values.get("design", experiment.design)
    if experiment.measurements and (kind != experiment.metric_kind or design != experiment.design):
        count = len(experiment.measurements)
        recorded = {"kind": value_name(experiment.metric_kind, METRIC_KIND_NAMES),
                    "design": value_name(experiment.design, DESIGN_NAMES, experiment.design.replace("_", "/"))}
        if kind != experiment.metric_kind:
            message = ngettext("This experiment has %(num)d measurement recorded as a %(kind)s metric in a "
                               "%(design)s design: delete them before changing its metric kind.",
                               "This experiment has %(num)d measurements recorded as a %(kind)s metric in a "
                               "%(design)s design: delete them before changing its metric kind.", count, **recorded)
        else:
            message = ngettext("This experiment has %(num)d measurement recorded as a %(kind)s metric in a "
                               "%(design)s design: delete them before changing its design.",
                               "This experiment has %(num)d measurements recorded as a %(kind)s metric in a "
                               "%(design)s design: delete them before changing its design.", count, **recorded)
        raise Conflict(message, {"fields": {"metric" if kind != experiment.metric_kind else "design":
                                            gettext("cannot change while measurements exist")}})


def delete_experiment(session: Session, actor: User | None, experiment_id: str) -> None:
    """An experiment goes with its measurements; the steps and evidence it named stay."""
    experiment = experiment_for(session, actor, experiment_id, "editor")
    for measurement in list(experiment.measurements):
        session.delete(measurement)  # one by one, so the change log sees each
    session.delete(experiment)
    session.flush()


def change_status(session: Session, actor: User | None, experiment_id: str, data: dict[str, Any]) -> Experiment:
    """Start, conclude or abandon. ``on`` dates the move (default today, never in the future);
    concluding takes ``verdict`` (default: the suggested one) and a ``verdict_reason`` when the
    team's verdict differs from the suggestion."""
    experiment = experiment_for(session, actor, experiment_id, "editor")
    if data.get("version") is not None:
        check_version(experiment, data["version"])
    values = clean(data, STATUS_FIELDS, required=("status",))
    target = values["status"]
    if target not in TRANSITIONS[experiment.status]:
        allowed = TRANSITIONS[experiment.status]
        names = {"status": value_name(experiment.status, STATUS_NAMES), "target": value_name(target, STATUS_NAMES)}
        if allowed:
            message = gettext("A %(status)s experiment cannot become %(target)s; it can become %(allowed)s.",
                              allowed=either([value_name(a, STATUS_NAMES) for a in allowed]), **names)
        else:
            message = gettext("A %(status)s experiment cannot become %(target)s: %(status)s is final.", **names)
        raise Conflict(message, {"status": experiment.status, "allowed": list(allowed)})
    if values.get("verdict") and target != "concluded":
        raise Invalid({"verdict": gettext("only concluding sets a verdict; a %(target)s experiment has none",
                                          target=value_name(target, STATUS_NAMES))})
    on = values.get("on") or date.today()
    if on > date.today():
        raise Invalid({"on": gettext("a status change cannot be dated in the future")})
    if target == "running":
        experiment.started_on = on
    else:
        if experiment.started_on and on < experiment.started_on:
            raise Invalid({"on": gettext("it cannot end before it started (%(day)s)",
                                           day=experiment.started_on.isoformat())})
        experiment.ended_on = on
    if target == "concluded":
        suggested = suggested_verdict(experiment)
        verdict = values.get("verdict") or suggested
        if verdict is None:
            raise Invalid({"verdict": gettext("say what you concluded: supported, refuted or inconclusive")})
        reason = values.get("verdict_reason", "")
        _check_verdict(verdict, reason, suggested)
        experiment.verdict, experiment.verdict_reason = verdict, reason
    elif target == "abandoned":
        experiment.verdict_reason = values.get("verdict_reason", "")
    experiment.status = target
    experiment.updated_at = utcnow()
    session.flush()
    return experiment


def _check_verdict(verdict: str | None, reason: str, suggested: str | None) -> None:
    """Overriding what the numbers suggest is the team's right, with a reason on record."""
    if verdict is None:
        raise Invalid({"verdict": gettext("a concluded experiment has a verdict: supported, refuted or inconclusive")})
    if suggested is not None and verdict != suggested and not reason.strip():
        raise Invalid({"verdict_reason": gettext("the numbers suggest “%(suggested)s”: say why the verdict is “%(verdict)s”",
                                                 suggested=value_name(suggested, VERDICT_NAMES),
                                                 verdict=value_name(verdict, VERDICT_NAMES))})


# ---- applying values -------------------------------------------------------------------------

def _apply(session: Session, workspace: Workspace, experiment: Experiment, values: dict[str, Any]) -> bool:
    """Set fields and links; the Test Card's hypothesis and criterion follow the fields while
    the team has not written its own."""
    generated = _generated(experiment, workspace.language)
    changed = False
    if "step_ids" in values:
        steps = _in_workspace(session, workspace, Step, values["step_ids"], "step_ids")
        if {s.id for s in steps} != set(experiment.step_ids):
            experiment.steps, changed = steps, True
    for name, model, attribute in (("quote_ids", Quote, "quotes"), ("narrative_ids", Narrative, "narratives")):
        if name in values:
            items = _in_workspace(session, workspace, model, values[name], name)
            if {i.id for i in items} != {i.id for i in getattr(experiment, attribute)}:
                setattr(experiment, attribute, items)
                changed = True
    if "job_id" in values:
        job = _in_workspace(session, workspace, Job, [values["job_id"]], "job_id")[0] \
            if values["job_id"] else None
        if job is not experiment.job:
            experiment.job, changed = job, True
    changed = assign(experiment, experiment_columns(values)) or changed
    _check_effect(experiment)
    # Empty (as sent, or left so) means "write it for us"; untouched and as generated means "keep it current".
    if not experiment.criterion or ("criterion" not in values and experiment.criterion == generated[1]):
        experiment.criterion = _criterion(experiment, workspace.language)
    if not experiment.hypothesis or ("hypothesis" not in values and experiment.hypothesis == generated[0]):
        experiment.hypothesis = _hypothesis(experiment, workspace.language)
    return changed


def _check_effect(experiment: Experiment) -> None:
    if experiment.metric_kind == "proportion" and (experiment.minimum_effect or 0) > 1:
        raise Invalid({"minimum_effect": gettext("for a proportion the minimum effect is a difference of rates "
                                                 "from 0 to 1, e.g. 0.02 for 2 percentage points")})


def _criterion(experiment: Experiment, language: str) -> str:
    return card_sentence.default_criterion(experiment.metric_kind, experiment.metric_name, experiment.metric_unit,
                                       experiment.direction, experiment.minimum_effect, language)


def _hypothesis(experiment: Experiment, language: str) -> str:
    return card_sentence.hypothesis(experiment.solution, experiment.direction, experiment.metric_name,
                                [s.title for s in experiment.steps_in_map_order], experiment.criterion, language)


def _generated(experiment: Experiment, language: str) -> tuple[str, str]:
    """The hypothesis and criterion as the app would write them for the experiment as it is now."""
    return _hypothesis(experiment, language), _criterion(experiment, language)


def _in_workspace(session: Session, workspace: Workspace, model: type, ids: list[str], field: str) -> list:
    stmt = select(model).where(model.id.in_(ids))
    if model is Step:
        stmt = stmt.join(Phase).join(Journey).where(Journey.workspace_id == workspace.id)
    else:
        stmt = stmt.where(model.workspace_id == workspace.id)
    found = {item.id: item for item in session.scalars(stmt)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise Invalid({field: not_here(field, missing)})
    return [found[i] for i in ids]
