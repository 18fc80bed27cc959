"""Linking evidence to a step from the step's side: pick existing quotes, stories or jobs, or take
one off. Every change goes through ``update_item``, so its checks (the editor role, steps of the
item's own workspace) and its version bump apply."""

from __future__ import annotations

from sqlalchemy.orm import Session

from insightrepo.models import User
from insightrepo.evidence.evidence import Kind, item_for, update_item
from insightrepo.journeys.steps import step_for


def link_to_step(session: Session, actor: User | None, step_id: str, kind: Kind, item_ids: list[str]) -> int:
    """Link each item to the step; returns how many were not linked already."""
    step = step_for(session, actor, step_id, "editor")
    linked = 0
    for item_id in dict.fromkeys(item_ids):
        item = item_for(session, actor, kind, item_id)  # another workspace's item: NotFound, as a missing one
        if step.id not in item.step_ids:
            update_item(session, actor, kind, item.id, item.version, {"step_ids": [*item.step_ids, step.id]})
            linked += 1
    return linked


def unlink_from_step(session: Session, actor: User | None, step_id: str, kind: Kind, item_id: str) -> bool:
    """Take the item off the step (the item stays in the library); False when it was not linked."""
    step = step_for(session, actor, step_id, "editor")
    item = item_for(session, actor, kind, item_id)  # another workspace's item: NotFound, as a missing one
    if step.id not in item.step_ids:
        return False
    update_item(session, actor, kind, item.id, item.version, {"step_ids": [s for s in item.step_ids if s != step.id]})
    return True
