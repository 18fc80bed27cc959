"""The workspace home and switcher, and creating a workspace."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from insightrepo.i18n import gettext
from insightrepo.db import current_session
from insightrepo.workspaces import access, members, workspaces
from insightrepo.journeys import journeys
from insightrepo.errors import Conflict, Invalid
from insightrepo.web.account_forms import WorkspaceForm, show_errors
from insightrepo.web.form_flow import attempt
from insightrepo.web.navigation import landing_workspace

bp = Blueprint("workspaces", __name__)


@bp.route("/")
@login_required
def home():
    session = current_session()
    mine = workspaces.list_workspaces(session, current_user)
    waiting = members.my_invitations(session, current_user)
    if not mine:
        return redirect(url_for("workspaces.invitations" if waiting else "workspaces.new"))
    slug = landing_workspace(current_user, {w.id: w.slug for w, _ in mine})
    return redirect(url_for("workspaces.dashboard", slug=slug))


@bp.route("/w/<slug>/")
@login_required
def dashboard(slug: str):
    session = current_session()
    workspace = workspaces.get_workspace(session, current_user, slug)
    member = access.membership(session, current_user, workspace)
    recent = journeys.list_journeys(session, current_user, slug, per_page=8)
    return render_template("workspaces/dashboard.html", workspace=workspace, role=member.role,
                           member_count=len(workspace.memberships), journeys=recent.items)


@bp.route("/workspaces/new", methods=["GET", "POST"])
@login_required
def new():
    form = WorkspaceForm()
    if form.validate_on_submit():
        with attempt(Invalid, Conflict) as outcome:
            workspace = workspaces.create_workspace(current_session(), current_user, form.name.data,
                                                    form.slug.data, form.language.data)
        if outcome.refused:
            show_errors(form, outcome.error)
        else:
            return redirect(url_for("workspaces.dashboard", slug=workspace.slug))
    return render_template("workspaces/new.html", form=form)


@bp.route("/invitations/")
@login_required
def invitations():
    """The open invitations to the signed-in account's email, to accept or decline."""
    session = current_session()
    waiting = members.my_invitations(session, current_user)
    return render_template("workspaces/invitations.html", invitations=waiting)


@bp.route("/invitations/<invitation_id>/accept", methods=["POST"])
@login_required
def accept_invitation(invitation_id: str):
    session = current_session()
    member = members.answer_invitation(session, current_user, invitation_id, accept=True)
    slug, name = member.workspace.slug, member.workspace.name
    flash(gettext("Welcome to %(name)s.", name=name), "success")
    return redirect(url_for("workspaces.dashboard", slug=slug))


@bp.route("/invitations/<invitation_id>/decline", methods=["POST"])
@login_required
def decline_invitation(invitation_id: str):
    session = current_session()
    members.answer_invitation(session, current_user, invitation_id, accept=False)
    flash(gettext("Invitation declined."), "success")
    return redirect(url_for("workspaces.invitations"))
