"""What the browser-facing trust tests share: a workspace holding one of everything (so every route
of the app can be filled in from the route table), a fingerprint of everything the database and the
data directory hold, and the app's routes read from its own URL map."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest
from flask import Flask
from sqlalchemy import select, text

from insightrepo.db import Base
from insightrepo.evidence import evidence, participants
from insightrepo.experiments import experiments, measurements
from insightrepo.workspaces import members
from insightrepo.journeys import steps
from insightrepo.accounts import api_tokens
from insightrepo.timeline import change_context, share_links, snapshots, undo
from insightrepo.web import import_uploads
from tests.trust.matrix_world import files

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
IMPORT_CSV = b"Feedback,Who\nThe parcel was late,P21\nLovely plants,P22\n"


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


@dataclass
class World:
    """Ids of one of everything in workspace alpha, by the URL parameter names the routes use."""

    ids: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)  # quotes / narratives / jobs → an item's id

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


def build_world(app: Flask, session, team, make_map) -> World:
    """Alpha's plant journey with evidence (some of it holding an e-mail address, to be masked), a
    participant no one quoted, a draft experiment with a baseline, a concluded one, a snapshot the
    live map has moved on from, a pending invitation, an API token and a CSV upload to review."""
    admin = team.admin
    built = make_map({"Find plants": ["Search for easy plants", "Ask in the chat"],
                      "Get them home": ["Pay", "Unpack the plants"]})
    search, chat = built.step("Search for easy plants"), built.step("Ask in the chat")
    quote = evidence.create_item(session, admin, evidence.QUOTES, "alpha", {
        "text": "Write to me at lena@example.org about the parcel", "participant": "P07",
        "tags": ["delivery", "price"], "step_ids": [search]})
    spare_quote = evidence.create_item(session, admin, evidence.QUOTES, "alpha", {
        "text": "The pot cost as much as the plant", "participant": "P08", "tags": ["price"]})
    narrative = evidence.create_item(session, admin, evidence.NARRATIVES, "alpha", {
        "title": "The monstera that nearly did not arrive", "body": "Mail lena@example.org, she said.",
        "participant": "P07", "step_ids": [search]})
    job = evidence.create_item(session, admin, evidence.JOBS, "alpha", {
        "situation": "my plant looks sad", "motivation": "find out why", "outcome": "save it", "step_ids": [chat]})
    lonely = participants.create_participant(session, admin, "alpha", {"code": "P99", "method": "survey"})
    metric = {"name": "share of deliveries with a complaint", "kind": "proportion", "unit": "", "direction": "decrease"}
    draft = experiments.create_experiment(session, admin, "alpha", {
        "title": "Choose your plant by video", "metric": metric, "minimum_effect": 0.05, "design": "before_after",
        "step_ids": [search]})
    baseline = measurements.add_measurement(session, admin, draft.id, {
        "group": "baseline", "successes": 30, "trials": 200, "measured_on": days_ago(20)})
    concluded = experiments.create_experiment(session, admin, "alpha", {
        "title": "Care card in the box", "metric": metric, "minimum_effect": 0.05, "design": "before_after",
        "step_ids": [chat]})
    measurements.add_measurement(session, admin, concluded.id, {
        "group": "baseline", "successes": 60, "trials": 200, "measured_on": days_ago(40)})
    experiments.change_status(session, admin, concluded.id, {"status": "running", "on": days_ago(30)})
    measurements.add_measurement(session, admin, concluded.id, {
        "group": "follow_up", "successes": 20, "trials": 200, "measured_on": days_ago(12)})
    experiments.change_status(session, admin, concluded.id, {"status": "concluded", "on": days_ago(10)})
    session.commit()
    snapshot = snapshots.take_snapshot(session, admin, built.id, {"label": "Before the change", "as_of": days_ago(5)})
    session.commit()
    step = steps.step_for(session, admin, chat)
    with change_context.opened(session, admin):  # the admin's own edit: one they can undo
        steps.update_step(session, admin, chat, step.version, {"emotion": -1})  # the live map moves on
        session.flush()
    with change_context.opened(session, admin):  # and one more, which they undid: one they can redo
        steps.update_step(session, admin, chat, step.version, {"emotion": -2})
        session.flush()
    with change_context.opened(session, admin):
        undo.undo_latest(session, admin, built.id)
    invitation = members.add_member(session, admin, "alpha", "newcomer@example.org", "editor")
    # an account's invitation, which that account answers signed in
    account_invitation = members.add_member(session, admin, "alpha", team.outsider.email, "viewer")
    token, _ = api_tokens.create_token(session, admin, "survey script")
    shared = share_links.create_share_link(session, admin, snapshot.snapshot.id, 30)
    session.commit()
    with app.test_request_context():
        upload = import_uploads.save(IMPORT_CSV, "feedback.csv", admin.id, team.a.id)
    return World(ids={
        "slug": "alpha", "journey_id": built.id, "phase_id": built.phase("Find plants"), "step_id": search,
        "experiment_id": draft.id, "measurement_id": baseline.id, "participant_id": lonely.id,
        "snapshot_id": snapshot.snapshot.id, "user_id": team.viewer.id, "token_id": token.id,
        "invitation_id": invitation.invitation.id, "secret": invitation.invitation_secret,
        "account_invitation_id": account_invitation.invitation.id,
        "upload_id": upload.id, "concluded_id": concluded.id, "quote_id": quote.id,
        "spare_quote_id": spare_quote.id, "chat_step_id": chat,
        "a": snapshot.snapshot.id, "b": snapshot.snapshot.id, "name": "price", "field": "title",  # the API's compare, tag and map cell routes
        "link_id": shared.link.id, "token": shared.token, "rest": "journeys",  # a share link, and under its page
    }, items={"quotes": quote.id, "narratives": narrative.id, "jobs": job.id})


@pytest.fixture
def world(app, session, team, make_map) -> World:
    return build_world(app, session, team, make_map)


# ---- the route table -----------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    rule: str
    endpoint: str
    methods: frozenset[str]
    arguments: tuple[str, ...]
    choices: dict[str, tuple[str, ...]]  # <any(a, b):name> → its values

    @property
    def is_api(self) -> bool:
        return self.rule == "/api" or self.rule.startswith("/api/")


def routes(app: Flask) -> list[Route]:
    """Every route of the app but the static files, from the app's own URL map."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        choices = {name: tuple(converter.items) for name, converter in rule._converters.items()
                   if hasattr(converter, "items")}
        found.append(Route(rule.rule, rule.endpoint, frozenset(rule.methods - {"HEAD", "OPTIONS"}),
                           tuple(sorted(rule.arguments)), choices))
    return sorted(found, key=lambda r: r.rule)


