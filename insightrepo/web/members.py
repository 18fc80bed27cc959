"""The members page: admins add, invite, change roles and remove; everyone sees who is in."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from insightrepo.config import current_settings
from insightrepo.db import transaction
from insightrepo.models import ROLES
from insightrepo.workspaces import access, members
from insightrepo.errors import Conflict, Invalid
from insightrepo.web.account_forms import MemberAddForm, MemberRoleForm, show_errors

bp = Blueprint("members", __name__, url_prefix="/w/<slug>/members")


def _page(slug: str, add_form: MemberAddForm, invitation_url: str | None = None, status: int = 200):
    with transaction() as session:
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
    try:
        with transaction() as session:
            access.workspace_for(session, current_user, slug)  # 404 to another workspace, as its pages
            added = members.add_member(session, current_user, slug, form.email.data, form.role.data, days)
            secret = added.invitation_secret  # always an invitation: the page is the same for any email
    except (Invalid, Conflict) as error:
        show_errors(form, error)
        return _page(slug, form, status=422)
    url = url_for("auth.accept_invitation", secret=secret, _external=True)
    return _page(slug, MemberAddForm(formdata=None), invitation_url=url, status=201)


@bp.route("/<user_id>/role", methods=["POST"])
@login_required
def change_role(slug: str, user_id: str):
    form = MemberRoleForm()
    if form.validate_on_submit():
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        try:
            with transaction() as session:
                access.workspace_for(session, current_user, slug)
                members.change_role(session, current_user, slug, user_id, form.role.data, version)
            flash("Role changed.", "success")
        except (Conflict, Invalid) as error:
            flash(error.message, "error")
    return redirect(url_for("members.index", slug=slug))


@bp.route("/<user_id>/remove", methods=["POST"])
@login_required
def remove(slug: str, user_id: str):
    leaving = user_id == current_user.id
    try:
        with transaction() as session:
            access.workspace_for(session, current_user, slug)
            members.remove_member(session, current_user, slug, user_id)
    except Conflict as error:
        flash(error.message, "error")
    else:
        flash("You left the workspace." if leaving else "Member removed.", "success")
        if leaving:
            return redirect(url_for("workspaces.home"))
    return redirect(url_for("members.index", slug=slug))


@bp.route("/invitations/<invitation_id>/revoke", methods=["POST"])
@login_required
def revoke_invitation(slug: str, invitation_id: str):
    with transaction() as session:
        access.workspace_for(session, current_user, slug)
        members.revoke_invitation(session, current_user, slug, invitation_id)
    flash("Invitation withdrawn.", "success")
    return redirect(url_for("members.index", slug=slug))
