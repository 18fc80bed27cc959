"""Readers shared by the timeline tests."""

from __future__ import annotations


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:2000])
    return response.get_json()


def take(api, journey_id: str, label: str = "Snapshot", status: int = 201, **body) -> dict:
    """POST a snapshot and return it (asserting the status)."""
    return ok(api.post(f"/api/v1/journeys/{journey_id}/snapshots", json={"label": label, **body}), status)


def frozen(api, snapshot_id: str) -> dict:
    return ok(api.get(f"/api/v1/snapshots/{snapshot_id}"))


def live(api, journey_id: str) -> dict:
    return ok(api.get(f"/api/v1/journeys/{journey_id}"))


def compare(api, a: str, b: str) -> dict:
    return ok(api.get(f"/api/v1/snapshots/{a}/compare/{b}"))


def compare_in(api, journey_id: str, a: str, b: str) -> dict:
    return ok(api.get(f"/api/v1/journeys/{journey_id}/compare?from={a}&to={b}"))


def step_entry(comparison: dict, step_id: str) -> dict:
    [entry] = [s for s in comparison["steps"] if s["id"] == step_id]
    return entry


def step_ids_in(comparison: dict) -> set[str]:
    return {s["id"] for s in comparison["steps"]}


# ---- edits through the API (each reads the current version first) --------------------------

def patch_step(api, step_id: str, **changes) -> dict:
    version = ok(api.get(f"/api/v1/steps/{step_id}"))["version"]
    return ok(api.patch(f"/api/v1/steps/{step_id}", json={**changes, "version": version}))


def patch_phase(api, journey_id: str, phase_id: str, **changes) -> dict:
    [phase] = [p for p in live(api, journey_id)["phases"] if p["id"] == phase_id]
    return ok(api.patch(f"/api/v1/phases/{phase_id}", json={**changes, "version": phase["version"]}))


def patch_evidence(api, plural: str, item_id: str, **changes) -> dict:
    version = ok(api.get(f"/api/v1/{plural}/{item_id}"))["version"]
    return ok(api.patch(f"/api/v1/{plural}/{item_id}", json={**changes, "version": version}))


def add_step(api, phase_id: str, **fields) -> dict:
    return ok(api.post(f"/api/v1/phases/{phase_id}/steps", json=fields), 201)


def add_phase(api, journey_id: str, **fields) -> dict:
    return ok(api.post(f"/api/v1/journeys/{journey_id}/phases", json=fields), 201)


def delete(api, path: str) -> None:
    response = api.delete(path)
    assert response.status_code == 204, response.get_data(as_text=True)
