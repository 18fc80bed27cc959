"""CSRF on every state-changing form, generated from the app's own route table: a POST (PUT, PATCH,
DELETE) to any browser route without the form's token — or with a forged one, or with one from
another browser — is refused with 400 and changes nothing in the database or the data directory,
while the same request with the page's real token does change something (so the refusal is the
token's doing). A new form route fails ``test_every_form_route_has_a_case`` until it gets a case.

Session-authenticated API writes need the same token in an X-CSRFToken header; and no GET, on any
route, changes anything."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from insightrepo import models

from tests.conftest import PASSWORD, csrf_token_from, sign_in
from tests.trust.browser_world import World, days_ago, expand, fingerprint, form_routes, routes, world  # noqa: F401

pytestmark = pytest.mark.sqlite_only  # who may do what and what a browser is sent; the queries are the services', tested on both databases

TODAY = date.today().isoformat()


@dataclass(frozen=True)
class Case:
    """How a real browser sends this form: who is signed in (None: nobody) and the form's fields,
    given the world and the route's filled-in arguments."""

    data: Callable[[World, dict[str, str]], dict[str, Any]]
    user: str | None = "admin"


def _version(session, model_name: str, item_id: str) -> str:
    return str(session.get(getattr(models, model_name), item_id).version)


EVIDENCE_MODELS = {"quotes": "Quote", "narratives": "Narrative", "jobs": "Job"}
EVIDENCE_FIELDS = {
    "quotes": {"text": "The parcel was left in the rain", "participant": "P07", "language": "en", "sentiment": ""},
    "narratives": {"title": "The rainy parcel", "body": "It *rained*."},
    "jobs": {"situation": "a parcel is late", "motivation": "know where it is", "outcome": "plan my day"},
}


