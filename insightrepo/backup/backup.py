"""Backups of a whole workspace: export to one JSON document, and import it — a restore
(ids kept) into a database that does not hold the workspace, or a copy beside the
original under a new slug (new ids, every link remapped).

The document's sections and checks are in backup/format.py. An import checks the
whole document before it writes a single row, so a bad file changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Callable

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from insightrepo.batches import chunks
from insightrepo.db import new_id, utcnow
from insightrepo.search.outbox import enqueue
from insightrepo.models import Membership, User, Workspace
from insightrepo.models.evidence import code_key
from insightrepo import json_input
from insightrepo.workspaces.access import authorise
from insightrepo.backup.format import (
    BY_NAME,
    FORMAT,
    FORMAT_VERSION,
    MEMBERSHIPS,
    SECTIONS,
    TIMELINE_SECTIONS,
    WORKSPACE,
    Checked,
    Problems,
    Section,
    check_document,
    check_header,
    dump_value,
    upgraded,
)
from insightrepo.backup.timeline_section import export_timeline, write_timeline
from insightrepo.errors import Conflict, Invalid, NotFound
from insightrepo.evidence.tags import tag_key
from insightrepo.field_checks import slug_problem
from insightrepo.workspaces.workspaces import find_workspace

# (what is being done, rows or sections done, of how many) — the CLI draws a bar from it.
Progress = Callable[[str, int, int], None]

BATCH = 500


@dataclass(frozen=True)
class Restored:
    """What an import did."""

    workspace: Workspace
    counts: dict[str, int]                 # rows written, by section ("members" too; "snapshot_objects":
                                           # the objects this database did not hold yet)
    skipped_members: list[dict[str, str]]  # {email, role} of listed members not made members here: all of
                                           # them, unless the operator links accounts (then those without one)
    id_map: dict[str, dict[str, str]]      # section → id in the backup → id written; in a copy, "former":
                                           # ids only the timeline still names (deleted since) → new ids
    actor_added: bool                      # the importer became admin (always, for a signed-in importer)
    unknown_authors: list[str] = field(default_factory=list)  # snapshot authors and change actors kept as
                                                               # names, not linked to an account


# ---- the document as text ------------------------------------------------------------------

def dump_document(document: dict) -> str:
    """The canonical text of a backup: the same data always gives the same bytes."""
    # Text stored before lone surrogates were refused at the door is repaired, so the file is UTF-8.
    return json_input.repaired(json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1)) + "\n"


def parse_document(raw: bytes | str, name: str = "The backup") -> Any:
    """JSON from a file's bytes; a truncated or corrupt file is Invalid with where it broke."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise Invalid({}, f"{name} is not UTF-8 text (byte {exc.start}): is it a backup at all? "
                          "Nothing was restored.") from None
    try:
        return json_input.loads(text)
    except json_input.Malformed as exc:
        raise Invalid({}, f"{name} is not valid JSON ({exc}): "
                          "the file is truncated or corrupt. Nothing was restored.") from None


# ---- export --------------------------------------------------------------------------------

def export_workspace(session: Session, actor: User | None, slug: str, progress: Progress | None = None) -> dict:
    """The whole workspace as a JSON-ready document (admins only; the operator when actor is None)."""
    workspace = find_workspace(session, slug)
    if workspace is None:
        raise NotFound("No such workspace.")
    authorise(session, actor, workspace, "admin", write=False)
    document: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "generator": _generator(),
        "workspace": {f.name: dump_value(getattr(workspace, f.name)) for f in WORKSPACE.fields},
        "members": _members(session, workspace),
    }
    order: dict[str, dict[str, int]] = {}
    for done, section in enumerate(SECTIONS, start=1):
        rows = _sorted(section, _fetch(session, section, workspace.id), order)
        links = _links_of(session, section, workspace.id)
        document[section.name] = [_dump(section, row, links) for row in rows]
        order[section.name] = {row["id"]: i for i, row in enumerate(rows)}
        if progress:
            progress(section.name, done, len(SECTIONS) + 1)
    document.update(export_timeline(session, workspace, order["journeys"]))
    if progress:
        progress("timeline", len(SECTIONS) + 1, len(SECTIONS) + 1)
    return document


def section_counts(document: dict) -> dict[str, int]:
    names = ("members", *(s.name for s in SECTIONS), *(s.name for s in TIMELINE_SECTIONS), "snapshot_objects")
    return {name: len(document.get(name) or ()) for name in names}


def _generator() -> str:
    try:
        return f"InsightRepo {metadata.version('insightrepo')}"
    except metadata.PackageNotFoundError:  # pragma: no cover - running from an unpacked tree
        return "InsightRepo"


