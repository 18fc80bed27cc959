"""Forms of the experiment pages and their translation into the services' field names.

A proportion's minimum effect is typed in percentage points here ("3" for 3 pp), as teams say
it; the API takes it as a difference of rates (0.03)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from wtforms import (
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, StopValidation

from insightrepo.i18n import gettext, lazy_gettext
from insightrepo.web.vocabulary import job_statement
from insightrepo.experiments.results import GROUP_LABELS
from insightrepo.web.evidence_forms import step_choices
from insightrepo.web.account_forms import Form, DayField, Length, NumberField

KIND_CHOICES = [SelectChoice("proportion", lazy_gettext("A proportion (e.g. share of orders with a complaint)")),
                SelectChoice("mean", lazy_gettext("A mean (e.g. satisfaction score 1–5)")),
                SelectChoice("qualitative", lazy_gettext("Qualitative (what customers say and do)"))]
DIRECTION_CHOICES = [SelectChoice("increase", lazy_gettext("Increase")), SelectChoice("decrease", lazy_gettext("Decrease"))]
DESIGN_CHOICES = [SelectChoice("before_after", lazy_gettext("Before / after (observational)")),
                  SelectChoice("randomised", lazy_gettext("Randomised A/B test (control and variant)"))]
VERDICT_CHOICES = [SelectChoice("supported", lazy_gettext("Supported")), SelectChoice("refuted", lazy_gettext("Refuted")),
                   SelectChoice("inconclusive", lazy_gettext("Inconclusive"))]
LONG = 20_000


def finite(form, field) -> None:
    """A number, not "NaN" or "Infinity" (which Python's Decimal reads, and "sNaN" then breaks
    every comparison with): checked before any range."""
    if field.data is not None and not field.data.is_finite():
        raise StopValidation(gettext("Enter a number, like 3 or 0.5."))


def percentage_points(form, field) -> None:
    """A proportion's minimum effect is typed in percentage points: at most 100."""
    if form.metric_kind.data == "proportion" and field.data is not None and field.data > 100:
        raise StopValidation(gettext("For a proportion, type the minimum effect in percentage points, "
                                     "from 0 to 100 (3 = 3 pp)."))


class ExperimentForm(Form):
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=200)],
                        description=lazy_gettext("Short and concrete, e.g. “Choose your own plant by video”."))
    solution = TextAreaField(lazy_gettext("The solution: what we change"), validators=[Length(max=LONG)])
    step_ids = SelectMultipleField(lazy_gettext("Journey steps it should improve"), validate_choice=False)
    job_id = SelectField(lazy_gettext("The job to be done it serves (optional)"), validate_choice=False)
    metric_name = StringField(lazy_gettext("Metric"), validators=[DataRequired(), Length(max=200)],
                              description=lazy_gettext("What you will measure, e.g. “share of deliveries with a complaint”."))
    metric_kind = SelectField(lazy_gettext("Kind of metric"), choices=KIND_CHOICES, default="proportion")
    metric_unit = StringField(lazy_gettext("Unit (for a mean)"), validators=[Length(max=40)],
                              description=lazy_gettext("e.g. “points (1–5)”, “minutes”."))
    direction = SelectField(lazy_gettext("We want it to"), choices=DIRECTION_CHOICES, default="increase")
    minimum_effect = NumberField(lazy_gettext("Minimum effect that matters"),
                                  validators=[Optional(), finite, NumberRange(min=0), percentage_points],
                                  description=lazy_gettext("For a proportion in percentage points (3 = 3 pp); for a mean in "
                                              "its unit. Smaller changes are not worth the solution's cost."))
    design = SelectField(lazy_gettext("Design"), choices=DESIGN_CHOICES, default="before_after",
                         description=lazy_gettext("A before/after comparison shows what happened, not what caused it."))
    owner = StringField(lazy_gettext("Owner"), validators=[Length(max=120)])
    criterion = TextAreaField(lazy_gettext("We are right if …"), validators=[Length(max=LONG)],
                              description=lazy_gettext("Leave empty to use the minimum effect."))
    hypothesis = TextAreaField(lazy_gettext("Hypothesis"), validators=[Length(max=LONG)],
                               description=lazy_gettext("Leave empty and it is written as a Test Card from the fields above."))
    why = StringField(lazy_gettext("Why this change (optional, kept in the change log)"), validators=[Length(max=2000)])
    version = HiddenField()

    def offer(self, journeys, jobs) -> None:
        self.journeys = journeys
        self.step_ids.choices = step_choices(journeys)
        self.job_id.choices = [SelectChoice("", lazy_gettext("— none")),
                               *(SelectChoice(j.id, job_statement(j)[:120]) for j in jobs)]

    def fill_from(self, experiment) -> None:
        for name in ("title", "solution", "metric_name", "metric_kind", "metric_unit", "direction", "design",
                     "owner", "criterion", "hypothesis"):
            getattr(self, name).data = getattr(experiment, name)
        self.step_ids.data = experiment.step_ids
        self.job_id.data = experiment.job_id or ""
        effect = experiment.minimum_effect
        if effect is not None and experiment.metric_kind == "proportion":
            effect = round(effect * 100, 6)
        self.minimum_effect.data = None if effect is None else _as_typed(effect)
        self.version.data = str(experiment.version)

    def values(self, experiment=None) -> dict[str, Any]:
        """The service's fields. Editing ``experiment``, a hypothesis or criterion sent back as it was
        shown is left out: the service keeps a generated one following the other fields (sent, it would
        count as the team's own words and stop following them), and the team's own as it is."""
        effect = None if self.minimum_effect.data is None else float(self.minimum_effect.data)
        if effect is not None and self.metric_kind.data == "proportion":
            effect /= 100
        values = {"title": self.title.data or "", "solution": self.solution.data or "",
                  "step_ids": list(self.step_ids.data or []), "job_id": self.job_id.data or None,
                  "metric": {"name": self.metric_name.data or "", "kind": self.metric_kind.data,
                             "unit": self.metric_unit.data or "", "direction": self.direction.data},
                  "minimum_effect": effect, "design": self.design.data, "owner": self.owner.data or "",
                  "criterion": self.criterion.data or "", "hypothesis": self.hypothesis.data or ""}
        for name in ("hypothesis", "criterion") if experiment is not None else ():
            if values[name].strip() == (getattr(experiment, name) or "").strip():
                del values[name]
        if experiment is not None and experiment.status != "draft":
            # Fixed since it started: the form shows them, but not as fields (experiments.experiments).
            values["metric"] = {"name": values["metric"]["name"]}
            for name in ("minimum_effect", "design", "criterion"):
                values.pop(name, None)
        return values


