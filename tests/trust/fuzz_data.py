"""The data the API fuzz runs against: the demo's two workspaces (journeys with phases and steps,
participants, quotes, narratives, jobs, tags, snapshots, experiments with measurements) for the
demo user, their admin, whose API token the fuzzer sends (and a viewer's), plus a workspace the
demo user is not a member of.

``FuzzData`` holds the real ids by kind, so the hooks in fuzz_hooks.py can put them where the
generated requests have ids, and the requests reach the handlers instead of all ending in 404."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.demo import DEMO_SLUG, load_demo
from insightrepo.models import (ApiToken, Experiment, Job, Journey, Measurement, Membership, Narrative, Participant,
                                Phase, Quote, Snapshot, Step, Tag, User, Workspace)
from insightrepo.evidence import evidence
from insightrepo.experiments import experiments
from insightrepo.journeys import journeys, phases, steps
from insightrepo.workspaces import members, workspaces
from insightrepo.accounts.users import find_user_by_email
from insightrepo.accounts.api_tokens import create_token, revoke_token
from insightrepo.timeline.snapshots import record_snapshot


@dataclass
class FuzzData:
    tokens: dict[str, str]  # who → API token: "admin" (the demo user), "viewer" (of the Swedish workspace), "revoked"
    users: dict[str, str]  # who → user id
    home: dict[str, str] = field(default_factory=dict)  # kind → an id in the Swedish demo workspace
    ids: dict[str, list[str]] = field(default_factory=dict)  # kind → real ids (the caller's, then foreign ones)
    versions: dict[str, int] = field(default_factory=dict)  # id or slug → current version

    def pool(self, kind: str) -> list[str]:
        return self.ids.get(kind, [])


# The kinds, with the model each comes from (how the id column is reached).
_KINDS = {
    "journey": Journey, "phase": Phase, "step": Step, "participant": Participant, "quote": Quote,
    "narrative": Narrative, "job": Job, "snapshot": Snapshot, "experiment": Experiment,
    "measurement": Measurement,
}


def _user(session: Session, email: str, name: str) -> User:
    """An account that only ever calls the API with a token (no password hash to compute: they are slow)."""
    user = User(email=email, display_name=name, password_hash="no password: API tokens only")
    session.add(user)
    session.flush()
    return user


def _foreign_workspace(session: Session) -> None:
    """A workspace of someone else, with a small map, a quote and an experiment: its ids must stay 404."""
    owner = _user(session, "stranger@example.org", "Stella Stranger")
    workspaces.create_workspace(session, owner, "Stranger things", "strangers", "en")
    journey = journeys.create_journey(session, owner, "strangers", {"title": "Get paid on time"})
    phase = phases.add_phase(session, owner, journey.id, {"title": "Send the invoice"})
    step = steps.add_step(session, owner, phase.id, {"title": "Invoice arrives"})
    evidence.create_item(session, owner, evidence.QUOTES, "strangers",
                         {"text": "It never came.", "step_ids": [step.id]})
    experiments.create_experiment(session, owner, "strangers", {
        "title": "E-invoice", "solution": "Send e-invoices", "step_ids": [step.id],
        "metric": {"name": "Paid on time", "kind": "proportion", "unit": "invoices", "direction": "increase"}})
    session.refresh(journey)
    record_snapshot(session, owner, journey, "First", journey.created_at.date(), "")


def seed(session: Session) -> FuzzData:
    login = load_demo(session)
    _foreign_workspace(session)
    user = find_user_by_email(session, login.email)
    viewer = _user(session, "vera.viewer@example.org", "Vera Viewer")
    members.add_member(session, None, DEMO_SLUG, viewer.email, "viewer")  # the operator: a member at once
    tokens = {"admin": create_token(session, user, "fuzzing")[1], "viewer": create_token(session, viewer, "fuzzing")[1]}
    revoked, tokens["revoked"] = create_token(session, user, "revoked")
    revoke_token(session, user, revoked.id)
    create_token(session, user, "a second token")
    session.commit()

    data = FuzzData(tokens=tokens, users={"admin": user.id, "viewer": viewer.id})
    mine = [m.workspace_id for m in session.scalars(select(Membership).where(Membership.user_id == user.id))]
    home = session.scalar(select(Workspace.id).where(Workspace.slug == DEMO_SLUG))
    for kind, model in _KINDS.items():
        rows = list(session.scalars(select(model)))
        rows.sort(key=lambda row: (_workspace_of(session, row) not in mine, _stable_key(row)))
        data.ids[kind] = [row.id for row in rows]
        data.home[kind] = next(row.id for row in rows if _workspace_of(session, row) == home)
        for row in rows:
            if hasattr(row, "version"):
                data.versions[row.id] = row.version
    every_workspace = sorted(session.scalars(select(Workspace)), key=lambda w: (w.slug != DEMO_SLUG, w.slug))
    data.ids["slug"] = [w.slug for w in every_workspace]
    data.versions.update({w.slug: w.version for w in every_workspace})
    memberships = sorted(session.scalars(select(Membership)), key=lambda m: (m.workspace.slug, m.user.email))
    data.ids["user"] = list(dict.fromkeys(m.user_id for m in memberships))
    data.versions.update({f"{m.workspace.slug}/{m.user_id}": m.version for m in memberships})
    data.ids["token"] = [t.id for t in sorted(session.scalars(select(ApiToken)), key=lambda t: (t.user.email, t.name))]
    data.ids["tag"] = sorted({t.name for t in session.scalars(select(Tag))})
    data.ids["participant_code"] = sorted({p.code for p in session.scalars(select(Participant))})
    data.ids["user_email"] = sorted(u.email for u in session.scalars(select(User)))
    return data


def _stable_key(row) -> str:
    """What the row is, not its (random) id: the same pools, in the same order, every run, so
    the derandomised run sends the same requests."""
    if isinstance(row, Phase):
        return f"{row.journey.title}/{row.position:03}"
    if isinstance(row, Step):
        return f"{row.phase.journey.title}/{row.phase.position:03}/{row.position:03}"
    if isinstance(row, Measurement):
        return f"{row.experiment.title}/{row.group}/{row.measured_on}/{row.successes}/{row.n}/{row.note}"
    if isinstance(row, Snapshot):
        return f"{row.label}/{row.as_of}"
    for name in ("code", "title", "situation", "text"):
        if hasattr(row, name):
            return str(getattr(row, name))
    raise AssertionError(type(row))


def _workspace_of(session: Session, row) -> str:
    if hasattr(row, "workspace_id"):
        return row.workspace_id
    if isinstance(row, Phase):
        return row.journey.workspace_id
    if isinstance(row, Step):
        return row.phase.journey.workspace_id
    if isinstance(row, Snapshot):
        return session.get(Journey, row.journey_id).workspace_id
    if isinstance(row, Measurement):
        return row.experiment.workspace_id
    raise AssertionError(type(row))
