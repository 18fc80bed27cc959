"""Share links (POST /api/v1/snapshots/{id}/share-links, GET /api/v1/journeys/{id}/share-links,
DELETE /api/v1/share-links/{id}): a read-only page of one snapshot for people without an account,
unguessable, stored hashed, expiring, revocable, logged; the token opens nothing else."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from sqlalchemy import select, update

from insightrepo.accounts.secret_tokens import digest
from insightrepo.db import utcnow
from insightrepo.models import ShareLink
from tests.timeline.helpers import ok, patch_step, take


@pytest.fixture
def snapshot(editor_api, full_plant_map) -> dict:
    return take(editor_api, full_plant_map.id, "After 12 interviews")


def _create(api, snapshot_id: str, status: int = 201, **body) -> dict:
    return ok(api.post(f"/api/v1/snapshots/{snapshot_id}/share-links", json=body), status)


def _path(link: dict) -> str:
    return urlparse(link["url"]).path


def test_a_link_opens_the_snapshot_read_only_without_signing_in(editor_api, client, full_plant_map, snapshot):
    link = _create(editor_api, snapshot["id"], expires_in_days=7)
    assert set(link) >= {"id", "url", "expires_at"}
    patch_step(editor_api, full_plant_map.step("Pay"), title="Pay with Swish")  # after the snapshot: not shown
    page = client.get(_path(link))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "After 12 interviews" in html and "Unpack the plants" in html and ">Pay<" in html
    assert "Pay with Swish" not in html
    assert "<svg" in html  # the curve
    for absent in ("/w/alpha", "site-search", "Sign out", "/journeys/", "csrf_token", "/search"):
        assert absent not in html
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in page.headers["X-Robots-Tag"]
    assert page.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in page.headers


def test_the_token_is_unguessable_and_stored_only_as_its_hash(editor_api, session, snapshot):
    link = _create(editor_api, snapshot["id"])
    token = _path(link).rsplit("/", 1)[1]
    assert len(token) >= 40
    stored = session.scalar(select(ShareLink).where(ShareLink.id == link["id"]))
    assert stored.token_hash == digest(token) and token not in stored.token_hash


def test_the_journey_lists_its_links_with_their_visits(editor_api, client, full_plant_map, snapshot):
    link = _create(editor_api, snapshot["id"])
    client.get(_path(link))
    client.get(_path(link))
    [listed] = ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/share-links"))["items"]
    assert (listed["id"], listed["state"], listed["accesses"], listed["snapshot_id"]) == (
        link["id"], "active", 2, snapshot["id"])
    assert "url" not in listed  # the token is shown once, at creation


def test_after_revocation_the_link_answers_404(editor_api, client, full_plant_map, snapshot):
    link = _create(editor_api, snapshot["id"])
    assert client.get(_path(link)).status_code == 200
    assert editor_api.delete(f"/api/v1/share-links/{link['id']}").status_code == 204
    assert client.get(_path(link)).status_code == 404
    [listed] = ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/share-links"))["items"]
    assert listed["state"] == "revoked"


def test_after_expiry_the_link_answers_404(editor_api, client, session, snapshot):
    link = _create(editor_api, snapshot["id"], expires_in_days=1)
    session.execute(update(ShareLink).where(ShareLink.id == link["id"])
                    .values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    assert client.get(_path(link)).status_code == 404


def test_a_share_token_opens_nothing_else(editor_api, client, full_plant_map, snapshot):
    link = _create(editor_api, snapshot["id"])
    token = _path(link).rsplit("/", 1)[1]
    for path in (f"/shared/{token}/journeys/{full_plant_map.id}", f"/journeys/{full_plant_map.id}?share={token}",
                 f"/w/alpha/quotes?share={token}", f"/w/alpha/search?q=plants&share={token}",
                 f"/snapshots/{snapshot['id']}?share={token}"):
        assert client.get(path).status_code == 404, path
    as_bearer = client.get(f"/api/v1/journeys/{full_plant_map.id}", headers={"Authorization": f"Bearer {token}"})
    assert as_bearer.status_code == 404 and as_bearer.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/shared/{token[:-1]}x").status_code == 404
    assert client.get("/shared/not-a-token").status_code == 404


@pytest.mark.parametrize("days", [0, 366, -1, "7", 1.5, True, None])
def test_a_lifetime_out_of_range_is_a_422_and_creates_nothing(editor_api, full_plant_map, snapshot, days):
    body = _create(editor_api, snapshot["id"], 422, expires_in_days=days)
    assert "expires_in_days" in str(body["error"]["details"])
    assert ok(editor_api.get(f"/api/v1/journeys/{full_plant_map.id}/share-links"))["items"] == []


def test_only_editors_and_admins_create_list_and_revoke(editor_api, admin_api, viewer_api, outsider_api, full_plant_map, snapshot):
    assert _create(admin_api, snapshot["id"])["url"]
    link = _create(editor_api, snapshot["id"])
    assert viewer_api.post(f"/api/v1/snapshots/{snapshot['id']}/share-links", json={}).status_code == 403
    assert viewer_api.get(f"/api/v1/journeys/{full_plant_map.id}/share-links").status_code == 403
    assert viewer_api.delete(f"/api/v1/share-links/{link['id']}").status_code == 403
    assert outsider_api.post(f"/api/v1/snapshots/{snapshot['id']}/share-links", json={}).status_code == 404
    assert outsider_api.get(f"/api/v1/journeys/{full_plant_map.id}/share-links").status_code == 404
    assert outsider_api.delete(f"/api/v1/share-links/{link['id']}").status_code == 404
    assert editor_api.delete("/api/v1/share-links/nosuchlink").status_code == 404
