"""Undo and share links in the browser, without JavaScript: the map's Undo and Redo buttons (forms), the
share links page of a journey (create, show once, list, revoke, visits), and who sees what."""

from __future__ import annotations

import re

from tests.conftest import csrf_token_from
from tests.html_tree import html_tree
from tests.timeline.helpers import live, ok, patch_step, take


def _post(client, url: str, data: dict, token_from: str):
    token = csrf_token_from(client.get(token_from).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def test_an_editor_deletes_a_step_and_the_undo_button_brings_it_back(login, team, editor_api, full_plant_map, add_quote):
    unpack = full_plant_map.step("Unpack the plants")
    quote = add_quote("Half the leaves were brown.", [unpack])
    client = login(team.editor)
    map_url = f"/journeys/{full_plant_map.id}"
    _post(client, f"{map_url}/view", {"editing": "on"}, map_url)  # the Undo button shows in edit mode
    confirm = client.get(f"/steps/{unpack}/delete").get_data(as_text=True)
    assert "loses its link to this step" in confirm  # the confirmation says what is unlinked
    assert _post(client, f"/steps/{unpack}/delete", {"confirmed": "yes"}, map_url).status_code == 302
    page = html_tree(client.get(map_url).get_data(as_text=True))
    assert "Unpack the plants" not in page.find("table", "map").text()
    [form] = [f for f in page.find_all("form") if f.attrs.get("action") == f"{map_url}/undo"]
    assert form.find("button").text() == "Undo"
    response = _post(client, f"{map_url}/undo", {}, map_url)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#step-{unpack}")
    shown = html_tree(client.get(map_url).get_data(as_text=True))
    assert "Undone: deleted the step “Unpack the plants”." in shown.find("main").text()
    assert "Unpack the plants" in shown.find("table", "map").text()
    assert unpack in ok(editor_api.get(f"/api/v1/quotes/{quote}"))["step_ids"]


def test_with_nothing_to_undo_the_map_says_so_and_nothing_changes(login, team, editor_api, full_plant_map):
    client = login(team.editor)
    before = live(editor_api, full_plant_map.id)
    response = _post(client, f"/journeys/{full_plant_map.id}/undo", {}, f"/journeys/{full_plant_map.id}")
    assert response.status_code == 302
    assert "Nothing to undo" in client.get(f"/journeys/{full_plant_map.id}").get_data(as_text=True)
    assert live(editor_api, full_plant_map.id) == before


def test_a_viewer_sees_no_undo_and_no_share_links(login, team, full_plant_map):
    client = login(team.viewer)
    html = client.get(f"/journeys/{full_plant_map.id}").get_data(as_text=True)
    assert "/undo" not in html and "share-links" not in html
    assert client.get(f"/journeys/{full_plant_map.id}/share-links").status_code == 403


def test_the_share_links_page_creates_shows_once_lists_and_revokes(login, team, editor_api, client, full_plant_map):
    snapshot = take(editor_api, full_plant_map.id, "After 12 interviews")
    page_url = f"/journeys/{full_plant_map.id}/share-links"
    browser = login(team.editor)
    assert "share-links" in browser.get(f"/journeys/{full_plant_map.id}").get_data(as_text=True)
    created = _post(browser, page_url, {"snapshot_id": snapshot["id"], "expires_in_days": "7"}, page_url)
    assert created.status_code == 200
    url = html_tree(created.get_data(as_text=True)).find("input", "share-url").attrs["value"]
    path = re.sub(r"^https?://[^/]+", "", url)
    stranger = client  # a browser that never signed in
    assert stranger.get(path).status_code == 200
    listing = browser.get(page_url).get_data(as_text=True)
    assert path not in listing  # shown once
    assert "After 12 interviews" in listing and "1 time" in listing  # the visit is logged and shown
    [link] = ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/share-links"))["items"]
    assert _post(browser, f"/share-links/{link['id']}/revoke", {}, page_url).status_code == 302
    assert stranger.get(path).status_code == 404
    assert "revoked" in browser.get(page_url).get_data(as_text=True)


def test_a_lifetime_out_of_range_gets_its_message_in_place(login, team, editor_api, full_plant_map):
    snapshot = take(editor_api, full_plant_map.id, "After 12 interviews")
    page_url = f"/journeys/{full_plant_map.id}/share-links"
    browser = login(team.editor)
    refused = _post(browser, page_url, {"snapshot_id": snapshot["id"], "expires_in_days": "999"}, page_url)
    assert refused.status_code == 422
    tree = html_tree(refused.get_data(as_text=True))
    assert "between 1 and 365" in tree.find("p", "error").text()
    assert ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/share-links"))["items"] == []


def test_the_redo_button_makes_the_undone_change_again_and_says_when_there_is_nothing_to_redo(
        login, team, editor_api, full_plant_map):
    pay = full_plant_map.step("Pay")
    client = login(team.editor)
    map_url = f"/journeys/{full_plant_map.id}"
    _post(client, f"{map_url}/view", {"editing": "on"}, map_url)
    patch_step(editor_api, pay, title="Pay by card")
    _post(client, f"{map_url}/undo", {}, map_url)
    page = html_tree(client.get(map_url).get_data(as_text=True))
    assert "Pay by card" not in page.find("table", "map").text()
    [form] = [f for f in page.find_all("form") if f.attrs.get("action") == f"{map_url}/redo"]
    assert form.find("button").text() == "Redo"

    assert _post(client, f"{map_url}/redo", {}, map_url).status_code == 302
    shown = html_tree(client.get(map_url).get_data(as_text=True))
    assert "Redone: changed “Title” of a step." in shown.find("main").text()
    assert "Pay by card" in shown.find("table", "map").text()

    _post(client, f"{map_url}/redo", {}, map_url)
    assert "Nothing to redo" in client.get(map_url).get_data(as_text=True)
    assert live(editor_api, full_plant_map.id)["phases"][2]["steps"][0]["title"] == "Pay by card"
