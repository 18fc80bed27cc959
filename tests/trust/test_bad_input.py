"""Crafted input the adversarial probe sent (issue 18): text that is not Unicode, JSON nested
1,000 deep, a 4,301-digit integer. Each is refused at the gate every request passes
(insightrepo.request_input, json_input) with a clear 400/422 and changes nothing;
a database that already holds such text can still be exported."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import text

from insightrepo.models import Workspace
from insightrepo.backup import backup
from insightrepo.errors import Invalid
from tests.api.helpers import assert_error, field_errors
from tests.conftest import csrf_token_from
from tests.journeys.helpers import stored_step

pytestmark = pytest.mark.sqlite_only  # input refused before any SQL runs

LONE = '"\\ud800"'  # JSON's escape for a lone surrogate: valid JSON, not Unicode text


def _send(api, method: str, path: str, body: str):
    return api.request(method, path, data=body, content_type="application/json")


# ---- text that is not Unicode --------------------------------------------------------------

def test_a_lone_surrogate_in_a_steps_channels_is_refused_and_nothing_changes(api_as, team, make_map, session):
    built = make_map({"Choose": ["Browse"]})
    step_id = built.step("Browse")

    response = _send(api_as(team.editor), "PATCH", f"/api/v1/steps/{step_id}",
                     '{"channels": [' + LONE + '], "version": 1}')

    fields = field_errors(response, 422)
    assert "channels.0" in fields and "Unicode" in fields["channels.0"]
    step = stored_step(session, step_id)
    assert step.channels == [] and step.version == 1


@pytest.mark.parametrize(("method", "path", "body"), [
    ("POST", "/api/v1/workspaces", '{"name": ' + LONE + ', "slug": "gamma"}'),
    ("POST", "/api/v1/workspaces/alpha/journeys", '{"title": "A\\udfffB"}'),
    ("POST", "/api/v1/workspaces/alpha/journeys", '{"title": "Fine", ' + LONE + ': 1}'),
    ("POST", "/api/v1/tokens", '{"name": ' + LONE + '}'),
])
def test_a_lone_surrogate_in_any_json_body_is_a_422(api_as, team, session, method, path, body):
    response = _send(api_as(team.admin), method, path, body)

    assert field_errors(response, 422)
    assert session.query(Workspace).count() == 2  # alpha and beta, nothing more


def test_an_anonymous_caller_with_bad_input_still_gets_401(api_as, team):
    response = _send(api_as(None), "POST", "/api/v1/workspaces", '{"name": ' + LONE + ', "slug": ' + "[" * 990 + "]" * 990 + '}')

    assert_error(response, 401, "unauthorized")


@pytest.mark.parametrize("query", ["q=%ED%A0%80", "q=%FF", "%FF=1", "page=1&q=caf%C3"])
def test_a_query_string_that_is_not_utf8_is_a_422(api_as, team, query):
    response = api_as(team.admin).get(f"/api/v1/workspaces/alpha/search?{query}")

    assert "UTF-8" in " ".join(field_errors(response, 422).values())


def test_a_valid_utf8_query_string_still_works(api_as, team):
    response = api_as(team.admin).get("/api/v1/workspaces/alpha/search?q=sm%C3%B6rg%C3%A5s")

    assert response.status_code == 200, response.get_data(as_text=True)


def test_an_html_form_with_bytes_that_are_not_utf8_is_refused(login, team, session):
    client = login(team.admin)
    token = csrf_token_from(client.get("/workspaces/new").get_data(as_text=True))

    response = client.post("/workspaces/new", data=f"csrf_token={token}&name=Gamma%ED%A0%80&slug=gamma&language=en",
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code == 422
    assert "name" in response.get_data(as_text=True)
    assert session.query(Workspace).filter_by(slug="gamma").count() == 0


def test_a_csv_import_with_an_encoded_surrogate_is_refused(api_as, team):
    data = "text\nJag visste inte\n".encode() + b"bad \xed\xa0\x80 bytes\n"
    response = api_as(team.editor).client.post(
        "/api/v1/workspaces/alpha/quotes/import", data=data,
        headers={**api_as(team.editor).headers, "Content-Type": "text/csv; charset=utf-8"})

    assert response.status_code == 422
    assert "not UTF-8" in response.get_json()["errors"][0]["message"]


def test_a_backup_holding_a_lone_surrogate_is_refused_as_a_file_and_as_a_request(api_as, team, session):
    document = api_as(team.admin).get("/api/v1/workspaces/alpha/export").get_json()
    document["workspace"]["name"] = "Alpha \ud800"
    raw = json.dumps(document)  # ensure_ascii: the surrogate travels as its escape

    with pytest.raises(Invalid) as refused:
        backup.parse_document(raw.encode())
    assert "Unicode" in json.dumps(refused.value.details)
    response = _send(api_as(team.admin), "POST", "/api/v1/workspaces/import?as=gamma", raw)
    assert field_errors(response, 422)
    assert session.query(Workspace).filter_by(slug="gamma").count() == 0


def test_a_database_already_holding_a_lone_surrogate_still_exports(api_as, team, make_map, session):
    if session.get_bind().dialect.name == "postgresql":
        pytest.skip("PostgreSQL refuses to store a lone surrogate at all (json and text alike)")
    built = make_map({"Choose": ["Browse"]})
    session.execute(text("UPDATE steps SET channels = :value WHERE id = :id"),
                    {"value": '["web \\ud800"]', "id": built.step("Browse")})
    session.commit()
    assert stored_step(session, built.step("Browse")).channels == ["web \ud800"]

    response = api_as(team.admin).get("/api/v1/workspaces/alpha/export")

    assert response.status_code == 200
    steps = {s["id"]: s for s in response.get_json()["steps"]}
    assert steps[built.step("Browse")]["channels"] == ["web \ufffd"]  # repaired on the way out
    assert backup.dump_document(backup.export_workspace(session, None, "alpha")).encode("utf-8")


# ---- the parser's own limits ---------------------------------------------------------------

def test_json_nested_a_thousand_deep_is_a_400(api_as, team):
    body = '{"name": ' + "[" * 1000 + "]" * 1000 + ', "slug": "gamma"}'

    response = _send(api_as(team.admin), "POST", "/api/v1/workspaces", body)

    assert "nested" in assert_error(response, 400, "bad_request")["message"]


def test_json_nested_deeper_than_the_parser_recurses_is_a_400(api_as, team):
    body = "[" * 100_000 + "]" * 100_000

    response = _send(api_as(team.admin), "POST", "/api/v1/workspaces", body)

    assert_error(response, 400, "bad_request")


def test_an_integer_of_4301_digits_is_a_400(api_as, team, make_map):
    built = make_map({"Choose": ["Browse"]})

    response = _send(api_as(team.editor), "PATCH", f"/api/v1/steps/{built.step('Browse')}",
                     '{"title": "x", "version": ' + "9" * 4301 + "}")

    assert "digits" in assert_error(response, 400, "bad_request")["message"]


def test_an_integer_beyond_64_bits_is_a_422_naming_the_field(api_as, team, make_map):
    built = make_map({"Choose": ["Browse"]})

    response = _send(api_as(team.editor), "PATCH", f"/api/v1/steps/{built.step('Browse')}",
                     '{"title": "x", "version": ' + "9" * 40 + "}")

    assert "version" in field_errors(response, 422)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(api_as, team, constant):
    response = _send(api_as(team.admin), "POST", "/api/v1/workspaces", '{"name": "x", "slug": "x", "v": ' + constant + "}")

    assert_error(response, 400, "bad_request")


def test_a_backup_file_nested_too_deep_is_refused_in_one_line():
    with pytest.raises(Invalid) as refused:
        backup.parse_document(io.BytesIO(b"[" * 100_000 + b"]" * 100_000).read())
    assert "Nothing was restored" in refused.value.message
