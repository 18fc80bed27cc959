"""Editing a journey map in the browser, without JavaScript: the journey list and form, adding
and editing phases and steps, the quick score, move buttons, deletes, and stale edits."""

from __future__ import annotations

import pytest

from insightrepo.journeys import journeys, phases, steps
from tests.conftest import csrf_token_from
from tests.journeys.helpers import layout_of, main_text, page, stored_journey, stored_phase, stored_step


def _token(client, url: str) -> str:
    return csrf_token_from(client.get(url).get_data(as_text=True))


def _post(client, url: str, data: dict, token_from: str):
    return client.post(url, data={**data, "csrf_token": _token(client, token_from)})


def _value(tree, name: str) -> str | None:
    """The value a form control shows: an input's value, a textarea's text, a select's choice."""
    [control] = [n for n in tree.find("main").iter() if n.attrs.get("name") == name and n.tag != "button"]
    if control.tag == "textarea":
        return control.text()
    if control.tag == "select":
        chosen = [o for o in control.find_all("option") if "selected" in o.attrs]
        return chosen[0].attrs["value"] if chosen else None
    if control.attrs.get("type") == "checkbox":
        return "checked" if "checked" in control.attrs else ""
    return control.attrs.get("value")


def _errors(tree) -> dict[str, str]:
    """Field id → its error message."""
    return {p.attrs["id"].removesuffix("-error"): p.text() for p in tree.find_all("p", "error")}


def _step_form(step: dict) -> dict:
    """What the step form posts for ``step`` (checkboxes only when ticked)."""
    data = {"title": "", "phase_id": "", "action": "", "touchpoint": "", "channels": "", "need": "", "thoughts": "",
            "emotion": "", "marker": "", "mot_title": "", "mot_description": "", "owner": "",
            "backstage_people": "", "backstage_policies": "", "backstage_systems": "", "employee_emotion": "",
            "direct": "y", "present": "y"}
    data.update(step)
    return {k: v for k, v in data.items() if v is not None}


# ---- the journey list and the journey form ----------------------------------------------

def test_the_journey_list_shows_active_journeys_and_the_archived_ones_on_their_tab(editor_web, session, team, make_map):
    make_map({"Dream": ["A", "B"], "Find": ["C"]}, title="Create a thriving home")
    old = make_map(title="Order plants by phone")
    journeys.update_journey(session, team.admin, old.id, 1, {"archived": True})
    session.commit()

    active = page(editor_web.get("/w/alpha/journeys"))
    archived = page(editor_web.get("/w/alpha/journeys?archived=true"))

    assert [li.find("h2").text() for li in active.find_all("li", "journey-card")] == ["Create a thriving home"]
    assert "2 phases, 3 steps" in active.find("li", "journey-card").text()
    assert [li.find("h2").text() for li in archived.find_all("li", "journey-card")] == ["Order plants by phone"]
    assert active.find("nav", "tabs").find("a", aria_current="page").text() == "Active"
    assert archived.find("nav", "tabs").find("a", aria_current="page").text() == "Archived"


def test_an_empty_archive_says_so(editor_web, make_map):
    make_map()

    assert "No archived journeys." in main_text(editor_web.get("/w/alpha/journeys?archived=true"))


def test_creating_a_journey_from_the_form(editor_web, session, team):
    response = _post(editor_web, "/w/alpha/journeys/new", {
        "title": "Create a thriving home", "description": "", "scope": "episode", "kind": "researched",
        "persona": "First-time owner", "owner": "CX team"}, "/w/alpha/journeys/new")

    assert response.status_code == 302
    journey_id = response.headers["Location"].rsplit("/", 1)[1]
    saved = stored_journey(session, journey_id)
    assert (saved.title, saved.scope, saved.kind, saved.persona, saved.owner) == (
        "Create a thriving home", "episode", "researched", "First-time owner", "CX team")
    assert "Create a thriving home" in main_text(editor_web.get(response.headers["Location"]))


def test_a_journey_without_a_title_is_not_created(editor_web):
    response = _post(editor_web, "/w/alpha/journeys/new", {"title": "  ", "scope": "whole", "kind": "hypothesis"},
                     "/w/alpha/journeys/new")

    assert response.status_code == 200
    assert _errors(page(response)) == {"title": "This field is required."}
    assert "No journeys yet." in main_text(editor_web.get("/w/alpha/journeys"))


