"""Participants: pseudonymous codes (P07), never names."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insightrepo.models import Narrative, Participant, Quote, User, Workspace
from insightrepo.models.evidence import PARTICIPANT_METHODS, code_key
from insightrepo.workspaces.access import authorise, workspace_for
from insightrepo.errors import Conflict, NotFound, check_version
from insightrepo.field_checks import a_date, assign, choice, clean, text
from insightrepo.i18n import gettext, ngettext
from insightrepo.paging import Page, paginate

PARTICIPANT_FIELDS = {
    "code": text(40, required=True),
    "segment": text(200),
    "method": choice(PARTICIPANT_METHODS),
    "interviewed_on": a_date,
    "note": text(20_000),
}


def participant_for(session: Session, actor: User | None, participant_id: str, role: str = "viewer") -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None:
        raise NotFound(gettext("No such participant."))
    authorise(session, actor, participant.workspace, role, write=role != "viewer", missing=gettext("No such participant."))
    return participant


def find_by_code(session: Session, workspace: Workspace, code: str) -> Participant | None:
    """The participant whose code is ``code`` ignoring case and Unicode form (models.evidence.code_key)."""
    return session.scalar(select(Participant).where(
        Participant.workspace_id == workspace.id, Participant.code_key == code_key(code)))


def list_participants(session: Session, actor: User | None, slug: str, filters: dict[str, Any],
                      page: int = 1, per_page: int = 50) -> Page:
    workspace = workspace_for(session, actor, slug, "viewer")
    stmt = select(Participant).where(Participant.workspace_id == workspace.id)
    if filters.get("segment"):
        stmt = stmt.where(Participant.segment == filters["segment"])
    if filters.get("method"):
        stmt = stmt.where(Participant.method == filters["method"])
    if filters.get("from"):
        stmt = stmt.where(Participant.interviewed_on >= filters["from"])
    if filters.get("to"):
        stmt = stmt.where(Participant.interviewed_on <= filters["to"])
    return paginate(session, stmt.order_by(Participant.code), page, per_page)


def create_participant(session: Session, actor: User | None, slug: str, data: dict[str, Any]) -> Participant:
    workspace = workspace_for(session, actor, slug, "editor")
    values = clean(data, PARTICIPANT_FIELDS, required=("code",))
    _unique_code(session, workspace, values["code"])
    participant = Participant(workspace_id=workspace.id, **values)
    session.add(participant)
    session.flush()
    return participant


def update_participant(session: Session, actor: User | None, participant_id: str, version: int | None,
                       changes: dict[str, Any]) -> Participant:
    participant = participant_for(session, actor, participant_id, "editor")
    check_version(participant, version)
    values = clean(changes, PARTICIPANT_FIELDS)
    if "code" in values and code_key(values["code"]) != participant.code_key:
        _unique_code(session, participant.workspace, values["code"])
    assign(participant, values)
    session.flush()
    return participant


def evidence_count(session: Session, participant: Participant) -> int:
    return sum(session.scalar(select(func.count()).where(model.participant_id == participant.id)) or 0
               for model in (Quote, Narrative))


def delete_participant(session: Session, actor: User | None, participant_id: str, force: bool = False) -> None:
    """A participant whose words are in the library is kept unless ``force``; then the quotes
    and stories stay, without attribution."""
    participant = participant_for(session, actor, participant_id, "editor")
    count = evidence_count(session, participant)
    if count and not force:
        raise Conflict(ngettext("%(code)s is quoted in %(num)d quote or stories: delete with force to keep them "
                                "without attribution.",
                                "%(code)s is quoted in %(num)d quotes or stories: delete with force to keep them "
                                "without attribution.", count, code=participant.code), {"evidence": count})
    session.delete(participant)
    session.flush()


def _unique_code(session: Session, workspace: Workspace, code: str) -> None:
    if find_by_code(session, workspace, code) is not None:
        raise Conflict(gettext("Participant %(code)s already exists.", code=code),
                       {"fields": {"code": gettext("already exists")}})


