"""The map health check: the method's rules of thumb, applied to one journey map.

Each finding names what it is about (``ids`` of steps or phases) so the UI can link to it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from insightrepo.models import Journey
from insightrepo.journeys.map_evidence import MapEvidence, evidence_of

HEARTS = range(3, 6)
THUNDERCLOUDS = range(3, 6)
MOMENTS_OF_TRUTH = range(2, 5)
MIN_PARTICIPANTS = 10

# Funnel and marketing-stage words: the organisation's view, not the customer's.
FUNNEL_JARGON = {
    # English: AIDA, the purchase funnel, ToFu/MoFu/BoFu, lifecycle stages
    "awareness", "interest", "desire", "consideration", "evaluation", "purchase", "conversion",
    "retention", "loyalty", "advocacy", "acquisition", "activation", "onboarding", "churn",
    "tofu", "mofu", "bofu", "funnel", "aida",
    # Swedish
    "medvetenhet", "kännedom", "intresse", "begär", "övervägande", "utvärdering", "köp",
    "konvertering", "lojalitet", "bibehållande", "förvärv", "aktivering", "tratt", "säljtratt",
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # "warning" (the method says fix it) or "info" (worth a look)
    message: str
    ids: list[str] = field(default_factory=list)


def check_health(journey: Journey, evidence: MapEvidence | None = None) -> list[Finding]:
    """``journey``: a live map or a frozen one (timeline.frozen_map); ``evidence``: what is linked to
    its steps (journeys.map_evidence), read from the map itself when not given — a snapshot's
    frozen links, never an empty guess."""
    evidence = evidence if evidence is not None else evidence_of(journey)
    steps = journey.steps
    findings: list[Finding] = []

    for marker, wanted, noun in (("heart", HEARTS, "hearts"), ("thundercloud", THUNDERCLOUDS, "thunderclouds")):
        marked = [s.id for s in steps if s.marker == marker]
        if len(marked) not in wanted:
            findings.append(Finding(
                f"{noun}_count", "warning",
                f"{len(marked)} {noun if len(marked) != 1 else marker}: the method suggests "
                f"{wanted.start}–{wanted.stop - 1} per journey, so the map shows what matters most.",
                marked))

    moments = [s.id for s in steps if s.moment_title]
    if len(moments) not in MOMENTS_OF_TRUTH:
        findings.append(Finding(
            "moments_of_truth_count", "warning",
            f"{len(moments)} moment{'s' if len(moments) != 1 else ''} of truth: the method suggests "
            f"{MOMENTS_OF_TRUTH.start}–{MOMENTS_OF_TRUTH.stop - 1} — the few steps that decide the relationship.",
            moments))

    for phase in journey.phases:
        jargon = sorted({w for w in _WORD.findall(phase.title.casefold()) if w in FUNNEL_JARGON})
        if jargon:
            findings.append(Finding(
                "funnel_jargon", "warning",
                f"Phase “{phase.title}” uses funnel jargon ({', '.join(jargon)}): name it in the "
                "customer's words, after what they want to achieve.", [phase.id]))
        if not phase.steps:
            findings.append(Finding("phase_without_steps", "warning",
                                    f"Phase “{phase.title}” has no steps yet.", [phase.id]))

    ownerless = [s.id for s in steps if s.touchpoint and not s.owner]
    if ownerless:
        findings.append(Finding(
            "touchpoint_without_owner", "warning",
            f"{len(ownerless)} touchpoint{'s have' if len(ownerless) != 1 else ' has'} no owner: "
            "someone must be responsible for each.", ownerless))

    unscored = [s.id for s in steps if s.emotion is None]
    if steps and unscored:
        findings.append(Finding(
            "steps_without_emotion", "info",
            f"{len(unscored)} of {len(steps)} steps have no emotion score; the curve has gaps there.",
            unscored))

    if not journey.phases:
        findings.append(Finding("empty_map", "info", "The map has no phases yet.", []))

    if journey.kind == "researched":
        # A hypothesis map is the team's assumptions; a researched one must show its evidence.
        unsupported = [s.id for s in steps if s.marker and evidence.count(s.id, "quotes") == 0]
        if unsupported:
            findings.append(Finding(
                "marker_without_quote", "warning",
                f"{len(unsupported)} heart{'s or thunderclouds have' if len(unsupported) != 1 else ' or thundercloud has'} "
                "no supporting quote: link the customer's own words to show why.", unsupported))
        if evidence.total == 0:
            findings.append(Finding(
                "researched_without_evidence", "warning",
                "This journey is marked researched but no quote or story is linked to any step.", []))
        elif evidence.participants < MIN_PARTICIPANTS:
            findings.append(Finding(
                "few_participants", "warning",
                f"This journey is marked researched but its linked evidence comes from "
                f"{evidence.participants} participant{'s' if evidence.participants != 1 else ''}; "
                f"the method suggests about {MIN_PARTICIPANTS} or more.", []))
    return findings
