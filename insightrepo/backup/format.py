"""The workspace backup document: its sections and fields, and the checks a restore runs on
the whole document before it writes anything (docs/decisions.md, "Backups").

A backup is one JSON object::

    {"format": "insightrepo-workspace", "format_version": 3, "generator": "InsightRepo 0.1.0",
     "workspace": {...}, "members": [...], "journeys": [...], "phases": [...], "steps": [...],
     "participants": [...], "tags": [...], "quotes": [...], "narratives": [...], "jobs": [...],
     "experiments": [...], "measurements": [...],
     "snapshots": [...], "snapshot_objects": [...], "changes": [...]}

Every section but ``workspace``, ``members`` and ``snapshot_objects`` is a list of rows of
one table, each with its ``id``; rows point at each other by id (``journey_id``,
``step_ids``…); people (a snapshot's author, a change's actor) are named by email.
``snapshot_objects`` holds the timeline's content-addressed objects as ``{hash, kind, body}``
(backup/timeline_section.py). Adding a section or a field means a new ``FORMAT_VERSION``
and an entry in ``UPGRADES`` that brings older documents up to date, so every backup ever
written stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from typing import Any, Callable

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, String, Table

from insightrepo.models import (
    Change,
    Experiment,
    Job,
    Journey,
    Measurement,
    Membership,
    Narrative,
    Participant,
    Phase,
    Quote,
    Snapshot,
    SnapshotObject,
    Step,
    Tag,
    Workspace,
)
from insightrepo.models.evidence import (
    PARTICIPANT_METHODS,
    SENTIMENTS,
    code_key,
    job_phases,
    job_steps,
    job_tags,
    narrative_steps,
    narrative_tags,
    quote_steps,
    quote_tags,
)
from insightrepo.models.experiment import (
    ALL_GROUPS,
    DESIGNS,
    DIRECTIONS,
    METRIC_KINDS,
    STATUSES,
    VERDICTS,
    experiment_narratives,
    experiment_quotes,
    experiment_steps,
    measurement_quotes,
)
from insightrepo.models.journey import KINDS, MARKERS, SCOPES
from insightrepo.models.workspace import LANGUAGES, ROLES
from insightrepo.evidence.evidence import JOBS, NARRATIVES, QUOTES
from insightrepo.experiments.fields import EXPERIMENT_FIELDS, LARGEST_NUMBER, MEASUREMENT_FIELDS
from insightrepo.field_checks import Check, day_problem
from insightrepo.journeys.fields import JOURNEY_FIELDS, PHASE_FIELDS, STEP_COLUMNS, STEP_FIELDS
from insightrepo.journeys.ordering import numbering_problems
from insightrepo.evidence.participants import PARTICIPANT_FIELDS
from insightrepo.evidence.tags import tag_key
from insightrepo.field_checks import email_problem, normalise_email, slug_problem
from insightrepo.timeline.change_recorder import TRACKED
from insightrepo.timeline.freeze import EVIDENCE_KINDS, EXPERIMENTS
from insightrepo.timeline.objects import object_hash
from insightrepo.timeline.snapshots import SNAPSHOT_FIELDS

FORMAT = "insightrepo-workspace"
FORMAT_VERSION = 3


def _from_1_to_2(document: dict) -> dict:
    """Version 2 adds the timeline: snapshots, the objects they reach, and the change log."""
    return {"snapshots": [], "snapshot_objects": [], "changes": [], **document, "format_version": 2}


def _from_2_to_3(document: dict) -> dict:
    """Version 3 adds experiments and their measurements."""
    return {"experiments": [], "measurements": [], **document, "format_version": 3}


# format_version → a function turning such a document into one of the next version.
UPGRADES: dict[int, Callable[[dict], dict]] = {1: _from_1_to_2, 2: _from_2_to_3}

# Tables deliberately left out of a backup, and why (a test keeps this list complete).
NOT_IN_BACKUP = {
    "users": "accounts are global: members are listed by email (a restore grants membership to the importer alone)",
    "api_tokens": "secrets belong to a user on one server",
    "invitations": "pending invitations carry secrets and expire; invite again after a restore",
    "alembic_version": "the schema's revision, not data",
    "search_outbox": "work queued for the search index, which is rebuilt from the data (a restore queues the "
                     "whole workspace)",
    "search_documents": "the PostgreSQL search adapter's index, derived from the data (a restore queues the whole "
                        "workspace for it)",
    "search_progress": "how far the search index has caught up with the outbox, gone when it has",
    "search_words": "the PostgreSQL search adapter's word counts for 'did you mean', derived like its index",
    "sign_ins": "a browser's sign-in belongs to one server's users; people sign in again",
    "rate_limit_counters": "counts of recent failed sign-ins and running searches, per server, gone in minutes",
    "change_undos": "which recent actions were undone, for undo on this server; a restored change log has no "
                    "action ids, so nothing in it can be undone",
    "share_links": "links handed to people outside the workspace: a restore (or a copy on another server) must not "
                   "reopen them; share again after a restore",
    "share_link_accesses": "the visits through those links, which go with them",
}

INT_LIMIT = 2**31 - 1
MAX_PROBLEMS = 20


class Problem(ValueError):
    """One thing wrong with a value; the message completes "⟨path⟩ …"."""


Load = Callable[[Any], Any]


# ---- values ------------------------------------------------------------------------------

def text(limit: int | None = None, nullable: bool = False, options: tuple[str, ...] | None = None,
         check: Callable[[str], str | None] | None = None) -> Load:
    def load(value: Any) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise Problem("must be text" + (" or null" if nullable else ""))
        if "\x00" in value:
            raise Problem("must not contain NUL characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Problem("must be valid Unicode text") from None
        if limit is not None and len(value) > limit:
            raise Problem(f"must be at most {limit} characters")
        if options is not None and value not in options:
            raise Problem(f"must be one of {', '.join(options)}" + (" or null" if nullable else ""))
        if check is not None and (message := check(value)):
            raise Problem(message)
        return value
    return load


def whole(low: int = -INT_LIMIT - 1, high: int = INT_LIMIT, nullable: bool = False) -> Load:
    def load(value: Any) -> int | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Problem(f"must be a whole number from {low} to {high}" + (" or null" if nullable else ""))
        return value
    return load


def number(low: float = -LARGEST_NUMBER, high: float = LARGEST_NUMBER, nullable: bool = False) -> Load:
    """A finite number, as a float: Python's JSON reader accepts NaN and Infinity, and the
    statistics need numbers the services would take (experiment_fields.LARGEST_NUMBER)."""
    def load(value: Any) -> float | None:
        if value is None and nullable:
            return None
        if not isinstance(value, bool) and isinstance(value, (int, float)) and low <= value <= high:
            return float(value)  # NaN fails the comparison; a whole number past the bounds is never converted
        raise Problem(f"must be a number from {low:g} to {high:g}" + (" or null" if nullable else ""))
    return load


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Problem("must be true or false")
    return value


def day(nullable: bool = True) -> Load:
    def load(value: Any) -> date | None:
        if value is None and nullable:
            return None
        if isinstance(value, str):
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return _in_range(parsed)
        raise Problem("must be a date like 2026-03-04" + (" or null" if nullable else ""))
    return load


def moment(value: Any) -> datetime:
    """A UTC time; stored without an offset, as the database keeps it."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
            return _in_range(parsed)
    raise Problem("must be a time like 2026-03-04T09:30:00 (UTC)")


