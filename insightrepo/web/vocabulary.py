"""The names the interface gives the app's codes (a role, a journey's kind, an experiment's status…),
in the reader's language; the codes themselves stay English in the data and the API. Templates
read them as globals: ``{{ role_names[role] }}``."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask
from markupsafe import Markup, escape

from insightrepo.i18n import lazy_gettext as _l
from insightrepo.i18n import gettext, ngettext
from insightrepo.experiments.fields import DESIGN_NAMES, METRIC_KIND_NAMES, STATUS_NAMES, VERDICT_NAMES
from insightrepo.field_labels import label
from insightrepo.journeys.fields import STEP_CELLS, STEP_LABELS
from insightrepo.journeys.map_cells import PHASE_CELLS
from insightrepo.workspaces.access import ROLE_NAMES

KIND_NAMES = {"hypothesis": _l("hypothesis"), "researched": _l("researched")}
SCOPE_NAMES = {"whole": _l("whole relationship"), "episode": _l("episode")}
MARKER_NAMES = {"heart": _l("heart"), "thundercloud": _l("thundercloud")}
DIRECTION_NAMES = {"increase": _l("increase"), "decrease": _l("decrease")}
GROUP_NAMES = {"baseline": _l("Baseline"), "follow_up": _l("Follow-up"), "control": _l("Control"),
               "variant": _l("Variant")}
METHOD_NAMES = {"interview": _l("interview"), "observation": _l("observation"), "diary": _l("diary"),
                "survey": _l("survey"), "support_log": _l("support log"), "other": _l("other")}
SENTIMENT_NAMES = {"positive": _l("positive"), "negative": _l("negative"), "neutral": _l("neutral"),
                   "mixed": _l("mixed")}
# Content languages, each in its own name (as the workspace form lists them).
LANGUAGE_NAMES = {"sv": "Svenska", "da": "Dansk", "no": "Norsk", "fi": "Suomi", "de": "Deutsch", "en": "English"}

VOCABULARY = {
    "role_names": ROLE_NAMES, "kind_names": KIND_NAMES, "scope_names": SCOPE_NAMES, "marker_names": MARKER_NAMES,
    "status_names": STATUS_NAMES, "verdict_names": VERDICT_NAMES, "metric_kind_names": METRIC_KIND_NAMES,
    "direction_names": DIRECTION_NAMES, "design_names": DESIGN_NAMES, "group_names": GROUP_NAMES,
    "method_names": METHOD_NAMES, "sentiment_names": SENTIMENT_NAMES, "language_names": LANGUAGE_NAMES,
}


def register_vocabulary(app: Flask) -> None:
    app.jinja_env.globals.update(VOCABULARY)

# What the evidence pages say about one kind of evidence, written whole for each kind: the
# languages' genders and cases do not let "this" or "new" be put before a noun from elsewhere.
EVIDENCE_WORDS = {
    "quotes": {"new": _l("New quote"), "edit": _l("Edit quote"), "this": _l("this quote"),
               "save": _l("Save quote"), "add": _l("Add quote"),
               "changed": _l("Someone changed this quote while you were editing; here is their version."),
               "personal": _l("This quote looks like it contains personal data: %(labels)s."),
               "saved": _l("Quote saved."), "delete": _l("Delete the quote")},
    "narratives": {"new": _l("New narrative"), "edit": _l("Edit narrative"), "this": _l("this narrative"),
                   "save": _l("Save narrative"), "add": _l("Add narrative"),
                   "changed": _l("Someone changed this narrative while you were editing; here is their version."),
                   "personal": _l("This narrative looks like it contains personal data: %(labels)s."),
                   "saved": _l("Narrative saved."), "delete": _l("Delete the narrative")},
    "jobs": {"new": _l("New job to be done"), "edit": _l("Edit job to be done"), "this": _l("this job to be done"),
             "save": _l("Save job to be done"), "add": _l("Add job to be done"),
             "changed": _l("Someone changed this job to be done while you were editing; here is their version."),
             "personal": _l("This job to be done looks like it contains personal data: %(labels)s."),
             "saved": _l("Job to be done saved."), "delete": _l("Delete the job to be done")},
}
VOCABULARY["evidence_words"] = EVIDENCE_WORDS
# An experiment's status moves, as its page offers them.
VOCABULARY["move_titles"] = {"running": _l("Start the experiment"), "concluded": _l("Conclude the experiment"),
                             "abandoned": _l("Abandon the experiment")}


def evidence_count(kind: str, n: int) -> str:
    """"3 quotes", "1 narrative", "2 jobs to be done" in the reader's language."""
    if kind == "quotes":
        return ngettext("%(num)d quote", "%(num)d quotes", n)
    if kind == "narratives":
        return ngettext("%(num)d narrative", "%(num)d narratives", n)
    return ngettext("%(num)d job to be done", "%(num)d jobs to be done", n)


