"""The timeline pages: a journey's snapshots, a read-only snapshot, compare, and history."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from insightrepo.i18n import gettext
from insightrepo.db import current_session
from insightrepo.workspaces import access
from insightrepo.journeys import journeys
from insightrepo.errors import Invalid
from insightrepo.experiments.overview import badge
from insightrepo.field_checks import WHY_LIMIT, too_long
from insightrepo.journeys.map_health import check_health
from insightrepo.timeline import change_history, restore, snapshots
from insightrepo.timeline.change_context import open_changes
from insightrepo.timeline.comparison import LIVE
from insightrepo.timeline.compare_page import NotComparable, compare_page
from insightrepo.web.emotion_curve import build_curve, build_overlay, columns, sparkline
from insightrepo.web.account_forms import show_errors
from insightrepo.web.form_flow import attempt
from insightrepo.timeline.frozen_map import frozen_journey
from insightrepo.web.paging import page_arg
from insightrepo.web.timeline_forms import SnapshotForm

bp = Blueprint("timeline", __name__)


@bp.route("/journeys/<journey_id>/timeline", methods=["GET", "POST"])
@login_required
def index(journey_id: str):
    form = SnapshotForm()
    session = current_session()
    journey = journeys.get_journey(session, current_user, journey_id)
    if form.validate_on_submit():
        with attempt(Invalid) as outcome:
            taken = snapshots.take_snapshot(session, current_user, journey_id, form.values())
        if outcome.refused:
            show_errors(form, outcome.error)
        else:
            flash(gettext("Snapshot “%(label)s” taken.", label=taken.snapshot.label) if taken.created else
                  gettext("The map has not changed since the latest snapshot of that date; it stands."), "success")
            return redirect(url_for("timeline.index", journey_id=journey_id))
    elif request.method == "GET":
        form.as_of.data = date.today()
    timeline = snapshots.list_snapshots(session, current_user, journey_id)
    entries = [(s, sparkline(frozen_journey(snapshots.frozen_map(session, s))), _of_the_day(timeline, s))
               for s in timeline]
    return render_template("timeline/index.html", journey=journey, workspace=journey.workspace,
                           entries=list(reversed(entries)), live_sparkline=sparkline(journey), form=form,
                           can_edit=access.can_edit(session, current_user, journey.workspace))


@bp.route("/snapshots/<snapshot_id>")
@login_required
def show(snapshot_id: str):
    session = current_session()
    snapshot = snapshots.snapshot_for(session, current_user, snapshot_id)
    frozen = frozen_journey(snapshots.frozen_map(session, snapshot))
    return render_template(
        "journeys/map.html", journey=frozen, workspace=snapshot.journey.workspace, snapshot=snapshot,
        columns=columns(frozen), curve=build_curve(frozen), findings=check_health(frozen), can_edit=False,
        can_restore=access.can_edit(session, current_user, snapshot.journey.workspace), emotion_choices=[], marker_choices=[])


@bp.route("/snapshots/<snapshot_id>/restore", methods=["POST"])
@login_required
def restore_snapshot(snapshot_id: str):
    session = current_session()
    snapshots.snapshot_for(session, current_user, snapshot_id)  # a read first: 404 to another workspace
    why = request.form.get("why") or ""
    if problem := too_long(why, WHY_LIMIT):
        flash(gettext("Nothing restored. Why restore: %(problem)s", problem=problem[0].lower() + problem[1:]), "error")
        return redirect(url_for("timeline.show", snapshot_id=snapshot_id))
    open_changes(session, current_user, why)
    journey, safety = restore.restore_snapshot(session, current_user, snapshot_id)
    journey_id = journey.id
    flash(gettext("The live map now equals the snapshot. Its previous state was saved as a snapshot first.")
          if safety else gettext("The live map now equals the snapshot."), "success")
    return redirect(url_for("journeys.map_view", journey_id=journey_id))


@bp.route("/journeys/<journey_id>/compare")
@login_required
def compare(journey_id: str):
    page = compare_page(current_session(), current_user, journey_id, request.args.get("from") or "",
                        request.args.get("to") or LIVE, request.args.getlist("s"))
    if isinstance(page, NotComparable):
        flash(page.message, "error")
        return redirect(url_for("timeline.index", journey_id=journey_id))
    return render_template(
        "timeline/compare.html", journey=page.journey, workspace=page.journey.workspace, diff=page.diff,
        window=page.window, timeline=page.timeline, in_between=page.in_between, other_experiments=page.other_experiments,
        badge=badge, can_log=page.can_log, source=page.source, target=page.target,
        overlay=build_overlay(page.maps), to_map=page.to_map, columns=columns(page.to_map),
        curve=build_curve(page.to_map), changed=page.changed, grouped=page.grouped,
        can_edit=False, findings=[], emotion_choices=[], marker_choices=[])


@bp.route("/journeys/<journey_id>/history")
@login_required
def history(journey_id: str):
    page = page_arg(request.args)
    filters = {k: request.args.get(k) for k in ("actor", "entity") if request.args.get(k)}
    session = current_session()
    journey = journeys.get_journey(session, current_user, journey_id)
    changes = change_history.list_changes(session, current_user, journey_id, filters, page, 50)
    return render_template("timeline/history.html", journey=journey, workspace=journey.workspace,
                           changes=changes, filters=filters)


@bp.route("/steps/<step_id>/history")
@login_required
def step_history(step_id: str):
    session = current_session()
    life = change_history.step_life(session, current_user, step_id)
    journey = journeys.get_journey(session, current_user, life["journey_id"])
    return render_template("timeline/step_history.html", journey=journey, workspace=journey.workspace,
                           life=life)


def _of_the_day(timeline, snapshot) -> str:
    """"2 of 3" when several snapshots share the date (the timeline's order: as_of, then taken)."""
    same_day = [s.id for s in timeline if s.as_of == snapshot.as_of]
    return gettext("%(nth)d of %(count)d", nth=same_day.index(snapshot.id) + 1, count=len(same_day)) if len(same_day) > 1 else ""
