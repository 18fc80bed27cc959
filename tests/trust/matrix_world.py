"""The world the authorisation matrix runs in: workspace alpha holding one of every kind of thing
(so every route of the app can be filled in from its URL variables), workspace beta with its own
admin and data, the users of each role, their API tokens, and a revoked one.

It is built once per test module on a connection of its own, inside a transaction that is rolled
back at the end; every request of the matrix runs in a SAVEPOINT rolled back after it, so a DELETE
by the editor leaves the thing there for the admin's DELETE, and nothing leaks between requests.
Every text alpha holds carries MARKER, so an answer to someone outside alpha that contains it is a
leak (and beta's carry BETA_MARKER)."""

from __future__ import annotations

import os

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from insightrepo.db import Base
from insightrepo.models import Membership, User, Workspace
from insightrepo.accounts import users as accounts, api_tokens
from insightrepo.backup import backup
from insightrepo.evidence import evidence, participants
from insightrepo.experiments import experiments, measurements
from insightrepo.journeys import journeys, phases, steps
from insightrepo.workspaces import members
from insightrepo.timeline import share_links, snapshots
from insightrepo.web import import_uploads
from tests.conftest import _PASSWORD_HASH

MARKER = "Quokkafjord"  # in every text of alpha's; never in an answer to anyone outside alpha
BETA_MARKER = "Zebrafink"  # in beta's texts; never in an answer about alpha
IMPORT_CSV = f"text,participant\n{MARKER} parcel came late,P21\nLovely plants,P22\n".encode()
PROPORTION = {"name": f"{MARKER} complaints", "kind": "proportion", "unit": "", "direction": "decrease"}


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


@dataclass
class World:
    users: dict[str, User]  # viewer, editor, admin (of alpha), outsider (admin of beta), member (a 2nd viewer)
    tokens: dict[str, str]  # role → a live API token; "revoked" → alpha's admin's revoked token
    sign_ins: dict[str, str] = field(default_factory=dict)  # role → a browser sign-in (what the cookies name)
    ids: dict[str, str] = field(default_factory=dict)  # name → id of alpha's things (and beta's, "beta_…")
    uploads: dict[str, str] = field(default_factory=dict)  # role → a CSV upload of their own, waiting for review
    versions: dict[str, int] = field(default_factory=dict)  # id → its version
    backup: dict[str, Any] = field(default_factory=dict)  # alpha's export, for the workspace import
    journey: dict[str, Any] = field(default_factory=dict)  # alpha's map as the API shows it, for the journey import

    def __getitem__(self, name: str) -> str:
        return self.ids[name]

    def version(self, name: str) -> int:
        return self.versions[self.ids[name]]

    def alpha_ids(self) -> set[str]:
        return {value for name, value in self.ids.items() if not name.startswith("beta")}


def _user(session: Session, email: str, name: str) -> User:
    user = User(email=email, display_name=name, password_hash=_PASSWORD_HASH)
    session.add(user)
    return user


