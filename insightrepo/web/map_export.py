"""A journey map leaving the app: as PNG and PDF, its curve as PNG, and present mode.

Every route reads the map the map page shows — the live map, or with ``?snapshot=ID`` one of its
snapshots, frozen — with the same access rule (a viewer may; anyone else gets 404). The pictures
also take an API token, like curve.svg."""

from __future__ import annotations

import io
from types import SimpleNamespace

from flask import Blueprint, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from insightrepo.db import current_session
from insightrepo.errors import Invalid, NotFound
from insightrepo.evidence.evidence import evidence_for_step
from insightrepo.i18n import gettext as _, in_language
from insightrepo.journeys import journeys
from insightrepo.timeline import snapshots
from insightrepo.timeline.frozen_map import frozen_journey
from insightrepo.web.emotion_curve import COLUMN_WIDTH, build_curve
from insightrepo.web.journeys import session_or_token_user
from insightrepo.web.map_pdf import PAPERS, map_pdf
from insightrepo.web.map_picture import lay_out
from insightrepo.web.map_png import curve_png, map_png

bp = Blueprint("map_export", __name__)


def _map_of(session, user, journey_id: str):
    """The live journey, or the snapshot ``?snapshot=`` names (of this journey) read back frozen."""
    journey = journeys.get_journey(session, user, journey_id)
    snapshot_id = request.args.get("snapshot")
    if not snapshot_id:
        return journey, None
    snapshot = snapshots.snapshot_for(session, user, snapshot_id)
    if snapshot.journey_id != journey.id:
        raise NotFound(_("No such snapshot."))
    return frozen_journey(snapshots.frozen_map(session, snapshot)), snapshot


def _workspace(journey, snapshot):
    """The workspace a map belongs to (a snapshot's frozen journey carries none of its own)."""
    return (snapshot.journey if snapshot else journey).workspace


def _download(data: bytes, mimetype: str, journey, snapshot, suffix: str, attachment: bool = True):
    name = " ".join(journey.title.replace("/", " ").replace("\\", " ").split())[:80] or "journey"
    if snapshot is not None:
        name += f" ({snapshot.as_of.isoformat()})"
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=attachment,
                     download_name=f"{name}.{suffix}", max_age=0)


@bp.route("/journeys/<journey_id>/export.png")
def export_png(journey_id: str):
    session = current_session()
    journey, snapshot = _map_of(session, session_or_token_user(session), journey_id)
    with in_language(_workspace(journey, snapshot).language):
        data = map_png(lay_out(journey, snapshot))
    return _download(data, "image/png", journey, snapshot, "png")


@bp.route("/journeys/<journey_id>/export.pdf")
def export_pdf(journey_id: str):
    paper = request.args.get("paper", "a4").lower()
    if paper not in PAPERS:
        raise Invalid({"paper": _("Choose a4 or a3.")}, _("The paper is A4 or A3 (paper=a4 or paper=a3)."))
    session = current_session()
    journey, snapshot = _map_of(session, session_or_token_user(session), journey_id)
    with in_language(_workspace(journey, snapshot).language):
        data = map_pdf(lay_out(journey, snapshot), paper)
    return _download(data, "application/pdf", journey, snapshot, "pdf")


@bp.route("/journeys/<journey_id>/curve.png")
def curve_as_png(journey_id: str):
    session = current_session()
    journey, snapshot = _map_of(session, session_or_token_user(session), journey_id)
    with in_language(_workspace(journey, snapshot).language):
        data = curve_png(build_curve(journey, standalone=True))
    return _download(data, "image/png", journey, snapshot, "png", attachment=False)


@bp.route("/journeys/<journey_id>/present")
@login_required
def present(journey_id: str):
    """One phase at a time (``?phase=N``, from 1) or the whole map (``?phase=all``); ``?step=ID``
    picks the step whose quotes stand beside the curve."""
    session = current_session()
    journey, snapshot = _map_of(session, current_user, journey_id)
    slide = _slide(journey, request.args.get("phase", "1"))
    steps = [step for phase in slide.phases for step in phase.steps]
    step = next((s for s in steps if s.id == request.args.get("step")), steps[0] if steps else None)
    quotes = _quotes(session, step, snapshot)
    first = 1 + sum(len(p.steps) for p in journey.phases[:slide.start])
    return render_template(
        "journeys/present.html", journey=journey, snapshot=snapshot, slide=slide, steps=steps,
        workspace=_workspace(journey, snapshot),
        step=step, first=first, quotes=quotes,
        curve=_large_curve(journey, slide.phases, first),
        link=lambda **args: url_for("map_export.present", journey_id=journey_id,
                                    snapshot=snapshot.id if snapshot else None, **args))


def _large_curve(journey, phases, first: int):
    """The curve of ``phases`` for a screen: about 1,100 px wide, 300 px from +2 to −2."""
    count = sum(max(len(p.steps), 1) for p in phases) or 1
    return build_curve(SimpleNamespace(title=journey.title, phases=phases), standalone=True, first_number=first,
                       column_width=min(COLUMN_WIDTH * 1.25, max(64.0, 1100 / count)), plot_height=300)


def _slide(journey, phase: str) -> SimpleNamespace:
    count = len(journey.phases)
    if phase == "all" or count == 0:
        return SimpleNamespace(number=None, count=count, start=0, phases=list(journey.phases),
                               previous=count or None, next=1 if count else None)
    if not phase.isdigit() or not 1 <= int(phase) <= count:
        raise NotFound(_("This map has no phase %(phase)s.", phase=phase[:20]))
    number = int(phase)
    return SimpleNamespace(number=number, count=count, start=number - 1, phases=[journey.phases[number - 1]],
                           previous=number - 1 if number > 1 else None, next=number + 1 if number < count else None)


def _quotes(session, step, snapshot) -> list[dict]:
    if step is None:
        return []
    if snapshot is not None:
        return list((step.evidence or {}).get("quotes") or [])
    return [{"id": q.id, "text": q.text, "participant": q.participant.code if q.participant else None,
             "collected_on": q.collected_on, "language": q.language}
            for q in evidence_for_step(session, current_user, step.id)["quotes"]]
