"""The authorisation matrix's table: every route of the app and each of its methods, classified once.

Key: ``"METHOD rule"`` exactly as in ``app.url_map`` (test_every_route_is_in_the_table fails, naming
it, for any route missing here). Value: who may do it and what success looks like; the answers to
everyone else follow from the policy in ``expected()`` below (docs/architecture.md, docs/decisions.md):

API (/api/v1; with a bearer token, and with the browser session plus X-CSRFToken):
  no token, or a revoked one                      → 401
  a member whose role is high enough              → ``ok``
  a member whose role is too low                  → 403
  a member of another workspace, reading or writing → 404, the same answer as for something missing
                                                    (docs/security.md §1: a write reveals no more than a read)
HTML (browser session):
  signed out                                      → 302 to /login?next=…
  a member whose role is high enough              → ``ok``
  a member whose role is too low                  → 403
  a member of another workspace                   → 404 on every page and every form, edit forms
                                                    included: each view reads the thing first, then
                                                    checks the role (docs/decisions.md)
``who``: "viewer" / "editor" / "admin" — the least role in the workspace; "user" — any signed-in
user (their own account: /me, tokens, new workspaces); "owner" — only the user it belongs to (alpha's
admin's API token, beta's invitation to alpha's admin: anyone else gets 404); "public" — no sign-in needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import Any, Callable

from tests.trust.matrix_world import IMPORT_CSV, MARKER, World

LOGIN = "login"  # the HTML answer to the signed-out: 302 to /login?next=<the page>
ROLES = ("viewer", "editor", "admin")
TODAY = date.today().isoformat()

Body = Callable[[World, dict], Any]


@dataclass(frozen=True)
class Entry:
    who: str
    ok: int
    body: Body | None = None  # JSON for the API, a form for HTML (the CSRF token is added)
    query: str = ""  # appended to the URL
    url: dict[str, str] = field(default_factory=dict)  # <variable> → a name in World.ids, when the default does not fit
    expect: dict[str, int | str] = field(default_factory=dict)  # role → answer, where the policy has an exception
    changes: bool | tuple[str, ...] = True  # whether a successful write changes what the app holds (or for whom)
    content_type: str | None = None  # for bodies that are not JSON / a form
    shows_alpha: str = ""  # why an answer to someone outside alpha may show alpha's name (no leak check)
    lands: str | None = None  # where a successful HTML answer redirects to, when that is /login
    tokens: bool = False  # an HTML route that also takes API tokens (run the API roles against it too)


def read(who: str, ok: int = 200, **kw) -> Entry:
    return Entry(who, ok, **kw)


def write(who: str, ok: int, body: Body | None = None, **kw) -> Entry:
    return Entry(who, ok, body, **kw)


# ---- bodies -------------------------------------------------------------------------------

def _experiment_json(w: World, _v: dict) -> dict:
    return {"title": "Matrix test", "step_ids": [w["step_pay"]],
            "metric": {"name": "m", "kind": "proportion", "direction": "decrease"}}


def _experiment_form(w: World, _v: dict, version: bool = False) -> dict:
    form = {"title": "Matrix test", "step_ids": [w["step_unpack"]], "metric_name": "m", "metric_kind": "proportion",
            "direction": "decrease", "design": "before_after", "minimum_effect": "0.05"}
    return {**form, "version": str(w.version("experiment"))} if version else form


EVIDENCE_JSON = {
    "quotes": lambda w: {"text": "Matrix words"},
    "narratives": lambda w: {"title": "Matrix story"},
    "jobs": lambda w: {"situation": "s", "motivation": "m", "outcome": "o"},
    "participants": lambda w: {"code": "P50"},
}
EVIDENCE_FORM = {
    "quotes": lambda w: {"text": "Matrix words", "participant": "P07", "tags": "price"},
    "narratives": lambda w: {"title": "Matrix story", "body": "Told", "tags": "price"},
    "jobs": lambda w: {"situation": "s", "motivation": "m", "outcome": "o", "tags": "price"},
}
SINGULAR = {"quotes": "quote", "narratives": "narrative", "jobs": "job"}


def _new_evidence_form(w: World, v: dict) -> dict:
    return EVIDENCE_FORM[v["kind"]](w)


def _edit_evidence_form(w: World, v: dict) -> dict:
    name = SINGULAR[v["kind"]]
    form = {**EVIDENCE_FORM[v["kind"]](w), "version": str(w.version(name)), "step_ids": [w["step"]]}
    return {**form, "personal_data": "keep"} if v["kind"] != "jobs" else form


def _upload(w: World, _v: dict) -> dict:
    return {"file": (BytesIO(IMPORT_CSV), "feedback.csv")}


API: dict[str, Entry] = {
    # ---- the caller's own account ---------------------------------------------------------
    "GET /api/v1/me": read("user"),
    "PATCH /api/v1/me": write("user", 200, lambda w, v: {"locale": "fi"}),
    "GET /api/v1/openapi.json": read("public"),
    "GET /api/v1/workspaces": read("user"),
    "POST /api/v1/workspaces": write("user", 201, lambda w, v: {"slug": "matrix-new", "name": "Matrix"}),
    "POST /api/v1/workspaces/import": write("user", 201, lambda w, v: w.backup, query="as=alpha-copy",
                                            shows_alpha="the backup is the caller's own copy: they sent it"),
    "GET /api/v1/tokens": read("user"),
    "POST /api/v1/tokens": write("user", 201, lambda w, v: {"name": "mine"}),
    "DELETE /api/v1/tokens/<token_id>": write("owner", 204),
    "GET /api/v1/me/invitations": read("user"),
    "POST /api/v1/me/invitations/<invitation_id>/accept": write("owner", 200, url={"invitation_id": "my_invitation"}),
    "POST /api/v1/me/invitations/<invitation_id>/decline": write("owner", 204, url={"invitation_id": "my_invitation"}),
    # ---- the workspace, its members -------------------------------------------------------
    "GET /api/v1/workspaces/<slug>": read("viewer"),
    "PATCH /api/v1/workspaces/<slug>": write("admin", 200, lambda w, v: {"name": "Renamed",
                                                                        "version": w.version("alpha")}),
    "GET /api/v1/workspaces/<slug>/members": read("viewer"),
    "POST /api/v1/workspaces/<slug>/members": write("admin", 201, lambda w, v: {"email": "new@example.org",
                                                                              "role": "viewer"}),
    "PATCH /api/v1/workspaces/<slug>/members/<user_id>": write("admin", 200, lambda w, v: {
        "role": "editor", "version": w.version("member_membership")}),
    "DELETE /api/v1/workspaces/<slug>/members/<user_id>": write("admin", 204),
    "GET /api/v1/workspaces/<slug>/export": read("admin"),
    "GET /api/v1/workspaces/<slug>/search": read("viewer", query=f"q={MARKER}"),
    "GET /api/v1/workspaces/<slug>/tags": read("viewer"),
    "PATCH /api/v1/workspaces/<slug>/tags/<path:name>": write("editor", 200, lambda w, v: {"name": "cost"}),
    "POST /api/v1/workspaces/<slug>/tags/merge": write("editor", 200, lambda w, v: {"tags": ["price"], "into": "cost"}),
    # ---- journeys, phases, steps ----------------------------------------------------------
    "GET /api/v1/workspaces/<slug>/journeys": read("viewer"),
    "POST /api/v1/workspaces/<slug>/journeys": write("editor", 201, lambda w, v: {"title": "Matrix journey"}),
    "POST /api/v1/workspaces/<slug>/journeys/import": write("editor", 201, lambda w, v: {
        "journey": w.journey, "as_of": "2026-01-15"}),
    "GET /api/v1/journeys/<journey_id>": read("viewer"),
    "PATCH /api/v1/journeys/<journey_id>": write("editor", 200, lambda w, v: {"title": "Renamed",
                                                                            "version": w.version("journey")}),
    "GET /api/v1/journeys/<journey_id>/health": read("viewer"),
    "GET /api/v1/journeys/<journey_id>/changes": read("viewer"),
    "GET /api/v1/journeys/<journey_id>/compare": read("viewer", query="from={snapshot}&to=live"),
    "GET /api/v1/journeys/<journey_id>/snapshots": read("viewer"),
    "POST /api/v1/journeys/<journey_id>/snapshots": write("editor", 201, lambda w, v: {"label": "Matrix"}),
    "POST /api/v1/journeys/<journey_id>/phases": write("editor", 201, lambda w, v: {"title": "Matrix phase"}),
    "PATCH /api/v1/phases/<phase_id>": write("editor", 200, lambda w, v: {"title": "Renamed",
                                                                        "version": w.version("phase")}),
    # the map's cells, edited in place (static/map.js)
    "PATCH /api/v1/phases/<phase_id>/cells/<field>": write("editor", 200, lambda w, v: {
        "value": "Renamed", "version": w.version("phase")}),
    "PATCH /api/v1/steps/<step_id>/cells/<field>": write("editor", 200, lambda w, v: {
        "value": "Renamed", "version": w.version("step")}),
    "DELETE /api/v1/phases/<phase_id>": write("editor", 204, query="cascade=true"),
    "POST /api/v1/phases/<phase_id>/steps": write("editor", 201, lambda w, v: {"title": "Matrix step"}),
    "GET /api/v1/steps/<step_id>": read("viewer"),
    "PATCH /api/v1/steps/<step_id>": write("editor", 200, lambda w, v: {"emotion": -2, "version": w.version("step")}),
    "DELETE /api/v1/steps/<step_id>": write("editor", 204),
    "GET /api/v1/steps/<step_id>/evidence": read("viewer"),
    "GET /api/v1/steps/<step_id>/experiments": read("viewer", url={"step_id": "step_unpack"}),
    "GET /api/v1/steps/<step_id>/history": read("viewer", url={"step_id": "step_chat"}),
    # ---- the timeline -----------------------------------------------------------------------
    "GET /api/v1/snapshots/<snapshot_id>": read("viewer"),
    "GET /api/v1/snapshots/<a>/compare/<b>": read("viewer"),
    "POST /api/v1/snapshots/<snapshot_id>/restore": write("editor", 200),
    # ---- undo and share links ----------------------------------------------------------------
    # the world was built by no one's request (no action to undo): allowed, and a 409 that changes nothing
    "POST /api/v1/journeys/<journey_id>/undo": write("editor", 409, changes=False),
    "POST /api/v1/journeys/<journey_id>/redo": write("editor", 409, changes=False),  # nor any undo to redo
    "POST /api/v1/snapshots/<snapshot_id>/share-links": write("editor", 201, lambda w, v: {"expires_in_days": 7}),
    "GET /api/v1/journeys/<journey_id>/share-links": read("editor"),
    "DELETE /api/v1/share-links/<link_id>": write("editor", 204),
    # ---- evidence ---------------------------------------------------------------------------
    "GET /api/v1/workspaces/<slug>/participants": read("viewer"),
    "POST /api/v1/workspaces/<slug>/participants": write("editor", 201, lambda w, v: EVIDENCE_JSON["participants"](w)),
    "GET /api/v1/participants/<participant_id>": read("viewer"),
    "PATCH /api/v1/participants/<participant_id>": write("editor", 200, lambda w, v: {
        "segment": "new", "version": w.version("participant")}),
    "DELETE /api/v1/participants/<participant_id>": write("editor", 204, query="force=true"),
    "POST /api/v1/workspaces/<slug>/quotes/import": write("editor", 201, lambda w, v: IMPORT_CSV,
                                                          content_type="text/csv"),
    **{f"GET /api/v1/workspaces/<slug>/{plural}": read("viewer", query=f"tag={MARKER}-delivery")
       for plural in ("quotes", "narratives", "jobs")},
    **{f"POST /api/v1/workspaces/<slug>/{plural}": write("editor", 201, lambda w, v, p=plural: EVIDENCE_JSON[p](w))
       for plural in ("quotes", "narratives", "jobs")},
    **{f"GET /api/v1/{plural}/<item_id>": read("viewer") for plural in ("quotes", "narratives", "jobs")},
    **{f"PATCH /api/v1/{plural}/<item_id>": write("editor", 200, lambda w, v, p=plural: {
        "tags": ["matrix"], "version": w.version(SINGULAR[p])}) for plural in ("quotes", "narratives", "jobs")},
    **{f"DELETE /api/v1/{plural}/<item_id>": write("editor", 204, query="force=true")
       for plural in ("quotes", "narratives", "jobs")},
    # ---- experiments --------------------------------------------------------------------------
    "GET /api/v1/workspaces/<slug>/experiments": read("viewer"),
    "POST /api/v1/workspaces/<slug>/experiments": write("editor", 201, _experiment_json),
    "GET /api/v1/experiments/<experiment_id>": read("viewer"),
    "PATCH /api/v1/experiments/<experiment_id>": write("editor", 200, lambda w, v: {
        "owner": "Team", "version": w.version("experiment")}),
    "DELETE /api/v1/experiments/<experiment_id>": write("editor", 204),
    "GET /api/v1/experiments/<experiment_id>/result": read("viewer", url={"experiment_id": "concluded"}),
    "POST /api/v1/experiments/<experiment_id>/status": write("editor", 200, lambda w, v: {"status": "running"}),
    "POST /api/v1/experiments/<experiment_id>/measurements": write("editor", 201, lambda w, v: {
        "group": "baseline", "successes": 1, "trials": 2, "measured_on": TODAY}),
    "GET /api/v1/measurements/<measurement_id>": read("viewer"),
    "PATCH /api/v1/measurements/<measurement_id>": write("editor", 200, lambda w, v: {
        "successes": 31, "version": w.version("measurement")}),
    "DELETE /api/v1/measurements/<measurement_id>": write("editor", 204),
}


HTML: dict[str, Entry] = {
    # ---- signing in, the account --------------------------------------------------------------
    "GET /login": read("public", expect={role: 302 for role in (*ROLES, "outsider")}),
    "POST /login": write("public", 302, lambda w, v: {"email": "viewer@example.org",
                                                      "password": "correct horse battery"}, changes=("anonymous",)),
    "POST /logout": write("user", 302, lands="/login"),  # ends the sign-in on the server
    "GET /invitations/<secret>": read("public", shows_alpha="the secret link is the invitation to alpha"),
    "POST /invitations/<secret>": write("public", 302, lambda w, v: {"password": "a long new password",
                                                                     "display_name": "New"}),
    "GET /static/<path:filename>": read("public"),
    "GET /": read("user", 302),
    "GET /search": read("user", 302, query=f"q={MARKER}"),
    "GET /tokens/": read("user"),
    "GET /profile/": read("user"),
    "POST /profile/": write("user", 302, lambda w, v: {"locale": "fi"}),
    "POST /tokens/": write("user", 201, lambda w, v: {"name": "mine"}),
    "GET /tokens/<token_id>/revoke": read("owner"),
    "POST /tokens/<token_id>/revoke": write("owner", 302, lambda w, v: {"confirmed": "yes"}),
    "GET /invitations/": read("user"),
    "POST /invitations/<invitation_id>/accept": write("owner", 302, url={"invitation_id": "my_invitation"}),
    "POST /invitations/<invitation_id>/decline": write("owner", 302, url={"invitation_id": "my_invitation"}),
    "GET /workspaces/new": read("user"),
    "POST /workspaces/new": write("user", 302, lambda w, v: {"name": "Matrix", "slug": "matrix-new",
                                                             "language": "en"}),
    # ---- the workspace, members, tags, search -----------------------------------------------------
    "GET /w/<slug>/": read("viewer"),
    "GET /w/<slug>/members/": read("viewer"),
    "POST /w/<slug>/members/": write("admin", 201, lambda w, v: {"email": "new@example.org", "role": "viewer"}),
    "POST /w/<slug>/members/<user_id>/role": write("admin", 302, lambda w, v: {
        "role": "editor", "version": str(w.version("member_membership"))}),
    "GET /w/<slug>/members/<user_id>/remove": read("admin"),
    "POST /w/<slug>/members/<user_id>/remove": write("admin", 302, lambda w, v: {"confirmed": "yes"}),
    "GET /w/<slug>/members/invitations/<invitation_id>/revoke": read("admin"),
    "POST /w/<slug>/members/invitations/<invitation_id>/revoke": write("admin", 302,
                                                                      lambda w, v: {"confirmed": "yes"}),
    "GET /w/<slug>/search": read("viewer", query=f"q={MARKER}"),
    "GET /w/<slug>/tags": read("viewer"),
    "POST /w/<slug>/tags/rename": write("editor", 302, lambda w, v: {"old": "price", "name": "cost"}),
    "POST /w/<slug>/tags/merge": write("editor", 302, lambda w, v: {"sources": ["price"], "into": "cost"}),
    # ---- journeys and the map editor -----------------------------------------------------------
    "GET /w/<slug>/journeys": read("viewer"),
    "GET /w/<slug>/journeys/new": read("editor"),
    "POST /w/<slug>/journeys/new": write("editor", 302, lambda w, v: {"title": "Matrix journey", "scope": "whole",
                                                                      "kind": "hypothesis"}),
    "GET /journeys/<journey_id>": read("viewer"),
    "GET /journeys/<journey_id>/curve.svg": read("viewer", tokens=True, expect={"anonymous": 401}),
    "GET /journeys/<journey_id>/curve.png": read("viewer", tokens=True, expect={"anonymous": 401}),
    "GET /journeys/<journey_id>/export.png": read("viewer", tokens=True, expect={"anonymous": 401}),
    "GET /journeys/<journey_id>/export.pdf": read("viewer", tokens=True, expect={"anonymous": 401},
                                                  query="paper=a3&snapshot={snapshot}"),
    "GET /journeys/<journey_id>/present": read("viewer", query="phase=1"),
    # the reader's own view of maps (edit mode, zoom, lanes): a viewer may zoom; edit mode shows them nothing
    "POST /journeys/<journey_id>/view": write("viewer", 302, lambda w, v: {"zoom": "compact", "lanes": ["action"]}),
    "GET /journeys/<journey_id>/edit": read("editor"),
    "POST /journeys/<journey_id>/edit": write("editor", 302, lambda w, v: {
        "title": "Renamed", "scope": "whole", "kind": "researched", "version": str(w.version("journey"))}),
    "POST /journeys/<journey_id>/phases": write("editor", 302, lambda w, v: {"title": "Matrix phase"}),
    "GET /phases/<phase_id>/edit": read("editor"),
    "POST /phases/<phase_id>/edit": write("editor", 302, lambda w, v: {"title": "Renamed",
                                                                       "version": str(w.version("phase"))}),
    "POST /phases/<phase_id>/move": write("editor", 302, lambda w, v: {"direction": "later",
                                                                       "version": str(w.version("phase"))}),
    "POST /phases/<phase_id>/delete": write("editor", 302, lambda w, v: {"cascade": "y", "confirmed": "yes"}),
    "GET /phases/<phase_id>/steps/new": read("editor"),
    "POST /phases/<phase_id>/steps/new": write("editor", 302, lambda w, v: {
        "title": "Matrix step", "phase_id": w["phase"], "emotion": "", "marker": "", "employee_emotion": ""}),
    "GET /steps/<step_id>/edit": read("editor"),
    "POST /steps/<step_id>/edit": write("editor", 302, lambda w, v: {
        "title": "Renamed", "phase_id": w["phase"], "direct": "y", "present": "y", "emotion": "2", "marker": "",
        "employee_emotion": "", "version": str(w.version("step"))}),
    "POST /steps/<step_id>/score": write("editor", 302, lambda w, v: {"emotion": "-2", "marker": "thundercloud",
                                                                      "version": str(w.version("step"))}),
    "POST /steps/<step_id>/move": write("editor", 302, lambda w, v: {"direction": "later",
                                                                     "version": str(w.version("step"))}),
    "GET /steps/<step_id>/delete": read("editor"),
    "POST /steps/<step_id>/delete": write("editor", 302, lambda w, v: {"confirmed": "yes"}),
    # ---- the timeline -------------------------------------------------------------------------------
    "GET /journeys/<journey_id>/timeline": read("viewer"),
    "POST /journeys/<journey_id>/timeline": write("editor", 302, lambda w, v: {"label": "Matrix", "as_of": TODAY}),
    "GET /journeys/<journey_id>/compare": read("viewer", query="from={snapshot}&to={snapshot2}"),
    "GET /journeys/<journey_id>/history": read("viewer"),
    "GET /steps/<step_id>/history": read("viewer", url={"step_id": "step_chat"}),
    "GET /snapshots/<snapshot_id>": read("viewer"),
    "POST /snapshots/<snapshot_id>/restore": write("editor", 302),
    # ---- undo and share links ------------------------------------------------------------------
    "POST /journeys/<journey_id>/undo": write("editor", 302, changes=False),  # nothing to undo: back to the map
    "POST /journeys/<journey_id>/redo": write("editor", 302, changes=False),  # nothing to redo: back to the map
    "GET /journeys/<journey_id>/share-links": read("editor"),
    "POST /journeys/<journey_id>/share-links": write("editor", 200, lambda w, v: {"snapshot_id": w["snapshot"],
                                                                                 "expires_in_days": "7"}),
    "POST /share-links/<link_id>/revoke": write("editor", 302),
    "GET /shared/<token>": read("public", shows_alpha="a share link shows alpha's snapshot to whoever holds it"),
    "GET /shared/<token>/<path:rest>": read("public", 404),  # nothing lies under a shared page
    # ---- evidence -----------------------------------------------------------------------------------
    "GET /w/<slug>/participants": read("viewer"),
    "GET /w/<slug>/participants/new": read("editor"),
    "POST /w/<slug>/participants/new": write("editor", 302, lambda w, v: {"code": "P50", "method": "interview"}),
    "GET /participants/<participant_id>": read("viewer"),
    "GET /participants/<participant_id>/edit": read("editor"),
    "POST /participants/<participant_id>/edit": write("editor", 302, lambda w, v: {
        "code": "P07", "method": "survey", "version": str(w.version("participant"))}),
    "GET /participants/<participant_id>/delete": read("editor"),
    "POST /participants/<participant_id>/delete": write("editor", 302, lambda w, v: {"force": "yes",
                                                                                         "confirmed": "yes"}),
    "GET /w/<slug>/<any(quotes, narratives, jobs):kind>": read("viewer"),
    "GET /w/<slug>/<any(quotes, narratives, jobs):kind>/new": read("editor"),
    "POST /w/<slug>/<any(quotes, narratives, jobs):kind>/new": write("editor", 302, _new_evidence_form),
    "GET /<any(quotes, narratives, jobs):kind>/<item_id>": read("viewer"),
    "GET /<any(quotes, narratives, jobs):kind>/<item_id>/edit": read("editor"),
    "POST /<any(quotes, narratives, jobs):kind>/<item_id>/edit": write("editor", 302, _edit_evidence_form),
    "GET /<any(quotes, narratives, jobs):kind>/<item_id>/delete": read("editor"),
    "POST /<any(quotes, narratives, jobs):kind>/<item_id>/delete": write("editor", 302, lambda w, v: {
        "force": "yes", "confirmed": "yes"}),
    "POST /<any(quotes, narratives, jobs):kind>/<item_id>/link-to-step": write("editor", 302, lambda w, v: {
        "step_id": w["step_pay"]}),
    "POST /<any(quotes, narratives):kind>/<item_id>/mask": write("editor", 302, lambda w, v: {
        "version": str(w.version(SINGULAR[v["kind"]]))}),
    "GET /w/<slug>/quotes/import": read("editor"),
    "POST /w/<slug>/quotes/import": write("editor", 302, _upload),
    "GET /w/<slug>/quotes/import/<upload_id>": read("editor"),
    "POST /w/<slug>/quotes/import/<upload_id>": write("editor", 200, lambda w, v: {
        "text": "text", "participant": "participant", "check": "Check without importing"}, changes=False),
    "GET /steps/<step_id>/evidence": read("viewer"),
    "GET /steps/<step_id>/evidence/link": read("editor"),
    "POST /steps/<step_id>/evidence/link": write("editor", 302, lambda w, v: {"item_ids": [w["spare_quote"]]}),
    "POST /steps/<step_id>/evidence/unlink": write("editor", 302, lambda w, v: {"kind": "quotes",
                                                                                "item_id": w["quote"]}),
    # ---- experiments ---------------------------------------------------------------------------------
    "GET /w/<slug>/experiments": read("viewer"),
    "GET /w/<slug>/experiments/new": read("editor"),
    "POST /w/<slug>/experiments/new": write("editor", 302, _experiment_form),
    "GET /experiments/<experiment_id>": read("viewer", url={"experiment_id": "concluded"}),  # with its result chart
    "GET /experiments/<experiment_id>/edit": read("editor"),
    "POST /experiments/<experiment_id>/edit": write("editor", 302, lambda w, v: _experiment_form(w, v, version=True)),
    "GET /experiments/<experiment_id>/delete": read("editor"),
    "POST /experiments/<experiment_id>/delete": write("editor", 302, lambda w, v: {"confirmed": "yes"}),
    "POST /experiments/<experiment_id>": write("editor", 302, lambda w, v: {  # the page's status and verdict forms
        "form": "status", "status": "running", "version": str(w.version("experiment"))}),
    "POST /experiments/<experiment_id>/status": write("editor", 302, lambda w, v: {
        "status": "running", "version": str(w.version("experiment"))}),
    "POST /experiments/<experiment_id>/measurements": write("editor", 302, lambda w, v: {
        "group": "baseline", "successes": "1", "trials": "2", "measured_on": TODAY}),
    "POST /experiments/<experiment_id>/learning": write("editor", 302, lambda w, v: {
        "observed": "Matrix", "version": str(w.version("experiment"))}),
    "POST /experiments/<experiment_id>/verdict": write("editor", 302, lambda w, v: {
        "verdict": "inconclusive", "verdict_reason": "Matrix", "version": str(w.version("concluded"))},
        url={"experiment_id": "concluded"}),
    "POST /experiments/<experiment_id>/evidence": write("editor", 302, lambda w, v: {
        "quote_ids": [w["quote"]], "version": str(w.version("experiment"))}),
    "POST /measurements/<measurement_id>/delete": write("editor", 302, lambda w, v: {"confirmed": "yes"}),
}

TABLE: dict[str, Entry] = {**API, **HTML}


# ---- the policy ---------------------------------------------------------------------------------

def is_read(method: str) -> bool:
    return method == "GET"


def expected(entry: Entry, method: str, api: bool, role: str) -> int | str:
    """What ``role`` gets: anonymous, revoked (a revoked API token), viewer, editor, admin (of
    alpha, whose things the URL names) or outsider (admin of beta)."""
    if role in entry.expect:
        return entry.expect[role]
    if entry.who == "public":
        return entry.ok
    if role in ("anonymous", "revoked"):
        return 401 if api else LOGIN
    if entry.who == "user":
        return entry.ok
    if entry.who == "owner":
        return entry.ok if role == "admin" else 404
    if role == "outsider":
        return 404
    return entry.ok if ROLES.index(role) >= ROLES.index(entry.who) else 403
