"""SQLAlchemy models. Importing this package registers every table on Base.metadata."""

from insightrepo.models.user import ApiToken, User
from insightrepo.models.workspace import ROLES, Invitation, Membership, Workspace

__all__ = ["ApiToken", "Invitation", "Membership", "ROLES", "User", "Workspace"]