def build_world(app: Flask, session: Session) -> World:
    """Alpha: a map of two phases and four steps, a participant, two quotes, a narrative, a job,
    tags, a draft experiment with a baseline, a concluded one, two snapshots (the live map has moved
    on since), a pending invitation, a spare API token, and CSV uploads. Beta: its own map,
    quote and experiment."""
    alpha = Workspace(slug="alpha", name=f"{MARKER} Alpha", language="en")
    beta = Workspace(slug="beta", name="Beta CX", language="sv")
    session.add_all([alpha, beta])
    users = {"viewer": _user(session, "viewer@example.org", "Vera Viewer"),
             "editor": _user(session, "editor@example.org", "Eddie Editor"),
             "admin": _user(session, "admin@example.org", "Ada Admin"),
             "member": _user(session, "member@example.org", "Mia Member"),
             "outsider": _user(session, "outsider@example.org", "Otto Outsider")}
    for role in ("viewer", "editor", "admin"):
        session.add(Membership(workspace=alpha, user=users[role], role=role))
    session.add(Membership(workspace=alpha, user=users["member"], role="viewer"))
    session.add(Membership(workspace=beta, user=users["outsider"], role="admin"))
    session.commit()
    admin, outsider = users["admin"], users["outsider"]

    journey = journeys.create_journey(session, admin, "alpha", {"title": f"{MARKER} create a thriving home",
                                                                "kind": "researched"})
    first = phases.add_phase(session, admin, journey.id, {"title": f"{MARKER} find plants"})
    second = phases.add_phase(session, admin, journey.id, {"title": f"{MARKER} get them home"})
    search = steps.add_step(session, admin, first.id, {"title": f"{MARKER} search", "emotion": 1, "marker": "heart"})
    chat = steps.add_step(session, admin, first.id, {"title": f"{MARKER} ask in the chat", "emotion": 0})
    pay = steps.add_step(session, admin, second.id, {"title": f"{MARKER} pay", "emotion": -1})
    unpack = steps.add_step(session, admin, second.id, {
        "title": f"{MARKER} unpack", "emotion": -2, "marker": "thundercloud",
        "moment_of_truth": {"title": f"{MARKER} half-good quality"}})
    participant = participants.create_participant(session, admin, "alpha", {"code": "P07", "method": "interview",
                                                                            "note": f"{MARKER} note"})
    quote = evidence.create_item(session, admin, evidence.QUOTES, "alpha", {
        "text": f"{MARKER}: write to me at lena@example.org about the parcel", "participant": "P07",
        "tags": [f"{MARKER}-delivery", "price"], "sentiment": "negative", "step_ids": [search.id]})
    spare_quote = evidence.create_item(session, admin, evidence.QUOTES, "alpha", {
        "text": f"{MARKER}: the pot cost as much as the plant", "participant": "P08", "tags": ["price"]})
    narrative = evidence.create_item(session, admin, evidence.NARRATIVES, "alpha", {
        "title": f"{MARKER} the monstera that nearly did not arrive", "body": f"{MARKER}: mail lena@example.org.",
        "participant": "P07", "tags": [f"{MARKER}-delivery"], "step_ids": [search.id]})
    job = evidence.create_item(session, admin, evidence.JOBS, "alpha", {
        "situation": f"{MARKER} my plant looks sad", "motivation": "find out why", "outcome": "save it",
        "tags": ["price"], "step_ids": [chat.id], "phase_ids": [first.id]})
    draft = experiments.create_experiment(session, admin, "alpha", {
        "title": f"{MARKER} choose your plant by video", "solution": f"{MARKER} video", "metric": PROPORTION,
        "minimum_effect": 0.05, "design": "before_after", "step_ids": [unpack.id]})
    baseline = measurements.add_measurement(session, admin, draft.id, {
        "group": "baseline", "successes": 30, "trials": 200, "measured_on": days_ago(20), "note": MARKER})
    concluded = experiments.create_experiment(session, admin, "alpha", {
        "title": f"{MARKER} care card in the box", "metric": PROPORTION, "minimum_effect": 0.05,
        "design": "before_after", "step_ids": [pay.id]})
    measurements.add_measurement(session, admin, concluded.id, {
        "group": "baseline", "successes": 60, "trials": 200, "measured_on": days_ago(40)})
    experiments.change_status(session, admin, concluded.id, {"status": "running", "on": days_ago(30)})
    measurements.add_measurement(session, admin, concluded.id, {
        "group": "follow_up", "successes": 20, "trials": 200, "measured_on": days_ago(12)})
    experiments.change_status(session, admin, concluded.id, {"status": "concluded", "on": days_ago(10)})
    session.commit()
    first_snapshot = snapshots.take_snapshot(session, admin, journey.id, {"label": f"{MARKER} in January",
                                                                          "as_of": days_ago(60)}).snapshot
    session.commit()
    steps.update_step(session, admin, chat.id, chat.version, {"emotion": -1, "thoughts": f"{MARKER} slow"})
    session.commit()
    second_snapshot = snapshots.take_snapshot(session, admin, journey.id, {"label": f"{MARKER} in March",
                                                                           "as_of": days_ago(5)}).snapshot
    session.commit()
    steps.update_step(session, admin, pay.id, pay.version, {"emotion": 0})  # the live map moves on
    invitation = members.add_member(session, admin, "alpha", "newcomer@example.org", "editor")
    spare, _ = api_tokens.create_token(session, admin, f"{MARKER} survey script")
    shared = share_links.create_share_link(session, admin, first_snapshot.id, 30)
    session.commit()

    # beta: a little of its own, for the outsider's searches, lists and exports (and for alpha's
    # people to name in what they send alpha)
    beta_journey = journeys.create_journey(session, outsider, "beta", {"title": f"{BETA_MARKER} grönt hem"})
    beta_phase = phases.add_phase(session, outsider, beta_journey.id, {"title": f"{BETA_MARKER} beställ"})
    beta_step = steps.add_step(session, outsider, beta_phase.id, {"title": f"{BETA_MARKER} betala", "emotion": 1})
    beta_quote = evidence.create_item(session, outsider, evidence.QUOTES, "beta", {
        "text": f"Leveransen kom i tid, {BETA_MARKER}", "participant": "B01", "tags": [f"{BETA_MARKER}-leverans"],
        "step_ids": [beta_step.id]})
    beta_job = evidence.create_item(session, outsider, evidence.JOBS, "beta", {
        "situation": f"{BETA_MARKER} när", "motivation": "vill", "outcome": "kan", "step_ids": [beta_step.id]})
    beta_experiment = experiments.create_experiment(session, outsider, "beta", {
        "title": f"{BETA_MARKER} eget test", "metric": {**PROPORTION, "name": "andel"}, "step_ids": [beta_step.id]})
    beta_snapshot = snapshots.take_snapshot(session, outsider, beta_journey.id,
                                            {"label": f"{BETA_MARKER} maj"}).snapshot
    mine = members.add_member(session, outsider, "beta", admin.email, "viewer")  # for alpha's admin to answer
    session.commit()

    live = {role: api_tokens.create_token(session, users[role], "matrix")[1]
            for role in ("viewer", "editor", "admin", "outsider")}
    revoked, revoked_secret = api_tokens.create_token(session, admin, "revoked")
    session.flush()
    api_tokens.revoke_token(session, admin, revoked.id)
    session.commit()

    ids = {
        "alpha": alpha.id, "journey": journey.id, "phase": first.id, "phase2": second.id, "step": search.id,
        "step_chat": chat.id, "step_pay": pay.id, "step_unpack": unpack.id, "participant": participant.id,
        "quote": quote.id, "spare_quote": spare_quote.id, "narrative": narrative.id, "job": job.id,
        "experiment": draft.id, "measurement": baseline.id, "concluded": concluded.id,
        "snapshot": first_snapshot.id, "snapshot2": second_snapshot.id, "invitation": invitation.invitation.id,
        "invitation_secret": invitation.invitation_secret, "token": spare.id, "member": users["member"].id,
        "member_membership": session.scalar(select(Membership.id).where(Membership.user_id == users["member"].id)),
        "beta": beta.id, "beta_journey": beta_journey.id, "beta_phase": beta_phase.id, "beta_step": beta_step.id,
        "beta_quote": beta_quote.id, "beta_job": beta_job.id, "beta_experiment": beta_experiment.id,
        "beta_snapshot": beta_snapshot.id, "my_invitation": mine.invitation.id,
        "share_link": shared.link.id, "share_token": shared.token,
    }
    world = World(users=users, tokens={**live, "revoked": revoked_secret}, ids=ids)
    world.sign_ins = {role: accounts.start_sign_in(session, user, timedelta(days=1)).sign_in_id
                      for role, user in users.items()}
    for table in Base.metadata.sorted_tables:
        if "version" in table.c and "id" in table.c:
            world.versions.update(dict(session.execute(select(table.c.id, table.c.version)).all()))
    with app.test_request_context():
        for role in ("viewer", "editor", "admin"):
            world.uploads[role] = import_uploads.save(IMPORT_CSV, "feedback.csv", users[role].id, alpha.id).id
        world.uploads["outsider"] = import_uploads.save(IMPORT_CSV, "feedback.csv", outsider.id, beta.id).id
    world.backup = backup.export_workspace(session, admin, "alpha")
    world.journey = {"title": f"{MARKER} entered from paper", "phases": [
        {"title": f"{MARKER} find plants", "steps": [{"title": f"{MARKER} search", "emotion": 1}]}]}
    session.commit()
    return world


