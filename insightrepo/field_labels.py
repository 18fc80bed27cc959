"""The names fields go by in messages: the one map from a field's name — as the API, the field checks
and the change log spell it — to the label the pages show for it, in the reader's language.

``field_name(name)`` is what a field check puts in its message: the name itself where English is
the contract (the JSON API, the command line, anything outside a request: ``title must be at most
200 characters``), the quoted label on a page (``”Titel” får vara högst 200 tecken``). The labels
are the words the forms already show beside the field."""

from __future__ import annotations

from babel.lists import format_list

from insightrepo.i18n import interface_locale, lazy_gettext as _l, quoted, speaks_api

LABELS = {
    # journeys, phases and steps (the API's names and the change log's columns)
    "title": _l("Title"), "description": _l("Description"), "scope": _l("Scope"), "kind": _l("Kind"),
    "persona": _l("Persona or segment"), "owner": _l("Owner"), "archived": _l("Archived"),
    "goal": _l("What the customer wants to achieve"), "action": _l("What the customer does"),
    "touchpoint": _l("Touchpoint"), "channels": _l("Channels"), "channel": _l("Channels"),
    "direct": _l("Direct interaction with us (not through a third party)"),
    "present": _l("We are present at this step"), "need": _l("Customer need"), "thoughts": _l("Thoughts and feelings"),
    "emotion": _l("Emotion"), "employee_emotion": _l("Employee experience"), "marker": _l("Marker"),
    "moment_of_truth": _l("Moment of truth"), "moment_of_truth title": _l("Moment of truth"),
    "moment_title": _l("Moment of truth"), "moment_of_truth description": _l("Why it is a moment of truth"),
    "moment_description": _l("Why it is a moment of truth"),
    "backstage": _l("Backstage"), "backstage people": _l("Backstage: people and teams"),
    "backstage_people": _l("Backstage: people and teams"),
    "backstage policies": _l("Backstage: policies and processes"),
    "backstage_policies": _l("Backstage: policies and processes"),
    "backstage systems": _l("Backstage: systems"), "backstage_systems": _l("Backstage: systems"),
    "phase_id": _l("Phase"), "position": _l("Position"),
    # evidence
    "text": _l("The customer's words"), "participant": _l("Participant"), "collected_on": _l("Said on"),
    "date": _l("Said on"), "source": _l("Source"), "language": _l("Language"), "sentiment": _l("Sentiment"),
    "tags": _l("Tags"), "step_ids": _l("Steps"), "phase_ids": _l("Phases it belongs to"), "body": _l("The story"),
    "told_on": _l("Told on"), "situation": _l("When …"), "motivation": _l("I want to …"),
    "outcome": _l("so I can …"), "importance": _l("Importance (1–5)"), "satisfaction": _l("Satisfaction today (1–5)"),
    "code": _l("Code"), "segment": _l("Segment"), "method": _l("Method"), "interviewed_on": _l("Interviewed on"),
    "note": _l("Note"), "q": _l("The search"), "sort": _l("Order"),
    # experiments and measurements
    "solution": _l("The solution: what we change"), "hypothesis": _l("Hypothesis"),
    "criterion": _l("We are right if …"), "job_id": _l("The job to be done it serves (optional)"),
    "metric": _l("Metric"), "metric name": _l("Metric"), "metric_name": _l("Metric"),
    "metric kind": _l("Kind of metric"), "metric_kind": _l("Kind of metric"),
    "metric unit": _l("Unit (for a mean)"), "metric_unit": _l("Unit (for a mean)"),
    "metric direction": _l("We want it to"), "direction": _l("We want it to"),
    "minimum_effect": _l("Minimum effect that matters"), "design": _l("Design"), "quote_ids": _l("Quotes"),
    "narrative_ids": _l("Narratives"), "learning": _l("Learning Card"), "learning observed": _l("We observed …"),
    "learning learned": _l("From that we learned …"), "learning next": _l("Therefore, we will …"),
    "verdict": _l("Our verdict"), "verdict_reason": _l("Why"), "status": _l("Status"), "on": _l("On"),
    "group": _l("Group"), "measured_on": _l("Measured on"), "successes": _l("Successes (how many had it)"),
    "trials": _l("Out of (trials)"), "n": _l("n (observations)"), "mean": _l("Mean"), "sd": _l("Standard deviation"),
    # snapshots, accounts, workspaces
    "label": _l("Label"), "as_of": _l("The map describes"), "name": _l("Name"), "slug": _l("Short name in addresses"),
    "email": _l("Email"), "into": _l("Merge into"), "sources": _l("Tags to merge"), "password": _l("Password"), "display_name": _l("Your name"), "display name": _l("Your name"), "role": _l("Role"),
}


def label(name: str) -> str:
    """The label the pages show for the field ``name``, in the reader's language (the name itself if
    it has none)."""
    found = LABELS.get(name)
    return str(found) if found is not None else name


def field_name(name: str) -> str:
    """The field as a message names it: ``name`` where English is the contract (the API, the command
    line, outside a request), else its label in quotes, in the reader's language."""
    if speaks_api() or name not in LABELS:
        return name
    return quoted(label(name))


def value_name(code: str, names: dict, api_spelling: str | None = None) -> str:
    """A code as a message names it: the code (or ``api_spelling``) where English is the contract,
    else the name pages give it (``names``, lazy strings), in the reader's language."""
    if speaks_api() or code not in names:
        return api_spelling if api_spelling is not None else code
    return str(names[code])


def either(words: list[str]) -> str:
    """``a or b`` (``a or b or c``) where English is the contract, else the reader's language's list."""
    if speaks_api():
        return " or ".join(words)
    return format_list(list(words), style="or", locale=interface_locale())