def form_routes(app: Flask) -> list[Route]:
    """The browser's state-changing routes: not the JSON API, accepting POST, PUT, PATCH or DELETE."""
    return [r for r in routes(app) if not r.is_api and r.methods & WRITE_METHODS]


def expand(route: Route, world: World, **extra: str) -> Iterator[tuple[dict[str, str], str]]:
    """(arguments, path) of the route filled in from the world: once per value of an <any(…)> part."""
    from itertools import product

    names = list(route.choices)
    for combination in product(*(route.choices[n] for n in names)) if names else [()]:
        values = dict(zip(names, combination))
        for name in route.arguments:
            if name in values:
                continue
            if name == "item_id":
                values[name] = world.items[values.get("kind", "quotes")]
            elif name in extra:
                values[name] = extra[name]
            else:
                assert name in world.ids, f"{route.rule}: the world has nothing for <{name}>; add one to build_world"
                values[name] = world.ids[name]
        path = route.rule
        for name, value in values.items():
            path = _fill(path, name, value)
        yield values, path


def _fill(rule: str, name: str, value: str) -> str:
    import re

    return re.sub(r"<(?:[^<>:]+(?:\([^)]*\))?:)?" + re.escape(name) + ">", value, rule)


# ---- what the app holds --------------------------------------------------------------------

def fingerprint(session, data_dir: str | Path) -> dict[str, Any]:
    """Every row of every table, and every file the app keeps in its data directory but the search
    index (which follows the database): if this is equal before and after a request, it changed nothing."""
    session.expire_all()
    connection = session.connection()
    rows = {table.name: sorted(map(repr, connection.execute(select(table)).all()))
            for table in Base.metadata.sorted_tables}
    rows["alembic_version"] = [str(v) for v in connection.execute(text("select version_num from alembic_version"))]
    rows["files"] = files(data_dir)
    return rows
