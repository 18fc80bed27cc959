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
