"""Experiments in the browser: the board (a column per status), an experiment's page laid out as a
Test Card and a Learning Card with its result chart and verdict, and the forms to log one, add
measurements, move it through its statuses and record what the team learned."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from insightrepo import formats
from insightrepo.db import current_session
from insightrepo.workspaces import access
from insightrepo.experiments import overview, experiments, measurements
from insightrepo.evidence import library_page
from insightrepo.errors import Conflict, Invalid
from insightrepo.experiments.results import GROUP_LABELS, TEST_NAMES, experiment_result
from insightrepo.timeline.change_context import open_changes
from insightrepo.web.experiment_forms import (
    ConfirmForm,
    EvidenceLinkForm,
    ExperimentForm,
    LearningForm,
    MeasurementForm,
    StatusForm,
    VerdictForm,
)
from insightrepo.web.confirm import Affected, confirmation, confirmed
from insightrepo.web.account_forms import show_errors
from insightrepo.web.form_flow import attempt
from insightrepo.web.journey_forms import version_of
from insightrepo.i18n import gettext, lazy_gettext, ngettext
from insightrepo.experiments.result_format import format_interval, format_p, format_value
from insightrepo.web.result_chart import build_result_chart

bp = Blueprint("experiments", __name__)
bp.add_app_template_global(format_value, "format_value")
bp.add_app_template_global(format_interval, "format_interval")
bp.add_app_template_global(format_p, "format_p")

STATUS_DONE = {"running": lambda: gettext("Experiment running."), "concluded": lambda: gettext("Experiment concluded."),
               "abandoned": lambda: gettext("Experiment abandoned."), "draft": lambda: gettext("Experiment saved.")}
# Each sentence whole, for the translations.
RECORDED = {"baseline": lambda: gettext("Baseline measurement recorded."),
            "follow_up": lambda: gettext("Follow-up measurement recorded."),
            "control": lambda: gettext("Control measurement recorded."),
            "variant": lambda: gettext("Variant measurement recorded.")}
DELETE_QUESTIONS = {"baseline": lambda day: gettext("Delete the baseline measurement of %(day)s?", day=day),
                    "follow_up": lambda day: gettext("Delete the follow-up measurement of %(day)s?", day=day),
                    "control": lambda day: gettext("Delete the control measurement of %(day)s?", day=day),
                    "variant": lambda day: gettext("Delete the variant measurement of %(day)s?", day=day)}
STATUS_WORDS = {"running": lazy_gettext("Start"), "concluded": lazy_gettext("Conclude"), "abandoned": lazy_gettext("Abandon")}


@bp.route("/w/<slug>/experiments")
@login_required
def board(slug: str):
    journey_id = request.args.get("journey") or None
    session = current_session()
    page = experiments.list_experiments(session, current_user, slug, {"journey": journey_id}, 1, 1000)
    choices = library_page.form_choices(session, current_user, slug)
    workspace = access.workspace_for(session, current_user, slug)
    return render_template("experiments/board.html", workspace=workspace, journeys=choices.journeys,
                           journey_id=journey_id, columns=overview.board(page.items),
                           results={e.id: experiment_result(e) for e in page.items if e.measurements},
                           badge=overview.badge,
                           can_edit=access.can_edit(session, current_user, workspace))


@bp.route("/w/<slug>/experiments/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    form = ExperimentForm()
    session = current_session()
    workspace = library_page.editable_workspace(session, current_user, slug)
    form.offer(library_page.form_choices(session, current_user, slug).journeys,
               overview.jobs_of(session, workspace.id))
    if request.method == "GET" and request.args.get("step"):
        form.step_ids.data = [request.args["step"]]
    if form.validate_on_submit():
        open_changes(session, current_user, form.why.data)
        with attempt(Invalid) as outcome:
            experiment = experiments.create_experiment(session, current_user, slug, form.values())
        if outcome.refused:
            show_errors(form, _aliases(outcome.error))
        else:
            flash(gettext("Experiment logged as a draft. Add a baseline measurement, then start it."), "success")
            return redirect(url_for("experiments.show", experiment_id=experiment.id))
    return render_template("experiments/form.html", form=form, workspace=workspace, experiment=None)


@bp.route("/experiments/<experiment_id>")
@login_required
def show(experiment_id: str):
    session = current_session()
    return _page(session, experiments.experiment_for(session, current_user, experiment_id))


@bp.route("/experiments/<experiment_id>", methods=["POST"])
@login_required
def act(experiment_id: str):
    """The page's forms (status, verdict, measurement, learning, evidence) post back to the experiment's
    page, named by their ``form`` field: a refused one is shown again, with its messages beside its
    fields, at the experiment's own address (the form's fragment scrolls it into view). The older
    addresses (``/status``, ``/verdict``, ``/measurements``, ``/learning``, ``/evidence``) answer the
    same forms."""
    handler = PAGE_FORMS.get(request.form.get("form", ""))
    if handler is None:
        abort(400, gettext("This form is not one of the experiment page's."))
    return handler(experiment_id)


@bp.route("/experiments/<experiment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(experiment_id: str):
    form = ExperimentForm()
    session = current_session()
    experiment = _editable(session, experiment_id)
    workspace = experiment.workspace
    form.offer(library_page.form_choices(session, current_user, workspace.slug).journeys,
               overview.jobs_of(session, workspace.id))
    if request.method == "GET":
        form.fill_from(experiment)
    conflict = False
    if form.validate_on_submit():
        open_changes(session, current_user, form.why.data)
        with attempt(Invalid, Conflict) as outcome:
            experiments.update_experiment(session, current_user, experiment_id, version_of(form),
                                          form.values(experiment))
        if outcome.refused:
            error = outcome.error
            conflict = isinstance(error, Conflict) and "current_version" in error.details
            show_errors(form, _aliases(error))
            if isinstance(error, Conflict) and not conflict:
                form.form_errors.append(error.message)
            form.version.data = str(experiment.version)
        else:
            flash(gettext("Experiment saved."), "success")
            return redirect(url_for("experiments.show", experiment_id=experiment_id))
    return render_template("experiments/form.html", form=form, workspace=workspace, experiment=experiment,
                           theirs=experiment if conflict else None), 409 if conflict else 200


@bp.route("/experiments/<experiment_id>/status", methods=["POST"])
@login_required
def change_status(experiment_id: str):
    form = StatusForm()
    return _page_form(experiment_id, form, "status_form",
                      lambda session, _: experiments.change_status(session, current_user, experiment_id, form.values()),
                      lambda experiment: STATUS_DONE[experiment.status](), refused=_refused)


@bp.route("/experiments/<experiment_id>/measurements", methods=["POST"])
@login_required
def add_measurement(experiment_id: str):
    form = MeasurementForm()
    return _page_form(experiment_id, form, "measurement_form",
                      lambda session, experiment: measurements.add_measurement(
                          session, current_user, experiment_id, form.values(experiment.metric_kind)),
                      lambda measurement: RECORDED[measurement.group](), refused=_refused, anchor="result",
                      offer=lambda session, experiment: form.offer(experiment,
                                                                   overview.candidate_quotes(session, experiment)))


@bp.route("/measurements/<measurement_id>/delete", methods=["POST"])
@login_required
def delete_measurement(measurement_id: str):
    session = current_session()
    measurement = measurements.measurement_for(session, current_user, measurement_id)
    experiment_id = measurement.experiment_id
    access.authorise(session, current_user, measurement.experiment.workspace, "editor", write=True)
    if not confirmed():
        return confirmation(
            workspace=measurement.experiment.workspace,
            question=DELETE_QUESTIONS[measurement.group](formats.day(measurement.measured_on)),
            action=url_for("experiments.delete_measurement", measurement_id=measurement_id),
            back=url_for("experiments.show", experiment_id=experiment_id, _anchor=f"measurement-{measurement_id}"),
            button=gettext("Delete the measurement"),
            affected=[Affected(ngettext("It is unlinked from the %(num)d quote behind it:",
                                        "It is unlinked from the %(num)d quotes behind it:",
                                        len(measurement.quotes)),
                               [(f"“{q.text[:60]}”", url_for("evidence.show", kind="quotes", item_id=q.id))
                                for q in measurement.quotes])],
            stays=gettext("“%(title)s” no longer counts it in its result; the quotes stay in the library and the change log records the deletion.", title=measurement.experiment.title))
    if ConfirmForm().validate_on_submit():
        with attempt(Conflict) as outcome:
            measurements.delete_measurement(session, current_user, measurement_id)
        flash(outcome.error.message if outcome.refused else gettext("Measurement deleted."),
              "error" if outcome.refused else "success")
    return redirect(url_for("experiments.show", experiment_id=experiment_id))


@bp.route("/experiments/<experiment_id>/learning", methods=["POST"])
@login_required
def learning(experiment_id: str):
    form = LearningForm()
    return _update_from(experiment_id, form, lambda: form.values(), "learning_form",
                        lambda: gettext("The Learning Card is saved."))


@bp.route("/experiments/<experiment_id>/verdict", methods=["POST"])
@login_required
def verdict(experiment_id: str):
    form = VerdictForm()
    return _update_from(experiment_id, form, lambda: {"verdict": form.verdict.data,
                                                      "verdict_reason": form.verdict_reason.data or ""},
                        "verdict_form", lambda: gettext("The verdict is saved."))


@bp.route("/experiments/<experiment_id>/evidence", methods=["POST"])
@login_required
def link_evidence(experiment_id: str):
    form = EvidenceLinkForm()
    return _update_from(experiment_id, form, lambda: {"quote_ids": list(form.quote_ids.data or []),
                                                      "narrative_ids": list(form.narrative_ids.data or [])},
                        "evidence_form", lambda: gettext("The evidence behind this experiment is saved."))


@bp.route("/experiments/<experiment_id>/delete", methods=["GET", "POST"])
@login_required
def delete(experiment_id: str):
    session = current_session()
    experiment = _editable(session, experiment_id)
    slug = experiment.workspace.slug
    if confirmed():
        experiments.delete_experiment(session, current_user, experiment_id)
        flash(gettext("Deleted the experiment “%(title)s” and its measurements.", title=experiment.title), "success")
        return redirect(url_for("experiments.board", slug=slug))
    n = len(experiment.measurements)
    return confirmation(
        workspace=experiment.workspace, question=gettext("Delete the experiment “%(title)s”?", title=experiment.title),
        action=url_for("experiments.delete", experiment_id=experiment_id),
        back=url_for("experiments.show", experiment_id=experiment_id), button=gettext("Delete the experiment"),
        affected=[Affected(ngettext("Its %(num)d measurement goes with it:", "Its %(num)d measurements go with it:",
                                    n), [(f"{GROUP_LABELS[m.group]}, {formats.day(m.measured_on)}", None)
                                         for m in experiment.measurements]),
                  Affected(ngettext("It is unlinked from %(num)d step:", "It is unlinked from %(num)d steps:",
                                    len(experiment.steps)),
                           [(f"{s.title} — {s.phase.journey.title}",
                             url_for("journeys.map_view", journey_id=s.phase.journey_id, _anchor=f"step-{s.id}"))
                            for s in experiment.steps_in_map_order])],
        stays=gettext("The journey steps and the evidence it names stay. The change log keeps a record of the "
              "deletion, and snapshots taken while it ran still show it."))


PAGE_FORMS = {"status": change_status, "verdict": verdict, "measurement": add_measurement, "learning": learning,
              "evidence": link_evidence}


# ---- helpers --------------------------------------------------------------------------------

def _editable(session, experiment_id: str):
    """The experiment for an edit: NotFound to a non-member (as for a read), Forbidden to a viewer."""
    experiment = experiments.experiment_for(session, current_user, experiment_id)
    access.authorise(session, current_user, experiment.workspace, "editor", write=True)
    return experiment


def _refused(form, error, _experiment) -> int:
    """Field messages go beside their fields (422). A refusal of the whole move — the experiment is
    closed, the move is not allowed from where it is now, the page was stale — goes at the top of the
    page (409): the form it came from may no longer be shown (a concluded experiment has neither
    measurement nor status forms)."""
    if isinstance(error, Conflict) and not error.details.get("fields"):
        flash(error.message, "error")
        return 409
    show_errors(form, error)
    return 422


def _kept_beside(form, error, experiment) -> int:
    """These forms stay on the page: the message goes beside them, with the version as it is now."""
    show_errors(form, error)
    form.version.data = str(experiment.version)
    return 409 if isinstance(error, Conflict) else 422


def _update_from(experiment_id: str, form, values, form_name: str, done):
    """A small form on the experiment's page that edits it (learning, verdict, evidence)."""
    return _page_form(experiment_id, form, form_name,
                      lambda session, _: experiments.update_experiment(session, current_user, experiment_id,
                                                                       version_of(form), values()),
                      lambda _: done(), refused=_kept_beside)


