"""Whatever customers (or colleagues) typed, it is shown as text: a quote, a tag, a narrative,
a job or a participant containing <script>, onerror= or javascript: renders inert everywhere."""

from __future__ import annotations

import pytest

from tests.evidence.page_helpers import page

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'
LINK = "[click me](javascript:alert(1))"
NASTY = f"{SCRIPT} {IMG} {LINK} <a href=\"javascript:alert(2)\">go</a>"


@pytest.fixture
def nasty(add, add_participant, plant_map):
    chat = plant_map.step("Ask in the chat")
    participant = add_participant("P<b>1</b>", segment=IMG, note=SCRIPT)
    return {
        "quote": add("quotes", text=NASTY, participant="P<b>1</b>", source=IMG, tags=[SCRIPT[:40], 'x" onerror="alert(1)'],
                     step_ids=[chat]),
        "narrative": add("narratives", title=SCRIPT, body=f"{NASTY}\n\n<iframe src=javascript:alert(3)></iframe>",
                         participant="P<b>1</b>", tags=[IMG[:40]], step_ids=[chat]),
        "job": add("jobs", situation=SCRIPT, motivation=IMG, outcome=LINK, tags=["javascript:alert(1)"], step_ids=[chat]),
        "participant": participant, "step": chat, "journey": plant_map.id,
    }


def _urls(n) -> list[str]:
    return ["/w/alpha/quotes", "/w/alpha/narratives", "/w/alpha/jobs", "/w/alpha/participants", "/w/alpha/tags",
            f"/quotes/{n['quote']}", f"/narratives/{n['narrative']}", f"/jobs/{n['job']}",
            f"/participants/{n['participant']}", f"/steps/{n['step']}/evidence", f"/steps/{n['step']}/evidence/link",
            f"/quotes/{n['quote']}/edit", f"/narratives/{n['narrative']}/edit", f"/jobs/{n['job']}/edit",
            f"/quotes/{n['quote']}/delete", f"/participants/{n['participant']}/edit",
            "/w/alpha/quotes?tag=" + SCRIPT[:40], f"/journeys/{n['journey']}"]


def _inert(html: str, url: str) -> None:
    tree = page_of(html)
    assert "<script>alert" not in html, url
    assert [n for n in tree.iter() if n.tag == "script"
            and not (n.attrs.get("src") or "").startswith("/static/")] == [], url  # our own files only
    assert [n for n in tree.iter() if n.tag in ("img", "iframe") and n.attrs.get("src") == "x"] == [], url
    assert [n for n in tree.iter() if n.tag == "iframe"] == [], url
    handlers = [(n.tag, k) for n in tree.iter() for k in n.attrs if k.startswith("on")]
    assert handlers == [], url
    links = [n.attrs.get(k) or "" for n in tree.iter() for k in ("href", "src", "action", "formaction")
             if (n.attrs.get(k) or "").strip().lower().startswith("javascript:")]
    assert links == [], url


def page_of(html: str):
    class _Response:
        def get_data(self, as_text=True):
            return html
    return page(_Response())


def test_nothing_typed_runs_on_any_page_of_the_library(editor_web, nasty):
    for url in _urls(nasty):
        response = editor_web.get(url)
        assert response.status_code == 200, url
        _inert(response.get_data(as_text=True), url)


def test_the_words_are_still_shown_as_typed(editor_web, nasty):
    quote = page(editor_web.get(f"/quotes/{nasty['quote']}")).find("blockquote")
    job = page(editor_web.get(f"/jobs/{nasty['job']}")).find("p", "job-statement")
    tags = page(editor_web.get("/w/alpha/tags")).find("table", id="tags")

    assert SCRIPT in quote.text() and "onerror=" in quote.text()
    assert f"When {SCRIPT}, I want to {IMG}, so I can {LINK}." == job.text().replace(" ,", ",")
    assert "javascript:alert(1)" in [th.text() for th in tags.find_all("th", "tag-name")]


def test_a_narrative_keeps_its_markdown_but_loses_script_handlers_and_javascript_links(editor_web, nasty):
    body = page(editor_web.get(f"/narratives/{nasty['narrative']}")).find("article", "narrative-body")

    assert [a.attrs.get("href") for a in body.find_all("a")] in ([], [None], [None, None])
    assert "click me" in body.text()


def test_a_form_error_page_echoes_nasty_input_inert(editor_web, nasty):
    response = editor_web.post("/w/alpha/quotes/new", data={"text": NASTY, "collected_on": SCRIPT, "language": "en",
                                                        "csrf_token": _token(editor_web)})

    assert response.status_code == 200
    _inert(response.get_data(as_text=True), "new quote with errors")


def _token(client) -> str:
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get("/w/alpha/quotes/new").get_data(as_text=True))
