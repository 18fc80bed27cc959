"""The timeline: immutable snapshots of journey maps, stored as content-addressed objects,
and the change log of every edit in between (docs/architecture.md)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insightrepo.db import Base, new_id, utcnow
from insightrepo.models.journey import Journey
from insightrepo.models.user import User


class SnapshotObject(Base):
    """One serialised piece of a map (journey fields, a phase with its step list, a step, a quote …),
    stored once by the SHA-256 of its canonical JSON and shared by every snapshot that holds it."""

    __tablename__ = "snapshot_objects"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    data: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed canonical JSON
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Snapshot(Base):
    """A dated, immutable picture of one journey map: a label, the date the map describes
    (``as_of``, may lie in the past) and the hash of its root object."""

    __tablename__ = "snapshots"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    journey_id: Mapped[str] = mapped_column(ForeignKey("journeys.id"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    root: Mapped[str] = mapped_column(ForeignKey("snapshot_objects.hash"))
    bytes_added: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    # The author as a backup named them (an email), when the snapshot was restored without linking
    # it to an account: a backup's names grant nothing and reveal no account (docs/security.md).
    created_by_name: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    journey: Mapped[Journey] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def author(self) -> str | None:
        """Who took it, as shown: the account's label, or the name a restored backup gave."""
        return self.created_by.label if self.created_by else self.created_by_name


class Change(Base):
    """One recorded edit: who, when, which entity and field, old value → new value, and why."""

    __tablename__ = "changes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    journey_id: Mapped[str | None] = mapped_column(String(32), index=True)
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(8))  # create | update | delete
    field: Mapped[str | None] = mapped_column(String(40))
    old: Mapped[object | None] = mapped_column(JSON)
    new: Mapped[object | None] = mapped_column(JSON)
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str | None] = mapped_column(String(254))  # as Snapshot.created_by_name
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    why: Mapped[str] = mapped_column(Text, default="")
    # The one user action (a request, a command) that wrote the row: one undo takes back one action.
    group_id: Mapped[str | None] = mapped_column(String(32), index=True)

    actor: Mapped[User | None] = relationship()

    @property
    def author(self) -> str | None:
        """Who made it, as shown: the account's label, or the name a restored backup gave."""
        return self.actor.label if self.actor else self.actor_name


class ChangeUndo(Base):
    """An action (a group of change rows) that was taken back, and by which action: taken back once only.
    ``redo``: the action taken back was an undo (its taking-back redid the change); else it was undone."""

    __tablename__ = "change_undos"

    group_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    undo_group_id: Mapped[str] = mapped_column(String(32))
    journey_id: Mapped[str] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    redo: Mapped[bool] = mapped_column(default=False, server_default=false())


class ShareLink(Base):
    """A read-only link to one snapshot for people without an account: only the SHA-256 of its
    token is stored; it expires and can be revoked (docs/security.md)."""

    __tablename__ = "share_links"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    journey_id: Mapped[str] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"), index=True)
    snapshot_id: Mapped[str] = mapped_column(ForeignKey("snapshots.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    snapshot: Mapped[Snapshot] = relationship()
    created_by: Mapped[User | None] = relationship()
    accesses: Mapped[list["ShareLinkAccess"]] = relationship(
        back_populates="share_link", order_by="ShareLinkAccess.at.desc()", passive_deletes=True)


class ShareLinkAccess(Base):
    """One visit through a share link: when, and which page (the map or its curve)."""

    __tablename__ = "share_link_accesses"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    share_link_id: Mapped[str] = mapped_column(ForeignKey("share_links.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    page: Mapped[str] = mapped_column(String(16))

    share_link: Mapped[ShareLink] = relationship(back_populates="accesses")
