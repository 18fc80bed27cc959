"""The evidence behind a map: participants, quotes, narratives and jobs to be done, with tags
and many-to-many links to steps (and, for jobs, phases). Deleting a step deletes only links."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship, validates

from insightrepo.db import Base, new_id, utcnow
from insightrepo.models.journey import Phase, Step
from insightrepo.models.workspace import Workspace

PARTICIPANT_METHODS = ("interview", "observation", "diary", "survey", "support_log", "other")
SENTIMENTS = ("positive", "negative", "neutral", "mixed")
CODE_KEY_LENGTH = 160  # case folding can lengthen a code of 40 characters (ß → ss, ΐ → three)


def quote_title(text: str, limit: int = 60) -> str:
    """A quote (which has no title of its own) named by its first words, in quotation marks: at
    most ``limit`` characters, cut between words and ended with “…” when the words go on. Its
    page, the search adapters and the search results all call a quote this."""
    words = " ".join(text.split())
    if len(words) > limit:
        cut = words[:limit + 1]
        words = (cut.rsplit(" ", 1)[0] if " " in cut else words[:limit]).rstrip(" ,;:.-–—") + "…"
    return f"“{words}”"


class JobParts(NamedTuple):
    situation: str
    motivation: str
    outcome: str


def stored_statement(situation: str, motivation: str, outcome: str) -> str:
    """A job as the data keeps it in one sentence, in English always: the search index's title of a
    job, the snapshots' history documents (whose content hashes cover it) and the API's
    ``statement``. Pages never show it; they compose the sentence in the reader's language from the
    parts (insightrepo.web.vocabulary.job_sentence)."""
    return f"When {situation}, I want to {motivation}, so I can {outcome}."


_STORED = re.compile(r"When (?P<situation>.*?), I want to (?P<motivation>.*), so I can (?P<outcome>.*)\.", re.S)


def statement_parts(statement: str) -> JobParts | None:
    """The parts of a ``stored_statement`` (None for any other text). Exact unless the job's own
    words hold ", I want to " or ", so I can ": then the first of the former and the last of the
    latter are taken as the connecting words, and every word of the job is still shown."""
    found = _STORED.fullmatch(statement)
    return JobParts(**found.groupdict()) if found else None


def code_key(code: str) -> str:
    """What makes two participant codes the same: Unicode NFC, then case folding ("Ärla-01",
    "ärla-01" and an "Ärla-01" typed with a combining diaeresis are one code; so are "Straße" and
    "STRASSE"). Every lookup by code, in Python and in SQL, compares this key and nothing else."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", code.strip()).casefold())


def _link_table(name: str, left: str, right: str) -> Table:
    return Table(
        name, Base.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}s.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", ForeignKey(f"{right}s.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


quote_tags = _link_table("quote_tags", "quote", "tag")
narrative_tags = _link_table("narrative_tags", "narrative", "tag")
job_tags = _link_table("job_tags", "job", "tag")
quote_steps = _link_table("quote_steps", "quote", "step")
narrative_steps = _link_table("narrative_steps", "narrative", "step")
job_steps = _link_table("job_steps", "job", "step")
job_phases = _link_table("job_phases", "job", "phase")


class Participant(Base):
    """A pseudonymous research participant: a code like P07, never a name."""

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("workspace_id", "code_key"),
        CheckConstraint("method IN ('interview', 'observation', 'diary', 'survey', 'support_log', 'other')",
                        name="method"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    code_key: Mapped[str] = mapped_column(String(CODE_KEY_LENGTH))  # code_key(code), kept by the setter below
    segment: Mapped[str] = mapped_column(String(200), default="")
    method: Mapped[str] = mapped_column(String(16), default="interview")
    interviewed_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    workspace: Mapped[Workspace] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @validates("code")
    def _keep_key(self, _name: str, code: str) -> str:
        self.code_key = code_key(code)
        return code


class Tag(Base):
    """A workspace's tag; ``key`` (case-folded name) makes tags case-insensitive."""

    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(60))


class _Evidence:
    """What quotes, narratives and jobs share. ``updated_at`` is touched on every change,
    links included, so ``version`` moves whenever anything about the item changed."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}

    @property
    def tag_names(self) -> list[str]:
        return sorted((t.name for t in self.tags), key=str.casefold)

    @property
    def step_ids(self) -> list[str]:
        return [s.id for s in self.steps]


class Quote(_Evidence, Base):
    __tablename__ = "quotes"
    __table_args__ = (CheckConstraint("sentiment IN ('positive', 'negative', 'neutral', 'mixed')", name="sentiment"),)

    text: Mapped[str] = mapped_column(Text)
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    collected_on: Mapped[date | None]
    source: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8), default="")
    sentiment: Mapped[str | None] = mapped_column(String(16))

    participant: Mapped[Participant | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=quote_tags)
    steps: Mapped[list[Step]] = relationship(secondary=quote_steps)


class Narrative(_Evidence, Base):
    __tablename__ = "narratives"

    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    told_on: Mapped[date | None]

    participant: Mapped[Participant | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=narrative_tags)
    steps: Mapped[list[Step]] = relationship(secondary=narrative_steps)


class Job(_Evidence, Base):
    """“When ⟨situation⟩, I want to ⟨motivation⟩, so I can ⟨outcome⟩.”"""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("importance BETWEEN 1 AND 5", name="importance"),
        CheckConstraint("satisfaction BETWEEN 1 AND 5", name="satisfaction"),
    )

    situation: Mapped[str] = mapped_column(Text)
    motivation: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text)
    importance: Mapped[int | None]
    satisfaction: Mapped[int | None]

    tags: Mapped[list[Tag]] = relationship(secondary=job_tags)
    steps: Mapped[list[Step]] = relationship(secondary=job_steps)
    phases: Mapped[list[Phase]] = relationship(secondary=job_phases)

    @property
    def phase_ids(self) -> list[str]:
        return [p.id for p in self.phases]

    @property
    def statement(self) -> str:
        return stored_statement(self.situation, self.motivation, self.outcome)

    @property
    def opportunity(self) -> float | None:
        """Ulwick's opportunity score: importance + max(importance − satisfaction, 0)."""
        if self.importance is None or self.satisfaction is None:
            return None
        return self.importance + max(self.importance - self.satisfaction, 0)
