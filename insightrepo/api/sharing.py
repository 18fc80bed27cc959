"""Undo and redo on a map, and share links to snapshots."""

from __future__ import annotations

from flask import url_for
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.common import ErrorSchema
from insightrepo.api.schemas.sharing import (
    ShareLinkCreatedSchema,
    ShareLinkCreateSchema,
    ShareLinkListSchema,
    UndoneSchema,
)
from insightrepo.db import current_session
from insightrepo.timeline import share_links, undo

blp = Blueprint("api-sharing", __name__, description="Undo and redo on a map; read-only share links to snapshots")


@blp.route("/journeys/<journey_id>/undo", methods=["POST"])
@blp.response(200, UndoneSchema)
@blp.alt_response(403, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Nothing to undo (`details.reason`: `nothing_to_undo`), "
                  "or someone changed the same thing since (`changed_since`, with who and when)")
def undo_latest(journey_id):
    """Undo the caller's latest change on this map (one action: a deleted step comes back with its id,
    its place and its links). The undo is itself logged; an undone change is not undone twice."""
    session = current_session()
    return undo.undo_latest(session, actor(), journey_id)


@blp.route("/journeys/<journey_id>/redo", methods=["POST"])
@blp.response(200, UndoneSchema, description="What was redone: the undo taken back (`group_id`, `changes`), "
              "the change made again in words (`summary`) and the steps that came back")
@blp.alt_response(403, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Nothing to redo (`details.reason`: `nothing_to_redo`: no undo, "
                  "or a change of the caller's since), or someone changed the same thing since (`changed_since`)")
def redo_latest(journey_id):
    """Redo the caller's latest undo on this map: the undone change is made again (a step whose deletion
    was undone is deleted again). Logged like any edit; undo takes a redo back. A new change ends the
    chance to redo."""
    session = current_session()
    return undo.redo_latest(session, actor(), journey_id)


@blp.route("/snapshots/<snapshot_id>/share-links", methods=["POST"])
@blp.arguments(ShareLinkCreateSchema)
@blp.response(201, ShareLinkCreatedSchema)
@blp.alt_response(403, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
def create_share_link(data, snapshot_id):
    """A read-only link to the snapshot for people without an account (admins and editors)."""
    session = current_session()
    created = share_links.create_share_link(session, actor(), snapshot_id, data.get("expires_in_days"))
    link = created.link
    url = url_for("sharing.shared_map", token=created.token, _external=True)
    return {**_fields(link), "url": url}


@blp.route("/journeys/<journey_id>/share-links")
@blp.response(200, ShareLinkListSchema)
@blp.alt_response(403, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
def list_share_links(journey_id):
    """The journey's share links, newest first, with how often each was opened (admins and editors)."""
    session = current_session()
    listed = share_links.list_share_links(session, actor(), journey_id)
    return {"items": [{**_fields(item.link), "accesses": item.accesses, "last_access": item.last_access}
                      for item in listed]}


@blp.route("/share-links/<link_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(403, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
def revoke_share_link(link_id):
    """Revoke the link: from now on it opens nothing (404)."""
    session = current_session()
    share_links.revoke_share_link(session, actor(), link_id)


def _fields(link) -> dict:
    return {"id": link.id, "snapshot_id": link.snapshot_id, "journey_id": link.journey_id,
            "created_at": link.created_at, "created_by": link.created_by.label if link.created_by else None,
            "expires_at": link.expires_at, "revoked_at": link.revoked_at, "state": share_links.state_of(link)}
