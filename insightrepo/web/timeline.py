"""The timeline pages: a journey's snapshots, a read-only snapshot, compare, and history."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from insightrepo.i18n import gettext
from insightrepo.db import transaction
from insightrepo.workspaces import access
from insightrepo.journeys import journeys
from insightrepo.errors import Invalid, NotFound
from insightrepo.experiments.overview import badge
from insightrepo.field_checks import WHY_LIMIT, too_long
from insightrepo.journeys.map_health import check_health
from insightrepo.timeline import change_history, comparison, restore, snapshots
from insightrepo.timeline.change_context import open_changes
from insightrepo.timeline.comparison import LIVE
from insightrepo.web.emotion_curve import build_curve, build_overlay, columns, sparkline
from insightrepo.web.account_forms import show_errors
from insightrepo.timeline.frozen_map import frozen_journey
from insightrepo.web.paging import page_arg
from insightrepo.web.timeline_forms import SnapshotForm

bp = Blueprint("timeline", __name__)
MAX_OVERLAY = 5


def _can_edit(session, journey) -> bool:
    return access.membership(session, current_user, journey.workspace).role != "viewer"


@bp.route("/journeys/<journey_id>/timeline", methods=["GET", "POST"])
@login_required
def index(journey_id: str):
    form = SnapshotForm()
    with transaction() as session:
        journey = journeys.get_journey(session, current_user, journey_id)
        if form.validate_on_submit():
            try:
                taken = snapshots.take_snapshot(session, current_user, journey_id, form.values())
            except Invalid as error:
                show_errors(form, error)
            else:
                session.commit()
                flash(f"Snapshot “{taken.snapshot.label}” taken." if taken.created else
                      "The map has not changed since the latest snapshot of that date; it stands.", "success")
                return redirect(url_for("timeline.index", journey_id=journey_id))
        elif request.method == "GET":
            form.as_of.data = date.today()
        timeline = snapshots.list_snapshots(session, current_user, journey_id)
        entries = [(s, sparkline(frozen_journey(snapshots.frozen_map(session, s))), _of_the_day(timeline, s))
                   for s in timeline]
        return render_template("timeline/index.html", journey=journey, workspace=journey.workspace,
                               entries=list(reversed(entries)), live_sparkline=sparkline(journey), form=form,
                               can_edit=_can_edit(session, journey))


@bp.route("/snapshots/<snapshot_id>")
@login_required
def show(snapshot_id: str):
    with transaction() as session:
        snapshot = snapshots.snapshot_for(session, current_user, snapshot_id)
        frozen = frozen_journey(snapshots.frozen_map(session, snapshot))
        return render_template(
            "journeys/map.html", journey=frozen, workspace=snapshot.journey.workspace, snapshot=snapshot,
            columns=columns(frozen), curve=build_curve(frozen), findings=check_health(frozen), can_edit=False,
            can_restore=_can_edit(session, snapshot.journey), emotion_choices=[], marker_choices=[])


@bp.route("/snapshots/<snapshot_id>/restore", methods=["POST"])
@login_required
def restore_snapshot(snapshot_id: str):
    with transaction() as session:
        snapshots.snapshot_for(session, current_user, snapshot_id)  # a read first: 404 to another workspace
        why = request.form.get("why") or ""
        if problem := too_long(why, WHY_LIMIT):
            flash(gettext("Nothing restored. Why restore: %(problem)s", problem=problem[0].lower() + problem[1:]), "error")
            return redirect(url_for("timeline.show", snapshot_id=snapshot_id))
        open_changes(session, current_user, why)
        journey, safety = restore.restore_snapshot(session, current_user, snapshot_id)
        journey_id = journey.id
    flash("The live map now equals the snapshot." +
          (" Its previous state was saved as a snapshot first." if safety else ""), "success")
    return redirect(url_for("journeys.map_view", journey_id=journey_id))


@bp.route("/journeys/<journey_id>/compare")
@login_required
def compare(journey_id: str):
    refs = [r for r in request.args.getlist("s") if r][:MAX_OVERLAY]
    source, target = request.args.get("from") or "", request.args.get("to") or LIVE
    with transaction() as session:
        journey = journeys.get_journey(session, current_user, journey_id)
        timeline = snapshots.list_snapshots(session, current_user, journey_id)
        if not source:
            source = timeline[-1].id if timeline else LIVE
        try:
            found = comparison.comparison(session, current_user, source, target, journey_id)
        except (NotFound, Invalid) as error:
            flash(error.message if isinstance(error, NotFound) else "Pick two snapshots of this journey.", "error")
            return redirect(url_for("timeline.index", journey_id=journey_id))
        maps = [(_label(session, ref, timeline), _frozen_or_live(session, ref, journey))
                for ref in _overlay_refs(refs, source, target)]
        to_map = maps[-1][1]
        diff = found.diff
        changed = {s["id"]: s for s in diff["steps"]}
        return render_template(
            "timeline/compare.html", journey=journey, workspace=journey.workspace, diff=diff, timeline=timeline,
            in_between=[item for item in found.in_between if item.changed_steps],
            other_experiments=[item for item in found.in_between if not item.changed_steps],
            badge=badge, can_log=_can_edit(session, journey),
            source=source, target=target, overlay=build_overlay(maps), to_map=to_map, columns=columns(to_map),
            curve=build_curve(to_map), changed=changed, grouped=_group_by_phase(diff, to_map, maps[0][1]),
            can_edit=False, findings=[], emotion_choices=[], marker_choices=[])


@bp.route("/journeys/<journey_id>/history")
@login_required
def history(journey_id: str):
    page = page_arg(request.args)
    filters = {k: request.args.get(k) for k in ("actor", "entity") if request.args.get(k)}
    with transaction() as session:
        journey = journeys.get_journey(session, current_user, journey_id)
        changes = change_history.list_changes(session, current_user, journey_id, filters, page, 50)
        return render_template("timeline/history.html", journey=journey, workspace=journey.workspace,
                               changes=changes, filters=filters)


@bp.route("/steps/<step_id>/history")
@login_required
def step_history(step_id: str):
    with transaction() as session:
        life = change_history.step_life(session, current_user, step_id)
        journey = journeys.get_journey(session, current_user, life["journey_id"])
        return render_template("timeline/step_history.html", journey=journey, workspace=journey.workspace,
                               life=life)


def _of_the_day(timeline, snapshot) -> str:
    """"2 of 3" when several snapshots share the date (the timeline's order: as_of, then taken)."""
    same_day = [s.id for s in timeline if s.as_of == snapshot.as_of]
    return gettext("%(nth)d of %(count)d", nth=same_day.index(snapshot.id) + 1, count=len(same_day)) if len(same_day) > 1 else ""


def _overlay_refs(refs: list[str], source: str, target: str) -> list[str]:
    """The curves to draw: `from` first, the extra ticked ones, `to` last (the highlighted one)."""
    extras = [r for r in dict.fromkeys(refs) if r not in (source, target)]
    return [source, *extras[:MAX_OVERLAY - 2], target]


def _label(session, ref: str, timeline) -> str:
    if ref == LIVE:
        return "Live map"
    snapshot = next((s for s in timeline if s.id == ref), None)
    return f"{snapshot.as_of:%Y-%m-%d} {snapshot.label}" if snapshot else ref


def _frozen_or_live(session, ref: str, journey):
    if ref == LIVE:
        return journey
    return frozen_journey(snapshots.frozen_map(session, snapshots.snapshot_for(session, current_user, ref)))


def _group_by_phase(diff: dict, to_map, from_map) -> list[tuple[str, list[dict]]]:
    """The change list, grouped by the phase a step is in (or was in, when removed)."""
    titles = {p.id: p.title for p in from_map.phases} | {p.id: p.title for p in to_map.phases}
    groups: dict[str, list[dict]] = {}
    for step in diff["steps"]:
        phase_id = step["to_phase_id"] or step["from_phase_id"]
        groups.setdefault(titles.get(phase_id, "—"), []).append(step)
    order = [p.title for p in to_map.phases] + [t for t in groups if t not in {p.title for p in to_map.phases}]
    return [(title, groups[title]) for title in order if title in groups]