def _in_range(value: date) -> date:
    """The range of days every door accepts (field_checks.day_problem)."""
    problem = day_problem("", value)
    if problem:
        raise Problem(problem.strip())
    return value


def _rule(load: Load, check: Check, name: str) -> Load:
    """The backup's own check of the value, then the rule the API and the forms apply to the
    field of that name (one set of rules for every door); the value itself is kept as it is."""
    def loaded(value: Any) -> Any:
        value = load(value)
        try:
            check(name, value)
        except ValueError as problem:
            raise Problem(str(problem).removeprefix(f"{name} ")) from None
        return value
    return loaded


def _ruled(fields: tuple[Field, ...], rules: dict[str, Check]) -> tuple[Field, ...]:
    """``fields``, each held also to the service's rule of the same name in ``rules``."""
    return tuple(replace(f, load=_rule(f.load, rules[f.name], f.name)) if f.name in rules else f for f in fields)


def text_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise Problem("must be a list of texts")
    check = text(1000)
    return [check(item) for item in value]


def an_id(value: Any) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= 32 or not value.isprintable() or value != value.strip():
        raise Problem("must be an id: 1–32 printable characters")
    return value


def an_id_or_null(value: Any) -> str | None:
    return None if value is None else an_id(value)


def anything(value: Any) -> Any:
    """Any JSON value (a change's old and new values)."""
    return value


