"""What an import refuses, and how it treats members: a damaged file, a newer format, the
workspace or its ids already present — each refused with a clear message, nothing written."""

from __future__ import annotations

import json
from typing import Callable

import pytest
from sqlalchemy import select

from insightrepo.db import Base
from insightrepo.models import Membership, User, Workspace
from insightrepo.backup import format
from insightrepo.backup.backup import dump_document, export_workspace, import_workspace, parse_document
from insightrepo.errors import Conflict, Invalid
from tests.backup.conftest import row_counts
from tests.backup.workspaces import make_accounts


@pytest.fixture
def document(session, stocked) -> dict:
    return export_workspace(session, None, stocked)


def _damage(change: Callable[[dict], None]) -> Callable[[dict], dict]:
    def damaged(document: dict) -> dict:
        document = json.loads(dump_document(document))
        change(document)
        return document
    return damaged


DAMAGED = {
    "a missing field": (_damage(lambda d: d["steps"][1].pop("title")), "steps[1].title", "is missing"),
    "a missing section": (_damage(lambda d: d.pop("quotes")), "quotes", "is missing"),
    "a quote linked to a step not in the file": (
        _damage(lambda d: d["quotes"][0]["step_ids"].append("f" * 32)), "quotes[0].step_ids",
        "points to step ffffffffffffffffffffffffffffffff, which is not in the backup"),
    "a phase of a journey not in the file": (
        _damage(lambda d: d["phases"][0].update(journey_id="gone")), "phases[0].journey_id",
        "points to journey gone, which is not in the backup"),
    "a score out of range": (_damage(lambda d: d["steps"][0].update(emotion=7)), "steps[0].emotion",
                             "must be a whole number from -2 to 2 or null"),
    "a date that is not one": (_damage(lambda d: d["quotes"][0].update(collected_on="4 mars")),
                               "quotes[0].collected_on", "must be a date like 2026-03-04 or null"),
    "a NUL character": (_damage(lambda d: d["journeys"][0].update(title="Skapa\x00")), "journeys[0].title",
                        "must not contain NUL characters"),
    "two rows with one id": (_damage(lambda d: d["tags"][1].update(id=d["tags"][0]["id"])), "tags[1].id",
                             "is used by another of the tags too"),
    "two tags differing only in case": (_damage(lambda d: d["tags"][1].update(name=d["tags"][0]["name"].upper())),
                                        "tags[1]", "repeats the tag name (ignoring case)"),
    "an unknown section": (_damage(lambda d: d.update(surveys=[])), "surveys",
                           "is not a section this version of the format has"),
    "an unknown field": (_damage(lambda d: d["jobs"][0].update(colour="grön")), "jobs[0].colour",
                         "is not a field of this section"),
    "an experiment status that is not one": (
        _damage(lambda d: d["experiments"][0].update(status="paused")), "experiments[0].status",
        "must be one of draft, running, concluded, abandoned"),
    "a verdict that is not one": (_damage(lambda d: d["experiments"][0].update(verdict="proven")),
                                  "experiments[0].verdict", "must be one of supported, refuted, inconclusive or null"),
    "a metric kind that is not one": (_damage(lambda d: d["experiments"][0].update(metric_kind="median")),
                                      "experiments[0].metric_kind", "must be one of proportion, mean, qualitative"),
    "a direction that is not one": (_damage(lambda d: d["experiments"][0].update(direction="up")),
                                    "experiments[0].direction", "must be one of increase, decrease"),
    "a design that is not one": (_damage(lambda d: d["experiments"][0].update(design="a/b")),
                                 "experiments[0].design", "must be one of randomised, before_after"),
    "a minimum effect that is not a number": (
        _damage(lambda d: d["experiments"][0].update(minimum_effect=float("nan"))), "experiments[0].minimum_effect",
        "must be a number from 0 to 1e+15 or null"),
    "an experiment on a job not in the file": (
        _damage(lambda d: d["experiments"][0].update(job_id="gone")), "experiments[0].job_id",
        "points to job gone, which is not in the backup"),
    "an experiment on a step not in the file": (
        _damage(lambda d: d["experiments"][0]["step_ids"].append("gone")), "experiments[0].step_ids",
        "points to step gone, which is not in the backup"),
    "an experiment citing a narrative not in the file": (
        _damage(lambda d: d["experiments"][0]["narrative_ids"].append("gone")), "experiments[0].narrative_ids",
        "points to narrative gone, which is not in the backup"),
    "a measurement of an experiment not in the file": (
        _damage(lambda d: d["measurements"][0].update(experiment_id="gone")), "measurements[0].experiment_id",
        "points to experiment gone, which is not in the backup"),
    "a measurement citing a quote not in the file": (
        _damage(lambda d: d["measurements"][0]["quote_ids"].append("gone")), "measurements[0].quote_ids",
        "points to quote gone, which is not in the backup"),
    "a measurement group that is not one": (
        _damage(lambda d: d["measurements"][0].update(group="treatment")), "measurements[0].group",
        "must be one of baseline, follow_up, control, variant"),
    "a count that is not a whole number": (_damage(lambda d: d["measurements"][0].update(trials=120.5)),
                                           "measurements[0].trials", "must be a whole number from 1 to"),
    "more successes than trials": (_damage(lambda d: d["measurements"][0].update(successes=121)),
                                   "measurements[0].successes", "must not be more than trials"),
    "a negative spread": (_damage(lambda d: d["measurements"][0].update(sd=-0.5)), "measurements[0].sd",
                          "must be a number from 0 to 1e+15 or null"),
    "an infinite mean": (_damage(lambda d: d["measurements"][0].update(mean=float("inf"))), "measurements[0].mean",
                         "must be a number from -1e+15 to 1e+15 or null"),
    "a mean too large for the statistics": (_damage(lambda d: d["measurements"][0].update(mean=10**400)),
                                            "measurements[0].mean", "must be a number from -1e+15 to 1e+15"),
    "a measurement without a date": (_damage(lambda d: d["measurements"][0].update(measured_on=None)),
                                     "measurements[0].measured_on", "must be a date like 2026-03-04"),
    # One set of rules for both doors (issue 18): what the API refuses, a backup may not bring in.
    "a quote said in year one": (_damage(lambda d: d["quotes"][0].update(collected_on="0001-01-01")),
                                 "quotes[0].collected_on", "must be a date from 1900-01-01 to 2999-12-31"),
    "a change made in year 9999": (_damage(lambda d: d["changes"][0].update(at="9999-12-31T23:59:59")),
                                   "changes[0].at", "must be a date from 1900-01-01 to 2999-12-31"),
    "two steps on one position": (_damage(lambda d: d["steps"][1].update(phase_id=d["steps"][0]["phase_id"],
                                                                         position=d["steps"][0]["position"])),
                                  "steps[1].position", "repeats position"),
    "a step a million places down": (_damage(lambda d: d["steps"][0].update(position=1_000_000)),
                                     "steps[0].position", "must be from 0 to"),
    "a phase on a position with a gap before it": (_damage(lambda d: d["phases"][0].update(position=5)),
                                                    "phases[0].position", "must be from 0 to"),
    "a channel longer than the API allows": (_damage(lambda d: d["steps"][0].update(channels=["x" * 61])),
                                             "steps[0].channels", "each channel must be at most 60 characters"),
    "a step title the API would call empty": (_damage(lambda d: d["steps"][0].update(title="   ")),
                                              "steps[0].title", "is required"),
}