def _snapshot_queries() -> list[tuple[str, str]]:
    """One plain SELECT per table (but when API tokens were last used: a hint written on reads), in
    primary-key order; raw rows straight from the driver are enough to compare, and fast."""
    queries = []
    for table in Base.metadata.sorted_tables:
        columns = ", ".join(f'"{c.name}"' for c in table.c if (table.name, c.name) != ("api_tokens", "last_used_at"))
        order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
        queries.append((table.name, f'SELECT {columns} FROM "{table.name}" ORDER BY {order}'))
    return [*queries, ("alembic_version", "SELECT version_num FROM alembic_version")]


def fingerprint(connection) -> list[tuple[str, list]]:
    """Every row of every table: equal before and after a request, the request changed nothing."""
    return [(name, connection.exec_driver_sql(sql).fetchall()) for name, sql in _QUERIES]


_QUERIES = _snapshot_queries()


def files(data_dir: str | Path) -> list[str]:
    """The files the app keeps in its data directory (CSV uploads waiting for review …), but the
    search index."""
    root, found = Path(data_dir), []
    for folder, subfolders, names in os.walk(root):
        # not descended into: over a whole test session it holds tens of thousands of files
        subfolders[:] = [name for name in subfolders if name != "search-index"]
        found += [str((Path(folder) / name).relative_to(root)) for name in names if name != "secret_key"]
    return sorted(found)
