"""Checking and applying the editable fields of journeys, phases and steps.

Each ``apply_*`` takes the changes as the API names them, validates all of them first
(collecting every problem as a field message) and only then sets them."""

from __future__ import annotations

from typing import Any, Callable

from insightrepo.models.journey import EMOTION_RANGE, KINDS, MARKERS, SCOPES
from insightrepo.services.errors import Invalid

SHORT, LONG = 200, 20_000
MAX_CHANNELS, MAX_CHANNEL_LENGTH = 20, 60


def _text(limit: int, required: bool = False) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise ValueError(f"{name} must be text")
        value = value.strip()
        if required and not value:
            raise ValueError(f"{name} is required")
        if len(value) > limit:
            raise ValueError(f"{name} must be at most {limit} characters")
        if "\x00" in value:
            raise ValueError(f"{name} must not contain NUL characters")
        return value
    return check


def _choice(options: tuple[str, ...]) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if value not in options:
            raise ValueError(f"{name} must be one of {', '.join(options)}")
        return value
    return check


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false")
    return value


def _score(name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in EMOTION_RANGE:
        raise ValueError(f"{name} must be between −2 and +2")
    return value


def _marker(name: str, value: Any) -> str | None:
    if value in (None, "", "none"):
        return None
    if value not in MARKERS:
        raise ValueError(f"{name} must be heart, thundercloud or none")
    return value


def _channels(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be a list of channel names")
    cleaned: list[str] = []
    for channel in (v.strip() for v in value):
        if len(channel) > MAX_CHANNEL_LENGTH or "\x00" in channel:
            raise ValueError(f"each channel must be at most {MAX_CHANNEL_LENGTH} characters")
        if channel and channel.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(channel)
    if len(cleaned) > MAX_CHANNELS:
        raise ValueError(f"a step has at most {MAX_CHANNELS} channels")
    return cleaned


def _moment(name: str, value: Any) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"title", "description"}:
        raise ValueError(f"{name} must be {{title, description}} or null")
    return {"title": _text(SHORT, required=True)(f"{name} title", value.get("title")),
            "description": _text(LONG)(f"{name} description", value.get("description"))}


def _backstage(name: str, value: Any) -> dict:
    if value is None:
        value = {}
    if not isinstance(value, dict) or set(value) - {"people", "policies", "systems"}:
        raise ValueError(f"{name} must be {{people, policies, systems}}")
    return {lane: _text(LONG)(f"{name} {lane}", value.get(lane)) for lane in ("people", "policies", "systems")}


JOURNEY_FIELDS: dict[str, Callable[[str, Any], Any]] = {
    "title": _text(SHORT, required=True),
    "description": _text(LONG),
    "scope": _choice(SCOPES),
    "kind": _choice(KINDS),
    "persona": _text(SHORT),
    "owner": _text(120),
    "archived": _flag,
}

PHASE_FIELDS: dict[str, Callable[[str, Any], Any]] = {
    "title": _text(SHORT, required=True),
    "goal": _text(LONG),
}

STEP_FIELDS: dict[str, Callable[[str, Any], Any]] = {
    "title": _text(SHORT, required=True),
    "action": _text(LONG),
    "touchpoint": _text(SHORT),
    "channels": _channels,
    "direct": _flag,
    "present": _flag,
    "need": _text(LONG),
    "thoughts": _text(LONG),
    "emotion": _score,
    "marker": _marker,
    "moment_of_truth": _moment,
    "owner": _text(120),
    "backstage": _backstage,
    "employee_emotion": _score,
}


def clean(changes: dict[str, Any], checks: dict[str, Callable[[str, Any], Any]],
          required: tuple[str, ...] = ()) -> dict[str, Any]:
    """Validated values for the known fields in ``changes``; Invalid lists every problem."""
    problems: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name in required:
        if name not in changes:
            problems[name] = f"{name} is required"
    for name, value in changes.items():
        if name not in checks:
            continue
        try:
            cleaned[name] = checks[name](name, value)
        except ValueError as problem:
            problems[name] = str(problem)
    if problems:
        raise Invalid(problems)
    return cleaned


def step_columns(values: dict[str, Any]) -> dict[str, Any]:
    """Step values as the API names them → the model's columns."""
    flat = dict(values)
    if "moment_of_truth" in flat:
        moment = flat.pop("moment_of_truth")
        flat["moment_title"] = moment["title"] if moment else None
        flat["moment_description"] = moment["description"] if moment else ""
    if "backstage" in flat:
        lanes = flat.pop("backstage")
        flat.update({f"backstage_{lane}": text for lane, text in lanes.items()})
    return flat


def assign(obj: Any, values: dict[str, Any]) -> bool:
    """Set attributes; True when anything actually changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
