"""Your own profile: the language of the interface."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from insightrepo.accounts import users
from insightrepo.db import current_session
from insightrepo.errors import Invalid
from insightrepo.i18n import gettext, refresh_locale
from insightrepo.web.account_forms import ProfileForm, show_errors

bp = Blueprint("profile", __name__, url_prefix="/profile")


@bp.route("/", methods=["GET"])
@login_required
def show():
    return render_template("profile/show.html", form=ProfileForm(locale=current_user.locale or ""))


@bp.route("/", methods=["POST"])
@login_required
def update():
    form = ProfileForm()
    if not form.validate_on_submit():
        return render_template("profile/show.html", form=form), 422
    try:
        users.set_locale(current_session(), current_user, form.locale.data or None)
    except Invalid as error:  # a 422: the request's transaction is rolled back
        show_errors(form, error)
        return render_template("profile/show.html", form=form), 422
    refresh_locale()  # the message below is already in the newly chosen language
    flash(gettext("Your profile is saved."), "success")
    return redirect(url_for("profile.show"))
