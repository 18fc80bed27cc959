"""Over-long input is refused with the limit, never cut: no form tells the browser to drop what
is pasted beyond a limit (``maxlength`` makes a 5 MB paste silently become 20,000 characters,
saved as if nothing happened); the server refuses it with a field message naming the limit."""

from __future__ import annotations

import pytest

from insightrepo.models import Quote
from tests.conftest import csrf_token_from
from tests.web.conftest import elements, text


@pytest.fixture
def step_id(make_map):
    return make_map({"Find": ["Search"]}).step("Search")


FORMS = ["/w/alpha/quotes/new", "/w/alpha/narratives/new", "/w/alpha/jobs/new", "/w/alpha/journeys/new",
         "/w/alpha/experiments/new", "/w/alpha/participants/new", "/steps/{step}/edit", "/workspaces/new",
         "/w/alpha/tags", "/tokens/"]


@pytest.mark.parametrize("url", FORMS)
def test_no_form_tells_the_browser_to_cut_what_is_typed(editor_web, step_id, url):
    html = text(editor_web.get(url.format(step=step_id)))

    cut = [(tag, a.get("name")) for tag in ("input", "textarea") for a in elements(html, tag) if "maxlength" in a]
    assert cut == []


def test_a_too_long_quote_is_refused_with_the_limit_and_nothing_is_saved(editor_web, session):
    token = csrf_token_from(text(editor_web.get("/w/alpha/quotes/new")))

    response = editor_web.post("/w/alpha/quotes/new", data={"csrf_token": token, "text": "x" * 20_001})

    assert response.status_code in (200, 422)
    assert "At most 20000 characters (this has 20001)." in text(response)
    assert session.query(Quote).count() == 0
