"""Personal API tokens: create (shown once), list, revoke (after the confirmation page)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from insightrepo.i18n import gettext
from insightrepo.db import current_session
from insightrepo.accounts import api_tokens
from insightrepo.errors import Invalid
from insightrepo.web.account_forms import TokenForm, show_errors
from insightrepo.web.confirm import confirmation, confirmed
from insightrepo.web.form_flow import attempt

bp = Blueprint("tokens", __name__, url_prefix="/tokens")


def _page(form: TokenForm, new_secret: str | None = None, status: int = 200):
    session = current_session()
    rows = api_tokens.list_tokens(session, current_user)
    return render_template("tokens/index.html", tokens=rows, form=form,
                           new_secret=new_secret), status


@bp.route("/", methods=["GET"])
@login_required
def index():
    return _page(TokenForm())


@bp.route("/", methods=["POST"])
@login_required
def create():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    with attempt(Invalid) as outcome:
        _, secret = api_tokens.create_token(current_session(), current_user, form.name.data or "")
    if outcome.refused:
        show_errors(form, outcome.error)
        return _page(form, status=422)
    return _page(TokenForm(formdata=None), new_secret=secret, status=201)


@bp.route("/<token_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(token_id: str):
    """Revoking asks first on the confirmation page."""
    session = current_session()
    if not confirmed():
        token = api_tokens.token_for(session, current_user, token_id)
        return confirmation(
            workspace=None, question=gettext("Revoke the token “%(name)s”?", name=token.name),
            action=url_for("tokens.revoke", token_id=token_id), back=url_for("tokens.index"),
            button=gettext("Revoke the token"),
            stays=gettext("Anything using it stops working at once; a revoked token cannot be turned back on."))
    api_tokens.revoke_token(session, current_user, token_id)
    flash(gettext("Token revoked. Anything using it stops working now."), "success")
    return redirect(url_for("tokens.index"))
