"""The demo that `insightrepo demo` loads: a Swedish plant shop's CX team and an English
B2B billing team, each with a journey map a CX consultant would show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from types import ModuleType

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.demo import (invoice_evidence, invoice_journey, plant_evidence, plant_experiments, plant_journey,
                              plant_timeline)
from insightrepo.models import Journey, Quote, User
from insightrepo.accounts import users
from insightrepo.evidence import evidence, participants
from insightrepo.experiments import experiments, measurements
from insightrepo.journeys import journeys, phases, steps
from insightrepo.workspaces import members, workspaces
from insightrepo.timeline.change_context import open_changes, opened
from insightrepo.timeline.backdating import changes_dated
from insightrepo.timeline.snapshots import record_snapshot

DEMO_EMAIL = "demo@insightrepo.example"
DEMO_PASSWORD = "frodande-hem-2026"
DEMO_SLUG = "vaxtbutiken"
# The plant shop's Swedish-speaking CX lead: the same maps, the interface in Swedish.
SWEDISH_EMAIL = "sara@insightrepo.example"
SWEDISH_NAME = "Sara Lind (CX-ansvarig)"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    workspace: str
    locale: str = "en"


def demo_logins() -> list[DemoLogin]:
    """Who to sign in as: the plant shop's Swedish-speaking lead first, then the English demo user
    (member of both workspaces, who owns the English B2B billing map)."""
    return [DemoLogin(SWEDISH_EMAIL, DEMO_PASSWORD, DEMO_SLUG, "sv"),
            DemoLogin(DEMO_EMAIL, DEMO_PASSWORD, "northwind-billing", "en")]


def load_demo(session: Session) -> DemoLogin:
    """Create the demo users, workspaces and maps once; running it again changes nothing."""
    if users.find_user_by_email(session, DEMO_EMAIL) is None:
        user = users.create_user(session, DEMO_EMAIL, DEMO_PASSWORD, "Demo (CX lead)")
        colleague = users.create_user(session, "analys@insightrepo.example", DEMO_PASSWORD, "Alva Analytiker")
        open_changes(session, user)  # the demo's history is the demo user's
        plant_shop = workspaces.create_workspace(session, user, "Växtbutiken – kundresor", DEMO_SLUG, "sv")
        user.last_workspace_id = plant_shop.id  # signing in lands where the README's tour starts
        workspaces.create_workspace(session, user, "Northwind B2B billing", "northwind-billing", "en")
        members.add_member(session, None, DEMO_SLUG, colleague.email, "editor")  # the operator adds at once
        # The change log tells the story by its own dates, not the day the demo was loaded.
        with changes_dated(session, plant_timeline.STAGES[0]["as_of"]):
            plants = build_journey(session, user, DEMO_SLUG, plant_journey.JOURNEY)
        replay_year(session, user, plants)
        run_experiments(session, user, plants, plant_experiments.AFTERWARDS,
                        since=plant_timeline.STAGES[-1]["as_of"] + timedelta(days=1))
        spring = date(2026, 4, 24)
        with changes_dated(session, spring):
            invoices = build_journey(session, user, "northwind-billing", invoice_journey.JOURNEY)
            add_evidence(session, user, "northwind-billing", invoices, invoice_evidence)
        record_snapshot(session, user, invoices, "After the spring interviews", spring,
                        "Twelve AP interviews in April.")
        users.set_locale(session, user, "en")
    _swedish_lead(session)
    return DemoLogin(DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG)


def _swedish_lead(session: Session) -> None:
    """The plant shop's Swedish-speaking lead (added to a demo loaded before there was one)."""
    if users.find_user_by_email(session, SWEDISH_EMAIL) is not None:
        return
    lead = users.create_user(session, SWEDISH_EMAIL, DEMO_PASSWORD, SWEDISH_NAME)
    members.add_member(session, None, DEMO_SLUG, lead.email, "admin")  # the operator adds at once
    users.set_locale(session, lead, "sv")
    plant_shop = next(w for w, _role in workspaces.list_workspaces(session, lead) if w.slug == DEMO_SLUG)
    lead.last_workspace_id = plant_shop.id


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
    """Walk the plant journey through its year, snapshotting after each stage (plant_timeline.py).
    A stage's edits are dated on its snapshot's day; its experiments by their own dates, none
    before the previous snapshot."""
    previous = None
    for stage in plant_timeline.STAGES:
        with changes_dated(session, stage["as_of"]):
            _replay_stage(session, actor, journey, stage, since=previous)
        session.refresh(journey)
        record_snapshot(session, actor, journey, stage["label"], stage["as_of"], stage["note"])
        previous = stage["as_of"] + timedelta(days=1)


