from __future__ import annotations

from wtforms import IntegerField, SelectField
from wtforms.validators import DataRequired, NumberRange, Optional

from insightrepo.i18n import lazy_gettext as _l
from insightrepo.timeline.share_links import DEFAULT_DAYS, MAX_DAYS
from insightrepo.web.account_forms import Form


class ShareLinkForm(Form):
    snapshot_id = SelectField(_l("Snapshot"), validators=[DataRequired()], choices=[],
                              description=_l("The link shows this snapshot's map and curve, read-only."))
    expires_in_days = IntegerField(_l("Expires after (days)"), default=DEFAULT_DAYS,
                                   validators=[Optional(), NumberRange(min=1, max=MAX_DAYS)],
                                   description=_l("From 1 to 365 days; you can revoke it sooner."))
