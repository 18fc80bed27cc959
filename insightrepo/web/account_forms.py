"""HTML forms (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms import validators
from wtforms.validators import DataRequired, ValidationError

from insightrepo.models import ROLES
from insightrepo.models.workspace import LANGUAGES
from insightrepo.errors import ServiceError
from insightrepo.field_checks import TOO_LONG, day_problem
from insightrepo.validation import MIN_PASSWORD_LENGTH



class Length(validators.Length):
    """WTForms' Length without the ``maxlength``/``minlength`` it puts on the field: a browser cuts
    a paste at ``maxlength`` without a word, so a 5 MB quote would be saved as its first 20,000
    characters. The server refuses instead, with a message that names the limit."""

    def __init__(self, min: int = -1, max: int = -1, message: str | None = None):
        if message is None and min == -1:
            message = TOO_LONG
        super().__init__(min=min, max=max, message=message)
        self.field_flags = {}


# SelectChoice, not (value, label) tuples: WTForms 3.3 deprecates tuples (an error under the tests).
ROLE_CHOICES = [SelectChoice(r, r.capitalize()) for r in ROLES]
LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGES.items()]


class DayField(DateField):
    """A date within the range every door accepts (field_checks.day_problem)."""

    def pre_validate(self, form) -> None:
        super().pre_validate(form)
        problem = self.data and day_problem(self.label.text, self.data)
        if problem:
            raise ValidationError(problem)


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField("Keep me signed in on this device")


class WorkspaceForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    slug = StringField("Short name in addresses", validators=[DataRequired(), Length(max=64)],
                       description="Lowercase letters, digits and dashes, e.g. cx-team")
    language = SelectField("Language of your research", choices=LANGUAGE_CHOICES, default="en",
                           description="Used for search: words are matched by their stem in this language.")


class MemberAddForm(FlaskForm):
    # The address itself is checked by workspaces.members (WTForms' Email() needs email_validator).
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="editor")


class MemberRoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    version = HiddenField()


class TokenForm(FlaskForm):
    name = StringField("Token name", validators=[Length(max=120)],
                       description="Where you will use it, e.g. “survey import script”.")


class InvitationForm(FlaskForm):
    display_name = StringField("Your name", validators=[Length(max=120)])
    password = PasswordField("Password", validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1024)],
                             description=f"At least {MIN_PASSWORD_LENGTH} characters.")


def show_errors(form: FlaskForm, error: ServiceError, aliases: dict[str, str] | None = None) -> None:
    """Put a service's field messages (Invalid, or a Conflict naming a field) next to the fields;
    ``aliases`` maps a service field name to the form field that edits it."""
    fields = error.details.get("fields") or {}
    if not fields:
        form.form_errors.append(error.message)
    for name, message in fields.items():
        field = getattr(form, (aliases or {}).get(name, name), None)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)
