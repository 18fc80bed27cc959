"""The map's quick "Set" answers every time: what it set, or why it set nothing."""

from __future__ import annotations

from tests.conftest import csrf_token_from
from tests.journeys.helpers import main_text, stored_step


def _set(client, unscored_plant_map, step_id, **data):
    token = csrf_token_from(client.get(f"/journeys/{unscored_plant_map.id}").get_data(as_text=True))
    response = client.post(f"/steps/{step_id}/score", data={"csrf_token": token, "version": "1", **data})
    assert response.status_code == 302
    return main_text(client.get(response.headers["Location"]))


def test_setting_a_score_says_what_was_set(login, team, session, unscored_plant_map):
    step_id = unscored_plant_map.step("Pay")

    shown = _set(login(team.editor), unscored_plant_map, step_id, emotion="-2", marker="thundercloud")

    assert "“Pay”: emotion −2 very negative, ☁ thundercloud." in shown
    assert stored_step(session, step_id).emotion == -2


def test_an_invalid_score_is_refused_with_a_message(login, team, session, unscored_plant_map):
    step_id = unscored_plant_map.step("Pay")

    shown = _set(login(team.editor), unscored_plant_map, step_id, emotion="7", marker="")

    assert "Nothing set for “Pay”: Emotion: Not a valid choice." in shown
    assert stored_step(session, step_id).emotion is None
