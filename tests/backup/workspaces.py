"""Generated workspaces for the backup tests: a hypothesis strategy that draws one as plain
data (random field values, Swedish text, random links; experiments with their measurements
too), and a builder that stores it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from insightrepo.models import (Experiment, Job, Journey, Measurement, Membership, Narrative, Participant, Phase, Quote,
                                Step, Tag, User, Workspace)
from insightrepo.models.evidence import PARTICIPANT_METHODS, SENTIMENTS
from insightrepo.models.experiment import ALL_GROUPS, DESIGNS, DIRECTIONS, METRIC_KINDS, STATUSES, VERDICTS
from insightrepo.models.journey import KINDS, MARKERS, SCOPES
from insightrepo.models.workspace import LANGUAGES, ROLES
from insightrepo.experiments.fields import LARGEST_NUMBER
from insightrepo.evidence.tags import tag_key

SWEDISH = [
    "Skapa ett grönt hem", "Köpa och få hem växterna", "Hitta växter som trivs hos mig", "Åsa på Söder",
    "”Jag visste inte vilken jord jag skulle ta”", "Ölandsbron i motljus", "Kundtjänst svarade inte 😞",
    "Räkningen kom två gånger", "  inledande mellanslag ", "rad ett\nrad två\r\n", "",
]

_characters = st.characters(codec="utf-8", exclude_characters="\x00")


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Swedish phrases, or any Unicode text (no NUL, which no database stores)."""
    swedish = st.sampled_from([s for s in SWEDISH if len(s) <= max_size])
    return st.one_of(swedish, st.text(_characters, max_size=max_size))


