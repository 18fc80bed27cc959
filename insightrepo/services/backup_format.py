"""The workspace backup document: its sections and fields, and the checks a restore runs on
the whole document before it writes anything (docs/decisions.md, "Backups").

A backup is one JSON object::

    {"format": "insightrepo-workspace", "format_version": 1, "generator": "InsightRepo 0.1.0",
     "workspace": {...}, "members": [...], "journeys": [...], "phases": [...], "steps": [...],
     "participants": [...], "tags": [...], "quotes": [...], "narratives": [...], "jobs": [...]}

Every section but ``workspace`` and ``members`` is a list of rows of one table, each with
its ``id``; rows point at each other by id (``journey_id``, ``step_ids``…). Adding a
section or a field means a new ``FORMAT_VERSION`` and an entry in ``UPGRADES`` that
brings older documents up to date, so every backup ever written stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Integer, String, Table

from insightrepo.models import Job, Journey, Membership, Narrative, Participant, Phase, Quote, Step, Tag, Workspace
from insightrepo.models.evidence import (
    PARTICIPANT_METHODS,
    SENTIMENTS,
    job_phases,
    job_steps,
    job_tags,
    narrative_steps,
    narrative_tags,
    quote_steps,
    quote_tags,
)
from insightrepo.models.journey import KINDS, MARKERS, SCOPES
from insightrepo.models.workspace import LANGUAGES, ROLES
from insightrepo.services.tags import tag_key
from insightrepo.services.validation import email_problem, normalise_email, slug_problem

FORMAT = "insightrepo-workspace"
FORMAT_VERSION = 1

# format_version → a function turning such a document into one of the next version.
# Empty while there is only version 1; the snapshot and change-log issues add entries.
UPGRADES: dict[int, Callable[[dict], dict]] = {}

# Tables deliberately left out of a backup, and why (a test keeps this list complete).
NOT_IN_BACKUP = {
    "users": "accounts are global: members are listed by email and matched on restore",
    "api_tokens": "secrets belong to a user on one server",
    "invitations": "pending invitations carry secrets and expire; invite again after a restore",
    "alembic_version": "the schema's revision, not data",
    # Not yet: the timeline's sections come with format version 2 (a copy must rewrite the
    # content-addressed objects, whose hashes cover the ids inside them).
    "snapshots": "not yet in the format (version 2 adds the timeline)",
    "snapshot_objects": "not yet in the format (version 2 adds the timeline)",
    "changes": "not yet in the format (version 2 adds the timeline)",
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
                return date.fromisoformat(value)
            except ValueError:
                pass
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
            return parsed
    raise Problem("must be a time like 2026-03-04T09:30:00 (UTC)")


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


def _from_column(table: Table, name: str) -> Load:
    """The check a column's type and nullability call for."""
    column: Column = table.c[name]
    kind, nullable = column.type, column.nullable
    if isinstance(kind, Boolean):
        return flag
    if isinstance(kind, Integer):
        return whole(nullable=nullable)
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
        Step, "id", "phase_id", "position", "title", "action", "touchpoint", "channels", "direct", "present",
        "need", "thoughts", "emotion", "marker", "moment_title", "moment_description", "owner",
        "backstage_people", "backstage_policies", "backstage_systems", "employee_emotion", "version",
        phase_id=(an_id, "phases"), position=_position, emotion=_score, employee_emotion=_score,
        marker=text(nullable=True, options=MARKERS)),
        parent="phase_id"),
    Section("participants", Participant.__table__, _fields(
        Participant, "id", "code", "segment", "method", "interviewed_on", "note", *_stamps,
        method=text(options=PARTICIPANT_METHODS)),
        implied=_in_workspace,
        unique=(("participant code", lambda row: row["code"].strip().lower()),)),
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
)
BY_NAME = {section.name: section for section in SECTIONS}

MEMBER_FIELDS = {
    "email": text(254, check=lambda v: email_problem(v) or (None if v == normalise_email(v) else
                                                            "must be written in lower case without spaces")),
    "role": text(options=ROLES),
    "created_at": moment,
}
MEMBERSHIP_IMPLIED = {"id": "new on restore", "workspace_id": "the restored workspace",
                      "user_id": "the account with the member's email", "version": "starts again at 1"}
TOP_LEVEL = {"format", "format_version", "generator", "workspace", "members", *BY_NAME}
LINK_TABLES = {link.table.name for section in SECTIONS for link in section.links}
MEMBERSHIPS = Membership.__table__


# ---- reading a document --------------------------------------------------------------------

@dataclass
class Checked:
    """A document that passed every check: rows ready for the database, by section."""

    workspace: dict[str, Any]
    members: list[dict[str, Any]]
    rows: dict[str, list[dict[str, Any]]]
    links: dict[str, list[dict[str, Any]]]  # link table name → rows (own id, other id)


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
    checked = {section.name: _section(data, section, problems) for section in SECTIONS}
    # A row with a problem of its own is still there: pointing at it is no second problem.
    present = {section.name: {row.get("id") for row in data.get(section.name) or () if isinstance(row, dict)}
               if isinstance(data.get(section.name), list) else set() for section in SECTIONS}
    links = _references(checked, present, problems)
    rows = {name: [row for _, row, _ in section_rows] for name, section_rows in checked.items()}
    return Checked(workspace, members, rows, links)


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
    for section in SECTIONS:
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


def _dangling(section: str, value: str) -> str:
    return f"points to {section.removesuffix('s')} {value}, which is not in the backup"
