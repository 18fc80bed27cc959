"""The demo that `insightrepo demo` loads: a Swedish plant shop's CX team and an English
B2B billing team, each with a journey map a CX consultant would show."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from datetime import date
from types import ModuleType

from insightrepo.demo import invoice_evidence, invoice_journey, plant_evidence, plant_journey, plant_timeline
from insightrepo.models import Journey, User
from insightrepo.services import accounts, evidence, journeys, members, participants, phases, steps, workspaces
from insightrepo.timeline.snapshots import record_snapshot

DEMO_EMAIL = "demo@insightrepo.example"
DEMO_PASSWORD = "frodande-hem-2026"
DEMO_SLUG = "vaxtbutiken"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    workspace: str


def load_demo(session: Session) -> DemoLogin:
    """Create the demo users, workspaces and maps once; running it again changes nothing."""
    if accounts.find_user_by_email(session, DEMO_EMAIL) is None:
        user = accounts.create_user(session, DEMO_EMAIL, DEMO_PASSWORD, "Demo (CX lead)")
        colleague = accounts.create_user(session, "analys@insightrepo.example", DEMO_PASSWORD, "Alva Analytiker")
        workspaces.create_workspace(session, user, "Växtbutiken – kundresor", DEMO_SLUG, "sv")
        workspaces.create_workspace(session, user, "Northwind B2B billing", "northwind-billing", "en")
        members.add_member(session, user, DEMO_SLUG, colleague.email, "editor")
        plants = build_journey(session, user, DEMO_SLUG, plant_journey.JOURNEY)
        replay_year(session, user, plants)
        invoices = build_journey(session, user, "northwind-billing", invoice_journey.JOURNEY)
        add_evidence(session, user, "northwind-billing", invoices, invoice_evidence)
        record_snapshot(session, user, invoices, "After the spring interviews", date(2026, 4, 24),
                        "Twelve AP interviews in April.")
    return DemoLogin(DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG)


def build_journey(session: Session, actor: User, slug: str, spec: dict) -> Journey:
    """Create a journey from ``{..journey fields.., "phases": [{..., "steps": [...]}]}``."""
    fields = {k: v for k, v in spec.items() if k != "phases"}
    journey = journeys.create_journey(session, actor, slug, fields)
    for phase_spec in spec["phases"]:
        phase = phases.add_phase(session, actor, journey.id,
                                 {k: v for k, v in phase_spec.items() if k != "steps"})
        for step_spec in phase_spec["steps"]:
            steps.add_step(session, actor, phase.id, step_spec)
    return journey


def replay_year(session: Session, actor: User, journey: Journey) -> None:
    """Walk the plant journey through its year, snapshotting after each stage (plant_timeline.py)."""
    for stage in plant_timeline.STAGES:
        if stage["journey"]:
            journeys.update_journey(session, actor, journey.id, journey.version, stage["journey"])
        session.refresh(journey)
        phase_ids = {p.title: p.id for p in journey.phases}
        for phase_title, position, spec in stage["add_steps"]:
            steps.add_step(session, actor, phase_ids[phase_title], {**spec, "position": position})
        session.refresh(journey)
        by_title = {s.title: s for s in journey.steps}
        for title, changes in stage["steps"].items():
            steps.update_step(session, actor, by_title[title].id, by_title[title].version, changes)
        if stage["evidence"]:
            add_evidence(session, actor, journey.workspace.slug, journey, plant_evidence)
        session.refresh(journey)
        record_snapshot(session, actor, journey, stage["label"], stage["as_of"], stage["note"])


def add_evidence(session: Session, actor: User, slug: str, journey: Journey, content: ModuleType) -> None:
    """Participants, quotes, narratives and jobs, linked to the journey's steps by title."""
    session.refresh(journey)
    step_ids = {s.title: s.id for s in journey.steps}
    phase_ids = {p.title: p.id for p in journey.phases}
    for participant in content.PARTICIPANTS:
        participants.create_participant(session, actor, slug, participant)
    for code, step, sentiment, tags, text in content.QUOTES:
        evidence.create_item(session, actor, evidence.QUOTES, slug, {
            "text": text, "participant": code, "sentiment": sentiment, "tags": tags,
            "collected_on": next(p["interviewed_on"] for p in content.PARTICIPANTS if p["code"] == code),
            "source": "interview", "step_ids": [step_ids[step]]})
    for story in content.NARRATIVES:
        fields = {k: v for k, v in story.items() if k != "steps"}
        evidence.create_item(session, actor, evidence.NARRATIVES, slug,
                             {**fields, "step_ids": [step_ids[t] for t in story["steps"]]})
    for job in content.JOBS:
        fields = {k: v for k, v in job.items() if k not in ("steps", "phases")}
        evidence.create_item(session, actor, evidence.JOBS, slug, {
            **fields, "step_ids": [step_ids[t] for t in job["steps"]],
            "phase_ids": [phase_ids[t] for t in job["phases"]]})