def _members(session: Session, workspace: Workspace) -> list[dict]:
    rows = session.execute(select(User.email, Membership.role, Membership.created_at)
                           .join(Membership, Membership.user_id == User.id)
                           .where(Membership.workspace_id == workspace.id))
    members = [{"email": email, "role": role, "created_at": dump_value(created_at)}
               for email, role, created_at in rows]
    return sorted(members, key=lambda m: m["email"])


def _in_workspace(stmt, section: Section, workspace_id: str):
    """``stmt`` limited to the workspace's rows of ``section``: a table without a workspace_id
    is joined through its owners (steps → phases → journeys, measurements → experiments)."""
    table = section.table
    while "workspace_id" not in table.c:
        owner = BY_NAME[section.ref(section.parent)]
        stmt = stmt.join(owner.table, table.c[section.parent] == owner.table.c.id)
        section, table = owner, owner.table
    return stmt.where(table.c.workspace_id == workspace_id)


def _fetch(session: Session, section: Section, workspace_id: str) -> list[dict]:
    stmt = _in_workspace(select(section.table), section, workspace_id)
    return [dict(row) for row in session.execute(stmt).mappings()]


def _sorted(section: Section, rows: list[dict], order: dict[str, dict[str, int]]) -> list[dict]:
    """By id; phases and steps in map order (by their journey/phase, then position).
    Sorted here rather than by the database, whose collation may differ between backends."""
    if section.parent and "position" in section.table.c:
        parents = order[section.ref(section.parent)]
        return sorted(rows, key=lambda r: (parents[r[section.parent]], r["position"], r["id"]))
    return sorted(rows, key=lambda r: r["id"])


def _links_of(session: Session, section: Section, workspace_id: str) -> dict[str, dict[str, list[str]]]:
    """link name → row id → the ids it links to, sorted."""
    result: dict[str, dict[str, list[str]]] = {}
    for link in section.links:
        own, other = link.table.c[link.own], link.table.c[link.other]
        rows = session.execute(_in_workspace(select(own, other).join(section.table, section.table.c.id == own),
                                             section, workspace_id))
        grouped: dict[str, list[str]] = {}
        for row_id, other_id in rows:
            grouped.setdefault(row_id, []).append(other_id)
        result[link.name] = {row_id: sorted(ids) for row_id, ids in grouped.items()}
    return result


def _dump(section: Section, row: dict, links: dict[str, dict[str, list[str]]]) -> dict:
    dumped = {f.name: dump_value(row[f.name]) for f in section.fields}
    for link in section.links:
        dumped[link.name] = links[link.name].get(row["id"], [])
    return dumped


# ---- import --------------------------------------------------------------------------------

def import_workspace(session: Session, actor: User | None, data: Any, new_slug: str | None = None,
                     progress: Progress | None = None, link_accounts: bool = False) -> Restored:
    """Restore ``data`` (ids kept), or with ``new_slug`` copy it beside the original (new ids).

    Any signed-in user may import and becomes the only member, as admin: the accounts a file names
    are given nothing (anyone can write a file). Authors of snapshots and changes are kept as the
    names the file gives. Only the operator (``actor`` None) may ``link_accounts``: listed members
    with an account here get their roles, and authors are linked to the accounts with their emails;
    members without an account are skipped and reported."""
    if link_accounts and actor is not None:
        raise ValueError("Only the operator (the command line) links a backup's people to accounts.")
    if (problem := check_header(data)) is not None:
        raise Invalid({}, problem)
    checked = _checked(upgraded(data), new_slug)
    slug = new_slug.strip().lower() if new_slug is not None else checked.workspace["slug"]
    if find_workspace(session, slug) is not None:
        hint = "choose another new slug" if new_slug is not None else "import it under a new slug to make a copy"
        raise Conflict(f"A workspace with the slug “{slug}” already exists in this database: {hint}. "
                       "Nothing was restored.", {"slug": slug})
    if new_slug is None:
        _refuse_existing_ids(session, checked)
    id_map = {name: {row["id"]: (new_id() if new_slug is not None else row["id"]) for row in rows}
              for name, rows in checked.rows.items()}
    id_map["workspace"] = {checked.workspace["id"]: new_id() if new_slug is not None else checked.workspace["id"]}
    try:
        return _write(session, actor, checked, slug, id_map, progress, copying=new_slug is not None,
                      link_accounts=link_accounts)
    except IntegrityError:
        # Only a write at the same moment (the same slug or ids) gets past the checks above.
        raise Conflict("Something in this backup was written to the database at the same moment by someone "
                       "else. Nothing was restored; try again.") from None


def _checked(data: dict, new_slug: str | None) -> Checked:
    problems = Problems()
    checked = check_document(data, problems)
    if new_slug is not None and (problem := slug_problem(new_slug.strip().lower())):
        problems.add("as", problem)
    if problems.found:
        many = f"{problems.total} problems" if problems.total != 1 else "1 problem"
        raise Invalid(problems.found, f"This backup cannot be restored ({many}); nothing was written.")
    return checked


