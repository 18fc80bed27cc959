"""Journey list, create/edit, the map view and the emotion curve as SVG."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from insightrepo.i18n import gettext
from insightrepo.db import current_session
from insightrepo.workspaces import access, workspaces
from insightrepo.journeys import journeys
from insightrepo.evidence import library_page
from insightrepo.errors import Conflict, Invalid
from insightrepo.experiments.overview import badges_for_steps
from insightrepo.journeys.map_evidence import map_evidence
from insightrepo.journeys.map_health import check_health
from insightrepo.journeys.map_view import LANES, ZOOMS, save_view, view_of
from insightrepo.accounts.api_tokens import user_for_authorization
from insightrepo.timeline.change_context import open_changes
from insightrepo.web.emotion_curve import ZOOM_WIDTHS, build_curve, columns, xml_safe
from insightrepo.web.account_forms import show_errors
from insightrepo.i18n import gettext
from insightrepo.web.form_flow import attempt
from insightrepo.web.journey_forms import (
    EMOTION_CHOICES,
    MARKER_CHOICES,
    JourneyForm,
    PhaseForm,
    version_of,
)

bp = Blueprint("journeys", __name__)

CURVE_CSP = "default-src 'none'; frame-ancestors 'self'"


@bp.route("/w/<slug>/journeys")
@login_required
def index(slug: str):
    archived = request.args.get("archived") == "true"
    session = current_session()
    workspace = workspaces.get_workspace(session, current_user, slug)
    page = journeys.list_journeys(session, current_user, slug, archived=archived, per_page=500)
    role = access.membership(session, current_user, workspace).role
    return render_template("journeys/index.html", workspace=workspace, journeys=page.items,
                           total=page.total, archived=archived, can_edit=role != "viewer")


@bp.route("/w/<slug>/journeys/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    form = JourneyForm()
    session = current_session()
    workspace = library_page.editable_workspace(session, current_user, slug)
    if form.validate_on_submit():
        with attempt(Invalid) as outcome:
            journey = journeys.create_journey(session, current_user, slug, form.values())
        if outcome.refused:
            show_errors(form, outcome.error)
        else:
            return redirect(url_for("journeys.map_view", journey_id=journey.id))
    return render_template("journeys/form.html", form=form, workspace=workspace, journey=None)


@bp.route("/journeys/<journey_id>")
@login_required
def map_view(journey_id: str):
    session = current_session()
    journey = journeys.get_journey(session, current_user, journey_id)
    evidence = map_evidence(session, journey)
    view = view_of(current_user)
    can_edit = access.can_edit(session, current_user, journey.workspace)
    return render_template(
        "journeys/map.html", journey=journey, workspace=journey.workspace, columns=columns(journey),
        curve=build_curve(journey, column_width=ZOOM_WIDTHS[view.zoom]), findings=check_health(journey, evidence),
        evidence=evidence, experiment_badges=badges_for_steps(session, [s.id for s in journey.steps]),
        can_edit=can_edit, editing=can_edit and view.editing, view=view, lanes=LANES, zooms=ZOOMS,
        phase_form=PhaseForm(formdata=None), emotion_choices=EMOTION_CHOICES, marker_choices=MARKER_CHOICES)


@bp.route("/journeys/<journey_id>/view", methods=["POST"])
@login_required
def map_settings(journey_id: str):
    """The reader's own settings for maps: edit mode (the Edit toggle), zoom, hidden lanes.
    A viewer may zoom and hide lanes; edit mode never shows them edit controls."""
    form = request.form
    changes: dict = {}
    if "editing" in form:
        changes["editing"] = {"on": True, "off": False}.get(form["editing"], form["editing"])
    if "zoom" in form:
        changes["zoom"] = form["zoom"]
        changes["hidden"] = [lane for lane in LANES if lane not in form.getlist("lanes")]
    session = current_session()
    journeys.get_journey(session, current_user, journey_id)  # a member's map, or 404
    with attempt(Invalid) as outcome:
        save_view(session, current_user, changes)
    if outcome.refused:
        flash(gettext("Nothing changed: %(problems)s", problems=" ".join(outcome.error.fields.values())), "error")
        return redirect(url_for("journeys.map_view", journey_id=journey_id)), 303
    return redirect(url_for("journeys.map_view", journey_id=journey_id, _anchor="map"))


@bp.route("/journeys/<journey_id>/edit", methods=["GET", "POST"])
@login_required
def edit(journey_id: str):
    session = current_session()
    journey = library_page.editable_journey(session, current_user, journey_id)
    form = JourneyForm(obj=journey if request.method == "GET" else None)
    if form.validate_on_submit():
        open_changes(session, current_user, form.why.data)
        with attempt(Invalid, Conflict) as outcome:
            journeys.update_journey(session, current_user, journey_id, version_of(form), form.values())
        if outcome.refused:
            show_errors(form, outcome.error)
            form.version.data = str(journey.version)
        else:
            flash(gettext("Journey saved."), "success")
            return redirect(url_for("journeys.map_view", journey_id=journey_id))
    return render_template("journeys/form.html", form=form, workspace=journey.workspace, journey=journey)


@bp.route("/journeys/<journey_id>/curve.svg")
def curve_svg(journey_id: str):
    """The emotion curve on its own: for the browser session or an API token."""
    session = current_session()
    journey = journeys.get_journey(session, session_or_token_user(session), journey_id)
    svg = xml_safe(render_template("journeys/_curve.svg", curve=build_curve(journey, standalone=True),
                                   standalone=True, prefix="curve"))
    return svg, 200, {"Content-Type": "image/svg+xml; charset=utf-8", "Content-Security-Policy": CURVE_CSP}


def session_or_token_user(session):
    """Who reads a picture of the map (curve.svg, the exports): the API token's user when an
    Authorization header is sent (401 if it is not a live token), else the signed-in user."""
    header = request.headers.get("Authorization", "")
    if header:
        user = user_for_authorization(session, header)
        if user is None:
            abort(401)
        return user
    if current_user.is_authenticated:
        return current_user
    abort(401)
