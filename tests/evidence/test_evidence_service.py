"""The evidence service on its own (as the CLI, import and web use it): rules, errors and what
the database holds afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from insightrepo.models import Job, Quote, Step
from insightrepo.models.evidence import job_phases, job_steps, quote_steps, quote_tags
from insightrepo.evidence import evidence
from insightrepo.journeys import phases, steps
from insightrepo.errors import Conflict, Forbidden, Invalid, NotFound
from insightrepo.evidence.evidence import JOBS, NARRATIVES, QUOTES


def _count(session, table, **where) -> int:
    stmt = select(func.count()).select_from(table)
    for column, value in where.items():
        stmt = stmt.where(table.c[column] == value)
    return session.scalar(stmt)


def test_an_editor_creates_a_quote_with_tags_links_and_participant(session, team, plant_map):
    quote = evidence.create_item(session, team.editor, QUOTES, "alpha", {
        "text": " Too much water. ", "participant": "P01", "collected_on": "2026-03-04",
        "tags": "Skötsel, vatten", "step_ids": [plant_map.step("Pay")]})
    session.commit()

    stored = session.get(Quote, quote.id)
    assert stored.text == "Too much water."
    assert stored.participant.code == "P01"
    assert stored.tag_names == ["Skötsel", "vatten"]
    assert stored.step_ids == [plant_map.step("Pay")]
    assert stored.collected_on.isoformat() == "2026-03-04"
    assert (stored.language, stored.version) == ("en", 1)


def test_the_operator_acts_without_a_user(session, team):
    quote = evidence.create_item(session, None, QUOTES, "alpha", {"text": "From the command line."})

    assert evidence.item_for(session, None, QUOTES, quote.id).text == "From the command line."


def test_a_viewer_and_an_outsider_may_not_write(session, team):
    with pytest.raises(Forbidden):
        evidence.create_item(session, team.viewer, QUOTES, "alpha", {"text": "No."})
    with pytest.raises(NotFound):  # a write reveals no more than a read
        evidence.create_item(session, team.outsider, QUOTES, "alpha", {"text": "No."})


def test_an_outsider_reading_gets_not_found_with_the_items_own_words(session, team):
    quote = evidence.create_item(session, team.editor, QUOTES, "alpha", {"text": "Ours."})

    with pytest.raises(NotFound) as raised:
        evidence.item_for(session, team.outsider, QUOTES, quote.id)
    assert raised.value.message == "No such quote."
    with pytest.raises(NotFound):
        evidence.list_items(session, team.outsider, QUOTES, "alpha", {})


def test_invalid_input_names_every_field(session, team):
    with pytest.raises(Invalid) as raised:
        evidence.create_item(session, team.editor, QUOTES, "alpha", {"sentiment": "angry", "language": "xx",
                                                                      "collected_on": "yesterday"})

    assert set(raised.value.fields) == {"text", "sentiment", "language", "collected_on"}


def test_the_kinds_share_one_set_of_rules(session, team, plant_map):
    pay = plant_map.step("Pay")
    story = evidence.create_item(session, team.editor, NARRATIVES, "alpha", {"title": "Checkout", "step_ids": [pay]})
    job = evidence.create_item(session, team.editor, JOBS, "alpha", {
        "situation": "I pay", "motivation": "pay fast", "outcome": "get going", "step_ids": [pay],
        "phase_ids": [plant_map.phase("Get the plants home")]})
    session.commit()

    found = evidence.evidence_for_step(session, team.viewer, pay)

    assert ([n.id for n in found["narratives"]], [j.id for j in found["jobs"]], found["quotes"]) == (
        [story.id], [job.id], [])


def test_an_update_with_nothing_new_writes_nothing(session, team, plant_map):
    quote = evidence.create_item(session, team.editor, QUOTES, "alpha", {
        "text": "Same.", "tags": ["A"], "step_ids": [plant_map.step("Pay")]})
    session.commit()

    evidence.update_item(session, team.editor, QUOTES, quote.id, 1, {
        "text": "Same.", "tags": ["a"], "step_ids": [plant_map.step("Pay")]})
    session.commit()

    assert session.get(Quote, quote.id).version == 1


def test_an_update_of_the_links_alone_moves_the_version(session, team, plant_map):
    quote = evidence.create_item(session, team.editor, QUOTES, "alpha", {"text": "Links."})
    session.commit()

    evidence.update_item(session, team.editor, QUOTES, quote.id, 1, {"step_ids": [plant_map.step("Pay")]})
    session.commit()

    assert session.get(Quote, quote.id).version == 2


def test_a_stale_update_is_a_conflict(session, team):
    quote = evidence.create_item(session, team.editor, QUOTES, "alpha", {"text": "v1"})
    session.commit()
    evidence.update_item(session, team.editor, QUOTES, quote.id, 1, {"text": "v2"})
    session.commit()

    with pytest.raises(Conflict):
        evidence.update_item(session, team.editor, QUOTES, quote.id, 1, {"text": "v3"})
    with pytest.raises(Invalid):
        evidence.update_item(session, team.editor, QUOTES, quote.id, None, {"text": "v3"})


def test_deleting_a_step_deletes_only_its_link_rows(session, team, plant_map):
    pay, chat = plant_map.step("Pay"), plant_map.step("Ask in the chat")
    quote = evidence.create_item(session, team.editor, QUOTES, "alpha", {"text": "Both.", "step_ids": [pay, chat]})
    session.commit()

    steps.delete_step(session, team.editor, pay)
    session.commit()
    session.expire_all()

    assert session.get(Quote, quote.id).step_ids == [chat]
    assert _count(session, quote_steps, step_id=pay) == 0
    assert _count(session, quote_steps, quote_id=quote.id) == 1


def test_deleting_a_phase_with_cascade_deletes_only_link_rows(session, team, plant_map):
    home = plant_map.phase("Get the plants home")
    job = evidence.create_item(session, team.editor, JOBS, "alpha", {
        "situation": "s", "motivation": "m", "outcome": "o", "step_ids": [plant_map.step("Pay")], "phase_ids": [home]})
    session.commit()

    phases.delete_phase(session, team.editor, home, cascade=True)
    session.commit()
    session.expire_all()

    assert session.get(Job, job.id) is not None
    assert (_count(session, job_steps, job_id=job.id), _count(session, job_phases, job_id=job.id)) == (0, 0)


def test_a_forced_delete_removes_the_item_its_links_and_its_tag_rows_but_not_the_steps(session, team, plant_map):
    pay = plant_map.step("Pay")
    quote = evidence.create_item(session, team.editor, QUOTES, "alpha", {"text": "Bye.", "tags": ["A"],
                                                                          "step_ids": [pay]})
    session.commit()

    with pytest.raises(Conflict) as raised:
        evidence.delete_item(session, team.editor, QUOTES, quote.id)
    assert raised.value.details == {"links": 1}
    evidence.delete_item(session, team.editor, QUOTES, quote.id, force=True)
    session.commit()

    assert session.get(Quote, quote.id) is None
    assert (_count(session, quote_steps, quote_id=quote.id), _count(session, quote_tags, quote_id=quote.id)) == (0, 0)
    assert session.get(Step, pay) is not None


def test_filters_combine(session, team, plant_map):
    for text, sentiment, tags, day in [("a", "positive", ["X"], "2026-01-01"), ("b", "negative", ["x"], "2026-02-01"),
                                       ("c", "negative", ["Y"], "2026-03-01")]:
        evidence.create_item(session, team.editor, QUOTES, "alpha", {
            "text": text, "sentiment": sentiment, "tags": tags, "collected_on": day})
    session.commit()

    page = evidence.list_items(session, team.viewer, QUOTES, "alpha", {"tag": "X", "sentiment": "negative"})

    assert ([q.text for q in page.items], page.total) == (["b"], 1)


def test_filters_a_kind_does_not_have_are_ignored(session, team):
    evidence.create_item(session, team.editor, JOBS, "alpha", {"situation": "s", "motivation": "m", "outcome": "o"})
    session.commit()

    page = evidence.list_items(session, team.viewer, JOBS, "alpha", {"participant": "P01", "sentiment": "positive"})

    assert page.total == 1
