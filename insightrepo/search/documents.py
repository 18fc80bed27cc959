"""Search documents built from the database as it is now: quotes, narratives, jobs, steps,
journeys and experiments (``scope="live"``). History documents — the versions the snapshots
hold — are built in insightrepo.search.history.

Each builder loads its rows in one go (tags, participants and linked steps eagerly) and returns
the documents of the ids that still exist; an id that is gone has no document, and the caller
deletes its key."""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any, Iterable, NamedTuple

import nh3
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from insightrepo.models import Experiment, Job, Journey, Narrative, Participant, Phase, Quote, Step, Tag, Workspace
from insightrepo.models.evidence import quote_steps, quote_tags
from insightrepo.search.port import Document
from insightrepo.evidence.markdown_text import render_markdown

CHUNK = 500  # rows loaded per query

MODELS: dict[str, type] = {"quote": Quote, "narrative": Narrative, "job": Job, "step": Step, "journey": Journey,
                           "experiment": Experiment}


def live_key(kind: str, item_id: str) -> str:
    return f"{kind}:{item_id}"


def parse_live_key(key: str) -> tuple[str, str] | None:
    kind, sep, item_id = key.partition(":")
    return (kind, item_id) if sep and kind in MODELS else None


_FINGERPRINTED = tuple(f.name for f in fields(Document) if f.name != "fingerprint")


def fingerprinted(doc: Document) -> Document:
    """The document with its fingerprint: a hash of everything indexed about it. Its fields are
    plain values (text, tuples of text, dates): read as they are, not copied deeply (``asdict``
    was a sixth of a bulk round's time), they give the same JSON and so the same fingerprint."""
    body = {name: getattr(doc, name) for name in _FINGERPRINTED}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=_plain, ensure_ascii=False).encode()).hexdigest()
    return replace(doc, fingerprint=digest[:32])


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


FIELD_SEPARATOR = "\n · "  # a line break (a paragraph, where text keeps them) and a visible mark


def joined(*parts: str | None) -> str:
    """Text fields one after the other, empty ones left out, kept apart by " · ": a snippet makes
    its text one line, and fields joined by a line break alone ran together ("Läser skötselrådet
    Produktsida Vad betyder …"). The separator is no word, so nothing indexes it."""
    return FIELD_SEPARATOR.join(p.strip() for p in parts if p and p.strip())


def markdown_text(source: str) -> str:
    """A narrative's Markdown as the reader sees it: rendered, every tag stripped."""
    return html.unescape(nh3.clean(str(render_markdown(source)), tags=set())).strip()


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


class _Places:
    """Where linked steps (and phases) sit: journey, phase and step ids, in map order."""

    def __init__(self, steps: Iterable[Step] = (), phases: Iterable[Phase] = ()):
        ordered = sorted(steps, key=lambda s: (s.phase.journey_id, s.phase.position, s.position, s.id))
        self.steps = ordered
        self.step_ids = tuple(s.id for s in ordered)
        phase_list = [s.phase for s in ordered] + sorted(phases, key=lambda p: (p.journey_id, p.position, p.id))
        self.phase_ids = tuple(dict.fromkeys(p.id for p in phase_list))
        self.journey_ids = tuple(dict.fromkeys(p.journey_id for p in phase_list))

    def link(self) -> dict[str, Any]:
        first = self.steps[0] if self.steps else None
        return {"journey_ids": self.journey_ids, "phase_ids": self.phase_ids, "step_ids": self.step_ids,
                "journey_id": first.phase.journey_id if first else (self.journey_ids[0] if self.journey_ids else None),
                "step_id": first.id if first else None}


def _tags(item) -> dict[str, Any]:
    names = item.tag_names
    return {"tags": tuple(names), "tag_keys": tuple(t.key for t in sorted(item.tags, key=lambda t: t.name.casefold()))}


class _PhaseAt(NamedTuple):
    id: str
    journey_id: str
    position: int


class _StepAt(NamedTuple):
    id: str
    position: int
    phase: _PhaseAt


def _quote_documents(session: Session, ids: list[str]) -> list[Document]:
    """The documents of the quotes of ``ids`` that exist. Quotes are most of a workspace and all of
    an import, so they are read as plain rows in three queries (the quotes with their participant's
    code, their tags, their steps and phases) instead of as ORM objects."""
    quotes = list(session.execute(
        select(Quote.id, Quote.workspace_id, Quote.text, Participant.code, Quote.sentiment, Quote.collected_on,
               Quote.created_at).outerjoin(Participant, Participant.id == Quote.participant_id)
        .where(Quote.id.in_(ids))))
    languages = _languages(session, {quote.workspace_id for quote in quotes})
    tags: dict[str, list[tuple[str, str]]] = {}
    for quote_id, name, key in session.execute(
            select(quote_tags.c.quote_id, Tag.name, Tag.key).join(Tag, Tag.id == quote_tags.c.tag_id)
            .where(quote_tags.c.quote_id.in_(ids))):
        tags.setdefault(quote_id, []).append((name, key))
    steps: dict[str, list[_StepAt]] = {}
    for quote_id, step_id, position, phase_id, journey_id, phase_position in session.execute(
            select(quote_steps.c.quote_id, Step.id, Step.position, Phase.id, Phase.journey_id, Phase.position)
            .join(Step, Step.id == quote_steps.c.step_id).join(Phase, Phase.id == Step.phase_id)
            .where(quote_steps.c.quote_id.in_(ids))):
        steps.setdefault(quote_id, []).append(_StepAt(step_id, position, _PhaseAt(phase_id, journey_id, phase_position)))
    found = []
    for quote_id, workspace_id, text, code, sentiment, collected_on, created_at in quotes:
        named = sorted(tags.get(quote_id, ()), key=lambda tag: tag[0].casefold())
        found.append(Document(
            key=live_key("quote", quote_id), workspace_id=workspace_id, language=languages[workspace_id],
            type="quote", id=quote_id, title="", body=text, participant=code, sentiment=sentiment,
            date=collected_on or _day(created_at), tags=tuple(name for name, _ in named),
            tag_keys=tuple(key for _, key in named), **_Places(steps.get(quote_id, ())).link()))
    return found