def test_a_journey_title_that_is_too_long_gets_a_message(editor_web):
    response = _post(editor_web, "/w/alpha/journeys/new", {"title": "x" * 201, "scope": "whole", "kind": "hypothesis"},
                     "/w/alpha/journeys/new")

    assert "title" in _errors(page(response))
    assert "200" in _errors(page(response))["title"]


def test_editing_and_archiving_a_journey(editor_web, session, make_map):
    built = make_map()
    form = page(editor_web.get(f"/journeys/{built.id}/edit"))
    assert (_value(form, "title"), _value(form, "version")) == ("Create a thriving home", "1")

    response = _post(editor_web, f"/journeys/{built.id}/edit", {
        "title": "Make my home green", "scope": "whole", "kind": "hypothesis", "archived": "y",
        "version": "1"}, f"/journeys/{built.id}/edit")

    assert response.status_code == 302
    saved = stored_journey(session, built.id)
    assert (saved.title, saved.archived, saved.version) == ("Make my home green", True, 2)
    archived = page(editor_web.get("/w/alpha/journeys?archived=true"))
    assert [li.find("h2").text() for li in archived.find_all("li", "journey-card")] == ["Make my home green"]


def test_a_stale_journey_edit_says_someone_else_changed_it(editor_web, session, team, make_map):
    built = make_map()
    journeys.update_journey(session, team.admin, built.id, 1, {"owner": "Ada"})
    session.commit()

    response = _post(editor_web, f"/journeys/{built.id}/edit", {
        "title": "Mine", "scope": "whole", "kind": "hypothesis", "version": "1"}, f"/journeys/{built.id}/edit")

    assert response.status_code == 200
    assert "Someone else changed this since you loaded it." in main_text(response)
    assert _value(page(response), "title") == "Mine"
    assert _value(page(response), "version") == "2"  # saving again replaces theirs
    assert stored_journey(session, built.id).title == "Create a thriving home"


def test_viewers_cannot_open_the_journey_forms(login, team, make_map):
    built = make_map()
    viewer = login(team.viewer)

    assert viewer.get("/w/alpha/journeys/new").status_code == 403
    assert viewer.get(f"/journeys/{built.id}/edit").status_code == 403
    assert "New journey" not in main_text(viewer.get("/w/alpha/journeys"))


# ---- phases ------------------------------------------------------------------------------

def test_adding_a_phase_from_the_map(editor_web, session, unscored_plant_map):
    response = _post(editor_web, f"/journeys/{unscored_plant_map.id}/phases",
                     {"title": "Make the plants thrive", "goal": "Keep them alive"}, f"/journeys/{unscored_plant_map.id}")

    assert response.status_code == 302
    assert list(layout_of(session, unscored_plant_map.id))[-1] == "Make the plants thrive"
    phase_id = response.headers["Location"].split("#phase-")[1]
    assert stored_phase(session, phase_id).goal == "Keep them alive"
    tree = page(editor_web.get(f"/journeys/{unscored_plant_map.id}"))
    assert tree.find_all("th", "phase")[-1].find("span", "phase__title").text() == "Make the plants thrive"


def test_a_phase_without_a_name_is_not_added(editor_web, session, unscored_plant_map):
    response = _post(editor_web, f"/journeys/{unscored_plant_map.id}/phases", {"title": "", "goal": "Something"},
                     f"/journeys/{unscored_plant_map.id}")

    assert response.status_code == 422
    assert _errors(page(response)) == {"title": "This field is required."}
    assert len(layout_of(session, unscored_plant_map.id)) == 3


