"""Sign in, sign out, and accepting an invitation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from insightrepo.i18n import gettext
from insightrepo.db import current_session
from insightrepo.accounts import users
from insightrepo.workspaces import members
from insightrepo.errors import Invalid
from insightrepo.web.account_forms import InvitationForm, LoginForm, show_errors
from insightrepo.web.form_flow import attempt
from insightrepo.web.navigation import keep_last_workspace
from insightrepo.web.security import sign_in_lifetime

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """A path on this site, or home. Browsers drop tabs and newlines inside a URL, so
    "/<tab>/evil.example" would become "//evil.example": such characters are refused too."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and target.isprintable() and not any(c.isspace() for c in target)):
        return target
    return url_for("workspaces.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("workspaces.home"))
    form = LoginForm()
    if form.validate_on_submit():
        session = current_session()
        user = users.authenticate(session, form.email.data, form.password.data)
        if user is not None:
            users.start_sign_in(session, user, sign_in_lifetime())
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
        form.form_errors.append("Wrong email or password.")
    status = 401 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # CSRFProtect has checked the form's token. The sign-in ends on the server, so the cookies
    # this browser held (or anyone copied) sign nobody in again.
    session = current_session()
    keep_last_workspace(session, current_user)
    users.end_sign_in(session, current_user._get_current_object())
    logout_user()
    flash(gettext("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/invitations/<secret>", methods=["GET", "POST"])
def accept_invitation(secret: str):
    form = InvitationForm()
    session = current_session()
    invitation = members.find_invitation(session, secret)
    existing = users.find_user_by_email(session, invitation.email) is not None
    workspace_name = invitation.workspace.name
    if form.validate_on_submit():
        with attempt(Invalid) as outcome:
            user = members.accept_invitation(session, secret, form.password.data, form.display_name.data or "")
        if outcome.refused:
            show_errors(form, outcome.error)
        else:
            users.start_sign_in(session, user, sign_in_lifetime())
            login_user(user)
            flash(gettext("Welcome to %(workspace_name)s.", workspace_name=workspace_name), "success")
            return redirect(url_for("workspaces.dashboard", slug=invitation.workspace.slug))
    return render_template("auth/invitation.html", form=form, invitation=invitation,
                           existing=existing, workspace_name=workspace_name)
