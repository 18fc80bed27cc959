"""Forms of the journey map editor, and their translation into the services' field names."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from insightrepo.i18n import lazy_gettext
from insightrepo.journeys.fields import BACKSTAGE_LANES, STEP, STEP_COLUMNS
from insightrepo.models.journey import KINDS, SCOPES
from insightrepo.web.account_forms import Form, Length

EMOTION_CHOICES = [SelectChoice(v, label) for v, label in (
    ("", lazy_gettext("— not scored")), ("2", lazy_gettext("+2 very positive")), ("1", lazy_gettext("+1 positive")), ("0", lazy_gettext("0 neutral")),
    ("-1", lazy_gettext("−1 negative")), ("-2", lazy_gettext("−2 very negative")))]
MARKER_CHOICES = [SelectChoice(v, label) for v, label in (
    ("", lazy_gettext("no marker")), ("heart", lazy_gettext("♥ heart")), ("thundercloud", lazy_gettext("☁ thundercloud")))]
SCOPE_LABELS = {"whole": lazy_gettext("The whole relationship"), "episode": lazy_gettext("One episode")}
KIND_LABELS = {"hypothesis": lazy_gettext("Hypothesis — the team's assumptions"), "researched": lazy_gettext("Researched — backed by interviews")}


def why_field() -> StringField:
    return StringField(lazy_gettext("Why (optional)"), validators=[Length(max=2000)],
                       description=lazy_gettext("Kept in the change log with this edit, e.g. “after interviews P07–P09”."))


def _entered(field: Any) -> Any:
    """What a field holds as the service takes it: text (never None), a flag, or a chosen value."""
    if isinstance(field, BooleanField):
        return bool(field.data)
    if isinstance(field, StringField):
        return field.data or ""
    return field.data


def _score(value: Any) -> int | None:
    return None if value in (None, "", "None") else int(value)


class JourneyForm(Form):
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=200)],
                        description=lazy_gettext("From the customer's side: “Create a thriving home”, not “Buy plants online”."))
    description = TextAreaField(lazy_gettext("Description"), validators=[Length(max=20_000)])
    scope = SelectField(lazy_gettext("Scope"), choices=[SelectChoice(s, SCOPE_LABELS[s]) for s in SCOPES], default="whole")
    kind = SelectField(lazy_gettext("Kind"), choices=[SelectChoice(k, KIND_LABELS[k]) for k in KINDS], default="hypothesis")
    persona = StringField(lazy_gettext("Persona or segment"), validators=[Length(max=200)])
    owner = StringField(lazy_gettext("Owner"), validators=[Length(max=120)], description=lazy_gettext("Who keeps this map up to date."))
    archived = BooleanField(lazy_gettext("Archived"))
    why = why_field()
    version = HiddenField()

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name).data or ("" if name != "archived" else False)
                for name in ("title", "description", "scope", "kind", "persona", "owner", "archived")}


class PhaseForm(Form):
    title = StringField(lazy_gettext("Phase name"), validators=[DataRequired(), Length(max=200)],
                        description=lazy_gettext("In the customer's words: what are they doing or trying to achieve?"))
    goal = TextAreaField(lazy_gettext("What the customer wants to achieve"), validators=[Length(max=20_000)])
    why = why_field()
    version = HiddenField()

    def values(self) -> dict[str, Any]:
        return {"title": self.title.data or "", "goal": self.goal.data or ""}


class StepForm(Form):
    title = StringField(lazy_gettext("Step"), validators=[DataRequired(), Length(max=200)])
    phase_id = SelectField(lazy_gettext("Phase"), validate_choice=False)
    action = TextAreaField(lazy_gettext("What the customer does"), validators=[Length(max=20_000)])
    touchpoint = StringField(lazy_gettext("Touchpoint"), validators=[Length(max=200)])
    channels = StringField(lazy_gettext("Channels"), validators=[Length(max=1300)], description=lazy_gettext("Comma-separated, e.g. web, phone, store"))
    direct = BooleanField(lazy_gettext("Direct interaction with us (not through a third party)"), default=True)
    present = BooleanField(lazy_gettext("We are present at this step"), default=True,
                           description=lazy_gettext("Untick for what customers do without us — gaps matter."))
    need = TextAreaField(lazy_gettext("Customer need"), validators=[Length(max=20_000)])
    thoughts = TextAreaField(lazy_gettext("Thoughts and feelings"), validators=[Length(max=20_000)])
    emotion = SelectField(lazy_gettext("Emotion"), choices=EMOTION_CHOICES, coerce=_score, validators=[Optional()])
    marker = SelectField(lazy_gettext("Marker"), choices=MARKER_CHOICES)
    mot_title = StringField(lazy_gettext("Moment of truth"), validators=[Length(max=200)],
                            description=lazy_gettext("Leave empty unless this step decides the relationship."))
    mot_description = TextAreaField(lazy_gettext("Why it is a moment of truth"), validators=[Length(max=20_000)])
    owner = StringField(lazy_gettext("Owner of the touchpoint"), validators=[Length(max=120)])
    backstage_people = TextAreaField(lazy_gettext("Backstage: people and teams"), validators=[Length(max=20_000)])
    backstage_policies = TextAreaField(lazy_gettext("Backstage: policies and processes"), validators=[Length(max=20_000)])
    backstage_systems = TextAreaField(lazy_gettext("Backstage: systems"), validators=[Length(max=20_000)])
    employee_emotion = SelectField(lazy_gettext("Employee experience"), choices=EMOTION_CHOICES, coerce=_score,
                                   validators=[Optional()])
    why = why_field()
    version = HiddenField()

    # The form's fields carry the step's column names (journeys.fields.STEP), but for the moment of truth.
    def fill_from(self, step) -> None:
        for name in STEP_COLUMNS:
            if name in self:
                getattr(self, name).data = getattr(step, name)
        self.channels.data = ", ".join(step.channels)
        self.marker.data = step.marker or ""
        self.mot_title.data = step.moment_title or ""
        self.mot_description.data = step.moment_description
        self.phase_id.data = step.phase_id
        self.version.data = str(step.version)

    def values(self) -> dict[str, Any]:
        """The step's fields by the API's names, as the step service takes them."""
        values = {field.name: _entered(getattr(self, field.name)) for field in STEP if field.name in self}
        values["marker"] = self.marker.data or None
        mot_title = (self.mot_title.data or "").strip()
        values["moment_of_truth"] = {"title": mot_title, "description": self.mot_description.data or ""} if mot_title else None
        values["backstage"] = {lane: getattr(self, f"backstage_{lane}").data or "" for lane in BACKSTAGE_LANES}
        return values


class QuickScoreForm(Form):
    """Set a step's emotion and marker straight from the map."""

    emotion = SelectField(lazy_gettext("Emotion"), choices=EMOTION_CHOICES, coerce=_score, validators=[Optional()])
    marker = SelectField(lazy_gettext("Marker"), choices=MARKER_CHOICES)
    version = HiddenField()


class MoveForm(Form):
    direction = SelectField(lazy_gettext("Direction"), choices=[SelectChoice("earlier"), SelectChoice("later")])
    version = HiddenField()


class DeletePhaseForm(Form):
    cascade = BooleanField(lazy_gettext("Also delete its steps"))


def version_of(form: FlaskForm) -> int | None:
    raw = (form.version.data or "").strip()
    return int(raw) if raw.isdigit() else None