def _cases(session) -> dict[str, Case]:
    def v(model: str, key: str) -> Callable[[World], str]:
        return lambda w: _version(session, model, w[key])

    def item_version(w, a) -> str:
        return _version(session, EVIDENCE_MODELS[a["kind"]], a["item_id"])

    def membership_version(w, a) -> str:
        return str(session.scalar(select(models.Membership.version).where(models.Membership.user_id == w["user_id"])))

    return {
        "auth.login": Case(lambda w, a: {"email": "admin@example.org", "password": PASSWORD}, user=None),
        "auth.logout": Case(lambda w, a: {}),
        "auth.accept_invitation": Case(lambda w, a: {"password": "a long enough password", "display_name": "Nea"},
                                       user=None),
        "workspaces.new": Case(lambda w, a: {"name": "Gamma", "slug": "gamma", "language": "en"}),
        "workspaces.accept_invitation": Case(lambda w, a: {}, user="outsider"),
        "workspaces.decline_invitation": Case(lambda w, a: {}, user="outsider"),
        "members.add": Case(lambda w, a: {"email": "outsider@example.org", "role": "editor"}),
        "members.change_role": Case(lambda w, a: {"role": "editor", "version": membership_version(w, a)}),
        "members.remove": Case(lambda w, a: {"confirmed": "yes"}),
        "members.revoke_invitation": Case(lambda w, a: {"confirmed": "yes"}),
        "tokens.create": Case(lambda w, a: {"name": "sneaky"}),
        "profile.update": Case(lambda w, a: {"locale": "fi"}),
        "tokens.revoke": Case(lambda w, a: {"confirmed": "yes"}),
        "journeys.new": Case(lambda w, a: {"title": "Move house", "scope": "whole", "kind": "hypothesis"}),
        "journeys.edit": Case(lambda w, a: {"title": "Renamed", "scope": "whole", "kind": "researched",
                                            "version": v("Journey", "journey_id")(w)}),
        "journeys.map_settings": Case(lambda w, a: {"zoom": "compact", "lanes": ["action"], "editing": "on"}),
        "map_editing.add_phase": Case(lambda w, a: {"title": "Care for them"}),
        "map_editing.edit_phase": Case(lambda w, a: {"title": "Find plants I like",
                                                     "version": v("Phase", "phase_id")(w)}),
        "map_editing.move_phase": Case(lambda w, a: {"direction": "later", "version": v("Phase", "phase_id")(w)}),
        "map_editing.delete_phase": Case(lambda w, a: {"cascade": "y", "confirmed": "yes"}),
        "map_editing.new_step": Case(lambda w, a: {"title": "Compare prices", "phase_id": w["phase_id"],
                                                   "emotion": "", "marker": "", "employee_emotion": ""}),
        "map_editing.edit_step": Case(lambda w, a: {"title": "Search for hardy plants", "phase_id": w["phase_id"],
                                                    "emotion": "1", "marker": "", "employee_emotion": "",
                                                    "version": v("Step", "step_id")(w)}),
        "map_editing.score_step": Case(lambda w, a: {"emotion": "2", "marker": "heart",
                                                     "version": v("Step", "step_id")(w)}),
        "map_editing.move_step": Case(lambda w, a: {"direction": "later", "version": v("Step", "step_id")(w)}),
        "map_editing.delete_step": Case(lambda w, a: {"confirmed": "yes"}),
        "evidence.new": Case(lambda w, a: {**EVIDENCE_FIELDS[a["kind"]], "tags": "rain", "step_ids": [w["step_id"]]}),
        "evidence.edit": Case(lambda w, a: {**EVIDENCE_FIELDS[a["kind"]], "tags": "rain", "personal_data": "keep",
                                            "version": item_version(w, a)}),
        "evidence.mask": Case(lambda w, a: {"version": item_version(w, a)}),
        "evidence.delete": Case(lambda w, a: {"force": "yes", "confirmed": "yes"}),
        "participants.new": Case(lambda w, a: {"code": "P42", "method": "interview"}),
        "participants.edit": Case(lambda w, a: {"code": "P98", "method": "diary",
                                                "version": v("Participant", "participant_id")(w)}),
        "participants.delete": Case(lambda w, a: {"force": "yes", "confirmed": "yes"}),
        "step_evidence.link": Case(lambda w, a: {"item_ids": [w["spare_quote_id"]]}),
        "step_evidence.unlink": Case(lambda w, a: {"kind": "quotes", "item_id": w["quote_id"]}),
        "step_evidence.link_item": Case(lambda w, a: {  # a step the item does not support yet
            "step_id": w["step_id"] if a["kind"] == "jobs" else w["chat_step_id"]}),
        "tags.rename": Case(lambda w, a: {"old": "delivery", "name": "shipping"}),
        "tags.merge": Case(lambda w, a: {"sources": ["delivery", "price"], "into": "money"}),
        "imports.upload": Case(lambda w, a: {"file": (io.BytesIO(b"Text\nHello\n"), "more.csv")}),
        "imports.review": Case(lambda w, a: {"text": "Feedback", "participant": "Who", "run": "Import"}),
        "timeline.index": Case(lambda w, a: {"label": "After the change", "as_of": TODAY, "note": ""}),
        "timeline.restore_snapshot": Case(lambda w, a: {"why": "undo"}),
        "undo.undo_latest": Case(lambda w, a: {}),
        "undo.redo_latest": Case(lambda w, a: {}),
        "sharing.index": Case(lambda w, a: {"snapshot_id": w["snapshot_id"], "expires_in_days": "7"}),
        "sharing.revoke": Case(lambda w, a: {}),
        "experiments.new": Case(lambda w, a: {"title": "Care texts", "metric_name": "satisfaction",
                                              "metric_kind": "mean", "direction": "increase",
                                              "design": "before_after", "step_ids": [w["step_id"]], "job_id": ""}),
        "experiments.edit": Case(lambda w, a: {"title": "Choose your plant by video call",
                                               "metric_name": "share of deliveries with a complaint",
                                               "metric_kind": "proportion", "direction": "decrease",
                                               "minimum_effect": "5", "design": "before_after", "job_id": "",
                                               "step_ids": [w["step_id"]],
                                               "version": v("Experiment", "experiment_id")(w)}),
        "experiments.delete": Case(lambda w, a: {"confirmed": "yes"}),
        "experiments.act": Case(lambda w, a: {"form": "status", "status": "running", "on": TODAY,
                                              "version": v("Experiment", "experiment_id")(w)}),
        "experiments.change_status": Case(lambda w, a: {"status": "running", "on": TODAY,
                                                        "version": v("Experiment", "experiment_id")(w)}),
        "experiments.add_measurement": Case(lambda w, a: {"group": "baseline", "measured_on": days_ago(1).isoformat(),
                                                          "successes": "25", "trials": "200"}),
        "experiments.delete_measurement": Case(lambda w, a: {"confirmed": "yes"}),
        "experiments.learning": Case(lambda w, a: {"observed": "fewer complaints", "learned": "", "next": "",
                                                   "version": v("Experiment", "experiment_id")(w)}),
        "experiments.link_evidence": Case(lambda w, a: {"quote_ids": [w["quote_id"]],
                                                        "version": v("Experiment", "experiment_id")(w)}),
        "experiments.verdict": Case(lambda w, a: {"verdict": "inconclusive", "verdict_reason": "too few orders",
                                                  "version": v("Experiment", "concluded_id")(w)}),
    }


