from __future__ import annotations

from typing import Any

from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from insightrepo.i18n import lazy_gettext
from insightrepo.web.account_forms import Form, Length

from insightrepo.web.account_forms import DayField


class SnapshotForm(Form):
    label = StringField(lazy_gettext("Label"), validators=[DataRequired(), Length(max=200)],
                        description=lazy_gettext("What this moment is, e.g. “After 12 interviews”."))
    as_of = DayField(lazy_gettext("The map describes"), validators=[Optional()],
                      description=lazy_gettext("Today, or an earlier date when you enter an old map."))
    note = TextAreaField(lazy_gettext("Note"), validators=[Length(max=20_000)])

    def values(self) -> dict[str, Any]:
        return {"label": self.label.data or "", "as_of": self.as_of.data, "note": self.note.data or ""}
