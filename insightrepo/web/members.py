"""The members page: admins add, invite, change roles and remove; everyone sees who is in.
Removing, leaving and withdrawing an invitation ask first on the confirmation page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from insightrepo.i18n import gettext
from insightrepo.config import current_settings
from insightrepo.db import current_session
from insightrepo.models import ROLES
from insightrepo.workspaces import access, members
from insightrepo.errors import Conflict, Invalid
from insightrepo.web.account_forms import MemberAddForm, MemberRoleForm, show_errors
from insightrepo.web.confirm import Affected, confirmation, confirmed
from insightrepo.web.form_flow import attempt
from insightrepo.web.vocabulary import ROLE_NAMES

bp = Blueprint("members", __name__, url_prefix="/w/<slug>/members")


def _page(slug: str, add_form: MemberAddForm, invitation_url: str | None = None, status: int = 200):
    session = current_session()
    workspace, rows = members.list_members(session, current_user, slug)
    me = access.membership(session, current_user, workspace)
    invitations = members.pending_invitations(session, current_user, slug) if me.role == "admin" else []
    return render_template(
        "members/index.html", workspace=workspace, members=rows, me=me, invitations=invitations,
        add_form=add_form, roles=ROLES,
        invitation_url=invitation_url,
    ), status


@bp.route("/", methods=["GET"])
@login_required
def index(slug: str):
    return _page(slug, MemberAddForm())


@bp.route("/", methods=["POST"])
@login_required
def add(slug: str):
    form = MemberAddForm()
    if not form.validate_on_submit():
        return _page(slug, form, status=422)
    days = current_settings().invitation_days
    session = current_session()
    access.workspace_for(session, current_user, slug)  # 404 to another workspace, as its pages
    with attempt(Invalid, Conflict) as outcome:
        added = members.add_member(session, current_user, slug, form.email.data, form.role.data, days)
    if outcome.refused:
        show_errors(form, outcome.error)
        return _page(slug, form, status=422)
    # always an invitation: the page is the same for any email
    url = url_for("auth.accept_invitation", secret=added.invitation_secret, _external=True)
    return _page(slug, MemberAddForm(formdata=None), invitation_url=url, status=201)


@bp.route("/<user_id>/role", methods=["POST"])
@login_required
def change_role(slug: str, user_id: str):
    form = MemberRoleForm()
    if form.validate_on_submit():
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        access.workspace_for(current_session(), current_user, slug)
        with attempt(Conflict, Invalid) as outcome:
            members.change_role(current_session(), current_user, slug, user_id, form.role.data, version)
        flash(outcome.error.message if outcome.refused else gettext("Role changed."),
              "error" if outcome.refused else "success")
    return redirect(url_for("members.index", slug=slug))


@bp.route("/<user_id>/remove", methods=["GET", "POST"])
@login_required
def remove(slug: str, user_id: str):
    """Removing a member, or leaving, asks first on the confirmation page."""
    leaving = user_id == current_user.id
    if not confirmed():
        session = current_session()
        access.workspace_for(session, current_user, slug)
        member = members.member_for(session, current_user, slug, user_id)
        workspace, who = member.workspace, member.user
        name = f"{who.display_name} ({who.email})" if who.display_name else who.email
        return confirmation(
            workspace=workspace,
            question=(gettext("Leave %(workspace)s?", workspace=workspace.name) if leaving else
                      gettext("Remove %(name)s from %(workspace)s?", name=name, workspace=workspace.name)),
            action=url_for("members.remove", slug=slug, user_id=user_id),
            back=url_for("members.index", slug=slug), button=gettext("Leave") if leaving else gettext("Remove"),
            affected=[Affected(gettext("You lose your role here:") if leaving else gettext("They lose their role here:"),
                               [(gettext("%(role)s of %(workspace)s", role=ROLE_NAMES[member.role],
                                         workspace=workspace.name), None)])],
            stays=gettext("Everything they wrote stays, and the change log still names them; "
                          "an admin can invite them again."))
    access.workspace_for(current_session(), current_user, slug)
    with attempt(Conflict) as outcome:
        members.remove_member(current_session(), current_user, slug, user_id)
    if outcome.refused:
        flash(outcome.error.message, "error")
    else:
        flash(gettext("You left the workspace.") if leaving else gettext("Member removed."), "success")
        if leaving:
            return redirect(url_for("workspaces.home"))
    return redirect(url_for("members.index", slug=slug))


@bp.route("/invitations/<invitation_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke_invitation(slug: str, invitation_id: str):
    """Withdrawing an invitation asks first on the confirmation page."""
    session = current_session()
    access.workspace_for(session, current_user, slug)
    if not confirmed():
        invitation = members.invitation_for(session, current_user, slug, invitation_id)
        return confirmation(
            workspace=invitation.workspace, question=gettext("Withdraw the invitation to %(email)s?", email=invitation.email),
            action=url_for("members.revoke_invitation", slug=slug, invitation_id=invitation_id),
            back=url_for("members.index", slug=slug), button=gettext("Withdraw the invitation"),
            stays=gettext("Its link stops working at once; you can invite them again."))
    members.revoke_invitation(session, current_user, slug, invitation_id)
    flash(gettext("Invitation withdrawn."), "success")
    return redirect(url_for("members.index", slug=slug))