ENDPOINT_ARGUMENTS = {"experiments.verdict": {"experiment_id": "concluded_id"},
                      "workspaces.accept_invitation": {"invitation_id": "account_invitation_id"},
                      "workspaces.decline_invitation": {"invitation_id": "account_invitation_id"}}


def _form_endpoints(app) -> list[str]:
    return sorted({r.endpoint for r in form_routes(app)})


def test_every_form_route_has_a_case(app, session):
    """A form route added to the app without a case here fails: it cannot escape the CSRF test."""
    missing = set(_form_endpoints(app)) - set(_cases(session))
    assert not missing, f"state-changing routes without a CSRF case in {__name__}: {sorted(missing)}"
    assert set(_cases(session)) <= set(_form_endpoints(app)), "cases for routes the app no longer has"
    assert len(_form_endpoints(app)) >= 45


class Browser:
    """A test client as one person's browser: signed in (or not), holding the real CSRF token of
    its own session, with a who-am-I read that is part of what a request must not change."""

    def __init__(self, app, user_email: str | None):
        self.client = app.test_client()
        if user_email is not None:
            assert sign_in(self.client, user_email).status_code == 302
        page = "/tokens/" if user_email is not None else "/login"
        self.token = csrf_token_from(self.client.get(page).get_data(as_text=True))

    def who(self) -> str:
        response = self.client.get("/api/v1/me")
        return response.get_json()["email"] if response.status_code == 200 else "nobody"


