"""The emotion curve as a standalone SVG (GET /journeys/{id}/curve.svg), parsed as XML:
points sit at their steps, gaps where a step has no score, markers and moments of truth
drawn at their steps, phase bands labelled, and a text alternative."""

from __future__ import annotations

import pytest

from tests.journeys.helpers import SVG, parse_svg, polyline_points, svg_all

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def curve_layout() -> dict[str, list[dict]]:
    return {
        "Dream of a green home": [
            {"title": "See plants at a friend's", "emotion": 2, "marker": "heart"},
            {"title": "Doubt my green thumb", "emotion": -1, "marker": "thundercloud"},
        ],
        "Find plants that suit me": [
            {"title": "Search for easy plants", "emotion": 0},
            {"title": "Ask in the chat"},  # no score: a gap in the curve
            {"title": "Identify a plant", "emotion": 1, "moment_of_truth": {"title": "Identify plants!"}},
        ],
        "Get the plants home": [
            {"title": "Pay", "emotion": 1},
            {"title": "Unpack the plants", "emotion": -2, "marker": "thundercloud",
             "moment_of_truth": {"title": "Half-good quality!"}},
        ],
    }


SCORED = ["See plants at a friend's", "Doubt my green thumb", "Search for easy plants", "Identify a plant",
          "Pay", "Unpack the plants"]


@pytest.fixture
def curve_map(make_map):
    return make_map(curve_layout())


def _curve(api, journey_id: str):
    response = api.get(f"/journeys/{journey_id}/curve.svg")
    assert response.status_code == 200, response.get_data(as_text=True)
    return parse_svg(response.get_data(as_text=True))


def _circles(root) -> dict[str, dict]:
    return {c.get("data-step-id"): {"x": float(c.get("cx")), "y": float(c.get("cy"))}
            for c in svg_all(root, "circle") if c.get("data-step-id")}


# ---- who may see it ----------------------------------------------------------------------

def test_the_curve_is_an_svg_image_for_a_token(viewer_api, curve_map):
    response = viewer_api.get(f"/journeys/{curve_map.id}/curve.svg")

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    parse_svg(response.get_data(as_text=True))


def test_the_curve_for_a_signed_in_browser(login, team, curve_map):
    response = login(team.viewer).get(f"/journeys/{curve_map.id}/curve.svg")

    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert len(_circles(parse_svg(response.get_data(as_text=True)))) == len(SCORED)


def test_the_curve_needs_a_session_or_a_token(client, curve_map):
    assert client.get(f"/journeys/{curve_map.id}/curve.svg").status_code == 401
    bad_token = client.get(f"/journeys/{curve_map.id}/curve.svg", headers={"Authorization": "Bearer nonsense"})
    assert bad_token.status_code == 401


def test_another_workspace_gets_404_for_the_curve(api_as, login, team, curve_map):
    assert api_as(team.outsider).get(f"/journeys/{curve_map.id}/curve.svg").status_code == 404
    assert login(team.outsider).get(f"/journeys/{curve_map.id}/curve.svg").status_code == 404


def test_the_curve_of_a_journey_that_does_not_exist_is_404(viewer_api):
    assert viewer_api.get("/journeys/nope/curve.svg").status_code == 404


# ---- what it shows -----------------------------------------------------------------------

def test_one_point_per_scored_step_in_map_order_from_left_to_right(viewer_api, curve_map):
    root = _curve(viewer_api, curve_map.id)

    circles = [c for c in svg_all(root, "circle") if c.get("data-step-id")]
    assert [c.get("data-step-id") for c in circles] == [curve_map.step(t) for t in SCORED]
    xs = [float(c.get("cx")) for c in circles]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert curve_map.step("Ask in the chat") not in {c.get("data-step-id") for c in circles}