@pytest.mark.parametrize("damage, path, problem", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_backup_is_refused_with_where_and_why_and_nothing_is_written(
        document, empty_database, damage, path, problem):
    with empty_database() as target:
        with pytest.raises(Invalid) as refused:
            import_workspace(target, None, damage(document))
        assert set(row_counts(target).values()) == {0}

    assert refused.value.fields[path].startswith(problem)
    assert "nothing was written" in refused.value.message


def test_every_problem_is_reported_at_once(document, empty_database):
    document["steps"][0]["emotion"] = "very happy"
    document["quotes"][0]["participant_id"] = "nobody"
    with empty_database() as target, pytest.raises(Invalid) as refused:
        import_workspace(target, None, document)

    assert set(refused.value.fields) == {"steps[0].emotion", "quotes[0].participant_id"}
    assert "(2 problems)" in refused.value.message


@pytest.mark.parametrize("cut", [0, 1, 100, -2])
def test_a_truncated_file_is_not_json_and_says_so(document, cut):
    text = dump_document(document)
    with pytest.raises(Invalid, match="not valid JSON .* truncated or corrupt"):
        parse_document(text[:cut].encode("utf-8"), "backup.json")


def test_a_file_that_is_not_text_is_refused():
    with pytest.raises(Invalid, match="not UTF-8 text"):
        parse_document(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "photo.png")


@pytest.mark.parametrize("data", [{"hello": "world"}, [], "backup", None, {"format": "something-else"}])
def test_something_that_is_not_a_backup_is_refused(empty_database, data):
    with empty_database() as target, pytest.raises(Invalid, match="not an InsightRepo workspace backup"):
        import_workspace(target, None, data)


def test_a_backup_from_a_newer_version_is_refused_with_what_to_do(document, empty_database):
    document["format_version"] = format.FORMAT_VERSION + 1
    document["snapshots"] = [{"id": "s1"}]
    with empty_database() as target:
        with pytest.raises(Invalid) as refused:
            import_workspace(target, None, document)
        assert set(row_counts(target).values()) == {0}

    assert f"format version {format.FORMAT_VERSION + 1}" in refused.value.message
    assert "Upgrade InsightRepo to restore it" in refused.value.message


TIMELINE = ("snapshots", "snapshot_objects", "changes")  # since format version 2
EXPERIMENTS = ("experiments", "measurements")          # since format version 3


def _older(document: dict, version: int) -> dict:
    """``document`` as a backup of an older version, which had no experiments (nor, in version 1, a
    timeline); the change log never names experiments or measurements before version 3."""
    left_out = EXPERIMENTS + (TIMELINE if version == 1 else ())
    older = {k: v for k, v in document.items() if k not in left_out}
    if version == 2:
        older["changes"] = [c for c in document["changes"] if c["entity"] not in ("experiment", "measurement")]
    return {**older, "format_version": version}


def test_an_older_format_is_brought_up_to_date_before_it_is_read(document, empty_database, monkeypatch):
    """How a later format keeps every earlier backup readable: one upgrade after another."""
    def from_3_to_4(old: dict) -> dict:
        return {**old, "format_version": 4, "workspace": {**old["workspace"], "name": "Upgraded"}}

    monkeypatch.setattr(format, "FORMAT_VERSION", 4)
    monkeypatch.setitem(format.UPGRADES, 3, from_3_to_4)
    with empty_database() as target:
        restored = import_workspace(target, None, _older(document, 1), link_accounts=True)
        assert restored.workspace.name == "Upgraded"
        assert (restored.counts["changes"], restored.counts["experiments"]) == (0, 0)


def test_a_version_1_backup_restores_with_an_empty_timeline_and_no_experiments(document, empty_database):
    with empty_database() as target:
        make_accounts(target, [m["email"] for m in document["members"]])
        restored = import_workspace(target, None, _older(document, 1), link_accounts=True)
        again = export_workspace(target, None, "alpha")

    assert (restored.counts["snapshots"], restored.counts["changes"], restored.counts["snapshot_objects"]) == (0, 0, 0)
    assert (restored.counts["experiments"], restored.counts["measurements"]) == (0, 0)
    assert {**again, "generator": None} == {**_older(document, 1), "format_version": 3, "generator": None,
                                           "snapshots": [], "snapshot_objects": [], "changes": [],
                                           "experiments": [], "measurements": []}


def test_a_version_2_backup_restores_with_its_timeline_and_no_experiments(document, empty_database):
    version_2 = _older(document, 2)
    with empty_database() as target:
        make_accounts(target, [m["email"] for m in document["members"]])
        restored = import_workspace(target, None, version_2, link_accounts=True)
        again = export_workspace(target, None, "alpha")

    assert restored.counts["changes"] == len(version_2["changes"]) > 0
    assert {**again, "generator": None} == {**version_2, "format_version": 3, "generator": None,
                                           "experiments": [], "measurements": []}


def test_restoring_a_workspace_the_database_holds_is_a_conflict_and_writes_nothing(session, document):
    before = row_counts(session)
    with pytest.raises(Conflict, match="slug “alpha” already exists .* import it under a new slug"):
        import_workspace(session, None, document)
    session.rollback()
    assert row_counts(session) == before


def test_restoring_ids_the_database_holds_under_another_slug_is_a_conflict(session, document):
    document["workspace"]["slug"] = "alpha-restored"
    before = row_counts(session)
    with pytest.raises(Conflict) as refused:
        import_workspace(session, None, document)
    session.rollback()

    assert row_counts(session) == before
    assert "already holds rows with the backup's ids" in refused.value.message
    assert refused.value.details["existing"] == {"workspace": 1, "journeys": 1, "phases": 2, "steps": 2,
                                                 "participants": 1, "tags": 2, "quotes": 1, "narratives": 1,
                                                 "jobs": 1, "experiments": 1, "measurements": 1,
                                                 "changes": len(document["changes"])}


def test_a_copy_needs_a_free_and_valid_slug(session, document):
    with pytest.raises(Conflict, match="“beta” already exists .* choose another new slug"):
        import_workspace(session, None, document, new_slug="beta")
    with pytest.raises(Invalid) as refused:
        import_workspace(session, None, document, new_slug="Not a slug!")
    assert "lowercase letters" in refused.value.fields["as"]


def test_members_are_matched_by_email_and_those_without_an_account_are_reported(document, empty_database):
    with empty_database() as target:
        make_accounts(target, ["admin@example.org", "viewer@example.org"])
        restored = import_workspace(target, None, document, link_accounts=True)
        roles = dict(target.execute(select(User.email, Membership.role).join(Membership)
                                    .where(Membership.workspace_id == restored.workspace.id)).all())

    assert roles == {"admin@example.org": "admin", "viewer@example.org": "viewer"}
    assert restored.skipped_members == [{"email": "editor@example.org", "role": "editor"}]
    assert restored.counts["members"] == 2 and not restored.actor_added


def test_the_importer_becomes_the_only_member_as_admin_whoever_the_file_lists(session, team, document):
    copied = import_workspace(session, team.outsider, document, new_slug="alpha-copy")
    assert copied.actor_added and copied.counts["members"] == 1
    assert _role(session, "alpha-copy", team.outsider) == "admin"
    assert _role(session, "alpha-copy", team.admin) is None  # listed as admin: not added

    again = import_workspace(session, team.viewer, document, new_slug="alpha-copy-2")
    assert again.actor_added
    assert _role(session, "alpha-copy-2", team.viewer) == "admin"
    assert _role(session, "alpha-copy-2", team.admin) is None


def _role(session, slug: str, user: User) -> str | None:
    return session.scalar(select(Membership.role).join(Workspace)
                          .where(Workspace.slug == slug, Membership.user_id == user.id))


# ---- what a backup covers ------------------------------------------------------------------

def test_every_column_of_every_backed_up_table_is_in_the_backup_or_explained():
    """A column added later without a place in the backup fails here, not in a restore."""
    for section in (format.WORKSPACE, *format.SECTIONS, *format.TIMELINE_SECTIONS):
        columns = {c.name for c in section.table.c}
        explained = {f.name for f in section.fields} - set(section.people)
        explained |= set(section.people.values()) | set(section.implied)
        assert columns == explained, f"{section.name}: {columns ^ explained}"
    objects = {c.name for c in format.OBJECTS.c}
    assert objects == set(format.OBJECT_FIELDS) - {"body"} | set(format.OBJECTS_IMPLIED)
    memberships = {c.name for c in format.MEMBERSHIPS.c}
    listed = set(format.MEMBER_FIELDS) - {"email"}  # the user's, matched to user_id
    assert memberships == listed | set(format.MEMBERSHIP_IMPLIED)


def test_every_table_is_in_the_backup_or_left_out_on_purpose():
    """A table added later (snapshots, the change log) must join the format or say why not."""
    covered = {format.WORKSPACE.table.name, format.MEMBERSHIPS.name}
    covered |= {s.table.name for s in format.SECTIONS} | format.LINK_TABLES
    covered |= format.TIMELINE_TABLES
    assert {"snapshots", "snapshot_objects", "changes", "experiments", "measurements"} <= covered
    tables = set(Base.metadata.tables) | {"alembic_version"}
    missing = tables - covered - set(format.NOT_IN_BACKUP)
    assert not missing, (f"{', '.join(sorted(missing))}: not in a workspace backup. Add a section (a new "
                         "FORMAT_VERSION with an entry in UPGRADES) or say why in NOT_IN_BACKUP.")
    assert covered | set(format.NOT_IN_BACKUP) <= tables


def test_every_entity_the_change_log_records_has_its_section():
    """A copy renames the ids the change log names, so each entity's rows must be in the backup."""
    assert set(format.ENTITY_SECTIONS.values()) <= set(format.BY_NAME)
