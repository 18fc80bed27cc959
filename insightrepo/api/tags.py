from __future__ import annotations

from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.evidence import TagMergeSchema, TagPageSchema, TagRenameSchema, TagSchema
from insightrepo.api.schemas.common import ErrorSchema, page_of
from insightrepo.db import current_session
from insightrepo.evidence import tags

blp = Blueprint("api-tags", __name__, description="Tags of a workspace's evidence")


def _count(session, slug, name):
    return next(t for t in tags.list_tags(session, actor(), slug) if tags.tag_key(t.name) == tags.tag_key(name))


@blp.route("/workspaces/<slug>/tags")
@blp.response(200, TagPageSchema)
@blp.alt_response(404, schema=ErrorSchema)
def list_tags(slug):
    """Every tag with how many quotes, narratives and jobs carry it."""
    session = current_session()
    rows = tags.list_tags(session, actor(), slug)
    return page_of(rows, {"page": 1, "per_page": max(len(rows), 1)})


@blp.route("/workspaces/<slug>/tags/<path:name>", methods=["PATCH"])  # a tag may hold a “/”
@blp.arguments(TagRenameSchema)
@blp.response(200, TagSchema)
@blp.alt_response(409, schema=ErrorSchema, description="The new name is another tag: merge instead")
def rename_tag(data, slug, name):
    """Rename a tag everywhere it is used."""
    session = current_session()
    tag = tags.rename_tag(session, actor(), slug, name, data["name"])
    return _count(session, slug, tag.name)


@blp.route("/workspaces/<slug>/tags/merge", methods=["POST"])
@blp.arguments(TagMergeSchema)
@blp.response(200, TagSchema)
@blp.alt_response(404, schema=ErrorSchema, description="A tag to merge does not exist")
def merge_tags(data, slug):
    """Merge tags into one: everything tagged with any of `tags` is tagged `into` instead."""
    session = current_session()
    tag = tags.merge_tags(session, actor(), slug, data["tags"], data["into"])
    return _count(session, slug, tag.name)
