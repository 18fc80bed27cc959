"""The workspace home and switcher, and creating a workspace."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from insightrepo.db import transaction
from insightrepo.services import access, journeys, workspaces
from insightrepo.services.errors import Conflict, Invalid
from insightrepo.web.forms import WorkspaceForm, show_errors
from insightrepo.web.navigation import landing_workspace

bp = Blueprint("workspaces", __name__)


@bp.route("/")
@login_required
def home():
    with transaction() as session:
        mine = workspaces.list_workspaces(session, current_user)
    if not mine:
        return redirect(url_for("workspaces.new"))
    slug = landing_workspace(current_user, {w.id: w.slug for w, _ in mine})
    return redirect(url_for("workspaces.dashboard", slug=slug))


@bp.route("/w/<slug>/")
@login_required
def dashboard(slug: str):
    with transaction() as session:
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
        try:
            with transaction() as session:
                workspace = workspaces.create_workspace(session, current_user, form.name.data,
                                                        form.slug.data, form.language.data)
                slug = workspace.slug
        except (Invalid, Conflict) as error:
            show_errors(form, error)
        else:
            return redirect(url_for("workspaces.dashboard", slug=slug))
    return render_template("workspaces/new.html", form=form)
