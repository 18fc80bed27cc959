"""The search outbox: index work written in the same transaction as the data it is about,
and applied to the search index after commit (insightrepo.search.sync)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from insightrepo.db import Base, utcnow

# The sequence must be a rowid alias on SQLite (INTEGER PRIMARY KEY) and 64-bit on PostgreSQL.
_SEQUENCE = BigInteger().with_variant(Integer(), "sqlite")


class SearchOutbox(Base):
    """One piece of index work: "quote 1f3e… changed", "snapshot 9ab0… was taken", "documents that
    name tag ‘pris’ need another look". It says *what* to look at, never the new content: the
    drainer reads the data as it is when it applies the row, so applying a row twice is harmless.

    ``kind`` is an item type (quote, narrative, job, step, journey, experiment), ``snapshot``,
    ``workspace`` (everything of the workspace: its language changed, or it was restored from a
    backup) or ``ref`` (``ref`` then reads ``tag:<key>``, ``participant:<code>``, ``step:<id>`` or
    ``phase:<id>``: the live documents that name it). ``workspace_id`` is empty only when the
    workspace of a deleted row could not be told."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(_SEQUENCE, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str | None] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")
