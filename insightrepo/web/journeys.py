"""Journey list, create/edit, the map view and the emotion curve as SVG."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from insightrepo.i18n import gettext
from insightrepo.db import transaction
from insightrepo.workspaces import access, workspaces
from insightrepo.journeys import journeys
from insightrepo.evidence import library_page
from insightrepo.errors import Conflict, Invalid
from insightrepo.experiments.overview import badges_for_steps
from insightrepo.journeys.map_evidence import map_evidence
from insightrepo.journeys.map_health import check_health
from insightrepo.accounts.api_tokens import user_for_authorization
from insightrepo.timeline.change_context import open_changes
from insightrepo.web.emotion_curve import build_curve, columns, xml_safe
from insightrepo.web.account_forms import show_errors
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
    with transaction() as session:
        workspace = workspaces.get_workspace(session, current_user, slug)
        page = journeys.list_journeys(session, current_user, slug, archived=archived, per_page=500)
        role = access.membership(session, current_user, workspace).role
        return render_template("journeys/index.html", workspace=workspace, journeys=page.items,
                               total=page.total, archived=archived, can_edit=role != "viewer")


@bp.route("/w/<slug>/journeys/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    form = JourneyForm()
    with transaction() as session:
        workspace = library_page.editable_workspace(session, current_user, slug)
        if form.validate_on_submit():
            try:
                journey = journeys.create_journey(session, current_user, slug, form.values())
            except Invalid as error:
                show_errors(form, error)
            else:
                session.commit()
                return redirect(url_for("journeys.map_view", journey_id=journey.id))
        return render_template("journeys/form.html", form=form, workspace=workspace, journey=None)


@bp.route("/journeys/<journey_id>")
@login_required
def map_view(journey_id: str):
    with transaction() as session:
        journey = journeys.get_journey(session, current_user, journey_id)
        evidence = map_evidence(session, journey)
        role = access.membership(session, current_user, journey.workspace).role
        return render_template(
            "journeys/map.html", journey=journey, workspace=journey.workspace, columns=columns(journey),
            curve=build_curve(journey), findings=check_health(journey, evidence), evidence=evidence,
            experiment_badges=badges_for_steps(session, [s.id for s in journey.steps]), can_edit=role != "viewer",
            phase_form=PhaseForm(formdata=None), emotion_choices=EMOTION_CHOICES, marker_choices=MARKER_CHOICES)


@bp.route("/journeys/<journey_id>/edit", methods=["GET", "POST"])
@login_required
def edit(journey_id: str):
    with transaction() as session:
        journey = library_page.editable_journey(session, current_user, journey_id)
        form = JourneyForm(obj=journey if request.method == "GET" else None)
        if form.validate_on_submit():
            open_changes(session, current_user, form.why.data)
            try:
                journeys.update_journey(session, current_user, journey_id, version_of(form), form.values())
            except (Invalid, Conflict) as error:
                show_errors(form, error)
                form.version.data = str(journey.version)
            else:
                session.commit()
                flash(gettext("Journey saved."), "success")
                return redirect(url_for("journeys.map_view", journey_id=journey_id))
        return render_template("journeys/form.html", form=form, workspace=journey.workspace, journey=journey)


@bp.route("/journeys/<journey_id>/curve.svg")
def curve_svg(journey_id: str):
    """The emotion curve on its own: for the browser session or an API token."""
    with transaction() as session:
        journey = journeys.get_journey(session, _session_or_token_user(session), journey_id)
        svg = xml_safe(render_template("journeys/_curve.svg", curve=build_curve(journey, standalone=True),
                                       standalone=True, prefix="curve"))
    return svg, 200, {"Content-Type": "image/svg+xml; charset=utf-8", "Content-Security-Policy": CURVE_CSP}


def _session_or_token_user(session):
    header = request.headers.get("Authorization", "")
    if header:
        user = user_for_authorization(session, header)
        if user is None:
            abort(401)
        return user
    if current_user.is_authenticated:
        return current_user
    abort(401)