def _all_requests(app, session, world, endpoint: str):
    """(route, method, path, case) for every way of filling in ``endpoint``'s route."""
    case = _cases(session)[endpoint]
    for route in form_routes(app):
        if route.endpoint != endpoint:
            continue
        extra = {name: world[key] for name, key in ENDPOINT_ARGUMENTS.get(endpoint, {}).items()}
        for method in sorted(route.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            for arguments, path in expand(route, world, **extra):
                yield method, path, arguments, case


def _refused(response, what: str) -> None:
    assert response.status_code == 400, f"{what}: {response.status_code}"
    assert response.mimetype == "text/html", what
    assert "CSRF" in response.get_data(as_text=True), what


def _forged_tokens(app) -> dict[str, str | None]:
    other = Browser(app, None)  # a real token, of another browser's session
    foreign_key = URLSafeTimedSerializer("not the app's secret key", salt="wtf-csrf-token").dumps("0" * 40)
    return {"no token": None, "empty token": "", "garbage token": "forged",
            "another browser's token": other.token, "token signed with another key": foreign_key}


@pytest.mark.parametrize("endpoint", sorted(_cases(None)))
def test_a_form_without_its_token_is_refused_and_changes_nothing(app, session, world, endpoint):
    data_dir = app.extensions["insightrepo.settings"].data_dir
    forged = _forged_tokens(app)
    requests = list(_all_requests(app, session, world, endpoint))
    assert requests, f"{endpoint} is not a form route any more"
    for method, path, arguments, case in requests:
        browser = Browser(app, None if case.user is None else f"{case.user}@example.org")
        before, who = fingerprint(session, data_dir), browser.who()
        for label, token in forged.items():
            data = case.data(world, arguments)
            if token is not None:
                data["csrf_token"] = token
            _refused(browser.client.open(path, method=method, data=data), f"{method} {path} with {label}")
            assert fingerprint(session, data_dir) == before, f"{method} {path} with {label} changed something"
            assert browser.who() == who, f"{method} {path} with {label} signed someone in or out"

        # The same request with the page's own token goes through: the token is what was missing.
        response = browser.client.open(path, method=method, data={**case.data(world, arguments),
                                                                  "csrf_token": browser.token})
        assert response.status_code < 400, f"{method} {path} with its token: {response.status_code}"
        changed = fingerprint(session, data_dir) != before or browser.who() != who
        assert changed, f"{method} {path} with its token changed nothing: the case does not exercise the form"


def test_the_token_in_a_header_is_as_good_as_in_the_form(app, session, world):
    """A script on the page (there is none today) could send the token as X-CSRFToken instead."""
    browser = Browser(app, "admin@example.org")
    response = browser.client.post("/tokens/", data={"name": "from a header"}, headers={"X-CSRFToken": browser.token})
    assert response.status_code == 201


def _api_write_requests(app, world):
    for route in routes(app):
        if route.is_api:
            for method in sorted(route.methods & {"POST", "PUT", "PATCH", "DELETE"}):
                for _, path in expand(route, world):
                    yield method, path


def test_session_authenticated_api_writes_need_the_token_in_a_header(app, session, world):
    """Signed in through the browser, a write to the JSON API without X-CSRFToken — or with a forged
    one — is refused with 400 csrf_failed and changes nothing (a bearer token needs no CSRF token)."""
    data_dir = app.extensions["insightrepo.settings"].data_dir
    browser = Browser(app, "admin@example.org")
    writes = list(_api_write_requests(app, world))
    assert len(writes) >= 30
    forged = {"no header": {}, "forged header": {"X-CSRFToken": "forged"},
              "another browser's token": {"X-CSRFToken": Browser(app, None).token}}
    before = fingerprint(session, data_dir)
    for method, path in writes:
        for label, headers in forged.items():
            response = browser.client.open(path, method=method, json={"name": "x"}, headers=headers)
            assert response.status_code == 400, f"{method} {path} ({label}): {response.status_code}"
            assert response.get_json()["error"]["code"] == "csrf_failed", f"{method} {path} ({label})"
        assert fingerprint(session, data_dir) == before, f"{method} {path} changed something"

    # With its own session's token in the header, the same kind of write goes through.
    response = browser.client.post("/api/v1/tokens", json={"name": "x"}, headers={"X-CSRFToken": browser.token})
    assert response.status_code == 201


def _get_paths(app, world) -> list[str]:
    paths = []
    for route in routes(app):
        if "GET" in route.methods:
            paths += [path for _, path in expand(route, world)]
    return paths


def test_no_get_changes_anything(app, session, world):
    """A link or an <img> on another site can make a browser GET anything: no GET, on any route,
    signed in as an admin, changes what the app holds (only POST forms do, with their token)."""
    data_dir = app.extensions["insightrepo.settings"].data_dir
    browser = Browser(app, "admin@example.org")
    paths = _get_paths(app, world)
    assert len(paths) >= 80
    before = fingerprint(session, data_dir)
    for path in paths:
        response = browser.client.get(path)
        assert response.status_code < 500, path
        after = fingerprint(session, data_dir)
        if path.startswith("/shared/") and response.status_code == 200:
            # the one GET that writes: a visit through a share link is logged (one row), nothing else
            visits = "share_link_accesses"
            assert len(after[visits]) == len(before[visits]) + 1, path
            before = {**before, visits: after[visits]}
        assert after == before, f"GET {path} changed something"
    assert browser.who() == "admin@example.org"
