"""Field messages speak the reader's language and name the field by the label the page shows it
with; the JSON API keeps its English messages naming the field as the API spells it."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest

from insightrepo.accounts import users
from insightrepo.errors import Invalid
from insightrepo.experiments import experiments
from insightrepo.journeys import journeys
from tests.conftest import csrf_token_from
from tests.html_tree import page
from tests.imports.helpers import csv_bytes, nothing_written

PROPORTION = {"name": "Share of orders with a complaint", "kind": "proportion", "direction": "decrease"}
BAD_ROWS = csv_bytes([["Text", "Rating"], ["Runs small", "3"], ["", "positive"]], delimiter=";")


@pytest.fixture
def swedish(team, session, web_as):
    """The editor of ``alpha`` with the interface in Swedish, signed in."""
    team.editor.locale = "sv"
    session.commit()
    return web_as(team.editor)


def _post(client, url: str, data: dict, token_from: str):
    token = csrf_token_from(client.get(token_from).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def _error(response, field_id: str) -> str:
    """The message beside a form field, as the reader sees it."""
    return page(response).find("p", "error", id=f"{field_id}-error").text()


def _words(response) -> str:
    """The page's words as the reader sees them (a quotation mark keeps the space before it)."""
    return page(response).text()


def test_a_measurement_refused_for_a_swedish_user_says_why_in_swedish_beside_the_field(swedish, session, team,
                                                                                        plant_map):
    experiment = experiments.create_experiment(session, team.admin, "alpha", {
        "title": "Choose your plant by video", "metric": PROPORTION, "minimum_effect": 0.05, "design": "before_after",
        "step_ids": [plant_map.step("Unpack the plants")]})
    session.commit()
    url = f"/experiments/{experiment.id}"

    response = _post(swedish, f"{url}/measurements", {"group": "baseline", "successes": "12", "trials": "10",
                                                      "measured_on": "2026-03-04"}, url)

    assert response.status_code == 422
    assert _error(response, "successes") == "”Lyckade (hur många som hade det)” kan inte vara fler än ”Av (försök)”"
    response = _post(swedish, f"{url}/measurements", {"group": "baseline", "successes": "1",
                                                      "measured_on": "2026-03-04"}, url)
    assert _error(response, "trials") == "”Av (försök)” måste fyllas i för en andel"


