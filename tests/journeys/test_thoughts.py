"""A customer's thought is shown in quotation marks once: a thought that already carries its own
marks (”Halvskugga”? …) is not wrapped in another pair."""

from __future__ import annotations

from tests.journeys.helpers import page


def _thought_cells(client, journey_id):
    tree = page(client.get(f"/journeys/{journey_id}"))
    lane = tree.find("tr", data_lane="thoughts")
    return {cell.text().strip(): cell for cell in lane.find_all("td") if cell.text().strip()}


def test_thoughts_get_quotation_marks_once(login, team, make_map):
    built = make_map({"Läsa": [{"title": "Läser skötselråd", "thoughts": "”Halvskugga”? Vad betyder det?"},
                               {"title": "Väljer växt", "thoughts": "Den här ser tålig ut."}]})

    cells = _thought_cells(login(team.editor), built.id)

    assert cells["”Halvskugga”? Vad betyder det?"].find_all("q") == []
    assert cells["Den här ser tålig ut."].find_all("q") != []
