"""Where signing in lands: the workspace used last (kept on signing out), in whichever browser;
the demo's user, on their first sign-in, where the README's tour starts (the Swedish plant shop)."""

from __future__ import annotations

import pytest

from insightrepo.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG, load_demo
from insightrepo.models import Membership
from tests.conftest import sign_in
from tests.web.conftest import submit

pytestmark = pytest.mark.sqlite_only  # the HTTP contract (status codes, envelopes, headers, CSRF, sign-in), the same over either database


def _landing(client, email, password=None) -> str:
    response = sign_in(client, email, *([password] if password else []))
    assert response.status_code == 302
    return client.get(response.headers["Location"]).headers["Location"]


def test_signing_in_elsewhere_lands_on_the_workspace_used_last(session, team, client, new_client):
    session.add(Membership(workspace=team.b, user=team.admin, role="viewer"))
    session.commit()
    assert _landing(client, team.admin.email) == "/w/alpha/"
    assert client.get("/w/beta/journeys").status_code == 200
    assert submit(client, "/w/beta/journeys", "/logout").status_code == 302

    assert _landing(new_client(), team.admin.email) == "/w/beta/"
    assert _landing(client, team.admin.email) == "/w/beta/"  # this browser too


def test_the_demo_user_lands_where_the_tour_starts(session, client):
    load_demo(session)
    session.commit()

    assert _landing(client, DEMO_EMAIL, DEMO_PASSWORD) == f"/w/{DEMO_SLUG}/"
