"""What the evidence library's pages show beside the items themselves: the filters' choices with
counts where they are cheap (one grouped query per facet, never one per tag or item), the
journeys → phases → steps that the step pickers offer, and who may edit an item."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from insightrepo.models import Journey, Narrative, Participant, Phase, Quote, Step, Tag, User, Workspace
from insightrepo.models.evidence import SENTIMENTS
from insightrepo.workspaces.access import authorise, workspace_for
from insightrepo.evidence.evidence import QUOTES, Kind, filtered, item_for
from insightrepo.journeys.journeys import journey_for
from insightrepo.evidence.participants import participant_for
from insightrepo.journeys.phases import phase_for
from insightrepo.journeys.steps import step_for
from insightrepo.evidence.tags import LINK_TABLES, tag_key


@dataclass(frozen=True)
class Facets:
    """The filters' choices. Each count is how many items the list would show with that choice
    and every other filter as it is now."""

    tags: list[tuple[str, int]] = field(default_factory=list)
    sentiments: list[tuple[str, int]] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    journeys: list[Journey] = field(default_factory=list)


def facets(session: Session, actor: User | None, kind: Kind, slug: str, filters: dict[str, Any]) -> Facets:
    workspace = workspace_for(session, actor, slug, "viewer")
    return Facets(
        tags=_tag_counts(session, kind, workspace, {**filters, "tag": None}, filters.get("tag")),
        sentiments=_sentiment_counts(session, workspace, {**filters, "sentiment": None}) if kind is QUOTES else [],
        participants=_participant_codes(session, workspace) if kind.has_participant else [],
        journeys=_journeys(session, workspace),
    )


def _tag_counts(session: Session, kind: Kind, workspace: Workspace, filters: dict[str, Any],
                chosen: str | None = None) -> list[tuple[str, int]]:
    """The tags of the items in scope, with their counts: a tag without one is not a choice,
    unless it is the ``chosen`` one (the form keeps saying what the list is filtered by)."""
    link = LINK_TABLES[kind.plural]
    item_column = link.c[f"{kind.name}_id"]
    matching = filtered(select(kind.model.id), kind, workspace, filters)
    counts = dict(session.execute(select(link.c.tag_id, func.count()).where(item_column.in_(matching))
                                  .group_by(link.c.tag_id)).all())
    chosen_key = tag_key(chosen) if chosen else None
    tags = [t for t in session.scalars(select(Tag).where(Tag.workspace_id == workspace.id))
            if counts.get(t.id) or t.key == chosen_key]
    return sorted(((t.name, counts.get(t.id, 0)) for t in tags), key=lambda pair: pair[0].casefold())


def _sentiment_counts(session: Session, workspace: Workspace, filters: dict[str, Any]) -> list[tuple[str, int]]:
    matching = filtered(select(Quote.id), QUOTES, workspace, filters)
    counts = dict(session.execute(select(Quote.sentiment, func.count()).where(Quote.id.in_(matching))
                                  .group_by(Quote.sentiment)).all())
    return [(s, counts.get(s, 0)) for s in SENTIMENTS]


def _journeys(session: Session, workspace: Workspace) -> list[Journey]:
    """Active journeys first, then archived ones, each with its phases and steps in order."""
    return list(session.scalars(
        select(Journey).where(Journey.workspace_id == workspace.id)
        .options(selectinload(Journey.phases).selectinload(Phase.steps))
        .order_by(Journey.archived, Journey.title, Journey.id)))


@dataclass(frozen=True)
class FormChoices:
    journeys: list[Journey]  # with phases and steps, for the step (and phase) pickers
    participant_codes: list[str]  # suggestions for the participant field


def form_choices(session: Session, actor: User | None, slug: str) -> FormChoices:
    workspace = workspace_for(session, actor, slug, "viewer")
    return FormChoices(_journeys(session, workspace), _participant_codes(session, workspace))


def _participant_codes(session: Session, workspace: Workspace) -> list[str]:
    return list(session.scalars(select(Participant.code).where(Participant.workspace_id == workspace.id)
                                .order_by(Participant.code)))


def editable_workspace(session: Session, actor: User | None, slug: str) -> Workspace:
    """The workspace for adding to it: NotFound to a non-member (as for a read), Forbidden to a viewer."""
    workspace = workspace_for(session, actor, slug)
    authorise(session, actor, workspace, "editor", write=True)
    return workspace


def editable_item(session: Session, actor: User | None, kind: Kind, item_id: str):
    """The item for an edit: NotFound to a non-member (as for a read), Forbidden to a viewer."""
    item = item_for(session, actor, kind, item_id)
    authorise(session, actor, session.get(Workspace, item.workspace_id), "editor", write=True)
    return item


def editable_journey(session: Session, actor: User | None, journey_id: str) -> Journey:
    """The journey for an edit in the browser: NotFound to a non-member (as for a read), Forbidden to a viewer."""
    journey = journey_for(session, actor, journey_id)
    authorise(session, actor, journey.workspace, "editor", write=True)
    return journey


def editable_phase(session: Session, actor: User | None, phase_id: str) -> Phase:
    """The phase for an edit in the browser: NotFound to a non-member, Forbidden to a viewer."""
    phase = phase_for(session, actor, phase_id)
    authorise(session, actor, phase.journey.workspace, "editor", write=True)
    return phase


def editable_step(session: Session, actor: User | None, step_id: str) -> Step:
    """The step for an edit (or linking evidence to it): NotFound to a non-member, Forbidden to a viewer."""
    step = step_for(session, actor, step_id)
    authorise(session, actor, step.phase.journey.workspace, "editor", write=True)
    return step


def editable_participant(session: Session, actor: User | None, participant_id: str) -> Participant:
    """The participant for an edit: NotFound to a non-member, Forbidden to a viewer."""
    participant = participant_for(session, actor, participant_id)
    authorise(session, actor, participant.workspace, "editor", write=True)
    return participant


def workspace_of(session: Session, item: Any) -> Workspace:
    """The workspace an item (already authorised) belongs to."""
    return session.get(Workspace, item.workspace_id)


def evidence_by_participant(session: Session, participant_ids: list[str]) -> dict[str, dict[str, int]]:
    """Participant id → {"quotes": n, "narratives": n}: two grouped queries for a whole page."""
    counts: dict[str, dict[str, int]] = {pid: {"quotes": 0, "narratives": 0} for pid in participant_ids}
    if not participant_ids:
        return counts
    for name, model in (("quotes", Quote), ("narratives", Narrative)):
        rows = session.execute(select(model.participant_id, func.count())
                               .where(model.participant_id.in_(participant_ids)).group_by(model.participant_id))
        for pid, count in rows:
            counts[pid][name] = count
    return counts
