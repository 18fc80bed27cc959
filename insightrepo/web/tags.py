"""The workspace's tags: how often each is used, renaming one everywhere, merging several."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from insightrepo.db import current_session
from insightrepo.workspaces import access
from insightrepo.evidence import library_page, tags
from insightrepo.errors import Conflict, Invalid, NotFound, ServiceError
from insightrepo.i18n import gettext, quoted
from insightrepo.web.evidence_forms import TagMergeForm, TagRenameForm
from insightrepo.web.form_flow import attempt

bp = Blueprint("tags", __name__)


@bp.route("/w/<slug>/tags")
@login_required
def index(slug: str):
    session = current_session()
    workspace = access.workspace_for(session, current_user, slug)
    return render_template("evidence/tags.html", workspace=workspace,
                           tags=tags.list_tags(session, current_user, slug),
                           can_edit=access.can_edit(session, current_user, workspace),
                           rename_form=TagRenameForm(formdata=None), merge_form=TagMergeForm(formdata=None))


@bp.route("/w/<slug>/tags/rename", methods=["POST"])
@login_required
def rename(slug: str):
    form = TagRenameForm()
    session = current_session()
    library_page.editable_workspace(session, current_user, slug)
    if form.validate_on_submit():
        _try(lambda: tags.rename_tag(session, current_user, slug, form.old.data, form.name.data),
             gettext("Renamed “%(old)s” to “%(new)s” everywhere.", old=form.old.data, new=form.name.data.strip()))
    else:
        _form_problem(form)
    return redirect(url_for("tags.index", slug=slug))


@bp.route("/w/<slug>/tags/merge", methods=["POST"])
@login_required
def merge(slug: str):
    form = TagMergeForm()
    session = current_session()
    library_page.editable_workspace(session, current_user, slug)
    if form.validate_on_submit():
        _try(lambda: tags.merge_tags(session, current_user, slug, form.sources.data, form.into.data),
             gettext("Merged %(sources)s into %(into)s.", sources=", ".join(quoted(s) for s in form.sources.data),
                     into=quoted(form.into.data.strip())))
    else:
        _form_problem(form)
    return redirect(url_for("tags.index", slug=slug))


def _try(change, success: str) -> None:
    with attempt(Invalid, Conflict, NotFound) as outcome:
        change()
    if outcome.refused:
        flash(_message(outcome.error), "error")
    else:
        flash(success, "success")


def _message(error: ServiceError) -> str:
    fields = error.details.get("fields") or {}
    return error.message if not fields or isinstance(error, Conflict) else " ".join(fields.values())


def _form_problem(form) -> None:
    problems = [f"{field.label.text}: {' '.join(field.errors)}" for field in form
                if field.errors and field.name != "csrf_token"]
    if form.csrf_token.errors:
        problems.insert(0, gettext("The form expired or was sent from elsewhere. Please try again."))
    flash(" ".join(problems) or gettext("Please check the form."), "error")