def test_a_step_refused_for_a_swedish_user_says_why_in_swedish(swedish, session, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Get the plants home")
    form = {"title": "Betala igen", "phase_id": phase_id, "action": "", "touchpoint": "", "channels": "x" * 61,
            "need": "", "thoughts": "", "emotion": "", "marker": "", "mot_title": "", "mot_description": "", "owner": "",
            "backstage_people": "", "backstage_policies": "", "backstage_systems": "", "employee_emotion": "",
            "direct": "y", "present": "y"}

    response = _post(swedish, f"/phases/{phase_id}/steps/new", form, f"/phases/{phase_id}/steps/new")

    assert _error(response, "channels") == "varje kanal får vara högst 60 tecken"


def test_a_quote_refused_for_a_swedish_user_says_why_in_swedish(swedish):
    form = {"text": "Jorden luktade mögel.", "participant": "", "collected_on": "", "source": "", "language": "sv",
            "sentiment": "", "tags": "x" * 61}

    response = _post(swedish, "/w/alpha/quotes/new", form, "/w/alpha/quotes/new")

    assert _error(response, "tags") == "varje tagg får vara högst 60 tecken"


def test_the_api_still_names_the_field_as_it_spells_it_in_english(editor_api, plant_map):
    response = editor_api.patch(f"/api/v1/steps/{plant_map.step('Pay')}", json={"version": 1, "touchpoint": "x" * 201},
                                headers={"Accept-Language": "sv"})

    assert response.status_code == 422
    assert response.json["error"]["details"]["fields"] == {"touchpoint": "touchpoint must be at most 200 characters"}


def test_the_import_page_lists_a_swedish_users_bad_rows_in_swedish(swedish, team, session):
    page_url = "/w/alpha/quotes/import"
    token = csrf_token_from(swedish.get(page_url).get_data(as_text=True))
    review_url = swedish.post(page_url, data={"csrf_token": token, "file": (io.BytesIO(BAD_ROWS), "omdomen.csv")},
                              content_type="multipart/form-data").headers["Location"]
    token = csrf_token_from(swedish.get(review_url).get_data(as_text=True))

    response = swedish.post(review_url, data={"csrf_token": token, "text": "Text", "sentiment": "Rating",
                                              "check": "check"})

    shown = _words(response)
    assert "2 rader är inte giltiga; inget importerades." in shown
    assert ("”Känsloläge” ska vara något av positive, negative, neutral, mixed eller tomt (kolumn ”Rating”)"
            in shown)
    assert "”Kundens ord” måste fyllas i (kolumn ”Text”)" in shown
    assert nothing_written(session, team.a)


def test_the_import_api_keeps_its_line_errors_in_english(editor_api):
    response = editor_api.client.post(
        "/api/v1/workspaces/alpha/quotes/import?mapping=" + quote('{"text": "Text", "sentiment": "Rating"}'),
        data=BAD_ROWS, headers={**editor_api.headers, "Content-Type": "text/csv; charset=utf-8", "Accept-Language": "sv"})

    assert response.status_code == 422
    assert [e["message"] for e in response.get_json()["errors"]] == [
        "sentiment must be one of positive, negative, neutral, mixed or empty (column “Rating”)",
        "text is required (column “Text”)"]


def test_the_undo_message_names_the_field_by_its_label_in_the_readers_language(swedish, editor_api, plant_map):
    client = swedish
    map_url = f"/journeys/{plant_map.id}"
    changed = editor_api.patch(f"/api/v1/steps/{plant_map.step('Pay')}", json={"version": 1, "touchpoint": "Kassan"})
    assert changed.status_code == 200

    response = _post(client, f"{map_url}/undo", {}, map_url)

    assert response.status_code == 302
    shown = _words(client.get(map_url))
    assert "Ångrat: ändrade ”Beröringspunkt” i ett steg." in shown


def test_removing_a_member_asks_in_swedish_naming_the_role_by_its_swedish_name(team, session, web_as):
    team.admin.locale = "sv"
    session.commit()

    confirm = _words(web_as(team.admin).get(f"/w/alpha/members/{team.editor.id}/remove"))

    assert f"redaktör i {team.a.name}" in confirm and "Ta bort" in confirm
    assert f"editor of {team.a.name}" not in confirm


def _logged_experiment(session, team, plant_map) -> str:
    experiment = experiments.create_experiment(session, team.admin, "alpha", {
        "title": "Choose your plant by video", "metric": PROPORTION, "minimum_effect": 0.05, "design": "before_after",
        "step_ids": [plant_map.step("Unpack the plants")]})
    session.commit()
    return experiment.id


def test_an_impossible_status_move_is_explained_to_a_swedish_user_in_swedish(swedish, session, team, plant_map):
    experiment_id = _logged_experiment(session, team, plant_map)

    response = _post(swedish, f"/experiments/{experiment_id}/status", {"status": "concluded", "version": "1"},
                     f"/experiments/{experiment_id}")

    assert response.status_code == 409
    assert ("Ett experiment med status ”utkast” kan inte få status ”avslutat”; det kan få status pågår eller avbrutet."
            in _words(response))


def test_the_api_explains_the_same_impossible_move_in_english(editor_api, session, team, plant_map):
    experiment_id = _logged_experiment(session, team, plant_map)

    response = editor_api.post(f"/api/v1/experiments/{experiment_id}/status", json={"status": "concluded"},
                               headers={"Accept-Language": "sv"})

    assert response.status_code == 409
    assert response.json["error"]["message"] == \
        "A draft experiment cannot become concluded; it can become running or abandoned."


def test_the_members_page_names_the_roles_in_swedish(team, session, web_as):
    for user in (team.admin, team.viewer):
        user.locale = "sv"
    session.commit()

    as_admin = page(web_as(team.admin).get("/w/alpha/members/"))
    as_viewer = page(web_as(team.viewer).get("/w/alpha/members/"))

    choices = as_admin.find("select", id=f"role-{team.editor.id}")
    assert [o.text() for o in choices.find_all("option")] == ["Läsare", "Redaktör", "Administratör"]
    assert [o.attrs["value"] for o in choices.find_all("option")] == ["viewer", "editor", "admin"]
    roles_shown = [row.find_all("td")[2].text().strip() for row in as_viewer.find("table").find("tbody").find_all("tr")]
    assert "redaktör" in roles_shown and "administratör" in roles_shown
    assert "editor" not in roles_shown and "admin" not in roles_shown


def test_a_search_text_over_its_limit_is_refused_in_swedish_on_the_page_and_in_english_on_the_api(
        swedish, team, api_as, app):
    """The results page's own problems (too long, too much at once, a choice or year that is not one)
    are whole sentences in the reader's language; the API's field message stays English."""
    most = app.extensions["insightrepo.search"].max_query_length
    too_long = "ö" * (most + 1)

    shown = swedish.get(f"/w/alpha/search?q={quote(too_long)}")
    assert shown.status_code == 422
    assert f"Din sökning är {most + 1} tecken lång; en sökning får vara högst {most}." in _words(shown)

    answer = api_as(team.editor).get(f"/api/v1/workspaces/alpha/search?q={quote(too_long)}",
                                      headers={"Accept-Language": "sv"})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["details"]["fields"]["q"] == f"q must be at most {most} characters"


def test_a_search_asking_for_what_does_not_exist_says_so_in_swedish(swedish):
    shown = swedish.get("/w/alpha/search?q=fern&sentiment=furious&year=20x6")
    assert "”furious” är inte ett av valen för ”Känsloläge”; det utelämnades." in _words(shown)
    assert "”20x6” är inte ett år; det utelämnades." in _words(shown)


def test_a_language_that_is_not_offered_is_refused_in_swedish_on_the_profile_page(swedish, team, session, api_as):
    """A forged form (the page offers only its languages): the service's refusal, in the reader's words."""
    response = _post(swedish, "/profile/", {"locale": "xx"}, "/profile/")

    assert response.status_code == 422
    assert _error(response, "locale") == ("Välj ett av språken som erbjuds: English, Svenska, Dansk, Norsk bokmål "
                                          "eller Suomi.")
    session.refresh(team.editor)
    assert team.editor.locale == "sv"
    answer = api_as(team.editor).patch("/api/v1/me", json={"locale": "xx"}, headers={"Accept-Language": "sv"})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["details"]["fields"] == {"locale": "Must be one of: en, sv, da, nb, fi."}
    with pytest.raises(Invalid) as refused:  # the service, outside a request (the command line): English
        users.set_locale(session, team.editor, "xx")
    assert refused.value.details["fields"] == {"locale": "Choose one of en, sv, da, nb, fi."}


def test_an_edit_without_its_version_is_refused_in_swedish_above_the_form(swedish, team, session, plant_map):
    """A forged form without the version it edited: a message the reader sees, in Swedish; the API's stays English."""
    journey_url = f"/journeys/{plant_map.id}/edit"

    response = _post(swedish, journey_url, {"title": "Ett nytt namn", "description": "", "persona": "",
                                            "scope": "whole", "kind": "hypothesis", "owner": ""}, journey_url)

    assert response.status_code == 200  # the form again, as every refused edit form
    alert = page(response).find("div", "alert--error")
    assert " ".join(alert.text().split()) == ("Formuläret sa inte vilken version du ändrade; öppna sidan igen och "
                                             "gör ändringen där.")
    session.refresh(team.editor)
    with pytest.raises(Invalid) as refused:  # the service, outside a request (the command line): English
        journeys.update_journey(session, team.editor, plant_map.id, None, {"title": "x"})
    assert refused.value.details["fields"] == {"version": "version is required: send the version you edited"}


def test_wtforms_own_messages_speak_danish_too(team, session, web_as):
    """WTForms ships no Danish: its messages (a required field, a choice not offered) come from the
    app's catalogs, in every language."""
    team.editor.locale = "da"
    session.commit()
    danish = web_as(team.editor)

    response = _post(danish, "/w/alpha/jobs/new", {"situation": "", "motivation": "vide mere", "outcome": "x",
                                                   "importance": "9", "satisfaction": "", "tags": ""},
                     "/w/alpha/jobs/new")

    assert _error(response, "situation") == "Dette felt skal udfyldes."
    assert _error(response, "importance") == "Ikke et gyldigt valg."
