"""Optimistic locking of evidence: an edit names its version, a stale one is refused, and any
change — text, tags or links alone — moves the version on."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error, field_errors
from tests.evidence.helpers import JOB, create, fetch

KINDS = {
    "quotes": ({"text": "Late again."}, {"text": "Late again, as always."}),
    "narratives": ({"title": "Waiting"}, {"title": "Waiting for the van"}),
    "jobs": (JOB, {"outcome": "keep them green"}),
}


@pytest.fixture(params=list(KINDS))
def plural(request) -> str:
    return request.param


def _patch(api, plural, item_id, **body):
    return api.patch(f"/api/v1/{plural}/{item_id}", json=body)


def test_an_edit_without_a_version_is_422(editor_api, plural):
    fields, change = KINDS[plural]
    item = create(editor_api, plural, **fields)

    assert "version" in field_errors(_patch(editor_api, plural, item["id"], **change))
    assert fetch(editor_api, plural, item["id"])["version"] == 1


@pytest.mark.parametrize("version", [None, "one", "1; drop table quotes", [1]])
def test_a_version_must_be_a_whole_number(editor_api, version):
    quote = create(editor_api, "quotes", text="Late again.")

    assert "version" in field_errors(_patch(editor_api, "quotes", quote["id"], text="Edited", version=version))
    assert fetch(editor_api, "quotes", quote["id"])["text"] == "Late again."


def test_a_stale_edit_is_409_and_the_newer_edit_survives(editor_api, api_as, team, plural):
    fields, change = KINDS[plural]
    item = create(editor_api, plural, **fields)
    first = _patch(api_as(team.admin), plural, item["id"], **change, version=1)
    assert first.status_code == 200 and first.json["version"] == 2

    error = assert_error(_patch(editor_api, plural, item["id"], tags=["Mine"], version=1), 409, "conflict")

    assert error["details"] == {"current_version": 2, "your_version": 1}
    current = fetch(editor_api, plural, item["id"])
    assert (current["version"], current["tags"]) == (2, [])
    assert all(current[name] == value for name, value in change.items())


def test_a_version_from_the_future_is_409(editor_api):
    quote = create(editor_api, "quotes", text="Late again.")

    assert_error(_patch(editor_api, "quotes", quote["id"], text="Edited", version=7), 409, "conflict")


def test_changing_only_the_links_bumps_the_version(editor_api, plant_map, plural):
    fields, _ = KINDS[plural]
    item = create(editor_api, plural, **fields)

    linked = _patch(editor_api, plural, item["id"], step_ids=[plant_map.step("Pay")], version=1)

    assert linked.status_code == 200, linked.json
    assert linked.json["version"] == 2
    unlinked = _patch(editor_api, plural, item["id"], step_ids=[], version=2)
    assert (unlinked.json["version"], unlinked.json["step_ids"]) == (3, [])


def test_changing_only_the_tags_bumps_the_version(editor_api, plural):
    fields, _ = KINDS[plural]
    item = create(editor_api, plural, **fields, tags=["Leverans"])

    retagged = _patch(editor_api, plural, item["id"], tags=["Leverans", "Pris"], version=1)

    assert (retagged.json["version"], retagged.json["tags"]) == (2, ["Leverans", "Pris"])
    assert fetch(editor_api, plural, item["id"])["version"] == 2


def test_changing_only_the_phases_of_a_job_bumps_the_version(editor_api, plant_map):
    job = create(editor_api, "jobs", **JOB)

    response = _patch(editor_api, "jobs", job["id"], phase_ids=[plant_map.phase("Get the plants home")], version=1)

    assert (response.json["version"], response.json["phase_ids"]) == (2, [plant_map.phase("Get the plants home")])


def test_changing_only_the_participant_bumps_the_version(editor_api):
    quote = create(editor_api, "quotes", text="Late again.", participant="P01")

    response = _patch(editor_api, "quotes", quote["id"], participant="P02", version=1)

    assert (response.json["version"], response.json["participant"]) == (2, "P02")


def test_an_edit_that_changes_nothing_keeps_the_version(editor_api, plant_map, plural):
    fields, _ = KINDS[plural]
    item = create(editor_api, plural, **fields, tags=["Leverans"], step_ids=[plant_map.step("Pay")])

    same = _patch(editor_api, plural, item["id"], **fields, tags=["LEVERANS"], step_ids=[plant_map.step("Pay")],
                  version=1)

    assert same.status_code == 200, same.json
    assert (same.json["version"], same.json["tags"]) == (1, ["Leverans"])


def test_an_edit_after_a_link_change_needs_the_new_version(editor_api, plant_map):
    quote = create(editor_api, "quotes", text="Late again.")
    _patch(editor_api, "quotes", quote["id"], step_ids=[plant_map.step("Pay")], version=1)

    assert_error(_patch(editor_api, "quotes", quote["id"], text="Edited", version=1), 409)
    assert _patch(editor_api, "quotes", quote["id"], text="Edited", version=2).json["version"] == 3
