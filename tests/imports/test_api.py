"""POST /api/v1/workspaces/{slug}/quotes/import: multipart or text/csv, the report, the 422
body (error envelope plus `imported` and `errors`), 413, permissions and the OpenAPI entry."""

from __future__ import annotations

import io
import json

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from insightrepo import create_app
from insightrepo.db import Database
from insightrepo.models import Quote
from tests.api.helpers import assert_error
from tests.conftest import ApiClient, csrf_token_from
from tests.imports.helpers import count, csv_bytes, nothing_written

URL = "/api/v1/workspaces/alpha/quotes/import"
GOOD = csv_bytes([["Review Text", "Clothing ID", "Department Name"],
                  ["Runs small", "767", "Dresses"], ["Lovely fabric", "1080", "Tops, Dresses"]], delimiter=";")
MAPPING = {"text": "Review Text", "participant": "Clothing ID", "tags": "Department Name"}


def upload(api: ApiClient, data: bytes, url: str = URL, **form):
    fields = {"file": (io.BytesIO(data), "reviews.csv", "text/csv"),
              **{k: json.dumps(v) if isinstance(v, dict) else v for k, v in form.items()}}
    return api.client.post(url, data=fields, headers=api.headers, content_type="multipart/form-data")


def post_csv(api: ApiClient, data: bytes, query: str = ""):
    return api.client.post(URL + query, data=data, headers={**api.headers, "Content-Type": "text/csv; charset=utf-8"})


def assert_rejected(response) -> dict:
    """A 422 of the import: the error envelope and the issue's keys `imported` and `errors`."""
    assert response.status_code == 422, response.get_data(as_text=True)
    body = response.get_json()
    assert {"error", "imported", "errors"} <= set(body)
    assert body["imported"] == 0
    assert set(body["error"]) == {"code", "message", "details"} and body["error"]["code"] == "invalid"
    return body


def test_a_multipart_upload_imports_every_row(api_as, team, session):
    response = upload(api_as(team.editor), GOOD, mapping=MAPPING)

    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["imported"], body["errors"]) == (2, [])
    assert (body["participants_created"], body["tags_created"], body["delimiter"]) == (2, 2, ";")
    listed = api_as(team.viewer).get("/api/v1/workspaces/alpha/quotes?tag=dresses").get_json()
    assert sorted(q["text"] for q in listed["items"]) == ["Lovely fabric", "Runs small"]


def test_a_text_csv_body_with_the_mapping_in_the_query(api_as, team, session):
    response = post_csv(api_as(team.editor), GOOD, "?mapping=" + json.dumps(MAPPING))

    assert response.status_code == 201 and response.get_json()["imported"] == 2
    assert count(session, Quote, team.a) == 2


def test_a_dry_run_answers_200_with_what_would_be_imported(api_as, team, session):
    response = upload(api_as(team.editor), GOOD, mapping=MAPPING, dry_run="true")

    assert response.status_code == 200
    body = response.get_json()
    assert (body["dry_run"], body["imported"], body["would_import"], body["participants_created"]) == (True, 0, 2, 2)
    assert nothing_written(session, team.a)


def test_any_invalid_row_answers_422_with_every_bad_line(api_as, team, session):
    data = csv_bytes([["Review Text", "Mood"], ["fine", "positive"], ["", "positive"], ["fine", "angry"]])

    body = assert_rejected(upload(api_as(team.editor), data, mapping={"text": "Review Text", "sentiment": "Mood"}))

    assert body["errors"] == [
        {"line": 3, "message": "text is required (column “Review Text”)"},
        {"line": 4, "message": "sentiment must be one of positive, negative, neutral, mixed or empty (column “Mood”)"},
    ]
    assert "2 rows are not valid; nothing was imported" in body["error"]["message"]
    assert "skip_empty=true" in body["error"]["message"]
    assert nothing_written(session, team.a)


def test_skip_empty_imports_the_rest_and_counts_what_it_skipped(api_as, team):
    data = csv_bytes([["text", "participant"], ["one", "P1"], ["", "P2"], ["", ""], ["two", "P3"]])
    body = post_csv(api_as(team.editor), data, "?skip_empty=true").get_json()
    # line 4 is wholly blank: not a row at all
    assert (body["imported"], body["rows"], body["skipped_empty"], body["skipped_lines"]) == (2, 3, 1, [3])


