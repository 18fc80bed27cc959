"""Timestamps in API answers are RFC 3339 date-times with their offset, as the document says
(``format: date-time``): a client must not have to guess that a bare time is UTC."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest


def _utc(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.utcoffset() == timedelta(0), value
    return parsed


def test_a_workspace_and_its_members_carry_utc_timestamps(api_as, team):
    api = api_as(team.admin)

    workspace = api.get("/api/v1/workspaces/alpha").json
    members = api.get("/api/v1/workspaces/alpha/members").json["items"]

    _utc(workspace["created_at"])
    for member in members:
        _utc(member["joined_at"])


def test_a_new_token_and_a_journey_carry_utc_timestamps(api_as, team):
    api = api_as(team.admin)

    token = api.post("/api/v1/tokens", json={"name": "laptop"}).json
    journey = api.post("/api/v1/workspaces/alpha/journeys", json={"title": "Get paid on time"}).json

    before = datetime.now().astimezone()
    assert abs(_utc(token["created_at"]) - before) < timedelta(minutes=5)
    _utc(journey["created_at"])
    _utc(journey["updated_at"])


@pytest.mark.parametrize("path", ["/components/schemas/Workspace/properties/created_at",
                                  "/components/schemas/Token/properties/last_used_at"])
def test_the_document_calls_them_date_times(api_as, team, path):
    spec = api_as(None).get("/api/v1/openapi.json").json
    node = spec
    for part in path.strip("/").split("/"):
        node = node[part]

    assert node["format"] == "date-time"