def _replay_stage(session: Session, actor: User, journey: Journey, stage: dict, since: date | None) -> None:
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
    if stage.get("experiments"):
        add_quotes(session, actor, journey, plant_experiments.FOLLOW_UP_QUOTES)
        run_experiments(session, actor, journey, plant_experiments.DURING_SUMMER, since=since or stage["as_of"])
    for on, beginning, why in stage.get("delete_quotes", []):
        with changes_dated(session, on):
            delete_quote(session, actor, journey, beginning, why)


def add_evidence(session: Session, actor: User, slug: str, journey: Journey, content: ModuleType) -> None:
    """Participants, quotes, narratives and jobs, linked to the journey's steps by title."""
    session.refresh(journey)
    step_ids = {s.title: s.id for s in journey.steps}
    phase_ids = {p.title: p.id for p in journey.phases}
    for participant in content.PARTICIPANTS:
        participants.create_participant(session, actor, slug, participant)
    add_quotes(session, actor, journey, [
        (code, step, sentiment, tags, next(p["interviewed_on"] for p in content.PARTICIPANTS if p["code"] == code), text)
        for code, step, sentiment, tags, text in content.QUOTES])
    for story in content.NARRATIVES:
        fields = {k: v for k, v in story.items() if k != "steps"}
        evidence.create_item(session, actor, evidence.NARRATIVES, slug,
                             {**fields, "step_ids": [step_ids[t] for t in story["steps"]]})
    for job in content.JOBS:
        fields = {k: v for k, v in job.items() if k not in ("steps", "phases")}
        evidence.create_item(session, actor, evidence.JOBS, slug, {
            **fields, "step_ids": [step_ids[t] for t in job["steps"]],
            "phase_ids": [phase_ids[t] for t in job["phases"]]})


def add_quotes(session: Session, actor: User, journey: Journey, quotes: list[tuple]) -> None:
    """Quotes as (participant, step title, sentiment, tags, said on, text), linked to the journey's steps."""
    step_ids = {s.title: s.id for s in journey.steps}
    source = "intervju" if journey.workspace.language == "sv" else "interview"  # in the workspace's language
    for code, step, sentiment, tags, said_on, text in quotes:
        evidence.create_item(session, actor, evidence.QUOTES, journey.workspace.slug, {
            "text": text, "participant": code, "sentiment": sentiment, "tags": tags, "collected_on": said_on,
            "source": source, "step_ids": [step_ids[step]]})


def delete_quote(session: Session, actor: User, journey: Journey, beginning: str, why: str) -> None:
    """Delete the quote that begins with ``beginning`` (and its links), saying why in the change log."""
    quote = session.scalar(select(Quote).where(
        Quote.workspace_id == journey.workspace_id, Quote.text.startswith(beginning, autoescape=True)))
    with opened(session, actor, why):
        evidence.delete_item(session, actor, evidence.QUOTES, quote.id, force=True)


def run_experiments(session: Session, actor: User, journey: Journey, specs: list[dict], since: date) -> None:
    """Log each experiment, record its measurements, move it through its statuses on their dates and
    write its Learning Card (plant_experiments.py). The change log dates each step by the story:
    logged on ``since``, a measurement recorded on its date (not before ``since``), a move on its
    date, the Learning Card with the last move."""
    session.refresh(journey)
    step_ids = {s.title: s.id for s in journey.steps}
    quotes = list(session.scalars(select(Quote).where(Quote.workspace_id == journey.workspace_id)))

    def quote_ids(beginnings: list[str]) -> list[str]:
        return [next(q.id for q in quotes if q.text.startswith(b)) for b in beginnings]

    def day(iso: str) -> date:
        return max(date.fromisoformat(iso), since)

    for spec in specs:
        fields = {k: spec[k] for k in ("title", "solution", "metric", "design", "owner", "minimum_effect") if k in spec}
        with changes_dated(session, since):
            experiment = experiments.create_experiment(session, actor, journey.workspace.slug, {
                **fields, "step_ids": [step_ids[t] for t in spec["steps"]], "quote_ids": quote_ids(spec["quotes"])})
        for measurement in spec["measurements"]:
            with changes_dated(session, day(measurement["measured_on"])):
                measurements.add_measurement(session, actor, experiment.id, {
                    **measurement, "quote_ids": quote_ids(measurement.get("quotes", []))})
        for status, on, verdict, reason in spec["moves"]:
            with changes_dated(session, day(on)):
                experiments.change_status(session, actor, experiment.id, {
                    "status": status, "on": on, "verdict": verdict, "verdict_reason": reason})
        if spec["learning"]:
            with changes_dated(session, day(spec["moves"][-1][1]) if spec["moves"] else since):
                experiments.update_experiment(session, actor, experiment.id, experiment.version,
                                              {"learning": spec["learning"]})