def test_personal_data_is_reported_and_masked_on_request(api_as, team, session):
    data = csv_bytes([["text"], ["call me on +46 70 123 45 67"]])
    body = upload(api_as(team.editor), data, mask_personal_data="true").get_json()
    assert body["personal_data"] == [{"line": 2, "kinds": ["phone"], "masked": True,
                                      "message": "looks like it contains a phone number — masked"}]
    assert session.query(Quote).filter_by(workspace_id=team.a.id).one().text == "call me on [removed]"


@pytest.mark.parametrize("mapping, message", [
    ("{oops", "mapping is not valid JSON"),
    ('{"quote": "Review Text"}', "unknown field quote"),
    ('{"tags": "Department Name"}', "map the field text to the column that holds the quotes"),
])
def test_a_bad_mapping_answers_422_naming_the_parameter(api_as, team, mapping, message):
    body = assert_rejected(upload(api_as(team.editor), GOOD, mapping=mapping))
    assert body["errors"] == []
    assert message in body["error"]["details"]["fields"]["mapping"]


def test_a_mapped_column_missing_from_the_file_is_a_header_error(api_as, team):
    body = assert_rejected(upload(api_as(team.editor), GOOD, mapping={"text": "Review"}))
    assert [e["line"] for e in body["errors"]] == [1]
    assert "no column “Review” (mapped to text)" in body["errors"][0]["message"]
    assert body["columns"] == ["Review Text", "Clothing ID", "Department Name"]


def test_missing_file_and_bad_flags_are_422(api_as, team):
    api = api_as(team.editor)
    no_file = api.client.post(URL, data={"mapping": json.dumps(MAPPING)}, headers=api.headers,
                              content_type="multipart/form-data")
    assert "file" in assert_rejected(no_file)["error"]["details"]["fields"]
    bad_flag = post_csv(api, GOOD, "?dry_run=maybe&mapping=" + json.dumps(MAPPING))
    assert assert_rejected(bad_flag)["error"]["details"]["fields"] == {"dry_run": "dry_run must be true or false"}


def test_a_file_that_is_not_utf8_says_so(api_as, team):
    body = assert_rejected(post_csv(api_as(team.editor), "text\nsmörgås\n".encode("latin-1")))
    assert body["errors"][0]["line"] == 2 and "not UTF-8" in body["errors"][0]["message"]


@pytest.mark.parametrize("data", ["text\nsmörgås\n".encode("latin-1"), b"", b'text\n"never closed\n'])
def test_a_dry_run_of_a_file_that_cannot_be_read_says_it_was_a_dry_run(api_as, team, data):
    body = assert_rejected(upload(api_as(team.editor), data, dry_run="true"))

    assert body["dry_run"] is True


def test_only_csv_bodies_are_accepted(api_as, team):
    api = api_as(team.editor)
    as_json = api.post(URL, json={"text": "hello"})
    error = assert_error(as_json, 415, "unsupported_media_type")
    assert "multipart/form-data or text/csv" in error["message"]


@pytest.fixture
def small_limits(database, tmp_path):
    """The app with an import limit of 300 bytes and 3 rows."""
    app = create_app({"env": "testing", "data_dir": str(tmp_path), "quote_import_max_bytes": 300,
                      "quote_import_max_rows": 3}, database=Database(database.bind))
    yield app
    app.extensions["insightrepo.db"].dispose()


def test_files_over_the_size_limit_get_413(small_limits, team, api_as):
    api = ApiClient(small_limits.test_client(), api_as(team.editor).headers["Authorization"].split()[1])

    over_the_limit = post_csv(api, b"text\n" + b"x" * 400 + b"\n")
    assert "the limit is 300 bytes" in assert_error(over_the_limit, 413, "too_large")["message"]
    far_over = upload(api, b"text\n" + b"x" * 200_000 + b"\n")
    assert "larger than the limit of 300 bytes" in assert_error(far_over, 413, "too_large")["message"]


