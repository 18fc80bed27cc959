"""The evidence library in the browser: quotes, narratives and jobs to be done — lists with
filters and counts, a page per item, create/edit forms (with the personal-data warning and stale
versions) and deleting, which asks first on the confirmation page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from insightrepo.db import current_session
from insightrepo.workspaces import access
from insightrepo.evidence import evidence, library_page
from insightrepo.errors import Conflict, Invalid
from insightrepo.evidence.evidence import KINDS
from insightrepo.evidence.markdown_text import render_markdown
from insightrepo.evidence.personal_data import mask_personal_data
from insightrepo.web.evidence_forms import FORMS, DeleteForm, LibraryFilterForm, MaskForm, personal_data_labels
from insightrepo.web.account_forms import show_errors
from insightrepo.web.form_flow import attempt, save_edit
from insightrepo.web.confirm import Affected, confirmation, confirmed
from insightrepo.web.journey_forms import version_of
from insightrepo.web.paging import page_arg
from insightrepo.i18n import gettext, ngettext
from insightrepo.web.vocabulary import EVIDENCE_WORDS

bp = Blueprint("evidence", __name__)

KIND = "<any(quotes, narratives, jobs):kind>"
PER_PAGE = 25
MASKABLE = {"quotes": ("text",), "narratives": ("title", "body")}

bp.add_app_template_filter(render_markdown, "markdown")  # a narrative's body: rendered, then sanitised


@bp.route(f"/w/<slug>/{KIND}")
@login_required
def library_list(slug: str, kind: str):
    form = LibraryFilterForm(request.args)
    page_number = page_arg(request.args)
    session = current_session()
    filters = form.filters()
    page = evidence.list_items(session, current_user, KINDS[kind], slug, filters, page_number, PER_PAGE)
    facets = library_page.facets(session, current_user, KINDS[kind], slug, filters)
    form.offer(facets)
    workspace = access.workspace_for(session, current_user, slug)
    return render_template("evidence/library.html", kind=KINDS[kind], workspace=workspace, page=page,
                           facets=facets, form=form, query=form.query(), filtered=bool(filters),
                           can_edit=access.can_edit(session, current_user, workspace))


@bp.route(f"/w/<slug>/{KIND}/new", methods=["GET", "POST"])
@login_required
def new(slug: str, kind: str):
    form = FORMS[kind]()
    session = current_session()
    workspace = library_page.editable_workspace(session, current_user, slug)
    choices = library_page.form_choices(session, current_user, slug)
    form.link_choices(choices.journeys)
    step_id = request.args.get("step")
    if request.method == "GET":
        form.step_ids.data = [step_id] if step_id else []
        if kind == "quotes":
            form.language.data = workspace.language
    if form.validate_on_submit() and not form.personal_data_decision_needed():
        with attempt(Invalid) as outcome:
            item = evidence.create_item(session, current_user, KINDS[kind], slug, form.values())
        if outcome.refused:
            show_errors(form, outcome.error)
        else:
            flash(EVIDENCE_WORDS[kind]["saved"], "success")
            if step_id in item.step_ids:
                return redirect(url_for("step_evidence.show", step_id=step_id))
            return redirect(url_for("evidence.show", kind=kind, item_id=item.id))
    return render_template("evidence/form.html", form=form, kind=KINDS[kind], workspace=workspace, item=None,
                           participant_codes=choices.participant_codes)


@bp.route(f"/{KIND}/<item_id>")
@login_required
def show(kind: str, item_id: str):
    session = current_session()
    item = evidence.item_for(session, current_user, KINDS[kind], item_id)
    workspace = library_page.workspace_of(session, item)
    return render_template(f"evidence/{KINDS[kind].name}.html", item=item, kind=KINDS[kind], workspace=workspace,
                           can_edit=access.can_edit(session, current_user, workspace),
                           personal_data=personal_data_labels(*_maskable(kind, item)),
                           delete_form=DeleteForm(formdata=None), mask_form=MaskForm(formdata=None))


@bp.route(f"/{KIND}/<item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(kind: str, item_id: str):
    form = FORMS[kind]()
    session = current_session()
    item = library_page.editable_item(session, current_user, KINDS[kind], item_id)
    workspace = library_page.workspace_of(session, item)
    choices = library_page.form_choices(session, current_user, workspace.slug)
    form.link_choices(choices.journeys)
    if request.method == "GET":
        form.fill_from(item)
    theirs = None
    if form.validate_on_submit() and not form.personal_data_decision_needed():
        done = save_edit(form, item, lambda: evidence.update_item(session, current_user, KINDS[kind], item_id,
                                                                  version_of(form), form.values()))
        if done.saved:
            flash(EVIDENCE_WORDS[kind]["saved"], "success")
            return redirect(url_for("evidence.show", kind=kind, item_id=item_id))
        theirs = done.theirs
    return render_template("evidence/form.html", form=form, kind=KINDS[kind], workspace=workspace, item=item,
                           theirs=theirs, participant_codes=choices.participant_codes), 409 if theirs else 200


@bp.route(f"/<any(quotes, narratives):kind>/<item_id>/mask", methods=["POST"])
@login_required
def mask(kind: str, item_id: str):
    """Replace what looks like personal data with [removed], from the item's page."""
    form = MaskForm()
    item = library_page.editable_item(current_session(), current_user, KINDS[kind], item_id)
    if form.validate_on_submit():
        changes = {name: mask_personal_data(getattr(item, name)) for name in MASKABLE[kind]}
        with attempt(Conflict) as outcome:
            evidence.update_item(current_session(), current_user, KINDS[kind], item_id, version_of(form), changes)
        if outcome.refused:
            flash(gettext("Someone changed this meanwhile; check their version and mask again."), "error")
        else:
            flash(gettext("Personal data masked."), "success")
    return redirect(url_for("evidence.show", kind=kind, item_id=item_id))


