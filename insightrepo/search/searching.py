"""The search service: one query of one workspace, for an actor, with everything a page or an
API answer shows beside the hits (facet labels, journey and phase names, snapshot labels)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.models import Journey, Participant, Phase, Snapshot, Step, Tag, User, Workspace
from insightrepo.models.evidence import code_key
from insightrepo.search.engine import Search
from insightrepo.search.port import FACETS, SCOPES, SORTS, TYPES, Filters, PageRequest, Results, WorkspaceRef
from insightrepo.services.access import workspace_for
from insightrepo.services.errors import Invalid
from insightrepo.services.tags import tag_key

TYPE_LABELS = {"quote": "Quotes", "narrative": "Narratives", "job": "Jobs to be done", "step": "Steps",
               "journey": "Journeys", "experiment": "Experiments"}
MARKER_LABELS = {"heart": "♥ Heart", "thundercloud": "☁ Thundercloud"}
MAX_PAGE = 500


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    filters: Filters = field(default_factory=Filters)
    page: int = 1
    sort: str = "relevance"

    @property
    def filtered(self) -> bool:
        return self.filters != Filters(scope=self.filters.scope)


@dataclass(frozen=True)
class SnapshotLabel:
    id: str
    label: str
    as_of: date


@dataclass(frozen=True)
class Found:
    workspace: Workspace
    request: SearchRequest
    results: Results
    per_page: int
    labels: dict[str, dict[str, str]]  # facet → value → what to show
    journeys: dict[str, str]  # journey id → title, for the hits
    phases: dict[str, str]  # phase id → title
    snapshots: dict[str, SnapshotLabel]

    def label(self, facet: str, value: str) -> str:
        return self.labels.get(facet, {}).get(value, value)


def search_request(args: Mapping[str, Any]) -> SearchRequest:
    """A request from already-typed arguments (q, type, journey, phase, step, tag, participant,
    sentiment, marker, year, from, to, scope, sort, page); unknown values are Invalid."""
    types = args.get("type") or ()
    types = (types,) if isinstance(types, str) else tuple(types)
    problems = {}
    if any(t not in TYPES for t in types):
        problems["type"] = f"type must be one of {', '.join(TYPES)}"
    scope, sort = args.get("scope") or "live", args.get("sort") or "relevance"
    if scope not in SCOPES:
        problems["scope"] = "scope must be live or history"
    if sort not in SORTS:
        problems["sort"] = "sort must be relevance or date"
    if problems:
        raise Invalid(problems)
    tag = args.get("tag")
    filters = Filters(
        types=tuple(dict.fromkeys(types)), journey=args.get("journey") or None, phase=args.get("phase") or None,
        step=args.get("step") or None, tag=tag_key(tag) if tag else None,
        participant=code_key(args.get("participant") or "") or None, sentiment=args.get("sentiment") or None,
        marker=args.get("marker") or None, year=str(args["year"]) if args.get("year") else None,
        date_from=args.get("from"), date_to=args.get("to"), scope=scope)
    return SearchRequest(text=args.get("q") or "", filters=filters, page=min(int(args.get("page") or 1), MAX_PAGE),
                         sort=sort)


def search(session: Session, actor: User | None, search: Search, slug: str, request: SearchRequest,
           per_page: int | None = None) -> Found:
    workspace = workspace_for(session, actor, slug, "viewer")
    if len(request.text) > search.max_query_length:
        raise Invalid({"q": f"q must be at most {search.max_query_length} characters (it has {len(request.text)})"},
                      "The search text is too long.")
    per_page = per_page or search.page_size
    results = search.index.query(WorkspaceRef(workspace.id, workspace.language), request.text, request.filters,
                                 FACETS, PageRequest(request.page, per_page, request.sort))
    journeys, phases = _places(session, workspace, results, request.filters)
    return Found(workspace=workspace, request=request, results=results, per_page=per_page,
                 labels=_labels(session, workspace, results, request.filters, journeys, phases),
                 journeys=journeys, phases=phases, snapshots=_snapshots(session, workspace, results))


def _places(session: Session, workspace: Workspace, results: Results,
            filters: Filters) -> tuple[dict[str, str], dict[str, str]]:
    journey_ids = {h.journey_id for h in results.hits if h.journey_id} | {f.value for f in results.facets["journey"]}
    phase_ids = {p for h in results.hits for p in h.phase_ids} | {f.value for f in results.facets["phase"]}
    journey_ids |= {filters.journey} if filters.journey else set()
    phase_ids |= {filters.phase} if filters.phase else set()
    journeys = dict(session.execute(select(Journey.id, Journey.title).where(
        Journey.workspace_id == workspace.id, Journey.id.in_(journey_ids))).all()) if journey_ids else {}
    phases = {}
    if phase_ids:
        for phase_id, phase_title, journey_title in session.execute(
                select(Phase.id, Phase.title, Journey.title).join(Journey, Phase.journey_id == Journey.id)
                .where(Journey.workspace_id == workspace.id, Phase.id.in_(phase_ids))):
            phases[phase_id] = f"{journey_title} › {phase_title}"
    return journeys, phases


def _labels(session: Session, workspace: Workspace, results: Results, filters: Filters,
            journeys: dict[str, str], phases: dict[str, str]) -> dict[str, dict[str, str]]:
    tags = {f.value for f in results.facets["tag"]} | ({filters.tag} if filters.tag else set())
    codes = {f.value for f in results.facets["participant"]}
    tag_names = dict(session.execute(select(Tag.key, Tag.name).where(
        Tag.workspace_id == workspace.id, Tag.key.in_(tags))).all()) if tags else {}
    participant_codes = dict(session.execute(select(Participant.code_key, Participant.code).where(
        Participant.workspace_id == workspace.id)).all()) if codes else {}
    steps = dict(session.execute(select(Step.id, Step.title).join(Phase, Step.phase_id == Phase.id)
                                 .join(Journey, Phase.journey_id == Journey.id)
                                 .where(Journey.workspace_id == workspace.id, Step.id == filters.step)).all()) \
        if filters.step else {}
    return {
        "type": TYPE_LABELS,
        "step": steps,
        "journey": journeys,
        "phase": {p: phases.get(p, "A phase no longer on the map") for p in {f.value for f in results.facets["phase"]}},
        "tag": tag_names,
        "participant": {c: participant_codes.get(c, c.upper()) for c in codes},
        "sentiment": {s: s.capitalize() for s in ("positive", "negative", "neutral", "mixed")},
        "marker": MARKER_LABELS,
    }


def _snapshots(session: Session, workspace: Workspace, results: Results) -> dict[str, SnapshotLabel]:
    ids = {h.snapshot_id for h in results.hits if h.snapshot_id}
    if not ids:
        return {}
    rows = session.execute(select(Snapshot.id, Snapshot.label, Snapshot.as_of).join(Journey)
                           .where(Journey.workspace_id == workspace.id, Snapshot.id.in_(ids)))
    return {row.id: SnapshotLabel(row.id, row.label, row.as_of) for row in rows}
