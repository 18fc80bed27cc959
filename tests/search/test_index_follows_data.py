"""The index follows every kind of write — edits, deletes, renames, moves, bulk imports and
restores — through the outbox, in the same transaction as the data."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from insightrepo.models import SearchOutbox
from insightrepo.backup import backup
from insightrepo.evidence import evidence, participants, tags
from insightrepo.experiments import experiments
from insightrepo.journeys import journeys, steps
from insightrepo.imports import quotes_csv
from insightrepo.evidence.evidence import QUOTES
from tests.search.conftest import counts, ids

pytestmark = [pytest.mark.usefixtures("search_engine"), pytest.mark.sqlite_only]  # sqlite_only: the Whoosh adapter behaves the same over either database; PostgreSQL runs the PostgreSQL adapter


def outbox_rows(session) -> int:
    return session.scalar(select(func.count()).select_from(SearchOutbox))


def test_a_commit_indexes_at_once_and_empties_the_outbox(session, add, find):
    quote = add("quote", text="Unpacking was a joy")
    assert ids(find("unpacking")) == {quote.id}
    assert outbox_rows(session) == 0


def test_a_rolled_back_write_leaves_neither_rows_nor_documents(session, team, find):
    evidence.create_item(session, team.admin, QUOTES, "alpha", {"text": "Never saved"})
    session.flush()
    assert outbox_rows(session) == 1  # written with the data, in its transaction
    session.rollback()
    assert outbox_rows(session) == 0 and find("saved").results.total == 0


def test_edits_and_deletes_reach_the_index(session, team, add, find):
    quote = add("quote", text="The box was soggy")
    evidence.update_item(session, team.admin, QUOTES, quote.id, quote.version, {"text": "The box was dry"})
    session.commit()
    assert find("soggy").results.total == 0 and ids(find("dry")) == {quote.id}
    evidence.delete_item(session, team.admin, QUOTES, quote.id)
    session.commit()
    assert find("dry").results.total == 0


def test_renamed_and_merged_tags_are_found_under_their_new_name(session, team, add, find):
    first = add("quote", text="one", tags=["Leverans"])
    second = add("quote", text="two", tags=["shipping"])
    tags.rename_tag(session, team.admin, "alpha", "leverans", "Delivery")
    session.commit()
    assert ids(find("tag:delivery")) == {first.id} and find("tag:leverans").results.total == 0
    tags.merge_tags(session, team.admin, "alpha", ["shipping"], "delivery")  # Core statements move the links
    session.commit()
    assert ids(find("tag:delivery")) == {first.id, second.id}
    assert "shipping" not in counts(find(""), "tag")


def test_renamed_and_deleted_participants(session, team, add, find):
    quote = add("quote", text="I like it", participant="P07")
    person = participants.find_by_code(session, team.a, "P07")
    participants.update_participant(session, team.admin, person.id, person.version, {"code": "P08"})
    session.commit()
    assert ids(find("participant:P08")) == {quote.id} and find("participant:P07").results.total == 0
    participants.delete_participant(session, team.admin, person.id, force=True)
    session.commit()
    assert find("participant:P08").results.total == 0 and ids(find("like")) == {quote.id}


def test_moving_or_deleting_a_step_updates_the_evidence_linked_to_it(session, team, add, make_map, find):
    built = make_map({"Order": ["Pay"], "After": ["Complain"]})
    quote = add("quote", text="Paying twice is annoying", step_ids=[built.step("Pay")])
    pay = steps.step_for(session, team.admin, built.step("Pay"))
    steps.update_step(session, team.admin, pay.id, pay.version, {"phase_id": built.phase("After")})
    session.commit()
    assert counts(find("annoying"), "phase") == {built.phase("After"): 1}
    steps.delete_step(session, team.admin, pay.id)
    session.commit()
    hit = find("annoying").results.hits[0]
    assert hit.id == quote.id and hit.step_id is None and counts(find("annoying"), "journey") == {}
    assert find("pay", type=["step"]).results.total == 0


def test_steps_journeys_and_experiments_are_indexed_and_follow_edits(session, team, make_map, find):
    built = make_map({"Order": [{"title": "Pick a pot", "need": "a pot that drains"}]},
                     description="Everything from first visit to a plant that thrives")
    journey = journeys.get_journey(session, team.admin, built.id)
    journeys.update_journey(session, team.admin, built.id, journey.version, {"title": "Grow a jungle at home"})
    experiment = experiments.create_experiment(session, team.admin, "alpha", {
        "title": "Drainage stickers", "solution": "a sticker that explains drainage holes",
        "hypothesis": "fewer soggy roots", "step_ids": [built.step("Pick a pot")],
        "metric": {"name": "complaints", "kind": "proportion", "unit": "", "direction": "decrease"},
        "minimum_effect": 0.05, "design": "before_after"})
    session.commit()
    assert [h.type for h in find("drains").results.hits] == ["step"]
    assert [h.type for h in find("jungle").results.hits] == ["journey"]
    found = find("sticker")
    assert [(h.type, h.id, h.step_id) for h in found.results.hits] == [("experiment", experiment.id,
                                                                        built.step("Pick a pot"))]


def test_imported_quotes_are_found(session, team, find):
    csv = "text,participant,tags\nThe soil smelled odd,P03,soil\nRepotting was messy,P04,soil\n".encode()
    quotes_csv.import_quotes(session, team.admin, "alpha", csv)
    session.commit()
    assert find("tag:soil").results.total == 2 and find("repotting").results.total == 1


def test_a_restored_workspace_is_found(session, team, add, find):
    add("quote", text="Restored words come back")
    document = backup.export_workspace(session, team.admin, "alpha")
    backup.import_workspace(session, team.admin, document, new_slug="alpha-copy")
    session.commit()
    assert find("restored", slug="alpha-copy", actor=team.admin).results.total == 1