@bp.route(f"/{KIND}/<item_id>/delete", methods=["GET", "POST"])
@login_required
def delete(kind: str, item_id: str):
    """Deleting asks first, on the confirmation page, which names the steps and phases it unlinks."""
    form = DeleteForm()
    session = current_session()
    item = library_page.editable_item(session, current_user, KINDS[kind], item_id)
    workspace, label = library_page.workspace_of(session, item), KINDS[kind].label(item)
    if confirmed():
        with attempt(Conflict) as outcome:
            evidence.delete_item(session, current_user, KINDS[kind], item_id, force=form.forced)
        if outcome.refused:
            flash(outcome.error.message, "error")
        else:
            flash(gettext("Deleted %(label)s.", label=label), "success")
            return redirect(url_for("evidence.library_list", slug=workspace.slug, kind=kind))
    return confirmation(
        workspace=workspace, question=gettext("Delete %(label)s?", label=label),
        action=url_for("evidence.delete", kind=kind, item_id=item_id),
        back=url_for("evidence.show", kind=kind, item_id=item_id), button=EVIDENCE_WORDS[kind]["delete"],
        affected=_item_links(item, KINDS[kind]), stays=ITEM_STAYS, carry={"force": "yes"})


ITEM_STAYS = ("The steps and phases stay, without this link; the change log records the deletion "
              "and snapshots taken before it still show it.")


def _item_links(item, kind) -> list[Affected]:
    """What deleting a piece of evidence unlinks: the steps (and, for a job, the phases) it supports."""
    linked_steps = sorted(item.steps, key=lambda s: (s.phase.journey.title, s.phase.position, s.position))
    groups = [Affected(ngettext("It is linked to %(num)d step, which loses it:",
                                "It is linked to %(num)d steps, which lose it:", len(linked_steps)),
                       [(step.title, url_for("journeys.map_view", journey_id=step.phase.journey_id,
                                             _anchor=f"step-{step.id}")) for step in linked_steps])]
    if kind.links_phases:
        groups.append(Affected(ngettext("It is linked to %(num)d phase, which loses it:",
                                        "It is linked to %(num)d phases, which lose it:", len(item.phases)),
                               [(phase.title, url_for("journeys.map_view", journey_id=phase.journey_id,
                                                      _anchor=f"phase-{phase.id}")) for phase in item.phases]))
    return groups


def _maskable(kind: str, item) -> list[str]:
    return [getattr(item, name) for name in MASKABLE.get(kind, ())]