def _page_form(experiment_id: str, form, form_name: str, save, done, refused, anchor: str | None = None,
               offer=None):
    """One form of the experiment's page, the one flow they share: ``save(session, experiment)`` in a
    savepoint; saved → back to the page with ``done(saved)`` flashed; refused → the page again with the
    form (as ``form_name``) and the answer's status ``refused(form, error, experiment)`` gives.
    ``offer(session, experiment)`` fills the form's choices first."""
    session = current_session()
    experiment = _editable(session, experiment_id)
    if offer is not None:
        offer(session, experiment)
    status = 422
    if form.validate_on_submit():
        with attempt(Invalid, Conflict) as outcome:
            saved = save(session, experiment)
        if outcome.refused:
            status = refused(form, outcome.error, experiment)
        else:
            flash(done(saved), "success")
            return redirect(url_for("experiments.show", experiment_id=experiment_id, _anchor=anchor))
    return _page(session, experiment, status=status, **{form_name: form})


def _page(session, experiment, status: int = 200, **forms):
    """The experiment's page; ``forms`` are forms sent back with their errors."""
    workspace = experiment.workspace
    result = experiment_result(experiment)
    quotes = overview.candidate_quotes(session, experiment)
    measurement_form = forms.get("measurement_form") or MeasurementForm(formdata=None)
    measurement_form.offer(experiment, quotes)
    learning_form = forms.get("learning_form") or LearningForm(formdata=None)
    if "learning_form" not in forms:
        learning_form.fill_from(experiment)
    evidence_form = forms.get("evidence_form") or EvidenceLinkForm(formdata=None, version=str(experiment.version))
    verdict_form = forms.get("verdict_form") or VerdictForm(
        formdata=None, verdict=experiment.verdict, verdict_reason=experiment.verdict_reason,
        version=str(experiment.version))
    failed = forms.get("status_form")
    status_forms = {target: failed if failed is not None and failed.status.data == target else
                    StatusForm(formdata=None, status=target, verdict=result["suggested_verdict"],
                               version=str(experiment.version))
                    for target in experiments.TRANSITIONS[experiment.status]}
    return render_template(
        "experiments/show.html", experiment=experiment, workspace=workspace, result=result,
        badge=overview.badge, chart=build_result_chart(result, experiment.title), test_names=TEST_NAMES, group_labels=GROUP_LABELS,
        moves=[(target, STATUS_WORDS[target]) for target in status_forms],
        quotes=quotes, narratives=overview.candidate_narratives(session, experiment),
        can_edit=access.can_edit(session, current_user, workspace), measurement_form=measurement_form,
        learning_form=learning_form, evidence_form=evidence_form, verdict_form=verdict_form,
        status_forms=status_forms, failed_status=failed.status.data if failed is not None else None,
        delete_form=ConfirmForm(formdata=None)), status


METRIC_PARTS = {"metric kind": "metric_kind", "metric unit": "metric_unit", "metric direction": "direction"}


def _aliases(error):
    """The service names nested fields "metric"; the form has metric_name, metric_kind … A refused
    change of the metric's kind or the design (measurements exist) also says what to do about it."""
    fields = error.details.get("fields") or {}
    if "metric" in fields:
        message = fields.pop("metric")
        shape = isinstance(error, Conflict)  # only the kind is refused while measurements exist
        fields.setdefault("metric_kind" if shape else next(
            (name for part, name in METRIC_PARTS.items() if message.startswith(part)), "metric_name"), message)
    return error
