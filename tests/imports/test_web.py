"""The import page: upload, preview, map the columns, check, import — through HTTP, as a browser does."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from insightrepo import create_app
from insightrepo.db import Database
from insightrepo.models import Quote
from tests.conftest import csrf_token_from, sign_in
from tests.html_tree import page as page_tree
from tests.imports.helpers import count, csv_bytes, nothing_written, quotes_of
from tests.web.conftest import elements, labelled_controls, text

PAGE = "/w/alpha/quotes/import"
REVIEWS = csv_bytes([["Review Text", "Clothing ID", "Department Name", "Rating"],
                     ["Runs small", "767", "Dresses", "3"],
                     ["Soft, and\nwarm", "1080", "Tops, Knits", "5"],
                     ["", "1080", "Tops", "4"],
                     ["Write to ann@example.se", "1081", "Tops", "5"]], delimiter=";")


def words(response) -> str:
    """The page's text with runs of white space as one space, as a reader sees it."""
    return " ".join(text(response).split())


def uploads_dir(app) -> Path:
    return Path(app.extensions["insightrepo.settings"].data_dir) / "imports"


def stored_files(app) -> set[str]:
    folder = uploads_dir(app)
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def upload(client, data: bytes = REVIEWS, filename: str = "reviews.csv", token: str | None = None):
    token = token if token is not None else csrf_token_from(text(client.get(PAGE)))
    return client.post(PAGE, data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def choose(client, review_url: str, button: str, **fields):
    """Send the mapping form as the page offers it, with ``fields`` changed."""
    page = text(client.get(review_url))
    form = {"csrf_token": csrf_token_from(page), button: button}
    for select in elements(page, "select"):
        form[select["name"]] = ""
    form.update({"text": "Review Text", "participant": "Clothing ID", "tags": "Department Name"})
    form.update({k: v for k, v in fields.items() if v is not None})
    return client.post(review_url, data={k: v for k, v in form.items() if v is not False})


def test_upload_preview_check_and_import(editor_web, team, session, app):
    assert elements(text(editor_web.get(PAGE)), "input", type="file", name="file")
    others = stored_files(app)  # the app's data folder is shared: other tests' previews may wait there

    uploaded = upload(editor_web)
    assert uploaded.status_code == 302
    review_url = uploaded.headers["Location"]

    page = text(editor_web.get(review_url))
    assert "Import quotes from reviews.csv" in page and "separated by semicolons" in page
    assert [th for th in ("Review Text", "Clothing ID", "Department Name", "Rating") if f">{th}</th>" in page] == [
        "Review Text", "Clothing ID", "Department Name", "Rating"]
    assert "Runs small" in page and "Soft, and\nwarm" in page
    controls = labelled_controls(page)
    assert {"Quote text", "Participant code", "Date collected", "Tags", "Sentiment", "Source",
            "Language"} <= set(controls)
    options = [o.get("value") for o in elements(page, "option")]
    assert {"", "Review Text", "Clothing ID", "Department Name", "Rating"} <= set(options)

    checked = choose(editor_web, review_url, "check", skip_empty="y")
    page = words(checked)
    assert checked.status_code == 200
    assert "3 quotes would be imported. Nothing has been written yet." in page
    assert "looks like it contains an e-mail address" in page
    assert nothing_written(session, team.a)

    imported = choose(editor_web, review_url, "run", skip_empty="y", mask_personal_data="y")
    page = words(imported)
    assert imported.status_code == 200 and "3 quotes imported" in page
    assert "1 row without text skipped" in page
    assert [(q.text, q.participant.code, q.tag_names) for q in quotes_of(session, team.a)] == [
        ("Runs small", "767", ["Dresses"]), ("Soft, and\nwarm", "1080", ["Knits", "Tops"]),
        ("Write to [removed]", "1081", ["Tops"])]
    assert stored_files(app) == others  # this upload's files are removed once its quotes are in
    assert editor_web.get(review_url).status_code == 404  # the upload is gone once imported


def test_bad_rows_are_listed_with_their_lines_and_nothing_is_imported(editor_web, team, session):
    review_url = upload(editor_web).headers["Location"]

    response = choose(editor_web, review_url, "run", sentiment="Rating")

    page = words(response)
    assert "Nothing imported" in page and "4 rows are not valid; nothing was imported" in page
    report = page.split('id="report"')[1]
    assert report.count('<td class="import-line">') == 4 + 1  # four bad rows, one personal-data warning
    for line in ("2", "3", "5", "6"):
        assert f'<td class="import-line">{line}</td>' in page
    assert "“Sentiment” must be one of positive, negative, neutral, mixed or empty (column “Rating”)" in page
    assert "is required (column “Review Text”)" in page
    assert "Tick “Skip rows without text”" in page
    assert nothing_written(session, team.a)


def test_the_text_column_must_be_chosen(editor_web, team, session):
    review_url = upload(editor_web).headers["Location"]
    page = words(choose(editor_web, review_url, "run", text=""))
    assert "map the field text to the column that holds the quotes" in page
    assert nothing_written(session, team.a)


def test_forms_without_the_csrf_token_are_refused(editor_web, team, session, app):
    before = stored_files(app)
    assert upload(editor_web, token="").status_code == 400
    assert stored_files(app) == before

    review_url = upload(editor_web).headers["Location"]
    refused = editor_web.post(review_url, data={"text": "Review Text", "run": "run"})
    assert refused.status_code == 400
    assert count(session, Quote, team.a) == 0


def test_a_file_that_cannot_be_read_is_explained_on_the_upload_page(editor_web):
    response = upload(editor_web, "Review Text;Who\nSmörgåsbord;P1\n".encode("cp1252"))
    assert response.status_code == 200
    assert "not UTF-8 text" in text(response) and "CSV UTF-8" in text(response)


def test_an_upload_is_only_open_to_who_made_it(editor_web, team, make_user, app):
    review_url = upload(editor_web).headers["Location"]
    colleague = make_user("colleague@example.org", workspace=team.a, role="editor")
    other = app.test_client()
    sign_in(other, colleague.email)
    assert other.get(review_url).status_code == 404
    assert other.get(review_url.replace(review_url.rsplit("/", 1)[1], "../../etc")).status_code == 404


def test_viewers_cannot_open_the_import_page(login, team):
    assert login(team.viewer).get(PAGE).status_code == 403


def test_the_import_page_needs_a_sign_in(client, team):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_file_over_the_size_limit_is_refused(database, tmp_path, team):
    app = create_app({"env": "testing", "data_dir": str(tmp_path), "quote_import_max_bytes": 300},
                     database=Database(database.bind))
    client = app.test_client()
    sign_in(client, team.editor.email)

    just_over = upload(client, b"text\n" + b"x" * 400 + b"\n")
    assert just_over.status_code == 413 and "the limit is 300 bytes" in words(just_over)
    far_over = upload(client, b"text\n" + b"x" * 100_000 + b"\n")
    assert far_over.status_code == 413 and "larger than the limit of 300 bytes" in words(far_over)
    assert stored_files(app) == set()


def test_one_language_for_the_whole_file_is_chosen_on_the_review_page(editor_web, team, session):
    team.a.language = "sv"
    session.commit()
    review_url = upload(editor_web).headers["Location"]
    controls = labelled_controls(text(editor_web.get(review_url)))
    assert "Language of the quotes" in controls

    imported = choose(editor_web, review_url, "run", skip_empty="y", file_language="en")

    assert imported.status_code == 200
    assert page_tree(imported).find(id="import-language").text() == "Language: en, chosen for this file"
    assert {q.language for q in quotes_of(session, team.a)} == {"en"}