def a_hash(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 64 or value.strip("0123456789abcdef"):
        raise Problem("must be an object's hash: 64 lowercase hexadecimal digits")
    return value


def _email(value: str) -> str | None:
    return email_problem(value) or (None if value == normalise_email(value) else
                                    "must be written in lower case without spaces")


def email_or_null(value: Any) -> str | None:
    return None if value is None else text(254, check=_email)(value)


def dump_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


# ---- sections ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    name: str
    load: Load
    ref: str | None = None  # the section this id points to


@dataclass(frozen=True)
class Links:
    """A list of ids in a row, stored in a link table."""

    name: str          # "step_ids"
    table: Table       # quote_steps
    own: str           # "quote_id"
    other: str         # "step_id"
    ref: str           # "steps"


@dataclass(frozen=True)
class Section:
    name: str
    table: Table
    fields: tuple[Field, ...]
    links: tuple[Links, ...] = ()
    parent: str | None = None            # the column that holds the owning row's id
    implied: dict[str, str] = field(default_factory=dict)  # columns not in the document, and why
    unique: tuple[tuple[str, Callable[[dict], Any]], ...] = ()  # (what, key of a row) unique per workspace
    people: dict[str, str] = field(default_factory=dict)  # a field naming a user by email → its user id column
    rules: tuple[tuple[str, Callable[[dict], bool], str], ...] = ()  # (field, holds for a row, else this problem):
                                                                     # the model's checks across fields

    def ref(self, name: str) -> str:
        """The section the id field ``name`` points to."""
        return next(f.ref for f in self.fields if f.name == name and f.ref)


def _from_column(table: Table, name: str) -> Load:
    """The check a column's type and nullability call for."""
    column: Column = table.c[name]
    kind, nullable = column.type, column.nullable
    if isinstance(kind, Boolean):
        return flag
    if isinstance(kind, Integer):
        return whole(nullable=nullable)
    if isinstance(kind, Float):
        return number(nullable=nullable)
    if isinstance(kind, DateTime):
        return moment
    if isinstance(kind, Date):
        return day(nullable)
    if isinstance(kind, JSON):
        return text_list
    if isinstance(kind, String):  # Text is a String without a length
        return text(kind.length, nullable)
    raise TypeError(f"no backup check for {table.name}.{name} ({kind!r})")


def _fields(model: type, *names: str, **special: Load | tuple[Load, str]) -> tuple[Field, ...]:
    """Fields named after the model's columns, checked as the column's type calls for;
    ``special`` replaces that check, or makes the field a reference: ``journey_id=(an_id, "journeys")``.
    Ids are 1–32 printable characters; versions count from 1."""
    special = {"id": an_id, "version": whole(1), **special}
    result = []
    for name in names:
        spec = special.get(name)
        if isinstance(spec, tuple):
            result.append(Field(name, spec[0], spec[1]))
        else:
            result.append(Field(name, spec or _from_column(model.__table__, name)))
    return tuple(result)


_position = whole(0)
_score = whole(-2, 2, nullable=True)
_rating = whole(1, 5, nullable=True)
_count = whole(0, nullable=True)
_stamps = ("created_at", "updated_at", "version")
_in_workspace = {"workspace_id": "the restored workspace"}


def _links(owner: str, *targets: tuple[Table, str, str]) -> tuple[Links, ...]:
    return tuple(Links(f"{other.removesuffix('_id')}_ids", table, f"{owner}_id", other, section)
                 for table, other, section in targets)


WORKSPACE = Section("workspace", Workspace.__table__, _fields(
    Workspace, "id", "slug", "name", "language", "created_at", "version",
    slug=text(64, check=slug_problem), language=text(options=tuple(LANGUAGES))))

SECTIONS: tuple[Section, ...] = (
    Section("journeys", Journey.__table__, _fields(
        Journey, "id", "title", "description", "scope", "kind", "persona", "owner", "archived", *_stamps,
        scope=text(options=SCOPES), kind=text(options=KINDS)),
        implied=_in_workspace),
    Section("phases", Phase.__table__, _fields(
        Phase, "id", "journey_id", "position", "title", "goal", "version",
        journey_id=(an_id, "journeys"), position=_position),
        parent="journey_id"),
    Section("steps", Step.__table__, _fields(
        Step, "id", "phase_id", "position", *STEP_COLUMNS, "version",
        phase_id=(an_id, "phases"), position=_position, emotion=_score, employee_emotion=_score,
        marker=text(nullable=True, options=MARKERS)),
        parent="phase_id"),
    Section("participants", Participant.__table__, _fields(
        Participant, "id", "code", "segment", "method", "interviewed_on", "note", *_stamps,
        method=text(options=PARTICIPANT_METHODS)),
        implied={**_in_workspace, "code_key": "made from the code (NFC, case-folded)"},
        unique=(("participant code (ignoring case)", lambda row: code_key(row["code"])),)),
    Section("tags", Tag.__table__, _fields(Tag, "id", "name"),
            implied={**_in_workspace, "key": "made from the name (case-folded)"},
            unique=(("tag name (ignoring case)", lambda row: tag_key(row["name"])),)),
    Section("quotes", Quote.__table__, _fields(
        Quote, "id", "text", "participant_id", "collected_on", "source", "language", "sentiment", *_stamps,
        participant_id=(an_id_or_null, "participants"),
        language=text(options=("", *LANGUAGES)), sentiment=text(nullable=True, options=SENTIMENTS)),
        links=_links("quote", (quote_tags, "tag_id", "tags"), (quote_steps, "step_id", "steps")),
        implied=_in_workspace),
    Section("narratives", Narrative.__table__, _fields(
        Narrative, "id", "title", "body", "participant_id", "told_on", *_stamps,
        participant_id=(an_id_or_null, "participants")),
        links=_links("narrative", (narrative_tags, "tag_id", "tags"), (narrative_steps, "step_id", "steps")),
        implied=_in_workspace),
    Section("jobs", Job.__table__, _fields(
        Job, "id", "situation", "motivation", "outcome", "importance", "satisfaction", *_stamps,
        importance=_rating, satisfaction=_rating),
        links=_links("job", (job_tags, "tag_id", "tags"), (job_steps, "step_id", "steps"),
                     (job_phases, "phase_id", "phases")),
        implied=_in_workspace),
    Section("experiments", Experiment.__table__, _fields(
        Experiment, "id", "title", "solution", "hypothesis", "criterion", "metric_name", "metric_kind", "metric_unit",
        "direction", "minimum_effect", "design", "owner", "job_id", "status", "started_on", "ended_on", "verdict",
        "verdict_reason", "learning_observed", "learning_learned", "learning_next", *_stamps,
        metric_kind=text(options=METRIC_KINDS), direction=text(options=DIRECTIONS),
        minimum_effect=number(0, nullable=True), design=text(options=DESIGNS), job_id=(an_id_or_null, "jobs"),
        status=text(options=STATUSES), verdict=text(nullable=True, options=VERDICTS)),
        links=_links("experiment", (experiment_steps, "step_id", "steps"), (experiment_quotes, "quote_id", "quotes"),
                     (experiment_narratives, "narrative_id", "narratives")),
        implied=_in_workspace),
    Section("measurements", Measurement.__table__, _fields(
        Measurement, "id", "experiment_id", "group", "measured_on", "successes", "trials", "n", "mean", "sd", "note",
        "source", *_stamps,
        experiment_id=(an_id, "experiments"), group=text(options=ALL_GROUPS), successes=_count,
        trials=whole(1, nullable=True), n=whole(1, nullable=True), sd=number(0, nullable=True)),
        links=_links("measurement", (measurement_quotes, "quote_id", "quotes")),
        parent="experiment_id",
        rules=(("successes", lambda row: None in (row["successes"], row["trials"]) or row["successes"] <= row["trials"],
                "must not be more than trials"),)),
)
# The rules the API and the forms apply (services' field tables), by section: a backup brings in
# nothing they would refuse (issue 18: a snapshot of 9999-12-31, a 61-character channel …).
API_RULES: dict[str, dict[str, Check]] = {
    "journeys": JOURNEY_FIELDS, "phases": PHASE_FIELDS, "steps": STEP_FIELDS, "participants": PARTICIPANT_FIELDS,
    "quotes": QUOTES.fields, "narratives": NARRATIVES.fields, "jobs": JOBS.fields,
    "experiments": EXPERIMENT_FIELDS, "measurements": MEASUREMENT_FIELDS, "snapshots": SNAPSHOT_FIELDS,
}
SECTIONS = tuple(replace(section, fields=_ruled(section.fields, API_RULES.get(section.name, {}))) for section in SECTIONS)
BY_NAME = {section.name: section for section in SECTIONS}

# The timeline (format version 2). Snapshot and change rows name their author by email;
# the objects a snapshot reaches are a section of their own (OBJECT_FIELDS), checked below.
# The change log's entities, and the section holding each one's rows ("step" → "steps").
ENTITY_SECTIONS = {entity: f"{entity}s" for entity, _ in TRACKED.values()}
CHANGE_ENTITIES = tuple(sorted(ENTITY_SECTIONS))
_AUTHOR_NAME = ("the author's email when it is not linked to an account here: exported as the author, "
                "restored as a name (linked only by the operator's --link-accounts)")
SNAPSHOTS = Section("snapshots", Snapshot.__table__, (
    *_fields(Snapshot, "id", "journey_id", "label", "as_of", "note", "root", "bytes_added",
             journey_id=(an_id, "journeys"), root=a_hash, bytes_added=whole(0)),
    Field("created_by", email_or_null), *_fields(Snapshot, "created_at")),
    people={"created_by": "created_by_id"}, implied={"created_by_name": _AUTHOR_NAME})
SNAPSHOTS = replace(SNAPSHOTS, fields=_ruled(SNAPSHOTS.fields, API_RULES["snapshots"]))
CHANGES = Section("changes", Change.__table__, (
    *_fields(Change, "id", "journey_id", "entity", "entity_id", "action", "field", "old", "new",
             journey_id=an_id_or_null, entity=text(options=CHANGE_ENTITIES), entity_id=an_id,
             action=text(options=("create", "update", "delete")), old=anything, new=anything),
    Field("actor", email_or_null), *_fields(Change, "at", "why")),
    implied={**_in_workspace, "actor_name": _AUTHOR_NAME,
             "group_id": "the action a row belonged to, for undo on this server: a restored log has nothing to undo"},
    people={"actor": "actor_id"})
TIMELINE_SECTIONS = (SNAPSHOTS, CHANGES)
OBJECTS = SnapshotObject.__table__
OBJECT_FIELDS: dict[str, Load] = {"hash": a_hash, "kind": text(16), "body": anything}
OBJECTS_IMPLIED = {"data": "the body, compressed as the database keeps it",
                   "created_at": "when this database first stored the object"}
# The evidence index's kinds of item: "quotes" → "quote" …; "experiments" only in maps that have any.
ITEM_KINDS = {kind: kind.removesuffix("s") for kind in (*EVIDENCE_KINDS, EXPERIMENTS)}
OPTIONAL_ITEMS = {EXPERIMENTS}
OBJECT_KINDS = ("root", "journey", "phase", "step", "evidence", *ITEM_KINDS.values())

MEMBER_FIELDS = {
    "email": text(254, check=_email),
    "role": text(options=ROLES),
    "created_at": moment,
}
MEMBERSHIP_IMPLIED = {"id": "new on restore", "workspace_id": "the restored workspace",
                      "user_id": "the account with the member's email", "version": "starts again at 1"}
TOP_LEVEL = {"format", "format_version", "generator", "workspace", "members", *BY_NAME,
             *(s.name for s in TIMELINE_SECTIONS), "snapshot_objects"}
LINK_TABLES = {link.table.name for section in SECTIONS for link in section.links}
TIMELINE_TABLES = {SNAPSHOTS.table.name, CHANGES.table.name, OBJECTS.name}
MEMBERSHIPS = Membership.__table__


# ---- reading a document --------------------------------------------------------------------

@dataclass
class Checked:
    """A document that passed every check: rows ready for the database, by section."""

    workspace: dict[str, Any]
    members: list[dict[str, Any]]
    rows: dict[str, list[dict[str, Any]]]   # the timeline's snapshots and changes too
    links: dict[str, list[dict[str, Any]]]  # link table name → rows (own id, other id)
    objects: dict[str, tuple[str, Any]] = field(default_factory=dict)  # hash → (kind, body), each verified


class Problems:
    def __init__(self) -> None:
        self.found: dict[str, str] = {}
        self.total = 0

    def add(self, path: str, message: str) -> None:
        self.total += 1
        if len(self.found) < MAX_PROBLEMS:
            self.found.setdefault(path, message)


def check_header(data: Any) -> str | None:
    """Why ``data`` is not a backup this version can read, or None."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return "This is not an InsightRepo workspace backup (its \"format\" is not \"insightrepo-workspace\")."
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return "The backup's format_version is missing or not a whole number from 1 up."
    if version > FORMAT_VERSION:
        return (f"This backup is in format version {version}, written by a newer InsightRepo; this one reads "
                f"versions up to {FORMAT_VERSION}. Upgrade InsightRepo to restore it.")
    return None


def upgraded(data: dict) -> dict:
    """An older document brought up to the current format, one version at a time."""
    while data["format_version"] < FORMAT_VERSION:
        data = UPGRADES[data["format_version"]](data)
    return data


def check_document(data: dict, problems: Problems) -> Checked:
    """Every row's fields, then every reference, uniqueness within the document."""
    for key in sorted(set(data) - TOP_LEVEL):
        problems.add(key, "is not a section this version of the format has")
    if "generator" in data and not isinstance(data["generator"], str):
        problems.add("generator", "must be text")
    workspace = _row(data.get("workspace"), "workspace", {f.name: f.load for f in WORKSPACE.fields}, problems) or {}
    members = _members(data, problems)
    checked = {section.name: _section(data, section, problems) for section in (*SECTIONS, *TIMELINE_SECTIONS)}
    # A row with a problem of its own is still there: pointing at it is no second problem.
    present = {section.name: {row.get("id") for row in data.get(section.name) or () if isinstance(row, dict)}
               if isinstance(data.get(section.name), list) else set() for section in SECTIONS}
    links = _references(checked, present, problems)
    _numbering(data, checked, problems)
    objects = _objects(data, checked[SNAPSHOTS.name], problems)
    rows = {name: [row for _, row, _ in section_rows] for name, section_rows in checked.items()}
    return Checked(workspace, members, rows, links, objects)


def _row(value: Any, path: str, checks: dict[str, Load], problems: Problems,
         extra: tuple[str, ...] = ()) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        problems.add(path, "is missing" if value is None else "must be an object")
        return None
    clean: dict[str, Any] = {}
    ok = True
    for name in sorted(set(value) - set(checks) - set(extra)):
        problems.add(f"{path}.{name}", "is not a field of this section")
        ok = False
    for name, load in checks.items():
        if name not in value:
            problems.add(f"{path}.{name}", "is missing")
            ok = False
            continue
        try:
            clean[name] = load(value[name])
        except Problem as problem:
            problems.add(f"{path}.{name}", str(problem))
            ok = False
    return clean if ok else None


def _members(data: dict, problems: Problems) -> list[dict]:
    members = data.get("members")
    if not isinstance(members, list):
        problems.add("members", "is missing" if members is None else "must be a list")
        return []
    result, seen = [], set()
    for i, value in enumerate(members):
        row = _row(value, f"members[{i}]", MEMBER_FIELDS, problems)
        if row is None:
            continue
        if row["email"] in seen:
            problems.add(f"members[{i}].email", f"{row['email']} is listed twice")
        seen.add(row["email"])
        result.append(row)
    return result


def _section(data: dict, section: Section, problems: Problems) -> list[tuple[str, dict, dict[str, list[str]]]]:
    """The section's good rows as (path, row, link ids)."""
    values = data.get(section.name)
    if not isinstance(values, list):
        problems.add(section.name, "is missing" if values is None else "must be a list")
        return []
    checks = {f.name: f.load for f in section.fields}
    result, seen_ids = [], set()
    seen_keys: dict[str, set] = {what: set() for what, _ in section.unique}
    for i, value in enumerate(values):
        path = f"{section.name}[{i}]"
        row = _row(value, path, checks, problems, extra=tuple(link.name for link in section.links))
        if row is None:
            continue
        row_links: dict[str, list[str]] = {}
        for link in section.links:
            ids = value.get(link.name)
            if not isinstance(ids, list) or not all(isinstance(v, str) for v in ids):
                problems.add(f"{path}.{link.name}", "is missing" if ids is None else "must be a list of ids")
            elif len(set(ids)) != len(ids):
                problems.add(f"{path}.{link.name}", "lists an id twice")
            else:
                row_links[link.name] = ids
        if row["id"] in seen_ids:
            problems.add(f"{path}.id", f"is used by another of the {section.name} too ({row['id']})")
        seen_ids.add(row["id"])
        for name, holds, message in section.rules:
            if not holds(row):
                problems.add(f"{path}.{name}", message)
        for what, key in section.unique:
            if key(row) in seen_keys[what]:
                problems.add(path, f"repeats the {what} of another row ({key(row)})")
            seen_keys[what].add(key(row))
        result.append((path, row, row_links))
    return result


def _references(checked: dict[str, list[tuple[str, dict, dict[str, list[str]]]]], ids: dict[str, set],
                problems: Problems) -> dict[str, list[dict]]:
    """Every id a row points at must be a row of the document; the link tables' rows."""
    links: dict[str, list[dict]] = {}
    for section in (*SECTIONS, *TIMELINE_SECTIONS):
        for link in section.links:
            links[link.table.name] = []
        for path, row, row_links in checked[section.name]:
            for f in section.fields:
                if f.ref and row[f.name] is not None and row[f.name] not in ids[f.ref]:
                    problems.add(f"{path}.{f.name}", _dangling(f.ref, row[f.name]))
            for link in section.links:
                for other in row_links.get(link.name, ()):
                    if other not in ids[link.ref]:
                        problems.add(f"{path}.{link.name}", _dangling(link.ref, other))
                    links[link.table.name].append({link.own: row["id"], link.other: other})
    return links


def _numbering(data: dict, checked: dict[str, list[tuple[str, dict, dict[str, list[str]]]]],
               problems: Problems) -> None:
    """Siblings (the phases of a journey, the steps of a phase) hold positions 0..n-1, each once:
    the order journeys.ordering keeps, and the only one a map can be drawn in. (Checked once every
    row of the section is good: a row with a problem of its own would leave a gap that is none.)"""
    for section in SECTIONS:
        if not section.parent or "position" not in section.table.c:
            continue
        if len(checked[section.name]) != len(data.get(section.name) or ()):
            continue
        siblings: dict[str, list[tuple[str, int]]] = {}
        for path, row, _ in checked[section.name]:
            siblings.setdefault(row[section.parent], []).append((path, row["position"]))
        for rows in siblings.values():
            for index, problem in numbering_problems([position for _, position in rows]).items():
                problems.add(f"{rows[index][0]}.position", problem)


def _dangling(section: str, value: str) -> str:
    return f"points to {section.removesuffix('s')} {value}, which is not in the backup"


# ---- the timeline's objects ----------------------------------------------------------------

def children(kind: str, body: Any) -> list[tuple[str, str]]:
    """The objects an object points at, as (kind, hash): the tree freeze.py builds —
    root → journey, phase trees, evidence index; phase tree → steps; index → quotes, narratives,
    jobs (and experiments, when the map has any). A body not of that shape is a Problem."""
    def ids(value: Any, what: str) -> None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Problem(f"is not a {kind} object: its {what} must be a list of ids")

    def pairs(value: Any, size: int, what: str) -> None:
        if not isinstance(value, list) or not all(isinstance(v, list) and len(v) == size and isinstance(v[0], str)
                                                  and isinstance(v[1], str) for v in value):
            raise Problem(f"is not a {kind} object: its {what} must be a list of [id, hash, …] entries")

    if not isinstance(body, dict):
        raise Problem(f"is not a {kind} object: it must be a JSON object")
    if kind != "root" and kind != "evidence" and not isinstance(body.get("id"), str):
        raise Problem(f"is not a {kind} object: it has no id")
    if kind == "root":
        if not isinstance(body.get("journey"), str) or not isinstance(body.get("evidence"), str):
            raise Problem("is not a root object: it must name its journey and evidence objects")
        pairs(body.get("phases"), 2, "phases")
        return [("journey", body["journey"]), *(("phase", h) for _, h in body["phases"]),
                ("evidence", body["evidence"])]
    if kind == "phase":
        pairs(body.get("steps"), 3, "steps")
        ids(body.get("jobs"), "jobs")
        return [("step", entry[1]) for entry in body["steps"]]
    if kind == "step":
        evidence = body.get("evidence")
        if not isinstance(evidence, dict):
            raise Problem("is not a step object: it has no evidence lists")
        for name in EVIDENCE_KINDS:
            ids(evidence.get(name), f"evidence.{name}")
        if EXPERIMENTS in body:
            ids(body[EXPERIMENTS], EXPERIMENTS)
        return []
    if kind == "evidence":
        result = []
        for name in ITEM_KINDS:
            if name in OPTIONAL_ITEMS and name not in body:
                continue
            items = body.get(name)
            if not isinstance(items, dict) or not all(isinstance(h, str) for h in items.values()):
                raise Problem(f"is not an evidence object: its {name} must map ids to hashes")
            result += [(ITEM_KINDS[name], h) for h in items.values()]
        return result
    return []


def _objects(data: dict, snapshots: list[tuple[str, dict, dict]], problems: Problems) -> dict[str, tuple[str, Any]]:
    """Each object's hash must be the hash of its kind and body (a tampered or damaged object
    is refused); every object a snapshot reaches must be in the backup, and nothing else."""
    values = data.get("snapshot_objects")
    if not isinstance(values, list):
        problems.add("snapshot_objects", "is missing" if values is None else "must be a list")
        return {}
    objects: dict[str, tuple[str, Any]] = {}
    paths: dict[str, str] = {}
    for i, value in enumerate(values):
        path = f"snapshot_objects[{i}]"
        row = _row(value, path, OBJECT_FIELDS, problems)
        if row is None:
            continue
        if row["kind"] not in OBJECT_KINDS:
            problems.add(f"{path}.kind", f"must be one of {', '.join(OBJECT_KINDS)}")
        elif row["hash"] in objects:
            problems.add(f"{path}.hash", f"is the hash of another object too ({row['hash']})")
        elif object_hash(row["kind"], row["body"]) != row["hash"]:
            problems.add(f"{path}.hash", "does not match the object's kind and body: the object was changed or "
                                         "damaged after the export")
        else:
            objects[row["hash"]] = (row["kind"], row["body"])
            paths[row["hash"]] = path
    present = {value.get("hash") for value in values if isinstance(value, dict)}
    reached: set[str] = set()
    todo: list[tuple[str, str, str]] = []  # (path that points, kind expected, hash)
    for path, snapshot, _ in snapshots:
        todo.append((f"{path}.root", "root", snapshot["root"]))
        if snapshot["root"] in objects:
            _, root = objects[snapshot["root"]]
            journey = root.get("journey") if isinstance(root, dict) else None
            body = objects.get(journey, ("", None))[1] if isinstance(journey, str) else None
            if isinstance(body, dict) and body.get("id") != snapshot["journey_id"]:
                problems.add(f"{path}.root", f"is a map of journey {body.get('id')}, not of the snapshot's "
                                             f"journey {snapshot['journey_id']}")
    while todo:
        path, kind, digest = todo.pop()
        if digest not in objects:
            if digest not in present:
                problems.add(path, f"points to object {digest}, which is not in the backup")
            continue  # a damaged object is a problem of its own
        if objects[digest][0] != kind:
            problems.add(path, f"points to object {digest}, a {objects[digest][0]} where a {kind} belongs")
            continue
        if digest in reached:
            continue
        reached.add(digest)
        try:
            found = children(kind, objects[digest][1])
            todo += [(f"{paths[digest]}.body", child_kind, child) for child_kind, child in found]
        except Problem as problem:
            problems.add(f"{paths[digest]}.body", str(problem))
    for digest in sorted(set(objects) - reached, key=lambda h: paths[h]):
        problems.add(paths[digest], "is not reached from any snapshot in the backup")
    return {digest: objects[digest] for digest in objects if digest in reached}
