"""A step's evidence: the quotes, narratives and jobs that support it and the experiments run on
it, linking existing evidence from the library, and taking one off the step (the item stays in
the library)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from insightrepo.db import transaction
from insightrepo.services import evidence, evidence_links, experiment_overview, experiments, library, steps
from insightrepo.services.evidence import KINDS
from insightrepo.web.evidence_forms import LibraryFilterForm, LinkForm, UnlinkForm

bp = Blueprint("step_evidence", __name__)
PER_PAGE = 25


@bp.route("/steps/<step_id>/evidence")
@login_required
def show(step_id: str):
    with transaction() as session:
        step = steps.step_for(session, current_user, step_id)
        found = evidence.evidence_for_step(session, current_user, step_id)
        workspace = step.phase.journey.workspace
        return render_template("evidence/step.html", step=step, journey=step.phase.journey, workspace=workspace,
                               evidence=found, experiments=experiments.experiments_for_step(session, current_user,
                                                                                            step_id),
                               badge=experiment_overview.badge,
                               can_edit=library.can_edit(session, current_user, workspace),
                               unlink_form=UnlinkForm(formdata=None))


@bp.route("/steps/<step_id>/evidence/link", methods=["GET", "POST"])
@login_required
def link(step_id: str):
    """Pick existing quotes (or narratives, or jobs) from the library, filtered as there."""
    kind = KINDS.get(request.args.get("kind", ""), KINDS["quotes"])
    filters_form, form = LibraryFilterForm(request.args), LinkForm()
    with transaction() as session:
        step = library.editable_step(session, current_user, step_id)
        if form.validate_on_submit():
            count = evidence_links.link_to_step(session, current_user, step_id, kind, form.item_ids.data or [])
            session.commit()
            flash(f"Linked {count} {kind.name if count == 1 else kind.plural} to “{step.title}”.", "success")
            return redirect(url_for("step_evidence.show", step_id=step_id))
        workspace, filters = step.phase.journey.workspace, filters_form.filters()
        page = evidence.list_items(session, current_user, kind, workspace.slug, filters,
                                   max(request.args.get("page", 1, type=int), 1), PER_PAGE)
        filters_form.offer(library.facets(session, current_user, kind, workspace.slug, filters))
        return render_template("evidence/link.html", step=step, journey=step.phase.journey, workspace=workspace,
                               kind=kind, page=page, filters_form=filters_form, form=form,
                               query=filters_form.query(), filtered=bool(filters))


@bp.route("/steps/<step_id>/evidence/unlink", methods=["POST"])
@login_required
def unlink(step_id: str):
    form = UnlinkForm()
    with transaction() as session:
        step = library.editable_step(session, current_user, step_id)
        if form.validate_on_submit():
            kind = KINDS[form.kind.data]
            if evidence_links.unlink_from_step(session, current_user, step_id, kind, form.item_id.data):
                flash(f"Taken off “{step.title}”; it stays in the library.", "success")
        else:
            flash("The form expired or was sent from elsewhere. Please try again.", "error")
    return redirect(url_for("step_evidence.show", step_id=step_id))
