"""The journey services: journeys, phases and steps are created, listed, edited and
validated field by field; a rejected edit changes nothing; versions move only on real edits."""

from __future__ import annotations

import pytest

from insightrepo.journeys import journeys, phases, steps
from insightrepo.errors import Conflict, Forbidden, Invalid, NotFound
from tests.journeys.helpers import layout_of, stored_journey, stored_phase, stored_step


def _problems(call) -> dict[str, str]:
    with pytest.raises(Invalid) as caught:
        call()
    return caught.value.fields


# ---- journeys ----------------------------------------------------------------------------

def test_a_new_journey_starts_as_a_hypothesis_of_the_whole_relationship(session, team):
    journey = journeys.create_journey(session, team.editor, "alpha", {"title": "  Create a thriving home  "})
    session.commit()

    saved = stored_journey(session, journey.id)
    assert saved.title == "Create a thriving home"
    assert (saved.scope, saved.kind, saved.archived, saved.version) == ("whole", "hypothesis", False, 1)
    assert saved.phases == []


def test_a_journey_keeps_every_field_it_was_created_with(session, team):
    fields = {"title": "Keep our books straight", "description": "From first invoice to renewal.",
              "scope": "episode", "kind": "researched", "persona": "Finance lead at a small firm",
              "owner": "Billing squad"}
    journey = journeys.create_journey(session, team.editor, "alpha", fields)
    session.commit()

    saved = stored_journey(session, journey.id)
    assert {name: getattr(saved, name) for name in fields} == fields


def test_a_journey_needs_a_title_and_known_scope_and_kind(session, team):
    problems = _problems(lambda: journeys.create_journey(
        session, team.editor, "alpha", {"title": "   ", "scope": "everything", "kind": "guess"}))

    assert problems == {"title": "title is required", "scope": "scope must be one of whole, episode",
                        "kind": "kind must be one of hypothesis, researched"}


def test_the_journey_list_shows_active_maps_and_archived_ones_on_request(session, team, make_map):
    active = make_map(title="Create a thriving home")
    old = make_map(title="Order plants by phone")
    journeys.update_journey(session, team.editor, old.id, 1, {"archived": True})
    session.commit()

    listed = journeys.list_journeys(session, team.viewer, "alpha")
    archived = journeys.list_journeys(session, team.viewer, "alpha", archived=True)

    assert [j.id for j in listed.items] == [active.id] and listed.total == 1
    assert [j.id for j in archived.items] == [old.id] and archived.total == 1


def test_restoring_an_archived_journey_brings_it_back_to_the_list(session, team, make_map):
    built = make_map()
    journeys.update_journey(session, team.editor, built.id, 1, {"archived": True})
    journeys.update_journey(session, team.editor, built.id, 2, {"archived": False})
    session.commit()

    assert [j.id for j in journeys.list_journeys(session, team.viewer, "alpha").items] == [built.id]


def test_the_whole_map_comes_back_with_phases_and_steps_in_order(session, team, unscored_plant_map):
    journey = journeys.get_journey(session, team.viewer, unscored_plant_map.id)

    assert [p.title for p in journey.phases] == [
        "Dream of a green home", "Find plants that suit me", "Get the plants home"]
    assert [s.title for s in journey.steps] == [
        "See plants at a friend's", "Save pictures", "Search for easy plants", "Ask in the chat",
        "Pay", "Unpack the plants"]


def test_viewers_read_maps_but_cannot_start_or_edit_one(session, team, unscored_plant_map):
    assert journeys.get_journey(session, team.viewer, unscored_plant_map.id).id == unscored_plant_map.id

    with pytest.raises(Forbidden):
        journeys.create_journey(session, team.viewer, "alpha", {"title": "Mine"})
    with pytest.raises(Forbidden):
        journeys.update_journey(session, team.viewer, unscored_plant_map.id, 1, {"title": "Mine"})


def test_another_workspace_cannot_read_or_edit_the_map(session, team, unscored_plant_map):
    with pytest.raises(NotFound):
        journeys.get_journey(session, team.outsider, unscored_plant_map.id)
    with pytest.raises(NotFound):  # a write reveals no more than a read
        journeys.update_journey(session, team.outsider, unscored_plant_map.id, 1, {"title": "Ours now"})
    with pytest.raises(NotFound):
        phases.add_phase(session, team.outsider, unscored_plant_map.id, {"title": "Ours now"})


