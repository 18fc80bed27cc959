"""A write into a workspace the caller is not a member of is answered exactly as a write to
something that does not exist: 404, the same body — so a write attempt does not confirm that a
slug or an id exists (docs/security.md §1). Every route is held to this by the authorisation
matrix (tests/trust/); these are the quick, readable cases."""

from __future__ import annotations

import uuid

import pytest

from insightrepo.evidence import evidence, participants
from insightrepo.timeline import snapshots
from tests.api.helpers import assert_error

pytestmark = pytest.mark.sqlite_only  # the HTTP contract (status codes, envelopes, headers, CSRF, sign-in), the same over either database

NOBODY = uuid.uuid4().hex


@pytest.fixture
def alpha(session, team, make_map) -> dict:
    built = make_map({"Find plants": ["Search"]})
    quote = evidence.create_item(session, team.admin, evidence.QUOTES, "alpha", {"text": "Jorden tog slut."})
    participant = participants.create_participant(session, team.admin, "alpha", {"code": "Ärla-01"})
    snapshot = snapshots.take_snapshot(session, team.admin, built.id, {"label": "May"}).snapshot
    session.commit()
    return {"journey": built.id, "step": built.step("Search"), "quote": quote.id, "participant": participant.id,
            "snapshot": snapshot.id}


WRITES = {
    "add a participant": ("POST", "/api/v1/workspaces/{slug}/participants", {"code": "P99"}),
    "add a journey": ("POST", "/api/v1/workspaces/{slug}/journeys", {"title": "Mine now"}),
    "rename a participant": ("PATCH", "/api/v1/participants/{participant}", {"code": "X", "version": 1}),
    "delete a quote": ("DELETE", "/api/v1/quotes/{quote}?force=true", None),
    "edit a step": ("PATCH", "/api/v1/steps/{step}", {"title": "Pwned", "version": 1}),
    "take a snapshot": ("POST", "/api/v1/journeys/{journey}/snapshots", {"label": "Mine"}),
    "restore a snapshot": ("POST", "/api/v1/snapshots/{snapshot}/restore", None),
}


@pytest.mark.parametrize("what", list(WRITES))
def test_an_outsiders_write_gets_the_404_of_something_that_does_not_exist(api_as, team, alpha, what):
    method, path, body = WRITES[what]
    outsider = api_as(team.outsider)

    theirs = outsider.request(method, path.format(slug="alpha", **alpha), json=body)
    nowhere = outsider.request(method, path.format(slug="no-such-team", **{k: NOBODY for k in alpha}), json=body)

    assert_error(theirs, 404, "not_found")
    assert (theirs.status_code, theirs.get_json()) == (nowhere.status_code, nowhere.get_json())


def test_a_viewer_of_the_workspace_still_gets_403(api_as, team, alpha):
    assert_error(api_as(team.viewer).post("/api/v1/workspaces/alpha/participants", json={"code": "P99"}), 403,
                 "forbidden")
