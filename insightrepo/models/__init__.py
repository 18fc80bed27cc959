"""SQLAlchemy models. Importing this package registers every table on Base.metadata."""

from insightrepo.models.journey import Journey, Phase, Step
from insightrepo.models.user import ApiToken, User
from insightrepo.models.workspace import ROLES, Invitation, Membership, Workspace

__all__ = ["ApiToken", "Invitation", "Journey", "Membership", "Phase", "ROLES", "Step", "User", "Workspace"]