# A journey's, phase's or step's field, as the change log and compare name it.
FIELD_NAMES = {
    **STEP_LABELS,  # a step's, from journeys.fields.STEP
    "title": _l("title"), "description": _l("description"), "scope": _l("scope"), "kind": _l("kind"),
    "persona": _l("persona"), "owner": _l("owner"), "archived": _l("archived"), "goal": _l("goal"),
    "position": _l("position"), "phase": _l("phase"), "text": _l("text"), "status": _l("status"),
    "verdict": _l("verdict"), "started_on": _l("started on"), "ended_on": _l("ended on"),
    "measurements": _l("measurements"), "people": _l("people"), "policies": _l("policies"), "systems": _l("systems"),
}
CHANGE_NAMES = {"added": _l("added"), "removed": _l("removed"), "changed": _l("changed"), "moved": _l("moved"),
                "relinked": _l("relinked"), "unchanged": _l("unchanged")}
VOCABULARY["field_names"] = FIELD_NAMES
VOCABULARY["change_names"] = CHANGE_NAMES
VOCABULARY["value_names"] = {**MARKER_NAMES, **STATUS_NAMES, **VERDICT_NAMES, **KIND_NAMES, **SCOPE_NAMES,
                             **METHOD_NAMES, **SENTIMENT_NAMES}
VOCABULARY["entity_names"] = {"journey": _l("journey"), "phase": _l("phase"), "step": _l("step"),
                              "participant": _l("participant"), "quote": _l("quote"), "narrative": _l("narrative"),
                              "job": _l("job to be done"), "experiment": _l("experiment"),
                              "measurement": _l("measurement")}
FIELD_NAMES.update({"quotes": _l("quotes"), "narratives": _l("narratives"), "jobs": _l("jobs"),
                    "experiments": _l("experiments"), "steps": _l("steps"), "phases": _l("phases"),
                    "tags": _l("tags"), "participant": _l("participant"), "situation": _l("situation"),
                    "motivation": _l("motivation"), "outcome": _l("outcome"), "body": _l("story"),
                    "collected_on": _l("said on"), "told_on": _l("told on"), "source": _l("source"),
                    "sentiment": _l("sentiment"), "language": _l("language"), "code": _l("code"),
                    "segment": _l("segment"), "method": _l("method"), "interviewed_on": _l("interviewed on"),
                    "note": _l("note"), "importance": _l("importance"), "satisfaction": _l("satisfaction"),
                    "phase_id": _l("phase"), "moment_title": _l("moment of truth"),
                    "moment_description": _l("why it is a moment of truth"),
                    "backstage_people": _l("backstage: people"), "backstage_policies": _l("backstage: policies"),
                    "backstage_systems": _l("backstage: systems"), "participant_id": _l("participant"),
                    "solution": _l("solution"), "hypothesis": _l("hypothesis"), "criterion": _l("criterion"),
                    "metric_name": _l("metric"), "metric_kind": _l("kind of metric"), "metric_unit": _l("unit"),
                    "direction": _l("direction"), "minimum_effect": _l("minimum effect"), "design": _l("design"),
                    "job_id": _l("job to be done"), "verdict_reason": _l("why this verdict"),
                    "learning_observed": _l("we observed"), "learning_learned": _l("we learned"),
                    "learning_next": _l("therefore, we will"), "group": _l("group"), "measured_on": _l("measured on"),
                    "successes": _l("successes"), "trials": _l("trials"), "n": "n", "mean": _l("mean"),
                    "sd": _l("standard deviation")})
