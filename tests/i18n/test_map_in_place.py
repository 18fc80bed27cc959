"""The map edited in place (static/map.js) stays in the reader's language: the cells and the emotion
curve an edit sends back are drawn as the page draws them, in Swedish for a Swedish reader, though
they come through the API (whose messages stay English)."""

from __future__ import annotations

from tests.conftest import csrf_token_from


def test_a_cell_edited_in_place_comes_back_in_the_readers_language(team, session, web_as, plant_map):
    team.editor.locale = "sv"
    session.commit()
    reader = web_as(team.editor)
    token = csrf_token_from(reader.get(f"/journeys/{plant_map.id}?mode=edit").get_data(as_text=True))

    answer = reader.patch(f"/api/v1/steps/{plant_map.step('Pay')}/cells/marker", json={"value": "heart", "version": 1},
                          headers={"X-CSRFToken": token})

    assert answer.status_code == 200
    shown = answer.get_json()
    assert "title=\"hjärta\"" in shown["cells"]["thoughts"] and "> heart<" not in shown["cells"]["thoughts"]
    assert "Känslokurva för" in shown["curve"] and "Emotion curve" not in shown["curve"]


def test_a_cell_refused_in_place_says_why_in_the_pages_language(team, session, web_as, plant_map):
    """The page's own script (session and CSRF token, Accept-Language: the page's <html lang>) reads the
    refusal in Swedish, naming the field by its Swedish label; the envelope's codes and keys stay the API's."""
    team.editor.locale = "sv"
    session.commit()
    reader = web_as(team.editor)
    token = csrf_token_from(reader.get(f"/journeys/{plant_map.id}?mode=edit").get_data(as_text=True))

    answer = reader.patch(f"/api/v1/steps/{plant_map.step('Pay')}/cells/touchpoint",
                          json={"value": "x" * 201, "version": 1},
                          headers={"X-CSRFToken": token, "Accept-Language": "sv"})

    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "Några fält är inte giltiga."
    assert error["details"]["fields"] == {"touchpoint": "”Beröringspunkt” får vara högst 200 tecken"}


def test_the_same_refusal_to_a_token_stays_english_whatever_it_asks_for(team, api_as, plant_map):
    answer = api_as(team.editor).patch(f"/api/v1/steps/{plant_map.step('Pay')}/cells/touchpoint",
                                       json={"value": "x" * 201, "version": 1}, headers={"Accept-Language": "sv"})

    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["message"] == "Some fields are not valid."
    assert error["details"]["fields"] == {"touchpoint": "touchpoint must be at most 200 characters"}


def test_the_pages_script_on_an_english_page_reads_the_apis_english(team, session, web_as, plant_map):
    reader = web_as(team.editor)
    token = csrf_token_from(reader.get(f"/journeys/{plant_map.id}?mode=edit").get_data(as_text=True))

    answer = reader.patch(f"/api/v1/steps/{plant_map.step('Pay')}/cells/touchpoint",
                          json={"value": "x" * 201, "version": 1},
                          headers={"X-CSRFToken": token, "Accept-Language": "en"})

    assert answer.get_json()["error"]["details"]["fields"] == {"touchpoint": "touchpoint must be at most 200 characters"}
