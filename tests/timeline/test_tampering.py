"""History that was forged past the guard is never served or exported as if it were true: each
object is checked against its hash when read, and `insightrepo timeline check` lists what is
wrong."""

from __future__ import annotations

import pytest
from tests.timeline.forging import forge_step_title
from tests.timeline.helpers import frozen, take

FORGED = "Paid twice, happily"


@pytest.fixture
def snapshot(admin_api, full_plant_map) -> dict:
    return take(admin_api, full_plant_map.id, "May", as_of="2026-05-14")


def _refused(response) -> dict:
    assert response.status_code == 500, response.get_data(as_text=True)[:500]
    body = response.get_data(as_text=True)
    assert FORGED not in body
    error = response.get_json()["error"]
    assert error["code"] == "corrupt"
    assert "integrity check" in error["message"]
    return error


def test_a_forged_object_is_refused_not_served(connection, admin_api, snapshot):
    digest = forge_step_title(connection, "Pay", FORGED)

    error = _refused(admin_api.get(f"/api/v1/snapshots/{snapshot['id']}"))

    assert error["details"]["objects"] == [digest]


def test_a_forged_object_is_not_shown_on_the_snapshot_page(connection, client, login, team, snapshot):
    forge_step_title(connection, "Pay", FORGED)
    login(team.admin)

    response = client.get(f"/snapshots/{snapshot['id']}")

    assert response.status_code == 500
    assert FORGED not in response.get_data(as_text=True)
    assert "integrity check" in response.get_data(as_text=True)


def test_an_export_with_a_forged_object_is_refused(connection, admin_api, snapshot):
    forge_step_title(connection, "Pay", FORGED)

    _refused(admin_api.get("/api/v1/workspaces/alpha/export"))


def test_an_untouched_timeline_is_served_and_exported(admin_api, snapshot):
    assert "Pay" in {s["title"] for p in frozen(admin_api, snapshot["id"])["phases"] for s in p["steps"]}
    assert admin_api.get("/api/v1/workspaces/alpha/export").status_code == 200