def required_texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text the API requires: not empty, not only spaces (a backup brings in nothing else)."""
    return texts(max_size).filter(str.strip)


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31))
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
versions = st.integers(1, 10_000)
scores = maybe(st.integers(-2, 2))
# any double the services take (experiment_fields.LARGEST_NUMBER), as the database keeps it
numbers = st.floats(-LARGEST_NUMBER, LARGEST_NUMBER)
sizes = st.floats(0, LARGEST_NUMBER)
counts = st.integers(1, 10**8)  # as the services take them (experiment_fields)


@dataclass
class Generated:
    """A workspace as plain values; links are indexes into the lists they point at."""

    workspace: dict[str, Any]
    members: list[dict[str, Any]]
    journeys: list[dict[str, Any]]          # each with "phases": [{…, "steps": [{…}]}]
    participants: list[dict[str, Any]]
    tags: list[dict[str, Any]]
    quotes: list[dict[str, Any]] = field(default_factory=list)
    narratives: list[dict[str, Any]] = field(default_factory=list)
    jobs: list[dict[str, Any]] = field(default_factory=list)
    experiments: list[dict[str, Any]] = field(default_factory=list)  # each with "measurements": [{…}]
    timeline: list[tuple] = field(default_factory=list)  # snapshots and edits, applied after building
    built: dict[str, list[str]] = field(default_factory=dict)  # ids given by build(), in the drawn order

    @property
    def slug(self) -> str:
        return self.workspace["slug"]

    @property
    def emails(self) -> list[str]:
        return [m["email"] for m in self.members]


def _step(draw) -> dict[str, Any]:
    has_moment = draw(st.booleans())
    return {
        "title": draw(required_texts(60)), "action": draw(texts()), "touchpoint": draw(texts()),
        "channels": draw(st.lists(texts(20), max_size=3)), "direct": draw(st.booleans()),
        "present": draw(st.booleans()), "need": draw(texts()), "thoughts": draw(texts()),
        "emotion": draw(scores), "marker": draw(maybe(st.sampled_from(MARKERS))),
        "moment_title": draw(texts(60)) if has_moment else None,
        "moment_description": draw(texts()) if has_moment else "", "owner": draw(texts()),
        "backstage_people": draw(texts()), "backstage_policies": draw(texts()), "backstage_systems": draw(texts()),
        "employee_emotion": draw(scores), "version": draw(versions),
    }


def _journey(draw) -> dict[str, Any]:
    phases = [{"title": draw(required_texts(60)), "goal": draw(texts()), "version": draw(versions),
               "steps": [_step(draw) for _ in range(draw(st.integers(0, 3)))]}
              for _ in range(draw(st.integers(0, 3)))]
    return {
        "title": draw(required_texts(60)), "description": draw(texts()), "scope": draw(st.sampled_from(SCOPES)),
        "kind": draw(st.sampled_from(KINDS)), "persona": draw(texts()), "owner": draw(texts()),
        "archived": draw(st.booleans()), "created_at": draw(moments), "updated_at": draw(moments),
        "version": draw(versions), "phases": phases,
    }


def _experiment(draw, steps: int, quotes: int, narratives: int, jobs: int) -> dict[str, Any]:
    return {
        "title": draw(required_texts(60)), "solution": draw(texts()), "hypothesis": draw(texts(120)),
        "criterion": draw(texts()), "metric_name": draw(texts()), "metric_kind": draw(st.sampled_from(METRIC_KINDS)),
        "metric_unit": draw(texts(20)), "direction": draw(st.sampled_from(DIRECTIONS)),
        "minimum_effect": draw(maybe(sizes)),
        "design": draw(st.sampled_from(DESIGNS)), "owner": draw(texts()), "status": draw(st.sampled_from(STATUSES)),
        "started_on": draw(maybe(days)), "ended_on": draw(maybe(days)), "verdict": draw(maybe(st.sampled_from(VERDICTS))),
        "verdict_reason": draw(texts()), "learning_observed": draw(texts()), "learning_learned": draw(texts()),
        "learning_next": draw(texts()), **_stamps(draw),
        "job": draw(st.integers(-1, jobs - 1)), "steps": _some(draw, steps, 3, least=1), "quotes": _some(draw, quotes, 3),
        "narratives": _some(draw, narratives, 2),
        "measurements": [_measurement(draw, quotes) for _ in range(draw(st.integers(0, 3)))],
    }


def _measurement(draw, quotes: int) -> dict[str, Any]:
    trials = draw(maybe(counts))
    return {
        "group": draw(st.sampled_from(ALL_GROUPS)), "measured_on": draw(days),
        "successes": draw(maybe(st.integers(0, trials or 10**8))), "trials": trials, "n": draw(maybe(counts)),
        "mean": draw(maybe(numbers)), "sd": draw(maybe(sizes)),
        "note": draw(texts()), "source": draw(texts()), **_stamps(draw), "quotes": _some(draw, quotes, 2),
    }


def _stamps(draw) -> dict[str, Any]:
    return {"created_at": draw(moments), "updated_at": draw(moments), "version": draw(versions)}


def _some(draw, n: int, most: int, least: int = 0) -> list[int]:
    return draw(st.lists(st.integers(0, n - 1), unique=True, min_size=min(least, n), max_size=most)) if n else []


@st.composite
def workspaces(draw, slug: str = "generated") -> Generated:
    workspace = {"slug": slug, "name": draw(texts(60)), "language": draw(st.sampled_from(sorted(LANGUAGES))),
                 "created_at": draw(moments), "version": draw(versions)}
    members = [{"email": f"member{i}@example.org", "role": draw(st.sampled_from(ROLES)), "created_at": draw(moments)}
               for i in range(draw(st.integers(0, 3)))]
    journeys = [_journey(draw) for _ in range(draw(st.integers(0, 3)))]
    codes = draw(st.lists(st.text(_characters, min_size=1, max_size=12).filter(str.strip), max_size=4,
                          unique_by=lambda c: c.strip().lower()))
    participants = [{"code": code, "segment": draw(texts()), "method": draw(st.sampled_from(PARTICIPANT_METHODS)),
                     "interviewed_on": draw(maybe(days)), "note": draw(texts()), **_stamps(draw)} for code in codes]
    names = draw(st.lists(texts(30), max_size=4, unique_by=tag_key))
    tags = [{"name": name} for name in names]
    generated = Generated(workspace, members, journeys, participants, tags)

    steps = sum((len(p["steps"]) for j in journeys for p in j["phases"]), 0)
    phases = sum((len(j["phases"]) for j in journeys), 0)
    who = st.integers(-1, len(participants) - 1)  # -1: nobody
    for _ in range(draw(st.integers(0, 5))):
        generated.quotes.append({
            "text": draw(required_texts(80)), "participant": draw(who), "collected_on": draw(maybe(days)),
            "source": draw(texts()), "language": draw(st.sampled_from(["", *sorted(LANGUAGES)])),
            "sentiment": draw(maybe(st.sampled_from(SENTIMENTS))), **_stamps(draw),
            "tags": _some(draw, len(tags), 3), "steps": _some(draw, steps, 4)})
    for _ in range(draw(st.integers(0, 3))):
        generated.narratives.append({
            "title": draw(required_texts(60)), "body": draw(texts(200)), "participant": draw(who),
            "told_on": draw(maybe(days)), **_stamps(draw),
            "tags": _some(draw, len(tags), 3), "steps": _some(draw, steps, 4)})
    for _ in range(draw(st.integers(0, 3))):
        generated.jobs.append({
            "situation": draw(required_texts()), "motivation": draw(required_texts()), "outcome": draw(required_texts()),
            "importance": draw(maybe(st.integers(1, 5))), "satisfaction": draw(maybe(st.integers(1, 5))),
            **_stamps(draw), "tags": _some(draw, len(tags), 3), "steps": _some(draw, steps, 4),
            "phases": _some(draw, phases, 3)})
    for _ in range(draw(st.integers(1 if steps else 0, 3))):  # an experiment targets a step
        generated.experiments.append(_experiment(draw, steps, len(generated.quotes), len(generated.narratives),
                                                 len(generated.jobs)))
    if journeys:  # edits between a first and a last snapshot, and maybe more snapshots between them
        generated.timeline = [draw(_snapshot()), *draw(st.lists(_event(), max_size=8)), draw(_snapshot())]
    return generated


INDEX = st.integers(0, 50)


def _snapshot() -> st.SearchStrategy[tuple]:
    title = st.sampled_from([s for s in SWEDISH if s.strip() and len(s) <= 60])
    return st.tuples(st.just("snapshot"), INDEX, title, days.filter(lambda d: d <= date(2026, 1, 1)))


def _event() -> st.SearchStrategy[tuple]:
    """A snapshot of a journey, or an edit; indexes are taken modulo what exists when the event
    is applied."""
    index = INDEX
    title = st.sampled_from([s for s in SWEDISH if s.strip() and len(s) <= 60])
    return st.one_of(
        _snapshot(),
        st.tuples(st.just("edit step"), index, title, scores),
        st.tuples(st.just("move step"), index, index),
        st.tuples(st.just("add step"), index, title),
        st.tuples(st.just("delete step"), index),
        st.tuples(st.just("edit quote"), index, title, st.lists(index, max_size=2)),
        st.tuples(st.just("delete quote"), index),
        st.tuples(st.just("edit experiment"), index, st.sampled_from(STATUSES), maybe(st.sampled_from(VERDICTS)),
                  st.lists(index, max_size=2)),
        st.tuples(st.just("measure"), index, st.integers(0, 100)),
        st.tuples(st.just("delete experiment"), index),
    )


# ---- storing one ---------------------------------------------------------------------------

def make_accounts(session: Session, emails: list[str]) -> list[User]:
    users = [User(email=email, display_name=email.split("@")[0]) for email in emails]
    session.add_all(users)
    session.flush()
    return users


def build(session: Session, spec: Generated) -> Workspace:
    """Store ``spec`` through the models (flushed, not committed), with its versions as drawn."""
    workspace = Workspace(**_without_version(spec.workspace))
    session.add(workspace)
    session.flush()
    for user, member in zip(make_accounts(session, spec.emails), spec.members):
        session.add(Membership(workspace=workspace, user=user, role=member["role"], created_at=member["created_at"]))
    journeys, phases, steps = [], [], []
    for drawn in spec.journeys:
        journey = Journey(workspace_id=workspace.id, **{k: v for k, v in drawn.items() if k not in ("phases", "version")})
        for p, drawn_phase in enumerate(drawn["phases"]):
            phase = Phase(position=p, title=drawn_phase["title"], goal=drawn_phase["goal"],
                          version=drawn_phase["version"])
            journey.phases.append(phase)
            phases.append(phase)
            for s, drawn_step in enumerate(drawn_phase["steps"]):
                step = Step(position=s, **drawn_step)
                phase.steps.append(step)
                steps.append(step)
        journeys.append(journey)
    participants = [Participant(workspace_id=workspace.id, **_without_version(p)) for p in spec.participants]
    tags = [Tag(workspace_id=workspace.id, name=t["name"], key=tag_key(t["name"])) for t in spec.tags]
    session.add_all(journeys + participants + tags)
    items: dict[type, list] = {Quote: [], Narrative: [], Job: []}
    versioned = [(workspace, spec.workspace["version"])]
    versioned += [(j, d["version"]) for j, d in zip(journeys, spec.journeys)]
    versioned += [(p, d["version"]) for p, d in zip(participants, spec.participants)]
    for model, rows in ((Quote, spec.quotes), (Narrative, spec.narratives), (Job, spec.jobs)):
        for row in rows:
            item = model(workspace_id=workspace.id, **{k: v for k, v in row.items()
                                                      if k not in ("participant", "tags", "steps", "phases", "version")})
            if row.get("participant", -1) >= 0:
                item.participant = participants[row["participant"]]
            item.tags = [tags[i] for i in row["tags"]]
            item.steps = [steps[i] for i in row["steps"]]
            if "phases" in row:
                item.phases = [phases[i] for i in row["phases"]]
            session.add(item)
            versioned.append((item, row["version"]))
            items[model].append(item)
    experiments = []
    for row in spec.experiments:
        experiment = Experiment(workspace_id=workspace.id, **{k: v for k, v in row.items() if k not in (
            "job", "steps", "quotes", "narratives", "measurements", "version")})
        experiment.job = items[Job][row["job"]] if row["job"] >= 0 else None
        experiment.steps = [steps[i] for i in row["steps"]]
        experiment.quotes = [items[Quote][i] for i in row["quotes"]]
        experiment.narratives = [items[Narrative][i] for i in row["narratives"]]
        for drawn in row["measurements"]:
            measurement = Measurement(**{k: v for k, v in drawn.items() if k not in ("quotes", "version")})
            measurement.quotes = [items[Quote][i] for i in drawn["quotes"]]
            experiment.measurements.append(measurement)
            versioned.append((measurement, drawn["version"]))
        session.add(experiment)
        versioned.append((experiment, row["version"]))
        experiments.append(experiment)
    session.flush()
    spec.built = {"journeys": [j.id for j in journeys], "quotes": [q.id for q in items[Quote]],
                  "experiments": [e.id for e in experiments]}
    # The ORM starts these versions at 1 on insert; set the drawn ones directly
    # (updated_at set to itself, so its on-update default leaves it as drawn).
    for obj, version in versioned:
        table = type(obj).__table__
        kept = {"updated_at": table.c.updated_at} if "updated_at" in table.c else {}
        session.execute(update(table).where(table.c.id == obj.id).values(version=version, **kept))
    session.expire_all()
    return workspace


def apply_timeline(session: Session, spec: Generated) -> None:
    """Take the drawn snapshots and make the drawn edits between them, through the services, so
    the change log records them; the acting user is the first member who may edit (or the operator).
    Experiments are edited on the models directly, in any state (the change log's listener records
    those edits just the same)."""
    from insightrepo.evidence import evidence
    from insightrepo.journeys import steps
    from insightrepo.timeline.snapshots import record_snapshot

    editors = [m["email"] for m in spec.members if m["role"] in ("editor", "admin")]
    actor = session.scalar(select(User).where(User.email == editors[0])) if editors else None
    journeys = [session.get(Journey, journey_id) for journey_id in spec.built["journeys"]]

    # In map order, never by id: ids are random, and the same example must make the same edits.
    def live_phases() -> list[Phase]:
        return [phase for journey in journeys for phase in journey.phases]

    def live_steps() -> list[Step]:
        return [step for journey in journeys for step in journey.steps]

    def live_quotes() -> list[Quote]:
        return [quote for quote_id in spec.built["quotes"] if (quote := session.get(Quote, quote_id)) is not None]

    def live_experiment(i: int) -> Experiment | None:
        found = [e for e_id in spec.built["experiments"] if (e := session.get(Experiment, e_id)) is not None]
        experiment = pick(found, i)
        if experiment is not None:
            session.expire(experiment)  # its links to steps and quotes deleted since are gone from the database
        return experiment

    def pick(items: list, i: int):
        return items[i % len(items)] if items else None

    for event in spec.timeline:
        kind, i, *rest = event
        if kind == "snapshot":
            record_snapshot(session, actor, pick(journeys, i), rest[0], rest[1], note=rest[0])
        elif kind == "edit step" and (step := pick(live_steps(), i)):
            steps.update_step(session, actor, step.id, step.version, {"title": rest[0], "emotion": rest[1]})
        elif kind == "move step" and (step := pick(live_steps(), i)):
            target = pick(step.phase.journey.phases, rest[0])
            steps.update_step(session, actor, step.id, step.version, {"phase_id": target.id, "position": 0})
        elif kind == "add step" and (phase := pick(live_phases(), i)):
            steps.add_step(session, actor, phase.id, {"title": rest[0]})
        elif kind == "delete step" and (step := pick(live_steps(), i)):
            steps.delete_step(session, actor, step.id)
        elif kind == "edit quote" and (quote := pick(live_quotes(), i)):
            linked = sorted({s.id for j in rest[1] if (s := pick(live_steps(), j))})
            evidence.update_item(session, actor, evidence.QUOTES, quote.id, quote.version,
                                 {"text": rest[0], "step_ids": linked})
        elif kind == "delete quote" and (quote := pick(live_quotes(), i)):
            evidence.delete_item(session, actor, evidence.QUOTES, quote.id, force=True)
        elif kind == "edit experiment" and (experiment := live_experiment(i)):
            experiment.status, experiment.verdict = rest[0], rest[1]
            experiment.steps = list({s.id: s for j in rest[2] if (s := pick(live_steps(), j))}.values())
        elif kind == "measure" and (experiment := live_experiment(i)):
            experiment.measurements.append(Measurement(group="baseline", measured_on=date(2025, 6, 1),
                                                       successes=rest[0], trials=100))
        elif kind == "delete experiment" and (experiment := live_experiment(i)):
            session.delete(experiment)
        session.flush()  # before an experiment is expired for the next event


def _without_version(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "version"}
