"""Fuzzing the API with schemathesis: requests generated from GET /api/v1/openapi.json to every
route it lists, sent in process to the WSGI app, on a database holding the demo's two workspaces
(journeys, steps, evidence, experiments with measurements, snapshots) and a stranger's one.

- members: every operation, with schema-valid and schema-invalid data, as the demo workspaces'
  admin (three requests in four) or as a viewer; path ids, filters, ids in bodies and PATCH
  versions are often real ones (fuzz_hooks.py), so requests reach the handlers;
- anonymous: every operation with no credentials, a made-up token or a revoked one;
- stateful: chains of calls along the links schemathesis infers between operations
  (create a journey → add a phase → edit it → read the map …).

Every response must be no 5xx, have a status the operation lists in the document (its ``default``
does not count), the documented content type, headers and body schema, reject what the schema
calls invalid, and carry the JSON error envelope on every 4xx (fuzz_checks.py). Each request
runs in a savepoint that is rolled back, so every one starts from the same data.

The budget is fixed and the data derandomised (the same requests every run). A longer run:
INSIGHTREPO_FUZZ_EXAMPLES (per operation, default 25), INSIGHTREPO_FUZZ_SCENARIOS (stateful,
default 40) and INSIGHTREPO_FUZZ_SEED (a number: other data than the CI run) — see docs/security.md.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from insightrepo.db import Database
from tests.trust import fuzz_hooks
from tests.trust.fuzz_checks import error_envelope, make_documented_status
from tests.trust.fuzz_data import FuzzData
from tests.trust.fuzz_data import seed as seed_data
from tests.trust.fuzz_hypothesis import contained

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("INSIGHTREPO_FUZZ_EXAMPLES", "25"))
SCENARIOS = int(os.environ.get("INSIGHTREPO_FUZZ_SCENARIOS", "40"))
SEED = os.environ.get("INSIGHTREPO_FUZZ_SEED")

# The member run is split by the document's tags, so a failure names its area and pytest-xdist
# can share the work; an operation whose tag is in no group joins "accounts" (none escapes).
GROUPS = {
    "accounts": {"api-me", "api-workspaces", "api-members", "api-tokens"},
    "maps": {"api-journeys", "api-phases", "api-steps"},
    "evidence": {"api-participants", "api-evidence", "api-tags", "api-quote-import"},
    "timeline": {"api-timeline", "api-backup", "api-search"},
    "experiments": {"api-experiments"},
}

# Schemathesis' own checks (ignored_auth is left out: the anonymous run checks every operation).
CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "response_headers_conformance", "negative_data_rejection"]


# ---- the app, on a database seeded once for the module ------------------------------------

@pytest.fixture(scope="module")
def fuzz_database(engine, shared_app):
    """A connection holding the seeded data in a transaction that is rolled back at the end."""
    with engine.connect() as connection:
        outer = connection.begin()
        database: Database = shared_app.extensions["insightrepo.db"]
        database.rebind(connection)
        session = database.session()
        data = seed_data(session)
        session.close()
        yield connection, data
        outer.rollback()


@pytest.fixture(scope="module")
def schemathesis():
    """The library, imported for this module only (see fuzz_hypothesis.py)."""
    with contained() as library:
        yield library


@pytest.fixture
def fuzz(schemathesis, fuzz_database, shared_app):
    """The fuzzer, with the search index frozen as seeded: draining the outbox after each write
    would double the run's time, and cannot change an answer (a drain never raises; the search
    tests cover it). Search requests still query the demo's documents."""
    connection, data = fuzz_database
    database: Database = shared_app.extensions["insightrepo.db"]
    database.rebind(connection)  # another module's test may have rebound it
    shared_app.extensions["insightrepo.limiter"].reset()
    drains = list(database.after_commit)
    database.after_commit.clear()
    try:
        yield Fuzzer(schemathesis, shared_app, connection, data)
    finally:
        database.after_commit[:] = drains


