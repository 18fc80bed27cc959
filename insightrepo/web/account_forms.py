"""HTML forms (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DecimalField, EmailField, HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms import validators
from wtforms.widgets import TextInput
from wtforms.validators import DataRequired, ValidationError

from insightrepo import formats
from insightrepo.models.workspace import LANGUAGES
from insightrepo.errors import ServiceError
from insightrepo.field_checks import TOO_LONG, day_problem
from insightrepo.field_checks import MIN_PASSWORD_LENGTH
from insightrepo.i18n import FORM_TRANSLATIONS, LOCALE_NAMES, gettext, lazy_gettext, ngettext



class Form(FlaskForm):
    """Every page's form: Flask-WTF's (CSRF), with WTForms' own messages in the reader's language
    from the app's catalogs (WTForms ships none for Danish, and its others do not use our glossary)."""

    class Meta:
        def get_translations(self, form):
            return FORM_TRANSLATIONS


def _wtforms_messages() -> tuple[str, ...]:
    """Never called: WTForms' messages that the app's fields and validators can show, written here so
    that the catalogs' extraction (scripts/translations.sh) finds them and the catalog tests ask for
    every language's words."""
    return (gettext("This field is required."), gettext("Invalid email address."), gettext("Not a valid choice."),
            gettext("Invalid Choice: could not coerce."), gettext("Not a valid integer value."),
            gettext("Not a valid decimal value."), gettext("Not a valid date value."),
            gettext("Invalid choice(s): one or more data inputs could not be coerced."),
            gettext("Number must be at least %(min)s."), gettext("Number must be at most %(max)s."),
            gettext("Number must be between %(min)s and %(max)s."),
            gettext("Field must be between %(min)d and %(max)d characters long."),
            ngettext("'%(value)s' is not a valid choice for this field.",
                     "'%(value)s' are not valid choices for this field.", 1),
            ngettext("Field must be at least %(min)d character long.",
                     "Field must be at least %(min)d characters long.", 1))


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
ROLE_CHOICES = [SelectChoice("viewer", lazy_gettext("Viewer")), SelectChoice("editor", lazy_gettext("Editor")),
                SelectChoice("admin", lazy_gettext("Admin"))]
LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGES.items()]


class NumberField(DecimalField):
    """A decimal number typed into a text input with the interface language's decimal sign
    (insightrepo.formats.parse_decimal: ``0,5`` or ``0.5`` in sv/da/nb/fi) and shown back in it. A
    browser's own number input follows the browser's locale, not the page's: in an English browser it
    drops a Swedish ``0,5`` and sends nothing."""

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {}).update(inputmode="decimal", autocomplete="off")
        kwargs.setdefault("places", None)
        super().__init__(*args, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return formats.decimal_input(self.data)

    def process_formdata(self, valuelist) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = formats.parse_decimal(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(gettext("Enter a number, like 3 or 0.5."))


class DayField(DateField):
    """A date within the range every door accepts (field_checks.day_problem), typed as ISO 8601 or
    in the interface language's numeric form (insightrepo.formats.parse_day) into a text input:
    a browser's own date input would show its own locale's order (mm/dd/yyyy in a US browser)."""

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {}).update(inputmode="numeric", autocomplete="off")
        super().__init__(*args, **kwargs)

    def __call__(self, **kwargs):
        kwargs.setdefault("placeholder", formats.day_hint())
        return super().__call__(**kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return formats.day_input(self.data) if self.data else ""

    def process_formdata(self, valuelist) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = formats.parse_day(valuelist[0])
        except ValueError:
            self.data = None
            example = formats.day_input(date(2026, 12, 7))
            if example == "2026-12-07":
                raise ValueError(gettext("Not a date: write it as %(iso)s.", iso=example))
            raise ValueError(gettext("Not a date: write it as %(iso)s or %(local)s.", iso="2026-12-07", local=example))

    def pre_validate(self, form) -> None:
        problem = self.data and day_problem(self.label.text, self.data)
        if problem:
            raise ValidationError(problem)


class LoginForm(Form):
    email = EmailField(lazy_gettext("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField(lazy_gettext("Keep me signed in on this device"))


class WorkspaceForm(Form):
    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(lazy_gettext("Short name in addresses"), validators=[DataRequired(), Length(max=64)],
                       description=lazy_gettext("Lowercase letters, digits and dashes, e.g. cx-team"))
    language = SelectField(lazy_gettext("Language of your research"), choices=LANGUAGE_CHOICES, default="en",
                           description=lazy_gettext("Used for search: words are matched by their stem in this language."))


class MemberAddForm(Form):
    # The address itself is checked by workspaces.members (WTForms' Email() needs email_validator).
    email = EmailField(lazy_gettext("Email"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(lazy_gettext("Role"), choices=ROLE_CHOICES, default="editor")


class MemberRoleForm(Form):
    role = SelectField(lazy_gettext("Role"), choices=ROLE_CHOICES)
    version = HiddenField()


class TokenForm(Form):
    name = StringField(lazy_gettext("Token name"), validators=[Length(max=120)],
                       description=lazy_gettext("Where you will use it, e.g. “survey import script”."))


class InvitationForm(Form):
    display_name = StringField(lazy_gettext("Your name"), validators=[Length(max=120)])
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1024)],
                             description=lazy_gettext("At least %(num)d characters.", num=MIN_PASSWORD_LENGTH))


def show_errors(form: FlaskForm, error: ServiceError, aliases: dict[str, str] | None = None) -> None:
    """Put a service's field messages (Invalid, or a Conflict naming a field) next to the fields;
    ``aliases`` maps a service field name to the form field that edits it."""
    fields = error.details.get("fields") or {}
    if not fields:
        form.form_errors.append(error.message)
    for name, message in fields.items():
        field = getattr(form, (aliases or {}).get(name, name), None)
        if field is not None and field.type != "HiddenField":
            field.errors = [*field.errors, message]
        else:  # a hidden field (the version) shows no message of its own: above the form, then
            form.form_errors.append(message)


class ProfileForm(Form):
    # validate_choice=False: the service's check is the one that refuses another value, in the reader's words
    locale = SelectField(lazy_gettext("Language of the interface"), default="", validate_choice=False,
                         description=lazy_gettext("The language of menus, buttons and messages. Your workspaces' "
                                                  "content keeps its own language."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: the first choice's words are in the reader's language.
        self.locale.choices = [SelectChoice("", gettext("The browser's language")),
                               *(SelectChoice(code, name) for code, name in LOCALE_NAMES.items())]
