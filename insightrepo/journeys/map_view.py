"""How one user reads journey maps: edit mode, zoom level, hidden lanes. Personal settings, kept
on the user (nobody else's map changes); the map's lanes are named here once, for the page and
for the checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from insightrepo.errors import Invalid
from insightrepo.models import User

ZOOMS = ("compact", "normal", "detailed")
# The lanes a user may hide, in map order (the phase and step rows always show).
LANES = ("action", "touchpoint", "thoughts", "curve", "scores", "moments", "needs", "owner",
         "people", "policies", "systems", "employee")


@dataclass(frozen=True)
class MapView:
    editing: bool = False
    zoom: str = "normal"
    hidden: frozenset[str] = frozenset()

    def shows(self, lane: str) -> bool:
        return lane not in self.hidden


def view_of(user: Any) -> MapView:
    """The user's settings (the defaults for anyone without them: signed out, a share link)."""
    if not isinstance(user, User):
        return MapView()
    hidden = frozenset(lane for lane in (user.map_hidden_lanes or "").split(",") if lane in LANES)
    zoom = user.map_zoom if user.map_zoom in ZOOMS else "normal"
    return MapView(editing=bool(user.map_editing), zoom=zoom, hidden=hidden)


def save_view(session: Session, actor: User, changes: dict[str, Any]) -> MapView:
    """Change ``actor``'s own settings: ``editing`` (bool), ``zoom``, ``hidden`` (lane keys).
    Everything is checked before anything changes."""
    problems: dict[str, str] = {}
    if "editing" in changes and not isinstance(changes["editing"], bool):
        problems["editing"] = "editing must be true or false"
    if "zoom" in changes and changes["zoom"] not in ZOOMS:
        problems["zoom"] = f"zoom must be one of {', '.join(ZOOMS)}"
    hidden = changes.get("hidden", ())
    if not isinstance(hidden, (list, tuple, set, frozenset)) or any(lane not in LANES for lane in hidden):
        problems["hidden"] = f"hidden lanes must be among {', '.join(LANES)}"
    if problems:
        raise Invalid(problems)
    if "editing" in changes:
        actor.map_editing = changes["editing"]
    if "zoom" in changes:
        actor.map_zoom = changes["zoom"]
    if "hidden" in changes:
        actor.map_hidden_lanes = ",".join(lane for lane in LANES if lane in set(hidden))
    session.flush()
    return view_of(actor)
