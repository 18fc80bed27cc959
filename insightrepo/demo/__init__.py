"""The demo workspace that `insightrepo demo` loads: a plant shop's CX team."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from insightrepo.services import accounts, members, workspaces

DEMO_EMAIL = "demo@insightrepo.example"
DEMO_PASSWORD = "frodande-hem-2026"
DEMO_SLUG = "vaxtbutiken"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    workspace: str


def load_demo(session: Session) -> DemoLogin:
    """Create the demo user and workspaces once; running it again changes nothing."""
    if accounts.find_user_by_email(session, DEMO_EMAIL) is None:
        user = accounts.create_user(session, DEMO_EMAIL, DEMO_PASSWORD, "Demo (CX lead)")
        colleague = accounts.create_user(session, "analys@insightrepo.example", DEMO_PASSWORD, "Alva Analytiker")
        workspaces.create_workspace(session, user, "Växtbutiken – kundresor", DEMO_SLUG, "sv")
        workspaces.create_workspace(session, user, "Northwind B2B billing", "northwind-billing", "en")
        members.add_member(session, user, DEMO_SLUG, colleague.email, "editor")
    return DemoLogin(DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG)