VOCABULARY["entity_plurals"] = {"journey": _l("journeys"), "phase": _l("phases"), "step": _l("steps"),
                                "quote": _l("quotes"), "narrative": _l("narratives"), "job": _l("jobs"),
                                "experiment": _l("experiments"), "measurement": _l("measurements")}
VOCABULARY["badge_names"] = {**STATUS_NAMES, **VERDICT_NAMES}
VOCABULARY["kind_titles"] = {"quotes": _l("quotes"), "narratives": _l("narratives"), "jobs": _l("jobs")}


def job_statement(job) -> str:
    """“When ⟨situation⟩, I want to ⟨motivation⟩, so I can ⟨outcome⟩.” in the reader's language, as text."""
    return gettext("When %(situation)s, I want to %(motivation)s, so I can %(outcome)s.",
                   situation=job.situation, motivation=job.motivation, outcome=job.outcome)


_PLACEHOLDER = re.compile(r"%\((situation|motivation|outcome)\)s")
_CONNECTING = re.compile(r"(\W*)(.*?)(\W*)", re.S)  # a piece between placeholders: its words and what surrounds them
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def job_sentence(situation: str, motivation: str, outcome: str, lang: str | None = None,
                 snippet: str = "") -> Markup:
    """The job's sentence as HTML, from its parts: the connecting words in the reader's language
    (the same whole gettext sentence as ``job_statement``; its word order is the translator's), in
    ``<span class="job__part">``; the job's own words as written, in ``<span lang>`` when their
    language (``lang``) is known, with the words a search ``snippet`` marked marked again in them
    (the index holds the sentence in English, so its snippet cannot be shown as it is)."""
    sentence = gettext("When %(situation)s, I want to %(motivation)s, so I can %(outcome)s.")  # unfilled
    own = {"situation": situation or "", "motivation": motivation or "", "outcome": outcome or ""}
    marked = _marked_words(snippet)
    html = []
    for i, piece in enumerate(_PLACEHOLDER.split(sentence)):
        if i % 2:  # a placeholder's name
            words = _marked(own[piece], marked)
            html.append(Markup('<span lang="{}">{}</span>').format(lang, words) if lang else words)
        else:
            before, words, after = _CONNECTING.fullmatch(piece).groups()
            html.append(escape(before))
            if words:
                html.append(Markup('<span class="job__part">{}</span>').format(words))
            html.append(escape(after))
    return Markup("").join(html)


def _marked_words(snippet: str) -> set[str]:
    return {unescape(word) for word in _MARK.findall(str(snippet or "")) if word.strip()}


def _marked(text: str, words: set[str]) -> Markup:
    """``text`` escaped, each whole-word occurrence of ``words`` in ``<mark>``."""
    if not words:
        return escape(text)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?!\w)")
    html, cursor = [], 0
    for found in pattern.finditer(text):
        html += [escape(text[cursor:found.start()]), Markup("<mark>{}</mark>").format(found.group())]
        cursor = found.end()
    html.append(escape(text[cursor:]))
    return Markup("").join(html)


VOCABULARY["job_sentence"] = job_sentence


def cell_editor_labels() -> dict[str, str]:
    """What the map's in-place editor is called, per field it edits (static/map.js reads them)."""
    return {name: gettext("Edit: %(field)s", field=label(name)) for name in (*STEP_CELLS, *PHASE_CELLS)}


VOCABULARY["cell_editor_labels"] = cell_editor_labels
