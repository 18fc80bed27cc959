"""Whatever people type is shown as text, never run as script, wherever the app shows it.

A workspace is filled with XSS payloads in every field people type — workspace and user names,
journey titles and descriptions, phase and step fields, participant codes, quotes, narratives
(Markdown), jobs, tags, experiments and their measurements, snapshot labels and notes, edit notes in
the change log, token names, a CSV upload's file name and columns — and then every GET route of the
app (read from its route table), the search pages with payload queries and snippets, and every form
sent back with payloads are checked: no element, handler or script URL was made from the typed text,
the SVGs stay well-formed, and the text is still shown as typed. The browser test loads the main pages in
headless Chromium with the Content-Security-Policy bypassed, so only escaping stands between a payload
and a dialog."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from urllib.parse import quote, urlparse

import pytest
from markupsafe import escape

from insightrepo.evidence import evidence, participants, tags
from insightrepo.experiments import experiments, measurements
from insightrepo.journeys import journeys, phases, steps
from insightrepo.workspaces import members, workspaces
from insightrepo.accounts import api_tokens
from insightrepo.timeline import change_context, share_links, snapshots
from insightrepo.web import import_uploads
from tests.conftest import csrf_token_from
from tests.browser_fixtures import E2E_PASSWORD
from tests.html_tree import html_tree
from tests.search.conftest import adapter_name, search_engine  # noqa: F401
from tests.trust.browser_world import World, build_world, days_ago, expand, form_routes, routes
from tests.trust.test_browser_forms import ENDPOINT_ARGUMENTS, _cases
from tests.trust.xss_payloads import ALL, MARKDOWN_ALL, PAYLOADS, assert_inert_html, assert_inert_svg, short

pytestmark = pytest.mark.sqlite_only  # who may do what and what a browser is sent; the queries are the services', tested on both databases


def build_xss_world(app, session, team) -> World:
    admin = team.admin
    n = iter(range(1000))
    workspace = workspaces.get_workspace(session, admin, "alpha")
    workspaces.update_workspace(session, admin, "alpha", workspace.version, name=short(next(n), 120))
    admin.display_name = short(next(n), 120)
    journey = journeys.create_journey(session, admin, "alpha", {
        "title": short(next(n)), "description": ALL, "persona": short(next(n)), "owner": short(next(n), 120)})
    step_ids, phase_ids = [], []
    for p in range(2):
        phase = phases.add_phase(session, admin, journey.id, {"title": short(next(n)), "goal": ALL})
        phase_ids.append(phase.id)
        for s in range(2):
            step_ids.append(steps.add_step(session, admin, phase.id, {
                "title": short(next(n)), "action": ALL, "touchpoint": short(next(n)),
                "channels": [short(next(n), 60), short(next(n), 60)], "need": ALL, "thoughts": ALL,
                "emotion": (-2, 1, 2, -1)[p * 2 + s], "marker": ("heart", "thundercloud", None, None)[p * 2 + s],
                "moment_of_truth": {"title": short(next(n)), "description": ALL}, "owner": short(next(n), 120),
                "backstage": {"people": ALL, "policies": ALL, "systems": ALL}, "employee_emotion": 1}).id)
    participant = participants.create_participant(session, admin, "alpha", {
        "code": short(next(n), 40), "segment": short(next(n)), "note": ALL, "method": "interview"})
    quote = evidence.create_item(session, admin, evidence.QUOTES, "alpha", {
        "text": "parcel " + ALL, "participant": participant.code, "source": short(next(n)),
        "tags": [short(next(n), 60), short(next(n), 60), "parcel"], "step_ids": step_ids[:2]})
    narrative = evidence.create_item(session, admin, evidence.NARRATIVES, "alpha", {
        "title": short(next(n)), "body": MARKDOWN_ALL, "participant": short(next(n), 40),
        "tags": [short(next(n), 60)], "step_ids": step_ids[:1]})
    job = evidence.create_item(session, admin, evidence.JOBS, "alpha", {
        "situation": ALL, "motivation": ALL, "outcome": ALL, "tags": [short(next(n), 60)],
        "step_ids": step_ids[1:2], "phase_ids": phase_ids[:1]})
    tags.rename_tag(session, admin, "alpha", "parcel", short(next(n), 60))
    session.commit()
    first = snapshots.take_snapshot(session, admin, journey.id, {"label": short(next(n)), "note": ALL,
                                                                  "as_of": days_ago(90)})
    session.commit()
    metric = {"name": short(next(n)), "kind": "proportion", "unit": short(next(n), 40), "direction": "decrease"}
    concluded = experiments.create_experiment(session, admin, "alpha", {
        "title": short(next(n)), "solution": ALL, "criterion": ALL, "owner": short(next(n), 120), "metric": metric,
        "minimum_effect": 0.05, "design": "before_after", "step_ids": step_ids[:2], "quote_ids": [quote.id],
        "narrative_ids": [narrative.id], "learning": {"observed": ALL, "learned": ALL, "next": ALL}})
    baseline = measurements.add_measurement(session, admin, concluded.id, {
        "group": "baseline", "successes": 60, "trials": 200, "measured_on": days_ago(80), "note": ALL,
        "source": short(next(n))})
    experiments.change_status(session, admin, concluded.id, {"status": "running", "on": days_ago(70)})
    measurements.add_measurement(session, admin, concluded.id, {
        "group": "follow_up", "successes": 20, "trials": 200, "measured_on": days_ago(40), "note": ALL,
        "source": short(next(n)), "quote_ids": [quote.id]})
    experiments.change_status(session, admin, concluded.id, {
        "status": "concluded", "on": days_ago(35), "verdict": "inconclusive", "verdict_reason": ALL})
    experiments.create_experiment(session, admin, "alpha", {
        "title": short(next(n)), "hypothesis": ALL, "metric": {**metric, "kind": "mean", "direction": "increase"},
        "design": "randomised", "step_ids": step_ids[2:]})
    change_context.open_changes(session, admin, ALL)  # the change log keeps why with every edit below
    step = steps.step_for(session, admin, step_ids[1])
    steps.update_step(session, admin, step_ids[1], step.version, {"title": short(next(n)), "thoughts": ALL[::-1],
                                                                  "emotion": 2, "marker": "heart"})
    steps.delete_step(session, admin, step_ids[3])
    phase = phases.phase_for(session, admin, phase_ids[0])
    phases.update_phase(session, admin, phase_ids[0], phase.version, {"title": short(next(n))})
    session.commit()
    change_context.open_changes(session, admin, "")
    second = snapshots.take_snapshot(session, admin, journey.id, {"label": short(next(n)), "note": ALL,
                                                                   "as_of": days_ago(10)})
    invitation = members.add_member(session, admin, "alpha", "invited@example.org", "viewer")
    token, _ = api_tokens.create_token(session, admin, short(next(n), 120))
    shared = share_links.create_share_link(session, admin, second.snapshot.id, 30)  # a label and note of payloads
    session.commit()
    csv = ",".join(p.replace(",", ";").replace('"', "'") for p in PAYLOADS[:6]) + "\n" + ",".join(
        p.replace(",", ";").replace('"', "'") for p in PAYLOADS[6:12]) + "\n"
    with app.test_request_context():
        upload = import_uploads.save(csv.encode(), short(next(n), 120) + ".csv", admin.id, team.a.id)
    return World(ids={
        "slug": "alpha", "journey_id": journey.id, "phase_id": phase_ids[0], "step_id": step_ids[1],
        "experiment_id": concluded.id, "measurement_id": baseline.id, "participant_id": participant.id,
        "snapshot_id": first.snapshot.id, "user_id": team.admin.id, "token_id": token.id,
        "invitation_id": invitation.invitation.id, "secret": invitation.invitation_secret, "upload_id": upload.id,
        "a": first.snapshot.id, "b": second.snapshot.id, "name": short(0, 60), "quote_id": quote.id,
        "second_snapshot_id": second.snapshot.id, "deleted_step_id": step_ids[3],
        "link_id": shared.link.id, "token": shared.token, "rest": "journeys",
    }, items={"quotes": quote.id, "narratives": narrative.id, "jobs": job.id})


@pytest.fixture
def xss_world(app, session, team) -> World:
    return build_xss_world(app, session, team)


def _check(response, where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code}"
    if response.mimetype in ("image/png", "application/pdf"):  # the map's exports: a picture, a document
        data = response.get_data()
        assert data.startswith(b"\x89PNG" if response.mimetype == "image/png" else b"%PDF"), where
        assert b"/JavaScript" not in data and b"/JS " not in data and b"/Launch" not in data, where
        return
    body = response.get_data(as_text=True)
    if response.mimetype == "text/html":
        assert_inert_html(body, where)
    elif response.mimetype == "image/svg+xml":
        assert_inert_svg(body, where)
    else:
        assert response.mimetype == "application/json", f"{where}: {response.mimetype}"


def _extra_queries(world: World) -> list[str]:
    """Pages whose query string people (or a link from elsewhere) fill in."""
    journey, first, second = world["journey_id"], world["a"], world["b"]
    nasty = short(0, 60)
    return [f"/journeys/{journey}/compare?from={first}&to={second}",
            f"/journeys/{journey}/compare?from={first}&to=live",
            f"/journeys/{journey}/compare?from={first}&to={second}&s=live", f"/journeys/{journey}/compare?from={nasty}",
            f"/w/alpha/quotes?tag={nasty}", f"/w/alpha/quotes?participant={nasty}&from={nasty}",
            f"/w/alpha/experiments?journey={nasty}", f"/w/alpha/participants?method={nasty}",
            f"/journeys/{journey}/history?actor={nasty}&entity={nasty}", f"/journeys/{journey}/history?entity=step",
            f"/steps/{world['deleted_step_id']}/history", f"/steps/{world['step_id']}/evidence/link?kind={nasty}",
            f"/w/alpha/experiments/new?step={nasty}", f"/w/alpha/quotes/new?step={nasty}", f"/login?next={nasty}",
            f"/search?q={nasty}", f"/journeys/{journey}/present?phase=all&step={nasty}",
            f"/journeys/{journey}/present?phase={nasty}", f"/journeys/{journey}/present?snapshot={second}&phase=1",
            f"/journeys/{journey}/export.pdf?paper={nasty}", f"/journeys/{journey}/export.png?snapshot={nasty}",
            *(path.replace("NASTY", quote(nasty, safe="")) for path in (  # echoed ids
                "/journeys/NASTY", "/w/NASTY/", "/quotes/NASTY", "/snapshots/NASTY", "/steps/NASTY/history",
                "/journeys/NASTY/curve.svg", "/api/v1/journeys/NASTY", "/NASTY"))]


def test_nothing_typed_runs_on_any_page_the_app_has(app, login, team, xss_world):
    """Every GET route of the app (route table), as the admin who typed it all, plus query strings."""
    client = login(team.admin)
    paths = [path for route in routes(app) if "GET" in route.methods for _, path in expand(route, xss_world)]
    assert len(paths) >= 80
    for path in paths:
        _check(client.get(path), path)
    for path in _extra_queries(xss_world):
        _check(client.get(path, follow_redirects=True), path)  # with the message the redirect leads to


def test_the_words_are_still_shown_as_typed(login, team, xss_world):
    """Escaped, not stripped: the map, its snapshot, the change log and the header show the payloads as text."""
    client = login(team.admin)
    journey = xss_world["journey_id"]
    map_page = html_tree(client.get(f"/journeys/{journey}").get_data(as_text=True))
    history = html_tree(client.get(f"/journeys/{journey}/history").get_data(as_text=True))
    snapshot = html_tree(client.get(f"/snapshots/{xss_world['b']}").get_data(as_text=True))
    compare = client.get(f"/journeys/{journey}/compare?from={xss_world['a']}&to={xss_world['b']}").get_data(
        as_text=True)

    assert map_page.find("h1").text() == short(2)
    assert short(0, 120) in map_page.find("header").text()  # the workspace's name in the page header
    assert PAYLOADS[1] in map_page.find("table", "map").text()  # a step title with an onerror= image
    assert "javascript:alert('url')" in history.text() and PAYLOADS[7] in history.text()
    assert PAYLOADS[-1].strip("\u2028\u2029") in snapshot.text()
    assert "removed" in compare and "&lt;script class=xss&gt;" in compare


def test_the_curve_chart_and_overlay_svgs_hold_the_words_as_text(login, team, xss_world):
    client = login(team.admin)
    svg = client.get(f"/journeys/{xss_world['journey_id']}/curve.svg").get_data(as_text=True)

    assert_inert_svg(svg, "curve.svg")
    assert "&lt;script class=xss&gt;" in svg or "&lt;img class=xss" in svg
    for page in (f"/experiments/{xss_world['experiment_id']}",
                 f"/journeys/{xss_world['journey_id']}/compare?from={xss_world['a']}&to={xss_world['b']}",
                 f"/journeys/{xss_world['journey_id']}/timeline"):
        html = client.get(page).get_data(as_text=True)
        assert "<svg" in html, page
        assert_inert_html(html, page)  # every inline <svg> parses as XML and holds nothing that runs


def test_search_results_and_snippets_show_what_was_typed_inert(search_engine, login, team, xss_world):
    client = login(team.admin)
    nasty = [short(i, 200) for i in range(len(PAYLOADS))]
    words = ["parcel", "alert", "script", "xss", "onerror", "javascript", "svg"]
    for scope, queries in (("live", words + nasty), ("history", words + nasty[::4])):
        for q in queries:
            response = client.get("/w/alpha/search", query_string={"q": q, "scope": scope, "sort": "date"})
            _check(response, f"search {scope} {q!r}")
    for name in ("tag", "participant", "type", "journey", "phase", "step", "marker", "year", "sentiment"):
        response = client.get("/w/alpha/search", query_string={"q": "parcel", name: nasty[0], "from": nasty[1]})
        _check(response, f"search {name}=…")
    hits = html_tree(client.get("/w/alpha/search", query_string={"q": "alert"}).get_data(as_text=True))
    snippets = [p.text() for p in hits.find_all("p", "search-hit__snippet")]
    assert any("alert" in s for s in snippets)  # found, and shown as the words typed


def _payload_form(data: dict, offset: int) -> dict:
    """The form's fields with every text replaced by a payload (lists too; files kept)."""
    replaced = {}
    for i, (name, value) in enumerate(data.items()):
        if isinstance(value, str):
            replaced[name] = short(offset + i)
        elif isinstance(value, list):
            replaced[name] = [short(offset + i + j) for j in range(len(value))]
        else:
            replaced[name] = value
    return replaced


