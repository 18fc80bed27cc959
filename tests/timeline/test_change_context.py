"""The change log learns who acts and why from the change context the entry point opened, never
from a permission check made on the way."""

from __future__ import annotations

from sqlalchemy import select

from insightrepo.models import Change, Journey
from insightrepo.workspaces import access
from insightrepo.timeline.change_context import explained, of, opened


def _title_change(session, journey_id: str) -> Change:
    return session.scalars(select(Change).where(Change.entity_id == journey_id, Change.field == "title")).one()


def test_a_write_records_who_opened_the_context_not_who_passed_the_last_check(session, team, make_map):
    journey = session.get(Journey, make_map({"Buy": ["Pay"]}).id)
    with opened(session, team.editor, "Tidying the title"):
        access.authorise(session, team.admin, journey.workspace, "editor", write=True)  # someone else's check
        journey.title = "Buy plants online"  # a write that runs no check of its own
        session.flush()
    change = _title_change(session, journey.id)
    assert (change.actor_id, change.why) == (team.editor.id, "Tidying the title")


def test_a_permission_check_opens_no_context(session, team, make_map):
    journey = session.get(Journey, make_map().id)
    access.authorise(session, team.admin, journey.workspace, "editor", write=True)
    journey.title = "Changed by a script"
    session.flush()
    assert _title_change(session, journey.id).actor_id is None  # nobody opened a context: the operator


def test_an_explanation_fills_in_only_a_missing_note_and_ends_with_its_block(session, team):
    with opened(session, team.editor, ""):
        with explained(session, "Restored snapshot “May”"):
            assert of(session).why == "Restored snapshot “May”"
        assert of(session).why == ""
        with opened(session, team.admin, "Back to May"), explained(session, "Restored snapshot “May”"):
            assert (of(session).actor_id, of(session).why) == (team.admin.id, "Back to May")
        assert of(session).actor_id == team.editor.id