def test_renaming_a_phase(editor_web, session, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Get the plants home")
    assert _value(page(editor_web.get(f"/phases/{phase_id}/edit")), "title") == "Get the plants home"

    response = _post(editor_web, f"/phases/{phase_id}/edit", {"title": "Bring the plants home", "goal": "Healthy plants",
                                                          "version": "1"}, f"/phases/{phase_id}/edit")

    assert response.status_code == 302
    saved = stored_phase(session, phase_id)
    assert (saved.title, saved.goal, saved.version) == ("Bring the plants home", "Healthy plants", 2)


def test_a_stale_phase_edit_shows_their_version(editor_web, session, team, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Get the plants home")
    phases.update_phase(session, team.admin, phase_id, 1, {"title": "Their name"})
    session.commit()

    response = _post(editor_web, f"/phases/{phase_id}/edit", {"title": "My name", "goal": "", "version": "1"},
                     f"/phases/{phase_id}/edit")

    text = main_text(response)
    assert "Someone changed this phase while you were editing." in text and "“Their name”" in text
    assert _value(page(response), "title") == "My name"
    assert stored_phase(session, phase_id).title == "Their name"


def test_moving_a_phase_later_and_earlier(editor_web, session, unscored_plant_map):
    first = unscored_plant_map.phase("Dream of a green home")

    _post(editor_web, f"/phases/{first}/move", {"direction": "later", "version": "1"}, f"/journeys/{unscored_plant_map.id}")
    assert list(layout_of(session, unscored_plant_map.id)) == [
        "Find plants that suit me", "Dream of a green home", "Get the plants home"]

    _post(editor_web, f"/phases/{first}/move", {"direction": "earlier", "version": "2"}, f"/journeys/{unscored_plant_map.id}")
    assert list(layout_of(session, unscored_plant_map.id)) == [
        "Dream of a green home", "Find plants that suit me", "Get the plants home"]


def test_a_phase_with_steps_is_deleted_only_when_its_steps_go_too(editor_web, session, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Find plants that suit me")

    refused = _post(editor_web, f"/phases/{phase_id}/delete", {}, f"/phases/{phase_id}/edit")

    assert refused.status_code == 302 and refused.headers["Location"].endswith(f"/phases/{phase_id}/edit")
    edit_page = editor_web.get(refused.headers["Location"])
    assert "still has 2 steps" in main_text(edit_page)
    assert "Also delete its steps" in main_text(edit_page)
    assert "Find plants that suit me" in layout_of(session, unscored_plant_map.id)

    deleted = _post(editor_web, f"/phases/{phase_id}/delete", {"cascade": "y", "confirmed": "yes"},
                    f"/phases/{phase_id}/edit")

    assert deleted.status_code == 302
    assert "Phase “Find plants that suit me” deleted." in main_text(editor_web.get(deleted.headers["Location"]))
    assert list(layout_of(session, unscored_plant_map.id)) == ["Dream of a green home", "Get the plants home"]
    assert stored_step(session, unscored_plant_map.step("Ask in the chat")) is None


# ---- steps -------------------------------------------------------------------------------

def test_adding_a_step_with_the_form(editor_web, session, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Get the plants home")
    form = page(editor_web.get(f"/phases/{phase_id}/steps/new"))
    assert _value(form, "phase_id") == phase_id  # the phase it was opened from
    assert (_value(form, "direct"), _value(form, "present")) == ("checked", "checked")

    response = _post(editor_web, f"/phases/{phase_id}/steps/new", _step_form({
        "title": "Wait for the parcel", "phase_id": phase_id, "action": "Checks the tracking page",
        "touchpoint": "Tracking email", "channels": "Email, SMS, email", "need": "Know when it arrives",
        "thoughts": "Will they survive the trip?", "emotion": "-1", "marker": "thundercloud",
        "mot_title": "Half-good quality!", "mot_description": "Damaged plants end it", "owner": "Logistics",
        "backstage_people": "Carrier", "backstage_policies": "Ship Mon–Wed", "backstage_systems": "TMS",
        "employee_emotion": "0", "direct": None}), f"/phases/{phase_id}/steps/new")

    assert response.status_code == 302
    step_id = response.headers["Location"].split("#step-")[1]
    saved = stored_step(session, step_id)
    assert (saved.title, saved.phase_id, saved.position) == ("Wait for the parcel", phase_id, 2)
    assert saved.channels == ["Email", "SMS"]
    assert (saved.emotion, saved.marker, saved.employee_emotion) == (-1, "thundercloud", 0)
    assert saved.moment_of_truth == {"title": "Half-good quality!", "description": "Damaged plants end it"}
    assert saved.backstage == {"people": "Carrier", "policies": "Ship Mon–Wed", "systems": "TMS"}
    assert (saved.direct, saved.present, saved.owner) == (False, True, "Logistics")


def test_a_new_step_can_go_into_another_phase_chosen_in_the_form(editor_web, session, unscored_plant_map):
    opened_from, chosen = unscored_plant_map.phase("Get the plants home"), unscored_plant_map.phase("Dream of a green home")

    response = _post(editor_web, f"/phases/{opened_from}/steps/new", _step_form({"title": "Admire a café's plants",
                                                                             "phase_id": chosen}),
                     f"/phases/{opened_from}/steps/new")

    assert response.status_code == 302
    assert layout_of(session, unscored_plant_map.id)["Dream of a green home"][-1] == "Admire a café's plants"


def test_a_step_with_bad_fields_is_not_added_and_the_messages_sit_at_the_fields(editor_web, session, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Get the plants home")

    response = _post(editor_web, f"/phases/{phase_id}/steps/new",
                     _step_form({"title": "", "phase_id": phase_id, "channels": "x" * 61}),
                     f"/phases/{phase_id}/steps/new")
    assert _errors(page(response)) == {"title": "This field is required."}

    response = _post(editor_web, f"/phases/{phase_id}/steps/new",
                     _step_form({"title": "Pay again", "phase_id": phase_id, "channels": "x" * 61}),
                     f"/phases/{phase_id}/steps/new")
    assert _errors(page(response)) == {"channels": "each channel must be at most 60 characters"}
    assert _value(page(response), "title") == "Pay again"  # what was typed is kept
    assert layout_of(session, unscored_plant_map.id)["Get the plants home"] == ["Pay", "Unpack the plants"]


def test_editing_a_step_keeps_its_id(editor_web, session, make_map):
    built = make_map({"Get home": [{"title": "Pay", "channels": ["Web", "App"], "emotion": 1, "marker": "heart",
                                    "moment_of_truth": {"title": "Easy checkout!"}}]})
    step_id = built.step("Pay")
    form = page(editor_web.get(f"/steps/{step_id}/edit"))
    assert [_value(form, n) for n in ("title", "channels", "emotion", "marker", "mot_title", "version")] == [
        "Pay", "Web, App", "1", "heart", "Easy checkout!", "1"]

    response = _post(editor_web, f"/steps/{step_id}/edit", _step_form({
        "title": "Pay with Swish", "phase_id": built.phase("Get home"), "channels": "App", "emotion": "2",
        "marker": "", "mot_title": "", "version": "1"}), f"/steps/{step_id}/edit")

    assert response.status_code == 302 and response.headers["Location"].endswith(f"#step-{step_id}")
    saved = stored_step(session, step_id)
    assert (saved.id, saved.title, saved.channels, saved.emotion, saved.marker, saved.moment_of_truth,
            saved.version) == (step_id, "Pay with Swish", ["App"], 2, None, None, 2)
    assert "Step “Pay with Swish” saved." in main_text(editor_web.get(response.headers["Location"]))


def test_choosing_another_phase_in_the_step_form_moves_the_step_there_last(editor_web, session, unscored_plant_map):
    step_id = unscored_plant_map.step("See plants at a friend's")

    response = _post(editor_web, f"/steps/{step_id}/edit", _step_form({
        "title": "See plants at a friend's", "phase_id": unscored_plant_map.phase("Get the plants home"), "version": "1"}),
        f"/steps/{step_id}/edit")

    assert response.status_code == 302
    layout = layout_of(session, unscored_plant_map.id)
    assert layout["Get the plants home"] == ["Pay", "Unpack the plants", "See plants at a friend's"]
    assert layout["Dream of a green home"] == ["Save pictures"]
    assert stored_step(session, step_id).id == step_id


def test_a_stale_step_edit_shows_their_version_and_keeps_yours(editor_web, session, team, unscored_plant_map):
    step_id = unscored_plant_map.step("Pay")
    form_page = f"/steps/{step_id}/edit"
    token = _token(editor_web, form_page)  # I open the form …
    steps.update_step(session, team.admin, step_id, 1, {  # … a colleague saves first …
        "title": "Pay by invoice", "emotion": -1, "thoughts": "Why no Swish?", "owner": "Payments"})
    session.commit()

    mine = _step_form({"title": "Pay with Swish", "phase_id": unscored_plant_map.phase("Get the plants home"),
                       "thoughts": "So quick!", "emotion": "2", "version": "1", "csrf_token": token})
    response = editor_web.post(form_page, data=mine)  # … and I save mine

    assert response.status_code == 409
    tree = page(response)
    stale = tree.find("div", id="stale")
    assert "Someone changed this step while you were editing; here is their version." in stale.text()
    theirs = stale.find("dl", "theirs").text()
    assert "Pay by invoice" in theirs and "Why no Swish?" in theirs and "Payments" in theirs
    assert [_value(tree, n) for n in ("title", "thoughts", "emotion", "version")] == [
        "Pay with Swish", "So quick!", "2", "2"]
    assert stored_step(session, step_id).title == "Pay by invoice"

    again = editor_web.post(form_page, data={**mine, "version": "2"})  # saving again replaces theirs

    assert again.status_code == 302
    saved = stored_step(session, step_id)
    assert (saved.title, saved.thoughts, saved.emotion, saved.version) == ("Pay with Swish", "So quick!", 2, 3)


def test_the_quick_score_sets_emotion_and_marker(editor_web, session, unscored_plant_map):
    step_id = unscored_plant_map.step("Unpack the plants")

    response = _post(editor_web, f"/steps/{step_id}/score", {"emotion": "-2", "marker": "thundercloud", "version": "1"},
                     f"/journeys/{unscored_plant_map.id}")

    assert response.status_code == 302 and response.headers["Location"].endswith(f"#step-{step_id}")
    saved = stored_step(session, step_id)
    assert (saved.emotion, saved.marker, saved.version) == (-2, "thundercloud", 2)
    tree = page(editor_web.get(f"/journeys/{unscored_plant_map.id}"))
    assert [c.attrs["data-emotion"] for c in tree.find_all("circle", "point")] == ["-2"]  # the only scored step

    _post(editor_web, f"/steps/{step_id}/score", {"emotion": "", "marker": "", "version": "2"}, f"/journeys/{unscored_plant_map.id}")

    saved = stored_step(session, step_id)
    assert (saved.emotion, saved.marker) == (None, None)


def test_a_stale_quick_score_is_not_applied_and_says_why(editor_web, session, team, unscored_plant_map):
    step_id = unscored_plant_map.step("Pay")
    steps.update_step(session, team.admin, step_id, 1, {"emotion": 1})
    session.commit()

    response = _post(editor_web, f"/steps/{step_id}/score", {"emotion": "-2", "marker": "", "version": "1"},
                     f"/journeys/{unscored_plant_map.id}")

    assert "Someone changed “Pay” meanwhile" in main_text(editor_web.get(response.headers["Location"]))
    assert stored_step(session, step_id).emotion == 1


def _move(client, unscored_plant_map, session, title: str, direction: str):
    step_id = unscored_plant_map.step(title)
    version = stored_step(session, step_id).version
    response = _post(client, f"/steps/{step_id}/move", {"direction": direction, "version": str(version)},
                     f"/journeys/{unscored_plant_map.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#step-{step_id}")
    return layout_of(session, unscored_plant_map.id)


def test_move_buttons_reorder_within_a_phase(editor_web, session, unscored_plant_map):
    layout = _move(editor_web, unscored_plant_map, session, "Pay", "later")

    assert layout["Get the plants home"] == ["Unpack the plants", "Pay"]

    layout = _move(editor_web, unscored_plant_map, session, "Pay", "earlier")

    assert layout["Get the plants home"] == ["Pay", "Unpack the plants"]


def test_move_buttons_cross_a_phase_edge(editor_web, session, unscored_plant_map):
    layout = _move(editor_web, unscored_plant_map, session, "Save pictures", "later")

    assert layout["Dream of a green home"] == ["See plants at a friend's"]
    assert layout["Find plants that suit me"] == ["Save pictures", "Search for easy plants", "Ask in the chat"]

    layout = _move(editor_web, unscored_plant_map, session, "Pay", "earlier")

    assert layout["Find plants that suit me"] == ["Save pictures", "Search for easy plants", "Ask in the chat", "Pay"]
    assert layout["Get the plants home"] == ["Unpack the plants"]
    assert stored_step(session, unscored_plant_map.step("Pay")).phase_id == unscored_plant_map.phase("Find plants that suit me")


def test_the_first_step_cannot_move_earlier_nor_the_last_later(editor_web, session, unscored_plant_map):
    before = layout_of(session, unscored_plant_map.id)

    assert _move(editor_web, unscored_plant_map, session, "See plants at a friend's", "earlier") == before
    assert _move(editor_web, unscored_plant_map, session, "Unpack the plants", "later") == before


def test_a_move_reorders_the_map_and_its_curve(editor_web, session, make_map):
    built = make_map({"Dream": [{"title": "Happy", "emotion": 2}, {"title": "Sad", "emotion": -2}]})

    _post(editor_web, f"/steps/{built.step('Sad')}/move", {"direction": "earlier", "version": "1"}, f"/journeys/{built.id}")

    tree = page(editor_web.get(f"/journeys/{built.id}"))
    assert [s.find("span", "step__title").text() for s in tree.find_all("th", "step")] == ["Sad", "Happy"]
    assert [c.attrs["data-emotion"] for c in tree.find("svg", "curve").find_all("circle")] == ["-2", "2"]


def test_deleting_a_step(editor_web, session, unscored_plant_map):
    step_id = unscored_plant_map.step("See plants at a friend's")

    response = _post(editor_web, f"/steps/{step_id}/delete", {"confirmed": "yes"}, f"/steps/{step_id}/delete")

    assert response.status_code == 302
    assert "Step “See plants at a friend's” deleted." in main_text(editor_web.get(response.headers["Location"]))
    assert layout_of(session, unscored_plant_map.id)["Dream of a green home"] == ["Save pictures"]
    assert stored_step(session, step_id) is None


# ---- viewers and other workspaces --------------------------------------------------------

def _attempts(unscored_plant_map) -> list[tuple[str, dict]]:
    step, phase = unscored_plant_map.step("Pay"), unscored_plant_map.phase("Get the plants home")
    return [
        (f"/journeys/{unscored_plant_map.id}/phases", {"title": "Mine"}),
        (f"/phases/{phase}/edit", {"title": "Mine", "version": "1"}),
        (f"/phases/{phase}/move", {"direction": "earlier", "version": "1"}),
        (f"/phases/{phase}/delete", {"cascade": "y", "confirmed": "yes"}),
        (f"/phases/{phase}/steps/new", _step_form({"title": "Mine", "phase_id": phase})),
        (f"/steps/{step}/edit", _step_form({"title": "Mine", "phase_id": phase, "version": "1"})),
        (f"/steps/{step}/score", {"emotion": "2", "marker": "", "version": "1"}),
        (f"/steps/{step}/move", {"direction": "later", "version": "1"}),
        (f"/steps/{step}/delete", {"confirmed": "yes"}),
        (f"/journeys/{unscored_plant_map.id}/edit", {"title": "Mine", "scope": "whole", "kind": "hypothesis", "version": "1"}),
    ]


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("outsider", 404)])
def test_people_who_may_not_edit_change_nothing(login, team, session, unscored_plant_map, role, status):
    """A viewer is refused (403); another workspace's member learns nothing, as on every page (404)."""
    client = login(getattr(team, role))
    token = _token(client, "/w/beta/journeys" if role == "outsider" else "/w/alpha/journeys")
    before = layout_of(session, unscored_plant_map.id)

    for url, data in _attempts(unscored_plant_map):
        response = client.post(url, data={**data, "csrf_token": token})
        assert response.status_code == status, (url, response.status_code)

    assert layout_of(session, unscored_plant_map.id) == before
    saved = stored_step(session, unscored_plant_map.step("Pay"))
    assert (saved.title, saved.emotion, saved.version) == ("Pay", None, 1)
    assert stored_journey(session, unscored_plant_map.id).title == "Create a thriving home"