def test_forms_sent_back_with_payloads_show_them_inert(app, session, login, team, make_map):
    """Every form route (the CSRF test's cases), posted with payloads in every field: the page that
    answers — a form with its errors, or the page it redirects to — is inert."""
    world = build_world(app, session, team, make_map)
    cases = _cases(session)
    client = login(team.admin)
    token = csrf_token_from(client.get("/tokens/").get_data(as_text=True))
    skip = {"auth.logout", "auth.login", "members.remove"}  # they would sign the admin out or leave
    checked = 0
    destructive = ("delete", "remove", "revoke", "restore", "merge", "rename", "mask", "unlink")
    for route in sorted(form_routes(app), key=lambda r: any(word in r.endpoint for word in destructive)):
        if route.endpoint in skip:
            continue
        extra = {name: world[key] for name, key in ENDPOINT_ARGUMENTS.get(route.endpoint, {}).items()}
        for arguments, path in expand(route, world, **extra):
            data = _payload_form(cases[route.endpoint].data(world, arguments), checked)
            if route.endpoint == "imports.upload":
                data["file"] = (io.BytesIO(ALL.encode()), short(checked, 100) + ".csv")
            response = client.post(path, data={**data, "csrf_token": token}, follow_redirects=True)
            _check(response, f"POST {path}")
            checked += 1
    assert checked >= 45


