"""Editing a journey map from the map view: phases and steps, without JavaScript.

Every change is a form POST that redirects back to the map (anchored at what changed);
a stale edit re-renders the form with the other person's version beside yours."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from insightrepo.db import current_session
from insightrepo.evidence import evidence, library_page
from insightrepo.experiments import experiments
from insightrepo.journeys import phases, steps
from insightrepo.errors import Conflict, Invalid
from insightrepo.timeline.change_context import open_changes
from insightrepo.web.confirm import Affected, confirmation, confirmed
from insightrepo.web.account_forms import show_errors
from insightrepo.web.form_flow import attempt, save_edit
from insightrepo.web.journey_forms import (
    EMOTION_CHOICES,
    MARKER_CHOICES,
    DeletePhaseForm,
    MoveForm,
    PhaseForm,
    QuickScoreForm,
    StepForm,
    version_of,
)
from insightrepo.i18n import gettext, lazy_gettext, ngettext

bp = Blueprint("map_editing", __name__)
STEP_FIELD_ALIASES = {"moment_of_truth": "mot_title", "backstage": "backstage_people"}


def _back_to_map(journey_id: str, anchor: str | None = None):
    return redirect(url_for("journeys.map_view", journey_id=journey_id, _anchor=anchor))


# ---- phases --------------------------------------------------------------------------

@bp.route("/journeys/<journey_id>/phases", methods=["POST"])
@login_required
def add_phase(journey_id: str):
    form = PhaseForm()
    session = current_session()
    journey = library_page.editable_journey(session, current_user, journey_id)
    if form.validate_on_submit():
        with attempt(Invalid) as outcome:
            phase = phases.add_phase(session, current_user, journey_id, form.values())
        if outcome.refused:
            show_errors(form, outcome.error)
        else:
            return _back_to_map(journey_id, f"phase-{phase.id}")
    return render_template("journeys/phase_form.html", form=form, journey=journey, workspace=journey.workspace,
                           phase=None), 422


@bp.route("/phases/<phase_id>/edit", methods=["GET", "POST"])
@login_required
def edit_phase(phase_id: str):
    session = current_session()
    phase = library_page.editable_phase(session, current_user, phase_id)
    form = PhaseForm(obj=phase if request.method == "GET" else None)
    theirs = None
    if form.validate_on_submit():
        open_changes(session, current_user, form.why.data)
        done = save_edit(form, phase, lambda: phases.update_phase(session, current_user, phase_id, version_of(form),
                                                                  form.values()))
        theirs = done.theirs
        if done.saved:
            return _back_to_map(phase.journey_id, f"phase-{phase.id}")
    return render_template("journeys/phase_form.html", form=form, journey=phase.journey, phase=phase,
                           workspace=phase.journey.workspace,
                           delete_form=DeletePhaseForm(formdata=None), theirs=theirs)


@bp.route("/phases/<phase_id>/move", methods=["POST"])
@login_required
def move_phase(phase_id: str):
    form = MoveForm()
    session = current_session()
    phase = library_page.editable_phase(session, current_user, phase_id)
    journey_id = phase.journey_id
    if form.validate_on_submit():
        offset = -1 if form.direction.data == "earlier" else 1
        with attempt(Conflict) as outcome:
            phases.update_phase(session, current_user, phase_id, version_of(form),
                                {"position": max(phase.position + offset, 0)})
        if outcome.refused:
            flash(gettext("Someone changed this phase meanwhile; the map now shows their version."), "error")
    return _back_to_map(journey_id, f"phase-{phase_id}")


@bp.route("/phases/<phase_id>/delete", methods=["POST"])
@login_required
def delete_phase(phase_id: str):
    form = DeletePhaseForm()
    session = current_session()
    phase = library_page.editable_phase(session, current_user, phase_id)
    journey_id, title = phase.journey_id, phase.title
    cascade = bool(form.cascade.data)
    if not confirmed() and (cascade or not phase.steps):
        doomed = phase.steps if cascade else []
        return confirmation(
            workspace=phase.journey.workspace,
            question=(ngettext("Delete the phase “%(title)s” and its %(num)d step?",
                               "Delete the phase “%(title)s” and its %(num)d steps?", len(doomed), title=title)
                      if doomed else gettext("Delete the phase “%(title)s”?", title=title)),
            action=url_for("map_editing.delete_phase", phase_id=phase_id),
            back=url_for("map_editing.edit_phase", phase_id=phase_id), button=gettext("Delete the phase"),
            affected=[Affected(ngettext("This step is deleted with it:", "These steps are deleted with it:",
                                        len(doomed)), [(step.title, None) for step in doomed]),
                      *[group for step in doomed for group in _step_links(session, step.id)]],
            stays=STEP_STAYS if doomed else "", carry={"cascade": "y"} if cascade else None)
    with attempt(Conflict) as outcome:
        phases.delete_phase(session, current_user, phase_id, cascade=cascade)
    if outcome.refused:
        flash(outcome.error.message, "error")
        return redirect(url_for("map_editing.edit_phase", phase_id=phase_id))
    flash(gettext("Phase “%(title)s” deleted.", title=title), "success")
    return _back_to_map(journey_id)


# ---- steps ---------------------------------------------------------------------------

def _phase_choices(journey) -> list[SelectChoice]:
    return [SelectChoice(p.id, f"{p.position + 1}. {p.title}") for p in journey.phases]


@bp.route("/phases/<phase_id>/steps/new", methods=["GET", "POST"])
@login_required
def new_step(phase_id: str):
    session = current_session()
    phase = library_page.editable_phase(session, current_user, phase_id)
    form = StepForm()
    form.phase_id.choices = _phase_choices(phase.journey)
    if request.method == "GET":
        form.phase_id.data = phase.id
    if form.validate_on_submit():
        target = form.phase_id.data or phase.id
        with attempt(Invalid) as outcome:
            step = steps.add_step(session, current_user, target, form.values())
        if outcome.refused:
            show_errors(form, outcome.error, STEP_FIELD_ALIASES)
        else:
            return _back_to_map(phase.journey_id, f"step-{step.id}")
    return render_template("journeys/step_form.html", form=form, journey=phase.journey, step=None, theirs=None,
                           workspace=phase.journey.workspace)


@bp.route("/steps/<step_id>/edit", methods=["GET", "POST"])
@login_required
def edit_step(step_id: str):
    session = current_session()
    step = library_page.editable_step(session, current_user, step_id)
    journey = step.phase.journey
    form = StepForm()
    form.phase_id.choices = _phase_choices(journey)
    if request.method == "GET":
        form.fill_from(step)
    theirs = None
    if form.validate_on_submit():
        changes = form.values()
        if form.phase_id.data != step.phase_id:
            changes["phase_id"] = form.phase_id.data
        open_changes(session, current_user, form.why.data)
        done = save_edit(form, step, lambda: steps.update_step(session, current_user, step_id, version_of(form),
                                                               changes), STEP_FIELD_ALIASES)
        theirs = done.theirs
        if done.saved:
            flash(gettext("Step “%(title)s” saved.", title=step.title), "success")
            return _back_to_map(journey.id, f"step-{step_id}")
    status = 409 if theirs is not None else 200
    return render_template("journeys/step_form.html", form=form, journey=journey, step=step,
                           workspace=journey.workspace,
                           theirs=theirs), status


@bp.route("/steps/<step_id>/score", methods=["POST"])
@login_required
def score_step(step_id: str):
    form = QuickScoreForm()
    session = current_session()
    step = library_page.editable_step(session, current_user, step_id)
    journey_id = step.phase.journey_id
    if form.validate_on_submit():
        with attempt(Invalid, Conflict) as outcome:
            steps.update_step(session, current_user, step_id, version_of(form),
                              {"emotion": form.emotion.data, "marker": form.marker.data or None})
        if isinstance(outcome.error, Conflict):
            flash(gettext("Someone changed “%(title)s” meanwhile; the map now shows their version. "
                          "Set the score again if you still want it.", title=step.title), "error")
        elif outcome.refused:
            flash(gettext("Nothing set for “%(title)s”: %(problems)s", title=step.title,
                          problems=' '.join(outcome.error.fields.values())), "error")
        else:
            emotion = next(c.label for c in EMOTION_CHOICES if c.value == (form.emotion.raw_data or [""])[0])
            marker = next(c.label for c in MARKER_CHOICES if c.value == (form.marker.data or ""))
            flash(gettext("“%(title)s”: emotion %(emotion)s, %(marker)s.", title=step.title, emotion=emotion, marker=marker),
                  "success")
    else:
        problems = [f"{form[name].label.text}: {' '.join(messages)}" for name, messages in form.errors.items()]
        flash(gettext("Nothing set for “%(title)s”: %(problems)s", title=step.title, problems=' '.join(problems)), "error")
    return _back_to_map(journey_id, f"step-{step_id}")


@bp.route("/steps/<step_id>/move", methods=["POST"])
@login_required
def move_step(step_id: str):
    """One place earlier or later in the map; past a phase's edge the step moves to the next phase."""
    form = MoveForm()
    session = current_session()
    step = library_page.editable_step(session, current_user, step_id)
    phase, journey = step.phase, step.phase.journey
    if form.validate_on_submit():
        target = _neighbour_slot(journey, phase, step, form.direction.data)
        if target is not None:
            with attempt(Conflict) as outcome:
                steps.update_step(session, current_user, step_id, version_of(form),
                                  {"phase_id": target[0], "position": target[1]})
            if outcome.refused:
                flash(gettext("Someone changed “%(title)s” meanwhile; the map now shows their version.", title=step.title),
                      "error")
    journey_id = journey.id
    return _back_to_map(journey_id, f"step-{step_id}")


