"""Requests and readers shared by the experiment tests."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

PROPORTION = {"name": "share of deliveries with a complaint", "kind": "proportion", "unit": "",
              "direction": "decrease"}
MEAN = {"name": "satisfaction", "kind": "mean", "unit": "points", "direction": "increase"}
QUALITATIVE = {"name": "how unpacking feels", "kind": "qualitative", "unit": "", "direction": "increase"}

TODAY = date.today()


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def experiment_body(**fields: Any) -> dict:
    """A valid experiment: a before/after proportion that should fall by 5 percentage points."""
    return {"title": "Choose your own plant by video", "solution": "a video call to choose the plant",
            "metric": PROPORTION, "minimum_effect": 0.05, "design": "before_after", **fields}


def strict_json(response) -> Any:
    """The body parsed by a parser that refuses NaN and ±Infinity, which JSON does not have."""
    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(response.get_data(as_text=True), parse_constant=refuse)


def fetch(api, experiment_id: str) -> dict:
    response = api.get(f"/api/v1/experiments/{experiment_id}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def move(api, experiment_id: str, status: str, **fields: Any):
    return api.post(f"/api/v1/experiments/{experiment_id}/status", json={"status": status, **fields})


def moved(api, experiment_id: str, status: str, **fields: Any) -> dict:
    response = move(api, experiment_id, status, **fields)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def measure(api, experiment_id: str, **fields: Any):
    return api.post(f"/api/v1/experiments/{experiment_id}/measurements", json=fields)


def measured(api, experiment_id: str, **fields: Any) -> dict:
    response = measure(api, experiment_id, **fields)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.json


def result_of(api, experiment_id: str) -> dict:
    response = api.get(f"/api/v1/experiments/{experiment_id}/result")
    assert response.status_code == 200, response.get_data(as_text=True)
    return strict_json(response)


def listed(api, query: str = "", slug: str = "alpha") -> list[dict]:
    response = api.get(f"/api/v1/workspaces/{slug}/experiments{'?' + query if query else ''}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["items"]