# ---- the checks themselves ---------------------------------------------------------------

def _page(body: str) -> str:
    return f"<!doctype html><html><head><title>Page</title></head><body>{body}</body></html>"


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "class=xss" in p and not p.startswith(("\\u", "&lt;"))])
def test_the_check_catches_each_markup_payload_left_unescaped(payload):
    with pytest.raises(AssertionError):
        assert_inert_html(_page(f"<p>{payload}</p>"), "unescaped in text")


@pytest.mark.parametrize("payload", [PAYLOADS[2], PAYLOADS[4]])
def test_the_check_catches_a_double_quoted_attribute_breakout(payload):
    with pytest.raises(AssertionError):
        assert_inert_html(_page(f'<input name="q" value="{payload}">'), "unescaped in an attribute")


@pytest.mark.parametrize("payload", [PAYLOADS[3], PAYLOADS[5]])
def test_the_check_catches_a_single_quoted_attribute_breakout(payload):
    with pytest.raises(AssertionError):
        assert_inert_html(_page(f"<input name='q' value='{payload}'>"), "unescaped in an attribute")


def test_the_check_catches_a_typed_url_a_template_and_a_broken_svg():
    for broken in (_page('<a href=" javascript:alert(1)">x</a>'), _page("<p>1337</p>"),
                   _page(f"<svg><text>{PAYLOADS[9]}</text></svg>")):
        with pytest.raises(AssertionError):
            assert_inert_html(broken, "broken")
    assert_inert_html(_page("".join(f"<p title=\"{escape(p)}\">{escape(p)}</p>" for p in PAYLOADS)), "escaped")