def test_a_happier_step_sits_higher(viewer_api, curve_map):
    points = _circles(_curve(viewer_api, curve_map.id))
    y = {title: points[curve_map.step(title)]["y"] for title in SCORED}

    assert y["See plants at a friend's"] < y["Pay"] < y["Search for easy plants"] < y["Doubt my green thumb"] \
        < y["Unpack the plants"]
    assert y["Pay"] == y["Identify a plant"]  # the same score, the same height


def test_the_line_breaks_where_a_step_has_no_score(viewer_api, curve_map):
    root = _curve(viewer_api, curve_map.id)
    points = _circles(root)

    segments = [polyline_points(line) for line in svg_all(root, "polyline")]

    expected = [["See plants at a friend's", "Doubt my green thumb", "Search for easy plants"],
                ["Identify a plant", "Pay", "Unpack the plants"]]
    assert [[(x, y) for x, y in segment] for segment in segments] == [
        [(points[curve_map.step(t)]["x"], points[curve_map.step(t)]["y"]) for t in titles] for titles in expected]


def test_a_phase_without_steps_also_breaks_the_line(viewer_api, make_map):
    built = make_map({"Before": [{"title": "A", "emotion": 1}], "Nothing yet": [],
                      "After": [{"title": "B", "emotion": -1}, {"title": "C", "emotion": 0}]})

    root = _curve(viewer_api, built.id)

    assert [len(polyline_points(line)) for line in svg_all(root, "polyline")] == [1, 2]


def test_an_unscored_map_draws_no_line_and_no_points(viewer_api, make_map):
    built = make_map({"Dream": [{"title": "A"}, {"title": "B"}]})

    root = _curve(viewer_api, built.id)

    assert svg_all(root, "polyline") == [] and _circles(root) == {}
    assert "no score" in root.find(f"{SVG}desc").text


def test_hearts_and_thunderclouds_are_drawn_at_their_steps(viewer_api, curve_map):
    root = _curve(viewer_api, curve_map.id)
    points = _circles(root)

    markers = {(u.get("data-step-id"), u.get("class")) for u in svg_all(root, "use")}

    assert markers == {(curve_map.step("See plants at a friend's"), "marker marker--heart"),
                       (curve_map.step("Doubt my green thumb"), "marker marker--thundercloud"),
                       (curve_map.step("Unpack the plants"), "marker marker--thundercloud")}
    for use in svg_all(root, "use"):
        step_x = points[use.get("data-step-id")]["x"]
        assert step_x <= float(use.get("x")) <= step_x + 30  # beside its point, not another step's
        assert use.get("href").endswith("-" + use.get("class").split("--")[1])


def test_moments_of_truth_are_highlighted_at_their_steps(viewer_api, curve_map):
    root = _curve(viewer_api, curve_map.id)
    points = _circles(root)

    moments = svg_all(root, "rect", "moment")

    assert [m.get("data-step-id") for m in moments] == [curve_map.step("Identify a plant"),
                                                         curve_map.step("Unpack the plants")]
    for moment in moments:
        x, width = float(moment.get("x")), float(moment.get("width"))
        assert x < points[moment.get("data-step-id")]["x"] < x + width
    assert [m.find(f"{SVG}title").text for m in moments] == [
        "Moment of truth: Identify plants!", "Moment of truth: Half-good quality!"]


def test_phase_bands_are_labelled_and_hold_their_steps(viewer_api, curve_map):
    root = _curve(viewer_api, curve_map.id)
    points = _circles(root)

    bands = svg_all(root, "rect", "band")
    labels = [t.text for t in svg_all(root, "text", "band-label")]

    titles = ["Dream of a green home", "Find plants that suit me", "Get the plants home"]
    assert [b.find(f"{SVG}title").text for b in bands] == titles
    assert len(labels) == 3
    for label, title in zip(labels, titles):  # a long name may be shortened to fit its band
        assert label == title or (label.endswith("…") and title.startswith(label[:-1]))
    assert labels[0] == "Dream of a green home"
    members = {"Dream of a green home": ["See plants at a friend's", "Doubt my green thumb"],
               "Find plants that suit me": ["Search for easy plants", "Identify a plant"],
               "Get the plants home": ["Pay", "Unpack the plants"]}
    for band, title in zip(bands, titles):
        left, right = float(band.get("x")), float(band.get("x")) + float(band.get("width"))
        for step in members[title]:
            assert left < points[curve_map.step(step)]["x"] < right, (title, step)
    widths = [float(b.get("width")) for b in bands]
    assert widths[0] * 3 == widths[1] * 2 == widths[2] * 3  # as wide as their steps: 2, 3, 2