class MeasurementForm(Form):
    group = SelectField(lazy_gettext("Group"), validate_choice=False)
    measured_on = DayField(lazy_gettext("Measured on"), validators=[Optional()], default=date.today)
    successes = IntegerField(lazy_gettext("Successes (how many had it)"), validators=[Optional(), NumberRange(min=0)])
    trials = IntegerField(lazy_gettext("Out of (trials)"), validators=[Optional(), NumberRange(min=1)])
    n = IntegerField(lazy_gettext("n (observations)"), validators=[Optional(), NumberRange(min=1)])
    mean = NumberField(lazy_gettext("Mean"), validators=[Optional(), finite])
    sd = NumberField(lazy_gettext("Standard deviation"), validators=[Optional(), finite, NumberRange(min=0)])
    note = TextAreaField(lazy_gettext("What you observed"), validators=[Length(max=LONG)])
    quote_ids = SelectMultipleField(lazy_gettext("Quotes behind it"), validate_choice=False)
    source = StringField(lazy_gettext("Source"), validators=[Length(max=200)],
                         description=lazy_gettext("Where the numbers come from, e.g. “Zendesk export, May”."))

    def offer(self, experiment, quotes) -> None:
        self.group.choices = [SelectChoice(g, GROUP_LABELS[g]) for g in experiment.groups]
        self.quote_ids.choices = [SelectChoice(q.id, q.text[:100]) for q in quotes]

    def values(self, kind: str) -> dict[str, Any]:
        values: dict[str, Any] = {"group": self.group.data, "measured_on": self.measured_on.data,
                                  "note": self.note.data or "", "source": self.source.data or "",
                                  "quote_ids": list(self.quote_ids.data or [])}
        if kind == "proportion":
            values.update(successes=self.successes.data, trials=self.trials.data)
        elif kind == "mean":
            values.update(n=self.n.data, mean=_float(self.mean.data), sd=_float(self.sd.data))
        return values


class StatusForm(Form):
    status = HiddenField(validators=[InputRequired()])
    on = DayField(lazy_gettext("On"), validators=[Optional()], default=date.today)
    verdict = SelectField(lazy_gettext("Our verdict"), choices=VERDICT_CHOICES, validate_choice=False)
    verdict_reason = TextAreaField(lazy_gettext("Why (needed when it differs from what the numbers suggest)"),
                                   validators=[Length(max=LONG)])
    version = HiddenField()

    def values(self) -> dict[str, Any]:
        values = {"status": self.status.data, "on": self.on.data, "verdict_reason": self.verdict_reason.data or "",
                  "version": _int(self.version.data)}
        if self.status.data == "concluded":
            values["verdict"] = self.verdict.data or None
        return values


class LearningForm(Form):
    observed = TextAreaField(lazy_gettext("We observed …"), validators=[Length(max=LONG)])
    learned = TextAreaField(lazy_gettext("From that we learned …"), validators=[Length(max=LONG)])
    next = TextAreaField(lazy_gettext("Therefore, we will …"), validators=[Length(max=LONG)])
    version = HiddenField()

    def fill_from(self, experiment) -> None:
        self.observed.data, self.learned.data = experiment.learning_observed, experiment.learning_learned
        self.next.data, self.version.data = experiment.learning_next, str(experiment.version)

    def values(self) -> dict[str, Any]:
        return {"learning": {"observed": self.observed.data or "", "learned": self.learned.data or "",
                             "next": self.next.data or ""}}


class VerdictForm(Form):
    verdict = SelectField(lazy_gettext("Our verdict"), choices=VERDICT_CHOICES)
    verdict_reason = TextAreaField(lazy_gettext("Why"), validators=[Length(max=LONG)])
    version = HiddenField()


class EvidenceLinkForm(Form):
    quote_ids = SelectMultipleField(lazy_gettext("Quotes"), validate_choice=False)
    narrative_ids = SelectMultipleField(lazy_gettext("Narratives"), validate_choice=False)
    version = HiddenField()


class ConfirmForm(Form):
    """A POST with nothing but its CSRF token (delete a measurement, delete an experiment)."""


def _as_typed(value: float) -> Decimal:
    """A stored number as a person would have typed it: 3, not 3.0; 0.25 stays 0.25."""
    return Decimal(int(value)) if value == int(value) else Decimal(repr(value))


def _float(value) -> float | None:
    return None if value is None else float(value)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
