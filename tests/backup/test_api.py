"""GET /api/v1/workspaces/{slug}/export and POST /api/v1/workspaces/import[?as=NEW_SLUG]."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete

from insightrepo.models import Workspace
from tests.backup.conftest import row_counts

EXPORT = "/api/v1/workspaces/alpha/export"
IMPORT = "/api/v1/workspaces/import"


@pytest.fixture
def backup(api_as, team, stocked) -> dict:
    response = api_as(team.admin).get(EXPORT)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def test_an_admin_downloads_the_whole_workspace_as_one_json_file(api_as, team, stocked):
    api = api_as(team.admin)
    response = api.get(EXPORT)

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert 'filename="insightrepo-alpha.json"' in response.headers["Content-Disposition"]
    document = response.json
    assert document["format"] == "insightrepo-workspace" and document["format_version"] == 3
    assert document["workspace"]["slug"] == "alpha"
    assert [s["title"] for s in document["steps"]] == ["Söker lättskötta växter", "Packar upp"]
    assert {m["email"]: m["role"] for m in document["members"]} == {
        "admin@example.org": "admin", "editor@example.org": "editor", "viewer@example.org": "viewer"}
    assert document["quotes"][0]["text"] == "Jag visste inte vilken jord jag skulle ta."
    assert api.get(EXPORT).get_data() == response.get_data()  # the same data, the same bytes


@pytest.mark.parametrize("who, status", [("editor", 403), ("viewer", 403), ("outsider", 404)])
def test_only_the_workspaces_admins_may_export_it(api_as, team, stocked, who, status):
    response = api_as(getattr(team, who)).get(EXPORT)

    assert response.status_code == status
    assert response.json["error"]["code"] == {403: "forbidden", 404: "not_found"}[status]
    assert "quotes" not in response.get_data(as_text=True)


def test_export_needs_a_sign_in_and_an_existing_workspace(api_as, team):
    assert api_as(None).get(EXPORT).status_code == 401
    assert api_as(team.admin).get("/api/v1/workspaces/no-such-team/export").status_code == 404


def test_a_restore_brings_the_workspace_back_with_the_same_ids(api_as, team, session, backup):
    session.execute(delete(Workspace).where(Workspace.slug == "alpha"))  # lost, say
    session.commit()
    api = api_as(team.admin)
    assert api.get("/api/v1/workspaces/alpha").status_code == 404

    response = api.post(IMPORT, json=backup)

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["slug"] == "alpha" and response.json["id"] == backup["workspace"]["id"]
    assert response.json["role"] == "admin"
    assert response.json["skipped_members"] == [{"email": m["email"], "role": m["role"]} for m in backup["members"]]
    assert response.json["counts"] == {"members": 1, "journeys": 1, "phases": 2, "steps": 2, "participants": 1,
                                       "tags": 2, "quotes": 1, "narratives": 1, "jobs": 1, "experiments": 1,
                                       "measurements": 1, "snapshots": 0,
                                       "changes": len(backup["changes"]), "snapshot_objects": 0}
    assert response.json["unknown_authors"] == ["admin@example.org"]  # kept as a name
    journey = api.get(f"/api/v1/journeys/{backup['journeys'][0]['id']}").json
    assert [p["id"] for p in journey["phases"]] == [p["id"] for p in backup["phases"]]
    step = backup["quotes"][0]["step_ids"][0]
    assert [q["id"] for q in api.get(f"/api/v1/steps/{step}/evidence").json["quotes"]] == [backup["quotes"][0]["id"]]
    experiment = api.get(f"/api/v1/experiments/{backup['experiments'][0]['id']}").json
    assert (experiment["status"], sorted(experiment["step_ids"])) == ("running", backup["experiments"][0]["step_ids"])
    assert api.get(f"/api/v1/experiments/{experiment['id']}/result").json["groups"][0]["trials"] == 120
    assert api_as(team.viewer).get("/api/v1/workspaces/alpha").status_code == 404  # not added: invite again
    again = api.get(EXPORT).json
    assert [m["email"] for m in again["members"]] == ["admin@example.org"]
    assert {**again, "members": backup["members"]} == backup


def test_a_copy_under_a_new_slug_sits_beside_the_original_and_its_importer_is_admin(api_as, team, backup):
    outsider = api_as(team.outsider)
    response = outsider.post(f"{IMPORT}?as=alpha-kopia", json=backup)

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["slug"] == "alpha-kopia" and response.json["role"] == "admin"
    (quote,) = outsider.get("/api/v1/workspaces/alpha-kopia/quotes").json["items"]
    assert quote["text"] == backup["quotes"][0]["text"] and quote["id"] != backup["quotes"][0]["id"]
    assert quote["participant"] == "P01" and quote["tags"] == ["Jord", "Osäkerhet"]
    assert len(quote["step_ids"]) == 1 and quote["step_ids"] != backup["quotes"][0]["step_ids"]
    assert outsider.get("/api/v1/workspaces/alpha").status_code == 404  # the original stays theirs
    assert api_as(team.admin).get("/api/v1/workspaces/alpha-kopia").status_code == 404  # the file lists them


def test_importing_over_the_workspace_or_its_ids_is_409_and_writes_nothing(api_as, team, session, backup):
    api = api_as(team.admin)
    before = row_counts(session)

    same = api.post(IMPORT, json=backup)
    renamed = api.post(IMPORT, json={**backup, "workspace": {**backup["workspace"], "slug": "alpha-2"}})
    taken = api.post(f"{IMPORT}?as=beta", json=backup)

    assert [r.status_code for r in (same, renamed, taken)] == [409, 409, 409]
    assert "already exists" in same.json["error"]["message"]
    assert renamed.json["error"]["details"]["existing"]["steps"] == 2
    assert row_counts(session) == before


def test_a_backup_with_problems_is_422_listing_each_and_writes_nothing(api_as, team, session, backup):
    backup["steps"][0]["emotion"] = 9
    backup["jobs"][0]["phase_ids"] = ["no-such-phase"]
    before = row_counts(session)

    response = api_as(team.admin).post(f"{IMPORT}?as=alpha-2", json=backup)

    assert response.status_code == 422
    assert response.json["error"]["details"]["fields"] == {
        "steps[0].emotion": "must be a whole number from -2 to 2 or null",
        "jobs[0].phase_ids": "points to phase no-such-phase, which is not in the backup",
    }
    assert row_counts(session) == before


def test_a_backup_from_a_newer_insightrepo_is_422_saying_so(api_as, team, backup):
    response = api_as(team.admin).post(f"{IMPORT}?as=alpha-2", json={**backup, "format_version": 99})

    assert response.status_code == 422
    assert "Upgrade InsightRepo" in response.json["error"]["message"]


def test_a_truncated_body_is_400_and_writes_nothing(api_as, team, session, backup):
    text = json.dumps(backup)
    before = row_counts(session)

    response = api_as(team.admin).post(f"{IMPORT}?as=alpha-2", data=text[: len(text) // 2],
                                       content_type="application/json")

    assert response.status_code == 400
    assert "not valid JSON" in response.json["error"]["message"]
    assert row_counts(session) == before


def test_a_bad_new_slug_is_422(api_as, team, backup):
    response = api_as(team.admin).post(f"{IMPORT}?as=Ny%20Kopia", json=backup)

    assert response.status_code == 422
    assert "as" in response.json["error"]["details"]["fields"]


def test_a_body_over_the_size_limit_is_413(api_as, team, app):
    body = '{"format": "' + "x" * app.config["MAX_CONTENT_LENGTH"] + '"}'
    response = api_as(team.admin).post(IMPORT, data=body, content_type="application/json")

    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


def test_import_needs_a_sign_in(api_as, backup):
    assert api_as(None).post(IMPORT, json=backup).status_code == 401
