"""The search service: one query of one workspace, for an actor, with everything a page or an
API answer shows beside the hits (facet labels, journey and phase names, snapshot labels)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.models import Journey, Participant, Phase, Quote, Snapshot, Step, Tag, User, Workspace
from insightrepo.models.evidence import JobParts, code_key, statement_parts
from insightrepo.search import budget, query_syntax
from insightrepo.search.engine import Search
from insightrepo.search.sync import Indexing, indexing
from insightrepo.search.port import FACETS, SCOPES, SORTS, TYPES, Filters, Hit, PageRequest, Results, WorkspaceRef
from insightrepo.workspaces.access import workspace_for
from insightrepo.errors import Invalid, TimedOut
from insightrepo.evidence.evidence import quote_title
from insightrepo.i18n import gettext, lazy_gettext
from insightrepo.evidence.tags import tag_key
from insightrepo.field_labels import field_name

# Words a person reads: in the interface's language on the search page, English in the API.
TYPE_LABELS = {"quote": lazy_gettext("Quotes"), "narrative": lazy_gettext("Narratives"),
               "job": lazy_gettext("Jobs to be done"), "step": lazy_gettext("Steps"),
               "journey": lazy_gettext("Journeys"), "experiment": lazy_gettext("Experiments")}
MARKER_LABELS = {"heart": lazy_gettext("♥ Heart"), "thundercloud": lazy_gettext("☁ Thundercloud")}
SENTIMENT_LABELS = {"positive": lazy_gettext("Positive"), "negative": lazy_gettext("Negative"),
                    "neutral": lazy_gettext("Neutral"), "mixed": lazy_gettext("Mixed")}
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
    quote_titles: dict[str, str] = field(default_factory=dict)  # a live quote hit's key → its first words
    indexing: Indexing | None = None  # the index is catching up: results may be incomplete

    def label(self, facet: str, value: str) -> str:
        return str(self.labels.get(facet, {}).get(value, value))

    def title(self, hit: Hit) -> str:
        """What to call a hit: a live quote by the first words it has now, any other hit (a quote
        kept only in a snapshot too) by the title its adapter gave it — for a quote, the first
        words of the text indexed."""
        if hit.type != "quote":
            return hit.title
        return self.quote_titles.get(hit.key) or hit.title

    def job_parts(self, hit: Hit) -> JobParts | None:
        """A job hit's situation, motivation and outcome, read from the English sentence the index
        holds (live and history alike: a history document's title is hashed, so it stays English),
        for a page to say the sentence in the reader's language; None for any other hit."""
        return statement_parts(hit.title) if hit.type == "job" else None


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
        raise Invalid({"q": gettext("%(field)s must be at most %(max)d characters (it has %(count)d)",
                                    field=field_name("q"), max=search.max_query_length, count=len(request.text))},
                      gettext("The search text is too long."))
    if problem := content_problem(search, request.text):
        raise Invalid({"q": problem}, gettext("The search asks for too much at once."))
    per_page = per_page or search.page_size
    retry_after = max(1, round(search.time_budget or 1))
    ref, who = WorkspaceRef(workspace.id, workspace.language), actor.id if actor else "-"
    catching_up = indexing(session, workspace.id)
    # The index needs no transaction of ours: end the caller's (it has only read) before the search
    # waits for a slot and runs, so that on SQLite, where a transaction holds the write lock, neither
    # the shared slot count nor other people's requests wait for it.
    session.commit()
    with search.concurrency.slot(who), budget.time_budget(search.time_budget):
        try:
            results = search.index.query(ref, request.text, request.filters, FACETS,
                                         PageRequest(request.page, per_page, request.sort))
        except budget.OverBudget:
            seconds = f"{search.time_budget:g}"
            raise TimedOut(gettext("The search took too long (over %(seconds)s s) and was stopped; try fewer or "
                                   "longer words, or a filter.", seconds=seconds), retry_after) from None
    journeys, phases = _places(session, workspace, results, request.filters)
    return Found(workspace=workspace, request=request, results=results, per_page=per_page,
                 labels=_labels(session, workspace, results, request.filters, journeys, phases),
                 journeys=journeys, phases=phases, snapshots=_snapshots(session, workspace, results),
                 quote_titles=_quote_titles(session, workspace, results), indexing=catching_up)


def _quote_titles(session: Session, workspace: Workspace, results: Results) -> dict[str, str]:
    keys = {h.id: h.key for h in results.hits if h.type == "quote" and h.scope == "live"}
    if not keys:
        return {}
    # By id alone, the workspace checked here: with "workspace_id = ? AND id IN (…)" SQLite chose the
    # workspace's index and read every quote of the workspace on every search (docs/benchmarks.md).
    rows = session.execute(select(Quote.id, Quote.workspace_id, Quote.text).where(Quote.id.in_(keys)))
    return {keys[quote_id]: quote_title(text) for quote_id, workspace_id, text in rows
            if workspace_id == workspace.id}


def content_problem(search: Search, text: str) -> str | None:
    """What makes ``text`` ask for too much (too many terms, too many prefix searches), or None."""
    leaves = list(_leaves(query_syntax.parse(text)))
    prefixes = sum(isinstance(leaf, query_syntax.Prefix) or getattr(leaf, "prefix", False) for leaf in leaves)
    if len(leaves) > search.max_terms:
        return gettext("%(field)s may hold at most %(max)d words, phrases and filters (it has %(count)d); "
                       "leave some out", field=field_name("q"), max=search.max_terms, count=len(leaves))
    if prefixes > search.max_prefixes:
        return gettext("%(field)s may hold at most %(max)d prefix searches (word*) (it has %(count)d)",
                       field=field_name("q"), max=search.max_prefixes, count=prefixes)
    return None


def _leaves(node) -> Iterator:
    if isinstance(node, (query_syntax.And, query_syntax.Or)):
        for child in node.children:
            yield from _leaves(child)
    elif isinstance(node, query_syntax.Not):
        yield from _leaves(node.child)
    elif node is not None:
        yield node


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
        "phase": {p: phases.get(p, gettext("A phase no longer on the map")) for p in {f.value for f in results.facets["phase"]}},
        "tag": tag_names,
        "participant": {c: participant_codes.get(c, c.upper()) for c in codes},
        "sentiment": SENTIMENT_LABELS,
        "marker": MARKER_LABELS,
    }


def _snapshots(session: Session, workspace: Workspace, results: Results) -> dict[str, SnapshotLabel]:
    ids = {h.snapshot_id for h in results.hits if h.snapshot_id}
    if not ids:
        return {}
    rows = session.execute(select(Snapshot.id, Snapshot.label, Snapshot.as_of).join(Journey)
                           .where(Journey.workspace_id == workspace.id, Snapshot.id.in_(ids)))
    return {row.id: SnapshotLabel(row.id, row.label, row.as_of) for row in rows}
