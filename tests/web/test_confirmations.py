"""Every destructive action asks first, the same way and without JavaScript: a confirmation page
that says what goes and what is unlinked; only its own form (``confirmed=yes``) deletes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from insightrepo.accounts.api_tokens import create_token
from insightrepo.models import Invitation, Measurement, Membership, Phase, Step
from insightrepo.workspaces.members import add_member
from insightrepo.evidence import evidence
from insightrepo.experiments import experiments, measurements
from tests.conftest import csrf_token_from
from tests.web.conftest import elements, text


@pytest.fixture
def linked_step(session, team, make_map):
    built = make_map({"Find": ["Search for easy plants", "Ask in the chat"]})
    step_id = built.step("Search for easy plants")
    evidence.create_item(session, team.admin, evidence.QUOTES, "alpha",
                         {"text": "I could not find a plant that survives my dark flat.", "step_ids": [step_id]})
    experiment = experiments.create_experiment(session, team.admin, "alpha", {
        "title": "Filter by light", "step_ids": [step_id],
        "metric": {"name": "finds", "kind": "proportion", "direction": "increase"}})
    session.commit()
    return built, step_id, experiment.id


def _token(client, url):
    return csrf_token_from(text(client.get(url)))


def _still_there(session, model, id_):
    session.expire_all()
    return session.get(model, id_) is not None


def test_the_step_form_leads_to_a_confirmation_that_names_what_is_unlinked(editor_web, session, linked_step):
    _built, step_id, _experiment = linked_step
    edit_page = text(editor_web.get(f"/steps/{step_id}/edit"))
    assert elements(edit_page, "a", href=f"/steps/{step_id}/delete"), "a link to the confirmation"
    assert not elements(edit_page, "form", action=f"/steps/{step_id}/delete"), "no one-click delete"

    page = editor_web.get(f"/steps/{step_id}/delete")

    assert page.status_code == 200
    html = text(page)
    assert "Delete the step “Search for easy plants”?" in html
    assert "I could not find a plant that survives my dark flat." in html
    assert "Filter by light" in html
    assert _still_there(session, Step, step_id)


def test_a_post_without_the_confirmation_asks_and_deletes_nothing(editor_web, session, linked_step):
    _built, step_id, _experiment = linked_step

    response = editor_web.post(f"/steps/{step_id}/delete", data={"csrf_token": _token(editor_web, f"/steps/{step_id}/edit")})

    assert response.status_code == 200
    assert "Delete the step “Search for easy plants”?" in text(response)
    assert _still_there(session, Step, step_id)


def test_the_confirmation_deletes_the_step(editor_web, session, linked_step):
    built, step_id, _experiment = linked_step
    token = _token(editor_web, f"/steps/{step_id}/delete")

    response = editor_web.post(f"/steps/{step_id}/delete", data={"csrf_token": token, "confirmed": "yes"})

    assert response.status_code == 302 and response.headers["Location"].startswith(f"/journeys/{built.id}")
    assert not _still_there(session, Step, step_id)


def test_deleting_a_phase_with_its_steps_asks_first_and_lists_them(editor_web, session, linked_step):
    built, _step, _experiment = linked_step
    phase_id = built.phase("Find")
    token = _token(editor_web, f"/phases/{phase_id}/edit")

    asked = editor_web.post(f"/phases/{phase_id}/delete", data={"csrf_token": token, "cascade": "y"})

    assert asked.status_code == 200
    assert "Delete the phase “Find” and its 2 steps?" in text(asked)
    assert "Ask in the chat" in text(asked)
    assert _still_there(session, Phase, phase_id)

    done = editor_web.post(f"/phases/{phase_id}/delete", data={"csrf_token": token, "cascade": "y", "confirmed": "yes"})

    assert done.status_code == 302
    assert not _still_there(session, Phase, phase_id)


def test_deleting_a_measurement_asks_first(editor_web, session, team, linked_step):
    _built, _step, experiment_id = linked_step
    measurement = measurements.add_measurement(session, team.admin, experiment_id, {
        "group": "baseline", "measured_on": "2026-03-01", "successes": 3, "trials": 10})
    session.commit()
    token = _token(editor_web, f"/experiments/{experiment_id}")

    asked = editor_web.post(f"/measurements/{measurement.id}/delete", data={"csrf_token": token})

    assert asked.status_code == 200
    assert "Delete the baseline measurement of 2026-03-01?" in text(asked)
    assert _still_there(session, Measurement, measurement.id)

    done = editor_web.post(f"/measurements/{measurement.id}/delete", data={"csrf_token": token, "confirmed": "yes"})

    assert done.status_code == 302
    assert not _still_there(session, Measurement, measurement.id)


# ---- members, API tokens, invitations: they ask too -----------------------------------------

def _role(session, workspace, user):
    session.expire_all()
    return session.scalar(select(Membership.role).where(Membership.workspace_id == workspace.id,
                                                        Membership.user_id == user.id))


def test_removing_a_member_asks_first_and_removes_only_when_confirmed(login, session, team):
    admin = login(team.admin)
    url = f"/w/alpha/members/{team.editor.id}/remove"

    asked = admin.post(url, data={"csrf_token": _token(admin, "/w/alpha/members/")})

    assert asked.status_code == 200
    assert "Remove Eddie Editor (editor@example.org) from" in text(asked)
    assert _role(session, team.a, team.editor) == "editor"
    assert admin.get(url).status_code == 200, "the confirmation opens from a link too"

    done = admin.post(url, data={"csrf_token": _token(admin, url), "confirmed": "yes"})

    assert done.status_code == 302
    assert _role(session, team.a, team.editor) is None


def test_leaving_asks_first(login, session, team):
    viewer = login(team.viewer)
    url = f"/w/alpha/members/{team.viewer.id}/remove"

    asked = viewer.post(url, data={"csrf_token": _token(viewer, "/w/alpha/members/")})

    assert asked.status_code == 200 and "Leave " in text(asked)
    assert _role(session, team.a, team.viewer) == "viewer"


def test_the_confirmation_to_remove_someone_else_is_for_admins_only(login, team):
    assert login(team.viewer).get(f"/w/alpha/members/{team.editor.id}/remove").status_code == 403


def test_revoking_a_token_asks_first(login, new_client, session, team):
    client = login(team.editor)
    token, secret = create_token(session, team.editor, "survey import script")
    session.commit()
    url = f"/tokens/{token.id}/revoke"

    asked = client.post(url, data={"csrf_token": _token(client, "/tokens/")})

    assert asked.status_code == 200
    assert "Revoke the token “survey import script”?" in text(asked)
    assert new_client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200

    client.post(url, data={"csrf_token": _token(client, url), "confirmed": "yes"})

    assert new_client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_withdrawing_an_invitation_asks_first(login, session, team):
    invited = add_member(session, team.admin, "alpha", "nea@example.org", "editor", 7).invitation
    session.commit()
    admin = login(team.admin)
    url = f"/w/alpha/members/invitations/{invited.id}/revoke"

    asked = admin.post(url, data={"csrf_token": _token(admin, "/w/alpha/members/")})

    assert asked.status_code == 200
    assert "Withdraw the invitation to nea@example.org?" in text(asked)
    assert _still_there(session, Invitation, invited.id)

    admin.post(url, data={"csrf_token": _token(admin, url), "confirmed": "yes"})

    assert not _still_there(session, Invitation, invited.id)
