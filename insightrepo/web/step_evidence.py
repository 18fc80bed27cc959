"""A step's evidence: the quotes, narratives and jobs that support it and the experiments run on
it, linking existing evidence from the library, and taking one off the step (the item stays in
the library)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from insightrepo.i18n import gettext
from insightrepo.web.vocabulary import evidence_count
from insightrepo.db import current_session
from insightrepo.workspaces import access
from insightrepo.evidence import evidence, step_links, library_page
from insightrepo.experiments import overview, experiments
from insightrepo.journeys import steps
from insightrepo.evidence.evidence import KINDS
from insightrepo.web.auth import safe_next
from insightrepo.web.evidence import KIND
from insightrepo.web.evidence_forms import LibraryFilterForm, LinkForm, LinkToStepForm, UnlinkForm
from insightrepo.web.paging import page_arg

bp = Blueprint("step_evidence", __name__)
PER_PAGE = 25


@bp.route("/steps/<step_id>/evidence")
@login_required
def show(step_id: str):
    session = current_session()
    step = steps.step_for(session, current_user, step_id)
    found = evidence.evidence_for_step(session, current_user, step_id)
    workspace = step.phase.journey.workspace
    return render_template("evidence/step.html", step=step, journey=step.phase.journey, workspace=workspace,
                           evidence=found, experiments=experiments.experiments_for_step(session, current_user,
                                                                                        step_id),
                           badge=overview.badge,
                           can_edit=access.can_edit(session, current_user, workspace),
                           unlink_form=UnlinkForm(formdata=None))


@bp.route("/steps/<step_id>/evidence/link", methods=["GET", "POST"])
@login_required
def link(step_id: str):
    """Pick existing quotes (or narratives, or jobs) from the library, filtered as there."""
    kind = KINDS.get(request.args.get("kind", ""), KINDS["quotes"])
    filters_form, form = LibraryFilterForm(request.args), LinkForm()
    session = current_session()
    step = library_page.editable_step(session, current_user, step_id)
    if form.validate_on_submit():
        count = step_links.link_to_step(session, current_user, step_id, kind, form.item_ids.data or [])
        flash(gettext("Linked to “%(title)s”: %(count)s.", title=step.title, count=evidence_count(kind.plural, count)), "success")
        return redirect(url_for("step_evidence.show", step_id=step_id))
    workspace, filters = step.phase.journey.workspace, filters_form.filters()
    page = evidence.list_items(session, current_user, kind, workspace.slug, filters,
                               page_arg(request.args), PER_PAGE)
    filters_form.offer(library_page.facets(session, current_user, kind, workspace.slug, filters))
    return render_template("evidence/link.html", step=step, journey=step.phase.journey, workspace=workspace,
                           kind=kind, page=page, filters_form=filters_form, form=form,
                           query=filters_form.query(), filtered=bool(filters))


@bp.route(f"/{KIND}/<item_id>/link-to-step", methods=["POST"])
@login_required
def link_item(kind: str, item_id: str):
    """From a search hit: link one item to the step chosen in a plain form (no JavaScript needed)."""
    form = LinkToStepForm()
    session = current_session()
    item = library_page.editable_item(session, current_user, KINDS[kind], item_id)
    workspace = library_page.workspace_of(session, item)
    form.offer(library_page.form_choices(session, current_user, workspace.slug).journeys)
    back = safe_next(form.next.data) if form.next.data else url_for("evidence.show", kind=kind, item_id=item_id)
    if not form.validate_on_submit():
        expired = gettext("The form expired or was sent from elsewhere. Please try again.")
        flash(expired if form.csrf_token.errors else " ".join(form.step_id.errors), "error")
        return redirect(back)
    step = steps.step_for(session, current_user, form.step_id.data)
    count = step_links.link_to_step(session, current_user, step.id, KINDS[kind], [item.id])
    label = KINDS[kind].label(item)
    flash(gettext("Linked %(item)s to “%(step)s”.", item=label, step=step.title) if count else
          gettext("%(item)s already supports “%(step)s”.", item=label, step=step.title), "success")
    return redirect(back)


@bp.route("/steps/<step_id>/evidence/unlink", methods=["POST"])
@login_required
def unlink(step_id: str):
    form = UnlinkForm()
    session = current_session()
    step = library_page.editable_step(session, current_user, step_id)
    if form.validate_on_submit():
        kind = KINDS[form.kind.data]
        if step_links.unlink_from_step(session, current_user, step_id, kind, form.item_id.data):
            flash(gettext("Taken off “%(title)s”; it stays in the library.", title=step.title), "success")
    else:
        flash(gettext("The form expired or was sent from elsewhere. Please try again."), "error")
    return redirect(url_for("step_evidence.show", step_id=step_id))