def test_editing_a_journey_bumps_its_version_but_saving_it_unchanged_does_not(session, team, make_map):
    built = make_map(title="Create a thriving home")

    journeys.update_journey(session, team.editor, built.id, 1, {"title": "Create a thriving home"})
    session.commit()
    assert stored_journey(session, built.id).version == 1

    journeys.update_journey(session, team.editor, built.id, 1, {"title": "Make my home green"})
    session.commit()
    saved = stored_journey(session, built.id)
    assert (saved.title, saved.version) == ("Make my home green", 2)


def test_an_edit_based_on_an_old_version_of_a_journey_is_refused(session, team, make_map):
    built = make_map()
    journeys.update_journey(session, team.editor, built.id, 1, {"owner": "Anna"})
    session.commit()

    with pytest.raises(Conflict) as caught:
        journeys.update_journey(session, team.admin, built.id, 1, {"owner": "Bo"})

    assert caught.value.details == {"current_version": 2, "your_version": 1}
    assert stored_journey(session, built.id).owner == "Anna"


def test_an_edit_must_name_the_version_it_was_based_on(session, team, make_map):
    built = make_map()

    problems = _problems(lambda: journeys.update_journey(session, team.editor, built.id, None, {"owner": "Bo"}))

    assert set(problems) == {"version"}


# ---- phases ------------------------------------------------------------------------------

def test_phases_are_added_last_or_at_a_position(session, team, make_map):
    built = make_map({"Find plants": [], "Care for them": []})

    phases.add_phase(session, team.editor, built.id, {"title": "Dream of green", "position": 0})
    phases.add_phase(session, team.editor, built.id, {"title": "Get them home", "position": 2})
    phases.add_phase(session, team.editor, built.id, {"title": "Share cuttings", "position": 99})
    session.commit()

    assert list(layout_of(session, built.id)) == [
        "Dream of green", "Find plants", "Get them home", "Care for them", "Share cuttings"]


