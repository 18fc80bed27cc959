"""The demo that `insightrepo demo` loads: a Swedish plant shop's CX team and an English
B2B billing team, each with a journey map a CX consultant would show."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from insightrepo.demo import invoice_journey, plant_journey
from insightrepo.models import User
from insightrepo.services import accounts, journeys, members, phases, steps, workspaces

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
        build_journey(session, user, DEMO_SLUG, plant_journey.JOURNEY)
        build_journey(session, user, "northwind-billing", invoice_journey.JOURNEY)
    return DemoLogin(DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG)


def build_journey(session: Session, actor: User, slug: str, spec: dict) -> str:
    """Create a journey from ``{..journey fields.., "phases": [{..., "steps": [...]}]}``."""
    fields = {k: v for k, v in spec.items() if k != "phases"}
    journey = journeys.create_journey(session, actor, slug, fields)
    for phase_spec in spec["phases"]:
        phase = phases.add_phase(session, actor, journey.id,
                                 {k: v for k, v in phase_spec.items() if k != "steps"})
        for step_spec in phase_spec["steps"]:
            steps.add_step(session, actor, phase.id, step_spec)
    return journey.id
