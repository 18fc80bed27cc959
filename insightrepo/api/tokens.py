from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.common import (
    ErrorSchema,
    PageArgsSchema,
    TokenCreatedSchema,
    TokenCreateSchema,
    TokenPageSchema,
    page_of,
)
from insightrepo.db import current_session
from insightrepo.accounts import api_tokens

blp = Blueprint("api-tokens", __name__, description="Your personal API tokens")


def token_body(token) -> dict:
    return {f: getattr(token, f) for f in ("id", "name", "prefix", "created_at", "last_used_at", "revoked_at", "active")}


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, TokenPageSchema)
    def get(self, args):
        session = current_session()
        rows = api_tokens.list_tokens(session, actor())
        return page_of(rows, args)

    @blp.arguments(TokenCreateSchema)
    @blp.response(201, TokenCreatedSchema)
    def post(self, data):
        """Create a token; its secret is in the answer and never shown again."""
        session = current_session()
        token, secret = api_tokens.create_token(session, actor(), data["name"])
        return {**token_body(token), "token": secret}


@blp.route("/tokens/<token_id>")
class TokenItem(MethodView):
    @blp.response(204)
    @blp.alt_response(404, schema=ErrorSchema)
    def delete(self, token_id):
        """Revoke a token. It stops working at once."""
        session = current_session()
        api_tokens.revoke_token(session, actor(), token_id)
