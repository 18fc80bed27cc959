"""The compare page's one question: what changed on a journey's map between two states (snapshots or
the live map), what the team did in between, and the maps to draw over each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from insightrepo.errors import Invalid, NotFound
from insightrepo.i18n import gettext
from insightrepo.experiments.overview import InBetween
from insightrepo.journeys.journeys import journey_for
from insightrepo.models import Journey, Snapshot, User
from insightrepo.timeline import comparison, snapshots
from insightrepo.timeline.comparison import LIVE, Window
from insightrepo.timeline.manifest_diff import Diff, StepChange
from insightrepo.timeline.frozen_map import frozen_journey
from insightrepo.workspaces.access import can_edit

MAX_OVERLAY = 5


class OverlayMap(NamedTuple):
    """One map drawn on the overlay: its label and the map (live, or a snapshot read back)."""

    label: str
    journey: Any  # a Journey, or a timeline.frozen_map.FrozenJourney with the same attribute names


class PhaseChanges(NamedTuple):
    """The changed steps of one phase (the one a step is in, or was in when removed)."""

    phase_title: str
    steps: list[StepChange]


@dataclass(frozen=True)
class ComparePage:
    journey: Journey
    timeline: list[Snapshot]  # the journey's snapshots, oldest first
    source: str  # a snapshot id, or "live"
    target: str
    diff: Diff
    window: Window
    in_between: list[InBetween]  # experiments in the window whose target steps changed
    other_experiments: list[InBetween]  # experiments in the window on steps that did not change
    maps: list[OverlayMap]  # from first, the extra ones ticked, to last
    grouped: list[PhaseChanges]
    can_log: bool  # whether the viewer may log an experiment (an editor)

    @property
    def to_map(self):
        return self.maps[-1].journey

    @property
    def changed(self) -> dict[str, StepChange]:
        """Step id → its entry in the comparison, for highlighting the map."""
        return {step.id: step for step in self.diff.steps}


@dataclass(frozen=True)
class NotComparable:
    """The two refs asked for cannot be compared (gone, or of another journey)."""

    message: str


def compare_page(session: Session, actor: User | None, journey_id: str, source: str = "", target: str = LIVE,
                 overlay: list[str] | None = None) -> ComparePage | NotComparable:
    """The compare page of ``journey_id`` from ``source`` (by default the latest snapshot, else the
    live map) to ``target``, with up to MAX_OVERLAY maps for the overlay. NotFound if the journey is
    not the actor's to read."""
    journey = journey_for(session, actor, journey_id, "viewer", whole_map=True)
    timeline = snapshots.list_snapshots(session, actor, journey_id)
    source = source or (timeline[-1].id if timeline else LIVE)
    try:
        found = comparison.comparison(session, actor, source, target, journey_id)
    except NotFound as error:
        return NotComparable(error.message)
    except Invalid:
        return NotComparable("Pick two snapshots of this journey.")
    maps = [OverlayMap(_label(ref, timeline), _frozen_or_live(session, actor, ref, journey))
            for ref in _overlay_refs([r for r in overlay or [] if r][:MAX_OVERLAY], source, target)]
    return ComparePage(
        journey=journey, timeline=timeline, source=source, target=target, diff=found.diff, window=found.window,
        in_between=[item for item in found.in_between if item.changed_steps],
        other_experiments=[item for item in found.in_between if not item.changed_steps],
        maps=maps, grouped=_group_by_phase(found.diff, maps[-1].journey, maps[0].journey),
        can_log=can_edit(session, actor, journey.workspace))


def _overlay_refs(refs: list[str], source: str, target: str) -> list[str]:
    """The curves to draw: `from` first, the extra ticked ones, `to` last (the highlighted one)."""
    extras = [r for r in dict.fromkeys(refs) if r not in (source, target)]
    return [source, *extras[:MAX_OVERLAY - 2], target]


def _label(ref: str, timeline: list[Snapshot]) -> str:
    if ref == LIVE:
        return gettext("Live map")
    snapshot = next((s for s in timeline if s.id == ref), None)
    return f"{snapshot.as_of:%Y-%m-%d} {snapshot.label}" if snapshot else ref


def _frozen_or_live(session: Session, actor: User | None, ref: str, journey: Journey):
    if ref == LIVE:
        return journey
    return frozen_journey(snapshots.frozen_map(session, snapshots.snapshot_for(session, actor, ref)))


def _group_by_phase(diff: Diff, to_map, from_map) -> list[PhaseChanges]:
    """The change list, grouped by the phase a step is in (or was in, when removed)."""
    titles = {p.id: p.title for p in from_map.phases} | {p.id: p.title for p in to_map.phases}
    groups: dict[str, list[StepChange]] = {}
    for step in diff.steps:
        phase_id = step.to_phase_id or step.from_phase_id
        groups.setdefault(titles.get(phase_id, "—"), []).append(step)
    order = [p.title for p in to_map.phases] + [t for t in groups if t not in {p.title for p in to_map.phases}]
    return [PhaseChanges(title, groups[title]) for title in order if title in groups]
