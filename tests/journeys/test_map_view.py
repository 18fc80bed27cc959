"""The map view (GET /journeys/{id}): phases as columns, steps in order, the lanes of the
method with the line of visibility, the inline emotion curve and the health panel."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token_from, sign_in
from tests.journeys.helpers import SVG, edit_forms, healthy_layout, page, parse_svg

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases

LANES = ["Customer actions", "Touchpoints & channels", "Thoughts & feelings", "Emotion curve", "Emotion score",
         "Moments of truth", "Needs", "Owner", "Line of visibility", "People & teams", "Policies & processes",
         "Systems", "Employee experience"]


def rich_layout() -> dict[str, list[dict]]:
    return {
        "Dream of a green home": [
            {"title": "See plants at a friend's", "action": "Visits a friend's jungle", "present": False,
             "thoughts": "How does she keep them alive?", "need": "Inspiration", "emotion": 2, "marker": "heart"},
            {"title": "Save pictures", "action": "Saves posts", "touchpoint": "Instagram account",
             "channels": ["Instagram", "Pinterest"], "direct": False, "owner": "Marketing", "emotion": 1,
             "backstage": {"people": "Social media lead", "policies": "Two posts a week", "systems": "Meta Suite"},
             "employee_emotion": 1},
        ],
        "Find plants that suit me": [
            {"title": "Ask in the chat", "action": "Asks which plant survives", "touchpoint": "Chat",
             "channels": ["Web"], "need": "A straight answer", "emotion": -1, "marker": "thundercloud",
             "moment_of_truth": {"title": "Plant information!", "description": "Good advice wins trust"},
             "employee_emotion": -2},
        ],
        "Get the plants home": [],
    }


@pytest.fixture
def rich_map(make_map):
    return make_map(rich_layout(), description="From admiring plants to a green home", persona="First-time owner")


def _map(client, journey_id: str):
    response = client.get(f"/journeys/{journey_id}")
    assert response.status_code == 200, response.status_code
    return page(response)


def _row(tree, lane: str) -> list:
    """The cells of a lane, one per map column."""
    for row in tree.find("table", "map").find_all("tr"):
        header = row.find_all("th", "lane")
        if header and header[0].text() == lane:
            return row.find_all("td")
    raise AssertionError(f"no lane {lane!r}")


def test_phases_are_the_column_headers_in_order(login, team, rich_map):
    tree = _map(login(team.viewer), rich_map.id)

    headers = tree.find_all("th", "phase")

    assert [h.find("span", "phase__title").text() for h in headers] == [
        "Dream of a green home", "Find plants that suit me", "Get the plants home"]
    assert [h.attrs["id"] for h in headers] == [f"phase-{rich_map.phase(t)}" for t in rich_layout()]
    assert [h.attrs["colspan"] for h in headers] == ["2", "1", "1"]  # an empty phase still gets a column


def test_steps_are_in_map_order_and_numbered(login, team, rich_map):
    tree = _map(login(team.viewer), rich_map.id)

    steps = tree.find_all("th", "step")

    titles = ["See plants at a friend's", "Save pictures", "Ask in the chat"]
    assert [s.attrs["id"] for s in steps] == [f"step-{rich_map.step(t)}" for t in titles]
    assert [s.find("span", "step__title").text() for s in steps] == titles
    assert [s.find("span", "step__number").text() for s in steps] == ["1", "2", "3"]
    assert "step--moment" in steps[2].classes and "step--absent" in steps[0].classes
    assert tree.find("td", "step--empty").text() == "No steps"


def test_the_lanes_of_the_method_with_the_line_of_visibility_between_front_and_back_stage(login, team, rich_map):
    tree = _map(login(team.viewer), rich_map.id)

    lanes = [th.text() for th in tree.find("table", "map").find("tbody").find_all("th", "lane")]

    assert lanes == LANES
    assert lanes.index("Owner") < lanes.index("Line of visibility") < lanes.index("People & teams")


def test_each_lane_shows_the_steps_values_in_their_columns(login, team, rich_map):
    tree = _map(login(team.viewer), rich_map.id)

    assert [c.text() for c in _row(tree, "Customer actions")] == [
        "Visits a friend's jungle", "Saves posts", "Asks which plant survives", ""]
    touchpoints = [c.text() for c in _row(tree, "Touchpoints & channels")]
    assert touchpoints[0] == "we are not present"
    assert touchpoints[1] == "Instagram account Instagram Pinterest indirect"
    assert touchpoints[2] == "Chat Web"
    assert [c.text() for c in _row(tree, "Thoughts & feelings")] == [
        "♥ heart How does she keep them alive?", "", "☁ thundercloud", ""]
    assert [c.text() for c in _row(tree, "Moments of truth")] == [
        "", "", "★ Plant information! Good advice wins trust", ""]
    assert [c.text() for c in _row(tree, "Needs")] == ["Inspiration", "", "A straight answer", ""]
    assert [c.text() for c in _row(tree, "Owner")] == ["", "Marketing", "no owner", ""]
    assert [c.text() for c in _row(tree, "People & teams")] == ["", "Social media lead", "", ""]
    assert [c.text() for c in _row(tree, "Policies & processes")] == ["", "Two posts a week", "", ""]
    assert [c.text() for c in _row(tree, "Systems")] == ["", "Meta Suite", "", ""]
    assert [c.text() for c in _row(tree, "Employee experience")] == ["—", "+1", "−2", ""]
    assert [c.text() for c in _row(tree, "Emotion score")] == ["+2", "+1", "−1", ""]


def test_the_header_describes_the_journey(login, team, rich_map, make_map):
    small = make_map({"Only": ["One"]}, title="Tiny")
    client = login(team.viewer)

    header = _map(client, rich_map.id).find("header", "map-header").text()
    assert "Create a thriving home" in header and "hypothesis" in header and "The whole relationship" in header
    assert "First-time owner" in header and "From admiring plants to a green home" in header
    assert "3 steps in 3 phases" in header
    assert "1 step in 1 phase" in _map(client, small.id).find("header", "map-header").text()


def test_the_map_holds_the_emotion_curve_aligned_with_its_steps(login, team, rich_map):
    tree = _map(login(team.viewer), rich_map.id)

    svg = tree.find("td", "curve-cell").find("svg", "curve")
    assert [c.attrs["data-emotion"] for c in svg.find_all("circle", "point")] == ["2", "1", "-1"]
    # the curve's text is said once: the list beside it, which the picture refers to
    assert not svg.find_all("desc")
    assert tree.find("details", "curve-values").find("ol").attrs["id"] == svg.attrs["aria-describedby"]
    assert [li.text() for li in tree.find("details", "curve-values").find_all("li")] == [
        "Step 1 “See plants at a friend's”: +2 (heart)", "Step 2 “Save pictures”: +1",
        "Step 3 “Ask in the chat”: -1 (thundercloud, moment of truth)"]


def test_the_inline_curve_and_the_standalone_one_agree(login, team, rich_map):
    client = login(team.viewer)
    inline = _map(client, rich_map.id).find("svg", "curve")
    standalone = parse_svg(client.get(f"/journeys/{rich_map.id}/curve.svg").get_data(as_text=True))

    # the map's own curve leaves the step ids to the editor's; the points come in the same order
    inline_points = [c.attrs["data-emotion"] for c in inline.find_all("circle")]
    standalone_points = [c.get("data-emotion") for c in standalone.iter(f"{SVG}circle")]
    assert inline_points == standalone_points


def test_the_health_panel_lists_the_findings_and_links_to_what_they_are_about(login, api_as, team, rich_map):
    tree = _map(login(team.viewer), rich_map.id)
    api_findings = api_as(team.viewer).get(f"/api/v1/journeys/{rich_map.id}/health").json["items"]

    panel = tree.find("details", "health", id="health")
    items = panel.find_all("li", "finding")
    assert [li.attrs["data-code"] for li in items] == [f["code"] for f in api_findings]
    assert "open" in panel.attrs  # warnings are shown, not folded away
    for li, finding in zip(items, api_findings):
        assert finding["message"] in li.text()
        links = [a.attrs["href"] for a in li.find_all("a")]
        assert [href.split("-", 1)[1] for href in links] == finding["ids"]
        for href in links:  # each link lands on a column of the map
            assert tree.find_all(id=href[1:]), href
    by_code = {li.attrs["data-code"]: li for li in items}
    assert by_code["phase_without_steps"].find("a").attrs["href"] == f"#phase-{rich_map.phase('Get the plants home')}"
    assert by_code["touchpoint_without_owner"].find("a").attrs["href"] == f"#step-{rich_map.step('Ask in the chat')}"


def test_a_healthy_map_shows_no_warnings(login, team, make_map):
    built = make_map(healthy_layout())

    tree = _map(login(team.viewer), built.id)

    panels = tree.find_all(id="health")
    assert not panels or ("open" not in panels[0].attrs and not panels[0].find_all("li", "finding--warning"))


def test_viewers_see_the_map_without_any_edit_controls(login, team, rich_map):
    tree = _map(login(team.viewer), rich_map.id)

    assert edit_forms(tree) == [f"/journeys/{rich_map.id}/view"]  # zoom and lanes: the reader's own
    assert tree.find_all("select") == [] and tree.find_all("button", "icon-button") == []
    text = tree.find("main").text()
    assert "Edit journey" not in text and "Add a phase" not in text and "+ Step" not in text


def _view(client, journey_id: str, data: dict, **options):
    """Post the map's view settings (the Edit toggle, zoom, lanes) as the page's forms do."""
    token = csrf_token_from(client.get(f"/journeys/{journey_id}").get_data(as_text=True))
    return client.post(f"/journeys/{journey_id}/view", data={"csrf_token": token, **data}, **options)


def test_the_map_opens_for_reading_even_for_editors(login, team, rich_map):
    tree = _map(login(team.editor), rich_map.id)

    assert edit_forms(tree) == [f"/journeys/{rich_map.id}/view"] * 2  # the Edit toggle and the view settings
    assert tree.find_all("select") == [] and tree.find_all("button", "icon-button") == []
    assert not tree.find("table", "map").find_all(attrs={"tabindex": "0"})
    assert "+ Step" not in tree.find("main").text()


def test_the_edit_toggle_is_remembered_for_the_user(app, login, team, rich_map):
    client = login(team.editor)
    toggle = _view(client, rich_map.id, {"editing": "on"})
    assert toggle.status_code == 302

    assert "map--editing" in _map(client, rich_map.id).find("table", "map").attrs["class"]
    elsewhere = app.test_client()  # another browser: the choice is the user's, not the session's
    sign_in(elsewhere, team.editor.email)
    assert "map--editing" in _map(elsewhere, rich_map.id).find("table", "map").attrs["class"]
    _view(client, rich_map.id, {"editing": "off"})
    assert "map--editing" not in _map(client, rich_map.id).find("table", "map").attrs["class"]


def test_a_viewer_who_asks_for_edit_mode_still_sees_no_edit_controls(login, team, rich_map):
    client = login(team.viewer)
    assert _view(client, rich_map.id, {"editing": "on"}).status_code == 302

    tree = _map(client, rich_map.id)
    assert "map--editing" not in tree.find("table", "map").attrs["class"]
    assert tree.find_all("select") == [] and "Edit" not in [b.text() for b in tree.find_all("button")]


def test_zoom_and_hidden_lanes_are_the_readers_own(app, login, team, rich_map):
    client = login(team.viewer)
    _view(client, rich_map.id, {"zoom": "compact", "lanes": ["action", "curve", "scores"]})

    tree = _map(client, rich_map.id)
    assert "map--compact" in tree.find("table", "map").attrs["class"]
    lanes = [th.text() for th in tree.find("table", "map").find("tbody").find_all("th", "lane")]
    assert lanes == ["Customer actions", "Emotion curve", "Emotion score", "Line of visibility"]
    someone_else = app.test_client()
    sign_in(someone_else, team.editor.email)
    others = _map(someone_else, rich_map.id)
    assert [th.text() for th in others.find("table", "map").find("tbody").find_all("th", "lane")] == LANES


def test_a_steps_heart_or_thundercloud_is_shown_once_in_the_header_only_when_thoughts_are_hidden(login, team, rich_map):
    client = login(team.viewer)

    def markers():
        tree = _map(client, rich_map.id)
        heads = [th.find_all("span", "marker") for th in tree.find("tr", "step-row").find_all("th", "step")]
        return [m[0].text() if m else "" for m in heads], tree.find("table", "map").text().count("♥")

    assert markers() == (["", "", ""], 1)  # in the thoughts lane (issue 22: it was said twice)
    _view(client, rich_map.id, {"zoom": "normal", "lanes": ["action", "touchpoint", "curve", "scores"]})
    assert markers() == (["♥ heart", "", "☁ thundercloud"], 1)


def test_a_bad_view_setting_changes_nothing_and_says_why(login, team, rich_map):
    client = login(team.viewer)
    response = _view(client, rich_map.id, {"zoom": "enormous"}, follow_redirects=True)

    assert "zoom must be one of compact, normal, detailed" in response.get_data(as_text=True)
    assert "map--normal" in _map(client, rich_map.id).find("table", "map").attrs["class"]


def test_editors_see_the_edit_controls_in_edit_mode(login, team, rich_map):
    client = login(team.editor)
    _view(client, rich_map.id, {"editing": "on"})
    tree = _map(client, rich_map.id)

    actions = edit_forms(tree)
    assert f"/journeys/{rich_map.id}/phases" in actions
    for title in ("See plants at a friend's", "Save pictures", "Ask in the chat"):
        assert f"/steps/{rich_map.step(title)}/score" in actions
    moves = [b for b in tree.find_all("button", "icon-button") if b.attrs.get("formaction", "").endswith("/move")]
    assert len(moves) == 6
    # only the very first step cannot go earlier; the last one can still go into the empty phase
    assert ["disabled" in b.attrs for b in moves] == [True, False, False, False, False, False]
    assert "Edit journey" in tree.find("main").text()


def test_another_workspace_gets_404_for_the_map(login, team, rich_map):
    assert login(team.outsider).get(f"/journeys/{rich_map.id}").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, rich_map):
    response = client.get(f"/journeys/{rich_map.id}")

    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_map_without_phases_invites_customer_words(login, team, make_map):
    built = make_map()

    client = login(team.editor)
    _view(client, built.id, {"editing": "on"})
    tree = _map(client, built.id)

    assert tree.find_all("table", "map") == []
    assert "customer's words" in tree.find("main").text()
    assert f"/journeys/{built.id}/phases" in edit_forms(tree)


def test_user_text_is_shown_as_text(login, team, make_map):
    nasty = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    built = make_map({nasty: [{"title": nasty, "thoughts": nasty, "emotion": 1,
                               "moment_of_truth": {"title": nasty}}]}, title=nasty)

    response = login(team.editor).get(f"/journeys/{built.id}")

    tree = page(response)
    scripts = [s for s in tree.find_all("script") if not (s.attrs.get("src") or "").startswith("/static/")]
    assert scripts == [] and [i for i in tree.find_all("img") if "onerror" in i.attrs] == []  # only our own files
    assert tree.find("span", "step__title").text() == nasty
    assert tree.find("h1").text() == nasty


def test_the_reading_map_carries_each_step_once_and_no_form_in_its_cells(login, team, make_map):
    """Read mode is the light page (issue 22): every step's words once in the table and its point
    once on the curve, said once more as the curve's text, and no form inside the map."""
    titles = [f"Task {letter}" for letter in "ABCDEFGHIJKL"]
    built = make_map({"Find": [{"title": t, "emotion": 1, "marker": "heart"} for t in titles[:6]],
                      "Buy": [{"title": t, "emotion": -1} for t in titles[6:]]})

    tree = _map(login(team.editor), built.id)

    table = tree.find("table", "map")
    heads = table.find_all("th", "step")
    assert [th.find("span", "step__title").text() for th in heads] == titles
    assert [th.attrs["id"] for th in heads] == [f"step-{built.step(t)}" for t in titles]
    assert not any(t in table.find("svg", "curve").text() for t in titles)  # the curve says them in the list
    assert len(table.find("svg", "curve").find_all("circle", "point")) == len(titles)
    assert [li.text().split(":")[0] for li in tree.find("details", "curve-values").find_all("li")] == [
        f"Step {n} “{t}”" for n, t in enumerate(titles, 1)]
    assert table.find_all("form") == [] and table.find_all("select") == [] and table.find_all("input") == []
