"""Tags: per workspace, case-insensitive, renameable and mergeable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, literal, select
from sqlalchemy.orm import Session

from insightrepo.db import add_unless_taken
from insightrepo.models import Tag, User, Workspace
from insightrepo.models.evidence import job_tags, narrative_tags, quote_tags
from insightrepo.workspaces.access import workspace_for
from insightrepo.errors import Conflict, Invalid, NotFound
from insightrepo.field_labels import field_name
from insightrepo.field_checks import missing
from insightrepo.i18n import gettext, quoted

MAX_TAG_LENGTH, MAX_TAGS = 60, 30
LINK_TABLES = {"quotes": quote_tags, "narratives": narrative_tags, "jobs": job_tags}


@dataclass(frozen=True)
class TagCount:
    name: str
    quotes: int
    narratives: int
    jobs: int

    @property
    def total(self) -> int:
        return self.quotes + self.narratives + self.jobs


def tag_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def clean_tag_names(name: str, value: Any) -> list[str]:
    """A field check: a list (or comma-separated text) of tag names, deduplicated case-insensitively."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(gettext("%(field)s must be a list of tag names", field=field_name(name)))
    names: dict[str, str] = {}
    for raw in value:
        tag = " ".join(raw.split())
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH or "\x00" in tag:
            raise ValueError(gettext("each tag must be at most %(max)d characters", max=MAX_TAG_LENGTH))
        names.setdefault(tag_key(tag), tag)
    if len(names) > MAX_TAGS:
        raise ValueError(gettext("at most %(max)d tags", max=MAX_TAGS))
    return list(names.values())


def tags_for(session: Session, workspace: Workspace, names: list[str]) -> list[Tag]:
    """The workspace's tags with these names, created where missing (keeping the first spelling)."""
    if not names:
        return []
    keys = {tag_key(n): n for n in names}
    existing = {t.key: t for t in session.scalars(
        select(Tag).where(Tag.workspace_id == workspace.id, Tag.key.in_(keys)))}
    for key, name in keys.items():
        if key not in existing:
            tag = Tag(workspace_id=workspace.id, name=name, key=key)
            if not add_unless_taken(session, tag):  # another server created it meanwhile: theirs
                tag = session.scalars(select(Tag).where(Tag.workspace_id == workspace.id, Tag.key == key)).one()
            existing[key] = tag
    return [existing[key] for key in keys]


def list_tags(session: Session, actor: User | None, slug: str) -> list[TagCount]:
    workspace = workspace_for(session, actor, slug, "viewer")
    counts: dict[str, dict[str, int]] = {}
    for kind, table in LINK_TABLES.items():
        rows = session.execute(select(table.c.tag_id, func.count()).join(Tag, Tag.id == table.c.tag_id)
                               .where(Tag.workspace_id == workspace.id).group_by(table.c.tag_id))
        for tag_id, count in rows:
            counts.setdefault(tag_id, {})[kind] = count
    tags = session.scalars(select(Tag).where(Tag.workspace_id == workspace.id))
    result = [TagCount(t.name, **{k: counts.get(t.id, {}).get(k, 0) for k in LINK_TABLES}) for t in tags]
    return sorted(result, key=lambda t: t.name.casefold())


def rename_tag(session: Session, actor: User | None, slug: str, old: str, new: str) -> Tag:
    """Rename everywhere at once. Renaming onto another existing tag is a merge, not a rename."""
    workspace = workspace_for(session, actor, slug, "editor")
    tag = _find(session, workspace, old)
    try:
        (name,) = clean_tag_names("name", [new]) or [None]
    except ValueError as problem:
        raise Invalid({"name": str(problem)}) from None
    if name is None:
        raise Invalid({"name": missing("name")})
    other = session.scalar(select(Tag).where(Tag.workspace_id == workspace.id, Tag.key == tag_key(name)))
    if other is not None and other.id != tag.id:
        raise Conflict(gettext("A tag %(name)s already exists: merge the two instead.", name=quoted(other.name)),
                       {"fields": {"name": gettext("already exists — merge instead")}})
    tag.name, tag.key = name, tag_key(name)
    session.flush()
    return tag


def merge_tags(session: Session, actor: User | None, slug: str, sources: list[str], into: str) -> Tag:
    """Move every use of ``sources`` onto ``into`` (created if needed) and delete the sources."""
    workspace = workspace_for(session, actor, slug, "editor")
    try:
        (target_name,) = clean_tag_names("into", [into]) or [None]
    except ValueError as problem:
        raise Invalid({"into": str(problem)}) from None
    if target_name is None:
        raise Invalid({"into": missing("into")})
    merged = list({t.id: t for t in (_find(session, workspace, s) for s in sources)}.values())  # "A" and "a": one tag
    (target,) = tags_for(session, workspace, [target_name])
    session.flush()
    for tag in merged:
        if tag.id == target.id:
            continue
        for table in LINK_TABLES.values():
            left = next(c for c in table.c if c.name != "tag_id")
            already = select(left).where(table.c.tag_id == target.id)
            session.execute(insert(table).from_select(
                [left.name, "tag_id"],
                select(left, literal(target.id)).where(table.c.tag_id == tag.id, left.not_in(already))))
            session.execute(delete(table).where(table.c.tag_id == tag.id))
        session.delete(tag)
    session.flush()
    session.expire_all()
    return target


def _find(session: Session, workspace: Workspace, name: str) -> Tag:
    tag = session.scalar(select(Tag).where(Tag.workspace_id == workspace.id, Tag.key == tag_key(name or "")))
    if tag is None:
        raise NotFound(gettext("No tag %(name)s in this workspace.", name=quoted(name)))
    return tag

