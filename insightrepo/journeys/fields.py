"""The field rules of journeys, phases and steps, by the names the API uses (see
field_checks.clean, which runs them and reports every problem at once)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from insightrepo.models.journey import EMOTION_RANGE, KINDS, MARKERS, SCOPES
from insightrepo.field_checks import Check, choice, flag, text, whole_number
from insightrepo.field_labels import field_name
from insightrepo.i18n import gettext, lazy_gettext

SHORT, LONG = 200, 20_000
MAX_CHANNELS, MAX_CHANNEL_LENGTH = 20, 60
BACKSTAGE_LANES = ("people", "policies", "systems")


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
    if not isinstance(value, dict) or set(value) - set(BACKSTAGE_LANES):
        raise ValueError(gettext("%(field)s must be {people, policies, systems}", field=field_name(name)))
    return {lane: text(LONG)(f"{name} {lane}", value.get(lane)) for lane in BACKSTAGE_LANES}


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

@dataclass(frozen=True)
class StepField:
    """One field of a step, spelled here once; the service, the API's checks, the snapshots, the
    comparison, the change log, the backup format, the search outbox, the map's in-place editor,
    the step form and the names pages give the fields all derive from ``STEP``."""

    name: str                # as the API, the snapshots and the comparison name it
    check: Check             # the field rule (field_checks.clean runs it)
    label: Any               # as the change log and the compare page name it (lazy: the reader's language)
    columns: tuple[str, ...] = ()   # the model's columns that hold it (default: one, of its name)
    in_place: tuple[str, ...] = ()  # the columns a map cell edits in place (map_cells.py)
    searched: tuple[str, ...] = ()  # the columns the search index reads (a change re-indexes the step)

    def __post_init__(self) -> None:
        if not self.columns:
            object.__setattr__(self, "columns", (self.name,))


def _one(name: str, check: Check, label: Any, *, in_place: bool = False, searched: bool = False) -> StepField:
    return StepField(name, check, label, in_place=(name,) if in_place else (), searched=(name,) if searched else ())


_BACKSTAGE_COLUMNS = tuple(f"backstage_{lane}" for lane in BACKSTAGE_LANES)

STEP: tuple[StepField, ...] = (
    _one("title", text(SHORT, required=True), lazy_gettext("title"), in_place=True, searched=True),
    _one("action", text(LONG), lazy_gettext("customer action"), in_place=True, searched=True),
    _one("touchpoint", text(SHORT), lazy_gettext("touchpoint"), in_place=True, searched=True),
    _one("channels", _channels, lazy_gettext("channels")),
    _one("direct", flag, lazy_gettext("direct")),
    _one("present", flag, lazy_gettext("organisation present")),
    _one("need", text(LONG), lazy_gettext("customer need"), in_place=True, searched=True),
    _one("thoughts", text(LONG), lazy_gettext("thoughts and feelings"), in_place=True, searched=True),
    _one("emotion", _score, lazy_gettext("emotion"), in_place=True),
    _one("marker", _marker, lazy_gettext("marker"), in_place=True, searched=True),
    StepField("moment_of_truth", _moment, lazy_gettext("moment of truth"),
              columns=("moment_title", "moment_description"), in_place=("moment_title",),
              searched=("moment_title", "moment_description")),
    _one("owner", text(120), lazy_gettext("owner"), in_place=True),
    StepField("backstage", _backstage, lazy_gettext("backstage"), columns=_BACKSTAGE_COLUMNS,
              in_place=_BACKSTAGE_COLUMNS),
    _one("employee_emotion", _score, lazy_gettext("employee experience"), in_place=True),
)

STEP_FIELDS: dict[str, Check] = {field.name: field.check for field in STEP}
STEP_NAMES: tuple[str, ...] = tuple(STEP_FIELDS)  # the API's names, in the order snapshots and compare list them
STEP_COLUMNS: tuple[str, ...] = tuple(column for field in STEP for column in field.columns)  # the model's, in order
STEP_CELLS: tuple[str, ...] = tuple(column for field in STEP for column in field.in_place)
STEP_SEARCHED: tuple[str, ...] = tuple(column for field in STEP for column in field.searched)
STEP_LABELS: dict[str, Any] = {field.name: field.label for field in STEP}


def step_columns(values: dict[str, Any]) -> dict[str, Any]:
    """Step values as the API names them → the model's columns."""
    flat = dict(values)
    if "moment_of_truth" in flat:
        moment = flat.pop("moment_of_truth")
        flat["moment_title"] = moment["title"] if moment else None
        flat["moment_description"] = moment.get("description", "") if moment else ""
    if "backstage" in flat:
        lanes = flat.pop("backstage")
        flat.update({f"backstage_{lane}": text for lane, text in lanes.items()})
    return flat
