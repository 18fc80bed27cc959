"""Journeys: create, list, read the whole map, edit, archive."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from insightrepo.models import Journey, Phase, User
from insightrepo.workspaces.access import authorise, workspace_for
from insightrepo.errors import NotFound, check_version
from insightrepo.field_checks import assign, clean
from insightrepo.journeys.fields import JOURNEY_FIELDS
from insightrepo.paging import Page, paginate
from insightrepo.i18n import gettext

_WHOLE_MAP = selectinload(Journey.phases).selectinload(Phase.steps)


def journey_for(session: Session, actor: User | None, journey_id: str, role: str = "viewer",
                whole_map: bool = False) -> Journey:
    """The journey if ``actor`` holds ``role`` in its workspace (viewer: a read)."""
    stmt = select(Journey).where(Journey.id == journey_id)
    if whole_map:
        # populate_existing: phases and steps in their stored order, even when an earlier call
        # in this session appended to (or moved within) collections it had loaded.
        stmt = stmt.options(_WHOLE_MAP).execution_options(populate_existing=True)
    journey = session.scalar(stmt)
    if journey is None:
        raise NotFound(gettext("No such journey."))
    authorise(session, actor, journey.workspace, role, write=role != "viewer", missing=gettext("No such journey."))
    return journey


def list_journeys(session: Session, actor: User | None, slug: str, archived: bool = False,
                  page: int = 1, per_page: int = 50) -> Page:
    workspace = workspace_for(session, actor, slug, "viewer")
    stmt = (select(Journey).where(Journey.workspace_id == workspace.id, Journey.archived.is_(archived))
            .options(_WHOLE_MAP).order_by(Journey.updated_at.desc(), Journey.id))
    return paginate(session, stmt, page, per_page)


def create_journey(session: Session, actor: User | None, slug: str, data: dict[str, Any]) -> Journey:
    workspace = workspace_for(session, actor, slug, "editor")
    values = clean(data, JOURNEY_FIELDS, required=("title",))
    journey = Journey(workspace=workspace, **values)
    session.add(journey)
    session.flush()
    return journey


def get_journey(session: Session, actor: User | None, journey_id: str) -> Journey:
    return journey_for(session, actor, journey_id, "viewer", whole_map=True)


def update_journey(session: Session, actor: User | None, journey_id: str, version: int | None,
                   changes: dict[str, Any]) -> Journey:
    journey = journey_for(session, actor, journey_id, "editor", whole_map=True)
    check_version(journey, version)
    assign(journey, clean(changes, JOURNEY_FIELDS))
    session.flush()
    return journey
