"""One workspace's evidence is invisible to another's people (404 on reads and writes alike), and
a viewer reads but never writes."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error
from tests.evidence.helpers import JOB, create, fetch, listed

PLURALS = ["participants", "quotes", "narratives", "jobs"]


@pytest.fixture
def alpha(editor_api, plant_map):
    """One of each kind in alpha, all linked to the step "Pay", all tagged "Leverans"."""
    pay = plant_map.step("Pay")
    return {
        "participants": create(editor_api, "participants", code="P01"),
        "quotes": create(editor_api, "quotes", text="Alpha's secret words.", participant="P01", tags=["Leverans"],
                         step_ids=[pay]),
        "narratives": create(editor_api, "narratives", title="Alpha's secret story", tags=["Leverans"], step_ids=[pay]),
        "jobs": create(editor_api, "jobs", **JOB, tags=["Leverans"], step_ids=[pay]),
        "step": pay,
    }


NEW = {"participants": {"code": "P99"}, "quotes": {"text": "Planted."}, "narratives": {"title": "Planted"},
       "jobs": JOB}


# ---- another workspace's admin -----------------------------------------------------------

@pytest.mark.parametrize("plural", PLURALS)
def test_an_outsider_reading_alphas_evidence_gets_404(outsider_api, alpha, plural):
    assert_error(outsider_api.get(f"/api/v1/{plural}/{alpha[plural]['id']}"), 404, "not_found")
    assert_error(outsider_api.get(f"/api/v1/workspaces/alpha/{plural}"), 404, "not_found")


@pytest.mark.parametrize("plural", PLURALS)
def test_an_outsider_gets_the_same_404_as_for_something_that_does_not_exist(outsider_api, alpha, plural):
    existing = outsider_api.get(f"/api/v1/{plural}/{alpha[plural]['id']}")
    missing = outsider_api.get(f"/api/v1/{plural}/0123456789abcdef0123456789abcdef")

    assert (existing.status_code, existing.json) == (missing.status_code, missing.json)


def test_an_outsider_asking_for_a_steps_evidence_learns_nothing_about_the_step(outsider_api, alpha):
    existing = outsider_api.get(f"/api/v1/steps/{alpha['step']}/evidence")
    missing = outsider_api.get("/api/v1/steps/0123456789abcdef0123456789abcdef/evidence")

    assert (existing.status_code, existing.json) == (missing.status_code, missing.json)


def test_an_outsider_cannot_read_alphas_tags_or_step_evidence(outsider_api, alpha):
    assert_error(outsider_api.get("/api/v1/workspaces/alpha/tags"), 404, "not_found")
    error = assert_error(outsider_api.get(f"/api/v1/steps/{alpha['step']}/evidence"), 404, "not_found")
    assert "secret" not in str(error)


@pytest.mark.parametrize("plural", PLURALS)
def test_an_outsider_cannot_add_to_alpha(outsider_api, editor_api, alpha, plural):
    assert_error(outsider_api.post(f"/api/v1/workspaces/alpha/{plural}", json=NEW[plural]), 404, "not_found")
    assert len(listed(editor_api, plural)) == 1


@pytest.mark.parametrize("plural", ["quotes", "narratives", "jobs"])
def test_an_outsider_cannot_edit_or_delete_alphas_evidence(outsider_api, editor_api, alpha, plural):
    item = alpha[plural]

    assert_error(outsider_api.patch(f"/api/v1/{plural}/{item['id']}", json={"tags": ["pwned"], "version": 1}), 404,
                 "not_found")
    assert_error(outsider_api.delete(f"/api/v1/{plural}/{item['id']}?force=true"), 404, "not_found")
    assert fetch(editor_api, plural, item["id"]) == item


def test_an_outsider_cannot_edit_or_delete_alphas_participants(outsider_api, editor_api, alpha):
    participant = alpha["participants"]

    assert_error(outsider_api.patch(f"/api/v1/participants/{participant['id']}", json={"code": "X", "version": 1}), 404)
    assert_error(outsider_api.delete(f"/api/v1/participants/{participant['id']}?force=true"), 404)
    assert fetch(editor_api, "participants", participant["id"]) == participant


def test_an_outsider_cannot_rename_or_merge_alphas_tags(outsider_api, editor_api, alpha):
    assert_error(outsider_api.patch("/api/v1/workspaces/alpha/tags/Leverans", json={"name": "pwned"}), 404, "not_found")
    assert_error(outsider_api.post("/api/v1/workspaces/alpha/tags/merge", json={"tags": ["Leverans"], "into": "pwned"}),
                 404, "not_found")
    assert fetch(editor_api, "quotes", alpha["quotes"]["id"])["tags"] == ["Leverans"]


def test_an_outsider_cannot_link_beta_evidence_to_alphas_steps(outsider_api, alpha):
    response = outsider_api.post("/api/v1/workspaces/beta/quotes", json={"text": "Sneaky.", "step_ids": [alpha["step"]]})

    assert_error(response, 422)
    assert listed(outsider_api, "quotes", slug="beta") == []


def test_an_outsider_filtering_by_alphas_step_or_journey_finds_nothing(outsider_api, alpha, plant_map):
    create(outsider_api, "quotes", slug="beta", text="Beta's own words.")

    assert listed(outsider_api, "quotes", f"step={alpha['step']}", slug="beta") == []
    assert listed(outsider_api, "quotes", f"journey={plant_map.id}", slug="beta") == []


@pytest.mark.parametrize("plural", PLURALS)
def test_lists_never_show_another_workspaces_items(outsider_api, editor_api, alpha, plural):
    own = create(outsider_api, plural, slug="beta", **NEW[plural])

    assert [i["id"] for i in listed(outsider_api, plural, slug="beta")] == [own["id"]]
    assert own["id"] not in [i["id"] for i in listed(editor_api, plural)]


def test_a_participant_code_in_beta_does_not_attribute_to_alphas_participant(outsider_api, alpha):
    quote = create(outsider_api, "quotes", slug="beta", text="Beta's P01 speaking.", participant="P01")

    assert quote["participant_id"] != alpha["participants"]["id"]
    assert [p["code"] for p in listed(outsider_api, "participants", slug="beta")] == ["P01"]


def test_alphas_admin_has_no_rights_in_beta(api_as, team, outsider_api):
    beta_quote = create(outsider_api, "quotes", slug="beta", text="Beta's words.")
    alpha_admin = api_as(team.admin)

    assert_error(alpha_admin.get(f"/api/v1/quotes/{beta_quote['id']}"), 404)
    assert_error(alpha_admin.get("/api/v1/workspaces/beta/quotes"), 404)
    assert_error(alpha_admin.delete(f"/api/v1/quotes/{beta_quote['id']}"), 404, "not_found")


# ---- roles inside the workspace ------------------------------------------------------------

@pytest.mark.parametrize("plural", PLURALS)
def test_a_viewer_reads_everything(viewer_api, alpha, plural):
    assert fetch(viewer_api, plural, alpha[plural]["id"]) == alpha[plural]
    assert [i["id"] for i in listed(viewer_api, plural)] == [alpha[plural]["id"]]


def test_a_viewer_reads_tags_and_step_evidence(viewer_api, alpha):
    assert viewer_api.get("/api/v1/workspaces/alpha/tags").json["items"][0]["name"] == "Leverans"
    assert viewer_api.get(f"/api/v1/steps/{alpha['step']}/evidence").json["quotes"][0]["id"] == alpha["quotes"]["id"]


@pytest.mark.parametrize("plural", PLURALS)
def test_a_viewer_cannot_write(viewer_api, editor_api, alpha, plural):
    item = alpha[plural]

    assert_error(viewer_api.post(f"/api/v1/workspaces/alpha/{plural}", json=NEW[plural]), 403, "forbidden")
    assert_error(viewer_api.patch(f"/api/v1/{plural}/{item['id']}", json={"version": 1}), 403, "forbidden")
    assert_error(viewer_api.delete(f"/api/v1/{plural}/{item['id']}?force=true"), 403, "forbidden")
    assert fetch(editor_api, plural, item["id"]) == item
    assert len(listed(editor_api, plural)) == 1


def test_a_viewer_cannot_rename_or_merge_tags(viewer_api, editor_api, alpha):
    assert_error(viewer_api.patch("/api/v1/workspaces/alpha/tags/Leverans", json={"name": "Delivery"}), 403)
    assert_error(viewer_api.post("/api/v1/workspaces/alpha/tags/merge", json={"tags": ["Leverans"], "into": "Delivery"}),
                 403)
    assert [t["name"] for t in editor_api.get("/api/v1/workspaces/alpha/tags").json["items"]] == ["Leverans"]


def test_an_admin_writes_like_an_editor(api_as, team, alpha):
    admin = api_as(team.admin)

    response = admin.patch(f"/api/v1/quotes/{alpha['quotes']['id']}", json={"sentiment": "negative", "version": 1})

    assert response.status_code == 200, response.json
    assert admin.delete(f"/api/v1/quotes/{alpha['quotes']['id']}?force=true").status_code == 204
