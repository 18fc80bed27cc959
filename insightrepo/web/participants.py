"""Participants in the browser: the list (with how often each is quoted), a page each, the
form, and deleting — which asks first when their words are in the library."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from insightrepo.db import transaction
from insightrepo.workspaces import access
from insightrepo.evidence import evidence, library_page, participants
from insightrepo.errors import Conflict, Invalid
from insightrepo.evidence.evidence import NARRATIVES, QUOTES
from insightrepo.web.evidence_forms import METHOD_CHOICES, DeleteForm, ParticipantForm
from insightrepo.web.account_forms import show_errors
from insightrepo.web.journey_forms import version_of
from insightrepo.web.paging import page_arg

bp = Blueprint("participants", __name__)
PER_PAGE = 50


@bp.route("/w/<slug>/participants")
@login_required
def index(slug: str):
    method = request.args.get("method", "")
    page_number = page_arg(request.args)
    with transaction() as session:
        workspace = access.workspace_for(session, current_user, slug)
        page = participants.list_participants(session, current_user, slug, {"method": method}, page_number, PER_PAGE)
        counts = library_page.evidence_by_participant(session, [p.id for p in page.items])
        return render_template("evidence/participants.html", workspace=workspace, page=page, counts=counts,
                               method=method, methods=METHOD_CHOICES,
                               can_edit=library_page.can_edit(session, current_user, workspace))


@bp.route("/w/<slug>/participants/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    form = ParticipantForm()
    with transaction() as session:
        workspace = library_page.editable_workspace(session, current_user, slug)
        if form.validate_on_submit():
            try:
                participant = participants.create_participant(session, current_user, slug, form.values())
            except (Invalid, Conflict) as error:
                session.rollback()
                show_errors(form, error)
            else:
                session.commit()
                flash(f"Participant {participant.code} added.", "success")
                return redirect(url_for("participants.show", participant_id=participant.id))
        return render_template("evidence/participant_form.html", form=form, workspace=workspace, participant=None)


@bp.route("/participants/<participant_id>")
@login_required
def show(participant_id: str):
    with transaction() as session:
        participant = participants.participant_for(session, current_user, participant_id)
        slug, filters = participant.workspace.slug, {"participant": participant.code}
        quotes = evidence.list_items(session, current_user, QUOTES, slug, filters, 1, 50)
        narratives = evidence.list_items(session, current_user, NARRATIVES, slug, filters, 1, 50)
        return render_template("evidence/participant.html", participant=participant, workspace=participant.workspace,
                               quotes=quotes, narratives=narratives, delete_form=DeleteForm(formdata=None),
                               can_edit=library_page.can_edit(session, current_user, participant.workspace))


@bp.route("/participants/<participant_id>/edit", methods=["GET", "POST"])
@login_required
def edit(participant_id: str):
    form = ParticipantForm()
    with transaction() as session:
        participant = library_page.editable_participant(session, current_user, participant_id)
        if request.method == "GET":
            form.fill_from(participant)
        theirs = None
        if form.validate_on_submit():
            try:
                participants.update_participant(session, current_user, participant_id, version_of(form), form.values())
            except Conflict as error:
                session.rollback()
                if "current_version" in error.details:
                    theirs = participant
                    form.version.data = str(participant.version)
                else:
                    show_errors(form, error)
            except Invalid as error:
                session.rollback()
                show_errors(form, error)
            else:
                session.commit()
                flash(f"Participant {participant.code} saved.", "success")
                return redirect(url_for("participants.show", participant_id=participant_id))
        return render_template("evidence/participant_form.html", form=form, workspace=participant.workspace,
                               participant=participant, theirs=theirs), 409 if theirs else 200


@bp.route("/participants/<participant_id>/delete", methods=["GET", "POST"])
@login_required
def delete(participant_id: str):
    """A participant who is quoted is deleted only after the confirmation page."""
    form = DeleteForm()
    with transaction() as session:
        participant = library_page.editable_participant(session, current_user, participant_id)
        workspace, code = participant.workspace, participant.code
        status = 400 if request.method == "POST" else 200
        if form.validate_on_submit():
            try:
                participants.delete_participant(session, current_user, participant_id, force=form.forced)
            except Conflict:
                session.rollback()
                status = 409
            else:
                session.commit()
                flash(f"Participant {code} deleted.", "success")
                return redirect(url_for("participants.index", slug=workspace.slug))
        return render_template("evidence/participant_delete.html", participant=participant, workspace=workspace,
                               form=form, quoted=participants.evidence_count(session, participant)), status
