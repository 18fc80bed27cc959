"""The map health check: the method's rules of thumb, applied to one journey map.

Each finding names what it is about (``ids`` of steps or phases) so the UI can link to it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from insightrepo.i18n import gettext, ngettext
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
            words = (ngettext("%(num)d heart: the method suggests %(low)d–%(high)d per journey, so the map shows "
                              "what matters most.",
                              "%(num)d hearts: the method suggests %(low)d–%(high)d per journey, so the map shows "
                              "what matters most.", len(marked), low=wanted.start, high=wanted.stop - 1)
                     if marker == "heart" else
                     ngettext("%(num)d thundercloud: the method suggests %(low)d–%(high)d per journey, so the map "
                              "shows what matters most.",
                              "%(num)d thunderclouds: the method suggests %(low)d–%(high)d per journey, so the map "
                              "shows what matters most.", len(marked), low=wanted.start, high=wanted.stop - 1))
            findings.append(Finding(f"{noun}_count", "warning", words, marked))

    moments = [s.id for s in steps if s.moment_title]
    if len(moments) not in MOMENTS_OF_TRUTH:
        findings.append(Finding(
            "moments_of_truth_count", "warning",
            ngettext("%(num)d moment of truth: the method suggests %(low)d–%(high)d — the few steps that decide "
                     "the relationship.",
                     "%(num)d moments of truth: the method suggests %(low)d–%(high)d — the few steps that decide "
                     "the relationship.", len(moments), low=MOMENTS_OF_TRUTH.start, high=MOMENTS_OF_TRUTH.stop - 1),
            moments))

    for phase in journey.phases:
        jargon = sorted({w for w in _WORD.findall(phase.title.casefold()) if w in FUNNEL_JARGON})
        if jargon:
            findings.append(Finding(
                "funnel_jargon", "warning",
                gettext("Phase “%(title)s” uses funnel jargon (%(words)s): name it in the customer's words, after "
                        "what they want to achieve.", title=phase.title, words=", ".join(jargon)), [phase.id]))
        if not phase.steps:
            findings.append(Finding("phase_without_steps", "warning",
                                    gettext("Phase “%(title)s” has no steps yet.", title=phase.title), [phase.id]))

    ownerless = [s.id for s in steps if s.touchpoint and not s.owner]
    if ownerless:
        findings.append(Finding(
            "touchpoint_without_owner", "warning",
            ngettext("%(num)d touchpoint has no owner: someone must be responsible for each.",
                     "%(num)d touchpoints have no owner: someone must be responsible for each.", len(ownerless)),
            ownerless))

    unscored = [s.id for s in steps if s.emotion is None]
    if steps and unscored:
        findings.append(Finding(
            "steps_without_emotion", "info",
            ngettext("%(unscored)d of %(num)d step has no emotion score; the curve has gaps there.",
                     "%(unscored)d of %(num)d steps have no emotion score; the curve has gaps there.", len(steps),
                     unscored=len(unscored)),
            unscored))

    if not journey.phases:
        findings.append(Finding("empty_map", "info", gettext("The map has no phases yet."), []))

    if journey.kind == "researched":
        # A hypothesis map is the team's assumptions; a researched one must show its evidence.
        unsupported = [s.id for s in steps if s.marker and evidence.count(s.id, "quotes") == 0]
        if unsupported:
            findings.append(Finding(
                "marker_without_quote", "warning",
                ngettext("%(num)d heart or thundercloud has no supporting quote: link the customer's own words to "
                         "show why.",
                         "%(num)d hearts or thunderclouds have no supporting quote: link the customer's own words to "
                         "show why.", len(unsupported)), unsupported))
        if evidence.total == 0:
            findings.append(Finding(
                "researched_without_evidence", "warning",
                gettext("This journey is marked researched but no quote or story is linked to any step."), []))
        elif evidence.participants < MIN_PARTICIPANTS:
            findings.append(Finding(
                "few_participants", "warning",
                ngettext("This journey is marked researched but its linked evidence comes from %(num)d participant; "
                         "the method suggests about %(min)d or more.",
                         "This journey is marked researched but its linked evidence comes from %(num)d participants; "
                         "the method suggests about %(min)d or more.", evidence.participants, min=MIN_PARTICIPANTS),
                []))
    return findings
