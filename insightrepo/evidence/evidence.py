"""Quotes, narratives and jobs to be done: one set of rules for the three kinds of evidence.

Each kind is described once (its model, fields and what it links to); creating, reading,
filtering, editing, linking and deleting work the same for all three."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from insightrepo.i18n import gettext, ngettext, sentence_start
from insightrepo.db import add_unless_taken, utcnow
from insightrepo.models import Job, Journey, Narrative, Phase, Quote, Step, Tag, User, Workspace
from insightrepo.models.evidence import SENTIMENTS, Participant, code_key, quote_title  # noqa: F401  (quote_title: the pages import it from here)
from insightrepo.models.workspace import LANGUAGES
from insightrepo.workspaces.access import authorise, workspace_for
from insightrepo.errors import Conflict, Invalid, NotFound, check_version
from insightrepo.field_checks import (Check, a_date, assign, choice, clean, id_list, not_here, one_of, text,
                                      whole_number)
from insightrepo.field_labels import field_name
from insightrepo.paging import Page, paginate
from insightrepo.evidence.participants import find_by_code
from insightrepo.evidence.tags import clean_tag_names, tag_key, tags_for

LONG = 20_000


def _participant_code(name: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    return text(40, required=True)(name, value if isinstance(value, str) else str(value))


def _language(name: str, value: Any) -> str:
    value = text(8)(name, value).lower()
    if value and value not in LANGUAGES:
        raise ValueError(one_of(name, LANGUAGES, optional=True))
    return value


_score_1_5 = whole_number(1, 5, lambda name: gettext("%(field)s must be from 1 to 5 or empty", field=field_name(name)))


@dataclass(frozen=True)
class Kind:
    name: str
    plural: str
    model: type
    fields: dict[str, Check]
    required: tuple[str, ...]
    date_field: str | None
    has_participant: bool = True
    links_phases: bool = False
    text_fields: tuple[str, ...] = ()  # what the ``q`` filter looks in

    def label(self, obj: Any) -> str:
        if self.model is Quote:
            return quote_title(obj.text)
        if self.model is Narrative:
            return f"“{obj.title}”"
        return gettext("the job “When %(situation)s…”", situation=obj.situation[:50])


QUOTES = Kind("quote", "quotes", Quote, {
    "text": text(LONG, required=True), "participant": _participant_code, "collected_on": a_date,
    "source": text(200), "language": _language, "sentiment": choice(SENTIMENTS, optional=True),
    "tags": clean_tag_names, "step_ids": id_list,
}, required=("text",), date_field="collected_on", text_fields=("text", "source"))

NARRATIVES = Kind("narrative", "narratives", Narrative, {
    "title": text(200, required=True), "body": text(100_000), "participant": _participant_code,
    "told_on": a_date, "tags": clean_tag_names, "step_ids": id_list,
}, required=("title",), date_field="told_on", text_fields=("title", "body"))

JOBS = Kind("job", "jobs", Job, {
    "situation": text(LONG, required=True), "motivation": text(LONG, required=True),
    "outcome": text(LONG, required=True), "importance": _score_1_5, "satisfaction": _score_1_5,
    "tags": clean_tag_names, "step_ids": id_list, "phase_ids": id_list,
}, required=("situation", "motivation", "outcome"), date_field=None, has_participant=False, links_phases=True,
    text_fields=("situation", "motivation", "outcome"))

KINDS = {kind.plural: kind for kind in (QUOTES, NARRATIVES, JOBS)}


def _loading(kind: Kind) -> list:
    options = [selectinload(kind.model.tags), selectinload(kind.model.steps)]
    if kind.has_participant:
        options.append(selectinload(kind.model.participant))
    if kind.links_phases:
        options.append(selectinload(kind.model.phases))
    return options


def _no_such(kind: Kind) -> str:
    """Whole for each kind: the languages' genders do not let "No such" go before any noun."""
    if kind.name == "quote":
        return gettext("No such quote.")
    if kind.name == "narrative":
        return gettext("No such narrative.")
    return gettext("No such job.")


def item_for(session: Session, actor: User | None, kind: Kind, item_id: str, role: str = "viewer"):
    item = session.scalar(select(kind.model).where(kind.model.id == item_id).options(*_loading(kind)))
    if item is None:
        raise NotFound(_no_such(kind))
    workspace = session.get(Workspace, item.workspace_id)
    authorise(session, actor, workspace, role, write=role != "viewer", missing=_no_such(kind))
    return item


def list_items(session: Session, actor: User | None, kind: Kind, slug: str, filters: dict[str, Any],
               page: int = 1, per_page: int = 50) -> Page:
    """Filters: q (words in the text), tag, participant (code), step (id), journey (id), sentiment,
    from/to (dates)."""
    workspace = workspace_for(session, actor, slug, "viewer")
    stmt = filtered(select(kind.model), kind, workspace, filters)
    order = getattr(kind.model, kind.date_field).desc().nulls_last() if kind.date_field else kind.model.created_at.desc()
    return paginate(session, stmt.options(*_loading(kind)).order_by(order, kind.model.created_at.desc(), kind.model.id),
                    page, per_page)