def _neighbour_slot(journey, phase, step, direction: str) -> tuple[str, int] | None:
    index = journey.phases.index(phase)
    if direction == "earlier":
        if step.position > 0:
            return phase.id, step.position - 1
        if index > 0:
            previous = journey.phases[index - 1]
            return previous.id, len(previous.steps)
        return None
    if step.position < len(phase.steps) - 1:
        return phase.id, step.position + 1
    if index < len(journey.phases) - 1:
        return journey.phases[index + 1].id, 0
    return None


@bp.route("/steps/<step_id>/delete", methods=["GET", "POST"])
@login_required
def delete_step(step_id: str):
    session = current_session()
    step = library_page.editable_step(session, current_user, step_id)
    journey_id, title = step.phase.journey_id, step.title
    if not confirmed():
        return confirmation(
            workspace=step.phase.journey.workspace, question=gettext("Delete the step “%(title)s”?", title=title),
            action=url_for("map_editing.delete_step", step_id=step_id),
            back=url_for("map_editing.edit_step", step_id=step_id), button=gettext("Delete the step"),
            affected=_step_links(session, step_id), stays=STEP_STAYS)
    steps.delete_step(session, current_user, step_id)
    flash(gettext("Step “%(title)s” deleted.", title=title), "success")
    return _back_to_map(journey_id)


