"""The CSV import page: upload, preview and map the columns, check (dry run), import."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from insightrepo.config import current_settings
from insightrepo.db import current_session
from insightrepo.evidence import library_page
from insightrepo.imports import quotes_csv
from insightrepo.errors import Invalid
from insightrepo.i18n import gettext
from insightrepo.web import import_uploads
from insightrepo.web.account_forms import show_errors
from insightrepo.web.form_flow import attempt
from insightrepo.request_bodies import allow_large_files
from insightrepo.request_transaction import after_commit
from insightrepo.web.import_forms import FIELD_LABELS, MappingForm, UploadForm

bp = Blueprint("imports", __name__)

PREVIEW_ROWS = 5


def _settings():
    return current_settings()


bp.url_value_preprocessor(allow_large_files)  # the import's own size limit, before the CSRF check reads the body


@bp.route("/w/<slug>/quotes/import", methods=["GET", "POST"])
@login_required
def upload(slug: str):
    status = 200
    session = current_session()
    workspace = library_page.editable_workspace(session, current_user, slug)
    form = UploadForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            quotes_csv.read_csv(data, _settings().quote_import_max_bytes, _settings().quote_import_max_rows)
        except (quotes_csv.ImportRejected, quotes_csv.FileTooLarge) as problem:
            form.file.errors = [problem.message]
            status = 413 if isinstance(problem, quotes_csv.FileTooLarge) else 200
        else:
            stored = import_uploads.save(data, form.file.data.filename, current_user.id, workspace.id)
            return redirect(url_for("imports.review", slug=slug, upload_id=stored.id))
    status = 400 if form.csrf_token.errors else status
    return render_template("imports/upload.html", form=form, workspace=workspace, settings=_settings()), status


@bp.route("/w/<slug>/quotes/import/<upload_id>", methods=["GET", "POST"])
@login_required
def review(slug: str, upload_id: str):
    session = current_session()
    workspace = library_page.editable_workspace(session, current_user, slug)
    stored = import_uploads.load(upload_id, current_user.id, workspace.id)
    if stored is None:
        abort(404, gettext("This upload is gone: it was imported already, or is older than a day. "
                           "Upload the file again."))
    data = stored.read()
    table = quotes_csv.read_csv(data)
    form = MappingForm()
    form.offer_columns(table.headers, quotes_csv.guess_mapping(table.headers))
    form.offer_languages(workspace.language)
    report = rejected = None
    if form.validate_on_submit():
        with attempt(quotes_csv.ImportRejected, Invalid) as outcome:  # all rows or none
            report = quotes_csv.import_quotes(
                session, current_user, slug, data, form.mapping(), dry_run=not form.run.data,
                skip_empty=form.skip_empty.data, mask_personal_data=form.mask_personal_data.data,
                language=form.file_language.data,
                max_bytes=_settings().quote_import_max_bytes, max_rows=_settings().quote_import_max_rows)
        if isinstance(outcome.error, quotes_csv.ImportRejected):
            rejected, report = outcome.error, outcome.error.report
        elif outcome.refused:
            show_errors(form, outcome.error, aliases={"mapping": "text", "language": "file_language"})
    if report is not None and not report.dry_run and rejected is None:
        after_commit(lambda: import_uploads.discard(stored))  # the upload stays until its quotes are in
        return render_template("imports/result.html", workspace=workspace, report=report, upload=stored)
    return render_template(
        "imports/review.html", workspace=workspace, upload=stored, table=table, form=form,
        preview=table.rows[:PREVIEW_ROWS], report=report, rejected=rejected, labels=FIELD_LABELS,
    ), 400 if form.csrf_token.errors else 200