def filtered(stmt: Select, kind: Kind, workspace: Workspace, filters: dict[str, Any]) -> Select:
    model = kind.model
    stmt = stmt.where(model.workspace_id == workspace.id)
    for word in (filters.get("q") or "").split():  # every word, anywhere in the item's text, any case
        stmt = stmt.where(or_(*(func.lower(getattr(model, name)).contains(word.lower(), autoescape=True)
                                for name in kind.text_fields)))
    if filters.get("tag"):
        stmt = stmt.where(model.tags.any(Tag.key == tag_key(filters["tag"])))
    if filters.get("participant") and kind.has_participant:  # codes are case-insensitive
        stmt = stmt.where(model.participant.has(Participant.code_key == code_key(filters["participant"])))
    if filters.get("step"):
        stmt = stmt.where(model.steps.any(Step.id == filters["step"]))
    if filters.get("journey"):
        in_journey = model.steps.any(Step.phase.has(Phase.journey_id == filters["journey"]))
        if kind.links_phases:  # a job may belong to a phase of the journey without naming a step
            in_journey = or_(in_journey, model.phases.any(Phase.journey_id == filters["journey"]))
        stmt = stmt.where(in_journey)
    if filters.get("sentiment") and kind is QUOTES:
        stmt = stmt.where(Quote.sentiment == filters["sentiment"])
    if kind.date_field:
        column = getattr(model, kind.date_field)
        if filters.get("from"):
            stmt = stmt.where(column >= filters["from"])
        if filters.get("to"):
            stmt = stmt.where(column <= filters["to"])
    return stmt


def create_item(session: Session, actor: User | None, kind: Kind, slug: str, data: dict[str, Any]):
    workspace = workspace_for(session, actor, slug, "editor")
    values = clean(data, kind.fields, required=kind.required)
    if kind is QUOTES and not values.get("language"):
        values["language"] = workspace.language
    item = kind.model(workspace_id=workspace.id)
    _apply(session, kind, workspace, item, values)
    session.add(item)
    session.flush()
    return item


def update_item(session: Session, actor: User | None, kind: Kind, item_id: str, version: int | None,
                changes: dict[str, Any]):
    item = item_for(session, actor, kind, item_id, "editor")
    check_version(item, version)
    values = clean(changes, kind.fields)
    if _apply(session, kind, session.get(Workspace, item.workspace_id), item, values):
        item.updated_at = utcnow()  # also bumps the version when only links or tags changed
    session.flush()
    return item


def delete_item(session: Session, actor: User | None, kind: Kind, item_id: str, force: bool = False) -> None:
    """Linked evidence is deleted only with ``force``; its links go with it, the steps stay."""
    item = item_for(session, actor, kind, item_id, "editor")
    links = len(item.steps) + (len(item.phases) if kind.links_phases else 0)
    if links and not force:
        raise Conflict(ngettext("%(item)s supports %(num)d step of your maps: delete with force to remove it and "
                                "its links.",
                                "%(item)s supports %(num)d steps of your maps: delete with force to remove it and "
                                "its links.", links, item=sentence_start(kind.label(item))), {"links": links})
    session.delete(item)
    session.flush()


def evidence_for_step(session: Session, actor: User | None, step_id: str) -> dict[str, list]:
    step = session.get(Step, step_id)
    if step is None:
        raise NotFound(gettext("No such step."))
    authorise(session, actor, step.phase.journey.workspace, "viewer", write=False, missing=gettext("No such step."))
    return {kind.plural: list(session.scalars(
        select(kind.model).where(kind.model.steps.any(Step.id == step_id)).options(*_loading(kind))
        .order_by(kind.model.created_at))) for kind in KINDS.values()}


def _apply(session: Session, kind: Kind, workspace: Workspace, item: Any, values: dict[str, Any]) -> bool:
    values = dict(values)
    changed = False
    if "tags" in values:
        changed |= _relink(item, "tags", tags_for(session, workspace, values.pop("tags")), key="key")
    if "step_ids" in values:
        changed |= _relink(item, "steps", _steps(session, workspace, values.pop("step_ids")))
    if "phase_ids" in values:
        changed |= _relink(item, "phases", _phases(session, workspace, values.pop("phase_ids")))
    if "participant" in values:
        code = values.pop("participant")
        participant = _participant(session, workspace, code) if code else None
        if participant is not item.participant:
            item.participant = participant
            changed = True
    return assign(item, values) or changed


def _relink(item: Any, collection: str, linked: list[Any], key: str = "id") -> bool:
    """Link ``item`` to exactly ``linked`` (its tags, steps or phases); whether that changed them."""
    if {getattr(x, key) for x in linked} == {getattr(x, key) for x in getattr(item, collection)}:
        return False
    setattr(item, collection, linked)
    return True


def _steps(session: Session, workspace: Workspace, ids: list[str]) -> list[Step]:
    found = {s.id: s for s in session.scalars(
        select(Step).join(Phase).join(Journey).where(Step.id.in_(ids), Journey.workspace_id == workspace.id))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise Invalid({"step_ids": not_here("step_ids", missing)})
    return [found[i] for i in ids]


def _phases(session: Session, workspace: Workspace, ids: list[str]) -> list[Phase]:
    found = {p.id: p for p in session.scalars(
        select(Phase).join(Journey).where(Phase.id.in_(ids), Journey.workspace_id == workspace.id))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise Invalid({"phase_ids": not_here("phase_ids", missing)})
    return [found[i] for i in ids]


def _participant(session: Session, workspace: Workspace, code: str) -> Participant:
    """The participant with this code; a new code creates one (as the CSV import does)."""
    participant = find_by_code(session, workspace, code)
    if participant is None:
        participant = Participant(workspace_id=workspace.id, code=code)
        if not add_unless_taken(session, participant):  # another server created it meanwhile: theirs
            participant = find_by_code(session, workspace, code)
    return participant
