"""The field rules of journeys, phases and steps, by the names the API uses (see
field_checks.clean, which runs them and reports every problem at once)."""

from __future__ import annotations

from typing import Any

from insightrepo.models.journey import EMOTION_RANGE, KINDS, MARKERS, SCOPES
from insightrepo.field_checks import Check, choice, flag, text, whole_number
from insightrepo.field_labels import field_name
from insightrepo.i18n import gettext

SHORT, LONG = 200, 20_000
MAX_CHANNELS, MAX_CHANNEL_LENGTH = 20, 60


_score = whole_number(EMOTION_RANGE.start, EMOTION_RANGE.stop - 1,
                      lambda name: gettext("%(field)s must be between −2 and +2", field=field_name(name)))


def _marker(name: str, value: Any) -> str | None:
    if value in (None, "", "none"):
        return None
    if value not in MARKERS:
        raise ValueError(gettext("%(field)s must be heart, thundercloud or none", field=field_name(name)))
    return value


def _channels(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(gettext("%(field)s must be a list of channel names", field=field_name(name)))
    cleaned: list[str] = []
    for channel in (v.strip() for v in value):
        if len(channel) > MAX_CHANNEL_LENGTH or "\x00" in channel:
            raise ValueError(gettext("each channel must be at most %(max)d characters", max=MAX_CHANNEL_LENGTH))
        if channel and channel.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(channel)
    if len(cleaned) > MAX_CHANNELS:
        raise ValueError(gettext("a step has at most %(max)d channels", max=MAX_CHANNELS))
    return cleaned


def _moment(name: str, value: Any) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"title", "description"}:
        raise ValueError(gettext("%(field)s must be {title, description} or null", field=field_name(name)))
    return {"title": text(SHORT, required=True)(f"{name} title", value.get("title")),
            "description": text(LONG)(f"{name} description", value.get("description"))}


def _backstage(name: str, value: Any) -> dict:
    if value is None:
        value = {}
    if not isinstance(value, dict) or set(value) - {"people", "policies", "systems"}:
        raise ValueError(gettext("%(field)s must be {people, policies, systems}", field=field_name(name)))
    return {lane: text(LONG)(f"{name} {lane}", value.get(lane)) for lane in ("people", "policies", "systems")}


JOURNEY_FIELDS: dict[str, Check] = {
    "title": text(SHORT, required=True),
    "description": text(LONG),
    "scope": choice(SCOPES),
    "kind": choice(KINDS),
    "persona": text(SHORT),
    "owner": text(120),
    "archived": flag,
}

PHASE_FIELDS: dict[str, Check] = {
    "title": text(SHORT, required=True),
    "goal": text(LONG),
}

STEP_FIELDS: dict[str, Check] = {
    "title": text(SHORT, required=True),
    "action": text(LONG),
    "touchpoint": text(SHORT),
    "channels": _channels,
    "direct": flag,
    "present": flag,
    "need": text(LONG),
    "thoughts": text(LONG),
    "emotion": _score,
    "marker": _marker,
    "moment_of_truth": _moment,
    "owner": text(120),
    "backstage": _backstage,
    "employee_emotion": _score,
}


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
