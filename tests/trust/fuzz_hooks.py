"""Schemathesis hooks for the API fuzz: put real ids where the generated requests carry ids.

Random strings in a path always answer 404, so the handlers behind them would never be reached.
The hook below draws, for each id in the path, the query and the body, either the generated value
(so 404s and garbage are still tried) or one of the seeded ids of the right kind (mostly the
caller's own, sometimes another workspace's); a PATCH's ``version`` often gets the resource's
current version, so the edit gets past the 409 and reaches validation and the database.

A part generated to be invalid (schemathesis' negative mode) is left as it is: a real id put in
its place could make it valid, and the check that invalid data is rejected would then be wrong."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st

from tests.trust.fuzz_data import FuzzData

# path parameter → kind of id it holds ("item_id" depends on the path)
_PATH_KINDS = {
    "slug": "slug", "user_id": "user", "token_id": "token", "journey_id": "journey", "phase_id": "phase",
    "step_id": "step", "participant_id": "participant", "name": "tag", "snapshot_id": "snapshot",
    "a": "snapshot", "b": "snapshot", "experiment_id": "experiment", "measurement_id": "measurement",
}
_ITEM_KINDS = {"/quotes/": "quote", "/narratives/": "narrative", "/jobs/": "job"}

# query or body field → kind of value it names
_FIELD_KINDS = {
    "step": "step", "journey": "journey", "phase": "phase", "tag": "tag", "participant": "participant_code",
    "entity_id": "step", "from": "snapshot", "to": "snapshot", "step_ids": "step", "phase_ids": "phase",
    "quote_ids": "quote", "narrative_ids": "narrative", "job_id": "job", "phase_id": "phase",
    "tags": "tag", "into": "tag", "email": "user_email",
}
# the query's `from`/`to` are snapshots (or "live") only on compare; elsewhere they are dates
_SNAPSHOT_QUERY = re.compile(r"/compare$")


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


# Crafted values the adversarial probe sent (issue 18), put in place of a generated one now and
# then: each must be refused with a 4xx (json_input, field_checks.day_problem), never a 5xx.
# (A 4,301-digit integer cannot be written by Python's JSON encoder; tests/trust/test_bad_input.py
# sends it as raw text.)
HOSTILE_BODY_VALUES = ["\ud800", "text \udfff end", _nested(500), 10 ** 4299, -(2 ** 63) - 1, "9999-12-31",
                       "0001-01-01"]
HOSTILE_QUERY_VALUES = ["9999-12-31", "0001-01-01", "1899-12-31"]


def path_kind(path: str, name: str) -> str | None:
    if name == "item_id":
        return next((kind for part, kind in _ITEM_KINDS.items() if part in path), None)
    return _PATH_KINDS.get(name)


def _real(data: FuzzData, kind: str, generated: Any, extra: tuple = ()) -> st.SearchStrategy:
    """The generated value one time in four, else a seeded value (the caller's own more often)."""
    pool = list(data.pool(kind)) + list(extra)
    if not pool:
        return st.just(generated)
    return st.one_of(st.just(generated), st.sampled_from(pool), st.sampled_from(pool[: max(1, len(pool) * 3 // 4)]),
                     st.sampled_from(pool[: max(1, len(pool) * 3 // 4)]))


def _list_of_real(data: FuzzData, kind: str, generated: Any) -> st.SearchStrategy:
    pool = data.pool(kind)
    if not pool or not isinstance(generated, list):
        return st.just(generated)
    return st.one_of(st.just(generated), st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))


def _version_of(data: FuzzData, path: str, path_parameters: dict[str, Any]) -> int | None:
    """The current version of the resource ``path`` names (its last path parameter)."""
    if path.endswith("/members/{user_id}"):
        key = f"{path_parameters.get('slug')}/{path_parameters.get('user_id')}"
    else:
        names = re.findall(r"{(\w+)}", path)
        key = path_parameters.get(names[-1]) if names else None
    return data.versions.get(key) if isinstance(key, str) else None


def _negative(case, location: str) -> bool:
    from schemathesis.core.parameters import ParameterLocation  # imported only inside fuzz_hypothesis.contained()

    return case.meta is not None and case.meta.is_negative_at(ParameterLocation(location))


def install(schema, data: FuzzData) -> None:
    """Register the hook on ``schema`` only (never globally: other tests load no schemathesis hooks)."""

    @schema.hook
    def flatmap_case(context, case):
        path = case.operation.path
        draws: dict[str, st.SearchStrategy] = {}
        path_parameters = {} if _negative(case, "path") else case.path_parameters or {}
        query = {} if _negative(case, "query") else case.query or {}
        body = {} if _negative(case, "body") or not isinstance(case.body, dict) else case.body
        for name, value in path_parameters.items():
            kind = path_kind(path, name)
            if kind is not None:
                draws[f"path:{name}"] = _real(data, kind, value, ("live",) if name == "b" else ())
        for name, value in query.items():
            kind = _FIELD_KINDS.get(name)
            if name in ("from", "to") and not _SNAPSHOT_QUERY.search(path):
                kind = None
            if kind is not None:
                draws[f"query:{name}"] = _real(data, kind, value, ("live",) if name in ("from", "to") else ())
        for name, value in body.items():
            kind = _FIELD_KINDS.get(name)
            if kind is not None:
                draws[f"body:{name}"] = (_list_of_real(data, kind, value) if isinstance(value, list)
                                         else _real(data, kind, value))
        if "version" in body:
            draws["version"] = st.booleans()
        if body:
            hostile = HOSTILE_BODY_VALUES
            if "multipart" in (case.media_type or ""):
                # A multipart body is bytes: a lone surrogate cannot be written into it as UTF-8 (the
                # test client refuses to encode it); what arrives instead is docs/security.md's limit.
                hostile = [v for v in hostile if not (isinstance(v, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in v))]
            draws["hostile:body"] = st.none() | st.none() | st.tuples(st.sampled_from(sorted(body)),
                                                                      st.sampled_from(hostile))
        if query:
            draws["hostile:query"] = st.none() | st.none() | st.tuples(st.sampled_from(sorted(query)),
                                                                       st.sampled_from(HOSTILE_QUERY_VALUES))
        if not draws:
            return st.just(case)

        def apply(choices: dict[str, Any]):
            for key, value in choices.items():
                where, _, name = key.partition(":")
                if where == "hostile":
                    if value is not None:
                        (case.body if name == "body" else case.query)[value[0]] = value[1]
                elif where == "path":
                    case.path_parameters[name] = value
                elif where == "query":
                    case.query[name] = value
                elif where == "body":
                    case.body[name] = value
            if choices.get("version"):
                version = _version_of(data, path, case.path_parameters or {})
                if version is not None:
                    case.body["version"] = version
            return case

        return st.fixed_dictionaries(draws).map(apply)
