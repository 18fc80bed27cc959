"""Undo on the map page: one button (a form, so it works without JavaScript; static/undo.js adds Ctrl+Z)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from insightrepo.db import transaction
from insightrepo.errors import Conflict
from insightrepo.i18n import gettext
from insightrepo.timeline import undo

bp = Blueprint("undo", __name__)


@bp.route("/journeys/<journey_id>/undo", methods=["POST"])
@login_required
def undo_latest(journey_id: str):
    try:
        with transaction() as session:
            undone = undo.undo_latest(session, current_user, journey_id)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for("journeys.map_view", journey_id=journey_id))
    flash(gettext("Undone: %(what)s.", what=undone.summary), "success")
    anchor = f"step-{undone.restored_steps[0]['id']}" if undone.restored_steps else None
    return redirect(url_for("journeys.map_view", journey_id=journey_id, _anchor=anchor))