STEP_STAYS = lazy_gettext("The evidence and the experiments stay, without their link to this step; "
              "the change log records the deletion and snapshots taken before it still show the step. "
              "Undo on the map brings the step back with its links.")


def _step_links(session, step_id: str) -> list[Affected]:
    """What deleting a step unlinks: its evidence, kind by kind, and the experiments aimed at it."""
    found = evidence.evidence_for_step(session, current_user, step_id)
    groups = [Affected(_lose_their_link(kind.plural, len(found[kind.plural])),
                       [(kind.label(item), url_for("evidence.show", kind=kind.plural, item_id=item.id))
                        for item in found[kind.plural]])
              for kind in evidence.KINDS.values()]
    aimed = experiments.experiments_for_step(session, current_user, step_id)
    groups.append(Affected(ngettext("%(num)d experiment no longer targets it:",
                                    "%(num)d experiments no longer target it:", len(aimed)),
                           [(f"“{e.title}”", url_for("experiments.show", experiment_id=e.id)) for e in aimed]))
    return groups


def _lose_their_link(kind: str, count: int) -> str:
    """The heading of one kind's evidence that deleting a step unlinks ("2 quotes lose their link …")."""
    if kind == "quotes":
        return ngettext("%(num)d quote loses its link to this step:", "%(num)d quotes lose their link to this step:", count)
    if kind == "narratives":
        return ngettext("%(num)d narrative loses its link to this step:",
                        "%(num)d narratives lose their link to this step:", count)
    return ngettext("%(num)d job loses its link to this step:", "%(num)d jobs lose their link to this step:", count)