# ---- in a real browser --------------------------------------------------------------------

FIND_INJECTED = """() => {
  const found = [];
  for (const e of document.querySelectorAll('*')) {
    if ((e.getAttribute('class') || '').includes('xss')) found.push(`<${e.tagName} class=xss>`);
    for (const a of e.attributes) {
      if (a.name.startsWith('on')) found.push(`${e.tagName} ${a.name}`);
      if (['href', 'src', 'action', 'formaction', 'data'].includes(a.name)
          && /^(javascript|vbscript|data:text)/i.test(a.value.replace(/[\\s\\u0000-\\u001f]+/g, '')))
        found.push(`${e.tagName} ${a.name}=${a.value}`);
    }
  }
  return found;
}"""


TRIGGER_HANDLERS = """() => {
  for (const e of document.querySelectorAll('body *')) {
    if (e.focus) e.focus();
    for (const type of ['mouseover', 'mouseenter', 'toggle']) e.dispatchEvent(new Event(type, {bubbles: true}));
  }
}"""


class Api:
    """The JSON API of a live server, with a bearer token."""

    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def __call__(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(f"{self.base}/api/v1{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"Bearer {self.token}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                data = response.read()
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{method} {path}: {error.code} {error.read().decode()[:500]}") from None
        return json.loads(data) if data else {}


def _fill_through_the_api(api: Api) -> dict[str, str]:
    """The payload workspace of build_xss_world, made the way a script would make it."""
    n = iter(range(1000))
    workspace = api("GET", "/workspaces/alpha")
    api("PATCH", "/workspaces/alpha", {"name": short(next(n), 120), "version": workspace["version"]})
    journey = api("POST", "/workspaces/alpha/journeys", {"title": short(next(n)), "description": ALL,
                                                           "persona": short(next(n)), "owner": short(next(n), 120)})
    step_ids = []
    for p in range(2):
        phase = api("POST", f"/journeys/{journey['id']}/phases", {"title": short(next(n)), "goal": ALL})
        for s in range(2):
            step_ids.append(api("POST", f"/phases/{phase['id']}/steps", {
                "title": short(next(n)), "action": ALL, "touchpoint": short(next(n)),
                "channels": [short(next(n), 60)], "need": ALL, "thoughts": ALL, "emotion": (-2, 1, 2, -1)[p * 2 + s],
                "moment_of_truth": {"title": short(next(n)), "description": ALL}, "owner": short(next(n), 120),
                "backstage": {"people": ALL, "policies": ALL, "systems": ALL}})["id"])
    participant = api("POST", "/workspaces/alpha/participants", {"code": short(next(n), 40), "note": ALL,
                                                                 "segment": short(next(n))})
    quote_ = api("POST", "/workspaces/alpha/quotes", {"text": "parcel " + ALL, "participant": participant["code"],
                                                      "source": short(next(n)), "step_ids": step_ids[:2],
                                                      "tags": [short(next(n), 60), "parcel"]})
    narrative = api("POST", "/workspaces/alpha/narratives", {"title": short(next(n)), "body": MARKDOWN_ALL,
                                                             "step_ids": step_ids[:1], "tags": [short(next(n), 60)]})
    job = api("POST", "/workspaces/alpha/jobs", {"situation": ALL, "motivation": ALL, "outcome": ALL,
                                                 "step_ids": step_ids[1:2], "tags": [short(next(n), 60)]})
    api("PATCH", f"/workspaces/alpha/tags/{quote('parcel', safe='')}", {"name": short(next(n), 60)})
    first = api("POST", f"/journeys/{journey['id']}/snapshots", {"label": short(next(n)), "note": ALL,
                                                                 "as_of": days_ago(90).isoformat()})
    experiment = api("POST", "/workspaces/alpha/experiments", {
        "title": short(next(n)), "solution": ALL, "criterion": ALL, "owner": short(next(n), 120),
        "metric": {"name": short(next(n)), "kind": "proportion", "unit": short(next(n), 40), "direction": "decrease"},
        "minimum_effect": 0.05, "design": "before_after", "step_ids": step_ids[:2], "quote_ids": [quote_["id"]],
        "learning": {"observed": ALL, "learned": ALL, "next": ALL}})
    api("POST", f"/experiments/{experiment['id']}/measurements", {
        "group": "baseline", "successes": 60, "trials": 200, "measured_on": days_ago(80).isoformat(), "note": ALL,
        "source": short(next(n))})
    api("POST", f"/experiments/{experiment['id']}/status", {"status": "running", "on": days_ago(70).isoformat()})
    api("POST", f"/experiments/{experiment['id']}/measurements", {
        "group": "follow_up", "successes": 20, "trials": 200, "measured_on": days_ago(40).isoformat(), "note": ALL})
    api("POST", f"/experiments/{experiment['id']}/status", {"status": "concluded", "on": days_ago(35).isoformat(),
                                                            "verdict": "inconclusive", "verdict_reason": ALL})
    step = api("GET", f"/steps/{step_ids[1]}")
    api("PATCH", f"/steps/{step_ids[1]}", {"version": step["version"], "title": short(next(n)), "emotion": 2})
    api("DELETE", f"/steps/{step_ids[3]}")
    second = api("POST", f"/journeys/{journey['id']}/snapshots", {"label": short(next(n)), "note": ALL,
                                                                  "as_of": days_ago(10).isoformat()})
    return {"journey": journey["id"], "step": step_ids[1], "quote": quote_["id"], "narrative": narrative["id"],
            "job": job["id"], "participant": participant["id"], "experiment": experiment["id"],
            "first": first["id"], "second": second["id"]}


@pytest.mark.e2e
def test_a_browser_runs_nothing_typed_on_the_main_pages(live_server, browser):
    """Headless Chromium with the Content-Security-Policy bypassed: no payload opens a dialog, and the
    page the browser built (its own HTML parser, not ours) holds no element, handler or script URL made
    from typed text."""
    live_server.cli("user", "create", "lead@example.org", "--password-stdin", "--workspace", "alpha",
                    input=E2E_PASSWORD + "\n")
    token = live_server.cli("token", "create", "lead@example.org").stdout.strip().splitlines()[-1]
    ids = _fill_through_the_api(Api(live_server.url, token))
    j, nasty = ids["journey"], short(0)
    shared = Api(live_server.url, token)("POST", f"/snapshots/{ids['second']}/share-links", {"expires_in_days": 1})
    pages = [
        "/w/alpha/", "/w/alpha/journeys", f"/journeys/{j}", f"/journeys/{j}/curve.svg", f"/journeys/{j}/timeline",
        f"/snapshots/{ids['first']}", f"/journeys/{j}/compare?from={ids['first']}&to={ids['second']}&s=live",
        f"/journeys/{j}/history", f"/steps/{ids['step']}/history", f"/steps/{ids['step']}/evidence",
        f"/journeys/{j}/present", f"/journeys/{j}/present?phase=all",
        f"/steps/{ids['step']}/edit", f"/journeys/{j}/edit", "/w/alpha/quotes", f"/quotes/{ids['quote']}",
        f"/quotes/{ids['quote']}/edit", f"/narratives/{ids['narrative']}", f"/jobs/{ids['job']}",
        "/w/alpha/participants", f"/participants/{ids['participant']}", "/w/alpha/tags", "/w/alpha/experiments",
        f"/experiments/{ids['experiment']}", f"/experiments/{ids['experiment']}/edit",
        "/w/alpha/search?q=alert", "/w/alpha/search?q=parcel&scope=history",
        f"/w/alpha/search?q={quote(nasty, safe='')}",
        "/w/alpha/members/", "/tokens/", "/profile/", f"/journeys/{j}/share-links", urlparse(shared["url"]).path,
    ]
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    try:
        page.goto(f"{live_server.url}/login")
        page.get_by_label("Email").fill("lead@example.org")
        page.get_by_label("Password").fill(E2E_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/w/alpha/")
        for path in pages:
            response = page.goto(f"{live_server.url}{path}", wait_until="load")
            assert response is not None and response.status == 200, path
            page.evaluate(TRIGGER_HANDLERS)  # an injected onfocus, onmouseover or onclick would fire now
            assert page.evaluate(FIND_INJECTED) == [], path
        assert dialogs == []
    finally:
        context.close()


@pytest.mark.e2e
def test_the_browser_check_catches_a_payload_that_got_through(browser):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.set_content(f"<p>{PAYLOADS[1]}</p><input value='{PAYLOADS[5]}'><a href='{PAYLOADS[6]}'>x</a>")
        page.wait_for_function("() => document.querySelector('img').complete")
        page.evaluate(TRIGGER_HANDLERS)
        assert len(page.evaluate(FIND_INJECTED)) == 4  # the image, its onerror, the onmouseover, the URL
        assert dialogs == ["img", "1"]
    finally:
        context.close()