def test_more_rows_than_the_limit_get_422(small_limits, team, api_as, session):
    api = ApiClient(small_limits.test_client(), api_as(team.editor).headers["Authorization"].split()[1])

    body = assert_rejected(post_csv(api, b"text\na\nb\nc\nd\n"))

    assert body["errors"] == [{"line": 5, "message": "the file has more than 3 rows, the most one import takes: "
                                                     "split it into smaller files"}]
    assert post_csv(api, b"text\na\nb\nc\n").status_code == 201


def test_uploads_larger_than_other_api_bodies_are_allowed(api_as, team, app):
    big = csv_bytes([["text"], *[[f"quote number {i} " + "x" * 60] for i in range(40_000)]])
    assert len(big) > app.config["MAX_CONTENT_LENGTH"]

    # encoded here: the test client spools a large multipart body to a temporary file it never closes
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(big), "big.csv"), "dry_run": "true"})
    api = api_as(team.editor)
    response = api.client.post(URL, data=body, headers=api.headers,
                               content_type=f"multipart/form-data; boundary={boundary}")

    assert response.status_code == 200 and response.get_json()["would_import"] == 40_000


@pytest.mark.parametrize("who, status, code", [("viewer", 403, "forbidden"), ("outsider", 404, "not_found")])
def test_viewers_and_outsiders_may_not_import(api_as, team, session, who, status, code):
    assert_error(upload(api_as(getattr(team, who)), GOOD, mapping=MAPPING), status, code)
    assert nothing_written(session, team.a)


def test_unknown_workspace_is_404_and_anonymous_is_401(api_as, team):
    assert_error(upload(api_as(team.editor), GOOD, url="/api/v1/workspaces/nope/quotes/import"), 404, "not_found")
    assert_error(upload(api_as(None), GOOD), 401, "unauthorized")


def test_the_browser_session_needs_the_csrf_header(client, login, team, session):
    login(team.editor)
    token = csrf_token_from(client.get("/w/alpha/quotes/import").get_data(as_text=True))
    form = {"file": (io.BytesIO(GOOD), "r.csv"), "mapping": json.dumps(MAPPING)}

    refused = client.post(URL, data=dict(form), content_type="multipart/form-data")
    assert_error(refused, 400, "csrf_failed")
    form["file"] = (io.BytesIO(GOOD), "r.csv")
    accepted = client.post(URL, data=form, content_type="multipart/form-data", headers={"X-CSRFToken": token})
    assert accepted.status_code == 201 and count(session, Quote, team.a) == 2


def test_the_route_and_its_multipart_body_are_in_the_openapi_document(api_as, team):
    spec = api_as(None).get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/workspaces/{slug}/quotes/import"]["post"]

    body = operation["requestBody"]["content"]
    file = body["multipart/form-data"]["schema"]["properties"]["file"]
    assert (file["type"], file["format"]) == ("string", "binary")
    assert "text/csv" in body
    assert {"mapping", "dry_run", "skip_empty", "mask_personal_data"} <= {p["name"] for p in operation["parameters"]}
    assert {"200", "201", "413", "422"} <= set(operation["responses"])


def test_one_language_for_the_file_as_a_form_field_or_a_query_parameter(api_as, team, session):
    team.a.language = "sv"
    session.commit()
    body = upload(api_as(team.editor), GOOD, mapping=MAPPING, language="en").get_json()
    assert (body["imported"], body["language"], body["language_chosen"], body["own_language"]) == (2, "en", True, 0)

    body = post_csv(api_as(team.editor), csv_bytes([["text"], ["Fits well"]]), "?language=en").get_json()
    assert body["language"] == "en"
    assert {q.language for q in session.query(Quote).filter_by(workspace_id=team.a.id)} == {"en"}


def test_an_unknown_language_for_the_file_answers_422_naming_the_parameter(api_as, team, session):
    body = assert_rejected(upload(api_as(team.editor), GOOD, mapping=MAPPING, language="english"))

    assert "language must be one of" in body["error"]["details"]["fields"]["language"]
    assert nothing_written(session, team.a)


def test_the_language_parameter_is_in_the_openapi_document(api_as, team):
    operation = api_as(None).get("/api/v1/openapi.json").get_json()["paths"][
        "/api/v1/workspaces/{slug}/quotes/import"]["post"]

    query = {p["name"]: p for p in operation["parameters"]}
    form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
    assert "language" in query and "language" in form
    assert "workspace" in query["language"]["description"] and "en" in query["language"]["schema"]["enum"]
