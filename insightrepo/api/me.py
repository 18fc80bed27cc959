from __future__ import annotations

from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas import MeSchema
from insightrepo.db import transaction
from insightrepo.services.workspaces import list_workspaces

blp = Blueprint("api-me", __name__, description="The calling user")


@blp.route("/me")
@blp.response(200, MeSchema)
def get_me():
    """Who am I, and in which workspaces."""
    with transaction() as session:
        user = actor()
        rows = list_workspaces(session, user)
        return {"id": user.id, "email": user.email, "display_name": user.display_name,
                "workspaces": [{"slug": w.slug, "name": w.name, "role": role} for w, role in rows]}