def _narrative(n: Narrative, language: str) -> Document:
    return Document(key=live_key("narrative", n.id), workspace_id=n.workspace_id, language=language,
                    type="narrative", id=n.id, title=n.title, body=markdown_text(n.body),
                    participant=n.participant.code if n.participant else None, date=n.told_on or _day(n.created_at),
                    **_tags(n), **_Places(n.steps).link())


def _job(j: Job, language: str) -> Document:
    return Document(key=live_key("job", j.id), workspace_id=j.workspace_id, language=language, type="job", id=j.id,
                    title=j.statement, date=_day(j.created_at), **_tags(j), **_Places(j.steps, j.phases).link())


def _step(s: Step, language: str, workspace_id: str) -> Document:
    moment = joined(s.moment_title, s.moment_description)
    return Document(key=live_key("step", s.id), workspace_id=workspace_id, language=language, type="step", id=s.id,
                    title=s.title, body=joined(s.action, s.touchpoint, s.thoughts, s.need, moment), marker=s.marker,
                    journey_ids=(s.phase.journey_id,), phase_ids=(s.phase_id,), step_ids=(s.id,),
                    journey_id=s.phase.journey_id, step_id=s.id)


def _journey(j: Journey, language: str) -> Document:
    return Document(key=live_key("journey", j.id), workspace_id=j.workspace_id, language=language, type="journey",
                    id=j.id, title=j.title, body=joined(j.description, j.persona), journey_ids=(j.id,),
                    journey_id=j.id, date=_day(j.created_at))


def _experiment(e: Experiment, language: str) -> Document:
    body = joined(e.solution, e.hypothesis, e.learning_observed, e.learning_learned, e.learning_next)
    return Document(key=live_key("experiment", e.id), workspace_id=e.workspace_id, language=language,
                    type="experiment", id=e.id, title=e.title, body=body, date=e.started_on or _day(e.created_at),
                    **_Places(e.steps).link())


def _load(session: Session, kind: str, ids: list[str]) -> list:
    model = MODELS[kind]
    options = {
        "narrative": [selectinload(Narrative.tags), selectinload(Narrative.participant),
                      selectinload(Narrative.steps).selectinload(Step.phase)],
        "job": [selectinload(Job.tags), selectinload(Job.steps).selectinload(Step.phase), selectinload(Job.phases)],
        "step": [selectinload(Step.phase).selectinload(Phase.journey)],
        "journey": [],
        "experiment": [selectinload(Experiment.steps).selectinload(Step.phase)],
    }[kind]
    return list(session.scalars(select(model).where(model.id.in_(ids)).options(*options)))


def live_documents(session: Session, kind: str, ids: Iterable[str]) -> dict[str, Document]:
    """item id → its document, for the ``ids`` of one kind that exist."""
    ids = list(dict.fromkeys(ids))
    found: dict[str, Document] = {}
    for start in range(0, len(ids), CHUNK):
        if kind == "quote":
            found.update((doc.id, fingerprinted(doc)) for doc in _quote_documents(session, ids[start:start + CHUNK]))
            continue
        rows = _load(session, kind, ids[start:start + CHUNK])
        languages = _languages(session, {_workspace_id(kind, row) for row in rows})
        for row in rows:
            workspace_id = _workspace_id(kind, row)
            language = languages[workspace_id]
            doc = _step(row, language, workspace_id) if kind == "step" else _BUILDERS[kind](row, language)
            found[row.id] = fingerprinted(doc)
    return found


_BUILDERS = {"narrative": _narrative, "job": _job, "journey": _journey, "experiment": _experiment}


def _workspace_id(kind: str, row) -> str:
    return row.phase.journey.workspace_id if kind == "step" else row.workspace_id


def _languages(session: Session, workspace_ids: set[str]) -> dict[str, str]:
    if not workspace_ids:
        return {}
    return dict(session.execute(select(Workspace.id, Workspace.language).where(Workspace.id.in_(workspace_ids))).all())


def live_ids(session: Session, workspace_id: str) -> dict[str, list[str]]:
    """Every item id of the workspace, by kind."""
    ids: dict[str, list[str]] = {}
    for kind, model in MODELS.items():
        if kind == "step":
            stmt = (select(Step.id).join(Phase, Step.phase_id == Phase.id).join(Journey, Phase.journey_id == Journey.id)
                    .where(Journey.workspace_id == workspace_id))
        else:
            stmt = select(model.id).where(model.workspace_id == workspace_id)
        ids[kind] = list(session.scalars(stmt.order_by(model.id)))
    return ids