def test_a_phase_keeps_its_steps_when_renamed(session, team, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Get the plants home")

    phases.update_phase(session, team.editor, phase_id, 1, {"title": "Bring the plants home",
                                                            "goal": "Healthy plants on my windowsill"})
    session.commit()

    saved = stored_phase(session, phase_id)
    assert (saved.title, saved.goal, saved.version) == ("Bring the plants home", "Healthy plants on my windowsill", 2)
    assert [s.title for s in saved.steps] == ["Pay", "Unpack the plants"]


def test_a_phase_needs_a_name(session, team, unscored_plant_map):
    problems = _problems(lambda: phases.add_phase(session, team.editor, unscored_plant_map.id, {"goal": "Something"}))

    assert problems == {"title": "title is required"}


def test_a_rejected_phase_edit_changes_nothing(session, team, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Find plants that suit me")

    with pytest.raises(Invalid) as caught:
        phases.update_phase(session, team.editor, phase_id, 1, {"title": "Find my plants", "position": -1})
    session.commit()  # what a caller that shows the error and carries on would do

    assert caught.value.fields == {"position": "position must be a whole number from 0"}
    saved = stored_phase(session, phase_id)
    assert (saved.title, saved.position, saved.version) == ("Find plants that suit me", 1, 1)


def test_a_phase_with_steps_is_only_deleted_together_with_them(session, team, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Find plants that suit me")

    with pytest.raises(Conflict) as caught:
        phases.delete_phase(session, team.editor, phase_id)
    assert "still has 2 steps" in caught.value.message
    assert caught.value.details == {"steps": 2}
    assert "Find plants that suit me" in layout_of(session, unscored_plant_map.id)

    phases.delete_phase(session, team.editor, phase_id, cascade=True)
    session.commit()

    assert layout_of(session, unscored_plant_map.id) == {
        "Dream of a green home": ["See plants at a friend's", "Save pictures"],
        "Get the plants home": ["Pay", "Unpack the plants"]}
    assert stored_step(session, unscored_plant_map.step("Ask in the chat")) is None


def test_an_empty_phase_is_deleted_and_the_others_close_the_gap(session, team, make_map):
    built = make_map({"One": [], "Two": [], "Three": []})

    phases.delete_phase(session, team.editor, built.phase("One"))
    session.commit()

    assert list(layout_of(session, built.id)) == ["Two", "Three"]


# ---- steps -------------------------------------------------------------------------------

def test_a_step_keeps_every_field_it_was_created_with(session, team, make_map):
    built = make_map({"Get the plants home": []})
    fields = {
        "title": "Unpack the plants", "action": "Opens the box on the kitchen floor",
        "touchpoint": "The delivery box", "channels": ["Parcel", "Email"], "direct": False, "present": True,
        "need": "Plants that arrive healthy", "thoughts": "Oh no, the leaves are broken.",
        "emotion": -2, "marker": "thundercloud",
        "moment_of_truth": {"title": "Half-good quality!", "description": "Damaged plants end the relationship."},
        "owner": "Warehouse", "employee_emotion": -1,
        "backstage": {"people": "Packers", "policies": "Pack by weight", "systems": "WMS"},
    }

    step = steps.add_step(session, team.editor, built.phase("Get the plants home"), fields)
    session.commit()

    saved = stored_step(session, step.id)
    assert {name: getattr(saved, name) for name in fields} == fields
    assert saved.version == 1


def test_a_step_without_extras_has_empty_lanes_and_no_scores(session, team, make_map):
    built = make_map({"Get the plants home": ["Pay"]})

    saved = stored_step(session, built.step("Pay"))

    assert (saved.emotion, saved.marker, saved.moment_of_truth, saved.employee_emotion) == (None, None, None, None)
    assert saved.channels == [] and saved.direct is True and saved.present is True
    assert saved.backstage == {"people": "", "policies": "", "systems": ""}


def test_steps_are_added_last_or_at_a_position(session, team, make_map):
    built = make_map({"Find plants": ["Search", "Compare"]})
    phase_id = built.phase("Find plants")

    steps.add_step(session, team.editor, phase_id, {"title": "Ask a friend", "position": 0})
    steps.add_step(session, team.editor, phase_id, {"title": "Read reviews", "position": 2})
    steps.add_step(session, team.editor, phase_id, {"title": "Decide", "position": 50})
    session.commit()

    assert layout_of(session, built.id) == {"Find plants": ["Ask a friend", "Search", "Read reviews", "Compare", "Decide"]}


def test_a_step_keeps_its_id_when_edited(session, team, unscored_plant_map):
    step_id = unscored_plant_map.step("Pay")

    edited = steps.update_step(session, team.editor, step_id, 1, {"title": "Pay with Klarna", "emotion": 1})
    session.commit()

    assert edited.id == step_id
    saved = stored_step(session, step_id)
    assert (saved.title, saved.emotion, saved.version) == ("Pay with Klarna", 1, 2)


def test_deleting_a_step_closes_the_gap(session, team, unscored_plant_map):
    steps.delete_step(session, team.editor, unscored_plant_map.step("See plants at a friend's"))
    session.commit()

    assert layout_of(session, unscored_plant_map.id)["Dream of a green home"] == ["Save pictures"]
    assert stored_step(session, unscored_plant_map.step("See plants at a friend's")) is None


# ---- validation --------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["emotion", "employee_emotion"])
@pytest.mark.parametrize("value", [3, -3, 10, "2", 1.5, True])
def test_scores_run_from_minus_two_to_plus_two(session, team, unscored_plant_map, field, value):
    problems = _problems(lambda: steps.update_step(session, team.editor, unscored_plant_map.step("Pay"), 1, {field: value}))

    assert problems == {field: f"{field} must be between −2 and +2"}


def test_the_score_message_uses_a_real_minus_sign(session, team, unscored_plant_map):
    problems = _problems(lambda: steps.update_step(session, team.editor, unscored_plant_map.step("Pay"), 1, {"emotion": 3}))

    assert problems["emotion"] == "emotion must be between \u22122 and +2"


@pytest.mark.parametrize("value", [-2, -1, 0, 1, 2, None])
def test_every_score_on_the_scale_is_accepted(session, team, unscored_plant_map, value):
    steps.update_step(session, team.editor, unscored_plant_map.step("Pay"), 1, {"emotion": value, "employee_emotion": value})
    session.commit()

    saved = stored_step(session, unscored_plant_map.step("Pay"))
    assert (saved.emotion, saved.employee_emotion) == (value, value)


def test_an_unknown_marker_is_refused(session, team, unscored_plant_map):
    problems = _problems(lambda: steps.update_step(session, team.editor, unscored_plant_map.step("Pay"), 1, {"marker": "sparkle"}))

    assert problems == {"marker": "marker must be heart, thundercloud or none"}


@pytest.mark.parametrize("value", [None, "", "none"])
def test_a_marker_is_cleared_with_none(session, team, make_map, value):
    built = make_map({"Pay": [{"title": "Pay", "marker": "heart"}]})

    steps.update_step(session, team.editor, built.step("Pay"), 1, {"marker": value})
    session.commit()

    assert stored_step(session, built.step("Pay")).marker is None


def test_channels_are_trimmed_and_deduplicated_ignoring_case(session, team, unscored_plant_map):
    steps.update_step(session, team.editor, unscored_plant_map.step("Pay"), 1,
                      {"channels": ["Web", " web ", "WEB", "App", "", "Klarna", "app"]})
    session.commit()

    assert stored_step(session, unscored_plant_map.step("Pay")).channels == ["Web", "App", "Klarna"]


def test_channels_may_be_given_as_comma_separated_text(session, team, unscored_plant_map):
    steps.update_step(session, team.editor, unscored_plant_map.step("Pay"), 1, {"channels": "Store, phone,  Store ,"})
    session.commit()

    assert stored_step(session, unscored_plant_map.step("Pay")).channels == ["Store", "phone"]


def test_channels_must_be_names(session, team, unscored_plant_map):
    problems = _problems(lambda: steps.update_step(session, team.editor, unscored_plant_map.step("Pay"), 1,
                                                   {"channels": ["Web", 7]}))

    assert problems == {"channels": "channels must be a list of channel names"}


def test_a_moment_of_truth_needs_a_title(session, team, unscored_plant_map):
    problems = _problems(lambda: steps.update_step(
        session, team.editor, unscored_plant_map.step("Pay"), 1,
        {"moment_of_truth": {"title": "  ", "description": "The parcel decides it all"}}))

    assert problems == {"moment_of_truth": "moment_of_truth title is required"}


def test_a_moment_of_truth_is_set_and_cleared(session, team, unscored_plant_map):
    step_id = unscored_plant_map.step("Unpack the plants")

    steps.update_step(session, team.editor, step_id, 1, {"moment_of_truth": {"title": "Half-good quality!"}})
    session.commit()
    assert stored_step(session, step_id).moment_of_truth == {"title": "Half-good quality!", "description": ""}

    steps.update_step(session, team.editor, step_id, 2, {"moment_of_truth": None})
    session.commit()
    assert stored_step(session, step_id).moment_of_truth is None


def test_every_bad_field_is_reported_at_once_and_nothing_is_saved(session, team, unscored_plant_map):
    step_id = unscored_plant_map.step("Pay")

    problems = _problems(lambda: steps.update_step(session, team.editor, step_id, 1, {
        "title": "", "emotion": 5, "marker": "star", "direct": "yes", "touchpoint": "x" * 201,
        "backstage": {"people": "Cashiers", "tools": "POS"}}))
    session.commit()

    assert problems == {
        "title": "title is required",
        "emotion": "emotion must be between −2 and +2",
        "marker": "marker must be heart, thundercloud or none",
        "direct": "direct must be true or false",
        "touchpoint": "touchpoint must be at most 200 characters",
        "backstage": "backstage must be {people, policies, systems}",
    }
    saved = stored_step(session, step_id)
    assert (saved.title, saved.emotion, saved.version) == ("Pay", None, 1)


def test_text_with_a_nul_character_is_refused(session, team, unscored_plant_map):
    problems = _problems(lambda: steps.update_step(session, team.editor, unscored_plant_map.step("Pay"), 1,
                                                   {"thoughts": "fine\x00print"}))

    assert problems == {"thoughts": "thoughts must not contain NUL characters"}


# ---- versions ----------------------------------------------------------------------------

def test_saving_a_step_unchanged_keeps_its_version(session, team, make_map):
    built = make_map({"Get home": [{"title": "Pay", "emotion": 1, "channels": ["Web"]}]})

    steps.update_step(session, team.editor, built.step("Pay"), 1,
                      {"title": "Pay", "emotion": 1, "channels": ["Web"], "position": 0})
    session.commit()

    assert stored_step(session, built.step("Pay")).version == 1


def test_a_stale_step_edit_is_refused_and_theirs_is_kept(session, team, unscored_plant_map):
    step_id = unscored_plant_map.step("Pay")
    steps.update_step(session, team.editor, step_id, 1, {"thoughts": "Quick, thanks to Swish"})
    session.commit()

    with pytest.raises(Conflict):
        steps.update_step(session, team.admin, step_id, 1, {"thoughts": "Slow checkout"})

    assert stored_step(session, step_id).thoughts == "Quick, thanks to Swish"


def test_a_phase_edit_on_an_old_version_is_refused(session, team, unscored_plant_map):
    phase_id = unscored_plant_map.phase("Get the plants home")
    phases.update_phase(session, team.editor, phase_id, 1, {"goal": "Healthy plants"})
    session.commit()

    with pytest.raises(Conflict):
        phases.update_phase(session, team.admin, phase_id, 1, {"goal": "Cheap plants"})

    assert stored_phase(session, phase_id).goal == "Healthy plants"
