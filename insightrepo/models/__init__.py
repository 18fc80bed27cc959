"""SQLAlchemy models. Importing this package registers every table on Base.metadata."""

from insightrepo.models.evidence import Job, Narrative, Participant, Quote, Tag
from insightrepo.models.experiment import Experiment, Measurement
from insightrepo.models.journey import Journey, Phase, Step
from insightrepo.models.rate_limit import RateLimitCounter
from insightrepo.models.search import SearchDocument, SearchOutbox, SearchProgress, SearchWord
from insightrepo.models.timeline import Change, ChangeUndo, ShareLink, ShareLinkAccess, Snapshot, SnapshotObject
from insightrepo.models.user import ApiToken, SignIn, User
from insightrepo.models.workspace import ROLES, Invitation, Membership, Workspace

__all__ = [
    "ApiToken", "Experiment", "Invitation", "Job", "Journey", "Measurement", "Membership", "Narrative", "Participant", "Phase", "Quote",
    "RateLimitCounter", "ROLES", "SearchDocument", "SearchOutbox", "SearchProgress", "SearchWord", "SignIn", "Step", "Tag", "User", "Workspace", "Change", "ChangeUndo", "ShareLink", "ShareLinkAccess", "Snapshot", "SnapshotObject",
]
