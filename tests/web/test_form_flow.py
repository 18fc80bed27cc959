"""A page that shows a refused form again keeps the request's other work and none of the refused
call's (web/form_flow.attempt), on the real database inside a real request."""

from __future__ import annotations

from sqlalchemy import select

from insightrepo.db import current_session
from insightrepo.errors import Conflict, Invalid
from insightrepo.models import Tag
from insightrepo.web.form_flow import attempt


def _tag_names(session, workspace) -> list[str]:
    return sorted(session.scalars(select(Tag.name).where(Tag.workspace_id == workspace.id)))


def test_a_refused_call_leaves_nothing_behind_and_the_rest_is_kept(app, session, team):
    with app.test_request_context():
        request_session = current_session()
        request_session.add(Tag(workspace_id=team.a.id, name="kept", key="kept"))
        with attempt(Invalid) as outcome:
            request_session.add(Tag(workspace_id=team.a.id, name="half-written", key="half-written"))
            request_session.flush()
            raise Invalid({"name": "too long"}, "The tag is not valid.")
        request_session.commit()
    assert outcome.refused and outcome.error.details["fields"] == {"name": "too long"}
    assert _tag_names(session, team.a) == ["kept"]


def test_a_call_that_goes_through_is_kept(app, session, team):
    with app.test_request_context():
        with attempt(Invalid, Conflict) as outcome:
            current_session().add(Tag(workspace_id=team.a.id, name="saved", key="saved"))
        current_session().commit()
    assert not outcome.refused and outcome.error is None
    assert _tag_names(session, team.a) == ["saved"]


def test_an_error_the_page_does_not_answer_itself_leaves_through_the_request(app, team):
    with app.test_request_context():
        try:
            with attempt(Invalid):
                current_session().add(Tag(workspace_id=team.a.id, name="x", key="x"))
                raise Conflict("Someone changed this meanwhile.")
        except Conflict as error:
            raised = error
        current_session().rollback()
    assert raised.message == "Someone changed this meanwhile."
