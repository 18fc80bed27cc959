"""Share links: the journey's list (editors create and revoke), and the read-only page a link opens
for someone without an account — the snapshot's map and curve, nothing else of the workspace."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from insightrepo.db import current_session
from insightrepo.request_transaction import writes_on_read
from insightrepo.errors import Invalid
from insightrepo.i18n import gettext
from insightrepo.web.form_flow import attempt
from insightrepo.journeys import journeys
from insightrepo.timeline import share_links, snapshots
from insightrepo.timeline.frozen_map import frozen_journey
from insightrepo.web.account_forms import show_errors
from insightrepo.web.emotion_curve import build_curve, columns
from insightrepo.web.sharing_forms import ShareLinkForm

bp = Blueprint("sharing", __name__)

# What a shared page answers with: kept out of search engines, browser caches and history,
# and the address (the token) never leaves in a Referer header.
SHARED_HEADERS = {"X-Robots-Tag": "noindex, nofollow, noarchive", "Referrer-Policy": "no-referrer",
                  "Cache-Control": "no-store"}


@bp.before_app_request
def _share_tokens_open_nothing_else():
    """A share token opens its snapshot's page and nothing else: any other page asked for with one
    (in the query string or as a bearer token) answers 404, as it would to a guess."""
    if request.endpoint == "sharing.shared_map":
        return None
    try:
        carried = any(value.startswith(share_links.TOKEN_PREFIX) for value in request.args.values())
    except (UnicodeError, ValueError):
        carried = False
    header = request.headers.get("Authorization", "")
    if carried or header.split(" ")[-1].startswith(share_links.TOKEN_PREFIX):
        abort(404)
    return None


@bp.after_request
def _shared_headers(response):
    if request.path.startswith("/shared/"):
        response.headers.update(SHARED_HEADERS)
    return response


@bp.route("/shared/<token>")
@writes_on_read  # each visit is logged
def shared_map(token: str):
    session = current_session()
    snapshot = share_links.open_shared(session, token, "map")
    frozen = frozen_journey(snapshots.frozen_map(session, snapshot))
    return render_template("sharing/shared_map.html", journey=frozen, snapshot=snapshot, columns=columns(frozen),
                           curve=build_curve(frozen), language=snapshot.journey.workspace.language)


@bp.route("/shared/<token>/<path:rest>")
def shared_elsewhere(token: str, rest: str):
    """Nothing lies under a shared page: no live map, no library, no search."""
    abort(404)


@bp.route("/journeys/<journey_id>/share-links", methods=["GET", "POST"])
@login_required
def index(journey_id: str):
    session = current_session()
    journey = journeys.get_journey(session, current_user, journey_id)
    listed = share_links.list_share_links(session, current_user, journey_id)  # editors and admins only
    timeline = list(reversed(snapshots.list_snapshots(session, current_user, journey_id)))
    form = ShareLinkForm()
    form.snapshot_id.choices = [(s.id, f"{s.label} ({s.as_of.isoformat()})") for s in timeline]
    if request.args.get("snapshot") and request.method == "GET":
        form.snapshot_id.data = request.args["snapshot"]
    created_url, status = None, 200
    if request.method == "POST":
        if form.validate_on_submit():
            with attempt(Invalid) as outcome:
                created = share_links.create_share_link(session, current_user, form.snapshot_id.data,
                                                        form.expires_in_days.data)
            if outcome.refused:
                show_errors(form, outcome.error)
                status = 422
            else:
                created_url = url_for("sharing.shared_map", token=created.token, _external=True)
                listed = share_links.list_share_links(session, current_user, journey_id)
        else:
            status = 422
    accesses = share_links.recent_accesses(session, current_user, journey_id)
    return render_template("sharing/index.html", journey=journey, workspace=journey.workspace, links=listed,
                           form=form, created_url=created_url, accesses=accesses,
                           has_snapshots=bool(timeline)), status


@bp.route("/share-links/<link_id>/revoke", methods=["POST"])
@login_required
def revoke(link_id: str):
    session = current_session()  # CSRFProtect has checked the form's token
    link = share_links.revoke_share_link(session, current_user, link_id)
    journey_id = link.journey_id
    flash(gettext("The share link is revoked: it opens nothing any more."), "success")
    return redirect(url_for("sharing.index", journey_id=journey_id))
