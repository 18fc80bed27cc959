"""The participant service on its own: codes unique per workspace whatever their case, and a
quoted participant deleted only with force, its words kept without attribution."""

from __future__ import annotations

import pytest

from insightrepo.models import Narrative, Participant, Quote
from insightrepo.evidence import evidence, participants
from insightrepo.errors import Conflict, Forbidden, NotFound
from insightrepo.evidence.evidence import NARRATIVES, QUOTES


def test_find_by_code_ignores_case_and_spaces(session, team):
    created = participants.create_participant(session, team.editor, "alpha", {"code": "P07"})

    assert participants.find_by_code(session, team.a, " p07 ") is created
    assert participants.find_by_code(session, team.b, "P07") is None


def test_a_taken_code_is_a_conflict_in_any_case(session, team):
    participants.create_participant(session, team.editor, "alpha", {"code": "P07"})

    with pytest.raises(Conflict):
        participants.create_participant(session, team.editor, "alpha", {"code": "p07"})


def test_quoting_a_new_code_creates_one_participant_for_every_spelling(session, team):
    first = evidence.create_item(session, team.editor, QUOTES, "alpha", {"text": "one", "participant": "P09"})
    second = evidence.create_item(session, team.editor, QUOTES, "alpha", {"text": "two", "participant": "p09"})
    session.commit()

    assert first.participant is second.participant
    assert first.participant.code == "P09"


def test_a_force_delete_keeps_the_quotes_and_stories_without_attribution(session, team):
    quote = evidence.create_item(session, team.editor, QUOTES, "alpha", {"text": "mine", "participant": "P09"})
    story = evidence.create_item(session, team.editor, NARRATIVES, "alpha", {"title": "mine", "participant": "P09"})
    session.commit()
    participant_id = quote.participant_id

    assert participants.evidence_count(session, quote.participant) == 2
    with pytest.raises(Conflict) as raised:
        participants.delete_participant(session, team.editor, participant_id)
    assert raised.value.details == {"evidence": 2}

    participants.delete_participant(session, team.editor, participant_id, force=True)
    session.commit()
    session.expire_all()

    assert session.get(Participant, participant_id) is None
    assert session.get(Quote, quote.id).participant_id is None
    assert session.get(Narrative, story.id).participant_id is None


def test_participants_are_private_to_their_workspace(session, team):
    participant = participants.create_participant(session, team.editor, "alpha", {"code": "P01"})
    session.commit()

    with pytest.raises(NotFound) as raised:
        participants.participant_for(session, team.outsider, participant.id)
    assert raised.value.message == "No such participant."
    with pytest.raises(NotFound) as raised:
        participants.update_participant(session, team.outsider, participant.id, 1, {"code": "X"})
    assert raised.value.message == "No such participant."
    with pytest.raises(Forbidden):
        participants.delete_participant(session, team.viewer, participant.id)