class Fuzzer:
    def __init__(self, library, app, connection, data: FuzzData):
        self.library, self.app, self.connection, self.data = library, app, connection, data
        self.positive, self.negative = library.GenerationMode.POSITIVE, library.GenerationMode.NEGATIVE
        self.spec = app.test_client().get("/api/v1/openapi.json").get_json()
        self.checks = [make_documented_status(self.spec), error_envelope]
        self.stats: dict[str, Counter] = {}

    def schema(self, **config):
        config = self.library.Config.from_dict({
            # credentials are the test's to send (members' tokens, or the anonymous run's bad ones)
            "generation": {"deterministic": SEED is None, "with-security-parameters": False},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
            **config,
        })
        loaded = self.library.openapi.from_wsgi("/api/v1/openapi.json", self.app, config=config)
        fuzz_hooks.install(loaded, self.data)
        return loaded

    @contextmanager
    def request(self):
        """One request's world: the seeded data (a savepoint rolled back after it), and Python's
        global random left random — Hypothesis seeds it for each example, and Whoosh names its
        segment files with it: the same names twice would overwrite a live segment."""
        random.seed()
        savepoint = self.connection.begin_nested()
        try:
            yield
        finally:
            savepoint.rollback()

    def send(self, case, headers: dict[str, str]):
        response = case.call(headers=headers)
        self.stats.setdefault(case.operation.label, Counter())[_outcome(response)] += 1
        return response

    def settings(self, examples: int):
        return settings(max_examples=examples, derandomize=SEED is None, database=None, deadline=None,
                        print_blob=False, suppress_health_check=list(HealthCheck))

    def run_each(self, operations, test) -> list[str]:
        """Run the Hypothesis test ``test(operation)`` for each operation; the failures, as text."""
        failures = []
        for operation in operations:
            run = test(operation)
            if SEED is not None:
                run = seed(int(SEED))(run)
            try:
                run()
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every operation runs; reported together
                failures.append(f"{operation.label}:\n" + "\n".join(str(exc).splitlines()[:40]))
        return failures

    def total(self) -> int:
        return sum(sum(counts.values()) for counts in self.stats.values())

    def report(self, title: str, elapsed: float) -> str:
        lines = [f"{title}: {self.total()} requests in {elapsed:.1f}s"]
        lines += [f"  {label}: {dict(sorted(counts.items()))}" for label, counts in self.stats.items()]
        return "\n".join(lines)


def _outcome(response) -> str:
    """"200", or "422 invalid": the status with the error code, for the run's summary."""
    if response.status_code < 400:
        return str(response.status_code)
    try:
        return f"{response.status_code} {response.json()['error']['code']}"
    except Exception:  # noqa: BLE001 - an answer without the envelope fails error_envelope anyway
        return str(response.status_code)


def operations_in(schema, group: str | None = None):
    known = set().union(*GROUPS.values())
    for result in schema.get_all_operations():
        operation = result.ok()
        tags = set(operation.tags or ())
        if group is None or tags & GROUPS[group] or (group == "accounts" and not tags & known):
            yield operation


# ---- the runs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("group", GROUPS)
def test_members_get_no_5xx_and_only_documented_answers(fuzz, group, capsys):
    schema = fuzz.schema()
    started = time.monotonic()
    operations = list(operations_in(schema, group))

    def test(operation):
        # schema-valid data twice as often as invalid: valid data gets further into the handlers
        valid, invalid = operation.as_strategy(fuzz.positive), operation.as_strategy(fuzz.negative)
        cases = st.one_of(valid, valid, invalid)

        @fuzz.settings(EXAMPLES)
        @given(case=cases, who=st.sampled_from(["admin", "admin", "admin", "viewer"]))
        def run(case, who):
            headers = {"Authorization": f"Bearer {fuzz.data.tokens[who]}"}
            with fuzz.request():
                response = fuzz.send(case, headers)
                case.validate_response(response, headers=headers, additional_checks=fuzz.checks)

        return run

    failures = fuzz.run_each(operations, test)
    report = fuzz.report(f"members, {group}", time.monotonic() - started)
    with capsys.disabled():
        print("\n" + report)
    assert not failures, "\n\n".join(failures)
    assert set(fuzz.stats) == {op.label for op in operations}, "an operation got no request"
    assert fuzz.total() >= len(operations) * EXAMPLES // 2, report
    reached = sum(n for counts in fuzz.stats.values() for outcome, n in counts.items() if outcome[0] == "2")
    assert reached >= fuzz.total() // 10, f"under a tenth of the requests succeeded: ids do not resolve?\n{report}"


