"""Forms of the CSV import page: the upload, then which column holds which field."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectChoice, SelectField, SubmitField

from insightrepo.i18n import gettext, lazy_gettext
from insightrepo.models.workspace import LANGUAGES
from insightrepo.web.account_forms import Form, LANGUAGE_CHOICES

FIELD_LABELS = {
    "text": lazy_gettext("Quote text"), "participant": lazy_gettext("Participant code"), "date": lazy_gettext("Date collected"), "tags": lazy_gettext("Tags"),
    "sentiment": lazy_gettext("Sentiment"), "source": lazy_gettext("Source"), "language": lazy_gettext("Language"),
}
FIELD_HELP = {
    "text": lazy_gettext("Required. Rows with an empty text are refused unless you skip them below."),
    "participant": lazy_gettext("A pseudonymous code such as P07; new codes become participants."),
    "date": lazy_gettext("ISO dates: 2026-03-04 (a date-time like 2026-03-04 14:30 keeps its date)."),
    "tags": lazy_gettext("Several tags in one cell are separated by commas."),
    "sentiment": lazy_gettext("positive, negative, neutral, mixed or empty."),
    "source": lazy_gettext("Where the words come from, e.g. “interview 2026-03-04”."),
    "language": lazy_gettext("A language code such as sv or en; empty means the workspace's language."),
}
NOT_IMPORTED = ""


class UploadForm(Form):
    file = FileField(lazy_gettext("CSV file"), validators=[FileRequired("Choose a CSV file to upload.")],
                     description=lazy_gettext("UTF-8 (Excel: “CSV UTF-8”), separated by commas, semicolons or tabs, "
                                 "with the column names on the first line."))


class MappingForm(Form):
    text = SelectField(FIELD_LABELS["text"], description=FIELD_HELP["text"])
    participant = SelectField(FIELD_LABELS["participant"], description=FIELD_HELP["participant"])
    date = SelectField(FIELD_LABELS["date"], description=FIELD_HELP["date"])
    tags = SelectField(FIELD_LABELS["tags"], description=FIELD_HELP["tags"])
    sentiment = SelectField(FIELD_LABELS["sentiment"], description=FIELD_HELP["sentiment"])
    source = SelectField(FIELD_LABELS["source"], description=FIELD_HELP["source"])
    language = SelectField(FIELD_LABELS["language"], description=FIELD_HELP["language"])
    file_language = SelectField(lazy_gettext("Language of the quotes"), default="",
                                description=lazy_gettext("For every row without a language of its own (a language column "
                                            "wins). Nothing is guessed from the text."))
    skip_empty = BooleanField(lazy_gettext("Skip rows without text (they are counted, not imported)"))
    mask_personal_data = BooleanField(lazy_gettext("Mask what looks like personal data (e-mail addresses, phone and "
                                      "personal identity numbers become “[removed]”)"))
    check = SubmitField(lazy_gettext("Check without importing"))
    run = SubmitField(lazy_gettext("Import"))

    def offer_columns(self, headers: list[str], guessed: dict[str, str]) -> None:
        """Every named column is a choice for every field; ``guessed`` preselects on a first visit."""
        names = list(dict.fromkeys(h for h in headers if h))
        for name in FIELD_LABELS:
            select = getattr(self, name)
            select.choices = [SelectChoice(NOT_IMPORTED, lazy_gettext("— not imported")), *(SelectChoice(h, h) for h in names)]
            if select.data is None:
                select.data = guessed.get(name, NOT_IMPORTED)

    def offer_languages(self, workspace_language: str) -> None:
        name = LANGUAGES.get(workspace_language, workspace_language)
        self.file_language.choices = [SelectChoice("", gettext("The workspace's language (%(name)s)", name=name)), *LANGUAGE_CHOICES]

    def mapping(self) -> dict[str, str]:
        return {name: getattr(self, name).data for name in FIELD_LABELS if getattr(self, name).data}
