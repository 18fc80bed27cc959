"""Forms of the evidence library (quotes, narratives, jobs, participants, tags, links, filters)
and their translation into the services' field names."""

from __future__ import annotations

from datetime import date
from typing import Any

from wtforms import (HiddenField, SearchField, SelectChoice, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, Optional

from insightrepo.i18n import lazy_gettext
from insightrepo.models.evidence import PARTICIPANT_METHODS, SENTIMENTS
from insightrepo.evidence.personal_data import LABELS, find_personal_data, mask_personal_data
from insightrepo.web.account_forms import Form, LANGUAGE_CHOICES, DayField, Length

METHOD_LABELS = {"interview": lazy_gettext("Interview"), "observation": lazy_gettext("Observation"), "diary": lazy_gettext("Diary study"),
                 "survey": lazy_gettext("Survey"), "support_log": lazy_gettext("Support log"), "other": lazy_gettext("Other")}
SENTIMENT_LABELS = {"positive": lazy_gettext("Positive"), "negative": lazy_gettext("Negative"),
                    "neutral": lazy_gettext("Neutral"), "mixed": lazy_gettext("Mixed")}
METHOD_CHOICES = [SelectChoice(m, METHOD_LABELS[m]) for m in PARTICIPANT_METHODS]
SENTIMENT_CHOICES = [SelectChoice("", lazy_gettext("— not set")), *(SelectChoice(s, SENTIMENT_LABELS[s]) for s in SENTIMENTS)]
SCORE_CHOICES = [SelectChoice("", lazy_gettext("— not rated")), *(SelectChoice(str(n), str(n)) for n in range(1, 6))]
PARTICIPANT_SUGGESTIONS = {"list": "participant-codes", "autocomplete": "off"}
QUOTE_LANGUAGE_CHOICES = [*LANGUAGE_CHOICES, SelectChoice("", lazy_gettext("Other or unknown"))]


def _optional_int(value: Any) -> int | None:
    return None if value in (None, "", "None") else int(value)


def step_choices(journeys) -> list[SelectChoice]:
    return [SelectChoice(s.id, s.title, optgroup=f"{j.title} › {p.title}")
            for j in journeys for p in j.phases for s in p.steps]


def phase_choices(journeys) -> list[SelectChoice]:
    return [SelectChoice(p.id, p.title, optgroup=j.title) for j in journeys for p in j.phases]


def personal_data_labels(*texts: str) -> list[str]:
    """“an e-mail address”, “a phone number”… found in ``texts``, each named once."""
    kinds = {f.kind for text in texts for f in find_personal_data(text or "")}
    return [LABELS[k] for k in LABELS if k in kinds]


class EvidenceForm(Form):
    """What quotes, narratives and jobs share: tags, the steps they support, the version, and
    the answer to the personal-data warning (``mask`` or ``keep``, sent by the button pressed)."""

    PERSONAL_FIELDS: tuple[str, ...] = ()
    personal_findings: list[str] = []

    tags = StringField(lazy_gettext("Tags"), validators=[Length(max=2000)], description=lazy_gettext("Comma-separated, e.g. delivery, price"))
    step_ids = SelectMultipleField(lazy_gettext("Steps it supports"))
    version = HiddenField()
    personal_data = HiddenField()

    def link_choices(self, journeys) -> None:
        self.journeys = journeys
        self.step_ids.choices = step_choices(journeys)

    def personal_data_decision_needed(self) -> bool:
        """True when the text looks like it holds personal data and the user has not yet chosen to
        mask it or keep it; “mask” replaces each finding with [removed] in the form's data."""
        self.personal_findings = personal_data_labels(*(getattr(self, f).data for f in self.PERSONAL_FIELDS))
        if not self.personal_findings or self.personal_data.data == "keep":
            return False
        if self.personal_data.data == "mask":
            for name in self.PERSONAL_FIELDS:
                getattr(self, name).data = mask_personal_data(getattr(self, name).data or "")
            return False
        return True

    def fill_common(self, item) -> None:
        self.tags.data = ", ".join(item.tag_names)
        self.step_ids.data = list(item.step_ids)
        self.version.data = str(item.version)

    def common_values(self) -> dict[str, Any]:
        return {"tags": self.tags.data or "", "step_ids": list(self.step_ids.data or [])}


class QuoteForm(EvidenceForm):
    PERSONAL_FIELDS = ("text",)

    text = TextAreaField(lazy_gettext("The customer's words"), validators=[DataRequired(), Length(max=20_000)],
                         description=lazy_gettext("Verbatim, as one person said it — not a summary or an analysis."))
    participant = StringField(lazy_gettext("Participant"), validators=[Length(max=40)], render_kw=PARTICIPANT_SUGGESTIONS,
                              description=lazy_gettext("Their pseudonymous code, e.g. P07. A new code adds a participant."))
    collected_on = DayField(lazy_gettext("Said on"), validators=[Optional()])
    source = StringField(lazy_gettext("Source"), validators=[Length(max=200)], description=lazy_gettext("e.g. “interview 2026-03-04”"))
    language = SelectField(lazy_gettext("Language"), choices=QUOTE_LANGUAGE_CHOICES, default="")
    sentiment = SelectField(lazy_gettext("Sentiment"), choices=SENTIMENT_CHOICES, default="")

    def fill_from(self, quote) -> None:
        self.text.data, self.source.data, self.language.data = quote.text, quote.source, quote.language
        self.participant.data = quote.participant.code if quote.participant else ""
        self.collected_on.data, self.sentiment.data = quote.collected_on, quote.sentiment or ""
        self.fill_common(quote)

    def values(self) -> dict[str, Any]:
        return {"text": self.text.data or "", "participant": self.participant.data or None,
                "collected_on": self.collected_on.data, "source": self.source.data or "",
                "language": self.language.data or "", "sentiment": self.sentiment.data or None,
                **self.common_values()}


class NarrativeForm(EvidenceForm):
    PERSONAL_FIELDS = ("title", "body")

    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(lazy_gettext("The story"), validators=[Length(max=100_000)],
                         description=lazy_gettext("Markdown: **bold**, *italics*, lists, > quotes, [links](https://…). "
                                     "HTML and scripts are removed when it is shown."))
    participant = StringField(lazy_gettext("Told by"), validators=[Length(max=40)], render_kw=PARTICIPANT_SUGGESTIONS,
                              description=lazy_gettext("The participant's code, e.g. P07. A new code adds a participant."))
    told_on = DayField(lazy_gettext("Told on"), validators=[Optional()])

    def fill_from(self, narrative) -> None:
        self.title.data, self.body.data, self.told_on.data = narrative.title, narrative.body, narrative.told_on
        self.participant.data = narrative.participant.code if narrative.participant else ""
        self.fill_common(narrative)

    def values(self) -> dict[str, Any]:
        return {"title": self.title.data or "", "body": self.body.data or "",
                "participant": self.participant.data or None, "told_on": self.told_on.data,
                **self.common_values()}


class JobForm(EvidenceForm):
    situation = TextAreaField(lazy_gettext("When …"), validators=[DataRequired(), Length(max=20_000)],
                              description=lazy_gettext("The situation, e.g. “my plants look sad after the move”"))
    motivation = TextAreaField(lazy_gettext("I want to …"), validators=[DataRequired(), Length(max=20_000)],
                               description=lazy_gettext("The motivation, e.g. “find out what they need”"))
    outcome = TextAreaField(lazy_gettext("so I can …"), validators=[DataRequired(), Length(max=20_000)],
                            description=lazy_gettext("The outcome, e.g. “keep them alive without an expert”"))
    importance = SelectField(lazy_gettext("Importance (1–5)"), choices=SCORE_CHOICES, coerce=_optional_int, validators=[Optional()])
    satisfaction = SelectField(lazy_gettext("Satisfaction today (1–5)"), choices=SCORE_CHOICES, coerce=_optional_int,
                               validators=[Optional()],
                               description=lazy_gettext("With both set, the opportunity score is "
                                           "importance + max(importance − satisfaction, 0)."))
    phase_ids = SelectMultipleField(lazy_gettext("Phases it belongs to"))

    def link_choices(self, journeys) -> None:
        super().link_choices(journeys)
        self.phase_ids.choices = phase_choices(journeys)

    def fill_from(self, job) -> None:
        for name in ("situation", "motivation", "outcome", "importance", "satisfaction"):
            getattr(self, name).data = getattr(job, name)
        self.phase_ids.data = list(job.phase_ids)
        self.fill_common(job)

    def values(self) -> dict[str, Any]:
        return {"situation": self.situation.data or "", "motivation": self.motivation.data or "",
                "outcome": self.outcome.data or "", "importance": self.importance.data,
                "satisfaction": self.satisfaction.data, "phase_ids": list(self.phase_ids.data or []),
                **self.common_values()}


FORMS = {"quotes": QuoteForm, "narratives": NarrativeForm, "jobs": JobForm}


class ParticipantForm(Form):
    code = StringField(lazy_gettext("Code"), validators=[DataRequired(), Length(max=40)],
                       description=lazy_gettext("Pseudonymous, like P07 — never a name."))
    segment = StringField(lazy_gettext("Segment"), validators=[Length(max=200)], description=lazy_gettext("e.g. first-time plant owner"))
    method = SelectField(lazy_gettext("Method"), choices=METHOD_CHOICES, default="interview")
    interviewed_on = DayField(lazy_gettext("Interviewed on"), validators=[Optional()])
    note = TextAreaField(lazy_gettext("Note"), validators=[Length(max=20_000)],
                         description=lazy_gettext("Context for the team; no names, addresses or other personal data."))
    version = HiddenField()

    def fill_from(self, participant) -> None:
        for name in ("code", "segment", "method", "interviewed_on", "note"):
            getattr(self, name).data = getattr(participant, name)
        self.version.data = str(participant.version)

    def values(self) -> dict[str, Any]:
        return {"code": self.code.data or "", "segment": self.segment.data or "", "method": self.method.data,
                "interviewed_on": self.interviewed_on.data, "note": self.note.data or ""}


class DeleteForm(Form):
    """Deleting evidence or a participant: the confirmation page (``web/confirm.py``) sends ``force=yes``
    with ``confirmed=yes``, so what is in use goes with its links."""

    force = HiddenField()

    @property
    def forced(self) -> bool:
        return self.force.data == "yes"


class MaskForm(Form):
    version = HiddenField()


class LinkForm(Form):
    """From a step: link the ticked items of one kind."""

    item_ids = SelectMultipleField(lazy_gettext("Evidence"), validate_choice=False)


class LinkToStepForm(Form):
    """From the item's side (a search hit): link it to the chosen step, then go back to ``next``."""

    step_id = SelectField(lazy_gettext("Link to step"), validators=[DataRequired("Choose a step to link it to.")])
    next = HiddenField()

    def offer(self, journeys) -> None:
        self.step_id.choices = step_choices(journeys)


class UnlinkForm(Form):
    kind = SelectField(lazy_gettext("Kind"), choices=[SelectChoice(k) for k in FORMS])
    item_id = HiddenField(validators=[DataRequired()])


class TagRenameForm(Form):
    old = HiddenField(validators=[DataRequired()])
    name = StringField(lazy_gettext("New name"), validators=[DataRequired(), Length(max=60)])


class TagMergeForm(Form):
    sources = SelectMultipleField(lazy_gettext("Tags to merge"), validate_choice=False, validators=[DataRequired()])
    into = StringField(lazy_gettext("Merge into"), validators=[DataRequired(), Length(max=60)],
                       description=lazy_gettext("An existing tag, or a new name for the merged one."))


class LibraryFilterForm(Form):
    """The GET form above a library list (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = SearchField(lazy_gettext("Words in the text"), validators=[Length(max=200)],
                    description=lazy_gettext("Every word, anywhere in the text; upper or lower case alike."))
    tag = SelectField(lazy_gettext("Tag"), validate_choice=False)
    participant = SelectField(lazy_gettext("Participant"), validate_choice=False)
    journey = SelectField(lazy_gettext("Journey"), validate_choice=False)
    step = SelectField(lazy_gettext("Step"), validate_choice=False)
    sentiment = SelectField(lazy_gettext("Sentiment"), validate_choice=False)
    date_from = DayField(lazy_gettext("From"), name="from", validators=[Optional()])
    date_to = DayField(lazy_gettext("To"), name="to", validators=[Optional()])

    def offer(self, facets) -> None:
        self.tag.choices = [SelectChoice("", lazy_gettext("Any tag")), *(SelectChoice(n, f"{n} ({c})") for n, c in facets.tags)]
        self.participant.choices = [SelectChoice("", lazy_gettext("Anyone")), *(SelectChoice(c) for c in facets.participants)]
        self.journey.choices = [SelectChoice("", lazy_gettext("Any journey")),
                                *(SelectChoice(j.id, j.title) for j in facets.journeys)]
        self.step.choices = [SelectChoice("", lazy_gettext("Any step")), *step_choices(facets.journeys)]
        self.sentiment.choices = [SelectChoice("", lazy_gettext("Any sentiment")),
                                  *(SelectChoice(s, f"{SENTIMENT_LABELS.get(s, s)} ({c})") for s, c in facets.sentiments)]

    def filters(self) -> dict[str, Any]:
        """The valid, non-empty filters (a date that is not one, or words over 200 characters, are shown
        as an error and ignored)."""
        self.validate()
        values = {"q": None if self.q.errors else (self.q.data or "").strip(), "tag": self.tag.data, "participant": self.participant.data, "journey": self.journey.data,
                  "step": self.step.data, "sentiment": self.sentiment.data,
                  "from": None if self.date_from.errors else self.date_from.data,
                  "to": None if self.date_to.errors else self.date_to.data}
        return {k: v for k, v in values.items() if v}

    def query(self) -> dict[str, str]:
        """The filters as URL parameters, for paging links."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in self.filters().items()}
