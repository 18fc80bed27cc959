"""The tag service on its own: names are tidied and case-folded, renames and merges touch every
use, and a merge never leaves an item with the same tag twice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from insightrepo.models import Tag
from insightrepo.models.evidence import quote_tags
from insightrepo.evidence import evidence, tags
from insightrepo.errors import Conflict, Forbidden, Invalid, NotFound
from insightrepo.evidence.evidence import QUOTES


@pytest.mark.parametrize(("raw", "clean"), [
    (None, []),
    ("", []),
    ("Leverans, pris ,  Leverans", ["Leverans", "pris"]),
    (["Leverans", "leverans", "LEVERANS"], ["Leverans"]),
    (["  home   delivery ", "Home Delivery"], ["home delivery"]),
    (["Straße", "STRASSE"], ["Straße"]),  # case-folded, not just lower-cased
    (["", "  ", "A"], ["A"]),
])
def test_tag_names_are_tidied_and_deduplicated(raw, clean):
    assert tags.clean_tag_names("tags", raw) == clean


@pytest.mark.parametrize("raw", [["x" * 61], [1], {"a": 1}, 5, ["ok\x00"], [f"t{n}" for n in range(31)]])
def test_unusable_tag_names_are_refused(raw):
    with pytest.raises(ValueError):
        tags.clean_tag_names("tags", raw)


def test_tags_for_reuses_existing_tags_and_keeps_their_spelling(session, team):
    (first,) = tags.tags_for(session, team.a, ["Leverans"])
    session.flush()

    again = tags.tags_for(session, team.a, ["LEVERANS", "Pris"])
    session.flush()

    assert again[0] is first and first.name == "Leverans"
    assert [t.name for t in again] == ["Leverans", "Pris"]
    assert session.scalar(select(func.count()).select_from(Tag).where(Tag.workspace_id == team.a.id)) == 2


def test_the_same_tag_in_two_workspaces_is_two_tags(session, team):
    (alpha,) = tags.tags_for(session, team.a, ["Leverans"])
    (beta,) = tags.tags_for(session, team.b, ["leverans"])
    session.flush()

    assert alpha.id != beta.id and (alpha.name, beta.name) == ("Leverans", "leverans")


def _quote(session, team, text, tag_names):
    return evidence.create_item(session, team.editor, QUOTES, "alpha", {"text": text, "tags": tag_names})


def test_a_merge_leaves_no_item_with_the_same_tag_twice(session, team):
    both = _quote(session, team, "both", ["Leverans", "Frakt", "Transport"])
    one = _quote(session, team, "one", ["frakt"])
    session.commit()

    target = tags.merge_tags(session, team.editor, "alpha", ["Frakt", "transport"], "LEVERANS")
    session.commit()

    assert target.name == "Leverans"
    rows = session.execute(select(quote_tags.c.quote_id, quote_tags.c.tag_id)).all()
    assert sorted(rows) == sorted([(both.id, target.id), (one.id, target.id)])
    assert [t.name for t in session.scalars(select(Tag).where(Tag.workspace_id == team.a.id))] == ["Leverans"]


def test_the_counts_follow_a_merge(session, team):
    _quote(session, team, "a", ["A"])
    _quote(session, team, "b", ["B", "a"])
    session.commit()

    tags.merge_tags(session, team.editor, "alpha", ["b"], "a")
    session.commit()

    assert [(t.name, t.quotes, t.total) for t in tags.list_tags(session, team.viewer, "alpha")] == [("A", 2, 2)]


def test_renaming_keeps_the_tag_and_its_uses(session, team):
    quote = _quote(session, team, "a", ["Leverans"])
    session.commit()
    (tag,) = quote.tags

    renamed = tags.rename_tag(session, team.editor, "alpha", "leverans", "  Hem   leverans ")
    session.commit()

    assert (renamed.id, renamed.name, renamed.key) == (tag.id, "Hem leverans", "hem leverans")


def test_rename_and_merge_errors(session, team):
    _quote(session, team, "a", ["A", "B"])
    session.commit()

    with pytest.raises(Conflict):
        tags.rename_tag(session, team.editor, "alpha", "A", "b")
    with pytest.raises(NotFound):
        tags.rename_tag(session, team.editor, "alpha", "C", "D")
    with pytest.raises(Invalid):
        tags.rename_tag(session, team.editor, "alpha", "A", "   ")
    with pytest.raises(Invalid):
        tags.merge_tags(session, team.editor, "alpha", ["A"], "")
    with pytest.raises(NotFound):
        tags.merge_tags(session, team.editor, "alpha", ["A", "C"], "B")
    with pytest.raises(Forbidden):
        tags.merge_tags(session, team.viewer, "alpha", ["A"], "B")
    with pytest.raises(NotFound):  # an outsider's write: the 404 of a missing workspace
        tags.rename_tag(session, team.outsider, "alpha", "A", "Z")
    assert [t.name for t in tags.list_tags(session, team.viewer, "alpha")] == ["A", "B"]