def test_the_curve_has_a_title_and_lists_its_values_as_text(viewer_api, curve_map):
    root = _curve(viewer_api, curve_map.id)

    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Emotion curve of “Create a thriving home”"
    assert root.get("role") == "img"
    assert set(root.get("aria-labelledby").split()) == {title.get("id"), desc.get("id")}
    assert desc.text.split("; ") == [
        "Step 1 “See plants at a friend's”: +2 (heart)",
        "Step 2 “Doubt my green thumb”: -1 (thundercloud)",
        "Step 3 “Search for easy plants”: 0",
        "Step 4 “Ask in the chat”: no score",
        "Step 5 “Identify a plant”: +1 (moment of truth)",
        "Step 6 “Pay”: +1",
        "Step 7 “Unpack the plants”: -2 (thundercloud, moment of truth)",
    ]


def test_each_point_names_its_step_and_value(viewer_api, curve_map):
    root = _curve(viewer_api, curve_map.id)

    tips = {c.get("data-step-id"): c.find(f"{SVG}title").text for c in svg_all(root, "circle")}

    assert tips[curve_map.step("Pay")] == "Step 6 “Pay”: +1"


def test_the_curve_follows_a_reordered_step(api_as, team, viewer_api, curve_map):
    step_id = curve_map.step("Unpack the plants")
    assert api_as(team.editor).patch(f"/api/v1/steps/{step_id}", json={
        "phase_id": curve_map.phase("Dream of a green home"), "position": 0, "version": 1}).status_code == 200

    circles = [c.get("data-step-id") for c in svg_all(_curve(viewer_api, curve_map.id), "circle")]

    assert circles[0] == step_id


def test_user_text_cannot_break_out_of_the_svg(viewer_api, make_map):
    nasty = '<script>alert("x")</script> & "quoted" \'single\''
    built = make_map({f"</title><script>alert(1)</script>{nasty}": [
        {"title": nasty, "emotion": 1, "marker": "heart", "moment_of_truth": {"title": nasty}},
        {"title": '"><script>alert(2)</script>', "emotion": -1},
    ]}, title=nasty)

    response = viewer_api.get(f"/journeys/{built.id}/curve.svg")

    root = parse_svg(response.get_data(as_text=True))  # still well-formed
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert root.find(f"{SVG}title").text == f"Emotion curve of “{nasty}”"
    assert nasty in root.find(f"{SVG}desc").text
    tips = [c.find(f"{SVG}title").text for c in svg_all(root, "circle")]
    assert tips == [f"Step 1 “{nasty}”: +1 (heart, moment of truth)", 'Step 2 “"><script>alert(2)</script>”: -1']
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_text_pasted_from_slides_keeps_the_svg_well_formed(viewer_api, make_map):
    # PowerPoint and Word put a vertical tab where a line breaks; XML cannot hold one
    built = make_map({"Find\x0cplants": [{"title": "Line one\x0bline two", "emotion": 1,
                                          "moment_of_truth": {"title": "Plant\x1finformation!"}}]})

    root = parse_svg(viewer_api.get(f"/journeys/{built.id}/curve.svg").get_data(as_text=True))

    [tip] = [c.find(f"{SVG}title").text for c in svg_all(root, "circle")]
    assert tip == "Step 1 “Line one line two”: +1 (moment of truth)"
    assert svg_all(root, "rect", "band")[0].find(f"{SVG}title").text == "Find plants"
