"""Keeping siblings (phases of a journey, steps of a phase) numbered 0..n-1."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.errors import Invalid


def clamp_position(position: Any, length: int, field: str = "position") -> int:
    if position is None:
        return length
    if isinstance(position, bool) or not isinstance(position, int) or position < 0:
        raise Invalid({field: f"{field} must be a whole number from 0"})
    return min(position, length)


def numbering_problems(positions: Sequence[int]) -> dict[int, str]:
    """What is wrong with siblings' positions, by index in ``positions``: they run 0..n-1, each
    held once — the order renumber and place keep (a backup must bring in no other)."""
    problems: dict[int, str] = {}
    seen: set[int] = set()
    for index, position in enumerate(positions):
        if not 0 <= position < len(positions):
            problems[index] = f"must be from 0 to {len(positions) - 1}: positions run 0..n-1 without gaps"
        elif position in seen:
            problems[index] = f"repeats position {position}: each position is held by one of the siblings"
        seen.add(position)
    return problems


def lock_parents(session: Session, model: Any, ids: Iterable[Any]) -> None:
    """Lock the rows whose children are about to be renumbered, before the children are read.

    Renumbering changes the siblings' positions but not their versions, so two moves in one phase
    both passed the version checks on PostgreSQL and left two steps on one position. With the
    parent locked (SELECT … FOR UPDATE) the second move waits for the first to commit and reads
    the order it left. Rows are locked in id order, so two writers cannot deadlock on them.
    SQLite needs nothing: BEGIN IMMEDIATE already runs writers one at a time (SQLAlchemy leaves
    FOR UPDATE out there)."""
    wanted = sorted({row_id for row_id in ids if isinstance(row_id, str)})
    if wanted:
        session.execute(select(model.id).where(model.id.in_(wanted)).order_by(model.id).with_for_update())


def renumber(items: Sequence[Any]) -> None:
    for index, item in enumerate(items):
        if item.position != index:
            item.position = index


def place(collection: list, ordered: Sequence[Any]) -> None:
    """Number ``ordered`` 0..n-1 and put ``collection`` — the parent's loaded list of the same
    children — in that order, so the rest of the transaction (a snapshot, a response) reads the
    order the database now holds instead of the order the list was loaded in. Sorting a list in
    place is no change SQLAlchemy tracks."""
    renumber(ordered)
    collection.sort(key=lambda item: item.position)