@pytest.mark.sqlite_only  # refused before any query runs: the same on either database
def test_anonymous_callers_get_401_everywhere(fuzz, capsys):
    schema = fuzz.schema()
    started = time.monotonic()
    operations = list(operations_in(schema))
    credentials = st.sampled_from([
        {}, {"Authorization": ""}, {"Authorization": "Bearer"}, {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Bearer irt_" + "x" * 43}, {"Authorization": "Basic ZGVtbzpkZW1v"},
        {"Authorization": f"Bearer {fuzz.data.tokens['revoked']}"},
        {"Authorization": f"bearer {fuzz.data.tokens['admin']}x"},
    ])

    def test(operation):
        @fuzz.settings(max(4, EXAMPLES // 4))
        @given(case=operation.as_strategy(fuzz.positive) | operation.as_strategy(fuzz.negative),
               headers=credentials)
        def run(case, headers):
            with fuzz.request():
                response = fuzz.send(case, headers)
                case.validate_response(response, headers=headers, additional_checks=fuzz.checks)
                assert response.status_code == 401, f"{case.operation.label} answered {response.status_code}"

        return run

    failures = fuzz.run_each(operations, test)
    report = fuzz.report("anonymous", time.monotonic() - started)
    with capsys.disabled():
        print("\n" + report)
    assert not failures, "\n\n".join(failures)
    assert set(fuzz.stats) == {op.label for op in operations}, "an operation got no request"


def test_chains_of_calls_along_inferred_links(fuzz, capsys):
    schema = fuzz.schema(phases={"stateful": {"enabled": True, "max-steps": 8,
                                              "inference": {"algorithms": ["dependency-analysis"]}}})
    started = time.monotonic()
    headers = {"Authorization": f"Bearer {fuzz.data.tokens['admin']}"}
    base = schema.as_state_machine()

    class Workflow(base):
        def setup(self):
            random.seed()
            self._savepoint = fuzz.connection.begin_nested()

        def teardown(self):
            self._savepoint.rollback()

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def call(self, case, **kwargs):
            return fuzz.send(case, kwargs["headers"])

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, headers=headers, additional_checks=fuzz.checks)

    Workflow.run(settings=settings(fuzz.settings(SCENARIOS), stateful_step_count=8))
    report = fuzz.report("stateful", time.monotonic() - started)
    with capsys.disabled():
        print("\n" + report)
    assert fuzz.total() >= SCENARIOS, report


def test_calls_the_fuzzer_seldom_gets_right_succeed_as_documented(fuzz):
    """Requests too intricate for random data to get right (a CSV file, a whole map, a backup,
    an experiment with its metric): made by hand, and checked like the fuzzer's."""
    schema = fuzz.schema()
    data = fuzz.data
    admin = {"Authorization": f"Bearer {data.tokens['admin']}"}
    slug, home = "vaxtbutiken", data.home
    journey, step, quote, snapshot = home["journey"], home["step"], home["quote"], home["snapshot"]

    def call(path: str, method: str, status: int, **case):
        made = schema[path][method].Case(**case)
        response = fuzz.send(made, admin)
        made.validate_response(response, headers=admin, additional_checks=fuzz.checks)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    with fuzz.request():
        _call_each(call, data, slug, journey, step, quote, snapshot)
    assert {"201", "200", "204", "422 invalid"} <= set().union(*fuzz.stats.values())


def _call_each(call, data: FuzzData, slug: str, journey: str, step: str, quote: str, snapshot: str) -> None:
    mapped = call("/api/v1/journeys/{journey_id}", "GET", 200, path_parameters={"journey_id": journey})
    backup = call("/api/v1/workspaces/{slug}/export", "GET", 200, path_parameters={"slug": slug})
    call("/api/v1/quotes/{item_id}", "PATCH", 200, path_parameters={"item_id": quote},
         body={"tags": ["leverans"], "version": data.versions[quote]})
    call("/api/v1/workspaces/{slug}/members/{user_id}", "DELETE", 204,
         path_parameters={"slug": slug, "user_id": data.users["viewer"]})
    csv = "text,participant,date,tags\nJordsäcken var för tung,P01,2026-03-04,\"leverans,jord\"\n"
    call("/api/v1/workspaces/{slug}/quotes/import", "POST", 201, path_parameters={"slug": slug},
         body=csv, media_type="text/csv")
    call("/api/v1/workspaces/{slug}/quotes/import", "POST", 200, path_parameters={"slug": slug},
         body=csv, media_type="text/csv", query={"dry_run": "true"})
    call("/api/v1/workspaces/{slug}/quotes/import", "POST", 422, path_parameters={"slug": slug},
         body="text,date\n,not a date\n", media_type="text/csv")
    call("/api/v1/workspaces/{slug}/journeys/import", "POST", 201, path_parameters={"slug": slug},
         body={"journey": mapped, "as_of": "2025-04-01", "label": "Last year's map"})
    call("/api/v1/workspaces/import", "POST", 201, query={"as": "vaxtbutiken-copy"}, body=backup)
    experiment = {"title": "Video call to choose a plant", "solution": "a video call", "step_ids": [step],
                  "metric": {"name": "returns", "kind": "proportion", "unit": "", "direction": "decrease"},
                  "minimum_effect": 0.05, "design": "before_after"}
    created = call("/api/v1/workspaces/{slug}/experiments", "POST", 201, path_parameters={"slug": slug},
                   body=experiment)
    call("/api/v1/experiments/{experiment_id}/measurements", "POST", 201,
         path_parameters={"experiment_id": created["id"]},
         body={"group": "baseline", "measured_on": "2026-03-01", "successes": 12, "trials": 200})
    call("/api/v1/snapshots/{a}/compare/{b}", "GET", 422, path_parameters={"a": snapshot, "b": "live"})


def test_hypothesis_is_left_as_found_for_the_tests_that_run_next():
    """Schemathesis patches Hypothesis process-wide; the fuzz's tests put it back (fuzz_hypothesis.py),
    so the next property test in the same worker still prints its failing example."""
    script = """
import hypothesis.core as core
from hypothesis import given, strategies as st
from tests.trust.fuzz_hypothesis import contained
printer = core.RepresentationPrinter
with contained() as schemathesis:
    schema = schemathesis.openapi.from_dict({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                                             "paths": {"/x": {"get": {"responses": {"200": {"description": "x"}}}}}})
    next(schema.get_all_operations()).ok().as_strategy()
    assert core.RepresentationPrinter is not printer  # patched while the fuzz runs
assert core.RepresentationPrinter is printer
@given(st.integers())
def fails(n):
    assert n < 10
try:
    fails()
except AssertionError as error:
    assert "n=10" in "".join(getattr(error, "__notes__", [])), error.__notes__
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr
