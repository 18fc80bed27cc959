"""Undo and redo on the map page: one button each (a form, so it works without JavaScript;
static/undo.js adds Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y)."""

from __future__ import annotations

from typing import Callable

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
    return _take_back(journey_id, undo.undo_latest, lambda what: gettext("Undone: %(what)s.", what=what))


@bp.route("/journeys/<journey_id>/redo", methods=["POST"])
@login_required
def redo_latest(journey_id: str):
    return _take_back(journey_id, undo.redo_latest, lambda what: gettext("Redone: %(what)s.", what=what))


def _take_back(journey_id: str, operation: Callable, done: Callable[[str], str]):
    """Run the undo or redo; back to the map with what it did, or why nothing changed."""
    with attempt(Conflict) as outcome:
        taken = operation(current_session(), current_user, journey_id)
    if outcome.refused:
        flash(outcome.error.message, "error")
        return redirect(url_for("journeys.map_view", journey_id=journey_id))
    flash(done(taken.summary), "success")
    anchor = f"step-{taken.restored_steps[0]['id']}" if taken.restored_steps else None
    return redirect(url_for("journeys.map_view", journey_id=journey_id, _anchor=anchor))