def _refuse_existing_ids(session: Session, checked: Checked) -> None:
    """A restore keeps ids, so none of them may exist here already (in any workspace)."""
    existing: dict[str, int] = {}
    tables = [(WORKSPACE, [checked.workspace["id"]])] + [(s, [r["id"] for r in checked.rows[s.name]])
                                                         for s in (*SECTIONS, *TIMELINE_SECTIONS)]
    for section, ids in tables:
        found = sum(len(session.scalars(select(section.table.c.id).where(section.table.c.id.in_(chunk))).all())
                    for chunk in chunks(ids, BATCH))
        if found:
            existing[section.name] = found
    if existing:
        listed = ", ".join(f"{n} {name}" for name, n in existing.items())
        raise Conflict(f"This database already holds rows with the backup's ids ({listed}): the workspace was "
                       "restored here before. Import it under a new slug to make a copy with new ids. "
                       "Nothing was restored.", {"existing": existing})


def _write(session: Session, actor: User | None, checked: Checked, slug: str,
           id_map: dict[str, dict[str, str]], progress: Progress | None, copying: bool,
           link_accounts: bool) -> Restored:
    workspace_id = id_map["workspace"][checked.workspace["id"]]
    total = 1 + sum(len(rows) for rows in checked.rows.values()) + sum(len(r) for r in checked.links.values())
    done = 0

    def write(label: str, table, rows: list[dict]) -> None:
        nonlocal done
        for chunk in chunks(rows, BATCH):
            session.execute(insert(table), chunk)
            done += len(chunk)
            if progress:
                progress(label, done, total)

    write("workspace", WORKSPACE.table, [{**checked.workspace, "id": workspace_id, "slug": slug}])
    skipped, actor_added, memberships = _memberships(session, actor, checked, workspace_id, link_accounts)
    if memberships:
        session.execute(insert(MEMBERSHIPS), memberships)
    for section in SECTIONS:
        write(section.name, section.table, [_remapped(section, row, id_map, workspace_id)
                                            for row in checked.rows[section.name]])
    for section in SECTIONS:
        for link in section.links:
            write(section.name, link.table, [{link.own: id_map[section.name][row[link.own]],
                                              link.other: id_map[link.ref][row[link.other]]}
                                             for row in checked.links[link.table.name]])
    former: dict[str, str] = {}

    def lookup(section: str, old: str) -> str:
        """A copy's id for an id of the backup; one the timeline alone still names gets a new one too."""
        return id_map[section].get(old) or former.setdefault(old, new_id())

    enqueue(session, workspace_id, "workspace", [workspace_id])  # bulk inserts: the search index is told here
    written, unknown = write_timeline(session, checked, workspace_id, lookup if copying else None, id_map,
                                      write, link_accounts)
    session.flush()
    workspace = session.get(Workspace, workspace_id)
    counts = {"members": len(memberships), **{name: len(rows) for name, rows in checked.rows.items()}, **written}
    if copying:
        id_map["former"] = former
    return Restored(workspace, counts, skipped, id_map, actor_added, unknown)


def _remapped(section: Section, row: dict, id_map: dict[str, dict[str, str]], workspace_id: str) -> dict:
    values = dict(row)
    values["id"] = id_map[section.name][row["id"]]
    for f in section.fields:
        if f.ref and row[f.name] is not None:
            values[f.name] = id_map[f.ref][row[f.name]]
    if "workspace_id" in section.table.c:
        values["workspace_id"] = workspace_id
    if section.name == "tags":
        values["key"] = tag_key(row["name"])
    if section.name == "participants":
        values["code_key"] = code_key(row["code"])
    return values


def _memberships(session: Session, actor: User | None, checked: Checked, workspace_id: str,
                 link_accounts: bool) -> tuple[list[dict[str, str]], bool, list[dict]]:
    """The importer alone becomes a member, as admin. When the operator links accounts, the listed
    members are matched to this database's accounts by email; the others are skipped."""
    emails = [m["email"] for m in checked.members] if link_accounts else []
    users = {}
    for chunk in chunks(emails, BATCH):
        users.update({u.email: u.id for u in session.scalars(select(User).where(User.email.in_(chunk)))})
    rows = [{"id": new_id(), "workspace_id": workspace_id, "user_id": users[m["email"]], "role": m["role"],
             "created_at": m["created_at"], "version": 1} for m in checked.members if m["email"] in users]
    skipped = [{"email": m["email"], "role": m["role"]} for m in checked.members if m["email"] not in users]
    actor_added = actor is not None
    if actor_added:
        rows.append({"id": new_id(), "workspace_id": workspace_id, "user_id": actor.id, "role": "admin",
                     "created_at": utcnow(), "version": 1})
    return skipped, actor_added, rows


