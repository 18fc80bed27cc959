"""Participants in the browser: the list (with how often each is quoted), a page each, the
form, and deleting — which asks first, naming their words in the library."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from insightrepo.db import current_session
from insightrepo.workspaces import access
from insightrepo.evidence import evidence, library_page, participants
from insightrepo.errors import Conflict, Invalid
from insightrepo.evidence.evidence import NARRATIVES, QUOTES
from insightrepo.web.evidence_forms import METHOD_CHOICES, DeleteForm, ParticipantForm
from insightrepo.web.account_forms import show_errors
from insightrepo.web.form_flow import attempt, save_edit
from insightrepo.web.confirm import Affected, confirmation, confirmed
from insightrepo.web.journey_forms import version_of
from insightrepo.web.paging import page_arg
from insightrepo.i18n import gettext, lazy_gettext, ngettext

bp = Blueprint("participants", __name__)
PER_PAGE = 50


@bp.route("/w/<slug>/participants")
@login_required
def index(slug: str):
    method = request.args.get("method", "")
    page_number = page_arg(request.args)
    session = current_session()
    workspace = access.workspace_for(session, current_user, slug)
    page = participants.list_participants(session, current_user, slug, {"method": method}, page_number, PER_PAGE)
    counts = library_page.evidence_by_participant(session, [p.id for p in page.items])
    return render_template("evidence/participants.html", workspace=workspace, page=page, counts=counts,
                           method=method, methods=METHOD_CHOICES,
                           can_edit=access.can_edit(session, current_user, workspace))


@bp.route("/w/<slug>/participants/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    form = ParticipantForm()
    session = current_session()
    workspace = library_page.editable_workspace(session, current_user, slug)
    if form.validate_on_submit():
        with attempt(Invalid, Conflict) as outcome:
            participant = participants.create_participant(session, current_user, slug, form.values())
        if outcome.refused:
            show_errors(form, outcome.error)
        else:
            flash(gettext("Participant %(code)s added.", code=participant.code), "success")
            return redirect(url_for("participants.show", participant_id=participant.id))
    return render_template("evidence/participant_form.html", form=form, workspace=workspace, participant=None)


@bp.route("/participants/<participant_id>")
@login_required
def show(participant_id: str):
    session = current_session()
    participant = participants.participant_for(session, current_user, participant_id)
    slug, filters = participant.workspace.slug, {"participant": participant.code}
    quotes = evidence.list_items(session, current_user, QUOTES, slug, filters, 1, 50)
    narratives = evidence.list_items(session, current_user, NARRATIVES, slug, filters, 1, 50)
    return render_template("evidence/participant.html", participant=participant, workspace=participant.workspace,
                           quotes=quotes, narratives=narratives, delete_form=DeleteForm(formdata=None),
                           can_edit=access.can_edit(session, current_user, participant.workspace))


@bp.route("/participants/<participant_id>/edit", methods=["GET", "POST"])
@login_required
def edit(participant_id: str):
    form = ParticipantForm()
    session = current_session()
    participant = library_page.editable_participant(session, current_user, participant_id)
    if request.method == "GET":
        form.fill_from(participant)
    theirs = None
    if form.validate_on_submit():
        done = save_edit(form, participant, lambda: participants.update_participant(
            session, current_user, participant_id, version_of(form), form.values()))
        if done.saved:
            flash(gettext("Participant %(code)s saved.", code=participant.code), "success")
            return redirect(url_for("participants.show", participant_id=participant_id))
        theirs = done.theirs
    return render_template("evidence/participant_form.html", form=form, workspace=participant.workspace,
                           participant=participant, theirs=theirs), 409 if theirs else 200


@bp.route("/participants/<participant_id>/delete", methods=["GET", "POST"])
@login_required
def delete(participant_id: str):
    """Deleting asks first, on the confirmation page, which names the words left unattributed."""
    form = DeleteForm()
    session = current_session()
    participant = library_page.editable_participant(session, current_user, participant_id)
    workspace, code = participant.workspace, participant.code
    if confirmed():
        with attempt(Conflict) as outcome:
            participants.delete_participant(session, current_user, participant_id, force=form.forced)
        if outcome.refused:
            flash(outcome.error.message, "error")
        else:
            flash(gettext("Participant %(code)s deleted.", code=code), "success")
            return redirect(url_for("participants.index", slug=workspace.slug))
    return confirmation(
        workspace=workspace, question=gettext("Delete participant %(code)s?", code=code),
        action=url_for("participants.delete", participant_id=participant_id),
        back=url_for("participants.show", participant_id=participant_id), button=gettext("Delete %(code)s", code=code),
        affected=[_quoted(session, participant)], stays=PARTICIPANT_STAYS, carry={"force": "yes"})


PARTICIPANT_STAYS = lazy_gettext("Their quotes and narratives stay in the library, without attribution.")
SHOWN = 50


def _quoted(session, participant) -> Affected:
    """Their words in the library, which lose who said them: every one is counted, the first shown."""
    slug, filters = participant.workspace.slug, {"participant": participant.code}
    found = [(kind, evidence.list_items(session, current_user, kind, slug, filters, 1, SHOWN))
             for kind in (QUOTES, NARRATIVES)]
    total = participants.evidence_count(session, participant)
    items = [(kind.label(item), url_for("evidence.show", kind=kind.plural, item_id=item.id))
             for kind, page in found for item in page.items]
    if total > len(items):
        items.append((f"… and {total - len(items)} more", None))
    return Affected(ngettext("%(code)s is quoted %(num)d time; these stay, unattributed:",
                             "%(code)s is quoted %(num)d times; these stay, unattributed:", total,
                             code=participant.code), items)
