"""Undo on the map page: one button (a form, so it works without JavaScript; static/undo.js adds Ctrl+Z)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from insightrepo.db import current_session
from insightrepo.errors import Conflict
from insightrepo.i18n import gettext
from insightrepo.timeline import undo
from insightrepo.web.form_flow import attempt

bp = Blueprint("undo", __name__)


@bp.route("/journeys/<journey_id>/undo", methods=["POST"])
@login_required
def undo_latest(journey_id: str):
    with attempt(Conflict) as outcome:
        undone = undo.undo_latest(current_session(), current_user, journey_id)
    if outcome.refused:
        flash(outcome.error.message, "error")
        return redirect(url_for("journeys.map_view", journey_id=journey_id))
    flash(gettext("Undone: %(what)s.", what=undone.summary), "success")
    anchor = f"step-{undone.restored_steps[0]['id']}" if undone.restored_steps else None
    return redirect(url_for("journeys.map_view", journey_id=journey_id, _anchor=anchor))
